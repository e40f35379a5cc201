"""The pipeline: order checks, batching, and isolation of an article that fails in a stage."""

from __future__ import annotations

from typing import ClassVar

import pytest

from veille.errors import PipelineError
from veille.model import Article, Document, OffsetMap
from veille.pipeline import Pipeline, batches


def article(text: str) -> Article:
    return Article(document=Document(source=text, text=text), text=text, offsets=OffsetMap.identity(len(text)))


class Upper:
    name: ClassVar[str] = "upper"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    provides: ClassVar[frozenset[str]] = frozenset({"upper"})

    def __call__(self, item: Article) -> Article:
        item.title = item.text.upper()
        return item


class FailsOnBoom:
    name: ClassVar[str] = "boom"
    requires: ClassVar[frozenset[str]] = frozenset({"upper"})
    provides: ClassVar[frozenset[str]] = frozenset()

    def __call__(self, item: Article) -> Article:
        if item.text == "boom":
            raise RuntimeError("a bug in a stage")
        return item


def test_misordered_or_repeated_stages_fail_at_build_time() -> None:
    with pytest.raises(PipelineError, match="requires upper"):
        Pipeline([FailsOnBoom(), Upper()])
    with pytest.raises(PipelineError, match="twice"):
        Pipeline([Upper(), Upper()])


def test_pipe_each_keeps_the_batch_when_one_article_fails() -> None:
    pipeline = Pipeline([Upper(), FailsOnBoom()])
    results = pipeline.pipe_each([article("un"), article("boom"), article("trois")])
    assert isinstance(results[0], Article) and results[0].title == "UN"
    assert isinstance(results[1], RuntimeError)
    assert isinstance(results[2], Article) and results[2].title == "TROIS"


def test_batches() -> None:
    assert list(batches(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batches([], 3)) == []
