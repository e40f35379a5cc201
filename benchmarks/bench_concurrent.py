"""Ingest while the API serves reads: no errors, no lost documents: ``results/concurrent.json``.

``veille serve`` (uvicorn) listens on a free port of 127.0.0.1 over a fresh
SQLite store; while ``veille ingest --workers N`` stores ``--documents``
articles (the gold articles of ``../shared/eval`` repeated, each copy with
its own id and line), a reader thread asks for ``/events`` and
``/articles`` in turn, a bounded number of times, until the ingest ends.
Reported: requests, errors (any non-200 answer or failed connection), read
latency during the ingest, and whether every input document was stored.
Run: ``python benchmarks/bench_concurrent.py [--documents N] [--workers N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from bench_api import latency_summary
from bench_throughput import corpus

from veille.store import open_store

RESULTS = Path(__file__).resolve().parent / "results"
MAX_REQUESTS = 100_000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"veille serve exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("veille serve did not answer /health within 30 s")


def read_loop(base: str, stop: threading.Event, samples: list[float], errors: list[str]) -> None:
    """Ask for /events and /articles in turn until ``stop`` (at most MAX_REQUESTS times)."""
    paths = ("/events?limit=50", "/articles?limit=50", "/events?type=ASSAULT", "/events?offset=50")
    with httpx.Client(base_url=base, timeout=30) as client:
        for n in range(MAX_REQUESTS):
            if stop.is_set():
                return
            path = paths[n % len(paths)]
            start = time.perf_counter()
            try:
                response = client.get(path)
            except httpx.HTTPError as exc:
                errors.append(f"{path}: {exc!r}")
                continue
            samples.append(time.perf_counter() - start)
            if response.status_code != 200:
                errors.append(f"{path}: {response.status_code} {response.text[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path, _ = corpus(args.documents, folder)
        url = f"sqlite:///{folder / 'concurrent.db'}"
        with open_store(url):
            pass  # migrate before both processes open it
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        veille = [sys.executable, "-m", "veille.cli", "--db", url]
        server = subprocess.Popen([*veille, "serve", "--host", "127.0.0.1", "--port", str(port)])
        samples: list[float] = []
        errors: list[str] = []
        try:
            _wait_ready(base, server)
            stop = threading.Event()
            reader = threading.Thread(target=read_loop, args=(base, stop, samples, errors))
            start = time.perf_counter()
            reader.start()
            ingest = subprocess.run(
                [*veille, "ingest", "--no-progress", "--workers", str(args.workers), str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            ingest_s = time.perf_counter() - start
            stop.set()
            reader.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
        with open_store(url) as store:
            stats = store.stats()
    if ingest.returncode != 0:
        print(ingest.stderr[-2000:], file=sys.stderr)
    result: dict[str, Any] = {
        "benchmark": "concurrent",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "command": f"python benchmarks/bench_concurrent.py --documents {args.documents} --workers {args.workers}",
        "documents": args.documents,
        "workers": args.workers,
        "ingest_exit_code": ingest.returncode,
        "ingest_s": round(ingest_s, 1),
        "stored_documents": stats.documents,
        "stored_articles": stats.articles,
        "stored_events": stats.events,
        "lost_documents": args.documents - stats.documents,
        "requests": len(samples) + len(errors),
        "errors": len(errors),
        "error_examples": errors[:5],
        "latency_during_ingest": latency_summary(samples) if samples else None,
        "ok": ingest.returncode == 0 and not errors and stats.documents == args.documents,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "concurrent.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
