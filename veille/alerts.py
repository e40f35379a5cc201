"""Watch rules and alerts: say which events matter, and be told once when one is stored.

Rules live in a YAML file::

    notifiers:                       # optional; without it every alert goes to the console
      console: {}
      log: {kind: jsonl, path: alerts.jsonl}
      hook: {kind: webhook, url: "https://example.org/hooks/veille", timeout: 5, retries: 3}
    rules:
      - name: ultimatum-iraq
        type: THREATEN               # a value or a list of values, for each matcher
        country: IRQ
        deadline_within_days: 45     # a deadline from today up to 45 days ahead
        notify: [console, log]       # default: every notifier
      - name: strikes-sudan
        type: ASSAULT
        country: SDN
        spike: {window_days: 1, baseline_days: 14, factor: 3, min_count: 5}

Matchers (all must hold): ``type``, ``mode``, ``actor`` (an actor id on
either side), ``country`` (of an actor or a recipient), ``modality``,
``keywords`` (any of them, ignoring case, in the trigger or evidence),
``deadline_within_days``. A rule with ``spike`` fires when the matching
events dated in the last ``window_days`` (ending today) are at least
``min_count`` and ``factor`` times as frequent, per day, as in the
``baseline_days`` before the window.

:func:`evaluate` runs the rules; each alert is stored
(:meth:`veille.store.Store.claim_alert`) before it is sent, keyed by rule
and event (or rule and window end for a spike), so it fires once across
runs and processes: at most once, as a crash between storing and sending
loses that sending. Notifiers are registered by kind
(:func:`register_notifier`): ``console`` (the alerts are returned for the
caller to show: the library prints nothing), ``jsonl`` (appended to a
file) and ``webhook`` (JSON POSTed, with a timeout and retries). A
notifier that fails is logged and recorded with the alert; it never stops
the evaluation, nor the ingest that ran it.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import logging
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import httpx
import yaml

from veille import _yaml
from veille.errors import ConfigError, NotFoundError, NotifyError, VeilleError
from veille.events import codes
from veille.store import EventQuery, Store, StoredEvent
from veille.store.queries import MODALITIES

__all__ = [
    "Alert",
    "ConsoleNotifier",
    "JsonlNotifier",
    "Notifier",
    "Rule",
    "RuleSet",
    "Spike",
    "WatchReport",
    "WebhookNotifier",
    "days_left",
    "evaluate",
    "load_rules",
    "notifier_kinds",
    "parse_rules",
    "register_notifier",
    "watch",
]

log = logging.getLogger(__name__)

MAX_RETRIES = 10
"""The most retries a webhook may ask for."""
MAX_SPIKE_EVENTS = 100
"""Event ids listed in a spike alert at most."""


# Rules


@dataclass(frozen=True, slots=True)
class Spike:
    """Fire when matching events in the last ``window_days`` outnumber the trailing baseline ``factor`` times."""

    window_days: int = 1
    baseline_days: int = 14
    factor: float = 3.0
    min_count: int = 3

    def fires(self, window: int, baseline: int) -> bool:
        """Whether ``window`` events in the window against ``baseline`` in the baseline make a spike."""
        if window < self.min_count:
            return False
        return window / self.window_days >= self.factor * baseline / self.baseline_days


@dataclass(frozen=True, slots=True)
class Rule:
    """A watch rule: what an event must be to fire it, and who to tell.

    Each tuple matcher holds when it is empty or when the event has one of
    its values. ``notify`` names notifiers of the rule file (empty: all).
    """

    name: str
    types: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    deadline_within_days: int | None = None
    spike: Spike | None = None
    notify: tuple[str, ...] = ()

    def query(self) -> EventQuery:
        """The store query that narrows the candidates (single-valued matchers only)."""
        return EventQuery(
            type=self.types[0] if len(self.types) == 1 else None,
            mode=self.modes[0] if len(self.modes) == 1 else None,
            modality=self.modalities[0] if len(self.modalities) == 1 else None,
            actor=self.actors[0] if len(self.actors) == 1 else None,
            country=self.countries[0] if len(self.countries) == 1 else None,
            has_deadline=True if self.deadline_within_days is not None else None,
        )

    def matches(self, event: StoredEvent, today: date) -> bool:
        """Whether ``event`` meets every matcher (the spike aside) on ``today``."""
        sides = event.actors + event.recipients
        if self.types and event.type not in self.types:
            return False
        if self.modes and event.mode not in self.modes:
            return False
        if self.modalities and event.modality not in self.modalities:
            return False
        if self.actors and not any(a.id in self.actors for a in sides):
            return False
        if self.countries and not any(a.country in self.countries for a in sides):
            return False
        if self.keywords and not _has_keyword(event, self.keywords):
            return False
        if self.deadline_within_days is not None:
            left = days_left(event, today)
            if left is None or not 0 <= left <= self.deadline_within_days:
                return False
        return True


def days_left(event: StoredEvent, today: date) -> int | None:
    """Days from ``today`` to the event's deadline (a month's deadline is its last day); ``None`` without one."""
    if not event.deadline:
        return None
    try:
        parts = [int(p) for p in event.deadline.split("-")]
    except ValueError:
        return None
    if len(parts) == 3:
        end = date(*parts)
    elif len(parts) == 2:
        end = (date(parts[0], parts[1], 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    else:
        end = date(parts[0], 12, 31)
    return (end - today).days


def _has_keyword(event: StoredEvent, keywords: Sequence[str]) -> bool:
    texts = [(event.record.get(key) or {}).get("text") or "" for key in ("trigger", "evidence")]
    haystack = " ".join(texts).casefold()
    return any(word.casefold() in haystack for word in keywords)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules and notifiers of a rule file."""

    rules: tuple[Rule, ...]
    notifiers: Mapping[str, Notifier]
    source: str = "rules"

    def notifiers_of(self, rule: Rule) -> list[Notifier]:
        """The notifiers ``rule`` tells (all of them when it names none)."""
        if not rule.notify:
            return list(self.notifiers.values())
        return [self.notifiers[name] for name in rule.notify]


_RULE_KEYS = (
    "name",
    "description",
    "type",
    "mode",
    "actor",
    "country",
    "modality",
    "keywords",
    "deadline_within_days",
    "spike",
    "notify",
)
_LIST_KEYS = ("type", "mode", "actor", "country", "modality", "notify")
_SPIKE_KEYS = ("window_days", "baseline_days", "factor", "min_count")


def _unknown(keys: Iterable[str], known: Sequence[str], where: str) -> None:
    for key in keys:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(known)}"
            raise ConfigError(f"{where}: unknown key {key!r}{hint}")


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ConfigError(f"{where}: {key} must be a text or a list of texts, not {value!r}")
    return tuple(v.strip() for v in values)


def _number(value: Any, key: str, where: str, kind: type[int] | type[float], minimum: float) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or (kind is int and not isinstance(value, int)):
        raise ConfigError(f"{where}: {key} must be {'a whole number' if kind is int else 'a number'}, not {value!r}")
    if value < minimum:
        raise ConfigError(f"{where}: {key} must be at least {minimum:g}, not {value!r}")
    return kind(value)


def _spike(value: Any, where: str) -> Spike:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: spike must be a mapping of {', '.join(_SPIKE_KEYS)}")
    _unknown(value, _SPIKE_KEYS, f"{where}, spike")
    defaults = Spike()
    return Spike(
        window_days=_number(value.get("window_days", defaults.window_days), "window_days", where, int, 1),
        baseline_days=_number(value.get("baseline_days", defaults.baseline_days), "baseline_days", where, int, 1),
        factor=_number(value.get("factor", defaults.factor), "factor", where, float, 0),
        min_count=_number(value.get("min_count", defaults.min_count), "min_count", where, int, 1),
    )


def _rule(data: Any, index: int, source: str, notifiers: Collection[str]) -> Rule:
    where = f"{source}: rule {index + 1}"
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: a rule must be a mapping with a name, not {data!r}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: every rule needs a name")
    where = f"{source}: rule {name!r}"
    _unknown(data, _RULE_KEYS, where)
    strings = {key: _strings(data[key], key, where) if key in data else () for key in _LIST_KEYS}
    types = tuple(t.upper() for t in strings["type"])
    for type_ in types:
        if type_ not in codes.EVENT_TYPES:
            raise ConfigError(
                f"{where}: {type_!r} is not a PLOVER event type; use one of {', '.join(codes.EVENT_TYPES)}"
            )
    for modality in strings["modality"]:
        if modality not in MODALITIES:
            raise ConfigError(f"{where}: modality {modality!r} is not one of {', '.join(MODALITIES)}")
    for target in strings["notify"]:
        if target not in notifiers:
            raise ConfigError(f"{where}: notifier {target!r} is not declared under notifiers: ({', '.join(notifiers)})")
    keywords = _strings(data["keywords"], "keywords", where) if "keywords" in data else ()
    within = data.get("deadline_within_days")
    return Rule(
        name=name.strip(),
        types=types,
        modes=strings["mode"],
        actors=strings["actor"],
        countries=tuple(c.upper() for c in strings["country"]),
        modalities=strings["modality"],
        keywords=keywords,
        deadline_within_days=None if within is None else _number(within, "deadline_within_days", where, int, 0),
        spike=_spike(data["spike"], where) if "spike" in data else None,
        notify=strings["notify"],
    )


def load_rules(path: str | Path) -> RuleSet:
    """Read and check a rule file; :class:`ConfigError` naming the file, the rule and the problem."""
    source = str(path)
    try:
        data = _yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{source}: rule file not found") from None
    except OSError as exc:
        raise ConfigError(f"{source}: cannot read the rule file: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML: {' '.join(str(exc).split())}") from exc
    return parse_rules(data, source)


def parse_rules(data: Any, source: str = "rules") -> RuleSet:
    """Check the content of a rule file (as :func:`yaml.safe_load` gives it)."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or not data["rules"]:
        raise ConfigError(f"{source}: a rule file is a mapping with a non-empty list under 'rules:'")
    _unknown(data, ("rules", "notifiers"), source)
    declared = data.get("notifiers") or {"console": {}}
    if not isinstance(declared, dict):
        raise ConfigError(f"{source}: notifiers must be a mapping of names to settings")
    notifiers = {str(name): _notifier(str(name), config, source) for name, config in declared.items()}
    rules = tuple(_rule(item, i, source, notifiers) for i, item in enumerate(data["rules"]))
    names = [r.name for r in rules]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"{source}: two rules are called {name!r}: rule names must be unique")
    return RuleSet(rules, notifiers, source)


# Alerts and notifiers


@dataclass(slots=True)
class Alert:
    """One firing of a rule, for an event or a spike.

    ``key`` is ``event:<id>`` or ``spike:<window end>``; ``payload`` is what
    notifiers are sent; ``delivery`` maps each notifier to ``sent`` or
    ``failed: <reason>``; ``id`` is the stored alert's.
    """

    rule: str
    key: str
    event_id: int | None
    message: str
    payload: dict[str, Any]
    id: int | None = None
    delivery: dict[str, str] = field(default_factory=dict)


class Notifier(Protocol):
    """Something that tells someone about an alert. ``send`` raises :class:`NotifyError` when it cannot."""

    name: str

    def send(self, alert: Alert) -> None: ...


class ConsoleNotifier:
    """Keeps the alerts for the caller to show (the CLI prints them): the library prints nothing."""

    def __init__(self, name: str = "console") -> None:
        self.name = name
        self.alerts: list[Alert] = []

    def send(self, alert: Alert) -> None:
        self.alerts.append(alert)


class JsonlNotifier:
    """Appends each alert's payload to a file, one JSON object per line."""

    def __init__(self, name: str, path: str | Path) -> None:
        self.name = name
        self.path = Path(path)

    def send(self, alert: Alert) -> None:
        try:
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(alert.payload, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise NotifyError(f"{self.path}: cannot append the alert: {exc.strerror or exc}") from exc


class WebhookNotifier:
    """POSTs each alert's payload as JSON to a URL.

    A timeout, a connection error, a 429 or a 5xx answer is tried again, up
    to ``retries`` more times, waiting ``backoff`` seconds, then twice as
    long each time; another 4xx answer fails at once.
    """

    def __init__(
        self,
        name: str,
        url: str,
        timeout: float = 5.0,
        retries: int = 3,
        backoff: float = 0.5,
        headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.name = name
        self.url = url
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.headers = dict(headers or {})
        self._transport = transport

    def send(self, alert: Alert) -> None:
        problem = ""
        with httpx.Client(timeout=self.timeout, transport=self._transport, headers=self.headers) as client:
            for attempt in range(self.retries + 1):
                if attempt:
                    time.sleep(self.backoff * 2 ** (attempt - 1))
                try:
                    response = client.post(self.url, json=alert.payload)
                except httpx.TimeoutException:
                    problem = f"no answer within {self.timeout:g} s"
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                else:
                    if response.status_code < 300:
                        return
                    problem = f"HTTP {response.status_code}"
                    if response.status_code < 500 and response.status_code != 429:
                        break
                log.info("%s: alert %s: %s (attempt %d)", self.url, alert.key, problem, attempt + 1)
        raise NotifyError(f"{self.url}: the webhook refused alert {alert.rule!r} {alert.key}: {problem}")


NotifierFactory = Callable[[str, Mapping[str, Any]], Notifier]
_NOTIFIERS: dict[str, NotifierFactory] = {}


def register_notifier(kind: str, factory: NotifierFactory) -> None:
    """Make notifiers of ``kind`` available to rule files: ``factory(name, settings)`` builds one."""
    _NOTIFIERS[kind] = factory


def notifier_kinds() -> list[str]:
    """The kinds a rule file may declare."""
    return list(_NOTIFIERS)


def _settings(config: Mapping[str, Any], allowed: Sequence[str], where: str) -> dict[str, Any]:
    _unknown(config, allowed, where)
    return {k: v for k, v in config.items() if k != "kind"}


def _console(name: str, config: Mapping[str, Any]) -> Notifier:
    _settings(config, ("kind",), f"notifier {name!r}")
    return ConsoleNotifier(name)


def _jsonl(name: str, config: Mapping[str, Any]) -> Notifier:
    where = f"notifier {name!r}"
    options = _settings(config, ("kind", "path"), where)
    if not isinstance(options.get("path"), str):
        raise ConfigError(f"{where}: a jsonl notifier needs a path")
    return JsonlNotifier(name, options["path"])


def _webhook(name: str, config: Mapping[str, Any]) -> Notifier:
    where = f"notifier {name!r}"
    options = _settings(config, ("kind", "url", "timeout", "retries", "backoff", "headers"), where)
    url = options.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: a webhook needs an http(s) url, not {url!r}")
    retries = _number(options.get("retries", 3), "retries", where, int, 0)
    if retries > MAX_RETRIES:
        raise ConfigError(f"{where}: retries must be at most {MAX_RETRIES}, not {retries}")
    headers = options.get("headers") or {}
    if not isinstance(headers, dict):
        raise ConfigError(f"{where}: headers must be a mapping of names to values")
    return WebhookNotifier(
        name,
        url,
        timeout=_number(options.get("timeout", 5.0), "timeout", where, float, 0.001),
        retries=retries,
        backoff=_number(options.get("backoff", 0.5), "backoff", where, float, 0),
        headers={str(k): str(v) for k, v in headers.items()},
    )


register_notifier("console", _console)
register_notifier("jsonl", _jsonl)
register_notifier("webhook", _webhook)


def _notifier(name: str, config: Any, source: str) -> Notifier:
    config = config or {}
    if not isinstance(config, dict):
        raise ConfigError(f"{source}: notifier {name!r} must be a mapping of settings")
    kind = config.get("kind", name)
    factory = _NOTIFIERS.get(kind)
    if factory is None:
        raise ConfigError(
            f"{source}: notifier {name!r} has unknown kind {kind!r}: use one of {', '.join(notifier_kinds())}"
        )
    try:
        return factory(name, config)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None


# Evaluation


@dataclass(slots=True)
class WatchReport:
    """What an evaluation did: the alerts it fired, those for the console, and failed deliveries."""

    fired: list[Alert] = field(default_factory=list)
    console: list[Alert] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """``"2 alerts fired, 1 delivery failed"``."""
        alerts = "alert" if len(self.fired) == 1 else "alerts"
        text = f"{len(self.fired)} {alerts} fired"
        if self.failures:
            text += f", {len(self.failures)} {'delivery' if len(self.failures) == 1 else 'deliveries'} failed"
        return text


def _event_payload(event: StoredEvent, today: date) -> dict[str, Any]:
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "modality": event.modality,
        "date": event.date,
        "deadline": event.deadline,
        "days_left": days_left(event, today),
        "actors": [a.name for a in event.actors],
        "recipients": [a.name for a in event.recipients],
        "countries": list(dict.fromkeys(a.country for a in event.actors + event.recipients if a.country)),
        "locations": [p.name for p in event.locations],
        "trigger": (event.record.get("trigger") or {}).get("text"),
        "evidence": (event.record.get("evidence") or {}).get("text"),
        "confidence": event.confidence,
        "sources": event.sources,
    }


def _event_alert(rule: Rule, event: StoredEvent, today: date, now: datetime) -> Alert:
    who = ", ".join(a.name for a in event.actors) or "?"
    if event.recipients:
        who += " → " + ", ".join(a.name for a in event.recipients)
    message = f"[{rule.name}] {event.type} ({event.modality}) {who}, {event.date or 'date unknown'}"
    left = days_left(event, today)
    if left is not None:
        message += f"; deadline {event.deadline} ({left} days left)"
    key = f"event:{event.id}"
    payload = {
        "rule": rule.name,
        "kind": "event",
        "key": key,
        "message": message,
        "today": today.isoformat(),
        "fired_at": now.isoformat(),
        "event": _event_payload(event, today),
    }
    return Alert(rule.name, key, event.id, message, payload)


def _spike_alert(rule: Rule, store: Store, today: date, now: datetime) -> Alert | None:
    spike = rule.spike
    assert spike is not None
    window_start = today - timedelta(days=spike.window_days - 1)
    baseline_start = window_start - timedelta(days=spike.baseline_days)
    query = dataclasses.replace(rule.query(), since=baseline_start, until=today)
    window: list[int] = []
    baseline = 0
    for event in store.iter_events(query):
        if event.date_granularity != "day" or event.date is None or not rule.matches(event, today):
            continue
        if date.fromisoformat(event.date) >= window_start:
            window.append(event.id)
        else:
            baseline += 1
    if not spike.fires(len(window), baseline):
        return None
    key = f"spike:{today.isoformat()}"
    message = (
        f"[{rule.name}] spike: {len(window)} events in {spike.window_days} days to {today} "
        f"against {baseline} in the {spike.baseline_days} days before"
    )
    payload = {
        "rule": rule.name,
        "kind": "spike",
        "key": key,
        "message": message,
        "today": today.isoformat(),
        "fired_at": now.isoformat(),
        "spike": {
            "window_start": window_start.isoformat(),
            "window_end": today.isoformat(),
            "count": len(window),
            "baseline_start": baseline_start.isoformat(),
            "baseline_count": baseline,
            "factor": spike.factor,
            "event_ids": window[:MAX_SPIKE_EVENTS],
        },
    }
    return Alert(rule.name, key, None, message, payload)


def _deliver(alert: Alert, notifiers: Sequence[Notifier], report: WatchReport) -> None:
    for notifier in notifiers:
        try:
            notifier.send(alert)
        except VeilleError as exc:
            log.warning("alert %s %s: %s", alert.rule, alert.key, exc)
            alert.delivery[notifier.name] = f"failed: {exc}"
            report.failures.append(f"{notifier.name}: {exc}")
            continue
        alert.delivery[notifier.name] = "sent"
        if isinstance(notifier, ConsoleNotifier):
            report.console.append(alert)


def _fire(store: Store, rules: RuleSet, rule: Rule, alert: Alert, now: datetime, report: WatchReport) -> None:
    """Store ``alert`` unless it fired before, then send it and record what each notifier did."""
    alert.id = store.claim_alert(rule.name, alert.key, alert.event_id, alert.payload, now)
    if alert.id is None:
        return
    _deliver(alert, rules.notifiers_of(rule), report)
    store.record_delivery(alert.id, alert.delivery)
    report.fired.append(alert)


def _candidates(store: Store, rule: Rule, event_ids: Collection[int] | None) -> Iterable[StoredEvent]:
    if event_ids is None:
        return store.iter_events(rule.query())
    return (event for i in sorted(set(event_ids)) if (event := _event_or_none(store, i)) is not None)


def _event_or_none(store: Store, event_id: int) -> StoredEvent | None:
    """The event, or ``None`` if it was merged away or removed since it was listed."""
    try:
        return store.event(event_id)
    except NotFoundError:
        return None


def evaluate(
    store: Store,
    rules: RuleSet,
    today: date | None = None,
    event_ids: Collection[int] | None = None,
    now: datetime | None = None,
) -> WatchReport:
    """Run every rule on the stored events (or only events ``event_ids``, after an ingest).

    ``today`` (default: today) anchors deadlines and spike windows; ``now``
    (default: now) is when alerts fire. Alerts fired before are not fired
    again. Notifier failures are logged and recorded, never raised.
    """
    today = today or date.today()
    now = now or datetime.now(UTC)
    report = WatchReport()
    for rule in rules.rules:
        if rule.spike is not None:
            alert = _spike_alert(rule, store, today, now)
            if alert is not None:
                _fire(store, rules, rule, alert, now, report)
            continue
        for event in _candidates(store, rule, event_ids):
            if rule.matches(event, today):
                _fire(store, rules, rule, _event_alert(rule, event, today, now), now, report)
    log.info("%s: %s", rules.source, report.summary())
    return report


def watch(
    store: Store, rules_path: str | Path, today: date | None = None, article_ids: Collection[int] | None = None
) -> WatchReport:
    """Load the rule file ``rules_path`` and :func:`evaluate` it (on the events of ``article_ids`` if given)."""
    rules = load_rules(rules_path)
    event_ids = None if article_ids is None else store.events_reported_by(article_ids)
    return evaluate(store, rules, today, event_ids)
