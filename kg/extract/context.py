"""What every extraction rule reads: one parsed document with its mentions, what the
document is about, and the way to a Fact with its sentence, rule and confidence.

Rules are plain functions ``(ctx) -> Iterator[Fact]`` (see kg.extract.rules); everything
they share lives on the :class:`DocContext`, so a rule needs nothing else, and what a
rule works out once per document for others is kept in its typed :class:`Memo`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from kg.lexicon import rule
from kg.records import Fact, Mention, Value
from kg.text.clean import CleanText
from kg.vocab import EntityType, Predicate


class Found(NamedTuple):
    """A mention together with the spaCy span it came from (for the rules)."""

    span: Span
    mention: Mention


def sentence_offsets(span: Span, clean: CleanText) -> tuple[int, int]:
    """A span's sentence, as offsets into the original text, without surrounding white space."""
    sent = span.sent
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    end = sent.end_char - (len(text) - len(text.rstrip()))
    return clean.span_to_original(start, max(start, end))


@dataclass(frozen=True, slots=True)
class Topics:
    """The one work, station and craft a document is about, if it has one (kg.extract.topics)."""

    work: Found | None = None
    """The document's only work, if it names exactly one."""
    main_work: Found | None = None
    """The work the document is about: the one named most often (first named on a tie)."""
    station: Found | None = None
    """The station the document is about (the most named)."""
    craft: Found | None = None
    """The spacecraft the document is about (named more often than any other)."""
    mission: Found | None = None
    """The mission the document names most ("Crew-1", "Expedition 21"), if one stands out."""
    sole_mission: Found | None = None
    """The flight the document is about: the only one it names (named twice, or in its
    first line), else the one it names most, at least twice (an expedition only when it
    names no flight)."""
    sole_craft: Found | None = None
    """The crewed craft the document names, if it names only one."""
    flight: Found | None = None
    """What the document's crew flew: its craft when it names one at least twice, else its
    mission."""


@dataclass(slots=True)
class Memo:
    """What rules work out once per document and share."""

    craft_references: list[tuple[Token, Found]] | None = None
    """Every token that names or refers to a crewed craft, with the craft (kg.extract.flights)."""
    paragraphs: list[int] | None = None
    """The first token of each paragraph (kg.extract.assignments)."""
    flown: list[Found] | None = None
    """The mentions of flown things in the order they stand (kg.extract.assignments)."""
    flown_starts: list[int] = field(default_factory=list)
    """Where each of those starts, for bisection."""
    dates: dict[int, list[Span]] | None = None
    """A sentence's first token -> its DATE entities (kg.extract.events): ``Span.ents``
    walks every entity of the document each time."""


@dataclass(frozen=True, slots=True)
class DocContext:
    """One parsed document (or chunk of one) with its mentions and topics."""

    doc: Doc
    doc_id: str
    clean: CleanText
    """The text the Doc was parsed from, with the map back to the original offsets."""
    found: Sequence[Found]
    topics: Topics = Topics()
    published: dt.date | None = None
    """The article's own date, which relative dates are read against."""
    by_token: dict[int, Found] = field(default_factory=dict, repr=False, compare=False)
    """Token position -> the (first) mention covering it; filled on creation."""
    by_sentence: dict[int, list[Found]] = field(default_factory=dict, repr=False, compare=False)
    """A sentence's first token -> the mentions that stand in it, in order; filled on
    creation, so a rule's look at one sentence costs that sentence, not the document."""
    ordered: list[Found] = field(default_factory=list, repr=False, compare=False)
    """The mentions by where they start (stable: the order of ``found`` among equals)."""
    starts: list[int] = field(default_factory=list, repr=False, compare=False)
    memo: Memo = field(default_factory=Memo, repr=False, compare=False)

    def __post_init__(self) -> None:
        for f in self.found:
            for i in range(f.span.start, f.span.end):
                self.by_token.setdefault(i, f)
            self.by_sentence.setdefault(f.span.sent.start, []).append(f)
        self.ordered.extend(sorted(self.found, key=lambda f: f.span.start))
        self.starts.extend(f.span.start for f in self.ordered)

    def between(self, start: int, end: int) -> list[Found]:
        """The mentions that start in tokens ``start:end``, by where they start: a rule's
        look at a sentence or a paragraph costs that range, not the document."""
        return self.ordered[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def in_sentence(
        self, sent: Span, types: frozenset[EntityType] | set[EntityType]
    ) -> list[Found]:
        """The mentions of ``types`` that stand in the sentence ``sent``."""
        return [f for f in self.by_sentence.get(sent.start, ()) if f.mention.type in types]

    def at(self, token: Token) -> Found | None:
        """The mention a token is part of."""
        return self.by_token.get(token.i)

    def dates_in(self, sent: Span) -> list[Span]:
        """The DATE entities of the sentence ``sent``, indexed once per document."""
        if self.memo.dates is None:
            self.memo.dates = {}
            for ent in self.doc.ents:
                if ent.label_ == "DATE":
                    self.memo.dates.setdefault(ent.sent.start, []).append(ent)
        return self.memo.dates.get(sent.start, [])

    def sentence(self, span: Span) -> tuple[int, int]:
        """The original offsets of the sentence ``span`` stands in."""
        return sentence_offsets(span, self.clean)

    def fact(
        self, subject: Found, predicate: Predicate, obj: Found | Value, key: str, where: Span
    ) -> Fact:
        """A fact stated in the sentence of ``where`` (not always the subject's: "They
        return ..."), made by the rule ``key`` of the rule table, with its confidence."""
        made_by = rule(key, predicate)
        value = obj.mention if isinstance(obj, Found) else obj
        return Fact(
            subject.mention,
            predicate,
            value,
            made_by.name,
            made_by.confidence,
            self.sentence(where),
            subject.mention.doc_id,
        )
