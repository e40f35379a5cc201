"""The seed article of ``../shared/eval/dev``: every required event, the ultimatum's fields, no noise.

The seed is the scraped French page the project started from: an Iraqi militia
coalition gives the Iraqi prime minister 40 days, or it resumes attacks on US
targets, reported in the conditional and credited to Shafaq, with background
events, a "Lire aussi" teaser and PREV/NEXT links. It is read from the shared
evaluation folder, as the benchmarks read it; the test is skipped without it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from veille.analysis import analyze_gold
from veille.evaluate import ArticleResult, GoldArticle, load_gold, score

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev" / "seed.jsonl"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="../shared/eval/dev/seed.jsonl not present")


@functools.cache
def _seed() -> tuple[GoldArticle, dict[str, Any], ArticleResult]:
    (gold,) = load_gold(SEED)
    (record,) = analyze_gold([gold])
    return gold, record, score([gold], [record]).articles[0]


def _system_event(gold_id: str) -> dict[str, Any]:
    _, record, result = _seed()
    pair = next(p for p in result.pairs if p.gold_id == gold_id)
    event: dict[str, Any] = record["events"][pair.system_index]
    return event


def test_every_required_event_is_found_with_its_type_and_dyad() -> None:
    gold, _, result = _seed()
    required = {e.id for e in gold.events if e.required}
    assert len(required) == 8
    assert result.missed == ()
    assert required <= {p.gold_id for p in result.pairs}


@pytest.mark.parametrize(("gold_id", "modality"), [("e1", "alleged"), ("e2", "hypothetical")])
def test_the_threats_carry_the_deadline_modality_and_source(gold_id: str, modality: str) -> None:
    event = _system_event(gold_id)
    assert event["type"] == "THREATEN"
    assert event["deadline"]["value"] == "2024-07-16"
    assert event["modality"] == modality
    assert "Shafaq" in event["attribution"]["text"]


def test_nothing_comes_from_the_teaser_or_the_navigation() -> None:
    gold, record, result = _seed()
    teaser = gold.text.index("Lire aussi")
    teaser_end = gold.text.index("\n", teaser)
    navigation = gold.text.index("PREV ")
    for event in record["events"]:
        for field in ("trigger", "evidence"):
            start = event[field]["start"]
            assert not teaser <= start < teaser_end, (field, event[field]["text"])
            assert start < navigation, (field, event[field]["text"])
    assert result.spurious == ()
