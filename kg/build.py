"""The main job: documents in, a graph file out."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from spacy.language import Language

from kg.clean import CleanText, clean
from kg.consolidate import implied_facts, merge_events
from kg.documents import read_documents
from kg.errors import GraphError
from kg.extract import extract
from kg.nlp import load_pipeline
from kg.paths import SEEDS_DIR
from kg.rdf import build_graph, write_graph
from kg.records import Document, Extraction
from kg.resolve import resolve, resolve_facts

DEFAULT_OUTPUT = Path("out/graph.ttl")
BATCH_SIZE = 32
"""Small batches suit article-length texts (see PERFORMANCE.md: faster and far less memory)."""


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
    graph: Graph = field(repr=False, default_factory=Graph)


def extract_documents(documents: Sequence[Document], nlp: Language) -> Iterator[Extraction]:
    """Clean and parse the documents as one stream (``nlp.pipe``) and run the rules on each."""
    cleaned: list[CleanText] = [clean(d.text) for d in documents]
    pairs = ((c.text, (d, c)) for d, c in zip(documents, cleaned, strict=True))
    for doc, (document, clean_text) in nlp.pipe(pairs, as_tuples=True, batch_size=BATCH_SIZE):
        yield extract(doc, document, clean_text)


def graph_from_documents(documents: Sequence[Document], nlp: Language) -> tuple[Graph, BuildReport]:
    started = time.perf_counter()
    extractions = list(extract_documents(documents, nlp))
    entities, owner = resolve(
        (m for x in extractions for m in x.mentions), (a for x in extractions for a in x.aliases)
    )
    events = merge_events((e for x in extractions for e in x.events), owner)
    facts = [f for x in extractions for f in x.facts]
    statements = resolve_facts([*facts, *implied_facts(events, facts, owner)], owner)
    graph = build_graph(documents, entities, statements, events)
    report = BuildReport(
        output=None,
        documents=len(documents),
        entities_by_type=dict(sorted(Counter(e.type for e in entities).items())),
        facts=len(statements),
        events=len(events),
        triples=len(graph),
        seconds=time.perf_counter() - started,
        graph=graph,
    )
    return graph, report


def build(
    paths: Sequence[Path] = (),
    output: Path = DEFAULT_OUTPUT,
    model: str | None = None,
) -> BuildReport:
    """Build the graph of ``paths`` (the bundled seeds when empty) and write it to ``output``.

    Every input is read and checked before any work, and the file is replaced atomically,
    so bad input or a failure never leaves a partial graph behind.
    """
    started = time.perf_counter()
    _check_output(output)
    documents = read_documents(paths or [SEEDS_DIR])
    nlp = load_pipeline(model)
    graph, report = graph_from_documents(documents, nlp)
    write_graph(graph, output)
    report.output = output
    report.seconds = time.perf_counter() - started
    return report


def _check_output(output: Path) -> None:
    if output.is_dir():
        raise GraphError(f"{output}: is a folder; give a file name such as {output / 'graph.ttl'}")
