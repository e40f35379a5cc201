"""The REST API and the dashboard (FastAPI), and :func:`serve` to run them with uvicorn.

See :mod:`veille.api.app` for the routes. Importing this package loads
FastAPI but opens nothing: :func:`create_app` opens the store.
"""

from __future__ import annotations

import logging

from veille.api.app import create_app
from veille.config import Settings

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "create_app", "serve"]

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def serve(
    settings: Settings,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    cors_origins: tuple[str, ...] = (),
) -> None:
    """Serve the API and the dashboard of ``settings.db`` until interrupted."""
    import uvicorn

    app = create_app(settings, cors_origins=cors_origins)
    log.info("serving %s on http://%s:%d", app.state.store.url, host, port)
    uvicorn.run(app, host=host, port=port, log_level="warning")
