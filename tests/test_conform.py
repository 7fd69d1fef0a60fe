"""The global pass drops what breaks the ontology's domains and ranges, and says so."""

from __future__ import annotations

import pytest

import kg.cli
from kg.builder import BuildReport
from kg.graph.conform import conform
from kg.records import Entity, EventNode, Statement


def _entity(label: str, type_: str) -> Entity:
    return Entity(key=f"{type_}:{label.lower()}", type=type_, label=label)  # type: ignore[arg-type]


def test_a_fact_whose_subject_or_object_breaks_the_ontology_is_dropped_and_said() -> None:
    person, film = _entity("Ana Roe", "Person"), _entity("Night Orbit", "Film")
    craft, mission = _entity("Soyuz MS-40", "Spacecraft"), _entity("Expedition 90", "Mission")
    kept = [
        Statement(person, "crewMemberOf", craft),
        Statement(person, "crewMemberOf", mission),  # a mission takes a crew too
        Statement(film, "directedBy", person),
    ]
    wrong = [
        Statement(person, "crewMemberOf", film),  # a film is flown by no one
        Statement(film, "launchDate", "2030-01-02"),  # a film does not launch
    ]
    result = conform(kept + wrong, [])
    assert result.statements == kept
    assert result.dropped == [
        "Ana Roe crewMemberOf Night Orbit: crewMemberOf does not take a Film as its object",
        "Night Orbit launchDate 2030-01-02: launchDate does not take a Film as its subject",
    ]


def test_an_event_link_that_breaks_the_ontology_is_dropped_and_the_event_kept() -> None:
    film, person = _entity("Night Orbit", "Film"), _entity("Ana Roe", "Person")
    event = EventNode("Filming:night", "Filming", work=film, participants=[person, film])
    result = conform([], [event])
    assert [e.participants for e in result.events] == [[person]]
    assert result.dropped == [
        "Filming of Night Orbit participant Night Orbit: participant does not take a Film as its object"
    ]


def test_an_event_left_about_nothing_is_dropped_whole() -> None:
    event = EventNode("Launch:x", "Launch", vehicle=_entity("Ana Roe", "Person"))
    result = conform([], [event])
    assert result.events == []
    assert len(result.dropped) == 2


@pytest.mark.parametrize("debug", [False, True])
def test_the_build_summary_counts_what_was_dropped(
    monkeypatch: pytest.MonkeyPatch, debug: bool
) -> None:
    monkeypatch.setattr(kg.cli, "_debug", debug)
    report = BuildReport(None, 1, {"Person": 1}, 0, 0, 0, 0.1, dropped=["a b c: why", "d e f: why"])
    summary = kg.cli._summary(report)
    assert "dropped 2 facts and event links that break the ontology" in summary
    assert ("  a b c: why" in summary) is debug
