"""Where finished articles are kept: SQLite by default, or PostgreSQL.

::

    with open_store("sqlite:///veille.db") as store:
        if store.has_document(document) is None:
            result = store.add(article)          # one transaction per document
        store.articles(ArticleQuery(language="fr", since=date(2024, 6, 1)))
        store.events(EventQuery(type="ASSAULT", dyad=("ISR", "PSE")))

:func:`open_store` migrates the schema to the version of this code (see
:mod:`veille.store.migrations`). :meth:`Store.add` writes one document and
its article in one transaction, so an interrupted batch loses nothing it
already stored; exact duplicates (same normalized text, or the same raw
input) are not stored twice, even by concurrent writers, and
near-duplicates join the cluster of the story they copy.

In the same transaction, each event of the article becomes a mention of
the stored event it reports (the same happening by the rule that merges
mentions within an article, :mod:`veille.events.merge`), or a new event:
an event knows how many distinct articles report it (``sources``).

On SQLite the database runs in WAL mode with ``synchronous=NORMAL``: a
killed process loses nothing committed (a power cut may lose the last
transactions, never the database's integrity).
"""

from __future__ import annotations

import dataclasses
import logging
import re
import sqlite3
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from veille.config import DEFAULT_DB
from veille.errors import NotFoundError, StoreError
from veille.model import Article, Document, Failure, Fingerprint
from veille.store import queries
from veille.store.migrations import migrate
from veille.store.queries import (
    ActorCount,
    AddResult,
    AlertRecord,
    ArticleQuery,
    DayCount,
    Deadline,
    DyadCount,
    EventActor,
    EventLocation,
    EventMention,
    EventQuery,
    EventSource,
    EventStats,
    FailureRecord,
    StoredArticle,
    StoredEvent,
    StoreStats,
    raw_hash,
)
from veille.store.results import Results
from veille.store.schema import WRITE_OPTION

__all__ = [
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
    "Results",
    "Store",
    "StoreStats",
    "StoredArticle",
    "StoredEvent",
    "open_store",
    "raw_hash",
]

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 30
"""How long a SQLite writer waits for another one to finish."""
CONNECT_TIMEOUT_S = 10
"""How long to wait for a PostgreSQL server to answer."""
_PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


class Store:
    """A database of documents, articles, clusters and failures.

    Build it with :func:`open_store`. It is safe to share between threads;
    several processes may write to the same database at once.
    """

    def __init__(self, engine: Engine, url: str) -> None:
        self._engine = engine
        self._url = url
        self._closed = False

    @property
    def url(self) -> str:
        """The database URL, password masked."""
        return self._url

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for tools that need SQL of their own."""
        return self._engine

    def __repr__(self) -> str:
        return f"Store({self._url!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every connection. The store cannot be used afterwards."""
        self._closed = True
        self._engine.dispose()

    @contextmanager
    def _connect(self, what: str, write: bool = False) -> Iterator[Connection]:
        """A connection in a transaction, committed if the block succeeds.

        Database errors other than integrity errors become :class:`StoreError`
        naming ``what`` was being done; integrity errors are left to the
        caller, which knows what they mean.
        """
        if self._closed:
            raise StoreError(f"{what}: the store at {self._url} is closed")
        try:
            with self._engine.connect() as connection:
                if write:
                    connection = connection.execution_options(**{WRITE_OPTION: True})
                with connection.begin():
                    yield connection
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"{what}: the database at {self._url} refused: {_reason(exc)}") from exc

    # Writing

    def has_document(self, document: Document) -> int | None:
        """The id of the stored document with the same raw input (:func:`raw_hash`), if any.

        Lets a re-run skip extraction of what it already stored.
        """
        with self._connect(document.source) as connection:
            return queries.document_id_by_hash(connection, raw_hash(document))

    def add(self, article: Article) -> AddResult:
        """Store an article and its document in one transaction.

        An article whose normalized text is already stored (or whose raw
        document is) is a ``duplicate``: nothing is written. Otherwise the
        document, the article and its band keys are inserted and the article
        joins the cluster of its most similar stored near-duplicate, or
        starts its own. Each of ``article.events`` becomes a mention of the
        stored event it reports, or a new event. ``article.id`` and
        ``article.cluster_id`` are set. ``article.fingerprint`` must be set
        (:class:`veille.dedup.Fingerprinter`).
        """
        fp = _fingerprint(article)
        source = article.document.source
        raw = raw_hash(article.document)
        try:
            with self._connect(source, write=True) as connection:
                result = queries.duplicate_of(connection, fp.content_hash, raw)
                if result is None:
                    result = queries.insert_article(connection, article, fp, raw)
        except IntegrityError as exc:
            # Another writer stored the same text or document between our
            # check and our insert: what it stored is what we meant to store.
            with self._connect(source) as connection:
                result = queries.duplicate_of(connection, fp.content_hash, raw)
            if result is None:
                raise StoreError(f"{source}: the database at {self._url} refused the article: {_reason(exc)}") from exc
            log.debug("%s: stored meanwhile by another writer as article %d", source, result.article_id)
        article.id = result.article_id
        article.cluster_id = result.cluster_id
        log.debug("%s: %s as article %d (cluster %d)", source, result.status, result.article_id, result.cluster_id)
        return result

    def add_failure(self, failure: Failure) -> None:
        """Record a document or input that could not be processed."""
        with self._connect(failure.source, write=True) as connection:
            queries.insert_failure(connection, failure)

    def replace_article(self, document_id: int, article: Article) -> AddResult:
        """Replace the article of a stored document, after extracting it again.

        The article keeps its id and its cluster is found again; its event
        mentions are replaced by those of ``article.events`` (an event left
        without mentions is removed, the others count their sources again).
        If the new text is already stored as another article, the document
        is removed and the result is a ``duplicate`` of that article.
        """
        fp = _fingerprint(article)
        what = f"document {document_id} ({article.document.source})"
        for attempt in (1, 2):
            try:
                with self._connect(what, write=True) as connection:
                    result = queries.replace_article(connection, document_id, article, fp)
                break
            except IntegrityError as exc:
                # A concurrent writer stored the same text: the second attempt sees it.
                if attempt == 2:
                    raise StoreError(
                        f"{what}: the database at {self._url} refused the article: {_reason(exc)}"
                    ) from exc
        article.id = result.article_id
        article.cluster_id = result.cluster_id
        return result

    # Reading

    def articles(self, query: ArticleQuery | None = None) -> Results[StoredArticle]:
        """The articles ``query`` selects (by default the 50 newest), newest first (``.to_pandas()`` for a table)."""
        with self._connect("listing articles") as connection:
            return Results.of_articles(queries.select_articles(connection, query or ArticleQuery()))

    def article(self, article_id: int) -> StoredArticle:
        """One article; :class:`StoreError` if there is none with this id."""
        with self._connect(f"article {article_id}") as connection:
            found = queries.article_by_id(connection, article_id)
        if found is None:
            raise NotFoundError(
                f"no article {article_id} in the store at {self._url}: list them with `veille articles`"
            )
        return found

    def events(self, query: EventQuery | None = None) -> Results[StoredEvent]:
        """The events ``query`` selects (by default the 50 newest), newest first, without their mentions.

        ``.to_pandas()`` makes them a table (:func:`veille.store.results.event_row`).
        """
        with self._connect("listing events") as connection:
            return Results.of_events(queries.select_events(connection, query or EventQuery()))

    def event(self, event_id: int) -> StoredEvent:
        """One event with its mentions; :class:`NotFoundError` if there is none with this id."""
        with self._connect(f"event {event_id}") as connection:
            found = queries.event_by_id(connection, event_id)
        if found is None:
            raise NotFoundError(f"no event {event_id} in the store at {self._url}: list them with Store.events()")
        return found

    def article_source_text(self, article_id: int) -> str:
        """The text the spans of an article's analysis point into; :class:`NotFoundError` if there is none."""
        with self._connect(f"article {article_id}") as connection:
            found = queries.article_source_text(connection, article_id)
        if found is None:
            raise NotFoundError(
                f"no article {article_id} in the store at {self._url}: list them with `veille articles`"
            )
        return found

    def actors(self, search: str | None = None, limit: int = 50) -> list[ActorCount]:
        """The actors and recipients of stored events, those in the most events first.

        ``search`` keeps those whose name or id holds it (ignoring ASCII case).
        """
        with self._connect("listing actors") as connection:
            return queries.actor_counts(connection, search, limit)

    def deadlines(self, today: date | None = None, limit: int = 50) -> list[Deadline]:
        """The running ultimatums: events whose deadline is ``today`` (default: today) or later, soonest first."""
        with self._connect("listing deadlines") as connection:
            return queries.deadline_list(connection, today or date.today(), limit)

    def event_stats(self, query: EventQuery | None = None) -> EventStats:
        """Counts of the events ``query`` selects (its page and order aside): per date, type and country, per dyad."""
        with self._connect("counting events") as connection:
            return queries.event_stats(connection, query or EventQuery())

    def event_sources(self, ids: Collection[int]) -> dict[int, list[EventSource]]:
        """The articles reporting each of events ``ids``, in the order they were stored (for exports)."""
        with self._connect("listing event sources") as connection:
            return queries.event_sources(connection, ids)

    def events_reported_by(self, article_ids: Collection[int]) -> list[int]:
        """The ids of the events that articles ``article_ids`` report (what an ingest added to)."""
        with self._connect("listing the events of articles") as connection:
            return queries.events_reported_by(connection, article_ids)

    # Alerts (veille.alerts)

    def claim_alert(
        self, rule: str, key: str, event_id: int | None, payload: dict[str, Any], at: datetime
    ) -> int | None:
        """Store an alert of ``rule`` for ``key``; its id, or ``None`` if the rule already fired for it."""
        with self._connect(f"alert {rule!r} {key}", write=True) as connection:
            return queries.claim_alert(connection, rule, key, event_id, payload, at)

    def record_delivery(self, alert_id: int, delivery: dict[str, str]) -> None:
        """Record what each notifier did with alert ``alert_id`` (``sent`` or ``failed: <reason>``)."""
        with self._connect(f"alert {alert_id}", write=True) as connection:
            queries.record_delivery(connection, alert_id, delivery)

    def alerts(self, rule: str | None = None, limit: int = 100) -> list[AlertRecord]:
        """The latest ``limit`` alerts (of ``rule`` if given), newest first."""
        if limit < 0:
            raise ValueError(f"limit must be zero or more, not {limit}")
        with self._connect("listing alerts") as connection:
            return queries.alert_list(connection, rule, limit)

    def failures(self, limit: int = 100) -> list[FailureRecord]:
        """The latest ``limit`` failures, newest first."""
        if limit < 0:
            raise ValueError(f"limit must be zero or more, not {limit}")
        with self._connect("listing failures") as connection:
            return queries.failure_list(connection, limit)

    def stats(self) -> StoreStats:
        """Counts of documents, articles, clusters, failures, events and event mentions."""
        with self._connect("computing statistics") as connection:
            return queries.store_stats(connection)

    def iter_events(self, query: EventQuery | None = None, page_size: int = 500) -> Iterator[StoredEvent]:
        """Every event the filters of ``query`` select, in its order, read ``page_size`` at a time.

        ``query.limit`` and ``query.offset`` are ignored: this is for
        exports and watch rules, which go through everything. Each page is
        read in a transaction of its own.
        """
        if page_size <= 0:
            raise ValueError(f"page_size must be positive, not {page_size}")
        query = query or EventQuery()
        offset = 0
        while True:
            page = self.events(dataclasses.replace(query, limit=page_size, offset=offset))
            yield from page
            if len(page) < page_size:
                return
            offset += page_size

    def iter_documents(self, batch_size: int = 200) -> Iterator[tuple[int, Document]]:
        """Every stored document with its id, in id order.

        Read in batches, each in a short transaction of its own, so that the
        caller may write (:meth:`replace_article`) while iterating.
        """
        after = 0
        while True:
            with self._connect("reading documents") as connection:
                page = queries.document_page(connection, after, batch_size)
            yield from page
            if len(page) < batch_size:
                return
            after = page[-1][0]


def _fingerprint(article: Article) -> Fingerprint:
    if article.fingerprint is None:
        raise ValueError(
            f"{article.document.source}: the article has no fingerprint: "
            "run veille.dedup.Fingerprinter before storing it"
        )
    return article.fingerprint


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's message, on one line, without the SQL SQLAlchemy appends."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    return " ".join(str(original).split()) or type(original).__name__


def _mask(url: str) -> str:
    return _PASSWORD_IN_URL.sub(r"\1***@", url)


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"{_mask(url)!r} is not a database URL: use sqlite:///path/to/veille.db "
            "or postgresql://user:password@host/database"
        ) from None
    if parsed.get_backend_name() in {"postgresql", "postgres"} and parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql", "postgres"}:
        raise StoreError(
            f"unsupported database {parsed.render_as_string(hide_password=True)}: "
            "Veille stores to SQLite (sqlite:///path/to/veille.db) or PostgreSQL (postgresql://user@host/database)"
        )
    return parsed


def _enable_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the database to WAL, once: it persists in the file.

    Switching needs the database to itself, and SQLite does not wait for
    that (no busy timeout), so processes opening a new database together retry.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, record: Any) -> None:
        # SQLAlchemy, not the sqlite3 module, begins transactions (below), so
        # that DDL is transactional too and writers can begin IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        _enable_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _create_engine(url: URL, masked: str) -> Engine:
    try:
        if url.get_backend_name() == "sqlite":
            return _sqlite_engine(url)
        return create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "veille"},
        )
    except (NoSuchModuleError, ImportError, ArgumentError) as exc:
        raise StoreError(f"cannot use the database at {masked}: {exc}") from exc


def _hint(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return "check that its directory exists and is writable and that the file is a Veille database"
    return (
        "check that the server is running and reachable, and that the user, password, host, port and "
        "database name in the URL are right (set it with --db or VEILLE_DB)"
    )


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating if needed) the store at ``url``.

    ``url`` is a SQLAlchemy URL: ``sqlite:///veille.db`` (the default) or
    ``postgresql://user:password@host:5432/database``, which is served by
    the psycopg 3 driver. Raises :class:`StoreError`, naming the URL with its
    password masked and what to do, if it cannot be opened, or if its schema
    is newer than this Veille.
    """
    parsed = _parse(url or DEFAULT_DB)
    masked = parsed.render_as_string(hide_password=True)
    engine = _create_engine(parsed, masked)
    try:
        applied = migrate(engine, masked)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = _reason(exc)
        if parsed.password:
            reason = reason.replace(str(parsed.password), "***")
        raise StoreError(f"cannot open the store at {masked}: {reason}; {_hint(parsed)}") from exc
    if applied:
        log.info("%s: migrated to schema v%d", masked, applied[-1])
    return Store(engine, masked)
