"""The analysis record: an article and its annotations as plain JSON.

This is what ``veille analyze --json`` prints and what the store keeps with
each article; its field names follow ``shared/eval/OUTPUT.md`` and are a
contract. Spans are mapped here from the article text, where the stages
work, to the source text, so that ``input[start:end] == text`` for every
value (for HTML input the source is the extracted text, which the record
then carries as ``text``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from veille.model import Actor, Argument, Article, Event, Mention, Place, PlaceRef, Span, TimeValue

__all__ = ["actor_record", "article_record", "event_record", "place_record", "span_record", "time_record"]

Record = dict[str, Any]


def span_record(article: Article, span: Span) -> Record:
    """``{"text", "start", "end"}`` of an article-text span, in source offsets."""
    source = article.source_span(span)
    return {"text": source.of(article.source_text), "start": source.start, "end": source.end}


def _mentions(article: Article, mentions: Sequence[Mention]) -> list[Record]:
    return [span_record(article, m.span) for m in mentions]


def actor_record(article: Article, actor: Actor) -> Record:
    return {
        "id": actor.id,
        "name": actor.name,
        "country": actor.country,
        "sector": actor.sector,
        "kind": actor.kind,
        "method": actor.method,
        "mentions": _mentions(article, actor.mentions),
    }


def place_record(article: Article, place: Place) -> Record:
    return {
        "id": place.id,
        "name": place.name,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "kind": place.kind,
        "admin1": place.admin1,
        "mentions": _mentions(article, place.mentions),
    }


def time_record(article: Article, time: TimeValue) -> Record:
    return {
        "value": time.value,
        "granularity": time.granularity,
        "approximate": time.approximate,
        "anchor": time.anchor.isoformat() if time.anchor else None,
        "rule": time.rule,
        "kind": time.kind,
        **span_record(article, time.span),
    }


def _argument(article: Article, argument: Argument) -> Record:
    actor = argument.actor
    return {
        "id": actor.id,
        "name": actor.name,
        "country": actor.country,
        "sector": actor.sector,
        **span_record(article, argument.mention.span),
    }


def _location(article: Article, ref: PlaceRef) -> Record:
    place = ref.place
    return {
        "id": place.id,
        "name": place.name,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        **span_record(article, ref.mention.span),
    }


def _optional_span(article: Article, span: Span | None) -> Record | None:
    return None if span is None else span_record(article, span)


def event_record(article: Article, event: Event) -> Record:
    """One event as OUTPUT.md lays it out, with its PLOVER quad class and CAMEO code."""
    from veille.events import codes

    if event.date is None:
        when: Record | None = None
    elif event.date_from == "published":
        when = {"value": event.date.value, "granularity": "day", "text": None, "start": None, "end": None}
        when["from"] = "published"
    else:
        when = {
            "value": event.date.value,
            "granularity": event.date.granularity,
            **span_record(article, event.date.span),
        }
        when["approximate"] = event.date.approximate
    deadline = None
    if event.deadline is not None:
        anchor = event.deadline.anchor.isoformat() if event.deadline.anchor else None
        deadline = {"value": event.deadline.value, "anchor": anchor, **span_record(article, event.deadline.span)}
    return {
        "type": event.type,
        "mode": event.mode,
        "actors": [_argument(article, a) for a in event.actors],
        "recipients": [_argument(article, a) for a in event.recipients],
        "date": when,
        "locations": [_location(article, p) for p in event.locations],
        "modality": event.modality,
        "attribution": _optional_span(article, event.attribution.span if event.attribution else None),
        "deadline": deadline,
        "trigger": span_record(article, event.trigger.span),
        "evidence": span_record(article, event.evidence),
        "demand": _optional_span(article, event.demand),
        "consequence": _optional_span(article, event.consequence),
        "confidence": event.confidence,
        "quad_class": codes.quad_class(event.type),
        "cameo": codes.cameo_code(event.type, event.mode),
    }


def article_record(article: Article, events: Sequence[Record] = ()) -> Record:
    """The whole analysis record of ``article``."""
    record: Record = {
        "id": article.document.id if article.document.id is not None else article.document.source,
        "url": article.url,
        "title": article.title,
        "language": article.language,
        "published": article.published.isoformat() if article.published else None,
    }
    if article.document.format != "text":
        record["text"] = article.text
    record["events"] = list(events) or [event_record(article, e) for e in article.events]
    record["actors"] = [actor_record(article, a) for a in article.actors]
    record["places"] = [place_record(article, p) for p in article.places]
    record["times"] = [time_record(article, t) for t in article.times]
    if article.warnings:
        record["warnings"] = list(article.warnings)
    return record
