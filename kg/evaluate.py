"""Score a graph against a gold annotation (the rules of ``kg eval``, fixed so figures compare).

- Labels compare by ``kg.text.labels.normalize_label``.
- A node is an entity if typed (through rdfs:subClassOf in the graph plus the ontology)
  with Person, Organization, Spacecraft, Place, CreativeWork or Mission (an Event class in
  the ontology, named and resolved like the others, so matched by name and class too). It
  maps to the gold entity one of its labels names (rdfs:label first, then skos:prefLabel,
  then skos:altLabel).
- A mapped node of the right type is a true positive once; a second node for the same gold
  entity, a node of the wrong type, or an unmapped node is a false positive. Optional gold
  items count neither way; gold events and event-only nodes are left out.
- Facts are triples whose predicate local name is in FACT_PREDICATES, scored the same way.
- A gold event is found when a node of its class has a vehicle or a mission (a work, for
  Filming) that maps to the gold event's vehicle (or work); its date, location and
  participants are its attributes.
- Several gold files score as one (:func:`merge_gold`): the gold of corpora annotated
  apart, for a graph built from all of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError
from kg.graph.rdf import read_graph
from kg.paths import ONTOLOGY_FILE
from kg.text.labels import normalize_label
from kg.vocab import ENTITY_CLASSES, FACT_PREDICATES, KG, ClassName, Predicate, class_named

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}  # fmt: skip


@dataclass(slots=True)
class EvalReport:
    entities: Score = field(default_factory=Score)
    facts: Score = field(default_factory=Score)
    events_found: int = 0
    events_total: int = 0
    attributes_correct: int = 0
    attributes_total: int = 0
    missed_entities: list[str] = field(default_factory=list)
    false_entities: list[str] = field(default_factory=list)
    missed_facts: list[str] = field(default_factory=list)
    false_facts: list[str] = field(default_factory=list)
    missed_events: list[str] = field(default_factory=list)
    wrong_attributes: list[str] = field(default_factory=list)

    @property
    def event_recall(self) -> float:
        return self.events_found / self.events_total if self.events_total else 0.0

    @property
    def attribute_accuracy(self) -> float:
        return self.attributes_correct / self.attributes_total if self.attributes_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["entities"] = self.entities.as_dict()
        data["facts"] = self.facts.as_dict()
        data["event_recall"] = round(self.event_recall, 4)
        data["attribute_accuracy"] = round(self.attribute_accuracy, 4)
        return data


@dataclass(frozen=True, slots=True)
class _GoldEntity:
    name: str
    type: ClassName
    optional: bool


def _gold_class(value: object, what: str) -> ClassName:
    cls = class_named(value) if isinstance(value, str) else None
    if cls is None:
        raise KgError(f"gold: {what} has type {value!r}, which is no class of the ontology")
    return cls


class _Gold:
    def __init__(self, data: dict[str, Any]) -> None:
        self.entities = [
            _GoldEntity(
                e["name"], _gold_class(e["type"], f"entity {e['name']!r}"), bool(e.get("optional"))
            )
            for e in data.get("entities", [])
        ]
        # a label may name two things of two classes (the orbiter and the town "Columbia")
        self.by_label: dict[str, list[_GoldEntity]] = {}
        for gold, raw in zip(self.entities, data.get("entities", []), strict=True):
            for label in [raw["name"], *raw.get("aliases", [])]:
                named = self.by_label.setdefault(normalize_label(label), [])
                if gold not in named:
                    named.append(gold)
        self.facts: list[dict[str, Any]] = data.get("facts", [])
        self.events: list[dict[str, Any]] = data.get("events", [])


def load_gold(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KgError(f"{path}: no such gold file") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KgError(f"{path}: not a readable JSON gold file ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise KgError(f"{path}: a gold file needs an 'entities' list")
    return data


class _Scorer:
    def __init__(self, graph: Graph, gold: _Gold) -> None:
        self.graph = graph
        self.gold = gold
        schema = Graph().parse(ONTOLOGY_FILE, format="turtle")
        for triple in graph.triples((None, RDFS.subClassOf, None)):
            schema.add(triple)
        self.schema = schema
        self._closure: dict[Node, set[str]] = {}

    def class_names(self, node: Node) -> set[str]:
        """Local names of the node's kg classes and all their kg superclasses."""
        names: set[str] = set()
        for cls in self.graph.objects(node, RDF.type):
            if cls not in self._closure:
                supers = self.schema.transitive_objects(cls, RDFS.subClassOf)
                self._closure[cls] = {_local(c) for c in supers if c and str(c).startswith(str(KG))}
            names |= self._closure[cls]
        return names

    def gold_for(self, node: Node) -> _GoldEntity | None:
        """The gold entity the node's first label in gold names: of two things of one name
        (the orbiter and the town "Columbia"), the one of the node's class."""
        if isinstance(node, Literal):
            named = self.gold.by_label.get(normalize_label(str(node)), [])
            return named[0] if named else None
        for prop in LABEL_PROPERTIES:
            for label in sorted(str(v) for v in self.graph.objects(node, prop)):
                named = self.gold.by_label.get(normalize_label(label), [])
                if named:
                    classes = self.class_names(node)
                    return next((g for g in named if g.type in classes), named[0])
        return None

    def label(self, node: Node) -> str:
        value = self.graph.value(node, RDFS.label)
        return str(value) if value is not None else str(node)


def _local(iri: Node) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def evaluate(graph: Graph, gold_data: dict[str, Any]) -> EvalReport:
    gold = _Gold(gold_data)
    scorer = _Scorer(graph, gold)
    report = EvalReport()
    _score_entities(scorer, report)
    _score_facts(scorer, report)
    _score_events(scorer, report)
    return report


def evaluate_file(graph_path: Path, gold_paths: Path | Sequence[Path]) -> EvalReport:
    paths = [gold_paths] if isinstance(gold_paths, Path) else list(gold_paths)
    return evaluate(read_graph(graph_path), merge_gold([load_gold(p) for p in paths]))


def merge_gold(golds: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One gold of several: an entity named in two is one (its aliases joined; optional
    only if optional in every file), a fact told in two is one, and so is an event of one
    class, vehicle (or work) and date."""
    if len(golds) == 1:
        return golds[0]
    # a name of two classes is two things (the orbiter and the town "Columbia")
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    renamed: dict[str, str] = {}  # a name another file gives the same entity -> the first
    for gold in golds:
        named_here = {entity["name"] for entity in gold.get("entities", [])}
        for entity in gold.get("entities", []):
            seen = entities.get((entity["name"], entity["type"]))
            if seen is None:
                seen = _same_under_another_name(entity, entities, named_here)
                if seen is not None:
                    renamed[entity["name"]] = seen["name"]
                    if entity["name"] not in seen["aliases"]:
                        seen["aliases"].append(entity["name"])
            if seen is None:
                entities[(entity["name"], entity["type"])] = {
                    **entity,
                    "aliases": list(entity.get("aliases", [])),
                }
                continue
            seen["aliases"] += [a for a in entity.get("aliases", []) if a not in seen["aliases"]]
            seen["optional"] = bool(seen.get("optional")) and bool(entity.get("optional"))
    facts: dict[tuple[str, str, str], dict[str, Any]] = {}
    for gold in golds:
        for fact in gold.get("facts", []):
            fact = {**fact, "s": renamed.get(fact["s"], fact["s"])}
            if isinstance(fact["o"], str):
                fact["o"] = renamed.get(fact["o"], fact["o"])
            key = (fact["s"], fact["p"], str(fact["o"]))
            if key in facts:
                facts[key]["optional"] = bool(facts[key].get("optional")) and bool(
                    fact.get("optional")
                )
            else:
                facts[key] = dict(fact)
    events: dict[tuple[str, str, str], dict[str, Any]] = {}
    for gold in golds:
        for event in gold.get("events", []):
            event = {
                **event,
                **{
                    k: renamed.get(v, v)
                    for k in ("vehicle", "work", "location")
                    if isinstance(v := event.get(k), str)
                },
                "participants": [renamed.get(p, p) for p in event.get("participants", [])],
            }
            # a craft flies more than once: two launches of one orbiter are two events
            anchor = str(event.get("work") or event.get("vehicle") or "")
            told = (str(event["type"]), anchor, str(event.get("date") or ""))
            seen_event = events.setdefault(told, {**event, "participants": []})
            for field_name in ("date", "location"):
                seen_event.setdefault(field_name, event.get(field_name))
            people = seen_event["participants"]
            people += [p for p in event.get("participants", []) if p not in people]
    return {
        "entities": list(entities.values()),
        "facts": list(facts.values()),
        "events": list(events.values()),
    }


def _same_under_another_name(
    entity: dict[str, Any], entities: dict[tuple[str, str], dict[str, Any]], named_here: set[str]
) -> dict[str, Any] | None:
    """The entity an earlier file gives under another name: one of the two names is the
    other's alias ("NASA" for "National Aeronautics and Space Administration"), and the
    class is the same. A name the earlier files give to an entity of their own, or that
    this file also names apart, joins nothing (the town "Baikonur" is no alias-merge of the
    cosmodrome)."""
    names = {entity["name"].lower()} | {a.lower() for a in entity.get("aliases", [])}
    candidates = [
        seen
        for seen in entities.values()
        if seen["type"] == entity["type"]
        and seen["name"] not in named_here
        and (
            seen["name"].lower() in names
            or entity["name"].lower() in {a.lower() for a in seen["aliases"]}
        )
    ]
    return candidates[0] if len(candidates) == 1 else None


def _score_entities(scorer: _Scorer, report: EvalReport) -> None:
    gold = scorer.gold
    matched: set[tuple[str, str]] = set()
    nodes = sorted(
        {s for s in scorer.graph.subjects(RDF.type, None) if isinstance(s, URIRef)}, key=str
    )
    for node in nodes:
        classes = scorer.class_names(node)
        if not classes & set(ENTITY_CLASSES):
            continue
        target = scorer.gold_for(node)
        label = scorer.label(node)
        if target is not None and (target.optional or target.type == "Event"):
            continue
        if target is None:
            report.entities.fp += 1
            report.false_entities.append(
                f"{label} ({'/'.join(sorted(classes & set(ENTITY_CLASSES)))}): not in gold"
            )
        elif target.type not in classes:
            report.entities.fp += 1
            report.false_entities.append(
                f"{label}: typed {'/'.join(sorted(classes))}, gold says {target.type}"
            )
        elif (target.name, target.type) in matched:
            report.entities.fp += 1
            report.false_entities.append(f"{label}: second node for {target.name}")
        else:
            matched.add((target.name, target.type))
            report.entities.tp += 1
    for entity in gold.entities:
        if (
            not entity.optional
            and entity.type != "Event"
            and (entity.name, entity.type) not in matched
        ):
            report.entities.fn += 1
            report.missed_entities.append(f"{entity.name} ({entity.type})")


def _gold_predicate(value: object) -> Predicate:
    for predicate in FACT_PREDICATES:
        if value == predicate:
            return predicate
    raise KgError(f"gold: a fact has predicate {value!r}, which is no fact predicate of kg")


def _fact_key(predicate: Predicate, obj: str) -> str:
    if predicate == "launchDate":
        return obj[:10]
    return normalize_label(obj)


def _score_facts(scorer: _Scorer, report: EvalReport) -> None:
    gold_facts: dict[tuple[str, str, str], bool] = {}
    for fact in scorer.gold.facts:
        stated = _gold_predicate(fact["p"])
        gold_facts[(fact["s"], stated, _fact_key(stated, fact["o"]))] = bool(fact.get("optional"))
    matched: set[tuple[str, str, str]] = set()
    for s, p, o in sorted(scorer.graph, key=lambda t: tuple(map(str, t))):
        predicate = _local(p)
        if predicate not in FACT_PREDICATES or not str(p).startswith(str(KG)):
            continue
        subject = scorer.gold_for(s)
        described = (
            f"{scorer.label(s)} {predicate} {scorer.label(o) if isinstance(o, URIRef) else o}"
        )
        if isinstance(o, Literal):
            obj_name = str(o)
        else:
            target = scorer.gold_for(o)
            obj_name = target.name if target else ""
        if subject is None or not obj_name:
            report.facts.fp += 1
            report.false_facts.append(f"{described}: subject or object not in gold")
            continue
        key = (subject.name, predicate, _fact_key(predicate, obj_name))
        if key not in gold_facts:
            report.facts.fp += 1
            report.false_facts.append(f"{described}: not in gold")
        elif gold_facts[key]:
            continue
        elif key in matched:
            report.facts.fp += 1
            report.false_facts.append(f"{described}: duplicate")
        else:
            matched.add(key)
            report.facts.tp += 1
    for gold_key, optional in gold_facts.items():
        if not optional and gold_key not in matched:
            report.facts.fn += 1
            report.missed_facts.append(" ".join(gold_key))


def _score_events(scorer: _Scorer, report: EvalReport) -> None:
    graph = scorer.graph
    for event in scorer.gold.events:
        report.events_total += 1
        kind = _gold_class(event["type"], "an event")
        anchors = (KG.work,) if kind == "Filming" else (KG.vehicle, KG.mission)
        anchor_name = event.get("work") if kind == "Filming" else event.get("vehicle")
        candidates = [
            node for node in sorted({s for s in graph.subjects(RDF.type, None)}, key=str)
            if kind in scorer.class_names(node)
            and any((g := scorer.gold_for(v)) is not None and g.name == anchor_name
                    for prop in anchors for v in graph.objects(node, prop))
        ]  # fmt: skip
        title = f"{event['type']} of {anchor_name}"
        if not candidates:
            report.missed_events.append(title)
            continue
        report.events_found += 1
        expected = _event_attributes(event)
        best = max(
            (_attributes_of(scorer, node) for node in candidates),
            key=lambda got: len(expected & got),
        )
        report.attributes_total += len(expected)
        report.attributes_correct += len(expected & best)
        report.wrong_attributes.extend(
            f"{title}: {a}={v} missing" for a, v in sorted(expected - best)
        )


def _event_attributes(event: dict[str, Any]) -> set[tuple[str, str]]:
    attributes: set[tuple[str, str]] = set()
    if event.get("date"):
        attributes.add(("date", event["date"][:10]))
    if event.get("location"):
        attributes.add(("location", event["location"]))
    attributes.update(("participant", p) for p in event.get("participants", []))
    return attributes


def _attributes_of(scorer: _Scorer, node: Node) -> set[tuple[str, str]]:
    graph = scorer.graph
    got: set[tuple[str, str]] = {("date", str(d)[:10]) for d in graph.objects(node, KG.date)}
    for prop, name in ((KG.location, "location"), (KG.participant, "participant")):
        for value in graph.objects(node, prop):
            target = scorer.gold_for(value)
            if target:
                got.add((name, target.name))
    return got


def _figures(score: Score) -> str:
    return (
        f"precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}  "
        f"(tp {score.tp}, fp {score.fp}, fn {score.fn})"
    )


@dataclass(frozen=True, slots=True)
class Targets:
    """Minimum figures a graph must reach; None leaves a figure unchecked."""

    entity_f1: float | None = None
    fact_f1: float | None = None
    event_recall: float | None = None
    attribute_accuracy: float | None = None

    def shortfalls(self, report: EvalReport) -> list[str]:
        """What falls short, as "entity F1 0.912 < 0.950"; empty when every target is met."""
        figures = {
            "entity F1": (report.entities.f1, self.entity_f1),
            "fact F1": (report.facts.f1, self.fact_f1),
            "event recall": (report.event_recall, self.event_recall),
            "attribute accuracy": (report.attribute_accuracy, self.attribute_accuracy),
        }
        return [
            f"{name} {got:.3f} < {want:.3f}"
            for name, (got, want) in figures.items()
            if want is not None and got < want
        ]

    def __bool__(self) -> bool:
        return any(
            v is not None
            for v in (self.entity_f1, self.fact_f1, self.event_recall, self.attribute_accuracy)
        )


def format_report(report: EvalReport) -> str:
    """A readable report: the figures first, then what was missed and what was false."""
    e, f = report.entities, report.facts
    lines = [
        f"entities  {_figures(e)}",
        f"facts     {_figures(f)}",
        f"events    recall {report.event_recall:.3f} ({report.events_found}/{report.events_total})"
        f"  attribute accuracy {report.attribute_accuracy:.3f}"
        f" ({report.attributes_correct}/{report.attributes_total})",
    ]
    sections: Iterable[tuple[str, list[str]]] = (
        ("missed entities", report.missed_entities),
        ("false entities", report.false_entities),
        ("missed facts", report.missed_facts),
        ("false facts", report.false_facts),
        ("missed events", report.missed_events),
        ("wrong or missing event attributes", report.wrong_attributes),
    )
    for title, items in sections:
        if items:
            lines.append(f"\n{title} ({len(items)}):")
            lines.extend(f"  - {item}" for item in items)
    return "\n".join(lines)
