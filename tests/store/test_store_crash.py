"""A batch killed mid-way loses nothing it committed, and a re-run stores the rest exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from veille.store import open_store, schema

WORKER = Path(__file__).with_name("ingest_worker.py")
COUNT = 500
KILL_AFTER = 60


def _worker(url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), url, str(COUNT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigkill_mid_batch_then_rerun(db_url: str) -> None:
    first = _worker(db_url)
    assert first.stdout is not None
    for reported, line in enumerate(first.stdout, start=1):
        assert line.startswith("stored "), line
        if reported == KILL_AFTER:
            os.kill(first.pid, signal.SIGKILL)
            break
    first.wait(timeout=60)
    assert first.returncode == -signal.SIGKILL, first.stderr.read() if first.stderr else ""

    with open_store(db_url) as store:
        after_kill = store.stats()
    # Whatever the kill interrupted, every committed document has its article.
    assert after_kill.documents == after_kill.articles >= KILL_AFTER
    assert after_kill.documents < COUNT

    second = _worker(db_url)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    lines = out.splitlines()
    assert lines[-1] == f"done skipped={after_kill.documents}"
    assert len(lines) - 1 == COUNT - after_kill.documents
    assert all(line.startswith("stored ") for line in lines[:-1])

    with open_store(db_url) as store:
        stats = store.stats()
        assert (stats.documents, stats.articles) == (COUNT, COUNT)
        with store.engine.connect() as connection:
            sources = connection.scalar(select(func.count(schema.documents.c.source.distinct())))
            hashes = connection.scalar(select(func.count(schema.articles.c.content_hash.distinct())))
            bands = connection.scalar(select(func.count(schema.article_bands.c.article_id.distinct())))
    assert sources == hashes == bands == COUNT
