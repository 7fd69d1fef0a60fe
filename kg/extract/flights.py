"""Flights: launchVehicle ("S atop a R rocket") and destination ("fly on S to the ISS")
in a clause that flies a craft, wherever the craft is named or referred to."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.context import DocContext, Found
from kg.extract.coref import refers_to
from kg.extract.crews import crew_verb, flown
from kg.extract.syntax import (
    governing_verb,
    in_sentence,
    lemma,
    phrase_root,
    preposition_of,
    verb_near,
)
from kg.lexicon import grammar, triggers
from kg.records import Fact
from kg.vocab import EntityType

ROCKETS: frozenset[EntityType] = frozenset({"LaunchVehicle"})
DESTINATIONS: frozenset[EntityType] = frozenset({"SpaceStation", "Place", "Spacecraft"})
"""What a craft flies to: a station, a place, or another craft."""


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
        for rocket in in_sentence(ctx.found, sent, ROCKETS):
            prep = preposition_of(rocket.span.root)
            if prep is not None and prep.lower_ in carriers and prep.head.i in anchors:
                yield ctx.fact(craft, "launchVehicle", rocket, "craft-atop-rocket", sent)
        if verb is None:
            continue
        # "S was a crewed spaceflight to the ISS": the flight noun stands for the craft
        flight_nouns = triggers().flight_nouns
        anchors |= {
            c.i for c in verb.children if c.dep_ in {"attr", "dobj"} and lemma(c) in flight_nouns
        }
        visited = [c for c in verb.children if c.dep_ == "dobj"]
        if lemma(verb) not in triggers().visiting_verbs:
            visited = []  # "board the station Mir during STS-74": where the flight went
        for anchor in (sent.doc[i] for i in sorted(anchors)):
            preps = [c for c in anchor.children if c.lower_ in destinations]
            objects = [o for prep in preps for o in prep.children if o.dep_ == "pobj"]
            for obj in objects + (visited if anchor.i == verb.i else []):
                target = refers_to(obj, ctx)  # "to the station": the article's station
                if (
                    target is not None
                    and target is not craft
                    and target.mention.type in DESTINATIONS
                ):
                    yield ctx.fact(craft, "destination", target, "flight-to", sent)


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
