"""Entity mentions: the model's and the ruler's spans, typed by the ontology and cleaned.

A span is trimmed of determiners, possessives, quotes and punctuation, cut at a line
break or a closing quote, and dropped when it cannot be a name (credit strings with
slashes, lower-case words, stop-listed words). Mentions in title-case headlines get a
low confidence: headlines fool the model, so such a mention only counts when the same
entity is also named in running text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from kg.clean import CleanText
from kg.paths import DATA_DIR
from kg.records import Mention

NER_CLASSES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "WORK_OF_ART": "CreativeWork",
}
RULER_CLASSES = frozenset(
    {
        "Person",
        "Organization",
        "Spacecraft",
        "SpaceStation",
        "LaunchVehicle",
        "Place",
        "CreativeWork",
        "Film",
    }
)
CONFIDENCE = {"ruler": 0.95, "ner": 0.75, "headline": 0.3}

_QUOTES = "\"'‘’“”«»„‚"
_POSSESSIVE = {"'s", "’s", "'", "’"}
_ARTICLES = {"the", "a", "an"}
_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "to",
    "for",
    "and",
    "or",
    "at",
    "by",
    "with",
    "from",
    "as",
}
_NAME_PARTICLES = {"de", "da", "van", "von", "der", "bin", "al", "la", "le", "du", "del", "di"}


class Found(NamedTuple):
    """A mention together with the spaCy span it came from (for the relation rules)."""

    span: Span
    mention: Mention


def find_mentions(doc: Doc, doc_id: str, clean: CleanText) -> list[Found]:
    """Every entity mention in ``doc``, typed and cleaned, with original offsets."""
    headlines = headline_lines(doc.text)
    found: list[Found] = []
    for ent in doc.ents:
        from_ruler = ent.label_ in RULER_CLASSES
        cls = ent.label_ if from_ruler else NER_CLASSES.get(ent.label_)
        if cls is None:
            continue
        span = trim(ent, keep_leading_the=cls in {"CreativeWork", "Film"})
        if span is None or not plausible(span, cls, from_ruler):
            continue
        source = "ruler" if from_ruler else "ner"
        confidence = CONFIDENCE[source]
        if not from_ruler and any(a <= span.start_char < b for a, b in headlines):
            confidence = CONFIDENCE["headline"]
        start, end = clean.span_to_original(span.start_char, span.end_char)
        mention = Mention(
            doc_id=doc_id,
            start=start,
            end=end,
            text=span.text,
            type=cls,
            source=source,
            confidence=confidence,
            canonical=ent.ent_id_ if from_ruler else "",
        )
        found.append(Found(span, mention))
    return found


def trim(span: Span, *, keep_leading_the: bool = False) -> Span | None:
    """Cut ``span`` to the name it holds, or None if nothing is left."""
    doc = span.doc
    start, end = span.start, span.end
    # cut at the first line break or closing quote inside the span
    for token in doc[start:end]:
        if token.i > start and (token.text in _QUOTES or token.text == "("):
            end = token.i
            break
        if token.i < end - 1 and (
            "\n" in token.whitespace_ or (token.is_space and "\n" in token.text)
        ):
            end = token.i + 1
            break
    while start < end and _strip_leading(doc[start], keep_leading_the):
        start += 1
    while end > start and _strip_trailing(doc[end - 1]):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _strip_leading(token: Token, keep_leading_the: bool) -> bool:
    text = token.text
    if token.is_space or token.is_punct or text in _QUOTES:
        return True
    if text.lower() in _ARTICLES:
        return not (keep_leading_the and text[0].isupper())
    return False


def _strip_trailing(token: Token) -> bool:
    return bool(
        token.is_space or token.is_punct or token.text in _QUOTES or token.text in _POSSESSIVE
    )


def plausible(span: Span, cls: str, from_ruler: bool) -> bool:
    """Whether a trimmed span can be a name of class ``cls``."""
    text = span.text
    if not any(c.isalpha() for c in text) or len(text) > 80:
        return False
    if from_ruler:
        return True
    if not (text[0].isupper() or text[0].isdigit()) or "/" in text or "\\" in text:
        return False
    if text.casefold() in _not_entities():
        return False
    if cls == "Person":
        words = [t.text for t in span if not t.is_punct]
        if len(words) > 5 or any(ch.isdigit() for ch in text):
            return False
        return all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words)
    return True


def headline_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines written in title case with no closing punctuation (headlines)."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group().strip()
        if not line or line[-1] in '.!?"”':
            continue
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if w.lower() not in _SMALL_WORDS]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.8:
            spans.append((match.start(), match.end()))
    return spans


@cache
def _not_entities() -> frozenset[str]:
    lines = (DATA_DIR / "not_entities.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().casefold() for line in lines if line.strip() and not line.startswith("#")
    )
