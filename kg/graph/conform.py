"""Facts obey the ontology before the shapes see them.

A rule can be wrong, and resolution can give a mention's entity another class than the
rule saw ("Endeavour" read as a craft in one sentence and an organization in the corpus),
so the global pass checks every fact and every event link against the domain and range
that ``ontology/kg.ttl`` declares (kg.vocab.signature). What breaks them is dropped and
reported, never written: a build does not fail because one rule was wrong, and the shapes
stay as the guard of what kg writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from kg.records import Entity, EventNode, Statement
from kg.vocab import ClassName, EventRole, PropertyName, signature


@dataclass(slots=True)
class Conformed:
    """What the global pass keeps, and what it dropped, described for the user."""

    statements: list[Statement]
    events: list[EventNode]
    dropped: list[str] = field(default_factory=list)
    """One line per fact or event link that broke the ontology: what and why."""


def conform(statements: Sequence[Statement], events: Sequence[EventNode]) -> Conformed:
    """The statements and events whose every link the ontology admits; an event that loses
    what it is about (its vehicle, work or mission) is dropped whole."""
    result = Conformed([], [])
    for statement in statements:
        obj = statement.object
        problem = _problem(
            statement.predicate,
            statement.subject.type,
            obj.type if isinstance(obj, Entity) else None,
        )
        if problem:
            result.dropped.append(f"{_fact(statement)}: {problem}")
        else:
            result.statements.append(statement)
    for event in events:
        kept = _conformed_event(event, result.dropped)
        if kept is not None:
            result.events.append(kept)
    return result


def _problem(prop: PropertyName, subject: ClassName, obj: ClassName | None) -> str:
    """Why the ontology refuses a link of ``prop`` from ``subject`` to ``obj`` (None: a
    literal), or ""."""
    allowed = signature(prop)
    if allowed.admits(subject, obj):
        return ""
    if allowed.domain and not allowed.admits(subject, next(iter(allowed.range), None)):
        return f"{prop} does not take a {subject} as its subject"
    return f"{prop} does not take {'a literal' if obj is None else 'a ' + obj} as its object"


_LINKS: tuple[EventRole, ...] = ("vehicle", "work", "location", "mission")


def _conformed_event(event: EventNode, dropped: list[str]) -> EventNode | None:
    changes: dict[str, object] = {}
    for role in _LINKS:
        value: Entity | None = getattr(event, role)
        if value is not None and (problem := _problem(role, event.type, value.type)):
            dropped.append(f"{event.type} of {_anchor(event)} {role} {value.label}: {problem}")
            changes[role] = None
    people = []
    for person in event.participants:
        problem = _problem("participant", event.type, person.type)
        if problem:
            dropped.append(
                f"{event.type} of {_anchor(event)} participant {person.label}: {problem}"
            )
        else:
            people.append(person)
    if len(people) != len(event.participants):
        changes["participants"] = people
    if not changes:
        return event
    kept = replace(event, **changes)  # type: ignore[arg-type]
    if kept.vehicle is None and kept.work is None and kept.mission is None:
        dropped.append(f"{event.type} of {_anchor(event)}: nothing left that it is about; dropped")
        return None
    return kept


def _anchor(event: EventNode) -> str:
    anchor = event.vehicle or event.work or event.mission
    return anchor.label if anchor is not None else "?"


def _fact(statement: Statement) -> str:
    obj = statement.object
    shown = obj.label if isinstance(obj, Entity) else str(obj)
    return f"{statement.subject.label} {statement.predicate} {shown}"
