"""Facts between mentions in one sentence: roles and crews.

Rules read the dependency parse where it is reliable (coordination, governing verbs)
and the surface order where the small model's parse is not (role nouns right before
a name). Each fact records the rule that produced it and a confidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache

from spacy.tokens import Span, Token

from kg.clean import CleanText
from kg.extract.mentions import Found
from kg.paths import DATA_DIR
from kg.records import Fact

CRAFT_TYPES = frozenset({"Spacecraft"})
"""Crewed craft; a station is a destination and a rocket a carrier, not something a crew is 'of'."""

CREW_VERBS = frozenset(
    {
        "fly", "return", "travel", "ride", "launch", "lift", "blast", "take", "head", "depart",
        "leave", "arrive", "dock", "land", "set", "board", "sit", "spend", "go", "carry", "bring",
        "ferry", "transport", "lift-off", "liftoff", "climb", "strap", "be",
    }
)  # fmt: skip
"""Verbs that put people in a craft: "return on the S", "fly aboard S", "S lifted off ..."."""

BLOCKING_VERBS = frozenset(
    {
        "say", "tell", "announce", "invite", "explain", "add", "note", "confirm", "congratulate",
        "meet", "thank", "praise", "criticize", "accuse", "ask", "urge", "welcome", "watch",
        "greet", "interview", "attend", "report", "sign", "decide", "order",
    }
)  # fmt: skip
"""Verbs whose arguments talk about a flight rather than fly it."""

_ROLE_PREFIX_MAX_WORDS = 3
_APPOSITION_MAX_MODIFIERS = 3
_APPOSITION_END = frozenset({"of", "at", "for", "with", "and", "who", "in", "since", "from"})


@cache
def role_nouns() -> frozenset[str]:
    lines = (DATA_DIR / "roles.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def sentence_span(span: Span, clean: CleanText) -> tuple[int, int]:
    sent = span.sent
    return clean.span_to_original(sent.start_char, sent.end_char)


_VERB_CONTEXT = frozenset(
    {"to", "will", "would", "can", "could", "should", "must", "may", "might", "did", "does", "do"}
)


def _role_ending_at(tokens: Sequence[Token]) -> str | None:
    """The longest role noun phrase that ends with the last of ``tokens``, singular.

    The part of speech is not checked: the small model often tags a role noun before a
    name as a verb ("Roscosmos head Dmitry Rogozin", "billionaires Jeff Bezos"). A word
    after "to" or a modal is taken for the verb it is ("will head").
    """
    if not tokens:
        return None
    before = tokens[-1].nbor(-1) if tokens[-1].i > tokens[-1].sent.start else None
    if before is not None and before.lower_ in _VERB_CONTEXT:
        return None
    roles = role_nouns()
    for n in range(min(_ROLE_PREFIX_MAX_WORDS, len(tokens)), 0, -1):
        words = [t.lower_ for t in tokens[-n:]]
        for last in dict.fromkeys((words[-1], tokens[-1].lemma_.lower())):
            phrase = " ".join([*words[:-1], last])
            if phrase in roles:
                return phrase
    return None


def _coordinated(found: Found, people: dict[int, Found]) -> list[Found]:
    """``found`` and the people coordinated with it ("A, B and C")."""
    result = [found]
    queue = [found.span.root]
    while queue:
        token = queue.pop()
        for child in token.children:
            if child.dep_ == "conj" and child.i in people and people[child.i] not in result:
                result.append(people[child.i])
                queue.append(child)
    return result


def role_facts(found: Iterable[Found], clean: CleanText) -> Iterator[Fact]:
    """hasRole from "actress X", "billionaires X and Y", "X, a trained cosmonaut", "X (pilot)"."""
    people = [f for f in found if f.mention.type == "Person"]
    by_root = {f.span.root.i: f for f in people}
    for f in people:
        span, doc = f.span, f.span.doc
        sentence = sentence_span(span, clean)
        before = doc[max(span.sent.start, span.start - _ROLE_PREFIX_MAX_WORDS) : span.start]
        role = _role_ending_at(list(before))
        if role:
            # matched through the lemma ("billionaires" -> "billionaire"): a plural role
            plural = not role.endswith(before[-1].lower_)
            for target in _coordinated(f, by_root) if plural else [f]:
                yield Fact(target.mention, "hasRole", role, "role-premodifier", 0.9, sentence)
        after = doc[span.end : span.sent.end]
        if len(after) >= 3 and after[0].text == "(":
            role = _role_ending_at([after[1]])
            if role and after[2].text == ")":
                yield Fact(f.mention, "hasRole", role, "role-parenthesis", 0.9, sentence)
        elif len(after) >= 2 and after[0].text == ",":
            role = _appositive_role(after[1:])
            if role:
                yield Fact(f.mention, "hasRole", role, "role-apposition", 0.85, sentence)


def _appositive_role(tokens: Span) -> str | None:
    """The role noun heading an apposition: ", a trained cosmonaut at ...", ", head of ...".

    Only lower-case modifiers may stand before the role, and the apposition must end
    right after it (punctuation, a preposition, a relative pronoun or the sentence end),
    so a following name in a list ("X, director Y and ...") is not taken for one.
    """
    words = list(tokens)
    if words and words[0].lower_ in {"a", "an", "the"}:
        words = words[1:]
    for end in range(1, min(len(words), _APPOSITION_MAX_MODIFIERS + 1) + 1):
        token = words[end - 1]
        if (
            token.is_punct
            or token.ent_type_
            or token.like_num
            or token.pos_ in {"AUX", "ADP", "PRON"}
        ):
            return None
        if token.tag_ in {"VBD", "VBZ", "VBP", "MD"}:  # a finite verb: a clause, not an apposition
            return None
        role = _role_ending_at(words[:end])
        if role:
            following = words[end] if end < len(words) else None
            if following is None or following.is_punct or following.lower_ in _APPOSITION_END:
                return role
        if not token.is_lower:
            return None
    return None


def governing_verb(token: Token) -> Token:
    """The nearest verb above ``token``, or the sentence root."""
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            return token
    return token


_NOUN_PHRASE_DEPS = frozenset({"compound", "nmod", "nummod", "amod", "appos", "npadvmod"})


def phrase_head(token: Token) -> Token:
    """The head noun of the phrase a name sits in ("the Soyuz MS-18 spacecraft": "spacecraft")."""
    while token.dep_ in _NOUN_PHRASE_DEPS and token.head.i != token.i:
        token = token.head
    return token


def verb_near(mention: Found, accept: Callable[[Token], bool]) -> bool:
    """Whether an accepted verb governs the mention's phrase or hangs below it.

    Below covers the small model's verbless parses of captions such as "the S spacecraft
    atop a rocket launched from ...", where the verb attaches to the noun phrase.
    """
    head = phrase_head(mention.span.root)
    verb = governing_verb(head)
    if verb.pos_ in {"VERB", "AUX"} and accept(verb):
        return True
    return any(t.pos_ == "VERB" and accept(t) for t in head.subtree)


def _crew_verb(token: Token) -> bool:
    return token.lemma_.lower() in CREW_VERBS


def crew_facts(found: Sequence[Found], clean: CleanText) -> Iterator[Fact]:
    """crewMemberOf: people in a sentence that puts them in a craft ("returning in S with X")."""
    crafts = [f for f in found if f.mention.type in CRAFT_TYPES]
    for craft in crafts:
        if not verb_near(craft, _crew_verb):
            continue
        sent = craft.span.sent
        for person in found:
            if person.mention.type != "Person" or person.span.sent != sent:
                continue
            if governing_verb(person.span.root).lemma_.lower() in BLOCKING_VERBS:
                continue
            yield Fact(
                person.mention,
                "crewMemberOf",
                craft.mention,
                "crew-sentence",
                0.7,
                sentence_span(sent, clean),
            )
