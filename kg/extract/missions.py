"""Missions and their craft: which craft flew a mission (kg:spacecraft), and the crew they
share.

A text names a mission and its craft together in a few shapes: "X will command the
shuttle Atlantis during STS-131", "during Mission STS-74, aboard the Space Shuttle
Atlantis", "on shuttle Endeavour's STS-123 mission", "During STS-71, Atlantis docked with
Mir". Once a document pairs them (here, or in a launch, docking or landing it tells), the
crew of the one is the crew of the other: the annotation contract puts every crew member
on the craft and on each mission the text names for them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from spacy.tokens import Token

from kg.extract.context import DocContext, Found
from kg.extract.crews import FLOWN, flown, many_flights, personal_mission
from kg.extract.syntax import SUBJECT_DEPS, governing_verb, lemma, phrase_root
from kg.lexicon import is_generic, is_stay, rule, triggers
from kg.records import Event, Fact, Mention

CAREER_RULE = "role-for-flight"
"""The rule of a biography's list of flights, each its own (kg.extract.crews)."""
_CRAFT_STEPS = frozenset(
    {"pobj", "prep", "agent", "dobj", "poss", "compound", "nmod", "appos", "nsubj"}
)
"""Steps from a craft up to the word that joins it to its mission."""
_MISSION_STEPS = frozenset({"pobj", "prep", "compound", "nmod", "appos", "npadvmod", "poss"})


def flown_by_facts(ctx: DocContext) -> Iterator[Fact]:
    """spacecraft (mission -> craft) when one clause names a mission and the craft that
    flies in it: aboard or on the craft, the craft commanded or flown, the craft's mission
    ("Endeavour's STS-123 mission"), the craft as the subject of a flight verb."""
    missions: dict[int, list[Found]] = defaultdict(list)
    crafts: dict[int, list[Found]] = defaultdict(list)
    for f in ctx.found:
        if f.mention.type == "Mission" and flown(f) and not is_stay(_key(f.mention)):
            missions[f.span.sent.start].append(f)
        elif f.mention.type == "Spacecraft" and flown(f):
            crafts[f.span.sent.start].append(f)
    for start, here in missions.items():
        for mission in here:
            for craft in crafts.get(start, []):
                if _flies(craft, mission, ctx) or _same_clause(craft, mission, ctx):
                    sent = ctx.doc[start].sent
                    yield ctx.fact(mission, "spacecraft", craft, "mission-craft", sent)


def _flies(craft: Found, mission: Found, ctx: DocContext) -> bool:
    up = _chain(craft.span.root)
    index = {t.i: k for k, t in enumerate(up)}
    down: list[Token] = []
    t = mission.span.root
    while t.i not in index:
        down.append(t)
        if t.head.i == t.i:
            return False
        t = t.head
    top, craft_side = t, up[1 : index[t.i]]
    craft_steps = [craft.span.root, *craft_side]
    if any(s.dep_ not in _CRAFT_STEPS for s in craft_steps) or any(
        s.dep_ not in _MISSION_STEPS for s in down
    ):
        return False
    on_path = [*craft_side, top, *down]
    names = set(range(craft.span.start, craft.span.end)) | set(
        range(mission.span.start, mission.span.end)
    )
    if any(ctx.at(s) is not None and s.i not in names for s in on_path):
        return False  # another name between them
    words = triggers()
    preps = [s for s in craft_side if s.dep_ in {"prep", "agent"}]
    if any(p.lower_ not in words.craft_preps for p in preps):
        return False
    first = next((s for s in craft_steps if s.dep_ not in {"compound", "nmod"}), None)
    if first is None or first.dep_ in {"poss", "appos"} or top.i in names:
        return True  # "Endeavour's STS-123 mission", "STS-125 (Atlantis)"
    if first.dep_ == "dobj":
        return lemma(first.head) in words.object_verbs
    if first.dep_ in SUBJECT_DEPS:
        return lemma(first.head) in words.crew_verbs | words.docking_verbs
    return bool(preps)


def _same_clause(craft: Found, mission: Found, ctx: DocContext) -> bool:
    """A clause's verb that has the craft after one of its prepositions and the mission
    during it, however deep in the clause's objects the parse hangs "during": "He
    conducted experiments in life sciences during Mission M, aboard the Space Shuttle S"."""
    words = triggers()
    prep = craft.span.root.head
    if craft.span.root.dep_ != "pobj" or prep.lower_ not in words.craft_preps:
        return False
    verb = prep.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return False
    t = mission.span.root
    while t.dep_ in _MISSION_STEPS or t.dep_ in {"conj", "dobj"}:
        if t.dep_ == "prep" and t.lower_ in words.flight_preps and governing_verb(t).i == verb.i:
            return not any(
                (other := ctx.at(s)) is not None and other.mention.type == "Spacecraft"
                for s in t.subtree
                if s.i not in range(mission.span.start, mission.span.end)
            )
        t = t.head
    return False


def _chain(token: Token) -> list[Token]:
    up = [token]
    while up[-1].head.i != up[-1].i:
        up.append(up[-1].head)
    return up


def operator_facts(ctx: DocContext) -> Iterator[Fact]:
    """operatedBy: whose craft or flight the text says it is: "NASA's Voyager spacecraft",
    "ESA's fifth ATV, Kestrel", "NASA's SpaceX Crew-1 mission", "a spaceflight flown
    by Roscosmos", "VSS Unity, the spaceplane of his company Virgin Galactic", "SBS-D for
    Satellite Business Systems"."""
    for flight in ctx.found:
        if flight.mention.type not in FLOWN:
            continue
        seen: set[int] = set()
        for noun in _owner_nouns(flight):
            if (at := ctx.at(noun)) is not None and at.mention.type == "Person":
                continue  # "Expedition 18 commander X of Roscosmos": X's, not the flight's
            for org in _operators(noun, flight, ctx):
                if org.span.start not in seen:
                    seen.add(org.span.start)
                    yield ctx.fact(flight, "operatedBy", org, "operated-by", flight.span)


def _owner_nouns(flight: Found) -> list[Token]:
    """The words that may carry a craft's owner: its name, the noun its name modifies, the
    noun it is in apposition to, and what a copula says it is."""
    root = flight.span.root
    nouns = [root, phrase_root(root)]
    if root.dep_ == "appos":
        nouns += [root.head, phrase_root(root.head)]
    nouns += [c for n in list(nouns) for c in n.children if c.dep_ == "appos"]
    if root.dep_ in SUBJECT_DEPS and lemma(root.head) == "be":
        nouns += [c for c in root.head.children if c.dep_ == "attr"]
    return list(dict.fromkeys(nouns))


def _operators(noun: Token, flight: Found, ctx: DocContext) -> Iterator[Found]:
    own = range(flight.span.start, flight.span.end)
    words = triggers()
    for child in noun.children:
        if child.i in own:
            continue
        if child.dep_ in {"poss", "compound", "nmod"}:
            yield from _organizations([child], ctx)
        elif child.dep_ == "prep" and child.lower_ == "of" and noun.i not in own:
            yield from _organizations(list(child.subtree), ctx, first=True)
        elif child.dep_ == "acl" and lemma(child) in words.operating_verbs:
            agents = [t for a in child.children if a.dep_ == "agent" for t in a.subtree]
            yield from _organizations(agents, ctx, first=True)
    after = flight.span.end
    if noun.i == flight.span.root.i and after + 1 < len(ctx.doc) and ctx.doc[after].lower_ == "for":
        yield from _organizations(
            [ctx.doc[after + 1]], ctx
        )  # "SBS-D for Satellite Business Systems"


def _organizations(
    tokens: Sequence[Token], ctx: DocContext, first: bool = False
) -> Iterator[Found]:
    for token in tokens:
        found = ctx.at(token)
        if found is not None and found.mention.type == "Organization":
            yield found
            if first:
                return


def crew_pair_facts(
    ctx: DocContext, facts: Sequence[Fact], events: Sequence[Event]
) -> Iterator[Fact]:
    """spacecraft (mission -> craft) when one sentence puts a person in the crew of one
    mission and one craft: "A, STS-9 crew commander, ... in the Space Shuttle Columbia"."""
    del events  # a closing rule's signature
    flights: dict[tuple[Mention, tuple[int, int]], list[Mention]] = defaultdict(list)
    for f in facts:
        if f.rule == CAREER_RULE:  # "pilot for Vela 7; commander for Lumen 93": two flights
            continue
        listed = flights[(f.subject, f.sentence)]
        if f.predicate == "crewMemberOf" and isinstance(f.object, Mention):
            listed += [] if f.object in listed else [f.object]
    made_by = rule("mission-craft/crew")
    told = {
        (_key(f.subject), _key(f.object))
        for f in facts
        if f.predicate == "spacecraft" and isinstance(f.object, Mention)
    }
    for (_, sentence), objects in flights.items():
        missions = {_key(o): o for o in objects if o.type == "Mission" and not is_stay(_key(o))}
        crafts = {_key(o): o for o in objects if o.type == "Spacecraft"}
        if len(missions) != 1 or len(crafts) != 1:
            continue
        (mk, mission), (ck, craft) = next(iter(missions.items())), next(iter(crafts.items()))
        if (mk, ck) in told or is_generic(craft.canonical or craft.text):
            continue
        told.add((mk, ck))
        yield Fact(
            mission,
            "spacecraft",
            craft,
            made_by.name,
            made_by.confidence,
            sentence,
            mission.doc_id,
        )


def shared_crew(ctx: DocContext, facts: Sequence[Fact], events: Sequence[Event]) -> Iterator[Fact]:
    """The crew of a mission is the crew of the craft the document says flew it, and the
    crew of a craft that flew one mission here is that mission's crew."""
    pairs = {
        (_key(f.subject), _key(f.object)): (f.subject, f.object)
        for f in facts
        if f.predicate == "spacecraft" and isinstance(f.object, Mention)
    }
    for event in events:
        mission, craft = event.mission, event.vehicle
        if mission is None or craft is None or craft.type != "Spacecraft":
            continue
        if not is_stay(_key(mission)):
            pairs.setdefault((_key(mission), _key(craft)), (mission, craft))
    if not pairs:
        return
    missions_of: dict[str, list[Mention]] = defaultdict(list)
    crafts_of: dict[str, list[Mention]] = defaultdict(list)
    for (m, c), (mission, craft) in pairs.items():
        crafts_of[m].append(craft)
        missions_of[c].append(mission)
    made_by = rule("shared-crew")
    told = {
        (f.subject, _key(f.object))
        for f in facts
        if f.predicate == "crewMemberOf" and isinstance(f.object, Mention)
    }
    for f in facts:
        if f.predicate != "crewMemberOf" or not isinstance(f.object, Mention):
            continue
        key = _key(f.object)
        others = crafts_of.get(key, [])
        if (
            len(missions_of.get(key, [])) == 1
            and not personal_mission(missions_of[key][0], ctx)
            and not many_flights(ctx)
        ):
            others = others + missions_of[key]
        for other in others:
            if (f.subject, _key(other)) in told or is_generic(other.canonical or other.text):
                continue
            told.add((f.subject, _key(other)))
            yield Fact(
                f.subject,
                "crewMemberOf",
                other,
                made_by.name,
                f.confidence * made_by.confidence,
                f.sentence,
                f.doc_id,
            )


def _key(mention: Mention | object) -> str:
    assert isinstance(mention, Mention)
    return (mention.canonical or mention.text).lower()
