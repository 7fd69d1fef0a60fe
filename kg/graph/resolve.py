"""Resolve mentions across documents into entities: one per real-world thing.

Mentions cluster by normalized name (after the rewrites in ``kg/data/name_forms.json``).
Clusters then join when the text equates them (acronyms, glosses, appositions), when one
is a short form of exactly one other (a surname, "MS-24" for "Soyuz MS-24"), and when
they are spelling variants of one name: people by a phonetic key and Jaro-Winkler
similarity of surname and given name ("Yelena Serova", "Elena Serova"), places and
organizations by a one-letter typo ("Kazahkstan"). Types must agree. Each cluster takes
the type most of its mentions agree on (gazetteer matches weigh most) and its canonical
label: the gazetteer's name, else the fullest common spelling.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import cache

import jellyfish
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from kg.lexicon import (
    context,
    fleets,
    given_names,
    grammar,
    landscape_nouns,
    mention_confidence,
    name_forms,
    nicknames,
    person_cues,
)
from kg.records import Alias, Entity, Fact, Mention, Statement, vote_weight
from kg.text.labels import normalize_label
from kg.vocab import TYPE_PRIORITY, EntityType, top_class

_PERSONISH: frozenset[EntityType] = frozenset({"Person", "Organization", "Place"})
"""Types the statistical model confuses with each other on bare surnames."""
_SHORT_CRAFT_NAMES: frozenset[EntityType] = frozenset({"Organization", "Place", "CreativeWork"})
"""Types the model gives a craft's proper name ("Resilience") standing alone."""

SURNAME_SIMILARITY = 0.85
GIVEN_NAME_SIMILARITY = 0.85
TYPO_SIMILARITY = 0.95
TYPO_MIN_LENGTH = 7


def family(type_: EntityType) -> EntityType:
    """The top class of a type: subclasses may share a cluster with their superclass (the
    vote picks one)."""
    return top_class(type_)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # keep the smaller key as root so the result does not depend on input order
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def known_form(name: str, type_: EntityType) -> str:
    """``name`` rewritten to the form it is known by (``kg/data/name_forms.json``)."""
    for form in name_forms():
        if type_ in form.types:
            name = form.pattern.sub(form.replace, name)
    return name


def name_key(mention: Mention) -> str:
    return normalize_label(mention.canonical or known_form(mention.text, mention.type))


def _vote(mentions: Iterable[Mention]) -> EntityType:
    weights: dict[EntityType, float] = defaultdict(float)
    context = mention_confidence().context
    for m in mentions:  # (no dictionary here: a full name opens with a known first name)
        weights[m.type] += vote_weight(m, context, _opens_with_a_given_name)
    return min(weights, key=lambda t: (-weights[t], _priority(t)))


def _opens_with_a_given_name(name: str) -> bool:
    return name.split()[0].lower() in given_names()


def _priority(type_: EntityType) -> int:
    return TYPE_PRIORITY.index(type_) if type_ in TYPE_PRIORITY else len(TYPE_PRIORITY)


def resolve(
    mentions: Iterable[Mention], aliases: Iterable[Alias] = ()
) -> tuple[list[Entity], dict[Mention, Entity]]:
    """Cluster mentions into entities; also return which entity each kept mention names."""
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        key = name_key(m)
        if key:
            by_name[key].append(m)
    types = {key: _vote(ms) for key, ms in by_name.items()}

    names = _UnionFind()
    for key in sorted(by_name):
        names.find(key)
    for alias in aliases:
        a, b = name_key(alias.first), name_key(alias.second)
        if a in types and b in types and family(types[a]) == family(types[b]):
            names.union(a, b)
    nicknames: dict[str, set[str]] = defaultdict(set)
    for key, ms in by_name.items():
        for m in ms:
            if m.type == "Person":
                nicknames[key].update(n.lower() for n in _NICKNAME.findall(m.text))
    _link_variants(types, names, nicknames)
    _link_short_forms(by_name, types, names)

    clusters: dict[str, list[Mention]] = defaultdict(list)
    for key, ms in by_name.items():
        clusters[names.find(key)].extend(ms)

    entities: list[Entity] = []
    owner: dict[Mention, Entity] = {}
    minimum = mention_confidence().minimum
    for cluster in clusters.values():
        if max(m.confidence for m in cluster) < minimum:
            continue
        entity = _make_entity(cluster)
        entities.append(entity)
        for m in cluster:
            owner[m] = entity
    entities.sort(key=lambda e: e.key)
    return entities, owner


def skeleton(word: str) -> str:
    """The consonants of a name, the way transliterations keep them ("Pyotr"/"Petr": "ptr",
    "Korolyov"/"Korolev": "krlv")."""
    return "".join(c for c in word if c.isalpha() and c not in "aeiouy")


def person_words(key: str) -> list[str]:
    """The words of a person's name key without commas and a generational suffix:
    "james p. dutton, jr." -> james, p., dutton."""
    words = [w.rstrip(",") for w in key.split()]
    suffixes = person_cues().name_suffixes
    while len(words) > 1 and words[-1].rstrip(".") in suffixes:
        words.pop()
    return [w for w in words if w]


def formal_names(given: str) -> set[str]:
    """A given name and the ones it is a nickname of ("bob": bob, robert)."""
    return {given} | set(nicknames().get(given, ()))


def _compatible_given_names(a: list[str], b: list[str]) -> bool:
    """Given names agree when either is missing, one is a nickname of the other (Bob/Robert),
    or they are spelling variants (Yulia/Julia, Dmitry/Dmitri, Pyotr/Petr); a shared
    phonetic key alone is too lax (Jane/John)."""
    if not a or not b:
        return True
    if formal_names(a[0]) & formal_names(b[0]):
        return True
    x, y = " ".join(a), " ".join(b)
    similarity = JaroWinkler.similarity(x, y)
    return similarity >= GIVEN_NAME_SIMILARITY or (
        similarity >= 0.75 and x[0] == y[0] and skeleton(x) == skeleton(y)
    )


_NICKNAME = re.compile(r"[\"\u201c(]([A-Z][a-z]+)[\"\u201d)]")
"""A nickname a full name gives in quotes or brackets: 'Dafydd "Dai" Rees', "Dafydd (Dai) Rees"."""


def _by_nickname(a: str, b: str, nicknames: dict[str, set[str]]) -> bool:
    """Whether one name is the other's nickname and family name ("Dai Rees" of 'Dafydd "Dai"
    Rees', which its known form writes without the nickname)."""
    wa, wb = person_words(a), person_words(b)
    if len(wa) < 2 or len(wb) < 2 or wa[-1] != wb[-1]:
        return False
    return wa[0] in nicknames.get(b, ()) or wb[0] in nicknames.get(a, ())


def _same_person(a: str, b: str) -> bool:
    wa, wb = person_words(a), person_words(b)
    if JaroWinkler.similarity(wa[-1], wb[-1]) < SURNAME_SIMILARITY:
        return False
    # surnames that sound different are one only when one letter apart ("Marti" for
    # "Martin"): Harris is not Harrison
    if set(_surname_keys(wa[-1])[:2]).isdisjoint(_surname_keys(wb[-1])[:2]) and (
        DamerauLevenshtein.distance(wa[-1], wb[-1]) > 1
    ):
        return False
    return _compatible_given_names(wa[:-1], wb[:-1])


def _surname_keys(surname: str) -> tuple[str, ...]:
    """Blocking keys of a surname: its phonetic key (Shaykin/Chaykin), its consonant
    skeleton (Korolev/Korolyov) and its first four letters (a name cut short: "Marti" for
    "Martin"); names sharing any are compared."""
    return (jellyfish.metaphone(surname), skeleton(surname), "^" + surname[:4])


def _typo_variants(a: str, b: str) -> bool:
    """One-letter typos of a longer name, never differing in digits (Soyuz MS-23 / MS-24)."""
    return (
        min(len(a), len(b)) >= TYPO_MIN_LENGTH
        and re.findall(r"\d+", a) == re.findall(r"\d+", b)
        and DamerauLevenshtein.distance(a, b) <= 1
        and JaroWinkler.similarity(a, b) >= TYPO_SIMILARITY
    )


def _link_variants(
    types: dict[str, EntityType], names: _UnionFind, nicknames: dict[str, set[str]]
) -> None:
    """Join spelling variants of full person names, and typos of places and organizations.

    People are compared only within blocks that share a key of the surname, so the work
    grows with the number of similar names, not with the square of all names.
    """
    blocks: dict[tuple[EntityType, str], list[str]] = defaultdict(list)
    for key, type_ in sorted(types.items()):
        words = person_words(key) if type_ == "Person" else key.split()
        if type_ == "Person" and len(words) > 1:
            for block in dict.fromkeys(_surname_keys(words[-1])):
                blocks[("Person", block)].append(key)
        elif (type_ == "Place" or type_ == "Organization") and len(key) >= TYPO_MIN_LENGTH:
            blocks[(type_, key[0])].append(key)
    for (type_, _), keys in sorted(blocks.items()):
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if (
                    _same_person(a, b) or _by_nickname(a, b, nicknames)
                    if type_ == "Person"
                    else _typo_variants(a, b)
                ):
                    names.union(a, b)


def _short_form_fits(short: EntityType, full: EntityType, *, same_document: bool) -> bool:
    """Whether a one-word name of type ``short`` can stand for a longer name of type ``full``.

    The model often types a lone surname or a craft's proper name ("Resilience") as an
    organization or a place; inside one document that is no reason to keep them apart.
    """
    if family(short) == family(full):
        return True
    if full == "Person":  # a town another text names is no one's surname ("Vale", "Ada Vale")
        return short in _PERSONISH and (same_document or short != "Place")
    return same_document and family(full) == "Spacecraft" and short in _SHORT_CRAFT_NAMES


def _link_short_forms(
    by_name: dict[str, list[Mention]], types: dict[str, EntityType], names: _UnionFind
) -> None:
    """Join a one-word name to the one longer name it is short for: a surname to the full
    name ("Serrova" to "Yelena Serova", by spelling variant too), "MS-24" to "Soyuz
    MS-24", and inside one document a first word too ("Wang" of "Wang Yaping", "Dragon"
    of "Dragon Endeavour").

    A short form in a document with exactly one such longer name there joins that one;
    otherwise it joins a longer name it ends if the corpus has exactly one.
    """
    by_last: dict[str, set[str]] = defaultdict(set)  # every tail: "hei", "vande hei" -> names
    by_first: dict[str, set[str]] = defaultdict(set)
    people_by_code: dict[str, set[str]] = defaultdict(set)  # surname keys -> full names
    docs = {key: {m.doc_id for m in ms} for key, ms in by_name.items()}
    in_document: dict[str, set[str]] = defaultdict(set)
    for key, doc_ids in docs.items():
        for doc_id in doc_ids:
            in_document[doc_id].add(key)
    minimum = mention_confidence().minimum
    for key, type_ in types.items():
        if max(m.confidence for m in by_name[key]) < minimum:
            continue  # a name only a headline gives ("Roe Starts") is no one's full name
        words = person_words(key) if type_ == "Person" else key.split()
        for n in range(1, len(words)):
            by_last[" ".join(words[n:])].add(key)
        if len(words) > 1:
            by_first[words[0]].add(key)
            if type_ == "Person":
                for code in _surname_keys(words[-1]):
                    people_by_code[code].add(key)
    for key in sorted(by_name):
        words = key.split()
        type_ = types[key]
        if len(words) > 1 and not (type_ in _PERSONISH and key in by_last):
            continue  # a multi-word short form can only be a family name ("Vande Hei")
        ending = {c for c in by_last.get(key, ()) if types[c] != "Place" or _place_tail(c, key)}
        # spelling variants of a surname too (a town is no misspelt surname)
        if type_ in _PERSONISH and type_ != "Place" and len(words) == 1:
            codes = _surname_keys(key)
            ending |= {
                c for code in codes for c in people_by_code.get(code, ()) if _same_person(key, c)
            }
        corpus = {
            names.find(c)
            for c in ending
            if _short_form_fits(type_, types[c], same_document=False) and c not in _fleet_names()
        }
        # "Alex" of "Alexander Berg": a first word, or a nickname of one
        # (a place's first word is another place, or no short form: "Vale" of "Vale
        # Beach", "Orton" of "Orton High School"; but "Tarsk" of "Tarsk Cosmodrome")
        firsts = {
            c
            for given in formal_names(key)
            for c in by_first.get(given, ())
            if (types[c] != "Place" and type_ != "Place") or _facility_of(c)
        }
        # "Orbix" of "Orbix Corporation" in another text: a company without its suffix
        corpus |= {
            names.find(c) for c in firsts if type_ == types[c] == "Organization" and _company_of(c)
        }
        chosen: set[str] = set()
        for doc_id in sorted(docs[key]):
            local = (ending | firsts) & in_document[doc_id]
            in_doc = {
                names.find(c)
                for c in local
                if _short_form_fits(type_, types[c], same_document=True)
            }
            if len(in_doc) > 1:
                in_doc = _dominant(in_doc, in_document[doc_id], by_name, names, doc_id)
            chosen |= (
                in_doc if len(in_doc) == 1 else corpus if not in_doc and len(corpus) == 1 else set()
            )
        # a name that stands for one thing here and another there ("Soyuz" for each
        # document's own craft) is short for neither
        if len(chosen) == 1:
            names.union(key, next(iter(chosen)))


def _company_of(name: str) -> bool:
    """Whether the name is its first word and a company's suffix ("Orbix Corporation")."""
    words = name.split()
    return len(words) == 2 and words[1] in context().company_suffixes


def _facility_of(place: str) -> bool:
    """Whether the place is its first word and a facility or landscape noun ("Tarsk
    Cosmodrome", "Tarsk steppe")."""
    rest = " ".join(place.split()[1:])
    return rest in context().facility_words or rest in landscape_nouns()


def _place_tail(place: str, tail: str) -> bool:
    """Whether ``tail`` is short for the place: "Vandoria" of "Republic of Vandoria" or of
    "the Vandoria"; not "Dakota" of "North Dakota", another place."""
    before = place[: -len(tail)].split()
    return before[-1:] == ["of"] or before == [w for w in before if w in grammar().articles]


def _dominant(
    roots: set[str],
    keys: set[str],
    by_name: dict[str, list[Mention]],
    names: _UnionFind,
    doc_id: str,
) -> set[str]:
    """Of the longer names a short form may stand for in one document, the one the document
    is about: named at least twice and at least twice as often as any other ("Hollen" in
    a biography of Marcus T. Hollen that names his father Peter Hollen once)."""
    counts: Counter[str] = Counter()
    for c in keys:
        if names.find(c) in roots:
            counts[names.find(c)] += sum(m.doc_id == doc_id for m in by_name[c])
    ranked = counts.most_common()
    if len(ranked) >= 2 and ranked[0][1] >= 2 and ranked[0][1] >= 2 * ranked[1][1]:
        return {ranked[0][0]}
    return roots


def _shortened(form: str, words: Counter[str]) -> int:
    """How many words of ``form`` are nicknames or cut-short forms of other words in use."""
    lower = [w.lower() for w in form.split()]
    return sum(
        w in nicknames() or any(o != w and o.startswith(w) and len(w) > 1 for o in words)
        for w in lower
    )


@cache
def _fleet_names() -> frozenset[str]:
    """Keys of fleet members' names ("space shuttle columbia"): whether a name alone is one
    of them is decided in its document (kg.nlp.names.fleet_members), never across the
    corpus: the Columbia of one text may be another craft than that of the next."""
    return frozenset(
        normalize_label(fleet.canonical(member)) for fleet in fleets() for member in fleet.members
    )


def _cluster_vote(cluster: list[Mention]) -> EntityType:
    """The cluster's type; a lone word that is the family name of a full personal name of
    the cluster votes as a person, whatever the model said ("Tanabe" typed a place beside
    "Mira Tanabe")."""
    surnames = {
        m.text.split()[-1].lower()
        for m in cluster
        if m.type == "Person" and len(m.text.split()) > 1
    }
    if not surnames:
        return _vote(cluster)
    return _vote(
        replace(m, type="Person")
        if len(m.text.split()) == 1 and m.text.lower() in surnames and m.source != "ruler"
        else m
        for m in cluster
    )


def _make_entity(cluster: list[Mention]) -> Entity:
    etype = _cluster_vote(cluster)
    canonical = Counter(m.canonical for m in cluster if m.canonical)
    spellings = Counter(m.text for m in cluster)
    if canonical:
        label = min(canonical, key=lambda s: (-canonical[s], s))
    else:
        forms = Counter(" ".join(known_form(m.text, etype).split()) for m in cluster)
        words = Counter(
            w.lower() for form, n in forms.items() for w in set(form.split()) for _ in range(n)
        )

        def rank(form: str) -> tuple[int, int, int, int, bool, str]:
            # the fullest spelling, then the most common, then the one whose words most
            # spellings share ("Yelena Serova" over "Elena Serova"), then the one with
            # fewest nicknames and words cut short ("Robert" over "Bob", "Martin" over
            # "Marti"); capitals-only last
            support = sum(words[w.lower()] for w in form.split())
            return (-len(form.split()), -forms[form], -support, _shortened(form, words),
                    form.isupper(), form)  # fmt: skip

        label = min(forms, key=rank)
    return Entity(
        key=f"{etype}:{normalize_label(label)}",
        type=etype,
        label=label,
        alt_labels=tuple(sorted(s for s in spellings if s != label)),
        mentions=sorted(cluster, key=lambda m: (m.doc_id, m.start)),
    )


def resolve_facts(facts: Iterable[Fact], owner: dict[Mention, Entity]) -> list[Statement]:
    """Lift sentence-level facts to entity-level statements, merging duplicates.

    A fact whose subject or object names no kept entity is dropped.
    """
    statements: dict[tuple[str, str, object], Statement] = {}
    for fact in facts:
        subject = owner.get(fact.subject)
        obj = owner.get(fact.object) if isinstance(fact.object, Mention) else fact.object
        if subject is None or obj is None or obj is subject:
            continue
        key = (subject.key, fact.predicate, _object_key(obj))
        if key not in statements:
            statements[key] = Statement(subject, fact.predicate, obj)
        statements[key].sources.append(fact)
    return sorted(
        statements.values(), key=lambda s: (s.subject.key, s.predicate, str(_object_key(s.object)))
    )


def _object_key(value: object) -> object:
    return value.key if isinstance(value, Entity) else value
