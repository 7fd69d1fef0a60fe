"""kg's spaCy components: sentence bounds and typing names by context."""

from __future__ import annotations

import gender_guesser.detector
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.lexicon import given_names
from kg.nlp.entities import entity_context
from kg.nlp.tokens import is_given_name, translated_title
from tests.conftest import spans_for


def _ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


def _with_ents(nlp: Language, text: str, *ents: tuple[str, str]) -> Doc:
    """A parsed doc whose model entities are replaced by ``ents``, then re-typed by context."""
    doc = nlp(text)
    doc.set_ents(spans_for(doc, *ents), default="outside")
    return entity_context(doc)


def test_a_name_before_a_head_noun_takes_its_class(blank_nlp: Language) -> None:
    doc = _with_ents(
        blank_nlp, "They flew aboard the Zephyr launch vehicle.", ("Zephyr", "PRODUCT")
    )
    assert _ents(doc) == [("Zephyr", "LAUNCH_VEHICLE")]


def test_a_name_after_a_descriptor_takes_its_class(blank_nlp: Language) -> None:
    doc = _with_ents(blank_nlp, "The national rocket Zephyr lifted off.", ("Zephyr", "PERSON"))
    assert _ents(doc) == [("Zephyr", "LAUNCH_VEHICLE")]


def test_aboard_marks_a_craft(blank_nlp: Language) -> None:
    doc = _with_ents(blank_nlp, "They returned aboard the Zephyr.", ("Zephyr", "ORG"))
    assert _ents(doc) == [("Zephyr", "SPACECRAFT")]


def test_studio_names_with_commas_are_found(blank_nlp: Language) -> None:
    assert ("Red, Green and Blue", "ORG") in _ents(
        blank_nlp("It was made by the film studio Red, Green and Blue.")
    )
    assert ("Red, Green and Blue", "ORG") in _ents(
        blank_nlp("It was made with the Red, Green and Blue film studio.")
    )


def test_quoted_titles_next_to_work_nouns_or_film_verbs(blank_nlp: Language) -> None:
    assert ("Star Quest", "WORK_OF_ART") in _ents(blank_nlp('He starred in the "Star Quest" saga.'))
    assert ("Zvezda", "WORK_OF_ART") in _ents(blank_nlp("They will film ‘Zvezda’ in orbit."))
    assert ("The Long Night", "WORK_OF_ART") in _ents(
        blank_nlp("Titled The Long Night, the film opens in May.")
    )
    assert not [
        e
        for e in blank_nlp('He called it "an experiment" on Monday.').ents
        if e.label_ == "WORK_OF_ART"
    ]


def test_a_quoted_gloss_of_a_title_is_a_title_too(blank_nlp: Language) -> None:
    doc = blank_nlp("They will film ‘Zvezda’, which means ‘Star’ in Russian.")
    assert ("Star", "WORK_OF_ART") in _ents(doc)
    title = next(e for e in doc.ents if e.text == "Zvezda")
    gloss = translated_title(title)
    assert gloss is not None and gloss.text == "Star"


def test_first_names_make_people_of_mistyped_names(blank_nlp: Language) -> None:
    doc = _with_ents(
        blank_nlp, "It was the anniversary of Yuri Gagarin's flight.", ("Yuri Gagarin's", "FAC")
    )
    assert _ents(doc) == [("Yuri Gagarin's", "PERSON")]
    doc = _with_ents(blank_nlp, "They drove to Jordan River park.", ("Jordan River", "LOC"))
    assert _ents(doc) == [("Jordan River", "LOC")]
    assert is_given_name("Oleg") and not is_given_name("Baikonur")


def test_the_given_names_are_the_ones_gender_guesser_knows() -> None:
    """kg reads the names from gender-guesser's list itself (ten times faster than the
    Detector's full parse), and must know exactly the names the Detector knows."""
    detector = gender_guesser.detector.Detector(case_sensitive=False)
    assert given_names() == frozenset(detector.names)
    for word in ("Oleg", "yulia", "Jean-Pierre", "Baikonur", "Soyuz"):
        assert is_given_name(word) == (detector.get_gender(word) != "unknown"), word


def test_a_role_noun_before_a_name_makes_a_person(blank_nlp: Language) -> None:
    doc = _with_ents(
        blank_nlp, "The billionaire Kenji Ota of Japan flew.", ("Kenji Ota of Japan", "WORK_OF_ART")
    )
    assert _ents(doc) == [("Kenji Ota", "PERSON")]


def test_adjectives_of_nationality_are_left_alone(blank_nlp: Language) -> None:
    doc = _with_ents(blank_nlp, "A Russian rocket lifted off.", ("Russian", "NORP"))
    assert _ents(doc) == [("Russian", "NORP")]


def test_a_one_word_person_modifying_a_noun_is_dropped(nlp: Language) -> None:
    doc = _with_ents(nlp, "It is leased from the Kazakh government.", ("Kazakh", "PERSON"))
    assert _ents(doc) == []


def test_sentences_start_after_blank_lines_and_not_inside_a_line(nlp: Language) -> None:
    doc = nlp(
        "Crew Arrives at Station\n\nNASA astronauts Jane Roe and John Poe arrived at the station on Thursday."
    )
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == [
        "Crew Arrives at Station",
        "NASA astronauts Jane Roe and John Poe arrived at the station on Thursday.",
    ]


def test_a_sentence_goes_on_after_an_abbreviated_rank_or_title(nlp: Language) -> None:
    doc = nlp("The engineers are Air Force Brig. Gen. Leon Dufour and Dr. Ana Ruiz. They trained.")
    assert [s.text for s in doc.sents] == [
        "The engineers are Air Force Brig. Gen. Leon Dufour and Dr. Ana Ruiz.",
        "They trained.",
    ]


def test_a_sentence_goes_on_after_a_middle_initial(nlp: Language) -> None:
    doc = nlp(
        "The crew is Carla M. Nowick and Peter J. Sand. Plan B. Then they flew STS-41-G. "
        "Footage shows it."
    )
    assert [s.text for s in doc.sents] == [
        "The crew is Carla M. Nowick and Peter J. Sand.",
        "Plan B.",
        "Then they flew STS-41-G.",
        "Footage shows it.",
    ]


def test_entity_spans_never_overlap(blank_nlp: Language) -> None:
    doc = blank_nlp('The "Space X Story" film by the studio Space X Films was shown.')
    taken: set[int] = set()
    for ent in doc.ents:
        assert isinstance(ent, Span)
        assert not taken & set(range(ent.start, ent.end))
        taken |= set(range(ent.start, ent.end))


def test_a_long_unwrapped_line_ends_its_paragraph_without_a_full_stop(nlp: Language) -> None:
    # a copy that lost its full stops: each long line is still a paragraph of its own
    first = (
        "Among the newly announced crews for future station missions is the assignment of NASA "
        "astronauts Ron Gale and Mike Foss"
    )
    doc = nlp(
        f"{first}\nAdditional cosmonauts assigned to upcoming crews are Ivan Orlov and Petr Zubov"
    )
    assert next(s.text.strip() for s in doc.sents) == first
    # a wrapped line goes on into the next
    wrapped = nlp("NASA and its partners have assigned new\nCrews to fly to the station this year.")
    assert len(list(wrapped.sents)) == 1
