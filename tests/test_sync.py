"""A store kept in step with the corpus (kg.sparql.sync): a load writes only the graphs that
changed and drops those of removed documents, a store kg does not know is replaced whole
and says so, and every way of getting there (a sync, a removal, a full load) leaves the same
statements, on the embedded store and on a real `oxigraph serve` on 127.0.0.1."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.builder import BuildOptions, build, remove
from kg.cli import app
from kg.errors import InputError, StoreError
from kg.graph.formats import format_for, serialize
from kg.graph.iris import ENTITY_GRAPH, STORE_RECORD, document_graph, graph_names
from kg.paths import SEEDS_DIR
from kg.sparql import store as store_module
from kg.sparql.server import Endpoint
from kg.sparql.store import EmbeddedStore
from kg.sparql.sync import StoreRecord, plan_sync
from kg.sparql.targets import Target, load_graph
from kg.vocab import KG
from tests.conftest import small_corpus
from tests.servers import FaultProxy, oxigraph_server

runner = CliRunner()

OLD = {f"d{n:02}": [f"Ann Abel{n}", "Bo Berg", f"Cy Cole{n}"] for n in range(10)}
"""Ten documents; every one names Bo Berg, and two people of its own."""
NEW = {k: v for k, v in OLD.items() if k != "d03"} | {
    "d01": ["Ann Abel1", "Bo Berg", "Dee Dunn"],  # changed: a person less, one more
    "d10": ["Eve Egan", "Bo Berg"],  # added
}
"""OLD with one document changed, one removed and one added."""


def _graph(path: Path, documents: dict[str, list[str]]) -> Path:
    path.write_bytes(serialize(small_corpus(documents), format_for(path)))
    return path


def _store_quads(path: Path) -> list[bytes]:
    """The store's statements as sorted N-Quads lines."""
    with EmbeddedStore(path, create=False) as opened:
        return sorted(set(opened.oxigraph.dump(format=ox.RdfFormat.N_QUADS).splitlines()))


def _server_quads(url: str) -> list[bytes]:
    answer = httpx.get(f"{url}/store", headers={"Accept": "application/n-quads"}, timeout=30)
    answer.raise_for_status()
    return sorted(set(answer.content.splitlines()))


def _full_load(graph: Path, folder: Path) -> list[bytes]:
    """What a full load of ``graph`` into a new store holds."""
    load_graph(graph, Target(store=folder))
    return _store_quads(folder)


# ------------------------------------------------------------------------- the plan


def test_the_plan_writes_new_and_changed_graphs_drops_gone_ones_and_the_entity_graph_last() -> None:
    entities = str(ENTITY_GRAPH)
    old = StoreRecord("b1", {"g/a": ("1", 3), "g/b": ("2", 3), entities: ("3", 9)})
    new = StoreRecord("b2", {"g/a": ("1", 3), "g/c": ("4", 2), entities: ("5", 8)})
    plan = plan_sync({"g/a": 3, "g/b": 3, entities: 9}, old, new)
    assert not plan.full
    assert (plan.write, plan.drop, plan.unchanged) == (("g/c", entities), ("g/b",), 1)
    assert not plan_sync({"g/a": 3, "g/b": 3, entities: 9}, old, old).write


def test_the_plan_replaces_a_store_kg_cannot_vouch_for_and_says_why() -> None:
    entities = str(ENTITY_GRAPH)
    old = StoreRecord("b1", {"g/a": ("1", 3), entities: ("3", 9)})
    assert plan_sync({}, None, old) == plan_sync({}, None, old)  # a new store: no reason
    assert plan_sync({}, None, old).full and not plan_sync({}, None, old).reason
    older = plan_sync({"g/a": 3}, None, old)
    assert older.full and "no record of what it holds" in older.reason
    touched = plan_sync({"g/a": 4, entities: 9}, old, old)
    assert touched.full and "g/a holds 4 statements, kg's record says 3" in touched.reason
    added = plan_sync({"g/a": 3, "g/x": 1, entities: 9}, old, old)
    assert added.full and "g/x is not in kg's record" in added.reason
    # a load cut off half-way: the graphs its record does not vouch for are written again
    pending = StoreRecord("b1", {"g/a": ("1", 3)}, pending=True)
    plan = plan_sync({"g/a": 3, "g/x": 1, entities: 9}, pending, old)
    assert not plan.full and plan.write == (entities,) and plan.drop == ("g/x",)


def test_the_record_round_trips_and_refuses_what_it_is_not() -> None:
    record = StoreRecord("b", {"g/a": ("1", 3)}, pending=True)
    assert StoreRecord.parse(record.text()) == record
    for text in ("", "{}", '{"format": 0, "build": "b", "graphs": {}}', "[1]", '{"format": 1}'):
        assert StoreRecord.parse(text) is None, text


def test_the_text_split_of_a_graph_file_follows_the_graph_rule(tmp_path: Path) -> None:
    """read_for_store splits a file as text, for speed: it gives each statement the graph
    kg.graph.iris.graph_names gives it on term objects (a document's strings, its evidence
    records, and the build's prov:used links kept in the entity graph)."""
    graph = _graph(tmp_path / "g.nt", NEW)
    triples = [q.triple for q in ox.parse(graph.read_bytes(), format=ox.RdfFormat.N_TRIPLES)]
    names = graph_names(triples, lambda t: t.value if isinstance(t, ox.NamedNode) else None)
    expected: dict[str, set[ox.Triple]] = {}
    for triple, name in zip(triples, names, strict=True):
        expected.setdefault(name or str(ENTITY_GRAPH), set()).add(triple)
    split = {
        name: {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
        for name, data in _read(graph).items()
    }
    assert split == expected
    assert len(split) == len(NEW) + 1


# ------------------------------------------------------------------------- embedded store


def test_a_second_load_writes_only_what_changed_and_ends_as_a_full_load(tmp_path: Path) -> None:
    old, new = _graph(tmp_path / "old.nt", OLD), _graph(tmp_path / "new.ttl", NEW)
    store = tmp_path / "store"
    first = load_graph(old, Target(store=store))
    assert first.full and not first.reason and first.graphs == len(OLD) + 1
    again = load_graph(old, Target(store=store))
    assert not again.full and (again.graphs, again.removed) == (0, 0)
    assert again.unchanged == len(OLD) + 1
    synced = load_graph(new, Target(store=store))
    assert not synced.full
    # d01 changed, d10 added, the entity graph changed; d03 dropped; the other 8 alone
    assert (synced.graphs, synced.removed, synced.unchanged) == (3, 1, 8)
    assert _store_quads(store) == _full_load(new, tmp_path / "fresh")
    with EmbeddedStore(store) as opened:
        names = {g.value for g in opened.graphs()}
    assert str(document_graph("d03")) not in names and str(document_graph("d10")) in names


def test_a_store_someone_else_changed_is_replaced_whole_and_kg_says_so(tmp_path: Path) -> None:
    old, new = _graph(tmp_path / "old.nt", OLD), _graph(tmp_path / "new.nt", NEW)
    store = tmp_path / "store"
    load_graph(old, Target(store=store))
    with EmbeddedStore(store) as opened:
        opened.oxigraph.update(
            f"INSERT DATA {{ GRAPH <{document_graph('d05')}> {{ <urn:x> <urn:y> <urn:z> }} }}"
        )
    result = runner.invoke(app, ["load", str(new), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert f"kg: warning: {store}: the store was changed since kg last loaded it" in result.stderr
    assert result.stdout.startswith("loaded 11 graphs into")
    assert _store_quads(store) == _full_load(new, tmp_path / "fresh")
    # a store an older kg wrote has no record: replaced whole too
    with EmbeddedStore(store) as opened:
        opened.oxigraph.remove_graph(ox.NamedNode(str(STORE_RECORD)))
    report = load_graph(new, Target(store=store))
    assert report.full and "no record of what it holds" in report.reason
    assert _store_quads(store) == _full_load(new, tmp_path / "fresh2")


def test_graphs_that_are_not_kgs_stay_through_syncs_and_full_loads(tmp_path: Path) -> None:
    old, new = _graph(tmp_path / "old.nt", OLD), _graph(tmp_path / "new.nt", NEW)
    store = tmp_path / "store"
    load_graph(old, Target(store=store))
    theirs = "INSERT DATA { <urn:s> <urn:p> 1 . GRAPH <urn:theirs> { <urn:s> <urn:p> 2 } }"
    with EmbeddedStore(store) as opened:
        opened.oxigraph.update(theirs)
    mine = {b"<urn:s> <urn:p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
            b"<urn:s> <urn:p> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:theirs> ."}  # fmt: skip
    for graph, full in ((new, False), (old, True), (new, False)):
        report = load_graph(graph, Target(store=store), full=full)
        assert report.full == full and not report.reason
        held = _store_quads(store)
        assert mine <= set(held)
        assert sorted(set(held) - mine) == _full_load(graph, tmp_path / f"fresh-{len(held)}")
    with EmbeddedStore(store) as opened:  # queries still see only kg's graphs
        assert {g.value for g in opened.graphs()} == set(StoreRecord.of(_read(new)).graphs)


def _read(path: Path) -> dict[str, bytes]:
    return store_module.read_for_store(path)


def test_a_full_load_swaps_in_a_new_store_and_a_cut_swap_is_undone_on_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the system cannot swap two folders in one step, two renames do; a kill
    between them leaves the old store beside its place, and the next opening puts it
    back."""
    old, new = _graph(tmp_path / "old.nt", OLD), _graph(tmp_path / "new.nt", NEW)
    store = tmp_path / "store"
    load_graph(old, Target(store=store))
    monkeypatch.setattr(store_module, "_exchange", lambda first, second: False)
    report = load_graph(new, Target(store=store), full=True)
    assert report.full and _store_quads(store) == _full_load(new, tmp_path / "fresh")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    held = _store_quads(store)
    store.rename(tmp_path / ".store.previous")  # killed between the two renames
    assert _store_quads(store) == held


def test_a_malformed_graph_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    old = _graph(tmp_path / "old.nt", OLD)
    store = tmp_path / "store"
    load_graph(old, Target(store=store))
    held = _store_quads(store)
    broken = tmp_path / "broken.nt"
    broken.write_bytes(_graph(tmp_path / "new.nt", NEW).read_bytes() + b"<urn:a> <urn:b> .\n")
    for full in (False, True):
        with pytest.raises(Exception, match="cannot parse"):
            load_graph(broken, Target(store=store), full=full)
        assert _store_quads(store) == held


# ------------------------------------------------------------------------- a server


def test_a_server_is_kept_in_step_like_the_embedded_store(tmp_path: Path) -> None:
    old, new = _graph(tmp_path / "old.nt", OLD), _graph(tmp_path / "new.ttl", NEW)
    with oxigraph_server(tmp_path) as url:
        target = Target(endpoint=url)
        assert load_graph(old, target).full
        assert _server_quads(url) == _full_load(old, tmp_path / "fresh-old")
        synced = load_graph(new, target)
        assert not synced.full and (synced.graphs, synced.removed, synced.unchanged) == (3, 1, 8)
        assert _server_quads(url) == _full_load(new, tmp_path / "fresh-new")
        assert load_graph(new, target).graphs == 0


def test_a_server_load_cut_off_half_way_is_finished_by_running_it_again(tmp_path: Path) -> None:
    old, new = _graph(tmp_path / "old.nt", OLD), _graph(tmp_path / "new.nt", NEW)
    with oxigraph_server(tmp_path) as url, FaultProxy(url) as proxy:
        load_graph(old, Target(endpoint=url))
        proxy.cut_after = 2  # the pending record and one graph get through
        cut = Endpoint.at(url, store_url=proxy.url("cut") + "/store", attempts=1)
        with pytest.raises(StoreError, match="closed the connection"):
            cut.load(new)
        between = _server_quads(url)
        assert between != _full_load(new, tmp_path / "fresh")
        assert between != _full_load(old, tmp_path / "fresh-old")
        again = Endpoint.at(url).load(new)
        assert not again.full, "the record says which graphs the cut load left alone"
        # what the cut load was to write is written again, and nothing else
        assert (again.graphs, again.removed, again.unchanged) == (3, 1, 8)
        assert _server_quads(url) == _full_load(new, tmp_path / "fresh")


# ------------------------------------------------------------------------- builds


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("server")) as url:
        yield url


def _seeds(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(SEEDS_DIR.glob("*.txt"))[:count]
    return [Path(shutil.copy(f, folder)) for f in files]


def test_builds_and_removals_keep_a_store_and_a_server_as_a_full_load_would(
    trained_model: str, tmp_path: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four real articles; then one changed, one added and one deleted; then one removed
    with kg remove. After each step the store and the server hold exactly what a full
    load of the graph gives a new store, and that graph is what a clean build of the same
    files gives."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    files = _seeds(corpus, 4)
    store, on_store, on_server = tmp_path / "store", tmp_path / "a.ttl", tmp_path / "b.ttl"

    def both(reproducible: bool = True) -> None:
        for output, target in (
            (on_store, Target(store=store)),
            (on_server, Target(endpoint=server)),
        ):
            build([corpus], output, BuildOptions(target=target, reproducible=reproducible))

    def same_as_a_clean_build(step: str) -> None:
        full = _full_load(on_store, tmp_path / f"full-{step}")
        assert _store_quads(store) == full, step
        assert _server_quads(server) == full, step
        clean = tmp_path / f"clean-{step}"
        _seeds(clean, 0)
        for f in corpus.iterdir():
            shutil.copy(f, clean)
        output = tmp_path / f"clean-{step}.ttl"
        build([clean], output, BuildOptions(reproducible=True, cache=False))
        assert output.read_bytes() == on_store.read_bytes(), step

    both()
    same_as_a_clean_build("first")
    with files[1].open("a", encoding="utf-8") as handle:
        handle.write("\nThe mission was watched by Mira Tolland, a reporter from Vessen.\n")
    _seeds(corpus, 5)  # the fifth article joins
    files[2].unlink()
    both()
    same_as_a_clean_build("changed")
    with EmbeddedStore(store) as opened:
        before = _evidence_by_document(opened)
    removed = files[3]
    report = remove([removed.name], on_store, BuildOptions(target=Target(store=store)))
    assert report.load is not None and report.load.removed == 1
    remove([str(removed)], on_server, BuildOptions(target=Target(endpoint=server)))
    removed.unlink()
    same_as_a_clean_build("removed")
    with EmbeddedStore(store) as opened:
        after = _evidence_by_document(opened)
        text = opened.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
    gone = removed.stem
    assert gone in before and gone not in after and f"/document/{gone}".encode() not in text
    assert after == {doc: n for doc, n in before.items() if doc != gone}, (
        "every other document keeps its evidence"
    )
    with pytest.raises(InputError, match="not a document of"):
        remove([removed.name], on_store, BuildOptions(target=Target(store=store)))


def _evidence_by_document(store: EmbeddedStore) -> dict[str, int]:
    """How many evidence records each document gives, by document id."""
    link = f"<{KG.document}>"
    query = f"SELECT ?d (COUNT(?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e {link} ?d }} }} GROUP BY ?d"
    answer = store.oxigraph.query(query)
    assert isinstance(answer, ox.QuerySolutions)
    return {
        row[0].value.rsplit("/", 1)[-1]: int(row[1].value)  # type: ignore[union-attr]
        for row in answer
    }
