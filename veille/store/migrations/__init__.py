"""Versioned schema migrations, applied in order when a store is opened.

Each migration is a module of this package named ``vNNNN_what.py`` (``NNNN``
its version, from ``0001`` up without gaps), whose docstring says what it
changes and whose ``upgrade(connection)`` makes the change. The
``schema_version`` table holds one row per applied migration; the version of
a database is the highest one.

Every migration runs in its own transaction with the version row it adds, so
a failed migration leaves the database at the previous version. Two
processes opening the same new database do not both migrate it: on SQLite
the transaction takes the write lock first, on PostgreSQL an advisory lock,
and the version is read again once the lock is held.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import Connection, Engine, func, insert, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

from veille.errors import StoreError
from veille.store.schema import WRITE_OPTION, schema_version

__all__ = ["Migration", "current_version", "latest_version", "migrate", "migrations"]

log = logging.getLogger(__name__)

_MODULE_NAME = re.compile(r"v(\d{4})_\w+")
_PG_LOCK_KEY = 0x7665696C6C65  # "veille": the advisory lock that serializes migrations


@dataclass(frozen=True, slots=True)
class Migration:
    """One step of the schema."""

    version: int
    name: str
    description: str
    upgrade: Callable[[Connection], None]


@cache
def migrations() -> tuple[Migration, ...]:
    """Every migration of this package, in version order."""
    found: list[Migration] = []
    for info in pkgutil.iter_modules(__path__):
        match = _MODULE_NAME.fullmatch(info.name)
        if not match:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        upgrade = getattr(module, "upgrade", None)
        if not callable(upgrade) or not module.__doc__:
            raise StoreError(f"migration {info.name} needs a docstring and an upgrade(connection) function")
        found.append(Migration(int(match.group(1)), info.name, module.__doc__.strip().splitlines()[0], upgrade))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise StoreError(f"migration {migration.name} should be version {expected}: migrations must not skip")
    return tuple(found)


def latest_version() -> int:
    """The schema version this Veille builds."""
    steps = migrations()
    return steps[-1].version if steps else 0


def current_version(connection: Connection) -> int:
    """The schema version of the database, 0 when nothing was ever applied."""
    if not inspect(connection).has_table(schema_version.name):
        return 0
    return int(connection.scalar(select(func.coalesce(func.max(schema_version.c.version), 0))) or 0)


def _check(current: int, where: str) -> None:
    latest = latest_version()
    if current > latest:
        raise StoreError(f"{where}: database schema v{current} is newer than this Veille (v{latest}): upgrade Veille")


def migrate(engine: Engine, where: str) -> list[int]:
    """Bring the database up to :func:`latest_version`; return the versions applied.

    ``where`` names the database in error messages (a URL with its password
    masked). A database newer than the code is refused.
    """
    with engine.connect() as connection:
        current = current_version(connection)
    _check(current, where)
    applied: list[int] = []
    for step in migrations():
        if step.version <= current:
            continue
        with engine.connect() as connection:
            connection = connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
                schema_version.create(connection, checkfirst=True)
                current = current_version(connection)
                _check(current, where)
                if step.version <= current:
                    continue
                log.info("%s: applying migration %s (%s)", where, step.name, step.description)
                try:
                    step.upgrade(connection)
                except SQLAlchemyError as exc:
                    raise StoreError(f"{where}: migration {step.name} failed: {exc}") from exc
                connection.execute(
                    insert(schema_version).values(version=step.version, name=step.name, applied_at=datetime.now(UTC))
                )
        applied.append(step.version)
        current = step.version
    return applied
