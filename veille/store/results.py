"""Query results as lists, and as flat rows for tables.

:meth:`veille.store.Store.events` and :meth:`~veille.store.Store.articles`
return a :class:`Results`: a plain list of dataclasses that can also become a
pandas DataFrame with one flat row per item::

    events = store.events(EventQuery(type="ASSAULT", limit=1000))
    events[0].actors                  # dataclasses, as stored
    frame = events.to_pandas()        # columns: EVENT_COLUMNS

The flat rows (:func:`event_row`, :func:`article_row`) are also the rows of
the CSV export, so a column means the same thing in a DataFrame and in a
file. Lists (actors, countries, places) are joined with ``"; "``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from veille.store.queries import EventActor, StoredArticle, StoredEvent

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ARTICLE_COLUMNS", "EVENT_COLUMNS", "LIST_SEPARATOR", "Results", "article_row", "event_row"]

T = TypeVar("T")
Row = dict[str, Any]

LIST_SEPARATOR = "; "
"""Joins the items of a list-valued column (actors, countries, places)."""

EVENT_COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "mode",
    "modality",
    "quad_class",
    "cameo",
    "date",
    "date_granularity",
    "date_from",
    "deadline",
    "actors",
    "actor_ids",
    "actor_countries",
    "recipients",
    "recipient_ids",
    "recipient_countries",
    "countries",
    "locations",
    "location_countries",
    "lat",
    "lon",
    "confidence",
    "sources",
    "first_seen_at",
    "trigger",
    "evidence",
    "attribution",
)
"""The flat columns of an event, in order (CSV export, ``to_pandas``)."""

ARTICLE_COLUMNS: tuple[str, ...] = (
    "id",
    "document_id",
    "source",
    "title",
    "published",
    "language",
    "url",
    "canonical_url",
    "site_name",
    "host",
    "authors",
    "cluster_id",
    "content_hash",
    "extracted_at",
    "extractor_version",
    "text",
)
"""The flat columns of an article, in order (``to_pandas``)."""


def _joined(values: Iterable[str | None]) -> str:
    return LIST_SEPARATOR.join(v for v in dict.fromkeys(values) if v)


def _span_text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value.get("text") if isinstance(value, dict) else None


def event_row(event: StoredEvent) -> Row:
    """One flat row of ``event``: the columns of :data:`EVENT_COLUMNS`.

    ``countries`` gathers the countries of actors and recipients; ``lat``
    and ``lon`` are those of the first located place.
    """
    sides: tuple[EventActor, ...] = event.actors + event.recipients
    located = next((p for p in event.locations if p.lat is not None and p.lon is not None), None)
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "modality": event.modality,
        "quad_class": event.quad_class,
        "cameo": event.cameo,
        "date": event.date,
        "date_granularity": event.date_granularity,
        "date_from": event.date_from,
        "deadline": event.deadline,
        "actors": _joined(a.name for a in event.actors),
        "actor_ids": _joined(a.id for a in event.actors),
        "actor_countries": _joined(a.country for a in event.actors),
        "recipients": _joined(a.name for a in event.recipients),
        "recipient_ids": _joined(a.id for a in event.recipients),
        "recipient_countries": _joined(a.country for a in event.recipients),
        "countries": _joined(a.country for a in sides),
        "locations": _joined(p.name for p in event.locations),
        "location_countries": _joined(p.country for p in event.locations),
        "lat": located.lat if located else None,
        "lon": located.lon if located else None,
        "confidence": event.confidence,
        "sources": event.sources,
        "first_seen_at": event.first_seen_at,
        "trigger": _span_text(event.record, "trigger"),
        "evidence": _span_text(event.record, "evidence"),
        "attribution": _span_text(event.record, "attribution"),
    }


def article_row(article: StoredArticle) -> Row:
    """One flat row of ``article``: the columns of :data:`ARTICLE_COLUMNS`."""
    return {
        "id": article.id,
        "document_id": article.document_id,
        "source": article.source,
        "title": article.title,
        "published": article.published,
        "language": article.language,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "site_name": article.site_name,
        "host": article.host,
        "authors": _joined(article.authors),
        "cluster_id": article.cluster_id,
        "content_hash": article.content_hash,
        "extracted_at": article.extracted_at,
        "extractor_version": article.extractor_version,
        "text": article.text,
    }


class Results(list[T], Generic[T]):
    """A list of query results that can become a pandas DataFrame.

    It is a list in every other respect (slicing gives a plain list).
    ``row`` flattens one item into the ``columns`` of the DataFrame.
    """

    def __init__(self, items: Iterable[T], row: Callable[[T], Row], columns: Sequence[str]) -> None:
        super().__init__(items)
        self._row = row
        self._columns = tuple(columns)

    @classmethod
    def of_events(cls, events: Iterable[StoredEvent]) -> Results[StoredEvent]:
        """Events, flattened by :func:`event_row`."""
        return Results(events, event_row, EVENT_COLUMNS)

    @classmethod
    def of_articles(cls, articles: Iterable[StoredArticle]) -> Results[StoredArticle]:
        """Articles, flattened by :func:`article_row`."""
        return Results(articles, article_row, ARTICLE_COLUMNS)

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns of :meth:`to_pandas`, in order."""
        return self._columns

    def rows(self) -> list[Row]:
        """Every item as a flat row."""
        return [self._row(item) for item in self]

    def to_pandas(self) -> pd.DataFrame:
        """A DataFrame with one row per item and :attr:`columns` (also when empty)."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=list(self._columns))
