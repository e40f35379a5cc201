"""Documents, articles, their LSH band keys, and failures.

This migration builds the first schema and must keep building exactly that:
later changes belong in later migrations, never here.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
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

    Table(
        "documents",
        metadata,
        Column("id", row_id, primary_key=True, autoincrement=True),
        Column("source", Text, nullable=False),
        Column("format", String(16), nullable=False),
        Column("external_id", Text),
        Column("url", Text),
        Column("published", Date),
        Column("language", String(16)),
        Column("title", Text),
        Column("site_name", Text),
        Column("authors", json, nullable=False),
        Column("encoding", String(64)),
        Column("text", Text, nullable=False),
        Column("raw_hash", String(64), nullable=False, unique=True),
        Column("size", Integer, nullable=False),
        Column("ingested_at", timestamp, nullable=False),
        sqlite_autoincrement=True,
    )
    articles = Table(
        "articles",
        metadata,
        Column("id", row_id, primary_key=True, autoincrement=True),
        Column("document_id", row_id, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, unique=True),
        Column("title", Text),
        Column("title_start", Integer),
        Column("title_end", Integer),
        Column("text", Text, nullable=False),
        Column("offsets", json, nullable=False),
        Column("published", Date),
        Column("published_from", String(32)),
        Column("language", String(16)),
        Column("language_confidence", Float),
        Column("language_from", String(32)),
        Column("url", Text),
        Column("canonical_url", Text),
        Column("site_name", Text),
        Column("host", Text),
        Column("authors", json, nullable=False),
        Column("removed", json, nullable=False),
        Column("content_hash", String(64), nullable=False, unique=True),
        Column("signature", LargeBinary, nullable=False),
        Column("cluster_id", row_id),
        Column("extracted_at", timestamp, nullable=False),
        Column("extractor_version", String(32), nullable=False),
        Index("ix_articles_cluster_id", "cluster_id"),
        Index("ix_articles_site_name", "site_name"),
        Index("ix_articles_host", "host"),
        sqlite_autoincrement=True,
    )
    # Articles are listed newest first with unknown dates last. SQLite sorts
    # NULL lowest, so a plain index read backwards gives that order;
    # PostgreSQL sorts NULL highest and needs the order spelt out.
    published, article_id = articles.c.published, articles.c.id
    if connection.dialect.name == "postgresql":
        newest_first = (published.desc().nulls_last(), article_id.desc())
        Index("ix_articles_published", *newest_first)
        Index("ix_articles_language_published", articles.c.language, *newest_first)
    else:
        Index("ix_articles_published", published, article_id)
        Index("ix_articles_language_published", articles.c.language, published, article_id)
    Table(
        "article_bands",
        metadata,
        Column("article_id", row_id, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        Column("band", BigInteger, primary_key=True, autoincrement=False),
        Index("ix_article_bands_band", "band", "article_id"),
        sqlite_with_rowid=False,
    )
    Table(
        "failures",
        metadata,
        Column("id", row_id, primary_key=True, autoincrement=True),
        Column("source", Text, nullable=False),
        Column("stage", String(32), nullable=False),
        Column("error", String(128), nullable=False),
        Column("message", Text, nullable=False),
        Column("at", timestamp, nullable=False),
        sqlite_autoincrement=True,
    )
    metadata.create_all(connection, checkfirst=False)
