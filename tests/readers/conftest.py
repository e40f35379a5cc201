"""Fixtures for the ingest tests: settings, and a local HTTP server (see ingest_server.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ingest_server import LocalServer

from veille.config import Settings


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    local.start()
    try:
        yield local
    finally:
        local.stop()


@pytest.fixture
def settings() -> Settings:
    """Default settings, untouched by any veille.toml or VEILLE_* variable."""
    return Settings()


@pytest.fixture
def local_settings() -> Settings:
    """Settings that may fetch from the local test server."""
    return Settings(allow_private=True, fetch_timeout=5.0)
