"""Faults that lose nothing: ``kg load`` and ``kg build`` killed (SIGKILL) or interrupted
(Ctrl-C, SIGINT) at a moment of the test's choosing, each run as a real process of the
installed ``kg`` command, so that the signal reaches kg itself and not a shell.

After any of them the store opens again and holds the whole old graph or the whole new one,
never a mix; the previous graph file is byte for byte what it was; the extraction cache holds
only whole entries, and the next build uses them and writes what a clean build writes. Ctrl-C
ends in status 130 and the one line ``kg: interrupted``.

The moments are seeded, so a failure can be replayed: kills of a load are spread over the
measured length of a whole load, one in each tenth; a build is killed a random moment after
it has cached its first document (running the rules, resolving, checking the shapes), and
interrupted a random moment after it has imported spaCy (loading the model, parsing), both
before it writes the new graph, which is the last thing it does.
"""

from __future__ import annotations

import os
import pickle
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.cache import CACHE_ENV
from kg.graph.formats import format_for, serialize
from kg.records import Extraction
from kg.sparql.store import EmbeddedStore
from tests.conftest import small_corpus, small_dataset

KG = Path(sys.executable).with_name("kg")
"""The console script of this environment: started directly, the kg process gets the signal."""

SEED = 16
CORPUS = sorted((Path(__file__).parent / "data" / "real" / "dev").glob("*.txt"))[:8]
NEW_GRAPH_PEOPLE = 300
"""People in the graph a load brings in: about 8,000 quads, a load of about a second, of
which the store's transaction takes a third."""

INTERRUPTED = "kg: interrupted\n"


# ------------------------------------------------------------------------------ helpers


def _start(*args: str | Path, env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
    """``kg ARGS`` as a process of its own. A process inherits an ignored SIGINT (a shell
    starts background jobs so), and Python then never turns SIGINT into KeyboardInterrupt:
    this one is started while the test process catches SIGINT, which exec resets to the
    default, so the kg process always handles Ctrl-C as a user's would."""
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen(
            [str(KG), *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=None if env is None else dict(env),
        )
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass
class Ended:
    status: int
    stdout: str
    stderr: str


def _end(process: subprocess.Popen[str]) -> Ended:
    stdout, stderr = process.communicate(timeout=120)
    return Ended(process.returncode, stdout, stderr)


def _run(*args: str | Path, env: Mapping[str, str] | None = None) -> Ended:
    ended = _end(_start(*args, env=env))
    assert ended.status == 0, ended.stderr
    return ended


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[str]) -> None:
    """Until ``condition`` holds; fails if the process ends first."""
    deadline = time.monotonic() + 120
    while not condition():
        assert process.poll() is None, f"kg ended first: {process.communicate()}"
        assert time.monotonic() < deadline, "kg never got there"
        time.sleep(0.005)


def _interrupt(process: subprocess.Popen[str]) -> Ended:
    assert process.poll() is None, "kg ended before the signal: give it more to do"
    process.send_signal(signal.SIGINT)
    return _end(process)


def _kill(process: subprocess.Popen[str]) -> bool:
    """SIGKILL the process; whether it was still running."""
    running = process.poll() is None
    process.kill()
    _end(process)
    return running


# -------------------------------------------------------------------------- kg load


def _people(count: int, surname: str) -> list[str]:
    names = []
    for n in range(count):
        letters = "".join(chr(ord("a") + (n // 26**k) % 26) for k in range(3))
        names.append(f"{letters.capitalize()} {surname}")
    return names


def _quads(store: Path) -> frozenset[str]:
    """Every quad in the store as N-Quads text, the store opened and closed again through
    kg's library (a lock left behind would fail here)."""
    with EmbeddedStore(store, create=False) as opened:
        return frozenset(str(q) for q in opened.oxigraph)


def _files(store: Path) -> set[str]:
    """The names in the store's folder: RocksDB adds some when a process opens it."""
    return set(os.listdir(store))


def _changes(store: Path, before: set[str]) -> Callable[[], bool]:
    return lambda: _files(store) != before


@dataclass(frozen=True)
class Graphs:
    old: Path
    new: Path
    old_quads: frozenset[str]
    new_quads: frozenset[str]
    seconds: float
    """How long a whole ``kg load NEW`` over a store holding OLD takes on this machine."""

    def which(self, store: Path) -> str:
        """What the store holds, which must be one graph whole: "old" or "new"."""
        held = _quads(store)
        assert held in (self.old_quads, self.new_quads), (
            f"a mix: {len(held - self.old_quads - self.new_quads)} quads of neither, "
            f"{len(self.old_quads - held)} of the old and {len(self.new_quads - held)} of the "
            "new graph missing"
        )
        return "old" if held == self.old_quads else "new"

    def put_old(self, store: Path) -> None:
        """Load the old graph, in this process (a tenth of the time a kg process takes)."""
        with EmbeddedStore(store) as opened:
            opened.load(self.old)


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> Graphs:
    """A small old graph and a big new one (made without the model), the quads a store
    holds after a whole load of each, and how long a load of the new one takes."""
    folder = tmp_path_factory.mktemp("graphs")
    paths, quads = {}, {}
    for name, people in (("old", _people(5, "Old")), ("new", _people(NEW_GRAPH_PEOPLE, "New"))):
        path = paths[name] = folder / f"{name}.nq"
        path.write_bytes(serialize(small_dataset(*people), format_for(path)))
        with EmbeddedStore(folder / f"{name}-store") as store:
            store.load(path)
        quads[name] = _quads(folder / f"{name}-store")
    _run("load", paths["old"], "--store", folder / "timed")
    started = time.monotonic()
    _run("load", paths["new"], "--store", folder / "timed")
    seconds = time.monotonic() - started
    return Graphs(paths["old"], paths["new"], quads["old"], quads["new"], seconds)


def _kill_loads(graphs: Graphs, store: Path, kind: str) -> None:
    """Ten kills of ``kg load NEW`` over a store holding OLD, one in each tenth of a whole
    load's time: after each the store opens at once and holds all of OLD or all of NEW."""
    graphs.put_old(store)
    rng = random.Random(SEED)
    outcomes, running, in_store = [], 0, 0
    for tenth in range(10):
        delay = graphs.seconds * (tenth + rng.random()) / 10
        before = _files(store)
        process = _start("load", graphs.new, "--store", store)
        time.sleep(delay)
        opened = _files(store) != before  # kg had the store open, or had been at it
        running += _kill(process)
        in_store += opened
        held = graphs.which(store)
        outcomes.append(f"{delay:.2f}s{' (store open)' if opened else ''}: {held}")
        if held == "new":
            graphs.put_old(store)
    print(f"kills of a {graphs.seconds:.2f}s {kind}:", ", ".join(outcomes))
    # (loose on purpose: on a busy machine a load's length varies; the guarantee is above)
    assert running >= 5, f"most kills must land while kg runs: {outcomes}"
    assert in_store >= 1, f"a kill must land while kg writes the store: {outcomes}"


def test_sigkill_during_kg_load_leaves_the_old_graph_or_the_new_one_whole(
    graphs: Graphs, tmp_path: Path
) -> None:
    """Ten kills of ``kg load NEW`` over a store holding OLD, one in each tenth of a whole
    load's time: the store opens at once after each and holds all of OLD or all of NEW."""
    store = tmp_path / "store"
    _kill_loads(graphs, store, "load")
    # and kg's own commands use the store as ever
    answer = _run("query", "people", "--store", store)
    assert "Aaa Old" in answer.stdout and "New" not in answer.stdout


SYNC_DOCUMENTS = 600
"""Documents in the graphs of the incremental kill test: a load of about a second."""


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Graphs:
    """Two graphs of SYNC_DOCUMENTS documents that differ in a third of them (changed,
    removed, added): a load of the second over the first writes only those, in one
    transaction."""
    folder = tmp_path_factory.mktemp("synced")
    old = {f"d{n:04}": [f"{a} Old{n}" for a in ("Ann", "Bo", "Cy")] for n in range(SYNC_DOCUMENTS)}
    new = {k: v for k, v in old.items() if int(k[1:]) % 3}  # a third removed ...
    new |= {f"d{n:04}": [f"Dee New{n}"] for n in range(0, SYNC_DOCUMENTS, 6)}  # ... half back
    new |= {f"e{n:04}": [f"Eve New{n}"] for n in range(0, SYNC_DOCUMENTS, 6)}  # and new ones
    paths, quads = {}, {}
    for name, documents in (("old", old), ("new", new)):
        path = paths[name] = folder / f"{name}.nt"
        path.write_bytes(serialize(small_corpus(documents), format_for(path)))
        with EmbeddedStore(folder / f"{name}-store") as store:
            store.load(path)
        quads[name] = _quads(folder / f"{name}-store")
    timed = folder / "timed"
    _run("load", paths["old"], "--store", timed)
    started = time.monotonic()
    loaded = _run("load", paths["new"], "--store", timed)
    seconds = time.monotonic() - started
    assert loaded.stdout.startswith(f"updated {timed}: "), loaded.stdout
    return Graphs(paths["old"], paths["new"], quads["old"], quads["new"], seconds)


def test_sigkill_during_an_incremental_kg_load_leaves_the_old_graph_or_the_new_one_whole(
    synced: Graphs, tmp_path: Path
) -> None:
    """As above, for a load that writes only what changed: ten kills, each leaving all of
    OLD or all of NEW, and a store kg still keeps in step afterwards."""
    store = tmp_path / "store"
    _kill_loads(synced, store, "incremental load")
    finished = _run("load", synced.new, "--store", store)
    assert finished.stdout.startswith(f"updated {store}: "), "still kept in step"
    assert synced.which(store) == "new"


def test_ctrl_c_during_kg_load_is_one_line_and_leaves_one_graph_whole(
    graphs: Graphs, tmp_path: Path
) -> None:
    """Ctrl-C as the load opens the store, and again a moment into its transaction."""
    store = tmp_path / "store"
    graphs.put_old(store)
    rng = random.Random(SEED)
    outcomes = []
    for delay in (0.0, rng.uniform(0, graphs.seconds / 4)):
        before = _files(store)
        process = _start("load", graphs.new, "--store", store)
        _wait_for(_changes(store, before), process)  # RocksDB opened it
        time.sleep(delay)
        ended = _interrupt(process)
        assert (ended.status, ended.stderr, ended.stdout) == (130, INTERRUPTED, ""), delay
        outcomes.append(f"{delay:.2f}s: {graphs.which(store)}")
        if outcomes[-1].endswith("new"):  # the transaction was done when Ctrl-C came
            graphs.put_old(store)
    print("Ctrl-C after the store opened:", ", ".join(outcomes))


# ------------------------------------------------------------------------- kg build


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight real articles: a build of five seconds or so."""
    folder = tmp_path_factory.mktemp("corpus")
    for text in CORPUS:
        shutil.copy(text, folder)
    return folder


@pytest.fixture(scope="module")
def clean_graph(
    trained_model: str, corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> bytes:
    """The corpus's graph from a clean build: no cache, build times pinned (--reproducible),
    so any build of the corpus must give these bytes."""
    output = tmp_path_factory.mktemp("clean") / "graph.ttl"
    _run("build", corpus, "-o", output, "--reproducible", "--no-cache", "--quiet")
    return output.read_bytes()


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "extractions").glob("*/*.pickle"))


def _temporary_files(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*") if p.name.endswith(".tmp")]


def _cached_a_document(cache: Path) -> Callable[[subprocess.Popen[str]], Callable[[], bool]]:
    """When the build has cached its first document: it parsed them all and runs the rules."""
    return lambda process: lambda: bool(_entries(cache))


def _imported_spacy(process: subprocess.Popen[str]) -> Callable[[], bool]:
    """When the build has imported spaCy, which Linux shows in /proc/PID/maps: kg is past
    its start-up, in the build itself, about to load the model."""
    maps = Path(f"/proc/{process.pid}/maps")

    def ready() -> bool:
        try:
            return "/spacy/" in maps.read_text()
        except OSError:
            return False

    return ready


def _build_stopped_midway(
    corpus: Path,
    output: Path,
    cache: Path,
    clean_graph: bytes,
    stop: Callable[[subprocess.Popen[str]], object],
    when: Callable[[subprocess.Popen[str]], Callable[[], bool]],
    delay: float,
) -> None:
    """Start a build of the corpus over a previous graph, ``stop`` it ``delay`` seconds after
    ``when`` says, check what it left, and build again: the previous graph is untouched
    until the rebuild, which takes what the stopped build cached and writes the clean
    build's bytes."""
    env = {**os.environ, CACHE_ENV: str(cache)}
    previous = output.read_bytes()
    process = _start("build", corpus, "-o", output, "--reproducible", env=env)
    _wait_for(when(process), process)
    time.sleep(delay)
    stop(process)

    assert output.read_bytes() == previous
    entries = _entries(cache)
    for entry in entries:  # whole, or not there at all
        assert isinstance(pickle.loads(entry.read_bytes()), Extraction), entry
    rebuilt = _run("build", corpus, "-o", output, "--reproducible", env=env)
    summary = re.search(
        r"^seconds: +[\d.]+(?: \((\d+) documents from the cache\))?$", rebuilt.stdout, re.M
    )
    assert summary is not None, rebuilt.stdout
    assert int(summary[1] or 0) == len(entries), rebuilt.stdout
    assert output.read_bytes() == clean_graph


def _previous_graph(output: Path) -> None:
    output.parent.mkdir()
    output.write_bytes(serialize(small_dataset("Alex Smith"), format_for(output)))


@pytest.mark.model
def test_sigkill_during_kg_build_keeps_the_old_graph_and_a_usable_cache(
    trained_model: str, corpus: Path, clean_graph: bytes, tmp_path: Path
) -> None:
    """A build killed while it runs the rules or puts the graph together: the previous
    graph is untouched, the cache holds whole entries, and the next build uses them and
    writes the clean build's bytes."""
    cache, output = tmp_path / "cache", tmp_path / "out" / "graph.ttl"
    _previous_graph(output)
    delay = random.Random(SEED).uniform(0, 0.8)
    _build_stopped_midway(
        corpus, output, cache, clean_graph, _kill, _cached_a_document(cache), delay
    )


@pytest.mark.model
def test_ctrl_c_during_kg_build_is_one_line_and_keeps_the_old_graph(
    trained_model: str, corpus: Path, clean_graph: bytes, tmp_path: Path
) -> None:
    """Ctrl-C while a build loads the model, parses or runs the rules: status 130, one line,
    no temporary file left beside the graph or in the cache, and the same guarantees as a
    kill. It comes once spaCy is imported: Ctrl-C while Python is still importing kg.cli
    comes before main() can catch it, and gives Python's own traceback."""
    cache, output = tmp_path / "cache", tmp_path / "out" / "graph.ttl"
    _previous_graph(output)
    interrupted: list[Ended] = []

    def ctrl_c(process: subprocess.Popen[str]) -> None:
        interrupted.append(_interrupt(process))
        assert _temporary_files(output.parent, cache) == []

    linux = Path("/proc/self/maps").exists()
    when = _imported_spacy if linux else _cached_a_document(cache)
    delay = random.Random(SEED).uniform(0, 3.0 if linux else 0.8)
    _build_stopped_midway(corpus, output, cache, clean_graph, ctrl_c, when, delay)
    (ended,) = interrupted
    assert (ended.status, ended.stderr, ended.stdout) == (130, INTERRUPTED, "")


@pytest.mark.parametrize("delay", [0.3, 0.5, 0.8])
def test_ctrl_c_while_the_command_loads_or_ends_is_one_line_or_nothing(
    tmp_path: Path, delay: float
) -> None:
    """Ctrl-C in the first half second, while ``kg`` still imports its modules: status 130
    and the one line, not Python's traceback; once the command has done its work, Ctrl-C
    during Python's shutdown changes nothing: status 0. (Before Python has read the first
    line of kg, in the first tens of milliseconds, nothing of kg's can answer a Ctrl-C.)"""
    graph = tmp_path / "graph.nt"
    graph.write_text('<http://example.org/a> <http://example.org/b> "c" .\n', encoding="utf-8")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "kg"), "stats", str(graph)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    if process.returncode == 0:  # it finished first: nothing to interrupt
        return
    assert process.returncode == 130 and err == "kg: interrupted\n", (process.returncode, err)
