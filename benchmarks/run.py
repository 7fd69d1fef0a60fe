"""Measure kg's build throughput, parallel speed-up, incremental rebuilds, memory, query
times, store loads and store syncs on generated corpora, in one run, and write the figures
to a Markdown file.

    .venv/bin/python -m benchmarks.run [--sizes 100,1000,10000] [--out benchmarks/RESULTS.md]
    .venv/bin/python -m benchmarks.run --quick      # sizes 20,100,300, a couple of minutes

Run it from the project root. Options of ``kg build`` that the installed kg does not have
(``--jobs``, ``--cache-dir``, ``--no-cache``, ``--quiet``) make the measurements that need
them "not available" instead of failing; options that only tidy a run are left out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from spacy import about as spacy_about
from spacy.language import Language

from benchmarks.corpus import make_corpus, make_document, seed_sentences
from benchmarks.stores import measure_loads, measure_sync
from kg.builder import BuildOptions, build
from kg.extract.document import BATCH_SIZE as KG_BATCH
from kg.extract.document import CHUNK_CHARS, text_chunks
from kg.nlp.pipeline import load_pipeline, model_description, model_name
from kg.sparql.queries import list_queries
from kg.sparql.store import EmbeddedStore
from kg.text.clean import clean
from kg.version import SOFTWARE_VERSION

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (100, 1_000, 10_000)
QUICK_SIZES = (20, 100, 300)
RATIO_SIZE = 1_000
"""The size the ratios are measured at (the middle size when it is not among the sizes)."""
DEFAULT_OUT = ROOT / "benchmarks" / "RESULTS.md"
BATCH_SIZE = 32
WARM_UP_DOCS = 8
POLL_SECONDS = 0.05
STORE_QUERY_RUNS = 3
REPEAT_BELOW = 5.0
"""Seconds: a store query whose first run took longer is not repeated."""
QUERY_TIMEOUT = 120.0
QUICK_QUERY_TIMEOUT = 5.0
MIB = 1024 * 1024
GIB = 1024 * MIB

TARGET_BUILD_RATIO = 0.85
TARGET_SPEED_UP = 1.5
TARGET_NO_OP = 0.05
TARGET_ONE_CHANGED = 0.10
TARGET_MEMORY_RATIO = 1.5
TARGET_QUERY_SECONDS = 1.0

MET, NOT_MET, NOT_AVAILABLE, FAILED = "met", "not met", "not available", "failed"

_STARTED = time.perf_counter()


def log(message: str) -> None:
    """A progress line on stderr."""
    print(f"[{time.perf_counter() - _STARTED:7.1f} s] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- results


@dataclass(slots=True)
class Check:
    """One target: what was measured against what was wanted."""

    name: str
    target: str
    measured: str
    result: str


@dataclass(slots=True)
class Section:
    """One measurement: a table of figures, the targets it checks, and notes."""

    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check_at_least(name: str, value: float, target: float, unit: str = "") -> Check:
    return Check(name, f">= {target:g}{unit}", f"{value:.2f}{unit}", _met(value >= target))


def check_at_most(name: str, value: float, target: float, unit: str = "") -> Check:
    return Check(name, f"<= {target:g}{unit}", f"{value:.3f}{unit}", _met(value <= target))


def check_fraction(name: str, value: float, target: float) -> Check:
    return Check(name, f"<= {target:.0%}", f"{value:.1%}", _met(value <= target))


def _met(ok: bool) -> str:
    return MET if ok else NOT_MET


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table, numbers aligned right."""
    numeric = re.compile(r"^[\d,.\-−+×%]+( ?[a-zA-Z/×%]+)?$")
    aligns = [
        "---:" if rows and all(numeric.match(r[i] or "-") for r in rows) else "---"
        for i in range(len(headers))
    ]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(aligns) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def seconds(value: float) -> str:
    return f"{value:,.2f} s"


def rate(words: int, elapsed: float) -> str:
    return f"{words / elapsed:,.0f}" if elapsed > 0 else "-"


def thousands(value: int) -> str:
    return f"{value:,}"


@dataclass(slots=True)
class Report:
    """Everything the results file says."""

    header: list[tuple[str, str]]
    corpora: list[list[str]]
    notes: list[str]
    sections: list[Section] = field(default_factory=list)

    def markdown(self) -> str:
        lines = ["# kg benchmarks", ""]
        lines += table(["", "value"], [[k, v] for k, v in self.header])
        lines += ["", "## Corpora", ""]
        lines += table(["documents", "words", "words/document", "bytes"], self.corpora)
        lines += ["", *[f"- {note}" for note in self.notes], ""]
        checks = [(s, c) for s in self.sections for c in s.checks]
        if checks:
            lines += ["## Summary", ""]
            lines += table(
                ["measurement", "check", "target", "measured", "result"],
                [[s.title, c.name, c.target, c.measured, c.result] for s, c in checks],
            )
            lines.append("")
        for section in self.sections:
            lines += [f"## {section.title}", ""]
            if section.headers:
                lines += [*table(section.headers, section.rows), ""]
            if section.checks:
                lines += table(
                    ["check", "target", "measured", "result"],
                    [[c.name, c.target, c.measured, c.result] for c in section.checks],
                )
                lines.append("")
            lines += [f"- {note}" for note in section.notes]
            if section.notes:
                lines.append("")
        return "\n".join(lines)

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.markdown(), encoding="utf-8")


# ---------------------------------------------------------------------------- the kg command


class Unavailable(Exception):
    """The installed kg lacks an option a measurement needs."""


@dataclass(frozen=True, slots=True)
class Run:
    """A finished subprocess: its wall time and peak RSS of its process tree (0 unless
    polled)."""

    seconds: float
    peak_rss: int


class KgCommand:
    """The ``kg`` command line in subprocesses, with the options its ``build`` knows."""

    def __init__(self) -> None:
        script = Path(sys.executable).parent / "kg"
        self.command = [str(script)] if script.is_file() else [sys.executable, "-m", "kg"]
        self.env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
        self.build_options: set[str] = set()
        self.startup = float("inf")
        for _ in range(2):  # the first call also warms the file cache
            clock = time.perf_counter()
            done = subprocess.run(
                [*self.command, "build", "--help"],
                capture_output=True,
                text=True,
                env=self.env,
                cwd=ROOT,
                check=True,
            )
            self.startup = min(self.startup, time.perf_counter() - clock)
            self.build_options = set(re.findall(r"--[a-z][a-z0-9-]*", done.stdout))

    def build_args(
        self,
        inputs: Path,
        output: Path,
        required: Sequence[str] = (),
        optional: Sequence[str] = (),
        dropped: list[str] | None = None,
    ) -> list[str]:
        """``kg build INPUTS -o OUTPUT`` with the options (``--name`` or ``--name=value``):
        a missing required one raises :class:`Unavailable`, a missing optional one is left
        out and named in ``dropped``."""
        args = [*self.command, "build", str(inputs), "-o", str(output)]
        for option in required:
            if option.split("=")[0] not in self.build_options:
                raise Unavailable(f"kg build has no {option.split('=')[0]} option")
            args.append(option)
        for option in optional:
            if option.split("=")[0] in self.build_options:
                args.append(option)
            elif dropped is not None and option not in dropped:
                dropped.append(option)
        return args

    def run(self, args: Sequence[str], poll_memory: bool = False) -> Run:
        """Run a command to its end; its output is kept for the error message only."""
        with tempfile.TemporaryFile("w+", encoding="utf-8") as output:
            clock = time.perf_counter()
            process = psutil.Popen(
                list(args), stdout=output, stderr=subprocess.STDOUT, env=self.env, cwd=ROOT
            )
            peak = 0
            while process.poll() is None:
                if poll_memory:
                    peak = max(peak, tree_rss(process))
                time.sleep(POLL_SECONDS if poll_memory else 0.01)
            elapsed = time.perf_counter() - clock
            if process.returncode != 0:
                output.seek(0)
                text = output.read()
                if process.returncode == 2 and "no such option" in text.lower():
                    raise Unavailable(_last_line(text))
                raise RuntimeError(
                    f"{' '.join(args[1:])} exited with {process.returncode}: {_last_line(text)}"
                )
        return Run(elapsed, peak)


def tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return int(total)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


# ---------------------------------------------------------------------------- corpora


@dataclass(frozen=True, slots=True)
class Corpus:
    size: int
    folder: Path
    words: int

    def texts(self) -> list[str]:
        return [p.read_text(encoding="utf-8") for p in sorted(self.folder.glob("*.txt"))]

    def copy_to(self, folder: Path) -> Corpus:
        shutil.copytree(self.folder, folder)
        return Corpus(self.size, folder, self.words)


# ---------------------------------------------------------------------------- measurements


@dataclass(slots=True)
class Context:
    """What the measurements share."""

    kg: KgCommand
    work: Path
    corpora: dict[int, Corpus]
    ratio_size: int
    nlp: Language
    """kg's pipeline (``kg.nlp.pipeline.load_pipeline()``), loaded once."""
    raw_words_per_second: float | None = None
    graph: Path | None = None
    """The largest corpus's graph (N-Triples), for the query measurements."""
    graphs: dict[int, Path] = field(default_factory=dict)
    """Graphs (N-Triples) built by this run, by corpus size, for the store loads."""

    @property
    def ratio_corpus(self) -> Corpus:
        return self.corpora[self.ratio_size]

    @property
    def largest(self) -> Corpus:
        return self.corpora[max(self.corpora)]


def measure_raw_spacy(ctx: Context) -> Section:
    """a. Words per second of the bare ``nlp.pipe`` loop with kg's pipeline."""
    corpus = ctx.ratio_corpus
    section = Section(f"spaCy alone: nlp.pipe over {corpus.size:,} documents")
    nlp = ctx.nlp
    texts = corpus.texts()
    for _ in nlp.pipe(texts[:WARM_UP_DOCS], batch_size=BATCH_SIZE):
        pass
    log(f"spaCy: nlp.pipe over {len(texts):,} documents")
    clock = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass
    elapsed = time.perf_counter() - clock
    ctx.raw_words_per_second = corpus.words / elapsed
    section.headers = ["documents", "words", "time", "words/s"]
    section.rows = [
        [
            thousands(corpus.size),
            thousands(corpus.words),
            seconds(elapsed),
            rate(corpus.words, elapsed),
        ]
    ]
    section.notes = [
        f"kg's pipeline (`kg.nlp.pipeline.load_pipeline()`: {', '.join(nlp.pipe_names)}), "
        f"batch size {BATCH_SIZE}, one process, after a warm-up on {WARM_UP_DOCS} documents; "
        "only the `nlp.pipe` loop is timed. This is the reference for the build ratio."
    ]
    log(f"spaCy: {rate(corpus.words, elapsed)} words/s")
    return section


def measure_build(ctx: Context) -> Section:
    """b. Words per second of ``kg.builder.build`` in this process, against spaCy alone."""
    corpus = ctx.ratio_corpus
    section = Section(f"kg build in-process: {corpus.size:,} documents")
    options = BuildOptions(reproducible=True, jobs=1, cache=False)
    section.notes.append(
        "`build([corpus], output.nt, BuildOptions(reproducible=True, jobs=1, cache=False))`"
        "; validation on, as in the CLI; after a warm-up build of "
        f"{WARM_UP_DOCS} documents (model loaded)."
    )
    warm = ctx.work / "warm-up"
    warm.mkdir()
    for path in sorted(corpus.folder.glob("*.txt"))[:WARM_UP_DOCS]:
        shutil.copy(path, warm / path.name)
    build([warm], ctx.work / "warm-up.nt", options)
    log(f"build: in-process over {corpus.size:,} documents")
    output = ctx.work / f"in-process-{corpus.size}.nt"
    clock = time.perf_counter()
    report = build([corpus.folder], output, options)
    elapsed = time.perf_counter() - clock
    words_per_second = corpus.words / elapsed
    section.headers = ["documents", "words", "time", "words/s", "triples"]
    section.rows = [
        [
            thousands(corpus.size),
            thousands(corpus.words),
            seconds(elapsed),
            rate(corpus.words, elapsed),
            thousands(report.triples),
        ]
    ]
    if ctx.raw_words_per_second:
        ratio = words_per_second / ctx.raw_words_per_second
        section.checks.append(
            check_at_least("build words/s ÷ spaCy words/s", ratio, TARGET_BUILD_RATIO)
        )
    else:
        section.checks.append(
            Check("build words/s ÷ spaCy words/s", f">= {TARGET_BUILD_RATIO}", "-", NOT_AVAILABLE)
        )
    validated = getattr(report, "validated", "")
    if validated:
        section.notes.append(f"The shapes were checked on the {validated} (see the README).")
    log(f"build: {rate(corpus.words, elapsed)} words/s")
    return section


def measure_jobs(ctx: Context) -> Section:
    """c. Wall time of ``kg build --jobs 2`` against ``--jobs 1``."""
    corpus = ctx.ratio_corpus
    section = Section(f"kg build --no-cache --jobs 2 against --jobs 1: {corpus.size:,} documents")
    section.headers = ["command", "time", "words/s"]
    dropped: list[str] = []
    try:
        times: dict[int, float] = {}
        for jobs in (1, 2):
            args = ctx.kg.build_args(
                corpus.folder,
                ctx.work / f"jobs-{jobs}.nt",
                required=[f"--jobs={jobs}"],
                optional=["--no-cache", "--quiet"],
                dropped=dropped,
            )
            log(f"jobs: kg build --jobs {jobs} over {corpus.size:,} documents")
            times[jobs] = ctx.kg.run(args).seconds
            section.rows.append(
                [f"kg build --jobs {jobs}", seconds(times[jobs]), rate(corpus.words, times[jobs])]
            )
            log(f"jobs: --jobs {jobs}: {seconds(times[jobs])}")
    except Unavailable as exc:
        section.checks.append(Check("speed-up", f">= {TARGET_SPEED_UP}×", "-", NOT_AVAILABLE))
        section.notes.append(f"not available: {exc}")
        return section
    section.checks.append(
        check_at_least(
            "speed-up (--jobs 1 time ÷ --jobs 2 time)", times[1] / times[2], TARGET_SPEED_UP, "×"
        )
    )
    section.notes.append(
        "CLI in a subprocess, wall time including start-up; "
        f"{os.cpu_count()} cores on this machine."
    )
    _note_dropped(section, dropped)
    return section


def measure_incremental(ctx: Context) -> Section:
    """d. A cold build with a cache, a rebuild of the same inputs, and a rebuild after one
    document changed."""
    corpus = ctx.ratio_corpus.copy_to(ctx.work / "incremental-corpus")
    section = Section(f"Incremental rebuilds with --cache-dir: {corpus.size:,} documents")
    section.headers = ["build", "time", "÷ full build"]
    cache = ctx.work / "incremental-cache"
    output = ctx.work / "incremental.nt"
    dropped: list[str] = []
    names = {
        "full": "full build, empty cache",
        "no-op": "rebuild, nothing changed",
        "one": "rebuild, one document changed",
    }
    times: dict[str, float] = {}
    try:
        args = ctx.kg.build_args(
            corpus.folder,
            output,
            required=[f"--cache-dir={cache}"],
            optional=["--jobs=1", "--quiet"],
            dropped=dropped,
        )
        for step in names:
            if step == "one":
                change_document(corpus.folder / "doc00000.txt")
            log(f"incremental: {names[step]}")
            times[step] = ctx.kg.run(args).seconds
            log(f"incremental: {names[step]}: {seconds(times[step])}")
    except Unavailable as exc:
        section.checks += [
            Check("no-op rebuild ÷ full build", f"<= {TARGET_NO_OP:.0%}", "-", NOT_AVAILABLE),
            Check("one changed ÷ full build", f"<= {TARGET_ONE_CHANGED:.0%}", "-", NOT_AVAILABLE),
        ]
        section.notes.append(f"not available: {exc}")
        return section
    full = times["full"]
    section.rows = [
        [names[step], seconds(value), f"{value / full:.1%}"] for step, value in times.items()
    ]
    section.checks += [
        check_fraction("no-op rebuild ÷ full build", times["no-op"] / full, TARGET_NO_OP),
        check_fraction("one changed ÷ full build", times["one"] / full, TARGET_ONE_CHANGED),
    ]
    section.notes.append(
        "CLI in subprocesses, same output file each time; each time includes the CLI's "
        f"start-up ({seconds(ctx.kg.startup)} for `kg build --help` on this machine), "
        f"which alone is {ctx.kg.startup / full:.1%} of the full build."
    )
    _note_dropped(section, dropped)
    return section


def change_document(path: Path) -> None:
    """Give one document new text: another selection of seed sentences."""
    old = path.read_text(encoding="utf-8")
    rng = random.Random(path.name)
    pool = seed_sentences()
    text = old
    while text == old:
        text = make_document(rng.sample(pool, min(12, len(pool))), rng)
    path.write_text(text, encoding="utf-8")


LONG_ARTICLE_CHARS = (10_000, 100_000, 1_000_000)
"""Sizes of the single varied-prose articles of the long-article row."""
REPEATED_ARTICLE_CHARS = 1_300_000
"""The size of the article of one sentence repeated (the case that once never finished)."""
TARGET_LONG_RATIO = 1.5
LONG_RATIO_FROM = 1_000_000
"""Articles at least this long are held to TARGET_LONG_RATIO."""
LONG_MEMORY_LIMIT = 3 * GIB


def long_article(chars: int, seed: int, repeated: bool = False) -> str:
    """One article of about ``chars`` characters: seed sentences in a random order, four to a
    paragraph (varied prose), or one seed sentence again and again in one paragraph."""
    sentences = seed_sentences()
    if repeated:  # the first that ends as a sentence does, and says something (a crew, a flight)
        sentence = next(s for s in sentences if s.endswith(".") and len(s.split()) >= 15)
        return " ".join([sentence] * (chars // (len(sentence) + 1))) + "\n"
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < chars:
        paragraph = " ".join(rng.choice(sentences) for _ in range(4))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


def measure_long_articles(ctx: Context, seed: int) -> Section:
    """f. One long article at a time: kg build in this process against ``nlp.pipe`` over the
    same text (in the chunks kg parses it in), and the peak memory of ``kg build``."""

    section = Section("Long articles: one document each")
    section.headers = ["article", "characters", "nlp.pipe", "kg build", "ratio", "peak RSS"]
    options = BuildOptions(reproducible=True, jobs=1, cache=False)
    cases = [(f"varied prose, {n:,} characters", n, False) for n in LONG_ARTICLE_CHARS]
    cases.append(
        (
            f"one sentence repeated, {REPEATED_ARTICLE_CHARS:,} characters",
            REPEATED_ARTICLE_CHARS,
            True,
        )
    )
    for name, chars, repeated in cases:
        folder = ctx.work / f"long-{chars}-{int(repeated)}"
        folder.mkdir()
        article = folder / "article.txt"
        text = long_article(chars, seed, repeated)
        article.write_text(text, encoding="utf-8")
        pieces = [p.text for p, _ in text_chunks(clean(text), CHUNK_CHARS)]
        log(f"long: nlp.pipe over {name}")
        clock = time.perf_counter()
        for _ in ctx.nlp.pipe(pieces, batch_size=KG_BATCH):
            pass
        parsed = time.perf_counter() - clock
        log(f"long: kg build over {name}")
        clock = time.perf_counter()
        build([article], ctx.work / f"long-{chars}-{int(repeated)}.nt", options)
        built = time.perf_counter() - clock
        run = ctx.kg.run(
            ctx.kg.build_args(
                folder, ctx.work / f"long-cli-{chars}.nt", optional=["--no-cache", "--quiet"]
            ),
            poll_memory=True,
        )
        ratio = built / parsed
        section.rows.append(
            [
                name,
                thousands(len(text)),
                seconds(parsed),
                seconds(built),
                f"{ratio:.2f}×",
                f"{run.peak_rss / MIB:,.0f} MiB",
            ]
        )
        log(f"long: {name}: nlp.pipe {seconds(parsed)}, build {seconds(built)} ({ratio:.2f}×)")
        if chars >= LONG_RATIO_FROM:
            section.checks.append(
                check_at_most(f"{name}: build time ÷ nlp.pipe time", ratio, TARGET_LONG_RATIO, "×")
            )
            section.checks.append(
                check_at_most(
                    f"{name}: peak RSS (GiB)", run.peak_rss / GIB, LONG_MEMORY_LIMIT / GIB
                )
            )
    section.notes = [
        "Each article is one file: seed sentences in a random order, four to a paragraph, "
        "or one seed sentence (the first that ends as a sentence does) repeated in one "
        "paragraph. `nlp.pipe` is kg's pipeline over the same text in the chunks kg "
        "parses it in (`kg.extract.document.text_chunks`); "
        "`kg build` runs in this process with the model loaded (validation on, no cache). "
        "Peak RSS is of `kg build --no-cache` in a subprocess (start-up and model included).",
    ]
    return section


def measure_memory(ctx: Context) -> Section:
    """e. Peak RSS, wall time and words per second of ``kg build`` at every size; the
    largest build's graph is kept for the queries."""
    section = Section("Peak memory of kg build --no-cache --jobs 1")
    section.headers = ["documents", "words", "time", "words/s", "peak RSS", "graph file"]
    dropped: list[str] = []
    peaks: dict[int, int] = {}
    for size, corpus in sorted(ctx.corpora.items()):
        output = ctx.work / f"graph-{size}.nt"
        args = ctx.kg.build_args(
            corpus.folder,
            output,
            optional=["--no-cache", "--jobs=1", "--quiet"],
            dropped=dropped,
        )
        log(f"memory: kg build over {size:,} documents")
        run = ctx.kg.run(args, poll_memory=True)
        peaks[size] = run.peak_rss
        section.rows.append(
            [
                thousands(size),
                thousands(corpus.words),
                seconds(run.seconds),
                rate(corpus.words, run.seconds),
                f"{run.peak_rss / MIB:,.0f} MiB",
                f"{output.stat().st_size / MIB:,.1f} MiB",
            ]
        )
        log(f"memory: {size:,} documents: {seconds(run.seconds)}, {run.peak_rss / MIB:,.0f} MiB")
        ctx.graphs[size] = output
        if size == max(ctx.corpora):
            ctx.graph = output
    largest = max(peaks)
    name = f"peak RSS at {largest:,} ÷ at {ctx.ratio_size:,} documents"
    if largest != ctx.ratio_size and peaks[ctx.ratio_size]:
        ratio = peaks[largest] / peaks[ctx.ratio_size]
        section.checks.append(check_at_most(name, ratio, TARGET_MEMORY_RATIO, "×"))
    else:
        section.checks.append(Check(name, f"<= {TARGET_MEMORY_RATIO}×", "-", NOT_AVAILABLE))
    section.notes.append(
        "CLI in subprocesses; peak RSS is the largest sum of resident memory over the process "
        f"and all its children, sampled every {POLL_SECONDS} s (pages that forked workers "
        "share are counted once per process). Times include start-up."
    )
    _note_dropped(section, dropped)
    return section


@dataclass(slots=True)
class QueryTiming:
    """One query's outcome on one engine (from :mod:`benchmarks.query_worker`)."""

    status: str
    message: str
    times: list[float]
    rows: int

    def first(self) -> str:
        if self.status == "timeout":
            return f"timed out ({self.message.removeprefix('no answer within ')})"
        if self.status != "ok" or not self.times:
            return f"error: {self.message}"
        return seconds(self.times[0])

    def best(self) -> str:
        if self.status != "ok" or len(self.times) < 2:
            return "-"
        return f"{seconds(min(self.times))} ({len(self.times)} runs)"


def run_query_worker(
    engine: str, source: Path, plan: dict[str, dict[str, str]], timeout: float, runs: int
) -> tuple[float, int, dict[str, QueryTiming]]:
    """Time the plan's queries on one engine in a worker process: the time it took to open
    or read the source, its triple or quad count, and each query's timing."""
    args = [
        sys.executable,
        "-m",
        "benchmarks.query_worker",
        f"--engine={engine}",
        f"--source={source}",
        f"--plan={json.dumps(plan)}",
        f"--timeout={timeout}",
        f"--runs={runs}",
        f"--repeat-below={REPEAT_BELOW}",
    ]
    done = subprocess.run(args, stdout=subprocess.PIPE, text=True, cwd=ROOT, check=True)
    ready_seconds, triples = 0.0, 0
    timings: dict[str, QueryTiming] = {}
    for line in done.stdout.splitlines():
        event = json.loads(line)
        if event["event"] == "ready":
            ready_seconds, triples = float(event["seconds"]), int(event["triples"])
        elif event["event"] == "query":
            timings[event["name"]] = QueryTiming(
                event["status"], event["message"], list(event["times"]), int(event["rows"])
            )
    return ready_seconds, triples, timings


def measure_queries(ctx: Context, timeout: float) -> Section:
    """f. Every canned query on the largest graph: rdflib on the file, and the embedded
    Oxigraph store after ``kg load``."""
    graph_file = ctx.graph
    size = max(ctx.corpora)
    section = Section(f"Canned queries on the {size:,}-document graph")
    if graph_file is None:
        section.notes.append("not available: no graph was built")
        return section
    store_dir = ctx.work / "store"
    log(f"queries: kg load {graph_file.name} --store")
    load = ctx.kg.run([*ctx.kg.command, "load", str(graph_file), "--store", str(store_dir)])
    log(f"queries: loaded in {seconds(load.seconds)}")
    with EmbeddedStore(store_dir, create=False) as store:
        label = busiest_entity_label(store)
    queries = list_queries()
    plan: dict[str, dict[str, str]] = {}
    for query in queries:
        required = [p.name for p in query.params if p.required]
        if not required or label is not None:
            plan[query.name] = {name: label for name in required if label is not None}

    log(f"queries: {len(plan)} queries on the store (timeout {timeout:g} s each)")
    _, quads, on_store = run_query_worker("store", store_dir, plan, timeout, STORE_QUERY_RUNS)
    log(f"queries: {len(plan)} queries with rdflib on the file (timeout {timeout:g} s each)")
    read_seconds, triples, on_rdflib = run_query_worker("rdflib", graph_file, plan, timeout, 1)

    section.headers = [
        "query",
        "parameters",
        "rows",
        "rdflib",
        "store, first run",
        f"store, best of up to {STORE_QUERY_RUNS}",
    ]
    section.rows.append(
        [
            "(loading)",
            "",
            f"{triples:,} triples",
            seconds(read_seconds),
            seconds(load.seconds),
            "",
        ]
    )
    missing = QueryTiming("error", "not run", [], 0)
    mismatched: list[str] = []
    for query in queries:
        if query.name not in plan:
            section.rows.append([query.name, "no value found", "", "", "", ""])
            continue
        store_timing = on_store.get(query.name, missing)
        rdflib_timing = on_rdflib.get(query.name, missing)
        both_ok = store_timing.status == rdflib_timing.status == "ok"
        if both_ok and store_timing.rows != rdflib_timing.rows:
            mismatched.append(
                f"{query.name} ({rdflib_timing.rows:,} with rdflib, {store_timing.rows:,} on "
                "the store)"
            )
        answered = store_timing if store_timing.status == "ok" else rdflib_timing
        section.rows.append(
            [
                query.name,
                ", ".join(f"{k}={v!r}" for k, v in plan[query.name].items()),
                thousands(answered.rows) if answered.status == "ok" else "-",
                rdflib_timing.first(),
                store_timing.first(),
                store_timing.best(),
            ]
        )

    target = f"< {TARGET_QUERY_SECONDS:g} s"
    name = f"every query on the store, first run ({target} each)"
    firsts = {
        q: (t.times[0] if t.status == "ok" and t.times else float("inf"))
        for q, t in on_store.items()
    }
    if not firsts:
        section.checks.append(Check(name, target, "-", NOT_AVAILABLE))
    else:
        slowest = max(firsts, key=firsts.__getitem__)
        over = [q for q, t in firsts.items() if t >= TARGET_QUERY_SECONDS]
        section.checks.append(
            Check(name, target, f"slowest: {slowest}, {on_store[slowest].first()}", _met(not over))
        )
        if over:
            section.notes.append(f"{target} not met on the store by: {', '.join(over)}.")
    if mismatched:
        section.notes.append(
            "rdflib and the store gave different row counts: " + "; ".join(mismatched)
        )
    section.notes += [
        f"(loading) row: rdflib is `kg.graph.rdf.read_graph` of the N-Triples file ({triples:,} "
        f"triples); the store is `kg load GRAPH --store DIR` in a subprocess ({quads:,} quads), "
        "start-up included.",
        "Queries run through `kg.sparql.queries.run_query` in a worker process "
        "(`benchmarks/query_worker.py`): on the file's graph with rdflib (one run) and on "
        "`kg.sparql.store.EmbeddedStore` (Oxigraph); each query in a child process that is stopped "
        f"after {timeout:g} s (`--query-timeout`). The times are the queries' alone, not "
        f"start-up's. The store repeats a query when its first run took under {REPEAT_BELOW:g} s.",
        "Optional parameters are left out; required ones get the label of the entity that is "
        "the subject of the most evidence records.",
    ]
    return section


BUSIEST_ENTITY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label (COUNT(?evidence) AS ?n) WHERE {
  ?evidence rdf:subject ?entity .
  ?entity rdfs:label ?label .
}
GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT 1
"""
ANY_LABEL = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?entity rdfs:label ?label } ORDER BY ?label LIMIT 1
"""


def busiest_entity_label(store: EmbeddedStore) -> str | None:
    """A name to give queries that need one: the entity with the most evidence, else any
    (asked of all the store's graphs at once, straight from Oxigraph)."""
    for text in (BUSIEST_ENTITY, ANY_LABEL):
        result = store.oxigraph.query(text, use_default_graph_as_union=True)
        for solution in result:  # type: ignore[union-attr]
            label = solution["label"]
            if label is not None:
                return str(label.value)
    return None


def _note_dropped(section: Section, dropped: Sequence[str]) -> None:
    if dropped:
        section.notes.append(
            f"this kg build has no {', '.join(o.split('=')[0] for o in dropped)}; run without it."
        )


# ---------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=None,
        help="Corpus sizes in documents, comma-separated (default 100,1000,10000).",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="Sizes 20,100,300, results to a temporary file unless --out is given.",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help=f"The results file (default {DEFAULT_OUT})."
    )
    parser.add_argument("--seed", type=int, default=0, help="The corpora's random seed.")
    parser.add_argument(
        "--query-timeout",
        type=float,
        default=None,
        help=f"Stop a query after this many seconds (default {QUERY_TIMEOUT:g}, "
        f"{QUICK_QUERY_TIMEOUT:g} with --quick).",
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the temporary folder (corpora, graphs, store)."
    )
    parser.add_argument(
        "--only",
        type=lambda text: {part.strip() for part in text.split(",")},
        default=None,
        help="Run only these measurements, comma-separated (for example 'long articles').",
    )
    return parser.parse_args(argv)


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def ratio_size(sizes: Sequence[int]) -> int:
    """The size ratios are taken at: 1,000 documents, else the middle size."""
    return RATIO_SIZE if RATIO_SIZE in sizes else sorted(sizes)[len(sizes) // 2]


def machine_header(quick: bool, kg: KgCommand, nlp: Language) -> list[tuple[str, str]]:
    loads = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        ("date", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("mode", "quick" if quick else "full"),
        ("machine", f"{platform.machine()}, {platform.system()} {platform.release()}"),
        ("CPU cores", str(os.cpu_count())),
        ("memory", f"{psutil.virtual_memory().total / GIB:.1f} GiB"),
        ("load average at start", loads),
        ("Python", platform.python_version()),
        ("spaCy", spacy_about.__version__),
        ("model", f"{model_description(nlp)} (package {model_name()})"),
        ("kg", SOFTWARE_VERSION),
        ("kg CLI start-up", f"{seconds(kg.startup)} (`kg build --help`)"),
        ("kg build options", " ".join(sorted(kg.build_options))),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes: tuple[int, ...] = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    query_timeout: float = args.query_timeout or (
        QUICK_QUERY_TIMEOUT if args.quick else QUERY_TIMEOUT
    )
    if args.out is not None:
        out: Path = args.out
    elif args.quick:
        out = Path(tempfile.mkstemp(prefix="kg-bench-", suffix=".md")[1])
    else:
        out = DEFAULT_OUT
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    # kg's default cache folder inside the work folder, for this process and the kg commands:
    # nothing outside it is touched, and no earlier run's cache can speed a build up
    os.environ["KG_CACHE_DIR"] = str(work / "default-cache")
    failures = 0
    try:
        log(f"probing the kg command; work folder {work}")
        kg = KgCommand()
        corpora: dict[int, Corpus] = {}
        for size in sizes:
            folder = work / f"corpus-{size}"
            corpora[size] = Corpus(size, folder, make_corpus(size, folder, seed=args.seed))
            log(f"corpus: {size:,} documents, {corpora[size].words:,} words")
        log("loading kg's spaCy pipeline")
        ctx = Context(kg, work, corpora, ratio_size(sizes), load_pipeline())
        report = Report(
            header=machine_header(args.quick, kg, ctx.nlp),
            corpora=[
                [
                    thousands(c.size),
                    thousands(c.words),
                    f"{c.words / c.size:,.0f}",
                    thousands(sum(p.stat().st_size for p in c.folder.glob("*.txt"))),
                ]
                for c in corpora.values()
            ],
            notes=[
                "Documents are random selections of sentences from the seed articles "
                f"(`benchmarks/corpus.py`, seed {args.seed}), no two alike.",
                f"Ratios are taken at {ctx.ratio_size:,} documents; every build writes "
                "N-Triples (`.nt`) and validates the graph (the default).",
                "The measurements run one after another on the same corpora; "
                "other load on the machine shows in the times.",
            ],
        )
        steps: list[tuple[str, Callable[[], Section]]] = [
            ("spaCy alone", lambda: measure_raw_spacy(ctx)),
            ("kg build in-process", lambda: measure_build(ctx)),
            ("--jobs", lambda: measure_jobs(ctx)),
            ("incremental rebuilds", lambda: measure_incremental(ctx)),
            ("peak memory", lambda: measure_memory(ctx)),
            ("queries", lambda: measure_queries(ctx, query_timeout)),
            ("store sync", lambda: measure_sync(ctx)),
            ("store loads", lambda: measure_loads(ctx)),
            ("long articles", lambda: measure_long_articles(ctx, args.seed)),
        ]
        if args.only:
            steps = [(name, step) for name, step in steps if name in args.only]
        for name, step in steps:
            try:
                section = step()
            except Exception as exc:
                failures += 1
                traceback.print_exc()
                section = Section(name, notes=[f"failed: {type(exc).__name__}: {exc}"])
                section.checks.append(Check(name, "-", "-", FAILED))
            report.sections.append(section)
            report.write(out)
        report.header.append(
            ("load average at end", ", ".join(f"{x:.2f}" for x in os.getloadavg()))
        )
        report.header.append(("harness wall time", seconds(time.perf_counter() - _STARTED)))
        report.write(out)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    log(f"wrote {out}" + (f" ({failures} measurement(s) failed)" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    # benchmarks.stores imports this module by name: let it find this one, not a second copy
    # (whose clock and classes would be its own)
    sys.modules.setdefault("benchmarks.run", sys.modules[__name__])
    sys.exit(main())
