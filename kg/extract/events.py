"""Events as n-ary records: launches, dockings, landings and filmings told in one sentence.

A trigger verb ("launched", "lifted off", "returning to Earth", "docked", "will film")
anchors the event; its craft or work, people, place and date come from the same clause.
Dates are resolved against the document's own date and kept partial ("October 17" with
no year) so that tellings of one event in several documents can complete each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Token

from kg.extract.arguments import people_in, subjects
from kg.extract.context import DocContext, Found
from kg.extract.coref import last_named, refers_to
from kg.extract.crews import flown
from kg.extract.flights import ROCKETS
from kg.extract.syntax import clause, governing_verb, lemma
from kg.lexicon import context, grammar, rule, triggers
from kg.nlp.labels import entity_type
from kg.records import Event, Mention, PartialDate
from kg.text.dates import resolve_date
from kg.vocab import EntityType, EventType, subclasses_of

CRAFTS: frozenset[EntityType] = frozenset({"Spacecraft"})
"""Crewed craft: a station is a destination and a rocket a carrier, not an event's vehicle."""
MISSIONS: frozenset[EntityType] = frozenset({"Mission"})


def _has_particle(verb: Token, particle: str) -> bool:
    return any(c.lower_ == particle and c.dep_ in {"prt", "advmod", "prep"} for c in verb.children)


def _kind(verb: Token, ctx: DocContext) -> EventType | None:
    """The event class a verb triggers, if any."""
    if verb.pos_ != "VERB":
        return None
    base, words = lemma(verb), triggers()
    if base in words.arrival_verbs and _at_station(verb, ctx):
        return "Docking"
    if base in words.sending_verbs and _into_space(
        verb
    ):  # "China sent three astronauts into orbit"
        return "Launch"
    if base in words.launch_verbs and (
        base not in words.launch_particles or _has_particle(verb, words.launch_particles[base])
    ):
        return "Launch"
    if base in words.launch_plan_verbs and _for_launch(verb):  # "set for launch on 2 Sept."
        return "Launch"
    if base in words.docking_verbs:
        return "Docking"
    if base in words.filming_verbs:
        return "Filming"
    if base in words.landing_verbs:
        particle = words.landing_particles.get(base)
        if particle is not None:
            return "Landing" if _has_particle(verb, particle) else None
        if base in words.touchdown_verbs or _goes_home(verb) or _in_craft(verb):
            return "Landing"
    return None


def _for_launch(verb: Token) -> bool:
    """Whether "for" and a launch noun follow the verb: "is set for launch", "scheduled for
    liftoff"."""
    nouns = triggers().launch_nouns
    return any(
        prep.lower_ == "for" and any(lemma(o) in nouns for o in prep.children if o.dep_ == "pobj")
        for prep in verb.children
        if prep.dep_ == "prep"
    )


def _into_space(verb: Token) -> bool:
    into, space = grammar().into_preps, triggers().space_words
    return any(
        p.lower_ in into and any(o.lower_ in space for o in p.children) for p in verb.children
    )


def _at_station(verb: Token, ctx: DocContext) -> bool:
    """ "arrived at the International Space Station", "reached the station"."""
    targets = [c for c in verb.children if c.dep_ == "dobj"]
    targets += [
        o
        for p in verb.children
        if p.lower_ in grammar().arrival_preps
        for o in p.children
        if o.dep_ == "pobj"
    ]
    return any(
        (f := refers_to(t, ctx)) is not None and f.mention.type == "SpaceStation" for t in targets
    )


def _in_craft(verb: Token) -> bool:
    """ "return on the Soyuz MS-23 spacecraft": the return flight itself."""
    return any(
        c.dep_ == "prep"
        and c.lower_ in grammar().inside_preps
        and any(entity_type(g.ent_type_) == "Spacecraft" for g in c.subtree)
        for c in verb.children
    )


def _goes_home(verb: Token) -> bool:
    """ "return to Earth", "returning home", "accompany them back to Earth"."""
    home, preps = triggers().home_words, grammar().home_preps
    for t in verb.subtree:
        if t.lower_ in home and (
            t.head.lower_ in preps or t.dep_ == "advmod" or t.head.i == verb.i
        ):
            return True
    return False


def _mentions_in(
    tokens: Sequence[Token], ctx: DocContext, types: frozenset[EntityType]
) -> list[Found]:
    found: list[Found] = []
    for token in tokens:
        f = refers_to(token, ctx)
        if f is not None and f.mention.type in types and f not in found:
            found.append(f)
    return found


def _vehicle(verb: Token, clause: list[Token], ctx: DocContext, kind: EventType) -> Found | None:
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
        preps = grammar().docking_preps
        targets = {t.i for p in verb.children if p.lower_ in preps for t in p.subtree}
        scope = [t for t in scope if t.i not in targets]
    crafts = [f for f in _mentions_in(scope, ctx, CRAFTS) if flown(f)]
    if crafts:
        return crafts[0]
    if ctx.topics.craft is not None:
        return ctx.topics.craft
    rockets = _mentions_in(scope, ctx, ROCKETS)
    return rockets[0] if rockets else None


PLACE_TYPES: dict[EventType, frozenset[EntityType]] = {
    "Launch": frozenset({"Place"}),
    "Landing": frozenset({"Place"}),
    "Filming": frozenset({"Place", "SpaceStation"}),
    "Docking": frozenset({"SpaceStation", "Spacecraft"}),
}
"""Per kind of event, what its place can be (a docking's place is the station or craft it
docks with)."""


def _place_preps(kind: EventType) -> frozenset[str]:
    """The prepositions that introduce the place of an event of this kind."""
    words = grammar()
    if kind == "Filming":
        return words.filming_place_preps
    if kind == "Docking":
        return words.docking_preps
    return words.launch_place_preps


def _places(
    clause: list[Token], ctx: DocContext, kind: EventType, exclude: Found | None = None
) -> list[Found]:
    """The places the clause puts the event at, in order ("from Site 31 at the Baikonur
    Cosmodrome in Kazakhstan")."""
    preps, types = _place_preps(kind), PLACE_TYPES[kind]
    places: list[Found] = []
    for token in clause:
        if token.dep_ == "prep" and token.lower_ in preps:
            found = _mentions_in(list(token.subtree), ctx, types)
            places.extend(f for f in found if f not in places and f is not exclude)
    return places


def _location(clause: list[Token], ctx: DocContext, kind: EventType) -> Found | None:
    """The place of the event: a launch facility before a pad before anything else."""
    places = _places(clause, ctx, kind)
    return min(places, key=_site_rank) if places else None


def _future(verb: Token) -> bool:
    markers = triggers().future_markers
    token: Token | None = verb
    while token is not None:
        if any(c.lower_ in markers and c.dep_ in {"aux", "auxpass"} for c in token.children):
            return True
        if token.lemma_.lower() in markers:
            return True
        if token.dep_ not in {"xcomp", "advcl", "conj", "pcomp"} or token.head.i == token.i:
            return False
        token = token.head
    return False


def _date(verb: Token, clause: list[Token], ctx: DocContext) -> PartialDate | None:
    """The date of the DATE entity in the verb's own clause, grounded in the document date."""
    in_clause = {t.i for t in clause}
    anchor = ctx.published
    for ent in ctx.dates_in(verb.sent):
        if ent.root.i in in_clause:
            text = ent.text
            before = ent.doc[ent.start - 1] if ent.start > 0 else None
            if before is not None and before.is_digit and len(before) <= 2:
                text = f"{before.text} {text}"  # the model left the day out: "2 | September 2015"
            resolved = resolve_date(text, anchor, future=_future(verb))
            if resolved is not None:
                return resolved
    return None


def _participants(verb: Token, ctx: DocContext) -> tuple[Mention, ...]:
    """People in the event: everyone the sentence puts in the action, climbing from a
    participle or infinitive ("filming", "to shoot") to the clause that names them."""
    people = people_in(verb.sent, ctx)
    blocking = triggers().blocking_verbs
    return tuple(f.mention for f in people if lemma(governing_verb(f.span.root)) not in blocking)


def _filming_work(verb: Token, clause: list[Token], ctx: DocContext) -> Found | None:
    """The work filmed: named in the object, or the document's one work when the object is
    a work noun or shots ("the space sequences of a film"), or missing."""
    works = _mentions_in(clause, ctx, subclasses_of("CreativeWork"))
    if works:
        return works[0]
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    words = context().work_nouns | triggers().shot_nouns
    if all(o.lower_ in words or o.lemma_.lower() in words for o in objects):
        return ctx.topics.work
    return None


def _where(verb: Token, ctx: DocContext, kind: EventType) -> Found | None:
    """Where a filming happens: in the clause, or in the clauses it hangs from
    ("spend 12 days aboard the space station, filming in ...")."""
    token: Token | None = verb
    while token is not None:
        location = _location(clause(token), ctx, kind)
        if location is not None:
            return location
        if token.head.i == token.i or token.dep_ not in {"advcl", "xcomp", "conj", "pcomp", "acl"}:
            return None
        token = token.head
    return None


def events(ctx: DocContext) -> Iterator[Event]:
    """Every event a trigger verb tells in the document."""
    for verb in ctx.doc:
        kind = _kind(verb, ctx)
        if kind is None:
            continue
        made_by = rule(f"{kind.lower()}-verb", kind)
        own = clause(verb)
        sentence = ctx.sentence(verb.sent)
        date = _date(verb, own, ctx)
        participants = _participants(verb, ctx)
        if kind == "Filming":
            work = _filming_work(verb, own, ctx)
            location = _where(verb, ctx, kind)
            filmers = tuple(f.mention for f in subjects(verb, ctx))
            if work is None or not (filmers or location):
                continue
            yield Event(
                doc_id=ctx.doc_id,
                type=kind,
                rule=made_by.name,
                confidence=made_by.confidence,
                sentence=sentence,
                work=work.mention,
                location=location.mention if location else None,
                date=date,
                participants=filmers,
            )
            continue
        if _relative(verb) and verb.dep_ == "relcl" and kind == "Launch":
            # "X, which is set for launch on 25 July": X's launch, whatever the article's
            vehicle = _craft_at(verb.head, ctx)
            if vehicle is None:
                continue  # X is no craft the text typed as one
        else:
            vehicle = _vehicle(verb, own, ctx, kind)
        if vehicle is None and (participants or _crew_subject(verb)) and not _relative(verb):
            # "The trio was launched from Baikonur on 20 July", "The crew is set for
            # launch": the article's only craft; "... aboard Soyuz MS-40. They docked":
            # the craft named just before
            before = last_named(verb, ctx, "Spacecraft") if participants else None
            vehicle = before if flown(before) else ctx.topics.sole_craft
        crewed = vehicle is not None and vehicle.mention.type == "Spacecraft"
        named = _mentions_in(own, ctx, MISSIONS)
        mission = named[0] if named else _article_mission(vehicle, ctx)
        if vehicle is None and mission is None and not participants:
            continue
        places = _places(own, ctx, kind, exclude=vehicle)
        location = min(places, key=_site_rank) if places else None
        rockets = _mentions_in(own, ctx, ROCKETS)
        carrier = rockets[0] if rockets and (crewed or mission is not None) else None
        yield Event(
            doc_id=ctx.doc_id,
            type=kind,
            rule=made_by.name,
            confidence=made_by.confidence,
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


def noun_launches(ctx: DocContext) -> Iterator[Event]:
    """A launch told by its noun, with no verb: "The launch of the MA-16, Liberty 9, on
    February 20, 1962", "the liftoff of STS-190 from Kennedy Space Center"."""
    made_by = rule("launch-noun", "Launch")
    for noun in ctx.doc:
        if noun.pos_ != "NOUN" or lemma(noun) not in triggers().launch_nouns:
            continue
        of = [o for c in noun.children if c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
        named = [t for o in of for t in o.subtree]
        crafts = [f for f in _mentions_in(named, ctx, CRAFTS) if flown(f)]
        missions = [f for f in _mentions_in(named, ctx, MISSIONS) if flown(f)]
        if not crafts and not missions:
            continue
        own = [t for t in noun.subtree]
        places = _places(own, ctx, "Launch")
        yield Event(
            doc_id=ctx.doc_id,
            type="Launch",
            rule=made_by.name,
            confidence=made_by.confidence,
            sentence=ctx.sentence(noun.sent),
            vehicle=crafts[0].mention if crafts else None,
            location=min(places, key=_site_rank).mention if places else None,
            date=_date(noun, own, ctx),
            participants=(),
            sites=tuple(p.mention for p in places if _site_rank(p) < 2),
            mission=missions[0].mention if missions else None,
        )


def _craft_at(token: Token, ctx: DocContext) -> Found | None:
    found = ctx.at(token)
    return found if found is not None and found.mention.type == "Spacecraft" else None


def _relative(verb: Token) -> bool:
    """Whether the verb's subject is a relative pronoun ("X, which is set for launch"): the
    clause is about what it hangs from, not about the article's craft."""
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ in {"WDT", "WP"} for c in verb.children)


def _crew_subject(verb: Token) -> bool:
    """Whether the verb's subject is a crew noun ("The prime crew is set for launch")."""
    return any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in triggers().crew_nouns
        for c in verb.children
    )


def _article_mission(vehicle: Found | None, ctx: DocContext) -> Found | None:
    """The mission of a clause that names none: the article's only flight, when the clause
    names no craft, or the article's craft (the one it is about, or its only one)."""
    topics = ctx.topics
    if (
        vehicle is None
        or vehicle.mention.type != "Spacecraft"
        or any(_same(vehicle, craft) for craft in (topics.craft, topics.sole_craft))
    ):
        return topics.sole_mission
    return None


def _same(a: Found, b: Found | None) -> bool:
    return b is not None and (a.mention.canonical or a.mention.text) == (
        b.mention.canonical or b.mention.text
    )


def _site_rank(place: Found) -> int:
    return context().site_rank(place.mention.canonical or place.mention.text)
