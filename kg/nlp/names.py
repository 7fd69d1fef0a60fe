"""Names by their shape and the words around them: runs of title-case words, people by a
first name or a role noun before them, names a descriptor introduces, crew-table lines.
"""

from __future__ import annotations

import re
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from kg.lexicon import (
    context,
    end_words,
    fleets,
    grammar,
    landscape_nouns,
    person_cues,
    triggers,
)
from kg.nlp.labels import CONTEXT_LABELS, RULER_LABELS
from kg.nlp.tokens import (
    BULLETS,
    CLOSE_QUOTES,
    is_given_name,
    is_rank_or_honorific,
    match_after,
    quoted_after,
    role_before,
    role_ending_at,
    suffix_end,
    title_length,
)
from kg.vocab import EntityType

MAX_NAME_WORDS = 4
_MISSION: EntityType = "Mission"

POSSESSIVES = frozenset({"'s", "’s"})


def name_token(token: Token) -> bool:
    """A word that can be part of a proper name in running text."""
    if token.ent_type_ == "NORP" or not (
        token.text[:1].isupper() or any(c.isdigit() for c in token.text)
    ):
        return False
    return token.pos_ in {"PROPN", "ADJ", "NOUN", "NUM", ""}


def _joins(token: Token) -> bool:
    return token.text in grammar().name_joiners


def name_run_after(doc: Doc, start: int, *, allow_article: bool = False) -> Span | None:
    """Title-case words (joined by commas and "and") from ``start``: "Red, Green and Blue".

    With ``allow_article`` a title may open with "The", "A" or "An" ("The Long Night").
    """
    end = start
    if (
        allow_article
        and start + 1 < len(doc)
        and doc[start].is_title
        and doc[start].lower_ in grammar().articles
    ):
        end += 1
    while end < len(doc):
        token = doc[end]
        if (
            name_token(token) and not (token.ent_type_ and token.ent_iob_ == "B" and end > start)
        ) or (_joins(token) and end + 1 < len(doc) and name_token(doc[end + 1]) and end > start):
            end += 1
        else:
            break
    while end > start and _joins(doc[end - 1]):
        end -= 1
    return doc[start:end] if end > start else None


def name_run_before(doc: Doc, end: int) -> Span | None:
    """Title-case words (joined by commas and "and") ending right before ``end``."""
    start = end
    while start > 0:
        token = doc[start - 1]
        if (name_token(token) and not token.ent_type_) or (
            _joins(token) and start < end and start - 2 >= 0 and name_token(doc[start - 2])
        ):
            start -= 1
        else:
            break
    while start < end and _joins(doc[start]):
        start += 1
    return doc[start:end] if end > start else None


def looks_like_person(span: Span) -> bool:
    """Two or three capitalized words that open with a known first name, or end with a
    family name of a known shape ("Hazzaa AlMansoori"), and end with no word that ends
    names of places and organizations ("... Space Center")."""
    words = [t for t in span if not t.is_punct and t.lower_ not in POSSESSIVES]
    # "AlNeyadi", "McBride": a capital first letter is enough
    if not 2 <= len(words) <= 3 or not all(t.is_alpha and t.text[0].isupper() for t in words):
        return False
    first, last = words[0], words[-1]
    cues = context()
    if last.lower_ in cues.name_end_words or first.lower_ in grammar().name_particles:
        return False
    return is_given_name(first.text) or any(p.fullmatch(last.text) for p in cues.family_names)


def named_after_role(span: Span) -> bool:
    """ "billionaire Yusaku Maezawa", "mission specialists Eytan Stibbe": a role noun right
    before a title-case name marks a person."""
    words = [t for t in span if t.lower_ != "of"]
    if not words or not all(t.is_title for t in words if t.is_alpha):
        return False
    return role_before(span.doc, span.start) is not None


def descriptor_names(doc: Doc) -> list[Span]:
    """Names a descriptor introduces: "film studio Red, Green and Blue", "the X film studio"."""
    found: list[Span] = []
    cues = context()
    for token in doc:
        match = match_after(doc, token.i, cues.descriptors)
        if match is not None:
            cls, length = match
            run = name_run_after(doc, token.i + length)
            if run is not None and not looks_like_person(run):  # "the broadcaster Walter Cronkite"
                found.append(Span(doc, run.start, run.end, label=CONTEXT_LABELS[cls]))
        match = match_after(doc, token.i, cues.head_nouns)
        if match is not None and token.i > 0 and not doc[token.i - 1].ent_type_:
            run = name_run_before(doc, token.i)
            # "the STS-41 mission", not "the 190-day mission": a name has a capital
            if run is not None and not run[0].is_sent_start and not run.text.islower():
                found.append(Span(doc, run.start, run.end, label=CONTEXT_LABELS[match[0]]))
    return found


def listed_people(doc: Doc) -> list[Span]:
    """Crew tables: "- Maksim Surayev (Roscosmos) – commander". A list item that opens with
    a capitalized name and gives a role noun later names a person, whatever the model says
    (it often misses names on such lines)."""
    found: list[Span] = []
    for sent in doc.sents:
        tokens = [t for t in sent if not t.is_space]
        if len(tokens) < 4 or tokens[0].text not in BULLETS:
            continue
        end = 1
        while (
            end < len(tokens)
            and end <= 4
            and tokens[end].is_alpha
            and tokens[end].text[0].isupper()
        ):
            end += 1
        rest = tokens[end:]
        has_role = any(role_ending_at(rest[:n]) for n in range(1, len(rest) + 1))
        if 3 <= end <= 4 and has_role and (not rest or rest[0].text in {"(", ",", ":", *BULLETS}):
            found.append(Span(doc, tokens[1].i, tokens[end - 1].i + 1, label="PERSON"))
    return found


def ranked_people(doc: Doc) -> list[Span]:
    """People named after a rank or an honorific, and the military service before the rank:
    "Air Force Lt. Col. Terry Virts, Jr." is the Air Force and Terry Virts, Jr.; "Dr. Thirsk",
    "The Honourable Navdeep Bains". The model glues the service and the rank into one name
    ("Air Force Lt") and misses names after honorifics.

    A written-out rank ("Colonel", "General") marks a person only before a known first name:
    "General Motors" names no general.
    """
    found: list[Span] = []
    i = 0
    while i < len(doc):
        if not is_rank_or_honorific(doc[i]):
            i += 1
            continue
        start = i
        i += title_length(doc, i, len(doc))
        abbreviated = any(t.text.endswith(".") for t in doc[start : i + 1])
        end = i
        while end < len(doc) and end - i < MAX_NAME_WORDS and _name_word(doc[end]):
            end += 1
        if end == i or not (abbreviated or is_given_name(doc[i].text)):
            continue
        found.append(Span(doc, i, suffix_end(doc, end), label="PERSON"))
        service = _service_before(doc, start)
        if service is not None:
            found.append(service)
        i = end
    return found


def _name_word(token: Token) -> bool:
    return (
        (token.is_title or token.text in grammar().name_particles)
        and (token.is_alpha or token.text.endswith("."))
        and token.ent_type_ not in RULER_LABELS
    )


def _service_before(doc: Doc, index: int) -> Span | None:
    """ "Air Force", "French Air Force", "Marine": a military service ending at ``index``."""
    if index == 0:
        return None
    for words, _ in person_cues().military_services.by_last.get(doc[index - 1].lower_, ()):
        start = index - len(words)
        tokens = doc[start:index] if start >= 0 else None
        if tokens and all(t.is_title for t in tokens) and tuple(t.lower_ for t in tokens) == words:
            if start > 0 and doc[start - 1].ent_type_ == "NORP":  # "French Air Force"
                start -= 1
            return Span(doc, start, index, label=CONTEXT_LABELS["Organization"])
    return None


def crew_list_people(doc: Doc) -> list[Span]:
    """The names of a crew list: "Crew: Gibson, Precourt, Ellen Baker", "prime crew: Aidyn
    Aimbetov, Sergei Volkov and ESA astronaut Andreas Mogensen; backup crew: ...". After a
    crew noun and a colon, every item of the list (up to a semicolon or the sentence's end)
    names a person once an agency and a role noun before the name are passed."""
    found: list[Span] = []
    crew_nouns = triggers().crew_nouns
    for token in doc[:-1]:
        if token.nbor().text != ":" or not (
            token.lower_ in crew_nouns or token.lemma_.lower() in crew_nouns
        ):
            continue
        i = token.i + 2
        end = token.sent.end
        line_end = next(
            (t.i + 1 for t in doc[i:end] if "\n" in t.whitespace_ or "\n" in t.text), end
        )
        end = min(end, line_end)  # a crew list ends with its line
        while i < end and doc[i].text != ";":
            start, stop = _list_item(doc, i, end)
            if stop > start:
                found.append(Span(doc, start, stop, label="PERSON"))
            i = max(stop, i + 1)
            while i < end and doc[i].text in grammar().name_joiners:
                i += 1
    return found


def _list_item(doc: Doc, i: int, end: int) -> tuple[int, int]:
    """The name of the list item at ``i``: past an agency ("ESA") and lower-case words
    ("astronaut"), the capitalized words up to the next comma or "and" (hyphened names
    whole: "Chang-Diaz")."""
    while i < end and (doc[i].ent_type_ in RULER_LABELS or doc[i].is_lower):
        if doc[i].text in grammar().name_joiners:
            return i, i
        i += 1
    start = i
    while i < end and i - start < MAX_NAME_WORDS * 2:
        token = doc[i]
        joined = token.text == "-" and not doc[i - 1].whitespace_ and not token.whitespace_
        if not (token.is_title or token.text in grammar().name_particles or joined):
            break
        i += 1
    return start, i


_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


def ordinal_expeditions(doc: Doc) -> list[Span]:
    """ "the 32nd and 33rd expedition": numbered expeditions written as ordinals, each a
    mission under the name it is known by ("Expedition 32")."""
    found: list[Span] = []
    words = triggers().expedition_words
    for token in doc:
        noun = token.lemma_.lower() or token.lower_
        if noun not in words or len(noun) < 3 or token.i == 0:
            continue
        i = token.i - 1
        numbered: list[tuple[int, str]] = []
        while i >= 0 and (
            (match := _ORDINAL.match(doc[i].lower_)) or doc[i].text in grammar().name_joiners
        ):
            if match:
                numbered.append((i, match.group(1)))
            i -= 1
        for index, number in numbered:
            end = token.i + 1 if index == token.i - 1 else index + 1
            name = f"{noun.capitalize()} {int(number)}"
            found.append(Span(doc, index, end, label=_MISSION, span_id=name))
    return found


NAMING_WINDOW = 3
"""How far before a name a naming verb may stand: "named their capsule Endeavour"."""


def fleet_members(doc: Doc) -> list[Span]:
    """A fleet member named alone ("Atlantis") in a document that names it with its class
    ("Space Shuttle: Atlantis", "the shuttle Atlantis") is that craft, unless the document
    gives the name to another craft too ("named their capsule Endeavour", "Crew Dragon
    Endeavour")."""
    found: list[Span] = []
    naming = triggers().naming_verbs
    for fleet in fleets():
        for member in fleet.members:
            canonical = fleet.canonical(member)
            places = [t for t in doc if t.text == member]
            cued = [t for t in places if t.ent_id_ == canonical]
            other = [
                t
                for t in places
                if (t.ent_type_ in RULER_LABELS and t.ent_id_ != canonical)
                or any(w.lower_ in naming for w in doc[max(0, t.i - NAMING_WINDOW) : t.i])
            ]
            if not cued or other:
                continue
            found += [
                Span(doc, t.i, t.i + 1, label=fleet.cls, span_id=canonical)
                for t in places
                if t.ent_type_ not in RULER_LABELS
            ]
    return found


def named_missions(doc: Doc) -> list[Span]:
    """Missions a sentence names as such: "Horizons was his second mission", "Zenith was the
    first orbital spaceflight with ...", "his mission is called Beyond", "the mission,
    dubbed Blue Dot", "his second mission, known as 'Beyond'"."""
    flight_nouns = triggers().flight_nouns
    cues = context().title_cues | triggers().also_cues
    found: list[Span] = []
    for token in doc:
        if token.lemma_.lower() in flight_nouns and token.dep_ == "attr":
            subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            if token.head.lemma_ == "be" and subject is not None and _named(subject):
                found.append(_with_compounds(subject))
        elif token.lower_ in cues and token.pos_ in {"VERB", "AUX"} and _said_of_a_flight(token):
            start = token.i + 1
            if start < len(doc) and doc[start].lower_ == "as":
                start += 1
            run = quoted_after(doc, start) or _capitalized_run(doc, start)
            if run is not None and all(t.text not in CLOSE_QUOTES for t in run):
                found.append(Span(doc, run.start, run.end, label=CONTEXT_LABELS["Mission"]))
    return found


NAMING_REACH = 8
"""How far back from "called", "dubbed", "known" the flight noun it names may stand."""


def _capitalized_run(doc: Doc, start: int) -> Span | None:
    """Capitalized words from ``start``, whatever the tagger makes of them ("called Beyond",
    tagged a preposition)."""
    end = start
    while (
        end < len(doc)
        and end - start < MAX_NAME_WORDS
        and doc[end].text[:1].isupper()
        and not doc[end].is_punct
    ):
        end += 1
    return doc[start:end] if end > start else None


def _said_of_a_flight(cue: Token) -> bool:
    """Whether a naming verb names a flight: "the mission, dubbed X", "his mission is called
    X", "his second mission to the Space Station, known as 'X'" (a flight noun before the
    verb in its clause)."""
    flight_nouns = triggers().flight_nouns
    nouns = [cue.head] + [c for c in cue.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if any(n.lemma_.lower() in flight_nouns for n in nouns):
        return True
    for token in reversed(cue.doc[max(cue.sent.start, cue.i - NAMING_REACH) : cue.i]):
        if token.pos_ in {"VERB", "AUX"}:
            return False
        if token.lemma_.lower() in flight_nouns:
            return True
    return False


def _named(token: Token) -> bool:
    """A name standing alone: capitalized, no pronoun, no name kg's ruler knows."""
    return (
        token.pos_ == "PROPN" and token.text[:1].isupper() and token.ent_type_ not in RULER_LABELS
    )


def _with_compounds(token: Token) -> Span:
    start = token.i
    while start > 0 and token.doc[start - 1].dep_ == "compound" and _named(token.doc[start - 1]):
        start -= 1
    return Span(token.doc, start, token.i + 1, label=CONTEXT_LABELS["Mission"])


MAX_LABEL_WORDS = 4


def field_values(doc: Doc) -> list[Span]:
    """Names in the fields of fact sheets: "Landing Site: Edwards Air Force Base, Calif.",
    "Mission: Tracking and Data Relay Satellite-4 (TDRS-4)". A value's class is that its last
    word gives ("... Base", "... Satellite-4"), else that the label's head noun gives
    ("Site", "Mission"); labels of no class ("Runway", "Photo") give nothing."""
    found: list[Span] = []
    cues = context()
    for token in doc:
        if token.text != ":" or not _line_start_within(doc, token.i, MAX_LABEL_WORDS):
            continue
        label = [t.lower_ for t in doc[_line_start(doc, token.i) : token.i]]
        label_class = None
        for n in (2, 1):
            words = tuple(label[-n:])
            for table in (cues.head_nouns, cues.descriptors):
                label_class = label_class or next((c for w, c in table if w == words), None)
        run = _field_value(doc, token.i + 1)
        if run is None or any(t.ent_type_ in RULER_LABELS for t in run) or run[0].like_num:
            continue
        cls = end_word_class(run) or label_class
        if cls is not None:
            found.append(Span(doc, run.start, run.end, label=CONTEXT_LABELS[cls]))
    return found


def _field_value(doc: Doc, start: int) -> Span | None:
    """The name a field's value opens with: capitalized words, joined by "and" or "of"
    ("Tracking and Data Relay Satellite-4"), up to a comma or a bracket."""
    end = start
    joiners = grammar().title_small_words
    while end < len(doc) and (
        name_token(doc[end])
        or (doc[end].lower_ in joiners and end > start and end + 1 < len(doc)
            and name_token(doc[end + 1]))
    ):  # fmt: skip
        end += 1
    return doc[start:end] if end > start else None


def _line_start(doc: Doc, index: int) -> int:
    i = index
    while i > 0 and "\n" not in doc[i - 1].whitespace_ and not doc[i - 1].is_space:
        i -= 1
    return i


def _line_start_within(doc: Doc, index: int, words: int) -> bool:
    start = _line_start(doc, index)
    return 0 < index - start <= words


_NUMBERED = re.compile(r"-\d+$")


def end_word_class(span: Span) -> EntityType | None:
    """ "Hubble Space Telescope", "Inertial Upper Stage", "Thagard Increment", "Servicing
    Mission 1", "Relay Satellite-4": a capitalized last word that ends names of one class."""
    words = [t for t in span if not t.is_punct]
    if len(words) >= 2 and (words[-1].like_num or words[-1].is_digit):
        words = words[:-1]  # "Servicing Mission 1"
        cls = end_words().get(words[-1].lower_)
        return cls if cls == "Mission" and words[-1].is_title else None
    if len(words) < 2 or not words[-1].text[:1].isupper():
        return None
    return end_words().get(_NUMBERED.sub("", words[-1].lower_))


def landscapes(doc: Doc) -> list[Span]:
    """ "the Kazakh steppe", "the Saratov region": a capitalized word before a landscape noun
    names a place, noun and all (not the last word of a longer name)."""
    return [
        Span(doc, token.i - 1, token.i + 1, label=CONTEXT_LABELS["Place"])
        for token in doc[1:]
        if token.is_lower
        and token.lower_ in landscape_nouns()
        and doc[token.i - 1].is_title
        and doc[token.i - 1].is_alpha
        and doc[token.i - 1].ent_type_ not in RULER_LABELS
        and doc[token.i - 1].ent_iob_ != "I"  # "Lake Baykal region" names Lake Baykal
    ]


def _lines(doc: Doc) -> list[list[Token]]:
    """The tokens of each line that has any, white space left out."""
    lines: list[list[Token]] = [[]]
    for token in doc:
        if token.is_space:
            if "\n" in token.text:
                lines.append([])
            continue
        lines[-1].append(token)
        if "\n" in token.whitespace_:
            lines.append([])
    return [line for line in lines if line]


def signed_people(doc: Doc) -> list[Span]:
    """The signature of a statement: a line that is only a name, over a line that ends with
    a role ("Keiji Tachikawa" / "President", "Jane Roe" / "Deputy Administrator")."""
    found: list[Span] = []
    lines = _lines(doc)
    for line, following in pairwise(lines):
        if not 2 <= len(line) <= MAX_NAME_WORDS or not all(
            (t.is_title and (t.is_alpha or t.text.endswith(".")))
            and t.ent_type_ not in RULER_LABELS
            and not role_ending_at([t])
            for t in line
        ):
            continue
        if role_ending_at(following) is not None:
            found.append(Span(doc, line[0].i, line[-1].i + 1, label="PERSON"))
    return found


def end_word_names(doc: Doc) -> list[Span]:
    """Names the model missed whose last word gives their class: "inside the Core Module of
    the station" (capitalized words after a lower-case word, none an entity yet)."""
    found: list[Span] = []
    start = 1
    while start < len(doc):
        before = doc[start - 1]
        inside = (  # "Tracking and Data Relay Satellite-4": no name starts after "and"
            before.lower_ in grammar().title_small_words
            and start >= 2
            and doc[start - 2].text[:1].isupper()
        )
        if not before.is_lower or inside or not name_token(doc[start]) or doc[start].ent_type_:
            start += 1
            continue
        end = start
        while end < len(doc) and name_token(doc[end]) and not doc[end].ent_type_:
            end += 1
        run = doc[start:end]
        cls = end_word_class(run) if len(run) >= 2 else None
        if cls is not None:
            found.append(Span(doc, start, end, label=CONTEXT_LABELS[cls]))
        start = end + 1
    return found
