"""Films and other works: actedIn, directedBy and producedBy.

Casts: "In F, X will play ...", "X starred in A and B", "W, starring X and Y", "It stars
X and Y", "the cast includes X, Y and Z", "with X as the commander", a "Cast" list.
Makers: "directed by X", "X directed W", "W, a film that he wrote and directed", "a film
by X", "the IMAX film W", "produced by A in cooperation with B", "the movie is a joint
project between A, B and C", "the film's producers are A and B". Filmographies ("her
films include A (2015), B and C", "known for A and B") credit a person by the role the
text gives them (kg/data/film_roles.json).

Every fact is checked against the ontology's domain and range here: a work is a
CreativeWork, an actor or director a Person, a producer a Person or Organization.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeGuard

from spacy.tokens import Span, Token

from kg.extract.arguments import subjects
from kg.extract.context import DocContext, Found
from kg.extract.coref import THING, antecedents, refers_to
from kg.extract.syntax import SUBJECT_DEPS, definite, governing_verb, lemma
from kg.lexicon import context, film_roles, grammar, triggers
from kg.nlp.titles import is_work_noun, title_cues_by_first_word
from kg.nlp.tokens import BULLETS
from kg.records import Fact
from kg.vocab import EntityType, Predicate, is_a

AGENTS: frozenset[EntityType] = frozenset({"Person", "Organization"})
"""Who can produce a work."""
_CREDITED: tuple[Predicate, ...] = ("actedIn", "directedBy")
"""What a filmography credits a person with, by the film role the text gives them."""
_NEAR_SENTENCES = 2
"""How many sentences back "the company" may look for the organization it stands for."""


def _is_work(found: Found | None) -> TypeGuard[Found]:
    return found is not None and is_a(found.mention.type, "CreativeWork")


def _is_person(found: Found | None) -> TypeGuard[Found]:
    return found is not None and found.mention.type == "Person"


def film_facts(ctx: DocContext) -> Iterator[Fact]:
    """Casts and makers told in a sentence (see the module's docstring)."""
    words = triggers()
    for token in ctx.doc:
        base = lemma(token)
        if token.lower_ in words.starring_words or (
            token.lower_ in words.cast_nouns and token.head.lower_ in words.character_preps
        ):
            yield from _starring(token, ctx)
        elif token.pos_ in {"VERB", "AUX"} and base in (
            words.acting_verbs | words.acting_in_verbs | words.cast_verbs
        ):
            yield from _acted_in(token, ctx)
        elif base in words.production_nouns and token.dep_ in {"attr", "acomp"}:
            yield from _joint_production(token, ctx)
        elif token.lower_ in words.producer_nouns and token.dep_ in {"nsubj", "attr"}:
            yield from _producers_are(token, ctx)
        elif token.pos_ == "VERB" and base in words.making_verbs:
            passive = any(c.dep_ == "agent" for t in (token, *token.conjuncts) for c in t.children)
            yield from (_made_by if passive else _makes)(token, ctx)
        elif token.lower_ in words.cast_nouns and token.dep_ in SUBJECT_DEPS:
            yield from _cast_includes(token, ctx)
        elif token.lower_ in words.character_preps:
            yield from _with_as(token, ctx)
        elif token.lower_ in words.maker_preps and token.dep_ == "prep":
            yield from _work_by(token, ctx)
        if token.is_lower and token.pos_ == "NOUN" and is_work_noun(token):
            yield from _maker_beforeis_work_noun(token, ctx)
    yield from _cast_lists(ctx)
    yield from _credit_lines(ctx)


# ---------------------------------------------------------------------------- where the work is


def _work_of(token: Token, ctx: DocContext) -> Found | None:
    """The work a noun names: itself, in apposition to a title ("Apogee of Fear, a film"),
    or the subject it describes ("Night Orbit is a film ...")."""
    candidates = [token]
    if token.dep_ == "appos":
        candidates.append(token.head)
    if token.dep_ in {"attr", "acomp"}:
        candidates += [c for c in token.head.children if c.dep_ in SUBJECT_DEPS]
    for candidate in candidates:
        work = refers_to(candidate, ctx)
        if _is_work(work):
            return work
    if is_work_noun(token):  # "the documentary Deep Field": the title after its noun
        named = _title_after_noun(token, ctx)
        if named is not None:
            return named
    return None


def _title_after_noun(noun: Token, ctx: DocContext) -> Found | None:
    """ "the documentary series Deep Field", 'the film “Hubble 3-D”': the work named right
    after its noun (through other nouns and an opening quote)."""
    doc = noun.doc
    i = noun.i + 1
    while i < len(doc) and (doc[i].is_quote or (doc[i].is_lower and is_work_noun(doc[i]))):
        i += 1
    found = ctx.at(doc[i]) if i < len(doc) else None
    return found if _is_work(found) else None


def _work_before(token: Token, ctx: DocContext) -> Found | None:
    """The work named right before a clause about it, past commas, a year in parentheses
    and a relative pronoun: "The Dream Is Alive (1985), which was directed by ..." (the
    parse often misses a title that holds a verb)."""
    doc = token.doc
    skip = grammar().relative_pronouns
    i = token.i - 1
    while i >= token.sent.start:
        t = doc[i]
        found = ctx.at(t)
        if found is not None:
            return found if _is_work(found) else None
        if not (t.is_punct or t.like_num or t.pos_ in {"AUX", "ADV"} or t.lower_ in skip):
            return None
        i -= 1
    return None


def _work_in(verb: Token, ctx: DocContext) -> list[Found]:
    """The works of "in F" under the verb or its object ("starred in A and B", "played the
    commander in F"), or of a sentence-initial "In F,"."""
    candidates = [c for c in verb.children if c.lower_ == "in" and c.dep_ == "prep"]
    candidates += [
        c for o in verb.children if o.dep_ == "dobj" for c in o.children if c.lower_ == "in"
    ]
    first = verb.sent[0]
    if first.lower_ == "in" and first.i < verb.i:
        candidates.append(first)
    works: list[Found] = []
    for prep in candidates:
        for obj in prep.children:
            if obj.dep_ == "pobj":
                for token in (obj, *obj.conjuncts):
                    own = [f for t in token.subtree if _is_work(f := ctx.at(t))]
                    work = own[0] if own else refers_to(token, ctx)
                    if _is_work(work) and work not in works:
                        works.append(work)
        if prep is first and not works:
            nxt = first.nbor(1) if first.i + 1 < len(first.doc) else None
            quoted = nxt.nbor(1) if nxt is not None and nxt.text in {'"', "“", "‘"} else nxt
            work = ctx.at(quoted) if quoted is not None else None
            if _is_work(work):
                works.append(work)
    if not works:  # the parse hangs "in F" elsewhere: the works right after "in"
        works = _works_after_in(verb, ctx)
    return works


def _works_after_in(verb: Token, ctx: DocContext) -> list[Found]:
    """Works listed right after an "in" that follows the verb in its sentence."""
    doc = verb.doc
    end = verb.sent.end
    after_in = next((t for t in doc[verb.i + 1 : end] if t.lower_ == "in"), None)
    if after_in is None or any(t.pos_ == "VERB" for t in doc[verb.i + 1 : after_in.i]):
        return []  # "cast Roe after seeing her in F": the "in" of another verb
    works: list[Found] = []
    joiners = grammar().list_joiners
    i = after_in.i + 1
    while i < end:
        found = ctx.at(doc[i])
        if _is_work(found):
            if found not in works:
                works.append(found)
            i = found.span.end
        elif doc[i].is_punct or doc[i].like_num or doc[i].lower_ in joiners:
            i += 1
        else:
            break
    return works


def _work_subject(verb_or_noun: Token, ctx: DocContext) -> Found | None:
    """The work that is the subject of a verb (or of the copula of a noun), or of the verb
    it is coordinated with ("F is directed by X and stars Y")."""
    head = verb_or_noun.head if verb_or_noun.dep_ in {"attr", "acomp"} else verb_or_noun
    while True:
        found = [c for c in head.children if c.dep_ in SUBJECT_DEPS]
        for child in found:
            work = refers_to(child, ctx) or _work_it_follows(child, ctx)
            if _is_work(work):
                return work
        if found or head.dep_ != "conj" or head.head.i == head.i:
            return None
        head = head.head


def _work_it_follows(pronoun: Token, ctx: DocContext) -> Found | None:
    """What "It" stands for when coreference finds nothing: the work the sentence before
    is about ("The film follows a crew. It was produced by ..."), or the title it opens
    with, which the parse did not make its subject ("Gravity Well is a 2013 film. It was
    directed by ...")."""
    if grammar().pronouns.get(pronoun.lower_) != THING or pronoun.sent.start == 0:
        return None
    previous = pronoun.doc[pronoun.sent.start - 1].sent
    for subject in (t for t in previous if t.dep_ in SUBJECT_DEPS):
        found = refers_to(subject, ctx)  # "The film follows ... It was produced by"
        if found is not None:
            return found if _is_work(found) else None
    opening = next((t for t in previous if not (t.is_space or t.is_punct)), None)
    found = ctx.at(opening) if opening is not None else None
    return found if _is_work(found) else None


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


def _sentence_work(token: Token, ctx: DocContext) -> Found | None:
    """The one work a sentence names, or that a definite work noun in it stands for."""
    works: list[Found] = []
    for t in token.sent:
        found = ctx.at(t)
        if found is None and t.pos_ == "NOUN" and is_work_noun(t) and definite(t):
            found = refers_to(t, ctx)
        if _is_work(found) and found.mention.text not in {w.mention.text for w in works}:
            works.append(found)
    return works[0] if len(works) == 1 else None


# ---------------------------------------------------------------------------- who is in it


def _is_character(found: Found) -> bool:
    """A name the text casts someone as ("A as Commander Kate Hall"): a part, not a person."""
    root = found.span.root
    return root.dep_ == "pobj" and root.head.lower_ in triggers().character_preps


def _people_under(tokens: Sequence[Token], ctx: DocContext) -> list[Found]:
    """The people ``tokens`` name, with those coordinated or in apposition with them ("A,
    B and C" parses both ways), leaving out the parts they play."""
    people: list[Found] = []
    queue = list(tokens)
    seen: set[int] = set()
    while queue:
        token = queue.pop(0)
        if token.i in seen:
            continue
        seen.add(token.i)
        queue += [c for c in token.children if c.dep_ in {"conj", "appos"}]
        found = ctx.at(token)
        if _is_person(found) and not _is_character(found) and found not in people:
            people.append(found)
    return people


def _acted_in(verb: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "In F, X will play ...", "X starred in A and B", "It stars X and Y", "The film
    features X as ...", and, in an article about one work, "X plays the commander"."""
    words = triggers()
    if lemma(verb) not in words.acting_verbs | words.acting_in_verbs:
        yield from _casts(verb, ctx)
        return
    works = _work_in(verb, ctx)
    people = subjects(verb, ctx)
    if works:
        for person in people:
            for work in works:
                yield ctx.fact(person, "actedIn", work, "plays-in-work", verb.sent)
        return
    subject_work = _work_subject(verb, ctx) if lemma(verb) in triggers().cast_verbs else None
    if subject_work is not None:
        objects = [c for c in verb.children if c.dep_ in {"dobj", "attr"}]
        for person in _people_under(objects, ctx):
            yield ctx.fact(person, "actedIn", subject_work, "work-stars", verb.sent)
        return
    if lemma(verb) not in words.acting_verbs:
        return
    topic_work = _sentence_work(verb, ctx) or ctx.topics.main_work
    if people and _plays_a_part(verb) and _is_work(topic_work):
        for person in people:
            yield ctx.fact(person, "actedIn", topic_work, "plays-part", verb.sent)


def _casts(verb: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "The film casts X as Y", "Lee cast Roe in F": the people cast (the objects, not the
    one who casts) acted in the work that is the subject or follows "in"."""
    works = [w for w in [_work_subject(verb, ctx)] if w is not None] or _work_in(verb, ctx)
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for person in _people_under(objects, ctx):
        for work in works:
            yield ctx.fact(person, "actedIn", work, "work-stars", verb.sent)


def _plays_a_part(verb: Token) -> bool:
    """ "X plays the commander", "X appears as Y": a part to play, not an idiom ("plays a
    key role in the mission")."""
    words = triggers()
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in words.character_preps:
            return True
        if child.dep_ == "dobj":
            idiom = lemma(child) in words.idiom_objects
            of = any(c.dep_ == "prep" and c.lower_ == "of" for c in child.children)
            return not idiom or of
    return False


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
        people = _people_under(actors, ctx)
        work = _work_of_clause(holder if holder.pos_ == "VERB" else governing_verb(holder), ctx)
    else:
        people = [
            f
            for t in token.subtree
            if t.i > token.i and _is_person(f := ctx.at(t)) and not _is_character(f)
        ]
        work = (
            _work_of_clause(token.head, ctx)
            or _work_of(token.head, ctx)
            or _work_before(token, ctx)
            or _sentence_work(token, ctx)
        )
    if work is None:
        return
    for person in dict.fromkeys(people):
        yield ctx.fact(person, "actedIn", work, "cast", token.sent)


def _cast_includes(noun: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "The cast of F includes A, B and C", "Its cast is led by A", "the film's cast
    features A as X"."""
    verb = noun.head
    if lemma(verb) not in triggers().cast_list_verbs:
        return
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    of = next(
        (o for c in noun.children if c.lower_ == "of" for o in c.children if o.dep_ == "pobj"),
        None,
    )
    work = next(
        (w for t in (owner, of) if t is not None and _is_work(w := refers_to(t, ctx))), None
    )
    work = work or _sentence_work(noun, ctx) or ctx.topics.main_work
    if not _is_work(work):
        return
    objects = [c for c in verb.children if c.i > verb.i and c.dep_ not in {"punct", "cc"}]
    for person in _people_under(objects, ctx):
        yield ctx.fact(person, "actedIn", work, "cast-includes", noun.sent)


def _with_as(prep: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "..., with Jane Roe as the commander and John Poe as the pilot": a person right
    before "as", after a "with" and no verb, is cast as a part in the sentence's work."""
    doc = prep.doc
    person = ctx.at(doc[prep.i - 1]) if prep.i > prep.sent.start else None
    if not _is_person(person) or person.span.end != prep.i:
        return
    with_token = None
    for t in reversed(doc[prep.sent.start : person.span.start]):
        if t.pos_ in {"VERB", "AUX"}:
            return
        if t.lower_ == "with":
            with_token = t
            break
    if with_token is None:
        return
    verb = governing_verb(with_token)
    work = (
        _work_subject(verb, ctx)
        or _work_of_clause(verb, ctx)
        or _sentence_work(prep, ctx)
        or ctx.topics.main_work
    )
    if _is_work(work):
        yield ctx.fact(person, "actedIn", work, "cast-as", prep.sent)


def _cast_lists(ctx: DocContext) -> Iterator[Fact]:
    """A "Cast" heading over list lines ("- Jane Roe as Commander Kate Hall"): the person
    each line opens with acted in the article's work."""
    work = ctx.topics.main_work
    if not _is_work(work):
        return
    headings = triggers().cast_headings

    def cast_heading(tokens: list[Token]) -> bool:
        return any(t.lower_ in triggers().cast_nouns for t in tokens) and all(
            t.lower_ in headings or t.is_punct for t in tokens
        )

    for sent, first in _items_under(ctx, cast_heading):
        person = ctx.at(first)
        if _is_person(person):
            yield ctx.fact(person, "actedIn", work, "cast-list", sent)


def _items_under(
    ctx: DocContext, is_heading: Callable[[list[Token]], bool]
) -> Iterator[tuple[Span, Token]]:
    """The list lines ("- Jane Roe as ...") under a heading line ``is_heading`` accepts,
    each with the first token after its bullet."""
    under = False
    for sent in ctx.doc.sents:
        tokens = [t for t in sent if not t.is_space]
        if not tokens:
            continue
        if tokens[0].text not in BULLETS:
            under = is_heading(tokens)
            continue
        if under and len(tokens) > 1:
            yield sent, tokens[1]


def _credit_lines(ctx: DocContext) -> Iterator[Fact]:
    """Credit lines of reviews and listings: "Director: Ann Lee; Starring: Jane Roe, John
    Poe", "Studio: Dome Pictures": the names after a credit label's colon, for the work
    named last before it (or the article's work)."""
    doc = ctx.doc
    labels = triggers().credit_labels
    for colon in doc:
        if colon.text != ":":
            continue
        label = _label_before(colon)
        predicate = labels.get(label) if label else None
        if predicate is None:
            continue
        work = _recent_work(colon, ctx)
        if not _is_work(work):
            continue
        for agent in _names_after(colon, ctx):
            if predicate == "actedIn" and agent.mention.type == "Person":
                yield ctx.fact(agent, "actedIn", work, "credit-line/acted", colon.sent)
            elif predicate == "directedBy" and agent.mention.type == "Person":
                yield ctx.fact(work, "directedBy", agent, "credit-line/directed", colon.sent)
            elif predicate == "producedBy":
                yield ctx.fact(work, "producedBy", agent, "credit-line/produced", colon.sent)


def _label_before(colon: Token) -> str | None:
    """The lower-case words of a label that ends at ``colon`` and opens its line, its
    sentence, or a part after ";" ("Director: X; Starring: Y")."""
    doc = colon.doc
    start = colon.i
    while start > colon.sent.start and doc[start - 1].is_alpha:
        if "\n" in doc[start - 2].whitespace_ if start >= 2 else False:
            start -= 1
            break
        start -= 1
    before = doc[start - 1] if start > colon.sent.start else None
    if start == colon.i or (before is not None and before.text not in {";", "|", "/", "."}):
        return None
    return " ".join(t.lower_ for t in doc[start : colon.i])


def _names_after(colon: Token, ctx: DocContext) -> list[Found]:
    """The people and organizations after a label's colon, up to the next part or line."""
    doc = colon.doc
    names: list[Found] = []
    i = colon.i + 1
    while i < colon.sent.end and doc[i].text not in {";", "|"}:
        found = _agent(doc[i], ctx)
        if found is not None and found not in names:
            names.append(found)
        if "\n" in doc[i].whitespace_ or (i + 1 < len(doc) and doc[i + 1].text == ":"):
            break
        i += 1
    return names


def _recent_work(token: Token, ctx: DocContext) -> Found | None:
    """The work named last before ``token`` within a few sentences, else the article's."""
    doc = token.doc
    first = token.sent.start
    for _ in range(_NEAR_SENTENCES):
        first = doc[max(0, first - 1)].sent.start
    before = [f for f in ctx.between(first, token.i) if _is_work(f)]
    return before[-1] if before else ctx.topics.main_work


# ---------------------------------------------------------------------------- who made it


def _inside_apposition(token: Token, top: Token, ctx: DocContext) -> bool:
    """Whether the path from ``token`` up to ``top`` passes an apposition to a name ("A,
    director of B"); the name in apposition to a common noun is that noun's ("the studio
    Dome Pictures")."""
    while token.i != top.i and token.head.i != token.i:
        if token.dep_ == "appos" and ctx.at(token.head) is not None:
            return True
        token = token.head
    return False


def _agent(token: Token, ctx: DocContext) -> Found | None:
    """The person or organization a token names: a name, or "the company" for the
    organization named last in the sentences just before."""
    found = ctx.at(token)
    if found is not None:
        return found if found.mention.type in AGENTS else None
    organization_words = {w[-1] for w, cls in context().descriptors if cls == "Organization"}
    if token.pos_ != "NOUN" or token.lower_ not in organization_words or not definite(token):
        return None
    if any(c.dep_ == "appos" or ctx.at(c) is not None for c in token.children):
        return None  # "the studio Dome Pictures": the name that follows is the agent
    doc = token.doc
    first = doc[max(0, token.sent.start - 1)].sent.start
    for _ in range(_NEAR_SENTENCES - 1):
        first = doc[max(0, first - 1)].sent.start
    before = [f for f in ctx.between(first, token.i) if f.mention.type == "Organization"]
    return before[-1] if before else None


def _agents_after(token: Token, ctx: DocContext) -> list[Found]:
    """People and organizations coordinated after ``token`` ("between A, B and C"),
    leaving out those inside an apposition ("A, director of B, and C")."""
    agents: list[Found] = []
    for t in token.subtree:
        if t.i <= token.i:
            continue
        f = _agent(t, ctx)
        if f is None or f in agents:
            continue
        named_here = f.span.start <= t.i < f.span.end
        if _inside_apposition(f.span.root if named_here else t, token, ctx):
            continue
        agents.append(f)
    return agents


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
        if agent is not None and agent.mention.type in AGENTS:
            yield ctx.fact(work, "producedBy", agent, "producers-are", noun.sent)


def _made_by(participle: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "F, produced by A and B", "F is directed by X", "F (1985), which was directed by X",
    "Written, directed and edited by X, it was produced by Y", "produced by A in
    cooperation with B"."""
    agent_prep = next(
        (c for c in (participle, *participle.conjuncts) for c in c.children if c.dep_ == "agent"),
        None,
    )
    if agent_prep is None:
        return
    work = _made_work(participle, ctx) or _work_before(participle, ctx)
    if work is None:
        return
    predicate = triggers().making_verbs[lemma(participle)]
    key = "produced-by" if predicate == "producedBy" else "directed-by"
    for agent in _agents_after(agent_prep, ctx):
        if predicate == "producedBy" or agent.mention.type == "Person":
            yield ctx.fact(work, predicate, agent, key, participle.sent)
    if predicate == "producedBy":
        for partner in _partners(participle, agent_prep, ctx):
            yield ctx.fact(work, "producedBy", partner, "produced-by/partner", participle.sent)


def _partners(participle: Token, agent_prep: Token, ctx: DocContext) -> list[Found]:
    """Co-producers after the agent: "produced by A in cooperation with B", "by the
    company together with C": a multi-word cue takes every name after it, a bare "with"
    only a name that is its own object."""
    doc = participle.doc
    partners: list[Found] = []
    end = max(t.i for t in participle.subtree) + 1
    for i in range(agent_prep.i + 1, end):
        for cue in triggers().cooperation_preps:
            words = cue.split()
            if [t.lower_ for t in doc[i : i + len(words)]] != words:
                continue
            last = doc[i + len(words) - 1]
            if len(words) > 1:
                found = _agents_after(last, ctx)
            else:
                objects = [o for o in last.children if o.dep_ == "pobj"]
                found = [a for o in objects if (a := _agent(o, ctx)) is not None]
            partners += [f for f in found if f not in partners]
    return partners


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


def _makes(verb: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "X directed W", "she went on to direct A and B", "W, a film that he wrote and directed"."""
    predicate = triggers().making_verbs[lemma(verb)]
    key = "produces-work" if predicate == "producedBy" else "directs-work"
    people = subjects(verb, ctx) or _subjects_above(verb, ctx)
    for work in _works_of_clause(verb, ctx) or _works_right_after(verb, ctx):
        for person in people:
            yield ctx.fact(work, predicate, person, key, verb.sent)


def _subjects_above(verb: Token, ctx: DocContext) -> list[Found]:
    """The people who are the subject of the verb above one the parse left without a
    subject ("She went on to direct A": "direct" hangs from "A")."""
    token = verb
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in {"VERB", "AUX"} and any(c.dep_ in SUBJECT_DEPS for c in token.children):
            return subjects(token, ctx)
    return []


def _works_right_after(verb: Token, ctx: DocContext) -> list[Found]:
    """Works listed right after a verb that the parse did not make its objects ("went on
    to direct Space Station 3D (2002) and Hubble 3D (2010)")."""
    doc = verb.doc
    works: list[Found] = []
    i = verb.i + 1
    joiners = grammar().list_joiners
    while i < verb.sent.end:
        found = ctx.at(doc[i])
        if _is_work(found):
            if found not in works:
                works.append(found)
            i = found.span.end
        elif works and (doc[i].is_punct or doc[i].like_num or doc[i].lower_ in joiners):
            i += 1
        else:
            break
    return works


def _work_by(prep: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "Night Orbit is a film by Ann Lee", "a documentary from Dome Pictures": a work
    noun's maker; a person directed it, an organization produced it."""
    noun = prep.head
    if not (is_work_noun(noun) or _is_work(ctx.at(noun))):
        return
    work = _work_of(noun, ctx) or (ctx.at(noun) if _is_work(ctx.at(noun)) else None)
    if work is None:
        return
    for agent in _objects_named(prep, ctx):
        if agent.mention.type == "Person":
            yield ctx.fact(work, "directedBy", agent, "work-by", prep.sent)
        else:
            yield ctx.fact(work, "producedBy", agent, "work-by/organization", prep.sent)


def _objects_named(prep: Token, ctx: DocContext) -> list[Found]:
    """The people and organizations a preposition's objects name, with their conjuncts
    and the names in apposition to them ("by the studio Dome Pictures"), not those of a
    clause inside ("from the team led by X")."""
    agents: list[Found] = []
    for obj in (c for c in prep.children if c.dep_ == "pobj"):
        for token in (obj, *obj.conjuncts):
            for t in (token, *(c for c in token.children if c.dep_ == "appos")):
                agent = _agent(t, ctx)
                if agent is not None and agent not in agents:
                    agents.append(agent)
    return agents


def _maker_beforeis_work_noun(noun: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "the IMAX film “Hubble 3-D”", "A Netflix documentary series about the flight,
    Countdown: ..., was directed by X": an organization right before a work noun (past
    adjectives and other work nouns) produced the work."""
    doc = noun.doc
    if noun.i > noun.sent.start and doc[noun.i - 1].is_lower and is_work_noun(doc[noun.i - 1]):
        return  # "documentary series": read once, from the first noun
    i = noun.i - 1
    while i >= noun.sent.start and (
        doc[i].pos_ in {"ADJ", "NUM", "PART"}
        or (doc[i].is_lower and doc[i].pos_ == "NOUN" and doc[i].dep_ == "compound")
        or (doc[i].is_lower and is_work_noun(doc[i]))
    ):
        i -= 1  # "IMAX's latest space documentary"
    maker = ctx.at(doc[i]) if i >= noun.sent.start else None
    if maker is None or maker.mention.type != "Organization" or maker.span.end != i + 1:
        return
    nouns_end = noun.i
    while (
        nouns_end + 1 < len(doc)
        and doc[nouns_end + 1].is_lower
        and is_work_noun(doc[nouns_end + 1])
    ):
        nouns_end += 1
    last = doc[nouns_end]
    work = _title_after_noun(last, ctx) or next(
        (w for c in last.children if c.dep_ == "appos" and _is_work(w := ctx.at(c))), None
    )
    if work is None:
        work = _work_of(last, ctx) if last.dep_ in {"appos", "attr"} else None
    if work is None and definite(last):
        work = refers_to(last, ctx)
    if _is_work(work):
        yield ctx.fact(work, "producedBy", maker, "work-of-maker", noun.sent)


# ---------------------------------------------------------------------------- filmographies


def filmography_facts(ctx: DocContext, facts: Sequence[Fact]) -> Iterator[Fact]:
    """ "Her films include A (2015), B and C", "He is known for A and B", the "- A (2010)"
    lines under a "Filmography" heading: the works of a person, credited by the role the
    text gives them (an actress acted in them, a director directed them)."""
    roles = _film_roles_by_name(facts)
    if not roles:
        return
    for sent in ctx.doc.sents:
        cue = _listing_cue(sent)
        person = _whose_works(cue, ctx) if cue is not None else None
        if cue is not None and person is not None:
            works = _works_from(cue, ctx)
            yield from _credits(person, works, _predicates_for(person, roles), ctx, sent)
    for token in ctx.doc:
        if token.lower_ in triggers().credit_nouns and token.nbor(1).lower_ == "in":
            person = _whose_credit(token, ctx)  # "her debut in A", "his roles in A and B"
            if person is not None:
                works = _works_from(token.nbor(1), ctx)
                yield from _credits(person, works, _predicates_for(person, roles), ctx, token.sent)
        elif token.is_lower and token.pos_ == "NOUN" and is_work_noun(token):
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            person = ctx.at(owner) if owner is not None else None  # "Ann Lee's documentary W"
            work = _title_after_noun(token, ctx) or _work_of(token, ctx)
            if _is_person(person) and _is_work(work):
                yield from _credits(person, [work], _predicates_for(person, roles), ctx, token.sent)
    yield from _filmography_lines(ctx, roles)


def _credits(
    person: Found,
    works: Sequence[Found],
    predicates: Sequence[Predicate],
    ctx: DocContext,
    sent: Span,
) -> Iterator[Fact]:
    """A person's works, by what their film roles make them do to a work."""
    for work in works:
        for predicate in predicates:
            if predicate == "actedIn":
                yield ctx.fact(person, "actedIn", work, "filmography/acted", sent)
            else:
                yield ctx.fact(work, "directedBy", person, "filmography/directed", sent)


def _whose_credit(noun: Token, ctx: DocContext) -> Found | None:
    """Whose debut or role a credit noun is: its owner ("her debut", "Jane Roe's role"),
    else the subject of its verb ("She made her film debut in ...")."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        found = ctx.at(owner)
        if found is None and owner.pos_ == "PRON":
            verb = governing_verb(noun)
            people = subjects(verb, ctx) if verb.pos_ in {"VERB", "AUX"} else []
            found = people[0] if len(people) == 1 else None
        return found if _is_person(found) else None
    verb = governing_verb(noun)
    people = subjects(verb, ctx) if verb.pos_ in {"VERB", "AUX"} else []
    return people[0] if len(people) == 1 else None


def _film_roles_by_name(facts: Sequence[Fact]) -> dict[str, set[Predicate]]:
    """Per person's name (and surname), what their film roles make them do to a work."""
    relations = film_roles()
    found: dict[str, set[Predicate]] = {}
    for fact in facts:
        if fact.predicate != "hasRole" or not isinstance(fact.object, str):
            continue
        for predicate in _CREDITED:
            if fact.object in relations.get(predicate, frozenset()):
                for name in _names(fact.subject.text):
                    found.setdefault(name, set()).add(predicate)
    return found


def _names(text: str) -> tuple[str, str]:
    words = text.split()
    return text, words[-1] if words else text


def _predicates_for(person: Found, roles: dict[str, set[Predicate]]) -> list[Predicate]:
    full, surname = _names(person.mention.text)
    return sorted(roles.get(full) or roles.get(surname) or set())


def _listing_cue(sent: Span) -> Token | None:
    """The word after which a sentence lists a person's works: "include" after a work or
    credit noun ("Her films include"), or "known for"."""
    nouns = triggers().credit_nouns
    cues = title_cues_by_first_word()
    for token in sent:
        for phrase in cues.get(token.lower_, ()):
            if [t.lower_ for t in sent.doc[token.i : token.i + len(phrase)]] != list(phrase):
                continue
            before = sent.doc[max(sent.start, token.i - 4) : token.i]
            if phrase[-1] == "for" or any(t.lower_ in nouns or is_work_noun(t) for t in before):
                return sent.doc[token.i + len(phrase) - 1]
    return None


def _whose_works(cue: Token, ctx: DocContext) -> Found | None:
    """The person whose works a listing names: the owner of its subject ("Her films",
    "Jane Roe's credits") or its subject ("He is known for")."""
    verb = governing_verb(cue) if cue.pos_ not in {"VERB", "AUX"} else cue
    for child in verb.children:
        if child.dep_ not in SUBJECT_DEPS:
            continue
        owners = [c for c in child.children if c.dep_ == "poss"] or [child]
        for owner in owners:
            found = ctx.at(owner)
            if found is None and owner.pos_ == "PRON":
                people = antecedents(owner, ctx) if owner.dep_ in SUBJECT_DEPS else []
                people = people or _owner_antecedents(owner, ctx)
                found = people[0] if len(people) == 1 else None
            if _is_person(found):
                return found
    return None


def _owner_antecedents(pronoun: Token, ctx: DocContext) -> list[Found]:
    """ "Her films": the one person the sentence before is about."""
    sent = pronoun.sent
    if sent.start == 0:
        return []
    previous = pronoun.doc[sent.start - 1].sent
    people = [ctx.at(t) for t in previous if t.dep_ in SUBJECT_DEPS and _is_person(ctx.at(t))]
    return [p for p in people if p is not None][:1]


def _works_from(cue: Token, ctx: DocContext) -> list[Found]:
    """The works named after the cue in its sentence, in a list (commas, "and", years)."""
    works: list[Found] = []
    doc = cue.doc
    i = cue.i + 1
    skip = grammar().list_joiners | grammar().definite_determiners
    while i < cue.sent.end:
        found = ctx.at(doc[i])
        if _is_work(found):
            if found not in works:
                works.append(found)
            i = found.span.end
        elif doc[i].is_punct or doc[i].like_num or doc[i].lower_ in skip or doc[i].pos_ == "PRON":
            i += 1
        else:
            break
    return works


def _filmography_lines(ctx: DocContext, roles: dict[str, set[Predicate]]) -> Iterator[Fact]:
    """Works listed on the lines under a filmography heading belong to the person the
    article is about (the one it names most), if the text gives that person a film role."""
    people = [f for f in ctx.found if _is_person(f)]
    if not people:
        return
    counts: dict[str, int] = {}
    for f in people:
        surname = _names(f.mention.text)[1]
        counts[surname] = counts.get(surname, 0) + 1
    top = max(counts.values())
    leaders = [name for name, n in counts.items() if n == top]
    if len(leaders) != 1:
        return
    person = next(f for f in people if _names(f.mention.text)[1] == leaders[0])
    predicates = _predicates_for(person, roles)
    headings = context().work_nouns | triggers().genre_nouns | triggers().filmography_headings

    def filmography_heading(tokens: list[Token]) -> bool:
        return all(t.lower_ in headings or t.is_punct for t in tokens)

    for sent, first in _items_under(ctx, filmography_heading):
        work = ctx.at(first)
        if _is_work(work):
            yield from _credits(person, [work], predicates, ctx, sent)
