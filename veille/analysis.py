"""Analysing documents without a store: what ``veille analyze`` runs.

Every input is read, extracted and run through the understanding stages;
the result is the article with its annotations, or the failure that
stopped it. Nothing is written anywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from veille.config import Settings
from veille.errors import VeilleError
from veille.extract import extract
from veille.model import Article, Document, Failure
from veille.pipeline import BATCH_SIZE, Pipeline, analysis_stages, batches
from veille.readers import read_inputs
from veille.record import article_record

__all__ = ["Analysis", "analyze", "analyze_document", "analyze_gold"]

if TYPE_CHECKING:
    from veille.evaluate import GoldArticle

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Analysis:
    """One input's result: its article, or why it failed (``document`` is ``None`` when it could not be read)."""

    document: Document | None
    article: Article | None = None
    failure: Failure | None = None

    def record(self) -> dict[str, Any]:
        """The analysis record of ``shared/eval/OUTPUT.md`` (with ``error`` instead of events on failure)."""
        if self.article is not None:
            return article_record(self.article)
        assert self.failure is not None
        doc = self.document
        return {
            "id": doc.id if doc is not None and doc.id is not None else self.failure.source,
            "url": doc.url if doc is not None else None,
            "error": f"{self.failure.error}: {self.failure.message}",
        }


def analyze_document(document: Document, settings: Settings | None = None, pipeline: Pipeline | None = None) -> Article:
    """Extract and understand one document."""
    article = extract(document, settings)
    return (pipeline or Pipeline(analysis_stages(settings)))(article)


def analyze(inputs: Iterable[str], settings: Settings | None = None) -> Iterator[Analysis]:
    """Analyse every document of ``inputs``, in input order, going on past failures."""
    settings = settings or Settings()
    pipeline = Pipeline(analysis_stages(settings))
    for chunk in batches(read_inputs(inputs, settings), BATCH_SIZE):
        yield from _analyze_batch(chunk, settings, pipeline)


def _failed(document: Document, exc: Exception) -> Analysis:
    if not isinstance(exc, VeilleError):
        log.error("%s: unexpected error: %r", document.source, exc)
    message = getattr(exc, "message", str(exc))
    return Analysis(document, failure=Failure(document.source, "analyze", type(exc).__name__, message))


def _analyze_batch(items: list[Document | Failure], settings: Settings, pipeline: Pipeline) -> Iterator[Analysis]:
    """Extract a batch, run it through the stages together, and give each input's result in input order."""
    slots: list[Analysis | Article] = []
    for item in items:
        if isinstance(item, Failure):
            slots.append(Analysis(None, failure=item))
            continue
        try:
            slots.append(extract(item, settings))
        except VeilleError as exc:
            slots.append(_failed(item, exc))
    articles = [slot for slot in slots if isinstance(slot, Article)]
    finished = dict(zip(map(id, articles), pipeline.pipe_each(articles), strict=True))
    for slot in slots:
        if isinstance(slot, Analysis):
            yield slot
            continue
        result = finished[id(slot)]
        yield (
            _failed(slot.document, result) if isinstance(result, Exception) else Analysis(slot.document, article=result)
        )


def analyze_gold(articles: Iterable[GoldArticle], settings: Settings | None = None) -> Iterator[dict[str, Any]]:
    """The analysis record of every gold article, as ``shared/eval/GUIDE.md`` says systems are run.

    The system gets the raw ``text``, the ``url`` and the known ``published``
    date; the gold ``language`` is for the scorer only and is not passed.
    """
    settings = settings or Settings()
    pipeline = Pipeline(analysis_stages(settings))
    for gold in articles:
        published = date.fromisoformat(gold.published) if gold.published else None
        document = Document(source=gold.id, text=gold.text, id=gold.id, url=gold.url, published=published)
        try:
            yield Analysis(document, article=analyze_document(document, settings, pipeline)).record()
        except VeilleError as exc:
            failure = Failure(gold.id, "analyze", type(exc).__name__, getattr(exc, "message", str(exc)))
            yield Analysis(document, failure=failure).record()
