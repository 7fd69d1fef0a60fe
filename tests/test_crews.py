"""Who flew what: crews read from the parse in the shapes real biographies, releases and
captions use, and the ones that are not crews (ground teams, backups, people met). Every
sentence here is made up for the test; names are invented."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.extract.document import extract
from kg.records import Document, Mention
from kg.text.clean import clean


def _crew(nlp: Language, text: str, predicate: str = "crewMemberOf") -> set[tuple[str, str]]:
    cleaned = clean(text)
    extraction = extract(nlp(cleaned.text), Document("d", "d.txt", text, "0"), cleaned)
    return {
        (f.subject.text, getattr(f.object, "text", str(f.object)))
        for f in extraction.facts
        if f.predicate == predicate
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # coordinated flights, and a flight as the object of a crew verb
            "Marta Vance flew on STS-41 and STS-57 and later commanded STS-90.",
            {("Marta Vance", "STS-41"), ("Marta Vance", "STS-57"), ("Marta Vance", "STS-90")},
        ),
        (  # a role on a list of flights, each with its date
            "Irena Holm served as a mission specialist on STS-51-G in June 1985, "
            "STS-34 in October 1989, and STS-58 in October 1993.",
            {("Irena Holm", "STS-51-G"), ("Irena Holm", "STS-34"), ("Irena Holm", "STS-58")},
        ),
        (  # two roles on two expeditions
            "Tomas Brek was a flight engineer on Expedition 12 and later commander of Expedition 13.",
            {("Tomas Brek", "Expedition 12"), ("Tomas Brek", "Expedition 13")},
        ),
        ("Kowalski was one of the STS-99 crew.", {("Kowalski", "STS-99")}),
        (  # a possessive pronoun: the person of the sentence before
            "Piet Alders joined NASA in 1996. His first spaceflight was STS-100 in 2001.",
            {("Piet Alders", "STS-100")},
        ),
        (  # a participle clause, and a return aboard another flight
            "Launched aboard STS-76 in March 1996, Lena Ortiz returned to Earth aboard STS-79.",
            {("Lena Ortiz", "STS-76"), ("Lena Ortiz", "STS-79")},
        ),
        (  # a craft's own mission: both
            "Dana Reed will fly on shuttle Endeavour's STS-123 mission to replace Tom Hale.",
            {("Dana Reed", "shuttle Endeavour"), ("Dana Reed", "STS-123")},
        ),
        (  # a flight that carries people
            "Soyuz TMA-16 carried Jeff Wilder and Maxim Surin to the station.",
            {("Jeff Wilder", "Soyuz TMA-16"), ("Maxim Surin", "Soyuz TMA-16")},
        ),
        (  # a relative clause keeps its flight to its own person
            "Ole Berg, who flew on STS-88, met Anna Kroll at the ceremony.",
            {("Ole Berg", "STS-88")},
        ),
        (  # a list after a colon
            "Ruth Kane is a veteran of three spaceflights: STS-41, STS-57 and STS-90.",
            {("Ruth Kane", "STS-41"), ("Ruth Kane", "STS-57"), ("Ruth Kane", "STS-90")},
        ),
        (
            "Ed Walsh became the first American to perform a spacewalk on the Gemini 4 mission.",
            {("Ed Walsh", "Gemini 4")},
        ),
        ("Hans Ebert took part in the Crew-2 mission as a specialist.", {("Hans Ebert", "Crew-2")}),
        (  # a passive agent who shares the flight
            "Oleg Nikov and Petr Dubin were joined by Mark Vale aboard the Soyuz MS-18 spacecraft.",
            {
                ("Oleg Nikov", "Soyuz MS-18"),
                ("Petr Dubin", "Soyuz MS-18"),
                ("Mark Vale", "Soyuz MS-18"),
            },
        ),
        (  # a flight in a clause of another subject is theirs
            "Carl Lorimer and John Harlow are first-time flyers, and Mike Lorca will take his "
            "third trip to space, having flown on STS-73 in 1995.",
            {("Mike Lorca", "STS-73")},
        ),
        (  # each part between semicolons is its own person's
            "Left are Ken Corbel, STS-198 commander; Bill Shelby, Expedition 91 commander; "
            "and Rob Curran, STS-198 mission specialist.",
            {
                ("Ken Corbel", "STS-198"),
                ("Bill Shelby", "Expedition 91"),
                ("Rob Curran", "STS-198"),
            },
        ),
        (  # a pronoun's clause joined to another's
            "Anna Morgan flew on STS-92. Dave Wolfe first flew in 1993 on STS-58; in 1997 he "
            "traveled to Mir.",
            {("Anna Morgan", "STS-92"), ("Dave Wolfe", "STS-58")},
        ),
    ],
)
def test_crew_from_the_path_between_person_and_flight(
    nlp: Language, text: str, expected: set[tuple[str, str]]
) -> None:
    assert _crew(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The STS-41 flight director was Karl Benz.",
        "Gina Marsh served as capcom during STS-41.",
        "Nadia Petrova was a backup crew member for Expedition 30.",
        "The agency head invited Elena Sorn and Ivo Kral to the launch of Soyuz MS-22.",
    ],
)
def test_ground_teams_backups_and_guests_are_not_crew(nlp: Language, text: str) -> None:
    assert _crew(nlp, text) == set()


def test_people_listed_after_a_flights_crew_noun(nlp: Language) -> None:
    caption = (
        "Expedition 65 crew members Mark Vale of NASA, left, Oleg Nikov and Petr Dubin "
        "of Roscosmos wave farewell."
    )
    assert {("Mark Vale", "Expedition 65"), ("Oleg Nikov", "Expedition 65")} <= _crew(nlp, caption)
    assert ("Petr Dubin", "Expedition 65") in _crew(nlp, caption)
    listing = "The STS-41 crew: Commander Anne Hall, Pilot Bo Lind and mission specialist Carl Ek."
    assert _crew(nlp, listing) == {
        ("Anne Hall", "STS-41"),
        ("Bo Lind", "STS-41"),
        ("Carl Ek", "STS-41"),
    }


def test_a_mission_flown_by_a_craft_shares_its_crew(nlp: Language) -> None:
    text = (
        "Ada Brandt will command the shuttle Atlantis during STS-131. "
        "Mission specialists on STS-131 are Tim Oster and Rae Lund."
    )
    assert ("STS-131", "shuttle Atlantis") in _crew(nlp, text, "spacecraft")
    crew = _crew(nlp, text)
    assert {("Tim Oster", "STS-131"), ("Tim Oster", "shuttle Atlantis")} <= crew
    assert {("Ada Brandt", "shuttle Atlantis"), ("Ada Brandt", "STS-131")} <= crew


def test_a_crew_role_in_a_paragraph_about_one_flight(nlp: Language) -> None:
    text = (
        "NASA has named the crew of STS-140, targeted for launch in May. Commander Lee Park "
        "will lead the flight. Joe Ames will serve as the pilot. The alternate pilot is Sam Roe."
    )
    crew = _crew(nlp, text)
    assert {("Lee Park", "STS-140"), ("Joe Ames", "STS-140")} <= crew
    assert ("Sam Roe", "STS-140") not in crew


def test_whatever_a_person_does_during_a_flight_makes_them_its_crew(nlp: Language) -> None:
    text = "During Mission STS-42, Vera Holt conducted 43 experiments for ten countries."
    assert ("Vera Holt", "STS-42") in _crew(nlp, text)


def test_a_fact_sheets_lines_give_crew_and_launch(nlp: Language) -> None:
    text = (
        "Mission Archives\n\nMission: STS-140\nLaunched: May 3, 1992, 9:57:00 a.m. EST\n"
        "Landing Site: Edwards Air Force Base\n\nCrew: Paul Ferrer, Lena Ortiz, Omar Haziq\n\n"
        "The STS-140 crew deployed a satellite.\n"
    )
    assert ("STS-140", "1992-05-03") in _crew(nlp, text, "launchDate")
    assert {("Paul Ferrer", "STS-140"), ("Omar Haziq", "STS-140")} <= _crew(nlp, text)


def test_a_sheet_whose_mission_field_names_its_payload(nlp: Language) -> None:
    text = (
        "Mission: Polar Relay Satellite-7 (PRS-7)\nSpace Shuttle: Discovery\n"
        "Launched: May 3, 1992, 9:57:00 a.m. EST\n\n"
        "Image above: STS-140 crew photo with Commander Paul Ferrer.\n"
    )
    assert ("STS-140", "1992-05-03") in _crew(nlp, text, "launchDate")
    assert {flight for flight, _ in _crew(nlp, text, "spacecraft")} == {"STS-140"}


def test_a_fact_sheet_label_may_name_its_flight(nlp: Language) -> None:
    text = "Returning from the station - Expedition 18 Crew: Michael Fink, Yuri Lonchakov\n"
    assert ("Michael Fink", "Expedition 18") in _crew(nlp, text)


@pytest.mark.parametrize(
    ("text", "flight", "target"),
    [
        (
            "The STS-140 mission will deliver a new module to the International Space Station.",
            "STS-140",
            "International Space Station",
        ),
        (
            "Lena Ortiz was the first European to board the Russian space station Mir during STS-84.",
            "STS-84",
            "Mir",
        ),
        (
            "Crew-12 will launch to the International Space Station next week.",
            "Crew-12",
            "International Space Station",
        ),
        (  # a flight noun in apposition, with its own docking clause
            "Dana Voss returned with the shuttle mission STS-150, the first flight to dock with "
            "Mir.",
            "STS-150",
            "Mir",
        ),
        (  # the name given to a flight noun
            "Ivo Lenk arrived at the International Space Station. It marks the start of his "
            "second mission to the Space Station, known as 'Farther'.",
            "Farther",
            "International Space Station",
        ),
    ],
)
def test_where_a_mission_went(nlp: Language, text: str, flight: str, target: str) -> None:
    assert (flight, target) in _crew(nlp, text, "destination")


@pytest.mark.parametrize(
    ("text", "flight", "operator"),
    [
        ("The photo was taken by NASA's Voyager spacecraft.", "Voyager", "NASA"),
        ("NASA's SpaceX Crew-12 mission lifted off at dawn.", "Crew-12", "NASA"),
        (
            "Soyuz TMA-30 was a crewed spaceflight flown by the Russian space agency Roscosmos.",
            "Soyuz TMA-30",
            "Russian space agency",
        ),
        (
            "She flew aboard VSS Unity, the spaceplane of her company Virgin Galactic.",
            "VSS Unity",
            "Virgin Galactic",
        ),
    ],
)
def test_whose_craft_or_flight_it_is(nlp: Language, text: str, flight: str, operator: str) -> None:
    assert (flight, operator) in _crew(nlp, text, "operatedBy")


def test_a_persons_agency_is_not_their_flights_operator(nlp: Language) -> None:
    text = "The rocket carried Expedition 90 commander Yuri Lonov of Roscosmos to orbit."
    assert _crew(nlp, text, "operatedBy") == set()


def test_a_crew_role_heading_a_list_gives_crew_and_role(nlp: Language) -> None:
    text = (
        "Ivo Lenk will command Expedition 70. The flight engineers for the mission include "
        "cosmonaut Omar Haziq and NASA astronaut Alan Brask."
    )
    crew = _crew(nlp, text)
    assert {("Omar Haziq", "Expedition 70"), ("Alan Brask", "Expedition 70")} <= crew
    roles = _crew(nlp, text, "hasRole")
    assert {("Omar Haziq", "flight engineer"), ("Alan Brask", "flight engineer")} <= roles


@pytest.mark.parametrize(
    "text",
    [
        "Expedition 75 Flight Engineer Ann Kell floats inside the Destiny laboratory in June.",
        "Commander Ann Kell and payload specialist Ulf Berg ate in the Spacelab module aboard "
        "Space Shuttle Columbia during STS-19.",
    ],
)
def test_a_stations_module_or_a_bays_part_has_no_crew(nlp: Language, text: str) -> None:
    flights = {flight for _, flight in _crew(nlp, text)}
    assert flights and not flights & {"Destiny", "Spacelab"}


def test_a_fact_about_a_pair_of_expeditions_holds_for_each(nlp: Language) -> None:
    text = (
        "The Soyuz docked, delivering ESA astronaut Alan Brask and his Expedition 70/71 crewmates."
    )
    cleaned = clean(text)
    extraction = extract(nlp(cleaned.text), Document("d", "d.txt", text, "0"), cleaned)
    missions = {
        f.object.canonical
        for f in extraction.facts
        if f.predicate == "crewMemberOf" and isinstance(f.object, Mention)
    }
    assert missions == {"Expedition 70", "Expedition 71"}


def test_where_a_flight_came_home_is_no_destination(nlp: Language) -> None:
    text = "Dana Voss returned to Earth with the shuttle mission STS-150."
    assert not _crew(nlp, text, "destination")


@pytest.mark.parametrize(
    "text",
    [
        # the parse hangs "during" deep in the clause's objects
        "He ran experiments in space science, materials and life sciences during Mission 41-X, "
        "October 5-13, 1984, aboard the Space Shuttle Challenger.",
        # one sentence puts a person in the crew of one mission and of one craft
        "Astronaut John Rell (left), STS-19 crew commander, eats a meal aboard the "
        "Earth-orbiting Space Shuttle Columbia.",
    ],
)
def test_the_craft_that_flew_a_mission(nlp: Language, text: str) -> None:
    pairs = _crew(nlp, text, "spacecraft")
    assert len(pairs) == 1
    mission, craft = next(iter(pairs))
    assert mission in {"Mission 41-X", "STS-19"} and craft.startswith("Space Shuttle")


def test_the_mission_is_the_one_just_named(nlp: Language) -> None:
    text = (
        "Ivo Lenk flew on STS-150 and STS-151. Ivo Lenk will command Expedition 70. The flight "
        "engineers for the mission include Air Force Brig. Gen. Omar Haziq and NASA astronaut "
        "Alan Brask."
    )
    crew = _crew(nlp, text)
    assert {("Omar Haziq", "Expedition 70"), ("Alan Brask", "Expedition 70")} <= crew
    assert ("Omar Haziq", "STS-150") not in crew


def test_a_sheet_is_about_the_flight_its_first_line_names(nlp: Language) -> None:
    text = (
        "Shuttle Flights - STS-150: Second Docking\n\nSpace Shuttle: Atlantis\n\n"
        "Crew: Ferrer, Ortiz, Haziq\n\nReturning from Mir - Mir-30 Crew: Lenk, Voss\n\n"
        "The shuttle Atlantis docked with Mir. Mir-30 ended in May.\n"
    )
    crew = _crew(nlp, text)
    assert {("Ferrer", "STS-150"), ("Haziq", "STS-150"), ("Lenk", "Mir-30")} <= crew
    assert ("STS-150", "Space Shuttle: Atlantis") in _crew(nlp, text, "spacecraft")


def test_people_who_join_the_crew_a_sentence_before_names(nlp: Language) -> None:
    text = (
        "Scott Rell will command the crew of STS-150. Veteran astronauts Dana Voss and Ivo "
        "Lenk will return to space. Barbara Mock and Lisa M. Noway round out the crew as "
        "mission specialists."
    )
    crew = _crew(nlp, text)
    assert {("Barbara Mock", "STS-150"), ("Lisa M. Noway", "STS-150")} <= crew
    assert ("Barbara Mock", "mission specialist") in _crew(nlp, text, "hasRole")
    # greeting a crew joins none
    assert not _crew(nlp, "Ivo Lenk flew on STS-150. Dana Voss greeted the crew.") - {
        ("Ivo Lenk", "STS-150")
    }


def test_a_release_that_gives_each_flights_crew_after_it(nlp: Language) -> None:
    text = (
        "NASA named the crews of STS-150 and STS-151. STS-150, commanded by Jeff Ashen, will "
        "deliver a truss. Anna Morgan will serve as pilot. Mission specialists include Dan Wolfe "
        "and Sandra Magness. STS-151, commanded by Jim Weatherly, will carry a truss. Pilot "
        "Chris Lorio will join Weatherly on the flight deck."
    )
    crew = _crew(nlp, text)
    assert {
        ("Jeff Ashen", "STS-150"),
        ("Anna Morgan", "STS-150"),
        ("Dan Wolfe", "STS-150"),
        ("Sandra Magness", "STS-150"),
        ("Jim Weatherly", "STS-151"),
        ("Chris Lorio", "STS-151"),
    } <= crew
    assert not {p for p, f in crew if f == "STS-151"} & {"Anna Morgan", "Dan Wolfe"}
    assert ("Jeff Ashen", "commander") in _crew(nlp, text, "hasRole")


def test_flights_listed_after_a_colon_about_time_in_space(nlp: Language) -> None:
    text = (
        "Jim Weatherly, a veteran astronaut, has been in space five times: STS-32 in 1990, "
        "STS-52 in 1992 and STS-63 in 1995."
    )
    assert _crew(nlp, text) == {
        ("Jim Weatherly", "STS-32"),
        ("Jim Weatherly", "STS-52"),
        ("Jim Weatherly", "STS-63"),
    }
    assert not _crew(nlp, "NASA has planned three missions: STS-32, STS-52 and STS-63.")


def test_a_flight_named_before_a_list_of_people_and_roles(nlp: Language) -> None:
    text = (
        "STS-150 mission commander Scott Altmann, spacewalkers John Grunfeld and Mike Massimo, "
        "and pilot Greg Johns attended the premiere."
    )
    assert {person for person, _ in _crew(nlp, text)} == {
        "Scott Altmann",
        "John Grunfeld",
        "Mike Massimo",
        "Greg Johns",
    }


def test_a_crew_list_under_its_flight_takes_no_other_mission_of_the_list(nlp: Language) -> None:
    text = (
        "CREW STS-150\n\n  • Commander Mark Polan (NASA)\n  • Pilot William Oefel (NASA)\n"
        "  • Descent: Expedition 74 Flight Engineer Thomas Reit (ESA)\n"
    )
    crew = _crew(nlp, text)
    assert {("Mark Polan", "STS-150"), ("Thomas Reit", "Expedition 74")} <= crew
    assert ("Mark Polan", "Expedition 74") not in crew


def test_the_people_a_craft_will_carry_and_where(nlp: Language) -> None:
    text = (
        "The Soyuz MS-25 spacecraft that will carry ESA astronaut Paolo Nesti to the "
        "International Space Station is now on the launch pad."
    )
    assert ("Paolo Nesti", "Soyuz MS-25") in _crew(nlp, text)
    assert ("Soyuz MS-25", "International Space Station") in _crew(nlp, text, "destination")


def test_a_sheet_of_sections_each_headed_by_its_flight(nlp: Language) -> None:
    text = (
        "Soyuz TM-32\n\nMay 21-30, 1996\n\nLaunch crew\u2014Ivan Petrov, Oleg Sidorov\n"
        "Crew code name\u2014Kedr\n\nSoyuz TM-33\n\nJuly 2, 1996\n\n"
        "Landing crew\u2014Pavel Orlov, Anatoli Belov\n"
    )
    assert _crew(nlp, text) >= {
        ("Ivan Petrov", "Soyuz TM-32"),
        ("Oleg Sidorov", "Soyuz TM-32"),
        ("Pavel Orlov", "Soyuz TM-33"),
        ("Anatoli Belov", "Soyuz TM-33"),
    }
    assert not {p for p, f in _crew(nlp, text) if f == "Soyuz TM-33"} & {"Ivan Petrov"}


def test_a_list_the_parse_breaks_is_one_crew(nlp: Language) -> None:
    # the small model makes the second name the subject of "is": the list still flies
    text = (
        "The Soyuz MS-07 spacecraft that will carry ESA astronaut Karl Ostberg, NASA astronaut "
        "Dina Fell and Roscosmos commander Ivan Petrov to the International Space Station is "
        "now on the launch pad in Kazakhstan."
    )
    crew = _crew(nlp, text)
    assert {(p, "Soyuz MS-07") for p in ("Karl Ostberg", "Dina Fell", "Ivan Petrov")} <= crew
    assert ("Soyuz MS-07", "International Space Station") in _crew(nlp, text, "destination")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a stay on the station, named by the flight noun
            "The trio were launched 3 December 2018 on the Soyuz MS-14 spacecraft from the "
            "Baikonur Cosmodrome for a six-month mission on the International Space Station.",
            {("Soyuz MS-14", "International Space Station")},
        ),
        (  # another clause past a semicolon is another trip
            "Ward first flew in 1993 on STS-158; in 1997 he traveled to the Russian space "
            "station Mir, where he spent 123 days.",
            set(),
        ),
    ],
)
def test_destination_of_the_sentences_one_flight(
    nlp: Language, text: str, expected: set[tuple[str, str]]
) -> None:
    assert _crew(nlp, text, "destination") == expected


def test_a_mission_of_ones_own_is_not_the_crews(nlp: Language) -> None:
    # an agency's name for one astronaut's part of a flight: the others did not fly it
    text = (
        "Follow Carla Ventre during her Lumen mission. Lumen is flown on Soyuz MS-27. "
        "The Soyuz MS-27 spacecraft will carry ESA astronaut Carla Ventre and NASA "
        "astronaut Dan Ross to the International Space Station."
    )
    crew = _crew(nlp, text)
    assert ("Dan Ross", "Soyuz MS-27") in crew
    assert ("Dan Ross", "Lumen") not in crew


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the list after "with", however the parse hangs it
            "The Soyuz MS-30 spacecraft lifted off at 3:45 a.m. with Roscosmos cosmonauts "
            "Ivan Orlov and Petr Ganin and NASA astronaut Kay Barlow aboard.",
            {
                ("Ivan Orlov", "Soyuz MS-30"),
                ("Petr Ganin", "Soyuz MS-30"),
                ("Kay Barlow", "Soyuz MS-30"),
            },
        ),
        (
            "NASA's Crew-9 mission now is targeting launch no earlier than Sunday, Oct. 31, "
            "with NASA astronauts Rita Chaves, Tom Marsh and Kay Barlow and ESA (European "
            "Space Agency) astronaut Mattis Maurin.",
            {
                ("Rita Chaves", "Crew-9"),
                ("Tom Marsh", "Crew-9"),
                ("Kay Barlow", "Crew-9"),
                ("Mattis Maurin", "Crew-9"),
            },
        ),
        (  # a flight before a list of people with their agencies in brackets
            "Crew-8 NASA astronauts Shane Kimber and Megan Alder, JAXA (Japan Aerospace "
            "Exploration Agency) astronaut Aki Hoshino, and ESA astronaut Thomas Pesce are "
            "targeting November for a return to Earth.",
            {
                ("Shane Kimber", "Crew-8"),
                ("Megan Alder", "Crew-8"),
                ("Aki Hoshino", "Crew-8"),
                ("Thomas Pesce", "Crew-8"),
            },
        ),
        (  # each flight's role names its own person only
            "In front are astronauts Ken Cole, STS-198 commander; Bill Shep, Expedition 91 "
            "commander; and Rob Curry, STS-198 mission specialist.",
            {("Ken Cole", "STS-198"), ("Bill Shep", "Expedition 91"), ("Rob Curry", "STS-198")},
        ),
    ],
)
def test_a_flight_and_the_people_listed_with_it(
    nlp: Language, text: str, expected: set[tuple[str, str]]
) -> None:
    assert _crew(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Marc Gray boarded Mir during Mission STS-174, aboard the Space Shuttle Atlantis, "
            "November 12-20, 1995.",
            {("STS-174", "1995-11-12")},
        ),
        (
            "Soyuz-TM 12\n\nFebruary 5, 1987-July 30, 1987\n\nLaunch crew\u2014Ivan Petrov\n",
            {("Soyuz-TM 12", "1987-02-05")},
        ),
        (
            "STS-101 :: April 12-14, 1981\n\nJohn Yale and Robert Crane log time in the orbiter.",
            {("STS-101", "1981-04-12")},
        ),
        ("The crew of Expedition 77 stayed from May 2-29, 2011.", set()),  # a stay does not launch
    ],
)
def test_a_flights_span_of_days_starts_with_its_launch(
    nlp: Language, text: str, expected: set[tuple[str, str]]
) -> None:
    assert _crew(nlp, text, "launchDate") == expected


def test_commanded_and_piloted_by_with_it_for_the_flight_above(nlp: Language) -> None:
    text = (
        "STS-102 :: Nov. 12-14, 1981\n\nThe second mission launched on Nov. 12. Commanded by "
        "Joe Engler and piloted by Richard Tully, it was the last time NASA flew a rookie "
        "crew.\n\nSTS-103 :: March 22-30, 1982\n\nThe third mission launched on March 22.\n\n"
        "STS-104 :: June 27, 1982\n\nThe fourth mission launched on June 27."
    )
    assert _crew(nlp, text) == {("Joe Engler", "STS-102"), ("Richard Tully", "STS-102")}
    assert {("Joe Engler", "commander"), ("Richard Tully", "pilot")} <= _crew(nlp, text, "hasRole")


def test_flying_a_craft_by_hand_is_no_pilot_role(nlp: Language) -> None:
    text = "Commander Neil Arden and Edwin Alder piloted Eagle to a touchdown on the Moon."
    assert ("Edwin Alder", "pilot") not in _crew(nlp, text, "hasRole")


def test_it_carried_the_people_a_colon_lists(nlp: Language) -> None:
    text = (
        "Soyuz TMA-31M was a crewed spaceflight to the International Space Station launched "
        "on 12 March 2016. It carried three members of the Expedition 77 crew: commander Ivan "
        "Orlov of Roscosmos, flight engineer Dana Kerr of NASA and flight engineer Kenji Sato "
        "of JAXA."
    )
    crew = _crew(nlp, text)
    assert {(p, "Soyuz TMA-31M") for p in ("Ivan Orlov", "Dana Kerr", "Kenji Sato")} <= crew


def test_a_flight_carrying_people_in_its_participle(nlp: Language) -> None:
    text = (
        "Shenzhou-27 blasted off from the Jiuquan Satellite Launch Center on Thursday, "
        "carrying astronauts Li Wen, Zhao Kai and Chen Mei to the Tiangong space station."
    )
    assert {(p, "Shenzhou-27") for p in ("Li Wen", "Zhao Kai", "Chen Mei")} <= _crew(nlp, text)


def test_a_flight_in_brackets_after_its_programme_is_no_acronym(nlp: Language) -> None:
    text = (
        "The orbiter lifts off from Complex 39A at 7:33 a.m. EDT. Aboard the ninth flight of "
        "the Space Transportation System (STS-109) are: Bob Crane, commander; Fred Hack, "
        "pilot; and mission specialists Sally Rice and John Fabin"
    )
    assert {(p, "STS-109") for p in ("Bob Crane", "Fred Hack", "Sally Rice")} <= _crew(nlp, text)
    assert not _crew(nlp, text, "operatedBy")


def test_a_list_item_of_a_person_and_the_flights_they_flew(nlp: Language) -> None:
    text = (
        "Media Advisory\n\nThe Canadian astronauts who flew are:\n\n"
        "\u2022 Marc Garnet, Mission STS-141-G, October 5-13 1984, Space Shuttle Challenger\n"
        "\u2022 Roberta Bonder, Mission STS-142, January 22 to 30 1992, Space Shuttle Discovery\n"
        "\u2022 STS003-09-444: Columbia and Canadarm\n"
    )
    crew = _crew(nlp, text)
    assert {
        ("Marc Garnet", "STS-141-G"),
        ("Marc Garnet", "Space Shuttle Challenger"),
        ("Roberta Bonder", "STS-142"),
        ("Roberta Bonder", "Space Shuttle Discovery"),
    } <= crew
    assert ("Roberta Bonder", "Space Shuttle Challenger") not in crew


def test_people_who_accompany_a_crew_member_fly_the_same_flight(nlp: Language) -> None:
    text = (
        "Paolo Nesti flew on STS-120 aboard Space Shuttle Discovery during the Lumen mission. "
        "Nesti was accompanied by Scott Paras, Douglas Wheel and Pamela Melroe."
    )
    crew = _crew(nlp, text)
    assert {
        (p, f)
        for p in ("Scott Paras", "Douglas Wheel", "Pamela Melroe")
        for f in ("STS-120", "Space Shuttle Discovery")
    } <= crew
    assert ("Scott Paras", "Lumen") not in crew


def test_a_craft_module_carrying_people_and_a_crew_beside_them(nlp: Language) -> None:
    text = (
        "The mission ended when the Soyuz TMA-33 command module, carrying Dutch ESA astronaut "
        "Andre Kuiper and the ISS Expedition 88 crew, touched down early this morning."
    )
    crew = _crew(nlp, text)
    assert ("Andre Kuiper", "Soyuz TMA-33") in crew
    assert ("Andre Kuiper", "Expedition 88") not in crew  # listed beside that crew


def test_the_person_replaced_does_not_fly(nlp: Language) -> None:
    text = "Alexander Skvor replaces Alexander Kaler as the Soyuz 41 commander and Expedition 84 commander."
    assert not {f for p, f in _crew(nlp, text) if p == "Alexander Kaler"}


def test_list_items_under_a_stay_that_begins_with_new_crew_members(nlp: Language) -> None:
    text = (
        "Expedition 90 begins with the Soyuz 49 docking and the arrival of three new crew "
        "members in May 2029.\n"
        "- Russian cosmonaut Gennady Pavlov, station commander, who will launch in March 2029 on "
        "Soyuz 48.\n"
        "- NASA astronaut Tim Kober, who will launch on STS-197 and return on STS-198.\n"
    )
    crew = _crew(nlp, text)
    assert {("Gennady Pavlov", "Expedition 90"), ("Tim Kober", "Expedition 90")} <= crew
    assert ("Gennady Pavlov", "Soyuz 49") not in crew


def test_to_be_on_a_flight_is_to_fly_it(nlp: Language) -> None:
    text = "Julie Paget will be on the Space Shuttle Endeavour for mission STS-227 in April 2009."
    assert {("Julie Paget", "Space Shuttle Endeavour"), ("Julie Paget", "STS-227")} <= _crew(
        nlp, text
    )
    assert not _crew(nlp, "The focus will be on STS-227 in April 2009.")


def test_the_crew_comprised_of_a_list_is_the_articles_stays(nlp: Language) -> None:
    text = (
        "Today, Astronaut Chris Hadley launched from the Baikonur Cosmodrome. The crew "
        "comprised of Chris Hadley, NASA astronaut Tom Marsh and Russian cosmonaut Roman "
        "Roman, will rendezvous with the ISS on Friday. Expedition 84/85 is his second "
        "long-duration mission."
    )
    crew = _crew(nlp, text)
    assert {(p, e) for p in ("Chris Hadley", "Tom Marsh") for e in ("Expedition 84/85",)} <= crew


def test_the_crew_a_backup_crew_backs_up(nlp: Language) -> None:
    text = (
        "Expedition 88 backup crew members Drew Morrow and Luca Parmi examine a model of a "
        "Soyuz rocket. They were backups to NASA astronaut Anne McCall, Roscosmos Soyuz "
        "spacecraft commander Oleg Konon and Canadian Space Agency astronaut David Saint-Jacq. "
        "The trio were launched 3 December 2028 on the Soyuz MS-31 spacecraft."
    )
    crew = _crew(nlp, text)
    assert {(p, "Soyuz MS-31") for p in ("Anne McCall", "Oleg Konon", "David Saint-Jacq")} <= crew
    assert not {f for p, f in crew if p in {"Drew Morrow", "Luca Parmi"}}


def test_dashed_list_lines_of_a_name_and_a_role_under_a_stay(nlp: Language) -> None:
    text = (
        "Expedition 70 will begin in May 2030. Expedition 70 will consist of the following "
        "crew members:\n\n-- Varga, station commander\n-- Lund, flight engineer\n"
        "-- Pavel Orlin of Roscosmos, flight engineer\n\n"
        "Expedition 71 will consist of the following crew members:\n\n"
        "-- Orlin, station commander\n"
    )
    assert {
        ("Varga", "Expedition 70"),
        ("Lund", "Expedition 70"),
        ("Pavel Orlin", "Expedition 70"),
        ("Orlin", "Expedition 71"),
    } <= _crew(nlp, text)
    roles = _crew(nlp, text, "hasRole")
    assert {("Varga", "commander"), ("Pavel Orlin", "flight engineer")} <= roles


def test_a_crew_role_coordinated_after_another_clause_still_lists_its_crew(
    nlp: Language,
) -> None:
    text = (
        "With the changes, the STS-217 crew is commanded by Navy Capt. Ivan Morrow. The "
        "mission's pilot is Air Force Col. Lena Brandt and the mission specialists are Tom "
        "Ashby, retired Army Col. Petra Vance, and Joel K. Rhee."
    )
    crew = _crew(nlp, text)
    assert {
        ("Tom Ashby", "STS-217"),
        ("Petra Vance", "STS-217"),
        ("Joel K. Rhee", "STS-217"),
    } <= crew
    assert ("Joel K. Rhee", "mission specialist") in _crew(nlp, text, "hasRole")


def test_members_of_expeditions_written_with_a_slash(nlp: Language) -> None:
    text = (
        "ESA astronaut Paolo Vasko will be launched from Baikonur Cosmodrome on 15 December "
        "with Dmitri Orlin and Cathy Kell for a 6-month mission on the ISS as members of "
        "Expeditions 86/87."
    )
    crew = _crew(nlp, text)
    assert {("Cathy Kell", "Expeditions 86/87")} <= crew


def test_a_sheet_of_prime_and_backup_crews_with_roles_on_their_own_lines(nlp: Language) -> None:
    text = (
        "Apollo 90\n\nPrime Crew\n\nCommander:\nFrank Vasko, Colonel, U.S. Air Force. Born March "
        "14, 1928, Gary, Indiana.\nCommand Module Pilot:\nJames Orlin, Captain, U.S. Navy. Born "
        "March 25, 1929, Cleveland, Ohio.\n\nBackup Crew\n\nCommander:\nNeil Tarsen (see prime "
        "crew, Apollo 91).\n"
    )
    assert {("Frank Vasko", "Apollo 90"), ("James Orlin", "Apollo 90")} <= _crew(nlp, text)
    assert ("Neil Tarsen", "Apollo 90") not in _crew(nlp, text)
    roles = _crew(nlp, text, "hasRole")
    assert {("Frank Vasko", "commander"), ("James Orlin", "command module pilot")} <= roles


def test_a_biographys_list_of_roles_for_flights_skips_the_backups(nlp: Language) -> None:
    text = (
        "James Orlin, Captain, U.S. Navy. Chosen in 1962; backup pilot for Gemini 14, pilot for "
        "Gemini 15, command pilot for Gemini 17; later served as backup commander for Apollo "
        "91 and commander for Apollo 93."
    )
    crew = _crew(nlp, text)
    assert {("James Orlin", "Gemini 15"), ("James Orlin", "Apollo 93")} <= crew
    assert not crew & {("James Orlin", "Gemini 14"), ("James Orlin", "Apollo 91")}
    assert ("James Orlin", "command pilot") in _crew(nlp, text, "hasRole")
    assert not _crew(nlp, text, "spacecraft")


def test_a_resumes_subjectless_sentences_are_about_its_person(nlp: Language) -> None:
    text = (
        "Ben Orlov: Born in Vale, Texas. Received a degree from Orton College. Became a NASA "
        "astronaut in 1992. Flew on STS-190 and STS-195. Served as commander on STS-230.\n\n"
        "Cara Lind joined the agency in 1996. She became a mission specialist in 1998."
    )
    assert _crew(nlp, text) == {
        ("Ben Orlov", "STS-190"),
        ("Ben Orlov", "STS-195"),
        ("Ben Orlov", "STS-230"),
    }
    assert _crew(nlp, text, "hasRole") == {
        ("Ben Orlov", "astronaut"),
        ("Ben Orlov", "commander"),
        ("Cara Lind", "mission specialist"),
    }


def test_a_line_wrapped_inside_a_sentence_does_not_end_it(nlp: Language) -> None:
    text = (
        "Ada Vasko was born in Orton in 1959 and received a bachelor of science degree in "
        "physics in 1981. Selected by NASA in 1994, Vasko flew on\n"
        "STS-189 and STS-207, logging over 593 hours in space. She retired in 2010.\n"
    )
    assert _crew(nlp, text) == {("Vasko", "STS-189"), ("Vasko", "STS-207")}
