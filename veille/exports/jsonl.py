"""``jsonl``: one stored event per line, as JSON.

Each line holds the merged event (its id, type, mode, modality, codes,
date, deadline, participants, places, confidence, number of sources and
when it was first stored), the articles that report it (``articles``), and
``record``: the event record (``shared/eval/OUTPUT.md``) of its most
confident report, with the evidence spans into that article's text.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from typing import Any, BinaryIO

from veille.exports import Exporter, ExportItem, Written, register, text_stream

__all__ = ["EXPORTER", "event_json"]


def event_json(item: ExportItem) -> dict[str, Any]:
    """The JSON object of one line."""
    event = item.event
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "modality": event.modality,
        "quad_class": event.quad_class,
        "cameo": event.cameo,
        "date": {"value": event.date, "granularity": event.date_granularity, "from": event.date_from},
        "deadline": event.deadline,
        "actors": [dataclasses.asdict(a) for a in event.actors],
        "recipients": [dataclasses.asdict(a) for a in event.recipients],
        "locations": [dataclasses.asdict(p) for p in event.locations],
        "confidence": event.confidence,
        "sources": event.sources,
        "first_seen_at": event.first_seen_at.isoformat(),
        "articles": [
            {
                "article_id": s.article_id,
                "url": s.url,
                "source": s.source,
                "site": s.site,
                "title": s.title,
                "published": s.published.isoformat() if s.published else None,
            }
            for s in item.sources
        ],
        "record": event.record,
    }


def _write(items: Iterable[ExportItem], out: BinaryIO) -> Written:
    rows = 0
    with text_stream(out) as text:
        for item in items:
            text.write(json.dumps(event_json(item), ensure_ascii=False) + "\n")
            rows += 1
    return Written(rows)


EXPORTER = register(Exporter("jsonl", ".jsonl", "one JSON event per line, with its record and sources", _write, True))
