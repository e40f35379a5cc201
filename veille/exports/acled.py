"""``acled``: the ACLED core columns, one row per event ACLED would record.

ACLED records political violence, demonstrations and some strategic
developments; :data:`EVENT_TYPES` maps the PLOVER types and modes that
fit to an ACLED disorder type, event type and sub-event type. Events of
the other types (statements, consultations, aid, sanctions ...) are left
out and counted (``skipped``). ``docs/exports.md`` gives the whole mapping
and where each column comes from; what Veille does not know (fatalities,
ACLED's region, admin levels below the first, source scale, the numeric
ISO code) is left empty.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from importlib import resources
from typing import BinaryIO

from veille.exports import Exporter, ExportItem, Written, register, text_stream
from veille.store import EventActor, StoredEvent
from veille.store.results import LIST_SEPARATOR

__all__ = [
    "ARMED_SECTORS",
    "COLUMNS",
    "EVENT_TYPES",
    "EXPORTER",
    "INTER_CODES",
    "RECORDED_MODALITIES",
    "acled_type",
    "row",
]

COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
"""The ACLED core columns, in order."""

VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC = "Strategic developments"
REMOTE = "Explosions/Remote violence"
CIVILIANS = "Violence against civilians"

EVENT_TYPES: dict[tuple[str, str | None], tuple[str, str, str]] = {
    ("ASSAULT", "aerial"): (VIOLENCE, REMOTE, "Air/drone strike"),
    ("ASSAULT", "drone"): (VIOLENCE, REMOTE, "Air/drone strike"),
    ("ASSAULT", "heavy-weapons"): (VIOLENCE, REMOTE, "Shelling/artillery/missile attack"),
    ("ASSAULT", "explosives"): (VIOLENCE, REMOTE, "Remote explosive/landmine/IED"),
    ("ASSAULT", "suicide-attack"): (VIOLENCE, REMOTE, "Suicide bomb"),
    ("ASSAULT", "unconventional"): (VIOLENCE, REMOTE, "Chemical weapon"),
    ("ASSAULT", "abduct"): (VIOLENCE, CIVILIANS, "Abduction/forced disappearance"),
    ("ASSAULT", "sexual"): (VIOLENCE, CIVILIANS, "Sexual violence"),
    ("ASSAULT", "beat"): (VIOLENCE, CIVILIANS, "Attack"),
    ("ASSAULT", "torture"): (VIOLENCE, CIVILIANS, "Attack"),
    ("ASSAULT", "targeted"): (VIOLENCE, CIVILIANS, "Attack"),
    ("ASSAULT", "primitive"): (VIOLENCE, CIVILIANS, "Attack"),
    ("ASSAULT", "destroy"): (STRATEGIC, STRATEGIC, "Looting/property destruction"),
    ("ASSAULT", "crowd-control"): (DEMONSTRATIONS, "Protests", "Excessive force against protesters"),
    ("PROTEST", "riot"): (DEMONSTRATIONS, "Riots", "Violent demonstration"),
    ("PROTEST", None): (DEMONSTRATIONS, "Protests", "Peaceful protest"),
    ("PROTEST", "demo"): (DEMONSTRATIONS, "Protests", "Peaceful protest"),
    ("PROTEST", "strike"): (DEMONSTRATIONS, "Protests", "Peaceful protest"),
    ("PROTEST", "hunger"): (DEMONSTRATIONS, "Protests", "Peaceful protest"),
    ("PROTEST", "boycott"): (DEMONSTRATIONS, "Protests", "Peaceful protest"),
    ("PROTEST", "obstruct"): (DEMONSTRATIONS, "Protests", "Peaceful protest"),
    ("COERCE", "arrest"): (STRATEGIC, STRATEGIC, "Arrests"),
    ("COERCE", "seize"): (STRATEGIC, STRATEGIC, "Looting/property destruction"),
    ("MOBILIZE", None): (STRATEGIC, STRATEGIC, "Change to group/activity"),
    ("MOBILIZE", "troops"): (STRATEGIC, STRATEGIC, "Change to group/activity"),
    ("MOBILIZE", "weapons"): (STRATEGIC, STRATEGIC, "Change to group/activity"),
    ("MOBILIZE", "police"): (STRATEGIC, STRATEGIC, "Change to group/activity"),
    ("MOBILIZE", "militia"): (STRATEGIC, STRATEGIC, "Change to group/activity"),
    ("AGREE", None): (STRATEGIC, STRATEGIC, "Agreement"),
    ("RETREAT", "ceasefire"): (STRATEGIC, STRATEGIC, "Agreement"),
    ("RETREAT", "withdraw"): (STRATEGIC, STRATEGIC, "Non-violent transfer of territory"),
}
"""(PLOVER type, mode) to (disorder type, event type, sub-event type).

An ASSAULT with firearms or no mode is a battle (``Armed clash``) when its
recipient is armed (:data:`ARMED_SECTORS`), else violence against civilians
(``Attack``): see :func:`acled_type`.
"""

ARMED_SECTORS = frozenset({"MIL", "REB", "COP", "SPY", "UAF", "INS"})
"""Sectors of armed actors: an assault on one of them is a battle."""

INTER_CODES: dict[str, int] = {
    "MIL": 1,
    "COP": 1,
    "SPY": 1,
    "GOV": 1,
    "REB": 2,
    "INS": 2,
    "UAF": 3,
    "CRM": 3,
    "IGO": 8,
    "NGO": 8,
}
"""Sector to ACLED actor type: 1 state forces, 2 rebels, 3 political militias, 6 protesters, 7 civilians, 8 other.

Unarmed sectors not listed are civilians (7); the actors of a protest are protesters (6), of a riot rioters (5).
"""

_TIME_PRECISION = {"day": 1, "month": 3, "year": 3}
_GEO_PRECISION = {"geonames": 1, "admin1": 2, "region": 2, "country": 3}


RECORDED_MODALITIES = frozenset({"asserted", "alleged"})
"""ACLED records what happened (reported, even if only alleged): planned, hypothetical or denied events are left out."""


@functools.cache
def _country_names() -> dict[str, str]:
    """ISO alpha-3 code to English country name, from the gazetteer's country table."""
    table = resources.files("veille") / "data" / "places" / "countries.tsv"
    names: dict[str, str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) < 4 or cells[0] == "id":
            continue
        names[cells[1]] = cells[3]
    return names


def acled_type(event: StoredEvent) -> tuple[str, str, str] | None:
    """The (disorder type, event type, sub-event type) of ``event``, or ``None`` if ACLED would not record it."""
    if event.modality not in RECORDED_MODALITIES:
        return None
    if event.type == "ASSAULT" and event.mode in {None, "firearms"}:
        armed = any(r.sector in ARMED_SECTORS for r in event.recipients)
        return (VIOLENCE, "Battles", "Armed clash") if armed else (VIOLENCE, CIVILIANS, "Attack")
    return EVENT_TYPES.get((event.type, event.mode))


def _inter(actor: EventActor | None, event: StoredEvent, first: bool) -> int | None:
    if actor is None:
        return None
    if first and event.type == "PROTEST":
        return 5 if event.mode == "riot" else 6
    return INTER_CODES.get(actor.sector or "", 7)


def _names(actors: tuple[EventActor, ...]) -> tuple[str, str]:
    if not actors:
        return "", ""
    return actors[0].name, LIST_SEPARATOR.join(a.name for a in actors[1:])


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def row(item: ExportItem) -> list[str] | None:
    """The cells of one event, or ``None`` if ACLED would not record it."""
    event = item.event
    kind = acled_type(event)
    if kind is None:
        return None
    disorder, event_type, sub_event = kind
    place = next((p for p in event.locations if p.lat is not None and p.lon is not None), None)
    country = (place.country if place else None) or next((a.country for a in event.actors if a.country), None)
    day = event.date if event.date and len(event.date) == 10 else None
    when = day or (event.date + "-01" if event.date and len(event.date) == 7 else None)
    when = when or (event.date + "-01-01" if event.date else event.first_seen_at.date().isoformat())
    actor1, assoc1 = _names(event.actors)
    actor2, assoc2 = _names(event.recipients)
    inter1 = _inter(event.actors[0] if event.actors else None, event, True)
    inter2 = _inter(event.recipients[0] if event.recipients else None, event, False)
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    interaction = codes[0] * 10 + (codes[1] if len(codes) > 1 else 0) if codes else None
    targeting = event_type == CIVILIANS or any(r.sector == "CVL" for r in event.recipients)
    prefix = place.id.partition(":")[0] if place else ""
    tags = f"veille {event.type}{'/' + event.mode if event.mode else ''}; {event.modality}"
    cells = [
        f"{country or 'XXX'}{event.id}",
        when,
        when[:4],
        _TIME_PRECISION.get(event.date_granularity or "", 3) if event.date else 3,
        disorder,
        event_type,
        sub_event,
        actor1,
        assoc1,
        inter1,
        actor2,
        assoc2,
        inter2,
        interaction,
        "Civilian targeting" if targeting else "",
        "",
        "",
        _country_names().get(country or "", country),
        place.name if place and prefix == "admin1" else "",
        "",
        "",
        place.name if place else "",
        place.lat if place else None,
        place.lon if place else None,
        _GEO_PRECISION.get(prefix) if place else None,
        LIST_SEPARATOR.join(dict.fromkeys(s.site or s.url or s.source for s in item.sources)),
        "",
        (event.record.get("evidence") or {}).get("text"),
        "",
        tags,
        int(event.first_seen_at.timestamp()),
    ]
    return [_cell(c) for c in cells]


def _write(items: Iterable[ExportItem], out: BinaryIO) -> Written:
    rows = skipped = 0
    with text_stream(out) as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(COLUMNS)
        for item in items:
            cells = row(item)
            if cells is None:
                skipped += 1
                continue
            writer.writerow(cells)
            rows += 1
    return Written(rows, skipped)


EXPORTER = register(
    Exporter("acled", ".csv", "the ACLED core columns, for the events ACLED would record", _write, True)
)
