"""How query answers are written: an aligned table for the terminal, and the SPARQL 1.1
Query Results CSV and JSON formats (JSON is also how a server's answer is read back)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.sparql.backend import XSD_STRING, QueryResult, short_name

FORMATS = ("table", "csv", "json")


def check_format(fmt: str) -> None:
    """Refuse an unknown format before any work, rather than after a long query."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def format_result(result: QueryResult, fmt: str) -> str:
    check_format(fmt)
    return _FORMATTERS[fmt](result)


def format_table(result: QueryResult) -> str:
    """Aligned columns for the terminal (kg IRIs shortened to kgr: and kg: names)."""
    header = list(result.variables)
    body = [[short_name(t) for t in row] for row in result.rows]
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
        writer.writerow(["" if t is None else str(t) for t in row])
    return out.getvalue()


def format_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [
        {var: _json_term(t) for var, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False)


_FORMATTERS: dict[str, Callable[[QueryResult], str]] = {
    "table": format_table,
    "csv": format_csv,
    "json": format_json,
}


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


def parse_results(document: dict[str, object]) -> QueryResult:
    """SPARQL 1.1 Query Results JSON as rdflib terms."""
    if "boolean" in document:
        return QueryResult(("ask",), ((Literal(bool(document["boolean"])),),))
    head = document["head"]
    results = document["results"]
    assert isinstance(head, dict) and isinstance(results, dict)
    variables = tuple(str(v) for v in head.get("vars", []))
    rows = tuple(tuple(_term(binding.get(v)) for v in variables) for binding in results["bindings"])
    return QueryResult(variables, rows)


def _term(data: dict[str, str] | None) -> Node | None:
    if data is None:
        return None
    kind, value = data["type"], data["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in data:
        return Literal(value, lang=data["xml:lang"])
    datatype = data.get("datatype")
    if datatype and datatype != XSD_STRING:
        return Literal(value, datatype=URIRef(datatype))
    return Literal(value)
