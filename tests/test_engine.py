"""Parallel, cached and distributed builds give the plain build's output, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

import kg.runner
from kg import builder
from kg.builder import BuildOptions, build
from kg.cache import ExtractionCache, pipeline_fingerprint
from kg.cli import app
from kg.graph.validate import validate_file
from kg.paths import SEEDS_DIR
from kg.runner import EngineError, extract_all
from kg.text.documents import read_documents

runner = CliRunner()
NQ = pyoxigraph.RdfFormat.N_QUADS


@pytest.fixture(scope="module")
def plain(trained_model: str, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The seeds built in this process, one job, no cache."""
    output = tmp_path_factory.mktemp("plain") / "graph.ttl"
    build([SEEDS_DIR], output, BuildOptions(reproducible=True, cache=False))
    return output.read_bytes()


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS_DIR, folder)
    return folder


def test_two_processes_give_the_same_output(tmp_path: Path, plain: bytes) -> None:
    output = tmp_path / "graph.ttl"
    report = build([SEEDS_DIR], output, BuildOptions(reproducible=True, cache=False, jobs=2))
    assert report.documents == 5
    assert output.read_bytes() == plain


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning")
def test_a_dask_local_cluster_gives_the_same_output(tmp_path: Path, plain: bytes) -> None:
    output = tmp_path / "graph.ttl"
    build([SEEDS_DIR], output, BuildOptions(reproducible=True, cache=False, engine="dask", jobs=2))
    assert output.read_bytes() == plain


def test_an_unreachable_scheduler_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kg.runner, "SCHEDULER_TIMEOUT", 0.5)  # the wait is not what is tested
    result = runner.invoke(
        app,
        [
            *("build", "-o", str(tmp_path / "g.ttl"), "--no-cache"),
            *("--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"),
        ],
    )
    assert result.exit_code == 1
    assert "kg: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert not (tmp_path / "g.ttl").exists()


def test_unknown_engine_and_bad_jobs_are_refused() -> None:
    with pytest.raises(EngineError, match="unknown engine 'spark'; choose one of local, dask"):
        extract_all([], engine="spark")
    result = runner.invoke(app, ["build", "--jobs", "0"])
    assert result.exit_code == 2


def test_the_cache_gives_the_same_output_and_parses_only_what_changed(
    tmp_path: Path, articles: Path, plain: bytes, own_cache: Path
) -> None:
    output = tmp_path / "graph.ttl"
    first = build([articles], output, BuildOptions(reproducible=True))
    assert first.cached == 0 and not first.up_to_date
    cold = output.read_bytes()
    assert cold == plain

    again = build([articles], tmp_path / "again.ttl", BuildOptions(reproducible=True))
    assert again.cached == 5
    assert (tmp_path / "again.ttl").read_bytes() == cold

    changed = sorted(articles.glob("*.txt"))[0]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nNASA astronaut Kate Rubins waved.\n",
        encoding="utf-8",
    )
    removed = sorted(articles.glob("*.txt"))[-1]
    removed.unlink()
    rebuilt = build([articles], output, BuildOptions(reproducible=True))
    assert rebuilt.cached == 3 and rebuilt.documents == 4
    fresh = tmp_path / "fresh.ttl"
    build([articles], fresh, BuildOptions(reproducible=True, cache=False))
    assert output.read_bytes() == fresh.read_bytes()
    assert b"Kate Rubins" in fresh.read_bytes()
    assert removed.name.encode() not in fresh.read_bytes()


def test_a_rebuild_with_nothing_new_leaves_the_output_alone(
    trained_model: str, tmp_path: Path, articles: Path, own_cache: Path
) -> None:
    output = tmp_path / "graph.ttl"
    build([articles], output, BuildOptions(reproducible=True))
    written = output.stat().st_mtime_ns
    again = build([articles], output, BuildOptions(reproducible=True))
    assert again.up_to_date and output.stat().st_mtime_ns == written
    # other options, or a file that is not what the build wrote, mean a real build
    assert not build([articles], output, BuildOptions(reproducible=True, validate=False)).up_to_date
    output.write_text("edited by hand", encoding="utf-8")
    assert not build([articles], output, BuildOptions(reproducible=True)).up_to_date
    assert output.read_text(encoding="utf-8") != "edited by hand"


def test_a_damaged_cache_entry_is_only_a_miss(
    trained_model: str, tmp_path: Path, own_cache: Path
) -> None:
    documents = read_documents([SEEDS_DIR])[:2]
    cache = ExtractionCache(own_cache, pipeline_fingerprint())
    made = extract_all(documents, cache=cache)
    for entry in (own_cache / "extractions").rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    again = ExtractionCache(own_cache, pipeline_fingerprint())
    assert extract_all(documents, cache=again) == made
    assert again.hits == 0 and again.misses == 2


def test_cache_clear_and_no_cache(
    trained_model: str, tmp_path: Path, articles: Path, own_cache: Path
) -> None:
    output = tmp_path / "graph.ttl"
    build([articles], output)
    assert any((own_cache / "extractions").rglob("*.pickle"))
    result = runner.invoke(app, ["cache", "clear"])
    assert result.exit_code == 0
    assert result.output.startswith("removed ") and str(own_cache) in result.output
    assert not any(own_cache.rglob("*.pickle"))
    result = runner.invoke(app, ["build", str(articles), "-o", str(output), "--no-cache", "-q"])
    assert result.exit_code == 0 and result.output == ""
    assert not any(own_cache.rglob("*.pickle"))


def test_progress_is_told_every_document(trained_model: str, own_cache: Path) -> None:
    documents = read_documents([SEEDS_DIR])
    told: list[int] = []
    extract_all(documents, progress=told.append)
    assert sum(told) == len(documents)
    cache = ExtractionCache(own_cache, pipeline_fingerprint())
    extract_all(documents, cache=cache)
    told.clear()
    extract_all(documents, cache=cache, progress=told.append)
    assert told == [len(documents)]


def test_a_large_build_checks_the_focus_graph_and_streams_the_whole_graph(
    trained_model: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past WHOLE_VALIDATION_STATEMENTS the build checks the focus graph (it grows with the
    entities, not the text) and streams N-Quads; the whole graph it writes still conforms,
    and holds every document's graph."""
    monkeypatch.setattr(builder, "WHOLE_VALIDATION_STATEMENTS", 2_000)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paragraphs = [
        p.strip()
        for path in sorted(SEEDS_DIR.glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if len(p.split()) >= 25
    ]
    count = 30
    assert len(paragraphs) >= count
    for n, paragraph in enumerate(paragraphs[:count]):
        (corpus / f"p{n:03d}.txt").write_text(paragraph + "\n", encoding="utf-8")
    output = tmp_path / "graph.nq"
    report = build([corpus], output, BuildOptions(reproducible=True, cache=False))
    assert report.validated == "focus graph"
    assert report.validation is not None and report.validation.conforms
    assert report.validation.triples < report.triples / 2, "the focus graph is a small part"
    whole = validate_file(output)
    assert whole.conforms, whole.lines(5)
    assert whole.triples == report.triples
    graphs = {str(q.graph_name) for q in pyoxigraph.parse(output.read_bytes(), format=NQ)}
    assert len([g for g in graphs if "/graph/document/" in g]) == count


def test_validation_scope_follows_the_statement_count_not_the_document_count(
    trained_model: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One long document makes a large graph: it is checked on its focus graph; the seeds
    (five documents, a small graph) are checked whole."""
    monkeypatch.setattr(builder, "WHOLE_VALIDATION_STATEMENTS", 1_000)
    long = tmp_path / "long.txt"
    long.write_text(
        "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))),
        encoding="utf-8",
    )
    report = build([long], tmp_path / "long.ttl", BuildOptions(cache=False))
    assert report.documents == 1 and report.triples > 1_000
    assert report.validated == "focus graph"
    monkeypatch.setattr(builder, "WHOLE_VALIDATION_STATEMENTS", 20_000)
    report = build([SEEDS_DIR], tmp_path / "seeds.ttl", BuildOptions(cache=False))
    assert report.validated == "whole graph"
