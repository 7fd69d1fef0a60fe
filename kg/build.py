"""The main job: documents in, a validated graph file out."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rdflib import Dataset, Graph
from spacy.language import Language

from kg.clean import CleanText, clean
from kg.consolidate import implied_facts, merge_events
from kg.documents import read_documents
from kg.errors import GraphError, InputError
from kg.extract import extract
from kg.formats import check_writable, format_for, serialize, write_atomic
from kg.nlp import load_pipeline
from kg.paths import SEEDS_DIR
from kg.rdf import BuildInfo, build_dataset, union_graph
from kg.records import Document, Extraction
from kg.resolve import resolve, resolve_facts
from kg.store import EmbeddedStore, LoadReport, store_graphs
from kg.validate import SHAPES_FILE, ValidationReport, validate_graph

DEFAULT_OUTPUT = Path("out/graph.ttl")
BATCH_SIZE = 32
"""Small batches suit article-length texts (see PERFORMANCE.md: faster and far less memory)."""
SHOWN_VIOLATIONS = 20

try:
    SOFTWARE_VERSION = version("kg")
except PackageNotFoundError:  # running from a checkout that was never installed
    SOFTWARE_VERSION = "0+unknown"


@dataclass(slots=True)
class BuildReport:
    """What a build produced, for the summary line."""

    output: Path | None
    documents: int
    entities_by_type: dict[str, int]
    facts: int
    events: int
    triples: int
    seconds: float
    format: str = "turtle"
    validation: ValidationReport | None = None
    load: LoadReport | None = None
    """What loading into a store did, when the build was asked to."""
    dataset: Dataset = field(repr=False, default_factory=Dataset)
    graph: Graph = field(repr=False, default_factory=Graph)
    """Every triple of the dataset in one graph: what Turtle, N-Triples and JSON-LD hold."""


def extract_documents(documents: Sequence[Document], nlp: Language) -> Iterator[Extraction]:
    """Clean and parse the documents as one stream (``nlp.pipe``) and run the rules on each."""
    cleaned: list[CleanText] = [clean(d.text) for d in documents]
    pairs = ((c.text, (d, c)) for d, c in zip(documents, cleaned, strict=True))
    for doc, (document, clean_text) in nlp.pipe(pairs, as_tuples=True, batch_size=BATCH_SIZE):
        yield extract(doc, document, clean_text)


def dataset_from_documents(
    documents: Sequence[Document], nlp: Language, reproducible: bool = False
) -> tuple[Dataset, BuildReport]:
    """Extract, resolve and consolidate the documents into a dataset (not yet validated)."""
    clock = time.perf_counter()
    started = _now()
    extractions = list(extract_documents(documents, nlp))
    entities, owner = resolve(
        (m for x in extractions for m in x.mentions), (a for x in extractions for a in x.aliases)
    )
    events = merge_events((e for x in extractions for e in x.events), owner)
    facts = [f for x in extractions for f in x.facts]
    statements = resolve_facts([*facts, *implied_facts(events, facts, owner)], owner)
    info = build_info(nlp, started, _now(), reproducible)
    dataset = build_dataset(extractions, entities, statements, events, info)
    graph = union_graph(dataset)
    report = BuildReport(
        output=None,
        documents=len(documents),
        entities_by_type=dict(sorted(Counter(e.type for e in entities).items())),
        facts=len(statements),
        events=len(events),
        triples=len(graph),
        seconds=time.perf_counter() - clock,
        dataset=dataset,
        graph=graph,
    )
    return dataset, report


def build(
    paths: Sequence[Path] = (),
    output: Path = DEFAULT_OUTPUT,
    model: str | None = None,
    fmt: str | None = None,
    validate: bool = True,
    reproducible: bool = False,
    store: Path | None = None,
) -> BuildReport:
    """Build the graph of ``paths`` (the bundled seeds when empty) and write it to ``output``
    in ``fmt`` (by default the format its suffix names).

    Every input is read and checked before any work; the graph is validated against the
    shapes before it is written, and the file is replaced atomically, so bad input, a
    graph that does not conform, or a failure never leaves a partial graph behind. With
    ``store``, the graph is also loaded into that embedded store (opened first, so a store
    in use stops the build before any work).
    """
    with ExitStack() as stack:
        opened = stack.enter_context(EmbeddedStore(store)) if store is not None else None
        report = _build(paths, output, model, fmt, validate, reproducible)
        if opened is not None:
            report.load = opened.load(store_graphs(report.dataset))
        return report


def _build(
    paths: Sequence[Path],
    output: Path,
    model: str | None,
    fmt: str | None,
    validate: bool,
    reproducible: bool,
) -> BuildReport:
    clock = time.perf_counter()
    check_writable(output)
    fmt = format_for(output, fmt)
    _source_date_epoch()  # a bad value fails now, not after the work
    documents = read_documents(paths or [SEEDS_DIR])
    nlp = load_pipeline(model)
    dataset, report = dataset_from_documents(documents, nlp, reproducible)
    if validate:
        report.validation = validate_graph(report.graph)
        if not report.validation.conforms:
            lines = report.validation.lines(limit=SHOWN_VIOLATIONS)
            raise GraphError(
                f"{output}: not written: the graph does not conform to {SHAPES_FILE.name} "
                f"(--no-validate writes it anyway)\n" + "\n".join(lines)
            )
    write_atomic(output, serialize(dataset, fmt))
    report.output, report.format = output, fmt
    report.seconds = time.perf_counter() - clock
    return report


def build_info(
    nlp: Language, started: dt.datetime, ended: dt.datetime, reproducible: bool = False
) -> BuildInfo:
    """The build activity's record. With ``reproducible`` or ``SOURCE_DATE_EPOCH`` its
    times are pinned, so the same input gives the same bytes."""
    pinned = _source_date_epoch()
    if pinned is None and reproducible:
        pinned = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    if pinned is not None:
        started = ended = pinned
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
    return BuildInfo(started, ended, SOFTWARE_VERSION, name, str(meta.get("version", "0")))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _source_date_epoch() -> dt.datetime | None:
    """The time ``SOURCE_DATE_EPOCH`` names (https://reproducible-builds.org/specs/source-date-epoch/)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise InputError(
            f"SOURCE_DATE_EPOCH={value!r}: not a whole number of seconds since 1970"
        ) from None
