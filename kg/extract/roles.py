"""Roles and memberships: hasRole and memberOf.

"actress X", "NASA astronaut X", "X, a trained cosmonaut at ...", "X (pilot)", "X is the
commander", "X of Roscosmos", "X served as commander", "X works for Axiom Space",
"Bezos founded Blue Origin", "X, who commands the flight".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Span, Token

from kg.extract.arguments import coordinated, elided_subject, subjects
from kg.extract.context import DocContext, Found
from kg.extract.coref import antecedents, refers_to, subject_people
from kg.extract.crews import FLOWN, flown, flown_between, people_listed_from
from kg.extract.syntax import governing_verb, lemma
from kg.lexicon import grammar, is_generic, is_stay, person_cues, triggers
from kg.nlp.names import POSSESSIVES
from kg.nlp.spans import opens_line
from kg.nlp.tokens import ROLE_MAX_WORDS, role_before, role_ending_at, role_length
from kg.records import Fact

_APPOSITION_MAX_MODIFIERS = 4
_RANK_MAX_WORDS = 3
_DESCRIBING = frozenset({"NORP", "ORDINAL"})
"""Entity labels of words that may describe a role ("Japanese", "first")."""


def role_facts(ctx: DocContext) -> Iterator[Fact]:
    """hasRole from "actress X", "billionaires X and Y", "X, a trained cosmonaut", "X (pilot)";
    memberOf from "Roscosmos head X", "NASA astronaut X" and "X, head of Roscosmos"."""
    people = [f for f in ctx.found if f.mention.type == "Person"]
    by_root = {f.span.root.i: f for f in people}
    for f in people:
        span, doc = f.span, f.span.doc
        start = span.start
        ranked = _rank_before(start, ctx)  # "Air Force Lt. Col. X"
        if ranked is not None:
            rank, start = ranked
            yield ctx.fact(f, "hasRole", rank, "rank-premodifier", span)
            service = _organization_before(start, ctx)
            if service is not None:
                yield ctx.fact(f, "memberOf", service, "rank-premodifier/service", span)
                start = service.span.start
        before = doc[max(span.sent.start, start - ROLE_MAX_WORDS) : start]
        role = role_ending_at(list(before))
        role_start = start - role_length(role) if role else start
        if role:  # "founder and chief engineer X", "cosmonaut and current station commander X"
            other = _paired_role(role_start, span.sent.start, ctx)
            if other is not None:
                yield ctx.fact(f, "hasRole", other, "role-premodifier/pair", span)
        if role:
            # matched through the lemma ("billionaires" -> "billionaire"): a plural role
            plural = not role.endswith(before[-1].lower_)
            # "spacewalkers A and B, pilot C": the plural reaches to the next role noun
            listed = coordinated(f, by_root)
            if plural:  # and the list the parse breaks: "A from France and B from Germany"
                listed += [p for p in people_listed_from(f.span.start, ctx) if p not in listed]
            targets = (
                [t for t in listed if t is f or role_before(doc, t.span.start) is None]
                if plural
                else [f]
            )
            org = _organization_before(role_start, ctx)
            for target in targets:
                yield ctx.fact(target, "hasRole", role, "role-premodifier", span)
                if org is not None and org.mention.type == "Organization":
                    yield ctx.fact(target, "memberOf", org, "organization-role-premodifier", span)
        yield from _signature(f, ctx)
        yield from _role_as(f, ctx)
        yield from _copula_roles(f, by_root, ctx)
        yield from _roles_named_first(f, ctx)
        # "Yuri Lonchakov of Roscosmos"
        if span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
            org = _organization_after_of(list(doc[span.end : span.sent.end]), ctx)
            if org is not None:
                yield ctx.fact(f, "memberOf", org, "person-of-organization", span)
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
                    yield ctx.fact(partner, "memberOf", org, "person-of-organization/pair", span)
        after = doc[span.end : span.sent.end]
        positions = grammar().caption_positions
        if (  # "John Yale (left), commander, and ...": past the caption's position
            len(after) >= 4
            and after[0].text == "("
            and after[1].lower_ in positions
            and after[2].text == ")"
            and after[3].text == ","
        ):
            after = after[3:]
        if len(after) >= 3 and after[0].text == "(":
            role = role_ending_at([after[1]])
            if role and after[2].text == ")":
                yield ctx.fact(f, "hasRole", role, "role-parenthesis", span)
            yield from _organizations_in_brackets(f, after, ctx)
        elif len(after) >= 2 and after[0].text == ",":
            found = _appositive_role(after[1:], ctx)
            if found:
                role, org = found
                org = org or _service_after_rank(role, after, ctx)
                # "A and B, ESA astronauts who ...": a plural role is the list's
                plural = _plural_role(after[1:], role)
                listed = _listed_before(f, by_root) + _surface_list_before(f, ctx) if plural else []
                for target in [*listed, f]:
                    yield ctx.fact(target, "hasRole", role, "role-apposition", span)
                    if org is not None:
                        yield ctx.fact(target, "memberOf", org, "role-of-organization", span)
        yield from _role_in_apposition_before(f, ctx)
        yield from _member_of(f, ctx)


_BRACKET_MAX_TOKENS = 12
_RANK_SERVICE_GAP = 6


def _service_after_rank(role: str, after: Span, ctx: DocContext) -> Found | None:
    """ "X, Colonel, U.S. Air Force.": the service a rank in apposition names after it."""
    if role.split()[-1] not in person_cues().ranks:
        return None
    doc = after.doc
    tokens = doc[after.start + 1 : min(after.end, after.start + _RANK_SERVICE_GAP)]
    comma = next((t.i for t in tokens if t.text == ","), None)
    if comma is None:
        return None
    k = comma + 1
    while k < len(doc) and doc[k].is_punct:  # "Colonel,* U.S. Air Force": a footnote's mark
        k += 1
    org = ctx.at(doc[k]) if k < len(doc) else None
    return org if org is not None and org.mention.type == "Organization" else None


def _organizations_in_brackets(f: Found, after: Span, ctx: DocContext) -> Iterator[Fact]:
    """memberOf from the organizations a bracket after a name lists with ranks and degrees:
    "X (Cmdr., USN)", "Y (M.D., Canadian Space Agency)"."""
    close = next((t.i for t in after[1:_BRACKET_MAX_TOKENS] if t.text == ")"), None)
    if close is None:
        return
    seen: list[Found] = []
    for token in after.doc[after.start + 1 : close]:
        org = ctx.at(token)
        if org is not None and org.mention.type == "Organization" and org not in seen:
            seen.append(org)
            yield ctx.fact(f, "memberOf", org, "organization-parenthesis", f.span)


def _rank_before(index: int, ctx: DocContext) -> tuple[str, int] | None:
    """The military rank abbreviated right before token ``index`` ("Lt. Col.", "Capt."),
    with the token it starts at."""
    doc, ranks = ctx.doc, triggers().rank_abbreviations
    start = doc[index].sent.start if index < len(doc) else 0
    words: list[str] = []
    k = index - 1
    found: tuple[str, int] | None = None
    while k >= start and len(words) < _RANK_MAX_WORDS:
        if doc[k].text == ".":
            k -= 1
            continue
        words.insert(0, doc[k].lower_.rstrip("."))
        if " ".join(words) in ranks:
            found = ranks[" ".join(words)], k
        k -= 1
    return found


def _paired_role(role_start: int, sent_start: int, ctx: DocContext) -> str | None:
    """The role joined by "and" to the one that starts at ``role_start``, past the words
    that modify that one: "founder and chief engineer", "Russian cosmonaut and current
    Space Station commander"."""
    doc = ctx.doc
    k = role_start - 1
    for _ in range(4):
        if k - 1 < sent_start:
            return None
        if doc[k].lower_ == "and":
            return role_ending_at(list(doc[max(sent_start, k - ROLE_MAX_WORDS) : k]))
        found = ctx.at(doc[k])
        if doc[k].is_punct or (found is not None and found.mention.type == "Person"):
            return None
        if doc[k].pos_ not in {"ADJ", "PROPN", "NOUN"}:
            return None
        k -= 1
    return None


def _signature(f: Found, ctx: DocContext) -> Iterator[Fact]:
    """A name alone on its line over a line of its role, as statements and quotes are
    signed: "Jane Roe" / "NASA Deputy Administrator", "Ken Sato" / "President" / "Japan
    Aerospace Exploration Agency (JAXA)": the role, and the organization named with it."""
    doc = ctx.doc
    rest = list(doc[f.span.end : min(len(doc), f.span.end + 40)])
    ends_line = bool(rest) and ("\n" in f.span[-1].whitespace_ or rest[0].is_space)
    if not ends_line or not opens_line(f.span):
        return
    following = [t for t in rest if not t.is_space]
    below = _line_of(following, 0)
    if not below:
        return
    words = [t for t in below if not _named_org(t, ctx) and t.text not in {"(", ")", ","}]
    role = role_ending_at(words)
    if role is None or role_length(role) != len(words):
        return
    yield ctx.fact(f, "hasRole", role, "signature", f.span)
    after = _line_of(following, len(below))
    for token in [*below, *(after if all(_named_org(t, ctx) or t.is_punct for t in after) else [])]:
        org = ctx.at(token)
        if org is not None and org.mention.type == "Organization" and token.i == org.span.start:
            yield ctx.fact(f, "memberOf", org, "signature/organization", f.span)


def _named_org(token: Token, ctx: DocContext) -> bool:
    found = ctx.at(token)
    return found is not None and found.mention.type == "Organization"


def _line_of(tokens: list[Token], k: int) -> list[Token]:
    """The tokens of the line that starts at ``tokens[k]`` (``tokens`` hold no white space)."""
    line: list[Token] = []
    for token in tokens[k:]:
        line.append(token)
        if "\n" in token.whitespace_ or (
            token.i + 1 < len(token.doc) and token.doc[token.i + 1].is_space
        ):
            break
    return line


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
    if k - 1 >= start and doc[k].text in POSSESSIVES:  # "NASA's Deputy Administrator"
        k -= 1
    org = ctx.at(doc[k]) if k >= start else None
    return org if org is not None and org.mention.type == "Organization" else None


def _plural_role(tokens: Span, role: str) -> bool:
    """Whether the role word of an apposition is written in the plural."""
    last = role.split()[-1]
    return any(t.lower_ != last and t.lemma_.lower() == last for t in tokens[:6])


def _listed_before(f: Found, people: dict[int, Found]) -> list[Found]:
    """The people a name is coordinated after ("A and B": A for B)."""
    found: list[Found] = []
    token = f.span.root
    while token.dep_ == "conj" and token.head.i in people:
        token = token.head
        found.append(people[token.i])
    return found


def _surface_list_before(f: Found, ctx: DocContext) -> list[Found]:
    """The people of a written list that ends at ``f``, however the parse hangs it: "A,
    left, and B, mission specialists on ...": A."""
    sent = f.span.sent
    for first in (p for p in ctx.between(sent.start, f.span.start) if p.mention.type == "Person"):
        listed = people_listed_from(first.span.start, ctx)
        if f in listed:
            return [p for p in listed if p.span.start < f.span.start]
    return []


def _member_of(f: Found, ctx: DocContext) -> Iterator[Fact]:
    """memberOf from "X, ... a member of ESA's astronaut corps", "X is a member of the NASA
    astronaut corps": the organization the member noun's "of" phrase names."""
    root = f.span.root
    said = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ in {"nsubj", "nsubjpass"} and lemma(root.head) in grammar().copula_verbs:
        said += [c for c in root.head.children if c.dep_ == "attr"]
    said += [c for a in said for c in a.children if c.dep_ == "conj"]
    for noun in said:
        if lemma(noun) not in triggers().member_nouns:
            continue
        for of in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
            orgs = [o for o in of.children if o.dep_ == "pobj"]
            orgs += [c for o in orgs for c in o.conjuncts]
            found = [g for o in orgs if (g := _organization_in(o, ctx)) is not None]
            for org in found:
                yield ctx.fact(f, "memberOf", org, "member-of", f.span)
            if found:
                return


def _organization_in(noun: Token, ctx: DocContext) -> Found | None:
    """The organization a noun phrase names: the noun's own name, else the first in its
    phrase ("ESA's astronaut corps"), not in a phrase coordinated with it."""
    skip = {t.i for c in noun.conjuncts for t in c.subtree}
    return next(
        (
            o
            for t in noun.subtree
            if t.i not in skip and (o := ctx.at(t)) and o.mention.type == "Organization"
        ),
        None,
    )


def _role_in_apposition_before(f: Found, ctx: DocContext) -> Iterator[Fact]:
    """hasRole from a role the name stands in apposition to: "the film's screenwriter, Joel
    Sanger, ...", "NASA's chief astronaut, X"."""
    doc, start = ctx.doc, f.span.start
    if start < 2 or doc[start - 1].text != "," or f.span.root.dep_ not in {"appos", "conj"}:
        return  # (the parse takes "the second Flight Engineer, X" for a list too)
    head = f.span.root.head
    if head.i >= start or ctx.at(head) is not None:
        return
    if not head.is_lower and not any(t.lower_ in grammar().articles for t in head.lefts):
        return  # "the second Flight Engineer, X" keeps its article; a heading does not
    role = role_ending_at([*(c for c in head.lefts if c.dep_ == "compound"), head])
    if role is not None and head.i == start - 2:
        yield ctx.fact(f, "hasRole", role, "role-apposition", f.span)


def _role_as(f: Found, ctx: DocContext) -> Iterator[Fact]:
    """hasRole from "with X as flight engineer": the role an "as" gives the name it hangs
    from."""
    for prep in (c for c in f.span.root.children if c.dep_ == "prep" and c.lower_ == "as"):
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            modifiers = [c for c in obj.lefts if c.dep_ in {"compound", "amod"}]
            role = role_ending_at([*modifiers, obj])
            if role is not None:
                yield ctx.fact(f, "hasRole", role, "served-as", f.span)


def _appositive_role(tokens: Span, ctx: DocContext) -> tuple[str, Found | None] | None:
    """The role noun heading an apposition and the organization it is "of":
    ", a trained cosmonaut at ...", ", head of the Russian space agency Roscosmos".

    Only lower-case modifiers may stand before the role, and the apposition must end
    right after it (punctuation, a preposition, a relative pronoun or the sentence end),
    so a following name in a list ("X, director Y and ...") is not taken for one.
    """
    words = list(tokens)
    if words and (words[0].lower_ in grammar().articles or words[0].tag_ == "PRP$"):
        words = words[1:]  # "the mission commander", "its pilot"
    employer: Found | None = None
    for end in range(1, min(len(words), _APPOSITION_MAX_MODIFIERS + 1) + 1):
        token = words[end - 1]
        at = ctx.at(token)
        if at is not None and at.mention.type == "Organization":  # "a former NASA astronaut"
            employer = at
            continue
        if (at is not None and at.mention.type in FLOWN) or is_generic(token.text):
            continue  # "X, STS-98 commander; Y, Soyuz commander for Expedition One"
        describing = token.ent_type_ in _DESCRIBING  # "the first Japanese mission specialist"
        if (
            token.is_punct
            or (token.ent_type_ and not describing)
            or (token.like_num and not describing)  # "first" is like a number
            or token.pos_ in {"AUX", "ADP", "PRON"}
        ):
            return None
        if token.tag_ in {"VBD", "VBZ", "VBP", "MD"}:  # a finite verb: a clause, not an apposition
            return None
        role = role_ending_at(words[:end])
        if role:
            following = words[end] if end < len(words) else None
            if (
                following is None
                or following.is_punct
                or following.lower_ in grammar().apposition_end
            ):
                nxt = words[end + 1] if end + 1 < len(words) else None
                if following is not None and following.text == "," and nxt is not None:
                    person = ctx.at(nxt)
                    if person is not None and person.mention.type == "Person":
                        return None  # "A, Command Module Pilot, B": the role is B's
                org = _organization_after_of(words[end:], ctx) if following is not None else None
                return role, org or employer
        if not token.is_lower and not describing and not _role_goes_on(words, end):
            return None  # a capitalized word only inside a role: "Director General of X"
    return None


def _role_goes_on(words: list[Token], end: int) -> bool:
    """Whether a role ends within the next two words after ``words[:end]``."""
    return any(
        role_ending_at(words[:stop]) is not None
        for stop in range(end + 1, min(len(words), end + 2) + 1)
    )


def _organization_after_of(tokens: Sequence[Token], ctx: DocContext) -> Found | None:
    """The organization in "of [the ...] ORG" right after a role noun ("in the Russian Air
    Force", "at Boeing" too)."""
    if not tokens or tokens[0].lower_ not in grammar().employer_preps:
        return None
    for token in tokens[1:6]:
        f = ctx.at(token)
        if f is not None:
            return f if f.mention.type == "Organization" else None
        if token.is_punct and token.text != "'":
            return None
    return None


def _roles_named_first(f: Found, ctx: DocContext) -> Iterator[Fact]:
    """ "Mission specialists are NASA astronauts A, B and C": a role noun as the subject of
    "be", and the people its complement names."""
    root = f.span.root
    member = root
    while member.dep_ == "conj" and member.head.i != member.i:  # "A, B and C"
        member = member.head
    while member.dep_ in {"appos", "compound"} and member.head.i != member.i:
        member = member.head  # "NASA astronauts A": the name is in apposition to the noun
    if member.dep_ != "attr" or member.head.lemma_ != "be":
        return
    subjects = [c for c in member.head.children if c.dep_ == "nsubj"]
    subjects += [c for s in subjects for c in s.children if c.dep_ == "conj"]  # parsed as one
    for subject in subjects:
        modifiers = [c for c in subject.lefts if c.dep_ in {"compound", "amod"}]
        role = role_ending_at([*modifiers, subject])
        if role:
            yield ctx.fact(f, "hasRole", role, "role-subject-copula", f.span)


def _copula_roles(f: Found, people: dict[int, Found], ctx: DocContext) -> Iterator[Fact]:
    """ "Chari is the mission commander", "Barron and Maurer are mission specialists"."""
    root = f.span.root
    if root.dep_ != "nsubj" or root.head.lemma_.lower() not in grammar().copula_verbs:
        return
    yield from _roles_of_copula(root.head, coordinated(f, people), f.span, ctx)


def unnamed_copula_roles(ctx: DocContext) -> Iterator[Fact]:
    """The roles a copula gives the person a pronoun stands for ("She became an astronaut
    in 1990"), or the person of a résumé's subjectless sentence ("Became a NASA astronaut
    in August 1979")."""
    for verb in ctx.doc:
        if verb.lemma_.lower() not in grammar().copula_verbs or verb.pos_ not in {"AUX", "VERB"}:
            continue
        told = [c for c in verb.children if c.dep_ == "nsubj"]
        if not told:  # "X is from Orton and is a commander", or a résumé's line
            targets = subjects(verb, ctx) if verb.dep_ == "conj" else elided_subject(verb, ctx)
        elif len(told) == 1 and told[0].lower_ in grammar().relative_pronouns:
            targets = [a for a in antecedents(told[0], ctx) if a.mention.type == "Person"]
        elif len(told) == 1 and grammar().pronouns.get(told[0].lower_) == 1:
            targets = _previous_subject(verb.sent, ctx)
        else:
            continue  # a named subject has its own pass
        if targets:
            yield from _roles_of_copula(verb, targets, verb.doc[verb.i : verb.i + 1], ctx)


def _previous_subject(sent: Span, ctx: DocContext) -> list[Found]:
    """The one person the sentence before names as its subject, for "he" or "she"."""
    if sent.start == 0:
        return []
    people = subject_people(sent.doc[sent.start - 1].sent, ctx)
    return people if len(people) == 1 else []


def _roles_of_copula(
    verb: Token, targets: list[Found], where: Span, ctx: DocContext
) -> Iterator[Fact]:
    attrs = [c for c in verb.children if c.dep_ == "attr"]
    attrs += [c for a in attrs for c in a.children if c.dep_ == "conj"]  # "commander and R"
    for attr in attrs:
        modifiers = [c for c in attr.lefts if c.dep_ in {"compound", "amod"}]
        role = role_ending_at([*modifiers, attr])
        if role:
            for target in targets:
                yield ctx.fact(target, "hasRole", role, "role-copula", where)
            org = _organization_after_of(list(attr.doc[attr.i + 1 : attr.sent.end]), ctx)
            if org is not None:
                for target in targets:
                    yield ctx.fact(target, "memberOf", org, "role-of-organization", where)
            # "a Japanese engineer and JAXA astronaut", "a United States Navy officer"
            named = [g for t in attr.lefts for u in t.subtree if (g := ctx.at(u)) is not None]
            for employer in dict.fromkeys(g for g in named if g.mention.type == "Organization"):
                for target in targets:
                    yield ctx.fact(
                        target, "memberOf", employer, "organization-role-premodifier", where
                    )


def service_facts(ctx: DocContext) -> Iterator[Fact]:
    """hasRole from "X served as (its) commander", memberOf from "X works for Axiom Space"
    (also through a relative clause: "X, who served as ..."), and what leading and
    commanding verbs say (:func:`_leads`)."""
    words = triggers()
    for verb in ctx.doc:
        if verb.pos_ == "VERB" and (
            lemma(verb) in words.lead_verbs or lemma(verb) in words.command_verbs
        ):
            yield from _leads(verb, ctx)
        if verb.pos_ == "VERB" and lemma(verb) in words.agent_role_verbs:
            yield from _commanded_by(verb, ctx)
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        serving = lemma(verb) in words.serve_verbs
        people = subjects(verb, ctx)
        if lemma(verb) in words.enlist_verbs and people:
            yield from _joins(verb, people, ctx)
        if lemma(verb) in words.select_verbs and verb.tag_ == "VBN":
            yield from _selected_by(verb, people, ctx)
        preps = [c for c in verb.children if c.dep_ == "prep"]
        preps += [c for p in preps for c in p.children if c.dep_ == "conj"]  # "as A and as B"
        for prep in preps if people else ():
            # any verb after a fronted role: "As flight engineer, X will dock ..."
            fronted = prep.lower_ == "as" and all(prep.i < p.span.start for p in people)
            # "X will play his part as a flight engineer", "take a role as"
            part = any(c.dep_ == "dobj" and lemma(c) in words.role_objects for c in verb.children)
            # any verb with "as" and a role: "made his first flight as the pilot", "has
            # been engaged as the chief of ...", "was selected as an astronaut"
            acting = lemma(verb) in words.acting_verbs | words.cast_verbs  # a character
            as_role = prep.lower_ == "as" and not acting
            if not (serving or fronted or part or as_role):
                continue
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                if prep.lower_ == "as":
                    modifiers = [c for c in obj.lefts if c.dep_ in {"compound", "amod"}]
                    role = role_ending_at([*modifiers, obj])
                    if role is not None:
                        for person in (p for p in people if p.mention.type == "Person"):
                            yield ctx.fact(person, "hasRole", role, "served-as", verb.sent)
                elif prep.lower_ == "for" and lemma(verb) in words.employ_verbs:
                    org = ctx.at(obj)
                    if org is not None and org.mention.type == "Organization":
                        for person in people:
                            yield ctx.fact(person, "memberOf", org, "works-for", verb.sent)


def _selected_by(verb: Token, people: list[Found], ctx: DocContext) -> Iterator[Fact]:
    """memberOf the organization that selects a person: "X was selected by NASA", "X, one
    of the seven astronauts selected by NASA", "Selected as part of NASA's Astronaut Group
    2, X became ..."."""
    agents = [c for c in verb.children if c.dep_ == "agent"]
    # "selected as an astronaut candidate by NASA": the parse hangs "by" from the noun
    agents += [
        b
        for c in verb.children
        if c.lower_ == "as"
        for o in c.children
        for b in o.children
        if b.lower_ == "by"
    ]
    orgs = [o for c in agents for o in c.children if o.dep_ == "pobj"]
    orgs += [
        t
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "as"
        for o in c.children
        if o.dep_ == "pobj" and lemma(o) in triggers().member_nouns | {"part"}
        for t in o.subtree
    ]
    found = [g for t in orgs if (g := ctx.at(t)) is not None and g.mention.type == "Organization"]
    if not found:
        return
    if verb.dep_ == "acl" and not people:  # "X, one of the seven astronauts selected by NASA"
        people = _described(verb.head, ctx)
    for person in people:
        yield ctx.fact(person, "memberOf", found[0], "selected-by", verb.sent)


def _described(noun: Token, ctx: DocContext) -> list[Found]:
    """The person a noun phrase describes: "X, one of the astronauts", "X was one of the
    third group of astronauts" (up through "of" phrases to an apposition or a copula)."""
    token = noun
    for _ in range(4):
        if token.dep_ == "pobj" and token.head.lower_ == "of":
            token = token.head.head
            continue
        if token.dep_ == "appos":
            person = ctx.at(token.head)
            return [person] if person is not None and person.mention.type == "Person" else []
        if token.dep_ == "attr":
            return subjects(token.head, ctx)
        return []
    return []


def _joins(verb: Token, people: list[Found], ctx: DocContext) -> Iterator[Fact]:
    """memberOf from "X joined NASA in 1996", "he enlisted in the Air Force": the
    organizations that are the verb's object (or its "in"), with those listed with them."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    objects += [
        o for c in verb.children if c.lower_ == "in" for o in c.children if o.dep_ == "pobj"
    ]
    objects += [c for o in objects for c in o.conjuncts]
    for obj in objects:
        org = ctx.at(obj)
        if org is not None and org.mention.type == "Organization":
            for person in people:
                yield ctx.fact(person, "memberOf", org, "joins-organization", verb.sent)


def held_role_facts(ctx: DocContext) -> Iterator[Fact]:
    """hasRole from "X will take on the role of Space Station commander", "X held the post of
    flight engineer": the role a role holder noun is "of", for the subject of its verb."""
    holders = triggers().role_holders
    for noun in ctx.doc:
        if noun.lemma_.lower() not in holders or noun.pos_ != "NOUN":
            continue
        for of in (c for c in noun.children if c.lower_ == "of"):
            for obj in (c for c in of.children if c.dep_ == "pobj"):
                modifiers = [c for c in obj.lefts if c.dep_ in {"compound", "amod"}]
                role = role_ending_at([*modifiers, obj])
                if role is None:
                    continue
                for person in subjects(governing_verb(noun), ctx):
                    yield ctx.fact(person, "hasRole", role, "role-held", noun.sent)


def _flight_named_before(token: Token, ctx: DocContext) -> Found | None:
    """The flight named last before ``token`` (a heading's or a sentence's), else the
    document's: what "it" stands for when it is commanded or piloted."""
    flights = flown_between(0, token.i, ctx)
    last = next((f for f in reversed(flights) if f.span.end <= token.i), None)
    if last is not None and not is_stay(last.mention.canonical or last.mention.text):
        return last
    return ctx.topics.sole_mission or ctx.topics.craft


def _commanded_by(verb: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "STS-112, commanded by X, will ...", "The flight was commanded by X": the role the
    command verb gives, and the crew of the flight."""
    commands = triggers().agent_role_verbs
    flown_thing = verb.head if verb.dep_ == "acl" else None
    flown_thing = flown_thing or next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if flown_thing is None and verb.dep_ in {"advcl", "conj"} and verb.tag_ == "VBN":
        # "Commanded by A and piloted by B, it was ...": the subject of the main clause
        main = verb.head
        while main.dep_ in {"advcl", "conj"} and main.tag_ == "VBN" and main.head.i != main.i:
            main = main.head
        flown_thing = next((c for c in main.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    flight = refers_to(flown_thing, ctx) if flown_thing is not None else None
    if flight is None and flown_thing is not None and flown_thing.lower_ == "it":
        flight = _flight_named_before(flown_thing, ctx)  # "..., it was the first ..."
    if flight is None or flight.mention.type not in FLOWN:
        return
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        for obj in (o for o in agent.children if o.dep_ == "pobj"):
            person = ctx.at(obj)
            if person is None or person.mention.type != "Person":
                continue
            by_root = {f.span.root.i: f for f in ctx.found if f.mention.type == "Person"}
            people = coordinated(person, by_root)
            for person in people:
                yield ctx.fact(person, "hasRole", commands[lemma(verb)], "commands", verb.sent)
                if flown(flight):
                    yield ctx.fact(person, "crewMemberOf", flight, "commanded-by", verb.sent)


def _leads(verb: Token, ctx: DocContext) -> Iterator[Fact]:
    """ "Bezos founded Blue Origin" (memberOf, founder), "X heads Roscosmos" (memberOf),
    "X, who commands the flight" (commander)."""
    words = triggers()
    people = subjects(verb, ctx)
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if lemma(verb) in words.command_verbs:
            target = refers_to(obj, ctx)
            if obj.lemma_.lower() in words.command_objects or (
                target is not None and target.mention.type == "Spacecraft"
            ):
                role = words.command_verbs[lemma(verb)]
                for person in people:
                    yield ctx.fact(person, "hasRole", role, "commands", verb.sent)
            continue
        org = ctx.at(obj)
        if org is None or org.mention.type != "Organization":
            continue
        for person in people:
            yield ctx.fact(person, "memberOf", org, "leads-organization", verb.sent)
            role = words.lead_verbs[lemma(verb)]
            if role:
                yield ctx.fact(person, "hasRole", role, "leads-organization/role", verb.sent)
