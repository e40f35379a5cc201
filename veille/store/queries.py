"""The query layer: every read and write of the store, as functions of a connection.

The CLI, the API and the exports all go through these functions (via
:class:`veille.store.Store`), so that a filter means the same thing
everywhere. Functions that write expect to run inside the caller's
transaction and never commit.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

from sqlalchemy import (
    BindParameter,
    CompoundSelect,
    Connection,
    Row,
    RowMapping,
    Select,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)

from veille import dedup
from veille._version import __version__
from veille.errors import NotFoundError
from veille.events import codes
from veille.events.merge import (
    ACROSS_ARTICLES_DAYS,
    EventKey,
    compatible_date_ranges,
    participant_key,
    same_happening,
    takes_date,
)
from veille.model import Article, Document, Event, Failure, Fingerprint, Modality, OffsetMap, Removed, Segment, Span
from veille.record import article_record, event_record
from veille.store.schema import (
    alerts,
    article_bands,
    articles,
    documents,
    event_actors,
    event_locations,
    event_mentions,
    events,
    failures,
)

__all__ = [
    "CANDIDATE_ROWS",
    "EVENT_SORTS",
    "EXTRACTOR_VERSION",
    "MAX_CANDIDATES",
    "MAX_EVENT_CANDIDATES",
    "MODALITIES",
    "RECENT_EVENTS",
    "ActorCount",
    "AddResult",
    "AlertRecord",
    "ArticleQuery",
    "DayCount",
    "Deadline",
    "DyadCount",
    "EventActor",
    "EventLocation",
    "EventMention",
    "EventQuery",
    "EventSource",
    "EventStats",
    "FailureRecord",
    "StoreStats",
    "StoredArticle",
    "StoredEvent",
    "actor_counts",
    "alert_list",
    "article_by_id",
    "article_source_text",
    "claim_alert",
    "deadline_list",
    "document_id_by_hash",
    "document_page",
    "duplicate_of",
    "event_by_id",
    "event_sources",
    "event_stats",
    "events_reported_by",
    "failure_list",
    "find_cluster",
    "host_of",
    "insert_article",
    "insert_events",
    "insert_failure",
    "raw_hash",
    "record_delivery",
    "refresh_events",
    "replace_article",
    "select_articles",
    "select_events",
    "store_stats",
]

EXTRACTOR_VERSION = __version__
"""Recorded with every article, so that articles from an older extractor can be found."""
MAX_CANDIDATES = 20
"""Near-duplicate candidates verified per article: those sharing the most band keys."""
CANDIDATE_ROWS = 2000
"""Band-table rows read per article at most, so that a story copied a thousand times stays cheap."""
TOP_SITES = 10
MAX_EVENT_CANDIDATES = 50
"""Stored events compared with each new event at most: the newest of its type sharing a participant."""
RECENT_EVENTS = 20_000
"""How far back, in stored events, a new event of unknown date (or a stored one) is looked for."""
MODALITIES: tuple[str, ...] = get_args(Modality)
DYAD_COUNT = {"sqlite": 30_000, "postgresql": 50_000}
"""Events counted at most on each side of a dyad when choosing how to find the pair's events (:func:`_plan`).

Counting reads index entries only (about 0.15 µs each on SQLite, 0.2 µs on
PostgreSQL). PostgreSQL counts further because its walk costs more.
"""
WORD_COUNT = 2_000
"""Matches of a ``q`` word counted at most, per source, when choosing how to find them on PostgreSQL (:func:`_plan`)."""
TRIGRAM_INDEX = "ix_event_mentions_evidence_trgm"
"""The trigram index on report evidence that migration v0006 makes where PostgreSQL has ``pg_trgm``."""

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class AddResult:
    """What storing one article did.

    ``status`` is ``stored`` (a new article) or ``duplicate`` (an article
    with the same normalized text, or from the same raw document, was
    already stored: nothing was written). ``article_id`` is the article that
    holds the text either way, ``cluster_id`` its cluster, and
    ``duplicate_of`` the existing article for a duplicate.
    """

    status: Literal["stored", "duplicate"]
    article_id: int
    cluster_id: int
    duplicate_of: int | None = None


def _check_page(limit: int, offset: int, since: date | None, until: date | None) -> None:
    """The checks every query shares: a page within range and a date range the right way round."""
    if limit < 0:
        raise ValueError(f"limit must be zero or more, not {limit}")
    if offset < 0:
        raise ValueError(f"offset must be zero or more, not {offset}")
    if since is not None and until is not None and since > until:
        raise ValueError(f"since ({since}) is after until ({until})")


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """Which stored articles to list; they come newest first.

    ``since`` and ``until`` bound the publication date, both inclusive
    (articles of unknown date are left out when either is set). ``site``
    matches, case-insensitively, part of the site name or of the URL host.
    """

    since: date | None = None
    until: date | None = None
    site: str | None = None
    language: str | None = None
    cluster_id: int | None = None
    limit: int = 50
    offset: int = 0

    def __post_init__(self) -> None:
        _check_page(self.limit, self.offset, self.since, self.until)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored, with the source of its document.

    ``title_span``, ``offsets`` and ``removed`` point into the article's
    source text, as on :class:`~veille.model.Article`.
    """

    id: int
    document_id: int
    source: str
    title: str | None
    title_span: Span | None
    text: str
    offsets: OffsetMap
    published: date | None
    published_from: str | None
    language: str | None
    language_confidence: float | None
    language_from: str | None
    url: str | None
    canonical_url: str | None
    site_name: str | None
    host: str | None
    authors: tuple[str, ...]
    removed: tuple[Removed, ...]
    content_hash: str
    cluster_id: int | None
    extracted_at: datetime
    extractor_version: str
    analysis: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class FailureRecord:
    """A stored :class:`~veille.model.Failure`, with when it happened."""

    id: int
    source: str
    stage: str
    error: str
    message: str
    at: datetime


@dataclass(frozen=True, slots=True)
class StoreStats:
    """Counts over the whole store.

    ``languages`` maps a language code (``und`` for unknown) to its number
    of articles, most frequent first; ``top_sites`` does the same for the
    :data:`TOP_SITES` most frequent sites (site name, else URL host).
    ``events`` counts the stored events and ``event_mentions`` their
    reports, one per article and event.
    """

    documents: int
    articles: int
    clusters: int
    clusters_with_copies: int
    failures: int
    languages: dict[str, int]
    first_published: date | None
    last_published: date | None
    top_sites: dict[str, int]
    events: int
    event_mentions: int


EVENT_SORTS = ("date", "deadline", "confidence", "sources", "id")
"""What :class:`EventQuery` can sort events by (``date`` and ``deadline`` as ISO values)."""


def _check_bbox(bbox: tuple[float, float, float, float]) -> None:
    if len(bbox) != 4:
        raise ValueError(f"bbox must be (west, south, east, north), not {bbox!r}")
    west, south, east, north = bbox
    if not all(-180 <= lon <= 180 for lon in (west, east)):
        raise ValueError(f"bbox longitudes must be between -180 and 180, not {west} and {east}")
    if not all(-90 <= lat <= 90 for lat in (south, north)):
        raise ValueError(f"bbox latitudes must be between -90 and 90, not {south} and {north}")
    if south > north:
        raise ValueError(f"bbox south ({south}) is north of its north ({north})")


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which stored events to list; they come newest first (by event date, unknown dates last).

    ``actor`` is an actor id taking part on either side; ``country`` a
    country (ISO 3166 alpha-3, or ``IGO`` ...) of an actor or a recipient;
    ``dyad`` an (actor country, recipient country) pair. ``since`` and
    ``until`` keep the events whose date overlaps them, both inclusive (an
    event of June 2024 is in ``since=2024-06-15``); events of unknown date
    are left out when either is set. ``has_deadline`` keeps the events with
    (``True``) or without (``False``) a resolved deadline.

    ``bbox`` is ``(west, south, east, north)`` in degrees: events with a
    place inside it (``west > east`` crosses the antimeridian). ``q`` keeps
    the events where every word of it appears, ignoring ASCII case, in the
    evidence of one of its reports or in the name of one of its actors,
    recipients or places. ``cluster_id`` keeps the events reported by an
    article of that near-duplicate cluster. ``sort`` is one of
    :data:`EVENT_SORTS`, ``-`` meaning descending; unknown values sort last
    either way, then ties go by id in the same direction.
    """

    type: str | None = None
    mode: str | None = None
    modality: str | None = None
    actor: str | None = None
    country: str | None = None
    dyad: tuple[str, str] | None = None
    since: date | None = None
    until: date | None = None
    has_deadline: bool | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None
    cluster_id: int | None = None
    sort: str = "-date"
    limit: int = 50
    offset: int = 0

    def __post_init__(self) -> None:
        _check_page(self.limit, self.offset, self.since, self.until)
        if self.modality is not None and self.modality not in MODALITIES:
            raise ValueError(f"modality must be one of {', '.join(MODALITIES)}, not {self.modality!r}")
        if self.dyad is not None and len(self.dyad) != 2:
            raise ValueError(f"dyad must be an (actor country, recipient country) pair, not {self.dyad!r}")
        if self.sort.removeprefix("-") not in EVENT_SORTS:
            choices = ", ".join(f"{key}, -{key}" for key in EVENT_SORTS)
            raise ValueError(f"sort must be one of {choices}, not {self.sort!r}")
        if self.bbox is not None:
            _check_bbox(self.bbox)


@dataclass(frozen=True, slots=True)
class EventActor:
    """An actor or recipient of a stored event (``id`` ``None`` for one the knowledge base does not know)."""

    id: str | None
    name: str
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class EventLocation:
    """A place of a stored event."""

    id: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class EventMention:
    """One article's report of a stored event.

    ``record`` is the event as coded in that article
    (:func:`veille.record.event_record`), its spans pointing into the
    article's source text; ``source`` is the article's document source.
    """

    id: int
    article_id: int
    title: str | None
    source: str
    url: str | None
    published: date | None
    confidence: float
    record: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """One happening, merged from the articles that report it.

    ``date`` is an ISO value at ``date_granularity`` (``day``, ``month`` or
    ``year``); ``date_from`` says whether the text states it (``text``) or
    it is a publication date (``published``). ``deadline`` is the resolved
    end of an ultimatum. ``modality`` is the strongest its mentions give
    (asserted, then alleged, future, hypothetical). ``sources`` is the
    number of distinct articles reporting it, ``confidence`` the highest of
    its mentions, and ``record`` the event record of that mention. Actors,
    recipients and locations gather those of every mention. ``mentions``
    is filled by :meth:`veille.store.Store.event` and empty in listings.
    """

    id: int
    type: str
    mode: str | None
    quad_class: int | None
    cameo: str | None
    modality: str
    date: str | None
    date_granularity: str | None
    date_from: str | None
    deadline: str | None
    first_seen_at: datetime
    sources: int
    confidence: float
    record: dict[str, Any]
    actors: tuple[EventActor, ...] = ()
    recipients: tuple[EventActor, ...] = ()
    locations: tuple[EventLocation, ...] = ()
    mentions: tuple[EventMention, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorCount:
    """An actor or recipient of stored events, with how many events it takes part in.

    ``key`` is the actor id, or ``?`` and the case-folded name of an actor
    the knowledge base does not know (``id`` ``None``).
    """

    key: str
    id: str | None
    name: str
    country: str | None
    sector: str | None
    events: int


@dataclass(frozen=True, slots=True)
class Deadline:
    """A running ultimatum: an event whose deadline has not passed, and the days left until it does.

    ``expires`` is the last day of the deadline (of its month or year when
    only those are known).
    """

    event: StoredEvent
    expires: date
    days_left: int


@dataclass(frozen=True, slots=True)
class DayCount:
    """How many events of ``type`` took place on ``date`` in ``country``.

    ``date`` is the event date as stored (a day, or a month or year when
    only those are known; ``None`` when unknown) and ``country`` that of a
    place of the event (``None`` when it has none): an event with places in
    two countries counts in both.
    """

    date: str | None
    type: str
    country: str | None
    events: int


@dataclass(frozen=True, slots=True)
class DyadCount:
    """How many events have an actor of ``actor`` country and a recipient of ``recipient`` country."""

    actor: str
    recipient: str
    events: int


@dataclass(frozen=True, slots=True)
class EventStats:
    """Counts over the events an :class:`EventQuery` selects (its page and order aside)."""

    events: int
    by_day: tuple[DayCount, ...]
    dyads: tuple[DyadCount, ...]


def raw_hash(document: Document) -> str:
    """The hex SHA-256 of a document's format and decoded text: equal for the same raw input."""
    data = f"{document.format}\n{document.text}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def host_of(url: str | None) -> str | None:
    """The lower-case host of ``url`` without a leading ``www.``; ``None`` if it has none."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def _utc(value: datetime) -> datetime:
    """SQLite hands timestamps back without a zone; they were written in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Writing
#
# The statements of the write path are built once: building a statement
# costs more than running it on SQLite, and a batch runs them per document.

_DOCUMENT_BY_HASH = select(documents.c.id).where(documents.c.raw_hash == bindparam("raw"))
_ARTICLE_BY_HASH = select(articles.c.id, articles.c.cluster_id).where(articles.c.content_hash == bindparam("hash"))
_ARTICLE_BY_RAW_HASH = (
    select(articles.c.id, articles.c.cluster_id)
    .join(documents, documents.c.id == articles.c.document_id)
    .where(documents.c.raw_hash == bindparam("raw"))
)
_INSERT_DOCUMENT = insert(documents).returning(documents.c.id)
_INSERT_ARTICLE = insert(articles).returning(articles.c.id)
_INSERT_BANDS = insert(article_bands)
_SET_CLUSTER = update(articles).where(articles.c.id == bindparam("article")).values(cluster_id=bindparam("cluster"))


def _candidates_statement() -> Select[Any]:
    # Band rows read are capped (CANDIDATE_ROWS) before grouping, so that a
    # story stored a thousand times does not make each new copy slow.
    hits = (
        select(article_bands.c.article_id)
        .where(article_bands.c.band.in_(bindparam("bands", expanding=True)))
        .where(article_bands.c.article_id != bindparam("exclude"))
        .limit(CANDIDATE_ROWS)
        .subquery()
    )
    shared = (
        select(hits.c.article_id, func.count().label("shared"))
        .group_by(hits.c.article_id)
        .order_by(func.count().desc(), hits.c.article_id)
        .limit(MAX_CANDIDATES)
        .subquery()
    )
    return select(articles.c.id, articles.c.cluster_id, articles.c.signature).join(
        shared, shared.c.article_id == articles.c.id
    )


_CANDIDATES = _candidates_statement()


def document_id_by_hash(connection: Connection, raw: str) -> int | None:
    """The id of the stored document whose :func:`raw_hash` is ``raw``."""
    found = connection.scalar(_DOCUMENT_BY_HASH, {"raw": raw})
    return None if found is None else int(found)


def duplicate_of(connection: Connection, content_hash: str, raw: str) -> AddResult | None:
    """The stored article with this content hash, or the article of the same raw document.

    Returned as a ``duplicate`` result; ``None`` when neither is stored.
    """
    row = connection.execute(_ARTICLE_BY_HASH, {"hash": content_hash}).first()
    if row is None:
        row = connection.execute(_ARTICLE_BY_RAW_HASH, {"raw": raw}).first()
    if row is None:
        return None
    article_id = int(row.id)
    cluster = article_id if row.cluster_id is None else int(row.cluster_id)
    return AddResult("duplicate", article_id, cluster, article_id)


def find_cluster(connection: Connection, fp: Fingerprint, exclude: int | None = None) -> int | None:
    """The cluster of the most similar stored near-duplicate of ``fp``, if there is one.

    Candidates are articles sharing band keys with ``fp`` (the
    :data:`MAX_CANDIDATES` sharing the most, article ``exclude`` left out),
    confirmed with :func:`veille.dedup.similarity` against
    :data:`veille.dedup.SIMILARITY_THRESHOLD`.
    """
    if not fp.bands:
        return None
    rows = connection.execute(_CANDIDATES, {"bands": list(fp.bands), "exclude": 0 if exclude is None else exclude})
    best: tuple[float, int, int] | None = None
    for row in rows:
        signature = bytes(row.signature)
        if len(signature) != len(fp.signature):
            continue
        score = dedup.similarity(fp.signature, signature)
        if score < dedup.SIMILARITY_THRESHOLD:
            continue
        cluster = int(row.id) if row.cluster_id is None else int(row.cluster_id)
        if best is None or (score, -int(row.id)) > (best[0], -best[1]):
            best = (score, int(row.id), cluster)
    return None if best is None else best[2]


def _document_values(document: Document, raw: str) -> dict[str, Any]:
    return {
        "source": document.source,
        "format": document.format,
        "external_id": document.id,
        "url": document.url,
        "published": document.published,
        "language": document.language,
        "title": document.title,
        "site_name": document.site_name,
        "authors": list(document.authors),
        "encoding": document.encoding,
        "text": document.text,
        "raw_hash": raw,
        "size": len(document.text.encode("utf-8", "surrogatepass")),
        "ingested_at": datetime.now(UTC),
    }


def _article_values(article: Article, fp: Fingerprint, event_records: Sequence[Record] = ()) -> dict[str, Any]:
    span = article.title_span
    return {
        "title": article.title,
        "title_start": None if span is None else span.start,
        "title_end": None if span is None else span.end,
        "text": article.text,
        "offsets": [[s.text_start, s.source_start, s.length] for s in article.offsets.segments],
        "published": article.published,
        "published_from": article.published_from,
        "language": article.language,
        "language_confidence": article.language_confidence,
        "language_from": article.language_from,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "site_name": article.site_name,
        "host": host_of(article.canonical_url or article.url or article.document.url),
        "authors": list(article.authors),
        "removed": [[r.span.start, r.span.end, r.reason] for r in article.removed],
        "analysis": _analysis(article, event_records),
        "content_hash": fp.content_hash,
        "signature": fp.signature,
        "extracted_at": datetime.now(UTC),
        "extractor_version": EXTRACTOR_VERSION,
    }


def _analysis(article: Article, event_records: Sequence[Record] = ()) -> dict[str, Any] | None:
    """The analysis record without the text the row already holds; ``None`` before any stage annotated.

    ``event_records`` are the records of ``article.events``, when the caller has them already.
    """
    annotated = article.actors or article.places or article.times or article.events or article.warnings
    if article.doc is None and not annotated:
        return None
    record = article_record(article, event_records)
    record.pop("text", None)
    return record


def _insert_bands(connection: Connection, article_id: int, fp: Fingerprint) -> None:
    if fp.bands:
        connection.execute(_INSERT_BANDS, [{"article_id": article_id, "band": b} for b in sorted(set(fp.bands))])


def insert_article(connection: Connection, article: Article, fp: Fingerprint, raw: str) -> AddResult:
    """Insert the article's document, the article, its band keys, its cluster and its events.

    The caller has checked with :func:`duplicate_of` that neither is stored;
    a concurrent writer that stored them since makes this raise
    :class:`sqlalchemy.exc.IntegrityError`. Each event of the article joins
    the stored event it reports, or is stored as a new one (:func:`insert_events`).
    """
    document_id = connection.execute(_INSERT_DOCUMENT, _document_values(article.document, raw)).scalar_one()
    cluster = find_cluster(connection, fp)
    records = _event_records(article)
    values = _article_values(article, fp, records) | {"document_id": document_id, "cluster_id": cluster}
    article_id = int(connection.execute(_INSERT_ARTICLE, values).scalar_one())
    if cluster is None:
        cluster = article_id
        connection.execute(_SET_CLUSTER, {"article": article_id, "cluster": cluster})
    _insert_bands(connection, article_id, fp)
    insert_events(connection, article_id, list(zip(article.events, records, strict=True)))
    return AddResult("stored", article_id, cluster)


def _delete_document(connection: Connection, document_id: int) -> None:
    ids = select(articles.c.id).where(articles.c.document_id == document_id).scalar_subquery()
    for article_id in connection.scalars(select(articles.c.id).where(articles.c.document_id == document_id)):
        refresh_events(connection, _detach_events(connection, int(article_id)))
    connection.execute(delete(article_bands).where(article_bands.c.article_id.in_(ids)))
    connection.execute(delete(articles).where(articles.c.document_id == document_id))
    connection.execute(delete(documents).where(documents.c.id == document_id))


def replace_article(connection: Connection, document_id: int, article: Article, fp: Fingerprint) -> AddResult:
    """Replace the article of stored document ``document_id`` with a new extraction of it.

    The article keeps its id; its cluster is found again (the clusters of
    other articles are left as they are). Its event mentions are replaced by
    those of the new extraction; the events they leave are recomputed from
    their other mentions, and removed if none is left. If the new text is
    that of another stored article, the document is a duplicate after all:
    it is removed with its old article, as :meth:`Store.add` would not have kept it.
    """
    if connection.scalar(select(documents.c.id).where(documents.c.id == document_id)) is None:
        raise NotFoundError(f"no document {document_id} in the store: list them with Store.iter_documents()")
    other = connection.execute(
        select(articles.c.id, articles.c.cluster_id).where(
            articles.c.content_hash == fp.content_hash, articles.c.document_id != document_id
        )
    ).first()
    if other is not None:
        _delete_document(connection, document_id)
        other_id = int(other.id)
        return AddResult(
            "duplicate", other_id, other_id if other.cluster_id is None else int(other.cluster_id), other_id
        )
    current = connection.scalar(select(articles.c.id).where(articles.c.document_id == document_id))
    records = _event_records(article)
    values = _article_values(article, fp, records)
    left: set[int] = set()
    if current is None:
        article_id = int(connection.execute(_INSERT_ARTICLE, values | {"document_id": document_id}).scalar_one())
    else:
        article_id = int(current)
        left = _detach_events(connection, article_id)
        connection.execute(delete(article_bands).where(article_bands.c.article_id == article_id))
        connection.execute(update(articles).where(articles.c.id == article_id).values(**values))
    cluster = find_cluster(connection, fp, exclude=article_id) or article_id
    connection.execute(_SET_CLUSTER, {"article": article_id, "cluster": cluster})
    _insert_bands(connection, article_id, fp)
    # The new mentions may join the events the old ones left, which keeps
    # their ids; what they leave is recomputed (or removed) afterwards.
    insert_events(connection, article_id, list(zip(article.events, records, strict=True)))
    refresh_events(connection, left)
    return AddResult("stored", article_id, cluster)


def insert_failure(connection: Connection, failure: Failure) -> None:
    """Record a failure."""
    connection.execute(
        insert(failures).values(
            source=failure.source,
            stage=failure.stage[:32],
            error=failure.error[:128],
            message=failure.message,
            at=datetime.now(UTC),
        )
    )


# Events
#
# An article's events are matched against stored events with the rule of
# veille.events.merge, the one that merges the mentions of an event within
# an article. A stored event's columns, participants and places fold those
# of its mentions' records (_EventState), so that they can be recomputed
# when a mention goes away.


@dataclass(slots=True)
class _Participant:
    role: str
    key: str
    actor_id: str | None
    name: str
    country: str | None
    sector: str | None


@dataclass(slots=True)
class _Place:
    place_id: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None


def _granularity(value: str, given: object) -> str | None:
    if given in {"day", "month", "year"}:
        return str(given)
    return {10: "day", 7: "month", 4: "year"}.get(len(value))


def _record_date(record: Record) -> tuple[str | None, str | None, str | None]:
    """``(value, granularity, from)`` of a record's date, ``from`` being ``text`` or ``published``."""
    when = record.get("date")
    if not when or when.get("value") is None:
        return None, None, None
    value = str(when["value"])
    return (
        value,
        _granularity(value, when.get("granularity")),
        "published" if when.get("from") == "published" else "text",
    )


def _record_participants(record: Record) -> list[_Participant]:
    return [
        _Participant(
            role, participant_key(a.get("id"), a["name"]), a.get("id"), a["name"], a.get("country"), a.get("sector")
        )
        for role, side in (("actor", "actors"), ("recipient", "recipients"))
        for a in record.get(side) or ()
    ]


def _record_places(record: Record) -> list[_Place]:
    return [
        _Place(str(p["id"]), p.get("name") or str(p["id"]), p.get("country"), p.get("lat"), p.get("lon"))
        for p in record.get("locations") or ()
    ]


@dataclass(slots=True)
class _EventState:
    """A stored event as merging reads and changes it: what its mentions' records fold into."""

    type: str
    mode: str | None
    modality: str
    date_value: str | None
    date_granularity: str | None
    date_from: str | None
    deadline_value: str | None
    confidence: float
    record: Record
    participants: list[_Participant] = field(default_factory=list)
    places: list[_Place] = field(default_factory=list)
    id: int | None = None

    @classmethod
    def of(cls, record: Record) -> _EventState:
        """The state of an event with one mention."""
        state = cls(
            type=record["type"],
            mode=None,
            modality=record["modality"],
            date_value=None,
            date_granularity=None,
            date_from=None,
            deadline_value=None,
            confidence=float(record["confidence"]),
            record=record,
        )
        state.absorb(record)
        return state

    def key(self) -> EventKey:
        return EventKey(
            type=self.type,
            modality=self.modality,
            actors=frozenset(p.key for p in self.participants if p.role == "actor"),
            recipients=frozenset(p.key for p in self.participants if p.role == "recipient"),
            date=self.date_value,
            countries=frozenset(p.country for p in self.places),
        )

    def absorb(self, record: Record) -> tuple[list[_Participant], list[_Place]]:
        """Take what another mention adds; return the participants and places it adds."""
        self.mode = self.mode or record.get("mode")
        if _MODALITY_STRENGTH.get(record["modality"], 0) < _MODALITY_STRENGTH.get(self.modality, 0):
            self.modality = record["modality"]
        value, granularity, date_from = _record_date(record)
        if takes_date(self.date_value, self.date_from, value, date_from):
            self.date_value, self.date_granularity, self.date_from = value, granularity, date_from
        deadline = record.get("deadline")
        if self.deadline_value is None and deadline and deadline.get("value") is not None:
            self.deadline_value = str(deadline["value"])
        confidence = float(record["confidence"])
        if confidence > self.confidence:
            self.confidence, self.record = confidence, record
        known = {(p.role, p.key) for p in self.participants}
        participants = []
        for participant in _record_participants(record):
            if (participant.role, participant.key) not in known:
                known.add((participant.role, participant.key))
                participants.append(participant)
        known_places = {p.place_id for p in self.places}
        places = []
        for place in _record_places(record):
            if place.place_id not in known_places:
                known_places.add(place.place_id)
                places.append(place)
        self.participants.extend(participants)
        self.places.extend(places)
        return participants, places

    def values(self) -> dict[str, Any]:
        """The columns of its ``events`` row that mentions change."""
        return {
            "type": self.type,
            "mode": self.mode,
            "quad_class": codes.quad_class(self.type),
            "cameo": codes.cameo_code(self.type, self.mode),
            "modality": self.modality,
            "date_value": self.date_value,
            "date_granularity": self.date_granularity,
            "date_from": self.date_from,
            "deadline_value": self.deadline_value,
            "confidence": self.confidence,
            "record": self.record,
        }


_MODALITY_STRENGTH = {"asserted": 0, "alleged": 1, "future": 2, "hypothetical": 3, "negated": 4}
"""How firmly a modality says the event happened: a merged event takes the firmest of its mentions."""


def _event_records(article: Article) -> list[Record]:
    return [event_record(article, e) for e in article.events]


def _prepare_event_writes(connection: Connection, types: Iterable[str]) -> None:
    """On PostgreSQL, make the transaction ready to store events of these types.

    Writers of events of one type are serialized until the transaction
    ends: otherwise two articles reporting one event, stored at once, would
    both find no stored event and store it twice (SQLite writers are
    serialized already). Locks are taken in one order, so that writers
    cannot deadlock.

    The candidate search is planned for its values every time: the driver
    prepares a statement it runs often, and PostgreSQL's plan for all values
    reads events backwards by id until enough match, which takes longer as
    the store grows; the best plan depends on how common the actors are and
    how wide the date window is.
    """
    if connection.dialect.name != "postgresql":
        return
    connection.execute(_CUSTOM_PLANS)
    for type_ in sorted(set(types)):
        digest = hashlib.sha256(f"veille-event:{type_}".encode()).digest()
        connection.execute(_LOCK, {"key": int.from_bytes(digest[:8], "big", signed=True)})


_LOCK = text("SELECT pg_advisory_xact_lock(:key)")
_CUSTOM_PLANS = text("SET LOCAL plan_cache_mode = force_custom_plan")


def _candidates(connection: Connection, key: EventKey) -> list[Row[Any]]:
    """The rows of the stored events that may be the happening ``key`` describes, newest first.

    Of its type, with a compatible date, sharing an actor or a recipient on
    the same side: at most :data:`MAX_EVENT_CANDIDATES`. Events of unknown
    date, and all events when ``key`` has no date, are searched among the
    :data:`RECENT_EVENTS` newest only, so that the search reads a bounded
    number of rows however large the store grows.
    """
    newest = int(connection.scalar(_NEWEST_EVENT) or 0)
    ranges = None if key.date is None else compatible_date_ranges(key.date, ACROSS_ARTICLES_DAYS)
    statement = _event_candidates_statement(
        None if ranges is None else len(ranges), len(key.actors), len(key.recipients)
    )
    values: dict[str, Any] = {"type": key.type, "floor": newest - RECENT_EVENTS}
    for n, (low, high) in enumerate(ranges or ()):
        values[f"low_{n}"], values[f"high_{n}"] = low, high
    values.update(_listed_values("actor_key", sorted(key.actors)))
    values.update(_listed_values("recipient_key", sorted(key.recipients)))
    return list(connection.execute(statement, values))


def _listed(name: str, count: int) -> list[BindParameter[Any]]:
    """The parameters ``name_0``, ``name_1``... of an IN list of ``count`` values.

    An expanding parameter would do, but SQLAlchemy rewrites the statement
    at each execution to expand it; a statement built (and cached) for
    each length of list runs as it is.
    """
    return [bindparam(f"{name}_{n}") for n in range(count)]


def _listed_values(name: str, values: Iterable[Any]) -> dict[str, Any]:
    """The values of the parameters :func:`_listed` makes."""
    return {f"{name}_{n}": value for n, value in enumerate(values)}


@functools.cache
def _event_candidates_statement(ranges: int | None, actors: int, recipients: int) -> Select[Any]:
    """The search of :func:`_candidates` for one shape of key, built once (building it costs more than running it).

    ``ranges`` is the number of compatible date ranges (``None``: the key
    has no date); ``actors`` and ``recipients`` are how many keys each side has.
    """
    recent = events.c.id > bindparam("floor")
    same_type = events.c.type == bindparam("type")
    if ranges is None:
        scope = [and_(same_type, recent)]
    else:
        dated = [events.c.date_value.between(bindparam(f"low_{n}"), bindparam(f"high_{n}")) for n in range(ranges)]
        scope = [and_(same_type, events.c.date_value.is_(None), recent), *(and_(same_type, d) for d in dated)]
    # Whole rows: merging needs them, and fetching them here saves reading them again by id.
    statement = select(events).where(or_(*scope))
    sides = [
        and_(event_actors.c.role == role, event_actors.c.key.in_(_listed(f"{role}_key", count)))
        for role, count in (("actor", actors), ("recipient", recipients))
        if count
    ]
    if sides:
        shared = select(event_actors.c.event_id).where(event_actors.c.event_id == events.c.id, or_(*sides))
        statement = statement.where(shared.exists())
    return statement.order_by(events.c.id.desc()).limit(MAX_EVENT_CANDIDATES)


_NEWEST_EVENT = select(func.coalesce(func.max(events.c.id), 0))


@functools.cache
def _participants_statement(count: int) -> Select[Any]:
    """The participants of ``count`` events (parameters ``id_0``...)."""
    return (
        select(event_actors)
        .where(event_actors.c.event_id.in_(_listed("id", count)))
        .order_by(event_actors.c.event_id, event_actors.c.role, event_actors.c.key)
    )


@functools.cache
def _places_statement(count: int) -> Select[Any]:
    """The places of ``count`` events (parameters ``id_0``...)."""
    return (
        select(event_locations)
        .where(event_locations.c.event_id.in_(_listed("id", count)))
        .order_by(event_locations.c.event_id, event_locations.c.place_id)
    )


def _load_states(connection: Connection, rows: Sequence[Row[Any]]) -> dict[int, _EventState]:
    """The stored events of ``rows`` (rows of ``events``), as merging sees them."""
    if not rows:
        return {}
    states: dict[int, _EventState] = {}
    for row in rows:
        states[int(row.id)] = _EventState(
            id=int(row.id),
            type=row.type,
            mode=row.mode,
            modality=row.modality,
            date_value=row.date_value,
            date_granularity=row.date_granularity,
            date_from=row.date_from,
            deadline_value=row.deadline_value,
            confidence=float(row.confidence),
            record=row.record,
        )
    ids = _listed_values("id", states)
    for row in connection.execute(_participants_statement(len(states)), ids):
        states[int(row.event_id)].participants.append(
            _Participant(row.role, row.key, row.actor_id, row.name, row.country, row.sector)
        )
    for row in connection.execute(_places_statement(len(states)), ids):
        states[int(row.event_id)].places.append(_Place(row.place_id, row.name, row.country, row.lat, row.lon))
    return states


def _insert_participants(
    connection: Connection, event_id: int, participants: Sequence[_Participant], places: Sequence[_Place]
) -> None:
    if participants:
        connection.execute(
            insert(event_actors),
            [
                {
                    "event_id": event_id,
                    "role": p.role,
                    "key": p.key,
                    "actor_id": p.actor_id,
                    "name": p.name,
                    "country": p.country,
                    "sector": p.sector,
                }
                for p in participants
            ],
        )
    if places:
        connection.execute(
            insert(event_locations),
            [
                {"event_id": event_id, "place_id": p.place_id, "name": p.name, "country": p.country}
                | {"lat": p.lat, "lon": p.lon}
                for p in places
            ],
        )


def _same_happening(connection: Connection, key: EventKey, exclude: Collection[int]) -> _EventState | None:
    """The stored event, not one of ``exclude``, that reports the happening ``key`` describes.

    Of those that match, one of the same date is preferred, then the oldest.
    """
    candidates = [row for row in _candidates(connection, key) if int(row.id) not in exclude]
    states = _load_states(connection, candidates)
    matches = [s for s in states.values() if same_happening(s.key(), key, ACROSS_ARTICLES_DAYS)]
    return min(matches, key=lambda s: (s.date_value != key.date, s.id or 0), default=None)


def insert_events(connection: Connection, article_id: int, coded: Sequence[tuple[Event, Record]]) -> list[int]:
    """Store the events of article ``article_id``: each with its record, as one mention.

    An event that reports a stored event (:func:`veille.events.merge.same_happening`,
    dates up to :data:`~veille.events.merge.ACROSS_ARTICLES_DAYS` apart)
    becomes one more mention of it, which may fill its date, deadline,
    actors and places; otherwise it is stored as a new event. The events of
    one article were merged already (:func:`veille.events.merge.merge_events`):
    two of them are two happenings, so they never join one stored event.
    Returns the ids of the events mentioned, in order.
    """
    if not coded:
        return []
    _prepare_event_writes(connection, (event.type for event, _ in coded))
    mentioned: list[int] = []
    for event, record in coded:
        state = _same_happening(connection, EventKey.of(event), exclude=mentioned)
        if state is None or state.id is None:
            state = _EventState.of(record)
            values = state.values() | {"first_seen_at": datetime.now(UTC), "sources": 1}
            event_id = int(connection.execute(_INSERT_EVENT, values).scalar_one())
            _insert_participants(connection, event_id, state.participants, state.places)
        else:
            event_id = state.id
            before = state.values()
            participants, places = state.absorb(record)
            _insert_participants(connection, event_id, participants, places)
            changes: dict[str, Any] = {k: v for k, v in state.values().items() if before[k] != v}
            # Not mentioned by this article yet: it is one more source.
            connection.execute(_MERGE_INTO_EVENT, {"event": event_id, **changes})
        connection.execute(
            _INSERT_MENTION,
            {"event_id": event_id, "article_id": article_id, "record": record, "confidence": event.confidence},
        )
        mentioned.append(event_id)
    return mentioned


_INSERT_EVENT = insert(events).returning(events.c.id)
# The changed columns come as parameters named after them, which SQLAlchemy
# adds to the SET clause: one statement serves every merge, built once.
_MERGE_INTO_EVENT = update(events).where(events.c.id == bindparam("event")).values(sources=events.c.sources + 1)
_INSERT_MENTION = insert(event_mentions)


def _detach_events(connection: Connection, article_id: int) -> set[int]:
    """Delete the event mentions of article ``article_id``; return the events they mentioned."""
    ids = {
        int(i)
        for i in connection.scalars(select(event_mentions.c.event_id).where(event_mentions.c.article_id == article_id))
    }
    if ids:
        connection.execute(delete(event_mentions).where(event_mentions.c.article_id == article_id))
    return ids


def refresh_events(connection: Connection, ids: Iterable[int]) -> None:
    """Recompute events ``ids`` from the mentions they have; delete those left with none."""
    for event_id in sorted(set(ids)):
        rows = connection.execute(
            select(event_mentions.c.article_id, event_mentions.c.record)
            .where(event_mentions.c.event_id == event_id)
            .order_by(event_mentions.c.id)
        ).all()
        connection.execute(delete(event_actors).where(event_actors.c.event_id == event_id))
        connection.execute(delete(event_locations).where(event_locations.c.event_id == event_id))
        if not rows:
            connection.execute(delete(events).where(events.c.id == event_id))
            continue
        state = _EventState.of(rows[0].record)
        for row in rows[1:]:
            state.absorb(row.record)
        sources = len({int(row.article_id) for row in rows})
        connection.execute(update(events).where(events.c.id == event_id).values(**state.values(), sources=sources))
        _insert_participants(connection, event_id, state.participants, state.places)


# Reading


def _article_select() -> Select[Any]:
    columns = [c for c in articles.c if c.name != "signature"]
    return select(*columns, documents.c.source).join(documents, documents.c.id == articles.c.document_id)


def _stored_article(row: RowMapping) -> StoredArticle:
    start, end = row["title_start"], row["title_end"]
    return StoredArticle(
        id=int(row["id"]),
        document_id=int(row["document_id"]),
        source=row["source"],
        title=row["title"],
        title_span=None if start is None or end is None else Span(start, end),
        text=row["text"],
        offsets=OffsetMap(tuple(Segment(*triple) for triple in row["offsets"])),
        published=row["published"],
        published_from=row["published_from"],
        language=row["language"],
        language_confidence=row["language_confidence"],
        language_from=row["language_from"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        site_name=row["site_name"],
        host=row["host"],
        authors=tuple(row["authors"]),
        removed=tuple(Removed(Span(s, e), reason) for s, e, reason in row["removed"]),
        content_hash=row["content_hash"],
        cluster_id=None if row["cluster_id"] is None else int(row["cluster_id"]),
        extracted_at=_utc(row["extracted_at"]),
        extractor_version=row["extractor_version"],
        analysis=row["analysis"],
    )


def select_articles(connection: Connection, query: ArticleQuery) -> list[StoredArticle]:
    """The articles ``query`` selects, newest first (unknown dates last, then by id, newest first)."""
    statement = _article_select()
    if query.since is not None:
        statement = statement.where(articles.c.published >= query.since)
    if query.until is not None:
        statement = statement.where(articles.c.published <= query.until)
    if query.language:
        statement = statement.where(articles.c.language == query.language.strip().lower())
    if query.cluster_id is not None:
        statement = statement.where(articles.c.cluster_id == query.cluster_id)
    if query.site and query.site.strip():
        site = query.site.strip().lower()
        statement = statement.where(
            or_(
                func.lower(articles.c.site_name).contains(site, autoescape=True),
                articles.c.host.contains(site, autoescape=True),
            )
        )
    # SQLite sorts NULL lowest, so a plain DESC already puts unknown dates
    # last and can read the published index backwards.
    published = articles.c.published.desc()
    if connection.dialect.name != "sqlite":
        published = published.nulls_last()
    statement = statement.order_by(published, articles.c.id.desc()).limit(query.limit).offset(query.offset)
    return [_stored_article(row._mapping) for row in connection.execute(statement)]


def article_by_id(connection: Connection, article_id: int) -> StoredArticle | None:
    """One article, or ``None`` if there is no article ``article_id``."""
    row = connection.execute(_article_select().where(articles.c.id == article_id)).first()
    return None if row is None else _stored_article(row._mapping)


def _event_actor(row: Any) -> EventActor:
    return EventActor(id=row.actor_id, name=row.name, country=row.country, sector=row.sector)


def _stored_events(connection: Connection, rows: Sequence[Any]) -> list[StoredEvent]:
    """The events of ``rows`` (of ``events``), with their actors, recipients and places."""
    ids = [int(row.id) for row in rows]
    sides: dict[tuple[int, str], list[EventActor]] = {}
    places: dict[int, list[EventLocation]] = {}
    if ids:
        participants = select(event_actors).where(event_actors.c.event_id.in_(ids))
        for row in connection.execute(participants.order_by(event_actors.c.event_id, event_actors.c.key)):
            sides.setdefault((int(row.event_id), row.role), []).append(_event_actor(row))
        located = select(event_locations).where(event_locations.c.event_id.in_(ids))
        for row in connection.execute(located.order_by(event_locations.c.event_id, event_locations.c.place_id)):
            places.setdefault(int(row.event_id), []).append(
                EventLocation(id=row.place_id, name=row.name, country=row.country, lat=row.lat, lon=row.lon)
            )
    return [
        StoredEvent(
            id=int(row.id),
            type=row.type,
            mode=row.mode,
            quad_class=row.quad_class,
            cameo=row.cameo,
            modality=row.modality,
            date=row.date_value,
            date_granularity=row.date_granularity,
            date_from=row.date_from,
            deadline=row.deadline_value,
            first_seen_at=_utc(row.first_seen_at),
            sources=int(row.sources),
            confidence=float(row.confidence),
            record=row.record,
            actors=tuple(sides.get((int(row.id), "actor"), ())),
            recipients=tuple(sides.get((int(row.id), "recipient"), ())),
            locations=tuple(places.get(int(row.id), ())),
        )
        for row in rows
    ]


def _taking_part(*conditions: Any) -> Any:
    """Whether the event has an actor or recipient that meets ``conditions``."""
    return select(event_actors.c.event_id).where(event_actors.c.event_id == events.c.id, *conditions).exists()


@dataclass(frozen=True, slots=True)
class _Plan:
    """How :func:`_filter_events` looks for the events of a dyad and of the words of ``q``.

    Each way selects the same events; they differ in what the database reads.
    By default a dyad and each word are checked event by event, which is fast
    when the events are walked in listing order and matches are common.
    ``dyad_pairs_from`` (``actor`` or ``recipient``) instead collects the
    pair's events first from the country index, reading that side's entries
    and looking for the other side of each: fast when the pair is rare.
    ``indexed_words`` collects the events of those words first, through the
    PostgreSQL trigram indexes: fast when the word is rare. ``words_per_row``
    writes the check of the other words so that PostgreSQL makes it on each
    event it walks rather than scanning every report first: fast under a
    ``LIMIT`` when the word is common.
    """

    dyad_pairs_from: str | None = None
    indexed_words: frozenset[str] = frozenset()
    words_per_row: bool = False


def _materialized(statement: Select[Any] | CompoundSelect[Any], name: str) -> Any:
    """``statement`` as a CTE computed once: the planner cannot fold it back into a walk of every event."""
    return statement.cte(name).prefix_with("MATERIALIZED")


def _dyad_condition(actor: str, recipient: str, pairs_from: str | None) -> Any:
    sides = {"actor": actor, "recipient": recipient}
    if pairs_from is None:
        return and_(
            *(
                _taking_part(event_actors.c.role == role, event_actors.c.country == country)
                for role, country in sides.items()
            )
        )
    (other_role,) = set(sides) - {pairs_from}
    side, other = event_actors.alias("side"), event_actors.alias("other")
    pair = select(side.c.event_id).where(
        side.c.role == pairs_from,
        side.c.country == sides[pairs_from],
        select(other.c.event_id)
        .where(other.c.event_id == side.c.event_id, other.c.role == other_role, other.c.country == sides[other_role])
        .exists(),
    )
    found = _materialized(pair, "dyad_events")
    return events.c.id.in_(select(found.c.event_id))


def _word_sources(word: str) -> list[Select[Any]]:
    """The event ids whose report evidence, actor or recipient name, or place name holds ``word``."""
    return [
        select(event_mentions.c.event_id).where(_has_word(_evidence(), word)),
        select(event_actors.c.event_id).where(_has_word(event_actors.c.name, word)),
        select(event_locations.c.event_id).where(_has_word(event_locations.c.name, word)),
    ]


def _word_condition(word: str, plan: _Plan, n: int) -> Any:
    if word in plan.indexed_words:
        first, *others = _word_sources(word)
        found = _materialized(first.union(*others), f"word_events_{n}")
        return events.c.id.in_(select(found.c.event_id))
    named_place = select(event_locations.c.event_id).where(
        event_locations.c.event_id == events.c.id, _has_word(event_locations.c.name, word)
    )
    reported = select(event_mentions.c.event_id).where(
        event_mentions.c.event_id == events.c.id, _has_word(_evidence(), word)
    )
    named = select(event_actors.c.event_id).where(
        event_actors.c.event_id == events.c.id, _has_word(event_actors.c.name, word)
    )
    if plan.words_per_row:
        # A scalar subquery with a LIMIT is one index probe per event walked;
        # PostgreSQL would run an EXISTS under OR as a scan of the whole table.
        return or_(*(check.limit(1).scalar_subquery().is_not(None) for check in (reported, named, named_place)))
    return or_(reported.exists(), named.exists(), named_place.exists())


def _filter_events(statement: Select[Any], query: EventQuery, plan: _Plan = _Plan()) -> Select[Any]:
    """``statement`` (over ``events``) narrowed by the filters of ``query``, not its page or order.

    ``plan`` chooses how the dyad and the words of ``q`` are looked for (:func:`_plan`); the events are the same.
    """
    if query.type:
        statement = statement.where(events.c.type == query.type.strip().upper())
    if query.mode:
        statement = statement.where(events.c.mode == query.mode.strip())
    if query.modality:
        statement = statement.where(events.c.modality == query.modality)
    if query.actor and query.actor.strip():
        statement = statement.where(_taking_part(event_actors.c.actor_id == query.actor.strip()))
    if query.country and query.country.strip():
        statement = statement.where(_taking_part(event_actors.c.country == query.country.strip().upper()))
    if query.dyad is not None:
        actor, recipient = _dyad_countries(query.dyad)
        statement = statement.where(_dyad_condition(actor, recipient, plan.dyad_pairs_from))
    if query.since is not None:
        # Dates compare as text: a month or year that holds `since` sorts before it. The year
        # bound adds nothing but a range the date index can read in order (no sort of the range).
        since = query.since.isoformat()
        statement = statement.where(
            events.c.date_value >= since[:4],
            or_(events.c.date_value >= since, events.c.date_value.in_([since[:7], since[:4]])),
        )
    if query.until is not None:
        # A month or year sorts before its days, so a value up to `until` starts by then.
        statement = statement.where(events.c.date_value <= query.until.isoformat())
    if query.has_deadline is not None:
        deadline = events.c.deadline_value
        statement = statement.where(deadline.is_not(None) if query.has_deadline else deadline.is_(None))
    if query.bbox is not None:
        west, south, east, north = query.bbox
        lon = event_locations.c.lon
        across = and_(lon >= west, lon <= east) if west <= east else or_(lon >= west, lon <= east)
        inside = select(event_locations.c.event_id).where(
            event_locations.c.event_id == events.c.id, event_locations.c.lat.between(south, north), across
        )
        statement = statement.where(inside.exists())
    for n, word in enumerate(_words(query)):
        statement = statement.where(_word_condition(word, plan, n))
    if query.cluster_id is not None:
        in_cluster = (
            select(event_mentions.c.event_id)
            .join(articles, articles.c.id == event_mentions.c.article_id)
            .where(event_mentions.c.event_id == events.c.id, articles.c.cluster_id == query.cluster_id)
        )
        statement = statement.where(in_cluster.exists())
    return statement


def _dyad_countries(dyad: tuple[str, str]) -> tuple[str, str]:
    actor, recipient = (country.strip().upper() for country in dyad)
    return actor, recipient


def _words(query: EventQuery) -> list[str]:
    return (query.q or "").lower().split()


# What checking one walked event costs, in index entries read when collecting a dyad's pairs
# (measured with a million events): SQLite collects by probing the other side for each entry of
# the rarer one (about 0.8 µs an entry) and checks a walked event in about 0.45 µs; PostgreSQL
# merges both sides' index ranges (about 0.2 µs an entry) and checks a walked event in about 8 µs.
_SQLITE_WALK_COST = 0.5
_PG_WALK_COST = 40.0


def _capped_count(statement: Select[Any], cap: int) -> Any:
    return select(func.count()).select_from(statement.limit(cap).subquery()).scalar_subquery()


def _plan(connection: Connection, query: EventQuery, needed: int | None) -> _Plan:
    """The fastest way to find the events of ``query``'s dyad and words, from a few bounded counts.

    ``needed`` is how many events of the listing order are wanted (limit and
    offset), ``None`` for all of them. Walking events in order and checking
    each reads about ``needed / share`` events, ``share`` being the part of
    all events that match. With ``a`` and ``r`` events on each side of a
    dyad (counted up to :data:`DYAD_COUNT`) out of ``total``, and the sides
    taken as independent, the walk reads ``needed * total**2 / (a * r)``
    events; collecting the pair's events reads the rarer side's index entries
    (SQLite) or both sides' (PostgreSQL). The two are weighed with the costs
    measured below; two sides both past the cap are common enough for the
    walk. A word with fewer than :data:`WORD_COUNT` matches in each source is
    looked up in the trigram indexes (PostgreSQL, where migration v0006
    could make them); a common one is checked event by event.
    """
    pairs_from = None
    if query.dyad is not None:
        actor, recipient = _dyad_countries(query.dyad)
        cap = DYAD_COUNT.get(connection.dialect.name, DYAD_COUNT["sqlite"])
        sides = [
            _capped_count(
                select(event_actors.c.event_id).where(event_actors.c.role == role, event_actors.c.country == country),
                cap,
            )
            for role, country in (("actor", actor), ("recipient", recipient))
        ]
        row = connection.execute(select(*sides, select(func.max(events.c.id)).scalar_subquery())).one()
        a, r, total = (int(value or 0) for value in row)
        rarer = "actor" if a <= r else "recipient"
        if needed is None or a * r == 0:
            pairs_from = rarer
        elif min(a, r) >= cap:
            pairs_from = None  # two common sides: the walk soon finds the pair
        else:
            walked = min(total, needed * total * total / (a * r))
            if connection.dialect.name == "postgresql":
                collect, walk = a + r, _PG_WALK_COST * walked
            else:
                collect, walk = min(a, r), _SQLITE_WALK_COST * walked
            pairs_from = rarer if collect < walk else None
    indexed: set[str] = set()
    per_row = False
    words = _words(query)
    postgresql = connection.dialect.name == "postgresql"
    if words and postgresql and connection.scalar(select(func.to_regclass(TRIGRAM_INDEX))) is not None:
        for word in words:
            counts = [_capped_count(source, WORD_COUNT) for source in _word_sources(word)]
            if max(int(n or 0) for n in connection.execute(select(*counts)).one()) < WORD_COUNT:
                indexed.add(word)
        # The words left are common: under a LIMIT, checking the events walked finds them soonest.
        per_row = needed is not None and len(indexed) < len(words)
    return _Plan(dyad_pairs_from=pairs_from, indexed_words=frozenset(indexed), words_per_row=per_row)


def _has_word(column: Any, word: str) -> Any:
    return func.lower(column).contains(word, autoescape=True)


def _evidence() -> Any:
    """The evidence sentence of a report (the expression the PostgreSQL trigram index of v0006 is on)."""
    return event_mentions.c.record["evidence"]["text"].as_string()


_SORT_COLUMNS = {
    "date": events.c.date_value,
    "deadline": events.c.deadline_value,
    "confidence": events.c.confidence,
    "sources": events.c.sources,
    "id": events.c.id,
}


def _event_order(connection: Connection, sort: str) -> list[Any]:
    """ORDER BY terms for ``sort``: unknown values last, then by id in the same direction."""
    descending = sort.startswith("-")
    column = _SORT_COLUMNS[sort.removeprefix("-")]
    key = column.desc() if descending else column.asc()
    # SQLite sorts NULL lowest, so a plain DESC already puts unknown values
    # last and can read the date index backwards.
    if not (descending and connection.dialect.name == "sqlite"):
        key = key.nulls_last()
    if column is events.c.id:
        return [key]
    return [key, events.c.id.desc() if descending else events.c.id.asc()]


def select_events(connection: Connection, query: EventQuery) -> list[StoredEvent]:
    """The events ``query`` selects, in its order (by default newest first, unknown dates last)."""
    plan = _plan(connection, query, query.limit + query.offset)
    statement = _filter_events(select(events), query, plan)
    statement = statement.order_by(*_event_order(connection, query.sort)).limit(query.limit).offset(query.offset)
    return _stored_events(connection, connection.execute(statement).all())


def event_by_id(connection: Connection, event_id: int) -> StoredEvent | None:
    """One event with its mentions, oldest first; ``None`` if there is no event ``event_id``."""
    row = connection.execute(select(events).where(events.c.id == event_id)).first()
    if row is None:
        return None
    (found,) = _stored_events(connection, [row])
    rows = connection.execute(
        select(
            event_mentions.c.id,
            event_mentions.c.article_id,
            event_mentions.c.confidence,
            event_mentions.c.record,
            articles.c.title,
            articles.c.published,
            func.coalesce(articles.c.canonical_url, articles.c.url, documents.c.url).label("url"),
            documents.c.source,
        )
        .join(articles, articles.c.id == event_mentions.c.article_id)
        .join(documents, documents.c.id == articles.c.document_id)
        .where(event_mentions.c.event_id == event_id)
        .order_by(event_mentions.c.id)
    )
    mentions = tuple(
        EventMention(
            id=int(m.id),
            article_id=int(m.article_id),
            title=m.title,
            source=m.source,
            url=m.url,
            published=m.published,
            confidence=float(m.confidence),
            record=m.record,
        )
        for m in rows
    )
    return replace(found, mentions=mentions)


def article_source_text(connection: Connection, article_id: int) -> str | None:
    """The text the spans of article ``article_id``'s analysis point into; ``None`` if there is no such article.

    The document's text for a text input, else the extracted text
    (:attr:`veille.model.Article.source_text`).
    """
    row = connection.execute(
        select(documents.c.format, documents.c.text, articles.c.text.label("extracted"))
        .join(documents, documents.c.id == articles.c.document_id)
        .where(articles.c.id == article_id)
    ).first()
    if row is None:
        return None
    return str(row.text if row.format == "text" else row.extracted)


def actor_counts(connection: Connection, search: str | None = None, limit: int = 50) -> list[ActorCount]:
    """The actors and recipients of stored events, those in the most events first.

    ``search`` keeps those whose name or id holds it (ignoring ASCII case).
    """
    if limit < 0:
        raise ValueError(f"limit must be zero or more, not {limit}")
    count = func.count(event_actors.c.event_id.distinct())
    statement = select(
        event_actors.c.key,
        func.max(event_actors.c.actor_id).label("actor_id"),
        func.min(event_actors.c.name).label("name"),
        func.max(event_actors.c.country).label("country"),
        func.max(event_actors.c.sector).label("sector"),
        count.label("events"),
    ).group_by(event_actors.c.key)
    if search and search.strip():
        word = search.strip().lower()
        statement = statement.where(or_(_has_word(event_actors.c.name, word), _has_word(event_actors.c.key, word)))
    statement = statement.order_by(count.desc(), func.min(event_actors.c.name), event_actors.c.key).limit(limit)
    return [
        ActorCount(
            key=row.key,
            id=row.actor_id,
            name=row.name,
            country=row.country,
            sector=row.sector,
            events=int(row.events),
        )
        for row in connection.execute(statement)
    ]


def _last_day(value: str) -> date | None:
    """The last day an ISO day, month or year covers; ``None`` for anything else."""
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        if len(value) == 4:
            return date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def deadline_list(connection: Connection, today: date, limit: int = 50) -> list[Deadline]:
    """The events whose deadline is ``today`` or later, the soonest to expire first."""
    if limit < 0:
        raise ValueError(f"limit must be zero or more, not {limit}")
    # Compared as text, like event dates: a month or year holding today has not passed.
    day = today.isoformat()
    deadline = events.c.deadline_value
    statement = (
        select(events)
        .where(or_(deadline >= day, deadline.in_([day[:7], day[:4]])))
        .order_by(deadline.asc(), events.c.id.asc())
        .limit(limit)
    )
    found = []
    for event in _stored_events(connection, connection.execute(statement).all()):
        expires = _last_day(event.deadline or "")
        if expires is not None and expires >= today:
            found.append(Deadline(event, expires, (expires - today).days))
    return sorted(found, key=lambda d: (d.expires, d.event.id))


def event_stats(connection: Connection, query: EventQuery) -> EventStats:
    """Counts of the events ``query`` selects: per date, type and country of place, and per dyad."""
    plan = _plan(connection, query, None)
    selected = _filter_events(select(events.c.id, events.c.date_value, events.c.type), query, plan).subquery()
    total = _count(connection, select(func.count()).select_from(selected))
    country = event_locations.c.country
    per_day = (
        select(
            selected.c.date_value,
            selected.c.type,
            country,
            func.count(selected.c.id.distinct()).label("n"),
        )
        .select_from(selected.outerjoin(event_locations, event_locations.c.event_id == selected.c.id))
        .group_by(selected.c.date_value, selected.c.type, country)
        .order_by(selected.c.date_value, selected.c.type, country)
    )
    actor = event_actors.alias("actor")
    recipient = event_actors.alias("recipient")
    dyads = (
        select(
            actor.c.country.label("actor"),
            recipient.c.country.label("recipient"),
            func.count(selected.c.id.distinct()).label("n"),
        )
        .select_from(selected)
        .join(actor, and_(actor.c.event_id == selected.c.id, actor.c.role == "actor"))
        .join(recipient, and_(recipient.c.event_id == selected.c.id, recipient.c.role == "recipient"))
        .where(actor.c.country.is_not(None), recipient.c.country.is_not(None))
        .group_by(actor.c.country, recipient.c.country)
        .order_by(func.count(selected.c.id.distinct()).desc(), actor.c.country, recipient.c.country)
    )
    return EventStats(
        events=total,
        by_day=tuple(
            DayCount(date=row.date_value, type=row.type, country=row.country, events=int(row.n))
            for row in connection.execute(per_day)
        ),
        dyads=tuple(
            DyadCount(actor=row.actor, recipient=row.recipient, events=int(row.n)) for row in connection.execute(dyads)
        ),
    )


def failure_list(connection: Connection, limit: int = 100) -> list[FailureRecord]:
    """The latest failures, newest first."""
    rows = connection.execute(select(failures).order_by(failures.c.id.desc()).limit(limit))
    return [
        FailureRecord(
            id=int(row.id), source=row.source, stage=row.stage, error=row.error, message=row.message, at=_utc(row.at)
        )
        for row in rows
    ]


def document_page(connection: Connection, after: int, size: int) -> list[tuple[int, Document]]:
    """Up to ``size`` stored documents with ids above ``after``, in id order."""
    rows = connection.execute(select(documents).where(documents.c.id > after).order_by(documents.c.id).limit(size))
    return [
        (
            int(row.id),
            Document(
                source=row.source,
                text=row.text,
                format=row.format,
                id=row.external_id,
                url=row.url,
                published=row.published,
                language=row.language,
                title=row.title,
                site_name=row.site_name,
                authors=tuple(row.authors),
                encoding=row.encoding,
            ),
        )
        for row in rows
    ]


def _count(connection: Connection, statement: Select[Any]) -> int:
    return int(connection.scalar(statement) or 0)


def store_stats(connection: Connection) -> StoreStats:
    """Counts over the whole store."""
    per_cluster = select(articles.c.cluster_id).group_by(articles.c.cluster_id).having(func.count() > 1).subquery()
    language = func.coalesce(articles.c.language, "und")
    languages = connection.execute(
        select(language.label("language"), func.count().label("n"))
        .group_by(language)
        .order_by(func.count().desc(), language)
    )
    site = func.coalesce(articles.c.site_name, articles.c.host)
    sites = connection.execute(
        select(site.label("site"), func.count().label("n"))
        .where(site.is_not(None))
        .group_by(site)
        .order_by(func.count().desc(), site)
        .limit(TOP_SITES)
    )
    first, last = connection.execute(select(func.min(articles.c.published), func.max(articles.c.published))).one()
    return StoreStats(
        documents=_count(connection, select(func.count()).select_from(documents)),
        articles=_count(connection, select(func.count()).select_from(articles)),
        clusters=_count(connection, select(func.count(articles.c.cluster_id.distinct()))),
        clusters_with_copies=_count(connection, select(func.count()).select_from(per_cluster)),
        failures=_count(connection, select(func.count()).select_from(failures)),
        languages={row.language: int(row.n) for row in languages},
        first_published=_as_date(first),
        last_published=_as_date(last),
        top_sites={row.site: int(row.n) for row in sites},
        events=_count(connection, select(func.count()).select_from(events)),
        event_mentions=_count(connection, select(func.count()).select_from(event_mentions)),
    )


def _as_date(value: object) -> date | None:
    """``min``/``max`` of a date column come back from SQLite as text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


# Exports and alerts


@dataclass(frozen=True, slots=True)
class EventSource:
    """An article that reports a stored event: where an export says the event was read."""

    event_id: int
    article_id: int
    source: str
    url: str | None
    site: str | None
    title: str | None
    published: date | None


def event_sources(connection: Connection, ids: Collection[int]) -> dict[int, list[EventSource]]:
    """The articles reporting each of events ``ids``, in the order they were stored (events without any are absent)."""
    found: dict[int, list[EventSource]] = {}
    if not ids:
        return found
    rows = connection.execute(
        select(
            event_mentions.c.event_id,
            event_mentions.c.article_id,
            documents.c.source,
            func.coalesce(articles.c.canonical_url, articles.c.url, documents.c.url).label("url"),
            func.coalesce(articles.c.site_name, articles.c.host).label("site"),
            articles.c.title,
            articles.c.published,
        )
        .join(articles, articles.c.id == event_mentions.c.article_id)
        .join(documents, documents.c.id == articles.c.document_id)
        .where(event_mentions.c.event_id.in_(sorted(set(ids))))
        .order_by(event_mentions.c.event_id, event_mentions.c.id)
    )
    for row in rows:
        found.setdefault(int(row.event_id), []).append(
            EventSource(
                event_id=int(row.event_id),
                article_id=int(row.article_id),
                source=row.source,
                url=row.url,
                site=row.site,
                title=row.title,
                published=row.published,
            )
        )
    return found


def events_reported_by(connection: Connection, article_ids: Collection[int]) -> list[int]:
    """The ids of the events that articles ``article_ids`` report, in id order."""
    if not article_ids:
        return []
    statement = (
        select(event_mentions.c.event_id)
        .where(event_mentions.c.article_id.in_(sorted(set(article_ids))))
        .distinct()
        .order_by(event_mentions.c.event_id)
    )
    return [int(i) for i in connection.scalars(statement)]


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """An alert a watch rule fired (:mod:`veille.alerts`), as stored.

    ``key`` is ``event:<id>`` or ``spike:<window end>``; ``delivery`` maps
    each notifier to ``sent`` or ``failed: <reason>``.
    """

    id: int
    rule: str
    key: str
    event_id: int | None
    fired_at: datetime
    payload: dict[str, Any]
    delivery: dict[str, str]


def claim_alert(
    connection: Connection, rule: str, key: str, event_id: int | None, payload: dict[str, Any], at: datetime
) -> int | None:
    """Store an alert unless rule ``rule`` already fired for ``key``; its id, or ``None`` if it had fired.

    The unique (rule, key) constraint decides, so that two processes
    evaluating the same rule at once fire it once.
    """
    values = {"rule": rule, "key": key, "event_id": event_id, "fired_at": at, "payload": payload, "delivery": {}}
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
    statement = upsert(alerts).values(**values).on_conflict_do_nothing().returning(alerts.c.id)
    found = connection.scalar(statement)
    return None if found is None else int(found)


def record_delivery(connection: Connection, alert_id: int, delivery: dict[str, str]) -> None:
    """Record what each notifier did with alert ``alert_id``."""
    connection.execute(update(alerts).where(alerts.c.id == alert_id).values(delivery=delivery))


def alert_list(connection: Connection, rule: str | None = None, limit: int = 100) -> list[AlertRecord]:
    """The latest ``limit`` alerts (of rule ``rule`` if given), newest first."""
    statement = select(alerts)
    if rule is not None:
        statement = statement.where(alerts.c.rule == rule)
    rows = connection.execute(statement.order_by(alerts.c.id.desc()).limit(limit))
    return [
        AlertRecord(
            id=int(row.id),
            rule=row.rule,
            key=row.key,
            event_id=None if row.event_id is None else int(row.event_id),
            fired_at=_utc(row.fired_at),
            payload=row.payload,
            delivery=row.delivery,
        )
        for row in rows
    ]
