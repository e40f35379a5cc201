"""Reading files and folders: each kind, gzip, JSON Lines lines, limits and damaged files."""

from __future__ import annotations

import gzip
import io
from datetime import date
from pathlib import Path

import pytest
from ingest_samples import ARABIC, ENGLISH, ENGLISH_2, FRENCH_CP1252, FRENCH_LATIN1, RSS, html_page, jsonl, write_warc

from veille.config import Settings
from veille.model import Document, Failure
from veille.readers import read_path, read_stream
from veille.readers.files import kind_from_name


def docs(items: list[Document | Failure]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def fails(items: list[Document | Failure]) -> list[Failure]:
    return [item for item in items if isinstance(item, Failure)]


def write(path: Path, data: bytes | str, *, compress: bool = False) -> Path:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.write_bytes(gzip.compress(raw) if compress else raw)
    return path


def one(path: Path, settings: Settings) -> Document:
    items = list(read_path(path, settings))
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.txt", "text"),
        ("a.TEXT", "text"),
        ("a.htm", "html"),
        ("a.xhtml", "html"),
        ("a.ndjson", "jsonl"),
        ("a.jsonl.gz", "jsonl"),
        ("a.atom", "feed"),
        ("a.rss.gz", "feed"),
        ("a.warc.gz", "warc"),
        ("a.md", None),
        ("noext", None),
        ("a.gz", None),
    ],
)
def test_kind_from_name(name: str, kind: str | None) -> None:
    assert kind_from_name(name) == kind


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gz"])
def test_text_file(tmp_path: Path, settings: Settings, compress: bool) -> None:
    path = write(tmp_path / ("note.txt.gz" if compress else "note.txt"), ENGLISH, compress=compress)
    document = one(path, settings)
    assert (document.source, document.text, document.format, document.encoding) == (str(path), ENGLISH, "text", "utf-8")


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gz"])
def test_html_file(tmp_path: Path, settings: Settings, compress: bool) -> None:
    page = html_page(FRENCH_CP1252, meta="windows-1252")
    path = write(tmp_path / ("page.html.gz" if compress else "page.html"), page.encode("cp1252"), compress=compress)
    document = one(path, settings)
    assert document.format == "html" and document.text == page and document.encoding == "cp1252"


def test_malformed_html_is_still_read(tmp_path: Path, settings: Settings) -> None:
    page = html_page(ENGLISH, broken=True)
    document = one(write(tmp_path / "broken.html", page), settings)
    assert document.text == page and document.format == "html"


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gz"])
def test_jsonl_file(tmp_path: Path, settings: Settings, compress: bool) -> None:
    data = jsonl(
        [
            {
                "id": 7,
                "text": ENGLISH,
                "url": "https://wire.example/a",
                "published": "2024-07-16",
                "language": "en",
                "title": "Emergency extended",
            },
            "",
            {"html": html_page(FRENCH_LATIN1), "published": "2024-07-17T23:30:00-05:00", "extra": True},
        ]
    )
    path = write(tmp_path / ("items.jsonl.gz" if compress else "items.jsonl"), data, compress=compress)
    first, second = list(read_path(path, settings))
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.source == f"{path}:1" and first.text == ENGLISH and first.format == "text"
    assert (first.id, first.url, first.published, first.language, first.title) == (
        "7",
        "https://wire.example/a",
        date(2024, 7, 16),
        "en",
        "Emergency extended",
    )
    assert second.source == f"{path}:3" and second.format == "html" and second.published == date(2024, 7, 17)


def test_jsonl_bad_lines_fail_alone(tmp_path: Path, settings: Settings) -> None:
    data = jsonl(
        [
            {"text": ENGLISH},
            '{"text": "unterminated',
            {"title": "no body"},
            {"text": ENGLISH_2, "published": "16/07/2024"},
            "[1, 2]",
            {"text": 42},
            {"text": "   "},
            {"text": ENGLISH_2},
        ]
    )
    items = list(read_path(write(tmp_path / "mixed.jsonl", data), settings))
    assert [item.source.rsplit(":", 1)[1] for item in items] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert [type(item).__name__ for item in items] == ["Document"] + ["Failure"] * 6 + ["Document"]
    errors = {item.source.rsplit(":", 1)[1]: item for item in fails(items)}
    assert errors["2"].error == "MalformedInputError" and "not valid JSON" in errors["2"].message
    assert "neither a 'text' nor an 'html'" in errors["3"].message
    assert "'published' is not an ISO date" in errors["4"].message and "16/07/2024" in errors["4"].message
    assert "not an object" in errors["5"].message
    assert "'text' must be a string" in errors["6"].message
    assert errors["7"].error == "EmptyInputError"


def test_jsonl_line_not_utf8(tmp_path: Path, settings: Settings) -> None:
    data = b'{"text": "ok"}\n' + '{"text": "déclaré"}\n'.encode("cp1252")
    items = list(read_path(write(tmp_path / "legacy.jsonl", data), settings))
    assert isinstance(items[0], Document)
    assert isinstance(items[1], Failure) and items[1].error == "EncodingError" and "UTF-8" in items[1].message
    forced = list(read_path(tmp_path / "legacy.jsonl", settings.replace(encoding="cp1252")))
    assert isinstance(forced[1], Document) and forced[1].text == "déclaré" and forced[1].encoding == "cp1252"


def test_jsonl_line_over_the_limit(tmp_path: Path) -> None:
    settings = Settings(max_document_bytes=1_000)
    data = jsonl([{"text": ENGLISH_2}, {"text": "x" * 5_000}, {"text": ENGLISH_2}])
    items = list(read_path(write(tmp_path / "big.jsonl", data), settings))
    assert [type(item).__name__ for item in items] == ["Document", "Failure", "Document"]
    failure = items[1]
    assert isinstance(failure, Failure)
    assert failure.source.endswith("big.jsonl:2") and failure.error == "TooLargeError"
    assert "5.0 kB, over the 1.0 kB limit" in failure.message and "--max-size" in failure.message


def test_truncated_jsonl_gz_keeps_the_lines_before(tmp_path: Path, settings: Settings) -> None:
    lines = [{"text": f"{ENGLISH} Item {n}.", "id": str(n)} for n in range(400)]
    full = gzip.compress(jsonl(lines))
    path = write(tmp_path / "cut.jsonl.gz", full[: len(full) * 2 // 3])
    items = list(read_path(path, settings))
    assert len(docs(items)) > 50
    assert [d.id for d in docs(items)] == [str(n) for n in range(len(docs(items)))]
    assert isinstance(items[-1], Failure) and items[-1].error == "MalformedInputError"
    assert items[-1].source == str(path) and "truncated gzip" in items[-1].message


def test_truncated_gz_text(tmp_path: Path, settings: Settings) -> None:
    full = gzip.compress((ENGLISH * 200).encode())
    (failure,) = list(read_path(write(tmp_path / "cut.txt.gz", full[:-20]), settings))
    assert isinstance(failure, Failure) and failure.error == "MalformedInputError"
    assert "damaged or truncated gzip" in failure.message


def test_gzip_bomb_is_cut_at_the_limit(tmp_path: Path) -> None:
    settings = Settings(max_document_bytes=100_000)
    path = write(tmp_path / "bomb.html.gz", b"<p>" + b" " * 5_000_000, compress=True)
    assert path.stat().st_size < 10_000
    (failure,) = list(read_path(path, settings))
    assert isinstance(failure, Failure) and failure.error == "TooLargeError"
    assert "decompresses to more than the 100.0 kB limit" in failure.message


def test_file_over_the_limit(tmp_path: Path) -> None:
    settings = Settings(max_document_bytes=10_000)
    (failure,) = list(read_path(write(tmp_path / "long.txt", ENGLISH * 100), settings))
    assert isinstance(failure, Failure) and failure.error == "TooLargeError"
    assert failure.message.startswith("27.") and "over the 10.0 kB limit" in failure.message


@pytest.mark.parametrize("name", ["feed.xml", "feed.rss.gz"])
def test_feed_file(tmp_path: Path, settings: Settings, name: str) -> None:
    path = write(tmp_path / name, RSS, compress=name.endswith(".gz"))
    items = list(read_path(path, settings))
    assert [item.source for item in items] == [f"{path}#{n}" for n in (1, 2, 3, 4)]
    assert [type(item).__name__ for item in items] == ["Document", "Document", "Failure", "Document"]


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gz"])
def test_warc_file(tmp_path: Path, settings: Settings, compress: bool) -> None:
    page = html_page(ARABIC, meta="windows-1256").encode("cp1256")
    path = write_warc(
        tmp_path / ("crawl.warc.gz" if compress else "crawl.warc"),
        [("response", "https://akhbar.example/1", page, "text/html")],
        gzip=compress,
    )
    (document,) = list(read_path(path, settings))
    assert isinstance(document, Document) and ARABIC in document.text and document.url == "https://akhbar.example/1"


@pytest.mark.parametrize(
    ("data", "fmt", "count"),
    [
        (html_page(ENGLISH).encode(), "html", 1),
        (RSS.encode(), "feed", 3),
        (jsonl([{"text": ENGLISH}, {"text": ENGLISH_2}]), "jsonl", 2),
        (ENGLISH.encode(), "text", 1),
        (gzip.compress(jsonl([{"text": ENGLISH}])), "jsonl", 1),
    ],
    ids=["html", "feed", "jsonl", "text", "gzip-jsonl"],
)
def test_unknown_extension_is_sniffed(tmp_path: Path, settings: Settings, data: bytes, fmt: str, count: int) -> None:
    items = docs(list(read_path(write(tmp_path / "download.dat", data), settings)))
    assert len(items) == count
    expected = {"html": "html", "feed": "html", "jsonl": "text", "text": "text"}[fmt]
    assert items[0].format == expected


def test_folder_is_read_recursively_in_order(tmp_path: Path, settings: Settings) -> None:
    write(tmp_path / "b.txt", ENGLISH_2)
    write(tmp_path / "a.txt", ENGLISH)
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    write(tmp_path / "sub" / "c.html", html_page(ENGLISH))
    write(tmp_path / "sub" / "deeper" / "d.jsonl", jsonl([{"text": ENGLISH}, {"text": ENGLISH_2}]))
    write(tmp_path / "sub" / "e.txt", FRENCH_LATIN1)
    write(tmp_path / ".hidden.txt", ENGLISH)
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git" / "config.txt", ENGLISH)
    sources = [item.source for item in read_path(tmp_path, settings)]
    root = str(tmp_path)
    assert sources == [
        f"{root}/a.txt",
        f"{root}/b.txt",
        f"{root}/sub/c.html",
        f"{root}/sub/deeper/d.jsonl:1",
        f"{root}/sub/deeper/d.jsonl:2",
        f"{root}/sub/e.txt",
    ]


def test_empty_folder(tmp_path: Path, settings: Settings) -> None:
    (failure,) = list(read_path(tmp_path, settings))
    assert isinstance(failure, Failure) and failure.error == "EmptyInputError" and "no files" in failure.message


def test_missing_path(tmp_path: Path, settings: Settings) -> None:
    (failure,) = list(read_path(tmp_path / "nope.txt", settings))
    assert isinstance(failure, Failure)
    assert failure.source == str(tmp_path / "nope.txt") and "no such file or folder" in failure.message


def test_forced_encoding_applies_to_files(tmp_path: Path) -> None:
    path = write(tmp_path / "ar.txt", ARABIC.encode("cp1256"))
    document = one(path, Settings(encoding="cp1256"))
    assert document.text == ARABIC and document.encoding == "cp1256"


def test_read_stream_sniffs_and_names_the_source(settings: Settings) -> None:
    stream = io.BytesIO(gzip.compress(html_page(ENGLISH).encode()))
    (document,) = list(read_stream(stream, "<stdin>", settings))
    assert isinstance(document, Document) and document.format == "html" and document.source == "<stdin>"


def test_read_stream_over_the_limit(settings: Settings) -> None:
    stream = io.BytesIO(ENGLISH.encode() * 100)
    (failure,) = list(read_stream(stream, "<stdin>", settings.replace(max_document_bytes=20_000)))
    assert isinstance(failure, Failure) and "more than the 20.0 kB limit" in failure.message


def test_small_truncated_jsonl_gz_keeps_the_lines_before(tmp_path: Path, settings: Settings) -> None:
    full = gzip.compress(jsonl([{"text": ENGLISH}, {"text": ENGLISH_2}, {"text": FRENCH_LATIN1}]))
    items = list(read_path(write(tmp_path / "cut.jsonl.gz", full[:-12]), settings))
    assert [type(item).__name__ for item in items][-1] == "Failure"
    assert len(docs(items)) >= 2 and docs(items)[0].text == ENGLISH
