"""Scores a system's events against gold articles, as ``shared/eval/GUIDE.md`` says.

Gold is JSON Lines, one article per line with its events (:func:`load_gold`); the
system output is JSON Lines of analysis records as ``veille analyze --json``
prints them (:func:`load_system`). :func:`score` compares them::

    report = score(load_gold("eval/dev/"), load_system("run.jsonl"))
    print(report.format_table())
    json.dumps(report.to_dict())

How a pair is matched and scored (the decisions the guide leaves open are
explained in ``docs/evaluation.md``):

1. Per article, a system event *can* match a gold event when the types are
   equal and, for each of actor and recipient, the gold list is empty or a
   system actor shares a country code with a gold actor.
2. The events are matched one-to-one, against every gold event, required or
   not. Among all one-to-one matchings the scorer takes one with, in order of
   priority, (a) the most pairs, (b) the most pairs with a required gold
   event, (c) the most agreeing fields (mode, modality, date ...). It is a
   maximum-weight bipartite matching with weights that encode that order,
   solved exactly with the Hungarian algorithm (articles hold tens of events).
   (a) and (b) can always be had together, so the matching both minimises
   false positives and maximises true positives.
3. A pair with a required gold event is a true positive; a pair with an
   optional one counts nowhere. An unmatched system event is a false
   positive, an unmatched required gold event a false negative, an unmatched
   optional gold event nothing.
4. Fields are judged on every matched pair, optional gold events included.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeAlias

from veille.errors import DataError, MalformedInputError
from veille.events import codes

__all__ = [
    "FIELDS",
    "MODALITIES",
    "ArticleResult",
    "EvalReport",
    "EventCounts",
    "GoldActor",
    "GoldArticle",
    "GoldDate",
    "GoldEvent",
    "GoldPlace",
    "PairResult",
    "Scores",
    "SystemActor",
    "SystemEvent",
    "SystemRecord",
    "Tally",
    "load_gold",
    "load_system",
    "parse_system_events",
    "score",
]

_log = logging.getLogger(__name__)

SystemRecord: TypeAlias = Mapping[str, Any]
"""One analysis record as OUTPUT.md describes it (a parsed JSON object)."""

Granularity = Literal["day", "month", "year"]
ArticleStatus = Literal["scored", "error", "missing"]

MODALITIES = ("asserted", "alleged", "future", "hypothetical", "negated")
"""The modality values of GUIDE.md."""

FIELDS = ("actor_name", "recipient_name", "date", "location", "attribution", "deadline", "mode")
"""The fields judged on matched pairs, besides modality (reported on its own, twice).

``mode`` is not in GUIDE.md's score: it is reported for developers, and no
headline figure depends on it.
"""

_DATE_WIDTH: dict[str, int] = {"day": 10, "month": 7, "year": 4}
_DATE_FORMAT = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Typography, not content: curly and straight apostrophes, quotes and dashes compare equal.
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("’‘`´ʼ′", "'"),
        **dict.fromkeys("“”«»„", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True, slots=True)
class GoldActor:
    """A participant of a gold event: its name, other names, ISO3 (or IGO ...) country and sector."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    sector: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class GoldPlace:
    """Where a gold event happened."""

    name: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDate:
    """An ISO date at a granularity: ``2024-04-15`` (day), ``2024-04`` (month) or ``2024`` (year)."""

    value: str
    granularity: Granularity


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One event of a gold article (GUIDE.md, "An EVENT")."""

    id: str
    type: str
    mode: str | None
    required: bool
    actors: tuple[GoldActor, ...]
    recipients: tuple[GoldActor, ...]
    date: GoldDate | None
    locations: tuple[GoldPlace, ...]
    modality: str
    attribution: str | None
    deadline: str | None
    trigger: str = ""
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """A gold article: its id, language (for the breakdown) and events."""

    id: str
    language: str
    events: tuple[GoldEvent, ...]
    url: str | None = None
    published: str | None = None
    text: str = ""

    @classmethod
    def from_dict(cls, data: Any, source: str = "gold") -> GoldArticle:
        """Parse and check one gold article (a parsed JSON line); :class:`DataError` naming ``source`` if invalid."""
        return _parse_gold_article(data, source)


def _gold_fail(source: str, message: str) -> DataError:
    return DataError(f"{source}: {message}; fix the gold file")


def _gold_str(data: Mapping[str, Any], key: str, source: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _gold_fail(source, f"{key!r} must be a non-empty string")
    return value


def _gold_optional_str(data: Mapping[str, Any], key: str, source: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise _gold_fail(source, f"{key!r} must be a string or null")
    return value if value and value.strip() else None


def _gold_list(data: Mapping[str, Any], key: str, source: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _gold_fail(source, f"{key!r} must be a list")
    return value


def _parse_gold_actor(raw: Any, source: str) -> GoldActor:
    if not isinstance(raw, dict):
        raise _gold_fail(source, "an actor must be an object with a 'name'")
    name = _gold_str(raw, "name", source)
    aliases = _gold_list(raw, "aliases", source)
    if not all(isinstance(alias, str) for alias in aliases):
        raise _gold_fail(source, f"the aliases of {name!r} must be strings")
    return GoldActor(
        name=name,
        aliases=tuple(aliases),
        country=_gold_optional_str(raw, "country", source),
        sector=_gold_optional_str(raw, "sector", source),
    )


def _parse_gold_event(raw: Any, source: str) -> GoldEvent:
    if not isinstance(raw, dict):
        raise _gold_fail(source, "an event must be an object")
    event_id = _gold_str(raw, "id", source)
    where = f"{source} event {event_id!r}"
    type_ = _gold_str(raw, "type", where)
    mode = _gold_optional_str(raw, "mode", where)
    if not codes.is_valid(type_, mode):
        if not codes.is_valid(type_):
            raise _gold_fail(where, f"{type_!r} is not a PLOVER event type")
        raise _gold_fail(where, f"{mode!r} is not a mode of {type_}; its modes are {', '.join(codes.modes(type_))}")
    required = raw.get("required", True)
    if not isinstance(required, bool):
        raise _gold_fail(where, "'required' must be true or false")
    modality = _gold_str(raw, "modality", where)
    if modality not in MODALITIES:
        raise _gold_fail(where, f"modality {modality!r} is not one of {', '.join(MODALITIES)}")
    date: GoldDate | None = None
    raw_date = raw.get("date")
    if raw_date is not None:
        if not isinstance(raw_date, dict):
            raise _gold_fail(where, "'date' must be an object with 'value' and 'granularity', or null")
        value, granularity = raw_date.get("value"), raw_date.get("granularity")
        if granularity not in _DATE_FORMAT:
            raise _gold_fail(where, f"date granularity {granularity!r} is not day, month or year")
        if not isinstance(value, str) or not _DATE_FORMAT[granularity].match(value):
            raise _gold_fail(where, f"date {value!r} is not an ISO date at {granularity} granularity")
        date = GoldDate(value=value, granularity=granularity)
    deadline: str | None = None
    raw_deadline = raw.get("deadline")
    if raw_deadline is not None:
        value = raw_deadline.get("value") if isinstance(raw_deadline, dict) else None
        if not isinstance(value, str) or not _DAY.match(value):
            raise _gold_fail(where, "'deadline' must be an object whose 'value' is an ISO day, or null")
        deadline = value[:10]
    locations = []
    for place in _gold_list(raw, "location", where):
        if not isinstance(place, dict):
            raise _gold_fail(where, "a location must be an object with 'name' and 'country'")
        locations.append(
            GoldPlace(name=str(place.get("name") or ""), country=_gold_optional_str(place, "country", where))
        )
    return GoldEvent(
        id=event_id,
        type=type_,
        mode=mode,
        required=required,
        actors=tuple(_parse_gold_actor(actor, where) for actor in _gold_list(raw, "actor", where)),
        recipients=tuple(_parse_gold_actor(actor, where) for actor in _gold_list(raw, "recipient", where)),
        date=date,
        locations=tuple(locations),
        modality=modality,
        attribution=_gold_optional_str(raw, "attribution", where),
        deadline=deadline,
        trigger=str(raw.get("trigger") or ""),
        evidence=str(raw.get("evidence") or ""),
    )


def _parse_gold_article(data: Any, source: str) -> GoldArticle:
    if not isinstance(data, dict):
        raise _gold_fail(source, "a gold article must be a JSON object")
    article_id = _gold_str(data, "id", source)
    where = f"{source} article {article_id!r}"
    language = _gold_str(data, "language", where)
    events = tuple(_parse_gold_event(raw, where) for raw in _gold_list(data, "events", where))
    seen: set[str] = set()
    for event in events:
        if event.id in seen:
            raise _gold_fail(where, f"event id {event.id!r} appears twice")
        seen.add(event.id)
    return GoldArticle(
        id=article_id,
        language=language,
        events=events,
        url=_gold_optional_str(data, "url", where),
        published=_gold_optional_str(data, "published", where),
        text=str(data.get("text") or ""),
    )


def _jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    try:
        with path.open(encoding="utf-8-sig") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise MalformedInputError(f"{path}:{number}", f"not valid JSON: {exc.msg}") from exc
    except OSError as exc:
        raise MalformedInputError(str(path), f"cannot read the file: {exc.strerror or exc}") from exc


def load_gold(path: str | os.PathLike[str]) -> list[GoldArticle]:
    """The gold articles of a JSONL file, or of every ``*.jsonl`` file of a folder (sorted by name).

    Raises :class:`~veille.errors.DataError` naming the file and line when an
    article is invalid (an unknown type or mode, a malformed date ...) or an
    article id appears twice.
    """
    root = Path(path)
    files = sorted(root.glob("*.jsonl")) if root.is_dir() else [root]
    if not files:
        raise DataError(f"{root}: no *.jsonl gold file in this folder")
    articles: list[GoldArticle] = []
    seen: dict[str, str] = {}
    for file in files:
        for number, data in _jsonl(file):
            source = f"{file}:{number}"
            article = _parse_gold_article(data, source)
            if article.id in seen:
                raise _gold_fail(source, f"article id {article.id!r} is already used at {seen[article.id]}")
            seen[article.id] = source
            articles.append(article)
    _log.debug("loaded %d gold articles from %s", len(articles), root)
    return articles


# --------------------------------------------------------------------------- system


@dataclass(frozen=True, slots=True)
class SystemActor:
    """An actor of a system event: its resolved name, its mention text and its country code."""

    name: str | None
    text: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class SystemEvent:
    """What the scorer reads from one event of an analysis record."""

    type: str
    mode: str | None
    actors: tuple[SystemActor, ...]
    recipients: tuple[SystemActor, ...]
    date: str | None
    location_countries: frozenset[str]
    modality: str | None
    attribution: str | None
    deadline: str | None


def _system_fail(source: str, message: str) -> MalformedInputError:
    return MalformedInputError(source, f"{message} (see OUTPUT.md)")


def _optional_str(value: Any, source: str, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _system_fail(source, f"{what} must be a string or null")
    return value if value.strip() else None


def _object_field(value: Any, key: str, source: str, what: str) -> str | None:
    """``value[key]`` of an object field such as ``date`` or ``attribution``; a plain string is taken as is."""
    if value is None or isinstance(value, str):
        return _optional_str(value, source, what)
    if not isinstance(value, Mapping):
        raise _system_fail(source, f"{what} must be an object with {key!r}, or null")
    return _optional_str(value.get(key), source, f"{what}.{key}")


def _objects(value: Any, source: str, what: str) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        raise _system_fail(source, f"{what} must be a list of objects")
    return value


def _system_actor(raw: Mapping[str, Any], source: str, what: str) -> SystemActor:
    return SystemActor(
        name=_optional_str(raw.get("name"), source, f"{what} name"),
        text=_optional_str(raw.get("text"), source, f"{what} text"),
        country=_optional_str(raw.get("country"), source, f"{what} country"),
    )


def _system_event(raw: Mapping[str, Any], source: str) -> SystemEvent:
    type_ = raw.get("type")
    if not isinstance(type_, str):
        raise _system_fail(source, "an event needs a 'type'")
    countries = frozenset(
        country
        for place in _objects(raw.get("locations"), source, "'locations'")
        if (country := _optional_str(place.get("country"), source, "location country")) is not None
    )
    return SystemEvent(
        type=type_,
        mode=_optional_str(raw.get("mode"), source, "'mode'"),
        actors=tuple(
            _system_actor(actor, source, "actor") for actor in _objects(raw.get("actors"), source, "'actors'")
        ),
        recipients=tuple(
            _system_actor(actor, source, "recipient")
            for actor in _objects(raw.get("recipients"), source, "'recipients'")
        ),
        date=_object_field(raw.get("date"), "value", source, "'date'"),
        location_countries=countries,
        modality=_optional_str(raw.get("modality"), source, "'modality'"),
        attribution=_object_field(raw.get("attribution"), "text", source, "'attribution'"),
        deadline=_object_field(raw.get("deadline"), "value", source, "'deadline'"),
    )


def parse_system_events(record: SystemRecord, source: str = "system record") -> tuple[SystemEvent, ...] | None:
    """The events of an analysis record, or ``None`` for a record with ``error`` (a failed document).

    Missing fields read as null or empty; fields of the wrong kind raise
    :class:`~veille.errors.MalformedInputError` naming ``source``.
    """
    if record.get("error") is not None:
        return None
    events = record.get("events")
    if events is None:
        return ()
    return tuple(
        _system_event(raw, f"{source} event {i}") for i, raw in enumerate(_objects(events, source, "'events'"))
    )


def load_system(path: str | os.PathLike[str]) -> dict[str, SystemRecord]:
    """The analysis records of a JSONL file (``veille analyze --json`` output), by ``id``.

    Raises :class:`~veille.errors.MalformedInputError` naming the line when a
    line is not a JSON object with an ``id``, or an id appears twice.
    """
    file = Path(path)
    records: dict[str, SystemRecord] = {}
    lines: dict[str, int] = {}
    for number, data in _jsonl(file):
        record_id = data.get("id") if isinstance(data, dict) else None
        if record_id is None:
            raise MalformedInputError(f"{file}:{number}", "expected an analysis record: a JSON object with an 'id'")
        key = str(record_id)
        if key in records:
            raise MalformedInputError(f"{file}:{number}", f"record id {key!r} already appears on line {lines[key]}")
        records[key], lines[key] = data, number
    _log.debug("loaded %d system records from %s", len(records), file)
    return records


# --------------------------------------------------------------------------- scores


@dataclass(slots=True)
class Tally:
    """How many judged values were correct, out of how many were judged."""

    correct: int = 0
    total: int = 0

    def add(self, correct: bool) -> None:
        """Count one judgement."""
        self.total += 1
        self.correct += int(correct)

    @property
    def accuracy(self) -> float | None:
        """``correct / total``, or ``None`` when nothing was judged."""
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        """``{"correct", "total", "accuracy"}``, JSON-ready."""
        return {"correct": self.correct, "total": self.total, "accuracy": _rounded(self.accuracy)}


@dataclass(slots=True)
class EventCounts:
    """True positives, false positives and false negatives of event matching."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        """``tp / (tp + fp)``, or ``None`` when the system gave no scored event."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """``tp / (tp + fn)``, or ``None`` when the gold holds no required event."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """The harmonic mean of precision and recall; ``None`` when either is undefined."""
        precision, recall = self.precision, self.recall
        if precision is None or recall is None:
            return None
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def to_dict(self) -> dict[str, Any]:
        """``{"tp", "fp", "fn", "precision", "recall", "f1"}``, JSON-ready."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": _rounded(self.precision),
            "recall": _rounded(self.recall),
            "f1": _rounded(self.f1),
        }


def _new_fields() -> dict[str, Tally]:
    return {name: Tally() for name in FIELDS}


@dataclass(slots=True)
class Scores:
    """Event counts and field accuracies, for everything or for one type or language."""

    events: EventCounts = field(default_factory=EventCounts)
    fields: dict[str, Tally] = field(default_factory=_new_fields)
    """One tally per name of :data:`FIELDS`."""
    modality: Tally = field(default_factory=Tally)
    """Modality over every matched pair."""
    modality_non_asserted: Tally = field(default_factory=Tally)
    """Modality over the matched pairs whose gold modality is not ``asserted``."""

    def to_dict(self) -> dict[str, Any]:
        """``{"events", "fields", "modality", "modality_non_asserted"}``, JSON-ready."""
        return {
            "events": self.events.to_dict(),
            "fields": {name: tally.to_dict() for name, tally in self.fields.items()},
            "modality": self.modality.to_dict(),
            "modality_non_asserted": self.modality_non_asserted.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class PairResult:
    """A matched pair: the gold event id, the index of the system event in its record, the fields it got wrong."""

    gold_id: str
    system_index: int
    required: bool
    wrong: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"gold": self.gold_id, "system": self.system_index, "required": self.required, "wrong": list(self.wrong)}


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """How one article was scored: its pairs, missed required gold events and unmatched system events."""

    id: str
    language: str
    status: ArticleStatus
    """``scored``; ``error`` (the system record holds an error: no events); ``missing`` (no record)."""
    pairs: tuple[PairResult, ...]
    missed: tuple[str, ...]
    """Ids of the required gold events no system event matched (false negatives)."""
    spurious: tuple[int, ...]
    """Indexes of the system events that matched no gold event (false positives)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "id": self.id,
            "language": self.language,
            "status": self.status,
            "pairs": [pair.to_dict() for pair in self.pairs],
            "missed": list(self.missed),
            "spurious": list(self.spurious),
        }


@dataclass(slots=True)
class EvalReport:
    """The scores of a system on gold articles: totals, per type, per language, per article."""

    total: Scores = field(default_factory=Scores)
    by_type: dict[str, Scores] = field(default_factory=dict)
    """Per PLOVER type: true positives and false negatives under the gold type, false positives under the system's."""
    by_language: dict[str, Scores] = field(default_factory=dict)
    """Per gold article language."""
    articles: list[ArticleResult] = field(default_factory=list)
    unscored: list[str] = field(default_factory=list)
    """Ids of system records with no gold article (not scored)."""

    @property
    def events(self) -> EventCounts:
        """The event counts over everything."""
        return self.total.events

    @property
    def fields(self) -> dict[str, Tally]:
        """The field tallies over every matched pair."""
        return self.total.fields

    @property
    def modality(self) -> Tally:
        """Modality over every matched pair."""
        return self.total.modality

    @property
    def modality_non_asserted(self) -> Tally:
        """Modality over the matched pairs whose gold modality is not ``asserted``."""
        return self.total.modality_non_asserted

    def _ids(self, status: ArticleStatus) -> list[str]:
        return [article.id for article in self.articles if article.status == status]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, with stable keys.

        ``articles`` (how many gold articles were scored), ``missing`` and
        ``errors`` (ids without a record or with an error record), ``unscored``,
        then ``events``, ``fields``, ``modality``, ``modality_non_asserted``,
        ``by_type`` and ``by_language`` (each value with ``events``, ``fields``,
        ``modality``, ``modality_non_asserted``), and ``details`` (per article:
        pairs, missed gold ids, spurious system indexes).
        """
        return {
            "articles": len(self.articles),
            "missing": self._ids("missing"),
            "errors": self._ids("error"),
            "unscored": list(self.unscored),
            **self.total.to_dict(),
            "by_type": {name: scores.to_dict() for name, scores in self.by_type.items()},
            "by_language": {name: scores.to_dict() for name, scores in self.by_language.items()},
            "details": [article.to_dict() for article in self.articles],
        }

    def format_table(self) -> str:
        """The report as plain-text tables: events, fields, then per type and per language."""
        lines = [
            f"{len(self.articles)} gold articles: {len(self._ids('missing'))} without a system record, "
            f"{len(self._ids('error'))} with an error record; {len(self.unscored)} system records not in the gold",
            "",
            _events_header("Events (type + country dyad)"),
            _events_row("all", self.total.events),
            "",
            f"{'Fields on matched pairs':<30}{'correct':>8}{'total':>8}{'accuracy':>10}",
        ]
        for label, tally in _field_rows(self.total):
            lines.append(f"  {label:<28}{tally.correct:>8}{tally.total:>8}{_rate(tally.accuracy):>10}")
        lines.append("  (mode is reported for developers; GUIDE.md does not score it)")
        for title, groups in (("By type", self.by_type), ("By language", self.by_language)):
            lines += ["", _events_header(title)]
            lines += [_events_row(name, scores.events) for name, scores in groups.items()]
            lines += ["", f"{title}: fields on matched pairs (accuracy correct/total)"]
            labels = [label for label, _ in _field_rows(self.total)]
            lines.append(f"  {'':<14}" + "".join(f"{_short(label):>13}" for label in labels))
            for name, scores in groups.items():
                cells = "".join(f"{_cell(tally):>13}" for _, tally in _field_rows(scores))
                lines.append(f"  {name:<14}{cells}")
        return "\n".join(lines)


def _field_rows(scores: Scores) -> list[tuple[str, Tally]]:
    fields = scores.fields
    return [
        ("actor name", fields["actor_name"]),
        ("recipient name", fields["recipient_name"]),
        ("date", fields["date"]),
        ("location", fields["location"]),
        ("modality", scores.modality),
        ("modality (not asserted)", scores.modality_non_asserted),
        ("attribution", fields["attribution"]),
        ("deadline", fields["deadline"]),
        ("mode", fields["mode"]),
    ]


_SHORT = {"modality (not asserted)": "non-asserted", "recipient name": "recipient", "actor name": "actor"}


def _short(label: str) -> str:
    return _SHORT.get(label, label)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _cell(tally: Tally) -> str:
    return "-" if not tally.total else f"{tally.accuracy or 0.0:.2f} {tally.correct}/{tally.total}"


def _events_header(title: str) -> str:
    return f"{title:<30}{'TP':>6}{'FP':>6}{'FN':>6}{'precision':>11}{'recall':>8}{'F1':>8}"


def _events_row(name: str, counts: EventCounts) -> str:
    return (
        f"  {name:<28}{counts.tp:>6}{counts.fp:>6}{counts.fn:>6}"
        f"{_rate(counts.precision):>11}{_rate(counts.recall):>8}{_rate(counts.f1):>8}"
    )


# --------------------------------------------------------------------------- judging a pair


@functools.lru_cache(maxsize=1 << 14)
def _typography(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY).casefold().split())


@functools.lru_cache(maxsize=1 << 14)
def _fold(text: str) -> str:
    """Case, accents, typography and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TYPOGRAPHY))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _country(code: str | None) -> str | None:
    return (code.strip().upper() or None) if code else None


def _dyad_ok(gold: Sequence[GoldActor], system: Sequence[SystemActor]) -> bool:
    if not gold:
        return True
    wanted = {_country(actor.country) for actor in gold} - {None}
    return any(_country(actor.country) in wanted for actor in system)


def _can_match(gold: GoldEvent, system: SystemEvent) -> bool:
    return (
        gold.type == system.type
        and _dyad_ok(gold.actors, system.actors)
        and _dyad_ok(gold.recipients, system.recipients)
    )


def _name_ok(gold: Sequence[GoldActor], system: Sequence[SystemActor]) -> bool | None:
    if not gold:
        return None
    wanted = {_fold(name) for actor in gold for name in actor.names} - {""}
    given = {_fold(text) for actor in system for text in (actor.name, actor.text) if text} - {""}
    return not wanted.isdisjoint(given)


def _date_ok(gold: GoldDate | None, system: str | None) -> bool | None:
    if gold is None:
        return None
    width = _DATE_WIDTH[gold.granularity]
    return system is not None and len(system) >= width and system[:width] == gold.value[:width]


def _location_ok(gold: Sequence[GoldPlace], system: frozenset[str]) -> bool | None:
    wanted = {_country(place.country) for place in gold} - {None}
    if not wanted:
        return None
    return not wanted.isdisjoint({_country(country) for country in system})


def _attribution_ok(gold: str | None, system: str | None) -> bool:
    if gold is None or system is None:
        return gold is None and system is None
    gold_key, system_key = _typography(gold), _typography(system)
    return bool(gold_key and system_key) and (gold_key in system_key or system_key in gold_key)


def _deadline_ok(gold: str | None, system: str | None) -> bool | None:
    if gold is None and system is None:
        return None
    return gold is not None and system is not None and system[:10] == gold[:10]


def _judge(gold: GoldEvent, system: SystemEvent) -> dict[str, bool | None]:
    """Each field of a matched pair: correct, wrong, or ``None`` (not judged)."""
    return {
        "actor_name": _name_ok(gold.actors, system.actors),
        "recipient_name": _name_ok(gold.recipients, system.recipients),
        "date": _date_ok(gold.date, system.date),
        "location": _location_ok(gold.locations, system.location_countries),
        "attribution": _attribution_ok(gold.attribution, system.attribution),
        "deadline": _deadline_ok(gold.deadline, system.deadline),
        "mode": gold.mode == system.mode,
        "modality": gold.modality == system.modality,
    }


# --------------------------------------------------------------------------- matching


def _max_weight_matching(weights: list[list[int]]) -> list[tuple[int, int]]:
    """The ``(row, column)`` pairs of a maximum-weight one-to-one matching; weight 0 means "cannot match".

    The Hungarian algorithm (shortest augmenting paths with potentials) on the
    cost ``-weight``, O(n²m) for n ≤ m; a rectangular matrix is transposed so
    that rows are the smaller side.
    """
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if not rows or not cols:
        return []
    transposed = rows > cols
    matrix = [list(column) for column in zip(*weights, strict=True)] if transposed else weights
    n, m = len(matrix), len(matrix[0])
    # Above any reduced cost: potentials stay within the sum of the absolute weights.
    infinity = 4 * (1 + sum(abs(weight) for row in matrix for weight in row))
    row_potential = [0] * (n + 1)
    col_potential = [0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: the row (1-based) assigned to column j, 0 if none
    for row in range(1, n + 1):
        owner[0] = row
        column = 0
        slack = [infinity] * (m + 1)
        previous = [0] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[column] = True
            current_row = owner[column]
            delta, next_column = infinity, 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                reduced = -matrix[current_row - 1][j - 1] - row_potential[current_row] - col_potential[j]
                if reduced < slack[j]:
                    slack[j], previous[j] = reduced, column
                if slack[j] < delta:
                    delta, next_column = slack[j], j
            for j in range(m + 1):
                if used[j]:
                    row_potential[owner[j]] += delta
                    col_potential[j] -= delta
                else:
                    slack[j] -= delta
            column = next_column
            if owner[column] == 0:
                break
        while column:
            back = previous[column]
            owner[column] = owner[back]
            column = back
    pairs = [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j] and matrix[owner[j] - 1][j - 1] > 0]
    return [(j, i) for i, j in pairs] if transposed else pairs


def _match(gold: Sequence[GoldEvent], system: Sequence[SystemEvent]) -> list[tuple[int, int, dict[str, bool | None]]]:
    """``(gold index, system index, judgement)`` for the pairs of the matching described in the module docstring."""
    judged: dict[tuple[int, int], dict[str, bool | None]] = {
        (g, s): _judge(gold_event, system_event)
        for g, gold_event in enumerate(gold)
        for s, system_event in enumerate(system)
        if _can_match(gold_event, system_event)
    }
    if not judged:
        return []
    # Weights ordered lexicographically: any extra pair outweighs any number of
    # required pairs, and any extra required pair outweighs any field agreement.
    agree_max = len(next(iter(judged.values())))
    size = min(len(gold), len(system))
    required_weight = size * agree_max + 1
    pair_weight = size * (required_weight + agree_max) + 1
    weights = [[0] * len(system) for _ in gold]
    for (g, s), judgement in judged.items():
        agreement = sum(1 for ok in judgement.values() if ok)
        weights[g][s] = pair_weight + required_weight * gold[g].required + agreement
    return [(g, s, judged[g, s]) for g, s in sorted(_max_weight_matching(weights))]


# --------------------------------------------------------------------------- scoring


def _gold_articles(gold: Iterable[GoldArticle] | str | os.PathLike[str]) -> list[GoldArticle]:
    if isinstance(gold, str | os.PathLike):
        return load_gold(gold)
    articles = list(gold)
    ids = [article.id for article in articles]
    if len(set(ids)) != len(ids):
        duplicate = next(article_id for article_id in ids if ids.count(article_id) > 1)
        raise ValueError(f"gold article id {duplicate!r} appears twice")
    return articles


def _system_records(
    system: Mapping[str, SystemRecord] | Iterable[SystemRecord] | str | os.PathLike[str],
) -> dict[str, SystemRecord]:
    if isinstance(system, str | os.PathLike):
        return load_system(system)
    if isinstance(system, Mapping):
        records = dict(system)
        for key, record in records.items():
            if not isinstance(record, Mapping):
                raise TypeError(
                    f"system[{key!r}] is not an analysis record; pass records by id, or an iterable of them"
                )
        return {str(key): record for key, record in records.items()}
    found: dict[str, SystemRecord] = {}
    for record in system:
        record_id = record.get("id")
        if record_id is None:
            raise ValueError("a system record has no 'id'; it cannot be paired with a gold article")
        if str(record_id) in found:
            raise ValueError(f"system record id {record_id!r} appears twice")
        found[str(record_id)] = record
    return found


def _groups(report: EvalReport, type_: str, language: str) -> tuple[Scores, Scores, Scores]:
    by_type = report.by_type.setdefault(type_, Scores())
    by_language = report.by_language.setdefault(language, Scores())
    return report.total, by_type, by_language


def _tally_pair(groups: Iterable[Scores], gold: GoldEvent, judgement: Mapping[str, bool | None]) -> None:
    for scores in groups:
        if gold.required:
            scores.events.tp += 1
        for name in FIELDS:
            ok = judgement[name]
            if ok is not None:
                scores.fields[name].add(ok)
        modality_ok = bool(judgement["modality"])
        scores.modality.add(modality_ok)
        if gold.modality != "asserted":
            scores.modality_non_asserted.add(modality_ok)


def _score_article(report: EvalReport, article: GoldArticle, record: SystemRecord | None) -> ArticleResult:
    report.by_language.setdefault(article.language, Scores())
    status: ArticleStatus = "missing"
    system: tuple[SystemEvent, ...] = ()
    if record is not None:
        parsed = parse_system_events(record, f"system record {article.id!r}")
        status = "error" if parsed is None else "scored"
        system = parsed or ()
    pairs = _match(article.events, system)
    matched_gold = {g for g, _, _ in pairs}
    matched_system = {s for _, s, _ in pairs}
    results: list[PairResult] = []
    for g, s, judgement in pairs:
        gold = article.events[g]
        _tally_pair(_groups(report, gold.type, article.language), gold, judgement)
        wrong = tuple(name for name, ok in judgement.items() if ok is False)
        results.append(PairResult(gold_id=gold.id, system_index=s, required=gold.required, wrong=wrong))
    missed: list[str] = []
    for g, gold in enumerate(article.events):
        if g not in matched_gold and gold.required:
            missed.append(gold.id)
            for scores in _groups(report, gold.type, article.language):
                scores.events.fn += 1
    spurious = [s for s in range(len(system)) if s not in matched_system]
    for s in spurious:
        for scores in _groups(report, system[s].type, article.language):
            scores.events.fp += 1
    return ArticleResult(
        id=article.id,
        language=article.language,
        status=status,
        pairs=tuple(results),
        missed=tuple(missed),
        spurious=tuple(spurious),
    )


def _type_order(name: str) -> tuple[int, str]:
    order = codes.EVENT_TYPES
    return (order.index(name), "") if name in order else (len(order), name)


def score(
    gold: Iterable[GoldArticle] | str | os.PathLike[str],
    system: Mapping[str, SystemRecord] | Iterable[SystemRecord] | str | os.PathLike[str],
) -> EvalReport:
    """Score system analysis records against gold articles (GUIDE.md, "How a system is scored").

    ``gold``: gold articles, or a path for :func:`load_gold`. ``system``:
    analysis records by article id, an iterable of records carrying their
    ``id``, or a path for :func:`load_system`. A gold article without a record
    counts as an article where the system found nothing; a record with
    ``error`` likewise. Records whose id is not in the gold are not scored.
    """
    articles = _gold_articles(gold)
    records = _system_records(system)
    report = EvalReport()
    for article in articles:
        report.articles.append(_score_article(report, article, records.get(article.id)))
    gold_ids = {article.id for article in articles}
    report.unscored = [record_id for record_id in records if record_id not in gold_ids]
    missing = [article.id for article in report.articles if article.status == "missing"]
    if missing:
        _log.warning("%d gold articles have no system record (scored as empty): %s", len(missing), ", ".join(missing))
    if report.unscored:
        _log.warning("%d system records match no gold article and are not scored", len(report.unscored))
    report.by_type = {name: report.by_type[name] for name in sorted(report.by_type, key=_type_order)}
    report.by_language = {name: report.by_language[name] for name in sorted(report.by_language)}
    return report
