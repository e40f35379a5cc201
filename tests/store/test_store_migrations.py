"""Versioned migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, insert, inspect, select, text

from veille.errors import StoreError
from veille.store import EventQuery, Store, open_store, schema
from veille.store import migrations as migrations_module
from veille.store.migrations import Migration, current_version, latest_version, migrate, migrations
from veille.store.migrations import v0006_event_search_indexes as v0006


def _versions(url: str) -> list[tuple[int, datetime]]:
    with open_store(url) as store, store.engine.connect() as connection:
        rows = connection.execute(
            select(schema.schema_version.c.version, schema.schema_version.c.applied_at).order_by("version")
        )
        return [(row.version, row.applied_at) for row in rows]


def test_migrations_are_numbered_documented_modules() -> None:
    found = migrations()
    assert [m.version for m in found] == list(range(1, len(found) + 1))
    assert found[0].name == "v0001_initial"
    assert all(m.description and callable(m.upgrade) for m in found)
    assert latest_version() == found[-1].version


def test_a_fresh_database_ends_at_the_latest_version(db_url: str) -> None:
    assert [v for v, _ in _versions(db_url)] == list(range(1, latest_version() + 1))


def test_the_migrated_database_has_the_declared_schema(store: Store) -> None:
    tables = set(schema.metadata.tables)
    with store.engine.connect() as connection:
        inspector = inspect(connection)
        assert tables <= set(inspector.get_table_names())
        for name in tables:
            declared = {c.name for c in schema.metadata.tables[name].columns}
            assert {c["name"] for c in inspector.get_columns(name)} == declared, name
            declared_indexes = {i.name for i in schema.metadata.tables[name].indexes}
            assert declared_indexes <= {i["name"] for i in inspector.get_indexes(name)}, name
        uniques = {u["name"] for u in inspector.get_unique_constraints("articles")}
        if connection.dialect.name == "postgresql":  # SQLite does not name inline unique constraints back
            assert {"uq_articles_document_id", "uq_articles_content_hash"} <= uniques


def test_reopening_applies_nothing(db_url: str) -> None:
    before = _versions(db_url)
    with open_store(db_url) as store:
        assert migrate(store.engine, store.url) == []
    assert _versions(db_url) == before


def test_a_database_newer_than_the_code_is_refused(db_url: str) -> None:
    with open_store(db_url) as store, store.engine.begin() as connection:
        connection.execute(
            insert(schema.schema_version).values(version=99, name="v0099_future", applied_at=datetime.now(UTC))
        )
    with pytest.raises(StoreError) as caught:
        open_store(db_url)
    assert f"database schema v99 is newer than this Veille (v{latest_version()}): upgrade Veille" in str(caught.value)


def test_a_failing_migration_changes_nothing(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    open_store(db_url).close()

    def broken(connection: Connection) -> None:
        connection.execute(text("CREATE TABLE half_done (id INTEGER)"))
        connection.execute(text("ALTER TABLE articles ADD COLUMN summary TEXT"))
        connection.execute(text("SELECT no_such_function()"))

    steps = (*migrations(), Migration(latest_version() + 1, "v9999_broken", "Breaks.", broken))
    monkeypatch.setattr(migrations_module, "migrations", lambda: steps)
    with pytest.raises(StoreError, match="migration v9999_broken failed"):
        open_store(db_url)
    monkeypatch.undo()
    with open_store(db_url) as store, store.engine.connect() as connection:
        assert current_version(connection) == latest_version()
        inspector = inspect(connection)
        assert "half_done" not in inspector.get_table_names()
        assert "summary" not in {c["name"] for c in inspector.get_columns("articles")}


def test_concurrent_openers_of_a_new_database_migrate_it_once(db_url: str) -> None:
    start = threading.Barrier(3)

    def open_it() -> None:
        start.wait()
        open_store(db_url).close()

    with ThreadPoolExecutor(3) as pool:
        for run in [pool.submit(open_it) for _ in range(3)]:
            run.result(timeout=120)
    assert [v for v, _ in _versions(db_url)] == list(range(1, latest_version() + 1))


def test_listing_by_deadline_reads_the_deadline_index(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'plan.db'}") as store, store.engine.connect() as connection:
        plan = connection.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT id FROM events WHERE deadline_value IS NOT NULL ORDER BY deadline_value, id"
            )
        ).all()
    assert any("ix_events_deadline_value" in str(row[-1]) for row in plan)
    assert not any("TEMP B-TREE" in str(row[-1]) for row in plan)


SEARCH_INDEXES = {
    "event_mentions": "ix_event_mentions_evidence_trgm",
    "event_actors": "ix_event_actors_name_trgm",
    "event_locations": "ix_event_locations_name_trgm",
}


def _index_names(store: Store) -> set[str]:
    with store.engine.connect() as connection:
        inspector = inspect(connection)
        return {str(i["name"]) for table in (*SEARCH_INDEXES, "events") for i in inspector.get_indexes(table)}


def test_postgresql_indexes_q_with_trigrams_and_the_newest_deadline_order(db_url: str) -> None:
    with open_store(db_url) as store:
        found = _index_names(store)
        expected = {*SEARCH_INDEXES.values(), "ix_events_deadline_desc"}
        assert expected <= found if store.engine.dialect.name == "postgresql" else not expected & found


@pytest.mark.postgres
def test_without_pg_trgm_the_migration_goes_on_and_q_still_works(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(v0006, "EXTENSION", "pg_trgm_not_installed")
    with open_store(postgres_url) as store:
        assert "extension pg_trgm_not_installed could not be created" in caplog.text
        assert _index_names(store) & set(SEARCH_INDEXES.values()) == set()
        assert "ix_events_deadline_desc" in _index_names(store)
        with store.engine.connect() as connection:
            assert current_version(connection) == latest_version()
        assert list(store.events(EventQuery(q="anything"))) == []


@pytest.mark.postgres
def test_v0006_accepts_indexes_made_by_hand_before_it(postgres_url: str) -> None:
    with open_store(postgres_url) as store, store.engine.begin() as connection:
        v0006.upgrade(connection)
        assert {*SEARCH_INDEXES.values(), "ix_events_deadline_desc"} <= _index_names(store)
