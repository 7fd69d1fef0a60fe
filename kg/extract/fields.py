"""Fact sheets: lines "Label: value" that give a flight's craft, launch, site, rocket and
crew ("Space Shuttle: Discovery", "Launched: March 13, 1989", "Launch Pad: 39B",
"Crew: Varga, Lund, Okafor", "Mir 19 Crew: Petrov, Sidorov").

The labels are data (``field_labels`` in kg/data/triggers.json), each mapped to what its
value gives. The flight a sheet is about is the one a flight label names ("Mission:",
"Flight number:"), else the one its own label names ("Mir 19 Crew:"), else the one the
document is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from kg.extract.context import DocContext, Found
from kg.extract.crews import flown
from kg.lexicon import grammar, is_stay, triggers
from kg.nlp.tokens import ROLE_MAX_WORDS, role_ending_at, role_length
from kg.records import Fact
from kg.text.dates import resolve_date
from kg.vocab import fact_predicate, signature

FLIGHT = "flight"
"""A label whose value names the flight the sheet is about."""
CREW = "crew"
PERSON = "person"
"""A label whose value names the person a biography's sheet is about ("NAME: X")."""
MEMBERSHIPS = "memberships"
"""A label whose value lists the organizations that person belongs to."""


def field_facts(ctx: DocContext) -> Iterator[Fact]:
    """Facts from the document's "Label: value" lines about its flight."""
    fields = list(_fields(ctx))
    named = [v for kind, _, value in fields if kind == FLIGHT for v in _mentions(value, ctx)]
    # "Mission: Relay-9" names the payload, a craft: the sheet is about the article's flight
    sheet = next((f for f in named if flown(f) and f.mention.type == "Mission"), None)
    sheet = sheet or _only_flight(ctx, headline=True) or ctx.topics.sole_mission
    sheet = sheet or _only_flight(ctx) or ctx.topics.flight
    yield from _person_sheet(fields, ctx)
    sections = _section_flights(ctx)
    for kind, label, value in fields:
        # a name of the label's own ("Mir 19 Crew"), not one that runs on into the value
        own = [f for f in _mentions(label, ctx) if flown(f) and f.span.end <= label.end]
        heading = next((f for at, f in reversed(sections) if at < label.start), None)
        flight = own[-1] if own else heading or sheet
        if flight is None or kind in {FLIGHT, PERSON, MEMBERSHIPS}:
            continue
        yield from _facts(kind, flight, label, value, ctx)


def _person_sheet(fields: list[tuple[str, Span, Span]], ctx: DocContext) -> Iterator[Fact]:
    """A biography's sheet: the person of "NAME: X (Captain, USN) NASA Astronaut" is a
    member of the organization after the name and holds the role after that, and of every
    organization "ORGANIZATIONS: Fellow, A; Member, B and C" lists."""
    named = [
        (f, value)
        for kind, _, value in fields
        if kind == PERSON
        for f in _mentions(value, ctx)
        if f.mention.type == "Person"
    ]
    if not named:
        return
    person, value = named[0]
    for org in (f for f in _mentions(value, ctx) if f.mention.type == "Organization"):
        if org.span.start < person.span.end:
            continue
        yield ctx.fact(person, "memberOf", org, "field-line/memberOf", value)
        role = _role_after(org.span.end, ctx)
        if role is not None:
            yield ctx.fact(person, "hasRole", role, "field-line/hasRole", value)
    for kind, label, value in fields:
        if kind == MEMBERSHIPS:
            for org in (f for f in _mentions(value, ctx) if f.mention.type == "Organization"):
                yield ctx.fact(person, "memberOf", org, "field-line/memberOf", label)


def _role_after(i: int, ctx: DocContext) -> str | None:
    """The role noun right after token ``i``, on its line or the next ("NASA\nAstronaut")."""
    words = [t for t in ctx.doc[i : i + ROLE_MAX_WORDS + 2] if not t.is_space]
    for n in range(min(ROLE_MAX_WORDS, len(words)), 0, -1):
        role = role_ending_at(words[:n])
        if role is not None and role_length(role) == n:
            return role
    return None


def _section_flights(ctx: DocContext) -> list[tuple[int, Found]]:
    """The flights that head sections of a sheet, a name alone on its line ("Soyuz-TM 2"),
    with where each section starts: its lines are about that flight."""
    found: list[tuple[int, Found]] = []
    for f in ctx.found:
        if not flown(f):
            continue
        doc, span = ctx.doc, f.span
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        opens = before is None or before.is_space or "\n" in before.whitespace_
        closes = after is None or after.is_space or "\n" in span[-1].whitespace_
        field = any(t.text in grammar().field_separators for t in span)  # "Space Shuttle: X"
        if opens and closes and not field:
            found.append((span.start, f))
    return found


def _only_flight(ctx: DocContext, headline: bool = False) -> Found | None:
    """The one flight a sheet names, even once ("Image above: STS-29 Crew photo"), or the
    one its first line names ("STS-71: First Docking")."""
    first_line = ctx.doc.text.find("\n")
    flights = [
        f
        for f in ctx.found
        if f.mention.type == "Mission"
        and flown(f)
        and not is_stay(f.mention.canonical or f.mention.text)
        and (not headline or f.span.start_char < first_line)
    ]
    names = {f.mention.canonical or f.mention.text for f in flights}
    return flights[0] if len(names) == 1 else None


def _fields(ctx: DocContext) -> Iterator[tuple[str, Span, Span]]:
    """(kind, label, value) of every line "Label: value" whose label is known, or ends in
    one ("Mir 19 Crew")."""
    labels = triggers().field_labels
    doc = ctx.doc
    start = 0
    while start < len(doc):
        end = start
        while end < len(doc) and "\n" not in doc[end].text and "\n" not in doc[end].whitespace_:
            end += 1
        line_end = min(end + 1, len(doc))
        separators = grammar().field_separators
        colon = next((t.i for t in doc[start:line_end] if t.text in separators), None)
        if colon is not None and colon > start:
            words = [t.lower_ for t in doc[start:colon] if not t.is_space]
            tails = (" ".join(words[k:]) for k in range(len(words)))
            kind = next((labels[tail] for tail in tails if tail in labels), None)
            value = doc[colon + 1 : line_end]
            if kind is not None and all(t.is_space for t in value):
                value = _next_line(doc, line_end)  # "Commander:" and the name on the next line
            if kind is not None:
                yield kind, doc[start:colon], value
        start = line_end


def _next_line(doc: Doc, start: int) -> Span:
    """The line that starts at or after token ``start``, white space passed."""
    while start < len(doc) and doc[start].is_space:
        start += 1
    end = start
    while end < len(doc) and "\n" not in doc[end].text and "\n" not in doc[end].whitespace_:
        end += 1
    return doc[start : min(end + 1, len(doc))]


HEADING_WORDS = 4
"""How many words a line that heads a part of a sheet has at most ("Backup Crew")."""


def _under_backup_heading(label: Span, flight: Found, ctx: DocContext) -> bool:
    """Whether a short line with a backup word stands between the flight's heading (or the
    sheet's start) and the label: "Apollo 90 / Prime Crew / ... / Backup Crew / Commander:"."""
    doc = ctx.doc
    start = flight.span.end if flight.span.end <= label.start else 0
    words = triggers().backup_words
    line: list[Token] = []
    for token in doc[start : label.start]:
        if token.is_space or "\n" in token.whitespace_:
            if not token.is_space:
                line.append(token)
            if line and len(line) <= HEADING_WORDS and any(t.lower_ in words for t in line):
                return True
            line = []
            continue
        line.append(token)
    return False


def _mentions(span: Span, ctx: DocContext) -> list[Found]:
    found: list[Found] = []
    for token in span:
        f = ctx.at(token)
        if f is not None and f not in found:
            found.append(f)
    return found


def _facts(kind: str, flight: Found, label: Span, value: Span, ctx: DocContext) -> Iterator[Fact]:
    here = [f for f in _mentions(value, ctx) if f is not flight]
    if kind == CREW:
        if _under_backup_heading(label, flight, ctx):
            return  # "Backup Crew" / "Commander: X": X backs the flight up
        backup = next((t.i for t in value if t.lower_ in triggers().backup_words), value.end)
        role = role_ending_at([t for t in label if not t.is_space])
        for person in (f for f in here if f.mention.type == "Person" and f.span.end <= backup):
            yield ctx.fact(person, "crewMemberOf", flight, "field-line", label)
            if role is not None and value.start > label.end + 1:  # the role is the label's
                yield ctx.fact(person, "hasRole", role, "field-line/hasRole", label)
            if value.start > label.end + 1:
                break  # the name that opens the next line, not the people its text names
        return
    predicate = fact_predicate(kind)
    if predicate is None:
        return
    shape = signature(predicate)
    if shape.literal:  # a launch date
        date = _full_date(value)
        if date is not None and shape.admits(flight.mention.type, None):
            yield ctx.fact(flight, predicate, date, f"field-line/{predicate}", label)
        return
    target = next((f for f in here if shape.admits(flight.mention.type, f.mention.type)), None)
    if target is not None and (predicate != "spacecraft" or flown(target)):
        yield ctx.fact(flight, predicate, target, f"field-line/{predicate}", label)


def _full_date(value: Span) -> dt.date | None:
    for ent in value.ents:
        if ent.label_ == "DATE":
            date = resolve_date(ent.text, None)
            if date is not None and date.year and date.month and date.day:
                return dt.date(date.year, date.month, date.day)
    return None
