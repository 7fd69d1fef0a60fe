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

from functools import cache
from typing import Literal, TypeGuard, get_args

from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

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
]
"""The classes of the things the graph is about (a Mention's and an Entity's type)."""
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
]
"""The properties that state facts between entities (a Fact's predicate; what ``kg eval``
scores): those whose domain is an entity class."""
EventRole = Literal["participant", "vehicle", "location", "date", "work"]
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
)
"""Which class wins a tied vote: a name the model half calls a person usually is one."""

ENTITY_CLASSES: tuple[EntityType, ...] = (
    "Person",
    "Organization",
    "Spacecraft",
    "Place",
    "CreativeWork",
)
"""Top classes of the things the graph is about (events and documents aside)."""


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

    # event roles
    participant: URIRef
    vehicle: URIRef
    location: URIRef
    date: URIRef
    work: URIRef

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
def ancestors() -> dict[ClassName, tuple[ClassName, ...]]:
    """Each class of the ontology with its kg superclasses, nearest first and itself
    first of all, read from ``ontology/kg.ttl``'s ``rdfs:subClassOf`` axioms."""
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    namespace = str(KG._NS)
    known: frozenset[str] = frozenset(_class_names())

    def local(node: object) -> ClassName | None:
        name = str(node)[len(namespace) :] if str(node).startswith(namespace) else ""
        return name if _is_class_name(name, known) else None

    result: dict[ClassName, tuple[ClassName, ...]] = {}
    for node in ontology.subjects(RDF.type, OWL.Class):
        name = local(node)
        if name is None:
            continue
        chain = [name]
        for above in ontology.transitive_objects(node, RDFS.subClassOf):
            parent = local(above)
            if parent is not None and parent not in chain:
                chain.append(parent)
        result[name] = tuple(chain)
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


def class_named(name: str) -> ClassName | None:
    """The class a local name (read from a graph or a file) names, if the ontology has it."""
    return _classes_by_name().get(name)


@cache
def _classes_by_name() -> dict[str, ClassName]:
    by_name: dict[str, ClassName] = {}
    for cls in _class_names():
        by_name[cls] = cls
    return by_name
