"""What "the film", "the station" and "they" refer to inside one document.

Deliberately narrow: a definite description of a kind ("the movie", "the drama", "the
space station") names the document's one entity of that kind, or nothing when the
document names several; a subject pronoun names the people who were the subject of the
sentence before. Anything less certain is left unresolved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.extract.mentions import MIN_CONFIDENCE, Found
from kg.nlp.components import context, is_mission
from kg.nlp.pipeline import generic_names
from kg.records import Alias

PART_NOUNS = frozenset({"module", "laboratory", "lab", "node", "segment"})
"""A station's parts ("the Rassvet module"): never the craft an article is about."""
STATION_NOUNS = frozenset({"station", "lab", "laboratory", "outpost", "complex"})
CRAFT_NOUNS = frozenset({"spacecraft", "spaceship", "capsule", "craft", "ship", "vehicle"})
_DEFINITE = frozenset({"the", "this", "that", "its", "their", "our"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_PRONOUNS = {"he": 1, "she": 1, "they": 2, "it": 0, "its": 0}
_RELATIVES = frozenset({"who", "that", "which"})
_CHAIN = 2
"""How many sentences back a pronoun may follow the same pronoun to its name."""


@dataclass(frozen=True, slots=True)
class DocContext:
    """The document's mentions, with the one work, station and craft it is about (if one)."""

    doc: Doc
    doc_id: str
    found: Sequence[Found]
    work: Found | None
    """The document's only work, if it names exactly one."""
    main_work: Found | None
    """The work the document is about: the one named most often (first named on a tie)."""
    station: Found | None
    """The station the document is about (the most named)."""
    craft: Found | None
    """The spacecraft the document is about (named more often than any other)."""
    mission: Found | None = None
    """The flight designator the document names most ("Crew-1"), if one stands out."""
    by_token: dict[int, Found] = field(default_factory=dict, repr=False, compare=False)
    """Token position -> the (first) mention covering it; filled on creation."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """What rules work out once per document and share."""

    def __post_init__(self) -> None:
        for f in self.found:
            for i in range(f.span.start, f.span.end):
                self.by_token.setdefault(i, f)

    def at(self, token: Token) -> Found | None:
        """The mention a token is part of."""
        return self.by_token.get(token.i)


def _only(found: Sequence[Found], types: set[str], aliases: Sequence[Alias]) -> Found | None:
    """The first mention of the document's only entity of these types (aliases count as one)."""
    same = {(a.first.text.lower(), a.second.text.lower()) for a in aliases}
    names: list[str] = []
    first: Found | None = None
    for f in found:
        if f.mention.type not in types:
            continue
        name = f.mention.canonical or f.mention.text.lower()
        if all(name != n and (name, n) not in same and (n, name) not in same for n in names):
            names.append(name)
        if first is None:
            first = f
    if len(names) != 1:
        return None
    return first


def _main_mission(found: Sequence[Found]) -> Found | None:
    """The flight designator the document names most ("Crew-1" beside a passing "STS-114")."""
    missions = [
        f for f in found
        if f.mention.type == "Spacecraft" and f.mention.confidence >= MIN_CONFIDENCE
        and is_mission(f.mention.text)
    ]  # fmt: skip
    return _pick(_ranked(missions), strict=True)


def _shortens(short: list[str], full: list[str]) -> bool:
    """Whether ``short`` ends ``full``, or is its first word."""
    return full[-len(short) :] == short or (len(short) == 1 and full[0] == short[0])


def _group(names: set[str]) -> dict[str, str]:
    """Each name to the one longer name it is short for in the document ("ms-23" and
    "soyuz" to "soyuz ms-23"), else to itself."""
    grouped: dict[str, str] = {}
    for name in names:
        words = name.split()
        longer = [
            other
            for other in names
            if len(other.split()) > len(words) and _shortens(words, other.split())
        ]
        grouped[name] = longer[0] if len(longer) == 1 else name
    return grouped


def _salient(found: Sequence[Found], types: set[str], *, strict: bool) -> Found | None:
    """The entity of these types the running text (headlines aside) names most, a mention
    as the subject of its sentence counting double. Families of craft ("Crew Dragon") and
    a station's modules are never it. With ``strict`` (craft) a craft must be named twice,
    else a mission designator ("Crew-4") named once will do.

    On a tie, ``strict`` gives nothing and otherwise the first named wins: an article's
    film is usually the one it names first, but two craft named as often are a toss-up.
    """
    candidates = [
        f for f in found
        if f.mention.type in types and f.mention.confidence >= MIN_CONFIDENCE
        and f.mention.canonical not in generic_names()
        and phrase_root(f.span.root).lower_ not in PART_NOUNS
    ]  # fmt: skip
    crafts = [f for f in candidates if not is_mission(f.mention.text)]
    if strict:  # a craft named once in passing is no topic; then a mission designator may be
        best = _ranked(crafts)
        if best is None or best[1] < 2:
            return _pick(_ranked([f for f in candidates if is_mission(f.mention.text)]), strict)
        return _pick(best, strict)
    return _pick(_ranked(crafts or candidates), strict)


def _pick(ranked: tuple[Found, int, bool] | None, strict: bool) -> Found | None:
    if ranked is None:
        return None
    found, _, tied = ranked
    return None if strict and tied else found


def _ranked(candidates: Sequence[Found]) -> tuple[Found, int, bool] | None:
    """The most named of ``candidates`` (short forms grouped with their full name), its
    weight, and whether another is named as much."""
    names = {(f.mention.canonical or f.mention.text).lower() for f in candidates}
    group = _group(names)
    counts: dict[str, int] = {}
    first: dict[str, Found] = {}
    for f in candidates:
        name = group[(f.mention.canonical or f.mention.text).lower()]
        weight = 2 if phrase_root(f.span.root).dep_ in _SUBJECT_DEPS else 1
        counts[name] = counts.get(name, 0) + weight
        if name == (f.mention.canonical or f.mention.text).lower():
            first.setdefault(name, f)
    for f in candidates:  # a group whose full name is only in a headline keeps a short mention
        first.setdefault(group[(f.mention.canonical or f.mention.text).lower()], f)
    if not counts:
        return None
    ranked = sorted(counts, key=lambda n: (-counts[n], first[n].span.start))
    tied = len(ranked) > 1 and counts[ranked[0]] == counts[ranked[1]]
    return first[ranked[0]], counts[ranked[0]], tied


_NAME_DEPS = frozenset({"compound", "nmod", "nummod", "amod", "appos", "npadvmod"})


def phrase_root(token: Token) -> Token:
    """The head noun of the phrase a name sits in ("the Soyuz MS-23 spacecraft": "spacecraft")."""
    while token.dep_ in _NAME_DEPS and token.head.i != token.i:
        token = token.head
    return token


def doc_context(
    doc: Doc, doc_id: str, found: Sequence[Found], aliases: Sequence[Alias]
) -> DocContext:
    return DocContext(
        doc=doc,
        doc_id=doc_id,
        found=found,
        work=_only(found, {"CreativeWork", "Film"}, aliases),
        main_work=_salient(found, {"CreativeWork", "Film"}, strict=False),
        station=_salient(found, {"SpaceStation"}, strict=False),
        craft=_salient(found, {"Spacecraft"}, strict=True),
        mission=_main_mission(found),
    )


def _definite(token: Token) -> bool:
    return any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in token.children)


def refers_to(token: Token, ctx: DocContext) -> Found | None:
    """The mention ``token`` names: itself a mention, or a definite description of the
    document's one work ("the movie"), station ("the space station") or craft."""
    direct = ctx.at(token)
    if direct is not None:
        return direct
    if token.lower_ in {"it", "its"}:
        found = antecedents(token, ctx)
        return found[0] if found else None
    if token.pos_ in {"NOUN", "PROPN"}:
        # "the Soyuz MS-24 spacecraft": the noun's own name, not the document's topic
        named = next((f for t in token.lefts if (f := ctx.at(t)) is not None), None)
        if named is not None:
            return named
    if not _definite(token) or token.pos_ not in {"NOUN", "PROPN"}:
        return None
    word = token.lower_
    if word in context().work_nouns or token.lemma_.lower() in context().work_nouns:
        return ctx.main_work
    if word in STATION_NOUNS:
        return ctx.station
    if word in CRAFT_NOUNS:
        return ctx.craft
    return None


def subject_people(sent: Span, ctx: DocContext) -> list[Found]:
    """The people who are the grammatical subject of a sentence (with their conjuncts)."""
    people: list[Found] = []
    for token in sent:
        if token.dep_ not in _SUBJECT_DEPS:
            continue
        for member in [
            token,
            *(t for t in token.subtree if t.dep_ == "conj" and t.head.i >= token.i),
        ]:
            f = ctx.at(member)
            if f is not None and f.mention.type == "Person" and f not in people:
                people.append(f)
    return people


def antecedents(pronoun: Token, ctx: DocContext, depth: int = 0) -> list[Found]:
    """What a pronoun stands for.

    A relative pronoun ("X, who served as ...") stands for the name its clause describes.
    "it"/"its" stands for the thing that was the subject of the sentence before. A subject
    "he"/"she"/"they" inside a subordinate clause stands for the one person who is the
    subject of its own sentence ("Garriott shot a film that he directed"), else for the
    previous sentence's subject, if the number agrees.
    """
    word = pronoun.lower_
    if word in _RELATIVES and pronoun.dep_ in _SUBJECT_DEPS and pronoun.head.dep_ == "relcl":
        noun = pronoun.head.head  # "X, a former NASA astronaut who ...": through the apposition
        described = ctx.at(noun) or (ctx.at(noun.head) if noun.dep_ == "appos" else None)
        return [described] if described is not None else []
    need = _PRONOUNS.get(word)
    if need is None or (need != 0 and pronoun.dep_ not in _SUBJECT_DEPS):
        return []
    sent = pronoun.sent
    if need == 1 and pronoun.head.dep_ in {"relcl", "advcl", "ccomp"}:
        own = [p for p in subject_people(sent, ctx) if not p.span.start <= pronoun.i < p.span.end]
        if len(own) == 1:
            return own
    if sent.start == 0:
        return []
    previous = pronoun.doc[sent.start - 1].sent
    if need == 0:
        things = [ctx.at(t) for t in previous if t.dep_ in _SUBJECT_DEPS]
        found = [f for f in things if f is not None and f.mention.type != "Person"][:1]
    else:
        people = subject_people(previous, ctx)
        found = (
            people if (need == 1 and len(people) == 1) or (need == 2 and len(people) >= 2) else []
        )
    if not found and depth < _CHAIN:  # "Myers ... She edited ... She went on to direct ..."
        same = [t for t in previous if t.dep_ in _SUBJECT_DEPS and t.lower_ == word]
        if same:
            return antecedents(same[0], ctx, depth + 1)
    return found
