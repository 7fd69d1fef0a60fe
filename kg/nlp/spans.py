"""Spans and lines of a Doc as kg's components read them: overlaps between names, and the
lines of scraped pages, whose breaks carry meaning (a heading, a field, a list item)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token


def without_overlaps(ordered: list[Span]) -> list[Span]:
    """Keep spans in priority order, dropping any that overlaps one already kept."""
    taken: set[int] = set()
    kept: list[Span] = []
    for span in ordered:
        if not taken.intersection(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


def line_start(doc: Doc, index: int) -> int:
    """Where the line of token ``index`` starts."""
    i = index
    while i > 0 and "\n" not in doc[i - 1].whitespace_ and not doc[i - 1].is_space:
        i -= 1
    return i


def opens_line(span: Span) -> bool:
    """Whether ``span`` is the first thing on its line."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    return before is None or "\n" in before.whitespace_ or before.is_space


def lines(doc: Doc) -> list[list[Token]]:
    """The tokens of each line that has any, white space left out."""
    found: list[list[Token]] = [[]]
    for token in doc:
        if token.is_space:
            if "\n" in token.text:
                found.append([])
            continue
        found[-1].append(token)
        if "\n" in token.whitespace_:
            found.append([])
    return [line for line in found if line]
