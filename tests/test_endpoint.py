"""A live `oxigraph serve` on 127.0.0.1: loads that replace, the same answers as the file,
and every fault a network brings as one clear line and a non-zero exit."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.builder import BuildReport
from kg.cli import TIMEOUT_STATUS, app
from kg.errors import KgError, StoreError
from kg.graph.formats import serialize
from kg.sparql.queries import find_query, list_queries, run_query
from kg.sparql.results import format_result
from kg.sparql.server import Endpoint, safe_url
from kg.sparql.targets import Target, load_graph, open_target
from tests.conftest import small_dataset
from tests.servers import PROXY_PASSWORD, PROXY_USER, FaultProxy, free_port, oxigraph_server
from tests.test_queries import REQUIRED_VALUES

runner = CliRunner()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def loaded_server(oxigraph_url: str, seeds_graph_path: Path) -> str:
    """The server with the seeds graph loaded through the CLI."""
    result = runner.invoke(app, ["load", str(seeds_graph_path), "--endpoint", oxigraph_url])
    assert result.exit_code == 0, result.output
    return oxigraph_url


def test_load_puts_the_seeds_on_the_server_and_a_reload_changes_nothing(
    loaded_server: str, seeds_graph_path: Path, seeds_build: BuildReport
) -> None:
    endpoint = Endpoint.at(loaded_server)
    count = endpoint.quads()
    assert count == len(seeds_build.graph)
    assert len(endpoint.graphs()) == seeds_build.documents + 1
    result = runner.invoke(app, ["load", str(seeds_graph_path), "--endpoint", loaded_server])
    assert result.exit_code == 0, result.output
    assert f"(quads: {count} before, {count} after)" in result.output
    assert endpoint.quads() == count


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_canned_query_answers_the_same_on_the_server(
    name: str, loaded_server: str, seeds_build: BuildReport
) -> None:
    query, values = find_query(name), REQUIRED_VALUES.get(name, {})
    on_file = run_query(query, seeds_build.graph, values)
    on_server = run_query(query, Endpoint.at(loaded_server), values)
    assert on_file.rows, name
    for fmt in ("table", "csv", "json"):
        assert format_result(on_server, fmt) == format_result(on_file, fmt), fmt


def test_the_cli_queries_the_server(loaded_server: str) -> None:
    result = runner.invoke(
        app, ["query", "crew", "--endpoint", loaded_server, "-p", "craft=Soyuz MS-18"]
    )
    assert result.exit_code == 0, result.output
    assert "Klim Shipenko" in result.output and "Anton Shkaplerov" not in result.output


def test_a_password_protected_server(
    loaded_server: str, fault_proxy: FaultProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = fault_proxy.url("auth")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", PROXY_PASSWORD)
    ok = runner.invoke(app, ["query", "people", "--endpoint", url, "--user", PROXY_USER])
    assert ok.exit_code == 0, ok.output
    assert "Yulia Peresild" in ok.output

    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "wrong-" + PROXY_PASSWORD)
    wrong = runner.invoke(app, ["query", "people", "--endpoint", url, "--user", PROXY_USER])
    assert wrong.exit_code == 1
    assert (
        wrong.stderr
        == f"kg: error: {url}/query: not authorized (401); check --user and the password variable\n"
    )
    assert PROXY_PASSWORD not in wrong.output

    monkeypatch.delenv("KG_ENDPOINT_PASSWORD")
    unset = runner.invoke(app, ["query", "people", "--endpoint", url, "--user", PROXY_USER])
    assert unset.exit_code == 1
    assert "set $KG_ENDPOINT_PASSWORD to the password" in unset.stderr


def test_credentials_in_a_url_are_never_shown() -> None:
    assert safe_url("http://me:secret@example.org:8080/query") == "http://example.org:8080/query"
    assert safe_url("http://example.org/query") == "http://example.org/query"


@pytest.mark.parametrize(
    ("where", "message", "status"),
    [
        ("nothing", "cannot connect (is the server running?)", 1),
        ("auth", "not authorized (401)", 1),
        ("notfound", "not found (404); check the endpoint URL and its paths", 1),
        ("error", "the server answered 500: internal failure in the store", 1),
        ("reset", "the server closed the connection", 1),
        ("slow", "no answer within 0.5 s", TIMEOUT_STATUS),
    ],
)
@pytest.mark.parametrize("command", ["load", "query"])
def test_faults_are_one_line_a_non_zero_exit_and_touch_no_local_file(
    command: str,
    where: str,
    message: str,
    status: int,
    loaded_server: str,
    fault_proxy: FaultProxy,
    seeds_graph_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)
    url = {
        "nothing": f"http://127.0.0.1:{free_port()}",
        "notfound": f"{loaded_server}/no/such/dataset",
    }.get(where, fault_proxy.url(where))
    args = {
        "load": ["load", str(seeds_graph_path)],
        "query": ["query", "people"],
    }[command]
    before = _digest(seeds_graph_path)
    count = Endpoint.at(loaded_server).quads()
    timeout = ["--timeout", "0.5"] if where == "slow" else []
    result = runner.invoke(app, [*args, "--endpoint", url, *timeout])
    assert result.exit_code == status, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert lines[0].startswith(("kg: error: http://127.0.0.1:", "kg: timeout: http://127.0.0.1:"))
    assert "loaded" not in result.stdout and "rows" not in result.stdout
    assert _digest(seeds_graph_path) == before
    assert Endpoint.at(loaded_server).quads() == count


def test_a_busy_server_is_retried_for_queries(loaded_server: str, fault_proxy: FaultProxy) -> None:
    """/flaky answers 503 to every other request: a query goes through on the retry."""
    endpoint = Endpoint.at(fault_proxy.url("flaky"), backoff=0.05)
    result = run_query(find_query("crew"), endpoint)
    assert result.rows


def test_resets_are_retried_for_queries_and_graph_store_calls(
    loaded_server: str, fault_proxy: FaultProxy, seeds_graph_path: Path
) -> None:
    endpoint = Endpoint.at(fault_proxy.url("reset"), attempts=3, backoff=0.01)
    posts = fault_proxy.requests["reset POST"]
    with pytest.raises(StoreError, match="closed the connection"):
        endpoint.graphs()
    assert fault_proxy.requests["reset POST"] - posts == 3, "a query is repeated"
    # a load's queries go through; its PUTs (and DELETEs) are repeatable
    puts = fault_proxy.requests["reset PUT"]
    split = Endpoint.at(
        loaded_server, store_url=fault_proxy.url("reset") + "/store", attempts=3, backoff=0.01
    )
    with pytest.raises(StoreError, match="closed the connection"):
        split.load(seeds_graph_path, full=True)
    assert fault_proxy.requests["reset PUT"] - puts == 3
    assert fault_proxy.requests["reset POST"] - posts == 3, "no update is ever sent"
    Endpoint.at(loaded_server).load(seeds_graph_path)  # put the server back as it was


def test_open_target_and_load_graph_reach_a_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's URLs, user, password (from the environment) and timeout come from one
    Target, for queries and loads alike. A server of its own: a load replaces every kg
    graph, which the other tests' server must keep."""
    graph = tmp_path / "g.ttl"
    graph.write_bytes(serialize(small_dataset("Alex Smith", "Kim Lee"), "turtle"))
    monkeypatch.delenv("KG_TEST_PASSWORD", raising=False)
    with oxigraph_server(tmp_path) as url:
        named = Target(endpoint=url, user="me", password_env="KG_TEST_PASSWORD", timeout=2)
        with pytest.raises(KgError, match=r"--user me: set \$KG_TEST_PASSWORD to the password"):
            load_graph(graph, named)
        monkeypatch.setenv("KG_TEST_PASSWORD", "secret")
        with open_target(named) as server:
            assert isinstance(server, Endpoint)
            assert (server.query_url, server.update_url, server.store_url) == (
                f"{url}/query",
                f"{url}/update",
                f"{url}/store",
            )
            assert (server.user, server.password, server.timeout) == ("me", "secret", 2)

        report = load_graph(graph, Target(endpoint=url))
        assert (report.target, report.graphs, report.quads_before) == (f"{url}/store", 2, 0)
        with open_target(Target(endpoint=url)) as server:
            result = run_query(find_query("people"), server)
        assert {str(row[1]) for row in result.rows} == {"Alex Smith", "Kim Lee"}
