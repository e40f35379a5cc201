"""Stages and the pipeline that runs them over articles.

A stage is a callable that takes an :class:`~veille.model.Article`, adds to
it and returns it. It declares the annotations it ``requires`` and the ones
it ``provides``; :class:`Pipeline` checks the order when it is built, so a
misordered pipeline fails at start-up, not on article 40,000.

Building a pipeline loads nothing: stages load their resources lazily, once
per process.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import ClassVar, Protocol, TypeVar, runtime_checkable

from veille.config import Settings
from veille.errors import PipelineError
from veille.model import Article

__all__ = ["BATCH_SIZE", "EXTRACT_PROVIDES", "Pipeline", "Stage", "analysis_stages", "batches", "default_stages"]

log = logging.getLogger(__name__)
T = TypeVar("T")

BATCH_SIZE = 32
"""Articles run through the stages together (the parser batches them with ``nlp.pipe``)."""

EXTRACT_PROVIDES: frozenset[str] = frozenset({"text", "title", "published", "language", "url"})
"""What :func:`veille.extract` gives every article before the first stage runs."""


@runtime_checkable
class Stage(Protocol):
    """One step of the pipeline."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]]
    provides: ClassVar[frozenset[str]]

    def __call__(self, article: Article) -> Article: ...


class Pipeline:
    """An ordered list of stages, checked when built."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages: tuple[Stage, ...] = tuple(stages)
        available = set(EXTRACT_PROVIDES)
        seen: set[str] = set()
        for stage in self.stages:
            if stage.name in seen:
                raise PipelineError(f"stage {stage.name!r} appears twice in the pipeline")
            seen.add(stage.name)
            missing = stage.requires - available
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(sorted(missing))}, "
                    "which no earlier stage provides: put the stage that provides it first"
                )
            available |= stage.provides
        self.provides = frozenset(available)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(stage.name for stage in self.stages)

    def __call__(self, article: Article) -> Article:
        for stage in self.stages:
            article = stage(article)
        return article

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Run every stage over a stream of articles, in order.

        A stage with a ``pipe`` method of its own (the parser) gets the whole
        stream, so that it can batch; the others see one article at a time.
        """
        stream: Iterator[Article] = iter(articles)
        for stage in self.stages:
            batched = getattr(stage, "pipe", None)
            stream = batched(stream) if batched is not None else map(stage, stream)
        return stream

    def pipe_each(self, articles: Sequence[Article]) -> list[Article | Exception]:
        """Run the stages over a batch; for each article, the finished article or the exception it raised.

        The batch goes through :meth:`pipe` (so the parser batches it). If a
        stage raises, the batch is run again one article at a time, so that only
        the article at fault fails and the others are kept.
        """
        try:
            return list(self.pipe(articles))
        except Exception:  # noqa: BLE001 - a batch must not fail for one article: find which one, below
            log.info("a stage failed inside a batch of %d articles: running them one by one", len(articles))
        results: list[Article | Exception] = []
        for article in articles:
            try:
                results.append(self(article))
            except Exception as exc:  # noqa: BLE001 - recorded for this article by the caller
                results.append(exc)
        return results


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), lazily."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def analysis_stages(settings: Settings | None = None) -> list[Stage]:
    """Understanding and event coding: what ``veille analyze`` runs after extraction."""
    from veille.events.coder import CodeEvents
    from veille.understand.stages import understanding_stages

    settings = settings or Settings()
    return [*understanding_stages(settings), CodeEvents(settings.min_confidence)]


def default_stages(settings: Settings | None = None) -> list[Stage]:
    """The stages every stored article goes through after extraction."""
    from veille.dedup import Fingerprinter

    return [Fingerprinter(), *analysis_stages(settings)]
