"""Publication date: flag, then input, then HTML metadata, else unknown; never guessed."""

from __future__ import annotations

from datetime import date

from veille.config import Settings
from veille.extract import choose_published, extract
from veille.extract.dates import date_from_html
from veille.model import Document

META_PAGE = """<html><head><title>Border closed</title>
<meta property="article:published_time" content="2024-03-12T08:00:00Z">
<meta property="article:modified_time" content="2024-04-02T10:00:00Z">
</head><body><article><h1>Border closed</h1>
<p>The government closed the northern border on Tuesday, citing security concerns, officials said.</p>
</article></body></html>"""

TIME_PAGE = """<html><head><title>Frontière fermée</title></head><body><article>
<time datetime="2023-11-05">5 novembre</time>
<p>Le gouvernement a fermé dimanche la frontière nord pour des raisons de sécurité, selon des responsables.</p>
</article></body></html>"""

UNDATED_PAGE = """<html><head><title>Border closed</title></head><body><article>
<p>Published on 12 March 2024. The government closed the northern border on 3 March 2024, officials said.</p>
</article></body></html>"""

TEXT = "Border closed\n\nThe government closed the northern border on 3 March 2024, officials said on Tuesday."


def _doc(text: str, fmt: str = "html", published: date | None = None) -> Document:
    return Document(source="p", text=text, format="html" if fmt == "html" else "text", published=published)


def test_flag_wins() -> None:
    chosen = choose_published(_doc(META_PAGE, published=date(2024, 1, 1)), Settings(published=date(2024, 6, 6)))
    assert (chosen.value, chosen.source) == (date(2024, 6, 6), "flag")


def test_input_wins_over_html_metadata() -> None:
    chosen = choose_published(_doc(META_PAGE, published=date(2024, 1, 1)), Settings())
    assert (chosen.value, chosen.source) == (date(2024, 1, 1), "input")


def test_html_metadata_prefers_the_original_date() -> None:
    chosen = choose_published(_doc(META_PAGE))
    assert (chosen.value, chosen.source) == (date(2024, 3, 12), "html-metadata")


def test_html_time_element() -> None:
    assert date_from_html(TIME_PAGE) == date(2023, 11, 5)


def test_dates_in_the_running_text_are_not_used() -> None:
    assert date_from_html(UNDATED_PAGE) is None
    article = extract(_doc(UNDATED_PAGE))
    assert (article.published, article.published_from) == (None, None)


def test_text_documents_are_never_guessed() -> None:
    article = extract(_doc(TEXT, fmt="text"))
    assert (article.published, article.published_from) == (None, None)


def test_text_document_input_date() -> None:
    article = extract(_doc(TEXT, fmt="text", published=date(2024, 3, 4)))
    assert (article.published, article.published_from) == (date(2024, 3, 4), "input")


def test_empty_html_has_no_date() -> None:
    assert date_from_html("") is None
    assert date_from_html("not html at all") is None
