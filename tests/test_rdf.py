from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import RDF, RDFS, Graph, Literal

from kg.errors import GraphError
from kg.namespace import KG
from kg.rdf import build_graph, entity_iri, types_of, write_atomic, write_graph
from kg.records import Document, Entity, Mention


def _entity(label: str, type_: str = "Person") -> Entity:
    mention = Mention("d", 0, len(label), label, type_)
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


def test_entities_get_their_class_and_superclasses() -> None:
    assert set(types_of("SpaceStation")) == {KG.SpaceStation, KG.Spacecraft}
    graph = build_graph(
        [Document("d", "d.txt", "x", "0" * 64)], [_entity("ISS", "SpaceStation")], [], []
    )
    node = entity_iri(_entity("ISS", "SpaceStation"))
    assert (node, RDF.type, KG.Spacecraft) in graph
    assert (node, RDFS.label, Literal("ISS")) in graph
    assert (KG.SpaceStation, RDFS.subClassOf, KG.Spacecraft) in graph


def test_failed_write_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("previous", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.rdf.os.fsync", disk_full)
    with pytest.raises(GraphError, match=r"graph\.ttl: cannot write \(No space left on device\)"):
        write_graph(Graph(), target)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_written_file_is_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    write_graph(Graph(), target)
    assert target.stat().st_mode & 0o044


def test_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(GraphError, match="cannot write"):
        write_atomic(blocker / "graph.ttl", b"data")
