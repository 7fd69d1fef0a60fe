"""People named by a role noun and a family name alone, and what is no such name. Every
name here is made up."""

from __future__ import annotations

from spacy.language import Language

from kg.extract.document import extract
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
