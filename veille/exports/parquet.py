"""``parquet``: one row per event, typed columns (pyarrow), nested lists for participants and places.

The schema is :data:`SCHEMA`: the flat fields of the event with their
types (``first_seen_at`` a UTC timestamp, ``quad_class`` and ``sources``
integers), ``actors`` and ``recipients`` as lists of ``{id, name, country,
sector}``, ``locations`` as a list of ``{id, name, country, lat, lon}``,
``countries`` (of actors and recipients) and ``urls`` (of the reporting
articles) as lists of strings. Rows are written in groups of
:data:`ROW_GROUP` events, so memory stays bounded however many are exported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from veille.exports import Exporter, ExportItem, Written, register
from veille.store.results import event_row

__all__ = ["EXPORTER", "ROW_GROUP", "SCHEMA"]

ROW_GROUP = 5000
"""Events per Parquet row group."""

_ACTOR = pa.struct([("id", pa.string()), ("name", pa.string()), ("country", pa.string()), ("sector", pa.string())])
_PLACE = pa.struct(
    [
        ("id", pa.string()),
        ("name", pa.string()),
        ("country", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
    ]
)
SCHEMA = pa.schema(
    [
        ("id", pa.int64()),
        ("type", pa.string()),
        ("mode", pa.string()),
        ("modality", pa.string()),
        ("quad_class", pa.int8()),
        ("cameo", pa.string()),
        ("date", pa.string()),
        ("date_granularity", pa.string()),
        ("date_from", pa.string()),
        ("deadline", pa.string()),
        ("actors", pa.list_(_ACTOR)),
        ("recipients", pa.list_(_ACTOR)),
        ("countries", pa.list_(pa.string())),
        ("locations", pa.list_(_PLACE)),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("confidence", pa.float64()),
        ("sources", pa.int32()),
        ("first_seen_at", pa.timestamp("us", tz="UTC")),
        ("trigger", pa.string()),
        ("evidence", pa.string()),
        ("attribution", pa.string()),
        ("urls", pa.list_(pa.string())),
    ]
)
"""The Parquet schema of the export."""


def _row(item: ExportItem) -> dict[str, Any]:
    event = item.event
    flat = event_row(event)
    sides = event.actors + event.recipients
    return {
        **{name: flat[name] for name in SCHEMA.names if name in flat},
        "actors": [{"id": a.id, "name": a.name, "country": a.country, "sector": a.sector} for a in event.actors],
        "recipients": [
            {"id": a.id, "name": a.name, "country": a.country, "sector": a.sector} for a in event.recipients
        ],
        "countries": list(dict.fromkeys(a.country for a in sides if a.country)),
        "locations": [
            {"id": p.id, "name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon} for p in event.locations
        ],
        "urls": item.urls,
    }


def _groups(items: Iterable[ExportItem]) -> Iterator[list[ExportItem]]:
    iterator = iter(items)
    while group := list(islice(iterator, ROW_GROUP)):
        yield group


def _write(items: Iterable[ExportItem], out: BinaryIO) -> Written:
    rows = 0
    with pq.ParquetWriter(out, SCHEMA) as writer:
        for group in _groups(items):
            writer.write_table(pa.Table.from_pylist([_row(item) for item in group], schema=SCHEMA))
            rows += len(group)
        if rows == 0:
            writer.write_table(SCHEMA.empty_table())
    return Written(rows)


EXPORTER = register(
    Exporter("parquet", ".parquet", "typed columns (pyarrow), nested participants and places", _write, True)
)
