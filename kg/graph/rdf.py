"""rdflib graphs and datasets: reading graph files, splitting triples into kg's named graphs,
and the class hierarchy every node carries.

A file's default graph holds what the corpus says as a whole (the class hierarchy,
entities, facts, events and the build); each document's named graph holds its NIF
context, sentences, mentions and evidence records (kg.graph.iris.graph_names says which
triple goes where). Statements are made as text by kg.graph.triples; rdflib is for graphs
read back (tests, notebooks, ``kg query --graph``, ``kg validate``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from rdflib import DCTERMS, PROV, RDF, RDFS, SDO, SKOS, Dataset, Graph, URIRef
from rdflib.term import Node
from rdflib.util import guess_format

from kg.errors import GraphError
from kg.graph.iris import graph_names
from kg.graph.untrusted import read_untrusted
from kg.vocab import ITSRDF, KG, NIF, RES, ClassName, ancestors, class_named, kg_term

# ---------------------------------------------------------------------------- classes


@cache
def superclasses() -> dict[URIRef, tuple[URIRef, ...]]:
    """Each kg class with itself and its kg superclasses (kg.vocab.ancestors, read from the
    ontology file), in IRI order."""
    return {
        kg_term(cls): tuple(sorted(kg_term(c) for c in chain)) for cls, chain in ancestors().items()
    }


def types_of(cls: ClassName) -> tuple[URIRef, ...]:
    """The class and every kg superclass, so plain SPARQL finds a SpaceStation as a Spacecraft."""
    term = kg_term(cls)
    return superclasses().get(term, (term,))


# ---------------------------------------------------------------------------- graphs


def partition(triples: Iterable[tuple[Node, Node, Node]]) -> Dataset:
    """Put each triple in the graph :func:`graph_names` gives it."""
    triples = list(triples)
    dataset = new_dataset()
    graphs: dict[str | None, Graph] = {None: dataset.default_graph}
    for triple, name in zip(triples, graph_names(triples, _iri), strict=True):
        target = graphs.get(name)
        if target is None:  # a document's graph (the default graph is there already)
            target = graphs[name] = dataset.graph(URIRef(str(name)))
        target.add(triple)
    return dataset


def _iri(term: Node) -> str | None:
    return str(term) if isinstance(term, URIRef) else None


def new_dataset() -> Dataset:
    dataset = Dataset()
    for prefix, namespace in _PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


_PREFIXES = {
    "kg": KG._NS,
    "kgr": RES,
    "skos": SKOS,
    "nif": NIF,
    "itsrdf": ITSRDF,
    "prov": PROV,
    "dcterms": DCTERMS,
    "schema": SDO,
}


# ---------------------------------------------------------------------------- reading


def most_specific_class(graph: Graph, node: Node) -> ClassName | None:
    """A node's narrowest kg class (by the graph's rdfs:subClassOf), kg:Agent aside; None
    for a node with no class of the ontology."""
    classes = {
        c for c in graph.objects(node, RDF.type) if str(c).startswith(str(KG)) and c != KG.Agent
    }
    supers = {s for c in classes for s in graph.objects(c, RDFS.subClassOf)}
    narrowest = sorted(str(c) for c in classes - supers)
    return class_named(narrowest[0].rsplit("#", 1)[-1]) if narrowest else None


def new_graph() -> Graph:
    """An empty graph with kg's prefixes bound."""
    graph = Graph()
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def union_graph(dataset: Dataset) -> Graph:
    """Every triple of every graph of the dataset, as one graph."""
    graph = new_graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def read_dataset(path: Path) -> Dataset:
    """Parse a graph file in any format kg writes (chosen by its suffix)."""
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file (build one with: kg build -o {path})")
    rdf_format = guess_format(str(path)) or "turtle"
    data = read_untrusted(path)  # refuses what would make the parser fetch or exhaust
    dataset = new_dataset()
    try:
        dataset.parse(data=data, format=rdf_format, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many unrelated types for bad input
        raise GraphError(
            f"{path}: cannot parse as {rdf_format} ({type(exc).__name__}: {exc})"
        ) from exc
    return dataset


def read_graph(path: Path) -> Graph:
    """A graph file's triples, every named graph included, as one graph."""
    return union_graph(read_dataset(path))
