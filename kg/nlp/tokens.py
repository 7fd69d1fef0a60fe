"""Readings of tokens that kg's pipeline components and the extraction rules share: role
nouns before a name, quoted titles and their glosses, first names, cue phrases.

The words themselves are data (kg.lexicon); this module only says how they are matched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from kg.lexicon import PhraseTable, given_names, grammar, person_cues, role_nouns, triggers
from kg.nlp.spans import sentence_start
from kg.vocab import EntityType

OPEN_QUOTES = frozenset({'"', "“", "‘", "'", "«", "„"})
CLOSE_QUOTES = frozenset({'"', "”", "’", "'", "»", "“"})
BULLETS = frozenset({"-", "--", "–", "—", "•", "*", "·"})
"""Marks that open a list item."""
MAX_TITLE_TOKENS = 8
ROLE_MAX_WORDS = 3
COMMON_NOUNS = "kg_common_nouns"
"""The vocabulary's table of English common nouns (the lemmatizer's WordNet index, shared by
kg.nlp.pipeline), when the pipeline has one."""
ADJECTIVES = "kg_adjectives"
"""The vocabulary's table of English adjectives ("russian", "orbital"), likewise."""


def singulars(token: Token) -> tuple[str, ...]:
    """The forms a noun may take in a word list: as written, its lemma, and without a
    plural "s" (the tagger leaves capitalized "Astronauts" unlemmatized)."""
    word = token.lower_
    forms = [word, token.lemma_.lower()]
    if word.endswith("s") and len(word) > 3:
        forms.append(word[:-1])
    return tuple(dict.fromkeys(forms))


def role_ending_at(tokens: Sequence[Token]) -> str | None:
    """The longest role noun phrase that ends with the last of ``tokens``, singular.

    The part of speech is not checked: the small model often tags a role noun before a
    name as a verb ("Roscosmos head Yuri Borisov", "billionaires Jeff Bezos"). A word
    after "to" or a modal is taken for the verb it is ("will head").
    """
    if not tokens:
        return None
    last = tokens[-1]
    if (
        last.i > sentence_start(last)
        and last.nbor(-1).lower_ in grammar().verb_context
        and not _title_before_a_name(last)
    ):
        return None
    roles = role_nouns()
    for n in range(min(ROLE_MAX_WORDS, len(tokens)), 0, -1):
        # as written: "vice-president" is three tokens and no spaces
        before = "".join(t.lower_ + (" " if t.whitespace_ else "") for t in tokens[-n:-1])
        for final in singulars(last):
            phrase = before + final
            if phrase in roles:
                return phrase
    return None


def _title_before_a_name(token: Token) -> bool:
    """ "questions to Astronaut Vasko": a capitalized role before a capitalized name is a
    title, not the verb "to" makes of it; but "to Pilot Soyuz" names a craft after it."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return (
        token.is_title
        and following is not None
        and following.is_title
        and following.is_alpha
        and following.ent_type_ in {"", "PERSON"}
    )


def role_length(role: str) -> int:
    """How many tokens a role phrase spans as written: "vice-president" is three."""
    return len(_TOKEN_PIECES.findall(role))


_TOKEN_PIECES = re.compile(r"[^\W_]+|[^\w\s]")


def role_before(doc: Doc, index: int) -> str | None:
    """The role noun phrase ending right before token ``index`` ("NASA astronaut", "Commander")."""
    start = sentence_start(doc[index]) if index < len(doc) else 0
    return role_ending_at(list(doc[max(start, index - ROLE_MAX_WORDS) : index]))


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a known first name (gender-guesser's list)."""
    return word.lower() in given_names()


def match_after(doc: Doc, index: int, table: PhraseTable) -> tuple[EntityType, int] | None:
    """Class and length of the longest lower-case phrase of ``table`` starting at ``index``.

    Cue words are lower case in running text; capitalized, they belong to a name
    ("International Space Station").
    """
    if index >= len(doc) or not doc[index].is_lower:
        return None
    for words, cls in table.by_first.get(doc[index].lower_, ()):
        end = index + len(words)
        if end <= len(doc) and tuple(t.lower_ for t in doc[index:end]) == words:
            return cls, len(words)
    # "the Columbus laboratories": a plural head noun is the head noun
    for form in singulars(doc[index])[1:]:
        for words, cls in table.by_first.get(form, ()):
            if len(words) == 1:
                return cls, 1
    return None


def match_before(doc: Doc, index: int, table: PhraseTable) -> tuple[EntityType, int] | None:
    """Class and length of the longest lower-case phrase of ``table`` ending before ``index``."""
    if index <= 0:
        return None
    for words, cls in table.by_last.get(doc[index - 1].lower_, ()):
        start = index - len(words)
        if (
            start >= 0
            and doc[start].is_lower
            and tuple(t.lower_ for t in doc[start:index]) == words
        ):
            return cls, len(words)
    return None


def quoted_after(doc: Doc, index: int) -> Span | None:
    """The quoted title starting at token ``index`` (an opening quote), without the quotes."""
    if index >= len(doc) or doc[index].text not in OPEN_QUOTES:
        return None
    for end in range(index + 2, min(len(doc), index + 2 + MAX_TITLE_TOKENS)):
        if doc[end].text in CLOSE_QUOTES:
            inner = doc[index + 1 : end]
            return inner if inner[0].is_title or inner[0].is_upper else None
    return None


MAX_GLOSS_TOKENS = 6
"""How long a bracketed gloss of a title may be."""


def translated_title(span: Span) -> Span | None:
    """The gloss of a title: quoted after a cue ("‘Zvezda’, which means ‘Star’" -> "Star")
    or in brackets, capitalized words alone ("Northern Tide (Kitakaze)" -> "Kitakaze")."""
    doc = span.doc
    i = span.end
    if i < len(doc) and doc[i].text in {"!", "?"} and not doc[i - 1].whitespace_:
        i += 1  # "Sky Letters! (Sorafumi)"
    if i < len(doc) and doc[i].text == "(":
        close = next((t.i for t in doc[i + 1 : i + 1 + MAX_GLOSS_TOKENS] if t.text == ")"), None)
        inside = doc[i + 1 : close] if close is not None else None
        if inside and all(t.text[:1].isupper() for t in inside if not t.is_punct):
            return inside
    if i < len(doc) and doc[i].text in CLOSE_QUOTES:
        i += 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    for cue in triggers().gloss_cues:
        words = tuple(cue.split())
        if tuple(t.lower_ for t in doc[i : i + len(words)]) == words:
            return quoted_after(doc, i + len(words))
    return None


def is_common_noun(word: str, vocab: Vocab) -> bool:
    """Whether ``word`` is an English common noun ("Training", not "Tanaka"). Without the
    model's word index (a blank pipeline) no word is."""
    lookups = vocab.lookups
    return lookups.has_table(COMMON_NOUNS) and word.lower() in lookups.get_table(COMMON_NOUNS)


def is_adjective(word: str, vocab: Vocab) -> bool:
    """Whether ``word`` is an English adjective ("Russian", not "Harmony"); without the
    model's word index no word is."""
    lookups = vocab.lookups
    return lookups.has_table(ADJECTIVES) and word.lower() in lookups.get_table(ADJECTIVES)


def bare(token: Token) -> str:
    """A word lower case and without its full stop: "Lt." and "Lt" are "lt"."""
    return token.lower_.rstrip(".")


def is_rank_or_honorific(token: Token) -> bool:
    """ "Col.", "Lt", "Dr.", "Honourable": a capitalized word that goes before a name."""
    cues = person_cues()
    word = bare(token)
    return token.text[:1].isupper() and (word in cues.ranks or word in cues.honorifics)


def title_length(doc: Doc, index: int, end: int) -> int:
    """How many tokens from ``index`` (before ``end``) are a rank, an honorific or a
    capitalized role noun phrase that goes before a name: "Lt. Col.", "Mission Specialists"."""
    i = index
    while i < end and doc[i].text[:1].isupper():
        if is_rank_or_honorific(doc[i]):
            i += 1
            if i < end and doc[i].text == ".":
                i += 1
            continue
        length = role_prefix_length(doc, i, end)
        if not length:
            break
        i += length
    return i - index


def role_prefix_length(doc: Doc, index: int, end: int) -> int:
    """The number of capitalized tokens from ``index`` that make a role noun phrase
    ("Payload Specialists", "Astronaut"), or 0."""
    for n in range(min(ROLE_MAX_WORDS, end - index), 0, -1):
        tokens = list(doc[index : index + n])
        if not all(t.text[:1].isupper() for t in tokens):
            continue
        phrase = role_ending_at(tokens)
        if phrase is not None and role_length(phrase) == n:
            return n
    return 0


def suffix_end(doc: Doc, end: int) -> int:
    """Where a name ending at ``end`` ends with its generational suffix: ", Jr.", " III"."""
    i = end + 1 if end < len(doc) and doc[end].text == "," else end
    if i < len(doc) and doc[i].text[:1].isupper() and bare(doc[i]) in person_cues().name_suffixes:
        i += 1
        if i < len(doc) and doc[i].text == "." and not doc[i - 1].whitespace_:
            i += 1
        return i
    return end
