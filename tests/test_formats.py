"""Every format kg writes: chosen by suffix, parsed back by rdflib and pyoxigraph, the
same bytes for the same input, and written atomically."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import URIRef
from spacy.language import Language

from kg.builder import BuildReport, build_info, dataset_from_documents
from kg.errors import GraphError, InputError
from kg.graph.formats import FORMATS, format_for, serialize, write_atomic
from kg.graph.iris import document_graph
from kg.graph.rdf import read_dataset, read_graph
from kg.paths import SEEDS_DIR
from kg.text.documents import read_documents
from tests.parsing import oxigraph_graph


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("g.ttl", "turtle"),
        ("g.trig", "trig"),
        ("g.nt", "nt"),
        ("g.NQ", "nq"),
        ("g.jsonld", "jsonld"),
    ],
)
def test_format_comes_from_the_suffix(name: str, expected: str) -> None:
    assert format_for(Path(name)) == expected


def test_format_asked_for_wins_and_unknown_ones_are_refused() -> None:
    assert format_for(Path("graph.txt"), "nq") == "nq"
    with pytest.raises(GraphError, match=r"graph\.txt: cannot tell the format .* use --format"):
        format_for(Path("graph.txt"))
    with pytest.raises(GraphError, match="unknown format 'xml'; choose one of turtle, trig"):
        format_for(Path("graph.ttl"), "xml")


@pytest.fixture(scope="module")
def written(seeds_build: BuildReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("formats")
    for fmt, suffix in FORMATS.items():
        (folder / f"graph{suffix}").write_bytes(serialize(seeds_build.dataset, fmt))
    return folder


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_round_trips_in_rdflib_and_pyoxigraph(
    fmt: str, written: Path, seeds_build: BuildReport
) -> None:
    path = written / f"graph{FORMATS[fmt]}"
    built = set(seeds_build.graph)
    assert set(read_graph(path)) == built, "rdflib reads back the built graph"
    from_oxigraph, names = oxigraph_graph(path, fmt)
    assert set(from_oxigraph) == built, "pyoxigraph reads back the built graph"
    if fmt in {"trig", "nq"}:
        documents = {str(document_graph(d.id)) for d in read_documents([SEEDS_DIR])}
        assert names == documents, "one named graph per document"


def test_dataset_formats_keep_each_documents_triples_apart(written: Path) -> None:
    dataset = read_dataset(written / "graph.trig")
    document = dataset.graph(document_graph("003_edd1603faf14b1a0"))
    files = {
        str(o) for o in document.objects(None, URIRef("https://w3id.org/kg/ontology#fileName"))
    }
    assert files == {"003_edd1603faf14b1a0.txt"}
    quoted = {
        str(o)
        for o in document.objects(
            None, URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")
        )
    }
    assert "Yulia Peressild" in quoted
    assert "Julia Peresild" not in quoted, "another document's mention"


def test_the_same_input_gives_the_same_bytes_in_every_format(
    nlp: Language, seeds_build: BuildReport
) -> None:
    documents = read_documents([SEEDS_DIR])
    first, _ = dataset_from_documents(documents, nlp, reproducible=True)
    second, _ = dataset_from_documents(documents, nlp, reproducible=True)
    for fmt in FORMATS:
        assert serialize(first, fmt) == serialize(second, fmt), fmt


def test_two_builds_are_byte_identical(trained_model: str, tmp_path: Path) -> None:
    """Two separate `kg build --reproducible` runs, with different hash seeds so that no
    set or dict order can leak into the file."""
    outputs = []
    for seed in ("1", "2"):
        output = tmp_path / f"graph-{seed}.trig"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run(
            [sys.executable, "-m", "kg", "build", "-o", str(output), "--reproducible"],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]
    assert b'"1970-01-01T00:00:00+00:00"^^xsd:dateTime' in outputs[0]


def test_source_date_epoch_pins_the_build_times(
    blank_nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = dt.datetime.now(dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    info = build_info(blank_nlp, now, now)
    pinned = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    assert info.started == info.ended == pinned
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_info(blank_nlp, now, now).started == now
    assert build_info(blank_nlp, now, now, reproducible=True).started.year == 1970


def test_bad_source_date_epoch_is_named(
    blank_nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    now = dt.datetime.now(dt.UTC)
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH='yesterday': not a whole number"):
        build_info(blank_nlp, now, now)


def test_failed_write_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("previous", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.graph.formats.os.fsync", disk_full)
    with pytest.raises(GraphError, match=r"graph\.ttl: cannot write \(No space left on device\)"):
        write_atomic(target, b"new")
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_written_file_is_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    write_atomic(target, b"")
    assert target.stat().st_mode & 0o044


def test_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(GraphError, match="cannot write"):
        write_atomic(blocker / "graph.ttl", b"data")
