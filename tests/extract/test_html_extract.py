"""HTML pages written for these tests: main text, metadata, malformed and empty pages."""

from __future__ import annotations

import contextlib
import logging
from datetime import date
from typing import Any

import pytest

from veille.errors import ExtractionError
from veille.extract import extract
from veille.model import Document, OffsetMap

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Grain talks stall in Brussels | Evening Courier</title>
  <meta property="og:title" content="Grain talks stall in Brussels">
  <meta property="og:site_name" content="Evening Courier">
  <meta property="article:published_time" content="2024-03-12T08:30:00+01:00">
  <meta name="author" content="Maria Lopez">
  <link rel="canonical" href="https://courier.example/world/2024/grain-talks-stall">
</head>
<body>
  <header>
    <nav><ul>
      <li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
    </ul></nav>
  </header>
  <main>
    <article>
      <h1>Grain talks stall in Brussels</h1>
      <p>Agriculture ministers from twelve countries met in Brussels on Tuesday to settle a dispute over grain
      imports that has strained relations across the bloc.</p>
      <p>The talks lasted six hours and ended without an agreement, according to two diplomats who attended.</p>
      <p>Read more: Farmers block roads near the border</p>
      <p>Another round of negotiations is planned for next week, the rotating presidency said in a statement.</p>
    </article>
  </main>
  <aside>
    <h2>Read more</h2>
    <ul>
      <li><a href="/world/storm">Storm batters the northern coast</a></li>
      <li><a href="/world/vote">Parliament delays vote on budget</a></li>
    </ul>
  </aside>
  <footer><p>Copyright 2024 Evening Courier. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body>
</html>
"""
NEWS_BODY = (
    "Agriculture ministers from twelve countries met in Brussels on Tuesday to settle a dispute over grain "
    "imports that has strained relations across the bloc."
    "\n\n"
    "The talks lasted six hours and ended without an agreement, according to two diplomats who attended."
    "\n\n"
    "Another round of negotiations is planned for next week, the rotating presidency said in a statement."
)

FRENCH_PAGE = """<html><head><title>Le Parlement adopte la loi de programmation militaire</title></head>
<body><article><h1>Le Parlement adopte la loi de programmation militaire</h1>
<p>Les députés ont adopté mardi la loi de programmation militaire, qui prévoit une hausse du budget des armées
sur les six prochaines années.</p>
<p>Lire aussi : La marine commande deux nouvelles frégates</p>
<p>Le texte doit encore être examiné par le Sénat le mois prochain, a précisé le ministère.</p>
</article></body></html>
"""

MALFORMED_PAGE = """<html><head><title>Rebels seize Kidal</title><body>
<div class="story"><p>Rebels seized the northern town of Kidal on Sunday after two days of fighting, the army said.
<p>Residents fled towards the border, according to aid workers reached by telephone.</b></i>
<div><p>The government has called for calm.
"""

NAV_ONLY_PAGE = """<html><head><title>Evening Courier</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<footer>Copyright 2024 Evening Courier</footer></body></html>"""

LIST_PAGE = (
    "<html><head><title>World news</title></head><body><h1>World</h1><ul>"
    + "".join(f'<li><a href="/story/{i}">Headline number {i} about the region</a></li>' for i in range(30))
    + "</ul></body></html>"
)


def _html(text: str, **fields: Any) -> Document:
    return Document(source="page.html", text=text, format="html", **fields)


def test_news_page_fields() -> None:
    article = extract(_html(NEWS_PAGE, url="https://courier.example/world/grain?utm=feed"))
    assert article.text == NEWS_BODY
    assert article.title == "Grain talks stall in Brussels"
    assert article.title_span is None
    assert article.site_name == "Evening Courier"
    assert article.authors == ("Maria Lopez",)
    assert article.url == "https://courier.example/world/grain?utm=feed"
    assert article.canonical_url == "https://courier.example/world/2024/grain-talks-stall"
    assert article.published == date(2024, 3, 12)
    assert article.published_from == "html-metadata"
    assert article.language == "en"
    assert article.language_from == "detected"
    assert article.removed == ()


def test_html_offsets_are_the_identity() -> None:
    article = extract(_html(NEWS_PAGE))
    assert article.offsets == OffsetMap.identity(len(article.text))
    assert article.source_text == article.text


def test_document_fields_win_over_the_page() -> None:
    article = extract(_html(NEWS_PAGE, title="Talks stall", site_name="Feed name", authors=("Desk",)))
    assert article.title == "Talks stall"
    assert article.site_name == "Feed name"
    assert article.authors == ("Desk",)


def test_french_page_drops_teaser_inside_the_article() -> None:
    article = extract(_html(FRENCH_PAGE))
    assert article.title == "Le Parlement adopte la loi de programmation militaire"
    assert "Lire aussi" not in article.text
    assert article.text.startswith("Les députés ont adopté mardi")
    assert article.text.endswith("a précisé le ministère.")
    assert article.language == "fr"
    assert article.published is None
    assert article.published_from is None


def test_malformed_html_still_extracts() -> None:
    article = extract(_html(MALFORMED_PAGE))
    assert "Rebels seized the northern town of Kidal" in article.text
    assert "Residents fled towards the border" in article.text


@pytest.mark.parametrize("page", [NAV_ONLY_PAGE, LIST_PAGE, "", "   ", "<html></html>"], ids=range(5))
def test_page_without_article_text_is_an_error(page: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract(_html(page))
    assert info.value.source == "page.html"
    assert "no article text found in the HTML" in str(info.value)


@pytest.mark.parametrize("page", [NEWS_PAGE, NAV_ONLY_PAGE, "plain words, no markup at all", ""], ids=range(4))
def test_libraries_stay_quiet(page: str, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    with contextlib.suppress(ExtractionError):
        extract(_html(page))
    noisy = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert noisy == []
    assert capsys.readouterr() == ("", "")


def test_quiet_is_local_to_extraction(caplog: pytest.LogCaptureFixture) -> None:
    extract(_html(NEWS_PAGE))
    caplog.set_level(logging.WARNING)
    logging.getLogger("trafilatura.core").warning("outside extraction")
    assert [r.getMessage() for r in caplog.records] == ["outside extraction"]
