"""Resolve mentions across documents into entities: one per real-world thing.

Mentions are clustered by normalized name; a lone surname joins the full name it
belongs to (in the same document, else the only such name in the corpus). Each
cluster takes the type most of its mentions agree on (gazetteer matches weigh most)
and its canonical label: the gazetteer's name, else the fullest common spelling.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.records import Entity, Event, EventNode, Fact, Mention, Statement
from kg.text import normalize_label

MIN_CONFIDENCE = 0.5
"""An entity whose every mention is weaker than this (say, only in headlines) is dropped."""

_PERSONISH = {"Person", "Organization", "Place"}
"""Types the statistical model confuses with each other on bare surnames."""


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


def name_key(mention: Mention) -> str:
    return normalize_label(mention.canonical or mention.text)


def _vote(mentions: Iterable[Mention]) -> str:
    weights: dict[str, float] = defaultdict(float)
    for m in mentions:
        weights[m.type] += m.confidence * (4 if m.source == "ruler" else 1)
    return min(weights, key=lambda t: (-weights[t], t))


def resolve(mentions: Iterable[Mention]) -> tuple[list[Entity], dict[Mention, Entity]]:
    """Cluster mentions into entities; also return which entity each kept mention names."""
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        key = name_key(m)
        if key:
            by_name[key].append(m)

    names = _UnionFind()
    for key in by_name:
        names.find(key)
    _link_surnames(by_name, names)

    clusters: dict[str, list[Mention]] = defaultdict(list)
    for key, ms in by_name.items():
        clusters[names.find(key)].extend(ms)

    entities: list[Entity] = []
    owner: dict[Mention, Entity] = {}
    for cluster in clusters.values():
        if max(m.confidence for m in cluster) < MIN_CONFIDENCE:
            continue
        entity = _make_entity(cluster)
        entities.append(entity)
        for m in cluster:
            owner[m] = entity
    entities.sort(key=lambda e: e.key)
    return entities, owner


def _link_surnames(by_name: dict[str, list[Mention]], names: _UnionFind) -> None:
    """Join a one-word person name to the full name whose last word it is."""
    full_by_last: dict[str, list[str]] = defaultdict(list)
    for key, ms in by_name.items():
        words = key.split()
        if len(words) > 1 and _vote(ms) == "Person":
            full_by_last[words[-1]].append(key)
    for key, ms in by_name.items():
        if " " in key or key not in full_by_last or not any(m.type in _PERSONISH for m in ms):
            continue
        candidates = full_by_last[key]
        for doc_id in {m.doc_id for m in ms}:
            in_doc = [c for c in candidates if any(m.doc_id == doc_id for m in by_name[c])]
            choice = in_doc if len(in_doc) == 1 else candidates if len(candidates) == 1 else []
            if choice:
                names.union(key, choice[0])


def _make_entity(cluster: list[Mention]) -> Entity:
    etype = _vote(cluster)
    canonical = Counter(m.canonical for m in cluster if m.canonical)
    spellings = Counter(m.text for m in cluster)
    if canonical:
        label = min(canonical, key=lambda s: (-canonical[s], s))
    else:
        # the fullest spelling, then the most common; capitals-only (credits, headlines) last
        label = min(spellings, key=lambda s: (-len(s.split()), -spellings[s], s.isupper(), s))
        label = " ".join(label.split())
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
        obj_key = obj.key if isinstance(obj, Entity) else obj
        key = (subject.key, fact.predicate, obj_key)
        if key not in statements:
            statements[key] = Statement(subject, fact.predicate, obj)
        statements[key].sources.append(fact)
    return sorted(
        statements.values(), key=lambda s: (s.subject.key, s.predicate, str(_object_key(s.object)))
    )


def _object_key(value: Entity | object) -> object:
    return value.key if isinstance(value, Entity) else value


def merge_events(events: Iterable[Event], owner: dict[Mention, Entity]) -> list[EventNode]:
    """One node per (event type, vehicle or work); attributes are the union of the tellings,
    the date and location the ones most tellings agree on."""
    nodes: dict[str, EventNode] = {}
    for event in events:
        anchor = event.vehicle or event.work
        anchor_entity = owner.get(anchor) if anchor else None
        if anchor_entity is None:
            continue
        key = f"{event.type}:{anchor_entity.key}"
        node = nodes.setdefault(key, EventNode(key=key, type=event.type))
        if event.vehicle:
            node.vehicle = anchor_entity
        else:
            node.work = anchor_entity
        node.sources.append(event)
        for person in event.participants:
            entity = owner.get(person)
            if entity is not None and entity not in node.participants:
                node.participants.append(entity)
    for node in nodes.values():
        node.location = _most_common(owner.get(e.location) for e in node.sources if e.location)
        dates = Counter(e.date for e in node.sources if e.date)
        node.date = min(dates, key=lambda d: (-dates[d], d)) if dates else None
        node.participants.sort(key=lambda e: e.key)
    return sorted(nodes.values(), key=lambda n: n.key)


def _most_common(entities: Iterable[Entity | None]) -> Entity | None:
    counts: Counter[str] = Counter()
    by_key: dict[str, Entity] = {}
    for entity in entities:
        if entity is not None:
            counts[entity.key] += 1
            by_key[entity.key] = entity
    if not counts:
        return None
    return by_key[min(counts, key=lambda k: (-counts[k], k))]
