"""Trigger words and modality cues per language, as validated lookup tables.

The knowledge is data, one folder per language with the same files:

- ``veille/lang/<code>/events.yml``: the trigger lexicon (lemmas and phrases
  that signal a PLOVER event type and mode, with context conditions), the mode
  cues, the light verbs that carry event nouns, and the words that show a
  launched weapon hit something;
- ``veille/lang/<code>/modality.yml``: the words, phrases, governing verbs and
  morphology that make an event negated, hypothetical, future or alleged, and
  the phrases, verbs, nouns and agency names that credit a source.

The comments at the top of each file document their keys. Files are read on
first use, once per process, and checked against the PLOVER types and modes of
:func:`plover_modes`; a mistake raises :class:`~veille.errors.DataError` naming
the file and the entry.

Lemmas are compared after :meth:`Lexicon.normalize`: lower case, typographic
apostrophes and ligatures folded, then the file's ``lemma_aliases`` applied
("au" -> "à", spaCy's "obu" -> "obus"). A phrase ("mettre fin à", "call for")
matches when its words follow one another with at most ``phrase_gap`` tokens
between two of them::

    >>> lexicon = load_lexicon("en")
    >>> [t.type for t in lexicon.lookup("airstrike", "NOUN")]
    ['ASSAULT']
    >>> [m.trigger.lemma for m in lexicon.phrases_at(["they", "call", "for", "a", "truce"], 1)]
    ['call for']

What the detector decides with these tables, and the data cannot say, is
listed in the docstrings of :class:`Trigger` and :class:`Lexicon`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from veille import lang
from veille.errors import DataError
from veille.events import codes

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "COMPLEMENT_TYPES",
    "EVENTS_FILE",
    "FUTURE_TYPES",
    "MODALITIES",
    "MODALITY_FILE",
    "MORPHOLOGY_WHEN",
    "POS_TAGS",
    "ROLES",
    "AttributionCues",
    "Lexicon",
    "ModalityCues",
    "ModeCue",
    "MorphologyCue",
    "PhraseMatch",
    "Terms",
    "Trigger",
    "load_lexicon",
    "load_modality_cues",
    "parse_lexicon",
    "parse_modality_cues",
    "plover_modes",
]

EVENTS_FILE = "events.yml"
MODALITY_FILE = "modality.yml"


@functools.cache
def plover_modes() -> Mapping[str, tuple[str, ...]]:
    """The sixteen PLOVER 2.0 event types and their modes, from the ontology of :mod:`veille.events.codes`."""
    return MappingProxyType({type_: codes.modes(type_) for type_ in codes.EVENT_TYPES})


FUTURE_TYPES: Mapping[str, str] = MappingProxyType(
    {"RETREAT": "CONCEDE", "CONSULT": "AGREE", "SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE"}
)
"""The type of an event that is announced, planned or promised rather than done.

A promised withdrawal, release or ceasefire is a verbal concession (CONCEDE); a
planned meeting, support, cooperation or aid is an agreement (AGREE). An entry's
``if_future`` overrides this (a prisoner exchange agreed on is AGREE). Other
types keep their type with modality ``future``.
"""

COMPLEMENT_TYPES = frozenset({"THREATEN", "REQUEST", "REJECT"})
"""Types whose complement (what is threatened, demanded, refused) gives the mode and is no event of its own."""

MODALITIES = ("negated", "hypothetical", "future", "alleged", "asserted")
"""The modalities in order of priority: when several apply, the first wins."""

POS_TAGS = frozenset({"VERB", "NOUN", "ADJ", "ADV", "any"})
"""Parts of speech an entry may name; ``any`` matches every tag."""

ROLES = frozenset({"visitor_actor", "leaver_actor", "host_subject", "subject_recipient", "mutual", "frame"})
"""Argument flags of triggers, documented at the top of ``events.yml``."""

MORPHOLOGY_WHEN = frozenset({"always", "reported_simple", "compound"})
"""When a morphological feature marks a modality, documented at the top of ``modality.yml``."""

_POS_READ_AS = {"PROPN": "NOUN", "AUX": "VERB"}
_FOLD = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "‐": "-", "‑": "-"})
_SPACES = re.compile(r"\s+")
_NORMALIZED_CACHE = 200_000
"""How many distinct lemmas a lexicon remembers the normal form of."""
_FEATURE = re.compile(r"^[A-Z][A-Za-z]*=[A-Z][A-Za-z0-9]*$")
_EVENTS_KEYS = frozenset(
    {
        "lemma_aliases",
        "lemma_rewrites",
        "phrase_gap",
        "support_verbs",
        "report_verbs",
        "undergo_verbs",
        "weapons",
        "impact_cues",
        "triggers",
        "mode_cues",
    }
)
_TRIGGER_REQUIRED = frozenset({"lemma", "pos", "type", "mode"})
_TRIGGER_KEYS = _TRIGGER_REQUIRED | {
    "default_mode",
    "weight",
    "needs",
    "not_with",
    "role",
    "if_future",
    "if_impact",
    "active_only",
    "deadline_only",
}
_MODALITY_KEYS = frozenset({"negated", "hypothetical", "future", "alleged", "attribution"})
_CUE_KEYS = frozenset({"words", "phrases", "governors", "exceptions", "morphology"})
_ATTRIBUTION_KEYS = frozenset({"markers", "verbs", "source_nouns", "responsibility", "agencies"})
_MAX_GAP = 5


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_FOLD).lower()).strip()


def _variants(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """``words`` and, when a word holds a hyphen, the same with the hyphen as its own token."""
    if not any("-" in word.strip("-") for word in words):
        return (words,)
    split: list[str] = []
    for word in words:
        parts = word.split("-") if "-" in word.strip("-") else [word]
        for i, part in enumerate(parts):
            if i:
                split.append("-")
            if part:
                split.append(part)
    return (words, tuple(split))


def _match(words: Sequence[str], lemmas: Sequence[str], start: int, gap: int) -> tuple[int, ...] | None:
    """Positions of ``words`` in ``lemmas`` from ``start``, each within ``gap`` tokens of the last."""
    if start >= len(lemmas) or lemmas[start] != words[0]:
        return None
    positions = [start]
    for word in words[1:]:
        last = positions[-1]
        for i in range(last + 1, min(len(lemmas), last + gap + 2)):
            if lemmas[i] == word:
                positions.append(i)
                break
        else:
            return None
    return tuple(positions)


@dataclass(frozen=True, slots=True)
class Terms:
    """Single lemmas and phrases of lemmas, normalized, with a containment test."""

    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    _by_first: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.phrases:
            by_first.setdefault(phrase[0], []).append(phrase)
        object.__setattr__(self, "_by_first", {first: tuple(group) for first, group in by_first.items()})

    def _matches(self, lemmas: Sequence[str], gap: int) -> Iterator[tuple[int, ...]]:
        for i, lemma in enumerate(lemmas):
            for phrase in self._by_first.get(lemma, ()):
                positions = _match(phrase, lemmas, i, gap)
                if positions is not None:
                    yield positions

    def __contains__(self, lemma: object) -> bool:
        return lemma in self.words

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    def found_in(self, lemmas: Sequence[str], gap: int = 2) -> bool:
        """Whether a word or a phrase of these terms occurs in the normalized ``lemmas``."""
        if not self.words.isdisjoint(lemmas):
            return True
        return next(self._matches(lemmas, gap), None) is not None

    def phrase_positions(self, lemmas: Sequence[str], gap: int = 2) -> tuple[tuple[int, ...], ...]:
        """Where the phrases of these terms occur in ``lemmas`` (token positions of each match)."""
        return tuple(self._matches(lemmas, gap))


@dataclass(frozen=True, slots=True)
class Trigger:
    """One sense of a word or phrase that signals an event.

    Left to the detector: choosing the context (the trigger's dependents, its
    head, a few tokens around it) passed to :meth:`accepts` and
    :meth:`Lexicon.mode_for`; deciding whether the event is future and whether
    a launched weapon hit something (``impact``, with
    :attr:`Lexicon.impact_cues`); and reading :attr:`role` to assign actor and
    recipient.
    """

    lemma: str
    """The normalized lemma or phrase, words separated by single spaces."""
    words: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    """The mode the word itself says; context does not change it."""
    default_mode: str | None
    """The mode when :attr:`mode` is null and no mode cue is found."""
    weight: float
    needs: frozenset[str]
    not_with: frozenset[str]
    role: str | None
    if_future: str | None
    """The type when the event is announced or promised, not done (``None``: unchanged)."""
    if_impact: str | None
    """The type when the launched weapon hit something (``None``: unchanged)."""
    deadline_only: bool
    """The sense counts only where the date rules read a deadline on the word ("gave the junta *seven
    days* to", "a donné *une semaine* à la junte pour")."""
    active_only: bool
    """Only the active voice is the event ("X stationed troops"); a passive or a participle on a noun
    describes a state ("troops stationed in Erbil")."""
    source: str
    """Where the entry is: ``veille/lang/fr/events.yml: triggers[12]``."""

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def is_gated(self) -> bool:
        """Whether the sense only counts with one of its :attr:`needs` around."""
        return bool(self.needs)

    def accepts(self, context: Collection[str]) -> bool:
        """Whether the normalized context lemmas allow this sense: a need met and nothing it excludes."""
        if not self.not_with.isdisjoint(context):
            return False
        return not self.needs or not self.needs.isdisjoint(context)

    def type_for(self, modality: str = "asserted", *, impact: bool = False) -> str:
        """The event type for a modality (``future`` may shift it) and, for launches, an impact."""
        if impact and self.if_impact is not None:
            return self.if_impact
        if modality == "future" and self.if_future is not None:
            return self.if_future
        return self.type


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """A phrase trigger found in a sequence of lemmas, with the token positions of its words."""

    trigger: Trigger
    positions: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ModeCue:
    """The lemmas and phrases that, found around an event, give it ``mode``."""

    mode: str
    terms: Terms


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The validated trigger lexicon of one language, with lookup tables.

    Left to the detector: merging mentions of one event (a trigger and the
    "2 morts" of its sentence), preferring a phrase match over the single words
    it covers, absorbing the complement of THREATEN, REQUEST and REJECT
    triggers (:data:`COMPLEMENT_TYPES`) and of ``frame`` triggers, reading a
    noun trigger governed by a :attr:`support_verbs` verb at full weight with
    that verb's subject as actor, and the "calls by conflict parties to end a
    conflict" that PLOVER codes AGREE rather than REQUEST.
    """

    language: str
    source: str
    triggers: tuple[Trigger, ...]
    support_verbs: tuple[tuple[str, ...], ...]
    """Light verbs (and verb phrases such as "procéder à", "carry out") whose object noun is the event."""
    report_verbs: frozenset[str]
    """Verbs whose object names an event their subject reports, not does ("said a strike killed")."""
    undergo_verbs: tuple[tuple[str, ...], ...]
    """Verbs (and phrases: "faire face") whose object event happens to their subject ("a subi des
    frappes", "came under attack"): the subject is the recipient."""
    weapons: frozenset[str]
    """Nouns of launched weapons: a weapon as subject ("a missile struck") is not the actor; whoever
    fired it, or the country it came from, is."""
    impact_cues: frozenset[str]
    mode_cues: Mapping[str, tuple[ModeCue, ...]]
    """Per type, the mode cues in priority order."""
    aliases: Mapping[str, str]
    rewrites: tuple[tuple[str, str, str], ...]
    """``(suffix, replacement, pos)``: tried by :meth:`lookup` when a lemma is under no entry."""
    phrase_gap: int
    _single: Mapping[tuple[str, str], tuple[Trigger, ...]] = field(repr=False, compare=False)
    _phrases: Mapping[str, tuple[tuple[tuple[str, ...], Trigger], ...]] = field(repr=False, compare=False)
    _lemmas: frozenset[str] = field(repr=False, compare=False, default=frozenset())
    _normalized: dict[str, str] = field(repr=False, compare=False, default_factory=dict)
    _support_verb_heads: frozenset[str] = field(repr=False, compare=False, default=frozenset())
    _frame_verbs: frozenset[str] = field(repr=False, compare=False, default=frozenset())

    @property
    def support_verb_heads(self) -> frozenset[str]:
        """The verbs of :attr:`support_verbs` (first word of each)."""
        return self._support_verb_heads

    @property
    def frame_verbs(self) -> frozenset[str]:
        """The verbs of ``frame`` triggers ("agree", "promettre"): their subject is the actor of
        the event they take as argument ("agreed to a ceasefire")."""
        return self._frame_verbs

    def undergoes(self, verb: Token, noun: Token) -> bool:
        """Whether ``verb`` is an :attr:`undergo_verbs` entry for the event ``noun`` it governs; the
        other words of a phrase ("faire face à") hang on the verb or on the noun."""
        lemma = self.normalize(verb.lemma_)
        around = [*verb.children, *noun.children]
        return any(
            words[0] == lemma and all(any(self.normalize(c.lemma_) == word for c in around) for word in words[1:])
            for words in self.undergo_verbs
        )

    @property
    def types(self) -> frozenset[str]:
        """The event types that at least one trigger signals (before future or impact shifts)."""
        return frozenset(t.type for t in self.triggers)

    def normalize(self, lemma: str) -> str:
        """A spaCy lemma (or a phrase) as the tables store it: folded, lower case, aliases applied."""
        # The coder asks for the same few thousand lemmas again and again: remember them.
        found = self._normalized.get(lemma)
        if found is None:
            found = " ".join(self.aliases.get(word, word) for word in _fold(lemma).split(" ") if word)
            if len(self._normalized) < _NORMALIZED_CACHE:
                self._normalized[lemma] = found
        return found

    def lookup(self, lemma: str, pos: str, *, rewrite: bool = True) -> tuple[Trigger, ...]:
        """The single-word senses of ``lemma`` with part of speech ``pos`` (spaCy's tag).

        Entries with ``pos: any`` match every tag; PROPN is read as NOUN and AUX
        as VERB. When no entry has the lemma and ``rewrite`` is true, the file's
        ``lemma_rewrites`` are tried against entries of their POS ("reproché"
        NOUN -> "reprocher" VERB, "Rockets" PROPN -> "rocket" NOUN); such guesses
        are less sure than a direct hit.
        """
        key = self.normalize(lemma)
        tag = _POS_READ_AS.get(pos, pos)
        found = self._single.get((key, tag), ()) + self._single.get((key, "any"), ())
        if found or not rewrite or key in self._lemmas:
            return found
        for suffix, replacement, rewrite_pos in self.rewrites:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                other = key[: -len(suffix)] + replacement
                found = self._single.get((other, rewrite_pos), ()) + self._single.get((other, "any"), ())
                if found:
                    return found
        return ()

    def phrases_starting(self, lemma: str) -> tuple[Trigger, ...]:
        """The phrase triggers whose first word is ``lemma``."""
        return tuple(trigger for _, trigger in self._phrases.get(self.normalize(lemma), ()))

    def two_word_phrases(self, lemma: str) -> tuple[tuple[str, Trigger], ...]:
        """The two-word phrase triggers whose first word is the normalized ``lemma``: (second word, trigger)."""
        return tuple((words[1], trigger) for words, trigger in self._phrases.get(lemma, ()) if len(words) == 2)

    def phrases_at(self, lemmas: Sequence[str], start: int) -> tuple[PhraseMatch, ...]:
        """The phrase triggers that match normalized ``lemmas`` from position ``start``, longest first."""
        if not 0 <= start < len(lemmas):
            return ()
        found: dict[int, PhraseMatch] = {}
        for words, trigger in self._phrases.get(lemmas[start], ()):
            positions = _match(words, lemmas, start, self.phrase_gap)
            if positions is not None and id(trigger) not in found:
                found[id(trigger)] = PhraseMatch(trigger, positions)
        return tuple(sorted(found.values(), key=lambda m: (-len(m.trigger.words), m.positions[-1])))

    def select(self, senses: Iterable[Trigger], context: Collection[str]) -> tuple[Trigger, ...]:
        """The senses that ``context`` accepts; gated senses whose need is met win over the default."""
        accepted = [sense for sense in senses if sense.accepts(context)]
        gated = [sense for sense in accepted if sense.is_gated]
        return tuple(gated or accepted)

    def mode_for(self, trigger: Trigger, event_type: str, context: Sequence[str]) -> str | None:
        """The mode of an event of ``event_type`` signalled by ``trigger``, given normalized context lemmas.

        ``event_type`` is the trigger's type, or the type it shifted to
        (:meth:`Trigger.type_for`): then the trigger's own mode no longer
        applies and only cues of the new type count.
        """
        if not plover_modes().get(event_type):
            return None
        own_type = event_type == trigger.type
        if own_type and trigger.mode is not None:
            return trigger.mode
        for cue in self.mode_cues.get(event_type, ()):
            if cue.terms.found_in(context, self.phrase_gap):
                return cue.mode
        return trigger.default_mode if own_type else None


@dataclass(frozen=True, slots=True)
class MorphologyCue:
    """A spaCy morphological feature (``Mood=Cnd``) and when it marks a modality."""

    feature: str
    value: str
    when: str


@dataclass(frozen=True, slots=True)
class CueSet:
    """What marks one modality (see the top of ``modality.yml``)."""

    markers: Terms
    """``words`` and ``phrases`` of the file."""
    governors: Terms
    exceptions: Terms
    morphology: tuple[MorphologyCue, ...]


@dataclass(frozen=True, slots=True)
class AttributionCues:
    """What credits a source: markers ("selon", "according to"), verbs, source nouns, agencies."""

    markers: Terms
    verbs: Terms
    source_nouns: Terms
    responsibility: Terms
    agencies: tuple[str, ...]
    """As written in text ("AFP", "Shafaq News"), longest first."""

    def is_agency(self, name: str) -> bool:
        """Whether ``name`` is one of :attr:`agencies`, ignoring case."""
        return _fold(name) in {_fold(agency) for agency in self.agencies}


@dataclass(frozen=True, slots=True)
class ModalityCues:
    """The validated modality and attribution cues of one language."""

    language: str
    source: str
    negated: CueSet
    hypothetical: CueSet
    future: CueSet
    alleged: CueSet
    attribution: AttributionCues

    def cues(self, modality: str) -> CueSet:
        """The cues of ``modality`` (any of :data:`MODALITIES` but ``asserted``)."""
        if modality not in MODALITIES[:-1]:
            raise ValueError(f"{modality!r} is not one of {', '.join(MODALITIES[:-1])}")
        cues: CueSet = getattr(self, modality)
        return cues


# ------------------------------------------------------------------ parsing


class _Reader:
    """Checks of raw YAML values that name the file and the entry in their errors."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> DataError:
        return DataError(f"{self.source}: {where}: {message}")

    def mapping(self, value: Any, where: str, keys: frozenset[str], required: frozenset[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a mapping, found {type(value).__name__}")
        unknown = sorted(str(k) for k in value if k not in keys)
        if unknown:
            raise self.fail(where, f"unknown key {', '.join(map(repr, unknown))} (allowed: {', '.join(sorted(keys))})")
        missing = sorted(required - value.keys())
        if missing:
            raise self.fail(where, f"missing key {', '.join(map(repr, missing))}")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"expected a non-empty string, found {value!r}")
        return value

    def strings(self, value: Any, where: str, *, single: bool | None = None) -> list[str]:
        """A list of non-empty strings without duplicates; ``single`` demands one word (True) or several (False)."""
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list, found {type(value).__name__}")
        seen: set[str] = set()
        out = []
        for i, item in enumerate(value):
            text = self.text(item, f"{where}[{i}]")
            key = _fold(text)
            if key in seen:
                raise self.fail(f"{where}[{i}]", f"{text!r} is listed twice")
            seen.add(key)
            words = len(key.split(" "))
            if single is True and words > 1:
                raise self.fail(f"{where}[{i}]", f"{text!r} must be one lemma (phrases go under 'phrases')")
            if single is False and words < 2:
                raise self.fail(f"{where}[{i}]", f"{text!r} is one word (single words go under 'words')")
            out.append(text)
        return out

    def type_name(self, value: Any, where: str) -> str:
        if value not in plover_modes():
            raise self.fail(where, f"{value!r} is not a PLOVER type ({', '.join(plover_modes())})")
        return str(value)

    def mode_name(self, value: Any, type_: str, where: str) -> str:
        modes = plover_modes()[type_]
        if value not in modes:
            allowed = ", ".join(modes) if modes else "none: use null"
            raise self.fail(where, f"{value!r} is not a mode of {type_} (modes: {allowed})")
        return str(value)


def _normalizer(aliases: Mapping[str, str]) -> Callable[[str], str]:
    def normalize(text: str) -> str:
        return " ".join(aliases.get(word, word) for word in _fold(text).split(" ") if word)

    return normalize


def _terms(items: Iterable[str], normalize: Callable[[str], str]) -> Terms:
    words: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    for item in items:
        key = normalize(item)
        parts = tuple(key.split(" "))
        for variant in _variants(parts):
            if len(variant) == 1:
                words.add(variant[0])
            elif variant not in phrases:
                phrases.append(variant)
    return Terms(frozenset(words), tuple(phrases))


def _parse_trigger(raw: Any, reader: _Reader, where: str, normalize: Callable[[str], str]) -> Trigger:
    entry = reader.mapping(raw, where, _TRIGGER_KEYS, _TRIGGER_REQUIRED)
    lemma = normalize(reader.text(entry["lemma"], f"{where}.lemma"))
    where = f"{where} ({lemma!r})"
    pos = entry["pos"]
    if pos not in POS_TAGS:
        raise reader.fail(where, f"pos {pos!r} is not one of {', '.join(sorted(POS_TAGS))}")
    type_ = reader.type_name(entry["type"], where)
    mode = None if entry["mode"] is None else reader.mode_name(entry["mode"], type_, where)
    default_mode = entry.get("default_mode")
    if default_mode is not None:
        if mode is not None:
            raise reader.fail(where, "default_mode is only for entries whose mode is null")
        default_mode = reader.mode_name(default_mode, type_, f"{where} default_mode")
    weight = entry.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 1:
        raise reader.fail(where, f"weight must be a number in (0, 1], found {weight!r}")
    needs = frozenset(normalize(w) for w in reader.strings(entry.get("needs", []), f"{where} needs", single=True))
    not_with = frozenset(
        normalize(w) for w in reader.strings(entry.get("not_with", []), f"{where} not_with", single=True)
    )
    if needs & not_with:
        raise reader.fail(where, f"{', '.join(sorted(needs & not_with))} both needed and excluded")
    role = entry.get("role")
    if role is not None and role not in ROLES:
        raise reader.fail(where, f"role {role!r} is not one of {', '.join(sorted(ROLES))}")
    shifts: dict[str, str | None] = {}
    for key in ("if_future", "if_impact"):
        value = entry.get(key)
        if value is not None:
            value = reader.type_name(value, f"{where} {key}")
            if value == type_:
                raise reader.fail(where, f"{key} {value} is the entry's own type")
        shifts[key] = value
    if_future = shifts["if_future"] if "if_future" in entry else FUTURE_TYPES.get(type_)
    flags: dict[str, bool] = {}
    for key in ("active_only", "deadline_only"):
        value = entry.get(key, False)
        if not isinstance(value, bool):
            raise reader.fail(where, f"{key} must be true or false, found {value!r}")
        flags[key] = value
    return Trigger(
        lemma=lemma,
        words=tuple(lemma.split(" ")),
        pos=pos,
        type=type_,
        mode=mode,
        default_mode=default_mode,
        weight=float(weight),
        needs=needs,
        not_with=not_with,
        role=role,
        if_future=if_future,
        if_impact=shifts["if_impact"],
        deadline_only=flags["deadline_only"],
        active_only=flags["active_only"],
        source=f"{reader.source}: {where}",
    )


def _check_senses(triggers: Sequence[Trigger]) -> None:
    """Senses of one lemma that overlap in POS: no exact duplicates, and at most one default sense."""
    by_lemma: dict[str, list[Trigger]] = {}
    for trigger in triggers:
        by_lemma.setdefault(trigger.lemma, []).append(trigger)
    for lemma, senses in by_lemma.items():
        for i, first in enumerate(senses):
            for second in senses[i + 1 :]:
                if first.pos != second.pos and "any" not in (first.pos, second.pos):
                    continue
                if (first.type, first.mode, first.needs) == (second.type, second.mode, second.needs):
                    raise DataError(f"{second.source}: repeats {first.source}")
                if (first.type, first.mode) != (second.type, second.mode) and not (first.needs or second.needs):
                    raise DataError(
                        f"{second.source}: {lemma!r} is already {first.type} {first.mode or ''} "
                        f"({first.source}); a second sense needs 'needs' to say when it applies"
                    )


def parse_lexicon(data: Any, source: str, language: str) -> Lexicon:
    """Validate the parsed ``events.yml`` of ``language`` and build its lookup tables."""
    reader = _Reader(source)
    raw = reader.mapping(data, "top level", _EVENTS_KEYS, _EVENTS_KEYS)

    aliases_raw = raw["lemma_aliases"] or {}
    if not isinstance(aliases_raw, dict):
        raise reader.fail("lemma_aliases", "expected a mapping of spaCy lemma to lemma")
    aliases: dict[str, str] = {}
    for key, value in aliases_raw.items():
        where = f"lemma_aliases[{key!r}]"
        aliases[_fold(reader.text(key, where))] = _fold(reader.text(value, where))
    normalize = _normalizer(aliases)

    rewrites_raw = raw["lemma_rewrites"] or []
    if not isinstance(rewrites_raw, list):
        raise reader.fail("lemma_rewrites", "expected a list")
    rewrites = []
    keys = frozenset({"suffix", "replace", "pos"})
    for i, item in enumerate(rewrites_raw):
        where = f"lemma_rewrites[{i}]"
        entry = reader.mapping(item, where, keys, keys)
        replacement, rewrite_pos = entry["replace"], entry["pos"]
        if not isinstance(replacement, str):
            raise reader.fail(where, f"replace must be a string, found {replacement!r}")
        if rewrite_pos not in POS_TAGS - {"any"}:
            raise reader.fail(where, f"pos {rewrite_pos!r} is not one of {', '.join(sorted(POS_TAGS - {'any'}))}")
        rewrites.append((_fold(reader.text(entry["suffix"], where)), _fold(replacement), str(rewrite_pos)))

    gap = raw["phrase_gap"]
    if isinstance(gap, bool) or not isinstance(gap, int) or not 0 <= gap <= _MAX_GAP:
        raise reader.fail("phrase_gap", f"must be a whole number from 0 to {_MAX_GAP}, found {gap!r}")

    support = tuple(tuple(normalize(v).split(" ")) for v in reader.strings(raw["support_verbs"], "support_verbs"))
    impact = frozenset(normalize(v) for v in reader.strings(raw["impact_cues"], "impact_cues", single=True))
    report = frozenset(normalize(v) for v in reader.strings(raw["report_verbs"], "report_verbs", single=True))
    weapons = frozenset(normalize(v) for v in reader.strings(raw["weapons"], "weapons", single=True))
    undergo = tuple(tuple(normalize(v).split(" ")) for v in reader.strings(raw["undergo_verbs"], "undergo_verbs"))

    if not isinstance(raw["triggers"], list) or not raw["triggers"]:
        raise reader.fail("triggers", "expected a non-empty list of entries")
    triggers = tuple(
        _parse_trigger(entry, reader, f"triggers[{i}]", normalize) for i, entry in enumerate(raw["triggers"])
    )
    _check_senses(triggers)

    mode_cues = _parse_mode_cues(raw["mode_cues"], reader, normalize)

    single: dict[tuple[str, str], list[Trigger]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], Trigger]]] = {}
    for trigger in triggers:
        variants = _variants(trigger.words)
        if not trigger.is_phrase:
            single.setdefault((trigger.lemma, trigger.pos), []).append(trigger)
        for words in variants:
            if len(words) > 1:
                phrases.setdefault(words[0], []).append((words, trigger))
    return Lexicon(
        language=language,
        source=source,
        triggers=triggers,
        support_verbs=support,
        report_verbs=report,
        undergo_verbs=undergo,
        weapons=weapons,
        impact_cues=impact,
        mode_cues=MappingProxyType(mode_cues),
        aliases=MappingProxyType(aliases),
        rewrites=tuple(rewrites),
        phrase_gap=gap,
        _single=MappingProxyType({key: tuple(value) for key, value in single.items()}),
        _phrases=MappingProxyType({key: tuple(value) for key, value in phrases.items()}),
        _lemmas=frozenset(t.lemma for t in triggers if not t.is_phrase),
        _support_verb_heads=frozenset(words[0] for words in support),
        _frame_verbs=frozenset(t.lemma for t in triggers if t.role == "frame" and t.pos == "VERB" and not t.is_phrase),
    )


def _parse_mode_cues(value: Any, reader: _Reader, normalize: Callable[[str], str]) -> dict[str, tuple[ModeCue, ...]]:
    if not isinstance(value, dict):
        raise reader.fail("mode_cues", "expected a mapping of PLOVER type to modes")
    cues: dict[str, tuple[ModeCue, ...]] = {}
    for type_, modes in value.items():
        type_ = reader.type_name(type_, "mode_cues")
        if not plover_modes()[type_]:
            raise reader.fail(f"mode_cues.{type_}", f"{type_} has no modes")
        if not isinstance(modes, dict) or not modes:
            raise reader.fail(f"mode_cues.{type_}", "expected a mapping of mode to lemmas")
        entries = []
        for mode, items in modes.items():
            where = f"mode_cues.{type_}.{mode}"
            mode = reader.mode_name(mode, type_, where)
            terms = _terms(reader.strings(items, where), normalize)
            if not terms:
                raise reader.fail(where, "no cues")
            entries.append(ModeCue(mode, terms))
        cues[type_] = tuple(entries)
    return cues


def _parse_cue_set(value: Any, reader: _Reader, where: str, normalize: Callable[[str], str]) -> CueSet:
    raw = reader.mapping(value, where, _CUE_KEYS, _CUE_KEYS)
    words = reader.strings(raw["words"], f"{where}.words", single=True)
    phrases = reader.strings(raw["phrases"], f"{where}.phrases", single=False)
    morphology = []
    if not isinstance(raw["morphology"], list):
        raise reader.fail(f"{where}.morphology", "expected a list")
    for i, item in enumerate(raw["morphology"]):
        at = f"{where}.morphology[{i}]"
        entry = reader.mapping(item, at, frozenset({"feature", "when"}), frozenset({"feature", "when"}))
        feature = reader.text(entry["feature"], at)
        if _FEATURE.match(feature) is None:
            raise reader.fail(at, f"feature {feature!r} is not a spaCy feature such as 'Mood=Cnd'")
        if entry["when"] not in MORPHOLOGY_WHEN:
            raise reader.fail(at, f"when {entry['when']!r} is not one of {', '.join(sorted(MORPHOLOGY_WHEN))}")
        name, _, feature_value = feature.partition("=")
        morphology.append(MorphologyCue(name, feature_value, str(entry["when"])))
    return CueSet(
        markers=_terms([*words, *phrases], normalize),
        governors=_terms(reader.strings(raw["governors"], f"{where}.governors"), normalize),
        exceptions=_terms(reader.strings(raw["exceptions"], f"{where}.exceptions"), normalize),
        morphology=tuple(morphology),
    )


def parse_modality_cues(data: Any, source: str, language: str, aliases: Mapping[str, str]) -> ModalityCues:
    """Validate the parsed ``modality.yml`` of ``language``; ``aliases`` are those of its ``events.yml``."""
    reader = _Reader(source)
    normalize = _normalizer(aliases)
    raw = reader.mapping(data, "top level", _MODALITY_KEYS, _MODALITY_KEYS)
    sets = {name: _parse_cue_set(raw[name], reader, name, normalize) for name in MODALITIES[:-1]}
    attribution = reader.mapping(raw["attribution"], "attribution", _ATTRIBUTION_KEYS, _ATTRIBUTION_KEYS)
    terms = {
        key: _terms(reader.strings(attribution[key], f"attribution.{key}"), normalize)
        for key in ("markers", "verbs", "source_nouns", "responsibility")
    }
    agencies = reader.strings(attribution["agencies"], "attribution.agencies")
    return ModalityCues(
        language=language,
        source=source,
        negated=sets["negated"],
        hypothetical=sets["hypothetical"],
        future=sets["future"],
        alleged=sets["alleged"],
        attribution=AttributionCues(
            markers=terms["markers"],
            verbs=terms["verbs"],
            source_nouns=terms["source_nouns"],
            responsibility=terms["responsibility"],
            agencies=tuple(sorted(agencies, key=lambda name: (-len(name), name))),
        ),
    )


def _read(language: str, name: str) -> tuple[Any, str]:
    source = f"veille/lang/{language}/{name}"
    data = lang.load(language, name)
    if data is None:
        raise DataError(f"{source}: missing; every language folder needs {name} (see veille/lang/en/{name})")
    return data, source


@functools.cache
def load_lexicon(language: str) -> Lexicon:
    """The trigger lexicon of ``language``, read and validated once per process."""
    data, source = _read(language, EVENTS_FILE)
    return parse_lexicon(data, source, language)


@functools.cache
def load_modality_cues(language: str) -> ModalityCues:
    """The modality and attribution cues of ``language``, read and validated once per process."""
    data, source = _read(language, MODALITY_FILE)
    return parse_modality_cues(data, source, language, load_lexicon(language).aliases)
