"""The embedded triple store: a pyoxigraph Store (RocksDB on disk).

A graph is loaded as one named graph per document plus the entity graph, and a load
replaces every kg graph in the store in a single transaction (one SPARQL Update that drops
the old graphs and inserts the new ones), so a reload never piles data up and a load that
fails leaves the store as it was. Graphs that are not kg's are left alone, and queries see
only kg's graphs.

The store is for one process at a time: RocksDB locks it, and a second process gets a
"store is in use" error. Use a SPARQL server when several processes need the data.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import GraphError, StoreError
from kg.graph.iris import ENTITY_GRAPH, graph_names, is_kg_graph
from kg.graph.untrusted import read_untrusted
from kg.sparql.backend import (
    XSD_STRING,
    Bindings,
    LoadReport,
    QueryResult,
    StoreGraphs,
    with_values,
)

DEFAULT_STORE = Path("out/store")


_OX_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".n3": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}


def read_for_store(path: Path) -> dict[str, bytes]:
    """A graph file split into the graphs a store keeps, as N-Triples per graph name, read
    by pyoxigraph (ten times faster than rdflib). The split follows kg.graph.rdf.partition: a
    triple about a document, its strings or an evidence record read from it goes to that
    document's graph, the rest to the entity graph; the file's own graph names do not
    matter, so every format loads the same."""
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file (build one with: kg build -o {path})")
    fmt = _OX_FORMATS.get(path.suffix.lower(), ox.RdfFormat.TURTLE)
    data = read_untrusted(path)  # refuses what would make the parser fetch or exhaust
    try:
        triples = {quad.triple for quad in ox.parse(data, format=fmt)}
    except (SyntaxError, ValueError, OSError) as exc:
        message = " ".join(str(exc).split())
        raise GraphError(f"{path}: cannot parse as {fmt.name} ({message})") from None
    ordered = list(triples)
    graphs: dict[str, list[ox.Triple]] = {}
    for t, name in zip(ordered, graph_names(ordered, _iri), strict=True):
        graphs.setdefault(name or str(ENTITY_GRAPH), []).append(t)
    return {
        name: ox.serialize(sorted(graphs[name], key=str), format=ox.RdfFormat.N_TRIPLES) or b""
        for name in sorted(graphs)
    }


def _iri(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


class EmbeddedStore:
    """The store at a folder, open for this process alone until :meth:`close` (or the
    end of a ``with`` block) releases it."""

    def __init__(self, path: Path, create: bool = True) -> None:
        self.path = path
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: not a store folder (it is a file)")
        if not create and not path.exists():
            raise StoreError(f"{path}: no such store (make one with: kg load GRAPH --store {path})")
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._store: ox.Store | None = ox.Store(str(path))
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreError(
                    f"{path}: store is in use by another process; wait for it to finish "
                    "(or use a SPARQL server for shared access)"
                ) from None
            raise StoreError(f"{path}: cannot open the store ({message})") from None

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store (pyoxigraph unlocks it when its last reference goes)."""
        self._store = None

    @property
    def oxigraph(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"{self.path}: the store is closed")
        return self._store

    def graphs(self) -> list[ox.NamedNode]:
        """kg's graphs in the store, in IRI order."""
        names = [g for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode)]
        return sorted((g for g in names if is_kg_graph(g.value)), key=lambda g: g.value)

    def quads(self) -> int:
        return len(self.oxigraph)

    def load(self, source: Path | StoreGraphs) -> LoadReport:
        """Replace every kg graph in the store by those of ``source`` (a graph file, read
        whole before the store changes, or the graphs :func:`read_for_store` gives), in
        one transaction."""
        graphs = read_for_store(source) if isinstance(source, Path) else source
        store = self.oxigraph
        before = len(store)
        old = {g.value for g in self.graphs()}
        new = set(graphs)
        parts = [f"DROP SILENT GRAPH <{name}> ;" for name in sorted(old | new)]
        parts.append("INSERT DATA {")
        for name, data in graphs.items():
            parts.append(f"GRAPH <{name}> {{")
            parts.append(data.decode("utf-8"))
            parts.append("}")
        parts.append("}")
        try:
            store.update("\n".join(parts))
            store.flush()
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path}: load failed, the store is unchanged ({exc})") from None
        return LoadReport(str(self.path), len(graphs), len(old - new), before, len(store))

    def select(self, text: str, bindings: Bindings) -> QueryResult:
        """A query over the union of kg's graphs (as on the file)."""
        graphs, only_kg = self._kg_graphs()
        if not graphs:
            raise StoreError(f"{self.path}: the store holds no kg graph; load one with kg load")
        # Oxigraph's own substitutions need the variable in the projection: a VALUES block
        text = with_values(text, bindings)
        if only_kg:
            # the same union, but read as one graph: a list of graphs is searched graph by
            # graph, 40 times slower with 300 documents and worse with more
            result = self.oxigraph.query(text, use_default_graph_as_union=True)
        else:
            in_order = sorted(graphs, key=lambda g: g.value)
            result = self.oxigraph.query(text, default_graph=in_order)  # type: ignore[arg-type]
        if isinstance(result, bool):
            return QueryResult(("ask",), ((Literal(result),),))
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError(f"{self.path}: kg query answers SELECT and ASK queries only")
        variables = tuple(v.value for v in result.variables)
        return QueryResult(variables, solution_rows(result))

    def _kg_graphs(self) -> tuple[list[ox.NamedNode], bool]:
        """kg's graphs, and whether the store holds nothing but them (an empty default
        graph and no named graph of anyone else's): one pass over the graph names, which
        a store of 10,000 documents has 10,001 of."""
        store = self.oxigraph
        names = list(store.named_graphs())
        graphs = [g for g in names if isinstance(g, ox.NamedNode) and is_kg_graph(g.value)]
        default = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
        return graphs, default is None and len(graphs) == len(names)


def solution_rows(solutions: ox.QuerySolutions) -> tuple[tuple[Node | None, ...], ...]:
    """The rows of a SELECT answer as rdflib terms. Each distinct term is converted once
    per answer (rdflib takes 5 µs to make a string literal and 15 µs a typed one, and a
    long answer repeats many terms: classes, property names, counts)."""
    converted: dict[object, Node | None] = {None: None}
    rows = []
    for solution in solutions:
        row = []
        for term in solution:  # the values in the order of the variables, None if unbound
            try:
                node = converted[term]
            except KeyError:
                node = converted[term] = from_oxigraph(term)
            row.append(node)
        rows.append(tuple(row))
    return tuple(rows)


def from_oxigraph(term: object) -> Node | None:
    """An Oxigraph term as the rdflib term the file engine would give."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        # a plain or language-tagged string has nothing to normalize (and skipping it
        # halves the 5 µs rdflib takes to make one: a long answer has thousands)
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError(f"unexpected term in a query answer: {term!r}")
