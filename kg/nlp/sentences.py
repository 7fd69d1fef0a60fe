"""kg's sentence bounds: scraped pages break lines where sentences do not end, and end
sentences where no punctuation is."""

from __future__ import annotations

import re

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.lexicon import person_cues
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
    text = doc.text  # made once: Doc.text joins every token each time
    run = 0  # tokens since the last place a sentence may start
    for token in doc[1:]:
        run += 1
        before = doc[token.i - 1]
        newlines = before.whitespace_.count("\n") + (
            before.text.count("\n") if before.is_space else 0
        )
        if newlines >= 2 or (newlines and token.text in BULLETS):  # a paragraph or a list item
            starts[token.i] = 1
        elif (
            newlines
            and not token.is_lower
            and _long_line_before(text, token.idx)
            and not _line_goes_on(doc, token.i)
        ):
            starts[token.i] = 1  # a page that is not wrapped: each line is a paragraph
        elif not newlines and not before.is_space and before.text[-1] not in SENTENCE_END:
            # a line with no sentence end (a scrape that lost its full stops, a transcript)
            # is cut after a comma, else anywhere, once it runs past MAX_SENTENCE_TOKENS:
            # every rule reads one sentence at a time, and its cost grows with the length
            starts[token.i] = 1 if _overlong(run, before) else -1
        elif (
            before.text.endswith(".")
            and token.is_title
            and not token.is_stop
            and _abbreviated_title(doc, token.i)
        ):
            starts[token.i] = -1  # "French Air Force Brig. | Gen. Leon Dufour"
        if starts[token.i] != -1:
            run = 0
    doc.from_array([SENT_START], starts.astype("uint64"))  # type: ignore[arg-type]
    return doc


MAX_SENTENCE_TOKENS = 200
"""A run of this many tokens with no sentence end is cut at its next comma, and at twice
this many anywhere: news sentences are far shorter, and the rules read a sentence at a
time."""


def _overlong(run: int, before: Token) -> bool:
    return run >= 2 * MAX_SENTENCE_TOKENS or (run >= MAX_SENTENCE_TOKENS and before.text == ",")


UNWRAPPED_LINE = 100
"""A line longer than this was not wrapped by its writer: the line break after it ends a
paragraph, even where the copy lost its full stops."""


def _long_line_before(text: str, offset: int) -> bool:
    """Whether the line that ends before character ``offset`` is longer than a wrapped line."""
    end = text.rfind("\n", 0, offset)
    start = text.rfind("\n", 0, max(0, end)) + 1
    return len(text[start:end].strip()) > UNWRAPPED_LINE


def _line_goes_on(doc: Doc, index: int) -> bool:
    """Whether the line before token ``index`` stops where no sentence or heading ends: after
    a comma or a lower-case function word ("Vasko flew on | STS-89", "born in Orton, |
    Texas"). A writer who wraps long lines leaves them so."""
    last = index - 1
    while last > 0 and doc[last].is_space:
        last -= 1
    word = doc[last]
    return word.text == "," or (word.is_lower and word.is_stop and word.is_alpha)


def title_words() -> frozenset[str]:
    """Ranks and honorifics written abbreviated before names, lower case."""
    return person_cues().ranks | person_cues().honorifics


def _abbreviated_title(doc: Doc, index: int) -> bool:
    """Whether the full stop before token ``index`` ends a rank or an honorific ("Brig.",
    "Dr."): the name after it goes on the same sentence."""
    before = doc[index - 1]
    word, first = (before.text[:-1], index - 1) if before.text != "." else ("", index - 2)
    if not word and index >= 2 and not doc[index - 2].whitespace_:
        word = doc[index - 2].text
    if word.lower() in title_words():
        return True
    # an initial is a word of its own after a given name: not "STS-41-G."
    given = doc[first - 1] if first >= 1 else None
    return (
        _INITIAL.fullmatch(word) is not None
        and given is not None
        and bool(given.whitespace_)
        and given.is_title
        and given.is_alpha
    )


_INITIAL = re.compile(r"[A-Z]")
"""A middle initial ("Carla M. Nowick"): the name goes on after its full stop."""
