"""Property: any documents at all, in any encoding, through the whole build (read, clean,
parse with the real model, extract, resolve, validate, write) give a graph that rdflib and
pyoxigraph both read and that conforms to the shapes, or one clear error when no file is
usable. Never a crash.

The suite runs KG_PROPERTY_EXAMPLES examples (200 unless set); 500 is the acceptance run:
``KG_PROPERTY_EXAMPLES=500 .venv/bin/pytest tests/test_property_build.py``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from spacy.language import Language

import kg.builder as builder
from kg.builder import BuildOptions, build
from kg.errors import InputError
from kg.graph.formats import FORMATS
from kg.graph.validate import validate_graph
from tests.parsing import read_by_both

EXAMPLES = int(os.environ.get("KG_PROPERTY_EXAMPLES", "200"))

# pieces of news prose, so that the model finds entities and the rules find facts, events
# and dates, mixed with anything at all
PROSE = [
    "NASA astronaut Kate Rubins",
    "Russian cosmonaut Sergey Ryzhikov",
    "the Soyuz MS-17 spacecraft",
    "docked with the International Space Station",
    "launched from the Baikonur Cosmodrome on 14 October 2020",
    'the film "Orbit"',
    "directed by Jane Roe",
    "landed in Kazakhstan",
    "The crew, Anna Kikina and Nicole Mann, flew aboard Crew Dragon Endurance.",
    "Roscosmos head Yuri Borisov said",
    "actress Zoë Ångström, 37,",
    "(ESA)",
    "aboard the Shenzhou-15",
    ".",
    ", ",
    " and ",
    "\n",
    "\n\n",
]
ODD = [
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\u00ad",
    "\u200b",
    "\u200d",
    "\u202e",
    "\u2028",
    "\ufeff",
    "\ufffd",
    "\ud800",  # a lone surrogate: only UTF-8 with surrogatepass can even hold it
    "e\u0301",
    "\U0001f680",
    '"',
    "<>",
    "{}",
    "\\",
    "\r\n",
    "\t",
    "#",
    "@prefix",
    "_:b0",
    "x" * 3000,
]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "utf-32"]

pieces = st.one_of(
    st.sampled_from(PROSE),
    st.sampled_from(ODD),
    st.text(max_size=40),  # any Unicode scalar value
    st.text(st.characters(codec="utf-8", categories=["Lu", "Ll", "Zs"]), max_size=20),
)
texts = st.lists(pieces, max_size=25).map("".join)
files = st.lists(
    st.tuples(texts, st.sampled_from(ENCODINGS), st.sampled_from([".txt", ".html"])),
    min_size=1,
    max_size=3,
)


def _encode(text: str, encoding: str) -> bytes:
    if encoding.startswith("utf-8"):
        return text.encode(encoding, errors="surrogatepass")
    return text.encode(
        encoding, errors="replace" if encoding in {"cp1252", "latin-1"} else "surrogatepass"
    )


@pytest.fixture(scope="module")
def patched_model(nlp: Language) -> object:
    """Builds use the session's pipeline (loading the model per example would measure
    nothing but disk)."""
    module = builder
    original = module.load_pipeline
    module.load_pipeline = lambda model=None: nlp
    yield
    module.load_pipeline = original


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=files, fmt=st.sampled_from(list(FORMATS)))
def test_any_documents_give_a_valid_graph_or_one_clear_error(
    patched_model: object, files: list[tuple[str, str, str]], fmt: str
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="kg-property-"))
    try:
        inputs = folder / "in"
        inputs.mkdir()
        for n, (text, encoding, suffix) in enumerate(files):
            (inputs / f"doc{n}{suffix}").write_bytes(_encode(text, encoding))
        output = folder / f"graph{FORMATS[fmt]}"
        try:
            report = build([inputs], output, BuildOptions(fmt=fmt, reproducible=True))
        except InputError as exc:
            # only when no file at all could be used, and then it says why
            event("nothing usable: one error")
            assert str(exc).startswith("nothing to build: "), exc
            assert not output.exists()
            return
        event("entities found" if sum(report.entities_by_type.values()) else "no entities")
        event("facts found" if report.facts else "no facts")
        event("a file skipped" if report.skipped else "every file read")
        assert report.validation is not None and report.validation.conforms
        assert report.documents + len(report.skipped) >= 1
        graph = read_by_both(output, fmt)
        assert len(graph) == report.triples
        assert validate_graph(graph).conforms
    finally:
        shutil.rmtree(folder)
