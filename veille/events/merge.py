"""One event, many mentions: merging the repeated reports of an event.

Within an article, news repeats itself: the headline, the lead and a later
paragraph may name the same strike. Two events are the same when they have
the same type, their actors and recipients do not contradict each other
(the same actors, or one side names none), their modalities do not
contradict each other (a negated event is never the same as an asserted
one), and their dates and places are compatible. The first mention is kept
and takes what the others add (places, a date, a source, a deadline).

Across articles the store applies the same test to the stored events, so
that an event knows how many sources report it. Both go through
:func:`same_happening`, which compares :class:`EventKey` values: the store
builds them from its rows, :meth:`EventKey.of` from a coded event. The one
difference is how far apart two day dates may be: within an article the
writer tells days apart (an attack on the 14th and another on the 15th
are two), while different reports of one happening may date it a day or
two apart (:data:`ACROSS_ARTICLES_DAYS`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from veille.model import Argument, Event

__all__ = [
    "ACROSS_ARTICLES_DAYS",
    "EventKey",
    "compatible_date_ranges",
    "compatible_dates",
    "merge_events",
    "participant_key",
    "same_event",
    "same_happening",
    "takes_date",
    "told_apart",
]

ACROSS_ARTICLES_DAYS = 2
"""How many days apart two articles may date one happening.

Reports differ by time zone, by reading "yesterday" from their own
publication day, or by dating a night event by its evening or its morning.
"""
_DAY_LENGTH = len("2024-06-05")


def participant_key(actor_id: str | None, name: str) -> str:
    """How an actor is told apart from others: its id, or ``?`` and its case-folded name when it has none."""
    return actor_id or "?" + name.casefold()


@dataclass(frozen=True, slots=True)
class EventKey:
    """What tells one happening from another: the fields :func:`same_happening` compares.

    ``actors`` and ``recipients`` hold :func:`participant_key` values;
    ``date`` is the ISO date value (day, month or year) or ``None`` when
    unknown; ``countries`` the countries of the event's places (``None``
    for a place in no single country).
    """

    type: str
    modality: str
    actors: frozenset[str]
    recipients: frozenset[str]
    date: str | None
    countries: frozenset[str | None]

    @classmethod
    def of(cls, event: Event) -> EventKey:
        """The key of a coded event."""
        return cls(
            type=event.type,
            modality=event.modality,
            actors=_ids(event.actors),
            recipients=_ids(event.recipients),
            date=event.date.value if event.date else None,
            countries=frozenset(p.place.country for p in event.locations),
        )


def _ids(arguments: Sequence[Argument]) -> frozenset[str]:
    return frozenset(participant_key(a.actor.id, a.actor.name) for a in arguments)


def _agree(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def _day(value: str) -> date | None:
    if len(value) != _DAY_LENGTH:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def compatible_dates(a: str | None, b: str | None, tolerance_days: int = 0) -> bool:
    """Whether two date values may be the date of one happening.

    They are when either is unknown, when one is a prefix of the other
    ("2024-06" and "2024-06-05"), or when both are days at most
    ``tolerance_days`` apart.
    """
    if a is None or b is None:
        return True
    if a.startswith(b) or b.startswith(a):
        return True
    day_a, day_b = _day(a), _day(b)
    return day_a is not None and day_b is not None and abs((day_a - day_b).days) <= tolerance_days


def compatible_date_ranges(value: str, tolerance_days: int = 0) -> list[tuple[str, str]]:
    """Closed ranges of ISO date strings that hold every known value :func:`compatible_dates` accepts.

    For searching a database: a value outside every range is never
    compatible with ``value``, a value inside one may be (confirm with
    :func:`compatible_dates`). The ranges compare character by character
    (a binary collation); their bounds pad with ``-99`` so that they
    also hold under collations that ignore hyphens.
    """
    parts = value.split("-")
    prefixes = ["-".join(parts[:n]) for n in range(1, len(parts))]
    ranges = [(prefix, prefix) for prefix in prefixes]
    padding = "-99" * max(3 - len(parts), 0)
    ranges.append((value, value + padding))
    day = _day(value)
    if day is not None and tolerance_days > 0:
        tolerance = timedelta(days=tolerance_days)
        ranges.append(((day - tolerance).isoformat(), (day + tolerance).isoformat()))
    return ranges


def same_happening(a: EventKey, b: EventKey, tolerance_days: int = 0) -> bool:
    """Whether two events, reduced to their keys, are reports of one happening.

    ``tolerance_days`` is how many days apart their day dates may be: 0
    within an article, :data:`ACROSS_ARTICLES_DAYS` across articles.
    """
    if a.type != b.type or (a.modality != b.modality and "negated" in (a.modality, b.modality)):
        return False
    if not (_agree(a.actors, b.actors) and _agree(a.recipients, b.recipients)):
        return False
    # They must share a named side: an attack by X and an attack on Y are not one attack.
    shared = (a.actors and b.actors) or (a.recipients and b.recipients)
    if not shared:
        return False
    if not compatible_dates(a.date, b.date, tolerance_days):
        return False
    return not a.countries or not b.countries or bool(a.countries & b.countries)


def _named_as(argument: Argument, others: Sequence[Argument]) -> str:
    """The key of ``argument``'s actor, or of the actor among ``others`` it stands for: for a generic
    actor ("les paramilitaires"), the named actor of the same country and sector ("les FSR"); for
    a country ("the United States"), an institution of that country ("U.S. forces"), not a person."""
    actor = argument.actor
    if actor.kind in ("generic", "country") and actor.country is not None:
        for other in others:
            named = other.actor
            if named.kind == "generic" or named.country != actor.country or named is actor:
                continue
            if (actor.kind == "country" and named.kind == "institution") or (
                actor.kind == "generic" and named.sector in (None, actor.sector)
            ):
                return participant_key(named.id, named.name)
    return participant_key(actor.id, actor.name)


def _key_against(event: Event, other: Event) -> EventKey:
    key = EventKey.of(event)
    return EventKey(
        type=key.type,
        modality=key.modality,
        actors=frozenset(_named_as(a, other.actors) for a in event.actors),
        recipients=frozenset(_named_as(r, other.recipients) for r in event.recipients),
        date=key.date,
        countries=key.countries,
    )


def same_event(a: Event, b: Event) -> bool:
    """Whether two coded events of one article are mentions of one happening. Within an article a
    generic actor may stand for a named one of the same country and sector ("l'attaque attribuée
    aux paramilitaires", "l'attaque, attribuée aux FSR")."""
    return same_happening(_key_against(a, b), _key_against(b, a))


def takes_date(kept: str | None, kept_from: str | None, other: str | None, other_from: str | None) -> bool:
    """Whether a merged event takes the other mention's date instead of its own.

    It does when it has none, or when its date is the publication date and
    the other's is stated in the text.
    """
    if other is None:
        return False
    return kept is None or (kept_from == "published" and other_from == "text")


def _absorb(kept: Event, other: Event) -> None:
    known = {id(p.place) for p in kept.locations}
    kept.locations.extend(p for p in other.locations if id(p.place) not in known)
    for side in ("actors", "recipients"):
        mine: list[Argument] = getattr(kept, side)
        have = _ids(mine)
        mine.extend(a for a in getattr(other, side) if participant_key(a.actor.id, a.actor.name) not in have)
    if other.date is not None and (
        kept.date is None or takes_date(kept.date.value, kept.date_from, other.date.value, other.date_from)
    ):
        kept.date, kept.date_from = other.date, other.date_from
    kept.attribution = kept.attribution or other.attribution
    kept.deadline = kept.deadline or other.deadline
    kept.mode = kept.mode or other.mode
    kept.confidence = max(kept.confidence, other.confidence)


def _spans(arguments: Sequence[Argument]) -> set[tuple[int, int]]:
    return {(a.mention.span.start, a.mention.span.end) for a in arguments}


def told_apart(a: Event, b: Event) -> bool:
    """Whether two events of one sentence name both their sides in words of their own: two clauses,
    two happenings ("a Houthi missile struck a US vessel, and another Houthi missile targeted an
    American destroyer"). Clauses that share a subject ("struck Gaza and killed five") are one."""
    sides = (a.actors, a.recipients, b.actors, b.recipients)
    if not all(sides):
        return False
    return not (_spans(a.actors) & _spans(b.actors)) and not (_spans(a.recipients) & _spans(b.recipients))


def merge_events(events: Iterable[Event], apart: Callable[[Event, Event], bool] | None = None) -> list[Event]:
    """The events of one article with repeated mentions merged, in order of first mention.

    ``apart`` says of two events that :func:`same_event` would merge that
    the text tells them apart (two clauses of one sentence that each name
    both sides, different tolls).
    """
    merged: list[Event] = []
    for event in events:
        twin = next(
            (kept for kept in merged if same_event(kept, event) and not (apart is not None and apart(kept, event))),
            None,
        )
        if twin is None:
            merged.append(event)
        else:
            _absorb(twin, event)
    return merged
