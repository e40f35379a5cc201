"""Ray Data in local mode: the articles and events it writes, once loaded, are those of a local ingest."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as pads
import pytest
from click.testing import CliRunner
from scale_rows import store_rows

from veille.cli import main

SAMPLES = Path(__file__).parents[2] / "samples"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A JSONL file of articles (the samples' texts with dates) and a WARC-free text file."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    lines = []
    for n, path in enumerate(sorted((SAMPLES / "fr").glob("*.txt")) + sorted((SAMPLES / "en").glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        lines.append({"id": path.stem, "text": text, "published": f"2024-06-0{n % 3 + 1}"})
    lines.append({"id": "copy", "text": "Par notre correspondant.\n\n" + lines[0]["text"], "published": "2024-06-02"})
    lines.append({"id": "empty", "text": ""})
    (folder / "news.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return folder / "news.jsonl"


def test_ray_run_then_load_equals_local_ingest(corpus: Path, tmp_path: Path) -> None:
    import ray  # noqa: F401 - the ray extra (make venv-test installs it): its absence is a failure, not a skip

    runner = CliRunner()
    local, loaded = f"sqlite:///{tmp_path / 'local.db'}", f"sqlite:///{tmp_path / 'loaded.db'}"
    output = tmp_path / "out"

    ingested = runner.invoke(main, ["--db", local, "ingest", "--workers", "1", str(corpus)])
    assert ingested.exit_code == 1, ingested.output  # the empty document fails, the rest is stored
    ran = runner.invoke(main, ["ray-run", str(corpus), "--output", str(output), "--cpus", "2"])
    assert ran.exit_code == 0, ran.output
    assert "1 failed" in ran.output

    partitions = sorted(p.name for p in (output / "articles").iterdir())
    assert "published=2024-06-01" in partitions and "published=unknown" in partitions
    events = pads.dataset(output / "events", format="parquet", partitioning="hive").to_table()
    assert events.num_rows > 0 and {"type", "record", "published"} <= set(events.column_names)

    first = runner.invoke(main, ["--db", loaded, "load", str(output)])
    assert first.exit_code == 1 and "1 failed" in first.output, first.output
    again = runner.invoke(main, ["--db", loaded, "load", str(output)])
    assert again.output.startswith("0 stored"), again.output

    # The same documents, articles, clusters and events (the failure is recorded once per load).
    rows_local, rows_loaded = store_rows(local), store_rows(loaded)
    assert rows_local["events"]
    for table, rows in rows_local.items():
        if table != "failures":
            assert rows_loaded[table] == rows, table


def test_load_of_a_missing_output_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["load", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "veille ray-run" in result.output
