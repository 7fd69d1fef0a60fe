"""Write a dataset in every standard RDF format, byte for byte the same for the same input,
and atomically, so a failed write never leaves a half-written file.

Turtle, N-Triples and JSON-LD hold every triple in one graph. TriG and N-Quads keep each
document's triples in its named graph and the corpus-level triples in the default graph.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import GraphError
from kg.rdf import union_graph

FORMATS = {"turtle": ".ttl", "trig": ".trig", "nt": ".nt", "nq": ".nq", "jsonld": ".jsonld"}
"""kg's format names and the file suffix each goes with."""

_BY_SUFFIX = {suffix: name for name, suffix in FORMATS.items()} | {
    ".json": "jsonld",
    ".n3": "turtle",
}
_RDFLIB_NAMES = {
    "turtle": "turtle",
    "trig": "trig",
    "nt": "nt",
    "nq": "nquads",
    "jsonld": "json-ld",
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
    """The dataset in ``fmt``, in an order that depends only on its content.

    rdflib's Turtle writer sorts; its TriG and JSON-LD writers follow the store's hash
    order, so TriG is written graph by graph as sorted Turtle, and JSON-LD is put in
    canonical order (node objects by @id, keys and values sorted).
    """
    if fmt == "trig":
        return _trig(dataset)
    graph = union_graph(dataset)
    if fmt == "turtle":
        return graph.serialize(format="turtle", encoding="utf-8")
    if fmt == "jsonld":
        nodes = json.loads(graph.serialize(format="json-ld", encoding="utf-8"))
        return json.dumps(_canonical_json(nodes), indent=2, ensure_ascii=False).encode() + b"\n"
    source = dataset if fmt == "nq" else graph
    data = source.serialize(format=_RDFLIB_NAMES[fmt], encoding="utf-8")
    # one statement per line: sorting the lines sorts the statements
    lines = sorted({line.replace(b"  .", b" .") for line in data.splitlines() if line.strip()})
    return b"\n".join(lines) + b"\n"


def _trig(dataset: Dataset) -> bytes:
    """The default graph's triples first, then each named graph in IRI order, each as
    sorted Turtle; the prefixes once at the top."""
    prefixes: set[bytes] = set()
    blocks: list[bytes] = []
    named = sorted(
        (g for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID),
        key=lambda g: str(g.identifier),
    )
    for graph in [dataset.default_graph, *named]:
        data = _with_prefixes(graph, dataset).serialize(format="turtle", encoding="utf-8")
        lines = data.splitlines()
        prefixes.update(line for line in lines if line.startswith(b"@prefix"))
        body = [line for line in lines if not line.startswith(b"@prefix")]
        text = b"\n".join(body).strip(b"\n")
        if not text:
            continue
        if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
            blocks.append(text + b"\n")
        else:
            indented = b"\n".join(b"    " + line if line else line for line in text.split(b"\n"))
            blocks.append(f"<{graph.identifier}> {{\n".encode() + indented + b"\n}\n")
    return b"\n".join([b"\n".join(sorted(prefixes)) + b"\n", *blocks])


def _with_prefixes(graph: Graph, dataset: Dataset) -> Graph:
    copy = Graph()
    for prefix, namespace in dataset.namespaces():
        copy.bind(prefix, namespace)
    for triple in graph:
        copy.add(triple)
    return copy


def _canonical_json(value: Any) -> Any:
    """JSON with object keys sorted and arrays sorted by their canonical text."""
    if isinstance(value, dict):
        return {key: _canonical_json(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        items = [_canonical_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def write_dataset(dataset: Dataset, path: Path, fmt: str) -> None:
    write_atomic(path, serialize(dataset, fmt))


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


def write_atomic(path: Path, data: bytes) -> None:
    """Write a temporary file beside ``path``, fsync it, then rename it over ``path``."""
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
            handle.write(data)
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
