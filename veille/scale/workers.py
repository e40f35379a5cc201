"""Extraction and the stages in worker processes, results in input order.

::

    chunks = batches(documents, 32)
    for chunk, results in process_in_workers(chunks, list, settings, default_stages, workers=4):
        ...  # results[i] is the finished article (or the failure) of chunk[i]

The CPU-heavy part of ingesting (:func:`veille.batch.process`: extract,
parse, understand, code events) runs in a pool of ``workers`` processes,
each of which builds its pipeline once and loads each spaCy model once, on
first use. The parent keeps what needs the store (skipping documents
already stored, duplicate detection, writes) and gets the results back in
input order, so that ``--workers 4`` stores exactly what ``--workers 1``
stores: same ids, same clusters, same events.

Workers are started with ``spawn`` (a fresh interpreter, no inherited
database connections or threads). Starting them costs a few seconds, so an
input of a single batch is processed in this process instead. At most
``workers * AHEAD`` batches are in flight: memory stays bounded whatever
the size of the input.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from veille.config import Settings
from veille.errors import ConfigError, WorkerError
from veille.model import Article, Document, Failure
from veille.pipeline import Pipeline, Stage

__all__ = ["AHEAD", "PARSED", "StageFactory", "default_workers", "process_in_workers"]

log = logging.getLogger(__name__)
T = TypeVar("T")

StageFactory = Callable[[Settings], Sequence[Stage]]
"""Builds the stages from the settings, in the worker (a module-level function, so that it can be sent there)."""

AHEAD = 2
"""Batches in flight per worker: one being processed, one waiting, so that no worker idles."""

PARSED = "parsed in a worker"
"""What ``article.doc`` holds when an article comes back from a worker.

The spaCy parse stays in the worker: it is large, and only the stages read it.
"""

Results = list[Article | Failure]

_pipeline: tuple[Settings, Pipeline] | None = None
"""The settings and pipeline of this worker process, built once by :func:`_start`."""


def default_workers() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start(settings: Settings, stages: StageFactory, log_level: int) -> None:
    """Worker initializer: log like the parent, build the pipeline once."""
    global _pipeline
    logging.basicConfig(level=log_level, format="%(levelname)s %(name)s [worker %(process)d]: %(message)s")
    _pipeline = (settings, Pipeline(stages(settings)))


def _work(documents: list[Document]) -> Results:
    """Run in a worker: process one batch and make its results light to send back."""
    from veille.batch import process

    if _pipeline is None:
        raise RuntimeError("worker used before its initializer ran")
    settings, pipeline = _pipeline
    results = process(documents, settings, pipeline)
    for result in results:
        if isinstance(result, Article) and result.doc is not None:
            result.doc = PARSED
    return results


def process_in_workers(
    chunks: Iterable[T],
    documents_of: Callable[[T], list[Document]],
    settings: Settings,
    stages: StageFactory,
    workers: int,
) -> Iterator[tuple[T, Results]]:
    """Each chunk with the results of :func:`veille.batch.process` for its documents, in chunk order.

    ``documents_of`` picks the documents to process out of a chunk (in the
    parent, when the chunk is sent: the caller may check the store there).
    Raises :class:`~veille.errors.WorkerError` if a worker process dies;
    what the caller did with the results before that is kept.
    """
    from veille.batch import process

    if workers < 1:
        raise ConfigError(f"workers must be 1 or more, not {workers}")
    iterator = iter(chunks)
    first = list(itertools.islice(iterator, 2))
    if workers == 1 or len(first) < 2:
        pipeline = Pipeline(stages(settings))
        for chunk in itertools.chain(first, iterator):
            yield chunk, process(documents_of(chunk), settings, pipeline)
        return
    log.info("starting %d worker processes", workers)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start,
        initargs=(settings, stages, logging.getLogger().getEffectiveLevel()),
    )
    pending: deque[tuple[T, Future[Results] | None]] = deque()
    try:
        for chunk in itertools.chain(first, iterator):
            documents = documents_of(chunk)
            pending.append((chunk, pool.submit(_work, documents) if documents else None))
            if len(pending) >= workers * AHEAD:
                yield _result(*pending.popleft(), workers)
        while pending:
            yield _result(*pending.popleft(), workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result(chunk: T, future: Future[Results] | None, workers: int) -> tuple[T, Results]:
    if future is None:
        return chunk, []
    try:
        return chunk, future.result()
    except BrokenProcessPool as exc:
        raise WorkerError(
            f"a worker process died (of {workers}; often out of memory): run again with fewer --workers; "
            "what was stored is kept and a re-run stores the rest"
        ) from exc
