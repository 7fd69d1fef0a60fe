"""Remote SPARQL servers: queries by the SPARQL 1.1 Protocol, loads by the SPARQL 1.1
Graph Store HTTP Protocol.

A load keeps the server in step as it does the embedded store (kg.sparql.sync): it PUTs
each new or changed kg graph (documents, then the entity graph), so a reload replaces a
graph rather than adding to it, DELETEs the kg graphs the loaded file no longer has, and
leaves the rest alone. A query names kg's graphs as its default graph
(``default-graph-uri``), so it sees what the same query sees on the file.

Calls that can safely be repeated (queries, PUT, DELETE) are retried with backoff when the
connection fails or the server is briefly unavailable; updates are never repeated. The
password never appears on the command line, in a message or in a log: it comes from an
environment variable, and URLs are shown without credentials.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
from rdflib import URIRef

from kg.errors import QueryTimeout, StoreError
from kg.graph.iris import ENTITY_GRAPH, is_kg_graph
from kg.sparql.backend import (
    Bindings,
    LoadReport,
    QueryResult,
    StoreGraphs,
    sparql_literal,
    with_values,
)
from kg.sparql.results import parse_results
from kg.sparql.store import read_for_store
from kg.sparql.sync import RECORD_PREDICATE, RECORD_SUBJECT, StoreRecord, plan_sync

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
RETRY_STATUSES = frozenset({502, 503, 504})
DEFAULT_TIMEOUT = 30.0


def safe_url(url: str) -> str:
    """A URL without any user name or password in it, for messages."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


@dataclass(slots=True)
class Endpoint:
    """Where a SPARQL server answers queries, updates and Graph Store requests."""

    query_url: str
    update_url: str
    store_url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT
    attempts: int = 3
    backoff: float = 0.5
    """Seconds before the first retry; doubled for each next one."""

    @classmethod
    def at(
        cls,
        base: str,
        query_url: str | None = None,
        update_url: str | None = None,
        store_url: str | None = None,
        **options: object,
    ) -> Endpoint:
        """An endpoint at a server's base URL, with Oxigraph's paths unless overridden
        (``/query``, ``/update``, ``/store``)."""
        parts = urlsplit(base)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise StoreError(f"{safe_url(base)}: not an http(s) URL of a SPARQL server")
        root = base.rstrip("/")
        return cls(
            query_url=query_url or f"{root}/query",
            update_url=update_url or f"{root}/update",
            store_url=store_url or f"{root}/store",
            **options,  # type: ignore[arg-type]
        )

    # ------------------------------------------------------------------ HTTP

    def _client(self) -> httpx.Client:
        auth = (self.user, self.password or "") if self.user else None
        return httpx.Client(auth=auth, timeout=self.timeout, follow_redirects=True)

    def _call(
        self,
        send: Callable[[httpx.Client], httpx.Response],
        url: str,
        *,
        repeatable: bool,
    ) -> httpx.Response:
        """One request, retried with backoff if ``repeatable``; any failure is a StoreError
        (a QueryTimeout for a timeout) naming the URL without credentials."""
        shown = safe_url(url)
        attempts = self.attempts if repeatable else 1
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            try:
                with self._client() as client:
                    response = send(client)
            except httpx.TimeoutException:
                raise QueryTimeout(f"{shown}: no answer within {self.timeout:g} s") from None
            except httpx.ConnectError:
                if last:
                    raise StoreError(f"{shown}: cannot connect (is the server running?)") from None
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
                if last:
                    raise StoreError(f"{shown}: the server closed the connection") from None
            except httpx.HTTPError as exc:
                raise StoreError(f"{shown}: request failed ({type(exc).__name__})") from None
            else:
                if response.status_code not in RETRY_STATUSES or last:
                    _check(response, shown)
                    return response
            time.sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    # ------------------------------------------------------------------ queries

    def graphs(self) -> list[str]:
        """kg's graphs on the server, in IRI order."""
        result = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", [])
        names = [str(row[0]) for row in result.rows if isinstance(row[0], URIRef)]
        return sorted(n for n in names if is_kg_graph(n))

    def quads(self) -> int:
        """How many quads kg's graphs on the server hold."""
        graphs = self.graphs()
        if not graphs:
            return 0
        values = " ".join(f"<{g}>" for g in graphs)
        text = (
            f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        count = self._select(text, []).rows[0][0]
        return int(str(count))

    def select(self, text: str, bindings: Bindings) -> QueryResult:
        text = with_values(text, bindings)
        graphs = self.graphs()
        if not graphs:
            raise StoreError(
                f"{safe_url(self.query_url)}: the server holds no kg graph; load one with kg load"
            )
        return self._select(text, graphs)

    def _select(self, text: str, graphs: list[str]) -> QueryResult:
        form = {"query": text, "default-graph-uri": graphs}
        response = self._call(
            lambda c: c.post(self.query_url, data=form, headers={"Accept": RESULTS_JSON}),
            self.query_url,
            repeatable=True,  # a query changes nothing
        )
        try:
            return parse_results(response.json())
        except (ValueError, KeyError, TypeError) as exc:
            shown = safe_url(self.query_url)
            raise StoreError(f"{shown}: not a SPARQL JSON result ({exc})") from None

    # ------------------------------------------------------------------ loads

    def _put(self, graph: str, body: bytes) -> None:
        def send(client: httpx.Client) -> httpx.Response:
            headers = {"Content-Type": N_TRIPLES}
            return client.put(
                self.store_url, params={"graph": graph}, content=body, headers=headers
            )

        # PUT replaces: sending it twice gives the same graph, so it may be retried
        self._call(send, self.store_url, repeatable=True)

    def _delete(self, graph: str) -> None:
        def send(client: httpx.Client) -> httpx.Response:
            response = client.delete(self.store_url, params={"graph": graph})
            # a retried DELETE finds the graph gone: the same end
            return httpx.Response(204) if response.status_code == 404 else response

        self._call(send, self.store_url, repeatable=True)

    def held(self) -> dict[str, int]:
        """kg's graphs on the server and the statements each holds (one query)."""
        text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        rows = self._select(text, []).rows
        return {str(g): int(str(n)) for g, n in rows if isinstance(g, URIRef) and is_kg_graph(g)}

    def record(self) -> StoreRecord | None:
        """kg's record of what the server holds (kg.sparql.sync), if it has one."""
        pattern = f"<{RECORD_SUBJECT}> <{RECORD_PREDICATE}> ?v"
        text = f"SELECT ?v WHERE {{ GRAPH <{RECORD_SUBJECT}> {{ {pattern} }} }}"
        rows = self._select(text, []).rows
        return StoreRecord.parse(str(rows[0][0])) if len(rows) == 1 else None

    def _put_record(self, record: StoreRecord) -> None:
        line = f"<{RECORD_SUBJECT}> <{RECORD_PREDICATE}> {sparql_literal(record.text())} .\n"
        self._put(RECORD_SUBJECT, line.encode("utf-8"))

    def load(self, source: Path | StoreGraphs, *, full: bool = False) -> LoadReport:
        """Bring kg's graphs on the server in step with those of ``source`` (a graph file,
        read whole before the server is asked anything, or the graphs
        :func:`kg.sparql.store.read_for_store` gives), by the Graph Store Protocol: PUT each
        new or changed graph (all of them for a server kg does not keep, or with
        ``full``), DELETE each gone one, the entity graph last, then the record.

        The record first says that only the graphs left alone are known: a load cut off
        half-way is finished by running it again."""
        graphs = read_for_store(source) if isinstance(source, Path) else source
        new = StoreRecord.of(graphs)
        held, record = self.held(), self.record()
        plan = plan_sync(held, record, new, full=full)
        if plan.full:
            write, drop = [*sorted(set(graphs) - {_ENTITIES}), _ENTITIES], set(held) - set(graphs)
            write = [name for name in write if name in graphs]
        else:
            write, drop = list(plan.write), set(plan.drop)
        if write or drop or record != new:
            self._put_record(new.claiming(set(graphs) - set(write)))
            for name in write:
                if name != _ENTITIES:
                    self._put(name, graphs[name])
            for name in sorted(drop):
                self._delete(name)
            if _ENTITIES in write:
                self._put(_ENTITIES, graphs[_ENTITIES])
            self._put_record(new)
        return LoadReport(
            safe_url(self.store_url),
            len(write),
            len(drop),
            sum(held.values()),
            new.statements,
            full=plan.full,
            reason=plan.reason,
            unchanged=len(graphs) - len(write),
        )


def _check(response: httpx.Response, shown: str) -> None:
    status = response.status_code
    if status < 400:
        return
    if status in {401, 403}:
        raise StoreError(
            f"{shown}: not authorized ({status}); check --user and the password variable"
        )
    if status == 404:
        raise StoreError(f"{shown}: not found (404); check the endpoint URL and its paths")
    detail = " ".join(response.text.split())[:200]
    raise StoreError(f"{shown}: the server answered {status}" + (f": {detail}" if detail else ""))


_ENTITIES = str(ENTITY_GRAPH)
