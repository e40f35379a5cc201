"""Exports: stored events written as files other tools read.

One module per format, each registering an :class:`Exporter` by name::

    from veille.exports import export
    with open_store(url) as store:
        report = export(store, EventQuery(country="SDN"), "csv", "sudan.csv")

The formats shipped are ``jsonl``, ``csv``, ``parquet``, ``geojson``,
``gdelt`` (the GDELT 2.0 event table) and ``acled`` (the ACLED core
columns); ``docs/exports.md`` documents each one's fields and mappings. A new
format is a module that calls :func:`register`; :func:`get` finds the
shipped ones by importing their module on first use.

An export streams: events are read from the store a page at a time
(:data:`PAGE_SIZE`) with the filters of the query, so a million events
never sit in memory at once. It holds every event the filters select, in
the query's order: the query's ``limit`` and ``offset`` are ignored. A
file is written under a temporary name and renamed when complete, so a
failed export leaves no half-written file behind.
"""

from __future__ import annotations

import importlib
import io
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import BinaryIO, TextIO

from veille.errors import ExportError
from veille.store import EventQuery, EventSource, Store, StoredEvent

__all__ = [
    "FORMATS",
    "PAGE_SIZE",
    "ExportItem",
    "ExportReport",
    "Exporter",
    "Written",
    "export",
    "formats",
    "get",
    "iter_items",
    "register",
    "text_stream",
]

log = logging.getLogger(__name__)

PAGE_SIZE = 500
"""Events read from the store at a time."""

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "geojson", "gdelt", "acled")
"""The formats shipped with Veille, each in the module of its name."""


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One event to export, with the articles that report it (when the format asked for them)."""

    event: StoredEvent
    sources: tuple[EventSource, ...] = ()

    @property
    def urls(self) -> list[str]:
        """The URLs (else the input names) of the reporting articles, each once, oldest first."""
        return list(dict.fromkeys(s.url or s.source for s in self.sources))


@dataclass(frozen=True, slots=True)
class Written:
    """What an exporter wrote: ``rows`` records, and ``skipped`` events the format cannot hold."""

    rows: int
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class Exporter:
    """A format: ``write`` turns events into bytes on a binary stream.

    ``sources`` says whether ``write`` needs the articles reporting each
    event (:attr:`ExportItem.sources`), which costs one more query a page.
    """

    name: str
    suffix: str
    description: str
    write: Callable[[Iterable[ExportItem], BinaryIO], Written]
    sources: bool = False


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What :func:`export` did: ``events`` read, ``rows`` written, ``skipped`` events left out."""

    format: str
    events: int
    rows: int
    skipped: int
    path: str | None

    def summary(self) -> str:
        """``"34 events, 34 rows (csv) to events.csv"``."""
        where = f" to {self.path}" if self.path else ""
        left = f", {self.skipped} left out" if self.skipped else ""
        return f"{self.events} events, {self.rows} rows ({self.format}){left}{where}"


_REGISTRY: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    """Make ``exporter`` available under its name (replacing one of the same name)."""
    _REGISTRY[exporter.name] = exporter
    return exporter


def get(name: str) -> Exporter:
    """The exporter called ``name``; :class:`ExportError` listing the formats if there is none."""
    key = name.strip().lower()
    if key not in _REGISTRY and key in FORMATS:
        importlib.import_module(f"{__name__}.{key}")
    found = _REGISTRY.get(key)
    if found is None:
        raise ExportError(f"unknown export format {name!r}: use one of {', '.join(formats())}")
    return found


def formats() -> list[str]:
    """Every format name: those shipped, then any registered since."""
    return list(dict.fromkeys([*FORMATS, *_REGISTRY]))


def iter_items(
    store: Store, query: EventQuery, sources: bool = False, page_size: int = PAGE_SIZE
) -> Iterator[ExportItem]:
    """Every event ``query``'s filters select, in its order (:meth:`Store.iter_events`).

    With ``sources``, each item carries the articles that report its event,
    read with one query per ``page_size`` events.
    """
    events = store.iter_events(query, page_size)
    while page := list(islice(events, page_size)):
        found = store.event_sources([e.id for e in page]) if sources else {}
        for event in page:
            yield ExportItem(event, tuple(found.get(event.id, ())))


@contextmanager
def text_stream(out: BinaryIO) -> Iterator[TextIO]:
    """``out`` as UTF-8 text (newlines as written), left open afterwards."""
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


class _Counted:
    """Counts the items an exporter takes."""

    def __init__(self, items: Iterable[ExportItem]) -> None:
        self._items = items
        self.count = 0

    def __iter__(self) -> Iterator[ExportItem]:
        for item in self._items:
            self.count += 1
            yield item


def export(
    store: Store,
    query: EventQuery | None,
    format: str,
    out: str | Path | BinaryIO,
    page_size: int = PAGE_SIZE,
) -> ExportReport:
    """Write every event ``query`` selects (all events if ``None``) in ``format`` to ``out``.

    ``out`` is a path (written under a temporary name, then renamed) or a
    binary stream (``sys.stdout.buffer``). Raises :class:`ExportError` for
    an unknown format or a file that cannot be written.
    """
    exporter = get(format)
    items = _Counted(iter_items(store, query or EventQuery(), exporter.sources, page_size))
    if isinstance(out, str | Path):
        path = Path(out)
        part = path.with_name(path.name + ".part")
        try:
            with part.open("wb") as fh:
                written = exporter.write(items, fh)
            os.replace(part, path)
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise ExportError(f"{path}: cannot write the {exporter.name} export: {exc.strerror or exc}") from exc
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        where: str | None = str(path)
    else:
        written = exporter.write(items, out)
        out.flush()
        where = None
    if written.skipped:
        log.info(
            "%s export: %d of %d events left out (the format cannot hold them)", format, written.skipped, items.count
        )
    return ExportReport(exporter.name, items.count, written.rows, written.skipped, where)
