"""What a store holds, as plain rows that two runs can be compared by."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from veille.store import open_store, schema

TABLES = ("documents", "articles", "article_bands", "failures", "events", "event_mentions", "event_actors")
TABLES += ("event_locations",)


def store_rows(url: str, ignore: frozenset[str] = frozenset()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the content tables, in primary-key order, without timestamps or ``ignore`` columns."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with open_store(url) as store, store.engine.connect() as connection:
        for name in TABLES:
            table = schema.metadata.tables[name]
            columns = [c for c in table.columns if not _timestamp(c.name) and c.name not in ignore]
            order = list(table.primary_key.columns) or columns
            rows[name] = [tuple(row) for row in connection.execute(select(*columns).order_by(*order))]
    return rows


def _timestamp(column: str) -> bool:
    return column == "at" or column.endswith("_at")
