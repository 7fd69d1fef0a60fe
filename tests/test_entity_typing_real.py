"""Entity spans and types on the shapes real agency texts take: ranks and roles before
names, suffixes after them, services before ranks. Sentences are made up for the tests."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.entities import entity_context
from tests.conftest import spans_for


def _ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


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
