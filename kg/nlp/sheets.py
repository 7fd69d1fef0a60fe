"""Names in the layouts of agency pages: crew lists ("Crew: Varga, Lund"), fields of
fact sheets ("Landing Site: Edwards Air Force Base"), signatures of statements and the
datelines of releases."""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Doc, Span

from kg.lexicon import context, grammar, triggers
from kg.nlp.labels import CONTEXT_LABELS, RULER_LABELS, entity_type
from kg.nlp.names import MAX_NAME_WORDS, end_word_class, name_token
from kg.nlp.spans import line_start, lines, opens_line
from kg.nlp.tokens import BULLETS, is_common_noun, role_ending_at


def field_label(span: Span) -> bool:
    """ "Runway: 22", "Rollout Distance: 9,339 feet": the label of a fact sheet's field,
    which opens its line."""
    doc = span.doc
    return opens_line(span) and span.end < len(doc) and doc[span.end].text == ":"


HONORS = "honors"
CALLSIGN = "callsign"
CITATION = "citation"
NAMELESS_FIELDS = frozenset({HONORS, CALLSIGN, CITATION})
"""Kinds of fields whose values name no entity (``field_labels`` in kg/data/triggers.json):
awards, a crew's call sign, a cited source."""


def in_nameless_field(span: Span) -> bool:
    """ "SPECIAL HONORS: Flying Star Medal; two Unit Citations", "Crew code name—Kestrel":
    the value of a field of awards or of a call sign, whose names are no entities."""
    doc = span.doc
    start = line_start(doc, span.start)
    separators = grammar().field_separators
    # a label is a few words at the line's start ("SPECIAL HONORS:"): look no further
    reach = min(span.start, start + 2 * MAX_LABEL_WORDS + 2)
    colon = next((t.i for t in doc[start:reach] if t.text in separators), None)
    if colon is None:
        return False
    label = " ".join(t.lower_ for t in doc[start:colon] if not (t.is_space or t.is_punct))
    return triggers().field_labels.get(label) in NAMELESS_FIELDS  # "*Source: ..." too


DATELINE_DASHES = frozenset({"-", "–", "—", "--"})
"""What ends a release's dateline before its first sentence."""


def dateline(span: Span) -> bool:
    """ "Orton, Quebec, December 3, 2018 – Today ...": the place a release opens with,
    before its region (if any) and its date."""
    doc = span.doc
    if not opens_line(span) or span.end + 2 >= len(doc) or doc[span.end].text != ",":
        return False
    region = doc[span.end + 1]
    if region.ent_type_ == "DATE":  # "Orton, May 3, 2019 – Today ...": no region
        end = span.end + 1
        while end < len(doc) and doc[end].ent_type_ == "DATE":
            end += 1
        return end < len(doc) and doc[end].text in DATELINE_DASHES
    if entity_type(region.ent_type_) != "Place":
        return False
    i = span.end + 2  # past the region's name
    while i < len(doc) and doc[i].ent_iob_ == "I":
        i += 1
    return i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].ent_type_ == "DATE"


def crew_list_people(doc: Doc) -> list[Span]:
    """The names of a crew list: "Crew: Varga, Lund, Ada Okafor", "prime crew: Ivan
    Petrov, Oleg Sidorov and ESA astronaut Ana Ruiz; backup crew: ...". After a
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


def crew_item_people(doc: Doc) -> list[Span]:
    """The name that opens a list line of a crew and its role: "-- Varga, station
    commander", "-- Pavel Orlin of Roscosmos, flight engineer" (the capitalized words
    after the mark, up to a comma or an employer's preposition, when a role noun ends the
    line)."""
    found: list[Span] = []
    for line in lines(doc):
        if len(line) < 4 or line[0].text not in BULLETS:
            continue
        words = line[1:]
        n = 0
        while n < min(len(words), MAX_NAME_WORDS) and name_token(words[n]):
            n += 1
        if (
            n == 0
            or n >= len(words)
            or not (words[n].text == "," or words[n].lower_ in grammar().employer_preps)
        ):
            continue
        if any(t.ent_type_ in RULER_LABELS for t in words[:n]):
            continue
        tail = [t for t in words[n:] if not t.is_punct]
        if role_ending_at(tail) is not None:
            found.append(Span(doc, words[0].i, words[n - 1].i + 1, label="PERSON"))
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


MAX_LABEL_WORDS = 4


def field_values(doc: Doc) -> list[Span]:
    """Names in the fields of fact sheets: "Landing Site: Edwards Air Force Base, Calif.",
    "Mission: Polar Relay Satellite-7 (PRS-7)". A value's class is that its last
    word gives ("... Base", "... Satellite-4"), else that the label's head noun gives
    ("Site", "Mission"); labels of no class ("Runway", "Photo") give nothing."""
    found: list[Span] = []
    cues = context()
    for token in doc:
        if token.text != ":" or not _line_start_within(doc, token.i, MAX_LABEL_WORDS):
            continue
        label = [t.lower_ for t in doc[line_start(doc, token.i) : token.i]]
        label_class = None
        for n in (2, 1):
            words = tuple(label[-n:])
            for table in (cues.head_nouns, cues.descriptors):
                label_class = label_class or next((c for w, c in table if w == words), None)
        run = _field_value(doc, token.i + 1)
        if run is None or any(t.ent_type_ in RULER_LABELS for t in run) or run[0].like_num:
            continue
        if _opens_prose(run):
            continue  # "Orbix mission: Information for the media"
        cls = end_word_class(run) or label_class
        if cls is not None:
            found.append(Span(doc, run.start, run.end, label=CONTEXT_LABELS[cls]))
    return found


def _opens_prose(run: Span) -> bool:
    """A value that is one common word going on in lower case: a phrase, no name."""
    doc = run.doc
    return (
        len(run) == 1
        and is_common_noun(run.text, doc.vocab)
        and run.end < len(doc)
        and doc[run.end].is_lower
        and doc[run.end].is_alpha
    )


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


def signed_people(doc: Doc) -> list[Span]:
    """The signature of a statement: a line that is only a name, over a line that ends with
    a role ("Ken Sato" / "President", "Jane Roe" / "Deputy Administrator")."""
    found: list[Span] = []
    for line, following in pairwise(lines(doc)):
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


def _line_start_within(doc: Doc, index: int, words: int) -> bool:
    start = line_start(doc, index)
    return 0 < index - start <= words
