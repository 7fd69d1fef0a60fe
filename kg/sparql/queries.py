"""Canned SPARQL queries: one ``.rq`` file each, described by its header comment.

    # title: Crew of each spacecraft
    # description: Who flies in which spacecraft.
    # param: craft (optional): keep only this spacecraft

A query runs on an :class:`Engine`: a graph file (rdflib), the embedded store or a
remote SPARQL endpoint, with the same rows from each. Only read-only queries run: an
update is refused before it runs, and so is SERVICE unless allowed. Parameters are bound
as RDF literals, never pasted into the query text as such: rdflib's ``initBindings`` on
a file, and on a store or a server a ``VALUES`` block of escaped literals opening the
WHERE clause, so a value can never change what the query does.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pyoxigraph as ox
import rdflib.plugins.sparql
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError, QueryError, QueryTimeout
from kg.paths import QUERIES_DIR
from kg.vocab import KG, RES

_HEADER = re.compile(r"#\s*(title|description|param)\s*:\s*(.*)")
_PARAM = re.compile(r"(\w+)\s*(\(optional\))?\s*:\s*(.*)")

FORMATS = ("table", "csv", "json")

# FROM and FROM NAMED name graphs of the dataset; rdflib must never fetch them from disk or web
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    description: str
    required: bool


@dataclass(frozen=True, slots=True)
class CannedQuery:
    name: str
    path: Path
    title: str
    description: str
    params: tuple[Param, ...]
    text: str


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
            return _short(term) if short else str(term)

        return [
            {var: value(term) for var, term in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]


def parse_query_file(path: Path) -> CannedQuery:
    """Read a ``.rq`` file and its header; a file without a title is malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read query file ({exc})") from exc
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        match = _HEADER.fullmatch(stripped)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            pm = _PARAM.fullmatch(value.strip())
            if not pm:
                raise QueryError(
                    f"{path}: malformed '# param:' line: {stripped!r} "
                    "(want '# param: name [(optional)]: description')"
                )
            params.append(Param(pm.group(1), pm.group(3).strip(), required=pm.group(2) is None))
        else:
            fields[key] = value.strip()
    if "title" not in fields:
        raise QueryError(f"{path}: query file has no '# title:' header line")
    return CannedQuery(
        name=path.stem,
        path=path,
        title=fields["title"],
        description=fields.get("description", ""),
        params=tuple(params),
        text=text,
    )


def list_queries(folder: Path = QUERIES_DIR) -> list[CannedQuery]:
    return [parse_query_file(p) for p in sorted(folder.glob("*.rq"))]


def find_query(name_or_path: str, folder: Path = QUERIES_DIR) -> CannedQuery:
    """A canned query by name, or any ``.rq`` file by path."""
    if name_or_path.endswith(".rq"):
        path = Path(name_or_path)
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return parse_query_file(path)
    path = folder / f"{name_or_path}.rq"
    if not path.is_file():
        available = ", ".join(q.name for q in list_queries(folder))
        raise QueryError(f"unknown query {name_or_path!r}; available: {available}")
    return parse_query_file(path)


def bind_params(query: CannedQuery, values: Mapping[str, str]) -> dict[str, Literal]:
    """Check parameter names and turn values into RDF literals."""
    known = {p.name for p in query.params}
    unknown = sorted(set(values) - known)
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise QueryError(
            f"query {query.name!r} has no parameter {unknown[0]!r}; its parameters: {listed}"
        )
    missing = [p.name for p in query.params if p.required and p.name not in values]
    if missing:
        raise QueryError(f"query {query.name!r} needs --param {missing[0]}=VALUE")
    return {name: Literal(value) for name, value in values.items()}


Bindings = Mapping[str, Literal]
"""Query parameters: variable name -> value."""


class Engine(Protocol):
    """Something that answers SPARQL SELECT and ASK queries with rdflib terms, the
    variables in ``bindings`` taking the given values."""

    def select(self, text: str, bindings: Bindings) -> QueryResult: ...


class GraphEngine:
    """A graph in memory, queried by rdflib (every named graph of a file is one graph)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def select(self, text: str, bindings: Bindings) -> QueryResult:
        # initBindings: many times faster in rdflib than the same values in a VALUES block
        result = self.graph.query(text, initBindings=dict(bindings))
        if result.type == "ASK":
            return QueryResult(("ask",), ((Literal(bool(result.askAnswer)),),))
        variables = tuple(str(v) for v in (result.vars or ()))
        rows = tuple(tuple(row) for row in result)  # type: ignore[arg-type]
        return QueryResult(variables, rows)


def run_query(
    query: CannedQuery,
    engine: Engine | Graph,
    values: Mapping[str, str] | None = None,
    *,
    timeout: float | None = None,
    allow_service: bool = False,
) -> QueryResult:
    """Check that the query only reads, bind its parameters and run it on ``engine``.

    :raises QueryError: an update, a SERVICE call not allowed, bad parameters, or a failure.
    :raises QueryTimeout: no answer within ``timeout`` seconds.
    """
    check_read_only(query, allow_service)
    bindings = bind_params(query, values or {})
    if isinstance(engine, Graph):
        engine = GraphEngine(engine)
    chosen = engine
    try:
        return call_with_timeout(lambda: chosen.select(query.text, bindings), timeout)
    except KgError:  # already a message for the user
        raise
    except Exception as exc:  # rdflib's and Oxigraph's evaluators raise many types
        raise QueryError(f"{query.path}: query failed ({type(exc).__name__}: {exc})") from exc


def check_read_only(query: CannedQuery, allow_service: bool = False) -> None:
    """Refuse updates, forms other than SELECT and ASK, and (unless allowed) SERVICE."""
    form, calls_service = _query_form(query.text)
    if form in _UPDATE_KEYWORDS:
        raise QueryError(
            f"{query.path}: is an update (INSERT, DELETE, LOAD, CLEAR, DROP ...); "
            "kg query runs read-only queries only"
        )
    if not allow_service and calls_service:
        raise QueryError(f"{query.path}: calls a remote SERVICE; pass --allow-service to let it")
    if not calls_service:  # a SERVICE call would run, even on an empty store
        problem = _syntax_error(query.text)
        if problem:
            raise QueryError(f"{query.path}: not a SPARQL query ({problem})")
    if form not in {"SELECT", "ASK"}:
        raise QueryError(f"{query.path}: a {form} query; kg query runs SELECT and ASK queries")


# The SPARQL tokens that can hold a keyword-like word without being one: comments,
# strings, IRIs, variables and prefixed names (blank node labels among them). The words
# left are keywords and function names.
_SKIPPED = (
    r"#[^\n]*",
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"',
    r"'(?:[^'\\\n]|\\.)*'",
    r'<[^<>"{}|^`\\\x00-\x20]*>',
    r"[?$]\w+",
    r"[\w.-]*:[\w.:%\\-]*",
)
_TOKEN = re.compile("(?P<skip>" + "|".join(_SKIPPED) + r")|(?P<word>[A-Za-z_]\w*)")
_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
_UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


@functools.lru_cache(maxsize=64)
def _query_form(text: str) -> tuple[str | None, bool]:
    """The first keyword that says what a SPARQL text is (SELECT, ASK, CONSTRUCT,
    DESCRIBE, or an update's INSERT, DROP ...), None if there is none, and whether the
    text has a SERVICE clause: read from its tokens, without parsing it (rdflib's parser
    takes 50 to 200 ms a query)."""
    words = [m["word"].upper() for m in _TOKEN.finditer(text) if m["word"]]
    form = next((w for w in words if w in _FORMS or w in _UPDATE_KEYWORDS), None)
    return form, "SERVICE" in words


@functools.lru_cache(maxsize=64)
def _syntax_error(text: str) -> str | None:
    """What Oxigraph's parser finds wrong in a query text (in about a millisecond), or None.
    The text is parsed by an empty in-memory store, whose answer is never read; it
    cannot change anything, as a query never does. It must not call a SERVICE."""
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        return " ".join(str(exc).split())
    return None


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


def call_with_timeout(work: Callable[[], T], timeout: float | None) -> T:
    """Run ``work``; give up after ``timeout`` seconds (the work is left to finish in a
    daemon thread, which the short-lived ``kg`` process does not wait for)."""
    if timeout is None:
        return work()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"the query did not finish within {timeout:g} s (--timeout)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``name=value`` strings into a dict (the value may contain '=')."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"bad --param {pair!r}: write it as name=value")
        values[name.strip()] = value
    return values


def _plain(term: Node | None) -> str:
    return "" if term is None else str(term)


_SHORT_PREFIXES = ((str(RES), "kgr:"), (str(KG), "kg:"))


def _short(term: Node | None) -> str:
    """IRIs of kg's own namespaces as prefixed names, for reading on a terminal."""
    text = _plain(term)
    if isinstance(term, URIRef):
        for namespace, prefix in _SHORT_PREFIXES:
            if text.startswith(namespace):
                return prefix + text[len(namespace) :]
    return text


def format_table(result: QueryResult) -> str:
    """Aligned columns for the terminal (kg IRIs shortened to kgr: and kg: names)."""
    header = list(result.variables)
    body = [[_short(t) for t in row] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines)


def format_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: a header of variable names, plain values, CRLF lines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_plain(t) for t in row])
    return out.getvalue()


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        data = {"type": "literal", "value": str(term)}
        if term.language:
            data["xml:lang"] = term.language
        elif term.datatype:
            data["datatype"] = str(term.datatype)
        return data
    raise QueryError(f"cannot write {term!r} as a SPARQL JSON result")


def format_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [
        {var: _json_term(t) for var, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False)


def format_result(result: QueryResult, fmt: str) -> str:
    formatters = {"table": format_table, "csv": format_csv, "json": format_json}
    if fmt not in formatters:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return formatters[fmt](result)
