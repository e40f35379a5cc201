"""The reads the API and the exports share: event filters beyond the basic ones, actors, deadlines, statistics.

The events are those of ``test_events_store``'s ``coded`` fixture: a strike
reported twice (Gaza, June 3), a threat with a June 20 deadline, a protest
of May in Paris and an undated, alleged shelling.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from test_events_store import _article, _listed, coded

from veille.errors import NotFoundError
from veille.store import EventQuery, Store, queries

__all__ = ["coded"]

FILTERS: list[tuple[str, dict[str, Any], list[str]]] = [
    # (what it checks, filters, the events listed)
    ("bbox-gaza", {"bbox": (34.0, 31.0, 35.0, 32.0)}, ["strike"]),
    ("bbox-europe", {"bbox": (-10.0, 35.0, 30.0, 60.0)}, ["protest"]),
    ("bbox-crossing-the-antimeridian", {"bbox": (170.0, -90.0, 3.0, 90.0)}, ["protest"]),
    ("bbox-empty-sea", {"bbox": (-40.0, 0.0, -30.0, 10.0)}, []),
    ("q-evidence", {"q": "MARCHED"}, ["protest"]),
    ("q-actor-name", {"q": "hamas"}, ["strike"]),
    ("q-place-name", {"q": "paris"}, ["protest"]),
    ("q-every-word", {"q": "farmers paris"}, ["protest"]),
    ("q-no-match", {"q": "farmers gaza"}, []),
    ("q-wildcards-are-literal", {"q": "%"}, []),
    ("sort-oldest-first-undated-last", {"sort": "date"}, ["protest", "strike", "threat", "shelling"]),
    ("sort-deadline", {"sort": "deadline", "limit": 1}, ["threat"]),
    ("sort-sources", {"sort": "-sources", "limit": 1}, ["strike"]),
    ("sort-confidence", {"sort": "confidence", "limit": 1}, ["shelling"]),
    ("sort-id", {"sort": "id"}, ["strike", "threat", "protest", "shelling"]),
]


def test_more_event_filters(store: Store, coded: dict[str, int]) -> None:
    wrong = {
        name: found for name, filters, expected in FILTERS if (found := _listed(store, coded, **filters)) != expected
    }
    assert wrong == {}


PLANS = {
    "check-each-event": queries._Plan(),
    "dyad-from-actors": queries._Plan(dyad_pairs_from="actor"),
    "dyad-from-recipients": queries._Plan(dyad_pairs_from="recipient"),
    "words-collected-first": queries._Plan(indexed_words=frozenset({"hamas", "farmers", "paris", "marched", "%"})),
    "words-per-row": queries._Plan(words_per_row=True),
    "everything-collected-first": queries._Plan(
        dyad_pairs_from="recipient", indexed_words=frozenset({"hamas", "paris"}), words_per_row=True
    ),
}
PLANNED: list[dict[str, Any]] = [
    {"dyad": ("ISR", "PSE")},
    {"dyad": ("PSE", "ISR")},
    {"dyad": ("RUS", "UKR"), "q": "marched"},
    {"q": "hamas"},
    {"q": "farmers paris"},
    {"q": "farmers gaza"},
    {"q": "%"},
    {"q": "paris", "type": "PROTEST", "limit": 1, "offset": 0},
    {"dyad": ("ISR", "PSE"), "q": "hamas", "sort": "date"},
]


@pytest.mark.parametrize("plan", list(PLANS.values()), ids=list(PLANS))
def test_every_plan_finds_the_same_events(
    store: Store, coded: dict[str, int], plan: queries._Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = [(_listed(store, coded, **filters), store.event_stats(EventQuery(**filters))) for filters in PLANNED]
    monkeypatch.setattr(queries, "_plan", lambda *_: plan)
    assert [(_listed(store, coded, **filters), store.event_stats(EventQuery(**filters))) for filters in PLANNED] == (
        expected
    )


def test_the_plan_collects_rare_pairs_and_on_postgresql_rare_words(store: Store, coded: dict[str, int]) -> None:
    with store.engine.connect() as connection:
        rare = queries._plan(connection, EventQuery(dyad=("ISR", "PSE"), q="hamas"), 50)
        everything = queries._plan(connection, EventQuery(dyad=("ISR", "PSE")), None)
    assert rare.dyad_pairs_from in {"actor", "recipient"} and everything.dyad_pairs_from is not None
    if store.engine.dialect.name == "postgresql":  # migration v0006 made the trigram indexes
        assert rare.indexed_words == {"hamas"}
    else:
        assert rare.indexed_words == frozenset() and not rare.words_per_row


def test_cluster_filter(store: Store, coded: dict[str, int]) -> None:
    strike = store.event(coded["strike"])
    cluster = store.article(strike.mentions[1].article_id).cluster_id
    assert _listed(store, coded, cluster_id=cluster) == ["strike"]
    assert _listed(store, coded, cluster_id=10_000) == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sort": "size"}, "sort must be one of date, -date"),
        ({"bbox": (0.0, 10.0, 5.0, 5.0)}, "south .* is north"),
        ({"bbox": (0.0, 0.0, 200.0, 5.0)}, "longitudes must be between"),
        ({"bbox": (0.0, -95.0, 5.0, 5.0)}, "latitudes must be between"),
    ],
)
def test_bad_event_queries_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        EventQuery(**fields)


def test_actors_by_events_and_search(store: Store, coded: dict[str, int]) -> None:
    found = {a.key: a for a in store.actors()}
    assert found["isr-mil"].events == 1 and found["isr-mil"].country == "ISR"
    assert found["?farmers"].id is None and found["?farmers"].name == "farmers"
    assert [a.key for a in store.actors("HAM")] == ["hamas"]
    assert [a.key for a in store.actors("rus")] == ["rus"]
    assert store.actors("nobody") == []
    assert len(store.actors(limit=2)) == 2


def test_deadlines_running_on_a_day(store: Store, coded: dict[str, int]) -> None:
    (running,) = store.deadlines(today=date(2024, 6, 12))
    assert (running.event.id, running.expires, running.days_left) == (coded["threat"], date(2024, 6, 20), 8)
    assert store.deadlines(today=date(2024, 6, 20))[0].days_left == 0
    assert store.deadlines(today=date(2024, 6, 21)) == []


def test_event_stats_per_day_type_country_and_dyad(store: Store, coded: dict[str, int]) -> None:
    stats = store.event_stats()
    assert stats.events == 4
    rows = {(d.date, d.type, d.country): d.events for d in stats.by_day}
    assert rows == {
        (None, "ASSAULT", None): 1,
        ("2024-05", "PROTEST", "FRA"): 1,
        ("2024-06-03", "ASSAULT", "PSE"): 1,
        ("2024-06-10", "THREATEN", None): 1,
    }
    assert {(d.actor, d.recipient): d.events for d in stats.dyads} == {
        ("ISR", "PSE"): 1,
        ("USA", "IRN"): 1,
        ("RUS", "UKR"): 1,
    }
    only = store.event_stats(EventQuery(type="ASSAULT", since=date(2024, 6, 1)))
    assert only.events == 1 and [(d.actor, d.recipient) for d in only.dyads] == [("ISR", "PSE")]


def test_article_source_text_is_what_spans_point_into(store: Store) -> None:
    text = "Angry farmers marched in Paris in May, blocking roads around the capital."
    result = store.add(_article(text, "protest.txt"))
    assert store.article_source_text(result.article_id) == text
    with pytest.raises(NotFoundError, match="no article 999"):
        store.article_source_text(999)
