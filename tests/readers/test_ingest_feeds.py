"""RSS 2.0, RSS 1.0 (RDF) and Atom: item fields, unsafe and broken feeds, fetching item links."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from ingest_samples import ATOM, ENGLISH, ENGLISH_2, ENTITY_BOMB, FRENCH_CP1252, RDF, RSS, html_page, rss_items
from ingest_server import LocalServer

from veille.config import Settings
from veille.model import Document, Failure
from veille.readers import parse_feed, read_inputs


def parse(feed: str | bytes, settings: Settings, source: str = "feed.xml") -> list[Document | Failure]:
    return list(parse_feed(feed.encode() if isinstance(feed, str) else feed, source, settings))


def test_rss2_items(settings: Settings) -> None:
    first, second, third, fourth = parse(RSS, settings)
    assert isinstance(first, Document) and isinstance(second, Document) and isinstance(fourth, Document)
    assert first.source == "feed.xml#1" and first.format == "html"
    assert first.text.startswith("<p>Les syndicats ont annoncé")  # content:encoded beats description
    assert (first.title, first.url, first.published, first.site_name, first.language, first.authors, first.id) == (
        "Grève générale annoncée",
        "https://courrier.example/greve",
        date(2024, 7, 16),
        "Le Courrier du Littoral",
        None,  # the channel's <language> is not taken for the item's: detection decides
        ("Claire Martin",),
        "courrier-1001",
    )
    assert second.format == "text" and second.text.startswith("Le port a rouvert")
    assert second.authors == ("Paul Girard",) and second.published == date(2024, 7, 17)
    assert isinstance(third, Failure) and third.source == "feed.xml#3" and third.error == "EmptyInputError"
    assert "neither text nor a link" in third.message
    assert fourth.url is None and fourth.published is None


def test_atom_entries(settings: Settings) -> None:
    first, second = parse(ATOM, settings, "herald.atom")
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.title == "Parliament extends emergency"
    assert first.url == "https://herald.example/emergency"  # rel=alternate, not rel=self
    assert first.published == date(2024, 7, 16)  # the date as written, in its own time zone
    assert first.format == "html" and first.text == "<p>Parliament voted to extend the emergency.</p>"
    assert (first.site_name, first.language, first.authors, first.id) == (
        "Northern Herald",
        None,
        ("Ann Lee",),
        "urn:uuid:entry-1",
    )
    assert second.published == date(2024, 7, 18)  # no <published>: <updated>
    assert second.authors == ("Herald Desk",)  # the feed's author
    assert second.format == "text" and second.text == "Two states signed a ceasefire on Friday."


def test_rss1_rdf_items(settings: Settings) -> None:
    (item,) = parse(RDF, settings, "gazette.rdf")
    assert isinstance(item, Document)
    assert (item.title, item.url, item.published, item.site_name, item.language, item.authors) == (
        "Élections anticipées",
        "https://gazette.example/elections",
        date(2024, 7, 15),
        "Gazette du Plateau",
        None,
        ("Luc Bernard",),
    )


def test_feed_in_a_legacy_encoding(settings: Settings) -> None:
    feed = rss_items(("Réforme", "https://a.example/1", FRENCH_CP1252)).replace("utf-8", "windows-1252")
    (item,) = parse(feed.encode("cp1252"), settings)
    assert isinstance(item, Document) and item.text == FRENCH_CP1252 and item.encoding == "cp1252"


def test_rss091_doctype_is_accepted(settings: Settings) -> None:
    feed = rss_items(("Old", "https://a.example/old", ENGLISH)).replace(
        "<rss",
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss',
    )
    (item,) = parse(feed, settings)
    assert isinstance(item, Document) and item.text == ENGLISH


def test_entity_bomb_is_refused(settings: Settings) -> None:
    (failure,) = parse(ENTITY_BOMB, settings, "bomb.xml")
    assert isinstance(failure, Failure)
    assert (failure.source, failure.error) == ("bomb.xml", "UnsafeInputError")
    assert "billion laughs" in failure.message


def test_external_entity_is_refused(settings: Settings) -> None:
    feed = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY leak SYSTEM "file:///etc/hostname">]>'
        "<rss><channel><item><title>&leak;</title><description>x</description></item></channel></rss>"
    )
    (failure,) = parse(feed, settings)
    assert isinstance(failure, Failure) and failure.error == "UnsafeInputError"


def test_malformed_xml(settings: Settings) -> None:
    (failure,) = parse(RSS.replace("</item>", "", 1), settings, "broken.rss")
    assert isinstance(failure, Failure) and failure.source == "broken.rss" and failure.error == "MalformedInputError"
    assert "not well-formed XML" in failure.message and "line" in failure.message


def test_xml_that_is_not_a_feed(settings: Settings) -> None:
    (failure,) = parse('<?xml version="1.0"?><urlset><url/></urlset>', settings, "sitemap.xml")
    assert isinstance(failure, Failure) and "<urlset>" in failure.message


def test_item_with_only_a_link_asks_for_fetch_links(settings: Settings) -> None:
    (failure,) = parse(rss_items(("Headline", "https://a.example/x", None)), settings)
    assert isinstance(failure, Failure) and "--fetch-links" in failure.message


def test_feed_from_the_local_server(server: LocalServer, local_settings: Settings) -> None:
    rss_url = server.add("/rss", RSS, "application/rss+xml; charset=utf-8")
    atom_url = server.add("/atom", ATOM, "text/xml")  # generic type: sniffed
    rdf_url = server.add("/rdf", RDF, "application/rdf+xml")
    items = list(read_inputs([rss_url, atom_url, rdf_url], local_settings))
    assert [item.source for item in items] == [
        f"{rss_url}#1",
        f"{rss_url}#2",
        f"{rss_url}#3",
        f"{rss_url}#4",
        f"{atom_url}#1",
        f"{atom_url}#2",
        f"{rdf_url}#1",
    ]
    assert [type(item).__name__ for item in items].count("Document") == 6


def test_relative_item_links_are_resolved(server: LocalServer, local_settings: Settings) -> None:
    url = server.add("/news/feed", rss_items(("A", "/news/a", ENGLISH)), "application/rss+xml")
    (item,) = list(read_inputs([url], local_settings))
    assert isinstance(item, Document) and item.url == server.url("/news/a")


def test_fetch_links(server: LocalServer, local_settings: Settings, tmp_path: Path) -> None:
    page_a = server.add("/a", html_page(ENGLISH, title="Emergency"), "text/html; charset=utf-8")
    page_b = server.url("/gone")
    feed = rss_items(("Emergency extended", page_a, "Teaser A."), ("Ceasefire", page_b, ENGLISH_2))
    feed = feed.replace(
        "<title>Emergency extended</title>",
        "<title>Emergency extended</title><pubDate>Tue, 16 Jul 2024 09:30:00 +0200</pubDate>",
    )
    path = tmp_path / "wire.xml"
    path.write_text(feed)
    items = list(read_inputs([str(path)], local_settings.replace(fetch_links=True)))
    page, failure, fallback = items
    assert isinstance(page, Document) and page.source == page_a and page.format == "html"
    assert ENGLISH in page.text and page.url == page_a
    assert (page.title, page.published, page.site_name) == ("Emergency extended", date(2024, 7, 16), "Wire")
    assert isinstance(failure, Failure) and failure.source == page_b and "HTTP 404" in failure.message
    assert isinstance(fallback, Document) and fallback.source == f"{path}#2" and fallback.text == ENGLISH_2


@pytest.mark.parametrize("fetch_links", [False, True])
def test_fetched_feed_with_fetch_links(server: LocalServer, local_settings: Settings, fetch_links: bool) -> None:
    page = server.add("/story", html_page(ENGLISH_2), "text/html")
    feed = server.add("/feed", rss_items(("Story", page, "Teaser.")), "application/rss+xml")
    (item,) = list(read_inputs([feed], local_settings.replace(fetch_links=fetch_links)))
    assert isinstance(item, Document)
    assert item.source == (page if fetch_links else f"{feed}#1")
    assert item.title == "Story" and item.site_name == "Wire"
