"""Stage 5, sparql: canned queries and the backends they run on.

One module per part, the way httpx keeps its transports:

- ``backend``: the interface every backend follows (:class:`Backend`, and
  :class:`TripleStore` for those a graph can be loaded into), query results, bindings;
- ``file``, ``store``, ``server``: the backends, a graph file (rdflib), the embedded store
  (pyoxigraph) and a SPARQL server (httpx);
- ``targets``: which backend a set of options names, opened (:func:`open_target`), and
  loading a graph file into a store or server (:func:`load_graph`);
- ``queries``: the canned ``.rq`` files, their parameters, the read-only check, and
  running one;
- ``readonly``: why a query text may not run (it does more than read);
- ``results``: the table, CSV and JSON result formats.

The names below are imported on first use (PEP 562), so that importing this package, or
one module of it, loads only what that needs: httpx only for a server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.lazy import lazy_exports

if TYPE_CHECKING:
    from kg.sparql.backend import Backend as Backend
    from kg.sparql.backend import Bindings as Bindings
    from kg.sparql.backend import LoadReport as LoadReport
    from kg.sparql.backend import QueryResult as QueryResult
    from kg.sparql.backend import StoreGraphs as StoreGraphs
    from kg.sparql.backend import TripleStore as TripleStore
    from kg.sparql.file import FileBackend as FileBackend
    from kg.sparql.queries import CannedQuery as CannedQuery
    from kg.sparql.queries import check_read_only as check_read_only
    from kg.sparql.queries import find_query as find_query
    from kg.sparql.queries import list_queries as list_queries
    from kg.sparql.queries import run_query as run_query
    from kg.sparql.results import FORMATS as FORMATS
    from kg.sparql.results import format_result as format_result
    from kg.sparql.server import Endpoint as Endpoint
    from kg.sparql.store import EmbeddedStore as EmbeddedStore
    from kg.sparql.targets import Target as Target
    from kg.sparql.targets import load_graph as load_graph
    from kg.sparql.targets import open_target as open_target

_LAZY = {
    "Backend": "kg.sparql.backend",
    "Bindings": "kg.sparql.backend",
    "LoadReport": "kg.sparql.backend",
    "QueryResult": "kg.sparql.backend",
    "StoreGraphs": "kg.sparql.backend",
    "TripleStore": "kg.sparql.backend",
    "FileBackend": "kg.sparql.file",
    "CannedQuery": "kg.sparql.queries",
    "find_query": "kg.sparql.queries",
    "list_queries": "kg.sparql.queries",
    "run_query": "kg.sparql.queries",
    "check_read_only": "kg.sparql.queries",
    "FORMATS": "kg.sparql.results",
    "format_result": "kg.sparql.results",
    "Endpoint": "kg.sparql.server",
    "EmbeddedStore": "kg.sparql.store",
    "Target": "kg.sparql.targets",
    "load_graph": "kg.sparql.targets",
    "open_target": "kg.sparql.targets",
}

__all__ = sorted(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
