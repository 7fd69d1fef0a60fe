"""Entity mentions: the model's and the ruler's spans, typed by the ontology and cleaned.

A span is trimmed of determiners, possessives, quotes and punctuation, cut at a line
break or a closing quote, and dropped when it cannot be a name (credit strings with
slashes, lower-case words, stop-listed words). Mentions in title-case headlines get a
low confidence: headlines fool the model, so such a mention only counts when the same
entity is also named in running text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from kg.nlp.components import RULER_LABELS, context, role_nouns, singulars, translated_title
from kg.paths import DATA_DIR
from kg.records import Alias, Mention, vote_weight
from kg.text.clean import CleanText
from kg.vocab import TYPE_PRIORITY

NER_CLASSES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "WORK_OF_ART": "CreativeWork",
    "SPACECRAFT": "Spacecraft",
    "LAUNCH_VEHICLE": "LaunchVehicle",
    "SPACE_STATION": "SpaceStation",
}
"""spaCy's labels (and those kg's context component adds) to ontology classes."""

CONFIDENCE = {"ruler": 0.95, "context": 0.8, "ner": 0.75, "headline": 0.3}
CONTEXT_ONLY = frozenset({"SPACECRAFT", "LAUNCH_VEHICLE", "SPACE_STATION"})
"""Labels only kg's context cues give ("docked with X", "the X rocket"): surer than the model."""
MIN_CONFIDENCE = 0.5
"""A mention weaker than this (in a headline) counts only if its entity is named elsewhere."""

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
        from_ruler = ent.label_ in RULER_LABELS
        cls = ent.label_ if from_ruler else NER_CLASSES.get(ent.label_)
        if cls is None:
            continue
        span = trim(ent, cls=cls)
        if span is None or not plausible(span, cls, from_ruler):
            continue
        source = "ruler" if from_ruler else "ner"
        confidence = CONFIDENCE["context"] if ent.label_ in CONTEXT_ONLY else CONFIDENCE[source]
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
            canonical=ent.ent_id_ if from_ruler else _canonical(span, cls),
            sentence=sentence_offsets(span, clean),
        )
        found.append(Found(span, mention))
    return found


def sentence_offsets(span: Span, clean: CleanText) -> tuple[int, int]:
    """A span's sentence, as offsets into the original text, without surrounding white space."""
    sent = span.sent
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    end = sent.end_char - (len(text) - len(text.rstrip()))
    return clean.span_to_original(start, max(start, end))


def _canonical(span: Span, cls: str) -> str:
    if cls == "Person" and any(t.text in _QUOTES for t in span):
        return without_nickname(span)
    return ""


def trim(span: Span, *, cls: str = "") -> Span | None:
    """Cut ``span`` to the name it holds, or None if nothing is left.

    A line break, a closing quote or a bracket ends a name. A person's name also ends
    before "of" ("Eytan Stibbe of Israel") and loses a title in front ("Cosmonaut Oleg
    Orlov"), but keeps a quoted nickname inside ('Barry "Butch" Wilmore'). A work keeps
    its leading "The".
    """
    doc = span.doc
    start, end = span.start, span.end
    person = cls == "Person"
    in_nickname = False
    for token in doc[start:end]:
        if person and token.i > start and token.lower_ == "of":
            end = token.i
            break
        if token.i > start and (token.text in _QUOTES or token.text == "("):
            if person and token.text in _QUOTES and (in_nickname or _nickname_at(token, end)):
                in_nickname = not in_nickname
                continue
            end = token.i
            break
        if token.i < end - 1 and (
            "\n" in token.whitespace_ or (token.is_space and "\n" in token.text)
        ):
            end = token.i + 1
            break
    keep_the = cls in {"CreativeWork", "Film"}
    while start < end and _strip_leading(doc[start], keep_the):
        start += 1
    while person and end - start >= 3 and set(singulars(doc[start])) & role_nouns():
        start += 1
    while end > start and _strip_trailing(doc[end - 1]):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _nickname_at(quote: Token, end: int) -> bool:
    """An opening quote of a word or two inside a person's name, with more name after it."""
    doc = quote.doc
    return any(
        doc[close].text in _QUOTES for close in range(quote.i + 2, min(quote.i + 4, end - 1))
    )


def without_nickname(span: Span) -> str:
    """'Barry "Butch" Wilmore' -> "Barry Wilmore"."""
    words: list[str] = []
    quoted = False
    for token in span:
        if token.text in _QUOTES:
            quoted = not quoted
        elif not quoted:
            words.append(token.text)
    return " ".join(words)


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
    if text.casefold() in _not_entities() or text.casefold() in _reference_words():
        return False
    if _CLOCK.search(text):  # "02:37 CEST"
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


_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}\b")


@cache
def _reference_words() -> frozenset[str]:
    """Head nouns alone ("the Station") refer to a named thing; they are not its name."""
    ctx = context()
    return frozenset(" ".join(words) for words, _ in ctx.head_nouns)


@cache
def _not_entities() -> frozenset[str]:
    lines = (DATA_DIR / "not_entities.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().casefold() for line in lines if line.strip() and not line.startswith("#")
    )


def _priority(type_: str) -> int:
    return TYPE_PRIORITY.index(type_) if type_ in TYPE_PRIORITY else len(TYPE_PRIORITY)


def harmonize(found: list[Found]) -> list[Found]:
    """One type per name inside a document: the model may call "Serova" a person in one
    sentence and an organization in the next. The type most mentions of the name (and of
    the full names it begins or ends: "Wang" of "Wang Yaping") agree on wins; gazetteer
    matches are kept."""
    votes: dict[str, dict[str, float]] = {}
    for f in found:
        words = f.mention.text.split()
        weight = vote_weight(f.mention)
        parts = [words[0].lower(), words[-1].lower()] if f.mention.type == "Person" else []
        for key in {f.mention.text.lower(), *parts}:
            votes.setdefault(key, {}).setdefault(f.mention.type, 0.0)
            votes[key][f.mention.type] += weight
    result: list[Found] = []
    for f in found:
        tally = votes.get(f.mention.text.lower(), {})
        best = min(tally, key=lambda t: (-tally[t], _priority(t))) if tally else f.mention.type
        if (
            f.mention.source != "ruler"
            and best != f.mention.type
            and best in {"Person", "Organization", "Place", "Spacecraft", "SpaceStation"}
        ):
            f = Found(f.span, replace(f.mention, type=best))
        result.append(f)
    return result


def propagate_names(doc: Doc, doc_id: str, clean: CleanText, found: list[Found]) -> list[Found]:
    """Mentions of names the model found elsewhere in the document but missed here.

    A full name or a surname seen as a person once ("Serova" at the start of a sentence,
    where the model saw none), or the proper name of a craft ("Resilience" of "Crew
    Dragon Resilience"), is a mention wherever it stands outside another entity.
    """
    covered = {i for f in found for i in range(f.span.start, f.span.end)}
    covered |= {i for ent in doc.ents for i in range(ent.start, ent.end)}
    names: dict[tuple[str, ...], str] = {}
    for f in found:
        words = tuple(t.text for t in f.span)
        if f.mention.type == "Person":
            names[words] = "Person"
            if len(words) > 1:
                names[words[-1:]] = "Person"
        elif (
            f.mention.type == "Spacecraft"
            and len(words) > 1
            and words[-1].isalpha()
            and words[-1].istitle()
        ):
            names.setdefault(words[-1:], "Spacecraft")
    positions: dict[str, list[int]] = {}
    for token in doc:
        positions.setdefault(token.text, []).append(token.i)
    added: list[Found] = []
    for words in sorted(names, key=lambda w: (-len(w), w)):
        n = len(words)
        for i in positions.get(words[0], []):
            if (
                covered.intersection(range(i, i + n))
                or tuple(t.text for t in doc[i : i + n]) != words
            ):
                continue
            span = doc[i : i + n]
            start, end = clean.span_to_original(span.start_char, span.end_char)
            mention = Mention(
                doc_id,
                start,
                end,
                span.text,
                names[words],
                "propagated",
                CONFIDENCE["ner"],
                sentence=sentence_offsets(span, clean),
            )
            added.append(Found(span, mention))
            covered.update(range(i, i + n))
    return sorted(found + added, key=lambda f: f.span.start)


def _initials(span: Span) -> str:
    return "".join(t.text[0] for t in span if t.is_title and t.lower_ not in _SMALL_WORDS).upper()


_ALSO = frozenset({"known", "transliterated", "spelled", "spelt", "written", "called", "romanized"})


def _also_named(found: Found, by_start: dict[int, Found]) -> Found | None:
    """The name after "also known as", "(also transliterated X)", "whose name is also
    spelled X", within a few words of ``found``."""
    doc, sent = found.span.doc, found.span.sent
    window = doc[found.span.end : min(sent.end, found.span.end + 8)]
    for token in window:
        if token.lower_ == "also" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in _ALSO:
            start = token.i + 2
            if start < len(doc) and doc[start].lower_ == "as":
                start += 1
            return by_start.get(start)
    return None


def aliases(found: list[Found]) -> list[Alias]:
    """Names the text equates: an acronym in parentheses after its long form, a quoted
    gloss after a title ("‘Zvezda’, which means ‘Star’"), "X, the Y" appositions."""
    by_start = {f.span.start: f for f in found}
    result: list[Alias] = []
    for f in found:
        doc, end = f.span.doc, f.span.end
        # "International Space Station (ISS)"
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            other = by_start.get(end + 1)
            if (
                other is not None
                and other.span.text.isupper()
                and other.span.text == _initials(f.span)
            ):
                result.append(Alias(f.mention, other.mention, "acronym"))
        if f.mention.type in {"CreativeWork", "Film"}:
            gloss = translated_title(f.span)
            other = by_start.get(gloss.start) if gloss is not None else None
            if other is not None and other.mention.type == f.mention.type:
                result.append(Alias(f.mention, other.mention, "title-gloss"))
        # "Surayev, whose name is also transliterated as Maxim Suraev"
        other = _also_named(f, by_start)
        if other is not None and other.mention.type == f.mention.type:
            result.append(Alias(f.mention, other.mention, "also-named"))
        # "Roscosmos, the Russian Space Agency," (not a list: no further comma or "and" name)
        if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ == "the":
            other = by_start.get(end + 2)
            after = other.span.end if other is not None else 0
            if (
                other is not None
                and other.mention.type == f.mention.type
                and f.mention.type in {"Organization", "Place"}
                and not (
                    after + 1 < len(doc)
                    and doc[after].text in {",", "and"}
                    and (after + 1) in by_start
                )
                and not (after < len(doc) and doc[after].lower_ == "and")
            ):
                result.append(Alias(f.mention, other.mention, "apposition"))
    return result
