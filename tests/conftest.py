"""Shared fixtures. The trained pipeline and the seeds graph are built once per session.

A test that needs the trained spaCy model says so by requesting ``trained_model``, directly or
through a fixture built on it (``nlp``, ``seeds_build``, ``seeds_graph_path``, ``seeds_graph``),
and is then marked ``model`` (the hook below): ``-m "not model"`` leaves it out, and
``-p tests.no_model`` hides the model from every other test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import spacy
from rdflib import Dataset, Graph
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import builder
from kg.builder import BuildReport, build
from kg.cache import CACHE_ENV
from kg.cli import main
from kg.graph.triples import build_dataset
from kg.nlp.model import model_name
from kg.nlp.pipeline import add_rules, load_pipeline
from kg.paths import SEEDS_DIR
from kg.records import BuildInfo, Document, Entity, Extraction, Fact, Mention, Statement
from tests.servers import FaultProxy, oxigraph_server

GOLD = Path(__file__).parent / "data" / "seeds-gold.json"

# builds in the suite never touch the user's cache; each test gets its own (below)
os.environ[CACHE_ENV] = tempfile.mkdtemp(prefix="kg-test-cache-")


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh extraction cache per test: no test sees another's findings."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``model`` every test whose fixtures include ``trained_model``, before ``-m``
    selects by marker."""
    for item in items:
        if "trained_model" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.model)


@pytest.fixture(scope="session")
def trained_model() -> str:
    """The name of the trained spaCy model that builds use (``build()``, ``kg build``). Request
    it in every test that builds with the model, even one that never reads the name: that is
    what marks the test ``model``."""
    return model_name()


@pytest.fixture(scope="session")
def nlp(trained_model: str) -> Language:
    """The real trained pipeline with kg's rules."""
    return load_pipeline(trained_model)


@pytest.fixture(scope="session")
def blank_nlp() -> Language:
    """``spacy.blank("en")`` with kg's rules: rule tests that do not depend on the model."""
    return add_rules(spacy.blank("en"))


@pytest.fixture(scope="session")
def seeds_build(trained_model: str, tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    output = tmp_path_factory.mktemp("seeds") / "graph.ttl"
    return build([SEEDS_DIR], output)


@pytest.fixture(scope="session")
def seeds_graph_path(seeds_build: BuildReport) -> Path:
    assert seeds_build.output is not None
    return seeds_build.output


@pytest.fixture(scope="session")
def seeds_graph(seeds_graph_path: Path) -> Graph:
    return Graph().parse(seeds_graph_path, format="turtle")


@pytest.fixture
def make_doc(blank_nlp: Language) -> Callable[..., Doc]:
    """A blank-pipeline Doc with entity spans given as (text, label) pairs found in order."""

    def make(text: str, *ents: tuple[str, str]) -> Doc:
        doc = blank_nlp(text)
        doc.set_ents(spans_for(doc, *ents), default="unmodified")
        return doc

    return make


def spans_for(doc: Doc, *ents: tuple[str, str]) -> list[Span]:
    """Entity spans for (surface, label) pairs, each found at its first occurrence."""
    spans: list[Span] = []
    for surface, label in ents:
        start = doc.text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    return spans


FIXED_BUILD = BuildInfo(
    started=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
    ended=dt.datetime(2024, 1, 2, 3, 4, 6, tzinfo=dt.UTC),
    software_version="0.1.0",
    model_name="en_test",
    model_version="1.0",
)


def small_dataset(*labels: str, type_: str = "Person") -> Dataset:
    """A dataset built by hand, without the model: one document whose lines are
    "<label> is an actress.", one entity per label, and a hasRole fact for each."""
    lines, entities, statements = [], [], []
    offset = 0
    for n, label in enumerate(labels):
        line = f"{label} is an actress."
        sentence = (offset, offset + len(line))
        mention = Mention("doc", offset, offset + len(label), label, type_, sentence=sentence)
        entity = Entity(key=f"{type_}:{n}", type=type_, label=label, mentions=[mention])
        fact = Fact(mention, "hasRole", "actress", "role-copula", 0.8, sentence, "doc")
        entities.append(entity)
        statements.append(Statement(entity, "hasRole", "actress", [fact]))
        lines.append(line)
        offset += len(line) + 1
    text = "\n".join(lines)
    document = Document("doc", "doc.txt", text, hashlib.sha256(text.encode()).hexdigest())
    extraction = Extraction(document=document, title="A title")
    return build_dataset([extraction], entities, statements, [], FIXED_BUILD)


def small_corpus(documents: dict[str, list[str]]) -> Dataset:
    """A corpus built by hand, without the model: each document (id: labels) has one line
    "<label> is an actress." per label; a label is one entity across the documents, with a
    hasRole fact whose evidence is every line that names it."""
    extractions = []
    mentions: dict[str, list[Mention]] = {}
    facts: dict[str, list[Fact]] = {}
    for doc_id, labels in documents.items():
        lines, offset = [], 0
        for label in labels:
            line = f"{label} is an actress."
            sentence = (offset, offset + len(line))
            mention = Mention(
                doc_id, offset, offset + len(label), label, "Person", sentence=sentence
            )
            mentions.setdefault(label, []).append(mention)
            fact = Fact(mention, "hasRole", "actress", "role-copula", 0.8, sentence, doc_id)
            facts.setdefault(label, []).append(fact)
            lines.append(line)
            offset += len(line) + 1
        text = "\n".join(lines)
        sha = hashlib.sha256(text.encode()).hexdigest()
        document = Document(doc_id, f"{doc_id}.txt", text, sha)
        extractions.append(Extraction(document=document, title=f"About {doc_id}"))
    entities, statements = [], []
    for n, label in enumerate(sorted(mentions)):
        entity = Entity(key=f"Person:{n}", type="Person", label=label, mentions=mentions[label])
        entities.append(entity)
        statements.append(Statement(entity, "hasRole", "actress", facts[label]))
    return build_dataset(extractions, entities, statements, [], FIXED_BUILD)


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `oxigraph serve` on 127.0.0.1, started once for the session."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="session")
def fault_proxy(oxigraph_url: str) -> Iterator[FaultProxy]:
    """A proxy in front of the server that fails on purpose (see tests/servers.py)."""
    with FaultProxy(oxigraph_url, delay=5.0) as proxy:
        yield proxy


# ---------------------------------------------------------------- the command in-process


@dataclass
class Run:
    """What a command run in-process (the ``kg`` fixture) gave."""

    status: int
    stdout: str
    stderr: str


@pytest.fixture
def kg(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``kg ARGS`` in this process, as the console script does, and capture it."""

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exited:
            main([str(a) for a in args])
        out, err = capsys.readouterr()
        return Run(int(exited.value.code or 0), out, err)

    return run


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch, nlp: Language) -> Iterator[list[str | None]]:
    """Builds use the session's pipeline instead of loading the model again; the list
    records each load, so a test can tell that no work was started."""
    loads: list[str | None] = []

    def load(model: str | None = None) -> Language:
        loads.append(model)
        return nlp

    monkeypatch.setattr(builder, "load_pipeline", load)
    yield loads
