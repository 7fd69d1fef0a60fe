"""Names by their shape and the words around them: runs of title-case words, people by a
first name or a role noun before them, names a descriptor introduces, crew-table lines.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import cast

from spacy.tokens import Doc, Span, Token

from kg.lexicon import (
    context,
    end_words,
    grammar,
    is_generic,
    landscape_nouns,
    person_cues,
)
from kg.nlp.labels import CONTEXT_LABELS, RULER_LABELS, entity_type
from kg.nlp.tokens import (
    BULLETS,
    ROLE_MAX_WORDS,
    is_common_noun,
    is_given_name,
    is_rank_or_honorific,
    match_after,
    role_before,
    role_ending_at,
    suffix_end,
    title_length,
)
from kg.vocab import EntityType

MAX_NAME_WORDS = 4

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
    if (
        last.lower_ in cues.name_end_words
        or first.lower_ in grammar().name_particles
        or first.lower_ in grammar().articles  # "The S-IVB"
    ):
        return False
    return is_given_name(first.text) or any(p.fullmatch(last.text) for p in cues.family_names)


def named_after_role(span: Span) -> bool:
    """ "billionaire Yusaku Maezawa", "mission specialists Eytan Stibbe": a role noun right
    before a title-case name marks a person."""
    words = [t for t in span if t.lower_ != "of"]
    if not words or not all(t.is_title for t in words if t.is_alpha):
        return False
    return role_before(span.doc, span.start) is not None


def generic_run(run: Span) -> bool:
    """ "Soyuz TMA", or "TMA" after "Soyuz": a vehicle class, no one craft."""
    before = run.doc[run.start - 1].text + " " if run.start > 0 else ""
    return is_generic(run.text) or (bool(before.strip()) and is_generic(before + run.text))


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
            # "the STS-41 mission", not "the 190-day mission": a name has a capital; "a Soyuz
            # TMA spacecraft" is of a class
            if (
                run is not None
                and not run[0].is_sent_start
                and not run.text.islower()
                and not generic_run(run)
            ):
                found.append(Span(doc, run.start, run.end, label=CONTEXT_LABELS[match[0]]))
    return found


_FLOWN_CLASSES: frozenset[EntityType | None] = frozenset({"Mission", "Spacecraft"})


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
        # "• Marc Garnet, Mission STS-141-G, October 5-13 1994, Space Shuttle Challenger"
        flew = is_given_name(tokens[1].text) and any(
            entity_type(t.ent_type_) in _FLOWN_CLASSES for t in rest
        )
        opens = not rest or rest[0].text in {"(", ",", ":", *BULLETS}
        if 3 <= end <= 4 and (has_role or flew) and opens:
            found.append(Span(doc, tokens[1].i, tokens[end - 1].i + 1, label="PERSON"))
    return found


def surname_first_people(doc: Doc) -> list[Span]:
    """People named surname first, the surname in capitals, as Japanese agencies write
    them: "Astronaut TANAKA Hiroshi", "SATO Kenji departed". The given name must be a
    known one, and the capitals no name the ruler knows ("NASA Hiroshi" is no one)."""
    found: list[Span] = []
    for token in doc[:-1]:
        given = token.nbor()
        if (
            token.is_upper
            and token.is_alpha
            and len(token) >= 3
            and token.ent_type_ not in RULER_LABELS
            and given.is_title
            and given.is_alpha
            and is_given_name(given.text)
            and (token.i == 0 or not doc[token.i - 1].is_upper)
        ):
            found.append(Span(doc, token.i, token.i + 2, label="PERSON"))
    return found


def ranked_people(doc: Doc) -> list[Span]:
    """People named after a rank or an honorific, and the military service before the rank:
    "Air Force Lt. Col. Tom Rell, Jr." is the Air Force and Tom Rell, Jr.; "Dr. Quillfeather",
    "The Honourable Ada Roe". The model glues the service and the rank into one name
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


def role_named_people(doc: Doc) -> list[Span]:
    """People named right after a role noun, which the model sometimes misses in a list:
    "Flight Engineers Yuri Malov and Pavel Vino", "commander Ivan Orlov". The name must open
    with a known first name."""
    found: list[Span] = []
    for i in range(1, len(doc)):
        if (
            not is_given_name(doc[i].text)
            or not _name_word(doc[i])
            or doc[i].ent_type_ in RULER_LABELS
            or doc[i].ent_type_ == "PERSON"
        ):
            continue  # (a name the model ran into a title is taken back: "X and Pilot Ann Lee")
        before = list(doc[max(0, i - ROLE_MAX_WORDS) : i])
        if role_ending_at(before) is None:
            continue
        end = i + 1
        while end < len(doc) and end - i < MAX_NAME_WORDS and _name_word(doc[end]):
            end += 1
        if end - i >= 2:
            found.append(Span(doc, i, suffix_end(doc, end), label="PERSON"))
    return found + _role_named_surnames(doc)


CLAUSE_DEPS = frozenset({"prep", "dobj", "nsubj", "aux", "agent", "advmod"})
"""Children that make a word a verb heading its clause, not a name."""


def _role_named_surnames(doc: Doc) -> list[Span]:
    """A lone family name right after a capitalized role noun: "Astronaut Orme, who ...",
    "Flight Engineer Vasko"; not a common noun ("Astronaut Training") unless the document
    writes it again as a name."""
    found: list[Span] = []
    for i in range(1, len(doc)):
        token, before = doc[i], doc[i - 1]
        if (
            not (token.is_title and token.is_alpha)
            or token.ent_type_ in RULER_LABELS
            or not before.is_title
            or (i + 1 < len(doc) and _name_word(doc[i + 1]))
            or role_ending_at(list(doc[max(0, i - ROLE_MAX_WORDS) : i])) is None
            or is_given_name(token.text)
            or any(c.dep_ in CLAUSE_DEPS for c in token.children)  # "Astronauts Arrive at"
        ):
            continue
        if not is_common_noun(token.text, doc.vocab) or named_elsewhere(token):
            found.append(Span(doc, i, i + 1, label="PERSON"))
    return found


def named_elsewhere(token: Token) -> bool:
    """Whether the document writes the word again on its own inside a sentence, no
    capitalized word beside it: a name the word list also holds as a noun ("Astronaut
    Orme ... greeted Orme there"), not "Astronaut Training" of a "Training Center"."""
    alone = _words_alone(token.doc)
    return alone[token.text] > (1 if _alone(token) else 0)


_ALONE = "kg_words_alone"


def _words_alone(doc: Doc) -> Counter[str]:
    """How often the document writes each word on its own inside a sentence, counted once
    per document (in the Doc's user data), so each question costs nothing."""
    counts = doc.user_data.get(_ALONE)
    if counts is None:
        counts = Counter(t.text for t in doc if _alone(t))
        doc.user_data[_ALONE] = counts
    return cast("Counter[str]", counts)


def _alone(token: Token) -> bool:
    doc = token.doc
    return (
        token.i > 0
        and not token.is_sent_start
        and not doc[token.i - 1].is_title
        and not (token.i + 1 < len(doc) and doc[token.i + 1].is_title)
    )


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


_NUMBERED = re.compile(r"-\d+$")


def _lone_end_word(token: Token) -> bool:
    """A capitalized word that ends names of a class and that the model took for a name
    of its own."""
    doc = token.doc
    alone = token.ent_iob_ == "B" and (token.i + 1 == len(doc) or doc[token.i + 1].ent_iob_ != "I")
    return alone and token.text[:1].isupper() and token.lower_ in end_words()


def end_word_class(span: Span) -> EntityType | None:
    """ "Hubble Space Telescope", "Inertial Upper Stage", "Vargas Increment", "Servicing
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
        and not (token.i >= 2 and doc[token.i - 2].text == "-")  # "Asia-Pacific region"
    ]


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
        if end > start and end < len(doc) and _lone_end_word(doc[end]):
            end += 1  # "Orton AFB", of which the model saw "AFB" alone
        run = doc[start:end]
        cls = end_word_class(run) if len(run) >= 2 else None
        if cls is not None:
            found.append(Span(doc, start, end, label=CONTEXT_LABELS[cls]))
        start = end + 1
    return found
