"""Listing articles (filters, order, pages) and statistics, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from store_texts import ArticleFactory, Texts

from veille.store import ArticleQuery, Store


def _story(n: int) -> str:
    """Short texts that are neither duplicates nor near-duplicates of each other."""
    places = ["Accra", "Bamako", "Beirut", "Bogotá", "Dhaka", "Kyiv", "Lima", "Manila", "Niamey", "Tunis"]
    verbs = ["opened", "closed", "reviewed", "postponed", "approved", "rejected", "debated", "signed"]
    place, verb = places[n % len(places)], verbs[n % len(verbs)]
    return (
        f"Officials in {place} {verb} plan number {n} on day {n}. "
        f"Report {n * 7 + 3} said {n + 11} delegates from {place} attended session {n * 13}."
    )


@pytest.fixture
def filled(store: Store, make_article: ArticleFactory, day: Callable[[int], date]) -> Store:
    rows = [
        # (published day, language, site_name, url)
        (1, "fr", "Le Monde Diplo", "https://www.lemonde.example/a"),
        (2, "en", None, "https://news.wire.example/b"),
        (3, "fr", "Wire 100% News", None),
        (3, "en", "Daily Courier", "https://courier.example/c"),
        (None, "en", None, None),
        (5, None, None, "https://WWW.Wire.example/d"),
        (None, "fr", "Le Monde Diplo", None),
    ]
    for n, (published, language, site, url) in enumerate(rows):
        store.add(
            make_article(
                _story(n),
                f"story-{n}.txt",
                published=None if published is None else day(published),
                language=language,
                site_name=site,
                url=url,
            )
        )
    return store


def _ids(store: Store, **filters: Any) -> list[int]:
    return [a.id for a in store.articles(ArticleQuery(**filters))]


def test_newest_first_unknown_dates_last(filled: Store) -> None:
    assert _ids(filled) == [6, 4, 3, 2, 1, 7, 5]


def test_since_and_until_are_inclusive(filled: Store, day: Callable[[int], date]) -> None:
    assert _ids(filled, since=day(3)) == [6, 4, 3]
    assert _ids(filled, until=day(3)) == [4, 3, 2, 1]
    assert _ids(filled, since=day(2), until=day(3)) == [4, 3, 2]
    assert _ids(filled, since=day(3), until=day(3)) == [4, 3]


def test_language(filled: Store) -> None:
    assert _ids(filled, language="fr") == [3, 1, 7]
    assert _ids(filled, language="EN") == [4, 2, 5]


def test_site_matches_site_name_or_host(filled: Store) -> None:
    assert _ids(filled, site="monde") == [1, 7]
    assert _ids(filled, site="wire") == [6, 3, 2]
    assert _ids(filled, site="WIRE.EXAMPLE") == [6, 2]
    assert _ids(filled, site="100%") == [3]
    assert _ids(filled, site="%") == [3]
    assert _ids(filled, site="_") == []


def test_cluster(store: Store, make_article: ArticleFactory, texts: Texts) -> None:
    wire = store.add(make_article(texts.wire_en, "wire.txt"))
    store.add(make_article(texts.other_en, "other.txt"))
    copy = store.add(make_article(texts.copy_en, "copy.txt"))
    assert _ids(store, cluster_id=wire.cluster_id) == [copy.article_id, wire.article_id]


def test_filters_combine(filled: Store, day: Callable[[int], date]) -> None:
    assert _ids(filled, language="fr", site="monde", since=day(1)) == [1]


def test_pages_do_not_overlap(filled: Store) -> None:
    everything = _ids(filled, limit=100)
    pages = [_ids(filled, limit=3, offset=offset) for offset in (0, 3, 6, 9)]
    assert pages[0] + pages[1] + pages[2] == everything
    assert [len(p) for p in pages] == [3, 3, 1, 0]
    assert _ids(filled, limit=0) == []


def test_default_limit_is_fifty(store: Store, make_article: ArticleFactory) -> None:
    for n in range(55):
        store.add(make_article(_story(n), f"s{n}.txt"))
    assert len(store.articles()) == 50
    assert len(store.articles(ArticleQuery(limit=100))) == 55


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"limit": -1}, "limit"),
        ({"offset": -5}, "offset"),
        ({"since": date(2024, 6, 2), "until": date(2024, 6, 1)}, "after"),
    ],
)
def test_bad_queries(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ArticleQuery(**fields)


def test_stats(filled: Store, day: Callable[[int], date], make_article: ArticleFactory) -> None:
    stats = filled.stats()
    assert (stats.documents, stats.articles, stats.clusters, stats.clusters_with_copies) == (7, 7, 7, 0)
    assert stats.failures == 0
    assert stats.languages == {"en": 3, "fr": 3, "und": 1}
    assert (stats.first_published, stats.last_published) == (day(1), day(5))
    assert next(iter(stats.top_sites.items())) == ("Le Monde Diplo", 2)
    assert stats.top_sites["wire.example"] == 1
    assert stats.top_sites["news.wire.example"] == 1
    assert sum(stats.top_sites.values()) == 6


def test_stats_of_an_empty_store(store: Store) -> None:
    stats = store.stats()
    assert (stats.documents, stats.articles, stats.clusters, stats.failures) == (0, 0, 0, 0)
    assert stats.languages == {} and stats.top_sites == {}
    assert stats.first_published is None and stats.last_published is None
