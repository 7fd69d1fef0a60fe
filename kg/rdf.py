"""Entities, statements, events and documents -> RDF triples; IRI minting; atomic writing."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from urllib.parse import quote

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import GraphError
from kg.namespace import KG, RES, kg_term
from kg.paths import ONTOLOGY_FILE
from kg.records import Document, Entity, EventNode, Statement
from kg.text import normalize_label

_PLAIN_KEY = re.compile(r"[a-z0-9.-]+(?: [a-z0-9.-]+)*")


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
    return RES[f"{entity.type.lower()}/{_slug(entity.label)}"]


def event_iri(event: EventNode) -> URIRef:
    anchor = event.vehicle or event.work
    assert anchor is not None, "merged events always have a vehicle or a work"
    return RES[f"event/{event.type.lower()}/{anchor.type.lower()}/{_slug(anchor.label)}"]


def document_iri(document_id: str) -> URIRef:
    return RES[f"document/{quote(document_id, safe='')}"]


@cache
def _superclasses() -> dict[URIRef, tuple[URIRef, ...]]:
    """Each kg class with its kg superclasses, read from the ontology file."""
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    ns = str(KG)
    result: dict[URIRef, tuple[URIRef, ...]] = {}
    for cls in ontology.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")):
        if isinstance(cls, URIRef) and str(cls).startswith(ns):
            supers = ontology.transitive_objects(cls, RDFS.subClassOf)
            result[cls] = tuple(
                sorted(s for s in supers if isinstance(s, URIRef) and str(s).startswith(ns))
            )
    return result


def types_of(local_name: str) -> tuple[URIRef, ...]:
    """The class and every kg superclass, so plain SPARQL finds a SpaceStation as a Spacecraft."""
    cls = kg_term(local_name)
    return _superclasses().get(cls, (cls,))


def build_graph(
    documents: Iterable[Document],
    entities: Iterable[Entity],
    statements: Iterable[Statement],
    events: Iterable[EventNode],
) -> Graph:
    graph = new_graph()
    # the kg class hierarchy travels with the data, so plain SPARQL can tell the most
    # specific class of a node (every superclass is also stated on the node itself)
    for cls, supers in _superclasses().items():
        for sup in supers:
            if sup != cls:
                graph.add((cls, RDFS.subClassOf, sup))
    for document in documents:
        doc = document_iri(document.id)
        graph.add((doc, RDF.type, KG.Document))
        graph.add((doc, RDFS.label, Literal(document.name)))
        graph.add((doc, KG.fileName, Literal(document.name)))
        graph.add((doc, KG.sha256, Literal(document.sha256)))
    for entity in entities:
        node = entity_iri(entity)
        for cls in types_of(entity.type):
            graph.add((node, RDF.type, cls))
        graph.add((node, RDFS.label, Literal(entity.label)))
        for alt in entity.alt_labels:
            graph.add((node, SKOS.altLabel, Literal(alt)))
        for doc_id in entity.doc_ids:
            graph.add((node, KG.mentionedIn, document_iri(doc_id)))
    for statement in statements:
        graph.add(
            (entity_iri(statement.subject), kg_term(statement.predicate), _object(statement.object))
        )
    for event in events:
        node = event_iri(event)
        for cls in types_of(event.type):
            graph.add((node, RDF.type, cls))
        anchor = event.vehicle or event.work
        assert anchor is not None
        graph.add((node, RDFS.label, Literal(f"{event.type} of {anchor.label}")))
        roles: list[tuple[URIRef, Entity | None]] = [
            (KG.vehicle, event.vehicle), (KG.work, event.work), (KG.location, event.location),
        ]  # fmt: skip
        for predicate, value in roles:
            if value is not None:
                graph.add((node, predicate, entity_iri(value)))
        for person in event.participants:
            graph.add((node, KG.participant, entity_iri(person)))
        if event.date:
            graph.add((node, KG.date, Literal(event.date, datatype=XSD.date)))
        for doc_id in event.doc_ids:
            graph.add((node, KG.mentionedIn, document_iri(doc_id)))
    return graph


def _object(value: Entity | object) -> Node:
    if isinstance(value, Entity):
        return entity_iri(value)
    if isinstance(value, str):
        return Literal(value)
    return Literal(value, datatype=XSD.date)


def new_graph() -> Graph:
    graph = Graph()
    graph.bind("kg", KG._NS)
    graph.bind("kgr", RES)
    graph.bind("skos", SKOS)
    return graph


def read_graph(path: Path) -> Graph:
    """Parse a graph file (format from its suffix) into rdflib."""
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file (build one with: kg build -o {path})")
    graph = new_graph()
    try:
        graph.parse(path)
    except Exception as exc:  # rdflib raises many unrelated types for bad input
        raise GraphError(f"{path}: cannot parse as RDF ({type(exc).__name__}: {exc})") from exc
    return graph


def write_graph(graph: Graph, path: Path, rdf_format: str = "turtle") -> None:
    """Serialize atomically: write a temporary file beside ``path``, fsync, then rename,
    so a failed or interrupted write never leaves a half-written graph."""
    data = graph.serialize(format=rdf_format, encoding="utf-8")
    write_atomic(path, data)


def write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise GraphError(f"{path}: cannot write ({exc.strerror})") from exc
    try:
        # mkstemp makes the file private; give the graph the permissions of any new file
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise GraphError(f"{path}: cannot write ({exc.strerror})") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
