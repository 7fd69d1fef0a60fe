"""The only reader of ``kg/data/``: every word list, cue table, naming scheme and rule
confidence kg knows, each loaded once and offered through a typed accessor.

As spaCy keeps its language data (``spacy/lang/en/``) apart from its algorithms, kg keeps
what it knows of the domain and of English in data files and its rules in code:

- ``triggers.json``: the words that set rules off (crew verbs, launch verbs, work nouns ...);
- ``grammar.json``: the function words the rules read (articles, pronouns, prepositions);
- ``rules.json``: every rule's name, confidence and what it extracts, and the confidence
  of a mention by its source;
- ``context.json``: the cues that type names by the words around them, and naming schemes
  of flights, launch facilities and families;
- ``gazetteer.json`` and ``name_patterns.jsonl``: names and naming patterns for the
  entity ruler; ``name_forms.json``: rewrites to the form a name is known by;
- ``roles.txt``, ``film_roles.json``, ``not_entities.txt``, ``boilerplate.json``.

A file that does not have the lists its accessor promises is a bug in kg, reported at
first use with the file's name.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, get_origin, get_type_hints

from kg.paths import DATA_DIR
from kg.vocab import ENTITY_TYPES, EVENT_TYPES, FACT_PREDICATES, EntityType, EventType, Predicate

T = TypeVar("T")


def _json(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _lines(name: str) -> frozenset[str]:
    """The lines of a word list (``#`` starts a comment line), stripped."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _entity_type(value: object, where: str) -> EntityType:
    for known in ENTITY_TYPES:
        if value == known:
            return known
    raise ValueError(f"kg/data/{where}: {value!r} is not an entity class of the ontology")


def _predicate(value: object, where: str) -> Predicate:
    for known in FACT_PREDICATES:
        if value == known:
            return known
    raise ValueError(f"kg/data/{where}: {value!r} is not a fact predicate of the ontology")


def _sections(cls: type[T], name: str) -> T:
    """A dataclass whose every field is a section ``{"about": ..., "words": [...]}`` (a
    frozenset, or a tuple where order matters) or ``{"about": ..., "map": {...}}`` (a dict)
    of the file; the file must have exactly these sections."""
    data = _json(name)
    hints = get_type_hints(cls)
    sections = set(data) - {"about"}
    if sections != set(hints):
        missing, unknown = sorted(set(hints) - sections), sorted(sections - set(hints))
        raise ValueError(f"kg/data/{name}: lists missing {missing}, unknown {unknown}")
    values: dict[str, object] = {}
    for field, hint in hints.items():
        section = data[field]
        origin = get_origin(hint)
        if origin is dict:
            values[field] = dict(section["map"])
        elif origin is tuple:
            values[field] = tuple(section["words"])
        else:
            values[field] = frozenset(section["words"])
    return cls(**values)


# ---------------------------------------------------------------------------- words


@dataclass(frozen=True, slots=True)
class Triggers:
    """The words that set rules off (``triggers.json``; each list's "about" says how)."""

    crew_verbs: frozenset[str]
    visiting_verbs: frozenset[str]
    blocking_verbs: frozenset[str]
    flight_nouns: frozenset[str]
    crew_nouns: frozenset[str]
    crew_list_preps: frozenset[str]
    crew_joining_verbs: frozenset[str]
    listing_verbs: frozenset[str]
    crew_cues: frozenset[str]
    crew_roles: frozenset[str]
    backup_words: frozenset[str]
    flight_preps: frozenset[str]
    role_flight_preps: frozenset[str]
    path_preps: frozenset[str]
    path_verbs: frozenset[str]
    object_verbs: frozenset[str]
    carrying_verbs: frozenset[str]
    craft_preps: frozenset[str]
    operating_verbs: frozenset[str]
    field_labels: dict[str, str]
    path_nouns: frozenset[str]
    ground_words: frozenset[str]
    command_verbs: dict[str, str]
    agent_role_verbs: dict[str, str]
    command_objects: frozenset[str]
    role_objects: frozenset[str]
    member_nouns: frozenset[str]
    serve_verbs: frozenset[str]
    role_holders: frozenset[str]
    rank_abbreviations: dict[str, str]
    employ_verbs: frozenset[str]
    enlist_verbs: frozenset[str]
    select_verbs: frozenset[str]
    companion_verbs: frozenset[str]
    replacing_verbs: frozenset[str]
    lead_verbs: dict[str, str]
    acting_verbs: frozenset[str]
    starring_words: frozenset[str]
    cast_nouns: frozenset[str]
    making_verbs: dict[str, Predicate]
    production_nouns: frozenset[str]
    producer_nouns: frozenset[str]
    title_verbs: frozenset[str]
    title_play_verbs: frozenset[str]
    dated_title_verbs: frozenset[str]
    naming_verbs: frozenset[str]
    also_cues: frozenset[str]
    gloss_cues: tuple[str, ...]
    launch_verbs: frozenset[str]
    launch_plan_verbs: frozenset[str]
    launch_nouns: frozenset[str]
    launch_particles: dict[str, str]
    sending_verbs: frozenset[str]
    space_words: frozenset[str]
    landing_verbs: frozenset[str]
    landing_particles: dict[str, str]
    touchdown_verbs: frozenset[str]
    home_words: frozenset[str]
    docking_verbs: frozenset[str]
    arrival_verbs: frozenset[str]
    filming_verbs: frozenset[str]
    shot_nouns: frozenset[str]
    future_markers: frozenset[str]
    part_nouns: frozenset[str]
    unflown_part_nouns: frozenset[str]
    station_nouns: frozenset[str]
    craft_nouns: frozenset[str]
    mission_nouns: frozenset[str]
    expedition_words: frozenset[str]
    title_list_cues: tuple[str, ...]
    credit_nouns: frozenset[str]
    acting_in_verbs: frozenset[str]
    cast_verbs: frozenset[str]
    cast_list_verbs: frozenset[str]
    cast_headings: frozenset[str]
    filmography_headings: frozenset[str]
    idiom_objects: frozenset[str]
    cooperation_preps: tuple[str, ...]
    maker_preps: frozenset[str]
    character_preps: frozenset[str]
    genre_nouns: frozenset[str]
    credit_labels: dict[str, Predicate]

    def __post_init__(self) -> None:
        for verb, predicate in self.making_verbs.items():
            _predicate(predicate, f"triggers.json: making_verbs: {verb}")
        for label, predicate in self.credit_labels.items():
            _predicate(predicate, f"triggers.json: credit_labels: {label}")


@dataclass(frozen=True, slots=True)
class Grammar:
    """The function words the rules read (``grammar.json``)."""

    articles: frozenset[str]
    definite_determiners: frozenset[str]
    pronouns: dict[str, int]
    number_words: dict[str, int]
    field_separators: frozenset[str]
    """What a pronoun stands for: 0 a thing, 1 one person, 2 several people."""
    relative_pronouns: frozenset[str]
    small_words: frozenset[str]
    title_small_words: frozenset[str]
    name_particles: frozenset[str]
    name_joiners: frozenset[str]
    list_joiners: frozenset[str]
    list_fillers: frozenset[str]
    caption_positions: frozenset[str]
    apposition_end: frozenset[str]
    employer_preps: frozenset[str]
    copula_verbs: frozenset[str]
    verb_context: frozenset[str]
    launch_place_preps: frozenset[str]
    filming_place_preps: frozenset[str]
    docking_preps: frozenset[str]
    docked_preps: frozenset[str]
    arrival_preps: frozenset[str]
    into_preps: frozenset[str]
    inside_preps: frozenset[str]
    home_preps: frozenset[str]
    carrier_preps: frozenset[str]
    destination_preps: frozenset[str]
    stay_preps: frozenset[str]
    aboard_preps: frozenset[str]
    backup_preps: frozenset[str]
    flight_date_glue: frozenset[str]
    placed_preps: frozenset[str]
    birth_words: frozenset[str]


@cache
def triggers() -> Triggers:
    return _sections(Triggers, "triggers.json")


@cache
def grammar() -> Grammar:
    return _sections(Grammar, "grammar.json")


@cache
def role_nouns() -> frozenset[str]:
    """Role nouns a person can be given (``roles.txt``), lower case, singular."""
    return _lines("roles.txt")


@cache
def not_entities() -> frozenset[str]:
    """Capitalized words that never name an entity on their own, casefolded."""
    return frozenset(word.casefold() for word in _lines("not_entities.txt"))


@cache
def film_roles() -> dict[Predicate, frozenset[str]]:
    """Per predicate, the roles that make a person filming a work its director or actor."""
    data = _json("film_roles.json")
    return {
        _predicate(key, "film_roles.json"): frozenset(roles)
        for key, roles in data.items()
        if key != "about"
    }


# ---------------------------------------------------------------------------- context cues


class PhraseTable:
    """Lower-case cue phrases, each with a class, looked up by their first or last word
    (so matching at a token costs the same however long the table is)."""

    def __init__(self, pairs: list[tuple[tuple[str, ...], EntityType]]) -> None:
        self.pairs = tuple(sorted(pairs, key=lambda pair: -len(pair[0])))  # longest first
        self.by_first: dict[str, list[tuple[tuple[str, ...], EntityType]]] = {}
        self.by_last: dict[str, list[tuple[tuple[str, ...], EntityType]]] = {}
        for words, cls in self.pairs:
            self.by_first.setdefault(words[0], []).append((words, cls))
            self.by_last.setdefault(words[-1], []).append((words, cls))

    def __iter__(self) -> Iterator[tuple[tuple[str, ...], EntityType]]:
        return iter(self.pairs)


@dataclass(frozen=True, slots=True)
class Context:
    """The cues that type names by the words around them, and naming schemes
    (``context.json``; its "about" says what each list does)."""

    head_nouns: PhraseTable
    descriptors: PhraseTable
    aboard: tuple[tuple[str, ...], ...]
    work_nouns: frozenset[str]
    title_cues: frozenset[str]
    name_end_words: frozenset[str]
    facility_words: tuple[str, ...]
    pad_words: tuple[str, ...]
    company_suffixes: frozenset[str]
    not_names_before: frozenset[str]
    vessel_prefixes: frozenset[str]
    numbered_units: frozenset[str]
    generic_vehicles: frozenset[str]
    """Vehicle classes and programmes, lower case: never one craft."""
    family_names: tuple[re.Pattern[str], ...]
    designator_full_stops: tuple[str, ...]
    trailing_marks: tuple[str, ...]
    unit_designation: re.Pattern[str]
    aircraft_designation: re.Pattern[str]
    portfolio_heads: frozenset[str]

    def site_rank(self, name: str) -> int:
        """0 for a launch facility ("Baikonur Cosmodrome"), 1 for a pad or site inside one
        ("Launch Complex 39A"), 2 for any other place."""
        words = f" {' '.join(name.lower().split())} "
        if any(f" {w} " in words for w in self.facility_words):
            return 0
        if any(f" {w} " in words for w in self.pad_words):
            return 1
        return 2


def _phrases(table: dict[str, list[str]]) -> PhraseTable:
    return PhraseTable(
        [
            (tuple(phrase.split()), _entity_type(cls, "context.json"))
            for cls, phrases in table.items()
            for phrase in phrases
        ]
    )


@cache
def context() -> Context:
    data = _json("context.json")
    return Context(
        head_nouns=_phrases(data["head_nouns"]),
        descriptors=_phrases(data["descriptors"]),
        aboard=tuple(sorted((tuple(p.split()) for p in data["aboard"]), key=len, reverse=True)),
        work_nouns=frozenset(data["work_nouns"]),
        title_cues=frozenset(data["title_cues"]),
        name_end_words=frozenset(data["name_end_words"]),
        facility_words=tuple(data["facility_words"]),
        pad_words=tuple(data["pad_words"]),
        company_suffixes=frozenset(data["company_suffixes"]),
        not_names_before=frozenset(data["not_names_before"]),
        vessel_prefixes=frozenset(data["vessel_prefixes"]),
        numbered_units=frozenset(data["numbered_units"]),
        generic_vehicles=frozenset(" ".join(n.lower().split()) for n in data["generic_vehicles"]),
        family_names=tuple(re.compile(p) for p in data["family_names"]),
        designator_full_stops=tuple(data["designator_full_stops"]),
        trailing_marks=tuple(data["trailing_marks"]),
        unit_designation=re.compile(data["unit_designation"]),
        aircraft_designation=re.compile(data["aircraft_designation"]),
        portfolio_heads=frozenset(data["portfolio_heads"]),
    )


# ---------------------------------------------------------------------------- names


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """A known name (an agency, a station, a rocket, a launch site) with its other spellings."""

    type: EntityType
    name: str
    aliases: tuple[str, ...]
    generic: bool = False
    """A family of craft (Crew Dragon, Orion), not one craft."""
    part: bool = False
    """A part of a station or of a shuttle's bay (Kibo, Spacelab): no crew flies it."""


@cache
def gazetteer() -> tuple[GazetteerEntry, ...]:
    return tuple(
        GazetteerEntry(
            _entity_type(entry["type"], "gazetteer.json"),
            entry["name"],
            tuple(entry["aliases"]),
            bool(entry.get("generic", False)),
            bool(entry.get("part", False)),
        )
        for entry in _json("gazetteer.json")["entries"]
    )


@cache
def part_names() -> frozenset[str]:
    """Names and aliases of station modules and bay parts (the gazetteer's parts), lower case."""
    return frozenset(name.lower() for e in gazetteer() if e.part for name in (e.name, *e.aliases))


def is_part(name: str) -> bool:
    """Whether a name (canonical or as written) names a station's module or a bay's part."""
    return " ".join(name.lower().split()) in part_names()


@cache
def generic_names() -> frozenset[str]:
    """Names of vehicle classes and programmes, not single craft (Crew Dragon, Soyuz, the
    Space Shuttle), lower case: the gazetteer's generic entries and ``generic_vehicles``."""
    listed = {entry.name.lower() for entry in gazetteer() if entry.generic}
    return frozenset(listed) | context().generic_vehicles


def is_generic(name: str) -> bool:
    """Whether a name (canonical or as written) names a vehicle class, not one craft."""
    return " ".join(name.lower().split()) in generic_names()


@dataclass(frozen=True, slots=True)
class NamingScheme:
    """How one programme names its craft, stations, flights or missions."""

    programme: str
    cls: EntityType
    examples: tuple[str, ...]
    patterns: tuple[tuple[dict[str, Any], ...], ...]
    """spaCy token patterns of the names."""


def is_stay(name: str) -> bool:
    """Whether a mission's name makes it a stay on a station ("Expedition 21", "Mir EO-18"),
    which no one craft flies and which does not launch, rather than a flight."""
    words = name.lower().replace("-", " ").split()
    return bool(set(words) & triggers().expedition_words)


@cache
def naming_schemes() -> tuple[NamingScheme, ...]:
    """Every crewed programme's naming scheme (``naming.json``)."""
    return tuple(
        NamingScheme(
            scheme["programme"],
            _entity_type(scheme["class"], "naming.json"),
            tuple(scheme["examples"]),
            tuple(tuple(pattern) for pattern in scheme["patterns"]),
        )
        for scheme in _json("naming.json")["schemes"]
    )


@dataclass(frozen=True, slots=True)
class NameForm:
    """A rewrite of a spelling to the form a name is known by ("Soyuz-MS-24" -> "Soyuz MS-24")."""

    types: frozenset[EntityType]
    pattern: re.Pattern[str]
    replace: str


@cache
def name_forms() -> tuple[NameForm, ...]:
    return tuple(
        NameForm(
            frozenset(_entity_type(t, "name_forms.json") for t in rule["types"]),
            re.compile(rule["pattern"]),
            rule["replace"],
        )
        for rule in _json("name_forms.json")["rules"]
    )


def _given_names_file() -> Path:
    import gender_guesser.detector  # only to find its data file

    return Path(gender_guesser.detector.__file__).parent / "data" / "nam_dict.txt"


@cache
def given_names(path: Path | None = None) -> frozenset[str]:
    """The first names of gender-guesser's list (~45,000), lower-cased: the names its
    ``Detector`` knows, read as it reads them (the second column of each line that is not a
    comment; a '+' joins the parts of a name, with nothing, a space or a hyphen). Reading
    only the names takes 0.05 s where the Detector's parse of every country's frequency
    takes 0.7 s, a tenth of a rebuild after one changed article."""
    names: set[str] = set()
    with (path or _given_names_file()).open(encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line and line[0] not in "#=":
                name = line.split()[1].lower()
                names.update(name.replace("+", joint) for joint in ("", " ", "-"))
    return frozenset(names)


# ---------------------------------------------------------------------------- web pages


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """Web-page boilerplate dropped before NLP (``boilerplate.json``)."""

    drop_lines: tuple[re.Pattern[str], ...]
    drop_rest: tuple[re.Pattern[str], ...]
    drop_inline: tuple[re.Pattern[str], ...]
    icon_suffix: str
    icon_min_words: int
    icon_min_share: float


@cache
def boilerplate() -> Boilerplate:
    data = _json("boilerplate.json")

    def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in data[key])

    icons = data["icon_lines"]
    return Boilerplate(
        drop_lines=compile_all("drop_lines"),
        drop_rest=compile_all("drop_rest"),
        drop_inline=compile_all("drop_inline"),
        icon_suffix=icons["suffix"],
        icon_min_words=icons["min_words"],
        icon_min_share=icons["min_share"],
    )


# ---------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class Rule:
    """One extraction rule of the rule table."""

    key: str
    """What the code names the rule by."""
    name: str
    """What evidence records carry (kg:rule); variants of a rule share it."""
    confidence: float
    extracts: Predicate | EventType
    example: str


@dataclass(frozen=True, slots=True)
class MentionConfidence:
    """A mention's confidence by what proposed it, and the least that makes an entity."""

    ruler: float
    """The gazetteer or a naming pattern."""
    context: float
    """kg's context cues ("docked with X", "the X rocket")."""
    ner: float
    """The statistical model."""
    headline: float
    """The model, in a title-case headline (which fools it)."""
    minimum: float
    """A mention weaker than this counts only if its entity is named elsewhere."""


def _extracts(value: object) -> Predicate | EventType:
    for known in (*FACT_PREDICATES, *EVENT_TYPES):
        if value == known:
            return known
    raise ValueError(f"kg/data/rules.json: {value!r} is neither a fact predicate nor an event")


@cache
def rules() -> dict[str, Rule]:
    """The rule table, by key, in the file's order."""
    table: dict[str, Rule] = {}
    for row in _json("rules.json")["rules"]:
        key = row["key"]
        if key in table:
            raise ValueError(f"kg/data/rules.json: rule {key!r} is listed twice")
        confidence = float(row["confidence"])
        if not 0 < confidence < 1:
            raise ValueError(f"kg/data/rules.json: rule {key!r}: confidence out of (0, 1)")
        table[key] = Rule(
            key, row.get("rule", key), confidence, _extracts(row["extracts"]), row["example"]
        )
    return table


def rule(key: str, extracts: Predicate | EventType | None = None) -> Rule:
    """A rule by key, checked to extract ``extracts`` when given; an unknown key or another
    predicate is a bug in the calling rule."""
    try:
        found = rules()[key]
    except KeyError:
        raise KeyError(f"rule {key!r} is not in kg/data/rules.json") from None
    if extracts is not None and found.extracts != extracts:
        raise ValueError(f"rule {key!r} extracts {found.extracts}, not {extracts}")
    return found


@cache
def mention_confidence() -> MentionConfidence:
    return MentionConfidence(**_json("rules.json")["mentions"])


# ---------------------------------------------------------------------------- the whole


def data_fingerprint() -> str:
    """A digest of every data file: an extraction depends on them (see kg.cache)."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(DATA_DIR)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# ---------------------------------------------------------------------------- people's names


@dataclass(frozen=True, slots=True)
class PersonCues:
    """What stands around a person's name without being part of it, and the suffixes that
    are (``context.json``: ranks, honorifics, military_services, name_suffixes)."""

    ranks: frozenset[str]
    """Military ranks, written out or abbreviated (without the full stop), lower case."""
    honorifics: frozenset[str]
    military_services: PhraseTable
    """Services named before a rank ("Air Force", "Marine Corps"), as Organization phrases."""
    name_suffixes: frozenset[str]
    """Generational suffixes ("Jr", "III"), lower case, without the full stop."""


ORGANIZATION: EntityType = "Organization"


@cache
def person_cues() -> PersonCues:
    data = _json("context.json")
    return PersonCues(
        ranks=frozenset(data["ranks"]),
        honorifics=frozenset(data["honorifics"]),
        military_services=PhraseTable(
            [(tuple(p.split()), ORGANIZATION) for p in data["military_services"]]
        ),
        name_suffixes=frozenset(data["name_suffixes"]),
    )


@cache
def nicknames() -> dict[str, frozenset[str]]:
    """The given names each nickname stands for ("bob": robert), lower case
    (``name_forms.json``)."""
    return {nick: frozenset(names) for nick, names in _json("name_forms.json")["nicknames"].items()}


@cache
def end_words() -> dict[str, EntityType]:
    """The class a name takes from its last word ("... Space Telescope": Spacecraft), by the
    word, lower case (``context.json``: end_words)."""
    return {
        word: _entity_type(cls, "context.json")
        for cls, words in _json("context.json")["end_words"].items()
        for word in words
    }


@cache
def craft_verbs() -> frozenset[str]:
    """Verbs whose object is a craft ("piloted Eagle"), lemmas (``context.json``)."""
    return frozenset(_json("context.json")["craft_verbs"])


@dataclass(frozen=True, slots=True)
class Fleet:
    """Craft of one class with their own names, known as the class and the name ("Space
    Shuttle Atlantis"), from ``naming.json``."""

    cls: EntityType
    name: str
    """The form of a member's name, with ``{}`` for the member: "Space Shuttle {}"."""
    cues: tuple[tuple[str, ...], ...]
    """Lower-case words that name the class before a member ("shuttle", "orbiter")."""
    members: tuple[str, ...]

    def canonical(self, member: str) -> str:
        return self.name.format(member)


@cache
def fleets() -> tuple[Fleet, ...]:
    return tuple(
        Fleet(
            _entity_type(fleet["class"], "naming.json"),
            fleet["name"],
            tuple(tuple(cue.split()) for cue in fleet["cues"]),
            tuple(fleet["members"]),
        )
        for fleet in _json("naming.json")["fleets"]
    )


@cache
def not_name_end_words() -> frozenset[str]:
    """Last words of capitalized phrases that name nothing ("... Standard Time"), lower case
    (``context.json``)."""
    return frozenset(_json("context.json")["not_name_end_words"])


@cache
def landscape_nouns() -> frozenset[str]:
    """Lower-case nouns of landscapes that a capitalized word before makes a place's name
    ("the Kazakh steppe"), from ``context.json``."""
    return frozenset(_json("context.json")["landscape_nouns"])


@dataclass(frozen=True, slots=True)
class PayloadCues:
    """Words that mark names of experiments and payloads, which the ontology does not hold
    (``context.json``: payloads), lower case."""

    nouns: frozenset[str]
    modifiers: frozenset[str]
    listing_verbs: frozenset[str]
    examples: frozenset[str]
    owners: frozenset[str]
    """Last words of names of those who run experiments ("University", "Institute")."""


@cache
def payload_cues() -> PayloadCues:
    data = _json("context.json")["payloads"]
    return PayloadCues(
        frozenset(data["nouns"]),
        frozenset(data["modifiers"]),
        frozenset(data["listing_verbs"]),
        frozenset(data["examples"]),
        frozenset(data["owners"]),
    )
