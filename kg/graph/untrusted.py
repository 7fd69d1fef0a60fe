"""Graph files are untrusted input: reading one opens no connection and reads no other file.

Of the formats kg reads (Turtle, TriG, N-Triples, N-Quads, JSON-LD), only JSON-LD can name
something to fetch: a remote ``@context`` (a string, or a string in a list) and a context's
``@import``. kg writes its JSON-LD expanded, with no context at all, so no graph of kg's
needs one; a file that names one is refused with one line before any parser sees it (a
file naming an internal address would make kg a request forger, a slow host would hang it).

Two more limits keep a hostile file from exhausting memory before the parser reports it:
JSON-LD nested deeper than any graph has (kg's own are a few levels deep), and a line
longer than any graph kg writes (a 100 MB literal on one line).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import GraphError

JSON_LD_SUFFIXES = frozenset({".jsonld", ".json"})
MAX_JSON_DEPTH = 64
"""How deep a JSON-LD graph may nest: kg's own are at most five levels deep."""
MAX_LINE_BYTES = 16 * 1024 * 1024
"""The longest line a graph file may have: kg writes one statement per line, and its longest
literal (a document's text) is a few megabytes at most."""
_CHUNK = 1024 * 1024


def read_untrusted(path: Path) -> bytes:
    """The bytes of a graph file, checked: lines no longer than MAX_LINE_BYTES and, for
    JSON-LD, no deeper than MAX_JSON_DEPTH and with no context to fetch. The file is
    scanned before it is read whole, so an over-long line costs one chunk of memory."""
    _check_lines(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GraphError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if path.suffix.lower() in JSON_LD_SUFFIXES:
        check_json_ld(path, data)
    return data


def _check_lines(path: Path) -> None:
    run = 0  # the length of the line the last chunk ended inside
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                lines = chunk.split(b"\n")
                run += len(lines[0])
                longest = max([run, *(len(line) for line in lines[1:-1])])
                if len(lines) > 1:
                    run = len(lines[-1])
                if max(longest, run) > MAX_LINE_BYTES:
                    raise GraphError(
                        f"{path}: a line longer than {MAX_LINE_BYTES // (1024 * 1024)} MB; "
                        "no graph kg writes has one (refused unread)"
                    )
    except OSError as exc:
        raise GraphError(f"{path}: cannot read ({exc.strerror or exc})") from None


def check_json_ld(path: Path, data: bytes) -> None:
    """Refuse JSON-LD that nests too deep or names a context to fetch."""
    try:
        document = json.loads(data)
    except RecursionError:
        raise GraphError(
            f"{path}: JSON nested deeper than {MAX_JSON_DEPTH} levels; no graph has that"
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise GraphError(f"{path}: cannot parse as JSON-LD ({exc})") from None
    for depth, key, value in _walk(document):
        if depth > MAX_JSON_DEPTH:
            raise GraphError(
                f"{path}: JSON nested deeper than {MAX_JSON_DEPTH} levels; no graph has that"
            )
        if key == "@context" and _names_a_remote_context(value):
            raise GraphError(
                f"{path}: names a remote JSON-LD @context ({_shown(value)}); kg fetches "
                "nothing a graph file names, so inline the context or expand the file"
            )
        if key == "@import":
            raise GraphError(
                f"{path}: a JSON-LD context @import ({_shown(value)}); kg fetches nothing "
                "a graph file names"
            )


def _walk(document: Any) -> Iterator[tuple[int, str | None, Any]]:
    """Every (depth, key, value) of a JSON document, without recursion."""
    stack: list[tuple[int, str | None, Any]] = [(0, None, document)]
    while stack:
        depth, key, value = stack.pop()
        yield depth, key, value
        if isinstance(value, dict):
            stack.extend((depth + 1, k, v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((depth + 1, key if key == "@context" else None, v) for v in value)


def _names_a_remote_context(value: Any) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, list) and any(isinstance(v, str) for v in value)


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 80 else text[:77] + "..."
