"""Pictures of the graph: an interactive HTML page (vis-network, as shipped with pyvis,
inlined so the page works offline), static PNG and SVG pictures and an event timeline
(matplotlib).

Everything is drawn from :func:`kg.viz.network.to_networkx`; nodes are coloured by their most
specific class, events are diamonds, and every picture has a legend and a title.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from matplotlib import rc_context
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from pyvis.network import Network

from kg.errors import KgError
from kg.graph.formats import write_atomic
from kg.graph.rdf import read_graph
from kg.viz.network import keep_types, linked_only, neighbourhood, to_networkx, type_counts
from kg.vocab import ENTITY_TYPES, ClassName, class_named, is_a

COLOURS: dict[ClassName, str] = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "Spacecraft": "#e15759",
    "SpaceStation": "#b07aa1",
    "LaunchVehicle": "#ff9da7",
    "Place": "#59a14f",
    "CreativeWork": "#edc948",
    "Film": "#edc948",
    "Mission": "#76b7b2",
    "Launch": "#9c755f",
    "Docking": "#9c755f",
    "Landing": "#9c755f",
    "Filming": "#9c755f",
    "Event": "#9c755f",
}
OTHER_COLOUR = "#bab0ac"
PICTURE_SIZE = (16.0, 10.0)
"""Inches; at PICTURE_DPI a PNG is 1600 x 1000 pixels."""
PICTURE_DPI = 100
PICTURE_FORMATS = (".png", ".svg")
TEMPLATE_DIR = Path(__file__).parent / "templates"
_VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"


def colour(node_type: str) -> str:
    cls = class_named(node_type)
    return COLOURS.get(cls, OTHER_COLOUR) if cls is not None else OTHER_COLOUR


def is_event_type(node_type: object) -> bool:
    """A launch, docking, landing or filming (a mission is an Event in the ontology, but
    drawn as the entity it is in the graph)."""
    cls = class_named(node_type) if isinstance(node_type, str) else None
    return cls is not None and is_a(cls, "Event") and cls not in ENTITY_TYPES


def is_event(data: dict[str, object]) -> bool:
    return is_event_type(data.get("type"))


@dataclass(frozen=True, slots=True)
class LegendItem:
    type: str
    colour: str
    count: int
    event: bool


def legend(network: nx.MultiDiGraph) -> list[LegendItem]:
    return [
        LegendItem(name, colour(name), count, is_event_type(name))
        for name, count in type_counts(network).items()
    ]


def describe(network: nx.MultiDiGraph) -> str:
    """ "12 entities, 3 events, 20 facts" for subtitles."""
    events = sum(1 for _, d in network.nodes(data=True) if is_event(d))
    facts = sum(1 for u, _, _ in network.edges(keys=True) if not is_event(network.nodes[u]))
    return f"{network.number_of_nodes() - events} entities, {events} events, {facts} facts"


def _tooltip(data: dict[str, object]) -> str:
    lines = [f"{data['label']} ({data['type']})"]
    if data.get("roles"):
        lines.append("role: " + ", ".join(data["roles"]))  # type: ignore[arg-type]
    if data.get("date"):
        lines.append(f"date: {data['date']}")
    if data.get("launch_dates"):
        lines.append("launched: " + ", ".join(data["launch_dates"]))  # type: ignore[arg-type]
    if data.get("alt_labels"):
        lines.append("also: " + ", ".join(data["alt_labels"]))  # type: ignore[arg-type]
    if "mentions" in data:
        lines.append(f"mentions: {data['mentions']}")
    lines.append(str(data["iri"]))
    return "\n".join(lines)


# ---------------------------------------------------------------------------- HTML


def html_page(network: nx.MultiDiGraph, title: str) -> str:
    """A self-contained interactive page: no script or style is loaded from anywhere."""
    net = Network(directed=True, cdn_resources="in_line")
    focus = network.graph.get("focus")
    for node, data in sorted(network.nodes(data=True)):
        mentions = data.get("mentions", 1)
        assert isinstance(mentions, int)
        net.add_node(
            node,
            label=data["label"],
            title=_tooltip(data),
            color=colour(str(data["type"])),
            shape="diamond" if is_event(data) else "dot",
            size=12 + 4 * math.sqrt(mentions),
            borderWidth=4 if node == focus else 1,
        )
    for u, v, key, data in sorted(network.edges(keys=True, data=True)):
        confidence = data.get("confidence")
        detail = f"{key} (confidence {confidence:.2f})" if confidence else key
        net.add_edge(u, v, label=key, title=detail, arrows="to")
    nodes, edges, *_ = net.get_network_data()
    options = {
        "nodes": {"font": {"size": 16, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {
            "font": {"size": 11, "align": "middle", "color": "#555555"},
            "color": {"color": "#999999", "highlight": "#333333"},
            "smooth": {"type": "dynamic"},
        },
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 140},
            "stabilization": {"iterations": 300},
        },
        "interaction": {"hover": True, "tooltipDelay": 120},
    }
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True, keep_trailing_newline=True
    )
    return environment.get_template("network.html").render(
        title=title,
        subtitle=describe(network),
        legend=legend(network),
        nodes_json=_script_json(nodes),
        edges_json=_script_json(edges),
        options_json=_script_json(options),
        vis_js=(_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(_VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
    )


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element, whatever the labels hold."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# ---------------------------------------------------------------------------- pictures


def network_figure(network: nx.MultiDiGraph, title: str) -> Figure:
    """The network drawn with matplotlib: coloured nodes, labels on a white ground, the
    facts as labelled arrows, a legend and a title."""
    figure = Figure(figsize=PICTURE_SIZE, dpi=PICTURE_DPI)
    ax = figure.add_axes((0.01, 0.01, 0.98, 0.92))
    ax.set_axis_off()
    figure.suptitle(title, fontsize=18, y=0.98)
    figure.text(0.5, 0.935, describe(network), ha="center", fontsize=11, color="#555555")
    if network.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "nothing to draw", ha="center", va="center", fontsize=14)
        return figure
    layout = picture_layout(network)
    simple = nx.DiGraph()
    simple.add_nodes_from(network.nodes)
    edge_labels: dict[tuple[str, str], list[str]] = defaultdict(list)
    for u, v, key in sorted(network.edges(keys=True)):
        simple.add_edge(u, v)
        edge_labels[(u, v)].append(key)
    for shape, events in (("o", False), ("D", True)):
        nodes = [n for n, d in network.nodes(data=True) if is_event(d) == events]
        if not nodes:
            continue
        sizes = [250 + 120 * math.sqrt(network.nodes[n].get("mentions", 2)) for n in nodes]
        nx.draw_networkx_nodes(
            simple, layout, nodelist=nodes, node_shape=shape, node_size=sizes, ax=ax,
            node_color=[colour(network.nodes[n]["type"]) for n in nodes],
            edgecolors="#333333", linewidths=0.8,
        )  # fmt: skip
    nx.draw_networkx_edges(
        simple, layout, ax=ax, edge_color="#888888", arrows=True, arrowsize=12,
        node_size=600, width=1.0, connectionstyle="arc3,rad=0.08",
    )  # fmt: skip
    nx.draw_networkx_edge_labels(
        simple, layout, ax=ax, font_size=7, font_color="#444444",
        edge_labels={edge: " / ".join(keys) for edge, keys in edge_labels.items()},
        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
        connectionstyle="arc3,rad=0.08",
    )  # fmt: skip
    nx.draw_networkx_labels(
        simple, layout, ax=ax, font_size=9, font_weight="bold",
        labels={n: d["label"] for n, d in network.nodes(data=True)},
        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
    )  # fmt: skip
    handles = [
        Line2D([], [], marker="D" if item.event else "o", linestyle="", markersize=10,
               markerfacecolor=item.colour, markeredgecolor="#333333",
               label=f"{item.type} ({item.count})")
        for item in legend(network)
    ]  # fmt: skip
    ax.legend(handles=handles, loc="lower left", fontsize=10, frameon=True, title="type")
    ax.margins(0.06)
    return figure


def picture_layout(network: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Positions for a picture: the connected nodes by a seeded spring layout in the
    middle, the nodes with no fact on a ring around them, ordered by type and label (so
    the same graph always gives the same picture)."""
    linked = sorted(n for n in network.nodes if network.degree(n) > 0)
    alone = sorted(
        (n for n in network.nodes if network.degree(n) == 0),
        key=lambda n: (network.nodes[n]["type"], network.nodes[n]["label"]),
    )
    positions: dict[str, tuple[float, float]] = {}
    if linked:
        core = nx.Graph(network.subgraph(linked).to_undirected())
        spring = nx.spring_layout(
            core, seed=7, k=3.0 / math.sqrt(len(linked)), iterations=500, scale=1.0
        )
        positions.update({n: (float(x), float(y)) for n, (x, y) in spring.items()})
    radius = 1.35 if linked else 1.0
    for i, node in enumerate(alone):
        angle = 2 * math.pi * i / len(alone) + math.pi / 2
        positions[node] = (radius * 1.25 * math.cos(angle), radius * math.sin(angle))
    return positions


def timeline_figure(network: nx.MultiDiGraph, title: str = "Events") -> Figure:
    """The events on a date axis, one row per kind of event, each labelled with its
    vehicle (or work), its place and its participants."""
    events = [
        (node, data) for node, data in network.nodes(data=True) if is_event(data) and "date" in data
    ]
    if not events:
        raise KgError("no dated events to draw on a timeline")
    kinds = sorted({str(d["type"]) for _, d in events})
    figure = Figure(figsize=(PICTURE_SIZE[0], 2.2 + 1.4 * len(kinds)), dpi=PICTURE_DPI)
    ax = figure.add_axes((0.09, 0.22, 0.86, 0.62))
    figure.suptitle(title, fontsize=16)
    dates = [dt.date.fromisoformat(str(d["date"])[:10]) for _, d in events]
    for (node, data), day in sorted(zip(events, dates, strict=True), key=lambda x: (x[1], x[0][0])):
        row = kinds.index(str(data["type"]))
        ax.plot([date2num(day)], [row], marker="D", markersize=12, color=colour(str(data["type"])),
                markeredgecolor="#333333")  # fmt: skip
        ax.annotate(
            _event_caption(network, node, day), (date2num(day), row), xytext=(0, 14),
            textcoords="offset points", ha="center", va="bottom", fontsize=9,
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#cccccc"},
        )  # fmt: skip
    low, high = min(dates), max(dates)
    pad = dt.timedelta(days=max(3, (high - low).days // 6 + 1))
    ax.set_xlim(date2num(low - pad), date2num(high + pad))
    ax.set_ylim(-0.6, len(kinds) - 0.1 + 0.6)
    ax.set_yticks(range(len(kinds)), kinds)
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#eeeeee")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    undated = sum(1 for _, d in network.nodes(data=True) if is_event(d) and "date" not in d)
    if undated:
        note = f"{undated} undated event{'s' if undated != 1 else ''} not shown"
        figure.text(0.09, 0.03, note, fontsize=9, color="#777777")
    return figure


def _event_caption(network: nx.MultiDiGraph, node: str, day: dt.date) -> str:
    by_role: dict[str, list[str]] = defaultdict(list)
    for _, target, key in network.out_edges(node, keys=True):
        by_role[key].append(str(network.nodes[target]["label"]))
    what = by_role.get("vehicle") or by_role.get("work") or []
    lines = [f"{network.nodes[node]['type']} · {', '.join(sorted(what))}".rstrip(" ·")]
    lines.append(day.isoformat() + (f" · {', '.join(sorted(by_role['location']))}"
                                    if by_role.get("location") else ""))  # fmt: skip
    people = sorted(by_role.get("participant", []))
    if people:
        lines.append(", ".join(people))
    return "\n".join(lines)


def figure_bytes(figure: Figure, suffix: str) -> bytes:
    """PNG or SVG bytes; SVG ids and metadata are fixed, so the same picture gives the
    same file."""
    buffer = io.BytesIO()
    with rc_context({"svg.hashsalt": "kg", "svg.fonttype": "path"}):
        if suffix == ".svg":
            figure.savefig(buffer, format="svg", metadata={"Date": None})
        else:
            figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


# ---------------------------------------------------------------------------- the command


@dataclass(frozen=True, slots=True)
class VizReport:
    output: Path
    nodes: int
    edges: int


def write_viz(
    graph_file: Path,
    output: Path,
    *,
    focus: str | None = None,
    depth: int = 1,
    types: list[str] | None = None,
    timeline: bool = False,
    include_events: bool = True,
    hide_unlinked: bool = False,
    title: str | None = None,
) -> VizReport:
    """Draw ``graph_file`` into ``output`` (.html, .png or .svg; a timeline: .png or .svg)."""
    suffix = output.suffix.lower()
    allowed = PICTURE_FORMATS if timeline else (".html", *PICTURE_FORMATS)
    if suffix not in allowed:
        what = "a timeline " if timeline else ""
        into = suffix or "a file without a suffix"
        raise KgError(f"{output}: cannot draw {what}into {into}; use {', '.join(allowed)}")
    network = to_networkx(read_graph(graph_file), include_events=include_events or timeline)
    if types:
        network = keep_types(network, types)
    if hide_unlinked:
        network = linked_only(network)
    heading = "Knowledge graph"
    if focus is not None:
        network = neighbourhood(network, focus, depth)
        centre = network.nodes[network.graph["focus"]]["label"]
        heading = f"Around {centre} ({depth} step{'s' if depth != 1 else ''})"
    if timeline:
        heading = "Timeline of events"
    title = title or heading
    if timeline:
        data = figure_bytes(timeline_figure(network, title), suffix)
    elif suffix == ".html":
        data = html_page(network, title).encode("utf-8")
    else:
        data = figure_bytes(network_figure(network, title), suffix)
    write_atomic(output, data)
    return VizReport(output, network.number_of_nodes(), network.number_of_edges())
