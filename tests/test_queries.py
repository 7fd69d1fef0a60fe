from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, Graph, Literal
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError
from kg.graph.formats import serialize
from kg.paths import SEEDS_DIR
from kg.sparql.backend import QueryResult, sparql_literal
from kg.sparql.file import FileBackend
from kg.sparql.queries import find_query, list_queries, parse_query_file, run_query
from kg.sparql.results import format_csv, format_json
from kg.sparql.store import EmbeddedStore
from kg.sparql.targets import Target, load_graph
from kg.vocab import KG
from tests.conftest import small_dataset

runner = CliRunner()

REQUIRED_VALUES = {
    "entity": {"name": "Anton Shkaplerov"},
    "evidence": {"subject": "Anton Shkaplerov"},
}


def test_at_least_eight_documented_queries() -> None:
    queries = list_queries()
    assert len(queries) >= 8
    for query in queries:
        assert query.title and query.description, query.name
        header = [line for line in query.text.splitlines() if line.startswith("# param:")]
        assert len(header) == len(query.params)


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_each_canned_query_returns_rows_on_the_seeds(name: str, seeds_graph: Graph) -> None:
    result = run_query(find_query(name), seeds_graph, REQUIRED_VALUES.get(name, {}))
    assert result.rows, f"{name} returned no rows"


def test_crew_query_lists_the_crew_of_a_craft(seeds_graph: Graph) -> None:
    result = run_query(find_query("crew"), seeds_graph, {"craft": "soyuz ms-18"})
    names = {str(row[result.variables.index("name")]) for row in result.rows}
    assert "Klim Shipenko" in names
    assert names & {"Oleg Novitskiy", "Oleg Novitsky"}
    assert "Anton Shkaplerov" not in names  # he flies up in MS-19 and stays


def test_parameter_is_bound_as_a_literal_not_pasted(seeds_graph: Graph) -> None:
    hostile = 'Alice" . ?s ?p ?o } #'
    result = run_query(find_query("entity"), seeds_graph, {"name": hostile})
    assert result.rows == ()


def test_optional_parameter_filters(seeds_graph: Graph) -> None:
    everything = run_query(find_query("entities"), seeds_graph)
    people = run_query(find_query("entities"), seeds_graph, {"type": "Person"})
    assert 0 < len(people.rows) < len(everything.rows)
    assert {str(r[people.variables.index("class")]) for r in people.rows} == {"Person"}


# What documents.rq and evidence.rq returned before they were made fast on 10,000 documents:
# one row per entity a document mentions, one row per evidence sentence. The queries now fold
# these rows (per document, per fact); the tests check the folding against them.
ENTITY_ROWS = """
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?document ?class ?label
WHERE {
  ?entity kg:mentionedIn ?document ; rdfs:label ?label ; a ?cls .
  FILTER(STRSTARTS(STR(?cls), STR(kg:)) && ?cls != kg:Agent)
  FILTER NOT EXISTS { ?entity a ?narrower . ?narrower rdfs:subClassOf ?cls }
  BIND(STRAFTER(STR(?cls), "#") AS ?class)
}
ORDER BY ?document ?class ?label
"""
EVIDENCE_ROWS = """
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?property ?object ?sentence ?fileName ?begin ?end ?rule ?confidence
WHERE {
  ?evidence rdf:subject ?entity ; rdf:predicate ?p ; rdf:object ?o ; kg:sentence ?s ;
            kg:document ?document ; kg:rule ?rule ; kg:confidence ?confidence .
  ?entity rdfs:label ?name .
  ?s nif:anchorOf ?sentence ; nif:beginIndex ?begin ; nif:endIndex ?end .
  ?document kg:fileName ?fileName .
  OPTIONAL { ?o rdfs:label ?oLabel }
  BIND(COALESCE(?oLabel, ?o) AS ?object)
  BIND(STRAFTER(STR(?p), "#") AS ?property)
}
"""


def _dicts(result: QueryResult) -> list[dict[str, Any]]:
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def test_documents_lists_what_each_document_mentions(seeds_graph: Graph) -> None:
    rows = _dicts(run_query(find_query("documents"), seeds_graph))
    mentioned: dict[Any, list[str]] = {}
    for entity in _dicts(FileBackend(seeds_graph).select(ENTITY_ROWS, {})):
        mentioned.setdefault(entity["document"], []).append(
            f"{entity['label']} ({entity['class']})"
        )
    assert {row["document"] for row in rows} == set(seeds_graph.subjects(RDF.type, KG.Document))
    assert [str(row["fileName"]) for row in rows] == sorted(str(row["fileName"]) for row in rows)
    for row in rows:
        # each "label (Class)" once, ordered by class then label as the rows were
        items = mentioned.get(row["document"], [])
        assert str(row["entities"]) == "; ".join(items)
        assert row["count"] == Literal(len(items))
    assert "Yulia Peresild (Person)" in str(rows[0]["entities"])
    one = run_query(find_query("documents"), seeds_graph, {"file": str(rows[1]["fileName"])})
    assert _dicts(one) == [rows[1]]


@pytest.mark.parametrize("predicate", [None, "crewMemberOf", "HASROLE"])
def test_evidence_counts_the_sentences_of_each_fact_and_shows_one(
    seeds_graph: Graph, predicate: str | None
) -> None:
    values = {"subject": "anton SHKAPLEROV"} | ({"predicate": predicate} if predicate else {})
    rows = _dicts(run_query(find_query("evidence"), seeds_graph, values))
    assert rows
    every = FileBackend(seeds_graph).select(EVIDENCE_ROWS, {"name": Literal("Anton Shkaplerov")})
    sentences: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for sentence in _dicts(every):
        if predicate is None or str(sentence["property"]).lower() == predicate.lower():
            fact = (sentence["property"], sentence["object"])
            sentences.setdefault(fact, []).append(sentence)
    assert [(row["property"], row["object"]) for row in rows] == sorted(sentences)
    for row in rows:
        fact = (row["property"], row["object"])
        assert int(row["sentences"]) == len(sentences[fact])
        assert {v: row[v] for v in every.variables} in sentences[fact]
        # the offsets point into the original file
        text = (SEEDS_DIR / str(row["fileName"])).read_text(encoding="utf-8")
        assert text[int(row["begin"]) : int(row["end"])] == str(row["sentence"])


def test_entity_names_match_any_label_case_aside(seeds_graph: Graph) -> None:
    query = find_query("entity")
    exact = run_query(query, seeds_graph, {"name": "Anton Shkaplerov"})
    assert exact.rows
    assert run_query(query, seeds_graph, {"name": "aNTON sHKAPLEROV"}).rows == exact.rows
    directions = {str(row[1]) for row in exact.rows}
    assert directions == {"in", "out"}
    # the document links are left out, and every property is kg's
    assert "mentionedIn" not in {str(row[2]) for row in exact.rows}


def test_unknown_query_lists_what_exists() -> None:
    with pytest.raises(QueryError, match=r"unknown query 'nope'; available: .*crew"):
        find_query("nope")


def test_unknown_and_missing_parameters(seeds_graph: Graph) -> None:
    with pytest.raises(QueryError, match="has no parameter 'colour'; its parameters: craft"):
        run_query(find_query("crew"), seeds_graph, {"colour": "red"})
    with pytest.raises(QueryError, match="needs --param name=VALUE"):
        run_query(find_query("entity"), seeds_graph, {})


def test_malformed_query_files(tmp_path: Path) -> None:
    untitled = tmp_path / "untitled.rq"
    untitled.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    with pytest.raises(QueryError, match="no '# title:' header"):
        parse_query_file(untitled)
    broken = tmp_path / "broken.rq"
    broken.write_text("# title: Broken\nSELECT * WHERE { ?s ?p", encoding="utf-8")
    with pytest.raises(QueryError, match=r"broken\.rq: not a SPARQL query"):
        run_query(parse_query_file(broken), Graph())


def test_results_formats_follow_sparql_1_1(seeds_graph: Graph) -> None:
    result = run_query(find_query("crew"), seeds_graph)
    rows = list(csv.reader(io.StringIO(format_csv(result))))
    assert rows[0] == list(result.variables)
    assert len(rows) == len(result.rows) + 1
    document = json.loads(format_json(result))
    assert document["head"]["vars"] == list(result.variables)
    binding = document["results"]["bindings"][0]
    assert binding["flight"]["type"] == "uri"
    assert binding["name"]["type"] == "literal"


def _query_file(folder: Path, text: str, name: str = "q.rq") -> Path:
    path = folder / name
    path.write_text(f"# title: A test query\n{text}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://x/s> <http://x/p> 'o' }",
        "DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "CLEAR DEFAULT",
        "LOAD <http://example.org/data.ttl>",
    ],
)
def test_updates_are_refused_before_they_run(tmp_path: Path, update: str) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://x/a> <http://x/b> 'c' .\n", encoding="utf-8")
    before = graph.read_bytes()
    result = runner.invoke(app, ["query", str(_query_file(tmp_path, update)), "-g", str(graph)])
    assert result.exit_code == 1
    assert (
        "is an update (INSERT, DELETE, LOAD, CLEAR, DROP ...); kg query runs read-only queries only"
        in result.stderr
    )
    assert graph.read_bytes() == before


def test_an_update_never_reaches_the_store(tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_bytes(serialize(small_dataset("Alex Smith"), "turtle"))
    store = tmp_path / "store"
    load_graph(graph, Target(store=store))
    with EmbeddedStore(store) as opened:
        before = len(opened.oxigraph)
    query = _query_file(tmp_path, "DROP ALL")
    result = runner.invoke(app, ["query", str(query), "--store", str(store)])
    assert result.exit_code == 1 and "is an update" in result.stderr
    with EmbeddedStore(store) as opened:
        assert len(opened.oxigraph) == before


def test_service_needs_allow_service(tmp_path: Path, oxigraph_url: str) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://x/a> <http://x/b> 'c' .\n", encoding="utf-8")
    query = _query_file(
        tmp_path,
        f"SELECT ?answer WHERE {{ SERVICE <{oxigraph_url}/query> {{ BIND('remote' AS ?answer) }} }}",
    )
    refused = runner.invoke(app, ["query", str(query), "-g", str(graph)])
    assert refused.exit_code == 1
    assert "calls a remote SERVICE; pass --allow-service to let it" in refused.stderr
    allowed = runner.invoke(app, ["query", str(query), "-g", str(graph), "--allow-service"])
    assert allowed.exit_code == 0, allowed.output
    assert "remote" in allowed.output


def test_service_is_told_from_the_word_in_strings_names_and_comments(tmp_path: Path) -> None:
    """The read-only check reads SPARQL's tokens: the word SERVICE in a string, a prefixed
    name, a variable or a comment is no SERVICE call, and the keyword in any case is."""
    harmless = parse_query_file(
        _query_file(
            tmp_path,
            "PREFIX service: <http://x/service#>\n"
            "SELECT ?service WHERE { # SERVICE <http://x/sparql> { }\n"
            '  BIND("SERVICE <http://x/sparql> { }" AS ?service) }',
        )
    )
    assert len(run_query(harmless, Graph()).rows) == 1
    calling = parse_query_file(
        _query_file(tmp_path, "select * { service <http://127.0.0.1:9/> { ?s ?p ?o } }", "s.rq")
    )
    with pytest.raises(QueryError, match="calls a remote SERVICE"):
        run_query(calling, Graph())


def test_a_syntax_error_says_where(tmp_path: Path) -> None:
    broken = parse_query_file(_query_file(tmp_path, "SELECT ?s WHERE { ?s ?p }"))
    with pytest.raises(
        QueryError, match=r"q\.rq: not a SPARQL query \(error at \d+:\d+: expected "
    ):
        run_query(broken, Graph())


def test_from_never_reads_a_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<http://x/secret> <http://x/p> 'leaked' .\n", encoding="utf-8")
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://x/a> <http://x/b> 'c' .\n", encoding="utf-8")
    query = _query_file(tmp_path, f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}")
    result = runner.invoke(app, ["query", str(query), "-g", str(graph), "-f", "csv"])
    assert "leaked" not in result.output


def test_ask_is_answered_and_construct_refused(tmp_path: Path, seeds_graph: Graph) -> None:
    ask = parse_query_file(
        _query_file(tmp_path, "ASK { ?s a <https://w3id.org/kg/ontology#Person> }")
    )
    assert run_query(ask, seeds_graph).rows == ((Literal(True),),)
    construct = parse_query_file(
        _query_file(tmp_path, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "c.rq")
    )
    with pytest.raises(QueryError, match="a CONSTRUCT query; kg query runs SELECT and ASK"):
        run_query(construct, seeds_graph)


def test_values_are_escaped_for_any_text() -> None:
    for value in ['"', "\\", "a\nb", "x\r", '""" } DROP ALL #', "é 🚀"]:
        literal = sparql_literal(value)
        parsed = Graph().query(f"SELECT ?v WHERE {{ VALUES ?v {{ {literal} }} }}")
        assert [str(row[0]) for row in parsed] == [value]  # type: ignore[index]
