"""Crews read from the dependency path between a person and a flight.

Biographies and releases put people on flights in many shapes: "X flew on STS-41 and
STS-57", "she served as a mission specialist on STS-51-G", "a flight engineer on
Expedition 12 and later commander of Expedition 13", "X was assigned to the crew of
Expedition 20", "Launched aboard STS-76, X returned aboard STS-79", "his first spaceflight
was STS-100", "X's Horizons mission", "STS-90 carried A and B". What they share is the
path in the parse from the person up to the word that joins them (a verb, a role noun)
and down to the flight: the person stands as its subject (or owner, or agent), the flight
hangs below it through prepositions, objects, compounds and coordination, and a crew
word (a verb such as "fly" or "command", a noun such as "crew", "mission" or a crew role)
lies on the path, with no word of a ground team, a backup or a guest. One rule reads all
of these shapes; a flight listed with others ("STS-41 and STS-57 in 1993, STS-90 in 1998")
passes the person on to the whole list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from spacy.tokens import Span, Token

from kg.extract.arguments import elided_subject
from kg.extract.context import DocContext, Found
from kg.extract.coref import antecedents, refers_to, subject_people
from kg.extract.crews import flown, people_listed_from
from kg.extract.syntax import SUBJECT_DEPS, governing_verb, lemma, phrase_root
from kg.lexicon import grammar, is_stay, triggers
from kg.records import Fact

_PERSON_STEPS = frozenset({"conj", "appos", "compound"})
"""Steps from a person to the head of the people named with it ("A, B and C")."""
_FLIGHT_STEPS = frozenset(
    {"pobj", "prep", "advmod", "agent", "compound", "nmod", "poss", "dobj", "attr", "conj", "appos",
     "npadvmod", "acl", "relcl", "advcl", "xcomp", "pcomp", "oprd", "nummod", "amod", "dep",
     "ccomp", "det"}
)  # fmt: skip
"""Steps from a flight up to the word that joins it to a person."""
_NAME_STEPS = frozenset({"compound", "nmod", "nummod", "amod"})
_LIST_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL"})


def crew_path_facts(ctx: DocContext) -> Iterator[Fact]:
    """crewMemberOf for every person the parse puts on a flight of the same sentence (named,
    or "the spacecraft" of a document about one), and on the flights listed with it."""
    flights: dict[int, list[tuple[Token, Found]]] = defaultdict(list)
    people: dict[int, list[Found]] = defaultdict(list)
    for f in ctx.found:
        if flown(f):
            flights[f.span.sent.start].append((f.span.root, f))
        elif f.mention.type == "Person":
            people[f.span.sent.start].append(f)
    for token in ctx.doc:
        if _description(token, ctx) and flown(found := refers_to(token, ctx)):
            flights[token.sent.start].append((token, found))  # "joined in the capsule by X"
    for start, here in flights.items():
        sent = ctx.doc[start].sent
        lists = _lists([f for token, f in here if ctx.at(token) is f])
        crews: dict[int, dict[int, Found]] = defaultdict(dict)  # person start -> flights
        for token, person in _people(sent, people[start], ctx):
            linked = crews[person.span.start]
            for at, flight in here:
                if flight.mention is person.mention or not _flew(token, person, at, flight, ctx):
                    continue
                for member in lists.get(at.i, [flight]):
                    linked.setdefault(member.span.start, member)
            for flight in linked.values():
                yield ctx.fact(person, "crewMemberOf", flight, "crew-path", sent)
        yield from _listed_with(people[start], crews, ctx)
        yield from _flight_with_people(sent, here, crews, ctx)


def _flight_with_people(
    sent: Span,
    here: list[tuple[Token, Found]],
    crews: dict[int, dict[int, Found]],
    ctx: DocContext,
) -> Iterator[Fact]:
    """A flight that is the subject of a flying verb goes "with" the people listed after
    it, however the parse hangs the list: "S lifted off at 3:45 a.m. with cosmonauts A
    and B and NASA astronaut C aboard", "Crew-9 is targeting launch Oct. 31, with A"; and
    carries the people a colon lists after its verb: "It carried three members of the
    Expedition 77 crew: commander A, flight engineer B and flight engineer C"."""
    subject = _flying_subject(sent, here, ctx)
    if subject is None:
        return
    flight, verb = subject
    carrying = lemma(verb) in triggers().carrying_verbs
    for token in sent[verb.i + 1 - sent.start :]:
        if token.lower_ == "with" or (carrying and token.text == ":"):
            for person in people_listed_from(token.i + 1, ctx):
                if flight.span.start not in crews.get(person.span.start, {}):
                    yield ctx.fact(person, "crewMemberOf", flight, "crew-path", sent)
            return


def _flying_subject(
    sent: Span, here: list[tuple[Token, Found]], ctx: DocContext
) -> tuple[Found, Token] | None:
    """The one flight a sentence names (or "it", "the spacecraft" for it) as the subject of
    a flying verb, with the verb."""
    told = list(here)
    for token in sent:  # "It carried ...": the flight a subject pronoun stands for
        if token.pos_ == "PRON" and token.dep_ in SUBJECT_DEPS:
            found = refers_to(token, ctx)
            if flown(found):
                told.append((token, found))
    told = [(at, f) for at, f in told if not is_stay(f.mention.canonical or f.mention.text)]
    names = {f.mention.canonical or f.mention.text for _, f in told}
    if len(names) != 1:
        return None
    for at, flight in told:
        root = phrase_root(at) if ctx.at(at) is flight else at
        verb = root.head
        if root.dep_ in SUBJECT_DEPS and lemma(verb) in triggers().crew_verbs | {"target"}:
            return flight, verb
    return None


def _listed_with(
    named: list[Found], crews: dict[int, dict[int, Found]], ctx: DocContext
) -> Iterator[Fact]:
    """A person listed with the crew members of a flight ("carry ESA astronaut A, NASA
    astronaut B and Roscosmos commander C to the ISS") flies it too, where the small
    model's parse breaks the list and gives no path of their own."""
    done: set[int] = set()
    for first in named:
        if first.span.start in done:
            continue
        group = people_listed_from(first.span.start, ctx)
        done |= {p.span.start for p in group}
        flights = {k: f for p in group for k, f in crews.get(p.span.start, {}).items()}
        for person in group:
            if not crews.get(person.span.start):
                for flight in flights.values():
                    yield ctx.fact(person, "crewMemberOf", flight, "crew-path", person.span.sent)


def _description(token: Token, ctx: DocContext) -> bool:
    """A noun that may describe the document's flight ("the capsule"), not name one."""
    return (
        token.pos_ == "NOUN"
        and ctx.at(token) is None
        and not any(ctx.at(t) is not None for t in token.lefts)
    )


def _people(sent: Span, named: list[Found], ctx: DocContext) -> list[tuple[Token, Found]]:
    """The people of a sentence with the token that stands for each: a name's root, or a
    pronoun ("He flew on ...", "his first flight was ...") with the person it stands for."""
    people = [(f.span.root, f) for f in named]
    seen = {(f.span.root.i, f.span.start) for f in named}
    opening = sent[0] if not sent[0].is_space else None
    if opening is not None and not any(c.dep_ in SUBJECT_DEPS for c in opening.children):
        # a résumé's subjectless sentence: "Flew on STS-89 and STS-107."
        people += [(opening, p) for p in elided_subject(opening, ctx) if p not in named]
    pronouns, relatives = grammar().pronouns, grammar().relative_pronouns
    for token in sent:
        relative = token.lower_ in relatives and token.dep_ in SUBJECT_DEPS
        if token.pos_ != "PRON" or (pronouns.get(token.lower_) not in {1, 2} and not relative):
            continue
        if token.dep_ == "poss":
            found = _owner(token, ctx)
        else:
            found = [a for a in antecedents(token, ctx) if a.mention.type == "Person"]
        for person in found:
            if (token.i, person.span.start) not in seen:
                seen.add((token.i, person.span.start))
                people.append((token, person))
    return people


def _owner(pronoun: Token, ctx: DocContext) -> list[Found]:
    """Who "his", "her" or "their" stands for: the people the sentence has as subject (not
    the pronoun itself), else those of the sentence before, if their number agrees."""
    several = grammar().pronouns.get(pronoun.lower_) == 2
    sent = pronoun.sent
    own = [p for p in subject_people(sent, ctx) if not p.span.start <= pronoun.i < p.span.end]
    if own or sent.start == 0:
        return own if (len(own) >= 2) == several else []
    before = subject_people(ctx.doc[sent.start - 1].sent, ctx)
    return before if before and (len(before) >= 2) == several else []


def _flew(token: Token, person: Found, at: Token, flight: Found, ctx: DocContext) -> bool:
    """Whether the path between the person's token and the flight's (``at``: its name's
    root, or a noun that refers to it) puts the person in it."""
    path = _path(token, at)
    if path is None:
        return False
    person_side, top, flight_side = path
    beside = [t for t in flight_side if t.dep_ == "conj"]
    if top.i == token.i and beside and not any(c.dep_ == "poss" for c in beside[-1].children):
        return False  # "A and the Expedition 8 crew" (not "A and his crewmates"): beside it
    person_steps = [t for t in person_side if t.dep_ not in _PERSON_STEPS]
    if [t.dep_ for t in person_steps] == ["dobj"] and lemma(top) in triggers().replacing_verbs:
        return False  # "X replaces Y as the Soyuz 41 commander": Y no longer flies it
    owned = [t for t in person_steps if t.dep_ == "poss"]
    words = triggers()
    if not _person_ok(person_steps, top, flight_side):
        return False
    if any(
        t.dep_ not in _FLIGHT_STEPS and not _subject_of_copula(t, top, owned) for t in flight_side
    ):
        return False
    for t in flight_side:
        other = ctx.at(t)
        if (
            other is not None
            and other.mention.type == "Person"
            and other.mention is not person.mention
            and not _companion(t)
        ):
            return False  # the flight belongs to someone else on the way: "X, who flew on S, met Y"
        if t.dep_ in {"prep", "advmod"} and t.lower_ not in words.path_preps:
            return False  # "aboard" is sometimes parsed an adverb
    if _other_subjects_clause(token, person_side, top, flight_side):
        return False
    if _someone_elses_part(person, flight, ctx):
        return False
    taken = _taken_as(flight_side)
    if taken is not None and taken.dep_ == "dobj" and lemma(taken.head) not in words.object_verbs:
        return False  # "designed Apollo 11", unlike "commanded STS-90"
    on_path = [*person_side[1:], top, *flight_side]
    own_clause = not any(t.pos_ in {"VERB", "AUX"} for t in flight_side)
    if own_clause and _acts_on_others(top, {t.i for t in [*person_side, *on_path]}, ctx):
        return False  # "X trained the STS-66 crew for their mission"
    if lemma(top) == "be" and own_clause:  # "X is a veteran of three flights: A, B"
        on_path += [c for c in top.children if c.dep_ == "attr"]
    own = flight.span if ctx.at(at) is flight else at.doc[at.i : at.i + 1]
    names = set(range(own.start, own.end)) | set(range(person.span.start, person.span.end))
    inner = [t for t in on_path if t.i not in names and t.i != token.i]
    if _grounded(inner, top):
        return False
    strong = any(
        t.dep_ in {"prep", "advmod"} and t.lower_ in words.flight_preps for t in flight_side
    )
    strong = strong or (len(person_steps) == 2 and person_steps[1].lower_ == "with")
    # "X will be on the Space Shuttle Endeavour for mission STS-227": to be on a flight
    strong = strong or (
        lemma(top) == "be"
        and [t.dep_ for t in person_steps] == ["nsubj"]
        and bool(flight_side)
        and flight_side[-1].dep_ == "prep"
        and flight_side[-1].lower_ in grammar().aboard_preps
    )
    if not person_side and _companion(token):  # "X flew with Y on S": Y's verb is X's
        inner.append(governing_verb(token))
    if token.pos_ == "VERB":  # a résumé's subjectless "Flew on STS-89": the verb is the person's
        inner.append(token)
    return strong or any(_crew_word(t) for t in inner) or bool(owned and _crew_word(owned[0].head))


def _other_subjects_clause(
    token: Token, person_side: list[Token], top: Token, flight_side: list[Token]
) -> bool:
    """Whether the path crosses into a clause that has a subject of its own: "A and B are
    first-time flyers, and C will take his third trip, having flown on S" (S is C's), "D
    flew on S; in 1997 he traveled to Mir" (S is D's, not his)."""
    for verb in flight_side:
        if verb.pos_ in {"VERB", "AUX"} and any(
            c.dep_ in SUBJECT_DEPS and c.i != token.i for c in verb.children
        ):
            return True
    joined = any(t.dep_ in {"conj", "parataxis"} and t.pos_ in {"VERB", "AUX"} for t in person_side)
    return joined and any(c.dep_ == "nsubj" and c.i != token.i for c in top.children)


def _someone_elses_part(person: Found, flight: Found, ctx: DocContext) -> bool:
    """Whether a semicolon parts the flight from the person, and another person stands in
    the flight's part: "A, STS-98 commander; B, Expedition One commander"."""
    doc = ctx.doc
    low, high = sorted((person.span.start, flight.span.start))
    cuts = [t.i for t in doc[low:high] if t.text == ";"]
    if not cuts:
        return False
    sent = flight.span.sent
    start = max(
        (t.i for t in doc[sent.start : flight.span.start] if t.text == ";"), default=sent.start
    )
    end = min((t.i for t in doc[flight.span.end : sent.end] if t.text == ";"), default=sent.end)
    if any(t.pos_ == "VERB" for t in doc[start:end]):
        return False  # the sentence's own clause, which all its people share
    return any(
        f.mention.type == "Person" and f.mention is not person.mention
        for t in doc[start:end]
        if (f := ctx.at(t)) is not None
    )


def _acts_on_others(verb: Token, path: set[int], ctx: DocContext) -> bool:
    """Whether the verb's object, off the path, is a crew or a person: the subject does
    something to them ("trained the crew", "greeted X") rather than fly."""
    for child in verb.children:
        if child.dep_ != "dobj" or child.i in path:
            continue
        found = ctx.at(child)
        if (found is not None and found.mention.type == "Person") or (
            child.lower_ in triggers().crew_nouns
        ):
            return True
    return False


def _companion(token: Token) -> bool:
    """A person the subject flies with, who shares the flight: "X was joined by Y aboard S",
    "X travelled with Y aboard S"."""
    return token.dep_ == "pobj" and (token.head.dep_ == "agent" or token.head.lower_ == "with")


def _taken_as(flight_side: list[Token]) -> Token | None:
    """The flight's phrase as its clause takes it: the first step beyond its own name
    ("STS-90" in "commanded STS-90", "mission" in "flew the STS-41 mission")."""
    return next((t for t in flight_side if t.dep_ not in _NAME_STEPS), None)


def _path(a: Token, b: Token) -> tuple[list[Token], Token, list[Token]] | None:
    """The tokens from ``a`` up to the lowest common head (excluded), that head, and the
    tokens from ``b`` up to it (excluded)."""
    up = [a]
    while up[-1].head.i != up[-1].i:
        up.append(up[-1].head)
    index = {t.i: k for k, t in enumerate(up)}
    down: list[Token] = []
    t = b
    while t.i not in index:
        down.append(t)
        if t.head.i == t.i:
            return None
        t = t.head
    return up[: index[t.i]], t, down


def _person_ok(steps: list[Token], top: Token, flight_side: list[Token]) -> bool:
    """Whether the person stands as the one who flies: subject, passive agent, owner of a
    flight noun, companion of a crew verb, or the people a flight carries."""
    words = triggers()
    deps = [t.dep_ for t in steps]
    if deps in ([], ["nsubj"], ["nsubjpass"]):
        return True
    if deps == ["pobj", "agent"]:
        return True  # "STS-41 was commanded by X"
    if deps == ["pobj", "prep"] and steps[1].lower_ == "with":  # "X launched on S with Y"
        verb = top if top.pos_ in {"VERB", "AUX"} else governing_verb(top)
        named = all(t.dep_ in _NAME_STEPS for t in flight_side)  # "on the S spacecraft with Y"
        return (verb is top or named) and lemma(verb) in words.path_verbs - {"be"}
    if deps and deps[0] == "poss":
        return _crew_word(steps[0].head) and deps[1:] in ([], ["nsubj"], ["attr"], ["nsubjpass"])
    if deps == ["attr"] and lemma(top) == "be":  # "The STS-99 crew members are A and B"
        return any(c.dep_ in SUBJECT_DEPS and _crew_word(c) for c in top.children)
    if deps == ["dobj", "relcl"]:  # "the S spacecraft that will carry A, B and C"
        verb = steps[1]
        return lemma(verb) in words.carrying_verbs and any(
            c.dep_ in SUBJECT_DEPS and c.lower_ in grammar().relative_pronouns
            for c in verb.children
        )
    if deps == ["dobj", "acl"]:  # "the S command module, carrying A and B, touched down"
        return lemma(steps[1]) in words.carrying_verbs and all(
            t.dep_ in _NAME_STEPS for t in flight_side
        )
    if deps == ["dobj", "advcl"]:  # "S blasted off on Thursday, carrying A, B and C"
        return (
            lemma(steps[1]) in words.carrying_verbs
            and bool(flight_side)
            and flight_side[-1].dep_ in SUBJECT_DEPS
        )
    if deps == ["dobj"]:  # "STS-90 carried A and B"
        return (
            lemma(top) in words.carrying_verbs
            and bool(flight_side)
            and flight_side[-1].dep_ in SUBJECT_DEPS
        )
    return False


def _subject_of_copula(token: Token, top: Token, owned: list[Token]) -> bool:
    """A flight as the subject of "be" or of a carrying verb (or of a verb a carrying
    participle hangs from): "Horizons was his second mission", "STS-90 carried A and B"."""
    if token.dep_ not in SUBJECT_DEPS or token.head.i != top.i:
        return False
    carrying = triggers().carrying_verbs
    # "S blasted off on Thursday, carrying A and B": the flight's own participle carries
    participle = any(c.dep_ == "advcl" and lemma(c) in carrying for c in top.children)
    return lemma(top) == "be" or lemma(top) in carrying or participle


def _crew_word(token: Token) -> bool:
    words = triggers()
    word, base = token.lower_, lemma(token)
    if token.pos_ in {"VERB", "AUX"}:
        return base in words.path_verbs | words.carrying_verbs and base != "be"
    return word in words.path_nouns or base in words.path_nouns


def _grounded(inner: Sequence[Token], top: Token) -> bool:
    """Whether a word of a ground team, a backup or a guest stands on the path, beside it
    ("the backup crew", "mission control") or as what the joining verb makes the person
    ("X was capcom during STS-1")."""
    words = triggers()
    ground, blocking = words.ground_words, words.blocking_verbs
    near = list(inner)
    if not any(t.pos_ in {"VERB", "AUX"} for t in inner if t is not top):
        # what the joining verb makes the person, unless the flight hangs from a clause
        # of its own ("X was the backup for S and later flew on T")
        near += [c for c in top.children if c.dep_ in {"attr", "dobj", "oprd"}]
        near += [g for c in top.children if c.lower_ == "as" for g in c.children]  # "as capcom"
    near += [c for t in list(near) for c in t.children if c.dep_ in {"amod", "compound", "nmod"}]
    if lemma(top) in blocking or lemma(top) in ground:
        return True
    return any(t.lower_ in ground or lemma(t) in ground or lemma(t) in blocking for t in near)


def _lists(flights: Sequence[Found]) -> dict[int, list[Found]]:
    """Each flight (by start) with the flights listed with it: names of flights separated
    only by commas, conjunctions and dates ("STS-41 and STS-57 in 1993, STS-90 in 1998")."""
    ordered = sorted(flights, key=lambda f: f.span.start)
    groups: list[list[Found]] = []
    for f in ordered:
        if groups and _listed(groups[-1][-1], f):
            groups[-1].append(f)
        else:
            groups.append([f])
    return {f.span.root.i: group for group in groups for f in group}


def _listed(a: Found, b: Found) -> bool:
    fillers, joiners = grammar().list_fillers, grammar().list_joiners
    between = a.span.doc[a.span.end : b.span.start]
    if b.span.start < a.span.end:
        return True  # one name read as two ("Expedition 20/21")
    return all(
        t.is_punct
        or t.is_space
        or t.like_num
        or t.lower_ in fillers
        or t.ent_type_ in _LIST_ENTITIES
        for t in between
    ) and any(t.is_punct or t.lower_ in joiners for t in between)
