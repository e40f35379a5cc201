"""End to end: short articles, the events a careful annotator codes in them, and the system's score.

Each ``tests/fixtures/events/<name>.txt`` is the raw text given to the system;
``<name>.expected.json`` beside it is its gold article in the format of
``shared/eval/GUIDE.md`` without the ``text`` (the test adds it from the
``.txt``). The system is run as the guide says (text and publication date,
no language) and scored with :func:`veille.evaluate.score`.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from veille.analysis import analyze_gold
from veille.errors import LanguageError
from veille.evaluate import EvalReport, GoldArticle, score

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "events"

# A regression guard, not a target: the event F1 (type + country dyad) the coder
# reaches on these articles, less a margin of 0.05. It may only be raised (when
# the coder improves); lowering it is an explicit, reviewed change.
EVENT_F1_FLOOR = 0.68


def _gold_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.expected.json"))


def _load(path: Path) -> GoldArticle:
    name = path.name.removesuffix(".expected.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    data["text"] = (path.parent / f"{name}.txt").read_text(encoding="utf-8")
    return GoldArticle.from_dict(data, source=str(path))


@functools.cache
def _gold() -> tuple[GoldArticle, ...]:
    return tuple(_load(path) for path in _gold_files())


@functools.cache
def _report() -> EvalReport:
    gold = _gold()
    try:
        records = list(analyze_gold(gold))
    except LanguageError as exc:  # pragma: no cover - models are part of the dev environment
        pytest.skip(str(exc))
    return score(gold, records)


def test_every_article_has_its_gold() -> None:
    texts = {path.stem for path in FIXTURES.glob("*.txt")}
    golds = {path.name.removesuffix(".expected.json") for path in _gold_files()}
    assert texts == golds
    assert {article.id for article in _gold()} == golds


def test_articles_cover_both_languages() -> None:
    languages = [article.language for article in _gold()]
    assert languages.count("fr") >= 3
    assert languages.count("en") >= 3


@pytest.mark.parametrize("path", _gold_files(), ids=lambda path: path.name.removesuffix(".expected.json"))
def test_gold_quotes_its_text(path: Path) -> None:
    article = _load(path)
    assert article.published is not None
    for event in article.events:
        assert event.trigger and event.trigger in article.text, (event.id, event.trigger)
        assert event.evidence and event.evidence in article.text, (event.id, event.evidence)


def test_every_article_is_scored() -> None:
    report = _report()
    assert [article.status for article in report.articles] == ["scored"] * len(_gold())


def test_event_f1_floor() -> None:
    report = _report()
    f1 = report.events.f1 or 0.0
    assert f1 >= EVENT_F1_FLOOR, f"event F1 {f1:.3f} fell below {EVENT_F1_FLOOR}:\n{report.format_table()}"
