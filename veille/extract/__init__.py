"""From a :class:`~veille.model.Document` to an :class:`~veille.model.Article`.

:func:`extract` is a plain function: it keeps no state between calls beyond
resources loaded lazily once per process (the language identifier, the
boilerplate markers), so a distributed engine can call it on each partition.

- ``text`` documents go through the line cleaner (:mod:`veille.extract.text`);
  spans map back into the document's text.
- ``html`` documents go through trafilatura (:mod:`veille.extract.html`) and
  then the same cleaner; spans point into the extracted text.
- the language comes from the settings, the document, or detection
  (:mod:`veille.extract.language`); the publication date from the settings,
  the document, or the page's metadata (:mod:`veille.extract.dates`).
"""

from __future__ import annotations

import logging

from veille.config import Settings
from veille.errors import ExtractionError
from veille.extract.dates import Published, choose_published
from veille.extract.html import HtmlExtract, extract_html
from veille.extract.language import DetectedLanguage, LanguageChoice, choose_language, detect_language
from veille.extract.text import CleanText, classify_line, clean_text
from veille.model import Article, Document, OffsetMap

__all__ = [
    "CleanText",
    "DetectedLanguage",
    "HtmlExtract",
    "LanguageChoice",
    "Published",
    "choose_language",
    "choose_published",
    "classify_line",
    "clean_text",
    "detect_language",
    "extract",
    "extract_html",
]

logger = logging.getLogger(__name__)

NO_TEXT_MESSAGE = (
    "no article text found: every line is blank, the title or page furniture "
    "(navigation, teasers, share, cookie or comment lines); check that the input is a news article"
)


def extract(document: Document, settings: Settings | None = None) -> Article:
    """The article in ``document``: clean text, offsets, title, date, language and metadata.

    Raises :class:`~veille.errors.ExtractionError`, naming ``document.source``,
    when no article text can be found.
    """
    if document.format == "html":
        page = extract_html(document.text, document.source, title=document.title)
        article = _from_html(document, page)
    else:
        cleaned = clean_text(document.text, title=document.title)
        if not cleaned.text.strip():
            raise ExtractionError(document.source, NO_TEXT_MESSAGE)
        article = Article(
            document=document,
            text=cleaned.text,
            offsets=cleaned.offsets,
            title=cleaned.title,
            title_span=cleaned.title_span,
            url=document.url,
            site_name=document.site_name,
            authors=document.authors,
            removed=cleaned.removed,
        )
    language = choose_language(document, settings, article.title, article.text)
    article.language, article.language_confidence, article.language_from = (
        language.code,
        language.confidence,
        language.source,
    )
    published = choose_published(document, settings)
    article.published, article.published_from = published.value, published.source
    logger.debug(
        "%s: extracted %d chars, language %s (%s), published %s (%s), %d lines removed",
        document.source,
        len(article.text),
        article.language,
        article.language_from,
        article.published,
        article.published_from,
        len(article.removed),
    )
    return article


def _from_html(document: Document, page: HtmlExtract) -> Article:
    """An HTML article: its source text is its own text, so offsets are the identity.

    The lines the cleaner dropped are not recorded: their spans would point
    into trafilatura's output, which the article does not keep.
    """
    text = page.cleaned.text
    return Article(
        document=document,
        text=text,
        offsets=OffsetMap.identity(len(text)),
        title=page.title,
        title_span=None,
        url=document.url,
        canonical_url=page.canonical_url,
        site_name=document.site_name or page.site_name,
        authors=document.authors or page.authors,
    )
