"""Canned SPARQL queries: one ``.rq`` file each, described by its header comment.

    # title: Crew of each spacecraft
    # description: Who flies in which spacecraft.
    # param: craft (optional): keep only this spacecraft

Parameters are bound as RDF terms (rdflib ``initBindings``), never pasted into the
query text, so a value can never change what the query does.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.term import Identifier, Node

from kg.errors import QueryError
from kg.namespace import KG, RES
from kg.paths import QUERIES_DIR

_HEADER = re.compile(r"#\s*(title|description|param)\s*:\s*(.*)")
_PARAM = re.compile(r"(\w+)\s*(\(optional\))?\s*:\s*(.*)")

FORMATS = ("table", "csv", "json")


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


def bind_params(query: CannedQuery, values: Mapping[str, str]) -> dict[str, Identifier]:
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
    return {Variable(name): Literal(value) for name, value in values.items()}


def run_query(
    query: CannedQuery, graph: Graph, values: Mapping[str, str] | None = None
) -> QueryResult:
    bindings = bind_params(query, values or {})
    try:
        result = graph.query(query.text, initBindings=bindings)
    except Exception as exc:  # rdflib's parser and evaluator raise many types
        raise QueryError(f"{query.path}: query failed ({type(exc).__name__}: {exc})") from exc
    variables = tuple(str(v) for v in (result.vars or ()))
    rows = tuple(tuple(row) for row in result)  # type: ignore[arg-type]
    return QueryResult(variables, rows)


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
