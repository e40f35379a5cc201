"""Reading files, folders and byte streams (stdin) into documents.

The kind of a file comes from its extension (``.gz`` removed first), or from
its first bytes when the extension says nothing:

=======================  ==========================================
``.txt`` ``.text``       one text document
``.html`` ``.htm``       one html document
``.xhtml``
``.jsonl`` ``.ndjson``   one document per line (``path:LINE``)
``.xml`` ``.rss``        one document per feed item (``path#N``)
``.atom``
``.warc``                one document per HTML response record
=======================  ==========================================

Gzip is recognised by its magic number and decompressed on the fly; the
size limit then applies to the decompressed bytes. The limit applies to a
whole text, HTML or feed file, and to each JSON line or WARC record (those
files are streamed, however large).
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import zlib
from collections.abc import Callable, Iterator
from datetime import date, datetime
from os import PathLike
from pathlib import Path
from typing import Any, Protocol

import httpx

from veille.config import Settings
from veille.errors import (
    EmptyInputError,
    EncodingError,
    InputError,
    MalformedInputError,
)
from veille.model import Document, DocumentFormat, Failure
from veille.readers.decode import (
    SNIFF_BYTES,
    InputKind,
    decode,
    read_failure,
    reject_binary,
    sniff_kind,
    too_large,
)
from veille.readers.feeds import parse_feed
from veille.readers.warc import read_warc

__all__ = ["ByteStream", "kind_from_name", "read_path", "read_stream"]

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
_EXTENSIONS: dict[str, InputKind] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
}
_STREAMED: frozenset[InputKind] = frozenset({"jsonl", "warc"})
_GZIP_ERRORS = (OSError, EOFError, zlib.error)
_JSONL_FIELDS = frozenset({"text", "html", "id", "url", "published", "language", "title", "site_name", "authors"})


class ByteStream(Protocol):
    """What the readers need from a binary stream: a file, ``sys.stdin.buffer``, ``BytesIO``, ``GzipFile``."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...


class _Prefixed(io.RawIOBase):
    """``prefix`` followed by the rest of ``stream``: puts back the bytes read to sniff a stream."""

    def __init__(self, prefix: bytes, stream: ByteStream) -> None:
        self._prefix = memoryview(prefix)
        # read1 returns what one underlying read gives: the bytes decompressed
        # before a truncation are not lost with the error that follows them.
        self._read: Callable[[int], bytes] = getattr(stream, "read1", stream.read)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._prefix:
            n = min(len(view), len(self._prefix))
            view[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._read(len(view))
        view[: len(data)] = data
        return len(data)


def _rewound(prefix: bytes, stream: ByteStream) -> io.BufferedReader:
    return io.BufferedReader(_Prefixed(prefix, stream), buffer_size=1 << 16)


def kind_from_name(name: str) -> InputKind | None:
    """The kind a file name's extension says (``a.jsonl.gz`` → ``jsonl``), or ``None``."""
    lower = name.lower().removesuffix(".gz")
    dot = lower.rfind(".")
    return _EXTENSIONS.get(lower[dot:]) if dot > 0 else None


def _damaged_gzip(source: str, exc: BaseException, after: str = "") -> MalformedInputError:
    reason = str(exc) or type(exc).__name__
    return MalformedInputError(
        source, f"is a damaged or truncated gzip file ({reason}){after}; re-download or re-compress it"
    )


def read_path(
    path: str | PathLike[str],
    settings: Settings,
    *,
    client: httpx.Client | None = None,
) -> Iterator[Document | Failure]:
    """Yield the documents of a file, or of every file under a folder.

    Folders are read recursively in sorted order, skipping hidden files and
    folders (names starting with a dot) and not following links to folders.
    ``client`` is used to fetch feed item links with ``settings.fetch_links``.
    """
    source = str(path)
    target = Path(path)
    if target.is_dir():
        found = False
        for document in _read_folder(target, settings, client):
            found = True
            yield document
        if not found:
            yield read_failure(EmptyInputError(source, "is a folder with no files in it"))
    elif target.exists():
        yield from _read_file(target, source, settings, client)
    else:
        yield read_failure(InputError(source, "no such file or folder; check the path"))


def _read_folder(folder: Path, settings: Settings, client: httpx.Client | None) -> Iterator[Document | Failure]:
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        yield read_failure(InputError(str(folder), f"cannot list this folder ({exc.strerror})"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if entry.is_symlink():
                log.debug("%s: not following a link to a folder", entry)
                continue
            yield from _read_folder(entry, settings, client)
        elif entry.is_file():
            yield from _read_file(entry, str(entry), settings, client)


def _read_file(
    path: Path, source: str, settings: Settings, client: httpx.Client | None
) -> Iterator[Document | Failure]:
    kind = kind_from_name(path.name)
    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except OSError as exc:
        yield read_failure(InputError(source, f"cannot be read ({exc.strerror})"))
        return
    with handle:
        yield from _read(handle, source, settings, kind=kind, size=size, client=client)


def read_stream(
    stream: ByteStream,
    source: str,
    settings: Settings,
    *,
    kind: InputKind | None = None,
    declared: str | None = None,
    url: str | None = None,
    client: httpx.Client | None = None,
) -> Iterator[Document | Failure]:
    """Yield the documents in a byte stream (stdin, a fetched body ...).

    ``kind`` says what it holds; ``None`` sniffs it. A gzip stream is
    decompressed. ``declared`` is a charset from outside (an HTTP header),
    ``url`` where it was fetched from (``Document.url`` of a page, base of a
    feed's relative links).
    """
    yield from _read(stream, source, settings, kind=kind, declared=declared, url=url, client=client)


def _read(
    stream: ByteStream,
    source: str,
    settings: Settings,
    *,
    kind: InputKind | None,
    size: int | None = None,
    declared: str | None = None,
    url: str | None = None,
    client: httpx.Client | None = None,
) -> Iterator[Document | Failure]:
    limit = settings.max_document_bytes
    try:
        head = stream.read(SNIFF_BYTES)
    except OSError as exc:
        yield read_failure(InputError(source, f"cannot be read ({exc})"))
        return
    compressed = head.startswith(GZIP_MAGIC)
    if compressed:
        gz = gzip.GzipFile(fileobj=_rewound(head, stream), mode="rb")
        try:
            head = _read_head(gz)
        except _GZIP_ERRORS as exc:
            yield read_failure(_damaged_gzip(source, exc))
            return
        body: ByteStream = _rewound(head, gz)
    else:
        body = _rewound(head, stream)
    try:
        if not head:
            raise EmptyInputError(source, "is empty (0 bytes); there is nothing to read")
        if len(head) < SNIFF_BYTES and not head.strip():
            raise EmptyInputError(source, "holds only whitespace; there is nothing to read")
        if kind is None:
            kind = sniff_kind(head)
            log.debug("%s: sniffed as %s", source, kind)
        if kind != "warc":
            reject_binary(head, source)
        if kind not in _STREAMED and not compressed and size is not None and size > limit:
            raise too_large(source, limit, size)
    except InputError as exc:
        yield read_failure(exc)
        return
    if kind == "warc":
        yield from read_warc(body, settings, source=source)
    elif kind == "jsonl":
        yield from _read_jsonl(body, source, settings)
    else:
        try:
            data = _read_whole(body, source, limit, compressed)
        except InputError as exc:
            yield read_failure(exc)
            return
        if kind == "feed":
            yield from parse_feed(data, source, settings, declared=declared, base_url=url, client=client)
        else:
            try:
                text, encoding = decode(data, source, html=kind == "html", declared=declared, forced=settings.encoding)
            except InputError as exc:
                yield read_failure(exc)
                return
            fmt: DocumentFormat = "html" if kind == "html" else "text"
            yield Document(source=source, text=text, format=fmt, url=url, encoding=encoding)


def _read_head(gz: gzip.GzipFile) -> bytes:
    """The first bytes of a gzip stream, as many as could be decompressed before any damage.

    The damage itself is met again, and reported, by the next read.
    """
    head = bytearray()
    while len(head) < SNIFF_BYTES:
        try:
            chunk = gz.read1(SNIFF_BYTES - len(head))
        except _GZIP_ERRORS:
            if not head:
                raise
            break
        if not chunk:
            break
        head += chunk
    return bytes(head)


def _read_whole(stream: ByteStream, source: str, limit: int, compressed: bool) -> bytes:
    try:
        data = stream.read(limit + 1)
    except _GZIP_ERRORS as exc:
        if compressed:
            raise _damaged_gzip(source, exc) from None
        raise InputError(source, f"cannot be read ({exc})") from None
    if len(data) > limit:
        raise too_large(source, limit, what="decompresses to " if compressed else "")
    return data


def _skip_line(stream: ByteStream) -> int:
    """Read to the end of the current line; return how many bytes were skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(1 << 20)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _read_jsonl(stream: ByteStream, source: str, settings: Settings) -> Iterator[Document | Failure]:
    limit = settings.max_document_bytes
    encoding = settings.encoding or "utf-8"
    lineno = 0
    seen = 0
    while True:
        try:
            line = stream.readline(limit + 2)
            over = len(line.rstrip(b"\r\n")) > limit
            size = len(line) + _skip_line(stream) if over else None
        except _GZIP_ERRORS as exc:
            yield read_failure(_damaged_gzip(source, exc, f" after line {lineno}"))
            return
        if not line:
            break
        lineno += 1
        where = f"{source}:{lineno}"
        if size is not None:
            seen += 1
            yield read_failure(too_large(where, limit, size))
            continue
        if not line.strip():
            continue
        seen += 1
        try:
            yield _jsonl_document(line, where, encoding, first=lineno == 1)
        except InputError as exc:
            yield read_failure(exc)
    if not seen:
        yield read_failure(EmptyInputError(source, "holds no JSON lines; there is nothing to read"))


def _string(record: dict[str, Any], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedInputError(where, f"field {key!r} must be a string, not {type(value).__name__}")
    return value.strip() or None


def _published(value: Any, where: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            pass
    raise MalformedInputError(
        where, f"field 'published' is not an ISO date or datetime: {value!r}; write it like \"2024-07-16\""
    )


def _jsonl_document(line: bytes, where: str, encoding: str, *, first: bool) -> Document:
    try:
        raw = line.decode(encoding)
    except UnicodeDecodeError:
        raise EncodingError(
            where,
            f"is not valid {encoding}; JSON Lines files must be UTF-8: re-save the file as UTF-8 or pass --encoding",
        ) from None
    if first:
        raw = raw.removeprefix("\ufeff")
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise MalformedInputError(where, f"is not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise MalformedInputError(
            where,
            f'is a JSON {type(record).__name__}, not an object; each line must be an object like {{"text": "..."}}',
        )
    unknown = set(record) - _JSONL_FIELDS
    if unknown:
        log.debug("%s: ignoring fields %s", where, ", ".join(sorted(unknown)))
    text = record.get("text")
    markup = record.get("html")
    if text is not None and not isinstance(text, str):
        raise MalformedInputError(where, f"field 'text' must be a string, not {type(text).__name__}")
    if markup is not None and not isinstance(markup, str):
        raise MalformedInputError(where, f"field 'html' must be a string, not {type(markup).__name__}")
    if text and text.strip():
        body, fmt = text, "text"
    elif markup and markup.strip():
        body, fmt = markup, "html"
    elif text is None and markup is None:
        raise MalformedInputError(where, "has neither a 'text' nor an 'html' field")
    else:
        raise EmptyInputError(where, "has an empty 'text' or 'html' field; there is nothing to read")
    identifier = record.get("id")
    if isinstance(identifier, bool) or not isinstance(identifier, str | int | None):
        raise MalformedInputError(where, f"field 'id' must be a string or a number, not {type(identifier).__name__}")
    authors = record.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise MalformedInputError(where, "field 'authors' must be a list of strings")
    return Document(
        source=where,
        text=body,
        format="html" if fmt == "html" else "text",
        id=None if identifier is None else str(identifier),
        url=_string(record, "url", where),
        published=_published(record.get("published"), where),
        language=_string(record, "language", where),
        title=_string(record, "title", where),
        site_name=_string(record, "site_name", where),
        authors=tuple(a.strip() for a in authors if a.strip()),
        encoding=encoding,
    )
