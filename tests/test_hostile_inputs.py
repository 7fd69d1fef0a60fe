"""More hostile inputs (issue 16), each run as a user meets it: ``kg build`` through
``kg.cli.main`` (the installed command) or a process of its own, on real files.

For every one kg neither crashes nor hangs: it builds the rest and names each file it skips
in one warning line, or it stops with one line naming the file and the problem, a non-zero
exit, and the previous graph left as it was. A build that could hang (a pipe, a long line)
runs as a process of its own that the test kills after a time limit.

The cases: a folder of 5,000 tiny files; symbolic link loops and dangling links; files
deleted, replaced by a pipe or a folder, or made unreadable between kg listing and reading
them; file names with a newline, bytes that are not UTF-8 or a leading dash; a 2 MB line
with no sentence end, and a line of prose without its full stops.
"""

from __future__ import annotations

import base64
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest

from tests.conftest import Run

ROOT = Path(__file__).resolve().parents[1]

KG = "https://w3id.org/kg/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

ARTICLE = (
    "NASA astronaut Marta Vance and Russian cosmonaut Oleg Sidorin flew to the "
    "International Space Station aboard the Soyuz MS-42 spacecraft on 21 September 2032.\n"
)
PREVIOUS = "previous graph"


def _quads(path: Path) -> list[pyoxigraph.Quad]:
    return list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))


def _documents(path: Path) -> dict[str, int]:
    """Each document's kg:fileName and its length (nif:endIndex), as the graph file says."""
    quads = _quads(path)
    names = {q.subject: q.object.value for q in quads if q.predicate.value == f"{KG}fileName"}
    ends = {
        q.subject: int(q.object.value)
        for q in quads
        if q.predicate.value == f"{NIF}endIndex" and q.subject in names
    }
    assert len(set(names.values())) == len(names), "two documents share a file name"
    return {name: ends[subject] for subject, name in names.items()}


def _labels(path: Path) -> set[str]:
    """The labels of the entities (the nodes with a mention)."""
    quads = _quads(path)
    entities = {q.subject for q in quads if q.predicate.value == f"{KG}mention"}
    return {q.object.value for q in quads if q.predicate.value == LABEL and q.subject in entities}


def _one_line(run: Run | subprocess.CompletedProcess[str]) -> str:
    stderr = run.stderr
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr
    return stderr


def _previous(output: Path) -> Path:
    output.write_text(PREVIOUS, encoding="utf-8")
    return output


# ------------------------------------------------------------------- 1. many tiny files


FILES = 5_000


def test_a_folder_of_five_thousand_tiny_files_builds_whole(
    tmp_path: Path, kg: Callable[..., Run], model: list[str | None]
) -> None:
    """5,000 files of one sentence each: every one is a document, nothing is skipped or
    said about them, and the entities named in all of them are one node each."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    for n in range(FILES):
        (folder / f"{n:04d}.txt").write_text(
            f"Astronaut Marta Vance ran experiment {n} aboard the International Space Station.\n",
            encoding="utf-8",
        )
    output = tmp_path / "graph.ttl"

    clock = time.perf_counter()
    built = kg("build", folder, "-o", output)
    seconds = time.perf_counter() - clock

    assert built.status == 0, built.stderr
    assert built.stderr == ""
    assert f"documents: {FILES}\n" in built.stdout
    documents = _documents(output)
    assert sorted(documents) == [f"{n:04d}.txt" for n in range(FILES)]
    assert {"Marta Vance", "International Space Station"} <= _labels(output)
    assert model == [None]  # one pipeline for all of them
    print(f"{FILES} tiny files: {seconds:.1f} s")


# ------------------------------------------------------------------------- 2. symlinks


def test_a_symlink_loop_and_dangling_links_in_a_folder_are_named_and_skipped(
    tmp_path: Path, kg: Callable[..., Run], model: list[str | None]
) -> None:
    """A folder holding a link back to itself, two links that point at each other and one
    that points nowhere: the build reads the rest, names each link in one warning and does
    not go round the loop. A link to a folder is not followed (as ``find`` and ``grep -r``
    do not: it may lead anywhere on the disk), and is named too, so nothing is left out
    unsaid; given by name, the linked folder is read."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "linked.txt").write_text(
        "Cosmonaut Anna Kikina flew aboard Crew Dragon Endurance.\n", encoding="utf-8"
    )
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "flight.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "self").symlink_to("..")  # articles/self/articles/self/... for ever
    (folder / "ping.txt").symlink_to("pong.txt")
    (folder / "pong.txt").symlink_to("ping.txt")
    (folder / "dangling.txt").symlink_to("nowhere.txt")
    (folder / "notes.md").symlink_to("nowhere.md")  # not an input's name: not mentioned
    (folder / "other").symlink_to(other)
    output = _previous(tmp_path / "graph.ttl")

    built = kg("build", folder, "-o", output)
    assert built.status == 0, built.stderr
    assert built.stderr.splitlines() == [
        f"kg: warning: {folder / 'dangling.txt'}: broken symbolic link (to nowhere.txt); skipped",
        f"kg: warning: {folder / 'other'}: symbolic link to a folder, not followed "
        "(name the folder itself to read it); skipped",
        f"kg: warning: {folder / 'ping.txt'}: symbolic link loop; skipped",
        f"kg: warning: {folder / 'pong.txt'}: symbolic link loop; skipped",
        f"kg: warning: {folder / 'self'}: symbolic link loop (back to a folder above it), "
        "not followed; skipped",
    ]
    assert set(_documents(output)) == {"flight.txt"}

    both = kg("build", folder, folder / "other", "-o", output)
    assert both.status == 0, both.stderr
    assert set(_documents(output)) == {"flight.txt", "linked.txt"}

    # named on the command line, a link that leads nowhere is a missing file: kg stops
    kept = _previous(output)
    for link, problem in (
        (folder / "dangling.txt", "broken symbolic link (to nowhere.txt)"),
        (folder / "ping.txt", "symbolic link loop"),
    ):
        stopped = kg("build", link, "-o", output)
        assert stopped.status == 1
        assert _one_line(stopped) == f"kg: error: {link}: {problem}\n"
        assert kept.read_text(encoding="utf-8") == PREVIOUS


# --------------------------------------------------- 3. files that change while kg reads


CHANGE_AFTER_LISTING = """
import json, os, sys
import kg.text.documents as documents
from kg.cli import main

listed = documents.collect_files

def collect_files(paths, inputs):
    files = listed(paths, inputs)
    for change, path in json.loads(os.environ["KG_TEST_CHANGES"]):
        os.remove(path)
        if change == "pipe":
            os.mkfifo(path)
        elif change == "folder":
            os.mkdir(path)
        elif change == "unreadable":
            os.symlink("/proc/self/mem", path)
    return files

documents.collect_files = collect_files
main(sys.argv[1:])
"""
"""``kg ARGS``, with a folder that changes right after kg has listed it and before it reads
a file: the race, made certain."""


def _kg_process(
    *args: str | Path, changes: list[tuple[str, Path]] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``kg ARGS`` in a process of its own, which the test gives up on (and kills) after
    ``timeout`` seconds, so a build that hangs fails instead of hanging the suite; each of
    ``changes`` is made to a file right after kg has listed its inputs."""
    env = dict(os.environ, KG_TEST_CHANGES=json.dumps([(c, str(p)) for c, p in changes or []]))
    return subprocess.run(
        [sys.executable, "-c", CHANGE_AFTER_LISTING, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )


def test_files_deleted_or_replaced_by_a_pipe_or_folder_after_listing_are_skipped(
    trained_model: str, tmp_path: Path
) -> None:
    """Files that change between kg listing the folder and reading them, as they do when
    another program writes to it. The change is made from a hook on the listing, in the kg
    process itself, so the race happens every time (chmod would not do: the suite runs as
    root, who reads any file). A file deleted by then is skipped like a file that was never
    there; one replaced by a named pipe would make a plain ``open`` wait for a writer for
    ever, and one replaced by a folder cannot be read as text: each is named and skipped,
    and the build goes on with the rest."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("deleted.txt", "folder.txt", "kept.txt", "pipe.txt"):
        (folder / name).write_text(ARTICLE, encoding="utf-8")
    output = _previous(tmp_path / "graph.ttl")

    changes = [("deleted", folder / "deleted.txt"), ("pipe", folder / "pipe.txt")]
    changes.append(("folder", folder / "folder.txt"))
    built = _kg_process("build", folder, "-o", output, "--quiet", changes=changes)

    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines() == [
        f"kg: warning: {folder / 'deleted.txt'}: vanished before it could be read; skipped",
        f"kg: warning: {folder / 'folder.txt'}: not a regular file (a folder); skipped",
        f"kg: warning: {folder / 'pipe.txt'}: not a regular file (a named pipe); skipped",
    ]
    assert set(_documents(output)) == {"kept.txt"}
    assert "Marta Vance" in _labels(output)


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/mem")
def test_a_file_that_cannot_be_read_after_listing_stops_the_build(tmp_path: Path) -> None:
    """A file that is still there but cannot be read stops the build, as a disk error or a
    missing permission should: the graph would silently lack it otherwise. To be unreadable
    for root too, the file is replaced, after the listing, by a link to /proc/self/mem, a
    regular file whose first byte no one can read (an I/O error). A deleted file stops the
    build as well when --strict asks for every input. The model is never loaded."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(ARTICLE, encoding="utf-8")
    output = _previous(tmp_path / "graph.ttl")

    unreadable = _kg_process(
        "build", folder, "-o", output, changes=[("unreadable", folder / "b.txt")]
    )
    assert unreadable.returncode == 1, unreadable.stderr
    assert _one_line(unreadable) == (
        f"kg: error: {folder / 'b.txt'}: cannot read (Input/output error)\n"
    )
    assert output.read_text(encoding="utf-8") == PREVIOUS

    (folder / "b.txt").unlink()
    (folder / "b.txt").write_text(ARTICLE, encoding="utf-8")
    strict = _kg_process(
        "build", folder, "-o", output, "--strict", changes=[("deleted", folder / "b.txt")]
    )
    assert strict.returncode == 1, strict.stderr
    assert _one_line(strict) == (
        f"kg: error: {folder / 'b.txt'}: vanished before it could be read; "
        "--strict stops at any unusable input\n"
    )
    assert output.read_text(encoding="utf-8") == PREVIOUS


def test_a_named_pipe_in_a_folder_or_on_the_command_line_is_skipped_not_waited_on(
    tmp_path: Path, kg: Callable[..., Run], model: list[str | None]
) -> None:
    """A named pipe with an article's name, there from the start: named and skipped, in a
    folder and when given by name; opening it to read would wait for a writer, so the run
    that names it is a process of its own, which the test gives up on if it hangs."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "flight.txt").write_text(ARTICLE, encoding="utf-8")
    pipe = folder / "feed.txt"
    os.mkfifo(pipe)
    output = tmp_path / "graph.ttl"
    warning = f"kg: warning: {pipe}: not a regular file (a named pipe); skipped\n"

    listed = kg("build", folder, "-o", output, "--quiet")
    assert listed.status == 0, listed.stderr
    assert listed.stderr == warning
    assert set(_documents(output)) == {"flight.txt"}

    named = _kg_process("build", folder / "flight.txt", pipe, "-o", output, "--quiet")
    assert named.returncode == 0, named.stderr
    assert named.stderr == warning
    assert set(_documents(output)) == {"flight.txt"}


# ------------------------------------------------------------------------ 4. file names


def test_file_names_with_a_newline_bad_bytes_or_a_leading_dash(
    tmp_path: Path, kg: Callable[..., Run], model: list[str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any name a file system allows is an ordinary input. The graph keeps the name as text
    (a byte that is not UTF-8 becomes U+FFFD, as file managers show it); a message names
    such a file on one line, quoted, with escapes ('a\\nb.txt', 'bad\\xff.txt'). A name
    with a leading dash on the command line is an option, as for every Unix command: kg
    refuses it as a usage error, and ``--`` or ``./`` passes it as a file."""
    folder = tmp_path / "names"
    folder.mkdir()
    texts = {
        "new\nline.txt": "NASA astronaut Marta Vance flew aboard Soyuz MS-42.\n",
        os.fsdecode(b"bad\xffname.txt"): "Cosmonaut Oleg Sidorin flew aboard Soyuz MS-42.\n",
        "-x.txt": "Cosmonaut Pavel Dorin flew aboard Soyuz MS-42.\n",
    }
    for name, text in texts.items():
        with open(os.fsencode(folder) + b"/" + os.fsencode(name), "wb") as handle:
            handle.write(text.encode())
    (folder / "empty\n.txt").write_bytes(b"")
    output = _previous(tmp_path / "graph.ttl")

    built = kg("build", folder, "-o", output)
    assert built.status == 0, built.stderr
    assert built.stderr == f"kg: warning: '{folder}/empty\\n.txt': empty file; skipped\n"
    assert set(_documents(output)) == {"new\nline.txt", "bad\ufffdname.txt", "-x.txt"}
    assert {"Marta Vance", "Oleg Sidorin", "Pavel Dorin"} <= _labels(output)

    monkeypatch.chdir(folder)
    kept = _previous(output)
    refused = kg("build", "-x.txt", "-o", output)
    assert refused.status == 2
    assert _one_line(refused) == "kg: usage error: No such option: -x (see kg build --help)\n"
    assert kept.read_text(encoding="utf-8") == PREVIOUS
    for args in (["-o", output, "--", "-x.txt"], ["./-x.txt", "-o", output]):
        dashed = kg("build", *args)
        assert dashed.status == 0, dashed.stderr
        assert set(_documents(output)) == {"-x.txt"}

    named = kg("build", os.fsdecode(b"bad\xffname.txt"), "new\nline.txt", "-o", output)
    assert named.status == 0, named.stderr
    assert set(_documents(output)) == {"new\nline.txt", "bad\ufffdname.txt"}

    kept = _previous(output)
    for missing, shown in (
        ("gone\nname.txt", "'gone\\nname.txt'"),
        (os.fsdecode(b"gone\xfe.txt"), "'gone\\xfe.txt'"),
    ):
        stopped = kg("build", missing, "-o", output)
        assert stopped.status == 1
        assert _one_line(stopped) == f"kg: error: {shown}: no such file or folder\n"
        assert kept.read_text(encoding="utf-8") == PREVIOUS


# -------------------------------------------------------------------- 5. one long line


def _strings(path: Path) -> list[tuple[int, int, str]]:
    """(begin, end, anchor) of every NIF string (mention or sentence) in the graph file."""
    fields: dict[pyoxigraph.NamedNode, dict[str, str]] = {}
    for q in _quads(path):
        name = q.predicate.value.removeprefix(NIF)
        if name in {"beginIndex", "endIndex", "anchorOf"}:
            fields.setdefault(q.subject, {})[name] = q.object.value
    return [
        (int(f["beginIndex"]), int(f["endIndex"]), f["anchorOf"])
        for f in fields.values()
        if "anchorOf" in f
    ]


LINE_CHARS = 2_000_000


def test_a_two_megabyte_line_with_no_space_and_no_sentence_end_builds(
    trained_model: str, tmp_path: Path
) -> None:
    """One 2 MB line of base64 (an image or a dump inlined into a .txt file): no sentence
    end, no line break, not even a space, so kg cuts it into pieces in the middle of a
    word. It builds, in a process the test kills if it hangs: one document of all
    2,000,000 characters, every string in the graph at its own offsets, nothing said."""
    text = base64.b64encode(random.Random(16).randbytes(LINE_CHARS * 3 // 4)).decode()
    assert len(text) == LINE_CHARS and "\n" not in text and " " not in text
    source = tmp_path / "blob.txt"
    source.write_text(text, encoding="ascii")
    output = _previous(tmp_path / "graph.ttl")

    built = _kg_process("build", source, "-o", output, "--quiet")

    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    assert _documents(output) == {"blob.txt": LINE_CHARS}
    strings = _strings(output)
    assert strings
    for begin, end, anchor in strings:
        assert text[begin:end] == anchor, (begin, end, anchor)


PROSE_CHARS = 200_000


def test_a_line_of_prose_with_no_sentence_end_builds_in_time(
    trained_model: str, tmp_path: Path
) -> None:
    """200 KB of news prose on one line with its full stops lost (a scraper that dropped
    them, a transcript): two pieces, cut at a space mid-line, each cut into sentences of at
    most kg.nlp.sentences.MAX_SENTENCE_TOKENS, so the rules cost the text's length (about
    25 s; 8 minutes before the cap) and find its names at their offsets. (2 MB of such
    prose costs ten times as much; the 2 MB line of the test above has no spaces.)"""
    line = ARTICLE.replace(".", "").replace("\n", " ") + "and "
    text = (line * (PROSE_CHARS // len(line) + 1))[:PROSE_CHARS]
    assert "\n" not in text and "." not in text
    source = tmp_path / "prose.txt"
    source.write_text(text, encoding="utf-8")
    output = _previous(tmp_path / "graph.ttl")

    built = _kg_process("build", source, "-o", output, "--quiet", timeout=120)

    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    assert _documents(output) == {"prose.txt": PROSE_CHARS}
    names = {"Marta Vance", "Oleg Sidorin", "International Space Station", "Soyuz MS-42"}
    assert names <= _labels(output)
    for begin, end, anchor in _strings(output):
        assert text[begin:end] == anchor, (begin, end, anchor)
