"""``/events`` latency with a million stored events, on SQLite and PostgreSQL: ``results/api.json``.

The stores are migrated by :func:`veille.store.open_store`, then filled with
synthetic but plausible rows straight into the tables (SQLAlchemy Core
``executemany`` in chunks, not the NLP pipeline): a few thousand documents
and articles, ``--events`` events over the 16 PLOVER types and about three
years, each with an actor and most with a recipient (countries drawn with a
skew), a located place, a report whose evidence is a sentence, and a
deadline for some. The API (:func:`veille.api.app.create_app`) is then asked
``--requests`` times for each query shape through FastAPI's in-process
``TestClient``; p50, p95 and max are reported per shape and overall.

PostgreSQL is a throwaway server started like the tests' one (the machine's
server binaries, a temporary directory, 127.0.0.1 only) and stopped at the
end; without binaries that backend is reported as skipped. Run:
``python benchmarks/bench_api.py [--events N] [--requests N] [--backends sqlite,postgresql]``.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import pwd
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, insert, text

from veille.api.app import create_app
from veille.store import open_store
from veille.store.schema import articles, documents, event_actors, event_locations, event_mentions, events

RESULTS = Path(__file__).resolve().parent / "results"
CHUNK = 20_000
TYPES = (
    "AGREE", "ACCUSE", "ASSAULT", "AID", "COERCE", "CONSULT", "COOPERATE", "DEMAND",
    "DISAPPROVE", "MOBILIZE", "PROTEST", "REJECT", "RETREAT", "SANCTION", "SUPPORT", "THREATEN",
)  # fmt: skip
COUNTRIES = (
    "USA", "RUS", "UKR", "CHN", "FRA", "DEU", "GBR", "ISR", "PSE", "IRN", "IRQ", "SYR", "LBN", "TUR",
    "IND", "PAK", "SDN", "MLI", "NER", "COD", "VEN", "BRA", "MEX", "JPN", "KOR", "PRK", "TWN", "SAU",
)  # fmt: skip
PLACES = (
    ("Kyiv", "UKR", 50.45, 30.52), ("Gaza", "PSE", 31.5, 34.47), ("Beirut", "LBN", 33.89, 35.5),
    ("Paris", "FRA", 48.86, 2.35), ("Washington", "USA", 38.9, -77.04), ("Moscow", "RUS", 55.76, 37.62),
    ("Beijing", "CHN", 39.9, 116.4), ("Tehran", "IRN", 35.69, 51.39), ("Baghdad", "IRQ", 33.31, 44.37),
    ("Khartoum", "SDN", 15.5, 32.56), ("Bamako", "MLI", 12.64, -8.0), ("Caracas", "VEN", 10.49, -66.88),
    ("Taipei", "TWN", 25.03, 121.57), ("Seoul", "KOR", 37.57, 126.98), ("Ankara", "TUR", 39.93, 32.86),
    ("Kinshasa", "COD", -4.32, 15.31), ("Brasilia", "BRA", -15.79, -47.88), ("Riyadh", "SAU", 24.71, 46.68),
)  # fmt: skip
WORDS = (
    "ministry", "border", "ceasefire", "talks", "troops", "drone", "port", "embassy", "sanctions",
    "election", "protesters", "convoy", "refinery", "summit", "negotiators", "militia", "grain", "pipeline",
)  # fmt: skip
START = date(2022, 1, 1)
DAYS = 3 * 365


def _skewed(rng: random.Random, items: tuple[Any, ...]) -> Any:
    """An item, the first ones far more often (news is about a few countries)."""
    return items[min(int(rng.expovariate(1 / 5)), len(items) - 1)]


def fill(engine: Engine, count: int, seed: int = 7) -> dict[str, int]:
    """Insert ``count`` events (and their articles, actors, places, reports) into a migrated store."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    n_articles = max(100, min(5000, count // 200))
    rows: dict[str, int] = {"documents": n_articles, "articles": n_articles}
    with engine.begin() as connection:
        doc_rows, article_rows = [], []
        for n in range(1, n_articles + 1):
            day = START + timedelta(days=rng.randrange(DAYS))
            body = f"Article {n}: " + " ".join(rng.choice(WORDS) for _ in range(60))
            doc_rows.append(
                {
                    "id": n, "source": f"bench-{n}", "format": "text", "external_id": f"bench-{n}",
                    "published": day, "language": rng.choice(("en", "fr")), "authors": [], "text": body,
                    "raw_hash": f"{n:064x}", "size": len(body), "ingested_at": now,
                }
            )  # fmt: skip
            article_rows.append(
                {
                    "id": n, "document_id": n, "text": body, "offsets": [[0, 0, len(body)]], "published": day,
                    "language": doc_rows[-1]["language"], "authors": [], "removed": [],
                    "content_hash": f"{n:064x}", "signature": n.to_bytes(8, "big"), "cluster_id": n,
                    "extracted_at": now, "extractor_version": "bench",
                }
            )  # fmt: skip
        connection.execute(insert(documents), doc_rows)
        connection.execute(insert(articles), article_rows)
    for first in range(1, count + 1, CHUNK):
        ev, actors, places, mentions = [], [], [], []
        for eid in range(first, min(first + CHUNK, count + 1)):
            kind = TYPES[rng.randrange(len(TYPES))]
            when = (START + timedelta(days=rng.randrange(DAYS))).isoformat()
            due = (date.fromisoformat(when) + timedelta(days=rng.randrange(1, 90))).isoformat()
            deadline = due if rng.random() < 0.05 else None
            actor, recipient = _skewed(rng, COUNTRIES), _skewed(rng, COUNTRIES)
            place = PLACES[rng.randrange(len(PLACES))]
            evidence = f"The {rng.choice(WORDS)} of {actor} and the {rng.choice(WORDS)} near {place[0]} ({eid})."
            record = {
                "type": kind, "mode": None, "modality": "asserted", "date": {"value": when, "granularity": "day"},
                "deadline": {"value": deadline} if deadline else None,
                "evidence": {"text": evidence, "start": 0, "end": len(evidence)}, "confidence": 0.7,
            }  # fmt: skip
            ev.append(
                {
                    "id": eid, "type": kind, "mode": None, "quad_class": 1 + eid % 4, "cameo": None,
                    "modality": "asserted", "date_value": when, "date_granularity": "day", "date_from": "text",
                    "deadline_value": deadline, "first_seen_at": now, "sources": 1 + eid % 3,
                    "confidence": round(rng.uniform(0.3, 0.95), 2), "record": record,
                }
            )  # fmt: skip
            actors.append(
                {"event_id": eid, "role": "actor", "key": f"{actor.lower()}-gov", "actor_id": f"{actor.lower()}-gov",
                 "name": f"Government of {actor}", "country": actor, "sector": "GOV"}
            )  # fmt: skip
            if rng.random() < 0.8:
                actors.append(
                    {"event_id": eid, "role": "recipient", "key": f"{recipient.lower()}-mil",
                     "actor_id": f"{recipient.lower()}-mil", "name": f"Armed forces of {recipient}",
                     "country": recipient, "sector": "MIL"}
                )  # fmt: skip
            if rng.random() < 0.9:
                places.append(
                    {"event_id": eid, "place_id": place[0].lower(), "name": place[0], "country": place[1],
                     "lat": place[2], "lon": place[3]}
                )  # fmt: skip
            mentions.append(
                {"id": eid, "event_id": eid, "article_id": 1 + rng.randrange(n_articles), "record": record,
                 "confidence": ev[-1]["confidence"]}
            )  # fmt: skip
        with engine.begin() as connection:
            for table, batch in ((events, ev), (event_actors, actors), (event_locations, places)):
                connection.execute(insert(table), batch)
            connection.execute(insert(event_mentions), mentions)
        for name, batch in (("events", ev), ("event_actors", actors), ("event_locations", places)):
            rows[name] = rows.get(name, 0) + len(batch)
        rows["event_mentions"] = rows.get("event_mentions", 0) + len(mentions)
    return rows


def shapes(rng: random.Random) -> dict[str, Callable[[], dict[str, str]]]:
    """Query shapes of ``/events``, each drawing its parameters."""

    def day() -> date:
        return START + timedelta(days=rng.randrange(DAYS - 60))

    def bbox() -> str:
        _, _, lat, lon = rng.choice(PLACES)
        return f"{lon - 2},{lat - 2},{lon + 2},{lat + 2}"

    def since_until() -> dict[str, str]:
        first = day()
        return {"since": first.isoformat(), "until": (first + timedelta(days=30)).isoformat()}

    return {
        "default": lambda: {},
        "type": lambda: {"type": rng.choice(TYPES)},
        "country": lambda: {"country": _skewed(rng, COUNTRIES)},
        "dyad": lambda: {"dyad": f"{_skewed(rng, COUNTRIES)},{_skewed(rng, COUNTRIES)}"},
        "date_range": since_until,
        "type_and_date_range": lambda: {"type": rng.choice(TYPES), **since_until()},
        "has_deadline": lambda: {"has_deadline": "true"},
        "bbox": lambda: {"bbox": bbox()},
        "q": lambda: {"q": rng.choice(WORDS)},
        "sort_deadline": lambda: {"sort": rng.choice(("deadline", "-deadline")), "has_deadline": "true"},
        "offset": lambda: {"offset": str(50 * rng.randrange(1, 200))},
    }


def latency_summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(fraction: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000, 2)

    return {"p50_ms": at(0.5), "p95_ms": at(0.95), "max_ms": round(ordered[-1] * 1000, 2),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 2)}  # fmt: skip


def measure(url: str, requests: int, seed: int = 11) -> dict[str, Any]:
    """``requests`` calls of each shape of ``/events`` in process, and their latencies."""
    rng = random.Random(seed)
    by_shape: dict[str, Any] = {}
    everything: list[float] = []
    with TestClient(create_app(url)) as client:
        client.get("/events")  # warm the connection pool and the caches once
        for name, params in shapes(rng).items():
            samples, sizes = [], []
            for _ in range(requests):
                chosen = params()
                start = time.perf_counter()
                response = client.get("/events", params=chosen)
                samples.append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise SystemExit(f"/events {chosen} answered {response.status_code}: {response.text[:300]}")
                sizes.append(len(response.json()["items"]))
            everything.extend(samples)
            by_shape[name] = {**latency_summary(samples), "requests": requests, "mean_items": statistics.fmean(sizes)}
            print(f"  {name}: {by_shape[name]}", file=sys.stderr)
    return {"overall": {**latency_summary(everything), "requests": len(everything)}, "shapes": by_shape}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name.split(".")[0]))
    for candidate in reversed(found):
        if (Path(candidate) / "initdb").is_file():
            return Path(candidate)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@contextmanager
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL server on 127.0.0.1; its URL, then it is stopped and deleted."""
    bindir = _pg_bindir()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL server binaries not found: run `make system-deps`")
    base = Path(tempfile.mkdtemp(prefix="veille-bench-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(base, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, pg_ctl, port = base / "data", str(bindir / "pg_ctl"), _free_port()
    try:
        subprocess.run(
            [*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "veille", "-A", "trust", "-E", "UTF8",
             "--locale=C", "--no-sync"],
            check=True, capture_output=True,
        )  # fmt: skip
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off -c synchronous_commit=off"
        subprocess.run(
            [*run_as, pg_ctl, "-D", str(data), "-l", str(base / "log"), "-o", options, "-w", "start"],
            check=True, capture_output=True,
        )  # fmt: skip
        try:
            yield f"postgresql://veille@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def run_backend(url: str, count: int, requests: int) -> dict[str, Any]:
    with open_store(url):
        pass  # migrate
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    start = time.perf_counter()
    rows = fill(engine, count)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))
        if engine.dialect.name == "postgresql":
            size = int(connection.scalar(text("SELECT pg_database_size(current_database())")) or 0)
        else:
            pages = int(connection.scalar(text("PRAGMA page_count")) or 0)
            size = pages * int(connection.scalar(text("PRAGMA page_size")) or 0)
    fill_s = time.perf_counter() - start
    engine.dispose()
    print(f"{engine.dialect.name}: filled {rows} in {fill_s:.1f} s, {size / 2**20:.0f} MiB", file=sys.stderr)
    measured = measure(url, requests)
    return {"fill_s": round(fill_s, 1), "db_size_mb": round(size / 2**20, 1), "rows": rows, **measured}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per query shape")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    backends: dict[str, Any] = {}
    for backend in args.backends.split(","):
        print(f"{backend}: {args.events} events", file=sys.stderr)
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                backends[backend] = run_backend(f"sqlite:///{tmp}/api.db", args.events, args.requests)
        elif backend == "postgresql":
            try:
                with postgres() as url:
                    backends[backend] = run_backend(url, args.events, args.requests)
            except (FileNotFoundError, KeyError, subprocess.CalledProcessError) as exc:
                backends[backend] = {"skipped": f"no PostgreSQL server could be started: {exc}"}
        else:
            raise SystemExit(f"unknown backend {backend!r}: sqlite or postgresql")
    sqlite = backends.get("sqlite", {}).get("overall", {})
    result = {
        "benchmark": "api",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "load_average": {"start": load_at_start, "end": [round(x, 2) for x in os.getloadavg()]},
        "command": f"python benchmarks/bench_api.py --events {args.events} --requests {args.requests} "
        f"--backends {args.backends}",
        "events": args.events,
        "client": "fastapi.testclient.TestClient (in process, one request at a time)",
        "backends": backends,
        "targets": {"sqlite_p95_ms": 100},
        "sqlite_p95_ms": sqlite.get("p95_ms"),
        "sqlite_p95_met": sqlite.get("p95_ms") is not None and sqlite["p95_ms"] <= 100,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
