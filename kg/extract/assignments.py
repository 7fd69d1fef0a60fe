"""Who flew what, read from roles and activities rather than from flight verbs.

Agency texts often say "Commander X, Pilot Y" beside the flight's name, or "X will serve
as the pilot" in a paragraph about STS-130, rather than "X flew on S". A crew role in a
flight's context makes the person its crew; a backup or an alternate is not.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence

from spacy.tokens import Span

from kg.extract.context import DocContext, Found
from kg.extract.coref import last_named_mission
from kg.extract.crews import flown, flown_between
from kg.extract.syntax import semicolon_part
from kg.lexicon import is_stay, triggers
from kg.records import Fact


def crew_role_facts(ctx: DocContext, facts: Sequence[Fact]) -> Iterator[Fact]:
    """crewMemberOf from a crew role (commander, pilot, mission specialist ...) given in a
    sentence that names flights, else in a paragraph that names one mission and at most one
    craft (or only one craft)."""
    crew_roles = triggers().crew_roles
    by_mention = {f.mention: f for f in ctx.found}
    placed = {f.subject for f in facts if f.predicate == "crewMemberOf"}
    done: set[tuple[int, int]] = set()
    for fact in facts:
        if fact.predicate != "hasRole" or fact.object not in crew_roles:
            continue
        person = by_mention.get(fact.subject)
        if person is None or _backing_up(person):
            continue
        # a crew list or path already put this mention in a flight: the paragraph's
        # mission is only a guess ("• Commander X" under "CREW STS-116", not Expedition 14)
        around = _flights_around(person, ctx)
        if person.mention in placed and not _in_sentence(person, around):
            around = [f for f in around if f.mention.type != "Mission"]
        for flight in around:
            if _ground_duty(flight):
                continue
            if (person.span.start, flight.span.start) in done:
                continue
            done.add((person.span.start, flight.span.start))
            yield ctx.fact(person, "crewMemberOf", flight, "crew-role", person.span)


def _ground_duty(flight: Found) -> bool:
    """Whether the flight is named as the object of a duty on the ground: "served on the
    astronaut support crews for the Apollo 19 and 20 missions", "capcom for STS-1"."""
    ground = triggers().ground_words
    token = flight.span.root
    for _ in range(6):
        if token.head.i == token.i or token.dep_ not in {
            "pobj",
            "prep",
            "compound",
            "conj",
            "appos",
            "nmod",
        }:
            return False
        token = token.head
        near = [token, *(c for c in token.children if c.dep_ in {"compound", "amod"})]
        if any(t.lower_ in ground or t.lemma_.lower() in ground for t in near):
            return True
    return False


def _backing_up(person: Found) -> bool:
    """Whether the person's sentence is about a backup ("backup commander X", "X was the
    backup commander", "The alternate Payload Specialist was X")."""
    words = triggers().backup_words
    return any(t.lower_ in words for t in person.span.sent)


def _in_sentence(person: Found, flights: list[Found]) -> bool:
    sent = person.span.sent
    return any(sent.start <= f.span.start < sent.end for f in flights)


def _flights_around(person: Found, ctx: DocContext) -> list[Found]:
    """The flights the person's sentence names; else the one mission (and the one craft)
    the paragraph names, or the flight named last before; else none."""
    sent = person.span.sent
    here = flown_between(sent.start, sent.end, ctx)
    start, end = _segment(person)
    mine = [f for f in here if start <= f.span.start < end]
    if mine:  # "A, STS-98 commander; B, Expedition One commander": each part its own
        return _distinct(mine)
    if here:
        return _distinct(here)
    paragraph = _paragraph(person.span, ctx)
    near = _distinct(flown_between(paragraph[0], paragraph[1], ctx))
    missions = [f for f in near if f.mention.type == "Mission"]
    crafts = [f for f in near if f.mention.type != "Mission"]
    if len(missions) <= 1 and len(crafts) <= 1:
        return near
    # a release that gives each flight's crew after it: the flight named last, just before
    last = last_named_mission(person.span.root, ctx)
    return (
        [last] if flown(last) and not is_stay(last.mention.canonical or last.mention.text) else []
    )


def _segment(person: Found) -> tuple[int, int]:
    """The part of the person's sentence between semicolons that holds the name."""
    part = semicolon_part(person.span)
    return part.start, part.end


def _distinct(found: list[Found]) -> list[Found]:
    """The first mention of each name."""
    names: dict[str, Found] = {}
    for f in found:
        names.setdefault((f.mention.canonical or f.mention.text).lower(), f)
    return list(names.values())


def _paragraph(span: Span, ctx: DocContext) -> tuple[int, int]:
    """The token range of the paragraph (text between blank lines) a span stands in."""
    if ctx.memo.paragraphs is None:
        starts = [0]
        for token in ctx.doc:
            if "\n\n" in token.whitespace_ or (token.is_space and "\n\n" in token.text):
                starts.append(token.i + 1)
        ctx.memo.paragraphs = starts
    starts = ctx.memo.paragraphs
    k = bisect_right(starts, span.start) - 1
    end = starts[k + 1] if k + 1 < len(starts) else len(ctx.doc)
    return starts[k], end
