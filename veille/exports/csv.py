"""``csv``: one flat row per event, with a header.

The columns are :data:`veille.store.results.EVENT_COLUMNS`, the same as
``Store.events(...).to_pandas()``; list-valued columns (actors, countries,
places) are joined with ``"; "``, and ``urls`` adds the reporting
articles' URLs (else their input names).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from typing import Any, BinaryIO

from veille.exports import Exporter, ExportItem, Written, register, text_stream
from veille.store.results import EVENT_COLUMNS, LIST_SEPARATOR, event_row

__all__ = ["COLUMNS", "EXPORTER"]

COLUMNS: tuple[str, ...] = (*EVENT_COLUMNS, "urls")


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return "" if value is None else value


def _write(items: Iterable[ExportItem], out: BinaryIO) -> Written:
    rows = 0
    with text_stream(out) as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(COLUMNS)
        for item in items:
            row = event_row(item.event) | {"urls": LIST_SEPARATOR.join(item.urls)}
            writer.writerow([_cell(row[c]) for c in COLUMNS])
            rows += 1
    return Written(rows)


EXPORTER = register(Exporter("csv", ".csv", "flat columns, one row per event, with a header", _write, True))
