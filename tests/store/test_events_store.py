"""Events across articles: one event, many reports, on SQLite and PostgreSQL.

Articles are built directly with their coded events (no pipeline), spans
pointing into their texts, so that each test states exactly what was coded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from store_texts import build_article

from veille.errors import NotFoundError
from veille.model import Actor, Argument, Article, Event, Mention, Modality, Place, PlaceRef, Span, TimeValue
from veille.store import EventQuery, Store, StoredEvent, queries

ISRAELI_ARMY = Actor("isr-mil", "Israeli army", "ISR", "MIL", "ORG")
HAMAS = Actor("hamas", "Hamas", "PSE", "REB", "ORG")
HEZBOLLAH = Actor("hezbollah", "Hezbollah", "LBN", "REB", "ORG")
USA = Actor("usa", "United States", "USA", "GOV", "GPE")
IRAN = Actor("irn", "Iran", "IRN", "GOV", "GPE")
RUSSIA = Actor("rus", "Russia", "RUS", "GOV", "GPE")
UKRAINE = Actor("ukr", "Ukraine", "UKR", "GOV", "GPE")
PROTESTERS = Actor(None, "farmers", "FRA", "AGR", "PER")
GAZA = Place("geonames:281133", "Gaza", "PSE", 31.50, 34.47, "city")
BEIRUT = Place("geonames:276781", "Beirut", "LBN", 33.89, 35.50, "city")
PARIS = Place("geonames:2988507", "Paris", "FRA", 48.85, 2.35, "city")

WIRE = "The Israeli army struck Hamas positions in Gaza on Monday, the military said. Witnesses reported heavy damage."
PAPER = "Hamas said an Israeli air strike hit its fighters in Gaza on June 3. The group vowed to respond."


def _span(text: str, surface: str) -> Span:
    start = text.index(surface)
    return Span(start, start + len(surface))


def _mention(text: str, surface: str, label: str = "ORG") -> Mention:
    return Mention(surface, _span(text, surface), label)


@dataclass
class Coded:
    """An event to code in a text: its fields, and the words of the text that say them."""

    type: str
    trigger: str
    actors: Sequence[tuple[Actor, str]] = ()
    recipients: Sequence[tuple[Actor, str]] = ()
    date: tuple[str, str] | None = None
    published_date: str | None = None
    places: Sequence[tuple[Place, str]] = ()
    mode: str | None = None
    modality: Modality = "asserted"
    deadline: tuple[str, str] | None = None
    confidence: float = 0.6
    extra: dict[str, Any] = field(default_factory=dict)

    def event(self, text: str) -> Event:
        when, date_from = None, None
        if self.date is not None:
            surface, value = self.date
            granularity = {10: "day", 7: "month", 4: "year"}[len(value)]
            when = TimeValue(surface, _span(text, surface), value, granularity, "test")  # type: ignore[arg-type]
            date_from = "text"
        elif self.published_date is not None:
            when = TimeValue("", Span(0, 0), self.published_date, "day", "published")
            date_from = "published"
        deadline = None
        if self.deadline is not None:
            surface, value = self.deadline
            deadline = TimeValue(surface, _span(text, surface), value, "day", "test", kind="deadline")
        trigger = _mention(text, self.trigger, self.trigger)
        return Event(
            type=self.type,
            mode=self.mode,
            trigger=trigger,
            evidence=trigger.span,
            actors=[Argument(actor, _mention(text, surface)) for actor, surface in self.actors],
            recipients=[Argument(actor, _mention(text, surface)) for actor, surface in self.recipients],
            locations=[PlaceRef(place, _mention(text, surface, "GPE")) for place, surface in self.places],
            date=when,
            date_from=date_from,
            modality=self.modality,
            deadline=deadline,
            confidence=self.confidence,
        )


def _article(text: str, source: str, *coded: Coded, published: date | None = date(2024, 6, 4)) -> Article:
    title = text.split(".")[0]
    return build_article(
        text,
        source,
        title=title,
        url=f"https://news.example/{source}",
        published=published,
        language="en",
        events=[c.event(text) for c in coded],
    )


def _wire_strike(**changes: Any) -> Coded:
    fields: dict[str, Any] = {
        "type": "ASSAULT",
        "trigger": "struck",
        "actors": [(ISRAELI_ARMY, "Israeli army")],
        "recipients": [(HAMAS, "Hamas")],
        "date": ("Monday", "2024-06-03"),
        "places": [(GAZA, "Gaza")],
        "mode": "aerial",
        "confidence": 0.8,
    }
    return Coded(**(fields | changes))


def _paper_strike(**changes: Any) -> Coded:
    fields: dict[str, Any] = {
        "type": "ASSAULT",
        "trigger": "strike",
        "actors": [(ISRAELI_ARMY, "Israeli")],
        "recipients": [(HAMAS, "Hamas")],
        "date": ("June 3", "2024-06-03"),
        "places": [(GAZA, "Gaza")],
        "confidence": 0.6,
    }
    return Coded(**(fields | changes))


def _only(store: Store) -> StoredEvent:
    (event,) = store.events()
    return store.event(event.id)


# One event, many reports


def test_two_articles_reporting_one_strike_make_one_event(store: Store) -> None:
    wire = _article(WIRE, "wire.txt", _wire_strike())
    paper = _article(PAPER, "paper.txt", _paper_strike())
    store.add(wire)
    store.add(paper)

    event = _only(store)
    assert (event.type, event.mode, event.modality, event.quad_class, event.cameo) == (
        "ASSAULT",
        "aerial",
        "asserted",
        4,
        "195",
    )
    assert (event.date, event.date_granularity, event.date_from) == ("2024-06-03", "day", "text")
    assert (event.sources, event.confidence) == (2, 0.8)
    assert [a.id for a in event.actors] == ["isr-mil"] and [r.id for r in event.recipients] == ["hamas"]
    assert [(p.id, p.country) for p in event.locations] == [("geonames:281133", "PSE")]
    assert event.record["trigger"]["text"] == "struck"  # the most confident report represents it
    assert [(m.article_id, m.source, m.title, m.url) for m in event.mentions] == [
        (wire.id, "wire.txt", wire.title, wire.url),
        (paper.id, "paper.txt", paper.title, paper.url),
    ]
    # Each mention keeps its own article's record, spans into that article's text.
    for mention, text in zip(event.mentions, (WIRE, PAPER), strict=True):
        trigger = mention.record["trigger"]
        assert text[trigger["start"] : trigger["end"]] == trigger["text"]
    assert [m.record["date"]["text"] for m in event.mentions] == ["Monday", "June 3"]
    assert [m.published for m in event.mentions] == [date(2024, 6, 4)] * 2
    stats = store.stats()
    assert (stats.articles, stats.events, stats.event_mentions) == (2, 1, 2)


@pytest.mark.parametrize(
    ("second", "same"),
    [
        pytest.param({}, True, id="same-day"),
        pytest.param({"date": ("June 5", "2024-06-05")}, True, id="two-days-later"),
        pytest.param({"date": ("June 1", "2024-06-01")}, True, id="two-days-before"),
        pytest.param({"date": ("June 6", "2024-06-06")}, False, id="three-days-later"),
        pytest.param({"date": ("July 3", "2024-07-03")}, False, id="a-month-later"),
        pytest.param({"date": ("June", "2024-06")}, True, id="month-of-the-day"),
        pytest.param({"date": ("May", "2024-05")}, False, id="another-month"),
        pytest.param({"date": None, "published_date": None}, True, id="no-date"),
        pytest.param({"recipients": [(HEZBOLLAH, "Hezbollah")]}, False, id="other-recipient"),
        pytest.param({"recipients": []}, True, id="recipient-not-named"),
        pytest.param({"actors": [], "recipients": [(HAMAS, "Hamas")]}, True, id="actor-not-named"),
        pytest.param({"actors": [(USA, "Washington")]}, False, id="other-actor"),
        pytest.param({"modality": "negated"}, False, id="negated"),
        pytest.param({"modality": "alleged"}, True, id="alleged"),
        pytest.param({"places": [(BEIRUT, "Beirut")]}, False, id="place-in-another-country"),
        pytest.param({"places": []}, True, id="no-place"),
        pytest.param({"type": "THREATEN", "trigger": "vowed"}, False, id="other-type"),
    ],
)
def test_whether_a_report_joins_a_stored_event(store: Store, second: dict[str, Any], same: bool) -> None:
    text = "Hamas said an Israeli strike hit its fighters in Gaza, not Beirut, on June 3 (or June 1, June 5, June 6,"
    text += " July 3, or in May). Washington and Hezbollah said nothing. The group vowed to respond."
    store.add(_article(WIRE, "wire.txt", _wire_strike()))
    store.add(_article(text, "second.txt", _paper_strike(**second)))

    found = store.events()
    assert len(found) == (1 if same else 2)
    assert sorted(e.sources for e in found) == ([2] if same else [1, 1])


def test_two_events_of_one_article_stay_two(store: Store) -> None:
    text = "The Israeli army attacked Hamas on April 14 and attacked Hamas again on April 15, officials said."
    first = _wire_strike(trigger="attacked", date=("April 14", "2024-04-14"), places=[])
    second = _wire_strike(trigger="attacked Hamas again", date=("April 15", "2024-04-15"), places=[])
    store.add(_article(text, "two.txt", first, second))
    assert [e.date for e in store.events()] == ["2024-04-15", "2024-04-14"]

    # Another report of the second attack joins that one, not the first, a day apart.
    report = _paper_strike(date=("April 15", "2024-04-15"))
    store.add(_article(PAPER.replace("June 3", "April 15"), "paper.txt", report))
    assert [(e.date, e.sources) for e in store.events()] == [("2024-04-15", 2), ("2024-04-14", 1)]


def test_re_adding_a_document_changes_no_event(store: Store) -> None:
    first = store.add(_article(WIRE, "wire.txt", _wire_strike()))
    again = store.add(_article(WIRE, "wire-again.txt", _wire_strike()))

    assert again.status == "duplicate" and again.duplicate_of == first.article_id
    event = _only(store)
    assert event.sources == 1 and [m.article_id for m in event.mentions] == [first.article_id]
    assert (store.stats().events, store.stats().event_mentions) == (1, 1)


def test_a_later_report_fills_what_the_first_lacked(store: Store) -> None:
    threat = "Washington warned Iran on Monday. It gave Tehran until June 20 to answer, officials told the paper."
    store.add(
        _article(
            WIRE + " Washington warned Iran.",
            "wire.txt",
            _wire_strike(date=None, published_date="2024-06-04", places=[], modality="alleged", confidence=0.5),
            Coded("THREATEN", "warned", actors=[(USA, "Washington")], recipients=[(IRAN, "Iran")]),
        )
    )
    store.add(
        _article(
            PAPER + " " + threat,
            "paper.txt",
            _paper_strike(recipients=[], confidence=0.7),
            Coded(
                "THREATEN",
                "warned",
                actors=[(USA, "Washington")],
                recipients=[(IRAN, "Iran")],
                date=("Monday", "2024-06-03"),
                deadline=("June 20", "2024-06-20"),
            ),
        )
    )

    strike = store.event(store.events(EventQuery(type="ASSAULT"))[0].id)
    threatened = store.event(store.events(EventQuery(type="THREATEN"))[0].id)
    # A date stated in the text wins over the publication date; places and a firmer modality are taken.
    assert (strike.date, strike.date_from, strike.modality) == ("2024-06-03", "text", "asserted")
    assert [p.name for p in strike.locations] == ["Gaza"]
    assert [r.id for r in strike.recipients] == ["hamas"]
    assert (strike.sources, strike.confidence, strike.record["trigger"]["text"]) == (2, 0.7, "strike")
    assert (threatened.date, threatened.deadline, threatened.sources) == ("2024-06-03", "2024-06-20", 2)


def test_events_are_stored_in_the_transaction_of_their_article(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("no events today")

    monkeypatch.setattr(queries, "insert_events", broken)
    with pytest.raises(RuntimeError, match="no events today"):
        store.add(_article(WIRE, "wire.txt", _wire_strike()))
    stats = store.stats()
    assert (stats.documents, stats.articles, stats.events) == (0, 0, 0)


def test_an_undated_report_is_compared_with_recent_events_only(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries, "RECENT_EVENTS", 1)
    store.add(_article(WIRE, "wire.txt", _wire_strike(date=None)))
    store.add(_article("Russia shelled Ukraine, Kyiv said.", "kyiv.txt", _shelling()))
    store.add(_article(PAPER, "paper.txt", _paper_strike(date=None)))

    assert sorted(e.sources for e in store.events()) == [1, 1, 1]


# Re-extraction


def _document_of(store: Store, article_id: int) -> int:
    return store.article(article_id).document_id


def test_replacing_an_article_replaces_its_mentions(store: Store) -> None:
    wire = store.add(_article(WIRE, "wire.txt", _wire_strike()))
    paper = store.add(_article(PAPER, "paper.txt", _paper_strike()))
    (shared,) = store.events()

    # Coded again, the paper's event turns out to be another one: the shared event loses a source.
    other = _paper_strike(recipients=[], actors=[(HAMAS, "Hamas")], type="THREATEN", trigger="vowed")
    store.replace_article(_document_of(store, paper.article_id), _article(PAPER, "paper.txt", other))
    assert store.event(shared.id).sources == 1
    assert [m.article_id for m in store.event(shared.id).mentions] == [wire.article_id]
    threat = store.events(EventQuery(type="THREATEN"))[0]
    assert [m.article_id for m in store.event(threat.id).mentions] == [paper.article_id]

    # Coded again with no events: its event goes, mentioned by no article.
    store.replace_article(_document_of(store, paper.article_id), _article(PAPER, "paper.txt"))
    assert [e.id for e in store.events()] == [shared.id]
    with pytest.raises(NotFoundError):
        store.event(threat.id)
    assert (store.stats().events, store.stats().event_mentions) == (1, 1)


def test_re_extracting_the_only_report_keeps_the_event(store: Store) -> None:
    wire = store.add(_article(WIRE, "wire.txt", _wire_strike()))
    (before,) = store.events()

    store.replace_article(_document_of(store, wire.article_id), _article(WIRE, "wire.txt", _wire_strike()))
    after = _only(store)
    assert (after.id, after.sources, after.first_seen_at) == (before.id, 1, before.first_seen_at)
    assert len(after.mentions) == 1


def test_an_event_losing_its_representative_report_is_recomputed(store: Store) -> None:
    wire = store.add(_article(WIRE, "wire.txt", _wire_strike(confidence=0.9)))
    store.add(_article(PAPER, "paper.txt", _paper_strike(confidence=0.6, places=[])))

    store.replace_article(_document_of(store, wire.article_id), _article(WIRE, "wire.txt"))
    event = _only(store)
    assert (event.sources, event.confidence, event.record["trigger"]["text"]) == (1, 0.6, "strike")
    assert (event.mode, event.locations, event.date) == (None, (), "2024-06-03")


def test_a_document_found_to_be_a_duplicate_takes_its_mentions_away(store: Store) -> None:
    wire = store.add(_article(WIRE, "wire.txt", _wire_strike()))
    paper = store.add(_article(PAPER, "paper.txt", _paper_strike()))

    result = store.replace_article(_document_of(store, paper.article_id), _article(WIRE, "paper.txt", _wire_strike()))
    assert result.status == "duplicate" and result.duplicate_of == wire.article_id
    event = _only(store)
    assert event.sources == 1 and [m.article_id for m in event.mentions] == [wire.article_id]


# Listing


def _shelling() -> Coded:
    return Coded(
        "ASSAULT",
        "shelled",
        actors=[(RUSSIA, "Russia")],
        recipients=[(UKRAINE, "Ukraine")],
        modality="alleged",
        confidence=0.4,
    )


@pytest.fixture
def coded(store: Store) -> dict[str, int]:
    """Four events: a strike reported twice, a threat with a deadline, a protest of a month, an undated shelling."""
    threat = "The United States warned Iran on June 10, giving it until June 20 to stop enrichment."
    protest = "Angry farmers marched in Paris in May, blocking roads around the capital."
    shelling = "Russia shelled Ukraine, Kyiv said."
    store.add(_article(WIRE, "wire.txt", _wire_strike()))
    store.add(_article(PAPER, "paper.txt", _paper_strike()))
    store.add(
        _article(
            threat,
            "threat.txt",
            Coded(
                "THREATEN",
                "warned",
                actors=[(USA, "United States")],
                recipients=[(IRAN, "Iran")],
                date=("June 10", "2024-06-10"),
                deadline=("June 20", "2024-06-20"),
                mode="violence",
            ),
        )
    )
    store.add(
        _article(
            protest,
            "protest.txt",
            Coded(
                "PROTEST",
                "marched",
                actors=[(PROTESTERS, "farmers")],
                date=("May", "2024-05"),
                places=[(PARIS, "Paris")],
                mode="demo",
            ),
        )
    )
    store.add(_article(shelling, "shelling.txt", _shelling(), published=None))
    ids = {e.type + ("-alleged" if e.modality == "alleged" else ""): e.id for e in store.events()}
    return {
        "strike": ids["ASSAULT"],
        "threat": ids["THREATEN"],
        "protest": ids["PROTEST"],
        "shelling": ids["ASSAULT-alleged"],
    }


def _listed(store: Store, coded: dict[str, int], **filters: Any) -> list[str]:
    names = {event_id: name for name, event_id in coded.items()}
    return [names[e.id] for e in store.events(EventQuery(**filters))]


FILTERS: list[tuple[str, dict[str, Any], list[str]]] = [
    # (what it checks, filters, the events listed)
    ("newest-first-undated-last", {}, ["threat", "strike", "protest", "shelling"]),
    ("type", {"type": "ASSAULT"}, ["strike", "shelling"]),
    ("type-any-case", {"type": "assault"}, ["strike", "shelling"]),
    ("mode", {"mode": "demo"}, ["protest"]),
    ("modality", {"modality": "alleged"}, ["shelling"]),
    ("actor", {"actor": "usa"}, ["threat"]),
    ("actor-as-recipient", {"actor": "irn"}, ["threat"]),
    ("unknown-actor", {"actor": "nobody"}, []),
    ("country-of-recipient", {"country": "PSE"}, ["strike"]),
    ("country-of-an-unknown-actor", {"country": "fra"}, ["protest"]),
    ("country-and-type", {"country": "PSE", "type": "THREATEN"}, []),
    ("dyad", {"dyad": ("ISR", "PSE")}, ["strike"]),
    ("dyad-is-ordered", {"dyad": ("PSE", "ISR")}, []),
    ("since", {"since": date(2024, 6, 4)}, ["threat"]),
    ("since-within-a-month", {"since": date(2024, 5, 20)}, ["threat", "strike", "protest"]),
    ("until-a-month-starts", {"until": date(2024, 5, 1)}, ["protest"]),
    ("until-before", {"until": date(2024, 4, 30)}, []),
    ("one-day", {"since": date(2024, 6, 3), "until": date(2024, 6, 3)}, ["strike"]),
    ("with-deadline", {"has_deadline": True}, ["threat"]),
    ("without-deadline", {"has_deadline": False}, ["strike", "protest", "shelling"]),
    ("page", {"limit": 2, "offset": 1}, ["strike", "protest"]),
    ("empty-page", {"limit": 0}, []),
]


def test_event_filters(store: Store, coded: dict[str, int]) -> None:
    # One store for every row: building it is what takes time.
    wrong = {
        name: found for name, filters, expected in FILTERS if (found := _listed(store, coded, **filters)) != expected
    }
    assert wrong == {}


def test_listed_events_carry_their_participants_not_their_mentions(store: Store, coded: dict[str, int]) -> None:
    (strike,) = store.events(EventQuery(dyad=("ISR", "PSE")))
    assert strike.sources == 2 and strike.mentions == ()
    assert [(a.id, a.name, a.country, a.sector) for a in strike.actors] == [("isr-mil", "Israeli army", "ISR", "MIL")]
    (protest,) = store.events(EventQuery(type="PROTEST"))
    assert [(a.id, a.name, a.country) for a in protest.actors] == [(None, "farmers", "FRA")]
    assert (protest.date, protest.date_granularity) == ("2024-05", "month")
    assert [(p.name, p.lat, p.lon) for p in protest.locations] == [("Paris", 48.85, 2.35)]


def test_an_event_has_its_mentions(store: Store, coded: dict[str, int]) -> None:
    event = store.event(coded["strike"])
    assert [m.source for m in event.mentions] == ["wire.txt", "paper.txt"]
    assert [m.confidence for m in event.mentions] == [0.8, 0.6]
    assert store.event(coded["shelling"]).mentions[0].published is None


def test_an_unknown_event_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no event 42 in the store"):
        store.event(42)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"limit": -1}, "limit must be zero or more"),
        ({"offset": -1}, "offset must be zero or more"),
        ({"since": date(2024, 6, 2), "until": date(2024, 6, 1)}, "is after until"),
        ({"modality": "probable"}, "modality must be one of"),
    ],
)
def test_invalid_event_queries_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        EventQuery(**fields)
