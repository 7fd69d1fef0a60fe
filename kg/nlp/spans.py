"""Spans and lines of a Doc as kg's components read them: overlaps between names, and the
lines of scraped pages, whose breaks carry meaning (a heading, a field, a list item)."""

from __future__ import annotations

from typing import cast

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
    """Where the line of token ``index`` starts (from an index made once per document: a
    walk back would cost the line's length at each call, the square of a one-line file)."""
    starts = doc.user_data.get(_LINE_STARTS)
    if starts is None or len(starts) != len(doc):
        starts = []
        start = 0
        for token in doc:
            if token.i > 0 and ("\n" in doc[token.i - 1].whitespace_ or doc[token.i - 1].is_space):
                start = token.i
            starts.append(start)
        doc.user_data[_LINE_STARTS] = starts
    return int(starts[index]) if index < len(starts) else index


def sentence_end(token: Token) -> int:
    """The end of the sentence of ``token``, from an index made once per document
    (``Token.sent`` walks the whole sentence at each call)."""
    return _sentence_bounds(token.doc)[token.i][1]


def sentence_start(token: Token) -> int:
    """The start of the sentence of ``token`` (see :func:`sentence_end`)."""
    return _sentence_bounds(token.doc)[token.i][0]


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    bounds = doc.user_data.get(_SENTENCE_ENDS)
    if bounds is None or len(bounds) != len(doc):
        bounds = [(0, 0)] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                bounds[i] = (sent.start, sent.end)
        doc.user_data[_SENTENCE_ENDS] = bounds
    return cast("list[tuple[int, int]]", bounds)


_LINE_STARTS = "kg_line_starts"
_SENTENCE_ENDS = "kg_sentence_ends"


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
