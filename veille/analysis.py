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

from veille.batch import process
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


def analyze(
    inputs: Iterable[str], settings: Settings | None = None, *, workers: int = 1, batch_size: int = BATCH_SIZE
) -> Iterator[Analysis]:
    """Analyse every document of ``inputs``, in input order, going on past failures.

    With ``workers`` above one, batches are analysed in that many processes
    (:mod:`veille.scale.workers`); the results are the same, except that
    ``article.doc`` (the parse) stays in the worker.
    """
    settings = settings or Settings()
    chunks = batches(read_inputs(inputs, settings), batch_size)
    if workers > 1:
        from veille.scale.workers import process_in_workers

        done = process_in_workers(chunks, _documents, settings, analysis_stages, workers)
    else:
        pipeline = Pipeline(analysis_stages(settings))
        done = ((items, process(_documents(items), settings, pipeline)) for items in chunks)
    for items, results in done:
        processed = iter(results)
        for item in items:
            if isinstance(item, Failure):
                yield Analysis(None, failure=item)
                continue
            result = next(processed)
            yield Analysis(item, failure=result) if isinstance(result, Failure) else Analysis(item, article=result)


def _documents(items: list[Document | Failure]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


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
