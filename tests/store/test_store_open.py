"""Opening a store: URLs, SQLite settings and the errors a user sees."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import text

from veille.errors import StoreError
from veille.store import Store, open_store


def test_default_url_is_veille_db_in_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        assert store.url == "sqlite:///veille.db"
    assert (tmp_path / "veille.db").is_file()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'v.db'}") as store, store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        busy_timeout_ms = connection.execute(text("PRAGMA busy_timeout")).scalar()
        assert busy_timeout_ms is not None and busy_timeout_ms >= 1000


@pytest.mark.postgres
def test_postgresql_urls_use_psycopg_3(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql://")
    with open_store(postgres_url) as store:
        assert store.engine.dialect.driver == "psycopg"
        assert store.url.startswith("postgresql+psycopg://")


@pytest.mark.parametrize("url", ["veille.db", "not a url at all", ""])
def test_not_a_url(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    if not url:
        with open_store(url) as store:  # empty means the default, like None
            assert store.url == "sqlite:///veille.db"
        return
    with pytest.raises(StoreError, match="not a database URL: use sqlite:///"):
        open_store(url)


def test_unsupported_database() -> None:
    with pytest.raises(StoreError, match="unsupported database mysql://u:\\*\\*\\*@db/x: Veille stores to SQLite"):
        open_store("mysql://u:hunter2@db/x")


def test_sqlite_in_a_missing_directory(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing' / 'v.db'}"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert url in message
    assert "directory exists" in message


def test_sqlite_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database " * 100)
    with pytest.raises(StoreError, match=r"notes\.db.*not a database"):
        open_store(f"sqlite:///{path}")


def test_unreachable_postgresql_server_names_the_url_but_not_the_password() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError) as caught:
        open_store(f"postgresql://analyst:s3cret-pw@127.0.0.1:{port}/news")
    message = str(caught.value)
    assert f"postgresql+psycopg://analyst:***@127.0.0.1:{port}/news" in message
    assert "s3cret-pw" not in message
    assert "server is running" in message
    assert "s3cret-pw" not in repr(caught.value.__cause__)


@pytest.mark.postgres
def test_wrong_postgresql_database(postgres_url: str) -> None:
    missing = postgres_url.rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(StoreError, match=r"no_such_database.*does not exist"):
        open_store(missing)


def test_store_is_a_context_manager(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'v.db'}") as store:
        assert isinstance(store, Store)
        assert "v.db" in repr(store)
    with pytest.raises(StoreError, match="closed"):
        store.articles()
