"""Query results: lists of dataclasses that become pandas DataFrames with flat columns."""

from __future__ import annotations

import pickle

from coded_events import fill

from veille.store import ArticleQuery, EventQuery, Store
from veille.store.results import ARTICLE_COLUMNS, EVENT_COLUMNS


def test_events_to_pandas_has_one_flat_row_per_event(store: Store) -> None:
    events = fill(store).events(EventQuery(limit=10))
    frame = events.to_pandas()
    assert list(frame.columns) == list(EVENT_COLUMNS) and len(frame) == len(events) == 4
    strike = frame.set_index("id").loc[1]
    assert (strike["type"], strike["actors"], strike["recipients"], strike["countries"]) == (
        "ASSAULT",
        "Israeli army",
        "Hamas",
        "ISR; PSE",
    )
    assert (strike["lat"], strike["lon"], strike["trigger"]) == (31.5, 34.47, "struck")
    assert str(frame["first_seen_at"].dtype).startswith("datetime64")
    assert events[0].id == 2 and isinstance(events[:2], list)


def test_articles_to_pandas_and_empty_results_keep_their_columns(store: Store) -> None:
    assert list(store.events().to_pandas().columns) == list(EVENT_COLUMNS)
    articles = fill(store).articles(ArticleQuery(language="fr"))
    frame = articles.to_pandas()
    assert list(frame.columns) == list(ARTICLE_COLUMNS)
    assert frame["source"].tolist() == ["ultimatum.txt"]
    assert len(pickle.loads(pickle.dumps(articles)).to_pandas()) == 1
