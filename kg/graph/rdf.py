"""Entities, statements, events and documents -> RDF; IRI minting; reading graph files.

The output is a dataset. The default graph holds what the corpus says as a whole: the
kg class hierarchy, entities, facts, events and the build (a prov:Activity). Each document
has a named graph of its own with its NIF context, sentences, mentions and the evidence
records of the facts its sentences state, so a store can replace one document's data.

Mentions and sentences are NIF 2.0 strings (nif:beginIndex, nif:endIndex, nif:anchorOf,
nif:referenceContext), named by RFC 5147 fragments of their document's IRI
(``…/document/d1#char=10,24``). Evidence records are rdf:Statement nodes, so plain
SPARQL finds the sentences behind any triple. There are no blank nodes: every node has an
IRI minted from what it is, so the same input gives the same IRIs in every build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from rdflib import DCTERMS, PROV, RDF, RDFS, SDO, SKOS, Dataset, Graph, URIRef
from rdflib.term import Node
from rdflib.util import guess_format

from kg.errors import GraphError
from kg.records import Entity, EventNode
from kg.text.labels import normalize_label
from kg.vocab import ITSRDF, KG, NIF, RES, ClassName, ancestors, class_named, kg_term

_PLAIN_KEY = re.compile(r"[a-z0-9.-]+(?: [a-z0-9.-]+)*")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BuildInfo:
    """What the build activity records: when, with which software and model."""

    started: dt.datetime
    ended: dt.datetime
    software_version: str
    model_name: str
    model_version: str


# ---------------------------------------------------------------------------- IRIs


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
    """An event is named by its type and its vehicle's (or work's) IRI: merged events
    have one of each type per vehicle or work."""
    anchor = event.vehicle or event.work
    assert anchor is not None, "merged events always have a vehicle or a work"
    return RES[f"event/{event.type.lower()}/{iris[anchor].removeprefix(str(RES))}"]


@lru_cache(maxsize=1024)
def document_iri(document_id: str) -> URIRef:
    """A document's IRI (kept for the last documents asked about: the global pass makes a
    document's hundreds of strings one after another)."""
    return RES[f"document/{quote(document_id, safe='')}"]


def string_iri(document_id: str, start: int, end: int) -> str:
    """A NIF string of a document: an RFC 5147 character range of the document's IRI."""
    return f"{document_iri(document_id)}#char={start},{end}"


# ---------------------------------------------------------------------------- classes


@cache
def superclasses() -> dict[URIRef, tuple[URIRef, ...]]:
    """Each kg class with itself and its kg superclasses (kg.vocab.ancestors, read from the
    ontology file), in IRI order."""
    return {
        kg_term(cls): tuple(sorted(kg_term(c) for c in chain)) for cls, chain in ancestors().items()
    }


def types_of(cls: ClassName) -> tuple[URIRef, ...]:
    """The class and every kg superclass, so plain SPARQL finds a SpaceStation as a Spacecraft."""
    term = kg_term(cls)
    return superclasses().get(term, (term,))


# ---------------------------------------------------------------------------- graphs

ENTITY_GRAPH = RES["graph/entities"]
"""Where a store keeps the corpus-level triples (a file keeps them in its default graph)."""
_DOCUMENT_PREFIX = str(RES["document/"])
_GRAPH_PREFIX = str(RES["graph/"])


def document_graph(document_id: str) -> URIRef:
    """The named graph that holds one document's mentions, sentences and evidence."""
    return RES[f"graph/document/{quote(document_id, safe='')}"]


def is_kg_graph(name: object) -> bool:
    """Whether a graph name is one kg writes (a document's graph or the entity graph)."""
    return str(name).startswith(_GRAPH_PREFIX)


def document_graph_of(iri: str) -> str | None:
    """The name of the document graph an IRI belongs to (a document's own IRI or one of
    its strings), or None; the rule :func:`partition` follows, on plain strings."""
    if iri.startswith(_DOCUMENT_PREFIX):
        local = iri[len(_DOCUMENT_PREFIX) :].split("#", 1)[0]
        return f"{_GRAPH_PREFIX}document/{local}"
    return None


def partition(triples: Iterable[tuple[Node, Node, Node]]) -> Dataset:
    """Put each triple in the graph :func:`graph_names` gives it."""
    triples = list(triples)
    dataset = new_dataset()
    graphs: dict[str | None, Graph] = {None: dataset.default_graph}
    for triple, name in zip(triples, graph_names(triples, _iri), strict=True):
        target = graphs.get(name)
        if target is None:  # a document's graph (the default graph is there already)
            target = graphs[name] = dataset.graph(URIRef(str(name)))
        target.add(triple)
    return dataset


def graph_names(
    triples: Sequence[tuple[T, T, T]], iri: Callable[[T], str | None]
) -> list[str | None]:
    """The graph of each triple: a triple about a document, its sentences or its mentions
    (as subject or object), and an evidence record read from it, belong to that document's
    graph; everything else (entities, facts, events, the build, the class hierarchy) to
    the default graph (None). The rule depends on the triples alone, so a graph read back
    from Turtle splits exactly as it was built. Terms may be rdflib's or pyoxigraph's:
    ``iri`` gives a term's IRI (None for a literal or a blank node)."""

    def document(term: T) -> str | None:
        value = iri(term)
        return document_graph_of(value) if value is not None else None

    evidence = {
        s: graph
        for s, p, o in triples
        if iri(p) == _KG_DOCUMENT and (graph := document(o)) is not None
    }
    return [document(s) or document(o) or evidence.get(s) for s, _, o in triples]


_KG_DOCUMENT = str(KG.document)


def _iri(term: Node) -> str | None:
    return str(term) if isinstance(term, URIRef) else None


def new_dataset() -> Dataset:
    dataset = Dataset()
    for prefix, namespace in _PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


_PREFIXES = {
    "kg": KG._NS,
    "kgr": RES,
    "skos": SKOS,
    "nif": NIF,
    "itsrdf": ITSRDF,
    "prov": PROV,
    "dcterms": DCTERMS,
    "schema": SDO,
}


# ---------------------------------------------------------------------------- reading


def most_specific_class(graph: Graph, node: Node) -> ClassName | None:
    """A node's narrowest kg class (by the graph's rdfs:subClassOf), kg:Agent aside; None
    for a node with no class of the ontology."""
    classes = {
        c for c in graph.objects(node, RDF.type) if str(c).startswith(str(KG)) and c != KG.Agent
    }
    supers = {s for c in classes for s in graph.objects(c, RDFS.subClassOf)}
    narrowest = sorted(str(c) for c in classes - supers)
    return class_named(narrowest[0].rsplit("#", 1)[-1]) if narrowest else None


def new_graph() -> Graph:
    """An empty graph with kg's prefixes bound."""
    graph = Graph()
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def union_graph(dataset: Dataset) -> Graph:
    """Every triple of every graph of the dataset, as one graph."""
    graph = new_graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def read_dataset(path: Path) -> Dataset:
    """Parse a graph file in any format kg writes (chosen by its suffix)."""
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file (build one with: kg build -o {path})")
    rdf_format = guess_format(str(path)) or "turtle"
    dataset = new_dataset()
    try:
        dataset.parse(path, format=rdf_format)
    except Exception as exc:  # rdflib raises many unrelated types for bad input
        raise GraphError(
            f"{path}: cannot parse as {rdf_format} ({type(exc).__name__}: {exc})"
        ) from exc
    return dataset


def read_graph(path: Path) -> Graph:
    """A graph file's triples, every named graph included, as one graph."""
    return union_graph(read_dataset(path))
