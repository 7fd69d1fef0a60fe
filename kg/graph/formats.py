"""Write a dataset in every standard RDF format, byte for byte the same for the same input,
and atomically, so a failed write never leaves a half-written file.

Turtle, N-Triples and JSON-LD hold every triple in one graph. TriG and N-Quads keep each
document's triples in its named graph and the corpus-level triples in the default graph.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.errors import GraphError
from kg.graph.rdf import new_dataset
from kg.graph.triples import Triple, nquads, ntriples

FORMATS = {"turtle": ".ttl", "trig": ".trig", "nt": ".nt", "nq": ".nq", "jsonld": ".jsonld"}
"""kg's format names and the file suffix each goes with."""

_BY_SUFFIX = {suffix: name for name, suffix in FORMATS.items()} | {
    ".json": "jsonld",
    ".n3": "turtle",
}


def format_for(path: Path, requested: str | None = None) -> str:
    """The format to write ``path`` in: the one asked for, else the one its suffix names."""
    if requested is not None:
        if requested not in FORMATS:
            raise GraphError(f"unknown format {requested!r}; choose one of {', '.join(FORMATS)}")
        return requested
    fmt = _BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(_BY_SUFFIX))
        raise GraphError(
            f"{path}: cannot tell the format from the suffix {path.suffix!r} "
            f"(known: {known}); use --format"
        )
    return fmt


def serialize(dataset: Dataset, fmt: str) -> bytes:
    """An rdflib dataset in ``fmt``, exactly as :func:`write_graph` writes the same graph."""
    return b"".join(encode(graphs_of(dataset), fmt))


def write_graph(path: Path, graphs: Iterable[tuple[str | None, Sequence[Triple]]], fmt: str) -> int:
    """Write the graphs (see kg.graph.triples.Assembly.graphs) to ``path`` in ``fmt``, atomically,
    and return how many statements were written.

    N-Triples and N-Quads are streamed a graph at a time, so memory does not grow with the
    output; Turtle, TriG and JSON-LD are put together whole first (they are for graphs
    small enough to read).
    """
    count = 0

    def counted() -> Iterator[tuple[str | None, Sequence[Triple]]]:
        nonlocal count
        for name, triples in graphs:
            count += len(triples)
            yield name, triples

    write_atomic(path, encode(counted(), fmt))
    return count


def encode(graphs: Iterable[tuple[str | None, Sequence[Triple]]], fmt: str) -> Iterator[bytes]:
    """The graphs' statements in ``fmt``, in an order that depends only on their content.

    The statements come sorted by their N-Triples text within each graph, the default graph
    first, then the named graphs in the order of their names. N-Triples and N-Quads are that
    text. Turtle and TriG are written by pyoxigraph (40 times faster than rdflib's writers,
    see PERFORMANCE.md), with the prefixes used, sorted by name. JSON-LD is rdflib's, put in
    canonical order (node objects by @id, keys and values sorted).
    """
    if fmt == "nq":
        yield from (chunk.encode() for chunk in nquads(graphs))
        return
    if fmt == "nt":
        yield from (chunk.encode() for chunk in ntriples(graphs))
        return
    if fmt == "jsonld":
        graph = Graph().parse(data="".join(ntriples(graphs)), format="nt")
        nodes = json.loads(graph.serialize(format="json-ld", encoding="utf-8"))
        yield json.dumps(_canonical_json(nodes), indent=2, ensure_ascii=False).encode() + b"\n"
        return
    if fmt == "turtle":  # one graph: every statement in one sorted run
        text = "".join(f"{t} .\n" for t in sorted(t for _, ts in graphs for t in ts))
        items: list[Any] = list(pyoxigraph.parse(text.encode(), format=_OXIGRAPH["nt"]))
    else:
        text = "".join(nquads(graphs))
        items = list(pyoxigraph.parse(text.encode(), format=_OXIGRAPH["nq"]))
    prefixes = _used_prefixes(items)
    data = pyoxigraph.serialize(items, format=_OXIGRAPH[fmt], prefixes=prefixes) or b""
    # the writer lists prefixes in no fixed order: put them in order of name
    body = b"\n".join(line for line in data.split(b"\n") if not line.startswith(b"@prefix "))
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items()))
    yield head.encode() + b"\n" + body.lstrip(b"\n")


def _used_prefixes(items: Sequence[pyoxigraph.Quad | pyoxigraph.Triple]) -> dict[str, str]:
    """kg's prefixes (of kg.graph.rdf.new_dataset) that an IRI in the statements starts with."""
    iris: set[str] = set()
    for item in items:
        terms: list[Any] = [item.subject, item.predicate, item.object]
        if isinstance(item, pyoxigraph.Quad):
            terms.append(item.graph_name)
        iris.update(t.value for t in terms if isinstance(t, pyoxigraph.NamedNode))
        if isinstance(item.object, pyoxigraph.Literal):
            iris.add(item.object.datatype.value)
    # the part of each IRI before its last '#' or '/' narrows what a namespace can match
    stems = {iri[: max(iri.rfind("#"), iri.rfind("/")) + 1] for iri in iris}
    return {
        prefix: ns for prefix, ns in _namespaces() if any(stem.startswith(ns) for stem in stems)
    }


@cache
def _namespaces() -> tuple[tuple[str, str], ...]:
    return tuple((prefix, str(ns)) for prefix, ns in new_dataset().namespaces() if prefix)


_OXIGRAPH = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
}


def graphs_of(dataset: Dataset) -> list[tuple[str | None, list[Triple]]]:
    """An rdflib dataset's graphs as :func:`encode` takes them: the default graph first,
    then the named graphs by name, each graph's statements sorted by their text."""
    graphs: dict[str | None, list[Triple]] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        key = None if name is None or name == DATASET_DEFAULT_GRAPH_ID else str(name)
        triple = pyoxigraph.Triple(_term(s), _term(p), _term(o))  # type: ignore[arg-type]
        graphs.setdefault(key, []).append(str(triple))
    order = sorted(graphs, key=lambda name: (name is not None, f"<{name}>"))
    return [(name, sorted(set(graphs[name]))) for name in order]


def _term(term: Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype is not None:
            datatype = pyoxigraph.NamedNode(str(term.datatype))
            return pyoxigraph.Literal(str(term), datatype=datatype)
        return pyoxigraph.Literal(str(term))
    raise GraphError(f"cannot write the RDF term {term!r}")


def _canonical_json(value: Any) -> Any:
    """JSON with object keys sorted and arrays sorted by their canonical text."""
    if isinstance(value, dict):
        return {key: _canonical_json(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        items = [_canonical_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def check_writable(path: Path) -> None:
    """Fail before any work when the output cannot be written."""
    if path.is_dir():
        raise GraphError(f"{path}: is a folder; give a file name such as {path / 'graph.ttl'}")
    parent = next((p for p in [path.parent, *path.parent.parents] if p.exists()), Path("."))
    problem = "is not a folder" if not parent.is_dir() else _cannot_create_in(parent)
    if problem:
        raise GraphError(f"{path}: cannot write here ({parent} {problem})")


def _cannot_create_in(folder: Path) -> str:
    """Why a file cannot be created in ``folder`` ("" when it can): tried for real, since
    permission bits say nothing of read-only mounts, full disks or root."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".kg-probe.", dir=folder)
    except OSError as exc:
        return f"is not writable: {exc.strerror}"
    os.close(fd)
    os.unlink(probe)
    return ""


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write a temporary file beside ``path``, fsync it, then rename it over ``path``.
    ``data`` may come in pieces: the previous file stays until the last one is written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise GraphError(f"{path}: cannot write ({exc.strerror})") from exc
    try:
        # mkstemp makes the file private; give the graph the permissions of any new file
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            for piece in [data] if isinstance(data, bytes) else data:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _sync_folder(path.parent)  # the rename itself survives a power cut
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise GraphError(f"{path}: cannot write ({exc.strerror})") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # a platform without folder handles: the rename is all there is
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is still atomic
    finally:
        os.close(fd)
