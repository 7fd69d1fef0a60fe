"""The fifteen ways untrusted input, a failing disk, a hostile query or a mistyped command
can go wrong, each run as a user meets it: through ``kg.cli.main`` (the installed ``kg``
command) or a process of its own, with the real model and real files.

Library-level details of the same cases live beside the code they test
(test_documents.py, test_clean.py, test_formats.py, test_queries.py, test_store.py).
"""

from __future__ import annotations

import gzip
import hashlib
import multiprocessing
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS
from spacy.language import Language

import kg.extract.document as stage
from kg.builder import dataset_from_documents
from kg.cli import EXIT_STATUSES, main
from kg.errors import KgError
from kg.extract.document import extract_documents
from kg.graph.formats import FORMATS, serialize, write_atomic
from kg.graph.validate import validate_graph
from kg.records import Document
from kg.text.clean import clean
from kg.vocab import KG, NIF
from tests.conftest import Run, small_dataset
from tests.parsing import read_by_both
from tests.test_documents import PAGE, PNG
from tests.writers import write_forever

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = (
    "NASA astronaut Frank Rubio and Russian cosmonaut Sergey Prokopyev flew to the "
    "International Space Station aboard the Soyuz MS-22 spacecraft on 21 September 2022.\n\n"
    "The spacecraft launched from the Baikonur Cosmodrome in Kazakhstan.\n"
)
HOSTILE = 'Alice" . ?s ?p ?o } #'


def _kg_process(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def _strings(path: Path) -> list[tuple[str, int, int, str, str | None]]:
    """(file name, begin, end, anchor, the document's own text if it carries one) for every
    NIF string in the graph file."""
    graph = Graph().parse(path, format="turtle")
    rows = graph.query(
        """
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        PREFIX kg: <https://w3id.org/kg/ontology#>
        SELECT ?name ?begin ?end ?anchor ?text WHERE {
          ?s nif:referenceContext ?doc ; nif:beginIndex ?begin ; nif:endIndex ?end ;
             nif:anchorOf ?anchor .
          ?doc kg:fileName ?name .
          OPTIONAL { ?doc nif:isString ?text }
        }"""
    )
    return [
        (str(r[0]), int(r[1]), int(r[2]), str(r[3]), None if r[4] is None else str(r[4]))
        for r in rows  # type: ignore[union-attr, index]
    ]


def _labels(path: Path) -> set[str]:
    graph = Graph().parse(path, format="turtle")
    query = "SELECT ?l WHERE { ?e <https://w3id.org/kg/ontology#mention> ?m ; rdfs:label ?l }"
    return {str(row[0]) for row in graph.query(query)}  # type: ignore[index]


def _one_line(run: Run | subprocess.CompletedProcess[str]) -> str:
    stderr = run.stderr
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr
    return stderr


# ------------------------------------------------------------------------------- input


def test_case_01_empty_inputs_are_skipped_or_a_clear_error(
    tmp_path: Path, kg: Callable[..., Run], model: list[str | None]
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "empty.txt").write_bytes(b"")
    (articles / "blank.txt").write_text(" \n\t \r\n", encoding="utf-8")
    hollow = tmp_path / "hollow"
    hollow.mkdir()
    (hollow / "notes.md").write_text("# not an article", encoding="utf-8")
    output = tmp_path / "graph.ttl"
    output.write_text("previous", encoding="utf-8")

    nothing = kg("build", articles, hollow, "-o", output)
    assert nothing.status == 1
    line = _one_line(nothing)
    assert line.startswith("kg: error: nothing to build: ")
    for reason in (
        f"{articles / 'empty.txt'}: empty file",
        f"{articles / 'blank.txt'}: only white space",
        f"{hollow}: folder has no .txt/.html/.htm files",
    ):
        assert reason in line
    assert output.read_text(encoding="utf-8") == "previous"
    assert model == []  # refused before the model was loaded

    (articles / "flight.txt").write_text(ARTICLE, encoding="utf-8")
    built = kg("build", articles, hollow, "-o", output)
    assert built.status == 0, built.stderr
    warnings = built.stderr.splitlines()
    assert f"kg: warning: {articles / 'empty.txt'}: empty file; skipped" in warnings
    assert f"kg: warning: {articles / 'blank.txt'}: only white space; skipped" in warnings
    assert f"kg: warning: {hollow}: folder has no .txt/.html/.htm files; skipped" in warnings
    assert "Frank Rubio" in _labels(output)


def test_case_02_encodings_boms_and_undecodable_files(
    tmp_path: Path, kg: Callable[..., Run], model: list[str | None]
) -> None:
    texts = {
        "latin1.txt": ("cp1252", "Ms. Zoë Müller of the European Space Agency met the crew."),
        "utf16.txt": ("utf-16", "Astronaut Thomas Pesquet trained in Köln before the flight."),
        "utf8bom.txt": ("utf-8-sig", "Café crews at Baikonur Cosmodrome cheered the launch."),
    }
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, (encoding, text) in texts.items():
        (articles / name).write_bytes(text.encode(encoding))
    assert (articles / "utf16.txt").read_bytes()[:2] in {b"\xff\xfe", b"\xfe\xff"}
    assert (articles / "utf8bom.txt").read_bytes()[:3] == b"\xef\xbb\xbf"
    broken = articles / "broken.txt"
    broken.write_bytes("Crew of Soyuz — ".encode() + b"\xff\xfe bad bytes")
    bad_at = len("Crew of Soyuz — ".encode())
    output = tmp_path / "graph.ttl"

    built = kg("build", articles, "-o", output)
    assert built.status == 0, built.stderr
    assert f"kg: warning: {broken}: not UTF-8 text (bad byte at offset {bad_at}); skipped" in (
        built.stderr.splitlines()
    )
    assert f"kg: warning: {articles / 'latin1.txt'}: read as windows-1252" in built.stderr
    strings = _strings(output)
    assert {name for name, *_ in strings} == set(texts)  # the broken file is not in the graph
    for name, begin, end, anchor, _ in strings:
        # offsets count characters of the decoded text, after the byte-order mark
        assert texts[name][1][begin:end] == anchor, (name, begin, end, anchor)
    anchors = " ".join(anchor for _, _, _, anchor, _ in strings)
    assert "Zoë Müller" in anchors and "Köln" in anchors and "Café" in anchors
    assert "\ufeff" not in anchors and "Ã" not in anchors

    output.write_text("previous", encoding="utf-8")
    strict = kg("build", articles, "-o", output, "--strict")
    assert strict.status == 1
    assert _one_line(strict) == (
        f"kg: error: {broken}: not UTF-8 text (bad byte at offset {bad_at}); "
        "--strict stops at any unusable input\n"
    )
    assert output.read_text(encoding="utf-8") == "previous"


def test_case_02_never_bytes_to_spacy(tmp_path: Path, nlp: Language) -> None:
    """Whatever the file holds, the pipeline is given str."""
    seen: list[type] = []
    original = nlp.pipe

    def spy(texts, *args, **kwargs):  # type: ignore[no-untyped-def]
        def record(items):  # type: ignore[no-untyped-def]
            for item in items:
                seen.append(type(item[0]))  # (text, context): what kg hands over
                yield item

        if kwargs.get("as_tuples"):  # kg's call, not spaCy's own inner one
            texts = record(texts)
        return original(texts, *args, **kwargs)

    documents = [
        Document("a", "a.txt", "Café".encode("cp1252").decode("cp1252"), "0" * 64),
        Document("b", "b.txt", ARTICLE, "1" * 64),
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nlp, "pipe", spy)
        list(extract_documents(documents, nlp))
    assert seen == [str, str]


def test_case_03_binary_files_are_skipped_with_a_warning(
    tmp_path: Path, kg: Callable[..., Run], model: list[str | None]
) -> None:
    good = tmp_path / "flight.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    image = tmp_path / "photo.png"
    image.write_bytes(PNG)
    archive = tmp_path / "archive.txt.gz"
    archive.write_bytes(gzip.compress(ARTICLE.encode() * 20))
    disguised = tmp_path / "disguised.txt"
    disguised.write_bytes(os.urandom(4096))
    output = tmp_path / "graph.ttl"

    built = kg("build", good, image, archive, disguised, "-o", output)
    assert built.status == 0, built.stderr
    warnings = built.stderr.splitlines()
    assert f"kg: warning: {image}: binary file (a PNG image), not text; skipped" in warnings
    assert f"kg: warning: {archive}: binary file (gzip data), not text; skipped" in warnings
    assert any(w.startswith(f"kg: warning: {disguised}: binary file") for w in warnings)
    assert {name for name, *_ in _strings(output)} == {"flight.txt"}


def test_case_04_an_article_above_max_length_is_parsed_in_chunks(
    blank_nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small max_length stands in for spaCy's million characters (the same code path at
    a size the suite can afford): every mention is found, at its own offset."""
    monkeypatch.setattr(blank_nlp, "max_length", 20_000)
    paragraph = (
        "Day {n}: the crew of the International Space Station tested a new experiment. "
        "Mission control in Houston confirmed the results.\n\n"
    )
    text = "".join(paragraph.format(n=n) for n in range(1500))
    assert len(text) > 7 * blank_nlp.max_length
    document = Document("long", "long.txt", text, hashlib.sha256(text.encode()).hexdigest())

    (extraction,) = extract_documents([document], blank_nlp)

    station = [m for m in extraction.mentions if m.text == "International Space Station"]
    assert len(station) == text.count("International Space Station") == 1500
    assert station[-1].start == text.rindex("International Space Station")  # nothing cut off
    for mention in extraction.mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.sentence[0] <= mention.start < mention.end <= mention.sentence[1]


def test_case_04_five_megabytes_are_cut_into_pieces_that_cover_every_character() -> None:
    """At the issue's size: 5 MB of text in pieces under the model's limit, in order,
    with nothing lost or repeated (the parse itself is measured in benchmarks/)."""
    chunks = stage.text_chunks
    line = "The station crew worked on experiment number {n} today without a pause "
    text = "".join(line.format(n=n) for n in range(70_000))  # one paragraph, no line breaks
    assert len(text) > 5_000_000
    pieces = list(chunks(clean(text), 1_000_000))
    assert len(pieces) > 5
    assert all(len(piece.text) <= 1_000_000 for piece, _ in pieces)
    assert "".join(piece.text for piece, _ in pieces) == text
    assert [last for _, last in pieces] == [False] * (len(pieces) - 1) + [True]
    assert pieces[-1][0].to_original(0) == len(text) - len(pieces[-1][0].text)


def test_case_05_html_gives_the_article_without_boilerplate(
    tmp_path: Path, kg: Callable[..., Run], model: list[str | None]
) -> None:
    page = tmp_path / "station.html"
    page.write_bytes(PAGE)
    output = tmp_path / "graph.ttl"

    built = kg("build", page, "-o", output)
    assert built.status == 0, built.stderr
    labels = _labels(output)
    assert {"Ivan Petrov", "Jane Doe", "Baikonur Cosmodrome"} <= labels
    assert not {label for label in labels if "Space News" in label or "Facebook" in label}
    strings = _strings(output)
    assert strings
    for _, begin, end, anchor, extracted in strings:
        assert extracted is not None and extracted[begin:end] == anchor
        assert "Share on" not in extracted and "Copyright" not in extracted
    graph = Graph().parse(output, format="turtle")
    title = "SELECT ?t WHERE { ?d <http://purl.org/dc/terms/title> ?t }"
    assert [str(r[0]) for r in graph.query(title)] == [  # type: ignore[index]
        "Crew flies to the station"  # the page's own title, without the site's name
    ]


def test_case_06_invisible_and_control_characters_are_normalized_with_offsets_kept(
    nlp: Language, tmp_path: Path
) -> None:
    text = (
        "NASA astronaut Frank\u200b Rubio and cosmonaut Sergey\x00 Prokopyev flew to the "
        "International\u00a0Space Station aboard \u202eSoyuz MS-22\u202c with Jose\u0301 "
        "Herna\u0301ndez.\ud800\x07 The crew docked\ufeff on 21 September 2022.\x1b\n"
    )
    document = Document("odd", "odd.txt", text, "0" * 64)

    (extraction,) = extract_documents([document], nlp)
    found = {m.text for m in extraction.mentions}
    assert {"Frank Rubio", "Sergey Prokopyev", "Soyuz MS-22", "José Hernández"} <= found
    for mention in extraction.mentions:
        # the offsets are the original text's: its slice, cleaned, is what was found
        assert clean(text[mention.start : mention.end]).text == mention.text, mention

    dataset, report = dataset_from_documents([document], nlp, reproducible=True)
    labels = {str(label) for label in report.graph.objects(None, RDFS.label)}
    assert {"Frank Rubio", "Sergey Prokopyev", "José Hernández"} <= labels  # NFC, no ZWSP
    assert not [
        label for label in labels if re.search("[\x00-\x1f\u200b-\u200f\u202a-\u202e]", label)
    ]
    assert validate_graph(report.graph).conforms
    for fmt in ("turtle", "nq"):
        path = tmp_path / f"odd{FORMATS[fmt]}"
        path.write_bytes(serialize(dataset, fmt))
        anchors = {str(a) for a in read_by_both(path, fmt).objects(None, NIF.anchorOf)}
        assert "Frank\u200b Rubio" in anchors  # an anchor is the original text, as it stands
        assert not [a for a in anchors if "\ud800" in a]  # a lone surrogate became U+FFFD


def test_case_07_odd_labels_give_valid_iris_and_literals(tmp_path: Path) -> None:
    labels = (
        'The "Quoted" Crew',
        "Angle <brackets> & {braces}",
        "Back\\slash \\u0041 \\n",
        "Two\nlines\r\nand\ttab",
        "Emoji \U0001f680\U0001f9d1\u200d\U0001f680 crew",
        "Long " + "x" * 10_000,
        "' ; . } # ?s",
    )
    dataset = small_dataset(*labels)
    for fmt, suffix in FORMATS.items():
        path = tmp_path / f"graph{suffix}"
        path.write_bytes(serialize(dataset, fmt))
        graph = read_by_both(path, fmt)
        assert set(labels) <= {str(label) for label in graph.objects(None, RDFS.label)}, fmt
        entities = set(graph.subjects(RDFS.label, None))
        assert all(str(iri).isascii() and " " not in str(iri) for iri in entities)


# ------------------------------------------------------------------------ output and state


def test_case_08_a_full_disk_keeps_the_previous_graph(
    tmp_path: Path, kg: Callable[..., Run], model: list[str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "flight.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    output = tmp_path / "graph.ttl"
    output.write_text("previous graph", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.graph.formats.os.fsync", disk_full)
    failed = kg("build", source, "-o", output)
    assert failed.status == 1
    assert _one_line(failed) == f"kg: error: {output}: cannot write (No space left on device)\n"
    assert output.read_text(encoding="utf-8") == "previous graph"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flight.txt", "graph.ttl"]


def test_case_08_a_crash_while_writing_keeps_the_previous_graph(tmp_path: Path) -> None:
    """A process killed after writing half the new graph: the old one is still whole."""
    output = tmp_path / "graph.ttl"
    output.write_text("previous graph", encoding="utf-8")
    crash = f"""
import os
from pathlib import Path
import kg.graph.formats as formats

class Dying:
    def __init__(self, handle): self.handle = handle
    def write(self, data):
        self.handle.write(data[: len(data) // 2]); self.handle.flush()
        os._exit(9)  # killed: no cleanup, no exception handler
    def __getattr__(self, name): return getattr(self.handle, name)
    def __enter__(self): return self
    def __exit__(self, *exc): return self.handle.__exit__(*exc)

real_fdopen = os.fdopen
formats.os.fdopen = lambda *a, **k: Dying(real_fdopen(*a, **k))
formats.write_atomic(Path({str(output)!r}), b"new graph " * 100_000)
"""
    result = subprocess.run([sys.executable, "-c", crash], capture_output=True, timeout=60)
    assert result.returncode == 9, result.stderr
    assert output.read_text(encoding="utf-8") == "previous graph"


def test_case_09_an_output_that_cannot_be_written_stops_before_any_work(
    tmp_path: Path, kg: Callable[..., Run], model: list[str | None]
) -> None:
    source = tmp_path / "flight.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    cases = [
        (folder, f"kg: error: {folder}: is a folder; give a file name such as "),
        (blocker / "graph.ttl", f"kg: error: {blocker / 'graph.ttl'}: cannot write here "),
    ]
    for output, message in cases:
        refused = kg("build", source, "-o", output)
        assert refused.status == 1
        assert _one_line(refused).startswith(message), refused.stderr
    assert model == []  # the model was never loaded: no work was done


def test_case_09_a_read_only_folder_is_refused(trained_model: str, tmp_path: Path) -> None:
    """A folder the user cannot write to (checked by a real attempt, so it holds for root
    and for read-only mounts too)."""
    if os.geteuid() == 0:
        # root writes anywhere; a read-only bind is what stops it, and needs privileges
        locked = Path("/proc/kg-cannot-write-here")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
    source = tmp_path / "flight.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    refused = _kg_process("build", source, "-o", locked / "graph.ttl")
    assert refused.returncode == 1
    assert "cannot write here" in _one_line(refused)


def test_case_10_two_writers_at_once_one_wins_whole(tmp_path: Path) -> None:
    """Two builds writing one file: a reader only ever sees one graph or the other, whole."""
    output = tmp_path / "graph.nt"
    first = b"".join(b"<http://x/a%d> <http://x/p> <http://x/o> .\n" % n for n in range(40_000))
    second = b"".join(b"<http://x/b%d> <http://x/p> <http://x/o> .\n" % n for n in range(40_000))
    write_atomic(output, first)
    context = multiprocessing.get_context("spawn")
    writers = [
        context.Process(target=write_forever, args=(str(output), payload, 30))
        for payload in (first, second)
    ]
    for writer in writers:
        writer.start()
    seen = set()
    while any(w.is_alive() for w in writers):
        data = output.read_bytes()
        assert data in (first, second)
        seen.add(data[:20])
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert output.read_bytes() in (first, second)
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]  # no temporary file left
    assert seen  # the reader did look while they wrote


def test_case_10_two_kg_builds_at_once(trained_model: str, tmp_path: Path) -> None:
    """The real thing: two ``kg build`` processes on different articles, one output: it
    holds one build's graph, whole."""
    output = tmp_path / "graph.ttl"
    sources = []
    for name, text in (("a.txt", ARTICLE), ("b.txt", OTHER_ARTICLE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        sources.append(tmp_path / name)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "kg", "build", str(source), "-o", str(output)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        for source in sources
    ]
    for process in processes:
        assert process.wait(timeout=300) == 0
    graph = read_by_both(output, "turtle")
    assert {str(name) for name in graph.objects(None, KG.fileName)} in ({"a.txt"}, {"b.txt"})
    assert validate_graph(graph).conforms
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "graph.ttl"]


OTHER_ARTICLE = "Cosmonaut Oleg Artemyev docked with the station aboard Soyuz MS-21.\n"


# ------------------------------------------------------------------------------- queries


@pytest.fixture
def seeds_store(tmp_path: Path, seeds_graph_path: Path, kg: Callable[..., Run]) -> Path:
    store = tmp_path / "store"
    assert kg("load", seeds_graph_path, "--store", store).status == 0
    return store


def test_case_11_a_hostile_parameter_is_bound_as_a_literal(
    seeds_graph_path: Path, seeds_store: Path, kg: Callable[..., Run]
) -> None:
    for target in (["--graph", seeds_graph_path], ["--store", seeds_store]):
        honest = kg("query", "entity", *target, "-p", "name=Anton Shkaplerov", "-f", "csv")
        assert honest.status == 0 and len(honest.stdout.splitlines()) > 1
        hostile = kg("query", "entity", *target, "-p", f"name={HOSTILE}", "-f", "csv")
        assert hostile.status == 0, hostile.stderr
        assert hostile.stdout.splitlines()[1:] == []  # the header, and no rows
        for name in ("crew", "evidence"):
            param = "craft" if name == "crew" else "subject"
            run = kg("query", name, *target, "-p", f"{param}={HOSTILE}", "-f", "csv")
            assert run.status == 0 and run.stdout.splitlines()[1:] == [], (name, run)


def test_case_12_query_mistakes_list_what_is_available(
    seeds_graph_path: Path, tmp_path: Path, kg: Callable[..., Run]
) -> None:
    broken = tmp_path / "broken.rq"
    broken.write_text("# title: Broken\nSELECT * WHERE { ?s ?p", encoding="utf-8")
    untitled = tmp_path / "untitled.rq"
    untitled.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    cases = [
        (["query", "nope"], r"unknown query 'nope'; available: .*crew.*entity"),
        (
            ["query", "crew", "-p", "colour=red"],
            r"has no parameter 'colour'; its parameters: craft",
        ),
        (["query", "entity"], r"needs --param name=VALUE"),
        (["query", broken], r"broken\.rq: not a SPARQL query"),
        (["query", untitled], r"untitled\.rq: .*no '# title:' header"),
    ]
    for args, message in cases:
        run = kg(*args, "--graph", seeds_graph_path)
        assert run.status == 1, args
        assert re.search(message, _one_line(run)), run.stderr


def test_case_13_updates_service_and_local_files_are_refused(
    seeds_graph_path: Path, seeds_store: Path, tmp_path: Path, kg: Callable[..., Run]
) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<http://x/secret> <http://x/p> 'leaked' .\n", encoding="utf-8")
    queries = {
        "update.rq": ("DELETE WHERE { ?s ?p ?o }", "is an update"),
        "service.rq": (
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            "calls a remote SERVICE; pass --allow-service to let it",
        ),
        "from.rq": (f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}", "FROM"),
    }
    before = seeds_graph_path.read_bytes()
    for name, (body, message) in queries.items():
        path = tmp_path / name
        path.write_text(f"# title: {name}\n{body}\n", encoding="utf-8")
        for target in (["--graph", seeds_graph_path], ["--store", seeds_store]):
            run = kg("query", path, *target)
            assert "leaked" not in run.stdout
            if name != "from.rq" or run.status != 0:
                assert run.status == 1, (name, target, run)
                assert message in _one_line(run), run.stderr
    assert seeds_graph_path.read_bytes() == before
    count = kg("query", "entities", "--store", seeds_store, "-f", "csv")
    assert count.status == 0 and len(count.stdout.splitlines()) > 20  # nothing was deleted


@pytest.mark.parametrize("engine", ["graph", "store"])
def test_case_14_a_runaway_query_stops_at_the_timeout(
    tmp_path: Path, engine: str, kg: Callable[..., Run]
) -> None:
    graph = tmp_path / "g.nt"
    graph.write_text(
        "".join(f'<http://x/{i}> <http://x/p> "{i}" .\n' for i in range(400)), encoding="utf-8"
    )
    target: list[str | Path] = ["--graph", graph]
    if engine == "store":
        assert kg("load", graph, "--store", tmp_path / "store").status == 0
        target = ["--store", tmp_path / "store"]
    query = tmp_path / "runaway.rq"
    query.write_text(
        "# title: Runaway\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z . ?d ?p ?w }\n",
        encoding="utf-8",
    )
    # a process of its own: the abandoned query dies with it, as it does for a user
    result = _kg_process("query", query, *target, "--timeout", "0.3", timeout=60)
    assert result.returncode == 3 and EXIT_STATUSES[3].startswith("a query or a request ran out")
    assert _one_line(result) == "kg: timeout: the query did not finish within 0.3 s (--timeout)\n"


# ----------------------------------------------------------------------------------- CLI


def test_case_15_every_error_is_one_line_and_a_documented_status(
    tmp_path: Path, kg: Callable[..., Run], model: list[str | None]
) -> None:
    missing = tmp_path / "missing.ttl"
    bad_graph = tmp_path / "bad.ttl"
    bad_graph.write_text("<http://x/a> <http://x/b> .\n", encoding="utf-8")
    cases: list[tuple[list[str | Path], int, str]] = [
        (["build", tmp_path / "nowhere"], 1, "kg: error: "),
        (["build", "--format", "xml"], 1, "kg: error: "),
        (["build", "--no-such-option"], 2, "kg: usage error: No such option: --no-such-option"),
        (["frobnicate"], 2, "kg: usage error: No such command 'frobnicate'."),
        (["query", "crew", "--graph", missing], 1, "kg: error: "),
        (["query", "crew", "--graph", bad_graph], 1, "kg: error: "),
        (["query", "crew", "--timeout", "soon"], 2, "kg: usage error: "),
        (["stats", missing], 1, "kg: error: "),
        (["validate", missing], 2, "kg: error: "),
        (["eval", bad_graph, "--gold", missing], 1, "kg: error: "),
        (["load", missing, "--store", tmp_path / "store"], 1, "kg: error: "),
        (["viz", missing, "-o", tmp_path / "x.html"], 1, "kg: error: "),
    ]
    for args, status, start in cases:
        run = kg(*args)
        assert run.status == status, (args, run)
        assert status in EXIT_STATUSES
        assert _one_line(run).startswith(start), (args, run.stderr)


def test_case_15_internal_errors_are_one_line_and_debug_shows_the_traceback(
    tmp_path: Path, kg: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("kg.cli.graph_stats", bug)
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://x/a> <http://x/b> 'c' .\n", encoding="utf-8")

    quiet = kg("stats", graph)
    assert quiet.status == 70
    assert _one_line(quiet) == (
        "kg: internal error: ZeroDivisionError: division by zero "
        "(a bug in kg; rerun with --debug for the traceback)\n"
    )
    with pytest.raises(ZeroDivisionError):
        main(["--debug", "stats", str(graph)])  # the traceback is Python's own


def test_case_15_debug_shows_the_traceback_of_an_ordinary_error(
    tmp_path: Path, kg: Callable[..., Run]
) -> None:
    missing = tmp_path / "missing.ttl"
    quiet = kg("stats", missing)
    assert quiet.status == 1 and _one_line(quiet).startswith(f"kg: error: {missing}")
    with pytest.raises(KgError, match=r"missing\.ttl"):  # Python prints its traceback
        main(["--debug", "stats", str(missing)])
    with pytest.raises(KgError), pytest.MonkeyPatch.context() as patch:
        patch.setenv("KG_DEBUG", "1")
        main(["stats", str(missing)])
    assert kg("stats", missing).status == 1  # and debugging ends with the command


def test_case_15_the_readme_lists_every_exit_status() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit statuses", 1)[1].split("\n## ", 1)[0]
    listed = {int(n) for n in re.findall(r"^\| *`?(\d+)`? *\|", section, flags=re.M)}
    assert listed == set(EXIT_STATUSES)
    for status, meaning in EXIT_STATUSES.items():
        assert meaning.split(" (")[0].split(";")[0] in section, status
