"""WARC archives: HTML responses become documents, everything else is skipped."""

from __future__ import annotations

import gzip
from pathlib import Path

from ingest_samples import ARABIC, ENGLISH, ENGLISH_2, FRENCH_CP1252, html_page, write_warc

from veille.config import Settings
from veille.model import Document, Failure
from veille.readers import read_warc


def crawl(tmp_path: Path, *, gzip: bool = True) -> Path:
    return write_warc(
        tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"),
        [
            ("request", "https://a.example/1", b"", ""),
            ("response", "https://a.example/1", html_page(ENGLISH).encode(), "text/html; charset=utf-8"),
            ("response", "https://a.example/2", html_page(FRENCH_CP1252).encode("cp1252"), "text/html; charset=cp1252"),
            ("response", "https://a.example/missing", html_page("gone").encode(), "status:404 text/html"),
            ("response", "https://a.example/moved", b"", "status:301 text/html"),
            ("response", "https://a.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
            ("resource", "https://a.example/notes", ENGLISH_2.encode(), "text/plain"),
            ("metadata", "https://a.example/1", b"fetchTimeMs: 120\n", "application/warc-fields"),
            ("response", "https://b.example/3", html_page(ARABIC).encode("cp1256"), "application/xhtml+xml"),
        ],
        gzip=gzip,
    )


def test_html_responses_become_documents(tmp_path: Path, settings: Settings) -> None:
    path = crawl(tmp_path)
    items = list(read_warc(path, settings))
    assert all(isinstance(item, Document) for item in items)
    documents = [item for item in items if isinstance(item, Document)]
    assert [d.url for d in documents] == ["https://a.example/1", "https://a.example/2", "https://b.example/3"]
    assert ENGLISH in documents[0].text and documents[0].format == "html" and documents[0].encoding == "utf-8"
    assert FRENCH_CP1252 in documents[1].text and documents[1].encoding == "cp1252"
    assert ARABIC in documents[2].text and documents[2].encoding == "cp1256"  # no charset: guessed
    for document in documents:
        assert document.source.startswith(f"{path}#urn:uuid:")
        assert document.published is None  # WARC-Date is the crawl date, never the publication date


def test_uncompressed_warc(tmp_path: Path, settings: Settings) -> None:
    assert len(list(read_warc(crawl(tmp_path, gzip=False), settings))) == 3


def test_record_over_the_limit(tmp_path: Path) -> None:
    path = write_warc(
        tmp_path / "big.warc.gz",
        [
            ("response", "https://a.example/big", html_page(ENGLISH * 100).encode(), "text/html"),
            ("response", "https://a.example/small", html_page(ENGLISH_2).encode(), "text/html"),
        ],
    )
    failure, document = list(read_warc(path, Settings(max_document_bytes=5_000)))
    assert isinstance(failure, Failure) and failure.error == "TooLargeError" and "#urn:uuid:" in failure.source
    assert isinstance(document, Document) and document.url == "https://a.example/small"


def test_truncated_warc_keeps_the_records_before(tmp_path: Path, settings: Settings) -> None:
    path = crawl(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 300])
    items = list(read_warc(path, settings))
    assert [type(item).__name__ for item in items] == ["Document", "Document", "Failure"]
    failure = items[-1]
    assert isinstance(failure, Failure) and failure.source == str(path) and failure.error == "MalformedInputError"
    assert "not a readable WARC file" in failure.message


def test_not_a_warc(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "fake.warc.gz"
    path.write_bytes(gzip.compress(b"<html><body>This is not an archive.</body></html>"))
    (failure,) = list(read_warc(path, settings))
    assert isinstance(failure, Failure) and failure.error == "MalformedInputError"
