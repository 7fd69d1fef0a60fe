"""Readings of the dependency parse that rules of every family share.

The small model is reliable on prepositions, coordination and governing verbs, and these
helpers stick to them: the head noun of the phrase a name stands in, the verb that
governs a token, a verb's own clause, the preposition whose object a phrase is.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from kg.extract.context import Found
from kg.lexicon import grammar

_NAME_DEPS = frozenset({"compound", "nmod", "nummod", "amod", "appos", "npadvmod"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NESTED_CLAUSES = frozenset({"relcl", "ccomp", "advcl", "acl", "conj"})


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def phrase_root(token: Token) -> Token:
    """The head noun of the phrase a name sits in ("the Soyuz MS-23 spacecraft": "spacecraft")."""
    while token.dep_ in _NAME_DEPS and token.head.i != token.i:
        token = token.head
    return token


def governing_verb(token: Token) -> Token:
    """The nearest verb above ``token``, or the sentence root."""
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            return token
    return token


def verb_near(mention: Found, accept: Callable[[Token], bool]) -> Token | None:
    """An accepted verb that governs the mention's phrase, or hangs below it.

    Below covers the small model's verbless parses of captions such as "the S spacecraft
    atop a rocket launched from ...", where the verb attaches to the noun phrase.
    """
    head = phrase_root(mention.span.root)
    verb = governing_verb(head)
    if verb.pos_ in {"VERB", "AUX"} and accept(verb):
        return verb
    return next((t for t in head.subtree if t.pos_ == "VERB" and accept(t)), None)


def preposition_of(token: Token) -> Token | None:
    """The preposition whose object is the phrase ``token`` heads ("to" in "to the ISS")."""
    head = phrase_root(token)
    if head.dep_ == "pobj" and head.head.pos_ in {"ADP", "SCONJ"}:
        return head.head
    return None


def clause(verb: Token) -> list[Token]:
    """The verb's own clause: its subtree without nested clauses that have verbs of their own."""
    tokens: list[Token] = []
    stack = [verb]
    while stack:
        token = stack.pop()
        tokens.append(token)
        for child in token.children:
            if child.dep_ in _NESTED_CLAUSES and child.pos_ in {"VERB", "AUX"}:
                continue
            stack.append(child)
    return sorted(tokens, key=lambda t: t.i)


def definite(token: Token) -> bool:
    """Whether a noun is made definite by its determiner or owner ("the movie", "its crew")."""
    determiners = grammar().definite_determiners
    return any(c.dep_ in {"det", "poss"} and c.lower_ in determiners for c in token.children)


def semicolon_part(span: Span) -> Span:
    """The part of a sentence between semicolons that holds all of ``span``, or an empty
    span if a semicolon falls inside it."""
    sent, doc = span.sent, span.doc
    if any(t.text == ";" for t in span):
        return doc[span.start : span.start]
    start = max((t.i + 1 for t in sent if t.text == ";" and t.i < span.start), default=sent.start)
    end = min((t.i for t in sent if t.text == ";" and t.i >= span.end), default=sent.end)
    return doc[start:end]
