"""Read what kg wrote with both parsers users load it with: rdflib and pyoxigraph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph.rdf import read_graph

OXIGRAPH_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}


def _from_oxigraph(term: object) -> Node:
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    assert isinstance(term, pyoxigraph.Literal), f"unexpected term {term!r}"
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):  # RDF 1.1: a simple literal is an xsd:string
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def oxigraph_graph(path: Path, fmt: str) -> tuple[Graph, set[str]]:
    """The triples pyoxigraph reads from a file, and the names of its graphs."""
    graph, names = Graph(), set()
    for quad in pyoxigraph.parse(path=str(path), format=OXIGRAPH_FORMATS[fmt]):
        graph.add(tuple(_from_oxigraph(t) for t in quad.triple))  # type: ignore[arg-type]
        if isinstance(quad.graph_name, pyoxigraph.NamedNode):
            names.add(quad.graph_name.value)
    return graph, names


def read_by_both(path: Path, fmt: str) -> Graph:
    """The file's triples, after checking that rdflib and pyoxigraph read the same ones."""
    by_rdflib = read_graph(path)
    by_oxigraph, _ = oxigraph_graph(path, fmt)
    assert set(by_rdflib) == set(by_oxigraph), f"{path}: the two parsers disagree"
    return by_rdflib
