"""Mention rules on spacy.blank("en") plus kg's patterns: no statistical model involved."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.mentions import find_mentions, headline_lines
from kg.text.clean import clean


def _mentions(nlp: Language, text: str) -> list[tuple[str, str]]:
    cleaned = clean(text)
    doc = nlp(cleaned.text)
    return [(f.mention.text, f.mention.type) for f in find_mentions(doc, "d", cleaned)]


def test_gazetteer_types_agencies_stations_and_sites(blank_nlp: Language) -> None:
    found = _mentions(
        blank_nlp,
        "NASA and Roscosmos sent a crew to the International Space Station (ISS) "
        "from the Baikonur Cosmodrome.",
    )
    assert ("NASA", "Organization") in found
    assert ("Roscosmos", "Organization") in found
    assert ("International Space Station", "SpaceStation") in found
    assert ("ISS", "SpaceStation") in found
    assert ("Baikonur Cosmodrome", "Place") in found


def test_gazetteer_alias_carries_the_canonical_name(blank_nlp: Language) -> None:
    cleaned = clean("The Russian space agency said so.")
    doc = blank_nlp(cleaned.text)
    [found] = find_mentions(doc, "d", cleaned)
    assert found.mention.canonical == "Roscosmos"
    assert found.mention.text == "Russian space agency"


def test_spacecraft_naming_patterns(blank_nlp: Language) -> None:
    text = (
        "Soyuz MS-22 docked; Shenzhou-15 and Progress MS-21 followed, "
        "atop a Soyuz-2.1a and a Long March 2F rocket."
    )
    found = dict(_mentions(blank_nlp, text))
    assert found["Soyuz MS-22"] == "Spacecraft"
    assert found["Shenzhou-15"] == "Spacecraft"
    assert found["Progress MS-21"] == "Spacecraft"
    assert found["Soyuz-2.1a"] == "LaunchVehicle"
    assert found["Long March 2F"] == "LaunchVehicle"


def test_single_word_names_match_only_as_written(blank_nlp: Language) -> None:
    assert _mentions(blank_nlp, "the nasa budget and a mars bar") == []


def test_spans_are_trimmed_of_possessives_quotes_and_articles(make_doc: Callable[..., Doc]) -> None:
    text = "Elon Musk's company and ‘The Long Night’ - a film, and the Kremlin\nSerova."
    doc = make_doc(
        text,
        ("Elon Musk's", "PERSON"),
        ("The Long Night’ - a", "WORK_OF_ART"),
        ("the Kremlin\nSerova", "ORG"),
    )
    found = [(f.mention.text, f.mention.type) for f in find_mentions(doc, "d", clean(text))]
    assert found == [
        ("Elon Musk", "Person"),
        ("The Long Night", "CreativeWork"),
        ("Kremlin", "Organization"),
    ]


def test_credit_strings_and_lowercase_words_are_dropped(make_doc: Callable[..., Doc]) -> None:
    text = "Andrey Shelepin/GCTC/Handout took it; chevron went on."
    doc = make_doc(text, ("Andrey Shelepin/GCTC/Handout", "PERSON"), ("chevron", "ORG"))
    assert find_mentions(doc, "d", clean(text)) == []


def test_offsets_point_into_the_original_text(blank_nlp: Language) -> None:
    text = "Advertisement\nNASA said the crew is ready."
    cleaned = clean(text)
    [found] = find_mentions(blank_nlp(cleaned.text), "d", cleaned)
    assert text[found.mention.start : found.mention.end] == "NASA"


def test_headlines_are_found() -> None:
    text = "Russian Crew to Film First Movie in Space\nThe crew will film a movie in space.\n"
    assert headline_lines(text) == [(0, 41)]


def test_mentions_in_headlines_get_low_confidence(make_doc: Callable[..., Doc]) -> None:
    text = "Russian Crew to Film First Movie in Space\nJane Doe flew.\n"
    doc = make_doc(text, ("Russian Crew", "PERSON"), ("Jane Doe", "PERSON"))
    confidence = {
        f.mention.text: f.mention.confidence for f in find_mentions(doc, "d", clean(text))
    }
    assert confidence["Russian Crew"] < 0.5 <= confidence["Jane Doe"]


def test_page_furniture_is_not_a_name(blank_nlp: Language) -> None:
    text = (
        "HOME > NEWS > SCIENCE\nSkip to content | Menu | Search\nThe crew landed at 02:37 CEST.\n"
    )
    assert all(
        t not in _mentions(blank_nlp, text)
        for t in [("Menu", "Organization"), ("02:37 CEST", "Organization")]
    )


def test_person_names_lose_titles_and_keep_nicknames(make_doc: Callable[..., Doc]) -> None:
    text = 'Cosmonaut Oleg Orlov and Barry "Butch" Poe waved.'
    doc = make_doc(text, ("Cosmonaut Oleg Orlov", "PERSON"), ('Barry "Butch" Poe', "PERSON"))
    found = [(f.mention.text, f.mention.canonical) for f in find_mentions(doc, "d", clean(text))]
    assert found == [("Oleg Orlov", ""), ('Barry "Butch" Poe', "Barry Poe")]
