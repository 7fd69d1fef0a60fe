from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph

from kg.errors import QueryError
from kg.queries import (
    find_query,
    format_csv,
    format_json,
    list_queries,
    parse_query_file,
    run_query,
)

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
    with pytest.raises(QueryError, match=r"broken\.rq: query failed"):
        run_query(parse_query_file(broken), Graph())


def test_results_formats_follow_sparql_1_1(seeds_graph: Graph) -> None:
    result = run_query(find_query("crew"), seeds_graph)
    rows = list(csv.reader(io.StringIO(format_csv(result))))
    assert rows[0] == list(result.variables)
    assert len(rows) == len(result.rows) + 1
    document = json.loads(format_json(result))
    assert document["head"]["vars"] == list(result.variables)
    binding = document["results"]["bindings"][0]
    assert binding["spacecraft"]["type"] == "uri"
    assert binding["name"]["type"] == "literal"
