"""Entity spans and types on the shapes real agency texts take: ranks and roles before
names, suffixes after them, services before ranks. Sentences are made up for the tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.builder import build
from kg.evaluate import evaluate, load_gold
from kg.extract.mentions import find_mentions, headline_lines, propagate_names
from kg.graph.resolve import resolve
from kg.nlp.entities import MODEL_NAMES, entity_context
from kg.text.clean import clean
from tests.conftest import spans_for

DATA = Path(__file__).parent / "data"


def _ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


def _mentions(nlp: Language, text: str) -> list[tuple[str, str]]:
    cleaned = clean(text)
    return [
        (f.mention.text, f.mention.type) for f in find_mentions(nlp(cleaned.text), "d", cleaned)
    ]


def _with_ents(nlp: Language, text: str, *ents: tuple[str, str]) -> Doc:
    """A parsed doc whose model entities are replaced by ``ents``, then re-typed by context."""
    doc = nlp(text)
    doc.set_ents(spans_for(doc, *ents), default="outside")
    return entity_context(doc)


def test_a_service_before_a_rank_is_an_organization_and_the_rank_no_part_of_a_name(
    blank_nlp: Language,
) -> None:
    doc = blank_nlp("Navy Capt. Jane Roe and Coast Guard Lt. Cmdr. Ola Berg will fly.")
    assert _ents(doc) == [
        ("Navy", "ORG"),
        ("Jane Roe", "PERSON"),
        ("Coast Guard", "ORG"),
        ("Ola Berg", "PERSON"),
    ]


def test_an_honorific_or_an_abbreviated_rank_makes_a_person(blank_nlp: Language) -> None:
    assert _ents(blank_nlp("In May, Dr. Quillfeather joined the crew.")) == [
        ("Quillfeather", "PERSON")
    ]
    assert _ents(blank_nlp("They met General Motors and Major League teams.")) == []


def test_a_generational_suffix_is_part_of_the_name(blank_nlp: Language) -> None:
    doc = _with_ents(
        blank_nlp,
        "It was flown by Amos T. Whitcombe, Jr. and Ray Pell III, the pilot.",
        ("Amos T. Whitcombe", "PERSON"),
        ("Jr.", "GPE"),
        ("Ray Pell", "PERSON"),
    )
    assert _ents(doc) == [("Amos T. Whitcombe, Jr.", "PERSON"), ("Ray Pell III", "PERSON")]


def test_role_nouns_before_a_name_are_cut_and_a_role_alone_is_no_name(
    blank_nlp: Language,
) -> None:
    doc = _with_ents(
        blank_nlp,
        "Astronauts Tanaka and Mission Specialist Ivo Lind met the Payload Specialist.",
        ("Astronauts Tanaka", "PERSON"),
        ("Mission Specialist Ivo Lind", "ORG"),
        ("Payload Specialist", "ORG"),
    )
    assert _ents(doc) == [("Tanaka", "PERSON"), ("Ivo Lind", "PERSON")]


def test_a_role_before_a_common_noun_names_no_one(nlp: Language) -> None:
    doc = _with_ents(
        nlp,
        "10:00 - Astronaut Training, Central Hall\n11:00 - Astronaut Marek arrives",
        ("10:00 - Astronaut Training", "PERSON"),
        ("Astronaut Marek", "PERSON"),
    )
    assert ("Marek", "PERSON") in _ents(doc)
    assert not [e for e in doc.ents if "Training" in e.text]


def test_a_last_word_of_craft_mission_or_site_gives_the_class(blank_nlp: Language) -> None:
    doc = _with_ents(
        blank_nlp,
        "The Kestrel Deep Telescope, the Orion Upper Stage, the Vargas Increment and the "
        "Ridgeway Space Flight Center were named, and Repair Mission 2 too.",
        ("Kestrel Deep Telescope", "FAC"),
        ("Orion Upper Stage", "ORG"),
        ("Vargas Increment", "PERSON"),
        ("Ridgeway Space Flight Center", "ORG"),
        ("Repair Mission 2", "ORG"),
    )
    assert _ents(doc) == [
        ("Kestrel Deep Telescope", "SPACECRAFT"),
        ("Orion Upper Stage", "SPACECRAFT"),
        ("Vargas Increment", "MISSION"),
        ("Ridgeway Space Flight Center", "FAC"),
        ("Repair Mission 2", "MISSION"),
    ]


def test_a_head_noun_may_be_plural_or_follow_a_modifier(nlp: Language) -> None:
    doc = _with_ents(
        nlp,
        "They worked in the Halcyon laboratories and the Brisa pressurized module.",
        ("Halcyon", "GPE"),
        ("Brisa", "PERSON"),
    )
    assert _ents(doc) == [("Halcyon", "SPACECRAFT"), ("Brisa", "SPACECRAFT")]


def test_a_programme_before_mission_names_no_mission(blank_nlp: Language) -> None:
    doc = _with_ents(blank_nlp, "He flew the first Gemini mission.", ("Gemini", "ORG"))
    assert _ents(doc) == []


def test_a_satellite_in_apposition_and_a_piloted_name_are_craft(nlp: Language) -> None:
    doc = _with_ents(
        nlp,
        "They retrieved the Skylark Carrier, a small satellite. Later she piloted Heron home.",
        ("Skylark Carrier", "ORG"),
        ("Heron", "ORG"),
    )
    assert _ents(doc) == [("Skylark Carrier", "SPACECRAFT"), ("Heron", "SPACECRAFT")]


def test_a_quoted_name_on_board_is_a_craft(blank_nlp: Language) -> None:
    doc = _with_ents(blank_nlp, "They returned on board ''Falcon'' at dawn.", ("Falcon", "ORG"))
    assert _ents(doc) == [("Falcon", "SPACECRAFT")]


def test_an_owner_before_a_name_is_no_part_of_it(blank_nlp: Language) -> None:
    doc = _with_ents(
        blank_nlp,
        "It ended Amara’s Meridian mission at the Station's Lyra module.",
        ("Amara’s Meridian", "PERSON"),
        ("Station's Lyra", "ORG"),
    )
    assert _ents(doc) == [("Meridian", "MISSION"), ("Lyra", "SPACECRAFT")]


def test_shuttle_mir_and_soyuz_designators_in_every_spelling(blank_nlp: Language) -> None:
    text = (
        "After STS 41-B and Mission 51-C, she flew STS-51J; the Soyuz (27S/TMA-07M) "
        "carried the Mir 21 crew, relieved by the Mir-22 crew."
    )
    found = _mentions(blank_nlp, text)
    assert ("STS 41-B", "Mission") in found
    assert ("Mission 51-C", "Mission") in found
    assert ("STS-51J", "Mission") in found
    assert ("TMA-07M", "Spacecraft") in found
    assert ("Mir 21", "Mission") in found
    assert ("Mir-22", "Mission") in found


def test_spellings_of_one_designator_resolve_to_one_entity(blank_nlp: Language) -> None:
    text = "STS 51-D flew in April. Mission 51-D and STS-51D are the same; so is Mir 18 of Mir-18."
    cleaned = clean(text)
    mentions = [f.mention for f in find_mentions(blank_nlp(cleaned.text), "d", cleaned)]
    entities, _ = resolve(mentions)
    assert sorted(e.label for e in entities) == ["Mir EO-18", "STS-51-D"]


def test_every_item_of_a_crew_list_is_a_person(blank_nlp: Language) -> None:
    doc = blank_nlp(
        "Main crew: Varga, Kellerman-Ruiz, Ada Okafor and ESA astronaut Pim Dekker; "
        "reserve crew: Lund and Ovid Marsh.\n\nThe flight went well.\n"
        "Crew: Varga, Lund\nBackup crew: Ivo Lind"
    )
    people = [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert people == [
        "Varga",
        "Kellerman-Ruiz",
        "Ada Okafor",
        "Pim Dekker",
        "Lund",
        "Ovid Marsh",
        "Varga",
        "Lund",
        "Ivo Lind",
    ]


def test_lines_that_list_or_hold_sentences_are_no_headlines() -> None:
    text = (
        "Docking Day at the Orbital Outpost\n"
        "Relief Crew: Varga, Lund\n"
        "Photo with Commander Ada Okafor, Pilot Pim Dekker. Credit: Agency\n"
        "  • Pilot William Oefel (NASA)\n"
    )
    assert [text[a:b] for a, b in headline_lines(text)] == ["Docking Day at the Orbital Outpost"]


def test_a_slashed_or_ordinal_pair_of_expeditions_names_each(blank_nlp: Language) -> None:
    text = "She joined Expedition 70/71 and later served on the 73rd and 74th expedition."
    cleaned = clean(text)
    mentions = [f.mention for f in find_mentions(blank_nlp(cleaned.text), "d", cleaned)]
    entities, _ = resolve(mentions)
    assert sorted(e.label for e in entities) == [
        "Expedition 70",
        "Expedition 71",
        "Expedition 73",
        "Expedition 74",
    ]


def test_a_fleet_member_alone_is_the_craft_its_document_names_with_its_class(
    blank_nlp: Language,
) -> None:
    doc = blank_nlp(
        "Space Shuttle: Atlantis\n\nThe crew steered Atlantis below the station; "
        "the orbiter Discovery waited."
    )
    craft = [(e.text, e.ent_id_) for e in doc.ents if e.label_ == "Spacecraft"]
    assert craft == [
        ("Space Shuttle: Atlantis", "Space Shuttle Atlantis"),
        ("Atlantis", "Space Shuttle Atlantis"),
        ("orbiter Discovery", "Space Shuttle Discovery"),
    ]


def test_a_fleet_name_given_to_another_craft_stays_apart(blank_nlp: Language) -> None:
    doc = blank_nlp(
        "They named their capsule Atlantis after Space Shuttle Atlantis. Atlantis docked."
    )
    alone = [e for e in doc.ents if e.text == "Atlantis"]
    assert all(e.ent_id_ != "Space Shuttle Atlantis" for e in alone)


def test_a_crew_dragon_with_its_own_name_is_one_craft(blank_nlp: Language) -> None:
    text = (
        "The SpaceX Dragon Perseverance docked; Crew Dragon Perseverance left. Crew Dragon Docks."
    )
    cleaned = clean(text)
    mentions = [f.mention for f in find_mentions(blank_nlp(cleaned.text), "d", cleaned)]
    entities, _ = resolve(mentions)
    labels = {e.label for e in entities}
    assert "Crew Dragon Perseverance" in labels
    assert not any("Docks" in label for label in labels)


def test_sentences_that_name_a_mission(nlp: Language) -> None:
    text = (
        "Zenith4 was the first orbital spaceflight of the company. "
        "Her second mission is called Farther. "
        "His 200-day mission, dubbed Pale Harbor, began in May. "
        "The mission to the station, known as 'Vantage', ends soon. "
        "Photos of Zenith4 were shown."
    )
    missions = [e.text for e in nlp(text).ents if e.label_ in {"MISSION", "Mission"}]
    assert missions == ["Zenith4", "Farther", "Pale Harbor", "Vantage"]
    cleaned = clean(text)
    found = find_mentions(nlp(cleaned.text), "d", cleaned)
    found = propagate_names(nlp(cleaned.text), "d", cleaned, found)
    assert [f.mention.text for f in found if f.mention.type == "Mission"].count("Zenith4") == 2


def test_a_persons_name_takes_in_first_names_and_a_hyphened_part(blank_nlp: Language) -> None:
    doc = _with_ents(
        blank_nlp,
        "said Omar Khalid AlTamimi, Director General Ada Vogt and Lena Moor-Hale.",
        ("Omar", "ORG"),
        ("AlTamimi", "PERSON"),
        ("Ada Vogt", "PERSON"),
        ("Lena Moor", "PERSON"),
    )
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == [
        "Omar Khalid AlTamimi",
        "Ada Vogt",
        "Lena Moor-Hale",
    ]


def test_a_spelled_out_acronym_is_the_name_it_stands_for(blank_nlp: Language) -> None:
    text = (
        "The Orbital Tug Stage (OTS) lifted the probe; later the OTS fired again. "
        "Staff of the Pacific Deep Tracking Site (PTS) watched."
    )
    doc = _with_ents(
        blank_nlp,
        text,
        ("Orbital Tug Stage", "ORG"),
        ("OTS", "ORG"),
        ("Pacific Deep Tracking Site", "ORG"),
    )
    assert ("OTS", "SPACECRAFT") in _ents(doc) and ("PTS", "FAC") in _ents(doc)
    assert _ents(doc).count(("OTS", "SPACECRAFT")) == 2
    cleaned = clean(text)
    entities, _ = resolve([f.mention for f in find_mentions(doc, "d", cleaned)])
    assert sorted(e.label for e in entities) == ["Orbital Tug Stage", "Pacific Deep Tracking Site"]


def test_fact_sheet_fields_give_their_values_a_class_and_their_labels_none(
    blank_nlp: Language,
) -> None:
    text = (
        "Mission: Deep Relay Satellite-7 (DRS-7)\n"
        "Launch Pad: 39C\n"
        "Landing Site: Northgate Air Force Base, Nev.\n"
        "Runway: 12\n"
    )
    doc = blank_nlp(text)
    assert _ents(doc) == [
        ("Deep Relay Satellite-7", "SPACECRAFT"),
        ("DRS-7", "SPACECRAFT"),
        ("Launch Pad: 39C", "Place"),
        ("Northgate Air Force Base", "FAC"),
        ("Nev.", "Place"),  # an abbreviated US state, from the gazetteer
    ]
    entities, _ = resolve([f.mention for f in find_mentions(doc, "d", clean(text))])
    assert "Launch Pad 39C" in {e.label for e in entities}
    labelled = _with_ents(blank_nlp, text, ("Runway", "ORG"), ("Northgate Air Force Base", "ORG"))
    assert ("Northgate Air Force Base", "FAC") in _ents(labelled)
    assert not [e for e in labelled.ents if e.text == "Runway"]


def test_time_zones_catalogue_numbers_and_page_furniture_name_nothing(
    make_doc: Callable[..., Doc],
) -> None:
    text = "Press Release\nAt 9:00 (Lisbon Summer Time), photo ISS071-E-0042 was taken, JST.\n"
    doc = make_doc(
        text,
        ("Press Release", "ORG"),
        ("Lisbon Summer Time", "ORG"),
        ("ISS071-E-0042", "ORG"),
        ("JST", "ORG"),
    )
    assert find_mentions(doc, "d", clean(text)) == []


def test_a_capitalized_word_before_a_landscape_noun_names_a_place(blank_nlp: Language) -> None:
    doc = _with_ents(blank_nlp, "They landed in the Mongol steppe at dawn.", ("Mongol", "ORG"))
    assert _ents(doc) == [("Mongol steppe", "FAC")]


def test_plural_common_nouns_and_adjectives_are_no_names(nlp: Language) -> None:
    doc = _with_ents(
        nlp,
        "They met the Uzbek government and listed the Detailed Flight Objectives. "
        "Amazon founder Ian Roe came.",
        ("Uzbek", "ORG"),
        ("Objectives", "PERSON"),
        ("Amazon", "ORG"),
        ("Ian Roe", "PERSON"),
    )
    assert _ents(doc) == [("Amazon", "ORG"), ("Ian Roe", "PERSON")]


def test_a_gerund_before_a_mission_noun_is_no_modifier_of_a_name(nlp: Language) -> None:
    doc = _with_ents(nlp, "It was the last Hubble servicing mission.", ("Hubble", "GPE"))
    assert _ents(doc) == [("Hubble", "GPE")]


def test_names_of_experiments_and_payloads_are_no_entities(nlp: Language) -> None:
    text = (
        "Student experiments aboard the shuttle included the Bubble Growth Rig (BGR) and "
        "the Coastal Algae Facility. Canadian experiments like FlowCheck will run. "
        "The main experiment was an evaluation of the Tasman Institute's experimental "
        "Hand Tracker. An SMX is a NASA-sponsored investigation. She ran 40 experiments, "
        "including the Grip Force study and the Capillary Flow Experiment.\n"
        "Secondary payloads: Seed Sprouting Study (SSS); Heat Loop Demonstrator\n"
        "The primary payload was the Orbital Docking Module."
    )
    doc = _with_ents(
        nlp,
        text,
        ("Bubble Growth Rig", "ORG"),
        ("BGR", "ORG"),
        ("Coastal Algae Facility", "ORG"),
        ("FlowCheck", "ORG"),
        ("Tasman Institute's", "ORG"),
        ("Hand Tracker", "ORG"),
        ("SMX", "ORG"),
        ("NASA", "ORG"),
        ("Grip Force", "ORG"),
        ("Capillary Flow Experiment", "ORG"),
        ("Seed Sprouting Study", "ORG"),
        ("Heat Loop Demonstrator", "ORG"),
        ("Orbital Docking Module", "ORG"),
    )
    assert _ents(doc) == [
        ("Tasman Institute's", "ORG"),
        ("NASA", "ORG"),
        ("Orbital Docking Module", "SPACECRAFT"),
    ]


def test_the_dateline_of_a_release_is_a_place(nlp: Language) -> None:
    doc = _with_ents(
        nlp,
        "Saint-Hubert, Quebec, March 4, 2021 – Today the agency said so.",
        ("Saint-Hubert", "PERSON"),
        ("Quebec", "GPE"),
        ("March 4, 2021", "DATE"),
    )
    assert ("Saint-Hubert", "FAC") in _ents(doc)


def test_a_name_listed_after_a_role_with_a_person_is_a_person(nlp: Language) -> None:
    doc = _with_ents(
        nlp,
        "She trained along with Astronauts Kiyomi and Tanabe last year.",
        ("Astronauts Kiyomi", "PERSON"),
        ("Tanabe", "ORG"),
    )
    assert _ents(doc) == [("Kiyomi", "PERSON"), ("Tanabe", "PERSON")]


def test_the_signature_of_a_statement_names_a_person(blank_nlp: Language) -> None:
    doc = blank_nlp("Thank you.\n\nHaruto Ishikawa\nPresident\nNational Space Office\n")
    assert ("Haruto Ishikawa", "PERSON") in _ents(doc)


def test_a_name_the_model_missed_is_found_by_its_last_word(blank_nlp: Language) -> None:
    doc = blank_nlp("She worked inside the Service Block Module of the station.")
    assert _ents(doc) == [("Service Block Module", "SPACECRAFT")]


def test_a_gazetteer_name_that_only_begins_a_longer_name_gives_way(
    make_doc: Callable[..., Doc],
) -> None:
    text = "He studied at the U.S. Polar Academy and flew with the U.S. Navy Col. Ray Tern."
    doc = make_doc(text, ("the U.S. Polar Academy", "ORG"))
    doc.spans[MODEL_NAMES] = list(doc.ents)
    doc.set_ents(spans_for(doc, ("U.S.", "Place"), ("U.S. Navy", "Organization")))
    names = _ents(entity_context(doc))
    assert ("U.S. Polar Academy", "ORG") in names or ("the U.S. Polar Academy", "ORG") in names
    assert ("U.S. Navy", "Organization") in names


def test_a_name_cut_short_takes_the_words_that_give_its_class(blank_nlp: Language) -> None:
    text = "09:24 - Testing, Ridgeway Space Flight Center, insertion of the Kestrel Telescope"
    doc = _with_ents(blank_nlp, text, ("Ridgeway Space", "PERSON"), ("Kestrel Telescope", "FAC"))
    assert _ents(doc) == [
        ("Ridgeway Space Flight Center", "FAC"),
        ("Kestrel Telescope", "SPACECRAFT"),
    ]
    found = propagate_names(doc, "d", clean(text), find_mentions(doc, "d", clean(text)))
    assert [f.mention.text for f in found] == ["Ridgeway Space Flight Center", "Kestrel Telescope"]


def test_a_name_the_model_took_for_a_nationality_may_name_a_craft(nlp: Language) -> None:
    doc = _with_ents(
        nlp,
        "It docked at the station's Concord module, the longest Arab space mission, "
        "next to a Russian module.",
        ("Concord", "NORP"),
        ("Arab", "NORP"),
        ("Russian", "NORP"),
    )
    assert _ents(doc) == [("Concord", "SPACECRAFT"), ("Arab", "NORP"), ("Russian", "NORP")]


def test_another_name_in_brackets_is_the_same_place(blank_nlp: Language) -> None:
    text = "It flew from the Ridge Cosmodrome (then known as Kolmark) near the Tavda region."
    doc = _with_ents(blank_nlp, text, ("Ridge Cosmodrome", "FAC"), ("Kolmark", "ORG"))
    assert _ents(doc) == [
        ("Ridge Cosmodrome", "FAC"),
        ("Kolmark", "FAC"),
        ("Tavda region", "FAC"),
    ]
    entities, _ = resolve([f.mention for f in find_mentions(doc, "d", clean(text))])
    assert sorted(e.label for e in entities) == ["Ridge Cosmodrome", "Tavda region"]


def test_real_agency_texts_stay_above_the_floor(
    trained_model: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """real-dev (34 agency texts) measured 0.692 entity F1 before the mechanisms of this
    file and 0.956 after; the floor leaves room for model noise, not for rules that stop
    generalizing."""
    output = tmp_path_factory.mktemp("real-dev") / "graph.ttl"
    build([DATA / "real" / "dev"], output)
    report = evaluate(
        Graph().parse(output, format="turtle"), load_gold(DATA / "real-dev-gold.json")
    )
    assert report.entities.f1 >= 0.93, report.missed_entities + report.false_entities


def test_guards_of_the_payload_fleet_and_landscape_rules(make_doc: Callable[..., Doc]) -> None:
    text = (
        "The orbiter Discovery flew; the Discovery Channel filmed it. The experiments "
        "included work by the Tokai Marine University. Rain fell on the Asia-Pacific region."
    )
    doc = make_doc(text, ("Discovery Channel", "ORG"), ("Tokai Marine University", "ORG"))
    craft = Span(doc, 1, 3, label="Spacecraft", span_id="Space Shuttle Discovery")
    doc.set_ents([craft], default="unmodified")
    names = _ents(entity_context(doc))
    assert ("Discovery Channel", "ORG") in names
    assert ("Tokai Marine University", "ORG") in names
    assert not [name for name, _ in names if "region" in name]


def test_a_name_listed_with_a_site_is_a_site(nlp: Language) -> None:
    doc = _with_ents(
        nlp,
        "They visited the Old Market Square and Citadel in Varna.",
        ("Old Market Square", "FAC"),
        ("Citadel", "ORG"),
        ("Varna", "GPE"),
    )
    assert ("Citadel", "FAC") in _ents(doc)


def test_designators_listed_after_a_plural_craft_noun_are_craft(nlp: Language) -> None:
    doc = _with_ents(
        nlp,
        "The cargo held two weather satellites, KRX-7 for a Danish firm and ORBIS II-4, or "
        "Veltra-3, built in Ohio.",
    )
    craft = [(e.text, e.id_) for e in doc.ents if e.label_ == "SPACECRAFT"]
    assert craft == [("KRX-7", "KRX-7"), ("ORBIS II-4", "ORBIS II-4"), ("Veltra-3", "ORBIS II-4")]


def test_a_persons_surname_wins_over_the_models_product_or_event(blank_nlp: Language) -> None:
    text = "NASA astronaut Ola Brekke trained. Brekke will fly in May. The Brekke Award Gala ran."
    doc = blank_nlp(text)
    at = {(t.text, t.i) for t in doc}
    assert {("Ola", 2), ("Brekke", 6), ("Brekke", 13)} <= at
    ents = [Span(doc, 2, 4, "PERSON"), Span(doc, 6, 7, "PRODUCT"), Span(doc, 13, 15, "EVENT")]
    doc.set_ents(ents, default="outside")
    cleaned = clean(text)
    found = propagate_names(doc, "d", cleaned, find_mentions(doc, "d", cleaned))
    people = [(f.mention.text, f.span.start) for f in found if f.mention.type == "Person"]
    # the product the model saw is the person; the award's name stays no person's mention
    assert people == [("Ola Brekke", 2), ("Brekke", 6)]


def test_a_name_goes_on_past_a_quoted_nickname(nlp: Language) -> None:
    text = (
        "Vice President Marcus T. “Mack” Dorrance and Senator Elena R. “Lena” Vasquez greeted "
        "Commander Peter “Pete” Olafsen."
    )
    people = [m for m in _mentions(nlp, text) if m[1] == "Person"]
    assert [name for name, _ in people] == [
        "Marcus T. “Mack” Dorrance",
        "Elena R. “Lena” Vasquez",
        "Peter “Pete” Olafsen",
    ]


def test_an_expedition_numbered_in_words_is_known_by_its_number(nlp: Language) -> None:
    cleaned = clean("She joined Expedition Eight on the station.")
    found = find_mentions(nlp(cleaned.text), "d", cleaned)
    assert [(f.mention.text, f.mention.canonical) for f in found] == [
        ("Expedition Eight", "Expedition 8")
    ]


def test_a_name_goes_on_past_a_bracketed_nickname(nlp: Language) -> None:
    cleaned = clean("Veteran astronaut Dafydd (Dave) R. Wills will return to space.")
    found = find_mentions(nlp(cleaned.text), "d", cleaned)
    people = [(f.mention.text, f.mention.canonical) for f in found if f.mention.type == "Person"]
    assert people == [("Dafydd (Dave) R. Wills", "Dafydd R. Wills")]


def test_a_common_word_in_a_heading_or_a_headline_in_capitals_is_no_name(nlp: Language) -> None:
    doc = _with_ents(
        nlp,
        "Milestones\n\nAGENCY NAMES 12 PILOTS FOR FLIGHTS Ivo Lenk will fly.\n\nAtlantis\n\nIt flew.",
        ("Milestones", "ORG"),
        ("NAMES", "ORG"),
        ("Ivo Lenk", "PERSON"),
        ("Atlantis", "PRODUCT"),
    )
    assert [e.text for e in doc.ents] == ["Ivo Lenk", "Atlantis"]


def test_a_degree_after_a_name_is_no_name(nlp: Language) -> None:
    mentions = _mentions(nlp, "Mission specialists are Dana Voss (M.D.) and Ivo Lenk (Ph.D.).")
    assert not [m for m in mentions if m[0].startswith(("M.D", "Ph.D"))]


def test_a_slashed_pair_of_ordinal_expeditions_names_both(nlp: Language) -> None:
    cleaned = clean("Koji Wada was selected for the 38th/39th Expedition Mission to the ISS.")
    found = find_mentions(nlp(cleaned.text), "d", cleaned)
    missions = sorted(f.mention.canonical for f in found if f.mention.type == "Mission")
    assert missions == ["Expedition 38", "Expedition 39"]


def test_a_payload_name_before_its_acronym_or_after_and_is_no_entity(nlp: Language) -> None:
    doc = _with_ents(
        nlp,
        "The flight carried the Spore and Root Growth Experiment (SPOREX-2) and NASA.",
        ("Spore", "ORG"),
        ("Root Growth Experiment (SPOREX-2", "ORG"),
        ("NASA", "ORG"),
    )
    assert [e.text for e in doc.ents] == ["NASA"]


def test_an_award_is_no_entity_and_a_soyuz_written_with_a_hyphen_is_a_craft(nlp: Language) -> None:
    mentions = _mentions(
        nlp,
        "He launched on Soyuz-TM 2 in 1987. His awards include the Distinguished Service Medal "
        "and the Space Flight Safety Award.",
    )
    assert mentions == [("Soyuz-TM 2", "Spacecraft")]


def test_a_surname_in_capitals_before_a_given_name_is_a_person(nlp: Language) -> None:
    doc = nlp(
        "CREW STS-150 (assembly flight)\n\nAgency Astronaut TANAKA Hiroshi boarded the ship.\n\n"
        "PARIS, France, 3 March 2023 – The crew landed."
    )
    assert [(e.text, e.label_) for e in doc.ents if e.label_ in {"PERSON", "ORG"}] == [
        ("TANAKA Hiroshi", "PERSON")
    ]
    assert "PARIS" in [e.text for e in doc.ents]


def test_a_surname_first_name_is_known_given_name_first(nlp: Language) -> None:
    cleaned = clean("Agency Astronaut TANAKA Hiroshi boarded the ship.")
    found = find_mentions(nlp(cleaned.text), "d", cleaned)
    assert [(f.mention.text, f.mention.canonical) for f in found] == [
        ("TANAKA Hiroshi", "Hiroshi Tanaka")
    ]


def test_a_weekday_abbreviation_is_no_name(nlp: Language) -> None:
    doc = _with_ents(nlp, "Posted Fri, 12 March 2021 by the agency.", ("Fri", "PERSON"))
    cleaned = clean(doc.text)
    found = find_mentions(doc, "d", cleaned)
    assert [f.mention.text for f in found] == []


def test_family_names_the_model_ran_into_one_organization_are_people(blank_nlp: Language) -> None:
    text = "Ivan Avdov, Yuri Orlin and Ada Kell flew. Later Avdov, Orlin and Kell landed."
    doc = _with_ents(
        blank_nlp,
        text,
        ("Ivan Avdov", "PERSON"),
        ("Yuri Orlin", "PERSON"),
        ("Ada Kell", "PERSON"),
        ("Avdov, Orlin and Kell", "ORG"),
    )
    assert ("Avdov", "PERSON") in _ents(doc) and ("Kell", "PERSON") in _ents(doc)
    assert not [e for e in doc.ents if e.label_ == "ORG"]


def test_a_cited_source_names_no_entity(blank_nlp: Language) -> None:
    text = "*Source: Astronauts and Orbits, Statistical Data, report for the House Committee.\n"
    doc = _with_ents(blank_nlp, text, ("Statistical Data", "ORG"), ("House Committee", "ORG"))
    assert not list(doc.ents)


def test_where_one_is_born_or_what_a_region_follows_is_a_place(nlp: Language) -> None:
    text = (
        "Born May 2, 1950, in Hong Vale. Graduated from Orton High School in Marlow,\n"
        "Kansas, in 1968."
    )
    doc = _with_ents(
        nlp,
        text,
        ("Hong Vale", "GPE"),  # reads like a person's name, but one is born in a place
        ("Orton High School", "PERSON"),  # a school, whatever the model says
        ("Marlow", "PERSON"),  # a line wrapped after the comma
        ("Kansas", "Place"),
    )
    assert _ents(doc) == [
        ("Hong Vale", "GPE"),
        ("Orton High School", "ORG"),
        ("Marlow", "FAC"),
        ("Kansas", "Place"),
    ]


def test_a_region_between_of_and_its_place_stays_in_the_organizations_name(
    nlp: Language,
) -> None:
    text = "She studied at the University of Northern Texas in 1977."
    doc = nlp(text)
    assert ("the University of Northern Texas", "ORG") in _ents(doc) or (
        "University of Northern Texas",
        "ORG",
    ) in _ents(doc)


def test_a_name_goes_on_over_its_particles_and_a_quoted_nickname(nlp: Language) -> None:
    doc = _with_ents(
        nlp,
        'The patch was designed by Ivo van den Berk and Olwen "Wen" Rhys Pryce, MD.',
        ("Ivo van", "PERSON"),
        ("Berk", "PERSON"),
        ("Rhys Pryce", "PERSON"),
    )
    assert _ents(doc) == [
        ("Ivo van den Berk", "PERSON"),
        ('Olwen "Wen" Rhys Pryce', "PERSON"),
    ]


def test_an_orbiters_name_in_a_towns_slot_is_the_town(nlp: Language) -> None:
    text = (
        "Space Shuttle Endeavour landed at noon. Its pilot was born in Endeavour, "
        "Saskatchewan, in 1961."
    )
    labels = dict(_ents(nlp(text)))
    assert labels["Space Shuttle Endeavour"] == "Spacecraft"
    assert labels["Endeavour"] in {"GPE", "FAC"}


def test_a_name_after_a_role_noun_is_taken_back_from_a_title_the_model_made(
    nlp: Language,
) -> None:
    doc = _with_ents(
        nlp,
        "The crew are Pilot Ola Berg and Mission Specialists Mary Jane Orme and Ivo Lund.",
        ("Ola Berg", "PERSON"),
        ("and Mission Specialists Mary Jane Orme", "WORK_OF_ART"),
        ("Ivo Lund", "PERSON"),
    )
    assert ("Mary Jane Orme", "PERSON") in _ents(doc)


def test_a_capitalized_role_after_to_is_a_title_before_a_name(nlp: Language) -> None:
    text = (
        "Dave Orme flew on STS-118 in August. On Monday, students had the unique opportunity "
        "to ask questions to Astronaut Orme as part of a live downlink event from the shuttle."
    )
    found = _mentions(nlp, text)
    assert ("Orme", "Person") in found and ("Astronaut Orme", "Person") not in found


def test_a_payloads_name_and_the_acronym_it_gives_are_no_names(nlp: Language) -> None:
    text = (
        "The Orbital Bone Density Experiment (OBDE) was also flown on the mission. OBDE was "
        "built by Orbix Corporation in Denver. The crew tested the Plant Growth Unit."
    )
    names = [t for t, _ in _ents(nlp(text))]
    assert "OBDE" not in names and "Plant Growth Unit" not in names
    assert "Orbix Corporation" in names


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (  # a word the model took for a person opens its sentence as its verb
            "The kit is ready.\n\nDownload the launch press kit here.",
            [("Download", "PERSON")],
            [],
        ),
        (  # an article opens no one's name
            "The S-IVB stage then fired.",
            [("The S-IVB", "PRODUCT")],
            [("The S-IVB", "PRODUCT")],
        ),
        (  # words that end in an adjective and modify a noun
            "Apollo 19: Earth Orbital trials begin.",
            [("Earth Orbital", "ORG")],
            [],
        ),
        (  # one word listed between two people
            "Vasko, Orme, and Lind lay in the cabin.",
            [("Vasko", "PERSON"), ("Orme", "ORG"), ("Lind", "PERSON")],
            [("Vasko", "PERSON"), ("Orme", "PERSON"), ("Lind", "PERSON")],
        ),
        (  # a lone first name the model cut from its family name
            "Ken Oda was named to the crew and Astronaut Kenji Ito as his backup.",
            [("Ken Oda", "PERSON"), ("Astronaut Kenji", "PERSON")],
            [("Ken Oda", "PERSON"), ("Kenji Ito", "PERSON")],
        ),
    ],
)
def test_words_the_model_took_for_names(
    nlp: Language, text: str, ents: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert [e for e in _ents(_with_ents(nlp, text, *ents)) if e[1] != "CARDINAL"] == expected


def test_a_fields_value_that_goes_on_as_prose_is_no_name(nlp: Language) -> None:
    doc = nlp("Orbix mission: Information for the media\n\nMission: Polar Relay\n")
    assert ("Information", "MISSION") not in _ents(doc)
    assert ("Polar Relay", "MISSION") in _ents(doc)
