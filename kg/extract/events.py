"""Events as n-ary records: launches, dockings, landings and filmings told in one sentence.

A trigger verb ("launched", "lifted off", "returning to Earth", "docked", "will film")
anchors the event; its craft or work, people, place and date come from the same clause.
Dates are resolved against the document's own date and kept partial ("October 17" with
no year) so that tellings of one event in several documents can complete each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from spacy.tokens import Token

from kg.extract.coref import DocContext, refers_to
from kg.extract.mentions import Found, sentence_offsets
from kg.extract.relations import (
    BLOCKING_VERBS,
    CRAFT_TYPES,
    governing_verb,
    people_in,
    subjects,
)
from kg.nlp.components import context, is_mission, site_rank
from kg.records import Event, Mention
from kg.text.clean import CleanText
from kg.text.dates import PartialDate, resolve_date

LAUNCH_VERBS = frozenset(
    {"launch", "lift", "blast", "take", "depart", "set", "liftoff", "lift-off"}
)
_NEEDS_PARTICLE = {"lift": "off", "blast": "off", "take": "off", "set": "off"}
LANDING_VERBS = frozenset({"land", "touch", "splash", "return", "accompany", "come", "bring"})
_LANDING_PARTICLE = {"touch": "down", "splash": "down", "come": "back", "bring": "back"}
DOCKING_VERBS = frozenset({"dock", "berth"})
ARRIVAL_VERBS = frozenset({"arrive", "reach"})
FILMING_VERBS = frozenset({"film", "shoot"})
SHOT_NOUNS = frozenset(
    {"scene", "scenes", "sequence", "sequences", "footage", "episode", "episodes"}
)
HOME_WORDS = frozenset({"earth", "home", "ground"})
_FUTURE_MARKERS = frozenset(
    {"will", "shall", "'ll", "going", "plan", "due", "set", "scheduled", "expect"}
)
_PLACE_PREPS = frozenset({"from", "at", "in"})
_WHERE_PREPS = frozenset({"in", "on", "aboard", "at", "onboard", "inside"})
_CRAFT_LABELS = frozenset({"Spacecraft", "SPACECRAFT"})


def _has_particle(verb: Token, particle: str) -> bool:
    return any(c.lower_ == particle and c.dep_ in {"prt", "advmod", "prep"} for c in verb.children)


def _kind(verb: Token, ctx: DocContext) -> str | None:
    """The event class a verb triggers, if any."""
    if verb.pos_ != "VERB":
        return None
    lemma = verb.lemma_.lower()
    if lemma in ARRIVAL_VERBS and _at_station(verb, ctx):
        return "Docking"
    if lemma == "send" and _into_space(verb):  # "China sent three astronauts into orbit"
        return "Launch"
    if lemma in LAUNCH_VERBS and (
        lemma not in _NEEDS_PARTICLE or _has_particle(verb, _NEEDS_PARTICLE[lemma])
    ):
        return "Launch"
    if lemma in DOCKING_VERBS:
        return "Docking"
    if lemma in FILMING_VERBS:
        return "Filming"
    if lemma in LANDING_VERBS:
        particle = _LANDING_PARTICLE.get(lemma)
        if particle is not None:
            return "Landing" if _has_particle(verb, particle) else None
        return "Landing" if lemma == "land" or _goes_home(verb) or _in_craft(verb) else None
    return None


def _into_space(verb: Token) -> bool:
    return any(
        p.lower_ in {"into", "to"} and any(o.lower_ in {"orbit", "space"} for o in p.children)
        for p in verb.children
    )


def _at_station(verb: Token, ctx: DocContext) -> bool:
    """ "arrived at the International Space Station", "reached the station"."""
    targets = [c for c in verb.children if c.dep_ == "dobj"]
    targets += [
        o for p in verb.children if p.lower_ in {"at", "to"} for o in p.children if o.dep_ == "pobj"
    ]
    return any(
        (f := refers_to(t, ctx)) is not None and f.mention.type == "SpaceStation" for t in targets
    )


def _in_craft(verb: Token) -> bool:
    """ "return on the Soyuz MS-23 spacecraft": the return flight itself."""
    return any(
        c.dep_ == "prep"
        and c.lower_ in {"on", "in", "aboard"}
        and any(g.ent_type_ in _CRAFT_LABELS for g in c.subtree)
        for c in verb.children
    )


def _goes_home(verb: Token) -> bool:
    """ "return to Earth", "returning home", "accompany them back to Earth"."""
    for t in verb.subtree:
        if t.lower_ in HOME_WORDS and (
            t.head.lower_ in {"to", "back"} or t.dep_ == "advmod" or t.head.i == verb.i
        ):
            return True
    return False


def _clause(verb: Token) -> list[Token]:
    """The verb's own clause: its subtree without nested clauses that have verbs of their own."""
    tokens: list[Token] = []
    stack = [verb]
    while stack:
        token = stack.pop()
        tokens.append(token)
        for child in token.children:
            if child.dep_ in {"relcl", "ccomp", "advcl", "acl", "conj"} and child.pos_ in {
                "VERB",
                "AUX",
            }:
                continue
            stack.append(child)
    return sorted(tokens, key=lambda t: t.i)


def _mentions_in(tokens: Sequence[Token], ctx: DocContext, types: set[str]) -> list[Found]:
    found: list[Found] = []
    for token in tokens:
        f = refers_to(token, ctx)
        if f is not None and f.mention.type in types and f not in found:
            found.append(f)
    return found


def _vehicle(verb: Token, clause: list[Token], ctx: DocContext, kind: str) -> Found | None:
    """The craft of the event: a crewed craft in the clause (or heading the verbless
    caption the verb hangs from), else the craft the article is about, else a rocket.

    What a craft docks *with* is its place, not its vehicle.
    """
    scope = list(clause)
    if verb.dep_ == "acl":  # "a rocket launched from ...": the craft is in the phrase it modifies
        top = verb.head
        while top.dep_ in {"pobj", "prep", "compound", "nmod", "appos"} and top.head.i != top.i:
            top = top.head
        scope = list(top.subtree)
    if kind == "Docking":
        targets = {
            t.i for p in verb.children if p.lower_ in _WHERE["Docking"][0] for t in p.subtree
        }
        scope = [t for t in scope if t.i not in targets]
    crafts = _mentions_in(scope, ctx, set(CRAFT_TYPES))
    if crafts:
        return crafts[0]
    if ctx.craft is not None:
        return ctx.craft
    rockets = _mentions_in(scope, ctx, {"LaunchVehicle"})
    return rockets[0] if rockets else None


_WHERE = {
    "Launch": (_PLACE_PREPS, {"Place"}),
    "Landing": (_PLACE_PREPS, {"Place"}),
    "Filming": (_WHERE_PREPS, {"Place", "SpaceStation"}),
    "Docking": (frozenset({"with", "to", "at"}), {"SpaceStation", "Spacecraft"}),
}
"""Per kind of event, the prepositions that introduce its place and what the place can be
(a docking's place is the station or craft it docks with)."""


def _places(
    clause: list[Token], ctx: DocContext, kind: str, exclude: Found | None = None
) -> list[Found]:
    """The places the clause puts the event at, in order ("from Site 31 at the Baikonur
    Cosmodrome in Kazakhstan")."""
    preps, types = _WHERE[kind]
    places: list[Found] = []
    for token in clause:
        if token.dep_ == "prep" and token.lower_ in preps:
            found = _mentions_in(list(token.subtree), ctx, types)
            places.extend(f for f in found if f not in places and f is not exclude)
    return places


def _location(clause: list[Token], ctx: DocContext, kind: str) -> Found | None:
    """The place of the event: a launch facility before a pad before anything else."""
    places = _places(clause, ctx, kind)
    return min(places, key=_site_rank) if places else None


def _future(verb: Token) -> bool:
    token: Token | None = verb
    while token is not None:
        if any(
            c.lower_ in _FUTURE_MARKERS and c.dep_ in {"aux", "auxpass"} for c in token.children
        ):
            return True
        if token.lemma_.lower() in _FUTURE_MARKERS:
            return True
        if token.dep_ not in {"xcomp", "advcl", "conj", "pcomp"} or token.head.i == token.i:
            return False
        token = token.head
    return False


def _date(verb: Token, clause: list[Token], anchor: dt.date | None) -> PartialDate | None:
    """The date of the DATE entity in the verb's own clause, grounded in the document date."""
    in_clause = {t.i for t in clause}
    for ent in verb.sent.ents:
        if ent.label_ == "DATE" and ent.root.i in in_clause:
            resolved = resolve_date(ent.text, anchor, future=_future(verb))
            if resolved is not None:
                return resolved
    return None


def _participants(verb: Token, ctx: DocContext) -> tuple[Mention, ...]:
    """People in the event: everyone the sentence puts in the action, climbing from a
    participle or infinitive ("filming", "to shoot") to the clause that names them."""
    people = people_in(verb.sent, ctx)
    return tuple(
        f.mention
        for f in people
        if governing_verb(f.span.root).lemma_.lower() not in BLOCKING_VERBS
    )


def _filming_work(verb: Token, clause: list[Token], ctx: DocContext) -> Found | None:
    """The work filmed: named in the object, or the document's one work when the object is
    a work noun or shots ("the space sequences of a film"), or missing."""
    works = _mentions_in(clause, ctx, {"CreativeWork", "Film"})
    if works:
        return works[0]
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    words = context().work_nouns | SHOT_NOUNS
    if all(o.lower_ in words or o.lemma_.lower() in words for o in objects):
        return ctx.work
    return None


def _where(verb: Token, ctx: DocContext, kind: str) -> Found | None:
    """Where a filming happens: in the clause, or in the clauses it hangs from
    ("spend 12 days aboard the space station, filming in ...")."""
    token: Token | None = verb
    while token is not None:
        location = _location(_clause(token), ctx, kind)
        if location is not None:
            return location
        if token.head.i == token.i or token.dep_ not in {"advcl", "xcomp", "conj", "pcomp", "acl"}:
            return None
        token = token.head
    return None


def events(ctx: DocContext, anchor: dt.date | None, clean: CleanText) -> Iterator[Event]:
    """Every event a trigger verb tells in the document."""
    for verb in ctx.doc:
        kind = _kind(verb, ctx)
        if kind is None:
            continue
        clause = _clause(verb)
        sentence = sentence_offsets(verb.sent, clean)
        date = _date(verb, clause, anchor)
        participants = _participants(verb, ctx)
        if kind == "Filming":
            work = _filming_work(verb, clause, ctx)
            location = _where(verb, ctx, kind)
            filmers = tuple(f.mention for f in subjects(verb, ctx))
            if work is None or not (filmers or location):
                continue
            yield Event(
                doc_id=ctx.doc_id,
                type=kind,
                rule="filming-verb",
                confidence=0.7,
                sentence=sentence,
                work=work.mention,
                location=location.mention if location else None,
                date=date,
                participants=filmers,
            )
            continue
        vehicle = _vehicle(verb, clause, ctx, kind)
        if vehicle is None and not participants:
            continue
        places = _places(clause, ctx, kind, exclude=vehicle)
        location = min(places, key=_site_rank) if places else None
        rockets = _mentions_in(clause, ctx, {"LaunchVehicle"})
        crewed = vehicle is not None and vehicle.mention.type in CRAFT_TYPES
        flight = ctx.mission if crewed else None
        mission = (
            flight
            if flight is not None and vehicle is not None and not is_mission(vehicle.mention.text)
            else None
        )
        carrier = rockets[0] if rockets and crewed else None
        yield Event(
            doc_id=ctx.doc_id,
            type=kind,
            rule=f"{kind.lower()}-verb",
            confidence=0.7,
            sentence=sentence,
            vehicle=vehicle.mention if vehicle else None,
            location=location.mention if location else None,
            date=date,
            participants=participants,
            # a launch's facilities and pads; every station or module a docking joins
            sites=tuple(p.mention for p in places if kind == "Docking" or _site_rank(p) < 2),
            carrier=carrier.mention if carrier else None,
            mission=mission.mention if mission else None,
        )


def _site_rank(place: Found) -> int:
    return site_rank(place.mention.canonical or place.mention.text)
