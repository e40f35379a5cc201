"""Who is who: the actor knowledge base and the resolver that names actors in text.

The knowledge base is data (``veille/data/actors/*.yml``, one file per kind of
actor, plus the files a user adds): each :class:`ActorEntry` has a stable id,
a canonical English name, aliases per language, an ISO 3166 alpha-3 country
(or ``IGO``, ``UNO``, ``EUR``, ``NGO``, ``IMG``), a PLOVER sector and, for
people, the offices they held with dates. Language knowledge — role words
("premier ministre", "foreign minister") and group nouns ("soldats",
"protesters") — lives in ``veille/lang/<code>/actors.yml``.

Two entry points:

- :func:`resolve` names the actor behind one candidate mention (a name the
  statistical NER found): exact alias, then normalized spelling, then role
  and group phrases, then fuzzy matching.
- :func:`find_actor_mentions` scans a whole text for aliases, role phrases
  ("le président américain" → the president on the article's date) and
  group phrases ("soldats américains" → the US military), so actors are found
  where the NER misses them.

Resolution methods, strictest first (:data:`Method`):

``exact``       the text is an alias, ignoring case, accents, typographic
                apostrophes and dashes and leading articles ("l'ONU" = "ONU").
                Short all-capitals aliases ("US", "EI") only match capitals.
``normalized``  the text is an alias once transliteration variants are folded
                (``ou``/``u``, ``ch``/``sh``, ``q``/``k``, ``y``/``i``, doubled
                letters, a final mute ``e``, the Arabic article ``al-``/``el-``):
                "Mohamed Shià al Soudani" = "Mohammed Shia al-Sudani".
``role``        an office and a country ("le premier ministre irakien", "Iran's
                foreign minister"), resolved to who held the office on the date;
                to the country's government when nobody is known to have held it.
``demonym``     a group noun and a country ("forces américaines" → ``usa-mil``),
                a bare group noun ("manifestants" → ``protesters``, no country)
                or a people ("les Irakiens" → ``irq-cvl``).
``fuzzy``       a normalized alias within :data:`FUZZY_MIN_SCORE` (Indel
                similarity, 0-100) of the text, for texts of at least
                :data:`FUZZY_MIN_LENGTH` characters whose first letter agrees.

Group phrases give *generic* actors, made on demand: id ``<iso3>-<sector>``
(``usa-mil``, ``irq-cop``) or ``<iso3>-<group>`` for group nouns that name a
kind of people (``irq-protesters``), and ``<sector>``/``<group>`` when no
country is said (``protesters``, ``militias``). A country's ``GOV`` generic
actor is the country entry itself: "gouvernement irakien", "Bagdad" and "Irak"
are all ``irq``. A data entry with a generic id (``isr-mil``: the Israel
Defense Forces) takes the generic actor's place, so "Tsahal" and "l'armée
israélienne" share one id.

Dates: a role phrase resolves to the holder on ``when``; with no date, to the
holder now (an office with no end). Where a name is shared (Nawaz and Shehbaz
Sharif), the one in office on ``when`` wins; otherwise the score drops.

What the scanner leaves alone: names whose capitals do not agree ("turkey",
"us", "LET"), one-word names of places and people inside a longer proper
name ("Michael Jordan", "Hunter Biden", "New Mexico"), the ``not_actors``
of the language file ("golfe du Mexique"), bare group nouns used as
adjectives ("opérations militaires"), role phrases for a former or future
holder ("l'ancien président américain", "President-elect"), spelling-variant
matches of one short word ("Seul" is not "Séoul"). Countries and capitals
used as places are reported with ``locative`` set.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

import yaml

from veille import _yaml
from veille import lang as lang_data
from veille.errors import ConfigError
from veille.model import Span
from veille.understand._normalize import Token, fold, is_acronym, name_key, tokenize

__all__ = [
    "FUZZY_MIN_LENGTH",
    "FUZZY_MIN_SCORE",
    "KINDS",
    "ROLES",
    "SECTORS",
    "SPECIAL_COUNTRIES",
    "ActorEntry",
    "ActorMatch",
    "ActorMention",
    "KnowledgeBase",
    "Method",
    "Office",
    "builtin_entries",
    "default_knowledge_base",
    "find_actor_mentions",
    "import_cameo_dictionary",
    "load_actor_file",
    "load_knowledge_base",
    "parse_actor_data",
    "resolve",
]

logger = logging.getLogger(__name__)

Method = Literal["exact", "normalized", "fuzzy", "role", "demonym"]

FUZZY_MIN_SCORE = 88.0
"""Lowest rapidfuzz ``ratio`` (0-100) between normalized keys for a fuzzy match.

At 88 one changed letter in a name of eight letters passes ("Hizbolah" for
"Hezbolah"), two do not; "Austria" does not reach "Australia".
"""

FUZZY_MIN_LENGTH = 6
"""Shortest normalized text (characters) that may match fuzzily: no fuzzy hits for "Les" or "Irn"."""

SECTORS: Mapping[str, str] = {
    "GOV": "government",
    "MIL": "armed forces",
    "REB": "rebels",
    "OPP": "opposition",
    "PTY": "political party",
    "COP": "police",
    "JUD": "judiciary",
    "LEG": "legislature",
    "SPY": "intelligence services",
    "CVL": "civilians",
    "REF": "refugees",
    "BUS": "business",
    "JRN": "media",
    "EDU": "education",
    "HLH": "health",
    "LAB": "labour",
    "AGR": "agriculture",
    "REL": "religious",
    "CRM": "criminals",
    "ELI": "elites",
    "HRI": "human rights",
    "ENV": "environment",
    "IGO": "intergovernmental organization",
    "NGO": "non-governmental organization",
    "UAF": "unidentified armed forces",
    "UNK": "unknown",
}
"""PLOVER (and CAMEO) actor sector codes, with the English label used in generic actors' names."""

SPECIAL_COUNTRIES: Mapping[str, str] = {
    "IGO": "intergovernmental organization",
    "UNO": "United Nations",
    "EUR": "European Union",
    "NGO": "non-governmental organization",
    "IMG": "international militarized group",
}
"""Country codes for actors that belong to no one country (GUIDE.md)."""

KINDS = frozenset({"country", "igo", "ngo", "group", "party", "person", "institution", "media", "generic", "custom"})
"""What an entry is; decides nothing but ties between entries sharing an alias."""

ROLES = frozenset(
    {
        "president",
        "vice_president",
        "prime_minister",
        "king",
        "crown_prince",
        "supreme_leader",
        "foreign_minister",
        "defence_minister",
        "interior_minister",
        "army_chief",
        "leader",
        "secretary_general",
        "director_general",
        "high_representative",
        "high_commissioner",
        "spokesperson",
        "prosecutor",
        "speaker",
        "affiliation",
    }
)
"""Offices that role phrases name. ``affiliation`` is a dated country/sector with no office (CAMEO codes)."""

# Ties between entries sharing an alias: the user's own entries first, then the most specific kinds.
_KIND_PRIORITY = {
    "custom": 0,
    "country": 1,
    "igo": 2,
    "group": 3,
    "institution": 4,
    "party": 5,
    "ngo": 6,
    "person": 7,
    "media": 8,
    "generic": 9,
}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
_LANGUAGE = re.compile(r"^(?:[a-z]{2,3}|any)$")
_ENTRY_FIELDS = frozenset(
    {"id", "name", "kind", "country", "sector", "aliases", "capitals", "demonyms", "inhabitants", "wikidata"}
    | {"offices", "note", "members"}
)
_OFFICE_FIELDS = frozenset({"role", "country", "org", "sector", "start", "end"})
_FILE_FIELDS = frozenset({"kind", "sector", "country", "actors"})
_LEXICON_FILE = "actors.yml"


# --------------------------------------------------------------------------- the vocabulary


@dataclass(frozen=True, slots=True)
class Office:
    """An office an actor held (or a dated affiliation), from ``start`` up to but not including ``end``.

    ``country`` is where the office is held; ``org`` the id of the organisation
    or group for offices outside government ("leader" of ``hezbollah``).
    ``sector`` overrides the actor's sector while the office lasts. Open
    dates are unknown or still running.
    """

    role: str
    country: str | None = None
    start: date | None = None
    end: date | None = None
    org: str | None = None
    sector: str | None = None

    def active(self, when: date | None) -> bool:
        """Held on ``when``; with no date, held now (no end date)."""
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(frozen=True, slots=True, eq=False)
class ActorEntry:
    """One actor of the knowledge base.

    ``aliases``, ``capitals``, ``demonyms`` and ``inhabitants`` map a language
    code (or ``any``, for names spelt alike in every language) to names.
    ``capitals`` are cities that stand for a country's government
    ("Washington"); ``demonyms`` the adjectives that make group phrases
    ("américain", "American"); ``inhabitants`` the nouns for its people
    ("Américains", "Americans"). Entries compare equal by ``id``.
    """

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    capitals: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    demonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    inhabitants: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    offices: tuple[Office, ...] = ()
    wikidata: str | None = None
    source: str = ""
    members: tuple[str, ...] = ()
    """For an informal group of states that acts as one ("E3"): the ids of its members, which events
    name in its place (GUIDE.md codes the E3 as France, Germany and the United Kingdom)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ActorEntry) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"ActorEntry({self.id!r}, {self.name!r}, {self.country}, {self.sector})"

    def names(self, language: str) -> tuple[str, ...]:
        """The names usable in ``language``: its aliases, those marked ``any``, and the canonical name.

        The canonical name is English; it counts in another language only when
        the entry lists no aliases for that language (an empty list says "none").
        """
        found = [*self.aliases.get("any", ()), *self.aliases.get(language, ())]
        if language == "en" or language not in self.aliases:
            found.insert(0, self.name)
        return tuple(dict.fromkeys(found))

    def at(self, when: date | None) -> tuple[str | None, str | None]:
        """The country and sector on ``when``: an office's when one active then says so."""
        if when is not None:
            for office in sorted(self.offices, key=lambda o: o.start or date.min, reverse=True):
                if office.active(when) and office.sector is not None:
                    return office.country or self.country, office.sector
        return self.country, self.sector


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """The actor a text stands for, and how sure the resolver is.

    ``alias`` is the known name that matched (for role and group phrases: the
    phrase as found). ``country`` and ``sector`` are the entry's on the date
    asked about (an office or dated affiliation may change them).
    """

    entry: ActorEntry
    alias: str
    method: Method
    score: float
    country: str | None
    sector: str | None

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def name(self) -> str:
        return self.entry.name


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in a text: the words, their span and the actor.

    ``locative`` is true where a country or capital is used as a place ("à
    Bagdad", "in Iraq", a dateline "SEOUL (Reuters)"): an event stage should
    not take it as a participant.
    """

    text: str
    span: Span
    match: ActorMatch
    locative: bool = False

    @property
    def id(self) -> str:
        return self.match.entry.id

    @property
    def entry(self) -> ActorEntry:
        return self.match.entry

    @property
    def country(self) -> str | None:
        return self.match.country

    @property
    def sector(self) -> str | None:
        return self.match.sector


# --------------------------------------------------------------------------- reading data files


def _fail(source: str, message: str) -> ConfigError:
    return ConfigError(f"{source}: {message}")


def _suggest(key: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _as_date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(where, f"{value!r} is not an ISO date such as 2024-06-06")


def _names(value: Any, where: str, *, default_language: str = "any") -> dict[str, tuple[str, ...]]:
    """A names field: a list (for ``default_language``) or a mapping of language to list."""
    if value is None:
        return {}
    if isinstance(value, list):
        value = {default_language: value}
    if not isinstance(value, dict):
        raise _fail(where, "expected a list of names or a mapping of language code to names")
    names: dict[str, tuple[str, ...]] = {}
    for language, items in value.items():
        if not isinstance(language, str) or _LANGUAGE.match(language) is None:
            raise _fail(where, f"{language!r} is not a language code such as 'fr', 'en' or 'any'")
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
            raise _fail(where, f"names for {language!r} must be a list of non-empty strings")
        names[language] = tuple(item.strip() for item in items)
    return names


def _check_codes(country: Any, sector: Any, where: str) -> None:
    if country is not None and (not isinstance(country, str) or _COUNTRY.match(country) is None):
        raise _fail(
            where, f"country {country!r} is not an ISO 3166 alpha-3 code or one of {', '.join(SPECIAL_COUNTRIES)}"
        )
    if sector is not None and sector not in SECTORS:
        raise _fail(where, f"sector {sector!r} is not a PLOVER sector{_suggest(str(sector), SECTORS)}")


def _parse_office(raw: Any, where: str) -> Office:
    if not isinstance(raw, dict):
        raise _fail(where, "an office is a mapping with role, country or org, start and end")
    unknown = set(raw) - _OFFICE_FIELDS
    if unknown:
        key = sorted(unknown)[0]
        raise _fail(where, f"unknown office field {key!r}{_suggest(key, _OFFICE_FIELDS)}")
    role = raw.get("role")
    if role not in ROLES:
        raise _fail(where, f"role {role!r} is not one of {', '.join(sorted(ROLES))}{_suggest(str(role), ROLES)}")
    _check_codes(raw.get("country"), raw.get("sector"), where)
    org = raw.get("org")
    if org is not None and (not isinstance(org, str) or _ID.match(org) is None):
        raise _fail(where, f"org {org!r} is not an actor id")
    start, end = _as_date(raw.get("start"), where), _as_date(raw.get("end"), where)
    if start is not None and end is not None and end < start:
        raise _fail(where, f"office {role} ends ({end}) before it starts ({start})")
    return Office(role=role, country=raw.get("country"), start=start, end=end, org=org, sector=raw.get("sector"))


def _parse_entry(raw: Any, defaults: Mapping[str, Any], source: str, position: int) -> ActorEntry:
    where = f"{source}: actor {position}"
    if not isinstance(raw, dict):
        raise _fail(where, "an actor is a mapping with at least id and name")
    if isinstance(raw.get("id"), str):
        where = f"{source}: actor {raw['id']!r}"
    unknown = set(raw) - _ENTRY_FIELDS
    if unknown:
        key = sorted(unknown)[0]
        raise _fail(where, f"unknown field {key!r}{_suggest(key, _ENTRY_FIELDS)}")
    actor_id, name = raw.get("id"), raw.get("name")
    if not isinstance(actor_id, str) or _ID.match(actor_id) is None:
        raise _fail(where, f"id {actor_id!r} must be a lowercase slug such as 'irq-pm-sudani'")
    if not isinstance(name, str) or not name.strip():
        raise _fail(where, "name is missing")
    kind = raw.get("kind", defaults.get("kind", "custom"))
    if kind not in KINDS:
        raise _fail(where, f"kind {kind!r} is not one of {', '.join(sorted(KINDS))}{_suggest(str(kind), KINDS)}")
    country = raw.get("country", defaults.get("country"))
    sector = raw.get("sector", defaults.get("sector"))
    _check_codes(country, sector, where)
    wikidata = raw.get("wikidata")
    if wikidata is not None and (not isinstance(wikidata, str) or _WIKIDATA.match(wikidata) is None):
        raise _fail(where, f"wikidata {wikidata!r} is not an item id such as 'Q796'")
    offices_raw = raw.get("offices") or []
    if not isinstance(offices_raw, list):
        raise _fail(where, "offices must be a list")
    members = raw.get("members") or []
    if not isinstance(members, list) or not all(isinstance(m, str) and _ID.match(m) for m in members):
        raise _fail(where, "members must be a list of actor ids such as [fra, deu, gbr]")
    return ActorEntry(
        id=actor_id,
        name=name.strip(),
        kind=kind,
        country=country,
        sector=sector,
        aliases=_names(raw.get("aliases"), where),
        capitals=_names(raw.get("capitals"), where),
        demonyms=_names(raw.get("demonyms"), where),
        inhabitants=_names(raw.get("inhabitants"), where),
        offices=tuple(_parse_office(office, where) for office in offices_raw),
        wikidata=wikidata,
        source=source,
        members=tuple(members),
    )


def _yaml_load(text: str, source: str) -> Any:
    try:
        return _yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _fail(source, f"not valid YAML: {exc}") from exc


def parse_actor_data(data: Any, source: str) -> list[ActorEntry]:
    """The entries of one parsed actor file: a list of actors, or a mapping with ``actors`` and defaults.

    File-level ``kind``, ``sector`` and ``country`` are defaults for its actors.
    Raises :class:`~veille.errors.ConfigError` naming the file and the actor.
    """
    if isinstance(data, list):
        data = {"actors": data}
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise _fail(source, "expected a list of actors, or a mapping with an 'actors' list")
    unknown = set(data) - _FILE_FIELDS
    if unknown:
        key = sorted(unknown)[0]
        raise _fail(source, f"unknown top-level key {key!r}{_suggest(key, _FILE_FIELDS)}")
    entries = [_parse_entry(raw, data, source, i) for i, raw in enumerate(data["actors"], start=1)]
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise _fail(source, f"actor id {entry.id!r} appears twice")
        seen.add(entry.id)
    return entries


def load_actor_file(path: str | Path) -> list[ActorEntry]:
    """The actors of one YAML file (see :func:`parse_actor_data` for the layout)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise _fail(str(path), f"cannot read the actor file: {exc.strerror or exc}") from exc
    return parse_actor_data(_yaml_load(text, str(path)), str(path))


def _builtin_files() -> list[Traversable]:
    folder = resources.files("veille") / "data" / "actors"
    return sorted((entry for entry in folder.iterdir() if entry.name.endswith((".yml", ".yaml"))), key=lambda e: e.name)


def builtin_entries() -> list[ActorEntry]:
    """Every actor shipped with Veille (``veille/data/actors/*.yml``)."""
    entries: list[ActorEntry] = []
    for entry in _builtin_files():
        source = f"veille/data/actors/{entry.name}"
        entries.extend(parse_actor_data(_yaml_load(entry.read_text(encoding="utf-8"), source), source))
    return entries


# --------------------------------------------------------------------------- CAMEO / PETRARCH dictionaries

_CAMEO_SECTORS = {
    "GOV": "GOV",
    "MIL": "MIL",
    "REB": "REB",
    "INS": "REB",
    "SEP": "REB",
    "OPP": "OPP",
    "PTY": "PTY",
    "COP": "COP",
    "JUD": "JUD",
    "LEG": "LEG",
    "SPY": "SPY",
    "MED": "JRN",
    "JRN": "JRN",
    "EDU": "EDU",
    "BUS": "BUS",
    "MNC": "BUS",
    "CRM": "CRM",
    "CVL": "CVL",
    "ELI": "ELI",
    "LAB": "LAB",
    "AGR": "AGR",
    "REF": "REF",
    "HLH": "HLH",
    "HRI": "HRI",
    "ENV": "ENV",
    "UAF": "UAF",
    "IGO": "IGO",
    "NGO": "NGO",
    "NGM": "NGO",
    "RAD": "OPP",
    "MOS": "REL",
    "CHR": "REL",
    "JEW": "REL",
    "HIN": "REL",
    "BUD": "REL",
    "REL": "REL",
}
_DAY = timedelta(days=1)
_CAMEO_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CAMEO_CODE = re.compile(r"\[([^\]]*)\]")
_CAMEO_RESTRICTION = re.compile(r"^\s*([A-Z0-9~]+)\s*(?:(<|>)\s*(\d{6,8})|(\d{6,8})\s*-\s*(\d{6,8}))?\s*$")


def _cameo_date(text: str, where: str) -> date:
    try:
        if len(text) == 6:
            year = int(text[:2])
            return date((2000 if year < 30 else 1900) + year, int(text[2:4]), int(text[4:6]))
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise _fail(where, f"{text!r} is not a date (YYYYMMDD or YYMMDD)") from None


def _cameo_code(code: str) -> tuple[str | None, str | None]:
    """Country and sector of a CAMEO actor code such as ``USAGOV``, ``IGOUNO`` or ``NGO``."""
    code = code.strip("~").upper()
    head, rest = code[:3], code[3:]
    if head == "IGO":
        if rest.startswith("UNO"):
            return "UNO", "IGO"
        if rest.startswith("EUR"):
            return "EUR", "GOV"
        return "IGO", _CAMEO_SECTORS.get(rest[:3], "IGO")
    if head in {"NGO", "NGM"}:
        return "NGO", _CAMEO_SECTORS.get(rest[:3], "NGO")
    if head == "IMG":
        return "IMG", "REB"
    if head in _CAMEO_SECTORS:
        return None, _CAMEO_SECTORS[head]
    country = head if _COUNTRY.match(head) else None
    return country, _CAMEO_SECTORS.get(rest[:3]) if rest else None


def _cameo_phrase(phrase: str) -> str:
    words = phrase.replace("_", " ").split()
    if len(words) == 1 and len(words[0]) <= 4 and words[0].isupper():
        return words[0]
    return " ".join(word.capitalize() if word.isupper() or word.islower() else word for word in words)


def _cameo_slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    return slug or "actor"


def import_cameo_dictionary(path: str | Path, *, language: str = "en", id_prefix: str = "cameo-") -> list[ActorEntry]:
    """Actors from a CAMEO/PETRARCH-style actor dictionary (the TABARI text format).

    Each record is a primary phrase with an optional code (``BARACK_OBAMA_
    [USAELI]``), synonym lines starting with ``+`` and date-restricted codes
    on their own lines, ``[USAGOV >20090120]``, ``[USAGOV <20170120]`` or
    ``[USAGOV 20090120-20170120]`` (dates YYYYMMDD or YYMMDD, limits
    included). Comments (``#``, ``;``, ``<!-- -->``) and blank lines are
    skipped. Codes become a country (``USA``, ``IGO``, ``UNO`` ...) and a
    PLOVER sector; dated codes become ``affiliation`` offices, so the
    resolver gives the country and sector of the date asked about. Names are
    ``language`` aliases; ids are ``id_prefix`` plus a slug of the first phrase.
    """
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise _fail(source, f"cannot read the dictionary: {exc.strerror or exc}") from exc
    text = _CAMEO_COMMENT.sub("", text)
    records: list[tuple[int, list[str], list[str]]] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.split("#", 1)[0].split(";", 1)[0].rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("+"):
            if not records:
                raise _fail(f"{source}:{number}", "a '+' synonym before any actor")
            phrase, _, rest = stripped[1:].partition("[")
            records[-1][1].append(phrase.strip())
            if rest:
                records[-1][2].append(rest.rstrip("]").strip())
            continue
        if stripped.startswith("["):
            if not records:
                raise _fail(f"{source}:{number}", "a code restriction before any actor")
            records[-1][2].extend(code.strip() for code in _CAMEO_CODE.findall(stripped))
            continue
        phrase = _CAMEO_CODE.sub("", stripped).strip()
        if not phrase:
            continue
        records.append((number, [phrase], [code.strip() for code in _CAMEO_CODE.findall(stripped)]))

    entries: list[ActorEntry] = []
    used: set[str] = set()
    for number, phrases, codes in records:
        where = f"{source}:{number}"
        names = tuple(dict.fromkeys(_cameo_phrase(phrase) for phrase in phrases if phrase.strip("_ ")))
        if not names:
            continue
        default: tuple[str | None, str | None] = (None, None)
        offices: list[Office] = []
        for code in codes:
            match = _CAMEO_RESTRICTION.match(code)
            if match is None:
                raise _fail(where, f"cannot read the code {code!r}")
            country, sector = _cameo_code(match.group(1))
            if match.group(2) == "<":
                end = _cameo_date(match.group(3), where) + _DAY
                offices.append(Office("affiliation", country, end=end, sector=sector))
            elif match.group(2) == ">":
                start = _cameo_date(match.group(3), where)
                offices.append(Office("affiliation", country, start=start, sector=sector))
            elif match.group(4):
                start, end = _cameo_date(match.group(4), where), _cameo_date(match.group(5), where) + _DAY
                offices.append(Office("affiliation", country, start=start, end=end, sector=sector))
            else:
                default = (country, sector)
        if default == (None, None) and offices:
            latest = max(offices, key=lambda o: (o.end is None, o.end or date.min, o.start or date.min))
            default = (latest.country, latest.sector)
        actor_id = id_prefix + _cameo_slug(names[0])
        suffix = 2
        while actor_id in used:
            actor_id = f"{id_prefix}{_cameo_slug(names[0])}-{suffix}"
            suffix += 1
        used.add(actor_id)
        entries.append(
            ActorEntry(
                id=actor_id,
                name=names[0],
                kind="custom",
                country=default[0],
                sector=default[1],
                aliases={language: names},
                offices=tuple(offices),
                source=source,
            )
        )
    logger.info("read %d actors from CAMEO dictionary %s", len(entries), source)
    return entries


# --------------------------------------------------------------------------- language knowledge

_T = TypeVar("_T")


class _Trie(Generic[_T]):
    """Token sequences to values; :meth:`walk` lists every stored sequence starting at a position."""

    __slots__ = ("children", "values")

    def __init__(self) -> None:
        self.children: dict[str, _Trie[_T]] = {}
        self.values: list[_T] = []

    def add(self, keys: Sequence[str], value: _T) -> None:
        node = self
        for key in keys:
            node = node.children.setdefault(key, _Trie())
        node.values.append(value)

    def walk(self, keys: Sequence[str], start: int) -> list[tuple[int, list[_T]]]:
        """``(end, values)`` for each stored sequence equal to ``keys[start:end]``, longest first.

        Empty keys (tokens that do not count, such as ``al``) are stepped over.
        """
        found: list[tuple[int, list[_T]]] = []
        node: _Trie[_T] | None = self
        position = start
        while position < len(keys) and node is not None:
            key = keys[position]
            position += 1
            if not key:
                continue
            node = node.children.get(key)
            if node is not None and node.values:
                found.append((position, node.values))
        found.reverse()
        return found


@dataclass(frozen=True, slots=True)
class _RoleWord:
    phrase: str
    roles: tuple[str, ...]
    sector: str


@dataclass(frozen=True, slots=True)
class _GroupNoun:
    phrase: str
    sector: str
    group: str | None
    alone: bool


_Head = _RoleWord | _GroupNoun


@dataclass(slots=True)
class _Lexicon:
    """One language's ``actors.yml``, compiled."""

    language: str
    articles: frozenset[str] = frozenset()
    connectors: _Trie[str] = field(default_factory=_Trie)
    of: _Trie[str] = field(default_factory=_Trie)
    possessive: frozenset[str] = frozenset()
    demonym_first: bool = False
    qualifiers: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    former_before: frozenset[str] = frozenset()
    former_after: frozenset[str] = frozenset()
    locatives: frozenset[str] = frozenset()
    sentence_words: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    not_actors: tuple[str, ...] = ()
    heads: _Trie[_Head] = field(default_factory=_Trie)
    # Role phrases split after their first word, for a demonym in between ("ministre | israélien | de la Défense").
    role_tails: dict[str, _Trie[_RoleWord]] = field(default_factory=dict)
    group_labels: dict[str, str] = field(default_factory=dict)


def _fold_phrase(phrase: str) -> tuple[str, ...]:
    return tuple(token.fold for token in tokenize(phrase))


def _word_set(data: Mapping[str, Any], key: str, source: str) -> frozenset[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(source, f"{key} must be a list of words (quote yes, no and on)")
    return frozenset(fold(v).replace("'", "").strip() for v in value)


def _parse_lexicon(data: Any, language: str) -> _Lexicon:
    source = f"veille/lang/{language}/{_LEXICON_FILE}"
    if data is None:
        return _Lexicon(language)
    if not isinstance(data, dict):
        raise _fail(source, "expected a mapping")
    lexicon = _Lexicon(
        language=language,
        articles=_word_set(data, "articles", source),
        possessive=_word_set(data, "possessive", source),
        demonym_first=bool(data.get("demonym_first", False)),
        qualifiers=_word_set(data, "qualifiers", source),
        adjectives=_word_set(data, "adjectives", source),
        determiners=_word_set(data, "determiners", source),
        locatives=_word_set(data, "locatives", source),
        sentence_words=_word_set(data, "sentence_words", source),
        not_actors=tuple(data.get("not_actors") or ()),
    )
    for key, trie in (("connectors", lexicon.connectors), ("of", lexicon.of)):
        for phrase in data.get(key) or []:
            trie.add(_fold_phrase(phrase), phrase)
    former = data.get("former") or {}
    if not isinstance(former, dict):
        raise _fail(source, "former must be a mapping with 'before' and 'after' lists")
    lexicon.former_before = _word_set(former, "before", source)
    lexicon.former_after = _word_set(former, "after", source)
    titles = set(_word_set(data, "titles", source))
    for position, raw in enumerate(data.get("roles") or [], start=1):
        where = f"{source}: role {position}"
        if not isinstance(raw, dict) or not isinstance(raw.get("words"), list):
            raise _fail(where, "a role is a mapping with 'words' and 'roles'")
        roles = tuple(raw.get("roles") or ())
        unknown = [role for role in roles if role not in ROLES]
        if not roles or unknown:
            raise _fail(where, f"roles must be a non-empty list of {', '.join(sorted(ROLES))}")
        sector = raw.get("sector", "GOV")
        _check_codes(None, sector, where)
        for phrase in raw["words"]:
            keys = _fold_phrase(phrase)
            word = _RoleWord(phrase, roles, sector)
            lexicon.heads.add(keys, word)
            titles.add(keys[-1])
            if len(keys) > 2 and not lexicon.demonym_first:
                lexicon.role_tails.setdefault(keys[0], _Trie()).add(keys[1:], word)
    for position, raw in enumerate(data.get("sectors") or [], start=1):
        where = f"{source}: sector noun {position}"
        if not isinstance(raw, dict) or not isinstance(raw.get("words"), list):
            raise _fail(where, "a group noun entry is a mapping with 'words' and 'sector'")
        sector = raw.get("sector")
        if sector is None:
            raise _fail(where, "sector is missing")
        _check_codes(None, sector, where)
        group = raw.get("group")
        if group is not None and (not isinstance(group, str) or _ID.match(group) is None):
            raise _fail(where, f"group {group!r} must be a lowercase word such as 'protesters'")
        if group is not None:
            lexicon.group_labels[group] = str(raw.get("label") or group)
        for phrase in raw["words"]:
            lexicon.heads.add(_fold_phrase(phrase), _GroupNoun(phrase, sector, group, bool(raw.get("alone", False))))
    lexicon.titles = frozenset(titles)
    return lexicon


@functools.cache
def _lexicon(language: str) -> _Lexicon:
    return _parse_lexicon(lang_data.load(language, _LEXICON_FILE), language)


# --------------------------------------------------------------------------- the knowledge base

_AliasKind = Literal["name", "capital", "inhabitants", "block"]
_CaseRule = Literal["acronym", "exact", "capital", "any"]


@dataclass(frozen=True, slots=True)
class _Alias:
    entry: ActorEntry | None  # None for names that block a match (not_actors)
    text: str
    kind: _AliasKind
    case: _CaseRule
    exact: str  # folded tokens, articles stripped, joined by spaces
    single: bool  # one token: open to the neighbour checks of the scanner
    written: str  # the alias without its leading articles, for case checks


@dataclass(frozen=True, slots=True)
class _Candidate:
    end: int
    start: int
    match: ActorMatch | None  # None: a blocked name, consumed and not reported
    priority: int  # ties on length: lower wins
    locative: bool = False


def _case_rule(alias: str) -> _CaseRule:
    """How the case of a text must agree with ``alias`` for a match.

    ``acronym``: in capitals ("US", "U.S."); ``exact``: as written, for short
    names with inner capitals ("LeT", "FAMa", "MoD": "LET" is a word);
    ``capital``: with a capital initial ("Turkey", not "turkey"); ``any``.
    """
    if is_acronym(alias):
        return "acronym"
    letters = [c for c in alias if c.isalpha()]
    if len(letters) <= 5 and any(c.isupper() for c in letters[1:]) and " " not in alias:
        return "exact"
    first = alias[:1]
    return "capital" if first.isupper() else "any"


def _case_ok(rule: _CaseRule, tokens: Sequence[Token], alias: str = "") -> bool:
    if rule == "any" or not tokens:
        return True
    if rule == "exact":
        return "".join(t.text for t in tokens) == "".join(c for c in alias if not c.isspace() and c not in "-'’")
    if rule == "capital":
        first = tokens[0].text[:1]
        return first.isupper() or first.isdigit()
    letters = [c for token in tokens for c in token.text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


class _Index:
    """Everything one language needs to resolve and scan, built once."""

    def __init__(self, kb: KnowledgeBase, language: str) -> None:
        started = time.perf_counter()
        self.language = language
        self.lexicon = _lexicon(language) if _valid_language(language) else _Lexicon(language)
        self.articles = self.lexicon.articles
        self.exact: dict[str, list[_Alias]] = {}
        self.normal: dict[str, list[_Alias]] = {}
        self.names: _Trie[_Alias] = _Trie()
        self.demonyms: _Trie[str] = _Trie()  # folded adjective -> country code
        self.demonym_keys: dict[str, str] = {}
        for entry in kb.entries:
            for alias in entry.names(language):
                self._add(entry, alias, "name")
            for alias in _for_language(entry.capitals, language):
                self._add(entry, alias, "capital")
            if entry.kind == "country" and entry.country is not None:
                people = kb.generic(entry.country, "CVL")
                for alias in _for_language(entry.inhabitants, language):
                    self._add(people, alias, "inhabitants")
                for adjective in _for_language(entry.demonyms, language):
                    keys = _fold_phrase(adjective)
                    self.demonyms.add(keys, entry.country)
                    self.demonym_keys.setdefault(" ".join(keys), entry.country)
        for phrase in self.lexicon.not_actors:
            self._add(None, phrase, "block")
        self.fuzzy_keys: list[str] = [key for key in self.normal if len(key) >= FUZZY_MIN_LENGTH]
        # The first words of everything a scan finds (names by key, phrases by folded
        # form): most tokens of a text are none of them and start nothing.
        self.name_starts = frozenset(self.names.children)
        self.phrase_starts = frozenset(
            (*self.lexicon.heads.children, *self.lexicon.role_tails, *self.demonyms.children)
        )
        logger.debug(
            "actor index for %r: %d names in %.0f ms", language, len(self.exact), 1000 * (time.perf_counter() - started)
        )

    def strip(self, tokens: Sequence[Token]) -> Sequence[Token]:
        """``tokens`` without leading articles (unless nothing would be left)."""
        start = 0
        while start < len(tokens) - 1 and tokens[start].fold in self.articles:
            start += 1
        return tokens[start:]

    def _add(self, entry: ActorEntry | None, alias: str, kind: _AliasKind) -> None:
        tokens = self.strip(tokenize(alias))
        keys = [token.key for token in tokens]
        if not any(keys):
            return
        stripped = alias[tokens[0].start :] if tokens else alias
        exact = " ".join(token.fold for token in tokens)
        item = _Alias(entry, alias, kind, _case_rule(stripped), exact, len(tokens) == 1, stripped)
        if entry is not None:
            self.exact.setdefault(exact, []).append(item)
            self.normal.setdefault(" ".join(k for k in keys if k), []).append(item)
        self.names.add([key for key in keys if key], item)


def _valid_language(language: str) -> bool:
    return re.match(r"^[a-z]{2,3}$", language) is not None


def _for_language(names: Mapping[str, tuple[str, ...]], language: str) -> tuple[str, ...]:
    return (*names.get("any", ()), *names.get(language, ()))


class KnowledgeBase:
    """Actors, their names and offices, with the indexes to resolve and find them.

    Build it from entries (``KnowledgeBase(entries)``) or with
    :func:`load_knowledge_base`. Indexes are built per language on first use.
    Later entries replace earlier ones with the same id, so a user file can
    correct a shipped entry.
    """

    def __init__(self, entries: Iterable[ActorEntry]) -> None:
        by_id: dict[str, ActorEntry] = {}
        for entry in entries:
            if entry.id in by_id:
                logger.info("actor %r from %s replaces the one from %s", entry.id, entry.source, by_id[entry.id].source)
            by_id[entry.id] = entry
        self._by_id = by_id
        self.entries: tuple[ActorEntry, ...] = tuple(by_id.values())
        self._check()
        self._generic: dict[str, ActorEntry] = {}
        self._given: dict[str, frozenset[str]] = {}
        self._indexes: dict[str, _Index] = {}
        self._offices: dict[tuple[str, str], list[tuple[Office, ActorEntry]]] = {}
        for entry in self.entries:
            for office in entry.offices:
                owner = office.org or office.country
                if owner is not None:
                    self._offices.setdefault((office.role, owner), []).append((office, entry))

    def _check(self) -> None:
        countries = {e.country for e in self.entries if e.kind == "country" and e.country}
        if not countries:
            return
        known = countries | set(SPECIAL_COUNTRIES)
        for entry in self.entries:
            codes = [entry.country, *(office.country for office in entry.offices)]
            for code in codes:
                if code is not None and code not in known:
                    raise _fail(entry.source, f"actor {entry.id!r}: unknown country code {code!r}")
            for office in entry.offices:
                if office.org is not None and office.org not in self._by_id:
                    raise _fail(entry.source, f"actor {entry.id!r}: office of unknown actor {office.org!r}")

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self.entries)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._by_id

    def get(self, actor_id: str) -> ActorEntry | None:
        """The entry with ``actor_id`` (generic actors included), or ``None``."""
        return self._by_id.get(actor_id) or self._generic.get(actor_id)

    def with_entries(self, entries: Iterable[ActorEntry]) -> KnowledgeBase:
        """A new knowledge base with ``entries`` added (replacing entries with the same ids)."""
        return KnowledgeBase([*self.entries, *entries])

    def index(self, language: str) -> _Index:
        found = self._indexes.get(language)
        if found is None:
            found = self._indexes[language] = _Index(self, language)
        return found

    # ----------------------------------------------------------------- generic actors and offices

    def country_entry(self, country: str) -> ActorEntry | None:
        entry = self._by_id.get(country.lower())
        return entry if entry is not None and entry.kind == "country" else None

    def generic(
        self, country: str | None, sector: str, group: str | None = None, label: str | None = None
    ) -> ActorEntry:
        """The generic actor for a sector (or group) of a country, or of no known country.

        A country's government is its country entry; an entry of the knowledge
        base with the generic id (``isr-mil``) stands for the generic actor.
        """
        if country is not None and sector == "GOV" and group is None:
            entry = self.country_entry(country)
            if entry is not None:
                return entry
        suffix = group or sector.lower()
        actor_id = f"{country.lower()}-{suffix}" if country else suffix
        found = self._by_id.get(actor_id) or self._generic.get(actor_id)
        if found is not None:
            return found
        words = label or SECTORS.get(sector, sector.lower())
        if country is not None:
            owner = self.country_entry(country)
            demonyms = owner.demonyms.get("en", ()) if owner is not None else ()
            prefix = (
                demonyms[0]
                if demonyms
                else (owner.name if owner is not None else SPECIAL_COUNTRIES.get(country, country))
            )
            name = f"{prefix} {words}"
        else:
            name = words[:1].upper() + words[1:]
        entry = ActorEntry(id=actor_id, name=name, kind="generic", country=country, sector=sector)
        self._generic[actor_id] = entry
        return entry

    def given_names(self, entry: ActorEntry) -> frozenset[str]:
        """Normalized first words of a person's longer names ("volodimir" for Volodymyr Zelensky)."""
        found = self._given.get(entry.id)
        if found is None:
            keys = (name_key(alias) for names in entry.aliases.values() for alias in names)
            found = self._given[entry.id] = frozenset(key[0] for key in keys if len(key) > 1)
        return found

    def holder(self, roles: Sequence[str], owner: str, when: date | None) -> ActorEntry | None:
        """Who held ``roles`` (the first one anybody held) for ``owner`` on ``when``.

        ``owner`` is a country code or, for offices of an organisation, its id.
        """
        for role in roles:
            holders = [(o, e) for o, e in self._offices.get((role, owner), ()) if o.active(when)]
            if holders:
                return max(holders, key=lambda pair: pair[0].start or date.min)[1]
        return None

    # ----------------------------------------------------------------- resolution

    def _pick(self, aliases: Sequence[_Alias], when: date | None) -> tuple[_Alias, bool]:
        """The best of several aliases matching one text, and whether the choice was ambiguous."""
        unique = {alias.entry.id: alias for alias in aliases if alias.entry is not None}
        if len(unique) == 1:
            return next(iter(unique.values())), False

        def rank(alias: _Alias) -> tuple[int, int]:
            entry = alias.entry
            assert entry is not None
            in_office = when is not None and any(o.active(when) and o.role != "affiliation" for o in entry.offices)
            return (0 if in_office else 1, _KIND_PRIORITY.get(entry.kind, 9))

        ranked = sorted(unique.values(), key=rank)
        return ranked[0], rank(ranked[0]) == rank(ranked[1])

    def _match(
        self, alias: _Alias, method: Method, score: float, when: date | None, text: str | None = None
    ) -> ActorMatch:
        assert alias.entry is not None
        if alias.kind == "inhabitants":
            method = "demonym"
        country, sector = alias.entry.at(when)
        return ActorMatch(alias.entry, text or alias.text, method, score, country, sector)

    def resolve(self, text: str, language: str, when: date | None = None) -> ActorMatch | None:
        """The actor ``text`` (one candidate mention) stands for in a ``language`` text of date ``when``.

        Tries, in order: an exact alias, a normalized alias, a role or group
        phrase covering the whole text, a fuzzy alias, and last a known name
        or phrase inside a longer text (score lowered). ``None`` when nothing
        is found.
        """
        index = self.index(language)
        tokens = index.strip(_trim_punctuation(tokenize(text)))
        if not tokens:
            return None
        exact_key = " ".join(token.fold for token in tokens)
        candidates = [a for a in index.exact.get(exact_key, ()) if _resolve_case_ok(a, tokens)]
        if candidates:
            alias, ambiguous = self._pick(candidates, when)
            return self._match(alias, "exact", 0.8 if ambiguous else 1.0, when)
        demonym = index.demonym_keys.get(exact_key)
        if demonym is not None:
            entry = self.country_entry(demonym)
            if entry is not None:
                country, sector = entry.at(when)
                return ActorMatch(entry, text.strip(), "demonym", 0.8, country, sector)
        normal_key = " ".join(token.key for token in tokens if token.key)
        candidates = [
            a for a in index.normal.get(normal_key, ()) if _resolve_case_ok(a, tokens) and _loose_enough(a, normal_key)
        ]
        if candidates:
            alias, ambiguous = self._pick(candidates, when)
            return self._match(alias, "normalized", 0.75 if ambiguous else 0.95, when)
        phrase = tokens[0].start, tokens[-1].end
        mentions = self._scan(text, index, when)
        for mention in mentions:
            if (mention.span.start, mention.span.end) == phrase and mention.match.method in ("role", "demonym"):
                return mention.match
        fuzzy = self._fuzzy(normal_key, index, when)
        if fuzzy is not None:
            return fuzzy
        if mentions:
            best = max(mentions, key=lambda m: (len(m.span), -m.span.start))
            match = best.match
            agreed = all(mention.id == best.id for mention in mentions)
            score = round(match.score * (0.9 if agreed else 0.6), 3)
            return ActorMatch(match.entry, match.alias, match.method, score, match.country, match.sector)
        return None

    def _fuzzy(self, key: str, index: _Index, when: date | None) -> ActorMatch | None:
        if len(key) < FUZZY_MIN_LENGTH:
            return None
        from rapidfuzz import fuzz, process

        results = process.extract(key, index.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE, limit=5)
        for choice, score, _ in results:
            if choice[:1] != key[:1]:
                continue
            aliases = [a for a in index.normal[choice] if a.kind != "block"]
            if not aliases:
                continue
            alias, ambiguous = self._pick(aliases, when)
            return self._match(alias, "fuzzy", round(score / 100 * (0.7 if ambiguous else 0.9), 3), when)
        return None

    # ----------------------------------------------------------------- scanning

    def find_mentions(self, text: str, language: str, when: date | None = None) -> list[ActorMention]:
        """Every actor named in ``text``: aliases, role phrases and group phrases, in text order.

        The longest match wins where matches overlap; matches fall on word
        boundaries; spans are offsets into ``text``. Mentions of one actor
        share its id.
        """
        return self._scan(text, self.index(language), when)

    def _scan(self, text: str, index: _Index, when: date | None) -> list[ActorMention]:
        tokens = tokenize(text)
        if not tokens:
            return []
        scanner = _Scanner(self, index, text, tokens, when)
        return scanner.run()


def _resolve_case_ok(alias: _Alias, tokens: Sequence[Token]) -> bool:
    """Case matters to :meth:`KnowledgeBase.resolve` for acronyms ("US" is not "us") and for
    peoples' names, which French capitalises unlike its adjectives ("Irakiens", "irakiens")."""
    if alias.case in ("acronym", "exact") or alias.kind == "inhabitants":
        return _case_ok(alias.case, tokens, alias.written)
    return True


def _loose_enough(alias: _Alias, key: str) -> bool:
    """Spelling-variant matches of one word only for names long enough not to be common words.

    "Seul" is not "Séoul"; "Hizbolah" is "Hezbollah".
    """
    if " " in key:
        return True
    return alias.entry is not None and alias.entry.kind in ("person", "group") and len(key) >= 5


def _trim_punctuation(tokens: Sequence[Token]) -> Sequence[Token]:
    """``tokens`` without punctuation at either end (quotes, commas, a final full stop)."""
    start, end = 0, len(tokens)
    while start < end and not any(c.isalnum() for c in tokens[start].text):
        start += 1
    while end > start and not any(c.isalnum() for c in tokens[end - 1].text):
        end -= 1
    return tokens[start:end]


# --------------------------------------------------------------------------- the scanner

_PRIORITY_BLOCK, _PRIORITY_NAME, _PRIORITY_ROLE, _PRIORITY_GROUP, _PRIORITY_QUALIFIED = 0, 1, 2, 3, 10


class _Scanner:
    """One pass over one text: at each token, the longest name or phrase that starts there."""

    def __init__(self, kb: KnowledgeBase, index: _Index, text: str, tokens: list[Token], when: date | None) -> None:
        self.kb = kb
        self.index = index
        self.lexicon = index.lexicon
        self.text = text
        self.tokens = tokens
        self.when = when
        self.keys = [token.key for token in tokens]
        self.folds = [token.fold for token in tokens]
        self.title_case, self.shouted = self._line_styles()

    def run(self) -> list[ActorMention]:
        mentions: list[ActorMention] = []
        position = 0
        count = len(self.tokens)
        while position < count:
            if not self.tokens[position].text[:1].isalnum() or not self._may_start(position):
                position += 1
                continue
            best = self._best(position)
            if best is None:
                position += 1
                continue
            if best.match is not None:
                span = Span(self.tokens[best.start].start, self.tokens[best.end - 1].end)
                mentions.append(ActorMention(span.of(self.text), span, best.match, best.locative))
            position = best.end
        return mentions

    def _may_start(self, position: int) -> bool:
        """Whether a name or phrase may start at ``position``: false spares :meth:`_best` at most tokens.

        Tries step over empty keys and folds, so a token with one is always searched.
        """
        key, folded = self.keys[position], self.folds[position]
        return not key or not folded or key in self.index.name_starts or folded in self.index.phrase_starts

    def _best(self, position: int) -> _Candidate | None:
        candidates: list[_Candidate] = []
        name = self._name_at(position)
        if name is not None:
            candidates.append(name)
        candidates.extend(self._phrases_at(position))
        if not candidates:
            return None
        return min(candidates, key=lambda c: (-c.end, c.priority))

    # ----------------------------------------------------------------- names

    def _name_matches(self, position: int) -> Iterator[tuple[int, _Alias]]:
        """Aliases matching at ``position`` that pass the case rule, longest first."""
        for end, aliases in self.index.names.walk(self.keys, position):
            span_tokens = self.tokens[position:end]
            for alias in aliases:
                if _case_ok(alias.case, span_tokens, alias.written):
                    yield end, alias

    def _name_at(self, position: int) -> _Candidate | None:
        for end, group in _group_by_end(self._name_matches(position)):
            blocked = [alias for alias in group if alias.entry is None]
            if blocked:
                return _Candidate(end, position, None, _PRIORITY_BLOCK)
            usable = [
                alias
                for alias in group
                if not self._part_of_longer_name(position, end, alias) and not self._shouted_word(position, alias)
            ]
            if not usable:
                continue
            written = " ".join(self.folds[position:end])
            usable = [alias for alias in usable if alias.exact == written] or usable
            alias, ambiguous = self.kb._pick(usable, self.when)
            exact = written == alias.exact
            method: Method = "exact" if exact else "normalized"
            if not exact and not self._normalized_allowed(position, end, alias):
                continue
            score = (1.0 if exact else 0.95) * (0.8 if ambiguous else 1.0)
            start = position - 1 if self._given_name_before(position, alias) else position
            match = self.kb._match(alias, method, score, self.when, None)
            return _Candidate(end, start, match, _PRIORITY_NAME, self._locative(position, end, alias))
        return None

    def _given_name_before(self, position: int, alias: _Alias) -> bool:
        """A surname after a spelling of the person's given name: "Volodimir Zelensky"."""
        if alias.entry is None or alias.entry.kind != "person" or not alias.single or position == 0:
            return False
        return self._joined(position - 1, position) and self.keys[position - 1] in self.kb.given_names(alias.entry)

    def _normalized_allowed(self, position: int, end: int, alias: _Alias) -> bool:
        return _loose_enough(alias, " ".join(key for key in self.keys[position:end] if key))

    def _place_like(self, alias: _Alias) -> bool:
        return alias.entry is not None and (alias.kind == "capital" or alias.entry.kind == "country")

    def _part_of_longer_name(self, position: int, end: int, alias: _Alias) -> bool:
        """A one-word name inside an unknown longer proper name: "Michael Jordan", "Jordan Bardella"."""
        if not alias.single or alias.case != "capital" or alias.entry is None:
            return False
        if alias.entry.kind not in ("country", "person") and alias.kind != "capital":
            return False
        if self.title_case[position] or self._given_name_before(position, alias):
            return False
        if position > 0 and self._joined(position - 1, position):
            before = self.tokens[position - 1]
            if before.is_upper_initial and before.text.isalpha() and not self._function_word(before):
                return True
        if self._place_like(alias) and end < len(self.tokens) and self._joined(end - 1, end):
            after = self.tokens[end]
            if after.is_upper_initial and after.text.isalpha() and not self._function_word(after):
                return True
        return False

    def _shouted_word(self, position: int, alias: _Alias) -> bool:
        """A two-letter acronym in a line written in capitals: "LET US KNOW" names nobody."""
        return self.shouted[position] and alias.case == "acronym" and sum(c.isalpha() for c in alias.text) <= 2

    def _function_word(self, token: Token) -> bool:
        return token.fold in self.lexicon.sentence_words or token.fold in self.lexicon.titles

    def _joined(self, left: int, right: int) -> bool:
        """Tokens ``left`` and ``right`` are separated by spaces only (no punctuation, no line break)."""
        gap = self.text[self.tokens[left].end : self.tokens[right].start]
        return bool(gap) and gap.strip(" \t\u00a0") == ""

    def _locative(self, position: int, end: int, alias: _Alias) -> bool:
        """A country or capital used as a place: after "à"/"in", or in a dateline ("SEOUL/TOKYO (Reuters)")."""
        if not self._place_like(alias):
            return False
        if position > 0 and self.folds[position - 1] in self.lexicon.locatives:
            return True
        first = self.tokens[position]
        following = self.text[self.tokens[end - 1].end : self.tokens[end - 1].end + 3].lstrip(" ")
        preceding = self.text[max(0, first.start - 1) : first.start]
        if following.startswith(("(", "/")) or preceding == "/":
            return True
        line_start = position == 0 or "\n" in self.text[self.tokens[position - 1].end : first.start]
        shouted = all(token.text.isupper() for token in self.tokens[position:end] if token.text.isalpha())
        return line_start and shouted and not is_acronym(alias.text) and following.startswith((",", "-", "—", "–"))

    def _line_styles(self) -> tuple[list[bool], list[bool]]:
        """Per token: whether its line is in Title Case, and whether it is in capitals.

        In a Title Case headline capitals say nothing about names; in a line
        in capitals, two-letter acronyms ("US", "UN", "IS") are ordinary words.
        """
        count = len(self.tokens)
        title = [False] * count
        shouted = [False] * count
        for start, end in _lines(self.text, self.tokens):
            words = [t for t in self.tokens[start:end] if t.text.isalpha() and len(t.text) > 3]
            if len(words) >= 3:
                capitalised = sum(t.is_upper_initial for t in words) >= 0.7 * len(words)
                upper = sum(t.text.isupper() for t in words) >= 0.7 * len(words)
                title[start:end] = [capitalised] * (end - start)
                shouted[start:end] = [upper] * (end - start)
        return title, shouted

    # ----------------------------------------------------------------- phrases

    def _phrases_at(self, position: int) -> list[_Candidate]:
        if self.lexicon.demonym_first:
            return self._modifier_first(position) + self._head_of(position)
        return self._head_first(position)

    def _heads(self, position: int) -> list[tuple[int, list[_Head]]]:
        return self.lexicon.heads.walk(self.folds, position)

    def _demonym(self, position: int) -> tuple[int, str] | None:
        """A demonym at ``position`` (or after one qualifier): its end and country."""
        found = self.index.demonyms.walk(self.folds, position)
        if found:
            return found[0][0], found[0][1][0]
        return None

    def _skip_qualifier(self, position: int) -> int:
        if position < len(self.tokens) and self.folds[position] in self.lexicon.qualifiers:
            return position + 1
        return position

    def _owner_at(self, position: int) -> tuple[int, ActorEntry] | None:
        """A country, capital or organisation name at ``position``: what a role or group noun can belong to."""
        for end, alias in self._name_matches(position):
            entry = alias.entry
            if entry is None or alias.kind == "inhabitants" or entry.kind in ("person", "media", "generic"):
                continue
            return end, entry
        return None

    def _head_first(self, position: int) -> list[_Candidate]:
        """French order: NOUN [QUALIFIER] DEMONYM, NOUN CONNECTOR OWNER, NOUN GROUP, bare NOUN.

        Also ROLE-WORD DEMONYM REST-OF-ROLE: "le ministre israélien de la Défense".
        """
        found: list[_Candidate | None] = []
        tails = self.lexicon.role_tails.get(self.folds[position])
        demonym = self._demonym(position + 1) if tails is not None else None
        if tails is not None and demonym is not None:
            for end, words in tails.walk(self.folds, demonym[0]):
                found.extend(self._resolved(word, position, end, country=demonym[1]) for word in words)
        for end, heads in self._heads(position):
            after = self._skip_qualifier(end)
            direct = self._demonym(end)
            qualified = self._demonym(after) if after != end else None
            connected = [self._owner_at(c_end) for c_end, _ in self.lexicon.connectors.walk(self.folds, end)]
            apposed = self._owner_at(end)
            for head in heads:
                if direct is not None:
                    found.append(self._resolved(head, position, direct[0], country=direct[1]))
                if qualified is not None:
                    found.append(self._resolved(head, position, qualified[0], country=qualified[1], qualified=True))
                for owner in connected:
                    if owner is not None:
                        found.append(self._resolved(head, position, owner[0], owner=owner[1]))
                if isinstance(head, _GroupNoun):
                    if apposed is not None and apposed[1].kind != "country":
                        found.append(self._resolved(head, position, apposed[0], owner=apposed[1]))
                    if self._alone(head, position, end):
                        found.append(self._resolved(head, position, end))
        return [candidate for candidate in found if candidate is not None]

    def _modifier_first(self, position: int) -> list[_Candidate]:
        """English order: DEMONYM|OWNER ['s] [QUALIFIER] NOUN."""
        found: list[_Candidate | None] = []
        modifiers: list[tuple[int, str | None, ActorEntry | None]] = []
        demonym = self._demonym(position)
        if demonym is not None:
            modifiers.append((demonym[0], demonym[1], None))
        owner = self._owner_at(position)
        if owner is not None:
            modifiers.append((owner[0], None, owner[1]))
            if owner[0] < len(self.tokens) and self.folds[owner[0]] in self.lexicon.possessive:
                modifiers.append((owner[0] + 1, None, owner[1]))
        for end, country, entry in modifiers:
            after = self._skip_qualifier(end)
            for start in (end, after) if after != end else (end,):
                for head_end, heads in self._heads(start):
                    found.extend(
                        self._resolved(head, position, head_end, country=country, owner=entry, qualified=start != end)
                        for head in heads
                    )
        return [candidate for candidate in found if candidate is not None]

    def _head_of(self, position: int) -> list[_Candidate]:
        """English: NOUN of [the] OWNER, and bare NOUN."""
        found: list[_Candidate | None] = []
        for end, heads in self._heads(position):
            owners = [self._owner_at(of_end) for of_end, _ in self.lexicon.of.walk(self.folds, end)]
            for head in heads:
                found.extend(self._resolved(head, position, o[0], owner=o[1]) for o in owners if o is not None)
                if self._alone(head, position, end):
                    found.append(self._resolved(head, position, end))
        return [candidate for candidate in found if candidate is not None]

    def _alone(self, head: _Head, position: int, end: int) -> bool:
        """Whether a bare group noun names an actor here: "les militaires", not "opérations militaires"."""
        if not isinstance(head, _GroupNoun) or not head.alone:
            return False
        if end - position > 1 or self.folds[position] not in self.lexicon.adjectives:
            return True
        before = self.folds[position - 1] if position > 0 else ""
        return before in self.lexicon.determiners or before.isdigit()

    def _resolved(
        self,
        head: _Head,
        start: int,
        end: int,
        *,
        country: str | None = None,
        owner: ActorEntry | None = None,
        qualified: bool = False,
    ) -> _Candidate | None:
        """The candidate for a phrase: who holds the role, or which generic actor the group is.

        ``qualified`` phrases (a word between the noun and its demonym) lose ties
        to plain ones: "security forces" is one noun before it is "forces".
        """
        if owner is not None and owner.kind == "country":
            country, owner = owner.country, None
        phrase = " ".join(token.text for token in self.tokens[start:end])
        penalty = _PRIORITY_QUALIFIED if qualified else 0
        if isinstance(head, _RoleWord):
            if country is None and owner is None:
                return None
            before = self.folds[start - 1] if start > 0 else ""
            after = self.folds[end] if end < len(self.tokens) else ""
            if before in self.lexicon.former_before or after in self.lexicon.former_after:
                return None
            holder = self.kb.holder(head.roles, owner.id if owner is not None else str(country), self.when)
            if holder is not None:
                entry, score = holder, 0.9
            elif owner is not None:
                entry, score = owner, 0.6
            else:
                entry, score = self.kb.generic(country, head.sector), 0.6
            found_country, found_sector = entry.at(self.when)
            match = ActorMatch(entry, phrase, "role", score, found_country, found_sector)
            return _Candidate(end, start, match, _PRIORITY_ROLE + penalty)
        if owner is not None:
            found_country, found_sector = owner.at(self.when)
            match = ActorMatch(owner, phrase, "demonym", 0.85, found_country, found_sector)
            return _Candidate(end, start, match, _PRIORITY_GROUP + penalty)
        label = self.lexicon.group_labels.get(head.group) if head.group else None
        entry = self.kb.generic(country, head.sector, head.group, label)
        score = 0.85 if country is not None else 0.7
        match = ActorMatch(entry, phrase, "demonym", score, entry.country, entry.sector)
        return _Candidate(end, start, match, _PRIORITY_GROUP + penalty)


def _lines(text: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """``(start, end)`` token ranges of the lines of ``text`` that hold tokens, in order.

    No token holds a line break, so each break falls between two tokens (or
    before the first, or after the last): the first token after it starts a line.
    """
    starts = [token.start for token in tokens]
    breaks = sorted({bisect.bisect_right(starts, match.start()) for match in _LINE_BREAK.finditer(text)})
    bounds = [0, *(b for b in breaks if 0 < b < len(tokens)), len(tokens)]
    return list(itertools.pairwise(bounds))


_LINE_BREAK = re.compile("\n")


def _group_by_end(matches: Iterable[tuple[int, _Alias]]) -> Iterator[tuple[int, list[_Alias]]]:
    current: int | None = None
    group: list[_Alias] = []
    for end, alias in matches:
        if end != current and group:
            assert current is not None
            yield current, group
            group = []
        current = end
        group.append(alias)
    if group and current is not None:
        yield current, group


# --------------------------------------------------------------------------- module-level API


def load_knowledge_base(paths: Iterable[str | Path] = (), *, builtin: bool = True) -> KnowledgeBase:
    """A knowledge base of the shipped actors (unless ``builtin`` is false) and those of ``paths``.

    Each path is a YAML actor file (see :func:`parse_actor_data`) or a CAMEO
    actor dictionary (``.txt``, read with :func:`import_cameo_dictionary`).
    """
    started = time.perf_counter()
    entries = builtin_entries() if builtin else []
    for path in paths:
        path = Path(path)
        if path.suffix.lower() in (".yml", ".yaml"):
            entries.extend(load_actor_file(path))
        else:
            entries.extend(import_cameo_dictionary(path))
    kb = KnowledgeBase(entries)
    logger.info("loaded %d actors in %.0f ms", len(kb), 1000 * (time.perf_counter() - started))
    return kb


@functools.cache
def default_knowledge_base(paths: tuple[str, ...] = ()) -> KnowledgeBase:
    """The shipped knowledge base plus the user's actor files ``paths``, loaded once per process and paths."""
    return load_knowledge_base(paths)


def resolve(
    text: str, language: str, when: date | None = None, *, kb: KnowledgeBase | None = None
) -> ActorMatch | None:
    """The actor one candidate mention stands for (see :meth:`KnowledgeBase.resolve`)."""
    return (kb or default_knowledge_base()).resolve(text, language, when)


def find_actor_mentions(
    text: str, language: str, when: date | None = None, *, kb: KnowledgeBase | None = None
) -> list[ActorMention]:
    """Every actor named in ``text`` (see :meth:`KnowledgeBase.find_mentions`)."""
    return (kb or default_knowledge_base()).find_mentions(text, language, when)
