"""Every command through typer's CliRunner, as a user types it."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import kg.cli
from kg.builder import BuildReport
from kg.cli import TARGET_OPTIONS, app
from tests.conftest import GOLD

runner = CliRunner()
COMMANDS = ["build", "queries", "query", "stats", "eval", "validate", "load"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: kg " in result.output


HEAVY = ("spacy", "pyshacl", "networkx", "dask", "dateparser", "httpx")


def _fresh_python(code: str, not_loaded: tuple[str, ...]) -> str:
    """Run ``code`` in a new interpreter, check it succeeds and leaves none of the modules
    ``not_loaded`` imported, and return its output."""
    check = (
        f"\nimport sys\nloaded = sorted({set(not_loaded)!r} & set(sys.modules))\n"
        "assert not loaded, loaded\n"
    )
    ran = subprocess.run([sys.executable, "-c", code + check], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def test_a_query_does_not_load_the_build_stack(seeds_graph_path: Path) -> None:
    """`import kg` leaves spaCy, pyshacl and networkx unloaded (they cost more than a
    second to import), and `kg query` on a file dateparser and httpx too; the lazy names
    still give the functions."""
    _fresh_python("import kg\nimport kg.cli", HEAVY[:3])
    _fresh_python("import kg.builder, kg\nassert kg.build.__module__ == 'kg.builder', kg.build", ())
    answer = _fresh_python(
        "from kg.cli import main\n"
        "try:\n"
        f"    main(['query', 'crew', '-g', {str(seeds_graph_path)!r}, '-f', 'csv'])\n"
        "except SystemExit as end:\n"
        "    assert end.code == 0, end.code\n",
        HEAVY,
    )
    assert answer.startswith("flight,")


def test_kg_sparql_names_load_on_first_use() -> None:
    """The package's curated names are lazy: naming them loads no heavy module, httpx
    only for the server's Endpoint."""
    _fresh_python(
        "import kg.sparql\n"
        "for name in kg.sparql.__all__:\n"
        "    if name != 'Endpoint':\n"
        "        getattr(kg.sparql, name)\n",
        HEAVY,
    )
    _fresh_python("import kg.sparql\nassert kg.sparql.Endpoint.at", HEAVY[:3])


def test_query_and_load_share_one_declaration_of_the_target_options() -> None:
    """--store, --endpoint, --query-url, --update-url, --store-url, --user and
    --password-env come from the one target_options decorator: the same in the help of
    every command that has them, and written once in kg/cli.py."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    declared = {f"--{name.replace('_', '-')}": info.help for name, info in TARGET_OPTIONS.items()}
    assert sorted(declared) == sorted(
        ["--store", "--endpoint", "--query-url", "--update-url", "--store-url", "--user",
         "--password-env"]
    )  # fmt: skip
    for name in ("query", "load", "build", "remove"):
        options = {p.opts[0]: p for p in group.commands[name].params}
        assert {flag: getattr(options[flag], "help", None) for flag in declared} == declared
        assert options["--password-env"].default == "KG_ENDPOINT_PASSWORD"
        result = runner.invoke(app, [name, "--help"])
        assert all(flag in result.output for flag in declared), result.output
    source = inspect.getsource(kg.cli)
    for flag in declared:
        assert source.count(f'"{flag}"') == 1, flag


def test_build_writes_and_summarizes(trained_model: str, tmp_path: Path) -> None:
    output = tmp_path / "out" / "graph.ttl"
    result = runner.invoke(app, ["build", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert output.is_file()
    for word in (
        "documents: 5",
        "entities:",
        "facts:",
        "triples:",
        "seconds:",
        "shapes:    conforms",
    ):
        assert word in result.output
    assert f"wrote {output} (turtle)" in result.output


def test_build_format_comes_from_the_suffix_or_the_option(
    trained_model: str, tmp_path: Path
) -> None:
    seed = next((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    quads = tmp_path / "graph.nq"
    result = runner.invoke(app, ["build", str(seed), "-o", str(quads)])
    assert result.exit_code == 0, result.output
    assert f"wrote {quads} (nq)" in result.output
    assert "> <https://w3id.org/kg/resource/graph/document/" in quads.read_text(encoding="utf-8")

    odd = tmp_path / "graph.data"
    result = runner.invoke(app, ["build", str(seed), "-o", str(odd), "--format", "jsonld"])
    assert result.exit_code == 0, result.output
    assert json.loads(odd.read_text(encoding="utf-8"))

    result = runner.invoke(app, ["build", str(seed), "-o", str(odd)])
    assert result.exit_code == 1
    assert "graph.data: cannot tell the format from the suffix '.data'" in result.stderr


@pytest.mark.parametrize(
    ("make_input", "message"),
    [
        (lambda d: d / "missing", "missing: no such file or folder"),
        (
            lambda d: (d / "empty").mkdir() or d / "empty",
            "nothing to build: ",
        ),
        (
            lambda d: (d / "bad.txt").write_bytes(b"caf\xc3\xa9 \xff bad") and d / "bad.txt",
            "bad.txt: not UTF-8 text (bad byte at offset 6)",
        ),
    ],
)
def test_bad_input_is_one_line_and_keeps_previous_output(
    tmp_path: Path, make_input: Callable[[Path], object], message: str
) -> None:
    output = tmp_path / "graph.ttl"
    output.write_text("previous graph", encoding="utf-8")
    result = runner.invoke(app, ["build", str(make_input(tmp_path)), "-o", str(output)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.output
    assert output.read_text(encoding="utf-8") == "previous graph"


def test_queries_lists_titles_and_parameters() -> None:
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == 0
    assert "Crew of each spacecraft" in result.output
    assert "--param name=VALUE  (required)" in result.output


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_formats(seeds_graph_path: Path, fmt: str) -> None:
    result = runner.invoke(
        app, ["query", "crew", "--graph", str(seeds_graph_path), "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    assert "Soyuz MS-18" in result.output
    if fmt == "json":
        assert json.loads(result.output)["head"]["vars"][0] == "flight"


def test_query_with_parameter_and_file(seeds_graph_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["query", "entity", "-g", str(seeds_graph_path), "--param", "name=anton shkaplerov"]
    )
    assert result.exit_code == 0
    assert "crewMemberOf" in result.output
    own = tmp_path / "count.rq"
    own.write_text("# title: Count\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = runner.invoke(app, ["query", str(own), "-g", str(seeds_graph_path), "-f", "csv"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "n"


def test_query_errors_are_one_line(seeds_graph_path: Path, tmp_path: Path) -> None:
    cases = [
        (["query", "nope", "-g", str(seeds_graph_path)], "unknown query 'nope'"),
        (["query", "crew", "-g", str(tmp_path / "none.ttl")], "no such graph file"),
        (["query", "crew", "-g", str(seeds_graph_path), "-p", "oops"], "bad --param 'oops'"),
        (["query", "crew", "-g", str(seeds_graph_path), "-f", "xml"], "unknown format 'xml'"),
    ]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 1, args
        assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_stats(seeds_graph_path: Path, seeds_build: BuildReport) -> None:
    result = runner.invoke(app, ["stats", str(seeds_graph_path)])
    assert result.exit_code == 0
    assert "documents: 5" in result.output
    data = json.loads(runner.invoke(app, ["stats", str(seeds_graph_path), "--json"]).output)
    assert data["documents"] == 5 and data["entities"]["Person"] > 0
    assert data["entities"] == seeds_build.entities_by_type, (
        "mentions and evidence are not entities"
    )


def test_eval(seeds_graph_path: Path) -> None:
    result = runner.invoke(app, ["eval", str(seeds_graph_path), "--gold", str(GOLD)])
    assert result.exit_code == 0
    assert result.output.startswith("entities  precision")
    data = json.loads(
        runner.invoke(app, ["eval", str(seeds_graph_path), "--gold", str(GOLD), "--json"]).output
    )
    assert 0.0 <= data["entities"]["f1"] <= 1.0


def test_python_dash_m_runs_the_same_cli() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "build" in result.stdout
