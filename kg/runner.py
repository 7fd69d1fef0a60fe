"""The per-document stage, wherever it runs: each document's text becomes a small
Extraction record (mentions, facts, events, aliases), independently of every other
document. That is what makes it parallel and cacheable; the global pass (resolution,
consolidation, RDF) runs afterwards on the records alone.

Engines:

- ``local``, ``jobs=1``: this process, documents streamed through ``nlp.pipe``;
- ``local``, ``jobs=N``: N worker processes, each loading the model once, fed batches of
  documents; results come back in input order, so the output is the same for any N;
- ``dask``: the batches run on a Dask cluster (``dask.distributed``): a LocalCluster of
  ``jobs`` single-threaded worker processes, or the running scheduler at ``scheduler``.
  Each worker loads the model once (kg and the model must be installed on the workers).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from itertools import repeat
from typing import TYPE_CHECKING, Any

from kg.cache import ExtractionCache
from kg.errors import KgError
from kg.records import Document, Extraction

if TYPE_CHECKING:
    from spacy.language import Language

ENGINES = ("local", "dask")
BATCH_DOCUMENTS = 16
"""Documents per task sent to a worker: enough to amortize the trip, few enough to balance."""

SCHEDULER_TIMEOUT = 5.0
"""Seconds to wait for a Dask scheduler to answer before the build gives up."""

Progress = Callable[[int], None]
"""Told how many more documents are done."""


class EngineError(KgError):
    """A parallel or distributed engine cannot run."""


def extract_batch(documents: Sequence[Document], model: str | None) -> list[Extraction]:
    """Run in a worker: the extractions of a batch, with the worker's own copy of the model."""
    from kg.extract.document import extract_documents  # a worker imports the NLP stack on first use
    from kg.nlp.pipeline import load_pipeline

    return list(extract_documents(documents, load_pipeline(model)))


def extract_all(
    documents: Sequence[Document],
    model: str | None = None,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache: ExtractionCache | None = None,
    progress: Progress | None = None,
    load: Callable[[str | None], Language] | None = None,
) -> list[Extraction]:
    """Every document's extraction, in the documents' order: from the cache when it has
    them, else made by the engine (and then cached). ``load`` gives this process's
    pipeline (default kg.nlp.pipeline.load_pipeline); workers always load their own."""
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if jobs < 1:
        raise EngineError(f"--jobs {jobs}: give 1 or more")
    tell = progress or (lambda n: None)
    found: dict[int, Extraction] = {}
    todo: list[tuple[int, Document]] = []
    for i, document in enumerate(documents):
        cached = cache.get(document) if cache is not None else None
        if cached is not None:
            found[i] = cached
        else:
            todo.append((i, document))
    if found:
        tell(len(found))
    if todo:
        fresh = [d for _, d in todo]
        if engine == "dask":
            made = _on_dask(fresh, model, jobs, scheduler, tell)
        elif jobs > 1 and len(fresh) > 1:
            made = _in_processes(fresh, model, jobs, tell)
        else:
            made = _here(fresh, model, tell, load)
        for (i, _), extraction in zip(todo, made, strict=True):
            found[i] = extraction
            if cache is not None:
                cache.put(extraction)
    return [found[i] for i in range(len(documents))]


def _batches(documents: Sequence[Document]) -> list[list[Document]]:
    return [
        list(documents[i : i + BATCH_DOCUMENTS]) for i in range(0, len(documents), BATCH_DOCUMENTS)
    ]


def _here(
    documents: Sequence[Document],
    model: str | None,
    tell: Progress,
    load: Callable[[str | None], Language] | None,
) -> Iterator[Extraction]:
    from kg.extract.document import extract_documents
    from kg.nlp.pipeline import load_pipeline

    for extraction in extract_documents(documents, (load or load_pipeline)(model)):
        tell(1)
        yield extraction


def _in_processes(
    documents: Sequence[Document], model: str | None, jobs: int, tell: Progress
) -> Iterator[Extraction]:
    # spawn, not fork: a worker starts clean (no copied locks or threads) on every platform
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for batch in pool.map(extract_batch, _batches(documents), repeat(model)):
            tell(len(batch))
            yield from batch


def _on_dask(
    documents: Sequence[Document],
    model: str | None,
    jobs: int,
    scheduler: str | None,
    tell: Progress,
) -> Iterator[Extraction]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError("--engine dask needs dask.distributed: pip install 'kg[dask]'") from exc
    with ExitStack() as stack:
        try:
            if scheduler:
                wait = f"{SCHEDULER_TIMEOUT}s"
                client: Any = stack.enter_context(Client(scheduler, timeout=wait))  # type: ignore[no-untyped-call]
            else:
                cluster = stack.enter_context(
                    LocalCluster(  # type: ignore[no-untyped-call]
                        n_workers=jobs,
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address=None,
                    )
                )
                client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
        except OSError as exc:  # includes the client's TimeoutError
            where = scheduler or "a local cluster"
            raise EngineError(f"cannot reach the Dask scheduler at {where} ({exc})") from exc
        futures = client.map(extract_batch, _batches(documents), model=model, pure=False)
        for future in futures:  # in order: the output must not depend on who finished first
            batch = future.result()
            tell(len(batch))
            yield from batch
