"""Where ``kg query`` and ``kg load`` run: a graph file, the embedded store or a SPARQL
server, chosen from one set of options, so that the two commands cannot disagree about
which one the options name, where the password comes from, or what is opened when."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from kg.errors import KgError
from kg.paths import DEFAULT_OUTPUT
from kg.sparql.backend import Backend, LoadReport, StoreGraphs, TripleStore
from kg.sparql.file import FileBackend
from kg.sparql.store import DEFAULT_STORE, EmbeddedStore, read_for_store

if TYPE_CHECKING:
    from kg.sparql.server import Endpoint

PASSWORD_ENV = "KG_ENDPOINT_PASSWORD"
REMOTE_GRACE = 1.0
"""Seconds a query on a server may run past its timeout, so that the HTTP client's own
timeout, which names the server, is the one that fires."""


@dataclass(frozen=True, slots=True)
class Target:
    """A graph file, an embedded store or a server, as the options of ``kg query`` and
    ``kg load`` name it. Naming more than one is refused when the target is made, before
    any other work."""

    graph: Path | None = None
    store: Path | None = None
    endpoint: str | None = None
    query_url: str | None = None
    update_url: str | None = None
    store_url: str | None = None
    user: str | None = None
    password_env: str = PASSWORD_ENV
    timeout: float | None = None

    def __post_init__(self) -> None:
        named = {"graph": self.graph, "store": self.store, "endpoint": self.endpoint}
        given = [f"--{name}" for name, value in named.items() if value]
        if len(given) > 1:
            raise KgError(f"give only one of {', '.join(given)}")

    @property
    def query_timeout(self) -> float | None:
        """How long a whole query may take: the timeout, with REMOTE_GRACE more on a
        server."""
        if self.endpoint is None or self.timeout is None:
            return self.timeout
        return self.timeout + REMOTE_GRACE


@overload
def open_target(target: Target, *, load: Literal[True]) -> AbstractContextManager[TripleStore]: ...


@overload
def open_target(
    target: Target, *, load: Literal[False] = False
) -> AbstractContextManager[Backend]: ...


def open_target(target: Target, *, load: bool = False) -> AbstractContextManager[Backend]:
    """The backend ``target`` names, open until the ``with`` block ends: the server, else
    the store (it must exist, unless ``load``), else the graph file (by default the one
    ``kg build`` writes). To ``load``, the target is a store or a server, the embedded
    store at out/store when it names neither.

    :raises KgError: the password variable is unset, the URL is not a server's, the store
        cannot be opened, or the file cannot be read.
    """
    return _opened(target, load)


@contextmanager
def _opened(target: Target, load: bool) -> Iterator[Backend]:
    if target.endpoint is not None:
        yield _endpoint(target.endpoint, target)
    elif target.store is not None or load:
        with EmbeddedStore(target.store or DEFAULT_STORE, create=load) as store:
            yield store
    else:
        yield FileBackend.read(target.graph or DEFAULT_OUTPUT)


def _endpoint(base: str, target: Target) -> Endpoint:
    from kg.sparql.server import Endpoint  # httpx, only for a server

    password = None
    if target.user is not None:
        password = os.environ.get(target.password_env)
        if password is None:
            raise KgError(
                f"--user {target.user}: set ${target.password_env} to the password "
                "(it is never read from the command line)"
            )
    options: dict[str, object] = {"user": target.user, "password": password}
    if target.timeout is not None:
        options["timeout"] = target.timeout
    return Endpoint.at(base, target.query_url, target.update_url, target.store_url, **options)


def load_graph(graph_file: Path, target: Target, *, full: bool = False) -> LoadReport:
    """Make kg's graphs in the store or server ``target`` names those of ``graph_file``
    (any format kg writes): only the changed ones, unless ``full`` (see kg.sparql.sync).

    The file is read whole before anything is written. An embedded store is opened only
    after that, so a file that cannot be read leaves no store made or locked; a server's
    options are checked before the file is read, and the server asked nothing until it is.
    """
    source: Path | StoreGraphs = graph_file
    if target.endpoint is None:
        source = read_for_store(graph_file)
    with open_target(target, load=True) as store:
        return store.load(source, full=full)
