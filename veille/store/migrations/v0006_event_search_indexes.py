"""Index what ``/events?q=`` searches and the newest-deadline order, on PostgreSQL.

With ``pg_trgm``, adds GIN trigram indexes on the lower-cased report
evidence (``ix_event_mentions_evidence_trgm``) and on the lower-cased names
of event actors (``ix_event_actors_name_trgm``) and places
(``ix_event_locations_name_trgm``): the very expressions the ``q`` filter
compares with ``LIKE '%word%'``, so that a rare word is found through them
instead of a scan of every report (about 0.5 s with a million events).
``pg_trgm`` ships with PostgreSQL's contrib; where it cannot be created (not
installed, or no right to), the migration logs a warning and makes only the
next index, and ``q`` scans as before. Also adds ``ix_events_deadline_desc``
(``deadline_value DESC NULLS LAST, id DESC``), the order of
``sort=-deadline``, which the ascending index of v0005 does not give. On
SQLite nothing changes: its ``q`` walks events in order and checks each, and
it reads the v0005 index backwards.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

EXTENSION = "pg_trgm"

TRIGRAM_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_event_mentions_evidence_trgm ON event_mentions "
    "USING gin (lower(CAST(((record -> 'evidence') ->> 'text') AS VARCHAR)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_event_actors_name_trgm ON event_actors USING gin (lower(name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_event_locations_name_trgm ON event_locations USING gin (lower(name) gin_trgm_ops)",
)
"""Their expressions are written as SQLAlchemy renders the ``q`` filter's, for the planner to match them."""


def upgrade(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    connection.execute(
        text("CREATE INDEX IF NOT EXISTS ix_events_deadline_desc ON events (deadline_value DESC NULLS LAST, id DESC)")
    )
    try:
        with connection.begin_nested():
            connection.execute(text(f"CREATE EXTENSION IF NOT EXISTS {EXTENSION}"))
    except DBAPIError as exc:
        log.warning(
            "PostgreSQL extension %s could not be created (%s): /events?q= will scan every report; "
            "to index it, create the extension and the indexes listed in %s",
            EXTENSION,
            str(exc.orig).strip(),
            __file__,
        )
        return
    for statement in TRIGRAM_INDEXES:
        connection.execute(text(statement))
