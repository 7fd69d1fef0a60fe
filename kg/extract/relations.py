"""Facts between mentions in one sentence.

Rules read the dependency parse where the small model is reliable (prepositions,
coordination, governing verbs) and the surface order where it is not (a role noun right
before a name is often tagged as a verb). Each fact records its rule and a confidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from spacy.tokens import Span, Token

from kg.extract.coref import DocContext, antecedents, phrase_root, refers_to
from kg.extract.mentions import Found, sentence_offsets
from kg.nlp.components import PLAY_VERBS as COMPONENT_PLAY_VERBS
from kg.nlp.components import ROLE_MAX_WORDS, role_ending_at
from kg.records import Fact
from kg.text.clean import CleanText

CRAFT_TYPES = frozenset({"Spacecraft"})
"""Crewed craft; a station is a destination and a rocket a carrier, not something a crew is 'of'."""

CREW_VERBS = frozenset(
    {
        "fly", "return", "travel", "ride", "launch", "lift", "blast", "take", "head", "depart",
        "leave", "arrive", "dock", "land", "set", "board", "sit", "spend", "go", "carry", "bring",
        "ferry", "transport", "climb", "strap", "be",
    }
)  # fmt: skip
"""Verbs that put people in a craft: "return on the S", "fly aboard S", "S lifted off ..."."""

BLOCKING_VERBS = frozenset(
    {
        "say", "tell", "announce", "invite", "explain", "add", "note", "confirm", "congratulate",
        "meet", "thank", "praise", "criticize", "accuse", "ask", "urge", "welcome", "watch",
        "greet", "interview", "attend", "report", "sign", "decide", "order", "tweet", "describe",
    }
)  # fmt: skip
"""Verbs whose arguments talk about a flight rather than fly it."""

FLIGHT_NOUNS = frozenset(
    {"flight", "spaceflight", "mission", "trip", "journey", "voyage", "expedition"}
)
"""Nouns that stand for the flight itself: "S was a crewed spaceflight to the ISS"."""
PLAY_VERBS = COMPONENT_PLAY_VERBS | {"appear"}
PRODUCTION_NOUNS = frozenset(
    {"project", "production", "co-production", "coproduction", "collaboration", "venture"}
)
PRODUCER_NOUNS = frozenset({"producer", "producers", "co-producer", "co-producers"})

_APPOSITION_MAX_MODIFIERS = 3
_APPOSITION_END = frozenset({"of", "at", "for", "with", "and", "who", "in", "since", "from"})


def _fact(
    subject: Found,
    predicate: str,
    obj: Found | str,
    rule: str,
    confidence: float,
    where: Span,
    clean: CleanText,
) -> Fact:
    """A fact stated in the sentence of ``where`` (not always the subject's: "They return ...")."""
    value = obj.mention if isinstance(obj, Found) else obj
    sentence = sentence_offsets(where, clean)
    return Fact(
        subject.mention, predicate, value, rule, confidence, sentence, subject.mention.doc_id
    )


# ---------------------------------------------------------------------------- syntax helpers


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


def _preposition_of(token: Token) -> Token | None:
    """The preposition whose object is the phrase ``token`` heads ("to" in "to the ISS")."""
    head = phrase_root(token)
    if head.dep_ == "pobj" and head.head.pos_ in {"ADP", "SCONJ"}:
        return head.head
    return None


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _crew_verb(token: Token) -> bool:
    return _lemma(token) in CREW_VERBS


def _in_sentence(found: Sequence[Found], sent: Span, types: set[str]) -> list[Found]:
    return [f for f in found if f.mention.type in types and f.span.sent.start == sent.start]


def people_in(sent: Span, ctx: DocContext) -> list[Found]:
    """The people a sentence puts in the action: named people not argued about by a
    speech or social verb ("invited X") nor owned by a noun ("a portrait of X"), and the
    antecedents of subject pronouns."""
    people: list[Found] = []
    for f in _in_sentence(ctx.found, sent, {"Person"}):
        root = f.span.root
        if root.dep_ == "pobj" and root.head.lower_ == "of":  # "a portrait of Valentina Tereshkova"
            continue
        if _lemma(governing_verb(root)) not in BLOCKING_VERBS:
            people.append(f)
    for token in sent:
        if token.pos_ == "PRON":
            people.extend(
                a for a in antecedents(token, ctx) if a.mention.type == "Person" and a not in people
            )
    return people


# ---------------------------------------------------------------------------- roles and membership


def _organization_before(index: int, ctx: DocContext) -> Found | None:
    """The organization right before token ``index`` ("NASA astronaut", "ESA (European Space
    Agency) astronaut"), if any."""
    doc = ctx.doc
    k = index - 1
    start = doc[index].sent.start if index < len(doc) else 0
    # "SpaceX founder and chief engineer": step back over coordinated role nouns
    while k - 1 >= start and doc[k].lower_ == "and" and role_ending_at([doc[k - 1]]) is not None:
        k -= 2
    if k >= start and doc[k].text == ")":
        opening = next((t.i for t in reversed(doc[start:k]) if t.text == "("), None)
        k = opening - 1 if opening is not None else k
    org = ctx.at(doc[k]) if k >= start else None
    return org if org is not None and org.mention.type == "Organization" else None


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


def _appositive_role(tokens: Span, ctx: DocContext) -> tuple[str, Found | None] | None:
    """The role noun heading an apposition and the organization it is "of":
    ", a trained cosmonaut at ...", ", head of the Russian space agency Roscosmos".

    Only lower-case modifiers may stand before the role, and the apposition must end
    right after it (punctuation, a preposition, a relative pronoun or the sentence end),
    so a following name in a list ("X, director Y and ...") is not taken for one.
    """
    words = list(tokens)
    if words and words[0].lower_ in {"a", "an", "the"}:
        words = words[1:]
    employer: Found | None = None
    for end in range(1, min(len(words), _APPOSITION_MAX_MODIFIERS + 1) + 1):
        token = words[end - 1]
        at = ctx.at(token)
        if at is not None and at.mention.type == "Organization":  # "a former NASA astronaut"
            employer = at
            continue
        if (
            token.is_punct
            or token.ent_type_
            or token.like_num
            or token.pos_ in {"AUX", "ADP", "PRON"}
        ):
            return None
        if token.tag_ in {"VBD", "VBZ", "VBP", "MD"}:  # a finite verb: a clause, not an apposition
            return None
        role = role_ending_at(words[:end])
        if role:
            following = words[end] if end < len(words) else None
            if following is None or following.is_punct or following.lower_ in _APPOSITION_END:
                org = _organization_after_of(words[end:], ctx) if following is not None else None
                return role, org or employer
        if not token.is_lower:
            return None
    return None


def _organization_after_of(tokens: Sequence[Token], ctx: DocContext) -> Found | None:
    """The organization in "of [the ...] ORG" right after a role noun."""
    if not tokens or tokens[0].lower_ != "of":
        return None
    for token in tokens[1:6]:
        f = ctx.at(token)
        if f is not None:
            return f if f.mention.type == "Organization" else None
        if token.is_punct and token.text != "'":
            return None
    return None


def role_facts(ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    """hasRole from "actress X", "billionaires X and Y", "X, a trained cosmonaut", "X (pilot)";
    memberOf from "Roscosmos head X", "NASA astronaut X" and "X, head of Roscosmos"."""
    people = [f for f in ctx.found if f.mention.type == "Person"]
    by_root = {f.span.root.i: f for f in people}
    for f in people:
        span, doc = f.span, f.span.doc
        before = doc[max(span.sent.start, span.start - ROLE_MAX_WORDS) : span.start]
        role = role_ending_at(list(before))
        role_start = span.start - len(role.split()) if role else span.start
        if role and role_start - 2 >= span.sent.start and doc[role_start - 1].lower_ == "and":
            other = role_ending_at([doc[role_start - 2]])  # "founder and chief engineer X"
            if other is not None:
                yield _fact(f, "hasRole", other, "role-premodifier", 0.85, span, clean)
        if role:
            # matched through the lemma ("billionaires" -> "billionaire"): a plural role
            plural = not role.endswith(before[-1].lower_)
            targets = _coordinated(f, by_root) if plural else [f]
            org = _organization_before(span.start - len(role.split()), ctx)
            for target in targets:
                yield _fact(target, "hasRole", role, "role-premodifier", 0.9, span, clean)
                if org is not None and org.mention.type == "Organization":
                    yield _fact(
                        target, "memberOf", org, "organization-role-premodifier", 0.85, span, clean
                    )
        yield from _copula_roles(f, by_root, clean)
        # "Yuri Lonchakov of Roscosmos"
        if span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
            org = _organization_after_of(list(doc[span.end : span.sent.end]), ctx)
            if org is not None:
                yield _fact(f, "memberOf", org, "person-of-organization", 0.75, span, clean)
                # "Oleg Orlov and Petr Zubov of Roscosmos": the "of" serves both
                before_and = doc[span.start - 2] if span.start - 2 >= span.sent.start else None
                partner = (
                    ctx.at(before_and)
                    if before_and is not None and doc[span.start - 1].lower_ == "and"
                    else None
                )
                if (
                    partner is not None
                    and partner.mention.type == "Person"
                    and partner.span.end == span.start - 1
                ):
                    yield _fact(
                        partner, "memberOf", org, "person-of-organization", 0.7, span, clean
                    )
        after = doc[span.end : span.sent.end]
        if len(after) >= 3 and after[0].text == "(":
            role = role_ending_at([after[1]])
            if role and after[2].text == ")":
                yield _fact(f, "hasRole", role, "role-parenthesis", 0.9, span, clean)
        elif len(after) >= 2 and after[0].text == ",":
            found = _appositive_role(after[1:], ctx)
            if found:
                role, org = found
                yield _fact(f, "hasRole", role, "role-apposition", 0.85, span, clean)
                if org is not None:
                    yield _fact(f, "memberOf", org, "role-of-organization", 0.85, span, clean)


def _copula_roles(f: Found, people: dict[int, Found], clean: CleanText) -> Iterator[Fact]:
    """ "Chari is the mission commander", "Barron and Maurer are mission specialists"."""
    root = f.span.root
    if root.dep_ != "nsubj" or root.head.lemma_ != "be":
        return
    for attr in root.head.children:
        if attr.dep_ != "attr":
            continue
        modifiers = [c for c in attr.lefts if c.dep_ in {"compound", "amod"}]
        role = role_ending_at([*modifiers, attr])
        if role:
            for target in _coordinated(f, people):
                yield _fact(target, "hasRole", role, "role-copula", 0.85, f.span, clean)


SERVE_VERBS = frozenset({"serve", "act", "work", "fly"})
"""Verbs that give a role by "as" ("served as commander") or an employer by "for"."""
LEAD_VERBS = {
    "found": "founder",
    "co-found": "co-founder",
    "cofound": "co-founder",
    "lead": "",
    "head": "",
    "run": "",
    "chair": "chairman",
}
"""Verbs whose subject belongs to the organization they take, with the role they give."""
COMMAND_OBJECTS = frozenset(
    {"flight", "mission", "crew", "spacecraft", "expedition", "station", "craft"}
)


def service_facts(ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    """hasRole from "X served as (its) commander", memberOf from "X works for Axiom Space"
    (also through a relative clause: "X, who served as ...")."""
    for verb in ctx.doc:
        if verb.pos_ == "VERB" and (_lemma(verb) in LEAD_VERBS or _lemma(verb) == "command"):
            yield from _leads(verb, ctx, clean)
        if verb.pos_ != "VERB" or _lemma(verb) not in SERVE_VERBS:
            continue
        people = subjects(verb, ctx)
        for prep in (c for c in verb.children if c.dep_ == "prep") if people else ():
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                if prep.lower_ == "as":
                    modifiers = [c for c in obj.lefts if c.dep_ in {"compound", "amod"}]
                    role = role_ending_at([*modifiers, obj])
                    if role is not None:
                        for person in people:
                            yield _fact(person, "hasRole", role, "served-as", 0.8, verb.sent, clean)
                elif prep.lower_ == "for" and _lemma(verb) == "work":
                    org = ctx.at(obj)
                    if org is not None and org.mention.type == "Organization":
                        for person in people:
                            yield _fact(person, "memberOf", org, "works-for", 0.8, verb.sent, clean)


def _leads(verb: Token, ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    """ "Bezos founded Blue Origin" (memberOf, founder), "X heads Roscosmos" (memberOf),
    "X, who commands the flight" (commander)."""
    people = subjects(verb, ctx)
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if _lemma(verb) == "command":
            target = refers_to(obj, ctx)
            if obj.lemma_.lower() in COMMAND_OBJECTS or (
                target is not None and target.mention.type in CRAFT_TYPES
            ):
                for person in people:
                    yield _fact(person, "hasRole", "commander", "commands", 0.75, verb.sent, clean)
            continue
        org = ctx.at(obj)
        if org is None or org.mention.type != "Organization":
            continue
        for person in people:
            yield _fact(person, "memberOf", org, "leads-organization", 0.8, verb.sent, clean)
            if LEAD_VERBS[_lemma(verb)]:
                yield _fact(
                    person,
                    "hasRole",
                    LEAD_VERBS[_lemma(verb)],
                    "leads-organization",
                    0.8,
                    verb.sent,
                    clean,
                )


# ---------------------------------------------------------------------------- crews and flights


def crew_facts(ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    """crewMemberOf: people in a sentence that puts them in a craft ("returning in S with X")."""
    for craft in ctx.found:
        if craft.mention.type not in CRAFT_TYPES or verb_near(craft, _crew_verb) is None:
            continue
        for person in people_in(craft.span.sent, ctx):
            yield _fact(person, "crewMemberOf", craft, "crew-sentence", 0.7, craft.span, clean)


def _craft_references(ctx: DocContext) -> list[tuple[Token, Found]]:
    """Every place a crewed craft is named or referred to ("It launched ...", "the spacecraft");
    found once per document."""
    found = ctx.memo.get("craft_references")
    if found is None:
        found = ctx.memo["craft_references"] = list(_find_craft_references(ctx))
    return found


def _find_craft_references(ctx: DocContext) -> Iterator[tuple[Token, Found]]:
    for token in ctx.doc:
        found = refers_to(token, ctx)
        if found is None or found.mention.type not in CRAFT_TYPES:
            continue
        if found.span.start <= token.i < found.span.end:
            if token.i == found.span.root.i:
                yield token, found
        else:
            yield token, found


CREW_NOUNS = frozenset({"crew", "crewmembers", "crewmember"})
_LISTING_VERBS = frozenset({"be", "include", "comprise", "consist"})


def crew_list_facts(ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    """crewMemberOf from "Its crew were A, B and C", "the crew of S included A and B"."""
    for noun in ctx.doc:
        if noun.lower_ not in CREW_NOUNS or noun.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None:
            of = next((c for c in noun.children if c.lower_ == "of"), None)
            owner = next((o for o in of.children if o.dep_ == "pobj"), None) if of else None
        craft = refers_to(owner, ctx) if owner is not None else None
        verb = noun.head
        if (
            craft is None
            or craft.mention.type not in CRAFT_TYPES
            or _lemma(verb) not in _LISTING_VERBS
        ):
            continue
        for token in verb.subtree:
            person = ctx.at(token) if token.i > noun.i else None
            if (
                person is not None
                and person.mention.type == "Person"
                and token.i == person.span.root.i
            ):
                yield _fact(person, "crewMemberOf", craft, "crew-list", 0.8, verb.sent, clean)


_DESTINATIONS = frozenset({"SpaceStation", "Place", "Spacecraft"})


_BULLETS = frozenset({"-", "–", "—", "•", "*", "·"})
_CREW_CUES = frozenset(
    {"crew", "crews", "crewmembers", "aboard", "astronauts", "cosmonauts", "people"}
)


def crew_table_facts(ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    """An encyclopedia's crew list: under "Crew" (or a sentence ending "...aboard:"), lines
    "- Maksim Surayev (Roscosmos) – commander" give crewMemberOf the craft the header or the
    article names, memberOf the organization in brackets, and hasRole the role after it."""
    doc = ctx.doc
    header: Span | None = None
    for sent in doc.sents:
        first = next((t for t in sent if not t.is_space), None)
        if first is None:
            continue
        if first.text not in _BULLETS:
            header = sent
            continue
        if header is None or not ({t.lower_ for t in header} & _CREW_CUES):
            continue
        person = next((f for f in _in_sentence(ctx.found, sent, {"Person"})), None)
        if person is None:
            continue
        craft = _craft_named_in(header, ctx) or ctx.craft
        if craft is not None:
            yield _fact(person, "crewMemberOf", craft, "crew-table", 0.75, sent, clean)
        after = [t for t in doc[person.span.end : sent.end] if not t.is_space]
        if len(after) >= 3 and after[0].text == "(":
            org = ctx.at(after[1])
            if org is not None and org.mention.type == "Organization":
                yield _fact(person, "memberOf", org, "crew-table", 0.75, sent, clean)
            after = after[next((i for i, t in enumerate(after) if t.text == ")"), 0) + 1 :]
        if after and after[0].text in {",", *_BULLETS, ":"}:
            words = [t for t in after[1:] if t.is_alpha]
            role = next(
                (r for n in range(len(words), 0, -1) if (r := role_ending_at(words[:n]))), None
            )
            if role is not None:
                yield _fact(person, "hasRole", role, "crew-table", 0.8, sent, clean)


def _craft_named_in(span: Span, ctx: DocContext) -> Found | None:
    crafts = [
        f for t in span if (f := refers_to(t, ctx)) is not None and f.mention.type in CRAFT_TYPES
    ]
    return crafts[-1] if crafts else None


def flight_facts(ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    """launchVehicle ("S atop a R rocket", "It launched atop a R rocket") and destination
    ("fly on S to the ISS", "S was a crewed spaceflight to the ISS") in a flight clause."""
    for token, craft in _craft_references(ctx):
        head = phrase_root(token)
        verb: Token | None = governing_verb(head)
        if verb is None or verb.pos_ not in {"VERB", "AUX"} or not _crew_verb(verb):
            verb = verb_near(craft, _crew_verb) if token.i == craft.span.root.i else None
        sent = token.sent
        anchors = {head.i} | ({verb.i} if verb is not None else set())
        # "carried by a R rocket": the participle modifying the craft
        anchors |= {c.i for c in head.children if c.dep_ == "acl"}
        for rocket in _in_sentence(ctx.found, sent, {"LaunchVehicle"}):
            prep = _preposition_of(rocket.span.root)
            if (
                prep is not None
                and prep.lower_ in {"atop", "on", "aboard", "by"}
                and prep.head.i in anchors
            ):
                yield _fact(craft, "launchVehicle", rocket, "craft-atop-rocket", 0.85, sent, clean)
        if verb is None:
            continue
        # "S was a crewed spaceflight to the ISS": the flight noun stands for the craft
        anchors |= {
            c.i for c in verb.children if c.dep_ in {"attr", "dobj"} and _lemma(c) in FLIGHT_NOUNS
        }
        for anchor in (sent.doc[i] for i in sorted(anchors)):
            for prep in (c for c in anchor.children if c.lower_ in {"to", "towards", "toward"}):
                for obj in (o for o in prep.children if o.dep_ == "pobj"):
                    target = refers_to(obj, ctx)  # "to the station": the article's station
                    if (
                        target is not None
                        and target is not craft
                        and target.mention.type in _DESTINATIONS
                    ):
                        yield _fact(craft, "destination", target, "flight-to", 0.8, sent, clean)


# ---------------------------------------------------------------------------- films


def film_facts(ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    """actedIn ("In F, X will play ...", "X ... play roles in the drama"), producedBy
    ("the movie is a joint project between A, B and C", "the film's producers are A and B",
    "F, produced by A"), directedBy ("directed by X")."""
    for token in ctx.doc:
        lemma = _lemma(token)
        if token.pos_ in {"VERB", "AUX"} and lemma in PLAY_VERBS:
            yield from _acted_in(token, ctx, clean)
        elif lemma in PRODUCTION_NOUNS and token.dep_ in {"attr", "acomp"}:
            yield from _joint_production(token, ctx, clean)
        elif token.lower_ in PRODUCER_NOUNS and token.dep_ in {"nsubj", "attr"}:
            yield from _producers_are(token, ctx, clean)
        elif token.pos_ == "VERB" and lemma in {"direct", "produce"}:
            passive = any(c.dep_ == "agent" for t in (token, *token.conjuncts) for c in t.children)
            yield from (_made_by if passive else _makes)(token, ctx, clean)
        elif token.lower_ == "starring" or (token.lower_ == "cast" and token.head.lower_ == "as"):
            yield from _starring(token, ctx, clean)


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
                if work is not None and work.mention.type in {"CreativeWork", "Film"}:
                    return work
        if prep is first:
            nxt = first.nbor(1) if first.i + 1 < len(first.doc) else None
            quoted = nxt.nbor(1) if nxt is not None and nxt.text in {'"', "“", "‘"} else nxt
            work = ctx.at(quoted) if quoted is not None else None
            if work is not None and work.mention.type in {"CreativeWork", "Film"}:
                return work
    return None


def subjects(verb: Token, ctx: DocContext) -> list[Found]:
    """People who are the subject of ``verb`` (with conjuncts and pronoun antecedents),
    climbing from an infinitive to the verb it completes ("X will assist and play")."""
    token = verb
    while True:
        subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects or token.dep_ not in {"conj", "xcomp", "advcl"} or token.head.i == token.i:
            break
        token = token.head
    people: list[Found] = []
    if not subjects:
        # the small model sometimes parses "Serova and Orlov plan to ..." as a noun
        # phrase; then the people named before the verb, outside prepositions, are its subject
        return [
            f for f in people_in(verb.sent, ctx)
            if f.span.end <= verb.i and f.span.sent.start == verb.sent.start
            and f.span.root.dep_ not in {"pobj", "dobj", "appos", "poss"}
        ]  # fmt: skip
    for subject in subjects:
        if subject.pos_ == "PRON":
            people.extend(antecedents(subject, ctx))
            continue
        for member in [subject, *(t for t in subject.subtree if t.dep_ == "conj")]:
            f = ctx.at(member)
            if f is not None and f.mention.type == "Person" and f not in people:
                people.append(f)
    return people


def _acted_in(verb: Token, ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    work = _work_in(verb, ctx)
    if work is None:
        return
    for person in subjects(verb, ctx):
        yield _fact(person, "actedIn", work, "plays-in-work", 0.8, verb.sent, clean)


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
        if f is None or f.mention.type not in {"Person", "Organization"} or f in agents:
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
            if work is not None and work.mention.type in {"CreativeWork", "Film"}:
                return work
    return None


def _joint_production(noun: Token, ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    work = _work_subject(noun, ctx)
    if work is None:
        return
    for agent in _agents_after(noun, ctx):
        yield _fact(work, "producedBy", agent, "joint-production", 0.8, noun.sent, clean)


def _producers_are(noun: Token, ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    """ "the film's producers are A and B" / "the producers of the film are A and B"."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        owner = next(
            (o for c in noun.children if c.lower_ == "of" for o in c.children if o.dep_ == "pobj"),
            None,
        )
    work = refers_to(owner, ctx) if owner is not None else None
    if work is None or work.mention.type not in {"CreativeWork", "Film"}:
        return
    copula = noun.head
    start = next((c for c in copula.children if c.dep_ == "attr" and c.i != noun.i), None)
    if start is None or copula.lemma_ != "be":
        return
    agents = [ctx.at(start)] if ctx.at(start) else []
    agents += [a for a in _agents_after(start, ctx) if a not in agents]
    for agent in agents:
        if agent is not None:
            yield _fact(work, "producedBy", agent, "producers-are", 0.85, noun.sent, clean)


def _made_by(participle: Token, ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
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
    predicate = "producedBy" if _lemma(participle) == "produce" else "directedBy"
    for agent in _agents_after(agent_prep, ctx):
        if predicate == "producedBy" or agent.mention.type == "Person":
            yield _fact(
                work, predicate, agent, f"{participle.lower_}-by", 0.85, participle.sent, clean
            )


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
            if work is not None and work.mention.type in {"CreativeWork", "Film"}:
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


def _makes(verb: Token, ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    """ "X directed W", "she went on to direct A and B", "W, a film that he wrote and directed"."""
    predicate = "directedBy" if _lemma(verb) == "direct" else "producedBy"
    people = subjects(verb, ctx)
    for work in _works_of_clause(verb, ctx):
        for person in people:
            yield _fact(work, predicate, person, f"{_lemma(verb)}s-work", 0.8, verb.sent, clean)


def _starring(token: Token, ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    """ "W, starring X and Y" and "shot W with X and Y as its cast"."""
    if token.lower_ == "cast":
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
        yield _fact(person, "actedIn", work, "cast", 0.8, token.sent, clean)


# ---------------------------------------------------------------------------- places


def place_facts(ctx: DocContext, clean: CleanText) -> Iterator[Fact]:
    """locatedIn from "P in K" and "P, K" (not a list: "Russia, Kazakhstan and ...")."""
    places = [f for f in ctx.found if f.mention.type == "Place"]
    for inner in places:
        doc, end = inner.span.doc, inner.span.end
        for outer in places:
            if outer is inner or outer.span.sent.start != inner.span.sent.start:
                continue
            root = outer.span.root
            prep = root.head if root.dep_ == "pobj" else None  # "in Florida, USA": not USA
            # "the Baikonur Cosmodrome in Kazakhstan", however the parser attached the "in"
            if prep is not None and prep.lower_ == "in" and end in {prep.i, prep.head.i + 1}:
                yield _fact(inner, "locatedIn", outer, "place-in-place", 0.8, inner.span, clean)
            elif (
                outer.span.start == end + 1
                and doc[end].text == ","
                and not _list_goes_on(outer.span.end, ctx)
            ):
                yield _fact(inner, "locatedIn", outer, "place-comma-place", 0.75, inner.span, clean)


def _list_goes_on(index: int, ctx: DocContext) -> bool:
    """Whether a list continues at token ``index`` ("..., Kazakhstan and Ukraine", "..., X, Y")."""
    doc = ctx.doc
    if index >= len(doc):
        return False
    token = doc[index]
    if token.lower_ in {"and", "or"}:
        return True
    return token.text == "," and index + 1 < len(doc) and ctx.at(doc[index + 1]) is not None
