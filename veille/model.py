"""The vocabulary that flows through Veille.

A :class:`Document` is one input as read (a file, a feed item, a fetched page, a
WARC record, a JSONL line). :func:`veille.extract` turns it into an
:class:`Article`: the clean main text, its metadata and an :class:`OffsetMap`
back to the text that spans point into. Later stages add annotations to the
article; the store and the surfaces only read finished articles.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

__all__ = [
    "Actor",
    "Argument",
    "Article",
    "Document",
    "DocumentFormat",
    "Event",
    "Failure",
    "Fingerprint",
    "Mention",
    "OffsetMap",
    "Place",
    "PlaceRef",
    "Removed",
    "Segment",
    "Span",
    "TimeValue",
]

DocumentFormat = Literal["text", "html"]
Granularity = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)`` in a text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def of(self, text: str) -> str:
        """The characters of ``text`` this span covers."""
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of ``length`` characters copied unchanged from the source text.

    It starts at ``text_start`` in the article text and at ``source_start`` in
    the source text.
    """

    text_start: int
    source_start: int
    length: int


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in an article's text back to offsets in its source text.

    The text cleaner keeps or drops whole lines and never rewrites characters,
    so the article text is a sequence of copied segments joined by newlines
    the cleaner inserts. An offset inside a segment maps exactly; an offset
    on an inserted character maps to the end of the segment before it.
    """

    segments: tuple[Segment, ...]

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text onto itself."""
        return cls((Segment(0, 0, length),) if length else ())

    def to_source(self, offset: int) -> int:
        """The source offset of article-text ``offset``."""
        if not self.segments:
            return offset
        starts = [s.text_start for s in self.segments]
        i = max(bisect.bisect_right(starts, offset) - 1, 0)
        seg = self.segments[i]
        return seg.source_start + min(max(offset - seg.text_start, 0), seg.length)

    def span_to_source(self, span: Span) -> Span:
        """The source span of an article-text span.

        The end is mapped as the end of the character before it, so that a
        span ending at a segment boundary does not run into the next segment.
        """
        start = self.to_source(span.start)
        if len(span) == 0:
            return Span(start, start)
        end = self.to_source(span.end - 1) + 1
        return Span(start, max(end, start))


@dataclass(frozen=True, slots=True)
class Removed:
    """A range of the source text the extractor left out, and why.

    ``reason`` is a short code such as ``title-repeat``, ``read-also``,
    ``navigation``, ``share``, ``cookie``, ``subscribe`` or ``comment-form``.
    """

    span: Span
    reason: str


@dataclass(slots=True)
class Document:
    """One input as read, before extraction.

    ``source`` names where it came from (a path, a URL, ``feed.xml#3``,
    ``items.jsonl:12``) and is what error messages show. ``text`` is the
    decoded input; spans of text inputs point into it. The optional fields
    are what the input itself says (a JSONL field, a feed item, a flag):
    extraction never overrides them with a guess.
    """

    source: str
    text: str
    format: DocumentFormat = "text"
    id: str | None = None
    url: str | None = None
    published: date | None = None
    language: str | None = None
    title: str | None = None
    site_name: str | None = None
    authors: tuple[str, ...] = ()
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What duplicate detection knows about an article's text.

    ``content_hash`` is the hex SHA-256 of the normalized text (equal for
    exact duplicates); ``signature`` the MinHash values as bytes; ``bands``
    the LSH band keys derived from it (shared by likely near-duplicates).
    """

    content_hash: str
    signature: bytes
    bands: tuple[int, ...]


@dataclass(slots=True)
class Article:
    """The article extracted from a :class:`Document`, with its annotations.

    ``text`` is the clean main text. Spans computed on ``text`` are mapped
    to ``source_text`` through ``offsets``: for a text input the source is
    the input itself; for HTML it is the extracted text (there is no
    character-faithful way back into markup).

    ``title_span`` locates the title in ``source_text`` when the title was
    found there (the body ``text`` does not repeat it).

    ``published_from`` and ``language_from`` say where those values came
    from (``input``, ``html-metadata``, ``feed``, ``flag``, ``detected`` ...);
    ``None`` values mean unknown, never guessed.

    Stages add annotations: ``doc`` (the spaCy parse, never stored),
    ``actors``, ``places`` and ``times``. Their spans are offsets into
    ``text``; :meth:`source_span` maps them into ``source_text``. A stage
    that cannot annotate (no pipeline for the language, no publication date
    to resolve against) says why in ``warnings`` instead of failing.
    """

    document: Document
    text: str
    offsets: OffsetMap
    title: str | None = None
    title_span: Span | None = None
    published: date | None = None
    published_from: str | None = None
    language: str | None = None
    language_confidence: float | None = None
    language_from: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    authors: tuple[str, ...] = ()
    removed: tuple[Removed, ...] = ()
    fingerprint: Fingerprint | None = None
    cluster_id: int | None = None
    id: int | None = None
    doc: Any = None
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeValue] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def source_text(self) -> str:
        """The text that source spans point into."""
        if self.document.format == "text":
            return self.document.text
        return self.text

    def source_span(self, span: Span) -> Span:
        """Map a span of ``text`` to a span of ``source_text``."""
        return self.offsets.span_to_source(span)


@dataclass(frozen=True, slots=True)
class Failure:
    """A document or input that could not be processed, and why.

    ``stage`` is where it failed (``read``, ``extract``, ``store`` ...),
    ``error`` the exception class name and ``message`` the readable reason.
    """

    source: str
    stage: str
    error: str
    message: str


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A time expression and the calendar value it stands for.

    ``value`` is ISO 8601 at ``granularity`` (``2024-07-16``, ``2024-04``,
    ``2024``), or ``None`` when the expression could not be resolved (then
    ``rule`` says why, e.g. ``unresolved-no-anchor``). ``anchor`` is the date
    a relative expression was computed from; ``rule`` names the rule that
    produced the value. ``kind`` is ``date`` for a point in time,
    ``duration`` for a span of time, and ``deadline`` for the end date of a
    duration counted from the anchor ("un délai de 40 jours").
    ``span`` is the expression's range in the text it was found in.
    """

    text: str
    span: Span
    value: str | None
    granularity: Granularity | None
    rule: str
    kind: Literal["date", "duration", "deadline"] = "date"
    approximate: bool = False
    anchor: date | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of article text that names something.

    ``label`` is the entity type it was found as: the NER label (``PER``,
    ``ORG``, ``GPE``, ``LOC`` ...) or the rule that found it (``alias``,
    ``role``, ``demonym``, ``adjective``). ``span`` is in the article text.
    """

    text: str
    span: Span
    label: str


@dataclass(slots=True)
class Actor:
    """One actor of an article, with every mention that names it.

    ``id`` is the knowledge-base id (``usa``, ``irq-pm-sudani``, ``usa-mil``)
    or ``None`` for a name the knowledge base does not know, which keeps its
    own ``name`` and its entity ``kind``. ``country`` is ISO 3166 alpha-3 or
    ``IGO``/``UNO``/``EUR``/``NGO``/``IMG``; ``sector`` a PLOVER sector code.
    ``method`` is how the first mention was resolved (``exact``,
    ``normalized``, ``fuzzy``, ``role``, ``demonym``, ``place`` for a country named as a place;
    ``None`` when unresolved).
    """

    id: str | None
    name: str
    country: str | None
    sector: str | None
    kind: str
    mentions: list[Mention] = field(default_factory=list)
    method: str | None = None
    wikidata: str | None = None


@dataclass(slots=True)
class Place:
    """One place of an article, geocoded, with every mention that names it.

    ``id`` is the gazetteer id (``geonames:98182``, ``region:gaza-strip``,
    ``country:IRQ``); ``kind`` is ``country``, ``city``, ``region``,
    ``admin1`` ...; ``country`` ISO 3166 alpha-3 (``None`` for regions that
    span countries).
    """

    id: str
    name: str
    country: str | None
    lat: float
    lon: float
    kind: str
    admin1: str | None = None
    mentions: list[Mention] = field(default_factory=list)


Modality = Literal["asserted", "alleged", "future", "hypothetical", "negated"]


@dataclass(frozen=True, slots=True)
class Argument:
    """An actor taking part in an event, as named at one place of the text."""

    actor: Actor
    mention: Mention


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place where an event happened, as named at one place of the text."""

    place: Place
    mention: Mention


@dataclass(slots=True)
class Event:
    """One PLOVER event of an article, with the evidence for every field.

    ``type`` and ``mode`` follow PLOVER (``shared/eval/GUIDE.md``);
    ``modality`` is one of asserted, alleged, future, hypothetical, negated.
    ``date`` is when it happened (for statements: when made); when no time
    expression says so and the date is the publication date, ``date_from``
    is ``published`` and ``date`` has no span of its own. ``deadline`` is the
    end of an ultimatum or dated demand; ``demand`` and ``consequence`` are
    what is asked and what is threatened, when the text states them.
    ``attribution`` is the source the text credits. ``confidence`` is the
    estimated probability that an analyst would accept the event's type and
    dyad as coded (see ``docs/events.md``). All spans are in the article text.
    """

    type: str
    mode: str | None
    trigger: Mention
    evidence: Span
    actors: list[Argument] = field(default_factory=list)
    recipients: list[Argument] = field(default_factory=list)
    locations: list[PlaceRef] = field(default_factory=list)
    date: TimeValue | None = None
    date_from: str | None = None
    modality: Modality = "asserted"
    attribution: Mention | None = None
    deadline: TimeValue | None = None
    demand: Span | None = None
    consequence: Span | None = None
    confidence: float = 0.5
