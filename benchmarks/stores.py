"""The store rows of the benchmarks: full loads of kg's graph against pyoxigraph's own
loaders on the same file, and a store kept in step after one changed or removed article.

Both are steps of ``benchmarks.run`` (``--only 'store sync' 'store loads'``); they share its
context, its kg command and its report."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.sparql.store import read_for_store
from kg.sparql.targets import Target, load_graph

if TYPE_CHECKING:
    from benchmarks.run import Context, Section

TARGET_LOAD_RATIO = 1.0
"""A full load into a new embedded store ÷ pyoxigraph's Store.load of the same file."""
TARGET_SYNC_CHANGED = 0.10
TARGET_SYNC_REMOVED = 0.05
LOAD_RUNS = {1_000: 2}
"""Runs of each loader per size (the best is kept); one at other sizes."""
LOAD_CHECK_SIZE = 1_000


def measure_sync(ctx: Context) -> Section:
    """A store kept in step with the largest corpus: ``kg build --store`` from nothing (a
    full build plus a full load), then after one changed article, then ``kg remove`` of
    one article and a build after one article's file was deleted."""
    from benchmarks.run import Section, check_fraction, log, seconds

    corpus = ctx.largest.copy_to(ctx.work / "sync-corpus")
    section = Section(f"A store kept in step: one article of {corpus.size:,}")
    cache, store = ctx.work / "sync-cache", ctx.work / "sync-store"
    output = ctx.work / "sync.nt"
    common = [f"--cache-dir={cache}", "--jobs=1", "--quiet"]
    build = [*ctx.kg.build_args(corpus.folder, output, required=common), f"--store={store}"]
    remove = [*ctx.kg.command, "remove", "doc00001.txt", "-o", str(output)]
    remove += [f"--store={store}", f"--cache-dir={cache}", "--quiet"]
    steps: list[tuple[str, Callable[[], None], list[str]]] = [
        ("full build plus full load (empty cache, new store)", lambda: None, build),
        ("one article changed: build plus sync", lambda: _change(corpus.folder), build),
        ("one article removed: kg remove", lambda: None, remove),
        ("one article's file deleted: build plus sync", lambda: _delete(corpus.folder), build),
    ]
    times: list[float] = []
    for name, prepare, args in steps:
        prepare()
        log(f"sync: {name}")
        times.append(ctx.kg.run(args).seconds)
        log(f"sync: {name}: {seconds(times[-1])}")
    ctx.graphs[corpus.size] = output
    full = times[0]
    section.headers = ["step", "time", "÷ full build plus full load"]
    section.rows = [
        [name, seconds(value), f"{value / full:.1%}"]
        for (name, _, _), value in zip(steps, times, strict=True)
    ]
    section.checks += [
        check_fraction("one changed ÷ full build plus full load", times[1] / full,
                       TARGET_SYNC_CHANGED),
        check_fraction("one removed ÷ full build plus full load", times[2] / full,
                       TARGET_SYNC_REMOVED),
        check_fraction("one file deleted ÷ full build plus full load", times[3] / full,
                       TARGET_SYNC_REMOVED),
    ]  # fmt: skip
    section.notes += [
        f"CLI in subprocesses, `--jobs 1`, N-Triples output, the same cache and store "
        f"throughout; each time includes the CLI's start-up ({seconds(ctx.kg.startup)}). "
        "The change is `doc00000.txt` given new text; the removal is `doc00001.txt` "
        "(`kg remove`, the file stays), then `doc00002.txt`'s file is deleted.",
        "The store ends as a full load of the same graph would leave a new one: "
        "`tests/test_sync.py` checks that on the embedded store and on a server.",
    ]
    return section


def _change(folder: Path) -> None:
    from benchmarks.run import change_document

    change_document(folder / "doc00000.txt")


def _delete(folder: Path) -> None:
    (folder / "doc00002.txt").unlink()


def measure_loads(ctx: Context) -> Section:
    """A full load of kg's graph at 1,000 and at the largest size, as N-Quads (kg's graph
    with one named graph per document) and as N-Triples, into a new embedded store: kg
    (in-process, ``load_graph``) against pyoxigraph's transactional ``Store.load`` and
    its ``bulk_load`` of the same file, in this run, one after another."""
    from benchmarks.run import Section, check_at_most, log, seconds, thousands

    section = Section("Full loads into a new embedded store")
    section.headers = [
        "documents", "file", "quads", "pyoxigraph Store.load", "pyoxigraph bulk_load",
        "kg load (in-process)", "kg load (CLI)", "kg ÷ Store.load", "kg ÷ bulk_load",
    ]  # fmt: skip
    sizes = sorted({s for s in ctx.corpora if s >= LOAD_CHECK_SIZE} or {max(ctx.corpora)})
    ratio_at_check: float | None = None
    for size in sizes:
        graph = _graph(ctx, size)
        files = {"N-Quads": graph.with_suffix(".nq"), "N-Triples": graph}
        _write_nquads(graph, files["N-Quads"])
        for label, path in files.items():
            fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.N_TRIPLES
            runs = LOAD_RUNS.get(size, 1)
            log(f"loads: {size:,} documents, {label}")
            native = _best(runs, _native(path, fmt, bulk=False), ctx)
            bulk = _best(runs, _native(path, fmt, bulk=True), ctx)
            ours = _best(runs, _kg(path), ctx)
            cli = min(
                ctx.kg.run([*ctx.kg.command, "load", str(path), "--store", str(folder)]).seconds
                for folder in _fresh_folders(ctx, runs)
            )
            quads = _statements(path)
            section.rows.append(
                [thousands(size), label, thousands(quads), seconds(native), seconds(bulk),
                 seconds(ours), seconds(cli), f"{ours / native:.2f}×", f"{ours / bulk:.2f}×"]
            )  # fmt: skip
            log(f"loads: kg {seconds(ours)}, Store.load {seconds(native)}, bulk {seconds(bulk)}")
            if size == LOAD_CHECK_SIZE and label == "N-Quads":
                ratio_at_check = ours / native
    if ratio_at_check is not None:
        section.checks.append(
            check_at_most(
                f"kg full load ÷ Store.load, {LOAD_CHECK_SIZE:,} documents, N-Quads",
                ratio_at_check,
                TARGET_LOAD_RATIO,
                "×",
            )
        )
    section.notes += [
        "Each load goes into a new store folder. pyoxigraph's loaders get the file's path "
        "and its format, and flush; kg's is `kg.sparql.targets.load_graph`, what `kg load` "
        "runs: it reads and checks the whole file, splits it into the document and entity "
        "graphs, bulk-loads them into a new store beside the target and swaps the two "
        "folders. The CLI column adds the command's start-up "
        f"({seconds(ctx.kg.startup)}).",
        "The N-Quads file is what `kg build -o graph.nq` writes (each document's graph "
        "named, the entity graph the default one), so pyoxigraph's loaders fill one named "
        "graph per document as kg does; from N-Triples they fill the default graph alone, "
        "which indexes fewer orderings and is cheaper.",
        f"The best of {LOAD_RUNS.get(LOAD_CHECK_SIZE, 1)} runs at {LOAD_CHECK_SIZE:,} "
        "documents, one run at the other sizes.",
    ]
    return section


def _graph(ctx: Context, size: int) -> Path:
    """kg's N-Triples graph of the corpus of ``size`` documents: one this run made, else
    one built now (with a cache of its own, two processes)."""
    from benchmarks.run import log

    if size in ctx.graphs:
        return ctx.graphs[size]
    output = ctx.work / f"loads-{size}.nt"
    cache = ctx.work / "loads-cache"
    log(f"loads: building the graph of {size:,} documents")
    options = [f"--cache-dir={cache}", "--jobs=2", "--quiet"]
    ctx.kg.run(ctx.kg.build_args(ctx.corpora[size].folder, output, required=options))
    ctx.graphs[size] = output
    return output


def _write_nquads(graph: Path, target: Path) -> None:
    """The graph as kg writes N-Quads: the entity graph as the default graph."""
    from kg.graph.iris import ENTITY_GRAPH

    with target.open("wb") as out:
        for name, data in read_for_store(graph).items():
            if name == str(ENTITY_GRAPH):
                out.write(data)
            else:
                out.write(data.replace(b" .\n", f" <{name}> .\n".encode()))


def _native(path: Path, fmt: ox.RdfFormat, bulk: bool) -> Callable[[Path], object]:
    """pyoxigraph's load (or bulk load) of ``path`` into a new store at a folder."""

    def load(folder: Path) -> None:
        store = ox.Store(str(folder))
        if bulk:
            store.bulk_load(path=str(path), format=fmt)
        else:
            store.load(path=str(path), format=fmt)
        store.flush()
        del store

    return load


def _kg(path: Path) -> Callable[[Path], object]:
    """kg's full load of ``path`` into a new store at a folder (what kg load runs)."""
    return lambda folder: load_graph(path, Target(store=folder))


def _fresh_folders(ctx: Context, count: int) -> list[Path]:
    folders = []
    for n in range(count):
        folder = ctx.work / f"loads-store-{n}"
        shutil.rmtree(folder, ignore_errors=True)
        folders.append(folder)
    return folders


def _best(runs: int, load: Callable[[Path], object], ctx: Context) -> float:
    """The shortest of ``runs`` loads, each into a new folder (removed afterwards)."""
    best = float("inf")
    for folder in _fresh_folders(ctx, runs):
        clock = time.perf_counter()
        load(folder)
        best = min(best, time.perf_counter() - clock)
        shutil.rmtree(folder, ignore_errors=True)
    return best


def _statements(path: Path) -> int:
    """Lines of an N-Triples or N-Quads file kg wrote: one statement each, none twice."""
    count = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            count += chunk.count(b"\n")
    return count
