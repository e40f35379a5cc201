"""Events, merged across articles: one event, many reports.

Adds ``events`` (one row per happening), ``event_mentions`` (each article's
report of it, with its event record), and ``event_actors`` and
``event_locations`` (its participants and places, for filtering). Articles
stored before this migration have no events until re-extracted.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB


def upgrade(connection: Connection) -> None:
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    row_id = BigInteger().with_variant(Integer(), "sqlite")
    json = JSON().with_variant(JSONB(), "postgresql")
    timestamp = DateTime(timezone=True)
    # ISO dates of varying granularity compare as text, character by character.
    date_value = String(10).with_variant(String(10, collation="C"), "postgresql")

    # Only referred to by the foreign key below: v0001 created it.
    Table("articles", metadata, Column("id", row_id, primary_key=True))
    events = Table(
        "events",
        metadata,
        Column("id", row_id, primary_key=True, autoincrement=True),
        Column("type", String(32), nullable=False),
        Column("mode", String(64)),
        Column("quad_class", Integer),
        Column("cameo", String(8)),
        Column("modality", String(16), nullable=False),
        Column("date_value", date_value),
        Column("date_granularity", String(8)),
        Column("date_from", String(16)),
        Column("deadline_value", date_value),
        Column("first_seen_at", timestamp, nullable=False),
        Column("sources", Integer, nullable=False),
        Column("confidence", Float, nullable=False),
        Column("record", json, nullable=False),
        Index("ix_events_type_date_value", "type", "date_value", "id"),
        sqlite_autoincrement=True,
    )
    # Events are listed newest first with unknown dates last: see v0001 for
    # why PostgreSQL needs the order spelt out.
    if connection.dialect.name == "postgresql":
        Index("ix_events_date_value", events.c.date_value.desc().nulls_last(), events.c.id.desc())
    else:
        Index("ix_events_date_value", events.c.date_value, events.c.id)
    mentions = Table(
        "event_mentions",
        metadata,
        Column("id", row_id, primary_key=True, autoincrement=True),
        Column("event_id", row_id, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        Column("article_id", row_id, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        Column("record", json, nullable=False),
        Column("confidence", Float, nullable=False),
        Index("ix_event_mentions_event_id", "event_id", "article_id"),
        Index("ix_event_mentions_article_id", "article_id"),
        sqlite_autoincrement=True,
    )
    actors = Table(
        "event_actors",
        metadata,
        Column("event_id", row_id, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
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
    locations = Table(
        "event_locations",
        metadata,
        Column("event_id", row_id, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        Column("place_id", Text, primary_key=True),
        Column("name", Text, nullable=False),
        Column("country", String(8)),
        Column("lat", Float),
        Column("lon", Float),
        Index("ix_event_locations_country", "country", "event_id"),
    )
    metadata.create_all(connection, tables=[events, mentions, actors, locations], checkfirst=False)
