"""Works and their people: titles in lists, filmographies and casts, and the facts that
credit them. Title rules that read only the surface run on the blank pipeline; the
rules that read the parse need the model. Every name here is made up."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.document import extract
from kg.nlp.titles import title_after
from kg.records import Document, Extraction, Mention
from kg.text.clean import clean
from kg.vocab import is_a

FILM_PREDICATES = ("actedIn", "directedBy", "producedBy")


def _titles(doc: Doc) -> list[str]:
    return [e.text for e in doc.ents if e.label_ == "WORK_OF_ART"]


# ---------------------------------------------------------------------------- surface titles


def test_a_title_runs_through_small_words_and_a_colon(blank_nlp: Language) -> None:
    doc = blank_nlp("A series, Countdown: Star Lab Mission to Space, was shown.")
    title = title_after(doc, 3)
    assert title is not None and title.text == "Countdown: Star Lab Mission to Space"
    listed = blank_nlp("Night Orbit and Star Lab")
    assert title_after(listed, 0, joins=False).text == "Night Orbit"  # type: ignore[union-attr]


def test_titles_listed_after_known_for_with_their_years(blank_nlp: Language) -> None:
    doc = blank_nlp("He is known for Night Orbit (1998), Deep Field and Star Lab (2003).")
    assert _titles(doc) == ["Night Orbit", "Deep Field", "Star Lab"]


def test_a_list_needs_a_work_or_credit_noun_before_include(blank_nlp: Language) -> None:
    assert _titles(blank_nlp("Her films include Night Orbit (2015) and Star Lab.")) == [
        "Night Orbit",
        "Star Lab",
    ]
    assert _titles(blank_nlp("The crew includes Night Orbit and Star Lab.")) == []


def test_a_title_case_word_before_a_noun_is_no_listed_title(blank_nlp: Language) -> None:
    assert _titles(blank_nlp("She is known for Orbit images of storms.")) == []
    assert _titles(blank_nlp("She is known for Orbit (2001) images.")) == []


def test_filmography_lines_under_a_heading(blank_nlp: Language) -> None:
    text = (
        "Ann Lee is a director.\n\nFilmography\n- Night Orbit (2010)\n- Star Lab\n\n"
        "Awards\n- Golden Comet\n"
    )
    assert _titles(blank_nlp(text)) == ["Night Orbit", "Star Lab"]


def test_a_dated_list_line_is_a_title_only_in_an_article_about_works(
    blank_nlp: Language,
) -> None:
    lines = "\n- Night Orbit (2010)\n- Star Lab (2012)\n"
    assert _titles(blank_nlp("She made one documentary." + lines)) == ["Night Orbit", "Star Lab"]
    assert _titles(blank_nlp("She flew twice." + lines)) == []


def test_a_title_found_once_is_found_where_the_text_repeats_it(blank_nlp: Language) -> None:
    text = "Night Orbit\n\nShe is known for Night Orbit (1998). Later, Night Orbit was shown again."
    assert _titles(blank_nlp(text)) == ["Night Orbit"] * 3


# ---------------------------------------------------------------------------- facts, with the model


def _extraction(nlp: Language, text: str) -> Extraction:
    cleaned = clean(text)
    return extract(nlp(cleaned.text), Document("d", "d.txt", text, "0"), cleaned)


def _film(nlp: Language, text: str) -> set[tuple[str, str, str]]:
    return {
        (f.subject.text, f.predicate, getattr(f.object, "text", str(f.object)))
        for f in _extraction(nlp, text).facts
        if f.predicate in FILM_PREDICATES
    }


def test_an_encyclopedia_lead_credits_director_and_cast(nlp: Language) -> None:
    text = (
        "Night Orbit is a 2019 American science fiction film directed by Ann Lee and written by "
        "Bo Chen. It stars Jane Roe and John Poe as two astronauts stranded on a space station."
    )
    assert _film(nlp, text) == {
        ("Night Orbit", "directedBy", "Ann Lee"),
        ("Jane Roe", "actedIn", "Night Orbit"),
        ("John Poe", "actedIn", "Night Orbit"),
    }


def test_a_title_that_holds_a_verb_is_defined_and_credited(nlp: Language) -> None:
    text = (
        "The Sky Is Falling is a 1990 Canadian documentary film about a space station. It was "
        "directed by Ann Lee. The film was produced by the studio Dome Pictures together with "
        "the Orbit Museum."
    )
    found = _film(nlp, text)
    assert ("The Sky Is Falling", "directedBy", "Ann Lee") in found
    assert {
        ("The Sky Is Falling", "producedBy", "Dome Pictures"),
        ("The Sky Is Falling", "producedBy", "Orbit Museum"),
    } <= found


def test_the_company_is_the_organization_just_named(nlp: Language) -> None:
    text = (
        "Deep Field is a 2010 documentary film. It was directed by Ann Lee, a founder of "
        "Dome Pictures Corporation. The film was produced by the company in cooperation with NASA."
    )
    produced = {o for s, p, o in _film(nlp, text) if p == "producedBy"}
    assert produced == {"Dome Pictures Corporation", "NASA"}


def test_starring_credits_actors_not_their_parts(nlp: Language) -> None:
    text = "Night Orbit, starring Jane Roe as Commander Kate Hall and John Poe, opened in May."
    assert _film(nlp, text) == {
        ("Jane Roe", "actedIn", "Night Orbit"),
        ("John Poe", "actedIn", "Night Orbit"),
    }


def test_with_a_person_as_a_part(nlp: Language) -> None:
    text = (
        "The movie Night Orbit follows a crew on the Moon, with Jane Roe as the commander and "
        "John Poe as the pilot."
    )
    assert _film(nlp, text) == {
        ("Jane Roe", "actedIn", "Night Orbit"),
        ("John Poe", "actedIn", "Night Orbit"),
    }


def test_the_cast_of_a_work_includes(nlp: Language) -> None:
    text = "The cast of Night Orbit includes Jane Roe, John Poe and Mia Park."
    cast = {(name, "actedIn", "Night Orbit") for name in ("Jane Roe", "John Poe", "Mia Park")}
    assert _film(nlp, text) == cast


def test_acting_in_several_works(nlp: Language) -> None:
    text = "Jane Roe has made many films. She starred in Night Orbit and appeared in Star Lab."
    assert _film(nlp, text) == {
        ("Jane Roe", "actedIn", "Night Orbit"),
        ("Jane Roe", "actedIn", "Star Lab"),
    }
    text = "Jane Roe played the commander in Night Orbit (2015)."
    assert _film(nlp, text) == {("Jane Roe", "actedIn", "Night Orbit")}


def test_an_idiom_of_playing_is_no_acting(nlp: Language) -> None:
    text = (
        'The film "Night Orbit" opened in May. Jane Roe, a flight engineer, played a key role '
        "in the mission."
    )
    assert not {f for f in _film(nlp, text) if f[1] == "actedIn"}


def test_a_work_by_a_person_or_an_organization(nlp: Language) -> None:
    text = "Night Orbit is a film by Ann Lee about the first crew on Mars."
    assert _film(nlp, text) == {("Night Orbit", "directedBy", "Ann Lee")}
    text = "The Netflix documentary series Deep Field follows the crew of a private flight."
    assert _film(nlp, text) == {("Deep Field", "producedBy", "Netflix")}


def test_filmographies_credit_by_the_persons_role(nlp: Language) -> None:
    text = (
        "Jane Roe is an American actress. Her films include Night Orbit (2015), Star Lab and "
        "Deep Field."
    )
    assert _film(nlp, text) == {
        ("Jane Roe", "actedIn", "Night Orbit"),
        ("Jane Roe", "actedIn", "Star Lab"),
        ("Jane Roe", "actedIn", "Deep Field"),
    }
    text = (
        "John Poe is a Canadian director. He is known for Night Orbit (1998) and Star Lab (2003)."
    )
    assert _film(nlp, text) == {
        ("Night Orbit", "directedBy", "John Poe"),
        ("Star Lab", "directedBy", "John Poe"),
    }
    # no film role, no credit
    text = "John Poe is a Canadian engineer. He is known for Night Orbit (1998)."
    assert _film(nlp, text) == set()


def test_filmography_lines_belong_to_the_articles_person(nlp: Language) -> None:
    text = (
        "Ann Lee is a Canadian director. Lee studied in Toronto.\n\nFilmography\n"
        "- Night Orbit (2010)\n- Star Lab (2012)\n"
    )
    assert _film(nlp, text) == {
        ("Night Orbit", "directedBy", "Ann Lee"),
        ("Star Lab", "directedBy", "Ann Lee"),
    }


def test_she_went_on_to_direct_a_list(nlp: Language) -> None:
    text = (
        "Ann Lee had a long career in film. She went on to direct Space Lab 3D (2002) and "
        "Orbit 3D (2010)."
    )
    directed = {(s, o) for s, p, o in _film(nlp, text) if p == "directedBy"}
    assert {("Space Lab 3D", "Lee"), ("Orbit 3D", "Lee")} <= directed or {
        ("Space Lab 3D", "Ann Lee"),
        ("Orbit 3D", "Ann Lee"),
    } <= directed


def test_people_with_years_are_no_titles(nlp: Language) -> None:
    text = (
        "The documentary opened in May. Jane Roe will follow ESA astronauts Ann Lee (2009) and "
        "John Poe (2018) as commander."
    )
    extraction = _extraction(nlp, text)
    assert not [m.text for m in extraction.mentions if is_a(m.type, "CreativeWork")]


def test_film_facts_keep_the_ontologys_domains_and_ranges(nlp: Language) -> None:
    """A work is never an actor or a director, a person or studio never a work."""
    text = (
        "Night Orbit is a 2019 film directed by Ann Lee and produced by Dome Pictures. It stars "
        "Jane Roe. Ann Lee filmed scenes aboard the International Space Station with Jane Roe "
        "as the commander. The cast of the film includes John Poe. Dome Pictures is a studio."
    )
    facts = [f for f in _extraction(nlp, text).facts if f.predicate in FILM_PREDICATES]
    assert len(facts) >= 4
    for fact in facts:
        assert isinstance(fact.object, Mention)
        if fact.predicate == "actedIn":
            person, work = fact.subject, fact.object
        else:
            work, person = fact.subject, fact.object
        assert is_a(work.type, "CreativeWork")
        agents = {"Person", "Organization"} if fact.predicate == "producedBy" else {"Person"}
        assert person.type in agents


def test_a_line_with_a_title_and_a_dated_parenthesis(blank_nlp: Language) -> None:
    text = "Five space films to watch\n\nNight Orbit (UK, 2009)\nA crew lands.\n"
    assert _titles(blank_nlp(text)) == ["Night Orbit"]
    assert _titles(blank_nlp("Five space films\n\nJane Roe (born 1980)\nShe flew.\n")) == []


def test_credit_lines_credit_the_work_named_before(nlp: Language) -> None:
    text = (
        "Five space films to watch\n\nNight Orbit (UK, 2009)\n"
        "Director: Ann Lee; Starring: Jane Roe, John Poe\n"
    )
    assert _film(nlp, text) == {
        ("Night Orbit", "directedBy", "Ann Lee"),
        ("Jane Roe", "actedIn", "Night Orbit"),
        ("John Poe", "actedIn", "Night Orbit"),
    }


def test_a_genre_noun_names_a_work_and_it_follows_an_unparsed_title(nlp: Language) -> None:
    text = (
        "Gravity Well is a 2013 science fiction thriller. It was directed by Ann Lee, who "
        "co-wrote the screenplay with Bo Chen."
    )
    assert _film(nlp, text) == {("Gravity Well", "directedBy", "Ann Lee")}


def test_a_debut_and_an_owned_work_credit_by_role(nlp: Language) -> None:
    text = (
        "Jane Roe (born 1980) is an English actress. She made her film debut in Night Orbit "
        "(2005) and later starred in the series Star Lab."
    )
    assert _film(nlp, text) == {
        ("Jane Roe", "actedIn", "Night Orbit"),
        ("Jane Roe", "actedIn", "Star Lab"),
    }
    text = "The director Ann Lee is Canadian. Ann Lee's documentary Deep Field follows three astronauts."
    assert _film(nlp, text) == {("Deep Field", "directedBy", "Ann Lee")}


def test_a_studio_owns_its_latest_documentary(nlp: Language) -> None:
    text = "Dome Pictures's latest space documentary, Blue Marble Days, is its seventh film."
    assert _film(nlp, text) == {("Blue Marble Days", "producedBy", "Dome Pictures")}


def test_a_cast_list_the_parse_reads_as_appositions(nlp: Language) -> None:
    text = (
        "Night Orbit is an upcoming American science fiction film. The film stars Jane Roe, "
        "John Poe and Mia Park."
    )
    cast = {(name, "actedIn", "Night Orbit") for name in ("Jane Roe", "John Poe", "Mia Park")}
    assert _film(nlp, text) == cast


def test_no_titles_from_weak_cues_in_a_text_about_no_work(nlp: Language) -> None:
    text = (
        "NASA astronaut Jane Roe played a key role in Mission Control during the flight. She "
        "appeared in Science Weekly and is known for Station Science Week."
    )
    assert not [m.text for m in _extraction(nlp, text).mentions if is_a(m.type, "CreativeWork")]
    text = "In the film, Cooper, a pilot, flies to Saturn. The movie was shot in Canada."
    assert not [m.text for m in _extraction(nlp, text).mentions if is_a(m.type, "CreativeWork")]


ARTICLE = """Night Orbit

Night Orbit is a 2019 American science fiction drama film directed by Ann Lee from a screenplay by Bo Chen. It stars Jane Roe, John Poe and Mia Park. The film follows the crew of a failing space station. It was produced by Dome Pictures in association with Blue Sky Films.

Production
Principal photography began in Canada in 2018. Lee cast Roe after seeing her in Deep Field (2016).

Cast
- Jane Roe as Commander Eva Stone
- John Poe as Pilot Sam Reed
"""


def test_an_encyclopedia_article_of_a_film(nlp: Language) -> None:
    found = _film(nlp, ARTICLE)
    assert found == {
        ("Night Orbit", "directedBy", "Ann Lee"),
        ("Jane Roe", "actedIn", "Night Orbit"),
        ("John Poe", "actedIn", "Night Orbit"),
        ("Mia Park", "actedIn", "Night Orbit"),
        ("Night Orbit", "producedBy", "Dome Pictures"),
        ("Night Orbit", "producedBy", "Blue Sky Films"),
    }
    works = {m.text for m in _extraction(nlp, ARTICLE).mentions if is_a(m.type, "CreativeWork")}
    assert works == {"Night Orbit", "Deep Field"}


def test_a_quoted_title_in_apposition_to_a_genre_noun(nlp: Language) -> None:
    text = 'The crew recorded "Station Songs", a short documentary about life aboard.'
    works = {m.text for m in _extraction(nlp, text).mentions if is_a(m.type, "CreativeWork")}
    assert works == {"Station Songs"}


def _works(nlp: Language, text: str) -> set[str]:
    return {m.text for m in _extraction(nlp, text).mentions if is_a(m.type, "CreativeWork")}


def test_titles_after_a_possessed_work_noun_and_a_comma_with_their_glosses(nlp: Language) -> None:
    text = (
        "In 2009, two of her films, Northern Tide (Kitakaze) and Stone Garden (Ishiniwa), won "
        "prizes. Her film, Sky Letters! (Sorafumi), was released in 2012."
    )
    assert _works(nlp, text) == {
        "Northern Tide",
        "Kitakaze",
        "Stone Garden",
        "Ishiniwa",
        "Sky Letters",
        "Sorafumi",
    }
    glossed = {(a.first.text, a.second.text) for a in _extraction(nlp, text).aliases}
    assert ("Northern Tide", "Kitakaze") in glossed


def test_a_title_right_after_a_work_noun_overrules_the_models_place(nlp: Language) -> None:
    text = (
        "Mira Tanabe is a producer. In 2003 she produced the film Quiet Harbor. She has had "
        "box-office hits, such as Paper Lanterns, and she loves space films, such as "
        "2010: The Year We Made Contact and Silent Running."
    )
    assert {"Quiet Harbor", "Paper Lanterns", "2010: The Year We Made Contact"} <= _works(nlp, text)


def test_a_role_after_a_name_in_a_heading_is_no_part_of_the_name(nlp: Language) -> None:
    text = "Mira Tanabe Producer, Night Orbit\nIn 2005 Tanabe produced the film Quiet Harbor.\n"
    people = {m.text for m in _extraction(nlp, text).mentions if m.type == "Person"}
    assert "Mira Tanabe" in people and "Mira Tanabe Producer" not in people
