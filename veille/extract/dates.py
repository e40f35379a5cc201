"""The publication date of an article, and where it came from.

Precedence: the ``published`` setting (``flag``), then the date the input
gave (``input``: a JSONL field, a feed item), then for HTML pages the date
htmldate reads from the page's metadata and markup (``html-metadata``).
Otherwise the date is unknown: it is never guessed from dates in the text
or from the time the page was fetched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from veille.config import Settings
from veille.extract.html import quiet_library_logs
from veille.model import Document

__all__ = ["Published", "choose_published", "date_from_html"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Published:
    """A publication date and its source (``flag``, ``input``, ``html-metadata``), or two ``None``."""

    value: date | None
    source: str | None


def date_from_html(html: str) -> date | None:
    """The publication date in an HTML page's metadata, or ``None``.

    htmldate looks at meta tags, structured data, ``<time>`` elements and
    the URL the page declares, not at dates in the running text, and
    prefers the original publication date to a later modification.
    """
    if not html.strip():
        return None
    from htmldate import find_date
    from lxml import etree

    with quiet_library_logs():
        try:
            found = find_date(html, extensive_search=False, original_date=True)
        except (ValueError, TypeError, etree.LxmlError) as exc:
            logger.debug("htmldate failed: %s", exc)
            return None
    if not found:
        return None
    try:
        return date.fromisoformat(str(found))
    except ValueError:
        logger.debug("htmldate returned %r, not an ISO date", found)
        return None


def choose_published(document: Document, settings: Settings | None = None) -> Published:
    """The publication date of ``document``: the setting, the input's, the HTML metadata's, or none."""
    if settings is not None and settings.published is not None:
        return Published(settings.published, "flag")
    if document.published is not None:
        return Published(document.published, "input")
    if document.format == "html":
        found = date_from_html(document.text)
        if found is not None:
            return Published(found, "html-metadata")
    return Published(None, None)
