"""Main text and metadata of an HTML page, with trafilatura.

trafilatura finds the article in the markup and reads the title, site name,
authors and canonical URL from the page's metadata. Its text, one paragraph
per line, then goes through the same line cleaner as scraped text (teasers
and share lines often sit inside the article element), and paragraphs are
joined with ``"\\n\\n"``. There is no character-faithful way back into markup,
so spans of an HTML article point into this extracted text.

trafilatura and htmldate log warnings and errors about pages that are merely
empty or odd; inside :func:`quiet_library_logs` those records are passed to
this module's logger at DEBUG instead, for the current thread or task only.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from veille.errors import ExtractionError
from veille.extract.text import CleanText, clean_text

__all__ = ["HtmlExtract", "extract_html", "quiet_library_logs"]

logger = logging.getLogger(__name__)

NO_TEXT_MESSAGE = "no article text found in the HTML (a list or index page?); give the page of a single news article"

_LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext")
_QUIET: contextvars.ContextVar[bool] = contextvars.ContextVar("veille_quiet_library_logs", default=False)
_SENTENCE_END = re.compile(r"[.!?…][\"'”»)\]]*(?:\s|$)")
_MIN_PROSE_WORDS = 5


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    """What was found in an HTML page.

    ``cleaned`` holds the main text; its spans point into the text
    trafilatura extracted, which is not kept.
    """

    cleaned: CleanText
    title: str | None
    site_name: str | None
    authors: tuple[str, ...]
    canonical_url: str | None


class _QuietFilter(logging.Filter):
    """Turns the libraries' records below CRITICAL into DEBUG records of ours, while quiet."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.CRITICAL or not _QUIET.get():
            return True
        logger.debug("%s: %s", record.name, record.getMessage())
        return False


_FILTER = _QuietFilter()


@functools.cache
def _install_filter() -> None:
    """Attach the filter to every logger the libraries created on import."""
    import htmldate  # noqa: F401  (imported for the loggers it creates)
    import trafilatura  # noqa: F401

    names = [name for name in logging.root.manager.loggerDict if name.split(".", 1)[0] in _LIBRARIES]
    for name in names:
        logging.getLogger(name).addFilter(_FILTER)


@contextmanager
def quiet_library_logs() -> Iterator[None]:
    """Demote trafilatura's and htmldate's warnings and errors to DEBUG in this context only."""
    _install_filter()
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


def extract_html(html: str, source: str, title: str | None = None) -> HtmlExtract:
    """The main text and metadata of the page ``html``.

    ``title`` overrides the page's own title (a feed item's title, say).
    ``source`` names the page in errors. Raises
    :class:`~veille.errors.ExtractionError` when the page holds no article
    text: nothing at all, or only link lists and page furniture.
    """
    if not html.strip():
        raise ExtractionError(source, NO_TEXT_MESSAGE)
    from lxml import etree
    from trafilatura import bare_extraction

    with quiet_library_logs():
        try:
            result = bare_extraction(
                html,
                include_comments=False,
                with_metadata=True,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except (ValueError, TypeError, etree.LxmlError) as exc:
            raise ExtractionError(source, f"{NO_TEXT_MESSAGE} (the HTML could not be parsed: {exc})") from exc
    raw = (getattr(result, "text", None) or "") if result is not None else ""
    page_title = _clean(getattr(result, "title", None))
    title = _clean(title) or page_title
    paragraphs = "\n\n".join(line for line in raw.splitlines() if line.strip())
    cleaned = clean_text(paragraphs, title=title)
    if not _has_prose(cleaned.text):
        raise ExtractionError(source, NO_TEXT_MESSAGE)
    author = _clean(getattr(result, "author", None))
    authors = tuple(a.strip() for a in author.split(";") if a.strip()) if author else ()
    return HtmlExtract(
        cleaned=cleaned,
        title=cleaned.title,
        site_name=_clean(getattr(result, "sitename", None)),
        authors=authors,
        canonical_url=_absolute_url(getattr(result, "url", None)),
    )


def _has_prose(text: str) -> bool:
    """Whether some paragraph reads as sentences rather than a list of links."""
    return any(
        len(line.split()) >= _MIN_PROSE_WORDS and _SENTENCE_END.search(line) is not None for line in text.splitlines()
    )


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _absolute_url(value: object) -> str | None:
    url = _clean(value)
    if url is None:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in {"http", "https"} and parts.netloc else None
