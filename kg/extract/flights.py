"""Flights: launchVehicle ("S atop a R rocket") and destination ("fly on S to the ISS")
in a clause that flies a craft, wherever the craft is named or referred to."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract.context import DocContext, Found
from kg.extract.coref import refers_to
from kg.extract.crews import crew_verb, flown
from kg.extract.syntax import (
    governing_verb,
    lemma,
    phrase_root,
    preposition_of,
    semicolon_part,
    verb_near,
)
from kg.lexicon import grammar, is_stay, triggers
from kg.records import Fact
from kg.text.dates import range_start
from kg.vocab import EntityType

ROCKETS: frozenset[EntityType] = frozenset({"LaunchVehicle"})
DESTINATIONS: frozenset[EntityType] = frozenset({"SpaceStation", "Place", "Spacecraft"})
"""What a craft flies to: a station, a place, or another craft."""
FLOWN_NAMES: frozenset[EntityType] = frozenset({"Spacecraft", "Mission"})
STATIONS: frozenset[EntityType] = frozenset({"SpaceStation"})
DOCKED_AT: frozenset[EntityType] = frozenset({"SpaceStation", "Spacecraft"})
"""What a flight docks with."""


def flight_facts(ctx: DocContext) -> Iterator[Fact]:
    """launchVehicle ("S atop a R rocket", "It launched atop a R rocket") and destination
    ("fly on S to the ISS", "S was a crewed spaceflight to the ISS") in a flight clause."""
    carriers, destinations = grammar().carrier_preps, grammar().destination_preps
    for token, craft in craft_references(ctx):
        head = phrase_root(token)
        verb: Token | None = governing_verb(head)
        if verb is None or verb.pos_ not in {"VERB", "AUX"} or not crew_verb(verb):
            verb = verb_near(craft, crew_verb) if token.i == craft.span.root.i else None
        sent = token.sent
        anchors = {head.i} | ({verb.i} if verb is not None else set())
        # "carried by a R rocket": the participle modifying the craft
        anchors |= {c.i for c in head.children if c.dep_ == "acl"}
        # "the S spacecraft that will carry A to the ISS": its own clause flies it
        anchors |= {
            c.i
            for c in head.children
            if c.dep_ == "relcl" and (crew_verb(c) or lemma(c) in triggers().carrying_verbs)
        }
        for rocket in ctx.in_sentence(sent, ROCKETS):
            prep = preposition_of(rocket.span.root)
            if prep is not None and prep.lower_ in carriers and prep.head.i in anchors:
                yield ctx.fact(craft, "launchVehicle", rocket, "craft-atop-rocket", sent)
        flight_nouns = triggers().flight_nouns
        # "S, the first shuttle flight to Mir"; "a mission to the ISS, known as S"
        named = [c for c in head.children if c.dep_ == "appos" and lemma(c) in flight_nouns]
        anchors |= {n.i for n in [*named, *_named_flight(head)]}
        for noun in (sent.doc[i] for i in list(anchors)):
            yield from _docking_clause(craft, noun, ctx)
        if verb is None:
            anchors = {n.i for n in [*named, *_named_flight(head)]}  # no clause flies it
        else:  # "S was a crewed spaceflight to the ISS": the flight noun stands for the craft
            anchors |= {
                c.i
                for c in verb.children
                if c.dep_ in {"attr", "dobj"} and lemma(c) in flight_nouns
            }
        visited = [c for c in verb.children if c.dep_ == "dobj"] if verb is not None else []
        if verb is None or lemma(verb) not in triggers().visiting_verbs:
            visited = []  # "board the station Mir during STS-74": where the flight went
        for anchor in (sent.doc[i] for i in sorted(anchors)):
            preps = [c for c in anchor.children if c.lower_ in destinations]
            objects = [o for prep in preps for o in prep.children if o.dep_ == "pobj"]
            for obj in objects + (visited if verb is not None and anchor.i == verb.i else []):
                target = refers_to(obj, ctx)  # "to the station": the article's station
                if (
                    target is not None
                    and target is not craft
                    and target.mention.type in DESTINATIONS
                    and target.mention.text.lower() not in triggers().home_words
                ):  # "returned to Earth with S": Earth is where it came home
                    yield ctx.fact(craft, "destination", target, "flight-to", sent)


def sole_flight_destination(ctx: DocContext) -> Iterator[Fact]:
    """destination where the parse loses the clause but the sentence is plain: the one flight
    a sentence names, a verb that flies or carries, and a station reached "to the ISS" after
    it ("S, which will carry A, B and C to the ISS, ...") or a stay "on the ISS" ("launched
    on S for a six-month mission on the ISS")."""
    destinations, stays = grammar().destination_preps, grammar().stay_preps
    flying = triggers().carrying_verbs | triggers().crew_verbs
    for sent in ctx.doc.sents:
        flights = [f for f in ctx.in_sentence(sent, FLOWN_NAMES) if flown(f)]
        names = {f.mention.canonical or f.mention.text for f in flights}
        if len(names) != 1 or is_stay(next(iter(names))):
            continue
        flight = flights[0]
        for station in ctx.in_sentence(sent, STATIONS):
            prep = preposition_of(station.span.root)
            if prep is None or station.span.start < flight.span.end:
                continue
            part = semicolon_part(ctx.doc[flight.span.start : station.span.end])
            if not any(t.pos_ in {"VERB", "AUX"} and lemma(t) in flying for t in part):
                continue  # "X flew on S; later he went to Mir": another clause
            via_stay = prep.lower_ in stays and lemma(prep.head) in triggers().flight_nouns
            if prep.lower_ in destinations or via_stay:
                yield ctx.fact(flight, "destination", station, "flight-to", sent)


def range_dates(ctx: DocContext) -> Iterator[Fact]:
    """launchDate from the span of days a flight is given, launch to landing: "Mission
    STS-174, aboard the Space Shuttle Atlantis, November 12-20, 2005", "STS-101 :: April
    12-14, 2001", or a sheet's flight heading with the span on the line below."""
    for ent in (e for e in ctx.doc.ents if e.label_ == "DATE"):
        start = range_start(ent.text)
        if start is None:
            continue
        flight = _flight_before(ent.start, ctx) or _heading_above(ent, ctx)
        if flight is not None and not is_stay(flight.mention.canonical or flight.mention.text):
            yield ctx.fact(flight, "launchDate", start, "flight-dates", ent.sent)


def _flight_before(i: int, ctx: DocContext) -> Found | None:
    """The flight named right before token ``i``, past punctuation and the craft it flew
    ("STS-174, aboard the Space Shuttle Atlantis, ..."): its mission if it names one."""
    doc, glue = ctx.doc, grammar().flight_date_glue
    named: list[Found] = []
    j = i - 1
    while j >= 0 and doc[j].sent.start == doc[i - 1].sent.start:
        token = doc[j]
        found = ctx.at(token)
        if found is not None and flown(found):
            named.append(found)
            j = found.span.start - 1
        elif token.is_punct or token.is_space or token.lower_ in glue:
            j -= 1
        else:
            break
    missions = [f for f in named if f.mention.type == "Mission"]
    chosen = missions or named
    return chosen[-1] if chosen else None


def _heading_above(ent: Span, ctx: DocContext) -> Found | None:
    """The flight alone on the line above a date alone on its own line."""
    doc = ctx.doc
    before = [t for t in doc[max(0, ent.start - 12) : ent.start]]
    if before and not ("\n" in before[-1].whitespace_ or "\n" in before[-1].text):
        return None  # the date does not open its line
    words = [t for t in before if not t.is_space]
    if not words:
        return None
    found = ctx.at(words[-1])
    if found is None or not flown(found):
        return None
    opener = doc[found.span.start - 1] if found.span.start > 0 else None
    if opener is not None and not ("\n" in opener.whitespace_ or "\n" in opener.text):
        return None
    return found


def _named_flight(name: Token) -> list[Token]:
    """The flight noun a name is given to: "a mission to the ISS, known as S", "the
    mission, dubbed S" (the parse hangs the name under the naming participle)."""
    token = name
    if token.dep_ == "pobj" and token.head.lower_ == "as":
        token = token.head
    if token.dep_ in {"oprd", "dobj", "attr", "prep", "xcomp"} and token.head.dep_ == "acl":
        noun = token.head.head
        if noun.dep_ == "pobj" and lemma(noun) not in triggers().flight_nouns:
            noun = noun.head.head  # the parse's "a mission to [the ISS, known as S]"
        if lemma(noun) in triggers().flight_nouns:
            return [noun]
    return []


def _docking_clause(craft: Found, noun: Token, ctx: DocContext) -> Iterator[Fact]:
    """destination from a flight noun's own docking clause: "the first shuttle flight to
    dock with Mir"."""
    docking, preps = triggers().docking_verbs, grammar().docking_preps
    for clause in (c for c in noun.children if c.dep_ in {"acl", "relcl"}):
        if lemma(clause) not in docking:
            continue
        for prep in (c for c in clause.children if c.lower_ in preps):
            for obj in (o for o in prep.children if o.dep_ == "pobj"):
                target = refers_to(obj, ctx)
                if target is not None and target is not craft and target.mention.type in DOCKED_AT:
                    yield ctx.fact(craft, "destination", target, "flight-to", noun.sent)


def craft_references(ctx: DocContext) -> list[tuple[Token, Found]]:
    """Every place a crewed craft is named or referred to ("It launched ...", "the spacecraft");
    found once per document."""
    if ctx.memo.craft_references is None:
        ctx.memo.craft_references = list(_find_craft_references(ctx))
    return ctx.memo.craft_references


def _find_craft_references(ctx: DocContext) -> Iterator[tuple[Token, Found]]:
    for token in ctx.doc:
        found = refers_to(token, ctx)
        if not flown(found):
            continue
        if found.span.start <= token.i < found.span.end:
            if token.i == found.span.root.i:
                yield token, found
        else:
            yield token, found
