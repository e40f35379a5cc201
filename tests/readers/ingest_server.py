"""A local HTTP server on 127.0.0.1 for the ingest tests: tests never touch the internet.

Pages and feeds are served by a ``ThreadingHTTPServer`` on an ephemeral port.
Routes are registered by path with a status, headers and a body; requests are
recorded so tests can check what Veille sent.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (to test timeouts)."""
    chunked: bool = False
    """Send the body with chunked transfer encoding, without Content-Length."""


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class LocalServer:
    """A tiny HTTP server whose answers the test sets with :meth:`add`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.seen.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path, Route(b"not here", 404, {"Content-Type": "text/plain"}))
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for start in range(0, len(route.body), 4096):
                        chunk = route.body[start : start + 4096]
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                else:
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that hangs up early (size limits, timeouts) is expected here

        self._httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", content_type: str | None = None, **options: object) -> str:
        """Serve ``body`` at ``path``; return the full URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        route = Route(data, **options)  # type: ignore[arg-type]
        if content_type:
            route.headers.setdefault("Content-Type", content_type)
        self.routes[path] = route
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = Route(b"", status, {"Location": location})
        return self.url(path)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
