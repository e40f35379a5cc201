"""Stages and the pipeline that runs them over articles.

A stage is a callable that takes an :class:`~veille.model.Article`, adds to
it and returns it. It declares the annotations it ``requires`` and the ones
it ``provides``; :class:`Pipeline` checks the order when it is built, so a
misordered pipeline fails at start-up, not on article 40,000.

Building a pipeline loads nothing: stages load their resources lazily, once
per process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import ClassVar, Protocol, runtime_checkable

from veille.config import Settings
from veille.errors import PipelineError
from veille.model import Article

__all__ = ["EXTRACT_PROVIDES", "Pipeline", "Stage", "analysis_stages", "default_stages"]

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
