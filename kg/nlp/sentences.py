"""kg's sentence bounds: scraped pages break lines where sentences do not end, and end
sentences where no punctuation is."""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.tokens import BULLETS

SENTENCE_END = frozenset({".", "!", "?", "…", '"', "”", "’", "'", ")", "]"})
"""Marks a line may break after inside a sentence."""


@Language.component("kg_sentence_bounds")
def sentence_bounds(doc: Doc) -> Doc:
    """Start a sentence after every blank line and at every list item, and never inside a
    line except after closing punctuation.

    Scraped pages put headings, captions and paragraphs on lines of their own without
    closing punctuation; the parser would run them into the next sentence, or split a
    sentence after its first word ("NASA | astronauts X and Y arrived"). The parser
    respects boundaries set before it, both ways.
    """
    # one array for the whole doc: setting Token.is_sent_start checks the whole doc each time
    starts = doc.to_array([SENT_START]).astype("int64")
    for token in doc[1:]:
        before = doc[token.i - 1]
        newlines = before.whitespace_.count("\n") + (
            before.text.count("\n") if before.is_space else 0
        )
        if newlines >= 2 or (newlines and token.text in BULLETS):  # a paragraph or a list item
            starts[token.i] = 1
        elif not newlines and not before.is_space and before.text[-1] not in SENTENCE_END:
            starts[token.i] = -1
    doc.from_array([SENT_START], starts.astype("uint64"))  # type: ignore[arg-type]
    return doc
