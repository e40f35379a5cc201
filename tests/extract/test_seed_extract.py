"""The dev seed page (read from shared/ at run time): the cleaner on a real scraped layout."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from veille.config import Settings
from veille.extract import extract
from veille.model import Article, Document, Span

SEED = (Path(__file__).parents[2] / ".." / "shared" / "eval" / "dev" / "seed.jsonl").resolve()


@pytest.fixture(scope="module")
def seed() -> dict[str, object]:
    if not SEED.is_file():
        pytest.skip(f"{SEED} is absent")
    with SEED.open(encoding="utf-8") as fh:
        record: dict[str, object] = json.loads(fh.readline())
    return record


def _document(record: dict[str, object], published: date | None = None) -> Document:
    return Document(source="seed.jsonl:1", text=str(record["text"]), url=str(record["url"]), published=published)


def _check(article: Article, record: dict[str, object]) -> None:
    assert article.title is not None
    combined = article.title + "\n" + article.text
    assert combined.count(article.title) == 1
    lines = article.text.splitlines()
    assert not any(line.lower().startswith("lire aussi") for line in lines)
    assert not any(line.startswith(("PREV", "NEXT")) for line in lines)
    source = str(record["text"])
    paragraphs = [
        p for p in source.split("\n\n") if p.startswith(("La Résistance islamique en Irak", "Depuis le début"))
    ]
    assert len(paragraphs) == 2
    for paragraph in paragraphs:
        assert paragraph in article.text
    assert article.language == "fr"
    assert article.title_span is not None
    assert article.title_span.of(source) == article.title
    for paragraph in paragraphs:
        start = article.text.index(paragraph)
        span = article.source_span(Span(start, start + len(paragraph)))
        assert span.of(source) == paragraph


def test_seed_with_published_from_input(seed: dict[str, object]) -> None:
    article = extract(_document(seed, published=date(2024, 6, 6)))
    _check(article, seed)
    assert article.published == date(2024, 6, 6)
    assert article.published_from == "input"
    assert article.language_from == "detected"
    assert article.language_confidence is not None and article.language_confidence > 0.9


def test_seed_with_published_from_flag(seed: dict[str, object]) -> None:
    article = extract(_document(seed), Settings(published=date(2024, 6, 6)))
    _check(article, seed)
    assert article.published == date(2024, 6, 6)
    assert article.published_from == "flag"
