"""Fixtures of the API and dashboard tests.

- ``samples_db`` (session): a SQLite database of ``samples/`` plus
  ``tests/fixtures/api/`` (an ultimatum whose text carries ``<script>`` and
  other markup, published 2025-06-10, so that its deadline is 2025-06-17),
  built once: ingesting runs the whole pipeline, which takes a while. Tests
  only read it.
- ``live_server`` (session): uvicorn serving that database on a free port
  of 127.0.0.1 in a thread, stopped at the end of the session.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from veille.batch import ingest
from veille.config import Settings
from veille.store import open_store

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "api"
MARKUP_ARTICLE = FIXTURES / "ultimatum-markup.txt"
PUBLISHED = date(2025, 6, 10)
STARTUP_S = 20


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'veille.db'}"
    settings = Settings(db=url)
    with open_store(url) as store:
        outcomes = list(ingest([str(ROOT / "samples")], store, settings))
        outcomes += list(ingest([str(FIXTURES)], store, settings.replace(published=PUBLISHED)))
    failed = [o for o in outcomes if o.status == "failed"]
    assert not failed, failed
    return url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(samples_db: str) -> Iterator[str]:
    """The base URL of the API and dashboard over ``samples_db``."""
    import uvicorn

    from veille.api import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(samples_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the test server did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=STARTUP_S)
