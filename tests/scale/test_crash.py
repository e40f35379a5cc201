"""An ingest with worker processes killed mid-way (SIGKILL, workers included), then run again, stores each document once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from veille.store import open_store, schema

COUNT = 2000
KILL_AT = 300
"""Documents stored when the ingest is killed."""
DEADLINE_S = 120

WORDS = [
    "minister",
    "parliament",
    "border",
    "ceasefire",
    "talks",
    "troops",
    "convoy",
    "election",
    "court",
    "sanctions",
    "protest",
    "port",
    "strike",
    "drone",
    "militia",
    "refugees",
    "vote",
    "treaty",
    "embassy",
    "summit",
    "tariff",
    "pipeline",
    "harvest",
    "flood",
    "drought",
    "governor",
    "mayor",
    "union",
    "police",
]


def _corpus(path: Path) -> Path:
    """``COUNT`` short dispatches of their own, the same on every run."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(COUNT):
            rng = random.Random(n)
            text = f"Dispatch {n}. " + " ".join(rng.choice(WORDS) for _ in range(40)) + "."
            out.write(json.dumps({"id": f"dispatch-{n}", "text": text}) + "\n")
    return path


def _ingest(url: str, corpus: Path) -> subprocess.Popen[str]:
    # No pipeline for language "xx": the stages pass the documents through, so the
    # test measures workers, duplicate checks and writes, not parsing.
    command = [sys.executable, "-m", "veille.cli", "--db", url, "ingest", "--workers", "2", "--no-progress"]
    command += ["--language", "xx", "--published", "2024-06-01", str(corpus)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _documents(url: str) -> int:
    with open_store(url) as store, store.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(schema.documents)) or 0)


def test_sigkill_parallel_ingest_then_rerun(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'veille.db'}"
    corpus = _corpus(tmp_path / "dispatches.jsonl")
    _documents(url)  # create the schema first, so that polling never races the migration

    first = _ingest(url, corpus)
    deadline = time.monotonic() + DEADLINE_S
    while _documents(url) < KILL_AT:
        assert first.poll() is None, first.communicate()[1]
        assert time.monotonic() < deadline, "the ingest stored too little in time"
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.communicate(timeout=30)
    assert first.returncode == -signal.SIGKILL

    with open_store(url) as store:
        after_kill = store.stats()
    assert after_kill.documents == after_kill.articles
    assert KILL_AT <= after_kill.documents < COUNT

    second = _ingest(url, corpus)
    out, err = second.communicate(timeout=DEADLINE_S)
    assert second.returncode == 0, err
    assert out.strip() == f"{COUNT - after_kill.documents} stored, {after_kill.documents} duplicates, 0 failed"

    with open_store(url) as store:
        stats = store.stats()
        with store.engine.connect() as connection:
            sources = connection.scalar(select(func.count(schema.documents.c.source.distinct())))
            hashes = connection.scalar(select(func.count(schema.articles.c.content_hash.distinct())))
    assert (stats.documents, stats.articles, stats.failures) == (COUNT, COUNT, 0)
    assert sources == hashes == COUNT
