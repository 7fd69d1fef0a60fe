"""The ontology file and the code's closed namespace agree, and the file is well-formed."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.paths import ONTOLOGY_FILE
from kg.vocab import KG, ONTOLOGY_IRI

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


def _declared(ontology: Graph) -> set[str]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
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
    assert in_code - in_file == set(), "terms in kg/namespace.py missing from ontology/kg.ttl"
    assert in_file - in_code == set(), "terms in ontology/kg.ttl missing from kg/namespace.py"


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
