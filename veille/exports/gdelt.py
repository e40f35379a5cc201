"""``gdelt``: the 61 columns of the GDELT 2.0 event table, tab-separated, without a header (as GDELT).

:data:`COLUMNS` lists them in the codebook's order. One row per event;
``docs/exports.md`` says where each column comes from. In short: the event
code is the CAMEO code of the PLOVER type and mode
(:func:`veille.events.codes.cameo_code`), its base and root codes are its
first three and two digits, and the quad class is the one CAMEO gives the
root (which may differ from PLOVER's); actor codes join the actor's
country (ISO 3166 alpha-3, which CAMEO country codes follow for almost
every country) or group code (``IGO``, ``UNO`` ...) with its sector
(``GOV``, ``MIL``, ``REB`` ...); the action geography is the event's first
located place. What Veille does not compute (Goldstein scale, tone,
ethnicity, religion, the actors' own geography) is left empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import BinaryIO

from veille.events import codes
from veille.exports import Exporter, ExportItem, Written, register, text_stream
from veille.store import EventActor, EventLocation, StoredEvent

__all__ = ["COLUMNS", "EXPORTER", "row"]

_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)
"""The GDELT 2.0 event table's columns, in order."""

GROUP_CODES = frozenset(
    {"IGO", "IMG", "NGO", "UNO", "EUR", "AFR", "ASA", "MEA", "WST", "NAF", "SAF", "WAF", "EAF", "CAF"}
)
"""Actor "country" codes that are CAMEO groups or regions, not countries: written as the known group code."""

GEO_TYPES = {"country": 1, "admin1": 5, "region": 5, "geonames": 4}
"""GDELT geographic type by place id prefix: 1 country, 4 world city, 5 world state (first-order division)."""


def _clean(value: object) -> str:
    """A cell: GDELT rows hold no tabs or newlines."""
    return "" if value is None else " ".join(str(value).split())


def _event_date(event: StoredEvent) -> date:
    """The event's date; a month or a year counts from its first day, an unknown date is the day it was stored."""
    value = event.date
    if value is None:
        return event.first_seen_at.date()
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _actor(actor: EventActor | None) -> list[str]:
    if actor is None:
        return [""] * len(_ACTOR_FIELDS)
    country = actor.country or ""
    group = country if country in GROUP_CODES else ""
    iso = "" if group else country
    return [country + (actor.sector or ""), actor.name, iso, group, "", "", "", actor.sector or "", "", ""]


def _geo(place: EventLocation | None) -> list[str]:
    if place is None:
        return [""] * len(_GEO_FIELDS)
    prefix, _, local = place.id.partition(":")
    geo_type = GEO_TYPES.get(prefix)
    if place.country == "USA" and geo_type in {4, 5}:
        geo_type = 3 if geo_type == 4 else 2
    adm1 = local if prefix == "admin1" else ""
    return [
        _clean(geo_type),
        place.name,
        place.country or "",
        adm1,
        "",
        _clean(place.lat),
        _clean(place.lon),
        local,
    ]


def row(item: ExportItem) -> list[str]:
    """The 61 cells of one event."""
    event = item.event
    when = _event_date(event)
    fraction = when.year + (when.timetuple().tm_yday - 1) / 365
    cameo = event.cameo or codes.cameo_code(event.type, event.mode)
    located = next((p for p in event.locations if p.lat is not None and p.lon is not None), None)
    sites = {s.site or s.url or s.source for s in item.sources}
    cells = [
        str(event.id),
        when.strftime("%Y%m%d"),
        when.strftime("%Y%m"),
        str(when.year),
        f"{fraction:.4f}",
        *_actor(event.actors[0] if event.actors else None),
        *_actor(event.recipients[0] if event.recipients else None),
        "",
        cameo,
        cameo[:3],
        cameo[:2],
        str(codes.cameo_quad_class(cameo)),
        "",
        str(event.sources),
        str(len(sites) or event.sources),
        str(event.sources),
        "",
        *_geo(None),
        *_geo(None),
        *_geo(located),
        event.first_seen_at.strftime("%Y%m%d%H%M%S"),
        item.urls[0] if item.urls else "",
    ]
    return [_clean(c) for c in cells]


def _write(items: Iterable[ExportItem], out: BinaryIO) -> Written:
    rows = 0
    with text_stream(out) as text:
        for item in items:
            text.write("\t".join(row(item)) + "\n")
            rows += 1
    return Written(rows)


EXPORTER = register(Exporter("gdelt", ".tsv", "the 61-column GDELT 2.0 event table, tab-separated", _write, True))
