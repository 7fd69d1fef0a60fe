"""The networkx view and the pictures drawn from it."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread
from rdflib import Graph
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KgError
from kg.viz.network import keep_types, neighbourhood, to_networkx
from kg.viz.pictures import write_viz

runner = CliRunner()

# Two people flying a craft from a site, one of them acting in a film, and the launch.
SMALL = """
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix kgr: <https://w3id.org/kg/resource/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/kg/resource/> .

kg:SpaceStation rdfs:subClassOf kg:Spacecraft .
kg:Launch rdfs:subClassOf kg:Event .
kg:Person rdfs:subClassOf kg:Agent .

<person/ann_lee> a kg:Person, kg:Agent ; rdfs:label "Ann Lee" ; skos:altLabel "Lee" ;
    kg:mention <document/d#char=0,7>, <document/d#char=40,43> ;
    kg:hasRole "commander", "cosmonaut" ;
    kg:crewMemberOf <spacecraft/soyuz_ms-1> ;
    kg:actedIn <creativework/the_flight> .
<person/bo_chen> a kg:Person, kg:Agent ; rdfs:label "Bo Chen" ;
    kg:mention <document/d#char=12,19> ;
    kg:crewMemberOf <spacecraft/soyuz_ms-1> .
<spacecraft/soyuz_ms-1> a kg:Spacecraft ; rdfs:label "Soyuz MS-1" ;
    kg:mention <document/d#char=25,35> ;
    kg:launchDate "2030-05-06"^^xsd:date ;
    kg:launchedFrom <place/baikonur> .
<place/baikonur> a kg:Place ; rdfs:label "Baikonur" ; kg:mention <document/d#char=50,58> .
<creativework/the_flight> a kg:CreativeWork ; rdfs:label "The Flight" ;
    kg:mention <document/d#char=60,70> .
<person/alone> a kg:Person, kg:Agent ; rdfs:label "Cy Alone" ; kg:mention <document/d#char=80,88> .

<evidence/1> a kg:Evidence ; rdf:subject <person/ann_lee> ; rdf:predicate kg:crewMemberOf ;
    rdf:object <spacecraft/soyuz_ms-1> ; kg:confidence 0.7 .
<evidence/2> a kg:Evidence ; rdf:subject <person/ann_lee> ; rdf:predicate kg:crewMemberOf ;
    rdf:object <spacecraft/soyuz_ms-1> ; kg:confidence 0.65 .

<event/launch/spacecraft/soyuz_ms-1> a kg:Event, kg:Launch ; rdfs:label "Launch of Soyuz MS-1" ;
    kg:vehicle <spacecraft/soyuz_ms-1> ; kg:location <place/baikonur> ;
    kg:participant <person/ann_lee>, <person/bo_chen> ; kg:date "2030-05-06"^^xsd:date .
"""

RES = "https://w3id.org/kg/resource/"


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return path


def _small() -> Graph:
    return Graph().parse(data=SMALL, format="turtle")


def test_entities_are_nodes_with_their_attributes() -> None:
    network = to_networkx(_small())
    ann = network.nodes[RES + "person/ann_lee"]
    assert ann["label"] == "Ann Lee" and ann["type"] == "Person"
    assert ann["iri"] == RES + "person/ann_lee"
    assert ann["mentions"] == 2
    assert ann["roles"] == ["commander", "cosmonaut"], "literal facts become attributes"
    assert ann["alt_labels"] == ["Lee"]
    craft = network.nodes[RES + "spacecraft/soyuz_ms-1"]
    assert craft["launch_dates"] == ["2030-05-06"]
    assert not any(str(n).startswith(RES + "document/") for n in network), "no mention nodes"


def test_facts_are_edges_with_predicate_and_best_confidence() -> None:
    network = to_networkx(_small())
    ann, craft = RES + "person/ann_lee", RES + "spacecraft/soyuz_ms-1"
    edge = network.edges[ann, craft, "crewMemberOf"]
    assert edge == {"predicate": "crewMemberOf", "confidence": 0.7}
    assert network.has_edge(ann, RES + "creativework/the_flight", "actedIn")
    assert network.has_edge(craft, RES + "place/baikonur", "launchedFrom")
    assert network.number_of_edges() == 4 + 4  # four facts, four event links


def test_events_are_nodes_or_left_out() -> None:
    launch = RES + "event/launch/spacecraft/soyuz_ms-1"
    network = to_networkx(_small())
    assert network.nodes[launch]["type"] == "Launch"
    assert network.nodes[launch]["date"] == "2030-05-06"
    links = {(v, k) for _, v, k in network.out_edges(launch, keys=True)}
    assert links == {
        (RES + "spacecraft/soyuz_ms-1", "vehicle"),
        (RES + "place/baikonur", "location"),
        (RES + "person/ann_lee", "participant"),
        (RES + "person/bo_chen", "participant"),
    }
    without = to_networkx(_small(), include_events=False)
    assert launch not in without and without.number_of_nodes() == 6


def test_focus_and_types() -> None:
    network = to_networkx(_small(), include_events=False)
    around = neighbourhood(network, "the flight", depth=1)
    assert {d["label"] for _, d in around.nodes(data=True)} == {"The Flight", "Ann Lee"}
    two = neighbourhood(network, "Lee", depth=2)  # an alternative label finds the node
    assert "Soyuz MS-1" in {d["label"] for _, d in two.nodes(data=True)}
    people = keep_types(network, ["Person"])
    assert {d["type"] for _, d in people.nodes(data=True)} == {"Person"}
    with pytest.raises(
        KgError, match="no entity named 'Soyuz MS-2' in the graph; did you mean 'Soyuz MS-1'"
    ):
        neighbourhood(network, "Soyuz MS-2")


@pytest.mark.parametrize("suffix", [".html", ".png", ".svg"])
def test_viz_writes_each_format(small_file: Path, tmp_path: Path, suffix: str) -> None:
    output = tmp_path / f"picture{suffix}"
    result = runner.invoke(app, ["viz", str(small_file), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert output.stat().st_size > 1000
    if suffix == ".png":
        pixels = imread(output)
        assert pixels.shape[:2] == (1000, 1600), "16 x 10 inches at 100 dpi"
        colours = np.unique(pixels[..., :3].reshape(-1, 3), axis=0)
        assert len(colours) > 50, "not blank"
    if suffix == ".svg":
        assert "<svg" in output.read_text(encoding="utf-8")[:500]


def test_the_page_works_offline_and_labels_the_focus(small_file: Path, tmp_path: Path) -> None:
    output = tmp_path / "focus.html"
    result = runner.invoke(
        app, ["viz", str(small_file), "-o", str(output), "--focus", "Soyuz MS-1"]
    )
    assert result.exit_code == 0, result.output
    page = output.read_text(encoding="utf-8")
    for label in ("Soyuz MS-1", "Ann Lee", "Bo Chen", "Baikonur"):
        assert f'"label": "{label}"' in page
    assert "Cy Alone" not in page, "outside the neighbourhood"
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "an external URL"
    assert not re.search(r"@import|url\(\s*[\"']?https?:", page)
    assert "Person (2)" in page and "legend" in page


def test_hostile_labels_cannot_break_out_of_the_page(tmp_path: Path) -> None:
    path = tmp_path / "hostile.ttl"
    path.write_text(
        SMALL.replace('"Bo Chen"', '"</script><script>alert(1)</script>"'), encoding="utf-8"
    )
    output = tmp_path / "page.html"
    write_viz(path, output)
    assert "<script>alert(1)" not in output.read_text(encoding="utf-8")


def test_timeline(small_file: Path, tmp_path: Path) -> None:
    output = tmp_path / "timeline.png"
    result = runner.invoke(app, ["viz", str(small_file), "--timeline", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert imread(output).shape[1] == 1600
    result = runner.invoke(
        app, ["viz", str(small_file), "--timeline", "-o", str(tmp_path / "t.html")]
    )
    assert result.exit_code == 1
    assert "cannot draw a timeline into .html; use .png, .svg" in result.stderr
    no_dates = tmp_path / "undated.ttl"
    no_dates.write_text(
        SMALL.replace('kg:date "2030-05-06"^^xsd:date', 'rdfs:comment "x"'), encoding="utf-8"
    )
    result = runner.invoke(app, ["viz", str(no_dates), "--timeline", "-o", str(output)])
    assert result.exit_code == 1 and "no dated events to draw on a timeline" in result.stderr


def test_svg_is_the_same_for_the_same_graph(small_file: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    write_viz(small_file, first)
    write_viz(small_file, second)
    assert first.read_bytes() == second.read_bytes()


def test_the_seeds_picture_joins_crew_craft_and_film(seeds_graph: Graph) -> None:
    network = to_networkx(seeds_graph)

    def node(label: str) -> str:
        [found] = [n for n, d in network.nodes(data=True) if d["label"] == label]
        return str(found)

    ms18, ms19, film = node("Soyuz MS-18"), node("Soyuz MS-19"), node("The Challenge")
    for person in ("Yulia Peresild", "Klim Shipenko", "Anton Shkaplerov"):
        assert network.has_edge(node(person), ms19, "crewMemberOf"), person
    for person in ("Yulia Peresild", "Klim Shipenko", "Oleg Novitsky"):
        assert network.has_edge(node(person), ms18, "crewMemberOf"), person
    assert network.has_edge(node("Yulia Peresild"), film, "actedIn")
    assert network.has_edge(film, node("Klim Shipenko"), "directedBy")
    assert network.nodes[node("Anton Shkaplerov")]["roles"] == ["commander", "cosmonaut"]
