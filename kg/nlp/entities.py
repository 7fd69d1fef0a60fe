"""kg's entity component: corrects the model's entity types by context and adds names it
missed.

The statistical model is the first guess; this component applies what a reader sees
around a name: "the Soyuz launch vehicle" is a rocket, "the film studio Red, Green and Blue"
an organization, "film ‘Zvezda’" a creative work, "Valentina Tereshkova's flight" a person.
The cues are data (``kg/data/context.json``, through kg.lexicon); names are never.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.lexicon import context, craft_verbs, end_words, fleets, grammar, is_generic, triggers
from kg.nlp.brackets import known_as, with_acronyms
from kg.nlp.craft import (
    fleet_members,
    listed_craft,
    named_missions,
    ordinal_expeditions,
    worded_expeditions,
)
from kg.nlp.labels import CONTEXT_LABELS, RULER_LABELS, entity_type
from kg.nlp.names import (
    CLAUSE_DEPS,
    POSSESSIVES,
    descriptor_names,
    end_word_class,
    end_word_names,
    generic_run,
    landscapes,
    listed_people,
    looks_like_person,
    name_token,
    named_after_role,
    named_elsewhere,
    ranked_people,
    role_named_people,
    surname_first_people,
)
from kg.nlp.payloads import names_a_payload
from kg.nlp.sheets import (
    crew_item_people,
    crew_list_people,
    dateline,
    field_label,
    field_values,
    in_nameless_field,
    signed_people,
)
from kg.nlp.spans import line_start, without_overlaps
from kg.nlp.titles import glosses, titles
from kg.nlp.tokens import (
    ADJECTIVES,
    CLOSE_QUOTES,
    OPEN_QUOTES,
    is_adjective,
    is_common_noun,
    is_given_name,
    is_rank_or_honorific,
    match_after,
    match_before,
    role_before,
    role_ending_at,
    role_length,
    role_prefix_length,
    singulars,
    suffix_end,
    title_length,
)
from kg.vocab import EntityType, is_a

_RETYPABLE = frozenset(
    {"ORG", "GPE", "FAC", "LOC", "PRODUCT", "NORP", "WORK_OF_ART", "EVENT", "LAW", "PERSON"}
)
_NOT_PERSON_LABELS = _RETYPABLE - {"PERSON"}
_CRAFT: frozenset[EntityType | None] = frozenset({"Spacecraft", "SpaceStation", "LaunchVehicle"})
_WIDENABLE = frozenset({"ORG", "FAC", "GPE", "LOC"})
_GIVING_WAY: frozenset[EntityType | None] = frozenset({"Place", "Organization"})
"""Gazetteer classes whose names may begin longer names ("U.S." of "U.S. Naval Academy")."""
_PAYLOAD_LABELS = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
"""The model's labels for names of experiments and payloads (kept only when context gave the
name another class: "the primary payload was the Docking Module")."""
_MODIFIABLE_HEADS: frozenset[EntityType] = frozenset({"Spacecraft", "Mission"})
"""Classes whose head noun may follow a modifier: "the Spacelab pressurized module"."""
_QUOTE_MARKS = frozenset({*OPEN_QUOTES, *CLOSE_QUOTES, "''", "``"})
_BOARDABLE = frozenset({"PRODUCT", "ORG", "FAC", "WORK_OF_ART", "PERSON", "GPE", "NORP"})
"""Labels the model gives a craft's name: 'aboard Endeavour' is a craft whatever it says."""


MODEL_NAMES = "kg_model_names"
"""The span group that keeps the model's names as it found them, before kg's ruler."""


@Language.component("kg_model_names")
def keep_model_names(doc: Doc) -> Doc:
    """Keep the model's names before the ruler overwrites them: a gazetteer name may be only
    the start of a longer name the model saw ("the U.S. Naval Academy")."""
    doc.spans[MODEL_NAMES] = list(doc.ents)
    return doc


@Language.component("kg_entity_context")
def entity_context(doc: Doc) -> Doc:
    """Correct entity types by context and add names the model missed.

    Priority on overlaps: the domain ruler first, then names found by descriptors and
    titles, then the model's entities (retyped).
    """
    ruler = [e for e in doc.ents if e.label_ in RULER_LABELS]
    wider = _wider_model_names(ruler, doc)
    ruler = [r for r in ruler if not any(w.start <= r.start < w.end for w in wider)]
    # "born in Endeavour, Kansas": a craft's name in a place's slot is a town
    added = [c for c in fleet_members(doc) if not (_placed(c) or _born_in(c))]
    added += listed_people(doc) + crew_list_people(doc) + ranked_people(doc)
    added += crew_item_people(doc)
    added += role_named_people(doc)
    added += signed_people(doc) + listed_craft(doc) + surname_first_people(doc)
    added += (
        ordinal_expeditions(doc)
        + worded_expeditions(doc)
        + named_missions(doc)
        + field_values(doc)
        + landscapes(doc)
    )
    added += descriptor_names(doc) + titles(doc) + end_word_names(doc)
    added = [whole_name(s) if s.label_ == "PERSON" else s for s in added]
    added += glosses(added + list(doc.ents))
    model = wider + [p for e in doc.ents if e.label_ not in RULER_LABELS for p in pieces(e)]
    retyped = [r for e in model if (r := retype(e)) is not None]
    # a person's name grown over a word the model typed apart ("Salem" of "Salem Humaid
    # AlMarri") keeps it
    retyped.sort(key=lambda span: span.label_ != "PERSON")
    ents = known_as(with_acronyms(without_overlaps(ruler + added + retyped)))
    payloads = _payload_acronyms(model)
    doc.ents = [e for e in ents if not _ship(e) and e.text not in payloads]
    return doc


def _payload_acronyms(model: list[Span]) -> set[str]:
    """The acronyms a payload's name gives in brackets ("the Orton Growth Unit (OGU)"): no
    more a name than the payload, wherever the document writes them."""
    acronyms: set[str] = set()
    for name in model:
        doc, end = name.doc, name.end
        if (
            end + 2 < len(doc)
            and doc[end].text == "("
            and doc[end + 2].text == ")"
            and doc[end + 1].is_upper
            and name.label_ in _PAYLOAD_LABELS
            and names_a_payload(name)
        ):
            acronyms.add(doc[end + 1].text)
    return acronyms


def _ship(ent: Span) -> bool:
    """ "USS Kestrel": a ship, none of the classes, whatever its context says."""
    words = [t for t in ent if not t.is_space and t.lower_ not in grammar().articles]
    return len(words) > 1 and words[0].text in context().vessel_prefixes


def _wider_model_names(ruler: list[Span], doc: Doc) -> list[Span]:
    """The model's names that a gazetteer name of a place or an organization only begins,
    the rest capitalized words of no role: "the U.S. Naval Academy", "the Baikonur Museum"."""
    wider: list[Span] = []
    covering = {i: r for r in ruler for i in range(r.start, r.end)}  # ruler names overlap none
    for name in doc.spans.get(MODEL_NAMES, []):
        if name.label_ not in _WIDENABLE:
            continue
        start = name.start + (1 if name[0].lower_ in grammar().articles else 0)
        inside = list(
            {id(r): r for i in range(name.start, name.end) if (r := covering.get(i))}.values()
        )
        if len(inside) == 1 and _place_of_the_name(inside[0], name):
            wider.append(name)  # "the University of Texas-Orton"
            continue
        if len(inside) != 1 or inside[0].start != start or inside[0].end >= name.end:
            continue
        if entity_type(inside[0].label_) not in _GIVING_WAY:
            continue
        rest = doc[inside[0].end : name.end]
        if len(rest) == 1 and _region_after_comma(inside[0]):
            continue  # "from Orton, Tenn. Vasko was ...": a sentence ended with the region
        small = grammar().title_small_words
        if (
            all(
                (t.is_title and t.is_alpha and not is_rank_or_honorific(t))
                or (t.lower_ in small and t.i > rest.start)
                or (t.text == "-" and not t.whitespace_)
                for t in rest
            )
            and rest[-1].is_title  # "Orton Institute of Technology", "University of Orton-Vale"
            and not role_ending_at(list(rest))
        ):
            wider.append(name)
    return wider


def _place_of_the_name(place: Span, name: Span) -> bool:
    """ "the University of Orton", "the Orton Institute of Vandoria-Vale": a place the
    model's organization holds after "of"."""
    doc = place.doc
    of = place.start - 1
    while of > name.start and doc[of].is_title and doc[of].is_alpha:
        of -= 1  # "the University of Southern Orton": a region's word before the place
    return (
        name.label_ in _NAMES_WITH_PLACES
        and name.start < of
        and place.end <= name.end
        and doc[of].lower_ == "of"
        and entity_type(place.label_) == "Place"
    )


_NAMES_WITH_PLACES = frozenset({"ORG", "FAC"})


def pieces(ent: Span) -> list[Span]:
    """The names a model's span of a place or an organization runs together: "the Test
    Pilot School at Orton AFB" is a school and a base; "Orton University, Vale College of
    Engineering" is the university (its college a part of it); "VF-12 Naval Air Station
    Orton" is the station, without the squadron's designation; "the Ministry of Orbits,
    Culture and Science" goes on over the list of its portfolios."""
    if ent.label_ not in _PLACES_AND_GROUPS:
        return [ent]
    doc = ent.doc
    start = ent.start
    designation = context().unit_designation
    if ent.end - start > 2 and designation.fullmatch(doc[start].text):
        start += 1
    ent = Span(doc, start, ent.end, label=ent.label_)
    surnames = _listed_surnames(ent)
    if surnames:
        return surnames
    at = next((t.i for t in ent[1:-1] if t.lower_ == "at"), None)
    if at is not None:
        return [
            Span(doc, ent.start, at, label=ent.label_),
            Span(doc, at + 1, ent.end, label=ent.label_),
        ]
    comma = next((t.i for t in ent[1:-1] if t.text == ","), None)
    ends = end_words()
    if (
        comma is not None
        and any(ends.get(t.lower_) == "Organization" for t in doc[ent.start : comma])
        and any(ends.get(t.lower_) == "Organization" for t in doc[comma + 1 : ent.end])
    ):
        return [Span(doc, ent.start, comma, label=ent.label_)]
    return [_with_portfolios(ent)]


_PLACES_AND_GROUPS = frozenset({"ORG", "FAC", "GPE", "LOC"})


def _listed_surnames(ent: Span) -> list[Span]:
    """ "Vasko, Orlin and Kell", which the model took for one organization: the family
    names of people it names in full elsewhere, each a person."""
    doc = ent.doc
    joiners = grammar().list_joiners
    items = [t for t in ent if not (t.text == "," or t.lower_ in joiners)]
    if len(items) < 2 or len(items) == len(ent):
        return []
    families = {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
    if not all(t.is_title and t.text in families for t in items):
        return []
    return [Span(doc, t.i, t.i + 1, label="PERSON") for t in items]


def _with_portfolios(ent: Span) -> Span:
    """ "the Ministry of Orbits, Culture, Sports and Science": a ministry's name goes on
    over the list of its portfolios the model cut off at the first comma."""
    doc = ent.doc
    heads = context().portfolio_heads
    if not any(t.lower_ in heads for t in ent) or ent.end + 2 >= len(doc):
        return ent
    end = ent.end
    while end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].is_title:
        end += 1
        while end < len(doc) and (doc[end].is_title or doc[end].lower_ in grammar().list_joiners):
            end += 1
    if end == ent.end or doc[end - 1].lower_ in grammar().list_joiners:
        return ent
    return Span(doc, ent.start, end, label=ent.label_)


def _number_after_label(ent: Span) -> bool:
    """Whether a number follows the label's colon: "Max G: 11"."""
    doc = ent.doc
    return ent.end + 1 < len(doc) and doc[ent.end + 1].like_num


def _determined_noun(ent: Span) -> bool:
    """A single common noun after an article or an owner: "how black the Universe is",
    "known as Orlov's Start"."""
    doc = ent.doc
    if len(ent) != 1 or ent.start == 0 or not is_common_noun(ent.text, doc.vocab):
        return False
    before = doc[ent.start - 1]
    return before.lower_ in grammar().articles or before.text in POSSESSIVES


def _aircraft(ent: Span) -> bool:
    """ "the A-4 Skyhawk", "Vought F-9 Cutlass", "the KC-13": an aircraft, none of the
    classes."""
    designation = context().aircraft_designation
    return any(designation.fullmatch(t.text) for t in ent)


def _region_after_comma(name: Span) -> bool:
    """ "Orton, Tenn.": an abbreviated region after its town."""
    return name[-1].text.endswith(".") and name.start > 0 and name.doc[name.start - 1].text == ","


def retype(ent: Span) -> Span | None:
    """``ent`` with its label corrected by context and a person's name cut to the name, or
    None to drop it."""
    if ent.label_ in RULER_LABELS:
        return ent
    if generic_run(ent) or _aircraft(ent):
        return None
    words = [t for t in ent if not t.is_space]
    if len(words) == 1 and _heading_word(words[0]):
        return None
    doc = ent.doc
    if (
        ent.label_ == "ORG"
        and ent[-1].lower_ in context().numbered_units
        and ent.end < len(doc)
        and doc[ent.end].is_digit  # "Attack Squadron 95"
    ):
        ent = Span(doc, ent.start, ent.end + 1, label=ent.label_)
    if ent.label_ == "ORG":
        ent = _of_its_country(_before_a_year(ent))
    if ent.label_ == "NORP":
        # "Russian rocket": an adjective, no name; "the Harmony module" names a module
        # (a craft only: "the longest Arab space mission" is no mission's name)
        vocab = ent.doc.vocab
        # without the word index (a blank pipeline) every nationality stays an adjective
        if not vocab.lookups.has_table(ADJECTIVES) or all(
            is_adjective(t.text, vocab) for t in ent if t.is_alpha
        ):
            return ent
        typed = _retyped(ent)
        craft = typed is not None and entity_type(typed.label_) in _CRAFT
        return typed if craft else ent
    if (
        field_label(ent) and (ent.label_ in _NOT_PERSON_LABELS or _number_after_label(ent))
    ) or in_nameless_field(ent):  # "Runway: 22", "Max G: 11"; not a speaker, "Roe: we are ready"
        return None
    if ent.label_ == "PERSON" and len(ent) > 1 and ent[0].tag_ == "VBG":
        ent = Span(doc, ent.start + 1, ent.end, label=ent.label_)  # "Joining Vasko on ..."
    named = without_titles(after_possessor(ent)) if ent.label_ in _RETYPABLE else ent
    found = _retyped(named) if named is not None else None
    if found is not None and found.label_ == "PERSON":
        return whole_name(found)
    if found is not None and found.label_ in _PAYLOAD_LABELS and names_a_payload(found):
        return None
    return found


MAX_GIVEN_NAMES = 2
"""How many capitalized words before a person's name the name may take in, the first a
known first name: "said Salem Humaid AlMarri", of which the model saw "AlMarri"."""


HEADING_MAX_WORDS = 3
"""A line of at most this many words is a heading ("Launch", "Milestones")."""


def _heading_word(token: Token) -> bool:
    """A common word the model took for a name because a heading or a headline in capitals
    puts it there: "Milestones" on a line of its own, "NASA NAMES 23 ASTRONAUTS"."""
    vocab = token.doc.vocab
    if not token.is_alpha or not any(is_common_noun(w, vocab) for w in singulars(token)):
        return False
    if any(token.text in fleet.members for fleet in fleets()):
        return False  # "Discovery" as a heading names the orbiter
    doc = token.doc
    start = line_start(doc, token.i)
    if _words_on_line(doc, start, HEADING_MAX_WORDS + 1) <= HEADING_MAX_WORDS:
        return True
    if token.is_upper and token.i == start:  # "CREW STS-116", not a dateline's "DUBAI, ..."
        return token.i + 1 < len(doc) and doc[token.i + 1].text != ","
    return token.is_upper and _capitals_run(token) >= CAPITALS_RUN


def _words_on_line(doc: Doc, start: int, most: int) -> int:
    """How many words the line from token ``start`` has, counted up to ``most`` (a walk to
    the end of a one-line file at every name would cost its square)."""
    words, i = 0, start
    while i < len(doc) and words < most:
        words += doc[i].is_alpha
        if "\n" in doc[i].whitespace_ or doc[i].is_space:
            break
        i += 1
    return words


CAPITALS_RUN = 4
"""A headline in capitals runs at least this many words ("NASA NAMES 23 ASTRONAUTS")."""


def _capitals_run(token: Token) -> int:
    """How many words in capitals stand together around ``token`` (numbers between)."""
    doc = token.doc
    left = token.i
    while left > 0 and (doc[left - 1].is_upper or doc[left - 1].is_digit):
        left -= 1
    right = token.i
    while right + 1 < len(doc) and (doc[right + 1].is_upper or doc[right + 1].is_digit):
        right += 1
    return sum(t.is_alpha and len(t) > 1 for t in doc[left : right + 1])


def whole_name(person: Span) -> Span:
    """A person's name with the words the model left out: first names before it, a hyphened
    second part after it ("Paul Scully-Power"), and a generational suffix ("Jr.")."""
    doc = person.doc
    start = person.start
    for i in range(person.start - 1, max(-1, person.start - 1 - MAX_GIVEN_NAMES), -1):
        token = doc[i]
        if (
            not token.is_title
            or not token.is_alpha
            or token.ent_type_ in RULER_LABELS
            or is_rank_or_honorific(token)
        ):
            break
        if is_given_name(token.text) and not role_prefix_length(doc, i, i + 1):
            start = i
    end = _family_name_after(doc, start, person.end)
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_title
    ):
        end += 2
    end = _after_nickname(doc, start, _after_particles(doc, start, end))
    start = _before_particles(doc, _before_nickname(doc, start))
    return Span(doc, start, suffix_end(doc, end), label="PERSON")


def _before_particles(doc: Doc, start: int) -> int:
    """The start of a name whose particles the model left out: "Ivo ter Berk", of which it
    saw "Berk"; the word before the particles must be a known first name."""
    particles = grammar().name_particles
    before = start
    while before > 0 and doc[before - 1].is_lower and doc[before - 1].lower_ in particles:
        before -= 1
    if before < start and before > 0 and is_given_name(doc[before - 1].text):
        given = doc[before - 1]
        if given.is_title and given.ent_type_ not in RULER_LABELS:
            return before - 1
    return start


def _family_name_after(doc: Doc, start: int, end: int) -> int:
    """The end of a lone first name the model cut from its family name: "Astronaut Soma
    Ito as his backup", of which it saw "Astronaut Soma"."""
    if end != start + 1 or end >= len(doc) or not is_given_name(doc[start].text):
        return end
    after = doc[end]
    if (
        after.is_title
        and after.is_alpha
        and after.ent_type_ in {"", "PERSON"}
        and doc[start].whitespace_
        and not is_rank_or_honorific(after)
        and not role_prefix_length(doc, end, end + 1)
    ):
        return end + 1
    return end


def _after_particles(doc: Doc, start: int, end: int) -> int:
    """The end of a name that goes on past lower-case particles: "Ivo van den Berk", of
    which the model saw "Ivo van" and "Berk" apart."""
    particles = grammar().name_particles
    while end - 1 > start and doc[end - 1].is_lower and doc[end - 1].lower_ in particles:
        end -= 1
    after = end
    while after < len(doc) and doc[after].is_lower and doc[after].lower_ in particles:
        after += 1
    if after > end and after < len(doc) and doc[after].is_title and doc[after].is_alpha:
        return after + 1
    return end


def _before_nickname(doc: Doc, start: int) -> int:
    """The start of a name whose quoted nickname the model took for its start:
    'Dafydd "Dai" Rees Vaughan', of which it saw "Rees Vaughan"."""
    if start < 3 or doc[start - 1].text not in _QUOTE_MARKS:
        return start
    for opening in range(start - 3, max(-1, start - 3 - MAX_NICKNAME_WORDS), -1):
        if doc[opening].text not in _QUOTE_MARKS | OPEN_QUOTES:
            continue
        nickname = doc[opening + 1 : start - 1]
        given = doc[opening - 1] if opening > 0 else None
        if (
            all(t.is_title and t.is_alpha for t in nickname)
            and given is not None
            and given.is_title
            and given.is_alpha
            and not is_rank_or_honorific(given)
            and given.ent_type_ not in RULER_LABELS
        ):
            return opening - 1
        break
    return start


MAX_NICKNAME_WORDS = 2
_INITIAL = re.compile(r"[A-Z]\.")


def _after_nickname(doc: Doc, start: int, end: int) -> int:
    """The end of a name that goes on past a quoted nickname: 'Marcus T. "Mack" Dorrance',
    of which the model saw 'Marcus T. "Mack' and 'Dorrance' apart."""
    opening = OPEN_QUOTES | {'"', "''", "``"}
    cut = next((i for i in range(start + 1, end) if doc[i].text in opening | {"("}), None)
    if cut is not None:
        end = cut  # the model took the quote and the nickname in
    if end >= len(doc) or doc[end].text not in opening | {"("}:
        return end if cut is None else max(end, start + 1)
    bracket = doc[end].text == "("
    for close in range(end + 2, min(end + 2 + MAX_NICKNAME_WORDS, len(doc) - 1)):
        if doc[close].text not in (_QUOTE_MARKS if not bracket else {")"}):
            continue
        surname = doc[close + 1]
        nickname = doc[end + 1 : close]
        if not all(t.is_title and t.is_alpha for t in nickname):
            break
        if bracket and not (len(nickname) == 1 and is_given_name(nickname[0].text)):
            break  # "Robert (Bob) T. Lane", not "Roe (NASA) Said"
        if not (surname.is_title and (surname.is_alpha or _INITIAL.fullmatch(surname.text))):
            break
        ent = next((e for e in doc.ents if e.start == surname.i), None)
        return ent.end if ent is not None and ent.label_ == "PERSON" else surname.i + 1
    return end if cut is None else max(end, start + 1)


def without_titles(ent: Span) -> Span | None:
    """``ent`` without the role nouns, ranks and honorifics it opens with ("Astronaut
    Tanaka", "Mission Specialists Jane P. Roe"), or None when nothing of a name is
    left: a role alone ("Payload Specialist"), or a common noun ("Astronaut Training")."""
    doc = ent.doc
    first = ent.start  # "04:00 - Astronaut Training": a time before a name is no part of it
    while first < ent.end and not any(c.isalpha() for c in doc[first].text):
        first += 1
    if first == ent.end or role_prefix_length(doc, first, ent.end) == ent.end - first:
        return None
    start = first + title_length(doc, first, ent.end)
    end = ent.end
    if ent.label_ == "PERSON":  # "Mira Tanabe Producer, Night Orbit": a heading's role
        role = role_ending_at(list(doc[start : ent.end]))
        length = role_length(role) if role else 0
        left = ent.end - length - start
        if (
            role
            and doc[ent.end - length].is_title
            and (left >= 2 or (left == 1 and not is_common_noun(doc[start].text, doc.vocab)))
        ):
            end = ent.end - length
    if start == ent.start and end == ent.end:
        return ent
    if start >= end or (
        start == end - 1
        and is_common_noun(doc[start].text, doc.vocab)
        and not named_elsewhere(doc[start])
    ):
        return None
    return Span(doc, start, end, label=ent.label_)


def after_possessor(ent: Span) -> Span:
    """ "Alexander’s Horizons", "the Station’s Rassvet": the model runs an owner into the name
    it owns; the name is what follows the possessive."""
    for token in ent[:-1]:
        if token.text in POSSESSIVES and token.i + 1 < ent.end:
            return Span(ent.doc, token.i + 1, ent.end, label=ent.label_)
    return ent


def _before_a_year(ent: Span) -> Span:
    """ "Orton University 1989 Master of Science": a table row the model read as one name
    ends before the year inside it."""
    year = next((t.i for t in ent[1:] if t.is_digit and len(t.text) == YEAR_DIGITS), None)
    return Span(ent.doc, ent.start, year, label=ent.label_) if year is not None else ent


YEAR_DIGITS = 4


def _of_its_country(ent: Span) -> Span:
    """ "the Space Development Agency of Vandoria": an agency's or an institute's name goes
    on over "of" and the place the model saw apart."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].lower_ != "of":
        return ent
    if ent[-1].lower_ not in context().name_end_words:
        return ent
    end = ent.end + 1
    while (
        end < len(doc)
        and end - ent.end <= MAX_COUNTRY_WORDS
        and name_token(doc[end])
        and doc[end].ent_type_ in {"", "GPE"}
    ):
        end += 1
    return Span(doc, ent.start, end, label=ent.label_) if end > ent.end + 1 else ent


MAX_COUNTRY_WORDS = 3
"""How many words the place after an agency's "of" may have ("of the United States")."""


def _continued(ent: Span) -> Span | None:
    """The name the model cut short ("Goddard Space" before "Flight Center"): capitalized
    words right after it, of no other name, that end with a word giving a class."""
    doc = ent.doc
    end = ent.end
    while end < len(doc) and name_token(doc[end]) and not doc[end].ent_type_:
        end += 1
    if end == ent.end:
        return None
    cls = end_word_class(doc[ent.start : end])
    return Span(doc, ent.start, end, label=CONTEXT_LABELS[cls]) if cls is not None else None


def _head_after(doc: Doc, index: int) -> tuple[EntityType, int] | None:
    """The head noun after a name, maybe past one lower-case modifier: "the Spacelab
    pressurized module", "the Spektr science module" (craft and missions only)."""
    table = context().head_nouns
    found = match_after(doc, index, table)
    if found is not None or index + 1 >= len(doc) or not doc[index].is_lower:
        return found
    # "the Hubble servicing mission" services Hubble: a gerund is no modifier of a name
    modifier = doc[index]
    if modifier.pos_ in {"ADJ", "NOUN", "VERB"} and not modifier.lower_.endswith("ing"):
        later = match_after(doc, index + 1, table)
        if later is not None and later[0] in _MODIFIABLE_HEADS:
            return later
    return None


def _retyped(ent: Span) -> Span | None:
    doc = ent.doc
    longer = _continued(ent)
    if longer is not None:  # "Goddard Space" of "Goddard Space Flight Center"
        return longer
    cues = context()
    head = _head_after(doc, ent.end)
    descriptor = match_before(doc, ent.start, cues.descriptors)
    person = ent.label_ in _NOT_PERSON_LABELS and (looks_like_person(ent) or named_after_role(ent))
    if (
        ent.text.islower()
        or not any(c.isalpha() for c in ent.text)
        or all(t.like_num for t in ent)  # "Two laboratory modules"
        or ent[-1].text in POSSESSIVES  # "Luca's second mission": an owner, not a name
    ):
        head = descriptor = None  # "a 190-day mission", "the 2021 flight": no name to type
    cls: EntityType | None = head[0] if head else end_word_class(ent)
    if cls == "Mission" and is_generic(ent.text):  # "the first Apollo mission": a programme's
        return None
    if cls is None and descriptor and not person:  # "the broadcaster Walter Cronkite" is a person
        cls = descriptor[0]
    # "a Tom Cruise documentary", "the broadcaster Walter Cronkite"; but "Orton High School"
    if cls == "Organization" and ent.label_ == "PERSON" and (head or descriptor):
        cls = None
    if (
        cls is None
        and ent.label_ in _BOARDABLE
        and (
            _after_aboard(ent) or _docked_with(ent) or _named_craft(ent) or _listed_with_craft(ent)
        )
    ):
        cls = "Spacecraft"
    if (
        cls is None
        and ent.label_ in {"ORG", "PERSON", "PRODUCT"}
        and (
            _names_a_site(ent)
            or _placed(ent)
            or _born_in(ent)
            or (  # a person listed with a site, or opening a line, is no site
                (dateline(ent) or _listed_with_sites(ent))
                and not (ent.label_ == "PERSON" and looks_like_person(ent))
            )
        )
    ):
        cls = "Place"
    if (
        cls is None
        and ent.label_ in _NOT_PERSON_LABELS
        and (_listed_with_people(ent) or _among_people(ent))
    ):
        person = True
    if cls is not None:
        return Span(doc, ent.start, ent.end, label=CONTEXT_LABELS[cls])
    if ent.label_ in {"GPE", "LOC", "FAC"} and (_placed(ent) or _in_a_place(ent)):
        return ent
    if person:
        end = next((t.i for t in ent if t.lower_ == "of" and t.i > ent.start), ent.end)
        return Span(doc, ent.start, end, label="PERSON")
    if _modifies_a_noun(ent) and (
        ent.label_ == "PERSON"
        or (  # "the Kazakh government", not "Amazon founder Jeff Bezos"
            is_common_noun(ent.text, doc.vocab) and role_before(doc, ent.end + 1) is None
        )
    ):
        return None
    if ent.label_ in {"ORG", "PERSON"} and _adjectives_before_a_noun(ent):
        return None  # "Earth Orbital trials", "First European woman"
    if ent.label_ == "PERSON" and (
        _plural_common_noun(ent) or _determined_noun(ent) or _opening_verb(ent)
    ):
        return None  # "Objectives", "all those Gs", "the Universe", "Orlov's Start"
    if (
        ent.end < len(doc) and doc[ent.end].lower_ in cues.not_names_before
    ):  # "the Vostok programme"
        return None
    return ent


def _after_aboard(span: Span) -> bool:
    doc, i = span.doc, span.start
    while i > 0 and doc[i - 1].text in _QUOTE_MARKS:  # "on board ''Columbia''"
        i -= 1
    if i > 0 and doc[i - 1].lower_ in grammar().articles:
        i -= 1
    for words in context().aboard:
        if i - len(words) >= 0 and tuple(t.lower_ for t in doc[i - len(words) : i]) == words:
            return True
    return False


def _adjectives_before_a_noun(span: Span) -> bool:
    """Words ending in an adjective that modify the common noun after them: "Earth Orbital
    trials", "First Nordic woman", "Navy Expeditionary medal"; a name ends in a noun."""
    doc, last = span.doc, span[-1]
    following = doc[span.end] if span.end < len(doc) else None
    return (
        len(span) >= 2
        and is_adjective(last.text, doc.vocab)
        and following is not None
        and following.is_lower
        and following.is_alpha
        and following.pos_ == "NOUN"
    )


def _opening_verb(span: Span) -> bool:
    """A one-word "person" that opens its sentence as its verb: "Download the press kit",
    "Seen here at center is ..."."""
    token = span[0]
    deps = {c.dep_ for c in token.children}
    return (
        len(span) == 1
        and bool(token.is_sent_start)
        and not is_given_name(token.text)
        and ("dobj" in deps or (token.tag_.startswith("VB") and bool(deps & CLAUSE_DEPS)))
    )


def _plural_common_noun(span: Span) -> bool:
    """A one-word name that is the plural of a common noun, not of a first name: "Supplementary
    Objectives", "pulling all those Gs" (but "Edwards", "Roberts")."""
    word = span.text
    if len(span) != 1 or not word.endswith("s") or is_common_noun(word, span.doc.vocab):
        return False
    singular = word[:-1]
    return is_common_noun(singular, span.doc.vocab) and not is_given_name(singular)


def _modifies_a_noun(span: Span) -> bool:
    """A one-word "person" that modifies a common noun is an adjective ("Kazakh government")."""
    if len(span) != 1 or span.end >= len(span.doc):
        return False
    following = span.doc[span.end]
    return following.is_lower and following.pos_ == "NOUN" and span.root.head.i == following.i


def _named_craft(span: Span) -> bool:
    """ "their Crew Dragon spacecraft, Endeavour,", "Sputnik, the first artificial satellite",
    "a capsule, which they named Resilience" and "piloted Eagle to a touchdown": a name in
    apposition to a craft noun, named by the sentence that has one, or what a craft verb
    acts on."""
    root, doc = span.root, span.doc
    craft_nouns = {w[-1] for w, cls in context().head_nouns if cls == "Spacecraft"}
    if root.dep_ == "appos" and root.head.lower_ in craft_nouns:
        return True
    if any(c.dep_ == "appos" and c.lemma_.lower() in craft_nouns for c in root.children):
        return True
    if (
        root.dep_ == "dobj"
        and root.head.lemma_.lower() in craft_verbs()
        and root.head.pos_ == "VERB"
        and not (span.label_ == "PERSON" and looks_like_person(span))  # "will be pilot Ann Lee"
    ):
        return True
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return before in triggers().naming_verbs and any(
        t.lower_ in craft_nouns for t in span.sent[: span.start - span.sent.start]
    )


def _docked_with(span: Span) -> bool:
    """ "docked with Tianhe": what a craft docks with is a craft or a station."""
    doc = span.doc
    return (
        span.start >= 2
        and doc[span.start - 1].lower_ in grammar().docked_preps
        and doc[span.start - 2].lemma_.lower() in triggers().docking_verbs
    )


def _names_a_site(span: Span) -> bool:
    """ "Launch Site One", "Spaceport America": a site word inside the name makes it a place."""
    return span[0].is_title and context().site_rank(span.text) < 2


def _listed_with_craft(span: Span) -> bool:
    """ "four modules (Zarya, Vela, Orla and Tamar)": a name in one list with a craft the
    gazetteer knows is a craft too."""
    first = span.root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    items = [first, *(t for t in first.subtree if t.dep_ == "conj")]
    return any(
        t.ent_type_ in RULER_LABELS and (cls := entity_type(t.ent_type_)) is not None
        and is_a(cls, "Spacecraft")
        for t in items
        if t.i not in range(span.start, span.end)
    )  # fmt: skip


def _listed_with_sites(span: Span) -> bool:
    """ "the Red Square and Kremlin in Moscow": a name listed with a site is a site."""
    root = span.root
    return root.dep_ == "conj" and root.head.ent_type_ in {"FAC", "LOC"}


def _listed_with_people(span: Span) -> bool:
    """ "Astronauts Tanaka and Sato": a name in a list of people that a role noun opens."""
    root, doc = span.root, span.doc
    if root.dep_ != "conj" or root.head.ent_type_ != "PERSON":
        return False
    first = root.head.i
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    return role_before(doc, first) is not None or role_prefix_length(doc, first, first + 1) > 0


def _born_in(span: Span) -> bool:
    """ "Born May 2, 1950, in Orton Vale": where one is born is a place."""
    prep = span.root.head
    return (
        span.root.dep_ == "pobj"
        and prep.lower_ == "in"
        and prep.head.lower_ in grammar().birth_words
    )


def _in_a_place(span: Span) -> bool:
    """ "designed by Orbix in San Tarso", "born in Hong Vale": what the model calls a place
    stays one after a preposition of place, though it reads like a person's name."""
    root = span.root
    return (
        root.dep_ == "pobj"
        and root.head.lower_ in grammar().placed_preps
        and root.head.i == span.start - 1
    ) or _born_in(span)


def _among_people(span: Span) -> bool:
    """ "Vasko, Orme, and Lind lay in the cabin": one capitalized word listed between two
    people is a person too."""
    doc = span.doc
    if len(span) != 1 or not span[0].is_title or span.start < 2:
        return False
    joiners = grammar().name_joiners
    after = span.end
    while after < len(doc) and doc[after].lower_ in joiners:
        after += 1
    return (
        doc[span.start - 1].text == ","
        and doc[span.start - 2].ent_type_ == "PERSON"
        and after > span.end
        and after < len(doc)
        and doc[after].ent_type_ == "PERSON"
    )


def _placed(span: Span) -> bool:
    """ "near Van Horn, Texas": after a preposition of place and before ", <place>"."""
    doc = span.doc
    preceding = span.start - 1
    while preceding > 0 and doc[preceding].is_space:
        preceding -= 1
    before = doc[preceding].lower_ if preceding >= 0 else ""
    following = span.end + 1
    while following < len(doc) and doc[following].is_space:  # a line wrapped after the comma
        following += 1
    after = doc[following] if following < len(doc) else None
    return (
        before in grammar().placed_preps
        and span.end < len(doc)
        and doc[span.end].text == ","
        and after is not None
        and entity_type(after.ent_type_) == "Place"
        and after.ent_type_ != "FAC"
    )
