"""The main job: documents in, a validated graph file out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph
from spacy.language import Language

from kg.cache import (
    BuildRecord,
    ExtractionCache,
    default_cache_dir,
    pipeline_fingerprint,
    read_build_record,
)
from kg.errors import GraphError, InputError
from kg.extract.document import extract_documents
from kg.graph.conform import conform
from kg.graph.consolidate import implied_facts, merge_events
from kg.graph.formats import check_writable, format_for, write_graph
from kg.graph.iris import ENTITY_GRAPH, document_iri
from kg.graph.rdf import new_dataset, new_graph, partition, read_graph, union_graph
from kg.graph.resolve import resolve, resolve_facts
from kg.graph.triples import Assembly, Triple, nquads
from kg.graph.validate import SHAPES_FILE, ValidationReport, validate_graph
from kg.nlp.model import ModelInfo, model_info
from kg.nlp.pipeline import load_pipeline
from kg.paths import DEFAULT_OUTPUT, SEEDS_DIR
from kg.records import BuildInfo, Document, Extraction
from kg.runner import Progress, extract_all
from kg.sparql.backend import LoadReport
from kg.sparql.targets import Target, open_target
from kg.text.documents import Inputs, read_inputs
from kg.version import SOFTWARE_VERSION

WHOLE_VALIDATION_STATEMENTS = 20_000
"""Graphs of up to this many statements are checked against the shapes whole; larger ones
on the focus graph (kg.graph.triples.Assembly.focus_graph), which grows with the entities,
facts and events, not with the text. pyshacl takes about 0.1 ms per statement, so the whole
check stays under about two seconds; a long single document (a report, a transcript) is
checked on its focus graph like a large corpus. kg validate checks any graph whole."""


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
    skipped: list[str] = field(default_factory=list)
    """Input files left out, each with the reason."""
    notes: list[str] = field(default_factory=list)
    """Things worth knowing about inputs that were read (an encoding that was guessed)."""
    cached: int = 0
    """Documents whose findings came from the cache."""
    up_to_date: bool = False
    """Nothing had changed since the build that wrote the output: it was left as it was."""
    dropped: list[str] = field(default_factory=list)
    """Facts and event links the ontology refused (kg.graph.conform), one line each."""
    validated: str = ""
    """What the shapes were checked on: "whole graph", "focus graph" (see
    kg.graph.triples.Assembly.focus_graph) or "" (not validated)."""
    _dataset: Dataset | None = field(repr=False, default=None)

    @property
    def dataset(self) -> Dataset:
        """The graph, as an rdflib dataset read back from the output (for small graphs:
        tests, notebooks)."""
        if self._dataset is None:
            if self.output is None:
                raise GraphError("no graph was written")
            self._dataset = partition(read_graph(self.output))
        return self._dataset

    @property
    def graph(self) -> Graph:
        """Every triple of the dataset in one graph: what Turtle, N-Triples and JSON-LD hold."""
        return union_graph(self.dataset)


def dataset_from_documents(
    documents: Sequence[Document], nlp: Language, reproducible: bool = False
) -> tuple[Dataset, BuildReport]:
    """Extract, resolve and consolidate the documents into a dataset (not yet validated)."""
    started = _now()
    extractions = list(extract_documents(documents, nlp))
    return dataset_from_extractions(extractions, build_info(nlp, started, _now(), reproducible))


def dataset_from_extractions(
    extractions: Sequence[Extraction], info: BuildInfo
) -> tuple[Dataset, BuildReport]:
    """The global pass's graph as an rdflib dataset (for small graphs: tests, notebooks)."""
    assembly, report = assemble(extractions, info)
    dataset = new_dataset()
    dataset.parse(data="".join(nquads(assembly.graphs())), format="nquads")
    report.triples = len(dataset)
    report._dataset = dataset
    return dataset, report


def assemble(extractions: Sequence[Extraction], info: BuildInfo) -> tuple[Assembly, BuildReport]:
    """The global pass: resolve and consolidate the documents' findings; the graph is
    made from the result as it is written (see kg.graph.triples)."""
    clock = time.perf_counter()
    entities, owner = resolve(
        (m for x in extractions for m in x.mentions), (a for x in extractions for a in x.aliases)
    )
    events = merge_events((e for x in extractions for e in x.events), owner)
    facts = [f for x in extractions for f in x.facts]
    statements = resolve_facts([*facts, *implied_facts(events, facts, owner)], owner)
    kept = conform(statements, events)
    assembly = Assembly(extractions, entities, kept.statements, kept.events, info)
    report = BuildReport(
        output=None,
        documents=len(extractions),
        entities_by_type=dict(sorted(Counter(e.type for e in entities).items())),
        facts=len(kept.statements),
        events=len(kept.events),
        triples=0,
        seconds=time.perf_counter() - clock,
        dropped=kept.dropped,
    )
    return assembly, report


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How a build runs; every default is the CLI's."""

    model: str | None = None
    """The spaCy model (package or path); by default kg.nlp.model chooses."""
    fmt: str | None = None
    """The output format; by default the one the output's suffix names."""
    validate: bool = True
    """Check the shapes before writing, and write nothing that does not conform."""
    reproducible: bool = False
    """Pin the build's times (to $SOURCE_DATE_EPOCH, else 1970): the same input, the same bytes."""
    strict: bool = False
    """Refuse any input that cannot be used instead of skipping it."""
    jobs: int = 1
    """Processes for the per-document stage."""
    engine: str = "local"
    """Where the per-document stage runs: "local" or "dask" (see kg.runner)."""
    scheduler: str | None = None
    """With the dask engine: a running scheduler's address."""
    cache: bool = True
    """Reuse the findings of documents parsed before, and leave an output that is up to date."""
    cache_dir: Path | None = None
    """The cache folder; by default kg.cache.default_cache_dir()."""
    store: Path | None = None
    """Also keep this embedded store in step with the graph (kg.sparql.sync)."""
    target: Target | None = None
    """Also keep this store or server in step with the graph (a Target naming ``store`` is
    the same as ``store``)."""
    full_load: bool = False
    """Replace every graph in the store or server, not only the changed ones."""

    @property
    def load_target(self) -> Target | None:
        """The store or server the build keeps in step, if any."""
        if self.target is not None and (self.target.store or self.target.endpoint):
            return self.target
        return Target(store=self.store) if self.store is not None else None


def build(
    paths: Sequence[Path] = (),
    output: Path = DEFAULT_OUTPUT,
    options: BuildOptions | None = None,
    *,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the graph of ``paths`` (the bundled seeds when empty) and write it to ``output``.

    Every input is read and checked before any work: files that cannot be used are
    skipped and listed in the report (``strict``: refused); the graph is validated against
    the shapes before it is written, and the file is replaced atomically, so bad input, a
    graph that does not conform, or a failure never leaves a partial graph behind. With
    ``store`` (or a ``target`` store or server), the store is kept in step with the graph:
    only the graphs of new and changed documents are written, those of removed ones
    dropped, and the entity graph changed where it changed (kg.sparql.sync). The store is
    opened first, so a store in use stops the build before any work.

    The per-document stage runs on ``engine`` with ``jobs`` processes (see kg.runner); with
    ``cache``, documents parsed before are not parsed again, and a build whose inputs and
    options have not changed leaves the output as it is (see kg.cache). The output is the
    same whatever the engine, the jobs and the cache. ``progress`` is told how many more
    documents are done.
    """
    options = options or BuildOptions()
    target = options.load_target
    with ExitStack() as stack:
        store = None
        if target is not None:
            store = stack.enter_context(open_target(target, load=True))
        kept: dict[str, bytes] | None = {} if store is not None else None
        report = _build(paths, output, options, progress, kept=kept)
        if store is not None and kept is not None:
            report.load = store.load(kept, full=options.full_load)
        return report


def remove(
    documents: Sequence[str],
    output: Path = DEFAULT_OUTPUT,
    options: BuildOptions | None = None,
    *,
    progress: Progress | None = None,
) -> BuildReport:
    """Take ``documents`` (file paths or names, document ids or IRIs) out of the graph at
    ``output`` and out of the store or server the options name.

    The graph is built again from the other files of the build that wrote it (the cache
    remembers them), with that build's settings; their findings come from the cache, so
    nothing is parsed again. Whatever only the removed documents supported goes (their
    graphs, entities, facts, evidence records, events); what others support stays, with
    the evidence and confidence those others give. A store is kept in step as by a build:
    the removed documents' graphs are dropped and the entity graph changed where it
    changed.

    :raises InputError: the cache has no record of the build, a document is not one of
        it, or none would be left.
    """
    options = options or BuildOptions()
    folder = options.cache_dir or default_cache_dir()
    record = read_build_record(folder, output) if options.cache else None
    if record is None or not record.files:
        raise InputError(
            f"{output}: the cache ({folder}) has no record of the build that wrote it "
            "(built with --no-cache, by an older kg, or the cache was cleared); "
            "build it again from the files to keep"
        )
    chosen = set()
    for document in documents:
        chosen |= _matching(document, record, output)
    remaining = [Path(f) for n, f in enumerate(record.files) if n not in chosen]
    if not remaining:
        raise InputError(f"{output}: removing {len(chosen)} documents would leave none")
    settings = record.settings
    options = dataclasses.replace(
        options,
        model=_text_setting(settings, "model", options.model),
        fmt=_text_setting(settings, "format", options.fmt),
        validate=bool(settings.get("validate", options.validate)),
        reproducible=bool(settings.get("reproducible", options.reproducible)),
        strict=bool(settings.get("strict", options.strict)),
    )
    return build(remaining, output, options, progress=progress)


def _text_setting(settings: Mapping[str, object], name: str, default: str | None) -> str | None:
    value = settings.get(name, default)
    return value if isinstance(value, str) else default


def _matching(document: str, record: BuildRecord, output: Path) -> set[int]:
    """The positions of the build's files that ``document`` names: by path, by file
    name, by document id or by document IRI."""
    path = Path(document).resolve()
    by_path = {n for n, f in enumerate(record.files) if Path(f) == path}
    if by_path:
        return by_path
    ids = record.ids if len(record.ids) == len(record.files) else [""] * len(record.files)
    found = {
        n
        for n, (f, doc_id) in enumerate(zip(record.files, ids, strict=True))
        if document in (Path(f).name, doc_id, str(document_iri(doc_id)) if doc_id else "")
    }
    if len(found) > 1:
        names = ", ".join(record.files[n] for n in sorted(found))
        raise InputError(
            f"{document}: names {len(found)} documents of {output} ({names}); give its path"
        )
    if not found:
        raise InputError(
            f"{document}: not a document of {output} (give a file's path or name, a "
            "document id or a document IRI of the build that wrote it)"
        )
    return found


def _build(
    paths: Sequence[Path],
    output: Path,
    options: BuildOptions,
    progress: Progress | None,
    kept: dict[str, bytes] | None = None,
) -> BuildReport:
    """The steps of a build: check the output and read the inputs (before the model is
    even looked for), stop if the output is up to date, extract each document, resolve and
    consolidate, check the shapes, write, record in the cache. With ``kept``, each graph
    written is also put there as N-Triples by name, for a store (and the output is made
    even when up to date)."""
    clock = time.perf_counter()
    check_writable(output)
    fmt = format_for(output, options.fmt)
    epoch = _source_date_epoch()  # a bad value fails now, not after the work
    inputs = read_inputs(paths or [SEEDS_DIR], strict=options.strict)
    cache = _open_cache(options)
    fingerprint = _fingerprint(cache, inputs.documents, fmt, epoch, options)
    if kept is None and cache is not None and cache.up_to_date(output, fingerprint):
        return _unchanged(output, inputs, fmt, time.perf_counter() - clock)
    started = _now()
    extractions = _extract(inputs.documents, options, cache, progress)
    info = build_info(model_info(options.model), started, _now(), options.reproducible)
    assembly, report = assemble(extractions, info)
    del extractions  # the assembly holds what is still needed
    report.skipped = [str(s) for s in inputs.skipped]
    report.notes = inputs.notes
    report.cached = cache.hits if cache is not None else 0
    # small: made once, checked whole and written; large: made again to be written
    whole = _whole_if_small(assembly.graphs(), WHOLE_VALIDATION_STATEMENTS)
    graphs: Iterable[tuple[str | None, Sequence[Triple]]] = (
        whole if whole is not None else assembly.graphs()
    )
    if options.validate:
        report.validated, report.validation = _check_shapes(assembly, graphs, output)
    if kept is not None:
        graphs = _keeping(graphs, kept)
    report.triples = write_graph(output, graphs, fmt)
    if cache is not None:
        settings = {
            "model": options.model,
            "format": fmt,
            "validate": options.validate,
            "reproducible": options.reproducible,
            "strict": options.strict,
        }
        files = [str(f.resolve()) for f in inputs.files]
        ids = [d.id for d in inputs.documents]
        cache.record(output, fingerprint, BuildRecord(files, ids, settings))
    report.output, report.format = output, fmt
    report.seconds = time.perf_counter() - clock
    return report


def _keeping(
    graphs: Iterable[tuple[str | None, Sequence[Triple]]], kept: dict[str, bytes]
) -> Iterator[tuple[str | None, Sequence[Triple]]]:
    """The graphs as they go by, each also put in ``kept`` as the N-Triples a store
    keeps (the default graph as the entity graph)."""
    for name, triples in graphs:
        kept[name or str(ENTITY_GRAPH)] = "".join(f"{t} .\n" for t in triples).encode()
        yield name, triples


def _open_cache(options: BuildOptions) -> ExtractionCache | None:
    """The extraction cache of this pipeline (model and kg's code), if the build uses one."""
    if not options.cache:
        return None
    folder = options.cache_dir or default_cache_dir()
    return ExtractionCache(folder, pipeline_fingerprint(options.model))


def _fingerprint(
    cache: ExtractionCache | None,
    documents: Sequence[Document],
    fmt: str,
    epoch: dt.datetime | None,
    options: BuildOptions,
) -> str:
    """What the output depends on (see kg.cache); empty without a cache."""
    if cache is None:
        return ""
    return cache.build_fingerprint(
        documents,
        {
            "format": fmt,
            "validate": options.validate,
            "reproducible": options.reproducible,
            "epoch": epoch,
            "version": SOFTWARE_VERSION,
        },
    )


def _unchanged(output: Path, inputs: Inputs, fmt: str, seconds: float) -> BuildReport:
    """The report of a build that found its output up to date and left it alone."""
    return BuildReport(
        output=output,
        documents=len(inputs.documents),
        entities_by_type={},
        facts=0,
        events=0,
        triples=0,
        seconds=seconds,
        format=fmt,
        skipped=[str(s) for s in inputs.skipped],
        notes=inputs.notes,
        up_to_date=True,
    )


def _extract(
    documents: Sequence[Document],
    options: BuildOptions,
    cache: ExtractionCache | None,
    progress: Progress | None,
) -> list[Extraction]:
    """The per-document stage, on the engine the options name (see kg.runner)."""
    return extract_all(
        documents,
        options.model,
        jobs=options.jobs,
        engine=options.engine,
        scheduler=options.scheduler,
        cache=cache,
        progress=progress,
        load=load_pipeline,
    )


def _whole_if_small(
    graphs: Iterable[tuple[str | None, Sequence[Triple]]], limit: int
) -> list[tuple[str | None, Sequence[Triple]]] | None:
    """The graphs made into a list if they hold at most ``limit`` statements, else None
    (having made no more than ``limit`` of them)."""
    kept: list[tuple[str | None, Sequence[Triple]]] = []
    count = 0
    for name, triples in graphs:
        count += len(triples)
        if count > limit:
            return None
        kept.append((name, triples))
    return kept


def _check_shapes(
    assembly: Assembly, graphs: Iterable[tuple[str | None, Sequence[Triple]]], output: Path
) -> tuple[str, ValidationReport]:
    """Validate the whole graph when it is small (``graphs`` is a list), else the focus
    graph; a graph that does not conform is never written."""
    if isinstance(graphs, list):
        checked, scope = [t for _, ts in graphs for t in ts], "whole graph"
    else:
        checked, scope = assembly.focus_graph(), "focus graph"
    validation = validate_graph(new_graph().parse(data=_lines(checked), format="nt"))
    violations = validation.violations
    if violations:
        raise GraphError(
            f"{output}: not written: the graph does not conform to {SHAPES_FILE.name} "
            f"({len(violations)} violations, the first: {violations[0]}; "
            "--no-validate writes it, then kg validate lists them all)"
        )
    return scope, validation


def _lines(triples: Iterable[Triple]) -> str:
    return "".join(f"{t} .\n" for t in triples)


def build_info(
    model: Language | ModelInfo,
    started: dt.datetime,
    ended: dt.datetime,
    reproducible: bool = False,
) -> BuildInfo:
    """The build activity's record. With ``reproducible`` or ``SOURCE_DATE_EPOCH`` its
    times are pinned, so the same input gives the same bytes."""
    pinned = _source_date_epoch()
    if pinned is None and reproducible:
        pinned = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    if pinned is not None:
        started = ended = pinned
    if not isinstance(model, ModelInfo):
        meta = model.meta
        name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
        model = ModelInfo(name, str(meta.get("version", "0")))
    return BuildInfo(started, ended, SOFTWARE_VERSION, model.name, model.version)


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
