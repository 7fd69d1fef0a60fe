"""Relation rules. Role rules run on the blank pipeline; crew rules need the parse."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from kg.clean import clean
from kg.extract import extract
from kg.extract.coref import doc_context
from kg.extract.mentions import find_mentions
from kg.extract.relations import role_facts
from kg.records import Document


def _roles(doc: Doc) -> set[tuple[str, str]]:
    cleaned = clean(doc.text)
    ctx = doc_context(doc, "d", find_mentions(doc, "d", cleaned), [])
    return {
        (f.subject.text, str(f.object))
        for f in role_facts(ctx, cleaned)
        if f.predicate == "hasRole"
    }


def test_role_noun_before_a_name(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc(
        "The actress Jane Doe and director John Roe arrived.",
        ("Jane Doe", "PERSON"),
        ("John Roe", "PERSON"),
    )
    assert _roles(doc) == {("Jane Doe", "actress"), ("John Roe", "director")}


def test_multi_word_role_wins_over_its_last_word(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc("said political scientist Ivan Petrov.", ("Ivan Petrov", "PERSON"))
    assert _roles(doc) == {("Ivan Petrov", "political scientist")}


def test_role_in_parentheses(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc("with Ivan Petrov (cosmonaut), who", ("Ivan Petrov", "PERSON"))
    assert _roles(doc) == {("Ivan Petrov", "cosmonaut")}


def test_role_in_apposition(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc("Ivan Petrov, a trained cosmonaut at the base, said", ("Ivan Petrov", "PERSON"))
    assert _roles(doc) == {("Ivan Petrov", "cosmonaut")}
    doc = make_doc("Ivan Petrov, head of the agency, said", ("Ivan Petrov", "PERSON"))
    assert _roles(doc) == {("Ivan Petrov", "head")}


def test_age_is_not_a_role(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc("Ivan Petrov, 38, said", ("Ivan Petrov", "PERSON"))
    assert _roles(doc) == set()


def _facts(nlp: Language, text: str) -> set[tuple[str, str, str]]:
    cleaned = clean(text)
    document = Document("d", "d.txt", text, "0")
    extraction = extract(nlp(cleaned.text), document, cleaned)
    return {
        (f.subject.text, f.predicate, getattr(f.object, "text", str(f.object)))
        for f in extraction.facts
    }


@pytest.mark.model
def test_plural_role_covers_coordinated_names(nlp: Language) -> None:
    facts = _facts(
        nlp, "The flights of American billionaires Jeff Bezos and Richard Branson made news."
    )
    assert ("Jeff Bezos", "hasRole", "billionaire") in facts
    assert ("Richard Branson", "hasRole", "billionaire") in facts


@pytest.mark.model
def test_crew_returning_in_a_craft(nlp: Language) -> None:
    facts = _facts(
        nlp,
        "They will return to Earth on the Soyuz MS-22 spacecraft with cosmonaut Sergey Prokopyev.",
    )
    assert ("Sergey Prokopyev", "crewMemberOf", "Soyuz MS-22") in facts


@pytest.mark.model
def test_people_invited_to_a_launch_are_not_crew(nlp: Language) -> None:
    facts = _facts(
        nlp, "The agency head invited Elon Musk and Jeff Bezos to the launch of Soyuz MS-22."
    )
    assert not {f for f in facts if f[1] == "crewMemberOf"}
