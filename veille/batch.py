"""Running documents through extraction and the pipeline into a store.

This is the loop behind ``veille ingest``: every document is read, extracted,
run through the pipeline and stored in its own transaction. A document that
fails is recorded with its reason and the batch goes on; a document already
stored is skipped cheaply, so an interrupted run can simply be run again.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from veille.config import Settings
from veille.errors import VeilleError
from veille.extract import extract
from veille.model import Article, Document, Failure
from veille.pipeline import BATCH_SIZE, Pipeline, batches, default_stages
from veille.readers import read_inputs
from veille.store import Store

__all__ = ["IngestReport", "Outcome", "ingest"]

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
) -> Iterator[Outcome]:
    """Read, extract and store every document of ``inputs``, yielding one outcome each.

    Failures are stored (see :meth:`Store.failures`) and yielded; the loop
    never stops on a bad document.
    """
    settings = settings or Settings()
    pipeline = pipeline or Pipeline(default_stages(settings))
    for chunk in batches(read_inputs(inputs, settings), BATCH_SIZE):
        yield from _ingest_batch(chunk, store, settings, pipeline)


def _record(store: Store, failure: Failure) -> Outcome:
    log.warning("%s: %s", failure.source, failure.message)
    store.add_failure(failure)
    return Outcome(source=failure.source, status="failed", message=failure.message)


def _extracted(document: Document, store: Store, settings: Settings) -> Article | Outcome:
    """The document's article, or the outcome that ends it here (already stored, or failed)."""
    existing = store.has_document(document)
    if existing is not None:
        return Outcome(document.source, "duplicate", message=f"already ingested as document {existing}")
    try:
        return extract(document, settings)
    except VeilleError as exc:
        return _record(store, _failure(document.source, "extract", exc))
    except Exception as exc:  # a bug must not sink the batch: record it with its traceback in the log
        log.exception("%s: unexpected error during extract", document.source)
        return _record(store, _failure(document.source, "extract", exc))


def _ingest_batch(
    items: list[Document | Failure], store: Store, settings: Settings, pipeline: Pipeline
) -> Iterator[Outcome]:
    """Extract a batch, run it through the pipeline together, then store each article in its own transaction."""
    slots = [_record(store, item) if isinstance(item, Failure) else _extracted(item, store, settings) for item in items]
    articles = [slot for slot in slots if isinstance(slot, Article)]
    finished = dict(zip(map(id, articles), pipeline.pipe_each(articles), strict=True))
    for slot in slots:
        if isinstance(slot, Outcome):
            yield slot
            continue
        result = finished[id(slot)]
        if isinstance(result, Exception):
            if not isinstance(result, VeilleError):
                log.error("%s: unexpected error in the pipeline: %r", slot.document.source, result)
            yield _record(store, _failure(slot.document.source, "pipeline", result))
            continue
        yield _store(result, store)


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
