"""IRIs, the layout of the dataset, and what any label at all turns into."""

from __future__ import annotations

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.graph.formats import serialize
from kg.graph.iris import document_graph, entity_iri, mint_iris
from kg.graph.rdf import types_of, union_graph
from kg.graph.triples import build_dataset
from kg.records import Document, Entity, Extraction, Fact, Mention, Statement
from kg.text.labels import normalize_label
from kg.vocab import KG, NIF
from tests.conftest import FIXED_BUILD, small_dataset


def _entity(label: str, type_: str = "Person", start: int = 0) -> Entity:
    mention = Mention("d", start, start + len(label), label, type_)
    return Entity(key=f"{type_}:{label}", type=type_, label=label, mentions=[mention])


def test_iris_are_readable_for_plain_names() -> None:
    assert str(entity_iri(_entity("Yelena Serova"))).endswith("/person/yelena_serova")
    assert str(entity_iri(_entity("Soyuz MS-23", "Spacecraft"))).endswith("/spacecraft/soyuz_ms-23")


def test_iris_are_stable_across_spellings_of_one_name() -> None:
    assert entity_iri(_entity("Yelena Serova")) == entity_iri(_entity("YELENA  SEROVA’s"))


@pytest.mark.parametrize(
    "labels",
    [("Soyuz MS-24/70S", "Soyuz MS-24 70S"), ("a b", "a_b"), ("Ñandú", "Nandu"), ("x~y", "x y")],
)
def test_different_names_never_share_an_iri(labels: tuple[str, str]) -> None:
    first, second = (entity_iri(_entity(label)) for label in labels)
    assert first != second


def test_odd_labels_give_iris_pyoxigraph_accepts() -> None:
    for label in [
        'quote " <angle> {brace}',
        "back\\slash\nnewline",
        "emoji 🚀",
        "\u202eright-to-left",
        "x" * 10_000,
    ]:
        pyoxigraph.NamedNode(str(entity_iri(_entity(label))))


def test_two_entities_with_one_name_still_get_two_iris() -> None:
    later, first = _entity("Alex Smith", start=50), _entity("Alex Smith", start=3)
    iris = mint_iris([later, first])
    assert iris[first] == entity_iri(first), "the one mentioned first keeps the plain IRI"
    assert iris[later] == URIRef(f"{entity_iri(first)}~2")


def test_entities_get_their_class_and_superclasses() -> None:
    assert set(types_of("SpaceStation")) == {KG.SpaceStation, KG.Spacecraft}
    document = Document("d", "d.txt", "ISS", "0" * 64)
    station = _entity("ISS", "SpaceStation")
    graph = union_graph(build_dataset([Extraction(document)], [station], [], [], FIXED_BUILD))
    node = entity_iri(station)
    assert (node, RDF.type, KG.Spacecraft) in graph
    assert (node, RDFS.label, Literal("ISS")) in graph
    assert (KG.SpaceStation, RDFS.subClassOf, KG.Spacecraft) in graph


def test_entity_triples_are_in_the_default_graph_and_mentions_in_the_documents() -> None:
    dataset = small_dataset("Alex Smith")
    default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
    document = dataset.graph(document_graph("doc"))
    person = next(default.subjects(RDF.type, KG.Person))
    assert (person, KG.hasRole, Literal("actress")) in default
    assert (person, RDFS.label, Literal("Alex Smith")) in default
    mention = document.value(person, KG.mention)
    assert mention is not None
    assert document.value(mention, NIF.anchorOf) == Literal("Alex Smith")
    assert (None, RDF.subject, person) in document, "the fact's evidence"
    assert (None, NIF.anchorOf, None) not in default


def test_no_blank_nodes() -> None:
    dataset = small_dataset("Alex Smith", "Kim Lee")
    assert not any(isinstance(t, BNode) for quad in dataset.quads() for t in quad[:3])


def _oxigraph_triples(data: bytes, fmt: pyoxigraph.RdfFormat) -> set[tuple[object, ...]]:
    return {tuple(str(t) for t in q.triple) for q in pyoxigraph.parse(data, format=fmt)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(min_size=0, max_size=300), min_size=1, max_size=4))
def test_any_labels_give_valid_distinct_iris_and_output_both_parsers_read(
    labels: list[str],
) -> None:
    dataset = small_dataset(*labels)
    graph = union_graph(dataset)
    people = set(graph.subjects(RDF.type, KG.Person))
    assert len(people) == len(labels), "two different entities never share an IRI"
    for person in people:
        pyoxigraph.NamedNode(str(person))
    keys = {normalize_label(label) for label in labels}
    plain = {entity_iri(_entity(label)) for label in labels}
    assert len(plain) == len(keys), "distinct names give distinct IRIs"
    for fmt, ox_format in [
        ("turtle", pyoxigraph.RdfFormat.TURTLE),
        ("nq", pyoxigraph.RdfFormat.N_QUADS),
    ]:
        data = serialize(dataset, fmt)
        parsed = Dataset()
        parsed.parse(data=data, format="turtle" if fmt == "turtle" else "nquads")
        reread = union_graph(parsed)
        assert set(reread) == set(graph)
        assert len(_oxigraph_triples(data, ox_format)) == len(graph)


def test_labels_with_control_characters_are_kept_readable() -> None:
    graph: Graph = union_graph(small_dataset("bad\x00name\x1b"))
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    assert "bad\ufffdname\ufffd" in labels


def test_one_evidence_record_per_sentence_and_rule() -> None:
    """The same rule reading the same fact twice in one sentence is one record with the
    higher confidence, never a record with two confidences."""
    person = _entity("Alex Smith")
    fact = Fact(person.mentions[0], "hasRole", "actress", "role-copula", 0.5, (0, 10), "d")
    again = Fact(person.mentions[0], "hasRole", "actress", "role-copula", 0.9, (0, 10), "d")
    document = Document("d", "d.txt", "Alex Smith is an actress.", "0" * 64)
    built = union_graph(
        build_dataset(
            [Extraction(document)],
            [person],
            [Statement(person, "hasRole", "actress", [fact, again])],
            [],
            FIXED_BUILD,
        )
    )
    [record] = built.subjects(RDF.type, KG.Evidence)
    assert list(built.objects(record, KG.confidence)) == [Literal("0.9", datatype=XSD.decimal)]
