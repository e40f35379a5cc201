"""WARC archives (Common Crawl News and the like): one document per HTML page.

Each ``response`` record with an HTTP 2xx status and an HTML content type
becomes an html :class:`Document` whose ``url`` is the record's
``WARC-Target-URI`` and whose ``source`` is ``file.warc.gz#<record id>``.
The charset comes from the HTTP ``Content-Type`` header of the response.

``WARC-Date`` is when the page was crawled, not when it was published, so it
is never used as a publication date. Other records (requests, metadata,
redirects, images ...) are skipped. A damaged archive yields a failure after
the records read before the damage.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from os import PathLike
from pathlib import Path
from typing import Any, Protocol

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from veille.config import Settings
from veille.errors import EmptyInputError, InputError, MalformedInputError
from veille.model import Document, Failure
from veille.readers.decode import decode, parse_content_type, read_failure, too_large

__all__ = ["read_warc"]

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DAMAGE = (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError)


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _Watched:
    """A stream that remembers the error that ended it.

    warcio takes an ``EOFError`` met while reading a record's headers for the
    normal end of the archive; remembering it tells a truncated archive from
    a complete one.
    """

    def __init__(self, stream: _Readable) -> None:
        # read1 returns what one underlying read gives: the bytes decompressed
        # before a truncation are not lost with the error that follows them.
        self._read: Callable[[int], bytes] = getattr(stream, "read1", stream.read)
        self.error: BaseException | None = None

    def read(self, size: int = -1, /) -> bytes:
        try:
            return self._read(size)
        except _DAMAGE as exc:
            self.error = exc
            raise


def read_warc(
    file: str | PathLike[str] | _Readable,
    settings: Settings,
    *,
    source: str | None = None,
) -> Iterator[Document | Failure]:
    """Yield a :class:`Document` per HTML response record of a WARC file.

    ``file`` is a path or an open binary stream (``source`` then names it).
    Records are read one at a time; a gzip-compressed file (one member per
    record, or one for the whole file) is decompressed as it is read. Each
    record's payload is held to ``settings.max_document_bytes``.
    """
    if not isinstance(file, str | PathLike):
        yield from _records(file, source or "<stream>", settings)
        return
    name = source or str(file)
    with ExitStack() as stack:
        try:
            handle = stack.enter_context(Path(file).open("rb"))
            compressed = handle.read(2) == b"\x1f\x8b"
            handle.seek(0)
        except OSError as exc:
            yield read_failure(InputError(name, f"cannot be read ({exc.strerror})"))
            return
        stream: _Readable = stack.enter_context(gzip.GzipFile(fileobj=handle, mode="rb")) if compressed else handle
        yield from _records(stream, name, settings)


def _records(stream: _Readable, source: str, settings: Settings) -> Iterator[Document | Failure]:
    watched = _Watched(stream)
    count = 0
    try:
        archive = ArchiveIterator(watched)
        records = iter(archive)
    except _DAMAGE as exc:
        yield read_failure(_damaged(source, exc, count))
        return
    while True:
        try:
            record = next(records)
            count += 1
            if record.format != "warc":
                raise MalformedInputError(source, "is not a WARC file: it does not start with a WARC/1.x record")
            document = _document(record, source, archive.offset, settings)
            _check_complete(record)
        except StopIteration:
            break
        except MalformedInputError as exc:
            yield read_failure(exc)
            return
        except InputError as exc:
            yield read_failure(exc)
            continue
        except _DAMAGE as exc:
            yield read_failure(_damaged(source, exc, count))
            return
        if document is not None:
            yield document
    if watched.error is not None:
        yield read_failure(_damaged(source, watched.error, count + 1))
    elif count == 0:
        yield read_failure(EmptyInputError(source, "holds no WARC records"))


def _check_complete(record: Any) -> None:
    """Raise ``EOFError`` if the archive ended before the record's declared length."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise EOFError(f"the last record is cut short, {raw.limit} bytes are missing")


def _damaged(source: str, exc: BaseException, count: int) -> MalformedInputError:
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    where = f"at record {count}" if count else "at its start"
    return MalformedInputError(source, f"is not a readable WARC file, damaged {where} ({reason}); re-download it")


def _document(record: Any, source: str, offset: int, settings: Settings) -> Document | None:
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<> ")
    where = f"{source}#{record_id or f'offset-{offset}'}"
    if record.rec_type != "response" or record.http_headers is None:
        log.debug("%s: skipping a %s record", where, record.rec_type)
        return None
    status = record.http_headers.get_statuscode() or ""
    if not (status.isdigit() and 200 <= int(status) < 300):
        log.debug("%s: skipping an HTTP %s response", where, status)
        return None
    media_type, charset = parse_content_type(record.http_headers.get_header("Content-Type"))
    if media_type not in HTML_TYPES:
        log.debug("%s: skipping a %s response", where, media_type)
        return None
    limit = settings.max_document_bytes
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        raise too_large(where, limit)
    text, encoding = decode(payload, where, html=True, declared=charset, forced=settings.encoding)
    return Document(
        source=where,
        text=text,
        format="html",
        url=record.rec_headers.get_header("WARC-Target-URI"),
        encoding=encoding,
    )
