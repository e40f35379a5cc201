"""Reading every kind of input into :class:`~veille.model.Document` records.

:func:`read_inputs` takes what a user names on the command line (files,
folders, http(s) URLs, ``-`` for stdin) and yields documents lazily, with a
:class:`~veille.model.Failure` for whatever cannot be read; one bad input
never stops the others. The readers behind it can be used alone:

- :func:`read_path`: a file or a folder (text, HTML, JSONL, feeds, WARC, gzip);
- :func:`read_stream`: a byte stream, its kind given or sniffed;
- :func:`read_url` / :func:`fetch`: a URL, behind the SSRF guard :func:`check_url`;
- :func:`parse_feed`: RSS 2.0, RSS 1.0 and Atom;
- :func:`read_warc`: WARC archives;
- :func:`decode`: bytes to text, choosing the character encoding.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Iterator

import httpx

from veille.config import Settings
from veille.errors import InputError
from veille.model import Document, Failure
from veille.readers.decode import InputKind, decode, read_failure, sniff_kind
from veille.readers.feeds import parse_feed
from veille.readers.files import read_path, read_stream
from veille.readers.warc import read_warc
from veille.readers.web import Fetched, check_url, fetch, fetch_page, make_client, read_url

__all__ = [
    "STDIN",
    "Fetched",
    "InputKind",
    "check_url",
    "decode",
    "fetch",
    "fetch_page",
    "make_client",
    "parse_feed",
    "read_inputs",
    "read_path",
    "read_stream",
    "read_url",
    "read_warc",
    "sniff_kind",
]

log = logging.getLogger(__name__)

STDIN = "<stdin>"
"""The source name of documents read from standard input."""
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def read_inputs(
    inputs: Iterable[str],
    settings: Settings,
    *,
    client: httpx.Client | None = None,
) -> Iterator[Document | Failure]:
    """Yield the documents of every input, in order, and a failure for each one that cannot be read.

    An input is a file or folder path, an URL (``http://`` or ``https://``)
    or ``-`` for the bytes of standard input. ``client`` is the HTTP client
    to fetch URLs with (one is made per URL when ``None``).
    """
    for item in inputs:
        if item == "-":
            reader = read_stream(sys.stdin.buffer, STDIN, settings, client=client)
        elif _URL.match(item):
            reader = read_url(item, settings, client=client)
        else:
            reader = read_path(item, settings, client=client)
        yield from _guarded(reader, item)


def _guarded(reader: Iterator[Document | Failure], source: str) -> Iterator[Document | Failure]:
    """Turn an error escaping a reader into a failure, so the next input is still read."""
    try:
        yield from reader
    except InputError as exc:
        yield read_failure(exc)
    except Exception as exc:
        # A bug in a reader must not stop a batch: it is logged with its traceback.
        log.exception("%s: unexpected error while reading", source)
        yield Failure(source=source, stage="read", error=type(exc).__name__, message=f"unexpected error: {exc}")
