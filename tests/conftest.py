"""Fixtures shared by every test package.

Databases:

- ``postgres_server`` (session): a throwaway PostgreSQL server. With
  ``$VEILLE_TEST_PG_URL`` set, that server is used instead (its user needs
  the right to create databases). Otherwise the server binaries are looked
  for under ``/usr/lib/postgresql/*/bin`` (newest first) and on ``PATH``; a
  cluster is initialised in a temporary directory (owned by the
  ``postgres`` system user when the tests run as root, as PostgreSQL refuses
  to run as root), started on a free port of 127.0.0.1 only, with its unix
  socket in that directory, trust authentication and durability off (it
  is thrown away), and stopped and deleted at the end of the session.
  Without binaries the PostgreSQL tests are skipped, unless ``$CI`` is set:
  CI must test PostgreSQL, so there it is an error.
- ``postgres_url``: a fresh empty database on that server, dropped after the test.
- ``db_url``: parametrized over ``sqlite`` (a file in ``tmp_path``) and
  ``postgres`` (marked ``postgres``), so a test using it runs on both.
- ``store``: a :class:`veille.store.Store` opened on ``db_url``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from veille.store import Store

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
PG_USER = "veille"
INITDB_OPTIONS = ("-E", "UTF8", "--locale=C", "--no-sync")


@dataclass(frozen=True)
class PostgresServer:
    """A running server; ``url`` points at its maintenance database."""

    url: str

    def database_url(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    @property
    def libpq_url(self) -> str:
        """``url`` as psycopg takes it (without a SQLAlchemy driver name)."""
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(drivername="postgresql").render_as_string(hide_password=False)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def _pg_bindir() -> Path | None:
    def version(path: str) -> tuple[int, ...]:
        number = Path(path).parent.name
        return tuple(int(part) for part in number.split(".") if part.isdigit())

    for candidate in sorted(glob.glob(PG_BIN_GLOB), key=version, reverse=True):
        if (Path(candidate) / "initdb").is_file() and (Path(candidate) / "pg_ctl").is_file():
            return Path(candidate)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl and Path(initdb).parent == Path(pg_ctl).parent:
        return Path(initdb).parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"{what} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}", pytrace=False)


@contextmanager
def _local_server(bindir: Path) -> Iterator[str]:
    base = Path(tempfile.mkdtemp(prefix="veille-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base)
            pytest.fail("running as root needs a 'postgres' system user to run PostgreSQL as", pytrace=False)
        os.chown(base, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, log = base / "data", base / "server.log"
    pg_ctl = str(bindir / "pg_ctl")
    started = False
    try:
        _run(
            [*run_as, str(bindir / "initdb"), "-D", str(data), "-U", PG_USER, "-A", "trust", *INITDB_OPTIONS],
            "initdb",
        )
        for _ in range(3):  # another process may take the port between choosing and listening
            port = _free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {port} -k {base} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            done = subprocess.run(
                [*run_as, pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode == 0:
                started = True
                break
        if not started:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            pytest.fail(f"PostgreSQL did not start with {bindir}:\n{tail}", pytrace=False)
        yield f"postgresql://{PG_USER}@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run(
                [*run_as, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True, check=False
            )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for this test session (see the module docstring)."""
    external = os.environ.get("VEILLE_TEST_PG_URL")
    if external:
        yield PostgresServer(external)
        return
    bindir = _pg_bindir()
    if bindir is None:
        reason = (
            f"PostgreSQL server binaries (initdb, pg_ctl) not found under {PG_BIN_GLOB} or on PATH: "
            "install them with `make system-deps`, or point VEILLE_TEST_PG_URL at a server"
        )
        if _in_ci():
            pytest.fail(f"CI is set and CI must test PostgreSQL: {reason}", pytrace=False)
        pytest.skip(reason)
    with _local_server(bindir) as url:
        yield PostgresServer(url)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a new, empty database, dropped after the test."""
    import psycopg
    from psycopg import sql

    name = f"veille_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server.libpq_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield postgres_server.database_url(name)
    finally:
        with psycopg.connect(postgres_server.libpq_url, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL with nothing in it: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'veille.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open store on ``db_url``, closed after the test."""
    from veille.store import open_store

    with open_store(db_url) as opened:
        yield opened
