"""Resolution on hand-made mention records: no NLP involved."""

from __future__ import annotations

import itertools

from kg.records import Mention
from kg.resolve import resolve

_offsets = itertools.count(0, 100)


def _m(
    doc: str,
    text: str,
    type_: str,
    *,
    source: str = "ner",
    confidence: float = 0.75,
    canonical: str = "",
) -> Mention:
    start = next(_offsets)
    return Mention(doc, start, start + len(text), text, type_, source, confidence, canonical)


def test_case_possessive_and_spacing_variants_merge() -> None:
    entities, _ = resolve(
        [
            _m("a", "Jane Doe", "Person"),
            _m("b", "JANE  DOE", "Person"),
            _m("b", "Jane Doe’s", "Person"),
        ]
    )
    assert len(entities) == 1
    assert entities[0].label == "Jane Doe"
    assert entities[0].doc_ids == ["a", "b"]


def test_surname_joins_the_full_name_in_its_document() -> None:
    mentions = [
        _m("a", "Jane Doe", "Person"),
        _m("a", "Doe", "Organization"),
        _m("a", "Doe", "Person"),
    ]
    entities, owner = resolve(mentions)
    assert [e.label for e in entities] == ["Jane Doe"]
    assert entities[0].type == "Person"
    assert {owner[m].label for m in mentions} == {"Jane Doe"}


def test_ambiguous_surname_stays_apart_from_either_full_name() -> None:
    mentions = [
        _m("a", "Jane Doe", "Person"),
        _m("b", "John Doe", "Person"),
        _m("c", "Doe", "Person"),
    ]
    entities, _ = resolve(mentions)
    assert sorted(e.label for e in entities) == ["Doe", "Jane Doe", "John Doe"]


def test_gazetteer_name_is_canonical_and_its_type_wins() -> None:
    mentions = [
        _m("a", "Roscosmos", "Person"),
        _m(
            "a", "Roscosmos", "Organization", source="ruler", confidence=0.95, canonical="Roscosmos"
        ),
        _m(
            "b",
            "Russian space agency",
            "Organization",
            source="ruler",
            confidence=0.95,
            canonical="Roscosmos",
        ),
    ]
    entities, _ = resolve(mentions)
    assert len(entities) == 1
    assert (entities[0].label, entities[0].type) == ("Roscosmos", "Organization")
    assert entities[0].alt_labels == ("Russian space agency",)


def test_headline_only_entities_are_dropped() -> None:
    entities, owner = resolve([_m("a", "Russian Crew", "Person", confidence=0.3)])
    assert entities == []
    assert owner == {}


def test_result_does_not_depend_on_input_order() -> None:
    mentions = [
        _m("a", "Jane Doe", "Person"),
        _m("b", "Doe", "Person"),
        _m("b", "NASA", "Organization"),
    ]
    first, _ = resolve(mentions)
    second, _ = resolve(list(reversed(mentions)))
    assert [(e.key, e.label, e.alt_labels) for e in first] == [
        (e.key, e.label, e.alt_labels) for e in second
    ]
