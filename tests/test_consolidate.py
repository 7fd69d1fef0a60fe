"""Merging events across documents and the facts they imply, on hand-made records."""

from __future__ import annotations

import datetime as dt
import itertools

from kg.graph.consolidate import fuse_dates, implied_facts, merge_events
from kg.records import Entity, Event, Fact, Mention
from kg.text.dates import PartialDate

_offsets = itertools.count(0, 100)


def _m(doc: str, text: str, type_: str) -> Mention:
    start = next(_offsets)
    return Mention(doc, start, start + len(text), text, type_)


def _entity(type_: str, label: str, *mentions: Mention) -> Entity:
    return Entity(key=f"{type_}:{label.lower()}", type=type_, label=label, mentions=list(mentions))


def _event(
    doc: str, type_: str, vehicle: Mention | None, people: tuple[Mention, ...] = (), **kw: object
) -> Event:
    return Event(doc, type_, "test", 0.7, (0, 10), vehicle=vehicle, participants=people, **kw)  # type: ignore[arg-type]


def test_tellings_join_on_their_craft_and_on_shared_people() -> None:
    craft_a, rocket_b = _m("a", "Soyuz MS-30", "Spacecraft"), _m("b", "Soyuz", "LaunchVehicle")
    site_a, country_b = _m("a", "Baikonur Cosmodrome", "Place"), _m("b", "Kazakhstan", "Place")
    people_a = (_m("a", "Jane Roe", "Person"), _m("a", "John Poe", "Person"))
    people_b = (_m("b", "Jane Roe", "Person"), _m("b", "John Poe", "Person"))
    craft, rocket = (
        _entity("Spacecraft", "Soyuz MS-30", craft_a),
        _entity("LaunchVehicle", "Soyuz", rocket_b),
    )
    site, country = (
        _entity("Place", "Baikonur Cosmodrome", site_a),
        _entity("Place", "Kazakhstan", country_b),
    )
    jane, john = (
        _entity("Person", "Jane Roe", people_a[0], people_b[0]),
        _entity("Person", "John Poe", people_a[1], people_b[1]),
    )
    owner = {craft_a: craft, rocket_b: rocket, site_a: site, country_b: country}
    owner.update({people_a[0]: jane, people_b[0]: jane, people_a[1]: john, people_b[1]: john})
    events = [
        _event("a", "Launch", craft_a, people_a, location=site_a),
        _event("b", "Launch", rocket_b, people_b, location=country_b, date=PartialDate(2030, 3, 4)),
    ]
    [node] = merge_events(events, owner)
    assert node.vehicle is craft
    assert node.location is site  # the launch site, not the country
    assert node.date == dt.date(2030, 3, 4)
    assert node.participants == [jane, john]
    facts = {
        (f.subject.text, f.predicate, str(getattr(f.object, "text", f.object)))
        for f in implied_facts([node], [], owner)
    }
    assert ("Jane Roe", "crewMemberOf", "Soyuz MS-30") in facts
    assert ("Soyuz MS-30", "launchDate", "2030-03-04") in facts
    assert ("Soyuz MS-30", "launchedFrom", "Baikonur Cosmodrome") in facts


def test_one_shared_person_is_not_enough() -> None:
    craft_a, rocket_b = _m("a", "Soyuz MS-30", "Spacecraft"), _m("b", "Soyuz", "LaunchVehicle")
    person_a, person_b = _m("a", "Jane Roe", "Person"), _m("b", "Jane Roe", "Person")
    jane = _entity("Person", "Jane Roe", person_a, person_b)
    owner = {
        craft_a: _entity("Spacecraft", "Soyuz MS-30", craft_a),
        rocket_b: _entity("LaunchVehicle", "Soyuz", rocket_b),
    }
    owner.update({person_a: jane, person_b: jane})
    nodes = merge_events(
        [_event("a", "Launch", craft_a, (person_a,)), _event("b", "Launch", rocket_b, (person_b,))],
        owner,
    )
    assert sorted(n.vehicle.label for n in nodes if n.vehicle) == ["Soyuz", "Soyuz MS-30"]


def test_partial_dates_from_two_articles_complete_each_other() -> None:
    assert fuse_dates([PartialDate(None, 10, 17), PartialDate(2021, 10, None)]) == dt.date(
        2021, 10, 17
    )
    assert fuse_dates([PartialDate(None, 10, 17), PartialDate(2021, 11, None)]) is None
    assert fuse_dates(
        [PartialDate(2021, 10, 5), PartialDate(2021, 10, 5), PartialDate(2021, 10, 6)]
    ) == dt.date(2021, 10, 5)
    assert fuse_dates([PartialDate(None, 10, None)]) is None


def test_a_director_filming_a_work_directed_it() -> None:
    work_m, director_m, actress_m = (
        _m("a", "Orbit Nine", "CreativeWork"),
        _m("a", "John Poe", "Person"),
        _m("a", "Jane Roe", "Person"),
    )
    work = _entity("CreativeWork", "Orbit Nine", work_m)
    john, jane = _entity("Person", "John Poe", director_m), _entity("Person", "Jane Roe", actress_m)
    owner = {work_m: work, director_m: john, actress_m: jane}
    filming = Event(
        "a", "Filming", "test", 0.7, (0, 10), work=work_m, participants=(director_m, actress_m)
    )
    roles = [
        Fact(director_m, "hasRole", "director", "t", 0.9, (0, 1), "a"),
        Fact(actress_m, "hasRole", "actress", "t", 0.9, (0, 1), "a"),
    ]
    [node] = merge_events([filming], owner)
    facts = {
        (f.subject.text, f.predicate, f.object.text if isinstance(f.object, Mention) else f.object)
        for f in implied_facts([node], roles, owner)
    }
    assert facts == {
        ("Orbit Nine", "directedBy", "John Poe"),
        ("Jane Roe", "actedIn", "Orbit Nine"),
    }


def test_a_launch_on_a_class_of_craft_gives_no_crew() -> None:
    # "X launched on a Soyuz rocket": Soyuz names a class of craft, not the one X flew
    craft_m, person_m = _m("a", "Soyuz", "Spacecraft"), _m("a", "Jane Roe", "Person")
    owner = {
        craft_m: _entity("Spacecraft", "Soyuz", craft_m),
        person_m: _entity("Person", "Jane Roe", person_m),
    }
    [node] = merge_events([_event("a", "Launch", craft_m, (person_m,))], owner)
    assert not [f for f in implied_facts([node], [], owner) if f.predicate == "crewMemberOf"]
