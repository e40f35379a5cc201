"""The scraped-text cleaner: keeps or drops whole lines, never rewrites characters.

Scraped pages arrive as plain text with the page furniture still in it: the
title printed three times, "Lire aussi" teasers, previous/next links, share
buttons, cookie banners, comment forms. :func:`clean_text` decides line by
line what to keep. Kept lines that were adjacent in the source stay one
copied :class:`~veille.model.Segment` (their original line breaks included);
runs of kept lines are joined with exactly ``"\\n\\n"`` where lines were
dropped or blank lines stood. Every dropped line is recorded as a
:class:`~veille.model.Removed` with its reason.

The markers are regular expressions in ``veille/lang/<code>/boilerplate.yml``;
every language's markers apply to every text, because pages mix languages in
their furniture (English "NEXT" links on French pages). The file format::

    markers:
      - kind: read-also            # the reason recorded for a dropped line
        pattern: '^lire\\s+aussi\\b' # re.search on the line, trimmed (see below)
        max_length: 250            # optional: longer lines never match
        case_sensitive: false      # optional, default false

A line is trimmed of whitespace and of the arrows, guillemets and bullets
that decorate links (``« Précédent``, ``Read more →``) before matching;
``max_length`` counts the characters of the line without surrounding
whitespace, so that a real sentence that happens to hold a marker word is kept.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from veille import lang
from veille.errors import DataError
from veille.model import OffsetMap, Removed, Segment, Span

__all__ = [
    "BOILERPLATE_FILE",
    "BOILERPLATE_KINDS",
    "CleanText",
    "Marker",
    "classify_line",
    "clean_text",
    "load_markers",
    "parse_markers",
]

logger = logging.getLogger(__name__)

BOILERPLATE_FILE = "boilerplate.yml"
"""The file each language folder keeps its boilerplate markers in."""

BOILERPLATE_KINDS: frozenset[str] = frozenset(
    {"read-also", "navigation", "share", "cookie", "subscribe", "comment-form", "ad", "footer"}
)
"""The kinds a marker may have; each is also the ``Removed.reason`` of the lines it drops."""

TITLE_REASON = "title"
"""Reason for the line the title was taken from (its first occurrence)."""
TITLE_REPEAT_REASON = "title-repeat"
"""Reason for every later line equal to the title."""

PARAGRAPH_BREAK = "\n\n"

_MARKER_KEYS = frozenset({"kind", "pattern", "max_length", "case_sensitive"})
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DECORATION = " \t\u00a0\u202f-–—•·►▶→←«»‹›<>|"
_TITLE_MAX_CHARS = 250
_TITLE_MAX_WORDS = 40
_TITLE_MIN_WORDS = 2
_NOT_TITLE_ENDINGS = (".", ",", ";", ":")


@dataclass(frozen=True, slots=True)
class Marker:
    """A pattern that marks a whole line as boilerplate of some ``kind``."""

    kind: str
    pattern: re.Pattern[str]
    max_length: int | None = None
    language: str = ""

    def matches(self, line: str) -> bool:
        """Whether the ``line`` (a single line of text) is this kind of boilerplate."""
        stripped = line.strip()
        if self.max_length is not None and len(stripped) > self.max_length:
            return False
        key = stripped.strip(_DECORATION)
        return bool(key) and self.pattern.search(key) is not None


@dataclass(frozen=True, slots=True)
class CleanText:
    """What the cleaner kept of a text, and how to find it in the source.

    ``title_span`` and the spans in ``removed`` point into the source text;
    ``offsets`` maps spans of ``text`` back to it.
    """

    text: str
    offsets: OffsetMap
    title: str | None
    title_span: Span | None
    removed: tuple[Removed, ...]


def parse_markers(data: Any, where: str, language: str = "") -> tuple[Marker, ...]:
    """Validate the parsed contents of a boilerplate file and compile its markers.

    ``where`` names the file in error messages. Raises
    :class:`~veille.errors.DataError` on a missing key, an unknown key or
    kind, a pattern that does not compile, or a bad ``max_length``.
    """
    if not isinstance(data, Mapping) or set(data) != {"markers"} or not isinstance(data["markers"], list):
        raise DataError(f"{where}: expected a mapping with a single key 'markers' holding a list")
    markers: list[Marker] = []
    for number, entry in enumerate(data["markers"], start=1):
        here = f"{where}: marker {number}"
        if not isinstance(entry, Mapping):
            raise DataError(f"{here}: expected a mapping with 'kind' and 'pattern'")
        unknown = set(entry) - _MARKER_KEYS
        if unknown:
            raise DataError(f"{here}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        kind, pattern = entry.get("kind"), entry.get("pattern")
        if kind not in BOILERPLATE_KINDS:
            raise DataError(f"{here}: kind {kind!r} is not one of {', '.join(sorted(BOILERPLATE_KINDS))}")
        if not isinstance(pattern, str) or not pattern:
            raise DataError(f"{here}: 'pattern' must be a non-empty string")
        max_length = entry.get("max_length")
        if max_length is not None and (type(max_length) is not int or max_length < 1):
            raise DataError(f"{here}: 'max_length' must be a positive integer")
        case_sensitive = entry.get("case_sensitive", False)
        if not isinstance(case_sensitive, bool):
            raise DataError(f"{here}: 'case_sensitive' must be true or false")
        try:
            compiled = re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)
        except re.error as exc:
            raise DataError(f"{here}: pattern {pattern!r} does not compile: {exc}") from exc
        markers.append(Marker(kind, compiled, max_length, language))
    return tuple(markers)


@functools.cache
def load_markers() -> tuple[Marker, ...]:
    """The markers of every language folder, loaded once per process."""
    markers: list[Marker] = []
    seen: set[tuple[str, str, int, int | None]] = set()
    for code, data in lang.load_all(BOILERPLATE_FILE).items():
        for marker in parse_markers(data, f"veille/lang/{code}/{BOILERPLATE_FILE}", code):
            key = (marker.kind, marker.pattern.pattern, marker.pattern.flags, marker.max_length)
            if key not in seen:
                seen.add(key)
                markers.append(marker)
    logger.debug("loaded %d boilerplate markers", len(markers))
    return tuple(markers)


def classify_line(line: str, markers: Sequence[Marker] | None = None) -> str | None:
    """The kind of boilerplate ``line`` is, or ``None`` when it may be article text."""
    for marker in load_markers() if markers is None else markers:
        if marker.matches(line):
            return marker.kind
    return None


def clean_text(text: str, title: str | None = None, markers: Sequence[Marker] | None = None) -> CleanText:
    """Drop the title, its repeats and boilerplate lines from ``text``.

    When ``title`` is not given, the first line that is not boilerplate is
    taken as the title if it looks like one (short, a few words, no final
    period) and some other text follows it. Lines equal to the title after
    whitespace and case normalization are dropped; the first one locates
    the title in ``text``. The result's text may be empty: the caller
    decides whether that is an error.
    """
    active = load_markers() if markers is None else markers
    lines = _lines(text)
    kinds: list[str | None] = [None if not text[s:e].strip() else classify_line(text[s:e], active) for s, e in lines]
    content = [i for i, (s, e) in enumerate(lines) if text[s:e].strip() and kinds[i] is None]

    if title is None and content:
        first = text[slice(*lines[content[0]])].strip()
        others = [i for i in content if _normalize(text[slice(*lines[i])]) != _normalize(first)]
        if others and _looks_like_title(first):
            title = first
    title = " ".join(title.split()) if title is not None and title.strip() else None

    reasons: list[str | None] = list(kinds)
    title_span: Span | None = None
    if title is not None:
        wanted = _normalize(title)
        for i, (s, e) in enumerate(lines):
            if _normalize(text[s:e]) == wanted:
                if title_span is None:
                    title_span = _trimmed(text, s, e)
                    reasons[i] = TITLE_REASON
                else:
                    reasons[i] = TITLE_REPEAT_REASON

    removed = tuple(
        Removed(_trimmed(text, start, end), reason)
        for (start, end), reason in zip(lines, reasons, strict=True)
        if reason is not None
    )
    runs = _kept_runs(text, lines, reasons)
    parts: list[str] = []
    segments: list[Segment] = []
    position = 0
    for run in runs:
        if parts:
            parts.append(PARAGRAPH_BREAK)
            position += len(PARAGRAPH_BREAK)
        parts.append(run.of(text))
        segments.append(Segment(position, run.start, len(run)))
        position += len(run)
    if removed:
        logger.debug("cleaner dropped %d lines: %s", len(removed), sorted({r.reason for r in removed}))
    return CleanText("".join(parts), OffsetMap(tuple(segments)), title, title_span, removed)


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line, line breaks excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _LINE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _kept_runs(text: str, lines: Sequence[tuple[int, int]], reasons: Sequence[str | None]) -> Iterable[Span]:
    """Source spans of runs of adjacent kept lines, trimmed of outer whitespace."""
    run: tuple[int, int] | None = None
    for (start, end), reason in zip(lines, reasons, strict=True):
        if reason is None and text[start:end].strip():
            run = (start, end) if run is None else (run[0], end)
            continue
        if run is not None:
            yield _trimmed(text, *run)
            run = None
    if run is not None:
        yield _trimmed(text, *run)


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _normalize(line: str) -> str:
    return " ".join(unicodedata.normalize("NFC", line).split()).casefold()


def _looks_like_title(line: str) -> bool:
    words = len(line.split())
    return (
        len(line) <= _TITLE_MAX_CHARS
        and _TITLE_MIN_WORDS <= words <= _TITLE_MAX_WORDS
        and not line.endswith(_NOT_TITLE_ENDINGS)
    )
