"""End to end on the seeds with the real model: the graph a user gets from `kg build`."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
from rdflib import PROV, RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.builder import BuildReport
from kg.vocab import ENTITY_CLASSES, KG


def _node(graph: Graph, label: str) -> URIRef:
    """The one node named ``label`` (as its label or an alternative spelling)."""
    nodes = {
        s
        for prop in (RDFS.label, SKOS.altLabel)
        for s in graph.subjects(prop, Literal(label))
        if isinstance(s, URIRef)
    }
    assert len(nodes) == 1, f"{label!r}: {nodes}"
    return nodes.pop()


def test_summary_counts(seeds_build: BuildReport) -> None:
    assert seeds_build.documents == 5
    assert seeds_build.entities_by_type["Person"] >= 10
    assert seeds_build.facts > 0
    assert seeds_build.triples > 100


def test_key_entities_are_present_once_with_their_types(seeds_graph: Graph) -> None:
    expected = {
        "Soyuz MS-18": KG.Spacecraft,
        "International Space Station": KG.SpaceStation,
        "Anton Shkaplerov": KG.Person,
        "Klim Shipenko": KG.Person,
        "Yulia Peresild": KG.Person,
        "Roscosmos": KG.Organization,
        "Baikonur Cosmodrome": KG.Place,
    }
    for label, cls in expected.items():
        assert (_node(seeds_graph, label), RDF.type, cls) in seeds_graph


def test_spellings_of_one_name_share_a_node(seeds_graph: Graph) -> None:
    node = _node(seeds_graph, "Roscosmos")
    assert Literal("Russian space agency") in set(
        seeds_graph.objects(node, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))
    )
    assert len(set(seeds_graph.objects(node, KG.mentionedIn))) == 5


def test_roles_and_crews(seeds_graph: Graph) -> None:
    shkaplerov = _node(seeds_graph, "Anton Shkaplerov")
    assert (shkaplerov, KG.hasRole, Literal("cosmonaut")) in seeds_graph
    novitskiy = _node(seeds_graph, "Oleg Novitskiy")
    assert (novitskiy, KG.crewMemberOf, _node(seeds_graph, "Soyuz MS-18")) in seeds_graph


def test_every_entity_is_typed_by_an_ontology_class(seeds_graph: Graph) -> None:
    entities = set(seeds_graph.subjects(KG.mention, None))
    assert len(entities) > 30
    for node in entities:
        types = set(seeds_graph.objects(node, RDF.type))
        assert types, f"{node} has no type"
        assert all(str(t).startswith(str(KG._NS)) for t in types), node


def test_documents_carry_file_name_and_digest(seeds_graph: Graph) -> None:
    documents = set(seeds_graph.subjects(RDF.type, KG.Document))
    assert len(documents) == 5
    for doc in documents:
        assert str(seeds_graph.value(doc, KG.fileName)).endswith(".txt")
        assert len(str(seeds_graph.value(doc, KG.sha256))) == 64


def test_turtle_parses_in_pyoxigraph(seeds_graph_path: Path, seeds_graph: Graph) -> None:
    quads = list(pyoxigraph.parse(path=str(seeds_graph_path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(seeds_graph)


def test_only_entity_classes_and_events_and_documents_are_typed(seeds_graph: Graph) -> None:
    allowed = {KG[c] for c in ENTITY_CLASSES} | {KG.Event, KG.Document}
    allowed |= {PROV.Activity, PROV.SoftwareAgent, PROV.Entity}  # the build, kg, the model
    for node in set(seeds_graph.subjects(RDFS.label, None)):
        if isinstance(node, URIRef) and not str(node).startswith(str(KG._NS)):
            tops = set(seeds_graph.objects(node, RDF.type)) & allowed
            assert tops, node
