"""People named by a role noun and a family name alone, and what is no such name. Every
name here is made up."""

from __future__ import annotations

from spacy.language import Language

from kg.extract.document import extract
from kg.nlp.brackets import spells
from kg.records import Document, Mention
from kg.text.clean import clean


def _mentions(nlp: Language, text: str) -> list[Mention]:
    cleaned = clean(text)
    return extract(nlp(cleaned.text), Document("d", "d.txt", text, "0"), cleaned).mentions


def test_a_family_name_after_a_capitalized_role_is_a_person(nlp: Language) -> None:
    text = (
        "Astronaut Orme, who has been serving as an Expedition 40 crew member since May, "
        "returned to Earth with Cosmonaut Vasko. Astronaut Tarsen greeted Orme there."
    )
    people = {m.text for m in _mentions(nlp, text) if m.type == "Person"}
    assert {"Orme", "Vasko"} <= people


def test_a_verb_or_a_common_noun_after_a_role_is_no_name(nlp: Language) -> None:
    text = (
        "NASA Astronauts Arrive at Station\n\nThe crew finished Astronaut Training at the "
        "Cosmonaut Training Center in May."
    )
    people = {m.text for m in _mentions(nlp, text) if m.type == "Person"}
    assert not people & {"Arrive", "Training"}


def test_the_names_of_a_biographys_awards_and_degrees_are_no_entities(nlp: Language) -> None:
    text = (
        "NAME: Ada Kerr (Captain, USN)\n\nEDUCATION: B.S., Orton College, 1990; M.A., 1992.\n\n"
        "SPECIAL HONORS: Distinguished Flying Cross; two Meritorious Unit Commendations.\n\n"
        "EXPERIENCE: Kerr joined the Navy in 1990.\n"
    )
    names = {m.text for m in _mentions(nlp, text)}
    assert not names & {"B.S.", "M.A.", "Distinguished Flying Cross", "Flying Cross"}
    assert not any("Commendation" in n for n in names)


def test_an_agency_of_its_country_and_a_row_that_runs_into_a_year(nlp: Language) -> None:
    text = (
        "The Space Development Agency of Vandoria (SDAV) selected her in 1996.\n\n"
        "Orton University 1989 Master of Science\n"
    )
    names = {m.text for m in _mentions(nlp, text) if m.type == "Organization"}
    assert "Space Development Agency of Vandoria" in names
    assert not any("1989" in n for n in names)


def test_an_abbreviated_state_is_a_place_and_ends_its_sentence(nlp: Language) -> None:
    text = (
        "Vasko is from Orton Falls, Tenn. Kerr, a colonel, lives in Houston, Tex. She studied "
        "at the Nevada Institute of Orbits and at the University of Texas-Orton."
    )
    found = {(m.text.rstrip("."), m.type) for m in _mentions(nlp, text)}
    assert {("Tenn", "Place"), ("Tex", "Place")} <= found
    assert {
        ("Nevada Institute of Orbits", "Organization"),
        ("University of Texas-Orton", "Organization"),
    } <= found
    assert not any(name.startswith("Tenn. ") for name, _ in found)


def test_names_listed_with_a_known_module_are_craft_and_an_air_base_is_a_place(
    nlp: Language,
) -> None:
    text = (
        "The station had only four main modules (Zarya, Tamar, Orlan and Vesna) then. "
        "He was stationed at Orton AFB, Calif."
    )
    found = {(m.text, m.type) for m in _mentions(nlp, text)}
    assert {("Orlan", "Spacecraft"), ("Vesna", "Spacecraft"), ("Orton AFB", "Place")} <= found


def test_an_acronym_of_letters_inside_the_words_and_before_a_semicolon(nlp: Language) -> None:
    text = (
        "1992 Joined the National Orbital Research Agency of Vandoria (NORAV; now the Vandorian "
        "Space Office). NORAV selected her."
    )
    cleaned = clean(text)
    extraction = extract(nlp(cleaned.text), Document("d", "d.txt", text, "0"), cleaned)
    pairs = {(a.first.text, a.second.text) for a in extraction.aliases}
    assert ("National Orbital Research Agency of Vandoria", "NORAV") in pairs


def test_which_acronyms_spell_a_name() -> None:
    assert spells("IUS", "Inertial Upper Stage")
    assert spells("NORAV", "National Orbital Research Agency of Vandoria")
    assert spells("VSXA", "Vandoria Space Exploration Agency")
    assert not spells("NASA", "Space Agency")


def test_a_crews_call_sign_is_no_name_and_a_slash_ends_the_last_name(nlp: Language) -> None:
    lines = [
        "Soyuz-TM 41",
        "",
        "Launch crew—Pavel Orlin, Ivan Vasko, Oleg Tarsen/",
        "Crew code name—Kestrel",
        "",
        "Orlin developed a fever during the flight which made necessary his return to Earth.",
        "Vasko stayed aboard the station for a long time after the others had gone home.",
        "Tarsen flew home with Vasko in the same craft after a stay of many months.",
    ]
    found = {(m.text, m.type) for m in _mentions(nlp, "\n".join(lines) + "\n")}
    assert ("Oleg Tarsen", "Person") in found
    assert not any(name == "Kestrel" for name, _ in found)


def test_a_hard_wrapped_text_keeps_a_field_line_apart() -> None:
    lines = [
        "The crew trained for many months at the centre before the long flight,",
        "and their families watched the launch from the viewing stand at dawn.",
        "Launch crew—Pavel Orlin, Ivan Vasko, Oleg Tarsen, and their two backups",
        "Crew code name—Kestrel, which the three of them had chosen for the trip",
        "to the station, where they would spend half a year doing experiments.",
        "The landing came in the spring, on the steppe, in a strong cold wind.",
    ]
    assert "backups\nCrew code name" in clean("\n".join(lines) + "\n").text


def test_a_dateline_without_region_and_an_institution_after_from(nlp: Language) -> None:
    text = (
        "Orton, December 19, 2031 – Today, astronaut Ada Kerr launched on a rocket. She holds "
        "a doctorate from Vale University, Houston."
    )
    found = {(m.text, m.type) for m in _mentions(nlp, text)}
    assert {("Orton", "Place"), ("Vale University", "Organization")} <= found


def test_a_vehicle_class_before_a_head_noun_is_no_craft_and_rockets_are_known(
    nlp: Language,
) -> None:
    text = (
        "Ada Kerr will be launched in a Soyuz TMA spacecraft from Baikonur Cosmodrome. "
        "A Titan-II rocket and a Saturn IB flew later."
    )
    found = {(m.text, m.type) for m in _mentions(nlp, text)}
    assert not any(name in {"TMA", "Soyuz TMA"} for name, _ in found)
    assert {("Titan-II", "LaunchVehicle"), ("Saturn IB", "LaunchVehicle")} <= found
    crew = {
        getattr(f.object, "text", "")
        for f in extract(
            nlp(clean(text).text), Document("d", "d.txt", text, "0"), clean(text)
        ).facts
        if f.predicate == "crewMemberOf"
    }
    assert not crew


def test_names_a_biography_runs_together_are_taken_apart(nlp: Language) -> None:
    text = (
        "In 1990, she graduated from the Air Force Test Pilot School at Orton AFB, California. "
        "He trained at VF-12 Naval Air Station Vale, Virginia. She took a degree from the "
        "University Of Orton, Kell College of Engineering. Minister Ada Kerr of the Vandorian "
        "Ministry of Orbits, Culture, Sports and Technology (MOCST) met him."
    )
    found = {(m.text, m.type) for m in _mentions(nlp, text)}
    assert {
        ("Air Force Test Pilot School", "Organization"),
        ("Orton AFB", "Place"),
        ("Naval Air Station Vale", "Place"),
        ("University Of Orton", "Organization"),
        ("Vandorian Ministry of Orbits, Culture, Sports and Technology", "Organization"),
    } <= found


def test_aircraft_field_numbers_and_a_lost_apostrophe_name_nothing_false(nlp: Language) -> None:
    text = (
        "After training in the A-4E, he flew the Vought F-9 Cutlass and KC-13 tankers. "
        "They toured Vasko?s craft with Ivan Vasko.\n\nFlight summary\nMax G: 11\n"
    )
    names = {m.text for m in _mentions(nlp, text)}
    assert not names & {"A-4E", "Vought F-9 Cutlass", "KC-13", "Max G", "Vasko?s"}


def test_a_common_noun_after_an_article_or_an_owner_is_no_person(nlp: Language) -> None:
    text = (
        "It made me see how black the Universe is. The pad is known as Orlov's Start, and "
        "Ivan Orlov flew from it."
    )
    people = {m.text for m in _mentions(nlp, text) if m.type == "Person"}
    assert not people & {"Universe", "Start"}


def test_a_gerund_before_a_name_and_a_pilot_noun_are_no_part_of_a_craft(nlp: Language) -> None:
    text = (
        "Richard A. Vasko will command the flight. Joining Vasko on the flight deck will be "
        "pilot Scott Orlin. The crew launched from Baikonour Cosmodrome."
    )
    found = {(m.text, m.type) for m in _mentions(nlp, text)}
    assert ("Scott Orlin", "Person") in found
    assert not any(name.startswith("Joining") for name, _ in found)
    assert ("Baikonour Cosmodrome", "Place") in found
