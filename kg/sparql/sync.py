"""Keeping a store in step with a build: the record a store keeps of what it holds, and
the plan that says which graphs a load writes, drops or leaves alone.

Beside kg's graphs, a store (embedded or a server) keeps one statement in the graph
``kgr:store/record``: a JSON text naming the build it holds and, for each kg graph, a
digest of its N-Triples and how many statements it has. A load compares the record with
the graphs it is given: a document's graph whose digest is unchanged is left alone, a new
or changed one is replaced, one that is gone is dropped, and the entity graph is
rewritten only where it differs. The record depends on nothing but the graphs, so a store
kept in step holds exactly what a full load of the same graphs gives.

A store without a record (new, or loaded by an older kg), or whose graphs are not what
its record says (someone else changed it), is replaced whole, and the load says why.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.graph.iris import ENTITY_GRAPH, STORE_RECORD
from kg.sparql.backend import StoreGraphs
from kg.vocab import RES

RECORD_FORMAT = 1
"""Bumped when the record's layout changes: a store with another is replaced whole."""
RECORD_SUBJECT = str(STORE_RECORD)
RECORD_PREDICATE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
_ENTITIES = str(ENTITY_GRAPH)
_BUILD = re.compile(
    rb"^<(" + re.escape(str(RES["build/"]).encode()) + rb"[^>]*)> "
    rb"<http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> "
    rb"<http://www\.w3\.org/ns/prov#Activity> \.$",
    re.MULTILINE,
)


def graph_digest(data: bytes) -> str:
    """The digest of one graph's sorted N-Triples (128 bits of sha256)."""
    return hashlib.sha256(data).hexdigest()[:32]


def statements_in(data: bytes) -> int:
    """How many statements a graph's N-Triples hold: one per line (a line break inside a
    literal is written escaped)."""
    return data.count(b"\n")


@dataclass(frozen=True, slots=True)
class StoreRecord:
    """What a store holds: the build, and each kg graph's digest and statement count."""

    build: str
    graphs: Mapping[str, tuple[str, int]]
    pending: bool = False
    """A load into a server was cut off: only the graphs the record names are as it says;
    the others are to be written or dropped by the next load."""

    @classmethod
    def of(cls, graphs: StoreGraphs) -> StoreRecord:
        """The record of a store that holds exactly ``graphs``."""
        entities = graphs.get(_ENTITIES, b"")
        match = _BUILD.search(entities)
        build = match.group(1).decode() if match else ""
        return cls(build, {n: (graph_digest(d), statements_in(d)) for n, d in graphs.items()})

    @property
    def statements(self) -> int:
        return sum(count for _, count in self.graphs.values())

    def text(self) -> str:
        """The record as the JSON text the store keeps (keys sorted, so the same graphs give
        the same text)."""
        graphs = {name: [digest, count] for name, (digest, count) in self.graphs.items()}
        body: dict[str, object] = {"format": RECORD_FORMAT, "build": self.build, "graphs": graphs}
        if self.pending:
            body["pending"] = True
        return json.dumps(body, sort_keys=True, separators=(",", ":"))

    @classmethod
    def parse(cls, text: str) -> StoreRecord | None:
        """The record a store keeps, or None if it is not one this kg writes."""
        try:
            body = json.loads(text)
            if body.get("format") != RECORD_FORMAT:
                return None
            graphs = {str(n): (str(d), int(c)) for n, (d, c) in body["graphs"].items()}
            return cls(str(body["build"]), graphs, bool(body.get("pending", False)))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def claiming(self, names: set[str]) -> StoreRecord:
        """A pending record that vouches only for the graphs of ``names``."""
        graphs = {n: v for n, v in self.graphs.items() if n in names}
        return StoreRecord(self.build, graphs, pending=True)


@dataclass(frozen=True, slots=True)
class SyncPlan:
    """What a load does to a store: replace everything, or write and drop some graphs."""

    full: bool
    reason: str = ""
    """Why everything is replaced (empty for a store that is kept in step)."""
    write: tuple[str, ...] = ()
    """The kg graphs to replace: new or changed (the entity graph last, if it changed)."""
    drop: tuple[str, ...] = ()
    """The kg graphs the store holds that the new graphs do not."""
    unchanged: int = 0
    """The graphs left as they are."""
    rewrite_statements: int = field(default=0)
    """How many statements the graphs to write hold."""


def plan_sync(
    held: Mapping[str, int],
    record: StoreRecord | None,
    new: StoreRecord,
    *,
    full: bool = False,
) -> SyncPlan:
    """How to bring a store that holds the kg graphs ``held`` (name: statements), with
    ``record``, to the graphs ``new`` records. ``full`` asks for a full replace."""
    if full:
        return SyncPlan(full=True)  # asked for: nothing to explain
    if record is None:
        if not held:
            return SyncPlan(full=True, reason="")
        return SyncPlan(
            full=True,
            reason="the store has no record of what it holds (loaded by an older kg, or by "
            "something else), so every graph is replaced",
        )
    for name, (_, count) in sorted(record.graphs.items()):
        if held.get(name, 0) != count:
            return SyncPlan(
                full=True,
                reason=f"the store was changed since kg last loaded it ({name} holds "
                f"{held.get(name, 0)} statements, kg's record says {count}), so every "
                "graph is replaced",
            )
    if not record.pending:
        extra = sorted(set(held) - set(record.graphs))
        if extra:
            return SyncPlan(
                full=True,
                reason=f"the store was changed since kg last loaded it ({extra[0]} is not in "
                "kg's record), so every graph is replaced",
            )
    write = [
        name
        for name, (digest, _) in sorted(new.graphs.items())
        if name != _ENTITIES and record.graphs.get(name, ("", 0))[0] != digest
    ]
    if _ENTITIES in new.graphs and record.graphs.get(_ENTITIES) != new.graphs[_ENTITIES]:
        write.append(_ENTITIES)
    drop = sorted(set(held) - set(new.graphs))
    statements = sum(new.graphs[name][1] for name in write)
    return SyncPlan(
        full=False,
        write=tuple(write),
        drop=tuple(drop),
        unchanged=len(new.graphs) - len(write),
        rewrite_statements=statements,
    )
