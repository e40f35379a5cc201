"""Articles keep their analysis record: actors, places and times with their spans.

Adds the nullable JSON column ``articles.analysis`` (``JSONB`` on PostgreSQL),
holding the record of :func:`veille.record.article_record` without the article
text; articles stored before this migration have none until re-extracted.
"""

from __future__ import annotations

from sqlalchemy import Connection, text


def upgrade(connection: Connection) -> None:
    kind = "JSONB" if connection.dialect.name == "postgresql" else "JSON"
    connection.execute(text(f"ALTER TABLE articles ADD COLUMN analysis {kind}"))
