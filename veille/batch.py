"""Running documents through extraction and the pipeline into a store.

This is the loop behind ``veille ingest``: every document is read, extracted,
run through the pipeline and stored in its own transaction. A document that
fails is recorded with its reason and the batch goes on; a document already
stored is skipped cheaply, so an interrupted run can simply be run again.

The work is split in two: :func:`process` (extraction and the stages, the
CPU-heavy part, which touches no store) and the parent's checks and writes,
in input order. With ``workers`` above one, :mod:`veille.scale.workers` runs
:func:`process` in worker processes while this loop stores their results in
order, so the store ends up the same as with one worker.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from veille.config import Settings
from veille.errors import VeilleError
from veille.extract import extract
from veille.model import Article, Document, Failure
from veille.pipeline import BATCH_SIZE, Pipeline, batches, default_stages
from veille.readers import read_inputs
from veille.store import Store

__all__ = ["IngestReport", "Outcome", "ingest", "process", "store_processed"]

log = logging.getLogger(__name__)

Status = Literal["stored", "duplicate", "failed"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one document."""

    source: str
    status: Status
    article_id: int | None = None
    cluster_id: int | None = None
    message: str | None = None


@dataclass(slots=True)
class IngestReport:
    """Counts of a finished (or interrupted) ingest."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1

    @property
    def stored(self) -> int:
        return self.counts["stored"]

    @property
    def duplicates(self) -> int:
        return self.counts["duplicate"]

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    def summary(self) -> str:
        """``"812 stored, 3 duplicates, 2 failed"``."""
        dup = "duplicate" if self.duplicates == 1 else "duplicates"
        return f"{self.stored} stored, {self.duplicates} {dup}, {self.failed} failed"


def _failure(source: str, stage: str, exc: BaseException) -> Failure:
    message = exc.message if isinstance(exc, VeilleError) and hasattr(exc, "message") else str(exc)
    return Failure(source=source, stage=stage, error=type(exc).__name__, message=message or repr(exc))


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings | None = None,
    pipeline: Pipeline | None = None,
    *,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Outcome]:
    """Read, extract and store every document of ``inputs``, yielding one outcome each, in input order.

    Failures are stored (see :meth:`Store.failures`) and yielded; the loop
    never stops on a bad document. With ``workers`` above one (and no
    ``pipeline`` of the caller's), extraction and the stages run in that many
    processes (:mod:`veille.scale.workers`); what is stored is the same.
    """
    settings = settings or Settings()
    chunks = (_prepare(items, store) for items in batches(read_inputs(inputs, settings), batch_size))
    if workers > 1 and pipeline is None:
        from veille.scale.workers import process_in_workers

        done = process_in_workers(chunks, _documents, settings, default_stages, workers)
    else:
        pipeline = pipeline or Pipeline(default_stages(settings))
        done = ((slots, process(_documents(slots), settings, pipeline)) for slots in chunks)
    for slots, results in done:
        yield from _finish(slots, results, store)


def process(documents: Sequence[Document], settings: Settings, pipeline: Pipeline) -> list[Article | Failure]:
    """Extract ``documents`` and run their articles through ``pipeline`` together.

    For each document, in order: its finished article, or the failure that
    stopped it (stage ``extract`` or ``pipeline``). Touches no store, so it
    can run in any process.
    """
    slots: list[Article | Failure] = []
    for document in documents:
        try:
            slots.append(extract(document, settings))
        except VeilleError as exc:
            slots.append(_failure(document.source, "extract", exc))
        except Exception as exc:  # a bug must not sink the batch: record it with its traceback in the log
            log.exception("%s: unexpected error during extract", document.source)
            slots.append(_failure(document.source, "extract", exc))
    finished = iter(pipeline.pipe_each([slot for slot in slots if isinstance(slot, Article)]))
    results: list[Article | Failure] = []
    for slot in slots:
        if isinstance(slot, Failure):
            results.append(slot)
            continue
        result = next(finished)
        if isinstance(result, Exception):
            if not isinstance(result, VeilleError):
                log.error("%s: unexpected error in the pipeline: %r", slot.document.source, result)
            results.append(_failure(slot.document.source, "pipeline", result))
        else:
            results.append(result)
    return results


def _record(store: Store, failure: Failure) -> Outcome:
    log.warning("%s: %s", failure.source, failure.message)
    store.add_failure(failure)
    return Outcome(source=failure.source, status="failed", message=failure.message)


_Slot = Document | Failure | Outcome


def _prepare(items: list[Document | Failure], store: Store) -> list[_Slot]:
    """A batch as read, with the documents already stored replaced by their outcome."""
    return [(_stored_already(item, store) or item) if isinstance(item, Document) else item for item in items]


def _stored_already(document: Document, store: Store) -> Outcome | None:
    existing = store.has_document(document)
    if existing is None:
        return None
    return Outcome(document.source, "duplicate", message=f"already ingested as document {existing}")


def store_processed(results: Iterable[Article | Failure], store: Store) -> Iterator[Outcome]:
    """Store articles processed elsewhere (``veille ray-run``), in order, yielding one outcome each.

    Documents already stored are skipped, so loading the same results twice
    stores them once; failures are recorded.
    """
    for result in results:
        if isinstance(result, Failure):
            yield _record(store, result)
        else:
            yield _stored_already(result.document, store) or _store(result, store)


def _documents(slots: Sequence[_Slot]) -> list[Document]:
    return [slot for slot in slots if isinstance(slot, Document)]


def _finish(slots: Sequence[_Slot], results: Sequence[Article | Failure], store: Store) -> Iterator[Outcome]:
    """Record and store a batch in input order, each article in its own transaction.

    ``results`` are those of :func:`process` for the batch's documents.
    """
    processed = iter(results)
    for slot in slots:
        if isinstance(slot, Outcome):
            yield slot
            continue
        result = slot if isinstance(slot, Failure) else next(processed)
        yield _record(store, result) if isinstance(result, Failure) else _store(result, store)


def _store(article: Article, store: Store) -> Outcome:
    source = article.document.source
    try:
        result = store.add(article)
    except VeilleError as exc:
        return _record(store, _failure(source, "store", exc))
    if result.status == "duplicate":
        return Outcome(
            source, "duplicate", article_id=result.duplicate_of, message=f"same text as article {result.duplicate_of}"
        )
    return Outcome(source, "stored", article_id=result.article_id, cluster_id=result.cluster_id)


def reextract(store: Store, settings: Settings | None = None, pipeline: Pipeline | None = None) -> IngestReport:
    """Extract every stored document again and replace its article.

    Raw documents are kept for this: when the extractor improves, stored
    articles catch up without fetching anything again.
    """
    settings = settings or Settings()
    pipeline = pipeline or Pipeline(default_stages(settings))
    report = IngestReport()
    for document_id, document in store.iter_documents():
        stage = "extract"
        try:
            article = pipeline(extract(document, settings))
            stage = "store"
            store.replace_article(document_id, article)
        except VeilleError as exc:
            report.add(_record(store, _failure(document.source, stage, exc)))
            continue
        report.add(Outcome(document.source, "stored"))
    return report
