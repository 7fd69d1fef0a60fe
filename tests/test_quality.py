"""Quality regression tests: `kg eval` against gold, failing under the targets and floors.

The seeds carry the project's targets. tests/data/dev, blind and blind2 hold texts written
for the project about other flights, crews, agencies and films (the blind sets by writers who
never saw the rules); tests/data/real holds real agency texts (see its SOURCES.md), split into
a development part and a held-back part. Their floors guard generality, which the seeds alone
cannot: rules tuned to five articles would pass them and fail elsewhere. Each floor sits a
little under what the corpus measures, to leave room for model noise, not for rules that stop
generalizing; the README's quality table gives the figures, first and later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from kg.builder import BuildReport, build
from kg.evaluate import EvalReport, evaluate, load_gold, merge_gold
from kg.graph.validate import validate_graph
from kg.paths import SEEDS_DIR
from tests.conftest import GOLD

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Corpus:
    inputs: tuple[Path, ...]
    golds: tuple[Path, ...]
    entity_floor: float
    fact_floor: float


CORPORA = {
    # measured 0.993 / 0.960 (entity / fact F1)
    "dev": Corpus((DATA / "dev",), (DATA / "dev-gold.json",), 0.95, 0.92),
    # first 0.796 / 0.602, before any rule saw it; now 0.985 / 0.897
    "blind": Corpus((DATA / "blind",), (DATA / "blind-gold.json",), 0.95, 0.85),
    # first 0.746 / 0.624; now 0.971 / 0.847 (its gold puts more on mission designators)
    "blind2": Corpus((DATA / "blind2",), (DATA / "blind2-gold.json",), 0.93, 0.79),
    # first 0.692 / 0.443, before the rule work on real text; now 0.975 / 0.854
    "real-dev": Corpus((DATA / "real" / "dev",), (DATA / "real-dev-gold.json",), 0.95, 0.83),
    # first 0.832 / 0.643, scored once before any rule had seen it; now 0.935 / 0.866
    "real-held": Corpus((DATA / "real" / "held",), (DATA / "real-held-gold.json",), 0.91, 0.84),
    # a second held set, gathered after the first was scored: first 0.798 / 0.603; now
    # 0.916 / 0.838
    "real-held2": Corpus((DATA / "real" / "held2",), (DATA / "real-held2-gold.json",), 0.89, 0.81),
    # a third, gathered and annotated by two helpers after the second was scored: first
    # 0.894 / 0.564 (0.895 / 0.582 on its gold as corrected since); now 0.943 / 0.747
    "real-held3": Corpus((DATA / "real" / "held3",), (DATA / "real-held3-gold.json",), 0.92, 0.72),
    # a fourth, gathered and annotated the same way after the third was scored: first
    # 0.819 / 0.712 at 580fe20 (0.825 / 0.712 on its gold as corrected since); now 0.921 / 0.850
    "real-held4": Corpus((DATA / "real" / "held4",), (DATA / "real-held4-gold.json",), 0.90, 0.82),
    # a fifth, gathered and annotated the same way after the fourth was scored: first
    # 0.869 / 0.704 at b3c521f; now 0.919 / 0.804
    "real-held5": Corpus((DATA / "real" / "held5",), (DATA / "real-held5-gold.json",), 0.90, 0.78),
    # dev and held built as one corpus (people and craft resolved across all 50 texts) and
    # scored on both golds: now 0.957 / 0.862
    "real": Corpus(
        (DATA / "real" / "dev", DATA / "real" / "held"),
        (DATA / "real-dev-gold.json", DATA / "real-held-gold.json"),
        0.94,
        0.84,
    ),
    # all 114 real texts as one corpus, six golds: now 0.922 / 0.807, the target
    # (0.92 / 0.80); the first 98 (without held5) 0.930 / 0.822 (the golds, written apart,
    # spell some people differently; each carries the other files' spellings as aliases)
    "real-all": Corpus(
        (
            DATA / "real" / "dev",
            DATA / "real" / "held",
            DATA / "real" / "held2",
            DATA / "real" / "held3",
            DATA / "real" / "held4",
            DATA / "real" / "held5",
        ),
        (
            DATA / "real-dev-gold.json",
            DATA / "real-held-gold.json",
            DATA / "real-held2-gold.json",
            DATA / "real-held3-gold.json",
            DATA / "real-held4-gold.json",
            DATA / "real-held5-gold.json",
        ),
        0.92,
        0.80,
    ),
}
"""Every corpus but the seeds, with its floors (entity F1, fact F1)."""


def _explain(report: EvalReport) -> str:
    return "\n".join(
        report.missed_entities + report.false_entities + report.missed_facts + report.false_facts
    )


@pytest.fixture(scope="session")
def built(
    trained_model: str, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], tuple[BuildReport, Graph]]:
    """Each corpus built once for the session: its build report and its graph."""
    done: dict[str, tuple[BuildReport, Graph]] = {}

    def get(name: str) -> tuple[BuildReport, Graph]:
        if name not in done:
            inputs = [SEEDS_DIR] if name == "seeds" else list(CORPORA[name].inputs)
            output = tmp_path_factory.mktemp(name) / "graph.ttl"
            report = build(inputs, output)
            done[name] = report, Graph().parse(output, format="turtle")
        return done[name]

    return get


def test_seeds_meet_the_targets(seeds_graph: Graph) -> None:
    report = evaluate(seeds_graph, load_gold(GOLD))
    assert report.entities.f1 >= 0.95, _explain(report)
    assert report.facts.f1 >= 0.90, _explain(report)
    assert report.event_recall == 1.0, report.missed_events
    assert report.attribute_accuracy >= 0.90, report.wrong_attributes


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_every_corpus_stays_above_its_floor(
    name: str, built: Callable[[str], tuple[BuildReport, Graph]]
) -> None:
    corpus = CORPORA[name]
    gold = merge_gold([load_gold(path) for path in corpus.golds])
    report = evaluate(built(name)[1], gold)
    assert report.entities.f1 >= corpus.entity_floor, _explain(report)
    assert report.facts.f1 >= corpus.fact_floor, _explain(report)


@pytest.mark.parametrize("name", ["seeds", *sorted(CORPORA)])
def test_no_corpus_breaks_the_shapes(
    name: str, built: Callable[[str], tuple[BuildReport, Graph]]
) -> None:
    """The global pass drops what breaks the ontology before the shapes see it, so no build
    fails validation: checked here on each whole graph, whatever the build checked."""
    report, graph = built(name)
    validation = validate_graph(graph)
    assert validation.conforms, "\n".join(validation.lines(limit=5))
    assert all(": " in line for line in report.dropped)  # each drop says what and why


def test_two_golds_that_name_one_thing_differently_score_it_once() -> None:
    one = {
        "entities": [
            {
                "name": "National Aeronautics and Space Administration",
                "type": "Organization",
                "aliases": ["NASA"],
            },
            {"name": "Baikonur", "type": "Place"},
            {"name": "Baikonur Cosmodrome", "type": "Place"},
        ],
        "facts": [],
    }
    two = {
        "entities": [
            {"name": "NASA", "type": "Organization"},
            {"name": "Ada Roe", "type": "Person"},
            {"name": "Baikonur Cosmodrome", "type": "Place", "aliases": ["Baikonur"]},
        ],
        "facts": [{"s": "Ada Roe", "p": "memberOf", "o": "NASA"}],
    }
    gold = merge_gold([one, two])
    names = sorted(e["name"] for e in gold["entities"])
    assert names == [
        "Ada Roe",
        "Baikonur",
        "Baikonur Cosmodrome",
        "National Aeronautics and Space Administration",
    ]
    assert gold["facts"] == [
        {"s": "Ada Roe", "p": "memberOf", "o": "National Aeronautics and Space Administration"}
    ]


def test_one_name_of_two_classes_in_two_golds_is_two_things() -> None:
    """The orbiter one file names and the town another file names are scored apart, each
    by the node of its class."""
    one = {"entities": [{"name": "Varna", "type": "Spacecraft"}], "facts": []}
    two = {"entities": [{"name": "Varna", "type": "Place"}], "facts": []}
    gold = merge_gold([one, two])
    assert sorted(e["type"] for e in gold["entities"]) == ["Place", "Spacecraft"]
    graph = Graph().parse(
        data="""
        @prefix kg: <https://w3id.org/kg/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/kg/resource/place/varna> a kg:Place ; rdfs:label "Varna" .
        <https://w3id.org/kg/resource/spacecraft/varna> a kg:Spacecraft ; rdfs:label "Varna" .
        """,
        format="turtle",
    )
    report = evaluate(graph, gold)
    assert (report.entities.tp, report.entities.fp, report.entities.fn) == (2, 0, 0)
