"""What "the film", "the station" and "they" refer to inside one document.

Deliberately narrow: a definite description of a kind ("the movie", "the drama", "the
space station") names the document's one entity of that kind (kg.extract.topics), or
nothing when the document names several; a subject pronoun names the people who were
the subject of the sentence before. Anything less certain is left unresolved.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.context import DocContext, Found
from kg.extract.syntax import SUBJECT_DEPS, definite
from kg.lexicon import context, grammar, triggers
from kg.vocab import EntityType

THING = 0
"""What "it" stands for, in kg/data/grammar.json's pronouns (1: one person, 2: several)."""
_CHAIN = 2
"""How many sentences back a pronoun may follow the same pronoun to its name."""


def refers_to(token: Token, ctx: DocContext) -> Found | None:
    """The mention ``token`` names: itself a mention, or a definite description of the
    document's one work ("the movie"), station ("the space station") or craft."""
    direct = ctx.at(token)
    if direct is not None:
        return direct
    if grammar().pronouns.get(token.lower_) == THING:
        found = antecedents(token, ctx)
        return found[0] if found else None
    if token.pos_ in {"NOUN", "PROPN"}:
        # "the Soyuz MS-24 spacecraft": the noun's own name, not the document's topic
        named = next((f for t in token.lefts if (f := ctx.at(t)) is not None), None)
        if named is not None:
            return named
    if token.pos_ not in {"NOUN", "PROPN"} or not definite(token):
        return None
    word, work_nouns = token.lower_, context().work_nouns
    if word in work_nouns or token.lemma_.lower() in work_nouns:
        return ctx.topics.main_work
    if word in triggers().station_nouns:
        return ctx.topics.station
    if word in triggers().craft_nouns:
        return ctx.topics.craft
    if word in triggers().mission_nouns:
        return ctx.topics.mission or last_named_mission(token, ctx)
    return None


RECENT_SENTENCES = 3
"""How many sentences back (within a paragraph) "the mission" may point."""


def last_named_mission(token: Token, ctx: DocContext) -> Found | None:
    """The one mission named last before ``token``: in its sentence before it, else in the
    nearest sentence of the paragraph (at most a few back) that names any. "X will command
    Expedition 16. The flight engineers for the mission include ..."."""
    return last_named(token, ctx, "Mission")


def last_named(token: Token, ctx: DocContext, kind: EntityType) -> Found | None:
    """The one name of class ``kind`` named last before ``token`` in its paragraph (see
    :func:`last_named_mission`): "A, B and C launched aboard Soyuz MS-40. They docked ..."."""
    doc, sent = ctx.doc, token.sent
    end = token.i
    for _ in range(RECENT_SENTENCES + 1):
        named = [
            f for f in ctx.between(sent.start, end) if f.mention.type == kind and f.span.end <= end
        ]
        if named:
            names = {f.mention.canonical or f.mention.text for f in named}
            return named[-1] if len(names) == 1 else None
        before = doc[sent.start - 1] if sent.start > 0 else None
        if before is None or "\n\n" in before.whitespace_ or before.is_space:
            return None  # the paragraph starts here
        sent = before.sent
        end = sent.end
    return None


def subject_people(sent: Span, ctx: DocContext) -> list[Found]:
    """The people who are the grammatical subject of a sentence (with their conjuncts)."""
    people: list[Found] = []
    for token in sent:
        if token.dep_ not in SUBJECT_DEPS:
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
    words = grammar()
    if (
        word in words.relative_pronouns
        and pronoun.dep_ in SUBJECT_DEPS
        and pronoun.head.dep_ == "relcl"
    ):
        noun = pronoun.head.head  # "X, a former NASA astronaut who ...": through the apposition
        described = ctx.at(noun) or (ctx.at(noun.head) if noun.dep_ == "appos" else None)
        return [described] if described is not None else []
    need = words.pronouns.get(word)
    if need is None or (need != THING and pronoun.dep_ not in SUBJECT_DEPS):
        return []
    sent = pronoun.sent
    if need == 1 and pronoun.head.dep_ in {"relcl", "advcl", "ccomp"}:
        own = [p for p in subject_people(sent, ctx) if not p.span.start <= pronoun.i < p.span.end]
        if len(own) == 1:
            return own
    if sent.start == 0:
        return []
    previous = pronoun.doc[sent.start - 1].sent
    if need == THING:
        things = [ctx.at(t) for t in previous if t.dep_ in SUBJECT_DEPS]
        found = [f for f in things if f is not None and f.mention.type != "Person"][:1]
    else:
        people = subject_people(previous, ctx)
        found = (
            people if (need == 1 and len(people) == 1) or (need == 2 and len(people) >= 2) else []
        )
    if not found and depth < _CHAIN:  # "Myers ... She edited ... She went on to direct ..."
        same = [t for t in previous if t.dep_ in SUBJECT_DEPS and t.lower_ == word]
        if same:
            return antecedents(same[0], ctx, depth + 1)
    return found
