"""IRIs: every node is named by what it is, so the same input gives the same IRIs in every
build, and there are no blank nodes.

Entities are named by type and normalized name, events by type and their vehicle's or
work's IRI, documents by id; a document's mentions and sentences are NIF strings named by
RFC 5147 fragments of its IRI (``…/document/d1#char=10,24``). The named graphs a store
keeps are named here too, with the rule that says which triple belongs to which graph.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import quote

from rdflib import PROV, URIRef

from kg.records import Entity, EventNode
from kg.text.labels import normalize_label
from kg.vocab import KG, RES

_PLAIN_KEY = re.compile(r"[a-z0-9.-]+(?: [a-z0-9.-]+)*")

T = TypeVar("T")


def _slug(name: str) -> str:
    """An IRI path segment for a name: readable, and distinct for distinct normalized names.

    Plain names become words joined by "_" ("yelena_serova", "soyuz_ms-23"). Anything
    else keeps an ASCII reading and adds "~" and a digest of the whole name; plain slugs
    never contain "~", so the two forms cannot collide.
    """
    key = normalize_label(name)
    if _PLAIN_KEY.fullmatch(key):
        return key.replace(" ", "_")
    ascii_form = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    readable = "_".join(re.findall(r"[a-z0-9]+", ascii_form))[:60]
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{readable}~{digest}"


def entity_iri(entity: Entity) -> URIRef:
    """The IRI an entity's type and normalized name give it."""
    return RES[f"{entity.type.lower()}/{_slug(entity.label)}"]


def mint_iris(entities: Iterable[Entity]) -> dict[Entity, URIRef]:
    """An IRI for each entity, distinct even when two entities share a type and a name."""
    return distinct_iris(entities, entity_iri, _first_mention)


def distinct_iris(
    items: Iterable[T], iri: Callable[[T], URIRef], order: Callable[[T], Any]
) -> dict[T, URIRef]:
    """Each item's IRI; where several items would share one, the first in ``order`` keeps
    it and the others get "~2", "~3" ..."""
    by_iri: dict[URIRef, list[T]] = {}
    for item in items:
        by_iri.setdefault(iri(item), []).append(item)
    minted: dict[T, URIRef] = {}
    for base, group in by_iri.items():
        group.sort(key=order)
        for n, item in enumerate(group, start=1):
            minted[item] = base if n == 1 else URIRef(f"{base}~{n}")
    return minted


def event_order(event: EventNode) -> tuple[str, tuple[int, int], str]:
    first = min(event.sources, key=lambda e: (e.doc_id, e.sentence))
    return first.doc_id, first.sentence, event.type


def _first_mention(entity: Entity) -> tuple[str, int, str]:
    first = min(((m.doc_id, m.start) for m in entity.mentions), default=("", 0))
    return (*first, entity.label)


def event_iri(event: EventNode, iris: dict[Entity, URIRef]) -> URIRef:
    """An event is named by its type and its vehicle's (or work's, or mission's) IRI:
    merged events have one of each type per vehicle, work or mission."""
    anchor = event.vehicle or event.work or event.mission
    assert anchor is not None, "merged events always have a vehicle, a work or a mission"
    return RES[f"event/{event.type.lower()}/{iris[anchor].removeprefix(str(RES))}"]


@lru_cache(maxsize=1024)
def document_iri(document_id: str) -> URIRef:
    """A document's IRI (kept for the last documents asked about: the global pass makes a
    document's hundreds of strings one after another)."""
    return RES[f"document/{quote(document_id, safe='')}"]


def string_iri(document_id: str, start: int, end: int) -> str:
    """A NIF string of a document: an RFC 5147 character range of the document's IRI."""
    return f"{document_iri(document_id)}#char={start},{end}"


# ---------------------------------------------------------------------------- graphs

ENTITY_GRAPH = RES["graph/entities"]
"""Where a store keeps the corpus-level triples (a file keeps them in its default graph)."""
STORE_RECORD = RES["store/record"]
"""The graph where a store keeps kg's record of what it holds (kg.sparql.sync): not a kg
graph, so no query sees it."""
DOCUMENT_PREFIX = str(RES["document/"])
"""What every document's IRI, and every IRI of one of its strings, starts with."""
_GRAPH_PREFIX = str(RES["graph/"])


def document_graph(document_id: str) -> URIRef:
    """The named graph that holds one document's mentions, sentences and evidence."""
    return RES[f"graph/document/{quote(document_id, safe='')}"]


def is_kg_graph(name: object) -> bool:
    """Whether a graph name is one kg writes (a document's graph or the entity graph)."""
    return str(name).startswith(_GRAPH_PREFIX)


def document_graph_of(iri: str) -> str | None:
    """The name of the document graph an IRI belongs to (a document's own IRI or one of
    its strings), or None: the rule :func:`graph_names` follows."""
    if iri.startswith(DOCUMENT_PREFIX):
        local = iri[len(DOCUMENT_PREFIX) :].split("#", 1)[0]
        return f"{_GRAPH_PREFIX}document/{local}"
    return None


def graph_names(
    triples: Sequence[tuple[T, T, T]], iri: Callable[[T], str | None]
) -> list[str | None]:
    """The graph of each triple: a triple about a document, its sentences or its mentions
    (as subject or object), and an evidence record read from it, belong to that document's
    graph; everything else (entities, facts, events, the build, the class hierarchy) to
    the default graph (None). The build's ``prov:used`` links to its documents are the
    build's: they change with every build, and in the default graph they leave the graph
    of an unchanged document unchanged, so a store replaces only what changed. The rule
    depends on the triples alone, so a graph read back from Turtle splits exactly as it
    was built. Terms may be rdflib's or pyoxigraph's: ``iri`` gives a term's IRI (None
    for a literal or a blank node)."""

    def document(term: T) -> str | None:
        value = iri(term)
        return document_graph_of(value) if value is not None else None

    evidence = {
        s: graph
        for s, p, o in triples
        if iri(p) == _KG_DOCUMENT and (graph := document(o)) is not None
    }
    return [
        document(s) or (document(o) if iri(p) != _PROV_USED else None) or evidence.get(s)
        for s, p, o in triples
    ]


_KG_DOCUMENT = str(KG.document)
_PROV_USED = str(PROV.used)
