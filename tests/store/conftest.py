"""Fixtures of the storage tests: articles built directly (no extraction) with their fingerprints."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from store_texts import ArticleFactory, Texts, build_article


@pytest.fixture
def make_article() -> ArticleFactory:
    """``make_article(text, source="test.txt", **article_fields) -> Article``."""
    return build_article


@pytest.fixture
def texts() -> Texts:
    return Texts()


@pytest.fixture
def day() -> Callable[[int], date]:
    """``day(n)``: the n-th of June 2024."""
    return lambda n: date(2024, 6, n)
