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
from veille.model import Document, Failure
from veille.pipeline import Pipeline, default_stages
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
    for item in read_inputs(inputs, settings):
        if isinstance(item, Failure):
            yield _record(store, item)
            continue
        yield _ingest_one(item, store, settings, pipeline)


def _record(store: Store, failure: Failure) -> Outcome:
    log.warning("%s: %s", failure.source, failure.message)
    store.add_failure(failure)
    return Outcome(source=failure.source, status="failed", message=failure.message)


def _ingest_one(document: Document, store: Store, settings: Settings, pipeline: Pipeline) -> Outcome:
    existing = store.has_document(document)
    if existing is not None:
        return Outcome(document.source, "duplicate", message=f"already ingested as document {existing}")
    stage = "extract"
    try:
        article = extract(document, settings)
        stage = "pipeline"
        article = pipeline(article)
        stage = "store"
        result = store.add(article)
    except VeilleError as exc:
        return _record(store, _failure(document.source, stage, exc))
    except Exception as exc:  # a bug must not sink the batch: record it with its traceback in the log
        log.exception("%s: unexpected error during %s", document.source, stage)
        return _record(store, _failure(document.source, stage, exc))
    if result.status == "duplicate":
        return Outcome(
            document.source,
            "duplicate",
            article_id=result.duplicate_of,
            message=f"same text as article {result.duplicate_of}",
        )
    return Outcome(document.source, "stored", article_id=result.article_id, cluster_id=result.cluster_id)


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
