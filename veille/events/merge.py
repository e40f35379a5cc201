"""One event, many mentions: merging the repeated reports of an event.

Within an article, news repeats itself: the headline, the lead and a later
paragraph may name the same strike. Two events are the same when they have
the same type, their actors and recipients do not contradict each other
(the same actors, or one side names none), and their dates and places are
compatible. The first mention is kept and takes what the others add
(places, a date, a source, a deadline).

Across articles the store applies the same test (:func:`same_event`) to the
stored events, so that an event knows how many sources report it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from veille.model import Argument, Event

__all__ = ["compatible_dates", "merge_events", "same_event"]


def _ids(arguments: Sequence[Argument]) -> frozenset[str]:
    return frozenset(a.actor.id or "?" + a.actor.name.casefold() for a in arguments)


def _countries(arguments: Sequence[Argument]) -> frozenset[str]:
    return frozenset(a.actor.country for a in arguments if a.actor.country)


def _agree(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def compatible_dates(a: str | None, b: str | None) -> bool:
    """Dates agree when either is unknown or one is a prefix of the other ("2024-06" and "2024-06-05")."""
    if a is None or b is None:
        return True
    return a.startswith(b) or b.startswith(a)


def same_event(a: Event, b: Event) -> bool:
    """Whether two coded events are reports of one happening."""
    if a.type != b.type or (a.modality != b.modality and "negated" in (a.modality, b.modality)):
        return False
    if not (_agree(_ids(a.actors), _ids(b.actors)) and _agree(_ids(a.recipients), _ids(b.recipients))):
        return False
    if not (a.actors or b.actors) and not _agree(_ids(a.recipients), _ids(b.recipients)):
        return False
    if not compatible_dates(a.date.value if a.date else None, b.date.value if b.date else None):
        return False
    places_a = {p.place.country for p in a.locations}
    places_b = {p.place.country for p in b.locations}
    return not places_a or not places_b or bool(places_a & places_b)


def _absorb(kept: Event, other: Event) -> None:
    known = {id(p.place) for p in kept.locations}
    kept.locations.extend(p for p in other.locations if id(p.place) not in known)
    for side in ("actors", "recipients"):
        mine: list[Argument] = getattr(kept, side)
        have = _ids(mine)
        mine.extend(a for a in getattr(other, side) if (a.actor.id or "?" + a.actor.name.casefold()) not in have)
    if kept.date is None or (other.date is not None and kept.date_from == "published" and other.date_from == "text"):
        kept.date, kept.date_from = other.date, other.date_from
    kept.attribution = kept.attribution or other.attribution
    kept.deadline = kept.deadline or other.deadline
    kept.mode = kept.mode or other.mode
    kept.confidence = max(kept.confidence, other.confidence)


def merge_events(events: Iterable[Event]) -> list[Event]:
    """The events of one article with repeated mentions merged, in order of first mention."""
    merged: list[Event] = []
    for event in events:
        twin = next((kept for kept in merged if same_event(kept, event)), None)
        if twin is None:
            merged.append(event)
        else:
            _absorb(twin, event)
    return merged
