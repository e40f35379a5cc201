"""The bodies the API takes and returns, as pydantic models, so that the OpenAPI schema says what each holds.

Events, actors, deadlines and statistics are returned as the store's own
dataclasses (:class:`veille.store.StoredEvent` ...); the models here are
the envelopes and views the store has no type for.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from veille.store import StoredEvent

__all__ = [
    "AnnotatedSpan",
    "ArticleDetail",
    "ArticleSummary",
    "ErrorBody",
    "EventPage",
    "Health",
    "IngestDocument",
    "IngestOutcome",
    "IngestRequest",
    "IngestResponse",
]

MAX_INGEST_ITEMS = 100
"""Documents plus URLs one ``POST /ingest`` may carry."""


class ErrorBody(BaseModel):
    """What every refused request answers: the kind of error and what to do about it."""

    error: str = Field(description="Error class, e.g. NotFoundError, Unauthorized, TooLarge.")
    detail: str = Field(description="What went wrong and what to do.")


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    writable: bool = Field(description="Whether POST /ingest is enabled (an API token is configured).")


class ArticleSummary(BaseModel):
    id: int
    title: str | None
    url: str | None
    site: str | None
    source: str
    published: date | None
    language: str | None
    cluster_id: int | None


class AnnotatedSpan(BaseModel):
    """A stretch of the article text that the analysis annotated.

    ``kind`` is ``actor``, ``place``, ``time``, ``deadline`` or ``trigger``;
    ``label`` says what it was read as (an actor's name, an ISO date, an
    event type), ``ref`` the actor or place id when there is one, and
    ``events`` the indexes, in ``analysis.events``, of the events it belongs to.
    """

    kind: Literal["actor", "place", "time", "deadline", "trigger"]
    start: int
    end: int
    text: str
    label: str
    ref: str | None = None
    events: list[int] = Field(default_factory=list)


class ArticleDetail(ArticleSummary):
    """An article with the text its spans point into, and the stored analysis record."""

    text: str
    spans: list[AnnotatedSpan]
    analysis: dict[str, Any] | None
    event_ids: list[int] = Field(description="The stored events this article reports.")


class EventPage(BaseModel):
    """One page of events; ``next_offset`` is ``None`` on the last page."""

    items: list[StoredEvent]
    limit: int
    offset: int
    next_offset: int | None


class IngestDocument(BaseModel):
    """A document to ingest: plain ``text`` or an ``html`` page, with what is known of it."""

    text: str | None = None
    html: str | None = None
    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: date | None = None
    language: str | None = None
    site_name: str | None = None
    authors: list[str] = Field(default_factory=list)


class IngestRequest(BaseModel):
    documents: list[IngestDocument] = Field(default_factory=list, max_length=MAX_INGEST_ITEMS)
    urls: list[str] = Field(
        default_factory=list, max_length=MAX_INGEST_ITEMS, description="Pages or feeds to fetch (public addresses)."
    )


class IngestOutcome(BaseModel):
    source: str = Field(description="`documents[N]` (or the document's id), or the URL.")
    status: Literal["stored", "duplicate", "failed"]
    article_id: int | None = None
    cluster_id: int | None = None
    message: str | None = None


class IngestResponse(BaseModel):
    stored: int
    duplicates: int
    failed: int
    outcomes: list[IngestOutcome]
