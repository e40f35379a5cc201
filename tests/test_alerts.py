"""Watch rules: validation, matching, once-only firing, spikes, and the notifiers (a local webhook server)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from coded_events import fill

from veille.alerts import Alert, WebhookNotifier, evaluate, parse_rules, watch
from veille.cli import main
from veille.errors import ConfigError, NotifyError
from veille.store import Store, open_store

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ULTIMATUM = {"name": "ultimatums", "type": "THREATEN", "deadline_within_days": 45}


@pytest.fixture
def filled(store: Store) -> Store:
    return fill(store)


def _rules(*rules: dict[str, Any], notifiers: dict[str, Any] | None = None) -> Any:
    data: dict[str, Any] = {"rules": list(rules)}
    if notifiers is not None:
        data["notifiers"] = notifiers
    return parse_rules(data, "rules.yml")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rules": []}, "rules.yml: a rule file is a mapping with a non-empty list under 'rules:'"),
        ({"rules": [{"type": "THREATEN"}]}, "rules.yml: rule 1: every rule needs a name"),
        ({"rules": [{"name": "x", "typ": "THREATEN"}]}, "rule 'x': unknown key 'typ'; did you mean 'type'?"),
        ({"rules": [{"name": "x", "type": "THREAT"}]}, "rule 'x': 'THREAT' is not a PLOVER event type"),
        ({"rules": [{"name": "x", "modality": "maybe"}]}, "rule 'x': modality 'maybe' is not one of"),
        ({"rules": [{"name": "x", "deadline_within_days": -1}]}, "deadline_within_days must be at least 0"),
        ({"rules": [{"name": "x", "spike": {"window": 2}}]}, "rule 'x', spike: unknown key 'window'"),
        ({"rules": [{"name": "x", "notify": ["pager"]}]}, "rule 'x': notifier 'pager' is not declared"),
        ({"rules": [{"name": "x"}, {"name": "x"}]}, "two rules are called 'x'"),
        ({"rules": [{"name": "x"}], "notifiers": {"h": {"kind": "webhook"}}}, "notifier 'h': a webhook needs"),
        ({"rules": [{"name": "x"}], "notifiers": {"p": {"kind": "pager"}}}, "notifier 'p' has unknown kind 'pager'"),
    ],
)
def test_bad_rules_are_refused_naming_the_file_and_the_rule(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("?", r"\?")):
        parse_rules(data, "rules.yml")


def test_a_missing_or_broken_rule_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="rule file not found"):
        watch(None, tmp_path / "none.yml")  # type: ignore[arg-type]
    broken = tmp_path / "broken.yml"
    broken.write_text("rules: [name: x", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.yml: not valid YAML"):
        watch(None, broken)  # type: ignore[arg-type]


def test_a_deadline_rule_fires_once_and_not_again(filled: Store) -> None:
    rules = _rules(ULTIMATUM)
    first = evaluate(filled, rules, today=date(2024, 6, 10))
    assert [(a.rule, a.event_id) for a in first.fired] == [("ultimatums", 2)]
    assert first.console == first.fired and first.fired[0].delivery == {"console": "sent"}
    assert "deadline 2024-07-06 (26 days left)" in first.fired[0].message
    assert evaluate(filled, rules, today=date(2024, 6, 11)).fired == []
    (stored,) = filled.alerts()
    assert (stored.rule, stored.key, stored.event_id, stored.delivery) == (
        "ultimatums",
        "event:2",
        2,
        {"console": "sent"},
    )


@pytest.mark.parametrize(
    ("today", "fires"),
    [(date(2024, 5, 21), False), (date(2024, 5, 22), True), (date(2024, 7, 6), True), (date(2024, 7, 7), False)],
)
def test_the_deadline_must_fall_in_the_window(filled: Store, today: date, fires: bool) -> None:
    report = evaluate(filled, _rules(ULTIMATUM), today=today)
    assert bool(report.fired) is fires


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"country": "PSE"}, [1]),
        ({"country": ["FRA", "PSE"]}, [1, 3, 4]),
        ({"actor": "irq-militants"}, [2]),
        ({"type": ["PROTEST", "CONSULT"], "modality": "asserted"}, [3, 4]),
        ({"mode": "aerial"}, [1]),
        ({"keywords": ["MARCHED", "talks"]}, [3, 4]),
        ({"modality": ["hypothetical"]}, [2]),
    ],
)
def test_matchers(filled: Store, rule: dict[str, Any], expected: list[int]) -> None:
    report = evaluate(filled, _rules({"name": "r", **rule}), today=date(2024, 6, 10))
    assert sorted(a.event_id for a in report.fired if a.event_id is not None) == expected


def test_a_spike_fires_once_per_window_end(filled: Store) -> None:
    spike = {"name": "busy", "spike": {"window_days": 3, "baseline_days": 10, "factor": 2, "min_count": 3}}
    report = evaluate(filled, _rules(spike), today=date(2024, 6, 6))
    (alert,) = report.fired
    assert (alert.key, alert.payload["spike"]["count"], alert.payload["spike"]["baseline_count"]) == (
        "spike:2024-06-06",
        3,
        1,
    )
    assert evaluate(filled, _rules(spike), today=date(2024, 6, 6)).fired == []
    quiet = {"name": "quiet", "spike": {"window_days": 1, "baseline_days": 10, "factor": 2, "min_count": 2}}
    assert evaluate(filled, _rules(quiet), today=date(2024, 6, 6)).fired == []


def test_the_jsonl_notifier_appends_what_can_be_read_back(filled: Store, tmp_path: Path) -> None:
    path = tmp_path / "alerts.jsonl"
    rules = _rules({**ULTIMATUM, "notify": ["file"]}, notifiers={"file": {"kind": "jsonl", "path": str(path)}})
    report = evaluate(filled, rules, today=date(2024, 6, 10))
    assert report.console == []
    (line,) = [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines()]
    assert (line["rule"], line["key"], line["event"]["deadline"], line["event"]["days_left"]) == (
        "ultimatums",
        "event:2",
        "2024-07-06",
        26,
    )


class _Hook(BaseHTTPRequestHandler):
    """Answers with the next status of ``server.statuses`` (200 when none is left); 'sleep' stalls the answer."""

    def do_POST(self) -> None:
        server: Any = self.server
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        status = server.statuses.pop(0) if server.statuses else 200
        server.received.append((status, body))
        if status == "sleep":
            server.release.wait(5)
            status = 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[Any]:
    server: Any = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.statuses, server.received, server.release = [], [], threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def _alert() -> Alert:
    return Alert("r", "event:1", 1, "message", {"rule": "r", "key": "event:1"})


def _url(server: Any) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/alerts"


def test_the_webhook_retries_after_a_server_error(hook: Any) -> None:
    hook.statuses = [500]
    WebhookNotifier("hook", _url(hook), timeout=2, retries=2, backoff=0.01).send(_alert())
    assert [status for status, _ in hook.received] == [500, 200]
    assert hook.received[-1][1] == {"rule": "r", "key": "event:1"}


def test_the_webhook_retries_after_a_timeout(hook: Any) -> None:
    hook.statuses = ["sleep"]
    WebhookNotifier("hook", _url(hook), timeout=0.2, retries=1, backoff=0.01).send(_alert())
    assert [status for status, _ in hook.received] == ["sleep", 200]


def test_a_webhook_that_keeps_failing_is_recorded_not_raised(filled: Store, hook: Any) -> None:
    hook.statuses = [503, 503, 503]
    notifiers = {"hook": {"kind": "webhook", "url": _url(hook), "retries": 2, "backoff": 0.01, "timeout": 2}}
    report = evaluate(filled, _rules(ULTIMATUM, notifiers=notifiers), today=date(2024, 6, 10))
    assert len(hook.received) == 3
    (alert,) = report.fired
    assert alert.delivery["hook"].startswith("failed:") and "HTTP 503" in alert.delivery["hook"]
    assert filled.alerts()[0].delivery == alert.delivery and len(report.failures) == 1


def test_a_client_error_is_not_retried(hook: Any) -> None:
    hook.statuses = [404]
    with pytest.raises(NotifyError, match="HTTP 404"):
        WebhookNotifier("hook", _url(hook), timeout=2, retries=3, backoff=0.01).send(_alert())
    assert len(hook.received) == 1


def test_the_sample_ultimatum_alerts_once_from_the_cli(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'veille.db'}"
    rules = tmp_path / "watch.yml"
    rules.write_text("rules:\n  - {name: ultimatums, type: THREATEN, deadline_within_days: 45}\n", encoding="utf-8")
    runner = CliRunner()
    sample = str(SAMPLES / "fr" / "irak-delai-milices.txt")
    ingested = runner.invoke(main, ["--db", db, "ingest", "--published", "2025-06-02", "--watch", str(rules), sample])
    assert ingested.exit_code == 0, ingested.output
    # Ingested on 2025-06-02, its 30-day deadline is 2025-07-02: evaluated on the real today, it may be past.
    with open_store(db) as store:
        fired_at_ingest = len(store.alerts())
        (ultimatum,) = [e for e in store.events() if e.deadline]
        assert ultimatum.deadline == "2025-07-02"
    first = runner.invoke(main, ["--db", db, "watch", str(rules), "--today", "2025-06-10"])
    assert first.exit_code == 0, first.output
    expected = 0 if fired_at_ingest else 1
    assert first.output.count("[ultimatums] THREATEN") == expected
    again = runner.invoke(main, ["--db", db, "watch", str(rules), "--today", "2025-06-11"])
    assert again.exit_code == 0 and "[ultimatums]" not in again.output
    with open_store(db) as store:
        assert [(a.rule, a.event_id) for a in store.alerts()] == [("ultimatums", ultimatum.id)]


def test_the_example_rule_file_loads() -> None:
    from veille.alerts import load_rules

    rules = load_rules(SAMPLES.parent / "examples" / "watch.yml")
    assert [r.name for r in rules.rules] == ["ultimatums", "iraq-militias", "strikes-spike"]
    assert set(rules.notifiers) == {"console", "log"}
