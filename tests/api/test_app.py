"""The REST API with FastAPI's TestClient: each endpoint, the filters, paging, the token, the limits, the errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from veille.api import create_app
from veille.config import Settings

# Starlette's TestClient prefers httpx2; the httpx it runs on here works the same.
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")

TOKEN = "test-token-0123456789"
MARKUP_ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "api" / "ultimatum-markup.txt"


@pytest.fixture(scope="module")
def client(samples_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(samples_db)) as client:
        yield client


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(db=f"sqlite:///{tmp_path / 'w.db'}", max_document_bytes=5_000)
    with TestClient(create_app(settings, token=TOKEN)) as client:
        yield client


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.text
    return [e["id"] for e in response.json()["items"]]


def test_health_and_schema(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok", "version": client.app.version, "writable": False}
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/articles", "/articles/{article_id}", "/events", "/events/{event_id}", "/actors", "/deadlines"} <= set(
        paths
    )
    assert {"/stats", "/ingest", "/health"} <= set(paths)
    assert "StoredEvent" in client.get("/openapi.json").text


def test_events_page_by_page(client: TestClient) -> None:
    first = client.get("/events?limit=10").json()
    assert len(first["items"]) == 10 and first["next_offset"] == 10
    second = _ids(client.get("/events?limit=10&offset=10"))
    assert not set(second) & {e["id"] for e in first["items"]}
    everything = client.get("/events?limit=500").json()
    # The event coder decides how many events the samples hold; the listing and the counts agree on it.
    assert everything["next_offset"] is None and len(everything["items"]) == client.get("/stats").json()["events"]


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("type=sanction", lambda e: e["type"] == "SANCTION"),
        ("modality=future", lambda e: e["modality"] == "future"),
        ("country=RUS", lambda e: "RUS" in {a["country"] for a in e["actors"] + e["recipients"]}),
        ("has_deadline=true", lambda e: e["deadline"] is not None),
        ("since=2025-10-01&until=2025-10-08", lambda e: "2025-10-01" <= e["date"] <= "2025-10-08"),
        ("bbox=27,-5,31,0", lambda e: any(-5 <= p["lat"] <= 0 for p in e["locations"])),
        ("q=junta", lambda e: e["type"] == "THREATEN"),
        ("actor=rus", lambda e: "rus" in {a["id"] for a in e["actors"] + e["recipients"]}),
    ],
)
def test_event_filters(client: TestClient, query: str, check: Any) -> None:
    items = client.get(f"/events?limit=500&{query}").json()["items"]
    assert items and all(check(e) for e in items)


def test_sort_and_dyad(client: TestClient) -> None:
    items = client.get("/events?limit=500&sort=-confidence").json()["items"]
    assert [e["confidence"] for e in items] == sorted((e["confidence"] for e in items), reverse=True)
    dyad = client.get("/stats").json()["dyads"][0]
    found = client.get(f"/events?dyad={dyad['actor']},{dyad['recipient']}&limit=500").json()["items"]
    assert len(found) == dyad["events"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("sort=size", "sort must be one of"),
        ("bbox=1,2,3", "bbox must be WEST,SOUTH,EAST,NORTH"),
        ("dyad=ISR", "dyad must be two country codes"),
        ("since=2025-10-08&until=2025-10-01", "is after until"),
        ("limit=100000", "limit"),
        ("since=yesterday", "since"),
    ],
)
def test_bad_filters_are_422_with_a_message(client: TestClient, query: str, message: str) -> None:
    response = client.get(f"/events?{query}")
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidRequest" and message in response.json()["detail"]


def test_an_event_has_its_mentions_with_evidence(client: TestClient) -> None:
    (threat,) = client.get("/events?q=junta").json()["items"]
    event = client.get(f"/events/{threat['id']}").json()
    (mention,) = event["mentions"]
    assert mention["record"]["evidence"]["text"].startswith("ECOWAS threatened")
    assert event["deadline"] == "2025-06-17"


def test_unknown_ids_are_404_with_a_clear_body(client: TestClient) -> None:
    for path, what in (("/events/9999", "no event 9999"), ("/articles/9999", "no article 9999")):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"] == "NotFoundError" and what in response.json()["detail"]


def test_articles_and_one_article_with_its_spans(client: TestClient) -> None:
    listed = client.get("/articles?limit=100").json()
    assert len(listed) == 10 and "text" not in listed[0]
    assert {a["language"] for a in client.get("/articles?language=fr").json()} == {"fr"}
    (markup,) = [a for a in listed if a["source"].endswith(MARKUP_ARTICLE.name)]
    article = client.get(f"/articles/{markup['id']}").json()
    assert article["text"] == MARKUP_ARTICLE.read_text(encoding="utf-8")
    kinds = {s["kind"] for s in article["spans"]}
    assert {"actor", "place", "trigger", "deadline"} <= kinds
    for span in article["spans"]:
        assert article["text"][span["start"] : span["end"]] == span["text"]
    (trigger,) = [s for s in article["spans"] if s["kind"] == "trigger"]
    assert trigger["text"] == "threatened" and trigger["events"] == [0]
    assert len(article["event_ids"]) == 1


def test_actors_search(client: TestClient) -> None:
    actors = client.get("/actors?q=russia").json()
    assert actors[0]["id"] == "rus" and actors[0]["events"] >= 1
    assert client.get("/actors?q=nobody-at-all").json() == []


def test_deadlines_run_until_they_expire(client: TestClient) -> None:
    (running,) = client.get("/deadlines?today=2025-06-10").json()
    assert (running["expires"], running["days_left"], running["event"]["type"]) == ("2025-06-17", 7, "THREATEN")
    assert client.get("/deadlines?today=2025-06-18").json() == []


def test_stats_per_day_type_country_and_dyads(client: TestClient) -> None:
    stats = client.get("/stats").json()
    assert stats["events"] > 20
    assert sum(r["events"] for r in stats["by_day"]) >= stats["events"]
    only = client.get("/stats?type=SANCTION").json()
    assert only["events"] >= 1 and {r["type"] for r in only["by_day"]} == {"SANCTION"}


def test_ingest_is_off_without_a_token(client: TestClient) -> None:
    response = client.post("/ingest", json={"documents": [{"text": "Hello."}]})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]


def test_ingest_needs_the_token(writable: TestClient) -> None:
    body = {"documents": [{"text": "Hello."}]}
    response = writable.post("/ingest", json=body)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert writable.post("/ingest", json=body, headers={"Authorization": "Bearer wrong-token"}).status_code == 401


def test_ingest_documents_and_urls(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    text = MARKUP_ARTICLE.read_text(encoding="utf-8")
    body = {
        "documents": [{"text": text, "id": "ecowas", "published": "2025-06-10"}, {"text": "   "}],
        "urls": ["http://127.0.0.1:9/feed.xml"],
    }
    response = writable.post("/ingest", json=body, headers=auth)
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["stored"], result["failed"]) == (1, 2)
    stored, empty, url = result["outcomes"]
    assert stored["source"] == "ecowas" and stored["status"] == "stored"
    assert empty["source"] == "documents[1]" and empty["status"] == "failed"
    assert url["source"] == "http://127.0.0.1:9/feed.xml" and "allow" in url["message"].lower()
    again = writable.post("/ingest", json=body, headers=auth).json()
    assert again["outcomes"][0]["status"] == "duplicate"
    assert writable.get("/events?q=junta").json()["items"][0]["deadline"] == "2025-06-17"


def test_ingest_refuses_an_empty_request_and_a_large_body(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert writable.post("/ingest", json={}, headers=auth).status_code == 422
    response = writable.post("/ingest", json={"documents": [{"text": "x" * 20_000}]}, headers=auth)
    assert response.status_code == 413
    assert response.json()["error"] == "TooLarge" and "10,000 bytes" in response.json()["detail"]


def test_dashboard_pages_carry_a_content_security_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/world.json").json()["countries"]
    assert "access-control-allow-origin" not in client.get("/health", headers={"Origin": "http://evil.example"}).headers


def test_cors_when_configured(samples_db: str) -> None:
    with TestClient(create_app(samples_db, cors_origins=("http://ok.example",))) as client:
        response = client.get("/health", headers={"Origin": "http://ok.example"})
        assert response.headers["access-control-allow-origin"] == "http://ok.example"
