"""Films and other works: actedIn, directedBy and producedBy.

"In F, X will play ...", "W, starring X and Y", "the movie is a joint project between A, B
and C", "the film's producers are A and B", "F, produced by A", "directed by X", "X
directed W", "W, a film that he wrote and directed".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeGuard

from spacy.tokens import Token

from kg.extract.arguments import subjects
from kg.extract.context import DocContext, Found
from kg.extract.coref import refers_to
from kg.extract.syntax import governing_verb, lemma
from kg.lexicon import triggers
from kg.records import Fact
from kg.vocab import EntityType, is_a

AGENTS: frozenset[EntityType] = frozenset({"Person", "Organization"})
"""Who can produce a work."""


def _is_work(found: Found | None) -> TypeGuard[Found]:
    return found is not None and is_a(found.mention.type, "CreativeWork")


def film_facts(ctx: DocContext) -> Iterator[Fact]:
    """actedIn ("In F, X will play ...", "X ... play roles in the drama"), producedBy
    ("the movie is a joint project between A, B and C", "the film's producers are A and B",
    "F, produced by A"), directedBy ("directed by X")."""
    words = triggers()
    for token in ctx.doc:
        base = lemma(token)
        if token.pos_ in {"VERB", "AUX"} and base in words.acting_verbs:
            yield from _acted_in(token, ctx)
        elif base in words.production_nouns and token.dep_ in {"attr", "acomp"}:
            yield from _joint_production(token, ctx)
        elif token.lower_ in words.producer_nouns and token.dep_ in {"nsubj", "attr"}:
            yield from _producers_are(token, ctx)
        elif token.pos_ == "VERB" and base in words.making_verbs:
            passive = any(c.dep_ == "agent" for t in (token, *token.conjuncts) for c in t.children)
            yield from (_made_by if passive else _makes)(token, ctx)
        elif token.lower_ in words.starring_words or (
            token.lower_ in words.cast_nouns and token.head.lower_ == "as"
        ):
            yield from _starring(token, ctx)


def _work_in(verb: Token, ctx: DocContext) -> Found | None:
    """The work of "in F" under the verb or its object, or a sentence-initial "In F,"."""
    candidates = [c for c in verb.children if c.lower_ == "in" and c.dep_ == "prep"]
    candidates += [
        c for o in verb.children if o.dep_ == "dobj" for c in o.children if c.lower_ == "in"
    ]
    first = verb.sent[0]
    if first.lower_ == "in":
        candidates.append(first)
    for prep in candidates:
        for obj in prep.children:
            if obj.dep_ == "pobj":
                work = refers_to(obj, ctx) or next(
                    (ctx.at(t) for t in obj.subtree if ctx.at(t)), None
                )
                if _is_work(work):
                    return work
        if prep is first:
            nxt = first.nbor(1) if first.i + 1 < len(first.doc) else None
            quoted = nxt.nbor(1) if nxt is not None and nxt.text in {'"', "“", "‘"} else nxt
            work = ctx.at(quoted) if quoted is not None else None
            if _is_work(work):
                return work
    return None


def _acted_in(verb: Token, ctx: DocContext) -> Iterator[Fact]:
    work = _work_in(verb, ctx)
    if work is None:
        return
    for person in subjects(verb, ctx):
        yield ctx.fact(person, "actedIn", work, "plays-in-work", verb.sent)


def _inside_apposition(token: Token, top: Token) -> bool:
    """Whether the path from ``token`` up to ``top`` passes an apposition ("A, director of B")."""
    while token.i != top.i and token.head.i != token.i:
        if token.dep_ == "appos":
            return True
        token = token.head
    return False


def _agents_after(token: Token, ctx: DocContext) -> list[Found]:
    """People and organizations coordinated after ``token`` ("between A, B and C"),
    leaving out those inside an apposition ("A, director of B, and C")."""
    agents: list[Found] = []
    for t in token.subtree:
        if t.i <= token.i:
            continue
        f = ctx.at(t)
        if f is None or f.mention.type not in AGENTS or f in agents:
            continue
        if _inside_apposition(f.span.root, token):
            continue
        agents.append(f)
    return agents


def _work_subject(verb_or_noun: Token, ctx: DocContext) -> Found | None:
    head = verb_or_noun.head if verb_or_noun.dep_ in {"attr", "acomp"} else verb_or_noun
    for child in head.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            work = refers_to(child, ctx)
            if _is_work(work):
                return work
    return None


def _joint_production(noun: Token, ctx: DocContext) -> Iterator[Fact]:
    work = _work_subject(noun, ctx)
    if work is None:
        return
    for agent in _agents_after(noun, ctx):
        yield ctx.fact(work, "producedBy", agent, "joint-production", noun.sent)


def _producers_are(noun: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "the film's producers are A and B" / "the producers of the film are A and B"."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        owner = next(
            (o for c in noun.children if c.lower_ == "of" for o in c.children if o.dep_ == "pobj"),
            None,
        )
    work = refers_to(owner, ctx) if owner is not None else None
    if not _is_work(work):
        return
    copula = noun.head
    start = next((c for c in copula.children if c.dep_ == "attr" and c.i != noun.i), None)
    if start is None or copula.lemma_ != "be":
        return
    agents = [ctx.at(start)] if ctx.at(start) else []
    agents += [a for a in _agents_after(start, ctx) if a not in agents]
    for agent in agents:
        if agent is not None:
            yield ctx.fact(work, "producedBy", agent, "producers-are", noun.sent)


def _made_by(participle: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "F, produced by A and B", "F is directed by X", "F (1985), which was directed by X",
    "Written, directed and edited by X, it was produced by Y"."""
    agent_prep = next(
        (c for c in (participle, *participle.conjuncts) for c in c.children if c.dep_ == "agent"),
        None,
    )
    if agent_prep is None:
        return
    work = _made_work(participle, ctx)
    if work is None:
        return
    predicate = triggers().making_verbs[lemma(participle)]
    key = "produced-by" if predicate == "producedBy" else "directed-by"
    for agent in _agents_after(agent_prep, ctx):
        if predicate == "producedBy" or agent.mention.type == "Person":
            yield ctx.fact(work, predicate, agent, key, participle.sent)


def _made_work(participle: Token, ctx: DocContext) -> Found | None:
    """The work a "made by" participle is about: its subject, the noun it modifies or the
    relative clause describes, or the subject of the clause it introduces."""
    token: Token | None = participle
    while token is not None:
        if token.dep_ in {"acl", "relcl"}:
            work = _work_of(token.head, ctx)
        else:
            work = _work_subject(token, ctx)
        if work is not None:
            return work
        if token.dep_ not in {"conj", "advcl", "acl", "relcl"} or token.head.i == token.i:
            return None
        token = token.head
    return None


def _work_of(token: Token, ctx: DocContext) -> Found | None:
    """The work a noun names: itself, or in apposition to a title ("Apogee of Fear, a film")."""
    for candidate in (token, token.head if token.dep_ == "appos" else None):
        if candidate is not None:
            work = refers_to(candidate, ctx)
            if _is_work(work):
                return work
    return None


def _works_of_clause(verb: Token, ctx: DocContext) -> list[Found]:
    """The works a clause is about: its objects ("direct A (2002) and B (2010)"), or, for a
    relative clause, the noun it describes ("W, a film that he wrote and directed")."""
    works: list[Found] = []
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        for token in (obj, *obj.conjuncts):
            work = _work_of(token, ctx)
            if work is not None and work not in works:
                works.append(work)
    if works:
        return works
    clause = verb
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    work = _work_of(clause.head, ctx) if clause.dep_ == "relcl" else None
    return [work] if work is not None else []


def _work_of_clause(verb: Token, ctx: DocContext) -> Found | None:
    works = _works_of_clause(verb, ctx)
    return works[0] if works else None


def _makes(verb: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "X directed W", "she went on to direct A and B", "W, a film that he wrote and directed"."""
    predicate = triggers().making_verbs[lemma(verb)]
    key = "produces-work" if predicate == "producedBy" else "directs-work"
    people = subjects(verb, ctx)
    for work in _works_of_clause(verb, ctx):
        for person in people:
            yield ctx.fact(work, predicate, person, key, verb.sent)


def _starring(token: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "W, starring X and Y" and "shot W with X and Y as its cast"."""
    if token.lower_ in triggers().cast_nouns:
        holder = token.head.head  # what "as its cast" hangs from: the actor, or the verb
        if holder.pos_ == "VERB":
            actors = [
                o
                for p in holder.children
                if p.lower_ == "with"
                for o in p.children
                if o.dep_ == "pobj"
            ]
        else:
            actors = [holder]
        people = [
            ctx.at(t) for a in actors for t in (a, *(c for c in a.subtree if c.dep_ == "conj"))
        ]
        work = _work_of_clause(holder if holder.pos_ == "VERB" else governing_verb(holder), ctx)
    else:
        people = [ctx.at(t) for t in token.subtree if t.i > token.i]
        work = _work_of_clause(token.head, ctx) or _work_of(token.head, ctx)
    if work is None:
        return
    for person in dict.fromkeys(p for p in people if p is not None and p.mention.type == "Person"):
        yield ctx.fact(person, "actedIn", work, "cast", token.sent)
