"""The ontology's terms as a closed rdflib namespace.

``_fail = True`` makes a misspelt term raise at import time instead of minting a
stray IRI; ``tests/test_ontology.py`` checks that this class and ``ontology/kg.ttl``
name the same terms.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kg/ontology"
RESOURCE_BASE = "https://w3id.org/kg/resource/"

RES = Namespace(RESOURCE_BASE)
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")

FACT_PREDICATES = (
    "hasRole", "crewMemberOf", "launchedFrom", "launchVehicle", "destination", "dockedWith",
    "launchDate", "directedBy", "actedIn", "producedBy", "memberOf", "locatedIn",
)  # fmt: skip
"""Local names of the properties that state facts between entities (what ``kg eval`` scores)."""

TYPE_PRIORITY = (
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

ENTITY_CLASSES = ("Person", "Organization", "Spacecraft", "Place", "CreativeWork")
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


def kg_term(local_name: str) -> URIRef:
    """A kg term by local name; an unknown name raises, as the namespace is closed."""
    term: URIRef = getattr(KG, local_name)
    return term
