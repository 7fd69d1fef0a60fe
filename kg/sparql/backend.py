"""What every SPARQL backend of kg is: something that answers a read-only query with rdflib
terms, and, for the ones that keep graphs (the embedded store and a server), something a
graph file can be loaded into.

The file (``kg.sparql.file``), the embedded store (``kg.sparql.store``) and a server
(``kg.sparql.server``) give the same rows for the same query, so the canned queries, the
read-only check and the result formats are written once, against this interface.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.vocab import KG, RES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Bindings = Mapping[str, Literal]
"""Query parameters: variable name -> value."""

StoreGraphs = Mapping[str, bytes]
"""A graph split into the graphs a store keeps (one per document, and the entity graph),
as N-Triples by graph name."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]

    def records(self, short: bool = True) -> list[dict[str, object]]:
        """One dict per row, for ``pandas.DataFrame(result.records())``: literals as
        Python values (str, int, Decimal, date), IRIs as text (kg's as kgr:/kg: names when
        ``short``), unbound values as None."""

        def value(term: Node | None) -> object:
            if term is None:
                return None
            if isinstance(term, Literal):
                return term.toPython()
            return short_name(term) if short else str(term)

        return [
            {var: value(term) for var, term in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a load did to a store or a server."""

    target: str
    graphs: int
    """kg graphs written (documents and the entity graph)."""
    removed: int
    """kg graphs that were in the store but not in the loaded graph, now dropped."""
    quads_before: int
    quads_after: int
    full: bool = True
    """Every graph was replaced (else only the new and changed ones, see kg.sparql.sync)."""
    reason: str = ""
    """Why a store kg keeps in step was replaced whole, if it was."""
    unchanged: int = 0
    """kg graphs left as they were."""


class Backend(Protocol):
    """Something that answers SPARQL SELECT and ASK queries with rdflib terms, the
    variables in ``bindings`` taking the given values."""

    def select(self, text: str, bindings: Bindings) -> QueryResult: ...


class TripleStore(Backend, Protocol):
    """A backend that keeps graphs: the embedded store or a server.

    A load makes the kg graphs it holds those of ``source``: a graph file (any format kg
    writes) or graphs already split. It writes only what changed when the store holds
    kg's record of its contents (kg.sparql.sync), and everything when it does not or
    ``full`` asks."""

    def load(self, source: Path | StoreGraphs, *, full: bool = False) -> LoadReport: ...


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def with_values(text: str, bindings: Bindings) -> str:
    """The query text with a VALUES block of the bound parameters opening its first
    WHERE clause: how parameters reach Oxigraph and remote servers. A query that uses
    its parameters in a sub-select writes its outer clause without the WHERE keyword,
    so the block opens the sub-select's (a sub-select does not see the outer VALUES)."""
    if not bindings:
        return text
    match = next((m for m in _WHERE.finditer(text) if not _in_comment(text, m.start())), None)
    if match is None:
        raise QueryError("cannot bind parameters to a query without 'WHERE {'")
    names = sorted(bindings)
    variables = " ".join(f"?{name}" for name in names)
    terms = " ".join(sparql_literal(str(bindings[name])) for name in names)
    block = f"\n  VALUES ({variables}) {{ ({terms}) }}"
    return text[: match.end()] + block + text[match.end() :]


def _in_comment(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    return "#" in text[line_start:position]


def sparql_literal(value: str) -> str:
    """A SPARQL string literal for any text: quotes, backslashes and line breaks escaped."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


_SHORT_PREFIXES = ((str(RES), "kgr:"), (str(KG), "kg:"))


def short_name(term: Node | None) -> str:
    """A term as text, with IRIs of kg's own namespaces as prefixed names, for reading on
    a terminal or in a table."""
    text = "" if term is None else str(term)
    if isinstance(term, URIRef):
        for namespace, prefix in _SHORT_PREFIXES:
            if text.startswith(namespace):
                return prefix + text[len(namespace) :]
    return text
