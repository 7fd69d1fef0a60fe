"""Entity mentions: the model's and the ruler's spans, typed by the ontology and cleaned.

A span is trimmed of determiners, possessives, quotes and punctuation, cut at a line
break or a closing quote, and dropped when it cannot be a name (credit strings with
slashes, lower-case words, stop-listed words). Mentions in title-case headlines get a
low confidence: headlines fool the model, so such a mention only counts when the same
entity is also named in running text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from kg.extract.context import Found, sentence_offsets
from kg.lexicon import (
    context,
    end_words,
    grammar,
    mention_confidence,
    not_entities,
    not_name_end_words,
    role_nouns,
)
from kg.nlp.brackets import acronym_after, other_name_start
from kg.nlp.labels import CONTEXT_ONLY, RULER_LABELS, UNCLASSED_NAMES, entity_type
from kg.nlp.tokens import (
    BULLETS,
    is_adjective,
    is_common_noun,
    is_given_name,
    role_prefix_length,
    singulars,
)
from kg.records import Mention, MentionSource, vote_weight
from kg.text.clean import CleanText
from kg.vocab import TYPE_PRIORITY, EntityType, is_a

_QUOTES = "\"'‘’“”«»„‚"
_POSSESSIVE = {"'s", "’s", "'", "’"}
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_VOTED_TYPES: frozenset[EntityType] = frozenset(
    {"Person", "Organization", "Place", "Spacecraft", "SpaceStation"}
)
"""Types a name's vote may give a mention of another type: the model's confusions."""


def find_mentions(doc: Doc, doc_id: str, clean: CleanText) -> list[Found]:
    """Every entity mention in ``doc``, typed and cleaned, with original offsets."""
    headlines = headline_lines(doc.text)
    confidences = mention_confidence()
    found: list[Found] = []
    for ent in doc.ents:
        from_ruler = ent.label_ in RULER_LABELS
        cls = entity_type(ent.label_)
        if cls is None:
            continue
        span = trim(ent, cls=cls)
        if span is None or not plausible(span, cls, from_ruler):
            continue
        source: MentionSource = "ruler" if from_ruler else "ner"
        confidence = confidences.ruler if from_ruler else confidences.ner
        if ent.label_ in CONTEXT_ONLY:
            confidence = confidences.context
        if not from_ruler and any(a <= span.start_char < b for a, b in headlines):
            confidence = confidences.headline
        start, end = clean.span_to_original(span.start_char, span.end_char)
        mention = Mention(
            doc_id=doc_id,
            start=start,
            end=end,
            text=span.text,
            type=cls,
            source=source,
            confidence=confidence,
            canonical=ent.ent_id_ if from_ruler else _canonical(span, cls),
            sentence=sentence_offsets(span, clean),
        )
        found.extend(Found(span, m) for m in each_numbered(mention))
    return spelled_out(found)


def spelled_out(found: list[Found]) -> list[Found]:
    """An acronym the document spells out ("Air Force Maui Optical Site (AMOS)") and another
    name it gives in brackets ("Baikonur Cosmodrome (then known as Tyuratam)") are known by
    the name they stand for, wherever the document uses them."""
    by_start = {f.span.start: f for f in found}
    names: dict[str, str] = {}
    for f in found:
        acronym = acronym_after(f.span)
        other = by_start.get(acronym.start) if acronym is not None else None
        if other is None or acronym is None or other.span.end != acronym.end:
            other = by_start.get(other_name_start(f.span) or -1)  # "X (then known as Y)"
        if other is not None and not other.mention.canonical:
            names.setdefault(other.mention.text, f.mention.canonical or f.mention.text)
    return [
        Found(f.span, replace(f.mention, canonical=names[f.mention.text]))
        if f.mention.text in names and not f.mention.canonical
        else f
        for f in found
    ]


_NUMBER_RANGE = re.compile(
    r"^(?P<stem>\D+?)s?[\s-]+(?P<first>\d+)\s*(?:/|-|–|and)\s*(?P<last>\d+)$"
)
MAX_RANGE = 3
"""The most missions a range names ("Expedition 56-57", "Expeditions 18 and 19")."""


def each_numbered(mention: Mention) -> list[Mention]:
    """A mission named with a slash or a range ("Expedition 20/21", "Expedition 56-57") is
    a mention of each mission it numbers; any other mention is itself."""
    match = _NUMBER_RANGE.match(mention.canonical or mention.text)
    if mention.type != "Mission" or match is None:
        return [mention]
    first, last = int(match["first"]), int(match["last"])
    if not 0 < last - first <= MAX_RANGE:
        return [mention]
    stem = match["stem"].strip()
    return [replace(mention, canonical=f"{stem} {n}") for n in range(first, last + 1)]


def _canonical(span: Span, cls: EntityType) -> str:
    if cls == "Person" and any(t.text in _QUOTES or t.text == "(" for t in span):
        return without_nickname(span)
    if cls == "Person" and len(span) == 2 and span[0].is_upper and len(span[0]) >= 3:
        return f"{span[1].text} {span[0].text.title()}"  # "TANAKA Hiroshi": Hiroshi Tanaka
    return ""


def trim(span: Span, *, cls: EntityType | None = None) -> Span | None:
    """Cut ``span`` to the name it holds, or None if nothing is left.

    A line break, a closing quote or a bracket ends a name. A person's name also ends
    before "of" ("Eytan Stibbe of Israel") and loses a title in front ("Cosmonaut Oleg
    Orlov"), but keeps a quoted nickname inside ('Barry "Butch" Wilmore'). A work keeps
    its leading "The".
    """
    doc = span.doc
    start, end = span.start, span.end
    person = cls == "Person"
    roles = role_nouns()
    in_nickname = False
    for token in doc[start:end]:
        if person and token.i > start and token.lower_ == "of":
            end = token.i
            break
        if token.i > start and (token.text in _QUOTES or token.text in "()"):
            bracketed = token.text in "()" and _bracketed_nickname(token, end, in_nickname)
            quoted = token.text in _QUOTES and (in_nickname or _nickname_at(token, end))
            if person and (quoted or bracketed):
                in_nickname = not in_nickname
                continue
            end = token.i
            break
        if token.i < end - 1 and (
            "\n" in token.whitespace_ or (token.is_space and "\n" in token.text)
        ):
            end = token.i + 1
            break
    keep_the = cls is not None and is_a(cls, "CreativeWork")
    while start < end and _strip_leading(doc[start], keep_the):
        start += 1
    while person and end - start >= 3:
        # "Astronaut Jane Roe", "Vice President Ada Roe": the role before the name
        n = role_prefix_length(doc, start, end) or int(bool(set(singulars(doc[start])) & roles))
        if not n or end - start - n < 2:
            break
        start += n
    while end > start and _strip_trailing(doc[end - 1]):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _bracketed_nickname(bracket: Token, end: int, inside: bool) -> bool:
    """A bracket around a one-word nickname inside a name: "Robert (Bob) T. Lane"."""
    if inside:
        return bracket.text == ")"
    doc = bracket.doc
    return bracket.text == "(" and bracket.i + 2 < end - 1 and doc[bracket.i + 2].text == ")"


def _nickname_at(quote: Token, end: int) -> bool:
    """An opening quote of a word or two inside a person's name, with more name after it."""
    doc = quote.doc
    return any(
        doc[close].text in _QUOTES for close in range(quote.i + 2, min(quote.i + 4, end - 1))
    )


def without_nickname(span: Span) -> str:
    """'Barry "Butch" Wilmore' -> "Barry Wilmore"."""
    words: list[str] = []
    quoted = False
    for token in span:
        if token.text in _QUOTES or token.text in "()":
            quoted = not quoted
        elif not quoted:
            words.append(token.text)
    return " ".join(words)


def _strip_leading(token: Token, keep_leading_the: bool) -> bool:
    text = token.text
    if token.is_space or token.is_punct or text in _QUOTES:
        return True
    if text.lower() in grammar().articles:
        return not (keep_leading_the and text[0].isupper())
    return False


def _strip_trailing(token: Token) -> bool:
    return bool(
        token.is_space or token.is_punct or token.text in _QUOTES or token.text in _POSSESSIVE
    )


def plausible(span: Span, cls: EntityType, from_ruler: bool) -> bool:
    """Whether a trimmed span can be a name of class ``cls``."""
    text = span.text
    if not any(c.isalpha() for c in text) or len(text) > 80:
        return False
    if from_ruler:
        return True
    if not (text[0].isupper() or text[0].isdigit()) or "/" in text or "\\" in text:
        return False
    if text.casefold() in not_entities() or text.casefold() in _reference_words():
        return False
    if _CLOCK.search(text) or _CATALOGUE.fullmatch(text):  # "02:37 CEST", "STS061-S-001"
        return False
    words = text.split()
    if len(words) > 1 and words[-1].lower() in not_name_end_words():  # "Moscow Standard Time"
        return False
    if cls == "Person":
        words = [t.text for t in span if not t.is_punct]
        if len(words) > 5 or any(ch.isdigit() for ch in text):
            return False
        particles = grammar().name_particles
        return all(w[0].isupper() or w.lower() in particles for w in words)
    return True


def headline_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines written in title case with no closing punctuation (headlines).

    A line with a sentence end inside, a list of names ("Crew: Varga, Lund, Ada
    Okafor, Dekker", "Mir 19 Crew: Petrov, Sidorov") or a list item ("• Pilot X (NASA)")
    is no headline, however many capitals it has.
    """
    small = grammar().small_words
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group().strip()
        if (
            not line
            or line[-1] in '.!?"”'
            or line[0] in BULLETS  # a list item: "• Pilot Ann Kell (NASA)"
            or line.count(",") >= 2
            or _SENTENCE_END.search(line)
            or _FIELD_LIST.search(line)
        ):
            continue
        words = [w for w in _WORD.findall(line) if w.lower() not in small]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.8:
            spans.append((match.start(), match.end()))
    return spans


_SENTENCE_END = re.compile(r"[a-z]{2}[.!?] +[A-Z(]")
_FIELD_LIST = re.compile(r": [^:,]+(,| and )")
"""A field that lists things ("Mir 19 Crew: Petrov, Sidorov"), which no headline does."""
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}\b")
_CATALOGUE = re.compile(r"[A-Z]+\d+(?:-[A-Z0-9]+){2,}")
"""Catalogue numbers of photos and documents ("STS061-S-001"), which name nothing."""


@cache
def _reference_words() -> frozenset[str]:
    """Head nouns alone ("the Station") refer to a named thing; they are not its name."""
    return frozenset(" ".join(words) for words, _ in context().head_nouns)


def _priority(type_: EntityType) -> int:
    return TYPE_PRIORITY.index(type_) if type_ in TYPE_PRIORITY else len(TYPE_PRIORITY)


def harmonize(found: list[Found]) -> list[Found]:
    """One type per name inside a document: the model may call "Serova" a person in one
    sentence and an organization in the next. The type most mentions of the name (and of
    the full names it begins or ends: "Wang" of "Wang Yaping") agree on wins; gazetteer
    matches are kept."""
    votes: dict[str, dict[EntityType, float]] = {}
    context = mention_confidence().context
    vocab = found[0].span.doc.vocab if found else None
    for f in found:
        words = f.mention.text.split()
        weight = vote_weight(f.mention, context, lambda text: _reads_as_name(text, vocab))
        parts = [words[0].lower(), words[-1].lower()] if f.mention.type == "Person" else []
        for key in {f.mention.text.lower(), *parts}:
            votes.setdefault(key, {}).setdefault(f.mention.type, 0.0)
            votes[key][f.mention.type] += weight
    result: list[Found] = []
    for f in found:
        tally = votes.get(f.mention.text.lower(), {})
        best = min(tally, key=lambda t: (-tally[t], _priority(t))) if tally else f.mention.type
        if f.mention.source != "ruler" and best != f.mention.type and best in _VOTED_TYPES:
            f = Found(f.span, replace(f.mention, type=best))
        result.append(f)
    return result


def _reads_as_name(text: str, vocab: Vocab | None) -> bool:
    """Whether a person's name the model found is more than common words ("Quiet Harbor"): it
    opens with a known first name, or has a word no dictionary has."""
    words = [w for w in text.split() if w.isalpha()]
    return (
        vocab is None
        or not words
        or is_given_name(words[0])
        or not all(is_common_noun(w, vocab) or is_adjective(w, vocab) for w in words)
    )


def _over_unclassed(
    unclassed: dict[int, tuple[int, int]], start: int, end: int, cls: EntityType
) -> bool:
    """Whether a name at ``start:end`` may stand where the model saw unclassed names: a
    person's name may, when it covers them whole."""
    spans = {unclassed[i] for i in range(start, end) if i in unclassed}
    return not spans or (cls == "Person" and all(start <= a and b <= end for a, b in spans))


def propagate_names(doc: Doc, doc_id: str, clean: CleanText, found: list[Found]) -> list[Found]:
    """Mentions of names the model found elsewhere in the document but missed here.

    A full name or a surname seen as a person once ("Serova" at the start of a sentence,
    where the model saw none), a mission's name found by its context ("Zenith was his
    first mission"), or the proper name of a craft ("Resilience" of "Crew Dragon
    Resilience"), is a mention wherever it stands outside another entity.
    """
    covered = {i for f in found for i in range(f.span.start, f.span.end)}
    classed = [ent for ent in doc.ents if ent.label_ not in UNCLASSED_NAMES]
    covered |= {i for ent in classed for i in range(ent.start, ent.end)}
    unclassed = {  # token -> the unclassed name it is in
        i: (ent.start, ent.end)
        for ent in doc.ents
        if ent.label_ in UNCLASSED_NAMES
        for i in range(ent.start, ent.end)
    }
    names: dict[tuple[str, ...], EntityType] = {}
    for f in found:
        words = tuple(t.text for t in f.span)
        if f.mention.type == "Person":
            names[words] = "Person"
            if len(words) > 1:
                names[words[-1:]] = "Person"
        elif f.mention.type == "Mission" and f.mention.source != "ruler":
            names.setdefault(words, "Mission")  # "Zenith was his first mission" ... "Zenith"
        elif (
            f.mention.type == "Spacecraft"
            and len(words) > 1
            and words[-1].isalpha()
            and words[-1].istitle()
            and words[-1].lower() not in end_words()  # "Telescope" of "Space Telescope"
        ):
            names.setdefault(words[-1:], "Spacecraft")
    positions: dict[str, list[int]] = {}
    for token in doc:
        positions.setdefault(token.text, []).append(token.i)
    added: list[Found] = []
    confidence = mention_confidence().ner
    for words in sorted(names, key=lambda w: (-len(w), w)):
        n = len(words)
        for i in positions.get(words[0], []):
            if (
                covered.intersection(range(i, i + n))
                or tuple(t.text for t in doc[i : i + n]) != words
                or not _over_unclassed(unclassed, i, i + n, names[words])
            ):
                continue
            span = doc[i : i + n]
            start, end = clean.span_to_original(span.start_char, span.end_char)
            mention = Mention(
                doc_id,
                start,
                end,
                span.text,
                names[words],
                "propagated",
                confidence,
                sentence=sentence_offsets(span, clean),
            )
            added.append(Found(span, mention))
            covered.update(range(i, i + n))
    return sorted(found + added, key=lambda f: f.span.start)
