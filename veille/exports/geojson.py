"""``geojson``: a FeatureCollection, one Point feature per event and located place.

Each feature's geometry is the place's ``[lon, lat]``; its properties are
the event's main fields (``event_id``, type, mode, modality, date,
deadline, actors, recipients, countries, confidence, sources, trigger,
evidence, urls) and the place's (``place_id``, ``place``,
``place_country``). Feature ids are ``<event id>:<place id>``. Events with
no located place are left out, and counted (``skipped``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

from veille.exports import Exporter, ExportItem, Written, register, text_stream
from veille.store import EventLocation

__all__ = ["EXPORTER", "features"]


def _properties(item: ExportItem, place: EventLocation) -> dict[str, Any]:
    event = item.event
    record = event.record
    return {
        "event_id": event.id,
        "type": event.type,
        "mode": event.mode,
        "modality": event.modality,
        "date": event.date,
        "deadline": event.deadline,
        "actors": [a.name for a in event.actors],
        "recipients": [a.name for a in event.recipients],
        "countries": list(dict.fromkeys(a.country for a in event.actors + event.recipients if a.country)),
        "place_id": place.id,
        "place": place.name,
        "place_country": place.country,
        "confidence": event.confidence,
        "sources": event.sources,
        "trigger": (record.get("trigger") or {}).get("text"),
        "evidence": (record.get("evidence") or {}).get("text"),
        "urls": item.urls,
    }


def features(item: ExportItem) -> list[dict[str, Any]]:
    """The features of one event: one per place with coordinates."""
    return [
        {
            "type": "Feature",
            "id": f"{item.event.id}:{place.id}",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": _properties(item, place),
        }
        for place in item.event.locations
        if place.lat is not None and place.lon is not None
    ]


def _write(items: Iterable[ExportItem], out: BinaryIO) -> Written:
    rows = skipped = 0
    with text_stream(out) as text:
        text.write('{"type": "FeatureCollection", "features": [')
        for item in items:
            found = features(item)
            if not found:
                skipped += 1
            for feature in found:
                text.write(("\n" if rows == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
                rows += 1
        text.write("\n]}\n")
    return Written(rows, skipped)


EXPORTER = register(Exporter("geojson", ".geojson", "a FeatureCollection, one point per event and place", _write, True))
