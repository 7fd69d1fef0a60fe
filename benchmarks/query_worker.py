"""Time canned queries on one engine, each in a child process that is killed when it runs
out of time, and print one JSON line per event on stdout (progress goes to stderr).

    python -m benchmarks.query_worker --engine store --source STORE_DIR --plan '{"crew": {}}'
    python -m benchmarks.query_worker --engine rdflib --source graph.nt --plan ...

The plan maps query names to their parameter values. With ``rdflib`` the graph file is read
once (the time is reported) and every query runs in a forked child that shares it; with
``store`` each child opens the embedded store itself. A query that takes longer than
``--timeout`` is stopped and reported as timed out; the next query starts afresh. A query
runs ``--runs`` times when its first run is faster than ``--repeat-below`` seconds.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from collections.abc import Mapping, Sequence
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib import Graph

from kg.graph.rdf import read_graph
from kg.sparql.backend import Backend
from kg.sparql.queries import CannedQuery, find_query, run_query
from kg.sparql.store import EmbeddedStore

ENGINES = ("rdflib", "store")


def emit(**event: object) -> None:
    print(json.dumps(event), flush=True)


def progress(message: str) -> None:
    print(f"           query worker: {message}", file=sys.stderr, flush=True)


def _child(
    engine: str,
    source: Path,
    graph: Graph | None,
    name: str,
    values: Mapping[str, str],
    runs: int,
    repeat_below: float,
    conn: Connection,
) -> None:
    """Run one query (in the forked child) and send ``(seconds, rows)`` after each run."""
    try:
        query = find_query(name)
        if engine == "store":
            with EmbeddedStore(source, create=False) as store:
                _timed_runs(query, store, values, runs, repeat_below, conn)
        else:
            assert graph is not None
            _timed_runs(query, graph, values, runs, repeat_below, conn)
    except Exception as exc:  # reported, not raised: the worker goes on with the next query
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _timed_runs(
    query: CannedQuery,
    engine: Backend | Graph,
    values: Mapping[str, str],
    runs: int,
    repeat_below: float,
    conn: Connection,
) -> None:
    for run in range(runs):
        clock = time.perf_counter()
        result = run_query(query, engine, values)
        elapsed = time.perf_counter() - clock
        conn.send(("run", elapsed, len(result.rows)))
        if run == 0 and elapsed >= repeat_below:
            break
    conn.send(("done", 0.0, 0))


def time_query(
    engine: str,
    source: Path,
    graph: Graph | None,
    name: str,
    values: Mapping[str, str],
    runs: int,
    repeat_below: float,
    timeout: float,
) -> dict[str, object]:
    """One query's runs in a forked child, each allowed ``timeout`` seconds."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(engine, source, graph, name, values, runs, repeat_below, send),
        daemon=True,
    )
    child.start()
    send.close()
    times: list[float] = []
    rows = 0
    status, message = "ok", ""
    try:
        while True:
            if not receive.poll(timeout):
                status, message = "timeout", f"no answer within {timeout:g} s"
                break
            try:
                kind, value, count = receive.recv()
            except EOFError:
                status, message = "error", f"the query process ended (exit {child.exitcode})"
                break
            if kind == "run":
                times.append(value)
                rows = count
            elif kind == "error":
                status, message = "error", str(value)
                break
            else:
                break
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    return {"name": name, "status": status, "message": message, "times": times, "rows": rows}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.query_worker")
    parser.add_argument("--engine", choices=ENGINES, required=True)
    parser.add_argument("--source", type=Path, required=True, help="Graph file or store folder.")
    parser.add_argument("--plan", required=True, help='JSON: {"query": {"param": "value"}}')
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--repeat-below", type=float, default=5.0)
    args = parser.parse_args(argv)
    plan: dict[str, dict[str, str]] = json.loads(args.plan)

    graph: Graph | None = None
    if args.engine == "rdflib":
        progress(f"reading {args.source.name} with rdflib")
        clock = time.perf_counter()
        graph = read_graph(args.source)
        elapsed = time.perf_counter() - clock
        emit(event="ready", seconds=elapsed, triples=len(graph))
        progress(f"read {len(graph):,} triples in {elapsed:,.2f} s")
    else:
        with EmbeddedStore(args.source, create=False) as store:
            emit(event="ready", seconds=0.0, triples=store.quads())

    for name, values in plan.items():
        outcome = time_query(
            args.engine,
            args.source,
            graph,
            name,
            values,
            args.runs,
            args.repeat_below,
            args.timeout,
        )
        emit(event="query", **outcome)
        times = outcome["times"]
        first = f"{times[0]:,.2f} s" if isinstance(times, list) and times else "-"
        progress(f"{args.engine} {name}: {outcome['status']}, first run {first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
