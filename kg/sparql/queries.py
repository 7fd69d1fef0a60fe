"""Canned SPARQL queries: one ``.rq`` file each, described by its header comment.

    # title: Crew of each spacecraft
    # description: Who flies in which spacecraft.
    # param: craft (optional): keep only this spacecraft

A query runs on a :class:`~kg.sparql.backend.Backend`: a graph file (rdflib), the
embedded store or a remote SPARQL server, with the same rows from each. Only read-only
queries run (:mod:`kg.sparql.readonly`). Parameters are bound as RDF literals, never
pasted into the query text as such: rdflib's ``initBindings`` on a file, and on a store or
a server a ``VALUES`` block of escaped literals opening the WHERE clause, so a value can
never change what the query does.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from rdflib import Graph, Literal

from kg.errors import KgError, QueryError, QueryTimeout
from kg.paths import QUERIES_DIR
from kg.sparql.backend import Backend, QueryResult
from kg.sparql.file import FileBackend
from kg.sparql.readonly import read_only_problem

_HEADER = re.compile(r"#\s*(title|description|param)\s*:\s*(.*)")
_PARAM = re.compile(r"(\w+)\s*(\(optional\))?\s*:\s*(.*)")

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


def check_read_only(query: CannedQuery, allow_service: bool = False) -> None:
    """Refuse a query that does not only read (see kg.sparql.readonly), naming its file."""
    problem = read_only_problem(query.text, allow_service)
    if problem:
        raise QueryError(f"{query.path}: {problem}")


def run_query(
    query: CannedQuery,
    backend: Backend | Graph,
    values: Mapping[str, str] | None = None,
    *,
    timeout: float | None = None,
    allow_service: bool = False,
) -> QueryResult:
    """Check that the query only reads, bind its parameters and run it on ``backend`` (a
    graph in memory is queried by rdflib).

    :raises QueryError: an update, a SERVICE call not allowed, bad parameters, or a failure.
    :raises QueryTimeout: no answer within ``timeout`` seconds.
    """
    check_read_only(query, allow_service)
    bindings = bind_params(query, values or {})
    chosen = FileBackend(backend) if isinstance(backend, Graph) else backend
    try:
        return _call_with_timeout(lambda: chosen.select(query.text, bindings), timeout)
    except KgError:  # already a message for the user
        raise
    except Exception as exc:  # rdflib's and Oxigraph's evaluators raise many types
        raise QueryError(f"{query.path}: query failed ({type(exc).__name__}: {exc})") from exc


def _call_with_timeout(work: Callable[[], T], timeout: float | None) -> T:
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
