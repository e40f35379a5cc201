"""The tables of the store, as the latest migration leaves them.

The query layer (:mod:`veille.store.queries`) reads and writes through these
definitions. They do not create anything: the migrations in
:mod:`veille.store.migrations` do, each with its own frozen copy of what it
creates, so that this module can follow the newest schema while old
migrations keep building exactly what they always built. A test checks
that a migrated database has the columns declared here.

::

    documents 1 ─── 0..1 articles 1 ─── * article_bands
                              │
                              ├── cluster_id: id of the cluster's first article
                              └── 1 ─── * event_mentions * ─── 1 events 1 ─┬─ * event_actors
                                                                          └─ * event_locations
    failures        (documents that could not be stored, and why)
    alerts          (what each watch rule fired, once per rule and event or spike)
    schema_version  (one row per applied migration)
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

__all__ = [
    "NAMING_CONVENTION",
    "WRITE_OPTION",
    "alerts",
    "article_bands",
    "articles",
    "documents",
    "event_actors",
    "event_locations",
    "event_mentions",
    "events",
    "failures",
    "metadata",
    "schema_version",
]

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names, the same on every backend, so that later migrations can name them."""

WRITE_OPTION = "veille_write"
"""Execution option of a connection whose transaction will write.

On SQLite such a transaction begins ``IMMEDIATE``: it takes the write lock
at once (waiting for it up to the busy timeout) instead of failing when a
read transaction cannot be upgraded because another writer came first.
"""

ID = BigInteger().with_variant(Integer(), "sqlite")
"""Row ids: 64-bit; on SQLite ``INTEGER`` so that the id is the rowid, which is 64-bit there."""
JSONType = JSON().with_variant(JSONB(), "postgresql")
Timestamp = DateTime(timezone=True)
DateValue = String(10).with_variant(String(10, collation="C"), "postgresql")
"""An ISO date at day, month or year granularity (``2024-06-05``, ``2024-06``, ``2024``).

Compared as text: character by character, so that ``2024-06`` sorts
before its days. PostgreSQL is told so (collation ``C``); SQLite compares
text that way already.
"""

metadata = MetaData(naming_convention=NAMING_CONVENTION)

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(128), nullable=False),
    Column("applied_at", Timestamp, nullable=False),
)
"""Created by the migration runner itself, before the first migration; its shape never changes."""

documents = Table(
    "documents",
    metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("external_id", Text),
    Column("url", Text),
    Column("published", Date),
    Column("language", String(16)),
    Column("title", Text),
    Column("site_name", Text),
    Column("authors", JSONType, nullable=False),
    Column("encoding", String(64)),
    Column("text", Text, nullable=False),
    Column("raw_hash", String(64), nullable=False, unique=True),
    Column("size", Integer, nullable=False),
    Column("ingested_at", Timestamp, nullable=False),
    sqlite_autoincrement=True,
)
"""Raw inputs as decoded, kept so that their articles can be extracted again."""

articles = Table(
    "articles",
    metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("document_id", ID, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("title", Text),
    Column("title_start", Integer),
    Column("title_end", Integer),
    Column("text", Text, nullable=False),
    Column("offsets", JSONType, nullable=False),
    Column("published", Date),
    Column("published_from", String(32)),
    Column("language", String(16)),
    Column("language_confidence", Float),
    Column("language_from", String(32)),
    Column("url", Text),
    Column("canonical_url", Text),
    Column("site_name", Text),
    Column("host", Text),
    Column("authors", JSONType, nullable=False),
    Column("removed", JSONType, nullable=False),
    Column("analysis", JSONType),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("signature", LargeBinary, nullable=False),
    Column("cluster_id", ID),
    Column("extracted_at", Timestamp, nullable=False),
    Column("extractor_version", String(32), nullable=False),
    Index("ix_articles_published", "published", "id"),
    Index("ix_articles_language_published", "language", "published", "id"),
    Index("ix_articles_cluster_id", "cluster_id"),
    Index("ix_articles_site_name", "site_name"),
    Index("ix_articles_host", "host"),
    sqlite_autoincrement=True,
)
"""One article per stored document.

``offsets`` holds the :class:`~veille.model.OffsetMap` segments as
``[text_start, source_start, length]`` triples, ``removed`` the
:class:`~veille.model.Removed` ranges as ``[start, end, reason]``; ``host``
is the lower-case host of ``canonical_url`` or ``url`` without ``www.``, for
the site filter. On PostgreSQL the published indexes are ordered
``published DESC NULLS LAST, id DESC``, the listing order.
"""

article_bands = Table(
    "article_bands",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("band", BigInteger, primary_key=True, autoincrement=False),
    Index("ix_article_bands_band", "band", "article_id"),
    sqlite_with_rowid=False,
)
"""The LSH band keys of each article (:func:`veille.dedup.fingerprint`): shared keys make candidates."""

failures = Table(
    "failures",
    metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("error", String(128), nullable=False),
    Column("message", Text, nullable=False),
    Column("at", Timestamp, nullable=False),
    sqlite_autoincrement=True,
)
"""Inputs that could not be read, extracted or stored."""

events = Table(
    "events",
    metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("type", String(32), nullable=False),
    Column("mode", String(64)),
    Column("quad_class", Integer),
    Column("cameo", String(8)),
    Column("modality", String(16), nullable=False),
    Column("date_value", DateValue),
    Column("date_granularity", String(8)),
    Column("date_from", String(16)),
    Column("deadline_value", DateValue),
    Column("first_seen_at", Timestamp, nullable=False),
    Column("sources", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("record", JSONType, nullable=False),
    Index("ix_events_type_date_value", "type", "date_value", "id"),
    Index("ix_events_date_value", "date_value", "id"),
    Index("ix_events_deadline_value", "deadline_value", "id"),
    sqlite_autoincrement=True,
)
"""One happening, however many articles report it.

Its columns merge those of its mentions: ``date_value`` (with
``date_granularity``, and ``date_from`` ``text`` or ``published``) and
``deadline_value`` are the first known, a date stated in the text winning
over a publication date; ``modality`` is the strongest any mention gives
(asserted, alleged, future, hypothetical; negated only alone);
``sources`` counts the distinct articles that report it and
``confidence`` is the highest of its mentions, whose ``record``
(:func:`veille.record.event_record`) represents it. On PostgreSQL the date
index is ordered ``date_value DESC NULLS LAST, id DESC``, the listing order,
and ``ix_events_deadline_desc`` gives ``sort=-deadline`` its order.
"""

event_mentions = Table(
    "event_mentions",
    metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("event_id", ID, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("record", JSONType, nullable=False),
    Column("confidence", Float, nullable=False),
    Index("ix_event_mentions_event_id", "event_id", "article_id"),
    Index("ix_event_mentions_article_id", "article_id"),
    sqlite_autoincrement=True,
)
"""One article's report of an event: the event record as coded in that article, spans into its source text.

On PostgreSQL with ``pg_trgm``, ``ix_event_mentions_evidence_trgm`` indexes
the trigrams of the lower-cased evidence for ``q``, as
``ix_event_actors_name_trgm`` and ``ix_event_locations_name_trgm`` do for
names (migration v0006; not declared here, as SQLite has none).
"""

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", ID, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(16), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("actor_id", Text),
    Column("name", Text, nullable=False),
    Column("country", String(8)),
    Column("sector", String(32)),
    Index("ix_event_actors_key", "key", "role", "event_id"),
    Index("ix_event_actors_actor_id", "actor_id", "event_id"),
    Index("ix_event_actors_country", "country", "role", "event_id"),
)
"""The actors (``role`` ``actor``) and recipients (``recipient``) of each event, from all its mentions.

``key`` is :func:`veille.events.merge.participant_key`: the actor id, or
``?`` and the case-folded name of an actor the knowledge base does not know.
"""

event_locations = Table(
    "event_locations",
    metadata,
    Column("event_id", ID, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("country", String(8)),
    Column("lat", Float),
    Column("lon", Float),
    Index("ix_event_locations_country", "country", "event_id"),
)
"""The places of each event, from all its mentions."""

alerts = Table(
    "alerts",
    metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("rule", String(200), nullable=False),
    Column("key", String(64), nullable=False),
    Column("event_id", ID),
    Column("fired_at", Timestamp, nullable=False),
    Column("payload", JSONType, nullable=False),
    Column("delivery", JSONType, nullable=False),
    UniqueConstraint("rule", "key"),
    sqlite_autoincrement=True,
)
"""What each watch rule fired (:mod:`veille.alerts`): one row per rule and ``key``.

``key`` is ``event:<id>`` for an event alert, ``spike:<window end>`` for a
spike; the unique constraint is what makes an alert fire once, across runs
and processes. ``payload`` is what the notifiers were sent, ``delivery``
maps each notifier to ``sent`` or ``failed: <reason>``.
"""
