"""The rule table: every extraction rule, in the order it runs.

A rule is a pure function ``(ctx) -> Iterator[Fact]`` over one parsed document (textacy's
extractors are the model); what it may read is on the kg.extract.context.DocContext. Its
name, confidence and what it extracts are data (``kg/data/rules.json``, read by
kg.lexicon). Derived rules read the facts the rules before them found, and events come
from their own rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from kg.extract.assignments import crew_role_facts
from kg.extract.context import DocContext
from kg.extract.crew_paths import crew_path_facts
from kg.extract.crews import (
    backed_up_facts,
    companion_facts,
    crew_joining_facts,
    crew_list_facts,
    crew_members_facts,
    crew_table_facts,
    flight_list_facts,
    flights_listed_facts,
    list_item_facts,
    mission_crew,
    role_for_flight_facts,
)
from kg.extract.events import events, noun_launches
from kg.extract.fields import field_facts
from kg.extract.films import film_facts, filmography_facts
from kg.extract.flights import flight_facts, range_dates, sole_flight_destination
from kg.extract.missions import crew_pair_facts, flown_by_facts, operator_facts, shared_crew
from kg.extract.places import place_facts
from kg.extract.roles import held_role_facts, role_facts, service_facts, unnamed_copula_roles
from kg.records import Event, Fact, Mention

FactRule = Callable[[DocContext], Iterator[Fact]]
DerivedRule = Callable[[DocContext, Sequence[Fact]], Iterator[Fact]]
EventRule = Callable[[DocContext], Iterator[Event]]
ClosingRule = Callable[[DocContext, Sequence[Fact], Sequence[Event]], Iterator[Fact]]

FACT_RULES: tuple[FactRule, ...] = (
    role_facts,
    unnamed_copula_roles,
    service_facts,
    held_role_facts,
    crew_list_facts,
    list_item_facts,
    backed_up_facts,
    crew_members_facts,
    crew_table_facts,
    crew_joining_facts,
    flights_listed_facts,
    flight_list_facts,
    role_for_flight_facts,
    crew_path_facts,
    flight_facts,
    sole_flight_destination,
    range_dates,
    flown_by_facts,
    operator_facts,
    field_facts,
    film_facts,
    place_facts,
)
"""Rules over the document alone, in order (the order of the facts they give)."""
DERIVED_RULES: tuple[DerivedRule, ...] = (
    mission_crew,
    crew_role_facts,
    filmography_facts,
    companion_facts,
)
"""Rules over the document and the facts the rules above found."""
EVENT_RULES: tuple[EventRule, ...] = (events, noun_launches)
CLOSING_RULES: tuple[ClosingRule, ...] = (crew_pair_facts, shared_crew)
"""Rules over the document, its facts and its events, run last."""


def facts(ctx: DocContext, events: Sequence[Event] = ()) -> list[Fact]:
    """Every fact the rules find in the document, in rule order; the closing rules read
    the document's ``events`` too."""
    found = [fact for rule in FACT_RULES for fact in rule(ctx)]
    for derived in DERIVED_RULES:
        found += list(derived(ctx, found))
    for closing in CLOSING_RULES:
        found += list(closing(ctx, found, events))
    return list(_for_each_named(ctx, found))


def _for_each_named(ctx: DocContext, found: Sequence[Fact]) -> Iterator[Fact]:
    """A fact about a name that names several missions ("his Expedition 40/41 crewmates")
    holds for each of them: the rules found it for one mention of the span."""
    named: dict[tuple[int, int], list[Mention]] = defaultdict(list)
    for f in ctx.found:
        named[(f.mention.start, f.mention.end)].append(f.mention)
    for fact in found:
        subjects = named.get((fact.subject.start, fact.subject.end), [fact.subject])
        obj = fact.object
        objects = named.get((obj.start, obj.end), [obj]) if isinstance(obj, Mention) else [obj]
        for subject in subjects if len(subjects) > 1 else [fact.subject]:
            for each in objects if len(objects) > 1 else [obj]:
                yield replace(fact, subject=subject, object=each)


def all_events(ctx: DocContext) -> list[Event]:
    return [event for rule in EVENT_RULES for event in rule(ctx)]
