"""Names of craft and missions the model misses, by how texts name them: fleet members
alone ("Atlantis" where the text names "the shuttle Atlantis"), expeditions as ordinals
("the 32nd and 33rd expedition") and missions a sentence names ("the mission, dubbed X")."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kg.lexicon import context, fleets, grammar, triggers
from kg.nlp.labels import CONTEXT_LABELS, RULER_LABELS
from kg.nlp.names import MAX_NAME_WORDS
from kg.nlp.tokens import CLOSE_QUOTES, quoted_after
from kg.vocab import EntityType

_MISSION: EntityType = "Mission"


_ORDINAL = re.compile(r"^0*(\d+)(?:st|nd|rd|th)$")
_ORDINAL_PAIR = re.compile(r"^0*(\d+)(?:st|nd|rd|th)/0*(\d+)(?:st|nd|rd|th)$")


def worded_expeditions(doc: Doc) -> list[Span]:
    """ "Expedition Eight": an expedition numbered in words, a mission under the name it is
    known by ("Expedition 8")."""
    found: list[Span] = []
    words, numbers = triggers().expedition_words, grammar().number_words
    for token in doc[:-1]:
        after = token.nbor()
        if token.is_title and token.lower_ in words and after.is_title:
            number = numbers.get(after.lower_)
            if number is not None:
                name = f"{token.text} {number}"
                found.append(Span(doc, token.i, token.i + 2, label=_MISSION, span_id=name))
    return found


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
            (match := _ORDINAL.match(doc[i].lower_))
            or (pair := _ORDINAL_PAIR.match(doc[i].lower_))
            or doc[i].text in grammar().name_joiners
        ):
            if match:
                numbered.append((i, match.group(1)))
            elif pair:  # "the 38th/39th Expedition": one name of both (split by mentions)
                numbered.append((i, f"{pair.group(1)}/{pair.group(2)}"))
            i -= 1
        for index, number in numbered:
            end = token.i + 1 if index == token.i - 1 else index + 1
            name = f"{noun.capitalize()} {number}"
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
            cued = [t for t in places if t.ent_id_ == canonical or _flies(t)]
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
                if t.ent_type_ not in RULER_LABELS and _alone(t)
            ]
    return found


def _flies(token: Token) -> bool:
    """A name that is the subject of a flight verb: "Atlantis lifted off", "Columbia
    landed at Edwards", "Discovery docked with the station"."""
    words = triggers()
    verbs = words.launch_verbs | words.landing_verbs | words.docking_verbs
    return token.dep_ in {"nsubj", "nsubjpass"} and token.head.lemma_.lower() in verbs


def _alone(token: Token) -> bool:
    """Whether a word is no part of a longer name the model found ("Discovery Channel")."""
    doc = token.doc
    inside = token.ent_iob_ == "I" or (token.i + 1 < len(doc) and doc[token.i + 1].ent_iob_ == "I")
    return not (token.ent_type_ and inside)


def named_missions(doc: Doc) -> list[Span]:
    """Missions a sentence names as such: "Horizons was his second mission", "Zenith was the
    first orbital spaceflight with ...", "his mission is called Beyond", "the mission,
    dubbed Quiet Harbor", "his second mission, known as 'Far Reach'"."""
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


_DESIGNATOR = re.compile(r"[A-Z][A-Za-z]*(?:-[A-Z0-9]+)+")
"""A craft's designator written as one word: "KRX-7", "Veltra-3"."""
_SERIAL = re.compile(r"(?:\d+|[IVX]+)(?:-[A-Z0-9]+)?")
"""A serial after a capitals-only name: "ORBIS 3-C", "ORBIS II-4"."""
_CRAFT = CONTEXT_LABELS["Spacecraft"]


def listed_craft(doc: Doc) -> list[Span]:
    """Designators listed after a plural craft noun: "three communications satellites,
    KRX-7 for ..., ORBIS 3-C for ... and ORBIS II-4, or Veltra-3" names four craft
    (the last two one craft: "X, or Y" gives another name)."""
    craft_nouns = {w[-1] for w, cls in context().head_nouns if cls == "Spacecraft"}
    found: list[Span] = []
    for token in doc[:-1]:
        plural = token.lower_ != token.lemma_.lower()
        if not (plural and token.lemma_.lower() in craft_nouns and token.nbor().text in ",:"):
            continue
        canonical = ""
        for name in _designators(doc, token.i + 2, token.sent.end):
            if not (canonical and doc[name.start - 1].lower_ == "or"):
                canonical = name.text
            found.append(Span(doc, name.start, name.end, label=_CRAFT, span_id=canonical))
    return found


def _designators(doc: Doc, start: int, end: int) -> list[Span]:
    """Craft designators between ``start`` and ``end``, outside any other name."""
    chunks: list[tuple[int, int]] = []  # runs of tokens with no space between
    i = start
    while i < end:
        j = i + 1
        while j < end and not doc[j - 1].whitespace_:
            j += 1
        chunks.append((i, j))
        i = j
    found: list[Span] = []
    for k, (a, b) in enumerate(chunks):
        text = doc[a:b].text.rstrip(",.;")
        if any(t.ent_type_ for t in doc[a:b]) or (found and found[-1].end > a):
            continue
        if _DESIGNATOR.fullmatch(text):
            found.append(doc[a : b - (text != doc[a:b].text)])
        elif text.isupper() and text.isalpha() and len(text) >= 3 and k + 1 < len(chunks):
            c, d = chunks[k + 1]
            serial = doc[c:d].text.rstrip(",.;")
            if _SERIAL.fullmatch(serial):
                found.append(doc[a : d - (serial != doc[c:d].text)])
    return found
