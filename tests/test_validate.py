"""The shapes: the seeds graph conforms, and a graph broken in any one way is caught with
a message that says what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph
from spacy.language import Language
from typer.testing import CliRunner

import kg.builder as builder
from kg.builder import BuildReport
from kg.cli import app
from kg.graph.triples import Assembly
from kg.graph.validate import validate_file, validate_graph
from kg.vocab import KG, RES

runner = CliRunner()

# A small graph that conforms: one document, a person and a craft with a mention each,
# a crew fact with its evidence, and the build.
VALID = """
@prefix kg: <https://w3id.org/kg/ontology#> .
@base <https://w3id.org/kg/resource/> .
@prefix kgr: <https://w3id.org/kg/resource/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

kg:SpaceStation rdfs:subClassOf kg:Spacecraft .
kg:Person rdfs:subClassOf kg:Agent .

<build/1> a prov:Activity ;
    prov:startedAtTime "2024-01-01T00:00:00+00:00"^^xsd:dateTime ;
    prov:endedAtTime "2024-01-01T00:00:01+00:00"^^xsd:dateTime ;
    prov:wasAssociatedWith <software/kg/1> .
<software/kg/1> a prov:SoftwareAgent .

<document/d> a kg:Document, nif:Context ;
    rdfs:label "A title" ;
    kg:fileName "d.txt" ;
    kg:sha256 "0000000000000000000000000000000000000000000000000000000000000000" ;
    dcterms:issued "2021-10-05"^^xsd:date ;
    nif:beginIndex 0 ;
    nif:endIndex 40 .

<person/ann_lee> a kg:Person, kg:Agent ;
    rdfs:label "Ann Lee" ;
    kg:mentionedIn <document/d> ;
    kg:mention <https://w3id.org/kg/resource/document/d#char=0,7> ;
    kg:crewMemberOf <spacecraft/soyuz_ms-1> ;
    kg:hasRole "cosmonaut" .

<spacecraft/soyuz_ms-1> a kg:Spacecraft ;
    rdfs:label "Soyuz MS-1" ;
    kg:mentionedIn <document/d> ;
    kg:mention <https://w3id.org/kg/resource/document/d#char=20,30> .

<https://w3id.org/kg/resource/document/d#char=0,7> a nif:Phrase ;
    nif:beginIndex 0 ;
    nif:endIndex 7 ;
    nif:anchorOf "Ann Lee" ;
    nif:referenceContext <document/d> ;
    nif:sentence <https://w3id.org/kg/resource/document/d#char=0,31> ;
    itsrdf:taIdentRef <person/ann_lee> .

<https://w3id.org/kg/resource/document/d#char=20,30> a nif:Phrase ;
    nif:beginIndex 20 ;
    nif:endIndex 30 ;
    nif:anchorOf "Soyuz MS-1" ;
    nif:referenceContext <document/d> ;
    nif:sentence <https://w3id.org/kg/resource/document/d#char=0,31> ;
    itsrdf:taIdentRef <spacecraft/soyuz_ms-1> .

<https://w3id.org/kg/resource/document/d#char=0,31> a nif:Sentence ;
    nif:beginIndex 0 ;
    nif:endIndex 31 ;
    nif:anchorOf "Ann Lee, cosmonaut, Soyuz MS-1." ;
    nif:referenceContext <document/d> .

<evidence/1> a kg:Evidence, rdf:Statement ;
    rdf:subject <person/ann_lee> ;
    rdf:predicate kg:crewMemberOf ;
    rdf:object <spacecraft/soyuz_ms-1> ;
    kg:sentence <https://w3id.org/kg/resource/document/d#char=0,31> ;
    kg:document <document/d> ;
    kg:rule "crew-sentence" ;
    kg:confidence 0.7 .

<evidence/2> a kg:Evidence, rdf:Statement ;
    rdf:subject <person/ann_lee> ;
    rdf:predicate kg:hasRole ;
    rdf:object "cosmonaut" ;
    kg:sentence <https://w3id.org/kg/resource/document/d#char=0,31> ;
    kg:document <document/d> ;
    kg:rule "role-apposition" ;
    kg:confidence 0.85 .
"""

PREFIXES = """
PREFIX kg: <https://w3id.org/kg/ontology#>
BASE <https://w3id.org/kg/resource/>
PREFIX kgr: <https://w3id.org/kg/resource/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

MENTION = "<https://w3id.org/kg/resource/document/d#char=0,7>"


def _graph(update: str = "") -> Graph:
    graph = Graph().parse(data=VALID, format="turtle")
    if update:
        graph.update(PREFIXES + update)
    return graph


def test_the_hand_made_graph_conforms() -> None:
    report = validate_graph(_graph())
    assert report.conforms, report.lines()


BROKEN = {
    "no label": (
        "DELETE DATA { <person/ann_lee> rdfs:label 'Ann Lee' }",
        "kgr:person/ann_lee rdfs:label: an entity has exactly one rdfs:label",
    ),
    "two labels": (
        "INSERT DATA { <person/ann_lee> rdfs:label 'Anne Lee' }",
        "kgr:person/ann_lee rdfs:label: an entity has exactly one rdfs:label",
    ),
    "no mention": (
        f"DELETE DATA {{ <person/ann_lee> kg:mention {MENTION} }}",
        "kgr:person/ann_lee kg:mention: an entity links to its mentions",
    ),
    "subject of the wrong class": (
        "DELETE DATA { <person/ann_lee> a kg:Person } ;"
        "INSERT DATA { <person/ann_lee> a kg:Organization }",
        "the subject of crewMemberOf is not a Person",
    ),
    "object of the wrong class": (
        "DELETE DATA { <spacecraft/soyuz_ms-1> a kg:Spacecraft } ;"
        "INSERT DATA { <spacecraft/soyuz_ms-1> a kg:Place }",
        "the object of crewMemberOf is neither a Spacecraft nor a Mission",
    ),
    "a date that is not an xsd:date": (
        "INSERT DATA { <spacecraft/soyuz_ms-1> kg:launchDate '5 October 2021' . "
        "<evidence/3> a kg:Evidence ; rdf:subject <spacecraft/soyuz_ms-1> ; "
        "rdf:predicate kg:launchDate ; rdf:object '5 October 2021' }",
        "the object of launchDate is not an xsd:date literal",
    ),
    "a fact without evidence": (
        "DELETE WHERE { <evidence/1> ?p ?o }",
        "a crewMemberOf fact has no evidence",
    ),
    "evidence for another object": (
        "INSERT DATA { <person/ann_lee> kg:crewMemberOf <spacecraft/iss> . "
        "<spacecraft/iss> a kg:Spacecraft, kg:SpaceStation }",
        "kgr:person/ann_lee kg:crewMemberOf: this fact has no evidence record "
        "(value: kgr:spacecraft/iss)",
    ),
    "confidence above 1": (
        "DELETE DATA { <evidence/1> kg:confidence 0.7 } ;"
        "INSERT DATA { <evidence/1> kg:confidence 1.5 }",
        "evidence has one confidence, a decimal from 0 to 1",
    ),
    "evidence without a rule": (
        "DELETE DATA { <evidence/1> kg:rule 'crew-sentence' }",
        "evidence names the rule that read it",
    ),
    "a mention past the end of its document": (
        "DELETE DATA { <document/d> nif:endIndex 40 } ;"
        "INSERT DATA { <document/d> nif:endIndex 25 }",
        "a mention or sentence ends after the end of its document",
    ),
    "a mention that ends before it begins": (
        f"DELETE DATA {{ {MENTION} nif:endIndex 7 }} ;INSERT DATA {{ {MENTION} nif:endIndex 0 }}",
        "a mention or sentence begins before it ends",
    ),
    "a mention without offsets": (
        f"DELETE DATA {{ {MENTION} nif:beginIndex 0 }}",
        "a mention or sentence has one begin offset",
    ),
    "a mention outside any sentence": (
        f"DELETE WHERE {{ {MENTION} nif:sentence ?s }}",
        "a mention stands in one sentence",
    ),
    "a document without its digest": (
        "DELETE WHERE { <document/d> kg:sha256 ?d }",
        "a document has one SHA-256 digest in hex",
    ),
    "a publication date that is not a date": (
        "DELETE WHERE { <document/d> dcterms:issued ?d } ;"
        "INSERT DATA { <document/d> dcterms:issued 'Tuesday' }",
        "a document's date is one xsd:date",
    ),
    "a build without an end": (
        "DELETE WHERE { <build/1> <http://www.w3.org/ns/prov#endedAtTime> ?t }",
        "the build has one end time",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_each_broken_graph_fails_with_the_right_message(case: str) -> None:
    update, message = BROKEN[case]
    report = validate_graph(_graph(update))
    assert not report.conforms
    text = "\n".join(report.lines())
    assert message in text, text


def test_the_seeds_graph_conforms(seeds_build: BuildReport, seeds_graph_path: Path) -> None:
    assert seeds_build.validation is not None and seeds_build.validation.conforms
    report = validate_file(seeds_graph_path)
    assert report.conforms, "\n".join(report.lines(20))


def test_validate_command_exit_statuses(tmp_path: Path) -> None:
    good, bad, broken = tmp_path / "good.ttl", tmp_path / "bad.ttl", tmp_path / "broken.ttl"
    _graph().serialize(good, format="turtle")
    _graph(BROKEN["no label"][0]).serialize(bad, format="turtle")
    broken.write_text("this is not turtle", encoding="utf-8")

    result = runner.invoke(app, ["validate", str(good)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conforms:")

    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "does not conform: 1 violations" in result.output
    assert "an entity has exactly one rdfs:label" in result.output

    for path in (broken, tmp_path / "missing.ttl"):
        result = runner.invoke(app, ["validate", str(path)])
        assert result.exit_code == 2
        assert result.output.startswith(f"kg: error: {path}")


def test_build_refuses_to_write_a_graph_that_does_not_conform(
    trained_model: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blank_nlp: Language
) -> None:
    """A fault injected after extraction (an entity without a label) must stop the write."""
    source = tmp_path / "article.txt"
    source.write_text("The crew flew to the International Space Station.\n", encoding="utf-8")
    output = tmp_path / "graph.ttl"
    output.write_text("previous", encoding="utf-8")

    plain = Assembly.default_graph

    def with_a_fault(self: Assembly) -> list[str]:
        return sorted([*plain(self), f"<{RES['person/nameless']}> <{RDF.type}> <{KG.Person}>"])

    module = builder
    monkeypatch.setattr(module, "load_pipeline", lambda model=None: blank_nlp)
    monkeypatch.setattr(Assembly, "default_graph", with_a_fault)

    result = runner.invoke(app, ["build", str(source), "-o", str(output)])
    assert result.exit_code == 1
    assert f"kg: error: {output}: not written: the graph does not conform" in result.output
    assert " violations, the first: kgr:person/nameless " in result.output
    assert "--no-validate writes it, then kg validate lists them all" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert output.read_text(encoding="utf-8") == "previous"

    result = runner.invoke(app, ["build", str(source), "-o", str(output), "--no-validate"])
    assert result.exit_code == 0, result.output
    assert "shapes:    not checked (--no-validate)" in result.output
    assert "nameless" in output.read_text(encoding="utf-8")
