"""The ontology's terms, typed: a closed rdflib namespace for IRIs, and ``Literal`` aliases
for the local names that the records and rules pass around.

``_fail = True`` makes a misspelt IRI raise at once instead of minting a stray one, and
the aliases make mypy refuse a misspelt class or predicate name (``mention.type ==
"Persn"`` is a non-overlapping comparison under ``--strict``). ``tests/test_ontology.py``
checks that the namespace, the aliases and ``ontology/kg.ttl`` name the same terms, both
ways. The class hierarchy is read from the ontology file (:func:`is_a`), never written
out again in code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal, TypeGuard, get_args

from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DefinedNamespace
from rdflib.term import Node

from kg.paths import ONTOLOGY_FILE

ONTOLOGY_IRI = "https://w3id.org/kg/ontology"
RESOURCE_BASE = "https://w3id.org/kg/resource/"

RES = Namespace(RESOURCE_BASE)
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")

EntityType = Literal[
    "Person",
    "Organization",
    "Spacecraft",
    "SpaceStation",
    "LaunchVehicle",
    "Place",
    "CreativeWork",
    "Film",
    "Mission",
]
"""The classes of the things the graph is about (a Mention's and an Entity's type). A
Mission is an Event in the ontology, and an entity in the graph: named, mentioned and
resolved across documents like a spacecraft."""
EventType = Literal["Launch", "Docking", "Landing", "Filming"]
"""The classes of events (an Event's type)."""
OtherClass = Literal["Agent", "Event", "Document", "Evidence"]
"""Classes no record is typed with: superclasses, documents and evidence records."""
ClassName = EntityType | EventType | OtherClass
"""Every class of the ontology."""

Predicate = Literal[
    "hasRole",
    "crewMemberOf",
    "launchedFrom",
    "launchVehicle",
    "destination",
    "dockedWith",
    "launchDate",
    "directedBy",
    "actedIn",
    "producedBy",
    "memberOf",
    "locatedIn",
    "spacecraft",
    "operatedBy",
]
"""The properties that state facts between entities (a Fact's predicate; what ``kg eval``
scores): those whose domain is an entity class."""
EventRole = Literal["participant", "vehicle", "location", "date", "work", "mission"]
"""The properties that link an event to what takes part in it."""
OtherProperty = Literal[
    "mentionedIn", "fileName", "sha256", "mention", "sentence", "document", "rule", "confidence"
]
"""Properties of documents and of provenance."""
PropertyName = Predicate | EventRole | OtherProperty
"""Every property of the ontology."""

FACT_PREDICATES: tuple[Predicate, ...] = get_args(Predicate)
EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)
ENTITY_TYPES: tuple[EntityType, ...] = get_args(EntityType)

TYPE_PRIORITY: tuple[EntityType, ...] = (
    "Person",
    "Spacecraft",
    "SpaceStation",
    "LaunchVehicle",
    "Organization",
    "Place",
    "Film",
    "CreativeWork",
    "Mission",
)
"""Which class wins a tied vote: a name the model half calls a person usually is one."""

ENTITY_CLASSES: tuple[EntityType, ...] = (
    "Person",
    "Organization",
    "Spacecraft",
    "Place",
    "CreativeWork",
    "Mission",
)
"""Top classes of the things the graph is about (events found by trigger verbs and
documents aside)."""


class KG(DefinedNamespace):
    """kg ontology (``ontology/kg.ttl``)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Agent: URIRef
    Person: URIRef
    Organization: URIRef
    Spacecraft: URIRef
    SpaceStation: URIRef
    LaunchVehicle: URIRef
    Place: URIRef
    CreativeWork: URIRef
    Film: URIRef
    Event: URIRef
    Launch: URIRef
    Docking: URIRef
    Landing: URIRef
    Filming: URIRef
    Mission: URIRef
    Document: URIRef
    Evidence: URIRef

    # facts between entities
    hasRole: URIRef
    crewMemberOf: URIRef
    launchedFrom: URIRef
    launchVehicle: URIRef
    destination: URIRef
    dockedWith: URIRef
    launchDate: URIRef
    directedBy: URIRef
    actedIn: URIRef
    producedBy: URIRef
    memberOf: URIRef
    locatedIn: URIRef
    spacecraft: URIRef
    operatedBy: URIRef

    # event roles
    participant: URIRef
    vehicle: URIRef
    location: URIRef
    date: URIRef
    work: URIRef
    mission: URIRef

    # documents
    mentionedIn: URIRef
    fileName: URIRef
    sha256: URIRef

    # provenance
    mention: URIRef
    sentence: URIRef
    document: URIRef
    rule: URIRef
    confidence: URIRef


def kg_term(local_name: ClassName | PropertyName) -> URIRef:
    """A kg term by local name; an unknown name raises, as the namespace is closed."""
    term: URIRef = getattr(KG, local_name)
    return term


@cache
def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _local(node: object) -> ClassName | None:
    namespace = str(KG._NS)
    name = str(node)[len(namespace) :] if str(node).startswith(namespace) else ""
    return name if _is_class_name(name, frozenset(_class_names())) else None


@cache
def ancestors() -> dict[ClassName, tuple[ClassName, ...]]:
    """Each class of the ontology with its kg superclasses, nearest first and itself
    first of all, read from ``ontology/kg.ttl``'s ``rdfs:subClassOf`` axioms."""
    ontology = _ontology()
    result: dict[ClassName, tuple[ClassName, ...]] = {}
    for node in ontology.subjects(RDF.type, OWL.Class):
        name = _local(node)
        if name is None:
            continue
        chain = [name]
        for above in ontology.transitive_objects(node, RDFS.subClassOf):
            parent = _local(above)
            if parent is not None and parent not in chain:
                chain.append(parent)
        result[name] = tuple(chain)
    return result


@dataclass(frozen=True, slots=True)
class Signature:
    """What a property links, as ``ontology/kg.ttl`` says (``rdfs:domain``, ``rdfs:range``,
    a class or an ``owl:unionOf`` of classes)."""

    domain: frozenset[ClassName]
    """The classes a subject may have (one of them, or a subclass); empty: any."""
    range: frozenset[ClassName]
    """The classes an object may have; empty: any resource, or a literal (``literal``)."""
    literal: bool
    """A datatype property: its object is a literal."""

    def admits(self, subject: ClassName, obj: ClassName | None) -> bool:
        """Whether a subject of class ``subject`` may have an object of class ``obj`` (None:
        a literal)."""
        if self.domain and not any(is_a(subject, cls) for cls in self.domain):
            return False
        if obj is None:
            return self.literal
        return not self.literal and (not self.range or any(is_a(obj, cls) for cls in self.range))


def signature(prop: PropertyName) -> Signature:
    """A property's domain and range (a typed front over the cached reading)."""
    return _signatures()[prop]


@cache
def _signatures() -> dict[str, Signature]:
    ontology = _ontology()

    def classes(node: Node | None) -> frozenset[ClassName]:
        if node is None:
            return frozenset()
        members = ontology.value(node, OWL.unionOf)
        nodes = list(Collection(ontology, members)) if members is not None else [node]
        return frozenset(cls for n in nodes if (cls := _local(n)) is not None)

    result: dict[str, Signature] = {}
    for kind, literal in ((OWL.ObjectProperty, False), (OWL.DatatypeProperty, True)):
        for prop in ontology.subjects(RDF.type, kind):
            name = str(prop).rsplit("#", 1)[-1]
            result[name] = Signature(
                classes(ontology.value(prop, RDFS.domain)),
                classes(ontology.value(prop, RDFS.range)),
                literal,
            )
    return result


def _class_names() -> tuple[ClassName, ...]:
    return (*get_args(EntityType), *get_args(EventType), *get_args(OtherClass))


def literal_values(alias: object) -> tuple[str, ...]:
    """The strings a ``Literal`` alias, or a union of them, admits (``ClassName``: every
    class name)."""
    values: list[str] = []
    for arg in get_args(alias):
        values += [arg] if isinstance(arg, str) else literal_values(arg)
    return tuple(values)


def _is_class_name(name: str, known: frozenset[str]) -> TypeGuard[ClassName]:
    return name in known


def is_a(cls: ClassName, ancestor: ClassName) -> bool:
    """Whether ``cls`` is ``ancestor`` or one of its subclasses ("Film" is a "CreativeWork")."""
    return ancestor in ancestors().get(cls, (cls,))


def top_class(cls: EntityType) -> EntityType:
    """The entity class at the top of ``cls``'s branch ("SpaceStation" -> "Spacecraft")."""
    return next((c for c in ENTITY_CLASSES if is_a(cls, c)), cls)


def subclasses_of(ancestor: EntityType) -> frozenset[EntityType]:
    """The entity classes that are ``ancestor`` or below it ("CreativeWork": it and "Film")."""
    return _subclasses_of(ancestor)  # a typed front: functools.cache hides the parameter's type


@cache
def _subclasses_of(ancestor: EntityType) -> frozenset[EntityType]:
    return frozenset(cls for cls in ENTITY_TYPES if is_a(cls, ancestor))


def classes_below(ancestor: ClassName) -> frozenset[ClassName]:
    """Every class that is ``ancestor`` or below it ("Event": it and the event classes)."""
    return _classes_below(ancestor)


@cache
def _classes_below(ancestor: ClassName) -> frozenset[ClassName]:
    return frozenset(cls for cls in _class_names() if is_a(cls, ancestor))


def fact_predicate(name: str) -> Predicate | None:
    """The fact predicate a local name (read from a data file) names, if it is one."""
    return next((p for p in FACT_PREDICATES if p == name), None)


def class_named(name: str) -> ClassName | None:
    """The class a local name (read from a graph or a file) names, if the ontology has it."""
    return _classes_by_name().get(name)


@cache
def _classes_by_name() -> dict[str, ClassName]:
    by_name: dict[str, ClassName] = {}
    for cls in _class_names():
        by_name[cls] = cls
    return by_name
