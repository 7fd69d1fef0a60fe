"""Counts that describe a graph file: documents, entities per class, facts, events
(evidence records, mentions and the build are not counted as entities)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import RDF, Graph, URIRef

from kg.graph.rdf import most_specific_class
from kg.vocab import ENTITY_CLASSES, FACT_PREDICATES, KG, kg_term

_FACT_IRIS = frozenset(str(kg_term(name)) for name in FACT_PREDICATES)


@dataclass(frozen=True, slots=True)
class GraphStats:
    triples: int
    documents: int
    entities: dict[str, int]
    """Entities per most specific class."""
    facts: dict[str, int]
    """Fact triples per predicate."""
    events: dict[str, int]


def graph_stats(graph: Graph) -> GraphStats:
    entities: Counter[str] = Counter()
    events: Counter[str] = Counter()
    documents = 0
    for node in set(graph.subjects(RDF.type, None)):
        if not isinstance(node, URIRef):
            continue
        cls = most_specific_class(graph, node)
        if cls is None:
            continue
        if cls == "Document":
            documents += 1
        elif any((node, RDF.type, kg_term(top)) in graph for top in ENTITY_CLASSES):
            entities[cls] += 1  # a Mission too: an Event class, but an entity of the graph
        elif (node, RDF.type, KG.Event) in graph:
            events[cls] += 1
    facts = Counter(str(p).rsplit("#", 1)[-1] for _, p, _ in graph if str(p) in _FACT_IRIS)
    return GraphStats(
        triples=len(graph),
        documents=documents,
        entities=dict(sorted(entities.items())),
        facts=dict(sorted(facts.items())),
        events=dict(sorted(events.items())),
    )
