"""Crews: crewMemberOf from a list of a crew's members, an encyclopedia's crew table, and
the mission the article's craft flew (kg.extract.crew_paths reads crews from the parse)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import TypeGuard

from spacy.tokens import Doc, Span, Token

from kg.extract.arguments import PEOPLE, subjects
from kg.extract.context import DocContext, Found
from kg.extract.coref import last_named_mission, refers_to
from kg.extract.syntax import definite, lemma, phrase_root
from kg.lexicon import grammar, is_generic, is_part, is_stay, rule, triggers
from kg.nlp.spans import line_start
from kg.nlp.tokens import BULLETS, ROLE_MAX_WORDS, role_ending_at, role_length
from kg.records import Fact, Mention
from kg.vocab import EntityType

FLOWN: frozenset[EntityType] = frozenset({"Spacecraft", "Mission"})
"""What a crew flies: a craft, or a mission."""


def flown(found: Found | None) -> TypeGuard[Found]:
    """Whether a mention names something a crew flies: a craft (not a class of craft such as
    "the Space Shuttle" or "Soyuz") or a mission."""
    if found is None or found.mention.type not in FLOWN:
        return False
    name = found.mention.canonical or found.mention.text
    return not (is_generic(name) or is_part(name) or _named_as_part(found))


def flown_between(start: int, end: int, ctx: DocContext) -> list[Found]:
    """The flown mentions that start in tokens ``start:end``, in the document's order; the
    list of them is made once per document, so each look costs its range."""
    if ctx.memo.flown is None:
        ctx.memo.flown = sorted((f for f in ctx.found if flown(f)), key=lambda f: f.span.start)
        ctx.memo.flown_starts = [f.span.start for f in ctx.memo.flown]
    starts = ctx.memo.flown_starts
    return ctx.memo.flown[bisect_left(starts, start) : bisect_left(starts, end)]


def _named_as_part(found: Found) -> bool:
    """A craft named as a station's part here: "the Destiny laboratory", "the Kibo module"."""
    if found.mention.type != "Spacecraft":
        return False
    return phrase_root(found.span.root).lower_ in triggers().unflown_part_nouns


def crew_verb(token: Token) -> bool:
    """A verb that puts people in a craft ("return on the S", "S lifted off ...")."""
    return lemma(token) in triggers().crew_verbs


def crew_list_facts(ctx: DocContext) -> Iterator[Fact]:
    """crewMemberOf from "Its crew were A, B and C", "the crew of S included A and B", and
    hasRole too where a crew role heads the list ("The flight engineers for the mission
    include A and B")."""
    words = triggers()
    for noun in ctx.doc:
        subject = noun
        if noun.dep_ == "conj" and _crew_role(noun) is not None:  # "X is pilot and the
            subject = noun.head  # mission specialists are A and B", parsed as one subject
        if subject.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        role = _crew_role(noun)
        if noun.lower_ not in words.crew_nouns and role is None:
            continue
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None:
            of = next((c for c in noun.children if c.lower_ in words.crew_list_preps), None)
            owner = next((o for o in of.children if o.dep_ == "pobj"), None) if of else None
        craft = refers_to(owner, ctx) if owner is not None else None
        if craft is None and role is not None:  # "Mission specialists include A and B"
            craft = last_named_mission(noun, ctx)
        verb = subject.head
        listing = [c for c in noun.children if c.dep_ == "acl" and lemma(c) in words.listing_verbs]
        if craft is None and role is None and definite(noun) and listing:
            # "The crew comprised of A, B and C will ...": the article's flight, or its stays
            topic = ctx.topics.flight or ctx.topics.sole_mission
            crafts = [topic] if topic is not None else _stays(ctx)
            after = listing[0].i + 1
            after += 1 if after < len(ctx.doc) and ctx.doc[after].lower_ == "of" else 0
            for member in people_listed_from(after, ctx):
                for flight in crafts:
                    yield ctx.fact(member, "crewMemberOf", flight, "crew-list", noun.sent)
            continue
        if craft is None or not flown(craft) or lemma(verb) not in words.listing_verbs:
            continue
        for token in verb.subtree:
            person = ctx.at(token) if token.i > noun.i else None
            if (
                person is not None
                and person.mention.type == "Person"
                and token.i == person.span.root.i
            ):
                yield ctx.fact(person, "crewMemberOf", craft, "crew-list", verb.sent)
                if role is not None:
                    yield ctx.fact(person, "hasRole", role, "crew-list/role", verb.sent)


def backed_up_facts(ctx: DocContext) -> Iterator[Fact]:
    """The people a backup crew backs up are the prime crew: "They were backups to NASA
    astronaut A, commander B and CSA astronaut C" puts A, B and C on the article's flight
    (or the flight the next sentence names)."""
    words = triggers()
    for token in ctx.doc:
        if token.lower_ not in words.backup_words:
            continue
        prep = next((c for c in token.children if c.lower_ in grammar().backup_preps), None)
        if prep is None or prep.i + 1 >= len(ctx.doc):
            continue
        people = people_listed_from(prep.i + 1, ctx)
        here = ctx.between(token.sent.start, token.sent.end)
        if len(people) < 2 or any(flown(f) for f in here):
            continue  # a crew backed up, and no flight of its own named with it
        flight = _next_flight(token.sent, ctx) or ctx.topics.flight
        if flight is None:
            continue
        for person in people:
            yield ctx.fact(person, "crewMemberOf", flight, "backed-up", token.sent)


def _next_flight(sent: Span, ctx: DocContext) -> Found | None:
    """The one flight the sentence after ``sent`` names ("The trio were launched on S")."""
    if sent.end >= len(ctx.doc):
        return None
    after = ctx.doc[sent.end].sent
    named = {_key(f): f for f in ctx.between(after.start, after.end) if flown(f)}
    flights = [f for k, f in named.items() if not is_stay(k)]
    return flights[0] if len(flights) == 1 else None


def _stays(ctx: DocContext) -> list[Found]:
    """The stays an article names, when it names at most two (one pair, "Expedition
    34/35")."""
    stays = {
        _key(f): f
        for f in ctx.found
        if f.mention.type == "Mission" and flown(f) and is_stay(_key(f))
    }
    return list(stays.values()) if len(stays) <= 2 else []


def list_item_facts(ctx: DocContext) -> Iterator[Fact]:
    """A list item with no verb that names one person and the flights they flew: "• Marc
    Garnet, Mission STS-141-G, October 5-13 1994, Space Shuttle Challenger"."""
    for sent in ctx.doc.sents:
        words = [t for t in sent if not t.is_space]
        if (
            not words
            or words[0].text not in BULLETS
            or any(t.pos_ in {"VERB", "AUX"} for t in words[1:])  # the bullet may pass for one
        ):
            continue
        people = ctx.in_sentence(sent, PEOPLE)
        if len({p.mention.canonical or p.mention.text for p in people}) != 1:
            continue
        if len(words) < 2 or people[0].span.start != words[1].i:
            continue  # the item opens with the person's name
        if any(t.lower_ in triggers().backup_words | triggers().ground_words for t in words):
            continue
        for flight in (f for f in ctx.between(sent.start, sent.end) if flown(f)):
            yield ctx.fact(people[0], "crewMemberOf", flight, "list-item", sent)


def _crew_role(noun: Token) -> str | None:
    """The crew role a plural noun names ("the flight engineers"), if it is one."""
    if noun.lower_ == noun.lemma_.lower():
        return None
    role = role_ending_at([*(c for c in noun.lefts if c.dep_ == "compound"), noun])
    return role if role in triggers().crew_roles else None


def crew_joining_facts(ctx: DocContext) -> Iterator[Fact]:
    """crewMemberOf from people who join "the crew" a sentence just before names the flight
    of: "A will command the crew of STS-118. B and C round out the crew as mission
    specialists"."""
    words = triggers()
    for noun in ctx.doc:
        if noun.lower_ not in words.crew_nouns or noun.dep_ != "dobj" or not definite(noun):
            continue
        verb = noun.head
        if lemma(verb) not in words.crew_joining_verbs or _flight_of(noun, ctx) is not None:
            continue
        flight = last_named_mission(noun, ctx)
        if flight is None or not flown(flight) or is_stay(_key(flight)):
            continue
        roles = [
            role
            for prep in verb.children
            if prep.lower_ == "as"
            for obj in prep.children
            if obj.dep_ == "pobj"
            and (role := role_ending_at([*(c for c in obj.lefts if c.dep_ == "compound"), obj]))
        ]
        for person in subjects(verb, ctx):
            yield ctx.fact(person, "crewMemberOf", flight, "crew-joining", verb.sent)
            for role in roles:  # "... round out the crew as mission specialists"
                yield ctx.fact(person, "hasRole", role, "crew-joining/role", verb.sent)


def flights_listed_facts(ctx: DocContext) -> Iterator[Fact]:
    """crewMemberOf from the flights listed after a colon that ends a clause about someone's
    time in space: "X has been in space five times: STS-32 in 1990, STS-52 in 1992 and
    STS-63 in 1995", "She has flown three missions: A, B and C"."""
    words = triggers()
    for colon in ctx.doc:
        if colon.text != ":" or colon.dep_ != "punct" or colon.head.pos_ not in {"VERB", "AUX"}:
            continue
        verb = colon.head
        before = [t for t in verb.subtree if t.i < colon.i]
        spaceward = any(
            t.lower_ in words.space_words or lemma(t) in words.flight_nouns for t in before
        )
        if not spaceward:
            continue
        people = subjects(verb, ctx)
        sent_end = colon.sent.end
        after = [ctx.at(t) for t in ctx.doc[colon.i + 1 : sent_end]]
        listed = list(dict.fromkeys(f for f in after if flown(f)))
        for person in people if listed and len(listed) >= 2 else ():
            for flight in listed:
                yield ctx.fact(person, "crewMemberOf", flight, "flights-listed", colon.sent)


def flight_list_facts(ctx: DocContext) -> Iterator[Fact]:
    """crewMemberOf from a flight named before a list of people with their roles and
    agencies, whatever the parse makes of it: "Crew-2 NASA astronauts A and B, JAXA
    astronaut C, and ESA astronaut D are ...", "STS-125 mission commander A, spacewalkers B
    and C, and pilot D attended"."""
    doc, words = ctx.doc, triggers()
    for flight in (f for f in ctx.found if flown(f)):
        i, end = flight.span.end, flight.span.sent.end
        if i < end and doc[i].lower_ in words.mission_nouns:
            i += 1  # "the STS-125 mission commander"
        if i >= end or not (_listed_role(doc, i) or _organization_at(doc[i], ctx)):
            continue
        sent = flight.span.sent
        for person in people_listed_from(i, ctx, semicolons=False):
            yield ctx.fact(person, "crewMemberOf", flight, "flight-role-premodifier", sent)


def _listed_role(doc: Doc, i: int) -> bool:
    """A role word at token ``i`` ("commander", "spacewalkers", "mission specialist")."""
    return role_ending_at([doc[i]]) is not None or (
        i + 1 < len(doc) and role_ending_at([doc[i], doc[i + 1]]) is not None
    )


def _organization_at(token: Token, ctx: DocContext) -> bool:
    found = ctx.at(token)
    return found is not None and found.mention.type == "Organization"


def _key(found: Found) -> str:
    return found.mention.canonical or found.mention.text


def crew_members_facts(ctx: DocContext) -> Iterator[Fact]:
    """crewMemberOf from the people listed after a flight's crew noun, as captions and
    releases list them: "Expedition 65 crew members A of NASA, left, B and C of Roscosmos
    wave ...", "the STS-41 crew: Commander A, Pilot B"."""
    crew_nouns = triggers().crew_nouns
    for token in ctx.doc:
        if token.lower_ not in crew_nouns:
            continue
        head = token.head if token.dep_ == "compound" and token.head.i > token.i else token
        if any(t.lower_ in triggers().backup_words for t in head.subtree if t.i < head.i):
            continue  # "the Expedition 58 backup crew"
        flight = _flight_of(head, ctx)
        after = ctx.doc[head.i + 1] if head.i + 1 < len(ctx.doc) else None
        if flight is None and after is not None and after.text in grammar().field_separators:
            flight = ctx.topics.flight  # "prime crew: A, B and C": the article's flight
        if flight is None:
            continue
        for person in _listed_after(head, ctx):
            yield ctx.fact(person, "crewMemberOf", flight, "crew-members", head.sent)


def _flight_of(noun: Token, ctx: DocContext) -> Found | None:
    """The flight a crew noun names as its own: "the STS-41 crew", "Expedition 65 crew
    members", "the crew of Soyuz MS-18", "Crew-2's crew"."""
    owners = [t for c in noun.children if c.dep_ in {"compound", "nmod", "poss"} for t in c.subtree]
    owners += [g for c in noun.children if c.lower_ == "of" for g in c.children]
    return next((f for t in owners if flown(f := refers_to(t, ctx))), None)


def _role_from(i: int, end: int, ctx: DocContext) -> str | None:
    """The role noun phrase that starts at token ``i`` ("mission specialist Carl Ek")."""
    doc = ctx.doc
    for n in range(min(ROLE_MAX_WORDS, end - i), 0, -1):
        role = role_ending_at(list(doc[i : i + n]))
        if role is not None and role_length(role) == n:
            return role
    return None


def _listed_after(noun: Token, ctx: DocContext) -> list[Found]:
    """The people named right after a noun, in a list that holds nothing but names, their
    roles, their agencies ("of NASA", "(ESA)") and a caption's positions ("left")."""
    return people_listed_from(noun.i + 1, ctx)


def people_listed_from(i: int, ctx: DocContext, semicolons: bool = True) -> list[Found]:
    """The people of a list that starts at token ``i`` and holds nothing but names, their
    roles, their agencies and a caption's positions (and goes on past a semicolon, unless
    ``semicolons`` is false: "A, STS-98 commander; B, Expedition One commander")."""
    doc, fillers = ctx.doc, grammar().list_fillers | grammar().caption_positions
    people: list[Found] = []
    end = doc[i].sent.end if i < len(doc) else i
    while i < end:
        token = doc[i]
        found = ctx.at(token)
        if found is not None and found.mention.type == "Person":
            if found not in people:
                people.append(found)
            i = found.span.end
        elif found is not None and found.mention.type == "Organization":
            i = found.span.end
        elif token.lower_ == "from" and (home := _place_at(i + 1, ctx)) is not None:
            i = home.span.end  # "A from France and B from Germany"
        elif token.text == ";" and not semicolons:
            break
        elif (
            semicolons
            and people
            and token.lower_ in grammar().relative_pronouns
            and (stop := next((t.i for t in doc[i:end] if t.text == ";"), None)) is not None
        ):
            i = stop + 1  # "A, who was born in X; B, who grew up in Y; and C"
        elif (
            token.is_punct
            or token.lower_ in fillers
            or token.lower_ == "of"
            or token.ent_type_ == "NORP"
        ):
            i += 1
        elif role := _role_from(i, end, ctx):
            i += role_length(role)
        elif token.pos_ in {"NOUN", "PROPN"} and any(
            _role_from(k, end, ctx) for k in range(i + 1, min(i + 3, end))
        ):
            i += 1  # "Roscosmos Soyuz spacecraft commander X": words of the role's phrase
        else:
            break
    return people


def _place_at(i: int, ctx: DocContext) -> Found | None:
    found = ctx.at(ctx.doc[i]) if i < len(ctx.doc) else None
    return found if found is not None and found.mention.type == "Place" else None


def crew_table_facts(ctx: DocContext) -> Iterator[Fact]:
    """An encyclopedia's crew list: under "Crew" (or a sentence ending "...aboard:"), lines
    "- Maksim Surayev (Roscosmos) – commander" give crewMemberOf the craft the header or the
    article names, memberOf the organization in brackets, and hasRole the role after it."""
    doc = ctx.doc
    cues = triggers().crew_cues
    header: Span | None = None
    for sent in doc.sents:
        first = next((t for t in sent if not t.is_space), None)
        if first is None:
            continue
        if first.text not in BULLETS:
            header = sent
            continue
        if header is None or not ({t.lower_ for t in header} & cues):
            continue
        person = next((f for f in ctx.in_sentence(sent, PEOPLE)), None)
        if person is None:
            continue
        craft = _craft_named_in(header, ctx) or ctx.topics.flight
        own = [f for t in sent if flown(f := refers_to(t, ctx)) and not is_stay(_key(f))]
        # "Expedition 90 begins with ... three new crew members": each item is of the stay
        stays = [f for t in header if flown(f := ctx.at(t)) and is_stay(_key(f))]
        for stay in {_key(f): f for f in stays}.values():
            yield ctx.fact(person, "crewMemberOf", stay, "crew-table", sent)
        if craft is not None and not own:  # an item's own flight wins over the header's
            yield ctx.fact(person, "crewMemberOf", craft, "crew-table", sent)
        after = [t for t in doc[person.span.end : sent.end] if not t.is_space]
        if len(after) >= 3 and after[0].text == "(":
            org = ctx.at(after[1])
            if org is not None and org.mention.type == "Organization":
                yield ctx.fact(person, "memberOf", org, "crew-table/organization", sent)
            after = after[next((i for i, t in enumerate(after) if t.text == ")"), 0) + 1 :]
        # "- Pavel Orlin of Roscosmos, flight engineer"
        if after and after[0].lower_ in grammar().employer_preps:
            after = after[next((i for i, t in enumerate(after) if t.text == ","), len(after)) :]
        if after and after[0].text in {",", *BULLETS, ":"}:
            words = [t for t in after[1:] if t.is_alpha]
            role = next(
                (r for n in range(len(words), 0, -1) if (r := role_ending_at(words[:n]))), None
            )
            if role is not None:
                yield ctx.fact(person, "hasRole", role, "crew-table/role", sent)


def _craft_named_in(span: Span, ctx: DocContext) -> Found | None:
    crafts = [f for t in span if flown(f := refers_to(t, ctx))]
    return crafts[-1] if crafts else None


def companion_facts(ctx: DocContext, facts: Sequence[Fact]) -> Iterator[Fact]:
    """The people who accompany a crew member fly what they flew: "Vela was accompanied by
    A, B and C" puts A, B and C in the crew of the flight (and craft) Vela flew, when the
    document gives Vela one flight, or one flight and its craft."""
    words = triggers()
    for verb in ctx.doc:
        if lemma(verb) not in words.companion_verbs or verb.tag_ != "VBN":
            continue
        agents = [c for c in verb.children if c.dep_ == "agent"]
        firsts = [o for a in agents for o in a.children if o.dep_ == "pobj"]
        companions = [p for o in firsts for p in people_listed_from(o.left_edge.i, ctx)]
        if not companions:
            continue
        for person in subjects(verb, ctx):
            flown_here = {
                _key_of(f.object): f.object
                for f in facts
                if f.predicate == "crewMemberOf"
                and isinstance(f.object, Mention)
                and _same_person(f.subject, person.mention)
            }
            missions = [m for m in flown_here.values() if m.type == "Mission"]
            crafts = [m for m in flown_here.values() if m.type != "Mission"]
            if len(missions) > 1 and len(crafts) == 1:  # the mission its craft flew
                flew = {
                    _key_of(f.subject)
                    for f in facts
                    if f.predicate == "spacecraft"
                    and isinstance(f.object, Mention)
                    and _key_of(f.object) == _key_of(crafts[0])
                }
                missions = [m for m in missions if _key_of(m) in flew]
                if len(missions) > 1:  # a programme's designator over a mission's own name
                    missions = [m for m in missions if m.source == "ruler"]
                flown_here = {_key_of(m): m for m in [*missions, *crafts]}
            if not flown_here or len(missions) > 1 or len(crafts) > 1:
                continue
            made_by = rule("companions")
            for companion in companions:
                for flight in flown_here.values():
                    yield Fact(
                        companion.mention,
                        "crewMemberOf",
                        flight,
                        made_by.name,
                        made_by.confidence,
                        ctx.sentence(verb.sent),
                        ctx.doc_id,
                    )


def _same_person(a: Mention, b: Mention) -> bool:
    """The same name, or one the other's surname ("Vela" of "Paola Vela")."""
    x, y = _key_of(a).split(), _key_of(b).split()
    return x == y or (len(x) == 1 and x[0] == y[-1]) or (len(y) == 1 and y[0] == x[-1])


def _key_of(mention: Mention) -> str:
    return (mention.canonical or mention.text).lower()


def mission_crew(ctx: DocContext, facts: Sequence[Fact]) -> Iterator[Fact]:
    """The crew of the craft an article is about also flew the mission it names: each crew
    fact about that craft gives one about the mission, a little less sure."""
    topics = ctx.topics
    if topics.craft is None or topics.sole_mission is None:
        return
    craft, mission = topics.craft.mention, topics.sole_mission.mention
    if personal_mission(mission, ctx) or many_flights(ctx):
        return
    made_by = rule("mission-crew")
    for f in facts:
        if (
            f.predicate == "crewMemberOf"
            and isinstance(f.object, Mention)
            and _same_name(f.object, craft)
        ):
            yield Fact(
                f.subject,
                f.predicate,
                mission,
                made_by.name,
                f.confidence * made_by.confidence,
                f.sentence,
                f.doc_id,
            )


def many_flights(ctx: DocContext) -> bool:
    """Whether the document names three flights or more (a sheet or portfolio of several
    flights): its craft's crew is no one mission's."""
    names = {
        f.mention.canonical or f.mention.text
        for f in ctx.found
        if f.mention.type == "Mission" and flown(f)
        and not is_stay(f.mention.canonical or f.mention.text)
    }  # fmt: skip
    return len(names) >= 3


def personal_mission(mission: Mention, ctx: DocContext) -> bool:
    """A mission the text gives one person as their own ("during his Vita mission", "Anna's
    Horizons mission"): an agency's name for one crew member's part of a flight, which the
    rest of the craft's crew did not fly."""
    singular = {w for w, n in grammar().pronouns.items() if n == 1}
    for f in ctx.found:
        if not _same_name(f.mention, mission):
            continue
        for owner in (c for c in phrase_root(f.span.root).children if c.dep_ == "poss"):
            person = ctx.at(owner)
            if owner.lower_ in singular or (person is not None and person.mention.type == "Person"):
                return True
    return False


def _same_name(a: Mention, b: Mention) -> bool:
    return (a.canonical or a.text).lower() == (b.canonical or b.text).lower()


def role_for_flight_facts(ctx: DocContext) -> Iterator[Fact]:
    """A biography's list of the crew roles a person held: "pilot for Vela 7, command
    pilot for Vela 12; later commander for Lumen 93" gives each flight and its role to
    the person the sentence (or else its line) names first; not a backup's ("backup
    command pilot for Vela 9")."""
    words = triggers()
    doc = ctx.doc
    for flight in ctx.found:
        start = flight.span.start
        if not flown(flight) or start < 2 or doc[start - 1].lower_ not in words.role_flight_preps:
            continue
        prep = doc[start - 1]
        role = role_ending_at(list(doc[max(prep.sent.start, prep.i - ROLE_MAX_WORDS) : prep.i]))
        if role is None or role not in words.crew_roles:
            continue
        first = prep.i - role_length(role)
        if first > 0 and doc[first - 1].lower_ in words.backup_words:
            continue
        person = _person_written_about(flight, ctx)
        if person is not None:
            yield ctx.fact(person, "crewMemberOf", flight, "role-for-flight", prep.sent)
            yield ctx.fact(person, "hasRole", role, "role-for-flight/hasRole", prep.sent)


def _person_written_about(found: Found, ctx: DocContext) -> Found | None:
    """The person named last before ``found`` in its sentence ("A, Soyuz commander for
    Expedition 90"), else the first on its line (a biography's line that opens with its
    person)."""
    sent = found.span.sent
    people = [p for p in ctx.in_sentence(sent, PEOPLE) if p.span.end <= found.span.start]
    if people:
        return people[-1]
    start = line_start(ctx.doc, found.span.start)
    on_line = [
        f
        for f in ctx.between(start, found.span.start)
        if f.mention.type in PEOPLE and f.span.end <= found.span.start
    ]
    return on_line[0] if on_line else None
