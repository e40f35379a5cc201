"""read_inputs: a batch of mixed inputs, where every bad input fails alone and says why."""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from ingest_samples import (
    ARABIC,
    ENGLISH,
    ENGLISH_2,
    ENTITY_BOMB,
    FRENCH_CP1252,
    FRENCH_LATIN1,
    html_page,
    jsonl,
)

import veille.readers as ingest
from veille.config import Settings
from veille.model import Document, Failure
from veille.readers import read_inputs

# (case, file name, content, error class or None when it must be read, words the message must hold)
BAD_INPUTS: list[tuple[str, str, Callable[[], bytes], str, str]] = [
    ("binary", "scan.txt", lambda: b"%PDF-1.5\n%\xb5\xb5\n", "BinaryInputError", "looks like a PDF file"),
    ("png-unknown-ext", "photo", lambda: b"\x89PNG\r\n\x1a\n\x00\x00", "BinaryInputError", "a PNG image"),
    ("empty", "empty.txt", lambda: b"", "EmptyInputError", "is empty"),
    ("blank", "blank.html", lambda: b"  \n\n ", "EmptyInputError", "only whitespace"),
    (
        "truncated-gzip",
        "cut.html.gz",
        lambda: gzip.compress(html_page(ENGLISH).encode())[:-30],
        "MalformedInputError",
        "truncated gzip",
    ),
    ("entity-bomb", "bomb.rss", lambda: ENTITY_BOMB.encode(), "UnsafeInputError", "billion laughs"),
    (
        "malformed-feed",
        "bad.xml",
        lambda: b"<rss><channel><item></channel></rss>",
        "MalformedInputError",
        "not well-formed XML",
    ),
    (
        "oversize",
        "huge.txt",
        lambda: ENGLISH.encode() * 200,
        "TooLargeError",
        "over the 20.0 kB limit; raise it with --max-size",
    ),
    ("jsonl-all-bad", "bad.jsonl", lambda: b"{oops\n", "MalformedInputError", "not valid JSON"),
]


@pytest.mark.parametrize(("case", "name", "content", "error", "words"), BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS])
def test_a_bad_input_fails_alone(
    tmp_path: Path, case: str, name: str, content: Callable[[], bytes], error: str, words: str
) -> None:
    settings = Settings(max_document_bytes=20_000)
    before = tmp_path / "before.txt"
    before.write_text(ENGLISH)
    bad = tmp_path / name
    bad.write_bytes(content())
    after = tmp_path / "after.jsonl"
    after.write_bytes(jsonl([{"text": ENGLISH_2}]))
    items = list(read_inputs([str(before), str(bad), str(after)], settings))
    assert [type(item).__name__ for item in items] == ["Document", "Failure", "Document"]
    failure = items[1]
    assert isinstance(failure, Failure)
    assert failure.source.startswith(str(bad)) and failure.stage == "read" and failure.error == error
    assert words in failure.message
    assert items[2].source == f"{after}:1"


# (case, file name, bytes) that must be read correctly, between other inputs
ODD_BUT_READABLE = [
    ("cp1252-page", "fr.html", html_page(FRENCH_CP1252).encode("cp1252"), FRENCH_CP1252),
    ("latin-1-page", "fr2.htm", html_page(FRENCH_LATIN1, meta="iso-8859-1").encode("latin-1"), FRENCH_LATIN1),
    ("cp1256-page", "ar.html", html_page(ARABIC, meta="windows-1256").encode("cp1256"), ARABIC),
    ("cp1256-text", "ar.txt", ARABIC.encode("cp1256"), ARABIC),
    ("wrong-declared", "wrong.html", html_page(FRENCH_CP1252, meta="utf-8").encode("cp1252"), FRENCH_CP1252),
    ("malformed-html", "broken.html", html_page(ENGLISH, broken=True).encode(), ENGLISH),
]


@pytest.mark.parametrize(("case", "name", "data", "text"), ODD_BUT_READABLE, ids=[row[0] for row in ODD_BUT_READABLE])
def test_odd_inputs_are_read(tmp_path: Path, settings: Settings, case: str, name: str, data: bytes, text: str) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "zz.txt").write_text(ENGLISH_2)
    items = list(read_inputs([str(tmp_path)], settings))
    assert [type(item).__name__ for item in items] == ["Document", "Document"]
    assert isinstance(items[0], Document) and text in items[0].text


def test_missing_paths_and_urls_do_not_stop_the_batch(tmp_path: Path, settings: Settings) -> None:
    good = tmp_path / "ok.txt"
    good.write_text(ENGLISH)
    items = list(read_inputs([str(tmp_path / "missing"), "http://127.0.0.1:9/", str(good)], settings))
    assert [type(item).__name__ for item in items] == ["Failure", "Failure", "Document"]
    assert isinstance(items[0], Failure) and "no such file or folder" in items[0].message
    assert isinstance(items[1], Failure) and items[1].error == "BlockedAddressError"


def test_stdin(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr(
        sys, "stdin", SimpleNamespace(buffer=io.BytesIO(jsonl([{"text": ENGLISH}, {"text": ENGLISH_2}])))
    )
    items = list(read_inputs(["-"], settings))
    assert [item.source for item in items] == ["<stdin>:1", "<stdin>:2"]


def test_is_lazy(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "a.txt").write_text(ENGLISH)
    items = read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "created-later.txt")], settings)
    assert isinstance(next(items), Document)
    (tmp_path / "created-later.txt").write_text(ENGLISH_2)
    assert isinstance(next(items), Document)


def test_an_unexpected_error_in_a_reader_is_a_failure(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: str, settings: Settings, **options: object) -> Iterator[Document | Failure]:
        if path.endswith("boom.txt"):
            raise RuntimeError("reader bug")
        yield Document(source=path, text="fine")

    monkeypatch.setattr(ingest, "read_path", broken)
    items = list(read_inputs([str(tmp_path / "boom.txt"), str(tmp_path / "ok.txt")], settings))
    assert isinstance(items[0], Failure) and items[0].error == "RuntimeError" and "reader bug" in items[0].message
    assert isinstance(items[1], Document)
