"""The temporal tagger: time expressions of a text and the calendar values they stand for.

:func:`tag_times` finds every time expression of a text, resolves the relative
ones against the publication date, and returns them as
:class:`~veille.model.TimeValue` records in text order, without overlaps::

    >>> from datetime import date
    >>> [(t.text, t.value, t.rule) for t in tag_times("Depuis octobre dernier, ...", "fr", date(2024, 6, 6))]
    [('octobre dernier', '2023-10', 'month-last')]

The words of each language live in ``veille/lang/<code>/dates.yml``: month and
weekday names, numbers in words, units, cue words, and the patterns that
combine them (the format is described at the top of the French file). The code
only knows the rules that turn a match into a value: adding a language means
adding a folder.

A span covers the expression and the words that change its meaning ("octobre
dernier", "il y a trois jours", "un délai de 40 jours", "depuis le début de
l'année"), not a preposition that only introduces it ("en 2023" gives "2023").
Where matches overlap, the longest wins.

How the rules resolve, ``anchor`` being the publication date:

=======================  ============================================================
rule                     value
=======================  ============================================================
absolute-day, -month,    the date as written: "6 juin 2024", "June 2024", "en 2023";
-year                    numeric dates in the order the language file reads them
day-month-past/-future   a day and month without year: the latest such date on or
                         before the anchor, or the first on or after it when the
                         sentence reads as future; a weekday beside it picks the year
weekday-past/-future     a bare weekday: the latest on or before the anchor (the
                         anchor's own weekday is the anchor), or the next on or after
weekday-this             "ce vendredi", "this Friday": that day of the anchor's week
month-past/-future       a month after "en"/"in", or alone: the latest on or before
                         the anchor's month, or the first on or after it
day-month-, weekday-,    "le 7 octobre dernier", "mercredi prochain", "last October":
month-last/-next         strictly before / after the anchor
month-last-year          "August last year": that month of the year before
last-, this-, next-      "la semaine dernière", "this month", "l'an prochain": a week
week/month/year          at day granularity, approximate (anchor -7, 0, +7 days); a
                         month or a year at its own granularity
weekend, weekend-last,   "ce week-end", "last weekend": the Saturday of the weekend
weekend-next             meant, approximate
month-/year-mid, -early, "mi-avril", "début juin", "late 2023", "fin du mois dernier":
-late                    the month or year, approximate
since-year-start,        "depuis le début de l'année": January of the anchor's year,
since-month-start,       month granularity; "since the start of the month": that
since-week-start         month; of the week: its Monday
relative-day             "hier", "tomorrow", "ce soir": the anchor plus an offset
ago                      "il y a trois jours", "two weeks ago": the anchor minus the
                         duration, at day granularity for hours, days and weeks (hours
                         and weeks approximate), month or year for months and years
duration:P3M             a duration without deadline cue: no value, kind ``duration``;
                         the ISO 8601 duration follows the colon
duration-deadline:P40D   "un délai de 40 jours", "within 48 hours", "in two weeks":
                         kind ``deadline``, the anchor plus the duration at day
                         granularity (hours count as whole days, rounded down)
deadline-weekday,        "d'ici vendredi": the first such day after the anchor; "by
deadline-date            June 30", "d'ici 2030": the first such date on or after it,
                         or the date, month or year given
deadline-end-of-week,    "d'ici la fin du mois", "by the end of the year", "d'ici fin
-month, -year            juin": the last day of that week (Sunday), month or year
unresolved-no-anchor     a relative expression of a text with no publication date
=======================  ============================================================

Absolute values have no anchor, and neither have durations.

Whether a sentence reads as future is decided by the tense cues of the language
file nearest to the expression within its sentence; with none it reads as past.

Speed: the patterns of a language are compiled once, when first used. A text is
folded once (lower case, no accents, same length); patterns are only searched
in windows around the words they need (a month name, a unit, a four-digit year
...), and each group of patterns sharing such a word is located in one pass.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import logging
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

import yaml

import veille
from veille import _yaml
from veille.errors import ConfigError
from veille.model import Granularity, Span, TimeValue

__all__ = ["DateWords", "load_date_words", "reanchor", "tag_times"]

_log = logging.getLogger(__name__)

Kind = Literal["date", "duration", "deadline"]
Unit = Literal["hour", "day", "week", "month", "year"]
_UNITS: frozenset[str] = frozenset({"hour", "day", "week", "month", "year"})

# Rules a pattern may name, and the kind of value each gives.
_RULE_KINDS: dict[str, Kind] = {
    "date": "date",
    "last": "date",
    "next": "date",
    "this": "date",
    "month-last-year": "date",
    "mid": "date",
    "early": "date",
    "late": "date",
    "since-start": "date",
    "relative-day": "date",
    "ago": "date",
    "duration": "duration",
    "deadline-in": "deadline",
    "deadline-by": "deadline",
    "deadline-end": "deadline",
}

# Formats that are the same in every language.
_UNIVERSAL_PATTERNS: tuple[tuple[str, str], ...] = (
    ("date", "{year}-(?P<mnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12][0-9]|3[01])(?![0-9])"),
)

# Placeholders whose words are looked for before any pattern runs, and the kind of
# word ("trigger") each needs: a pattern is only tried near a trigger of one of its
# placeholders. Numbers in digits are triggers by size: four digits of a year, one
# or two of a day, up to four of a count.
_TRIGGERS: dict[str, str] = {
    "month": "month",
    "weekday": "weekday",
    "relday": "relday",
    "weekend": "weekend",
    "year": "year",
    "unit": "unit",
    "day": "day",
    "dd": "day",
    "mm": "day",
    "number": "count",
    "count": "count",
}
# Rarest first: a pattern is indexed on its rarest required placeholder.
_RARITY = ("month", "weekday", "relday", "weekend", "year", "unit", "day", "count")

# How far, in characters, an expression may reach from its trigger word: the
# search window around a trigger extends this far on each side.
_REACH = 56
# How far from an expression a tense cue counts, within its sentence.
_CUE_REACH = 64

_SPACE = "(?:[ \t]+)"
_WORD_START = r"(?<![\w])"
_DIGITS = r"(?<![0-9.,])[1-9][0-9]{0,3}(?![0-9]|[.,][0-9])"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_TOKEN = re.compile(r"[a-z0-9]+")
_NAMED_GROUP = re.compile(r"(?<!\\)\(\?P<[a-z_]+>")
_BACKREFERENCE = re.compile(r"(?<!\\)\(\?P=[a-z_]+\)")
_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")
_SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n")
_CODE = re.compile(r"^[a-z]{2,3}$")

_APOSTROPHES = "’‘ʼʹ′´`"
_SPACES = "\u00a0\u2002\u2003\u2007\u2008\u2009\u200a\u202f\u205f"
_HYPHENS = "\u2010\u2011"


@functools.cache
def _fold_table() -> dict[str, str]:
    """One-to-one replacements that make the folded text: accents off, one apostrophe, one space."""
    table: dict[str, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        lower = char.lower()
        if len(lower) != 1:
            continue
        base = unicodedata.normalize("NFD", lower)[0]
        if base.isascii() and base.isalpha():
            table[char] = base
        elif lower != char:
            table[char] = lower
    table.update(dict.fromkeys(_APOSTROPHES, "'"))
    table.update(dict.fromkeys(_SPACES, " "))
    table.update(dict.fromkeys(_HYPHENS, "-"))
    return table


@functools.cache
def _latin1_table() -> bytes:
    """The folding of the first 256 code points, as a table for :meth:`bytes.translate`."""
    table = _fold_table()
    out = bytearray(range(256))
    for code in range(256):
        folded = table.get(chr(code), chr(code))
        if ord(folded) < 256:
            out[code] = ord(folded)
    return bytes(out)


def _fold_wide(match: re.Match[str]) -> str:
    """A character beyond Latin-1 as one Latin-1 character: folded if known, else a stand-in.

    Letters and digits stand in as ``µ`` (a word character no pattern uses),
    anything else as ``?``, so that word boundaries stay where they were.
    """
    char = match.group()
    folded = _fold_table().get(char, char)
    if ord(folded) < 256:
        return folded
    return "µ" if char.isalnum() else "?"


def _fold(text: str) -> str:
    """``text`` in lower case without accents, with one kind of apostrophe and space.

    Every character maps to exactly one character, so offsets into the folded
    text are offsets into ``text``.
    """
    lower = text.lower()
    if len(lower) != len(text):  # a few letters (İ) lower-case to two characters
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if lower.isascii():
        return lower
    narrow = _BEYOND_LATIN1.sub(_fold_wide, lower)
    return narrow.encode("latin-1").translate(_latin1_table()).decode("latin-1")


def _regex_text(source: str, *, fold: bool) -> str:
    """A regular expression written in a data file, ready to compile.

    Outside character classes a space matches one or more spaces; with ``fold``
    the letters are folded like the text (escaped characters are left alone),
    otherwise an apostrophe matches both the straight and the typographic one.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if source.startswith("(?P", i):  # named group syntax keeps its capital
            out.append("(?P")
            i += 3
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
        elif char == " ":
            out.append(_SPACE if fold else r"\s+")
            i += 1
            continue
        if fold:
            out.append(_fold(char))
        elif char in "'’":
            out.append("'" if in_class else "['’ʼ]")
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _alternation(words: list[str]) -> str:
    """Plain words as a regular-expression alternation, longest first, spaces matching spaces."""
    escaped = {_SPACE.join(re.escape(part) for part in word.split()) for word in words}
    return "|".join(sorted(escaped, key=lambda w: (-len(w), w)))


@dataclass(frozen=True, slots=True)
class _Pattern:
    rule: str
    regex: re.Pattern[str]
    order: int
    has_expr: bool


@dataclass(frozen=True, slots=True)
class _Group:
    """Patterns searched near the same kind of trigger word.

    ``locator`` finds, in one pass, the positions where one of them may start;
    each pattern is then tried at those positions only.
    """

    triggers: frozenset[str]
    patterns: tuple[_Pattern, ...]
    locator: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Found:
    """A resolved expression, before it becomes a :class:`TimeValue`."""

    value: str | None
    granularity: Granularity | None
    rule: str
    approximate: bool = False
    relative: bool = True


_Direction = Callable[[], Literal["past", "future"]]
# A match before resolution: sort key (longest span first), span, pattern, match.
_Candidate = tuple[tuple[int, int, int, int], int, int, _Pattern, re.Match[str]]


class DateWords:
    """The compiled date words and patterns of one language.

    Build it with :func:`load_date_words` (cached per language) or, from an
    already parsed mapping, with :meth:`from_mapping`, which validates it and
    raises :class:`~veille.errors.ConfigError` naming ``source`` on any mistake.
    """

    def __init__(
        self,
        language: str,
        *,
        months: dict[str, int],
        weekdays: dict[str, int],
        numbers: dict[str, int],
        multipliers: frozenset[str],
        units: dict[str, Unit],
        relative_days: dict[str, int],
        number_word: re.Pattern[str],
        case_sensitive: frozenset[str],
        future_cues: re.Pattern[str] | None,
        past_cues: re.Pattern[str] | None,
        not_dates: re.Pattern[str] | None,
        triggers: dict[str, frozenset[str]],
        groups: tuple[_Group, ...],
    ) -> None:
        self.language = language
        self._months = months
        self._weekdays = weekdays
        self._numbers = numbers
        self._multipliers = multipliers
        self._units = units
        self._relative_days = relative_days
        self._number_word = number_word
        self._case_sensitive = case_sensitive
        self._future_cues = future_cues
        self._past_cues = past_cues
        self._not_dates = not_dates
        self._triggers = triggers
        self._trigger_regex = re.compile(
            rf"(?<![a-z0-9])(?:(?P<word>{_prefix_alternation(list(triggers))})(?![a-z0-9])|[0-9]+)"
        )
        self._groups = groups

    @property
    def pattern_count(self) -> int:
        """How many patterns the language has, the shared numeric ones included."""
        return sum(len(group.patterns) for group in self._groups)

    # -- building -------------------------------------------------------------

    @classmethod
    def from_mapping(cls, language: str, data: object, source: str) -> DateWords:
        """Validate and compile the parsed content of a ``dates.yml`` file."""
        if not isinstance(data, Mapping):
            raise ConfigError(f"{source}: expected a mapping of date words, got {type(data).__name__}")
        known = {
            "months",
            "weekdays",
            "numbers",
            "number_multipliers",
            "articles",
            "number_joiner",
            "units",
            "relative_days",
            "weekend",
            "lists",
            "future_cues",
            "past_cues",
            "not_dates",
            "case_sensitive",
            "patterns",
        }
        unknown = sorted(str(key) for key in data if key not in known)
        if unknown:
            expected = ", ".join(sorted(known))
            raise ConfigError(f"{source}: unknown key(s) {', '.join(unknown)}; expected some of {expected}")

        months = _int_table(data, "months", source, 1, 12)
        weekdays = _int_table(data, "weekdays", source, 0, 6)
        numbers = _int_table(data, "numbers", source, 0, 1_000_000)
        relative_days = _int_table(data, "relative_days", source, -31, 31)
        units: dict[str, Unit] = {}
        for word, unit in _table(data, "units", source).items():
            if unit not in _UNITS:
                raise ConfigError(f"{source}: unit {word!r} is {unit!r}; expected one of {', '.join(sorted(_UNITS))}")
            units[word] = cast(Unit, unit)
        multipliers = frozenset(_fold(w) for w in _strings(data, "number_multipliers", source))
        articles = {_fold(w) for w in _strings(data, "articles", source)}
        for word in multipliers | articles:
            if word not in numbers:
                raise ConfigError(f"{source}: {word!r} is listed as a multiplier or article but not under numbers")
        weekend = [_fold(w) for w in _strings(data, "weekend", source)]
        joiner = data.get("number_joiner", " ")
        if not isinstance(joiner, str):
            raise ConfigError(f"{source}: number_joiner must be a regular expression string")

        lists: dict[str, list[str]] = {}
        raw_lists = data.get("lists", {}) or {}
        if not isinstance(raw_lists, Mapping):
            raise ConfigError(f"{source}: lists must map names to lists of regular expressions")
        for name in raw_lists:
            if not isinstance(name, str) or not re.fullmatch(r"[a-z_]+", name) or name in _TRIGGERS or name == "expr":
                raise ConfigError(f"{source}: list name {name!r} must be lower-case letters and not a placeholder name")
            lists[name] = _strings(raw_lists, name, source)

        case_sensitive = frozenset(_strings(data, "case_sensitive", source))
        for name in case_sensitive:
            if name not in _TRIGGERS and name not in lists:
                raise ConfigError(f"{source}: case_sensitive names {name!r}, which is not a placeholder")

        plain_numbers = sorted(w for w in numbers if w not in articles)
        all_numbers = sorted(numbers)
        word_run = rf"(?:{_alternation(plain_numbers)})(?![a-z])"
        joiner_regex = _regex_text(joiner, fold=True)
        number_words = rf"{word_run}(?:(?:{joiner_regex}){word_run})*"
        count_words = rf"(?:{_alternation(all_numbers)})(?![a-z])(?:(?:{joiner_regex}){word_run})*"
        ordinal = "|".join(_regex_text(s, fold=True) for s in lists.get("ordinal", []))
        day = r"(?<![0-9])(?P<day>[0-3]?[0-9])(?![0-9])" + (f"(?:{ordinal})?" if ordinal else "")

        fragments: dict[str, str] = {
            "day": day,
            "dd": r"(?<![0-9])(?P<day>[0-3]?[0-9])(?![0-9])",
            "mm": r"(?<![0-9])(?P<mnum>[01]?[0-9])(?![0-9])",
            "year": r"(?<![0-9.,])(?P<year>(?:1[89]|2[01])[0-9][0-9])(?![0-9]|[.,][0-9])",
            "number": rf"(?P<number>{_DIGITS}|{number_words})",
            "count": rf"(?P<number>{_DIGITS}|{count_words})",
            "month": rf"(?P<month>{_alternation(list(months))})",
            "weekday": rf"(?P<weekday>{_alternation(list(weekdays))})",
            "unit": rf"(?P<unit>{_alternation(list(units))})",
            "relday": rf"(?P<relday>{_alternation(list(relative_days))})",
            "weekend": rf"(?P<weekend>{_alternation(weekend)})" if weekend else "(?!)",
        }
        for name, items in lists.items():
            alternatives = sorted((_regex_text(item, fold=True) for item in items), key=lambda s: (-len(s), s))
            fragments[name] = f"(?P<{name}>{'|'.join(alternatives)})" if alternatives else "(?!)"

        raw_patterns = data.get("patterns")
        if not isinstance(raw_patterns, list) or not raw_patterns:
            raise ConfigError(f"{source}: patterns must be a non-empty list of {{rule, match}} entries")
        entries: list[tuple[str, str]] = []
        for entry in raw_patterns:
            if not isinstance(entry, Mapping) or set(entry) != {"rule", "match"}:
                raise ConfigError(f"{source}: each pattern needs exactly the keys rule and match, got {entry!r}")
            rule, match = entry["rule"], entry["match"]
            if rule not in _RULE_KINDS:
                raise ConfigError(f"{source}: unknown rule {rule!r}; expected one of {', '.join(sorted(_RULE_KINDS))}")
            if not isinstance(match, str) or not match:
                raise ConfigError(f"{source}: the match of a {rule} pattern must be a non-empty string")
            entries.append((rule, _regex_text(match, fold=True)))
        entries.extend(_UNIVERSAL_PATTERNS)

        by_triggers: dict[frozenset[str], list[_Pattern]] = {}
        for order, (rule, body) in enumerate(entries):
            regex, categories = _compile(body, fragments, source)
            pattern = _Pattern(rule, regex, order, "expr" in regex.groupindex)
            by_triggers.setdefault(categories, []).append(pattern)
        groups = tuple(
            _Group(categories, tuple(patterns), _locator(patterns)) for categories, patterns in by_triggers.items()
        )

        triggers: dict[str, set[str]] = {}
        for category, words in (
            ("month", months),
            ("weekday", weekdays),
            ("unit", units),
            ("relday", relative_days),
            ("weekend", weekend),
            ("count", plain_numbers),
        ):
            for word in words:
                parts = _TOKEN.findall(word)
                for part in parts:
                    if len(parts) == 1 or len(part) >= 3:
                        triggers.setdefault(part, set()).add(category)

        return cls(
            language,
            months=months,
            weekdays=weekdays,
            numbers=numbers,
            multipliers=multipliers,
            units=units,
            relative_days=relative_days,
            number_word=re.compile(f"(?<![a-z])(?:{_alternation(all_numbers)})(?![a-z])"),
            case_sensitive=case_sensitive,
            future_cues=_cues(data, "future_cues", source, fold=False),
            past_cues=_cues(data, "past_cues", source, fold=False),
            not_dates=_cues(data, "not_dates", source, fold=True),
            triggers={word: frozenset(categories) for word, categories in triggers.items()},
            groups=groups,
        )

    # -- tagging ----------------------------------------------------------------

    def tag(self, text: str, published: dt.date | None) -> list[TimeValue]:
        """Every time expression of ``text``; see :func:`tag_times`."""
        if isinstance(published, dt.datetime):
            published = published.date()
        folded = _fold(text)
        candidates = sorted(self._candidates(text, folded), key=lambda c: c[0])
        taken: list[tuple[int, int]] = []
        found: list[TimeValue] = []
        for _, start, end, pattern, match in candidates:
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if self._vetoed(folded, start, end):
                continue
            direction = functools.partial(self._direction, text, start, end)
            try:
                result = self._resolve(pattern.rule, match, published, direction)
            except (ValueError, OverflowError):  # a day that does not exist, a year out of range
                result = None
            if result is None:
                continue
            taken.append((start, end))
            found.append(_time_value(text, start, end, _RULE_KINDS[pattern.rule], result, published))
        found.sort(key=lambda t: t.span.start)
        return found

    def _candidates(self, text: str, folded: str) -> Iterator[_Candidate]:
        """Every pattern match near a trigger word, with its sort key (longest span first)."""
        spans = self._trigger_spans(folded)
        if not spans:
            return
        length = len(folded)
        for group in self._groups:
            hits = sorted(s for category in group.triggers for s in spans.get(category, ()))
            if not hits:
                continue
            for window_start, window_end in _windows(hits, length):
                for located in group.locator.finditer(folded, window_start, window_end):
                    at = located.start()
                    for pattern in group.patterns:
                        match = pattern.regex.match(folded, at)
                        if match is None or not self._case_ok(text, match):
                            continue
                        start, end = match.span("expr") if pattern.has_expr else match.span()
                        if start == end:
                            continue
                        key = (start - end, match.start() - match.end(), start, pattern.order)
                        yield key, start, end, pattern, match

    def _trigger_spans(self, folded: str) -> dict[str, list[tuple[int, int]]]:
        """Where the words that can start a search are, by category."""
        spans: dict[str, list[tuple[int, int]]] = {}
        for match in self._trigger_regex.finditer(folded):
            span = match.span()
            word = match.group("word")
            if word is not None:
                for category in self._triggers[word]:
                    spans.setdefault(category, []).append(span)
                continue
            size = span[1] - span[0]
            if size > 4:
                continue
            spans.setdefault("count", []).append(span)
            if size <= 2:
                spans.setdefault("day", []).append(span)
            elif size == 4 and match.group()[:2] in ("18", "19", "20", "21"):
                spans.setdefault("year", []).append(span)
        return spans

    def _case_ok(self, text: str, match: re.Match[str]) -> bool:
        for name in self._case_sensitive:
            if name in match.re.groupindex:
                at = match.start(name)
                if at >= 0 and not text[at].isupper():
                    return False
        return True

    def _vetoed(self, folded: str, start: int, end: int) -> bool:
        if self._not_dates is None:
            return False
        lo, hi = max(0, start - _REACH), min(len(folded), end + _REACH)
        return any(m.start() < end and start < m.end() for m in self._not_dates.finditer(folded, lo, hi))

    def _direction(self, text: str, start: int, end: int) -> Literal["past", "future"]:
        """Whether the sentence around ``text[start:end]`` speaks of the future: the nearest cue decides."""
        lo = max(0, start - _CUE_REACH)
        hi = min(len(text), end + _CUE_REACH)
        for stop in _SENTENCE_END.finditer(text, lo, start):
            lo = stop.end()
        stop_after = _SENTENCE_END.search(text, end, hi)
        if stop_after is not None:
            hi = stop_after.start()
        future = _nearest(self._future_cues, text, lo, hi, start, end)
        if future is None:
            return "past"
        past = _nearest(self._past_cues, text, lo, hi, start, end)
        return "future" if past is None or future <= past else "past"

    # -- resolving --------------------------------------------------------------

    def _number(self, written: str) -> int:
        if written[0].isdigit():
            return int(written)
        total = current = 0
        for found in self._number_word.findall(written):
            word = _words_key(found)
            value = self._numbers[word]
            if word in self._multipliers:
                current = max(current, 1) * value
                if value >= 1000:
                    total, current = total + current, 0
            else:
                current += value
        return total + current

    def _month_of(self, groups: Mapping[str, str | None]) -> int | None:
        if groups.get("month"):
            return self._months[_words_key(groups["month"])]
        if groups.get("mnum"):
            month = int(groups["mnum"] or "0")
            if not 1 <= month <= 12:
                raise ValueError(f"no month {month}")
            return month
        return None

    def _resolve(self, rule: str, match: re.Match[str], anchor: dt.date | None, direction: _Direction) -> _Found | None:
        groups = match.groupdict()
        month = self._month_of(groups)
        day = int(groups["day"]) if groups.get("day") else None
        year = int(groups["year"]) if groups.get("year") else None
        weekday = self._weekdays[_words_key(groups["weekday"])] if groups.get("weekday") else None
        unit: Unit | None = self._units[_words_key(groups["unit"])] if groups.get("unit") else None
        count = self._number(groups["number"]) if groups.get("number") else None
        approximate = bool(groups.get("approx"))
        shift = -1 if groups.get("last") else 1 if groups.get("next") else 0
        if day is not None:
            _check_day(day, month, year)

        if rule == "date":
            if weekday is not None and month is None and groups.get("this"):
                return _relative(anchor, lambda a: _day(a + dt.timedelta(days=weekday - a.weekday()), "weekday-this"))
            return _resolve_date(day, month, year, weekday, anchor, direction)
        if rule in ("last", "next"):
            return _resolve_last_next(rule, day, month, weekday, unit, bool(groups.get("weekend")), anchor)
        if rule == "this":
            return _resolve_this(unit, anchor, direction)
        if rule == "month-last-year":
            if month is None:
                return None
            return _relative(anchor, lambda a: _Found(f"{a.year - 1:04d}-{month:02d}", "month", "month-last-year"))
        if rule in ("mid", "early", "late"):
            return _resolve_part(rule, month, year, unit, shift, anchor, direction)
        if rule == "since-start":
            return _resolve_since_start(unit, anchor)
        if rule == "relative-day":
            offset = self._relative_days[_words_key(groups["relday"] or "")]
            return _relative(anchor, lambda a: _day(a + dt.timedelta(days=offset), "relative-day"))
        if rule in ("ago", "duration", "deadline-in"):
            if unit is None or count is None or count <= 0:
                return None
            return _resolve_amount(rule, count, unit, approximate, anchor)
        if rule == "deadline-by":
            return _resolve_deadline_by(day, month, year, weekday, anchor)
        if rule == "deadline-end":
            if groups.get("last"):
                return None
            return _resolve_deadline_end(month, year, unit, shift, anchor)
        raise AssertionError(f"rule {rule!r} has no resolver")  # _RULE_KINDS is checked at load


# -- resolvers ------------------------------------------------------------------


def _relative(anchor: dt.date | None, compute: Callable[[dt.date], _Found], approximate: bool = False) -> _Found:
    """``compute(anchor)``, or an unresolved value when there is no anchor."""
    if anchor is None:
        return _Found(None, None, "unresolved-no-anchor", approximate)
    return compute(anchor)


def _day(value: dt.date, rule: str, approximate: bool = False) -> _Found:
    return _Found(value.isoformat(), "day", rule, approximate)


def _month_value(year: int, month: int) -> str:
    dt.date(year, month, 1)  # range check
    return f"{year:04d}-{month:02d}"


def _resolve_date(
    day: int | None,
    month: int | None,
    year: int | None,
    weekday: int | None,
    anchor: dt.date | None,
    direction: _Direction,
) -> _Found | None:
    if day is not None and month is not None:
        if year is not None:
            return _Found(dt.date(year, month, day).isoformat(), "day", "absolute-day", relative=False)
        return _relative(anchor, lambda a: _day_month(day, month, weekday, a, direction))
    if month is not None:
        if year is not None:
            return _Found(_month_value(year, month), "month", "absolute-month", relative=False)
        return _relative(anchor, lambda a: _month_in(month, a, direction()))
    if year is not None:
        return _Found(f"{year:04d}", "year", "absolute-year", relative=False)
    if weekday is not None:
        return _relative(anchor, lambda a: _weekday(weekday, a, direction()))
    return None


def _day_month(day: int, month: int, weekday: int | None, anchor: dt.date, direction: _Direction) -> _Found:
    if weekday is not None:
        fits = [d for d in _dates_of(day, month, range(anchor.year - 1, anchor.year + 2)) if d.weekday() == weekday]
        if fits:
            best = min(fits, key=lambda d: abs((d - anchor).days))
            return _day(best, "day-month-past" if best <= anchor else "day-month-future")
    if direction() == "future":
        return _day(_next_date_of(day, month, anchor, strict=False), "day-month-future")
    return _day(_last_date_of(day, month, anchor, strict=False), "day-month-past")


def _dates_of(day: int, month: int, years: range) -> list[dt.date]:
    found = []
    for year in years:
        if day <= calendar.monthrange(year, month)[1]:
            found.append(dt.date(year, month, day))
    return found


def _last_date_of(day: int, month: int, anchor: dt.date, *, strict: bool) -> dt.date:
    """The latest ``day``/``month`` before (or, unless ``strict``, on) ``anchor``."""
    for candidate in reversed(_dates_of(day, month, range(anchor.year - 8, anchor.year + 1))):
        if candidate < anchor or (candidate == anchor and not strict):
            return candidate
    raise ValueError(f"no {day}/{month} before {anchor}")


def _next_date_of(day: int, month: int, anchor: dt.date, *, strict: bool) -> dt.date:
    """The first ``day``/``month`` after (or, unless ``strict``, on) ``anchor``."""
    for candidate in _dates_of(day, month, range(anchor.year, anchor.year + 9)):
        if candidate > anchor or (candidate == anchor and not strict):
            return candidate
    raise ValueError(f"no {day}/{month} after {anchor}")


def _month_in(month: int, anchor: dt.date, direction: str) -> _Found:
    """The month on or before the anchor's month (past) or on or after it (future)."""
    if direction == "future":
        year = anchor.year if month >= anchor.month else anchor.year + 1
    else:
        year = anchor.year if month <= anchor.month else anchor.year - 1
    return _Found(_month_value(year, month), "month", f"month-{direction}")


def _weekday(weekday: int, anchor: dt.date, direction: str) -> _Found:
    if direction == "future":
        return _day(anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7), "weekday-future")
    return _day(anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7), "weekday-past")


def _saturday(anchor: dt.date, which: str) -> dt.date:
    """The Saturday of the weekend meant by ``which`` (past, future, last or next) seen from ``anchor``."""
    weekday = anchor.weekday()
    if weekday >= 5:  # the anchor is on a weekend: it is the one meant, or the one before or after it
        current = anchor - dt.timedelta(days=weekday - 5)
        shift = {"last": -7, "next": 7}.get(which, 0)
        return current + dt.timedelta(days=shift)
    if which in ("future", "next"):
        return anchor + dt.timedelta(days=5 - weekday)
    return anchor - dt.timedelta(days=weekday + 2)


def _resolve_last_next(
    rule: str,
    day: int | None,
    month: int | None,
    weekday: int | None,
    unit: Unit | None,
    weekend: bool,
    anchor: dt.date | None,
) -> _Found | None:
    last = rule == "last"
    if day is not None and month is not None:
        name = f"day-month-{rule}"
        return _relative(
            anchor,
            lambda a: _day(
                _last_date_of(day, month, a, strict=True) if last else _next_date_of(day, month, a, strict=True), name
            ),
        )
    if month is not None:

        def month_value(a: dt.date) -> _Found:
            if last:
                return _Found(_month_value(a.year if month < a.month else a.year - 1, month), "month", "month-last")
            return _Found(_month_value(a.year if month > a.month else a.year + 1, month), "month", "month-next")

        return _relative(anchor, month_value)
    if weekday is not None:

        def weekday_value(a: dt.date) -> _Found:
            if last:
                delta = (a.weekday() - weekday) % 7 or 7
                return _day(a - dt.timedelta(days=delta), "weekday-last")
            delta = (weekday - a.weekday()) % 7 or 7
            return _day(a + dt.timedelta(days=delta), "weekday-next")

        return _relative(anchor, weekday_value)
    if weekend:
        return _relative(anchor, lambda a: _day(_saturday(a, rule), f"weekend-{rule}", True), True)
    if unit in ("week", "month", "year"):
        period: Unit = unit
        return _relative(anchor, lambda a: _period(a, period, -1 if last else 1, f"{rule}-{period}"), period == "week")
    return None


def _period(anchor: dt.date, unit: Unit, shift: int, rule: str) -> _Found:
    """The week, month or year ``shift`` periods from the anchor's."""
    if unit == "week":
        return _day(anchor + dt.timedelta(days=7 * shift), rule, True)
    if unit == "month":
        first = _add_months(anchor.replace(day=1), shift)
        return _Found(f"{first.year:04d}-{first.month:02d}", "month", rule)
    return _Found(f"{anchor.year + shift:04d}", "year", rule)


def _resolve_this(unit: Unit | None, anchor: dt.date | None, direction: _Direction) -> _Found | None:
    if unit is None:  # ce week-end, this weekend
        return _relative(anchor, lambda a: _day(_saturday(a, direction()), "weekend", True), True)
    if unit == "day":
        return _relative(anchor, lambda a: _day(a, "relative-day"))
    if unit in ("week", "month", "year"):
        period: Unit = unit
        return _relative(anchor, lambda a: _period(a, period, 0, f"this-{period}"), period == "week")
    return None


def _resolve_part(
    part: str,
    month: int | None,
    year: int | None,
    unit: Unit | None,
    shift: int,
    anchor: dt.date | None,
    direction: _Direction,
) -> _Found | None:
    """mid-/early/late: a month or a year, approximate."""
    if month is not None:
        if year is not None:
            return _Found(_month_value(year, month), "month", f"month-{part}", True, relative=False)

        def in_month(a: dt.date) -> _Found:
            value = _month_in(month, a, direction()).value
            return _Found(value, "month", f"month-{part}", True)

        return _relative(anchor, in_month, True)
    if year is not None:
        return _Found(f"{year:04d}", "year", f"year-{part}", True, relative=False)
    if unit == "month":

        def of_month(a: dt.date) -> _Found:
            first = _add_months(a.replace(day=1), shift)
            return _Found(f"{first.year:04d}-{first.month:02d}", "month", f"month-{part}", True)

        return _relative(anchor, of_month, True)
    if unit == "year":
        return _relative(anchor, lambda a: _Found(f"{a.year + shift:04d}", "year", f"year-{part}", True), True)
    return None


def _resolve_since_start(unit: Unit | None, anchor: dt.date | None) -> _Found | None:
    if unit == "year":
        return _relative(anchor, lambda a: _Found(f"{a.year:04d}-01", "month", "since-year-start"))
    if unit == "month":
        return _relative(anchor, lambda a: _Found(f"{a.year:04d}-{a.month:02d}", "month", "since-month-start"))
    if unit == "week":
        return _relative(anchor, lambda a: _day(a - dt.timedelta(days=a.weekday()), "since-week-start"))
    return None


_DURATION_RULE = re.compile(r"duration-deadline:P(?:T(?P<hours>\d+)H|(?P<count>\d+)(?P<unit>[DWMY]))")
_UNIT_LETTERS: dict[str, Unit] = {"D": "day", "W": "week", "M": "month", "Y": "year"}


def reanchor(deadline: TimeValue, anchor: dt.date) -> TimeValue:
    """A duration deadline ("une semaine", "within 48 hours") counted from ``anchor`` instead: the
    day the ultimatum was given when the text says it ("a donné *dimanche* une semaine"). Other
    deadlines come back unchanged."""
    found = _DURATION_RULE.fullmatch(deadline.rule)
    if found is None:
        return deadline
    if found["hours"] is not None:
        value = _shifted(anchor, int(found["hours"]), "hour")
    else:
        value = _shifted(anchor, int(found["count"]), _UNIT_LETTERS[found["unit"]])
    return dataclasses.replace(deadline, value=value.isoformat(), granularity="day", anchor=anchor)


def _iso_duration(count: int, unit: Unit) -> str:
    if unit == "hour":
        return f"PT{count}H"
    return f"P{count}{unit[0].upper()}"


def _shifted(anchor: dt.date, count: int, unit: Unit) -> dt.date:
    """``anchor`` moved by ``count`` units (negative: back); hours count as whole days."""
    if unit == "hour":
        days = abs(count) // 24
        return anchor + dt.timedelta(days=days if count > 0 else -days)
    if unit == "day":
        return anchor + dt.timedelta(days=count)
    if unit == "week":
        return anchor + dt.timedelta(weeks=count)
    if unit == "month":
        return _add_months(anchor, count)
    return _add_months(anchor, 12 * count)


def _resolve_amount(rule: str, count: int, unit: Unit, approximate: bool, anchor: dt.date | None) -> _Found:
    iso = _iso_duration(count, unit)
    if rule == "duration":
        return _Found(None, None, f"duration:{iso}", approximate, relative=False)
    if rule == "deadline-in":
        return _relative(anchor, lambda a: _day(_shifted(a, count, unit), f"duration-deadline:{iso}", approximate))

    def ago(a: dt.date) -> _Found:
        then = _shifted(a, -count, unit)
        if unit == "month":
            return _Found(f"{then.year:04d}-{then.month:02d}", "month", "ago", approximate)
        if unit == "year":
            return _Found(f"{then.year:04d}", "year", "ago", approximate)
        return _day(then, "ago", approximate or unit in ("hour", "week"))

    return _relative(anchor, ago, approximate)


def _resolve_deadline_by(
    day: int | None, month: int | None, year: int | None, weekday: int | None, anchor: dt.date | None
) -> _Found | None:
    if day is not None and month is not None:
        if year is not None:
            return _Found(dt.date(year, month, day).isoformat(), "day", "deadline-date", relative=False)
        return _relative(anchor, lambda a: _day(_next_date_of(day, month, a, strict=False), "deadline-date"))
    if month is not None:
        if year is not None:
            return _Found(_month_value(year, month), "month", "deadline-date", relative=False)
        return _relative(anchor, lambda a: dataclasses.replace(_month_in(month, a, "future"), rule="deadline-date"))
    if year is not None:
        return _Found(f"{year:04d}", "year", "deadline-date", relative=False)
    if weekday is not None:
        return _relative(
            anchor, lambda a: _day(a + dt.timedelta(days=(weekday - a.weekday()) % 7 or 7), "deadline-weekday")
        )
    return None


def _resolve_deadline_end(
    month: int | None, year: int | None, unit: Unit | None, shift: int, anchor: dt.date | None
) -> _Found | None:
    if month is not None:

        def end_of(y: int) -> _Found:
            return _day(dt.date(y, month, calendar.monthrange(y, month)[1]), "deadline-end-of-month")

        if year is not None:
            return dataclasses.replace(end_of(year), relative=False)
        return _relative(anchor, lambda a: end_of(a.year if month >= a.month else a.year + 1))
    if year is not None:
        return _Found(f"{year:04d}-12-31", "day", "deadline-end-of-year", relative=False)
    if unit == "week":
        return _relative(
            anchor, lambda a: _day(a + dt.timedelta(days=6 - a.weekday() + 7 * shift), "deadline-end-of-week", True)
        )
    if unit == "month":

        def end_of_month(a: dt.date) -> _Found:
            first = _add_months(a.replace(day=1), shift)
            last_day = calendar.monthrange(first.year, first.month)[1]
            return _day(first.replace(day=last_day), "deadline-end-of-month")

        return _relative(anchor, end_of_month)
    if unit == "year":
        return _relative(anchor, lambda a: _Found(f"{a.year + shift:04d}-12-31", "day", "deadline-end-of-year"))
    return None


# -- helpers --------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _check_day(day: int, month: int | None, year: int | None) -> None:
    """Raise ValueError for a day the month never has (31 avril, 30 février); 29 February needs a leap year."""
    if month is None:
        return
    days = calendar.monthrange(year if year is not None else 2000, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"no day {day} in month {month}")


def _words_key(written: str | None) -> str:
    """A matched word as its table key: runs of spaces made single."""
    return " ".join((written or "").split())


def _nearest(cues: re.Pattern[str] | None, text: str, lo: int, hi: int, start: int, end: int) -> int | None:
    """The distance from ``text[start:end]`` to the nearest cue in ``text[lo:hi]`` outside it."""
    if cues is None:
        return None
    best: int | None = None
    for match in cues.finditer(text, lo, hi):
        if match.end() <= start:
            gap = start - match.end()
        elif match.start() >= end:
            gap = match.start() - end
        else:
            continue
        best = gap if best is None else min(best, gap)
    return best


def _prefix_alternation(words: list[str]) -> str:
    """Words as an alternation factored on their first character, which the regex engine checks fast."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        ordered = sorted(set(rests), key=lambda r: (-len(r), r))
        branches.append(re.escape(first) + "(?:" + "|".join(re.escape(r) for r in ordered) + ")")
    return "|".join(branches)


def _locator(patterns: list[_Pattern]) -> re.Pattern[str]:
    """One regex that matches, empty, where any of ``patterns`` can match (a superset)."""
    bodies = []
    for pattern in patterns:
        body = pattern.regex.pattern.removeprefix(_WORD_START)
        body = _NAMED_GROUP.sub("(?:", body)
        bodies.append(_BACKREFERENCE.sub("(?s:.*?)", body))
    return re.compile(_WORD_START + "(?=" + "|".join(bodies) + ")")


def _windows(hits: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Merged search windows reaching ``_REACH`` characters around each trigger word."""
    windows: list[tuple[int, int]] = []
    for start, end in hits:
        lo, hi = max(0, start - _REACH), min(length, end + _REACH)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    return windows


def _time_value(text: str, start: int, end: int, kind: Kind, found: _Found, published: dt.date | None) -> TimeValue:
    return TimeValue(
        text=text[start:end],
        span=Span(start, end),
        value=found.value,
        granularity=found.granularity,
        rule=found.rule,
        kind=kind,
        approximate=found.approximate,
        anchor=published if found.relative and found.value is not None else None,
    )


def _compile(body: str, fragments: Mapping[str, str], source: str) -> tuple[re.Pattern[str], frozenset[str]]:
    used: list[str] = []

    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise ConfigError(f"{source}: unknown placeholder {{{name}}} in pattern {body!r}")
        if name in used:
            raise ConfigError(f"{source}: placeholder {{{name}}} appears twice in pattern {body!r}")
        used.append(name)
        return fragments[name]

    expanded = _PLACEHOLDER.sub(expand, body)
    required = [_TRIGGERS[name] for name in _required_placeholders(body) if name in _TRIGGERS]
    if required:
        categories = frozenset({min(required, key=_RARITY.index)})
    else:
        categories = frozenset(_TRIGGERS[name] for name in used if name in _TRIGGERS)
    if not categories:
        raise ConfigError(
            f"{source}: pattern {body!r} needs one of the placeholders {', '.join('{' + n + '}' for n in _TRIGGERS)}"
        )
    try:
        regex = re.compile(rf"{_WORD_START}(?:{expanded})(?![\w])")
    except re.error as exc:
        raise ConfigError(f"{source}: pattern {body!r} is not a valid regular expression: {exc}") from exc
    return regex, categories


def _required_placeholders(template: str) -> set[str]:
    """The placeholders of ``template`` that every match goes through.

    A placeholder is not required when it, or a group around it, is optional
    (``?``, ``*``, ``{0,n}``), sits in an alternation, or in a lookaround.
    """
    frames: list[tuple[list[str], bool, bool]] = [([], False, False)]  # names, alternation, lookaround
    i = 0
    while i < len(template):
        char = template[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            close = template.find("]", i + 2)
            i = close + 1 if close > 0 else len(template)
            continue
        if char == "(":
            lookaround = template.startswith(("(?=", "(?!", "(?<=", "(?<!"), i)
            frames.append(([], False, lookaround))
        elif char == "|":
            names, _, lookaround = frames[-1]
            frames[-1] = (names, True, lookaround)
        elif char == ")" and len(frames) > 1:
            names, alternation, lookaround = frames.pop()
            if not (alternation or lookaround or _optional_after(template, i + 1)):
                frames[-1][0].extend(names)
        elif char == "{":
            match = _PLACEHOLDER.match(template, i)
            if match is not None:
                if not _optional_after(template, match.end()):
                    frames[-1][0].append(match.group(1))
                i = match.end()
                continue
        i += 1
    names, alternation, _ = frames[0]
    return set() if alternation else set(names)


def _optional_after(template: str, at: int) -> bool:
    """Whether the quantifier at ``at`` (if any) lets the item before it match nothing."""
    return template.startswith(("?", "*", "{0,", "{0}"), at)


def _table(data: Mapping[object, object], key: str, source: str) -> dict[str, object]:
    raw = data.get(key)
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{source}: {key} must map words to values")
    table: dict[str, object] = {}
    for word, value in raw.items():
        if not isinstance(word, str) or not word.strip():
            raise ConfigError(f"{source}: {key} has a key that is not a word: {word!r}")
        folded = " ".join(_fold(word).split())
        if folded in table and table[folded] != value:
            raise ConfigError(f"{source}: {key} gives {folded!r} two values, {table[folded]!r} and {value!r}")
        table[folded] = value
    return table


def _int_table(data: Mapping[object, object], key: str, source: str, low: int, high: int) -> dict[str, int]:
    table: dict[str, int] = {}
    for word, value in _table(data, key, source).items():
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ConfigError(f"{source}: {key}: {word!r} must be an integer from {low} to {high}, got {value!r}")
        table[word] = value
    return table


def _strings(data: Mapping[object, object], key: str, source: str) -> list[str]:
    raw = data.get(key)
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(item, str) and item for item in raw):
        raise ConfigError(f"{source}: {key} must be a list of non-empty strings")
    return list(raw)


def _cues(data: Mapping[object, object], key: str, source: str, *, fold: bool) -> re.Pattern[str] | None:
    items = _strings(data, key, source)
    if not items:
        return None
    body = "|".join(f"(?:{_regex_text(item, fold=fold)})" for item in items)
    try:
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)", 0 if fold else re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{source}: {key} holds an invalid regular expression: {exc}") from exc


# -- entry points ---------------------------------------------------------------


def _language_code(language: str) -> str:
    code = language.strip().lower().replace("_", "-").split("-")[0]
    if _CODE.match(code) is None:
        raise ConfigError(f"{language!r} is not a language code such as 'fr' or 'en'")
    return code


@functools.cache
def _load(code: str) -> DateWords:
    path = Path(veille.__file__).parent / "lang" / code / "dates.yml"
    source = f"veille/lang/{code}/dates.yml"
    if not path.is_file():
        raise ConfigError(f"no date words for language {code!r}: add {source}")
    try:
        data = _yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML: {exc}") from exc
    words = DateWords.from_mapping(code, data, source)
    _log.debug("loaded %d date patterns for %r from %s", words.pattern_count, code, source)
    return words


def load_date_words(language: str) -> DateWords:
    """The compiled date words of ``language``, loaded once per process.

    Raises :class:`~veille.errors.ConfigError` when the language has no
    ``dates.yml`` or the file is invalid.
    """
    return _load(_language_code(language))


def tag_times(text: str, language: str, published: dt.date | None) -> list[TimeValue]:
    """Every time expression in ``text``, in text order, without overlaps.

    ``language`` is an ISO 639-1 code with a ``veille/lang/<code>/dates.yml``
    file; ``published`` is the publication date relative expressions are
    resolved against (``None`` when unknown: they are still returned, with
    value ``None`` and rule ``unresolved-no-anchor``). Where matches overlap,
    the longest wins. Spans are offsets into ``text``.
    """
    return load_date_words(language).tag(text, published)
