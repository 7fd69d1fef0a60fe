"""The read-only check: ``kg query`` runs SELECT and ASK queries and nothing else, on any
backend, and SERVICE calls only when allowed.

The check reads the query's SPARQL tokens, so the word SERVICE in a string, a name or a
comment is no SERVICE call, and parses the text with Oxigraph's parser (a millisecond,
where rdflib's takes 50 to 200 ms) to report a syntax error with its line and column.
"""

from __future__ import annotations

import functools
import re

import pyoxigraph as ox


def read_only_problem(text: str, allow_service: bool = False) -> str | None:
    """Why a SPARQL text may not run (an update, a syntax error, a form other than SELECT
    and ASK, or a SERVICE call unless allowed), or None. A reason rather than an error, so
    that the caller names the query's file (kg.sparql.queries.check_read_only)."""
    form, calls_service = _query_form(text)
    if form in _UPDATE_KEYWORDS:
        return (
            "is an update (INSERT, DELETE, LOAD, CLEAR, DROP ...); "
            "kg query runs read-only queries only"
        )
    if not allow_service and calls_service:
        return "calls a remote SERVICE; pass --allow-service to let it"
    if not calls_service:  # a SERVICE call would run, even on an empty store
        problem = _syntax_error(text)
        if problem:
            return f"not a SPARQL query ({problem})"
    if form not in {"SELECT", "ASK"}:
        return f"a {form} query; kg query runs SELECT and ASK queries"
    return None


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
