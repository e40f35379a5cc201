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

from veille.model import Actor, Article, Mention, Place, Span, TimeValue

__all__ = ["actor_record", "article_record", "place_record", "span_record", "time_record"]

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
    record["events"] = list(events)
    record["actors"] = [actor_record(article, a) for a in article.actors]
    record["places"] = [place_record(article, p) for p in article.places]
    record["times"] = [time_record(article, t) for t in article.times]
    if article.warnings:
        record["warnings"] = list(article.warnings)
    return record
