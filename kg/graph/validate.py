"""Check a graph against ontology/shapes.ttl (SHACL Core, run by pyshacl).

SHACL Core cannot say "this very triple has an evidence record" (a nested shape cannot
refer back to the triple's object), so the shapes check evidence per subject and
predicate, and :func:`missing_evidence` checks each fact triple exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.errors import GraphError
from kg.graph.rdf import read_graph
from kg.paths import ONTOLOGY_DIR
from kg.vocab import FACT_PREDICATES, KG, kg_term

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


@dataclass(frozen=True, slots=True)
class Violation:
    """One way a node breaks a shape."""

    focus: str
    path: str
    message: str
    value: str

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}" if self.path else self.focus
        shown = f" (value: {self.value})" if self.value else ""
        return f"{where}: {self.message}{shown}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    triples: int
    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def lines(self, limit: int | None = None) -> list[str]:
        """The report as text: a verdict line, then one line per violation."""
        if self.conforms:
            return [f"conforms: {self.triples} triples, no violations"]
        shown = self.violations[:limit] if limit is not None else self.violations
        lines = [f"does not conform: {len(self.violations)} violations in {self.triples} triples"]
        lines += [f"  {v}" for v in shown]
        if len(shown) < len(self.violations):
            lines.append(f"  ... and {len(self.violations) - len(shown)} more (kg validate GRAPH)")
        return lines


@cache
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def validate_graph(graph: Graph) -> ValidationReport:
    """Every violation of the shapes and every fact triple without evidence, sorted."""
    try:
        _, results, _ = shacl_validate(
            graph, shacl_graph=shapes(), inference="none", allow_infos=True, allow_warnings=True
        )
    except Exception as exc:  # pyshacl reports bad shapes and bad data with many types
        raise GraphError(f"{SHAPES_FILE}: cannot validate ({type(exc).__name__}: {exc})") from exc
    assert isinstance(results, Graph)
    found = {_violation(results, r, graph) for r in results.subjects(RDF.type, SH.ValidationResult)}
    found.update(missing_evidence(graph))
    order = sorted(found, key=lambda v: (v.focus, v.path, v.message, v.value))
    return ValidationReport(len(graph), tuple(order))


def validate_file(path: Path) -> ValidationReport:
    return validate_graph(read_graph(path))


def missing_evidence(graph: Graph) -> list[Violation]:
    """Fact triples that no evidence record names with the same subject, predicate and object."""
    stated = {
        (s, p, o)
        for record in graph.subjects(RDF.type, KG.Evidence)
        for s in graph.objects(record, RDF.subject)
        for p in graph.objects(record, RDF.predicate)
        for o in graph.objects(record, RDF.object)
    }
    missing = []
    for name in FACT_PREDICATES:
        predicate = kg_term(name)
        for s, o in graph.subject_objects(predicate):
            if (s, predicate, o) not in stated:
                path = _short(graph, predicate)
                message = "this fact has no evidence record"
                missing.append(Violation(_short(graph, s), path, message, _short(graph, o)))
    return missing


def _violation(results: Graph, result: Node, data: Graph) -> Violation:
    def one(predicate: URIRef) -> Node | None:
        return results.value(result, predicate)

    message = one(SH.resultMessage)
    return Violation(
        focus=_short(data, one(SH.focusNode)),
        path=_path(results, data, one(SH.resultPath)),
        message=str(message)
        if message is not None
        else _short(data, one(SH.sourceConstraintComponent)),
        value=_short(data, one(SH.value)),
    )


def _path(results: Graph, data: Graph, path: Node | None) -> str:
    """A SHACL path as text: ``p``, ``^p`` or ``^p/q``."""
    if path is None:
        return ""
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_short(data, inverse)}"
    if isinstance(path, URIRef):
        return _short(data, path)
    steps = list(results.items(path))
    return "/".join(_path(results, data, step) for step in steps) if steps else ""


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        matches = [(len(ns), p) for p, ns in graph.namespaces() if text.startswith(ns) and p]
        if matches:
            length, prefix = max(matches)
            return f"{prefix}:{text[length:]}"
        return f"<{text}>"
    if isinstance(node, Literal):
        text = str(node)
        return repr(text if len(text) <= 60 else text[:57] + "...")
    return str(node)
