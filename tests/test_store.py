"""The embedded Oxigraph store: loads that replace, never pile up and never half-happen,
one process at a time, and the same answers as the file."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from typer.testing import CliRunner

from kg.builder import BuildReport
from kg.cli import app
from kg.errors import GraphError, KgError, StoreError
from kg.graph.formats import format_for, serialize
from kg.graph.iris import ENTITY_GRAPH, STORE_RECORD, document_graph
from kg.graph.rdf import read_graph
from kg.sparql.backend import LoadReport
from kg.sparql.file import FileBackend
from kg.sparql.queries import find_query, list_queries, run_query
from kg.sparql.results import format_result
from kg.sparql.store import EmbeddedStore, from_oxigraph, solution_rows
from kg.sparql.targets import Target, load_graph, open_target
from tests.conftest import small_dataset
from tests.test_queries import REQUIRED_VALUES

runner = CliRunner()


def _quads(path: Path) -> set[str]:
    with EmbeddedStore(path) as store:
        return {str(q) for q in store.oxigraph}


def _load(graph: Path, store: Path) -> LoadReport:
    return load_graph(graph, Target(store=store))


def _write_small_graph(path: Path, *labels: str) -> Path:
    path.write_bytes(serialize(small_dataset(*labels), format_for(path)))
    return path


def test_load_puts_each_document_in_its_graph_and_the_rest_in_the_entity_graph(
    tmp_path: Path,
) -> None:
    graph = _write_small_graph(tmp_path / "g.trig", "Alex Smith")
    report = _load(graph, tmp_path / "store")
    assert report.graphs == 2 and report.quads_before == 0 and report.quads_after > 0
    with EmbeddedStore(tmp_path / "store") as store:
        names = {g.value for g in store.oxigraph.named_graphs()}
        assert names == {str(ENTITY_GRAPH), str(document_graph("doc")), str(STORE_RECORD)}
        assert not list(store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def test_loading_twice_changes_nothing(tmp_path: Path) -> None:
    graph = _write_small_graph(tmp_path / "g.ttl", "Alex Smith", "Kim Lee")
    store = tmp_path / "store"
    first = _load(graph, store)
    before = _quads(store)
    second = _load(graph, store)
    assert second.quads_before == second.quads_after == first.quads_after
    assert _quads(store) == before


def test_a_reload_replaces_old_data_and_keeps_other_graphs(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with EmbeddedStore(store) as opened:
        opened.oxigraph.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"),
                           ox.Literal("not kg's"), ox.NamedNode("http://x/g")))  # fmt: skip
    _load(_write_small_graph(tmp_path / "a.ttl", "Alex Smith"), store)
    _load(_write_small_graph(tmp_path / "b.ttl", "Kim Lee"), store)
    text = "\n".join(_quads(store))
    assert "Kim Lee" in text and "Alex Smith" not in text
    assert "not kg's" in text


def test_a_malformed_file_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    store = tmp_path / "store"
    good = _write_small_graph(tmp_path / "g.ttl", "Alex Smith")
    _load(good, store)
    before = _quads(store)
    data = good.read_bytes()
    broken = tmp_path / "broken.ttl"
    broken.write_bytes(data[: len(data) // 2] + b" <unfinished")
    result = runner.invoke(app, ["load", str(broken), "--store", str(store)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"kg: error: {broken}: cannot parse")
    assert _quads(store) == before


def test_a_second_process_gets_store_in_use(tmp_path: Path) -> None:
    store = tmp_path / "store"
    graph = _write_small_graph(tmp_path / "g.ttl", "Alex Smith")
    with EmbeddedStore(store):
        result = subprocess.run(
            [sys.executable, "-m", "kg", "load", str(graph), "--store", str(store)],
            capture_output=True,
            text=True,
        )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"kg: error: {store}: store is in use by another process; wait for it to finish "
        "(or use a SPARQL server for shared access)"
    )


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    not_a_store = tmp_path / "store"
    not_a_store.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="not a store folder"):
        _load(_write_small_graph(tmp_path / "g.ttl", "A B"), not_a_store)


def test_queries_on_an_empty_store_say_so(tmp_path: Path) -> None:
    message = "holds no kg graph; load one with kg load"
    with EmbeddedStore(tmp_path / "store") as store, pytest.raises(StoreError, match=message):
        run_query(find_query("people"), store)


def test_build_straight_into_a_store(trained_model: str, tmp_path: Path) -> None:
    seed = next((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    store = tmp_path / "store"
    result = runner.invoke(
        app, ["build", str(seed), "-o", str(tmp_path / "g.ttl"), "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    assert f"into {store} (quads: 0 before, " in result.output
    held = [q for q in _quads(store) if not q.endswith(f"<{STORE_RECORD}>")]
    assert len(held) == len(read_graph(tmp_path / "g.ttl"))
    assert len(_quads(store)) == len(held) + 1, "and kg's record of what the store holds"


@pytest.fixture(scope="module")
def seeds_store(seeds_graph_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("seeds-store") / "store"
    _load(seeds_graph_path, store)
    return store


def test_the_store_holds_exactly_the_files_triples(
    seeds_store: Path, seeds_build: BuildReport
) -> None:
    """Every literal reads back in the lexical form and datatype the file has (and kg's
    record of what the store holds is the one other statement)."""
    with EmbeddedStore(seeds_store) as store:
        record = ox.NamedNode(str(STORE_RECORD))
        quads = [q for q in store.oxigraph if q.graph_name != record]
        held = {tuple(from_oxigraph(t) for t in q.triple) for q in quads}
        assert len(store.oxigraph) == len(quads) + 1
    assert held == set(seeds_build.graph)


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_every_canned_query_answers_the_same_on_the_store(
    name: str, fmt: str, seeds_build: BuildReport, seeds_store: Path
) -> None:
    query, values = find_query(name), REQUIRED_VALUES.get(name, {})
    on_file = run_query(query, seeds_build.graph, values)
    with EmbeddedStore(seeds_store) as store:
        on_store = run_query(query, store, values)
    assert on_file.rows, name
    assert format_result(on_store, fmt) == format_result(on_file, fmt)


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("documents", {"file": "001_54f385acee791b5d.txt"}),
        ("entities", {"type": "Person"}),
        ("entity", {"name": "ANTON shkaplerov"}),
        ("entity", {"name": "nobody at all"}),
        ("evidence", {"subject": "yulia peresild", "predicate": "crewmemberof"}),
    ],
)
def test_parameters_answer_the_same_on_the_store(
    name: str, values: dict[str, str], seeds_build: BuildReport, seeds_store: Path
) -> None:
    query = find_query(name)
    on_file = run_query(query, seeds_build.graph, values)
    with EmbeddedStore(seeds_store) as store:
        on_store = run_query(query, store, values)
    assert format_result(on_store, "json") == format_result(on_file, "json")


def test_queries_leave_out_graphs_that_are_not_kgs(tmp_path: Path) -> None:
    """With a graph of someone else's in the store, a query reads kg's graphs by name."""
    graph = _write_small_graph(tmp_path / "g.ttl", "Alex Smith", "Kim Lee")
    store = tmp_path / "store"
    _load(graph, store)
    query = find_query("people")
    with EmbeddedStore(store) as opened:
        alone = run_query(query, opened)
        stranger = ox.NamedNode("http://x/stranger")
        person = ox.NamedNode("https://w3id.org/kg/ontology#Person")
        label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
        rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        for graph_name in (ox.NamedNode("http://x/g"), ox.DefaultGraph()):
            opened.oxigraph.add(ox.Quad(stranger, rdf_type, person, graph_name))
            opened.oxigraph.add(ox.Quad(stranger, label, ox.Literal("Stranger"), graph_name))
            assert run_query(query, opened) == alone
    assert {str(row[1]) for row in alone.rows} == {"Alex Smith", "Kim Lee"}


def test_solution_rows_are_rdflib_terms_made_once_each() -> None:
    store = ox.Store()
    answer = store.query(
        'SELECT ?a ?b ?c WHERE { VALUES (?a ?b ?c) { (1 "x" UNDEF) (1 <http://x/y> "x"@en) } }'
    )
    assert isinstance(answer, ox.QuerySolutions)
    first, second = solution_rows(answer)
    assert first == (Literal(1), Literal("x"), None)
    assert second == (Literal(1), URIRef("http://x/y"), Literal("x", lang="en"))
    assert first[0] is second[0]  # one rdflib term for a value that comes back


def test_the_store_lock_is_released_when_the_command_ends(tmp_path: Path) -> None:
    """Two commands in a row on one store: the first must not keep it locked."""
    store = tmp_path / "store"
    graph = _write_small_graph(tmp_path / "g.ttl", "Alex Smith")
    script = textwrap.dedent(
        f"""
        from kg.cli import app
        import sys
        for _ in range(2):
            try:
                app(["load", {str(graph)!r}, "--store", {str(store)!r}])
            except SystemExit as exit:
                if exit.code:
                    sys.exit(exit.code)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_querying_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = runner.invoke(app, ["query", "crew", "--store", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"kg: error: {missing}: no such store (make one with: kg load GRAPH --store {missing})\n"
    )
    assert not missing.exists()


def test_one_target_at_a_time(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["query", "crew", "--store", str(tmp_path), "--endpoint", "http://127.0.0.1:1"]
    )
    assert result.exit_code == 1
    assert result.stderr == "kg: error: give only one of --store, --endpoint\n"


def test_open_target_opens_the_graph_file_or_the_store(tmp_path: Path) -> None:
    """One function chooses and opens what a query runs on; the store is released when
    the block ends, and a load through it takes a graph file as the store reads it."""
    graph = _write_small_graph(tmp_path / "g.ttl", "Alex Smith", "Kim Lee")
    people = find_query("people")
    with open_target(Target(graph=graph)) as on_file:
        assert isinstance(on_file, FileBackend)
        expected = run_query(people, on_file)
    store = tmp_path / "store"
    with open_target(Target(store=store), load=True) as loading:
        assert isinstance(loading, EmbeddedStore)
        assert loading.load(graph).graphs == 2
    with open_target(Target(store=store)) as on_store:
        assert isinstance(on_store, EmbeddedStore)
        assert run_query(people, on_store) == expected
    with EmbeddedStore(store, create=False):
        pass  # not locked any more


def test_targets_default_to_the_built_graph_and_the_default_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with (
        pytest.raises(GraphError, match=r"out/graph\.ttl: no such graph file"),
        open_target(Target()),
    ):
        pass
    graph = _write_small_graph(tmp_path / "g.nt", "Alex Smith")
    assert load_graph(graph, Target()).target == "out/store"
    assert (tmp_path / "out" / "store").is_dir()


def test_a_graph_that_cannot_be_read_makes_no_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with pytest.raises(GraphError, match="no such graph file"):
        load_graph(tmp_path / "missing.ttl", Target(store=store))
    assert not store.exists()
    with pytest.raises(StoreError, match="no such store"), open_target(Target(store=store)):
        pass
    assert not store.exists()


@pytest.mark.parametrize(
    ("named", "message"),
    [
        (("graph", "store"), "give only one of --graph, --store"),
        (("store", "endpoint"), "give only one of --store, --endpoint"),
        (("graph", "store", "endpoint"), "give only one of --graph, --store, --endpoint"),
    ],
)
def test_a_target_names_one_place(named: tuple[str, ...], message: str) -> None:
    places: dict[str, object] = {
        "graph": Path("g.ttl"),
        "store": Path("store"),
        "endpoint": "http://127.0.0.1:1",
    }
    with pytest.raises(KgError, match=f"^{message}$"):
        Target(**{name: places[name] for name in named})  # type: ignore[arg-type]


def test_a_query_on_a_server_may_run_a_little_past_the_request_timeout() -> None:
    """The HTTP timeout, whose message names the server, fires before the query's own."""
    assert Target(timeout=0.5).query_timeout == 0.5
    assert Target(endpoint="http://127.0.0.1:1", timeout=0.5).query_timeout == 1.5
    assert Target(endpoint="http://127.0.0.1:1").query_timeout is None
