"""Choosing the character encoding, refusing empty and binary inputs, sniffing kinds."""

from __future__ import annotations

import codecs
import logging

import pytest
from ingest_samples import ARABIC, ENGLISH, FRENCH_CP1252, FRENCH_LATIN1, html_page

from veille.errors import BinaryInputError, EmptyInputError, EncodingError
from veille.readers import decode, sniff_kind
from veille.readers.decode import format_size, parse_content_type, too_large

# (case, text, encoding used to write it, html?, meta charset)
ENCODED = [
    ("cp1252 French page with meta", FRENCH_CP1252, "cp1252", True, "windows-1252"),
    ("cp1252 French page without meta", FRENCH_CP1252, "cp1252", True, None),
    ("cp1252 French page labelled latin-1", FRENCH_CP1252, "cp1252", True, "iso-8859-1"),
    ("cp1252 French plain text", FRENCH_CP1252, "cp1252", False, None),
    ("latin-1 French page with meta", FRENCH_LATIN1, "latin-1", True, "ISO-8859-1"),
    ("latin-1 French page without meta", FRENCH_LATIN1, "latin-1", True, None),
    ("latin-1 French plain text", FRENCH_LATIN1, "latin-1", False, None),
    ("cp1256 Arabic page with meta", ARABIC, "cp1256", True, "windows-1256"),
    ("cp1256 Arabic page without meta", ARABIC, "cp1256", True, None),
    ("cp1256 Arabic plain text", ARABIC, "cp1256", False, None),
    ("utf-8 Arabic plain text", ARABIC, "utf-8", False, None),
    ("utf-8 French page with meta", FRENCH_CP1252, "utf-8", True, "utf-8"),
]


@pytest.mark.parametrize(("case", "text", "encoding", "is_html", "meta"), ENCODED, ids=[row[0] for row in ENCODED])
def test_decodes_legacy_encodings(case: str, text: str, encoding: str, is_html: bool, meta: str | None) -> None:
    original = html_page(text, meta=meta) if is_html else text
    decoded, used = decode(original.encode(encoding), "page", html=is_html)
    assert decoded == original
    assert codecs.lookup(used).name in {codecs.lookup(encoding).name, "cp1252"}


def test_wrong_declared_charset_is_ignored_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    page = html_page(FRENCH_CP1252, meta="utf-8").encode("cp1252")
    with caplog.at_level(logging.WARNING, logger="veille.readers.decode"):
        text, used = decode(page, "wrong.html", html=True)
    assert "l’été prochain" in text
    assert used == "cp1252"
    assert "wrong.html" in caplog.text and "utf-8" in caplog.text


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "us-ascii"])
def test_utf8_text_under_a_single_byte_label_is_utf8(declared: str) -> None:
    page = html_page(FRENCH_CP1252, meta=declared).encode("utf-8")
    text, used = decode(page, "page", html=True, declared=declared)
    assert FRENCH_CP1252 in text and used == "utf-8"


def test_header_charset_comes_before_the_meta() -> None:
    page = html_page(ARABIC, meta="utf-8").encode("cp1256")
    text, used = decode(page, "page", html=True, declared="windows-1256")
    assert ARABIC in text and used == "cp1256"


def test_unknown_declared_charset_is_ignored() -> None:
    text, used = decode(html_page(ENGLISH, meta="klingon-8").encode(), "page", html=True)
    assert ENGLISH in text and used == "utf-8"


def test_xml_declaration_is_a_declaration() -> None:
    xml = f'<?xml version="1.0" encoding="windows-1256"?>\n<rss><channel><title>{ARABIC}</title></channel></rss>'
    text, used = decode(xml.encode("cp1256"), "feed.xml", html=False)
    assert ARABIC in text and used == "cp1256"


@pytest.mark.parametrize(
    ("bom_encoding", "name"),
    [("utf-8-sig", "utf-8"), ("utf-16", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("utf-32", "utf-32-le")],
)
def test_byte_order_marks(bom_encoding: str, name: str) -> None:
    data = ENGLISH.encode(bom_encoding)
    if bom_encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    text, used = decode(data, "bom.txt", html=False)
    assert text == ENGLISH and used == name


def test_byte_order_mark_beats_a_wrong_meta() -> None:
    data = codecs.BOM_UTF8 + html_page(FRENCH_LATIN1, meta="iso-8859-1").encode("utf-8")
    text, used = decode(data, "page", html=True)
    assert FRENCH_LATIN1 in text and used == "utf-8"


def test_forced_encoding_wins() -> None:
    data = html_page(FRENCH_LATIN1, meta="utf-8").encode("latin-1")
    text, used = decode(data, "page", html=True, declared="utf-8", forced="latin-1")
    assert FRENCH_LATIN1 in text and used == "iso8859-1"


def test_forced_encoding_that_does_not_fit_names_the_byte() -> None:
    with pytest.raises(EncodingError) as info:
        decode(FRENCH_CP1252.encode("cp1252"), "notes.txt", html=False, forced="utf-8")
    assert info.value.source == "notes.txt"
    assert "does not decode as utf-8" in info.value.message and "--encoding" in info.value.message


@pytest.mark.parametrize(("data", "what"), [(b"", "empty (0 bytes)"), (b" \n\t\r\n  ", "only whitespace")])
def test_empty_inputs(data: bytes, what: str) -> None:
    with pytest.raises(EmptyInputError) as info:
        decode(data, "blank.txt", html=False)
    assert what in info.value.message
    assert str(info.value).startswith("blank.txt: ")


def test_whitespace_in_utf16_is_empty() -> None:
    with pytest.raises(EmptyInputError):
        decode("   \n".encode("utf-16"), "blank.txt", html=False)


BINARIES = [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
    (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
    (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a ZIP archive"),
    (b"\x7fELF\x02\x01\x01\x00", "an executable"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    (b"plain start\x00\x00\x00 then binary", "NUL bytes"),
    (bytes(range(1, 9)) * 50, "control characters"),
]


@pytest.mark.parametrize(("data", "what"), BINARIES, ids=[row[1] for row in BINARIES])
def test_binary_inputs_say_what_they_look_like(data: bytes, what: str) -> None:
    with pytest.raises(BinaryInputError) as info:
        decode(data, "upload.bin", html=False)
    assert what in info.value.message
    assert "Veille reads text, HTML, JSONL, RSS/Atom feeds and WARC files" in info.value.message


def test_guesses_when_nothing_is_declared() -> None:
    text, used = decode(FRENCH_CP1252.encode("cp1252"), "x", html=False)
    assert text == FRENCH_CP1252 and used == "cp1252"


SNIFFS = [
    (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "warc"),
    (b'{"text": "hello"}\n{"text": "again"}\n', "jsonl"),
    (b"{not json at all\n", "text"),
    (b'<?xml version="1.0"?>\n<!-- a feed -->\n<rss version="2.0"><channel/></rss>', "feed"),
    (b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "feed"),
    (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"></rdf:RDF>', "feed"),
    (b'<?xml version="1.0"?><urlset><url/></urlset>', "feed"),
    (b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"),
    (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "html"),
    (b"  <div class='story'><p>Hello</p></div>", "html"),
    (b"The minister resigned on Monday.", "text"),
    (codecs.BOM_UTF8 + b"<rss><channel/></rss>", "feed"),
]


@pytest.mark.parametrize(("head", "kind"), SNIFFS)
def test_sniff_kind(head: bytes, kind: str) -> None:
    assert sniff_kind(head) == kind


def test_size_messages() -> None:
    error = too_large("big.html", 10_000_000, 12_345_678)
    assert error.message == "12.3 MB, over the 10.0 MB limit; raise it with --max-size or VEILLE_MAX_DOCUMENT_BYTES"
    assert format_size(999) == "999 bytes" and format_size(1500) == "1.5 kB"


def test_parse_content_type() -> None:
    assert parse_content_type('Text/HTML; Charset="ISO-8859-1"') == ("text/html", "ISO-8859-1")
    assert parse_content_type("application/rss+xml") == ("application/rss+xml", None)
    assert parse_content_type(None) == (None, None)
