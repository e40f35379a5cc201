"""Worker processes: ``--workers 2`` stores and analyses exactly what one process does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from scale_rows import store_rows

from veille.analysis import analyze
from veille.batch import IngestReport, ingest
from veille.cli import main
from veille.config import Settings
from veille.errors import ConfigError
from veille.pipeline import default_stages
from veille.scale.workers import default_workers, process_in_workers
from veille.store import open_store

SAMPLES = Path(__file__).parents[2] / "samples"
BATCH = 2
"""Small batches, so that the few sample articles make several batches and the pool really runs."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles, a wire copy of one, and a file that cannot be read, between them."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SAMPLES, folder / "samples")
    (folder / "samples" / "fr" / "broken.html").write_bytes(b"\x00\x01\x02 not a page \xff\xfe")
    copy = (SAMPLES / "fr" / "irak-delai-milices.txt").read_text(encoding="utf-8")
    (folder / "samples" / "fr" / "irak-copie.txt").write_text("Par notre correspondant.\n\n" + copy, encoding="utf-8")
    return folder / "samples"


def _ingest(corpus: Path, url: str, workers: int) -> IngestReport:
    report = IngestReport()
    with open_store(url) as store:
        for outcome in ingest([str(corpus)], store, Settings(db=url), workers=workers, batch_size=BATCH):
            report.add(outcome)
    return report


def test_two_workers_store_what_one_stores(corpus: Path, tmp_path: Path) -> None:
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    report_one, report_two = _ingest(corpus, one, 1), _ingest(corpus, two, 2)
    assert report_one.counts == report_two.counts
    assert report_one.stored >= 9 and report_one.failed == 1 and report_one.duplicates == 0
    rows_one, rows_two = store_rows(one), store_rows(two)
    assert rows_one["events"], "the corpus should code events"
    for table, rows in rows_one.items():
        assert rows_two[table] == rows, table

    again = _ingest(corpus, two, 2)
    assert again.stored == 0 and again.duplicates == report_two.stored and again.failed == 1


def test_two_workers_analyse_what_one_analyses(corpus: Path) -> None:
    settings = Settings()
    inputs = [str(corpus / "en"), str(corpus / "fr" / "broken.html")]
    one = [a.record() for a in analyze(inputs, settings, batch_size=BATCH)]
    two = [a.record() for a in analyze(inputs, settings, workers=2, batch_size=BATCH)]
    assert len(one) >= 4 and any("error" in record for record in one)
    assert two == one


def test_one_batch_is_processed_in_this_process() -> None:
    chunks = [["not a document"]]
    # A single batch never starts a pool, so even a stage factory that cannot be sent to a worker works.
    done = list(process_in_workers(chunks, lambda chunk: [], Settings(), lambda s: default_stages(s), workers=4))
    assert done == [(["not a document"], [])]


def test_workers_must_be_positive() -> None:
    with pytest.raises(ConfigError, match="workers must be 1 or more"):
        list(process_in_workers([[]], lambda chunk: [], Settings(), default_stages, workers=0))
    assert default_workers() >= 1


def test_cli_workers_flag(corpus: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(main, ["--db", url, "ingest", "--workers", "1", str(corpus / "en")])
    assert result.exit_code == 0, result.output
    assert "stored" in result.output
    refused = CliRunner().invoke(main, ["--db", url, "ingest", "--workers", "0", str(corpus / "en")])
    assert refused.exit_code == 2
    assert "--workers" in refused.output
