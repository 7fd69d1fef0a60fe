"""The ontology file and the code's closed namespace agree, and the file is well-formed."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.paths import ONTOLOGY_FILE
from kg.vocab import (
    ENTITY_CLASSES,
    KG,
    ONTOLOGY_IRI,
    ClassName,
    EntityType,
    EventType,
    Predicate,
    PropertyName,
    is_a,
    literal_values,
    signature,
    top_class,
)

REQUIRED_CLASSES = {
    "Person", "Organization", "Spacecraft", "SpaceStation", "LaunchVehicle", "Place",
    "CreativeWork", "Film", "Event", "Launch", "Docking", "Landing", "Filming", "Document",
}  # fmt: skip
REQUIRED_PROPERTIES = {
    "hasRole", "crewMemberOf", "launchedFrom", "launchVehicle", "destination", "dockedWith",
    "launchDate", "directedBy", "actedIn", "producedBy", "memberOf", "locatedIn",
    "participant", "vehicle", "location", "date", "work", "mentionedIn",
}  # fmt: skip
EXTERNAL = (
    "https://schema.org/",
    "http://xmlns.com/foaf/0.1/",
    "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "http://www.w3.org/ns/prov#",
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _declared(
    ontology: Graph,
    kinds: tuple[URIRef, ...] = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty),
) -> set[str]:
    ns = str(KG._NS)
    return {
        str(s)[len(ns) :]
        for kind in kinds
        for s in ontology.subjects(RDF.type, kind)
        if str(s).startswith(ns)
    }


def test_code_and_file_name_the_same_terms(ontology: Graph) -> None:
    in_code = set(KG.__annotations__)
    in_file = _declared(ontology)
    assert in_code - in_file == set(), "terms in kg/vocab.py missing from ontology/kg.ttl"
    assert in_file - in_code == set(), "terms in ontology/kg.ttl missing from kg/vocab.py"


def test_the_type_aliases_and_the_file_name_the_same_classes(ontology: Graph) -> None:
    """The Literal aliases that type the records agree with ontology/kg.ttl both ways, as
    the closed namespace does: a class added to one and not the other fails here."""
    in_file = _declared(ontology, (OWL.Class,))
    assert set(literal_values(ClassName)) == in_file


def test_the_type_aliases_and_the_file_name_the_same_properties(ontology: Graph) -> None:
    in_file = _declared(ontology, (OWL.ObjectProperty, OWL.DatatypeProperty))
    assert set(literal_values(PropertyName)) == in_file


def test_fact_predicates_are_the_properties_whose_domain_is_an_entity_class(
    ontology: Graph,
) -> None:
    entity_classes = set(literal_values(EntityType))
    with_entity_domain = {
        name
        for name in literal_values(PropertyName)
        if (domain := signature(name).domain) and domain <= entity_classes
    }
    assert set(literal_values(Predicate)) == with_entity_domain


def test_event_types_and_missions_are_the_subclasses_of_event(ontology: Graph) -> None:
    below_event = {str(c).rsplit("#", 1)[-1] for c in ontology.subjects(RDFS.subClassOf, KG.Event)}
    assert set(literal_values(EventType)) | {"Mission"} == below_event


def test_signatures_read_unions_of_classes() -> None:
    crew = signature("crewMemberOf")
    assert crew.domain == {"Person"} and crew.range == {"Spacecraft", "Mission"}
    assert crew.admits("Person", "SpaceStation") and crew.admits("Person", "Mission")
    assert not crew.admits("Person", "Place") and not crew.admits("Film", "Spacecraft")
    assert signature("launchDate").admits("Mission", None)
    assert not signature("launchDate").admits("Mission", "Place")
    assert not signature("participant").admits("Filming", "Film")


def test_is_a_follows_the_subclass_axioms() -> None:
    assert is_a("Film", "CreativeWork") and is_a("Film", "Film")
    assert is_a("SpaceStation", "Spacecraft") and is_a("LaunchVehicle", "Spacecraft")
    assert is_a("Person", "Agent") and is_a("Launch", "Event")
    assert not is_a("CreativeWork", "Film") and not is_a("Person", "Spacecraft")
    assert [top_class(c) for c in literal_values(EntityType)] == [
        "Person", "Organization", "Spacecraft", "Spacecraft", "Spacecraft", "Place",
        "CreativeWork", "CreativeWork", "Mission",
    ]  # fmt: skip
    assert set(ENTITY_CLASSES) == {top_class(c) for c in literal_values(EntityType)}


def test_closed_namespace_rejects_unknown_terms() -> None:
    with pytest.raises(AttributeError):
        _ = KG.crewMember  # misspelt: not in the ontology


def test_required_terms_are_present(ontology: Graph) -> None:
    declared = _declared(ontology)
    assert declared >= REQUIRED_CLASSES
    assert declared >= REQUIRED_PROPERTIES


def test_every_term_has_label_and_comment(ontology: Graph) -> None:
    for name in _declared(ontology):
        term = KG[name]
        assert ontology.value(term, RDFS.label), f"{name} has no rdfs:label"
        assert ontology.value(term, RDFS.comment), f"{name} has no rdfs:comment"


def test_subclass_tree(ontology: Graph) -> None:
    expected = {
        "SpaceStation": "Spacecraft", "LaunchVehicle": "Spacecraft", "Film": "CreativeWork",
        "Launch": "Event", "Docking": "Event", "Landing": "Event", "Filming": "Event",
    }  # fmt: skip
    for child, parent in expected.items():
        assert (KG[child], RDFS.subClassOf, KG[parent]) in ontology


def test_top_classes_align_to_standard_vocabularies(ontology: Graph) -> None:
    for name in (
        "Person",
        "Organization",
        "Place",
        "CreativeWork",
        "Event",
        "Document",
        "Spacecraft",
    ):
        supers = [str(o) for o in ontology.objects(KG[name], RDFS.subClassOf | OWL.equivalentClass)]
        assert any(s.startswith(EXTERNAL) for s in supers), f"{name} is not aligned"


def test_properties_have_domains(ontology: Graph) -> None:
    for name in REQUIRED_PROPERTIES - {"mentionedIn"}:
        assert ontology.value(KG[name], RDFS.domain) is not None, f"{name} has no rdfs:domain"


def test_dates_are_xsd_date(ontology: Graph) -> None:
    xsd_date = URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert (KG.launchDate, RDFS.range, xsd_date) in ontology
    assert (KG.date, RDFS.range, xsd_date) in ontology


def test_ontology_parses_in_pyoxigraph_too() -> None:
    quads = list(pyoxigraph.parse(path=str(ONTOLOGY_FILE), format=pyoxigraph.RdfFormat.TURTLE))
    assert any(q.subject == pyoxigraph.NamedNode(ONTOLOGY_IRI) for q in quads)
