"""Byte-level checks on an input: is it text at all, what kind, which encoding.

:func:`decode` turns the bytes of a text, HTML or feed input into ``str``,
choosing the character encoding in this order, first match wins:

1. the encoding the user forced (``--encoding``);
2. a byte-order mark;
3. a declared charset (the HTTP ``Content-Type`` header, then the XML
   declaration or the HTML ``<meta>`` in the first few kilobytes), but only
   if the bytes decode strictly with it: a declaration that does not fit is
   wrong, logged, and ignored;
4. strict UTF-8;
5. charset-normalizer's best guess.

Before that, empty inputs and binary files (images, PDFs, archives ...) are
refused with a message that says what the input looks like.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from typing import Literal

from charset_normalizer import from_bytes

from veille.errors import BinaryInputError, EmptyInputError, EncodingError, InputError, TooLargeError
from veille.model import Failure

__all__ = [
    "InputKind",
    "declared_charset",
    "decode",
    "format_size",
    "parse_content_type",
    "read_failure",
    "reject_binary",
    "sniff_kind",
    "too_large",
]

log = logging.getLogger(__name__)

InputKind = Literal["text", "html", "jsonl", "feed", "warc"]

READS = "Veille reads text, HTML, JSONL, RSS/Atom feeds and WARC files"
PRESCAN_BYTES = 4096
"""How far into an HTML or XML input a charset declaration is looked for."""
SNIFF_BYTES = 16384
"""How much of an input is read to guess its kind."""
_SAMPLE_BYTES = 8192

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document such as .docx, .xlsx or .odt)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc, .xls, .ppt)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip-compressed file (name it with a .gz extension)"),
    (b"BZh91AY&SY", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"(\xb5/\xfd", "a zstd-compressed file"),
    (b"7z\xbc\xaf'\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable (ELF) file"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O executable file"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"OggS", "an Ogg audio or video file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video file"),
)

_PREFERRED = ("utf_8", "cp1252", "latin_1", "iso8859_15", "cp1256", "iso8859_6", "cp1251", "cp1250")
"""Encodings in order of use on the web, to break ties between equally good guesses."""

_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}

_META_CHARSET = re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml\s[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)[\"']")
_FIRST_ELEMENT = re.compile(
    r"(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<([A-Za-z_][\w.:-]*)",
    re.DOTALL | re.IGNORECASE,
)
_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|p|div|article|br|h[1-6])\b", re.IGNORECASE)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})


def read_failure(exc: InputError) -> Failure:
    """The :class:`Failure` record of an input that could not be read."""
    return Failure(source=exc.source, stage="read", error=type(exc).__name__, message=exc.message)


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``"text/html; charset=UTF-8"`` → ``("text/html", "UTF-8")``."""
    if not value:
        return None, None
    media, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip().strip("\"'"):
            charset = val.strip().strip("\"'")
    return media.strip().lower() or None, charset


def format_size(size: int) -> str:
    """``12_345_678`` → ``"12.3 MB"`` (decimal units, as disks and HTTP count)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size} bytes"


def too_large(source: str, limit: int, size: int | None = None, *, what: str = "") -> TooLargeError:
    """The error for an input over ``limit`` bytes (``size`` when it is known)."""
    hint = "raise it with --max-size or VEILLE_MAX_DOCUMENT_BYTES"
    if size is not None:
        return TooLargeError(source, f"{what}{format_size(size)}, over the {format_size(limit)} limit; {hint}")
    return TooLargeError(source, f"{what}more than the {format_size(limit)} limit; {hint}")


def _bom(data: bytes) -> tuple[int, str] | None:
    for bom, codec, _ in _BOMS:
        if data.startswith(bom):
            return len(bom), codec
    return None


def reject_binary(data: bytes, source: str) -> None:
    """Raise :class:`BinaryInputError` if ``data`` (or its start) is not text."""
    head = data[:_SAMPLE_BYTES]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise BinaryInputError(source, f"looks like {what}, not text; {READS}")
    if _bom(head) is not None:
        return  # UTF-16 and UTF-32 text is full of NUL bytes
    if b"\x00" in head:
        raise BinaryInputError(source, f"looks like binary data (it contains NUL bytes), not text; {READS}")
    controls = sum(1 for byte in head if byte in _CONTROL)
    if head and controls / len(head) > 0.1:
        raise BinaryInputError(source, f"looks like binary data (mostly control characters), not text; {READS}")


def _reject_empty(data: bytes, source: str) -> None:
    if not data:
        raise EmptyInputError(source, "is empty (0 bytes); there is nothing to read")
    if not data.strip():
        raise EmptyInputError(source, "holds only whitespace; there is nothing to read")


def _codec(name: str) -> str | None:
    """The canonical Python codec name for a charset label, or ``None``."""
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_charset(data: bytes, *, html: bool) -> str | None:
    """The charset the input declares about itself in its first few kilobytes.

    An XML declaration (``<?xml ... encoding="..."?>``) anywhere; for HTML
    also ``<meta charset>`` or ``<meta http-equiv="Content-Type" content="...;
    charset=...">``.
    """
    head = data[:PRESCAN_BYTES]
    match = _XML_ENCODING.match(head)
    if match is None and html:
        match = _META_CHARSET.search(head)
    if match is None:
        return None
    return match.group(1).decode("ascii")


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _try_declared(data: bytes, source: str, label: str, where: str, utf8: str | None) -> tuple[str, str] | None:
    """Decode with a declared charset, or return ``None`` if the declaration is wrong.

    ``utf8`` is the data decoded as strict UTF-8, if that worked. Single-byte
    charsets decode almost any bytes, so a strict decode cannot catch a wrong
    Latin-1 label on a UTF-8 page (a common server default); but non-ASCII
    text that is valid UTF-8 is UTF-8 with near certainty, so it wins.
    """
    codec = _codec(label)
    if codec is None:
        log.warning("%s: ignoring unknown charset %r declared in the %s", source, label, where)
        return None
    if codec.startswith(("utf-16", "utf-32")):
        # A document whose declaration can be read as ASCII is not UTF-16: a
        # BOM would have been found. Browsers read it as UTF-8 too.
        codec = "utf-8"
    if codec != "utf-8" and utf8 is not None and not data.isascii():
        log.warning("%s: the %s declares charset %r but the text is UTF-8; reading it as UTF-8", source, where, label)
        return utf8, "utf-8"
    if codec in {"iso8859-1", "ascii"} and re.search(rb"[\x80-\x9f]", data):
        # Pages labelled Latin-1 or ASCII are cp1252 in practice (the WHATWG
        # encoding standard maps these labels to windows-1252): curly quotes
        # and the euro sign sit in 0x80-0x9f.
        text = _strict(data, "cp1252")
        if text is not None:
            return text, "cp1252"
    text = _strict(data, codec)
    if text is None:
        log.warning(
            "%s: the %s declares charset %r but the bytes are not valid in it; ignoring the declaration",
            source,
            where,
            label,
        )
        return None
    return text, codec


def _finish(text: str, codec: str, source: str) -> tuple[str, str]:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise EmptyInputError(source, "holds only whitespace; there is nothing to read")
    return text, codec


def decode(
    data: bytes,
    source: str,
    *,
    html: bool,
    declared: str | None = None,
    forced: str | None = None,
) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    ``declared`` is a charset declared outside the data (an HTTP header);
    ``forced`` one the user chose, used without question. ``html`` looks for
    a ``<meta>`` charset too. Raises :class:`EmptyInputError`,
    :class:`BinaryInputError` or :class:`EncodingError`, naming ``source``.
    """
    _reject_empty(data, source)
    if forced is not None:
        codec = _codec(forced) or forced
        if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            return _finish(data.decode(codec), codec, source)
        except UnicodeDecodeError as exc:
            raise EncodingError(
                source,
                f"does not decode as {forced}: byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid in it; "
                "check the encoding you passed with --encoding",
            ) from None
        except LookupError:
            raise EncodingError(source, f"unknown encoding {forced!r}; try utf-8, cp1252, latin-1 or cp1256") from None
    bom = _bom(data)
    if bom is not None:
        length, codec = bom
        text = _strict(data[length:], codec)
        if text is not None:
            return _finish(text, codec, source)
        log.warning("%s: starts with a %s byte-order mark but is not valid %s; ignoring the mark", source, codec, codec)
    reject_binary(data, source)
    candidates = [(declared, "HTTP header")] if declared else []
    inner = declared_charset(data, html=html)
    if inner:
        candidates.append((inner, "document"))
    utf8 = _strict(data, "utf-8")
    for label, where in candidates:
        found = _try_declared(data, source, label, where, utf8)
        if found is not None:
            return _finish(*found, source)
    if utf8 is not None:
        return _finish(utf8, "utf-8", source)
    guess = _guess(data)
    if guess is None:
        raise EncodingError(
            source, "could not determine the character encoding; re-save it as UTF-8 or pass --encoding"
        )
    log.debug("%s: no usable charset declaration; guessed %s", source, guess[1])
    return _finish(*guess, source)


def _guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best guess, ties broken in favour of the most used encodings.

    Short Western texts often decode equally well (no "chaos", the same
    language coherence) as cp1252, cp1250 or cp1257: they differ only on a few
    letters (``è`` is ``č`` in cp1250). Such ties go to the encoding most
    used on the web, as browsers do.
    """
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    tied = [m for m in matches if abs(m.chaos - best.chaos) < 0.01 and abs(m.coherence - best.coherence) <= 0.1]

    def rank(name: str) -> int:
        return _PREFERRED.index(name) if name in _PREFERRED else len(_PREFERRED)

    choice, codec = best, best.encoding
    for match in tied:
        for name in match.could_be_from_charset:
            if rank(name) < rank(codec):
                choice, codec = match, name
    text = _strict(data, codec)
    if text is None:
        text, codec = str(choice), choice.encoding
    return text, _codec(codec) or codec


def _view(head: bytes) -> str:
    """An ASCII-compatible view of the start of an input, for sniffing."""
    bom = _bom(head)
    if bom is not None:
        length, codec = bom
        return head[length:].decode(codec, errors="ignore")
    return head.decode("latin-1")


def sniff_kind(head: bytes) -> InputKind:
    """Guess the kind of an input from its first bytes (a few kilobytes).

    WARC (``WARC/1.x``), JSON Lines (first line a JSON object), a feed (XML
    whose root is ``<rss>``, ``<feed>`` or ``<rdf:RDF>``, or any other XML
    that is not XHTML: the feed reader then says what it found), HTML (a
    doctype or common tags near the start), else plain text.
    """
    text = _view(head[:SNIFF_BYTES]).lstrip()
    if text.startswith("WARC/"):
        return "warc"
    if text.startswith("{"):
        first = text.split("\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
    match = _FIRST_ELEMENT.match(text)
    if match is not None:
        root = match.group(1).lower()
        if root in _FEED_ROOTS:
            return "feed"
        if root == "html":
            return "html"
        if text.startswith("<?xml") and not _HTML_TAG.search(text[:PRESCAN_BYTES]):
            return "feed"
    if _HTML_TAG.search(text[:PRESCAN_BYTES]):
        return "html"
    return "text"
