"""Resolution on hand-made mention records: no NLP involved."""

from __future__ import annotations

import itertools

from kg.graph.resolve import resolve
from kg.records import Alias, Mention

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


def test_transliterations_of_one_person_merge() -> None:
    mentions = [
        _m("a", "Yelena Serova", "Person"),
        _m("b", "Elena Serova", "Person"),
        _m("c", "Yelena Serrova", "Person"),
    ]
    mentions += [
        _m("c", "Serrova", "Person"),
        _m("d", "Anatoly Shaykin", "Person"),
        _m("e", "Anatoly Shaykin", "Person"),
        _m("f", "Anatoly Chaykin", "Person"),
    ]
    entities, _ = resolve(mentions)
    assert sorted(e.label for e in entities) == ["Anatoly Shaykin", "Yelena Serova"]


def test_same_surname_different_people_stay_apart() -> None:
    entities, _ = resolve(
        [
            _m("a", "Mark Kelly", "Person"),
            _m("b", "Scott Kelly", "Person"),
            _m("c", "Jane Doe", "Person"),
            _m("d", "John Doe", "Person"),
        ]
    )
    assert len(entities) == 4


def test_typos_of_places_merge_but_craft_numbers_never() -> None:
    places = [
        ("a", "Kazakhstan"),
        ("b", "Kazakhstan"),
        ("c", "Kazahkstan"),
        ("c", "Austria"),
        ("d", "Australia"),
    ]
    entities, _ = resolve([_m(doc, name, "Place") for doc, name in places])
    assert sorted(e.label for e in entities) == ["Australia", "Austria", "Kazakhstan"]
    entities, _ = resolve(
        [_m("a", "Soyuz MS-23", "Spacecraft"), _m("b", "Soyuz MS-24", "Spacecraft")]
    )
    assert len(entities) == 2


def test_known_forms_and_short_forms_of_craft() -> None:
    mentions = [
        _m("a", "Soyuz MS-24/70S", "Spacecraft"),
        _m("b", "Soyuz MS-24", "Spacecraft"),
        _m("b", "Soyuz MS-24", "Spacecraft"),
        _m("c", "MS-24", "Spacecraft"),
    ]
    entities, _ = resolve(mentions)
    assert [(e.label, e.alt_labels) for e in entities] == [
        ("Soyuz MS-24", ("MS-24", "Soyuz MS-24/70S"))
    ]


def test_a_family_name_written_first_joins_inside_its_document() -> None:
    mentions = [_m("a", "Wang Yaping", "Person"), _m("a", "Wang", "Organization")]
    _, owner = resolve(mentions)
    assert owner[mentions[1]].label == "Wang Yaping"
    # in another document, a first word alone is no reason to join
    mentions = [_m("a", "Wang Yaping", "Person"), _m("b", "Wang", "Person")]
    entities, _ = resolve(mentions)
    assert len(entities) == 2


def test_aliases_stated_in_the_text_join() -> None:
    long_form, acronym = (
        _m("a", "Gagarin Research Centre", "Organization"),
        _m("a", "GRC", "Organization"),
    )
    entities, _ = resolve([long_form, acronym], [Alias(long_form, acronym, "acronym")])
    assert [(e.label, e.alt_labels) for e in entities] == [("Gagarin Research Centre", ("GRC",))]


def test_a_stated_transliteration_joins_even_when_fuzzy_matching_would_not() -> None:
    first, second = _m("a", "Aleksandr Zaletin", "Person"), _m("a", "Oleksandr Zalyotin", "Person")
    entities, _ = resolve([first, second], [Alias(first, second, "also-named")])
    assert len(entities) == 1


def test_a_place_is_no_short_form_of_the_longer_place_it_begins_or_ends() -> None:
    mentions = [
        _m("a", "Vale Beach", "Place"),
        _m("a", "Vale", "Place"),
        _m("a", "North Tarnia", "Place"),
        _m("a", "Tarnia", "Place"),
    ]
    entities, _ = resolve(mentions)
    assert sorted(e.label for e in entities) == ["North Tarnia", "Tarnia", "Vale", "Vale Beach"]


def test_a_country_is_short_for_the_republic_of_it() -> None:
    mentions = [_m("a", "Republic of Vandoria", "Place"), _m("a", "Vandoria", "Place")]
    entities, _ = resolve(mentions)
    assert len(entities) == 1


def test_a_town_in_one_text_is_not_a_surname_in_another() -> None:
    mentions = [_m("a", "Ada Orlen", "Person"), _m("b", "Orlen", "Place")]
    entities, _ = resolve(mentions)
    assert sorted((e.label, e.type) for e in entities) == [
        ("Ada Orlen", "Person"),
        ("Orlen", "Place"),
    ]


def test_a_site_is_short_for_its_cosmodrome() -> None:
    mentions = [_m("a", "Tarsk Cosmodrome", "Place"), _m("a", "Tarsk", "Place")]
    entities, _ = resolve(mentions)
    assert len(entities) == 1


def test_a_family_name_the_model_took_for_a_place_votes_with_its_full_name() -> None:
    mentions = [_m("a", "Mira Tanabe", "Person")] + [_m("a", "Tanabe", "Place") for _ in range(6)]
    entities, _ = resolve(mentions)
    assert [(e.label, e.type) for e in entities] == [("Mira Tanabe", "Person")]


def test_a_company_is_known_by_its_first_word_in_another_text() -> None:
    mentions = [_m("a", "Orbix Corporation", "Organization"), _m("b", "Orbix", "Organization")]
    entities, _ = resolve(mentions)
    assert [e.label for e in entities] == ["Orbix Corporation"]
