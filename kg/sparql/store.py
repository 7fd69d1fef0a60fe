"""The embedded triple store: a pyoxigraph Store (RocksDB on disk).

A graph is loaded as one named graph per document plus the entity graph. A load into a
store kg keeps in step (kg.sparql.sync) replaces only the new and changed graphs and drops
the gone ones, in a single transaction (one SPARQL Update). Any other load is a full one:
the graphs are bulk-loaded into a new store beside the old one, which it then replaces in
one rename. Either way a reload never piles data up, and a load that fails or is killed
leaves the store as it was. Graphs that are not kg's are left alone, and queries see only
kg's graphs.

The store is for one process at a time: RocksDB locks it, and a second process gets a
"store is in use" error. Use a SPARQL server when several processes need the data.
"""

from __future__ import annotations

import ctypes
import errno
import io
import os
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox
from rdflib import PROV, BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import GraphError, StoreError
from kg.graph.iris import DOCUMENT_PREFIX, ENTITY_GRAPH, STORE_RECORD, is_kg_graph
from kg.graph.untrusted import read_untrusted
from kg.sparql.backend import (
    XSD_STRING,
    Bindings,
    LoadReport,
    QueryResult,
    StoreGraphs,
    sparql_literal,
    with_values,
)
from kg.sparql.sync import (
    RECORD_PREDICATE,
    RECORD_SUBJECT,
    StoreRecord,
    SyncPlan,
    plan_sync,
)
from kg.vocab import KG, RES

DEFAULT_STORE = Path("out/store")


_OX_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".n3": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}


def read_for_store(path: Path) -> dict[str, bytes]:
    """A graph file split into the graphs a store keeps, as sorted N-Triples per graph
    name, read by pyoxigraph (ten times faster than rdflib). The split follows
    kg.graph.iris.graph_names: a triple about a document, its strings or an evidence record
    read from it goes to that document's graph, the rest to the entity graph; the file's
    own graph names do not matter, so every format loads the same.

    pyoxigraph parses the file (and so checks it) and writes it out again as N-Triples,
    one statement per line in one canonical form, which is split as text: the same rule
    on term objects costs four times as long."""
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file (build one with: kg build -o {path})")
    fmt = _OX_FORMATS.get(path.suffix.lower(), ox.RdfFormat.TURTLE)
    data = read_untrusted(path)  # refuses what would make the parser fetch or exhaust
    try:
        quads = ox.parse(data, format=fmt)
        statements = (q.triple for q in quads) if fmt.supports_datasets else quads
        text = ox.serialize(statements, format=ox.RdfFormat.N_TRIPLES) or b""
    except (SyntaxError, ValueError, OSError) as exc:
        message = " ".join(str(exc).split())
        raise GraphError(f"{path}: cannot parse as {fmt.name} ({message})") from None
    return split_ntriples(text)


_DOCUMENT_TERM = f"<{DOCUMENT_PREFIX}".encode()
_KG_DOCUMENT = f"<{KG.document}>".encode()
_PROV_USED = f"<{PROV.used}>".encode()


def split_ntriples(text: bytes) -> dict[str, bytes]:
    """Canonical N-Triples (one statement per line, terms separated by one space, as
    pyoxigraph and kg write them) split by kg.graph.iris.graph_names's rule, each graph's
    lines sorted and without repeats, the graphs by name."""
    lines = text.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    # the graph of a subject that decides it alone: a document's term (its IRI or one of
    # its strings'), or an evidence record, which goes where its document goes
    decided: dict[bytes, bytes] = {}
    link = b" " + _KG_DOCUMENT + b" "
    at = text.find(link)
    while at >= 0:
        end = text.find(b"\n", at)
        found = text[at + len(link) : end - 2]  # the object, without " ."
        if found.startswith(_DOCUMENT_TERM):
            decided[text[text.rfind(b"\n", 0, at) + 1 : at]] = _document_graph(found)
        at = text.find(link, end)
    entities = str(ENTITY_GRAPH).encode()
    graphs: defaultdict[bytes, list[bytes]] = defaultdict(list)
    for line in lines:
        subject = line[: line.index(b" ")]
        name = decided.get(subject)
        if name is None:
            if subject.startswith(_DOCUMENT_TERM):
                name = decided[subject] = _document_graph(subject)
            elif _DOCUMENT_TERM in line:  # about a document's term, unless the build's link
                _, predicate, term = line.split(b" ", 2)
                used = predicate == _PROV_USED or not term.startswith(_DOCUMENT_TERM)
                name = entities if used else _document_graph(term)
            else:
                name = entities
        graphs[name].append(line)
    return {name.decode(): b"\n".join(sorted(set(graphs[name]))) + b"\n" for name in sorted(graphs)}


def _document_graph(term: bytes) -> bytes:
    """The graph of a document's term (its IRI, or one of its strings', as N-Triples)."""
    local = term[len(_DOCUMENT_TERM) :].split(b"#", 1)[0].split(b">", 1)[0]
    return _DOCUMENT_GRAPH + local


_DOCUMENT_GRAPH = str(RES["graph/document/"]).encode()


def _open(path: Path) -> ox.Store:
    """The store at ``path`` (made if missing), open for this process alone."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        message = str(exc)
        if "lock" in message.lower():
            raise StoreError(
                f"{path}: store is in use by another process; wait for it to finish "
                "(or use a SPARQL server for shared access)"
            ) from None
        raise StoreError(f"{path}: cannot open the store ({message})") from None


def _bulk_load(
    folder: Path, graphs: StoreGraphs, record: StoreRecord, others: list[ox.Quad]
) -> None:
    """A new store at ``folder`` holding the graphs, the record and ``others``, closed
    when this returns (whether it succeeds or not)."""
    loading = ox.Store(str(folder))
    try:
        reader = cast(IO[bytes], _NQuadsReader(_nquads(graphs, record)))
        loading.bulk_load(input=reader, format=ox.RdfFormat.N_QUADS)
        if others:
            loading.bulk_extend(others)
        loading.flush()
    finally:
        del loading


def _ours(graph: object) -> bool:
    """Whether a graph is kg's to replace: one of its graphs, or its record."""
    return isinstance(graph, ox.NamedNode) and (
        is_kg_graph(graph.value) or graph.value == RECORD_SUBJECT
    )


_RECORD_GRAPH = ox.NamedNode(str(STORE_RECORD))
_ENTITY_GRAPH = ox.NamedNode(str(ENTITY_GRAPH))


def _record_triple(record: StoreRecord) -> str:
    return f"<{RECORD_SUBJECT}> <{RECORD_PREDICATE}> {sparql_literal(record.text())} ."


def _ntriples(triples: list[ox.Triple]) -> str:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def _nquads(graphs: StoreGraphs, record: StoreRecord) -> Iterator[bytes]:
    """The graphs and the record as N-Quads, a graph at a time."""
    for name, data in graphs.items():
        # every line ends " .\n" (a line break in a literal is escaped): name the graph there
        yield data.replace(b" .\n", f" <{name}> .\n".encode())
    yield f"{_record_triple(record)[:-2]} <{RECORD_SUBJECT}> .\n".encode()


class _NQuadsReader(io.RawIOBase):
    """A file-like view of the N-Quads chunks, for bulk_load to read as it goes."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = memoryview(chunk)
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]  # a view: nothing is copied
        return size


# ---------------------------------------------------------------------------- swapping

RENAME_EXCHANGE = 2
"""renameat2's flag to swap two paths in one step (Linux 3.15)."""
_AT_FDCWD = -100


def swap_folders(fresh: Path, target: Path) -> None:
    """Put the folder ``fresh`` in ``target``'s place, leaving the old ``target`` at
    ``fresh``: in one step where the system swaps two paths atomically (Linux's
    renameat2), so a kill leaves one whole store at ``target``; elsewhere by two renames,
    a kill between which :func:`recover_swap` undoes."""
    if _exchange(fresh, target):
        return
    previous = _previous(target)
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        os.rename(target, previous)
    os.rename(fresh, target)
    if previous.exists():
        os.rename(previous, fresh)


def recover_swap(target: Path) -> None:
    """Undo a two-rename swap cut off between its renames: the old store goes back."""
    previous = _previous(target)
    if not target.exists() and previous.is_dir():
        os.rename(previous, target)


def _previous(target: Path) -> Path:
    return target.with_name(f".{target.name}.previous")


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the system cannot."""
    if not second.exists():
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE
    )
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}:
        return False  # a file system that cannot: two renames instead
    raise OSError(error, os.strerror(error), str(second))


class EmbeddedStore:
    """The store at a folder, open for this process alone until :meth:`close` (or the
    end of a ``with`` block) releases it."""

    def __init__(self, path: Path, create: bool = True) -> None:
        self.path = path
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: not a store folder (it is a file)")
        recover_swap(path)
        if not create and not path.exists():
            raise StoreError(f"{path}: no such store (make one with: kg load GRAPH --store {path})")
        self._store: ox.Store | None = _open(path)

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store (pyoxigraph unlocks it when its last reference goes)."""
        self._store = None

    @property
    def oxigraph(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"{self.path}: the store is closed")
        return self._store

    def graphs(self) -> list[ox.NamedNode]:
        """kg's graphs in the store, in IRI order."""
        names = [g for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode)]
        return sorted((g for g in names if is_kg_graph(g.value)), key=lambda g: g.value)

    def quads(self) -> int:
        return len(self.oxigraph)

    def load(self, source: Path | StoreGraphs, *, full: bool = False) -> LoadReport:
        """Bring kg's graphs in the store in step with those of ``source`` (a graph file,
        read whole before the store changes, or the graphs :func:`read_for_store` gives).

        A store that kg keeps (kg.sparql.sync) has only its new and changed graphs
        replaced and its gone ones dropped, in one transaction. Any other, or with
        ``full``, is replaced whole: the graphs are bulk-loaded into a new store beside
        this one (graphs that are not kg's copied over), which then takes its place in one
        rename. Either way a failure or a kill leaves the store as it was."""
        graphs = read_for_store(source) if isinstance(source, Path) else source
        new = StoreRecord.of(graphs)
        held, record = self._held(), self._record()
        plan = plan_sync(held, record, new, full=full)
        if not plan.full and plan.rewrite_statements > new.statements // 2:
            plan = SyncPlan(full=True)  # most of it changed: a bulk load is faster
        before = sum(held.values())
        try:
            if plan.full:
                self._replace(graphs, new)
            elif plan.write or plan.drop or record != new:
                self._update(graphs, new, plan)
        except (OSError, SyntaxError, ValueError) as exc:
            message = " ".join(str(exc).split())
            raise StoreError(
                f"{self.path}: load failed, the store is unchanged ({message})"
            ) from None
        written = len(graphs) if plan.full else len(plan.write)
        removed = len(set(held) - set(graphs)) if plan.full else len(plan.drop)
        return LoadReport(
            str(self.path),
            written,
            removed,
            before,
            new.statements,  # kg's graphs are now exactly the new ones
            full=plan.full,
            reason=plan.reason,
            unchanged=0 if plan.full else plan.unchanged,
        )

    def _held(self) -> dict[str, int]:
        """kg's graphs in the store and the statements each holds (one aggregate query)."""
        counts = self.oxigraph.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
        assert isinstance(counts, ox.QuerySolutions)
        held = {}
        for row in counts:
            name, count = row[0], row[1]
            if isinstance(name, ox.NamedNode) and is_kg_graph(name.value):
                held[name.value] = int(count.value)
        return held

    def _record(self) -> StoreRecord | None:
        subject, predicate = ox.NamedNode(RECORD_SUBJECT), ox.NamedNode(RECORD_PREDICATE)
        found = self.oxigraph.quads_for_pattern(subject, predicate, None, _RECORD_GRAPH)
        texts = [q.object.value for q in found if isinstance(q.object, ox.Literal)]
        return StoreRecord.parse(texts[0]) if len(texts) == 1 else None

    def _update(self, graphs: StoreGraphs, new: StoreRecord, plan: SyncPlan) -> None:
        """Replace the changed graphs and drop the gone ones in one transaction; the entity
        graph is changed statement by statement."""
        store = self.oxigraph
        parts = [f"DROP SILENT GRAPH <{name}> ;" for name in plan.drop]
        parts.append(f"DROP SILENT GRAPH <{_RECORD_GRAPH.value}> ;")
        inserts = []
        for name in plan.write:
            if name == _ENTITY_GRAPH.value:
                held = {q.triple for q in store.quads_for_pattern(None, None, None, _ENTITY_GRAPH)}
                parsed = ox.parse(graphs[name], format=ox.RdfFormat.N_TRIPLES)
                wanted = {q.triple for q in parsed}
                gone = sorted(held - wanted, key=str)
                if gone:
                    parts.append(f"DELETE DATA {{ GRAPH <{name}> {{")
                    parts.append(_ntriples(gone))
                    parts.append("} } ;")
                inserts.append((name, _ntriples(sorted(wanted - held, key=str))))
            else:
                parts.append(f"DROP SILENT GRAPH <{name}> ;")
                inserts.append((name, graphs[name].decode("utf-8")))
        parts.append("INSERT DATA {")
        for name, data in inserts:
            parts.append(f"GRAPH <{name}> {{")
            parts.append(data)
            parts.append("}")
        parts.append(f"GRAPH <{_RECORD_GRAPH.value}> {{ {_record_triple(new)} }}")
        parts.append("}")
        store.update("\n".join(parts))
        store.flush()

    def _replace(self, graphs: StoreGraphs, new: StoreRecord) -> None:
        """Bulk-load the graphs, the record and the graphs that are not kg's into a new
        store beside this one, then put it in this one's place (see swap_folders)."""
        fresh = self.path.with_name(f".{self.path.name}.loading")
        shutil.rmtree(fresh, ignore_errors=True)  # what a killed load left
        try:
            _bulk_load(fresh, graphs, new, self._others())
            self._store = None  # closed: RocksDB writes nothing more into a folder that moves
            swap_folders(fresh, self.path)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)  # the old store, or a failed load
            if self._store is None:
                self._store = _open(self.path)

    def _others(self) -> list[ox.Quad]:
        """The statements of graphs that are not kg's (the default graph too): a full load
        leaves them as they were."""
        store = self.oxigraph
        names = [g for g in store.named_graphs() if not _ours(g)]
        quads = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        for name in names:
            quads.extend(store.quads_for_pattern(None, None, None, name))
        return quads

    def select(self, text: str, bindings: Bindings) -> QueryResult:
        """A query over the union of kg's graphs (as on the file)."""
        graphs, only_kg = self._kg_graphs()
        if not graphs:
            raise StoreError(f"{self.path}: the store holds no kg graph; load one with kg load")
        # Oxigraph's own substitutions need the variable in the projection: a VALUES block
        text = with_values(text, bindings)
        if only_kg:
            # the same union, but read as one graph: a list of graphs is searched graph by
            # graph, 40 times slower with 300 documents and worse with more
            result = self.oxigraph.query(text, use_default_graph_as_union=True)
        else:
            in_order = sorted(graphs, key=lambda g: g.value)
            result = self.oxigraph.query(text, default_graph=in_order)  # type: ignore[arg-type]
        if isinstance(result, bool):
            return QueryResult(("ask",), ((Literal(result),),))
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError(f"{self.path}: kg query answers SELECT and ASK queries only")
        variables = tuple(v.value for v in result.variables)
        return QueryResult(variables, solution_rows(result))

    def _kg_graphs(self) -> tuple[list[ox.NamedNode], bool]:
        """kg's graphs, and whether the store holds nothing but them (an empty default
        graph and no named graph of anyone else's): one pass over the graph names, which
        a store of 10,000 documents has 10,001 of."""
        store = self.oxigraph
        names = [g for g in store.named_graphs() if g != _RECORD_GRAPH]
        graphs = [g for g in names if isinstance(g, ox.NamedNode) and is_kg_graph(g.value)]
        default = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
        return graphs, default is None and len(graphs) == len(names)


def solution_rows(solutions: ox.QuerySolutions) -> tuple[tuple[Node | None, ...], ...]:
    """The rows of a SELECT answer as rdflib terms. Each distinct term is converted once
    per answer (rdflib takes 5 µs to make a string literal and 15 µs a typed one, and a
    long answer repeats many terms: classes, property names, counts)."""
    converted: dict[object, Node | None] = {None: None}
    rows = []
    for solution in solutions:
        row = []
        for term in solution:  # the values in the order of the variables, None if unbound
            try:
                node = converted[term]
            except KeyError:
                node = converted[term] = from_oxigraph(term)
            row.append(node)
        rows.append(tuple(row))
    return tuple(rows)


def from_oxigraph(term: object) -> Node | None:
    """An Oxigraph term as the rdflib term the file engine would give."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        # a plain or language-tagged string has nothing to normalize (and skipping it
        # halves the 5 µs rdflib takes to make one: a long answer has thousands)
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError(f"unexpected term in a query answer: {term!r}")
