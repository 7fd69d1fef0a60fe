"""The graph as networkx: entities as nodes, facts as edges, events as nodes or left out.

Literal-valued facts (roles, launch dates) become node attributes, not nodes. Provenance
(mentions, sentences, evidence) and the build are not drawn; an edge carries the highest
confidence among its evidence records, a node the number of its mentions.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError
from kg.graph.rdf import most_specific_class
from kg.text.labels import normalize_label
from kg.vocab import (
    ENTITY_CLASSES,
    FACT_PREDICATES,
    KG,
    EventRole,
    Predicate,
    classes_below,
    kg_term,
)

EVENT_LINKS: tuple[EventRole, ...] = ("participant", "vehicle", "location", "work", "mission")
"""Event properties drawn as edges from the event to an entity."""
LITERAL_ATTRIBUTES: dict[Predicate, str] = {"hasRole": "roles", "launchDate": "launch_dates"}
"""Literal-valued facts and the node attribute (a sorted list) each becomes."""


def to_networkx(graph: Graph, *, include_events: bool = True) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` of the entities and facts in ``graph`` (an rdflib graph read
    from any file kg writes).

    Nodes are keyed by IRI (a string) with ``label``, ``type`` (the most specific class),
    ``types`` (every kg class), ``iri``, ``mentions``, ``alt_labels``, and ``roles`` and
    ``launch_dates`` where the graph states them. Edges are keyed by the predicate's local
    name and carry ``predicate`` and ``confidence``. With ``include_events`` each event is
    a node (``type`` Launch, Docking ...; ``date`` when known) with edges to its
    participants, vehicle, location and work.
    """
    network = nx.MultiDiGraph()
    top = [kg_term(name) for name in ENTITY_CLASSES]
    entities = sorted(
        {s for cls in top for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}
    )
    for node in entities:
        network.add_node(str(node), **_attributes(graph, node))
    confidence = _confidences(graph)
    for name in FACT_PREDICATES:
        predicate = kg_term(name)
        for s, o in sorted(graph.subject_objects(predicate)):
            if str(s) not in network:
                continue
            if isinstance(o, Literal):
                if name in LITERAL_ATTRIBUTES:
                    values = network.nodes[str(s)].setdefault(LITERAL_ATTRIBUTES[name], [])
                    values.append(str(o))
                    values.sort()
            elif str(o) in network:
                network.add_edge(str(s), str(o), key=name, predicate=name,
                                 confidence=confidence.get((s, predicate, o)))  # fmt: skip
    if include_events:
        _add_events(graph, network)
    return network


def _attributes(graph: Graph, node: URIRef) -> dict[str, object]:
    label = graph.value(node, RDFS.label)
    types = sorted(
        str(t).rsplit("#", 1)[-1]
        for t in graph.objects(node, RDF.type)
        if str(t).startswith(str(KG)) and t != KG.Agent
    )
    return {
        "label": str(label) if label is not None else str(node).rsplit("/", 1)[-1],
        "type": most_specific_class(graph, node) or "Thing",
        "types": types,
        "iri": str(node),
        "mentions": len(set(graph.objects(node, KG.mention))),
        "alt_labels": sorted(str(a) for a in graph.objects(node, SKOS.altLabel)),
    }


Triple = tuple[Node | None, Node | None, Node | None]


def _confidences(graph: Graph) -> dict[Triple, float]:
    """The highest evidence confidence of each fact triple."""
    best: dict[Triple, float] = {}
    for record in graph.subjects(RDF.type, KG.Evidence):
        s, p, o = (graph.value(record, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        value = graph.value(record, KG.confidence)
        if value is None:
            continue
        best[(s, p, o)] = max(best.get((s, p, o), 0.0), float(Decimal(str(value))))
    return best


def _add_events(graph: Graph, network: nx.MultiDiGraph) -> None:
    """The launches, dockings, landings and filmings (a mission is an entity node already)."""
    told = (s for s in graph.subjects(RDF.type, KG.Event) if isinstance(s, URIRef))
    for event in sorted(e for e in told if str(e) not in network):
        attributes = _attributes(graph, event)
        del attributes["mentions"], attributes["alt_labels"]
        date = graph.value(event, KG.date)
        if date is not None:
            attributes["date"] = str(date)
        network.add_node(str(event), **attributes)
        for name in EVENT_LINKS:
            for target in sorted(str(t) for t in graph.objects(event, kg_term(name))):
                if target in network:
                    network.add_edge(str(event), target, key=name, predicate=name,
                                     confidence=None)  # fmt: skip


def find_node(network: nx.MultiDiGraph, name: str) -> str:
    """The node one of whose labels is ``name`` (compared as ``kg eval`` compares labels)."""
    wanted = normalize_label(name)
    found = sorted(
        node
        for node, data in network.nodes(data=True)
        if wanted in {normalize_label(x) for x in [data["label"], *data.get("alt_labels", [])]}
    )
    if not found:
        labels = sorted({data["label"] for _, data in network.nodes(data=True)})
        close = difflib.get_close_matches(name, labels, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KgError(f"no entity named {name!r} in the graph{hint}")
    # several nodes may share a name across types; take the best connected
    return str(max(found, key=lambda node: (network.degree(node), node)))


def neighbourhood(network: nx.MultiDiGraph, name: str, depth: int = 1) -> nx.MultiDiGraph:
    """The nodes within ``depth`` steps (either direction) of the entity named ``name``."""
    if depth < 0:
        raise KgError(f"--depth {depth}: must be 0 or more")
    centre = find_node(network, name)
    ego = nx.ego_graph(network.to_undirected(as_view=True), centre, radius=depth)
    sub: nx.MultiDiGraph = network.subgraph(ego.nodes).copy()
    sub.graph["focus"] = centre
    return sub


def keep_types(network: nx.MultiDiGraph, types: Iterable[str]) -> nx.MultiDiGraph:
    """Only the nodes with one of ``types`` among their classes (Spacecraft keeps stations
    and rockets too); a type kg does not know is an error."""
    wanted = {t.strip() for t in types if t.strip()}
    known = {t for _, data in network.nodes(data=True) for t in data["types"]}
    known |= set(ENTITY_CLASSES) | classes_below("Event")
    unknown = sorted(wanted - known)
    if unknown:
        raise KgError(f"--types: unknown type {unknown[0]!r}; known: {', '.join(sorted(known))}")
    nodes = [n for n, data in network.nodes(data=True) if wanted & set(data["types"])]
    sub: nx.MultiDiGraph = network.subgraph(nodes).copy()
    sub.graph.update(network.graph)
    return sub


def linked_only(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Only the nodes with at least one fact or event link."""
    sub: nx.MultiDiGraph = network.subgraph(n for n in network if network.degree(n) > 0).copy()
    sub.graph.update(network.graph)
    return sub


def type_counts(network: nx.MultiDiGraph) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for _, data in network.nodes(data=True):
        counts[data["type"]] += 1
    return dict(sorted(counts.items()))
