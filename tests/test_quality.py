"""Quality regression tests: `kg eval` against gold, failing under the targets.

The seeds carry the project's targets. tests/data/dev holds texts written for the project
about other flights, crews, agencies and films; its floor guards generality, which the
seeds alone cannot (rules tuned to five articles would pass them and fail elsewhere).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import build
from kg.evaluate import EvalReport, evaluate, load_gold
from tests.conftest import GOLD

pytestmark = pytest.mark.model

DATA = Path(__file__).parent / "data"


def _explain(report: EvalReport) -> str:
    return "\n".join(
        report.missed_entities + report.false_entities + report.missed_facts + report.false_facts
    )


def test_seeds_meet_the_targets(seeds_graph: Graph) -> None:
    report = evaluate(seeds_graph, load_gold(GOLD))
    assert report.entities.f1 >= 0.95, _explain(report)
    assert report.facts.f1 >= 0.90, _explain(report)
    assert report.event_recall == 1.0, report.missed_events
    assert report.attribute_accuracy >= 0.90, report.wrong_attributes


@pytest.fixture(scope="module")
def dev_graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    output = tmp_path_factory.mktemp("dev") / "graph.ttl"
    build([DATA / "dev"], output)
    return Graph().parse(output, format="turtle")


def test_other_flights_stay_above_the_floor(dev_graph: Graph) -> None:
    """Measured 0.985 entity F1 and 0.959 fact F1 when written; the floor leaves room for
    model noise, not for rules that stop generalizing."""
    report = evaluate(dev_graph, load_gold(DATA / "dev-gold.json"))
    assert report.entities.f1 >= 0.90, _explain(report)
    assert report.facts.f1 >= 0.85, _explain(report)
    assert report.event_recall >= 0.85, report.missed_events
