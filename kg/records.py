"""The small records passed between the stages of the pipeline.

documents -> clean -> nlp -> extract (Mention, Fact, Event) -> resolve (Entity) -> rdf.
Offsets are always character offsets into the original file text.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Literal

from kg.vocab import EntityType, EventType, Predicate

MentionSource = Literal["ner", "ruler", "propagated"]
"""What proposed a mention: the statistical model (or kg's context cues, which speak as
it does), the entity ruler (gazetteer and naming patterns), or a name the document
names elsewhere."""
AliasCue = Literal["acronym", "title-gloss", "also-named", "apposition"]
"""How the text says two names are one: "X (ISS)", "‘Vyzov’, which means ‘Challenge’",
"also transliterated as", "Roscosmos, the Russian Space Agency"."""
SourceKind = Literal["text", "html"]


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date whose year, month or day may be unknown.

    Documents often give only part of a date ("October 17" with no year in sight); keeping the
    known parts lets the caller fuse what several documents say about the same event. A day
    without its month is refused, as it identifies nothing worth fusing.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.year is not None and not dt.MINYEAR <= self.year <= dt.MAXYEAR:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is None:
            return
        if self.month is None:
            raise ValueError("a day needs its month")
        # Without a year, February 29 must stay possible: a leap year stands in.
        year = self.year if self.year is not None else 2000
        if not 1 <= self.day <= calendar.monthrange(year, self.month)[1]:
            raise ValueError(f"day out of range: {self.year}-{self.month}-{self.day}")

    def complete(self) -> dt.date | None:
        """The date, once every part is known; partial dates are not guessed at."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def merge(self, other: PartialDate) -> PartialDate | None:
        """The union of both dates' parts, or None when they cannot be the same day.

        Parts that disagree, or parts that agree one by one but make no date together
        (February 29 with a common year), mean two different days.
        """
        parts: dict[str, int | None] = {}
        for part in fields(self):
            mine: int | None = getattr(self, part.name)
            theirs: int | None = getattr(other, part.name)
            if mine is not None and theirs is not None and mine != theirs:
                return None
            parts[part.name] = mine if mine is not None else theirs
        try:
            return PartialDate(**parts)
        except ValueError:
            return None

    def __str__(self) -> str:
        """ISO 8601 forms, including the year-less "--MM-DD" and "--MM"."""
        month = "" if self.month is None else f"-{self.month:02d}"
        day = "" if self.day is None else f"-{self.day:02d}"
        if self.year is None:
            return f"-{month}{day}" if month else ""
        return f"{self.year:04d}{month}{day}"


@dataclass(frozen=True, slots=True)
class Document:
    """One input text, as read from disk."""

    id: str
    """A short identifier, unique in the build: the file name without its suffix."""
    name: str
    """The source file name."""
    text: str
    """The decoded text (for an HTML page, the main text extracted from it): what offsets count."""
    sha256: str
    """Of the file's bytes."""
    source: SourceKind = "text"
    title: str = ""
    """The title the file's own metadata gives (an HTML page's), if any."""
    published: dt.date | None = None
    """The date the file's own metadata gives (an HTML page's), if any."""


@dataclass(frozen=True, slots=True)
class Mention:
    """One span of a document that names an entity."""

    doc_id: str
    start: int
    end: int
    text: str
    """The surface form, cleaned of possessives, quotes and surrounding punctuation."""
    type: EntityType
    source: MentionSource = "ner"
    confidence: float = 0.75
    """As kg/data/rules.json's mentions say for the source (0.75: the model's)."""
    canonical: str = ""
    """The canonical name when a gazetteer entry matched, else empty."""
    sentence: tuple[int, int] = (0, 0)
    """The sentence the mention stands in, as offsets into the original text."""


CONTEXT_WEIGHT = 5
"""How much more a type kg's context cues gave ("the mission, dubbed Quiet Harbor") counts than
the model's guess: as much as a full personal name the model typed."""


def vote_weight(
    mention: Mention,
    context: float | None = None,
    reads_as_name: Callable[[str], bool] | None = None,
) -> float:
    """How much a mention's type counts in a vote on a name's type.

    Gazetteer matches count most; a full personal name counts more than a bare word,
    because the model types full names far more reliably than lone surnames, unless
    ``reads_as_name`` says its words are no name's ("Quiet Harbor": two common words). Given
    the confidence of a type context cues gave, such a type counts as much as a full name."""
    weight = mention.confidence
    if context is not None and mention.source == "ner" and mention.confidence >= context:
        weight *= CONTEXT_WEIGHT
    if mention.source == "ruler":
        weight *= 4
    elif (
        mention.type == "Person"
        and len(mention.text.split()) > 1
        and (reads_as_name is None or reads_as_name(mention.text))
    ):
        weight *= 5
    return weight


Value = str | dt.date
"""A literal fact object: a role noun or a date."""


@dataclass(frozen=True, slots=True)
class Fact:
    """A subject-predicate-object statement found in one sentence."""

    subject: Mention
    predicate: Predicate
    object: Mention | Value
    rule: str
    confidence: float
    sentence: tuple[int, int]
    doc_id: str
    """The document whose sentence states the fact."""


@dataclass(frozen=True, slots=True)
class Event:
    """An n-ary event (Launch, Docking, Landing, Filming) found in one sentence."""

    doc_id: str
    type: EventType
    rule: str
    confidence: float
    sentence: tuple[int, int]
    vehicle: Mention | None = None
    work: Mention | None = None
    location: Mention | None = None
    date: PartialDate | None = None
    """As much of the date as the sentence and the document's own date tell."""
    participants: tuple[Mention, ...] = ()
    sites: tuple[Mention, ...] = ()
    """Every launch facility and pad the clause names ("from Launch Complex 39A at KSC")."""
    mission: Mention | None = None
    """The mission the clause names, or the one the article names for its craft ("Crew-1"
    for Resilience)."""
    carrier: Mention | None = None
    """The rocket the clause names beside a crewed craft ("Their Soyuz-2.1a rocket lifted off")."""


@dataclass(frozen=True, slots=True)
class Alias:
    """Two mentions the text itself says name the same thing ("International Space Station
    (ISS)", "‘Zvezda’, which means ‘Star’")."""

    first: Mention
    second: Mention
    rule: AliasCue


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything found in one document."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    facts: tuple[Fact, ...] = ()
    events: tuple[Event, ...] = ()
    aliases: tuple[Alias, ...] = ()
    title: str = ""
    """The article's headline, when its first lines have one."""
    published: dt.date | None = None
    """The article's own date, from its dateline."""


@dataclass(slots=True, eq=False)
class Entity:
    """One real-world thing, with every mention that names it across the corpus."""

    key: str
    """The resolver's identity: type and normalized canonical name (the IRI is minted from
    the type and the label)."""
    type: EntityType
    label: str
    alt_labels: tuple[str, ...] = ()
    mentions: list[Mention] = field(default_factory=list)

    @property
    def doc_ids(self) -> list[str]:
        return sorted({m.doc_id for m in self.mentions})


@dataclass(slots=True, eq=False)
class EventNode:
    """One real-world event, merged from the sentences (in any document) that tell it."""

    key: str
    type: EventType
    vehicle: Entity | None = None
    work: Entity | None = None
    location: Entity | None = None
    date: dt.date | None = None
    participants: list[Entity] = field(default_factory=list)
    sources: list[Event] = field(default_factory=list)
    mission: Entity | None = None
    """The mission the event is part of (or, with no craft named, the one it is told of)."""

    @property
    def doc_ids(self) -> list[str]:
        return sorted({e.doc_id for e in self.sources})


@dataclass(slots=True)
class Statement:
    """A fact between entities, with every sentence-level Fact that supports it."""

    subject: Entity
    predicate: Predicate
    object: Entity | Value
    sources: list[Fact] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BuildInfo:
    """What the build activity records: when, with which software and model."""

    started: dt.datetime
    ended: dt.datetime
    software_version: str
    model_name: str
    model_version: str
