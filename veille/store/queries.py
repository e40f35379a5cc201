"""The query layer: every read and write of the store, as functions of a connection.

The CLI, the API and the exports all go through these functions (via
:class:`veille.store.Store`), so that a filter means the same thing
everywhere. Functions that write expect to run inside the caller's
transaction and never commit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from sqlalchemy import Connection, RowMapping, Select, bindparam, delete, func, insert, or_, select, update

from veille import dedup
from veille._version import __version__
from veille.errors import NotFoundError
from veille.model import Article, Document, Failure, Fingerprint, OffsetMap, Removed, Segment, Span
from veille.record import article_record
from veille.store.schema import article_bands, articles, documents, failures

__all__ = [
    "CANDIDATE_ROWS",
    "EXTRACTOR_VERSION",
    "MAX_CANDIDATES",
    "AddResult",
    "ArticleQuery",
    "FailureRecord",
    "StoreStats",
    "StoredArticle",
    "article_by_id",
    "document_id_by_hash",
    "document_page",
    "duplicate_of",
    "failure_list",
    "find_cluster",
    "host_of",
    "insert_article",
    "insert_failure",
    "raw_hash",
    "replace_article",
    "select_articles",
    "store_stats",
]

EXTRACTOR_VERSION = __version__
"""Recorded with every article, so that articles from an older extractor can be found."""
MAX_CANDIDATES = 20
"""Near-duplicate candidates verified per article: those sharing the most band keys."""
CANDIDATE_ROWS = 2000
"""Band-table rows read per article at most, so that a story copied a thousand times stays cheap."""
TOP_SITES = 10


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
        if self.limit < 0:
            raise ValueError(f"limit must be zero or more, not {self.limit}")
        if self.offset < 0:
            raise ValueError(f"offset must be zero or more, not {self.offset}")
        if self.since is not None and self.until is not None and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")


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


def _article_values(article: Article, fp: Fingerprint) -> dict[str, Any]:
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
        "analysis": _analysis(article),
        "content_hash": fp.content_hash,
        "signature": fp.signature,
        "extracted_at": datetime.now(UTC),
        "extractor_version": EXTRACTOR_VERSION,
    }


def _analysis(article: Article) -> dict[str, Any] | None:
    """The analysis record without the text the row already holds; ``None`` before any stage annotated."""
    if article.doc is None and not (article.actors or article.places or article.times or article.warnings):
        return None
    record = article_record(article)
    record.pop("text", None)
    return record


def _insert_bands(connection: Connection, article_id: int, fp: Fingerprint) -> None:
    if fp.bands:
        connection.execute(_INSERT_BANDS, [{"article_id": article_id, "band": b} for b in sorted(set(fp.bands))])


def insert_article(connection: Connection, article: Article, fp: Fingerprint, raw: str) -> AddResult:
    """Insert the article's document, the article, its band keys and its cluster.

    The caller has checked with :func:`duplicate_of` that neither is stored;
    a concurrent writer that stored them since makes this raise
    :class:`sqlalchemy.exc.IntegrityError`.
    """
    document_id = connection.execute(_INSERT_DOCUMENT, _document_values(article.document, raw)).scalar_one()
    cluster = find_cluster(connection, fp)
    values = _article_values(article, fp) | {"document_id": document_id, "cluster_id": cluster}
    article_id = int(connection.execute(_INSERT_ARTICLE, values).scalar_one())
    if cluster is None:
        cluster = article_id
        connection.execute(_SET_CLUSTER, {"article": article_id, "cluster": cluster})
    _insert_bands(connection, article_id, fp)
    return AddResult("stored", article_id, cluster)


def _delete_document(connection: Connection, document_id: int) -> None:
    ids = select(articles.c.id).where(articles.c.document_id == document_id).scalar_subquery()
    connection.execute(delete(article_bands).where(article_bands.c.article_id.in_(ids)))
    connection.execute(delete(articles).where(articles.c.document_id == document_id))
    connection.execute(delete(documents).where(documents.c.id == document_id))


def replace_article(connection: Connection, document_id: int, article: Article, fp: Fingerprint) -> AddResult:
    """Replace the article of stored document ``document_id`` with a new extraction of it.

    The article keeps its id; its cluster is found again (the clusters of
    other articles are left as they are). If the new text is that of
    another stored article, the document is a duplicate after all: it is
    removed with its old article, as :meth:`Store.add` would not have kept it.
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
    values = _article_values(article, fp)
    if current is None:
        article_id = int(connection.execute(_INSERT_ARTICLE, values | {"document_id": document_id}).scalar_one())
    else:
        article_id = int(current)
        connection.execute(delete(article_bands).where(article_bands.c.article_id == article_id))
        connection.execute(update(articles).where(articles.c.id == article_id).values(**values))
    cluster = find_cluster(connection, fp, exclude=article_id) or article_id
    connection.execute(_SET_CLUSTER, {"article": article_id, "cluster": cluster})
    _insert_bands(connection, article_id, fp)
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
    )


def _as_date(value: object) -> date | None:
    """``min``/``max`` of a date column come back from SQLite as text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
