"""Who a verb or a sentence is about: the people it puts in the action, a verb's
subjects, and the people coordinated with a name ("A, B and C")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.context import DocContext, Found
from kg.extract.coref import antecedents, subject_people
from kg.extract.syntax import SUBJECT_DEPS, governing_verb, lemma
from kg.lexicon import triggers
from kg.vocab import EntityType

PEOPLE: frozenset[EntityType] = frozenset({"Person"})


def people_in(sent: Span, ctx: DocContext) -> list[Found]:
    """The people a sentence puts in the action: named people not argued about by a
    speech or social verb ("invited X") nor owned by a noun ("a portrait of X"), and the
    antecedents of subject pronouns."""
    blocking = triggers().blocking_verbs
    people: list[Found] = []
    for f in ctx.in_sentence(sent, PEOPLE):
        root = f.span.root
        if root.dep_ == "pobj" and root.head.lower_ == "of":  # "a portrait of Valentina Tereshkova"
            continue
        if lemma(governing_verb(root)) not in blocking:
            people.append(f)
    for token in sent:
        if token.pos_ == "PRON":
            people.extend(
                a for a in antecedents(token, ctx) if a.mention.type == "Person" and a not in people
            )
    return people


def subjects(verb: Token, ctx: DocContext) -> list[Found]:
    """People who are the subject of ``verb`` (with conjuncts and pronoun antecedents),
    climbing from an infinitive to the verb it completes ("X will assist and play")."""
    token = verb
    while True:
        found = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if found or token.dep_ not in {"conj", "xcomp", "advcl"} or token.head.i == token.i:
            break
        token = token.head
    people: list[Found] = []
    if not found:
        # the small model sometimes parses "Serova and Orlov plan to ..." as a noun
        # phrase; then the people named before the verb, outside prepositions, are its subject
        before = [
            f for f in people_in(verb.sent, ctx)
            if f.span.end <= verb.i and f.span.sent.start == verb.sent.start
            and f.span.root.dep_ not in {"pobj", "dobj", "appos", "poss"}
        ]  # fmt: skip
        return before or elided_subject(token, ctx)
    for subject in found:
        if subject.pos_ == "PRON":
            people.extend(antecedents(subject, ctx))
            continue
        for member in [subject, *(t for t in subject.subtree if t.dep_ == "conj")]:
            f = ctx.at(member)
            if f is not None and f.mention.type == "Person" and f not in people:
                people.append(f)
    return people


ELIDED_SUBJECT_REACH = 4
"""How many subjectless sentences of a résumé may follow the one that names its person."""


def elided_subject(verb: Token, ctx: DocContext) -> list[Found]:
    """The person of a résumé's subjectless sentence: "Vasko was a veteran of two flights.
    Served as pilot on STS-90." A past-tense verb opens the sentence; its person is the
    one subject of the nearest sentence before it in the paragraph, over other subjectless
    sentences, or the person a line opens with ("Ada Vasko: Born in Orton.")."""
    sent = verb.sent
    if verb.i != _first_word(sent) or verb.tag_ not in {"VBD", "VBN"}:
        return []
    doc = verb.doc
    for _ in range(ELIDED_SUBJECT_REACH):
        if sent.start == 0 or "\n\n" in doc[sent.start - 1].whitespace_:
            return []
        sent = doc[sent.start - 1].sent
        people = subject_people(sent, ctx)
        if people:
            return people if len(people) == 1 else []
        first = ctx.at(doc[_first_word(sent)])
        if first is not None and first.mention.type == "Person":
            after = first.span.end
            return [first] if after < len(doc) and doc[after].text == ":" else []
        if any(t.dep_ in SUBJECT_DEPS for t in sent):
            return []  # another subject speaks here
    return []


def _first_word(sent: Span) -> int:
    return next((t.i for t in sent if not (t.is_space or t.is_punct)), sent.start)


def coordinated(found: Found, people: dict[int, Found]) -> list[Found]:
    """``found`` and the people coordinated with it ("A, B and C"), the parse's apposition
    of a list's second name included when a conjunct follows it ("A, B, C and D")."""
    result = [found]
    queue = [found.span.root]
    while queue:
        token = queue.pop()
        for child in token.children:
            if child.i not in people or people[child.i] in result:
                continue
            if child.dep_ == "conj" or (child.dep_ == "appos" and _heads_a_list(child, people)):
                result.append(people[child.i])
                queue.append(child)
    return result


def _heads_a_list(token: Token, people: dict[int, Found]) -> bool:
    """Whether a person's name has a person coordinated with it: "B, C and D"."""
    return any(c.dep_ == "conj" and c.i in people for c in token.children)
