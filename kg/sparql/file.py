"""A graph file as a SPARQL backend: the file read whole into memory and queried by rdflib
(every named graph of the file is one graph, as on a store)."""

from __future__ import annotations

from pathlib import Path

import rdflib.plugins.sparql
from rdflib import Graph, Literal

from kg.graph.rdf import read_graph
from kg.sparql.backend import Bindings, QueryResult

# FROM and FROM NAMED name graphs of the dataset; rdflib must never fetch them from disk or web
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


class FileBackend:
    """A graph in memory, queried by rdflib."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    @classmethod
    def read(cls, path: Path) -> FileBackend:
        """The graph file at ``path``, in any format kg writes."""
        return cls(read_graph(path))

    def select(self, text: str, bindings: Bindings) -> QueryResult:
        # initBindings: many times faster in rdflib than the same values in a VALUES block
        result = self.graph.query(text, initBindings=dict(bindings))
        if result.type == "ASK":
            return QueryResult(("ask",), ((Literal(bool(result.askAnswer)),),))
        variables = tuple(str(v) for v in (result.vars or ()))
        rows = tuple(tuple(row) for row in result)  # type: ignore[arg-type]
        return QueryResult(variables, rows)
