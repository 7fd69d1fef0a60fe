"""Events merged across documents, and the facts the merged events imply.

Several articles tell one launch several ways: "the Soyuz MS-24/70S spacecraft ...
launched from the Baikonur Cosmodrome", "a Soyuz rocket launched X, Y and Z" (dated
"Tuesday, October 5" by its article's own date), "the trio taking off from Baikonur".
Tellings join on their craft (or work, for a filming); a telling with
only a rocket or no craft joins the event of the same kind whose people it shares (two or
more). Within one article, a telling with no craft also joins the one event of its kind the
article anchors. The merged event takes the most specific place, and its date from the tellings:
a full date if one is grounded, else the union of partial ones ("October 17" here,
"October 2021" there). It then implies facts: its people are the crew of its craft; a
launch dates and places the craft; a director or actress filming a work directed or
acted in it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kg.lexicon import context, film_roles, is_generic, is_stay, rule
from kg.records import Entity, Event, EventNode, Fact, Mention, PartialDate
from kg.vocab import EntityType, EventType, Predicate, is_a

MIN_SHARED_PEOPLE = 2
FLIGHTS: frozenset[EventType] = frozenset({"Launch", "Landing", "Docking"})


def _is_anchor(cls: EntityType) -> bool:
    """Crewed craft, stations, works and missions anchor the events they take part in; a
    rocket, a place or an agency alone does not."""
    return cls != "LaunchVehicle" and (
        is_a(cls, "Spacecraft") or is_a(cls, "CreativeWork") or cls == "Mission"
    )


def is_expedition(mission: Entity) -> bool:
    """Whether a mission is a stay on a station ("Expedition 21"), which no craft flies and
    which does not launch, rather than a flight."""
    return is_stay(mission.label)


@dataclass(slots=True)
class _Group:
    key: str
    type: EventType
    anchor: Entity | None
    events: list[Event] = field(default_factory=list)
    people: set[Entity] = field(default_factory=set)


def _anchor(event: Event, owner: dict[Mention, Entity]) -> Entity | None:
    """What an event is told about, which tellings of it share: the work filmed; for a
    flight, its mission when it is a flight of its own (a Space Shuttle orbiter flies many
    missions: "STS-41" tells one flight, "Discovery" does not), else the craft that flew,
    else the mission (an expedition), else a rocket of its own."""
    if event.type == "Filming":
        return owner.get(event.work) if event.work is not None else None
    mission = _mission(event, owner)
    if mission is not None and not is_expedition(mission):
        return mission
    vehicle = owner.get(event.vehicle) if event.vehicle is not None else None
    if vehicle is not None and _is_anchor(vehicle.type):
        return vehicle
    return mission or vehicle


def _flown_by(events: Iterable[Event], owner: dict[Mention, Entity]) -> dict[Entity, set[Entity]]:
    """For each flight mission, the craft its tellings name with it (a station expedition is
    flown by none: its crews come and go in several craft)."""
    flown: dict[Entity, set[Entity]] = defaultdict(set)
    for event in events:
        vehicle = owner.get(event.vehicle) if event.vehicle is not None else None
        mission = _mission(event, owner)
        if (
            vehicle is not None
            and vehicle.type == "Spacecraft"
            and mission is not None
            and not is_expedition(mission)
        ):
            flown[mission].add(vehicle)
    return flown


def _mission(event: Event, owner: dict[Mention, Entity]) -> Entity | None:
    return owner.get(event.mission) if event.mission is not None else None


def _people(event: Event, owner: dict[Mention, Entity]) -> set[Entity]:
    return {e for m in event.participants if (e := owner.get(m)) is not None}


def merge_events(events: Iterable[Event], owner: dict[Mention, Entity]) -> list[EventNode]:
    ordered = sorted(events, key=lambda e: (e.doc_id, e.sentence, e.type))
    flown_by = _flown_by(ordered, owner)
    groups: dict[str, _Group] = {}
    loose: list[Event] = []
    for event in ordered:
        anchor = _anchor(event, owner)
        if anchor is not None and _is_anchor(anchor.type):
            key = f"{event.type}:{anchor.key}"
            group = groups.setdefault(key, _Group(key, event.type, anchor))
            group.events.append(event)
            group.people |= _people(event, owner)
        else:
            loose.append(event)
    for event in loose:
        people = _people(event, owner)
        same_kind = [g for g in groups.values() if g.type == event.type and g.anchor is not None]
        best = max(same_kind, key=lambda g: (len(g.people & people), g.key), default=None)
        if best is None or len(best.people & people) < MIN_SHARED_PEOPLE:
            # within one article, "the crew arrived at the station" is the one docking it tells
            in_doc = [g for g in same_kind if any(e.doc_id == event.doc_id for e in g.events)]
            best = in_doc[0] if len(in_doc) == 1 else None
        if best is not None:
            best.events.append(event)
            best.people |= people
            continue
        anchor = _anchor(event, owner)  # a rocket of its own ("Soyuz rocket launches ...")
        if anchor is not None:
            key = f"{event.type}:{anchor.key}"
            group = groups.setdefault(key, _Group(key, event.type, anchor))
            group.events.append(event)
            group.people |= people
    return sorted((_node(g, owner, flown_by) for g in groups.values()), key=lambda n: n.key)


def _node(
    group: _Group, owner: dict[Mention, Entity], flown_by: dict[Entity, set[Entity]]
) -> EventNode:
    node = EventNode(key=group.key, type=group.type, sources=list(group.events))
    if group.type == "Filming":
        node.work = group.anchor
    elif group.anchor is not None and group.anchor.type == "Mission":
        node.mission = group.anchor
        node.vehicle = _most_told(
            (owner.get(e.vehicle) for e in group.events if e.vehicle is not None),
            flown_by.get(group.anchor, set()),
        )
    else:
        node.vehicle = group.anchor
        node.mission = _most_told((_mission(e, owner) for e in group.events), set())
    node.participants = sorted(group.people, key=lambda e: e.key)
    node.location = _most_specific(owner.get(e.location) for e in group.events if e.location)
    node.date = fuse_dates(e.date for e in group.events if e.date)
    return node


def _most_told(told: Iterable[Entity | None], known: set[Entity]) -> Entity | None:
    """The entity the tellings name most (first by key on a tie), else the one other
    tellings in the corpus give, if there is exactly one."""
    counts = Counter(e for e in told if e is not None and e.type != "LaunchVehicle")
    if counts:
        return min(counts, key=lambda e: (-counts[e], e.key))
    return next(iter(known)) if len(known) == 1 else None


def _most_specific(places: Iterable[Entity | None]) -> Entity | None:
    """The place most tellings name, a launch facility before a pad before a country."""
    counts: Counter[str] = Counter()
    by_key: dict[str, Entity] = {}
    for place in places:
        if place is not None:
            counts[place.key] += 1
            by_key[place.key] = place
    if not counts:
        return None

    def rank(key: str) -> tuple[int, int, str]:
        return (context().site_rank(by_key[key].label), -counts[key], key)

    return by_key[min(counts, key=rank)]


def fuse_dates(dates: Iterable[PartialDate]) -> dt.date | None:
    """A calendar day for an event: the full date most tellings give, else the union of
    the partial ones when they agree and together make a full date."""
    partials = list(dates)
    full = Counter(d.complete() for d in partials if d.complete() is not None)
    if full:
        return min(full, key=lambda d: (-full[d], d))
    merged: PartialDate | None = PartialDate()
    for partial in partials:
        merged = merged.merge(partial) if merged is not None else None
    return merged.complete() if merged is not None else None


def implied_facts(
    nodes: Sequence[EventNode], facts: Iterable[Fact], owner: dict[Mention, Entity]
) -> list[Fact]:
    """Facts the merged events imply, each tied to the sentence of a telling."""
    roles: dict[Entity, set[str]] = defaultdict(set)
    for fact in facts:
        subject = owner.get(fact.subject)
        if fact.predicate == "hasRole" and subject is not None and isinstance(fact.object, str):
            roles[subject].add(fact.object)
    implied: list[Fact] = []
    for node in nodes:
        crewed = node.vehicle is not None and node.vehicle.type == "Spacecraft"
        if node.type in FLIGHTS and (crewed or node.mission is not None):
            implied.extend(_flight_facts(node, owner))
        elif node.type == "Filming" and node.work is not None:
            implied.extend(_film_facts(node, roles, owner))
    return implied


def _implied(
    subject: Mention, predicate: Predicate, obj: Mention | dt.date, key: str, event: Event
) -> Fact:
    """A fact an event implies, tied to the sentence of the telling ``event``, made by the
    rule ``key`` of the rule table."""
    made_by = rule(key, predicate)
    return Fact(
        subject, predicate, obj, made_by.name, made_by.confidence, event.sentence, event.doc_id
    )


def _flight_facts(node: EventNode, owner: dict[Mention, Entity]) -> list[Fact]:
    """What a flight event implies: its people are the crew of its craft and of the
    missions its tellings name; a launch dates and places its craft and its mission (not
    a station expedition, which does not launch) and names their rocket; a docking says
    what the craft docked with, and the station as its destination; a mission with a craft
    was flown by it."""
    craft = _told(node.vehicle, [e.vehicle for e in node.sources], owner)
    if craft is not None and owner.get(craft) is not None and owner[craft].type != "Spacecraft":
        craft = None  # a rocket of its own anchors the event, but carries no crew
    if craft is not None and is_generic(craft.canonical or craft.text):
        craft = None  # "launched on a Soyuz rocket": a class of craft, no one craft
    facts: list[Fact] = []
    crew = f"{node.type.lower()}-crew"
    for event in node.sources:
        mission = event.mission if event.mission is not None else _told(node.mission, [], owner)
        flights = [m for m in (craft, mission) if m is not None]
        launched = [m for m in flights if not _is_expedition_mention(m, owner)]
        for person in event.participants:
            if owner.get(person) in node.participants:
                for flown in flights:
                    facts.append(_implied(person, "crewMemberOf", flown, crew, event))
        if craft is not None and mission is not None and not _is_expedition_mention(mission, owner):
            facts.append(_implied(mission, "spacecraft", craft, "flown-by", event))
        if node.type == "Docking" and craft is not None:
            for target in event.sites:
                joined = owner.get(target)
                if (
                    joined is not None
                    and (joined.type == "SpaceStation" or joined.type == "Spacecraft")
                    and joined is not node.vehicle
                ):
                    facts.append(_implied(craft, "dockedWith", target, "docking", event))
                    if joined.type == "SpaceStation":
                        key = "docking/destination"
                        facts.append(_implied(craft, "destination", target, key, event))
        if node.type != "Launch":
            continue
        for flight in launched:
            facts += _launch_facts(node, event, flight, owner)
    return facts


def _launch_facts(
    node: EventNode, event: Event, flight: Mention, owner: dict[Mention, Entity]
) -> list[Fact]:
    """A launch's date, facilities and pads, and rocket, for the craft or mission launched."""
    facts: list[Fact] = []
    if node.date is not None and event.date is not None and _agrees(event.date, node.date):
        facts.append(_implied(flight, "launchDate", node.date, "launch-date", event))
    if (
        node.location is not None
        and event.location is not None
        and owner.get(event.location) is node.location
    ):
        facts.append(_implied(flight, "launchedFrom", event.location, "launch-site", event))
    for site in event.sites:  # the pad too: "from Launch Complex 39A at Kennedy Space Center"
        if site is not event.location:
            facts.append(_implied(flight, "launchedFrom", site, "launch-site/pad", event))
    if event.carrier is not None:
        facts.append(_implied(flight, "launchVehicle", event.carrier, "launch-carrier", event))
    return facts


def _told(
    entity: Entity | None, mentions: Sequence[Mention | None], owner: dict[Mention, Entity]
) -> Mention | None:
    """A mention of ``entity``: one of ``mentions`` (the tellings') if one names it, else
    its first."""
    if entity is None:
        return None
    return (
        next((m for m in mentions if m is not None and owner.get(m) is entity), None)
        or (entity.mentions[0])
    )


def _is_expedition_mention(mention: Mention, owner: dict[Mention, Entity]) -> bool:
    entity = owner.get(mention)
    return entity is not None and entity.type == "Mission" and is_expedition(entity)


def _agrees(partial: PartialDate, day: dt.date) -> bool:
    return partial.merge(PartialDate(day.year, day.month, day.day)) is not None


def _film_facts(
    node: EventNode, roles: dict[Entity, set[str]], owner: dict[Mention, Entity]
) -> list[Fact]:
    """A director filming a work directed it; an actress or actor acted in it."""
    assert node.work is not None
    facts: list[Fact] = []
    relations = film_roles()
    for event in node.sources:
        assert event.work is not None
        for person in event.participants:
            entity = owner.get(person)
            if entity is None:
                continue
            if roles[entity] & relations["directedBy"]:
                key = "director-films-work"
                facts.append(_implied(event.work, "directedBy", person, key, event))
            if roles[entity] & relations["actedIn"]:
                facts.append(_implied(person, "actedIn", event.work, "actor-films-work", event))
    return facts
