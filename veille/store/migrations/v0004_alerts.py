"""Alerts: what each watch rule fired, once per rule and event.

Adds ``alerts``: one row per alert, unique on (``rule``, ``key``) where the
key is ``event:<id>`` for an event alert and ``spike:<window end>`` for a
spike, so that an alert fires once across runs and processes. ``delivery``
records what each notifier did with it.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
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
    alerts = Table(
        "alerts",
        metadata,
        Column("id", row_id, primary_key=True, autoincrement=True),
        Column("rule", String(200), nullable=False),
        Column("key", String(64), nullable=False),
        # Not a foreign key: an alert stays fired (and is not fired again)
        # even if its event is later merged away or removed.
        Column("event_id", row_id),
        Column("fired_at", DateTime(timezone=True), nullable=False),
        Column("payload", json, nullable=False),
        Column("delivery", json, nullable=False),
        UniqueConstraint("rule", "key"),
        sqlite_autoincrement=True,
    )
    metadata.create_all(connection, tables=[alerts], checkfirst=False)
