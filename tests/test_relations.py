"""Relation rules. Role rules run on the blank pipeline; crew rules need the parse."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.context import DocContext
from kg.extract.document import extract
from kg.extract.mentions import find_mentions
from kg.extract.roles import role_facts
from kg.records import Document
from kg.text.clean import clean


def _roles(doc: Doc) -> set[tuple[str, str]]:
    cleaned = clean(doc.text)
    ctx = DocContext(doc, "d", cleaned, find_mentions(doc, "d", cleaned))
    return {(f.subject.text, str(f.object)) for f in role_facts(ctx) if f.predicate == "hasRole"}


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


def test_plural_role_covers_coordinated_names(nlp: Language) -> None:
    facts = _facts(
        nlp, "The flights of American billionaires Jeff Bezos and Richard Branson made news."
    )
    assert ("Jeff Bezos", "hasRole", "billionaire") in facts
    assert ("Richard Branson", "hasRole", "billionaire") in facts


def test_crew_returning_in_a_craft(nlp: Language) -> None:
    facts = _facts(
        nlp,
        "They will return to Earth on the Soyuz MS-22 spacecraft with cosmonaut Sergey Prokopyev.",
    )
    assert ("Sergey Prokopyev", "crewMemberOf", "Soyuz MS-22") in facts


def test_people_invited_to_a_launch_are_not_crew(nlp: Language) -> None:
    facts = _facts(
        nlp, "The agency head invited Elon Musk and Jeff Bezos to the launch of Soyuz MS-22."
    )
    assert not {f for f in facts if f[1] == "crewMemberOf"}


def _pairs(nlp: Language, text: str, predicate: str) -> set[tuple[str, str]]:
    return {(s, o) for s, p, o in _facts(nlp, text) if p == predicate}


def test_organization_before_a_role_gives_membership(nlp: Language) -> None:
    text = "NASA astronauts Jane Roe and John Poe, and ESA (European Space Agency) astronaut Hans Weber arrived."
    members = _pairs(nlp, text, "memberOf")
    assert {("Jane Roe", "NASA"), ("John Poe", "NASA"), ("Hans Weber", "ESA")} <= members


def test_membership_from_apposition_of_phrase_and_works_for(nlp: Language) -> None:
    assert ("Ivan Petrov", "Roscosmos") in _pairs(
        nlp, "Ivan Petrov, head of Roscosmos, said so.", "memberOf"
    )
    assert ("Ivan Petrov", "Roscosmos") in _pairs(
        nlp, "The commander, Ivan Petrov of Roscosmos, waved.", "memberOf"
    )
    text = "Commander Jane Roe, a former NASA astronaut who now works for Axiom Space, waved."
    assert {("Jane Roe", "NASA"), ("Jane Roe", "Axiom Space")} <= _pairs(nlp, text, "memberOf")


def test_roles_by_copula_and_served_as(nlp: Language) -> None:
    text = "Jane Roe is the mission commander, and John Poe and Ann Lee are mission specialists."
    roles = _pairs(nlp, text, "hasRole")
    assert {
        ("Jane Roe", "commander"),
        ("John Poe", "mission specialist"),
        ("Ann Lee", "mission specialist"),
    } <= roles
    assert ("Ivan Petrov", "commander") in _pairs(
        nlp, "Ivan Petrov served as commander of the flight.", "hasRole"
    )


def test_crew_listed_after_the_craft(nlp: Language) -> None:
    text = (
        "The Crew Dragon Freedom launched on Monday. Its crew were Jane Roe, John Poe and Ann Lee."
    )
    crew = _pairs(nlp, text, "crewMemberOf")
    assert {
        ("Jane Roe", "Crew Dragon Freedom"),
        ("John Poe", "Crew Dragon Freedom"),
        ("Ann Lee", "Crew Dragon Freedom"),
    } <= crew


def test_rocket_and_destination_of_a_flight(nlp: Language) -> None:
    text = "The Soyuz MS-24 spacecraft atop a Soyuz-2.1a rocket flew to the International Space Station."
    assert ("Soyuz MS-24", "Soyuz-2.1a") in _pairs(nlp, text, "launchVehicle")
    assert ("Soyuz MS-24", "International Space Station") in _pairs(nlp, text, "destination")
    text = "Soyuz MS-24 was a crewed spaceflight to the International Space Station. It launched atop a Soyuz-2.1a rocket."
    assert ("Soyuz MS-24", "Soyuz-2.1a") in _pairs(nlp, text, "launchVehicle")


def test_places_within_places(nlp: Language) -> None:
    assert ("Baikonur Cosmodrome", "Kazakhstan") in _pairs(
        nlp, "It flew from the Baikonur Cosmodrome in Kazakhstan.", "locatedIn"
    )
    assert ("Baikonur", "Kazakhstan") in _pairs(
        nlp, "It flew from the cosmodrome in Baikonur, Kazakhstan.", "locatedIn"
    )
    assert not _pairs(nlp, "Leaders of Russia, Kazakhstan and Belarus met.", "locatedIn")


def test_film_facts(nlp: Language) -> None:
    text = 'In "Orbit Nine", Jane Roe will play a doctor. The movie is a joint project between Roscosmos and Channel Five.'
    assert ("Jane Roe", "Orbit Nine") in _pairs(nlp, text, "actedIn")
    assert {("Orbit Nine", "Roscosmos"), ("Orbit Nine", "Channel Five")} <= _pairs(
        nlp, text, "producedBy"
    )
    text = 'The film "Orbit Nine" opened. The film\'s producers are Jane Roe, head of Roscosmos, and John Poe.'
    assert _pairs(nlp, text, "producedBy") == {
        ("Orbit Nine", "Jane Roe"),
        ("Orbit Nine", "John Poe"),
    }
    text = "John Poe shot Orbit Nine, a short film that he wrote and directed, with Ann Lee and Bo Chen as its cast."
    assert ("Orbit Nine", "John Poe") in _pairs(nlp, text, "directedBy")
    assert {("Ann Lee", "Orbit Nine"), ("Bo Chen", "Orbit Nine")} <= _pairs(nlp, text, "actedIn")


def test_founders_leaders_and_commanders(nlp: Language) -> None:
    text = "Jane Roe founded Orbital Works in 2000. She later ran the company."
    assert ("Jane Roe", "Orbital Works") in _pairs(nlp, text, "memberOf")
    assert ("Jane Roe", "founder") in _pairs(nlp, text, "hasRole")
    text = "SpaceX founder and chief engineer Elon Musk spoke to reporters."
    assert ("Elon Musk", "SpaceX") in _pairs(nlp, text, "memberOf")
    assert {("Elon Musk", "founder"), ("Elon Musk", "chief engineer")} <= _pairs(
        nlp, text, "hasRole"
    )
    text = "Cosmonaut Ivan Petrov, who commands the flight, waved."
    assert {("Ivan Petrov", "commander"), ("Ivan Petrov", "cosmonaut")} <= _pairs(
        nlp, text, "hasRole"
    )


def test_of_organization_serves_both_coordinated_people(nlp: Language) -> None:
    text = (
        "Crew members Jane Roe of NASA, left, Sergey Ryzhikov and Andrey Babkin of Roscosmos waved."
    )
    members = _pairs(nlp, text, "memberOf")
    assert {
        ("Jane Roe", "NASA"),
        ("Sergey Ryzhikov", "Roscosmos"),
        ("Andrey Babkin", "Roscosmos"),
    } <= members
    assert ("Jane Roe", "Roscosmos") not in members


def test_encyclopedia_film_titles_and_credits(nlp: Language) -> None:
    text = (
        "Blue Marble Days is a 2016 American documentary film about Earth. Written and directed by Ann Lee, "
        "it was produced by Dome Pictures. Lee had a long career. She edited Deep Field (1985), which was "
        "directed by John Poe. She went on to direct Night Orbit (2002) and Star Lab (2010)."
    )
    directed = _pairs(nlp, text, "directedBy")
    assert {("Blue Marble Days", "Ann Lee"), ("Deep Field", "John Poe")} <= directed
    # "She" follows "She" back to "Lee had a long career": the surname, resolved later
    assert {("Night Orbit", "Lee"), ("Star Lab", "Lee")} <= directed
    assert ("Blue Marble Days", "Dome Pictures") in _pairs(nlp, text, "producedBy")


def test_crew_tables_of_encyclopedia_articles(nlp: Language) -> None:
    text = (
        "Soyuz MS-40 was a crewed spaceflight to the International Space Station. Soyuz MS-40 "
        "launched in 2030.\n\nCrew\n- Ivan Petrov (Roscosmos) – commander\n- Jane Roe (NASA) – flight engineer\n"
    )
    assert {("Ivan Petrov", "Soyuz MS-40"), ("Jane Roe", "Soyuz MS-40")} <= _pairs(
        nlp, text, "crewMemberOf"
    )
    assert {("Ivan Petrov", "commander"), ("Jane Roe", "flight engineer")} <= _pairs(
        nlp, text, "hasRole"
    )
    assert {("Ivan Petrov", "Roscosmos"), ("Jane Roe", "NASA")} <= _pairs(nlp, text, "memberOf")


def test_the_crew_of_an_articles_craft_flew_its_mission(nlp: Language) -> None:
    text = (
        "NASA's SpaceX Crew-20 mission reached the station. The crew's Crew Dragon spacecraft, which they named "
        "Resolve, docked on Monday. Jane Roe and John Poe flew aboard Resolve. Resolve will stay docked."
    )
    crew = _pairs(nlp, text, "crewMemberOf")
    assert {("Jane Roe", "Resolve"), ("Jane Roe", "Crew-20")} <= crew


@pytest.mark.parametrize(
    ("text", "person", "role"),
    [
        (
            "Rin Sato, the first Japanese mission specialist on a shuttle crew, waved.",
            "Rin Sato",
            "mission specialist",
        ),
        ("Ulla Berg, a German physicist, spoke.", "Ulla Berg", "physicist"),
        ("Tom Reyes will take on the role of station commander in June.", "Tom Reyes", "commander"),
        ("Tom Reyes will become commander of the station.", "Tom Reyes", "commander"),
        (
            "Roberta Hale was designated as the prime payload specialist.",
            "Roberta Hale",
            "payload specialist",
        ),
    ],
)
def test_roles_in_apposition_held_or_given(
    nlp: Language, text: str, person: str, role: str
) -> None:
    assert (person, role) in _pairs(nlp, text, "hasRole")


def test_a_plural_role_stops_at_the_next_role(nlp: Language) -> None:
    text = "Spacewalkers Jon Hale and Max Lund, pilot Greg Orr, and engineer Ida Lamm attended."
    roles = _pairs(nlp, text, "hasRole")
    assert {
        ("Jon Hale", "spacewalker"),
        ("Max Lund", "spacewalker"),
        ("Greg Orr", "pilot"),
    } <= roles
    assert ("Greg Orr", "spacewalker") not in roles


def test_the_organization_of_a_rank_in_apposition(nlp: Language) -> None:
    text = "Yuri Petrov, a colonel in the Russian Air Force, will command the flight."
    assert ("Yuri Petrov", "Russian Air Force") in _pairs(nlp, text, "memberOf")


def test_a_plural_role_covers_a_list_the_parse_starts_with_an_apposition(nlp: Language) -> None:
    text = (
        "Mission specialists are ESA astronauts Air Force Lt. Col. Peter Lindqvist, "
        "Hanna Sorensen, Marco Bellini and Karl Weber."
    )
    roles = _pairs(nlp, text, "hasRole")
    for name in ("Hanna Sorensen", "Marco Bellini", "Karl Weber"):
        assert (name, "astronaut") in roles
        assert (name, "ESA") in _pairs(nlp, text, "memberOf")


def test_a_fronted_role_and_coordinated_roles_after_a_copula(nlp: Language) -> None:
    fronted = "As flight engineer, Alan Brask will also help dock the cargo ship."
    assert ("Alan Brask", "flight engineer") in _pairs(nlp, fronted, "hasRole")
    both = "Ivo Lenk will be the expedition commander and science officer."
    assert {("Ivo Lenk", "commander"), ("Ivo Lenk", "science officer")} <= _pairs(
        nlp, both, "hasRole"
    )


def test_a_hyphened_role_as_written(nlp: Language) -> None:
    text = "As then Vice-President Tom Rell explained, the lab will help."
    assert _pairs(nlp, text, "hasRole") == {("Tom Rell", "vice-president")}


def test_organizations_a_bracket_lists_after_a_name(nlp: Language) -> None:
    text = (
        "Scott Rell (Cmdr., USN) will command the crew of STS-150, and Dana Voss (M.D., "
        "Canadian Space Agency) will return to space."
    )
    assert {("Scott Rell", "USN"), ("Dana Voss", "Canadian Space Agency")} <= _pairs(
        nlp, text, "memberOf"
    )


def test_a_role_the_name_stands_in_apposition_to_and_a_plural_role_after_a_list(
    nlp: Language,
) -> None:
    text = "NASA began working with the film's screenwriter, Joel Sanger, in December 2014."
    assert ("Joel Sanger", "screenwriter") in _pairs(nlp, text, "hasRole")
    text = (
        "Reporters interviewed Marco Bellini and Luca Ferraro, ESA astronauts who have "
        "both visited the station."
    )
    assert {("Marco Bellini", "ESA"), ("Luca Ferraro", "ESA")} <= _pairs(nlp, text, "memberOf")


def test_a_part_played_as_a_role(nlp: Language) -> None:
    text = "Dana Voss will play her part as a Soyuz Flight Engineer in the test flight."
    assert ("Dana Voss", "flight engineer") in _pairs(nlp, text, "hasRole")


def test_a_member_of_an_organizations_corps(nlp: Language) -> None:
    text = (
        "Frank Dewin, a former air force pilot and now a member of ESA's astronaut corps, "
        "trained. Dana Voss is a member of the NASA astronaut corps."
    )
    assert {("Frank Dewin", "ESA"), ("Dana Voss", "NASA")} <= _pairs(nlp, text, "memberOf")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Lena Ortiz joined NASA in 1996 and was selected as an astronaut in 1998.",
            {("Lena Ortiz", "NASA")},
        ),
        (
            "After graduating, Piet Alders joined the Italian Air Force in 1989.",
            {("Piet Alders", "Italian Air Force")},
        ),
        (  # a member of the first-named organization, not of its owner's parts
            "Lena Ortiz is a member of ESA's astronaut corps.",
            {("Lena Ortiz", "ESA")},
        ),
        (  # joining a crew is no membership
            "Lena Ortiz joined the crew of Expedition 51 in 2017.",
            set(),
        ),
    ],
)
def test_joining_an_organization_makes_a_member(
    nlp: Language, text: str, expected: set[tuple[str, str]]
) -> None:
    assert _pairs(nlp, text, "memberOf") == expected


def test_a_biographys_sheet_gives_its_persons_agency_role_and_organizations(
    nlp: Language,
) -> None:
    text = (
        "STS-190 Biographies\n"
        "NAME: Marcus T. Hollen (Captain, U.S. Naval Reserve) NASA\nAstronaut\n"
        "PERSONAL DATA: Born May 3, 1950, in Tulsa, Oklahoma. His father, Peter Hollen, "
        "resides in Tulsa.\n"
        "ORGANIZATIONS: Associate Fellow, Society of Experimental Test Pilots; Member, "
        "American Astronautical Society, and Explorers Club.\n"
        "EXPERIENCE: Hollen graduated in 1972. He joined Attack Squadron 85 aboard the USS "
        "Forrestal.\n"
    )
    members = _pairs(nlp, text, "memberOf")
    assert {
        ("Marcus T. Hollen", "NASA"),
        ("Marcus T. Hollen", "Society of Experimental Test Pilots"),
        ("Marcus T. Hollen", "American Astronautical Society"),
        ("Marcus T. Hollen", "Explorers Club"),
    } <= members
    assert not {o for s, o in members if s == "Peter Hollen"}
    assert ("Marcus T. Hollen", "astronaut") in _pairs(nlp, text, "hasRole")
    # a ship is no craft: nobody is its crew
    assert not {f for _, f in _pairs(nlp, text, "crewMemberOf") if "Forrestal" in f}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dan Kerr made his first flight aboard STS-193 in 1999 as the pilot.",
            {("Dan Kerr", "pilot")},
        ),
        (
            "Since then Kenji Oda has been engaged in station operations as the chief of the "
            "Operations Branch.",
            {("Kenji Oda", "chief")},
        ),
        (  # "as" with no role noun gives nothing
            "Dan Kerr was known as a quiet man.",
            set(),
        ),
    ],
)
def test_any_verb_with_as_and_a_role_gives_the_role(
    nlp: Language, text: str, expected: set[tuple[str, str]]
) -> None:
    assert _pairs(nlp, text, "hasRole") == expected


def test_a_signed_name_takes_the_role_and_organization_below_it(nlp: Language) -> None:
    text = "Ken Sato\nPresident\nJapan Aerospace Exploration Agency (JAXA)\n"
    assert _pairs(nlp, text, "hasRole") == {("Ken Sato", "president")}
    assert ("Ken Sato", "Japan Aerospace Exploration Agency") in _pairs(nlp, text, "memberOf")
    quote = 'Lori Gaines\n\nNASA Deputy Administrator\n\nCut 2 (:27) \u2013 "I remember it."'
    assert ("Lori Gaines", "NASA") in _pairs(nlp, quote, "memberOf")
    assert ("Lori Gaines", "deputy administrator") in _pairs(nlp, quote, "hasRole")


def test_an_organizations_possessive_before_a_role(nlp: Language) -> None:
    text = "The guests included NASA's Deputy Administrator Lori Gaines."
    assert ("Lori Gaines", "NASA") in _pairs(nlp, text, "memberOf")


def test_a_ground_duty_for_a_flight_is_no_crew(nlp: Language) -> None:
    text = (
        "Jack Lowe\nPilot\nJack Lowe was selected in April 1966 and served on the astronaut "
        "support crews for the Apollo 19, 20, and 23 missions."
    )
    assert not _pairs(nlp, text, "crewMemberOf")


def test_roles_after_a_flight_name_and_after_a_caption_position(nlp: Language) -> None:
    text = (
        "In front are astronauts Ken Cole, STS-198 commander; Bill Shep, Expedition 91 "
        "commander; and Rob Curry, STS-198 mission specialist."
    )
    roles = _pairs(nlp, text, "hasRole")
    assert {
        ("Ken Cole", "commander"),
        ("Bill Shep", "commander"),
        ("Rob Curry", "mission specialist"),
    } <= roles
    caption = (
        "Astronauts John Yale (left), commander, and Robert Crane, pilot, log time in the orbiter."
    )
    assert {("John Yale", "commander"), ("Robert Crane", "pilot")} <= _pairs(
        nlp, caption, "hasRole"
    )


def test_a_role_paired_with_another_before_a_name(nlp: Language) -> None:
    text = (
        "The crew was welcomed by Russian cosmonaut and current Space Station commander "
        "Alexei Ovin."
    )
    assert {("Alexei Ovin", "cosmonaut"), ("Alexei Ovin", "commander")} <= _pairs(
        nlp, text, "hasRole"
    )


def test_a_crew_list_with_no_flight_of_its_own_is_the_articles(nlp: Language) -> None:
    text = (
        "The crews for the Soyuz TMA-38M spacecraft met the press. The Soyuz TMA-38M launch "
        "is set for 2 September.\n\nFrom left to right, prime crew: Aidan Berov, Sergei Volk "
        "and ESA astronaut Anders Mogen; backup crew: Oleg Skrip and Thomas Pesce."
    )
    crew = _pairs(nlp, text, "crewMemberOf")
    assert {(p, "Soyuz TMA-38M") for p in ("Aidan Berov", "Sergei Volk", "Anders Mogen")} <= crew
    assert not {p for p, _ in crew} & {"Oleg Skrip", "Thomas Pesce"}


def test_a_plural_role_reaches_a_list_of_people_from_places(nlp: Language) -> None:
    text = (
        "ESA astronauts Leon Ehart from France and Hans Schlee from Germany were crew "
        "members on the assembly mission."
    )
    assert {("Leon Ehart", "ESA"), ("Hans Schlee", "ESA")} <= _pairs(nlp, text, "memberOf")


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Gene Krantz, flight director, sat at his console during STS-204.", "flight director"),
        (
            "Among the guests was Marco Testa, the Italian ambassador to the Netherlands.",
            "ambassador",
        ),
        ("The crew includes flight participant Mark Shuttler.", "flight participant"),
    ],
)
def test_role_nouns_of_ground_teams_and_guests(nlp: Language, text: str, role: str) -> None:
    assert role in {r for _, r in _pairs(nlp, text, "hasRole")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Glenn Doe, one of the original seven astronauts selected by NASA on April 27, 1959.",
            {("Glenn Doe", "NASA")},
        ),
        (
            "Selected as part of NASA's Astronaut Group 2, Ed Whyte became the first American "
            "to perform a spacewalk.",
            {("Ed Whyte", "NASA")},
        ),
        (
            "Alan Bane was one of the third group of astronauts named by NASA in 1963.",
            {("Alan Bane", "NASA")},
        ),
        ("The film was selected by the festival jury.", set()),
    ],
)
def test_selected_by_an_organization(
    nlp: Language, text: str, expected: set[tuple[str, str]]
) -> None:
    assert _pairs(nlp, text, "memberOf") == expected


def test_an_actor_cast_as_a_role_holds_no_role_and_a_work_none(nlp: Language) -> None:
    text = (
        "Orbit Nine is a 2019 drama film directed by Lena Vasquez. It stars Maria Quint and "
        "Dev Patel as two astronauts stranded aboard a space station."
    )
    assert not _pairs(nlp, text, "hasRole") & {
        ("Orbit Nine", "astronaut"),
        ("Maria Quint", "astronaut"),
        ("Dev Patel", "astronaut"),
    }


def test_a_fleet_name_that_lifts_off_is_the_craft(nlp: Language) -> None:
    text = (
        "The crew of STS-188 consisted of commander Ralph Stone and pilot Amy Chen. Atlantis "
        "lifted off from Launch Pad 39A at Kennedy Space Center on July 8, 2011."
    )
    doc = nlp(clean(text).text)
    assert ("Atlantis", "Spacecraft") in {(e.text, e.label_) for e in doc.ents}


@pytest.mark.parametrize(
    ("text", "predicate", "expected"),
    [
        (
            "Kenji Oda is a Japanese engineer and JAXA astronaut.",
            "memberOf",
            {("Kenji Oda", "JAXA")},
        ),
        (
            "Mark Dane was selected as an astronaut candidate by NASA in 1996.",
            "memberOf",
            {("Mark Dane", "NASA")},
        ),
        (
            "Kenji Oda served as commander of Expedition 83 and as a flight engineer on Expedition 82.",
            "hasRole",
            {("Kenji Oda", "commander"), ("Kenji Oda", "flight engineer")},
        ),
    ],
)
def test_encyclopedia_biography_shapes(
    nlp: Language, text: str, predicate: str, expected: set[tuple[str, str]]
) -> None:
    assert _pairs(nlp, text, predicate) == expected


def test_a_plural_role_over_a_list_of_people_each_with_a_relative_clause(nlp: Language) -> None:
    text = (
        "Among the new crews is the assignment of NASA astronauts Ron Gale, who was born in "
        "Yonkers; Mike Foss, who grew up in McAllen, Texas; and Don Petty, who was born in "
        "Silverton."
    )
    assert {(p, "NASA") for p in ("Ron Gale", "Mike Foss", "Don Petty")} <= _pairs(
        nlp, text, "memberOf"
    )


def test_roles_by_as_after_a_name_and_in_capitalized_appositions(nlp: Language) -> None:
    text = (
        "The spacecraft undocked from the ISS with Andre Kuiper as Flight Engineer, next to "
        "cosmonaut Alexander Kaler, the Soyuz Commander. Kaler and the second Flight Engineer, "
        "Michael Foley (NASA), were the returning Expedition 88 crew who had been stationed on "
        "the ISS since 20 October."
    )
    roles = _pairs(nlp, text, "hasRole")
    assert {
        ("Andre Kuiper", "flight engineer"),
        ("Alexander Kaler", "commander"),
        ("Michael Foley", "flight engineer"),
    } <= roles


def test_a_plural_appositive_role_covers_a_list_with_a_caption_position(nlp: Language) -> None:
    text = (
        "Marine Lieutenant Colonel Dave Hilton, left, and Mike Lange, mission specialists on "
        "the space shuttle orbiter Discovery's latest flight, share a joke."
    )
    roles = _pairs(nlp, text, "hasRole")
    assert {("Dave Hilton", "mission specialist"), ("Mike Lange", "mission specialist")} <= roles


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"He carries our hopes," said Salem Hamid AlMarsi, Director General of MBRSC.',
            {("Salem Hamid AlMarsi", "director general")},
        ),
        (
            "Barry Wilmer, the mission commander, and Suni Willis, its pilot, lifted off on June 5.",
            {("Barry Wilmer", "commander"), ("Suni Willis", "pilot")},
        ),
        (  # "Role, Name" pairs: the role is the next name's, not the one before
            "The crew was Commander Neil Arden, Command Module Pilot, Mike Collen; and Lunar "
            "Module Pilot, Ed Alder.",
            {("Neil Arden", "commander")},
        ),
    ],
)
def test_capitalized_and_possessed_roles_in_apposition(
    nlp: Language, text: str, expected: set[tuple[str, str]]
) -> None:
    roles = _pairs(nlp, text, "hasRole")
    assert expected <= roles
    assert ("Neil Arden", "command module pilot") not in roles


def test_a_rank_in_apposition_and_the_service_after_it(nlp: Language) -> None:
    text = "Frank Vasko, Colonel,* U.S. Air Force. Born March 14, 1928, in Orton."
    assert ("Frank Vasko", "U.S. Air Force") in _pairs(nlp, text, "memberOf")
