"""Who took part in an event, where and when: arguments read off the dependency parse.

The parser is often wrong on long news sentences, so every rule here reads
the parse loosely: it walks up from the trigger to the predicate that
governs it, takes that predicate's subject (or a passive agent) as the
actor and its objects and target phrases as recipients, and maps the words
it found to the actors, places and times the understanding stages already
found in the text. A subject pronoun takes the last actor that was the
subject of a clause before it.

The prepositions and pronouns of each language are data:
``veille/lang/<code>/syntax.yml``.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from veille import lang
from veille.errors import DataError
from veille.model import Actor, Argument, Article, Mention, Place, PlaceRef, Span, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = [
    "ArticleIndex",
    "Participants",
    "Syntax",
    "addressees",
    "agents_within",
    "clause_span",
    "compound_head",
    "governing_predicate",
    "is_passive",
    "launched_weapon",
    "phrase_span",
    "place_phrases",
    "remember_subjects",
    "shown_to",
    "syntax",
    "weapon_owners",
]

# Dependents that start a clause of their own: a phrase stops there.
_CLAUSAL = frozenset({"acl", "acl:relcl", "relcl", "advcl", "ccomp", "parataxis", "csubj", "xcomp", "conj"})
_SUBJECT = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJECT = frozenset({"nsubj:pass", "nsubjpass"})
_OBJECT = frozenset({"obj", "dobj", "iobj", "obl:arg", "dative", "attr"})
_OBLIQUE = frozenset({"obl", "obl:mod", "nmod", "prep", "obl:agent", "agent", "advmod"})
# A clause that takes its subject from the clause it hangs on: an infinitive
# or participle complement, a coordinated verb, a gerund ("en lançant").
_CONTROL = frozenset({"xcomp", "conj", "advcl", "acl"})
_NONFINITE = frozenset({"Inf", "Part", "Ger"})
_PASSIVE_AUXILIARIES = frozenset({"être", "be", "get"})


@dataclass(frozen=True, slots=True)
class Syntax:
    """A language's prepositions and pronouns (``syntax.yml``)."""

    recipient_prepositions: frozenset[str]
    agent_prepositions: frozenset[str]
    noun_agent_prepositions: frozenset[str]
    possessive_prepositions: frozenset[str]
    between_prepositions: frozenset[str]
    with_prepositions: frozenset[str]
    display_prepositions: frozenset[str]
    origin_prepositions: frozenset[str]
    preposition_nouns: frozenset[str]
    addressee_prepositions: frozenset[str]
    pronouns: frozenset[str]
    person_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    ownership_participles: frozenset[str]
    destination_prepositions: frozenset[str]
    argument_prepositions: frozenset[str]
    event_anaphors: frozenset[str]
    possessive_pronouns: frozenset[str]


@functools.cache
def syntax(language: str) -> Syntax:
    """The syntax cues of ``language``, loaded once."""
    data = lang.load(language, "syntax.yml")
    if not isinstance(data, dict):
        raise DataError(f"no veille/lang/{language}/syntax.yml: add it to code events in {language!r}")
    values: dict[str, frozenset[str]] = {}
    for key in Syntax.__dataclass_fields__:
        words = data.get(key)
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise DataError(f"veille/lang/{language}/syntax.yml: {key!r} must be a list of words")
        values[key] = frozenset(w.casefold() for w in words)
    return Syntax(**values)


def governing_predicate(token: Token, max_hops: int = 4) -> Token:
    """The verb whose clause the trigger belongs to: itself for a verb; for a noun, the verb it hangs on."""
    current = token
    for _ in range(max_hops):
        if current.pos_ in ("VERB", "AUX") or current.dep_ == "ROOT" or current.head is current:
            return current
        current = current.head
    return current if current.pos_ in ("VERB", "AUX") else token


def _preposition(token: Token) -> str | None:
    """The preposition introducing ``token``'s phrase: a ``case`` child (UD) or the ``prep`` head (English)."""
    for child in token.children:
        if child.dep_ == "case" or (child.dep_ == "mark" and child.pos_ == "ADP"):
            return str(child.lower_)
    if token.dep_ == "pobj" and token.head.dep_ in ("prep", "agent"):
        return str(token.head.lower_)
    return None


def phrase_span(token: Token) -> Span:
    """Characters of ``token``'s phrase: its subtree without the clauses that hang on it."""
    start, end = token.idx, token.idx + len(token)
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.dep_ in _CLAUSAL and child.dep_ != "conj":
                continue
            start = min(start, child.idx)
            end = max(end, child.idx + len(child))
            stack.append(child)
    return Span(start, end)


def clause_span(predicate: Token) -> Span:
    """Characters of the predicate's clause, within its sentence."""
    sent = predicate.sent
    tokens = list(predicate.subtree)
    start = max(min(t.idx for t in tokens), sent.start_char)
    end = min(max(t.idx + len(t) for t in tokens), sent.end_char)
    return Span(start, end)


_LONGEST_NAME = 200
"""Characters an actor's name may run to: how far back :meth:`ArticleIndex.within_name` looks."""


class ArticleIndex:
    """The article's actor, place and time mentions, searchable by character range."""

    def __init__(self, article: Article) -> None:
        actor_mentions = [(m, a) for a in article.actors for m in a.mentions]
        actor_mentions.sort(key=lambda pair: pair[0].span.start)
        self.actors = actor_mentions
        self._actor_starts = [m.span.start for m, _ in actor_mentions]
        place_mentions = [(m, p) for p in article.places for m in p.mentions]
        place_mentions.sort(key=lambda pair: pair[0].span.start)
        self.places = place_mentions
        self.times = sorted(article.times, key=lambda t: t.span.start)
        self._subjects: list[tuple[int, Actor, Mention]] = []

    def actors_in(self, span: Span) -> list[Argument]:
        """Actor mentions inside ``span``, in text order, one per actor."""
        found: dict[int, Argument] = {}
        for argument in self.mentions_in(span):
            found.setdefault(id(argument.actor), argument)
        return list(found.values())

    def mentions_in(self, span: Span) -> list[Argument]:
        """Every actor mention inside ``span``, in text order (an actor named twice comes twice)."""
        i = bisect.bisect_left(self._actor_starts, span.start)
        found: list[Argument] = []
        while i < len(self.actors) and self.actors[i][0].span.start < span.end:
            mention, actor = self.actors[i]
            if mention.span.end <= span.end:
                found.append(Argument(actor, mention))
            i += 1
        return found

    def within_name(self, span: Span) -> bool:
        """Whether ``span`` lies inside the longer name of a named (not generic) actor: the "soutien"
        of "Forces de soutien rapide", the "Resistance" of "Islamic Resistance in Iraq"."""
        i = bisect.bisect_right(self._actor_starts, span.start)
        while i > 0:
            i -= 1
            mention, actor = self.actors[i]
            if mention.span.end <= span.start:
                if mention.span.start < span.start - _LONGEST_NAME:
                    return False
                continue
            inside = mention.span.end >= span.end and mention.span.end - mention.span.start > span.end - span.start
            if inside and actor.kind != "generic":
                return True
        return False

    def places_in(self, span: Span) -> list[PlaceRef]:
        found: dict[int, PlaceRef] = {}
        for mention, place in self.places:
            if span.start <= mention.span.start and mention.span.end <= span.end and id(place) not in found:
                found[id(place)] = PlaceRef(place, mention)
        return list(found.values())

    def times_in(self, span: Span, kinds: Iterable[str] = ("date",)) -> list[TimeValue]:
        wanted = set(kinds)
        return [t for t in self.times if t.kind in wanted and span.start <= t.span.start and t.span.end <= span.end]

    def remember_subject(self, offset: int, argument: Argument) -> None:
        """Record that ``argument`` was the subject of a clause at ``offset`` (for later pronouns); once."""
        row = (offset, argument.actor, argument.mention)
        i = bisect.bisect_left(self._subjects, offset, key=lambda r: r[0])
        while i < len(self._subjects) and self._subjects[i][0] == offset:
            if self._subjects[i][1] is argument.actor:
                return
            i += 1
        bisect.insort(self._subjects, row, key=lambda r: r[0])

    def antecedent(self, offset: int, plural: bool = False, person: bool = False) -> Argument | None:
        """The last clause subject before ``offset``: what "ils", "they" most likely refers to.

        A plural pronoun does not refer back to a single person; a personal
        one ("he", "she") refers back to a person only.
        """
        i = bisect.bisect_left(self._subjects, offset, key=lambda row: row[0])
        while i > 0:
            _, actor, mention = self._subjects[i - 1]
            if not (plural and actor.kind == "person") and not (person and actor.kind != "person"):
                return Argument(actor, mention)
            i -= 1
        return None


def _arguments_of(token: Token, index: ArticleIndex, cues: Syntax) -> list[Argument]:
    """The actors a phrase names; a pronoun takes its antecedent, a relative pronoun its noun."""
    if token.lower_ in cues.relative_pronouns and token.head.dep_ in ("acl:relcl", "relcl", "acl"):
        return _arguments_of(token.head.head, index, cues)
    if token.pos_ == "PRON" and token.lower_ in cues.pronouns:
        plural = "Plur" in token.morph.get("Number", [])
        found = index.antecedent(token.idx, plural=plural, person=token.lower_ in cues.person_pronouns)
        return [found] if found is not None else []
    inside = index.actors_in(phrase_span(token))
    if len(inside) <= 1:
        return inside
    # "Iranian-backed militias", "les milices de la Résistance": the phrase's head names
    # the participant; the other names inside it only describe it. Coordinated heads
    # ("les États-Unis et l'Irak") each name one.
    heads = [token, *(c for c in token.children if c.dep_ == "conj")]
    chosen = [a for a in inside if any(a.mention.span.start <= h.idx < a.mention.span.end for h in heads)]
    return chosen or inside[:1]


def _subject_arguments(subject: Token, index: ArticleIndex, cues: Syntax) -> tuple[list[Argument], list[Argument]]:
    """The actors a subject names, and apart from them those of its noun's target phrases: in "an
    airstrike on a UN-run school killed 27" or "les manifestants contre le gouvernement ont défilé",
    what comes after "on"/"contre" is the target, not the one who acts. A subject that names no
    actor but has a possessive ("its aircraft") stands for what the possessive refers back to."""
    found = _arguments_of(subject, index, cues)
    if subject.pos_ == "NOUN" and not found:
        # "its aircraft had targeted", "ses soldats ont tiré": the owner a possessive refers back to.
        owner = next((c for c in subject.children if c.lower_ in cues.possessive_pronouns and c.i < subject.i), None)
        antecedent = index.antecedent(owner.idx) if owner is not None else None
        return ([antecedent] if antecedent is not None else []), []
    if subject.pos_ != "NOUN":
        return found, []
    targets = [phrase_span(t) for t in _targets(subject, cues, objects=False)]
    aimed = [a for a in found if any(t.start <= a.mention.span.start < t.end for t in targets)]
    return [a for a in found if a not in aimed], aimed


@dataclass(slots=True)
class Participants:
    """The actors and recipients found for one trigger; ``partners`` are the actors named as the
    other party of a mutual event ("talks *with the U.S.*")."""

    actors: list[Argument]
    recipients: list[Argument]
    partners: list[Argument] = field(default_factory=list)


def _children(token: Token, deps: frozenset[str]) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ in deps:
            yield child


def _subject(predicate: Token, cues: Syntax, hops: int = 3) -> tuple[Token | None, bool]:
    """The subject of ``predicate`` (or of the clause that controls it), and whether it is a passive subject."""
    current = predicate
    for _ in range(hops):
        for child in current.children:
            if child.dep_ in _SUBJECT:
                return child, False
            if child.dep_ in _PASSIVE_SUBJECT:
                return child, not _pronominal(current)
        counted = _counted_subject(current)
        if counted is not None:
            return counted, _voice(current)[0]
        if current.dep_ in ("acl:relcl", "relcl") and current.head is not current:
            return current.head, False
        if current.dep_ not in _CONTROL or current.head is current:
            break
        if current.dep_ in ("advcl", "acl") and not _nonfinite(current):
            break
        current = current.head
    return None, False


def _counted_subject(verb: Token) -> Token | None:
    """The noun of a counted subject the parser hung on its quantity adverb: "*Plus de 200
    manifestants* ont été arrêtés" parsed as "plus" (advmod of the verb) over "manifestants"."""
    for child in verb.children:
        if child.dep_ == "advmod" and child.i < verb.i:
            noun = next((g for g in child.children if g.pos_ == "NOUN" and g.dep_ in ("obl:arg", "nmod", "obl")), None)
            if noun is not None:
                return noun
    return None


def _nonfinite(verb: Token) -> bool:
    """An infinitive, participle or gerund with no auxiliary that makes it a finite tense ("a répondu")."""
    if not set(verb.morph.get("VerbForm", [])) & _NONFINITE:
        return False
    return not any(c.dep_.startswith("aux") and "Fin" in c.morph.get("VerbForm", []) for c in verb.children)


def _voice(verb: Token) -> tuple[bool, bool]:
    """Whether a verb is a past participle read as a passive, and whether it has no auxiliary.

    A passive has "être"/"be" ("est reçu"), an agent ("reçu par"), or hangs
    bare on a noun ("le ministre, reçu à l'Élysée", "the men wounded").
    """
    if verb.pos_ != "VERB" or "Part" not in verb.morph.get("VerbForm", []) or "Past" not in verb.morph.get("Tense", []):
        return False, False
    auxiliaries = [c for c in verb.children if c.dep_.startswith("aux")]
    passive = (
        (any(c.lemma_.casefold() in _PASSIVE_AUXILIARIES for c in auxiliaries) and not _pronominal(verb))
        or any(c.dep_ in ("obl:agent", "agent") for c in verb.children)
        or (verb.dep_ == "acl" and not auxiliaries)
    )
    return passive, passive and not auxiliaries


_REFLEXIVE_DEPS = frozenset({"expl:comp", "expl:pv", "expl:pass", "obj", "iobj"})


def _pronominal(verb: Token) -> bool:
    """A French pronominal verb ("les troupes *se sont retirées*"): "être" there is the tense
    auxiliary and the subject acts, though the parser may mark the subject and the verb passive."""
    return any(c.dep_ in _REFLEXIVE_DEPS and "Yes" in c.morph.get("Reflex", []) for c in verb.children)


def _passive_participle(verb: Token) -> bool:
    """A past participle read as a passive (see :func:`_voice`)."""
    return _voice(verb)[0]


def is_passive(verb: Token) -> bool:
    """Whether a verb is a passive or a past participle describing a noun ("stationed in Erbil")."""
    return _voice(verb)[0]


def _bare_participle(verb: Token) -> bool:
    """A passive past participle with no auxiliary ("les civils tués", "the men wounded")."""
    return _voice(verb)[1]


def _agent(predicate: Token, cues: Syntax) -> Token | None:
    """The agent of a passive: "tués par des jihadistes", "killed by gunmen"; of an event noun
    where the language marks one ("a proposal by Putin")."""
    prepositions = cues.noun_agent_prepositions if predicate.pos_ in ("NOUN", "PROPN") else cues.agent_prepositions
    for child in predicate.children:
        if child.dep_ == "obl:agent":
            return child
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in prepositions):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
        if child.dep_ in _OBLIQUE and _preposition(child) in prepositions:
            return child
    return None


def _proposed_partners(noun: Token, cues: Syntax) -> Iterator[Token]:
    """The other party of what an event noun's clause proposes: "a proposal by Putin to resume
    negotiations *with Ukraine*"."""
    for clause in noun.children:
        if clause.dep_ not in ("acl", "xcomp"):
            continue
        for token in clause.subtree:
            if token is not clause and token.dep_ in _CLAUSAL - {"conj"}:
                continue
            yield from _complements(token, cues.with_prepositions)


def _targets(head: Token, cues: Syntax, *, objects: bool) -> Iterator[Token]:
    """Objects (when ``objects``) and target phrases ("contre X", "on X") of ``head``; not the
    phrases that make a compound preposition ("à la suite de X", "on behalf of X")."""
    for child in head.children:
        if objects and child.dep_ in _OBJECT:
            yield child
        elif child.dep_ in _OBLIQUE or child.dep_ == "pobj":
            prep = _preposition(child)
            if prep in cues.recipient_prepositions and child.lemma_.casefold() not in cues.preposition_nouns:
                yield child
            if objects and prep is None and child.dep_ == "obl:mod":
                # "a appelé mercredi les factions à la retenue": the parser hangs the object on the
                # bare time phrase before it; a bare noun there is the object.
                yield from (g for g in child.children if g.dep_ == "nmod" and g.i > child.i and _preposition(g) is None)
        if child.dep_ == "prep" and child.lower_ in cues.recipient_prepositions:
            yield from (
                g for g in child.children if g.dep_ == "pobj" and g.lemma_.casefold() not in cues.preposition_nouns
            )


def place_phrases(trigger: Token, prepositions: frozenset[str], *, objects: bool = False) -> Iterator[Token]:
    """The phrases of the trigger (and of the verb an event noun hangs on) introduced by one of
    ``prepositions``: where a visit goes ("se rendra *en* Turquie", "a trip *to* China"), what a
    withdrawal leaves ("se sont retirées *du* Mali"); with ``objects``, the object too ("visited
    Kyiv")."""
    predicate = governing_predicate(trigger)
    for head in dict.fromkeys((trigger, predicate)):
        for child in head.children:
            named = objects and child.dep_ in ("obj", "dobj") and child.i != trigger.i
            if named or _introduced(child, prepositions):
                yield child
            if child.dep_ == "prep" and child.lower_ in prepositions:
                yield from (g for g in child.children if g.dep_ == "pobj")
            if child.dep_ in _OBLIQUE:
                # The parser hangs "en Chine" on a time phrase before it: "s'est rendu mercredi en Chine".
                yield from (g for g in child.children if g.dep_ == "nmod" and _introduced(g, prepositions))


_INTRODUCED = _OBJECT | _OBLIQUE
_COORDINATED = frozenset({"conj", "cc", "parataxis"})


def _introduced(phrase: Token, prepositions: frozenset[str]) -> bool:
    """Whether ``phrase`` is a complement introduced by one of ``prepositions``."""
    return phrase.dep_ in _INTRODUCED and _preposition(phrase) in prepositions


def compound_head(token: Token) -> Token:
    """The noun ``token`` is (part of) a compound of: "exchange" for the "prisoner" of "a prisoner exchange"."""
    while token.dep_ == "compound" and token.head.i != token.i:
        token = token.head
    return token


def _complements(noun: Token, prepositions: frozenset[str]) -> Iterator[Token]:
    """``noun``'s complements introduced by one of ``prepositions`` ("de X", "of X"), and English possessives."""
    for child in noun.children:
        if child.dep_ in ("nmod", "obl") and _preposition(child) in prepositions:
            yield child
        elif child.dep_ == "prep" and child.lower_ in prepositions:
            yield from (g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ in ("poss", "nmod:poss"):
            yield child


def _argument_of(noun: Token, verb: Token, cues: Syntax) -> bool:
    """Whether ``noun`` (or the noun it is a compound of) is what ``verb``'s argument preposition
    introduces: "agreed *to* a (prisoner) exchange"."""
    noun = compound_head(noun)
    preposition = noun.head
    return (
        noun.dep_ == "pobj"
        and preposition.dep_ == "prep"
        and preposition.head.i == verb.i
        and preposition.lower_ in cues.argument_prepositions
    )


def find_participants(
    trigger: Token,
    role: str | None,
    index: ArticleIndex,
    cues: Syntax,
    support_verbs: frozenset[str] = frozenset(),
    frame_verbs: frozenset[str] = frozenset(),
    object_takes_subject: bool = True,
    reporters: frozenset[str] = frozenset(),
    undergone: bool = False,
) -> Participants:
    """Actors and recipients of the event ``trigger`` names, following its ``role`` (see events.yml).

    A noun trigger takes the subject of the verb it hangs on when that verb
    is a light verb ("lancer une offensive", "carry out strikes"), or when
    the noun is its object and ``object_takes_subject`` (the verb is not an
    event of its own: "a condamné l'attaque" does not make the condemner
    the attacker); otherwise ("évoqué lors de la visite") the noun's own
    complements name its participants. A frame verb's subject is the actor of
    the noun its argument preposition introduces ("Israel and Hezbollah agreed
    *to* a ceasefire"). When ``undergone``, the verb the noun hangs on says its
    subject underwent the event ("a subi des frappes"): the subject is the
    recipient, the noun's complement ("de l'armée") the actor.
    """
    predicate = governing_predicate(trigger)
    actors: list[Argument] = []
    recipients: list[Argument] = []
    nominal = trigger.pos_ in ("NOUN", "PROPN") and predicate is not trigger
    light = nominal and (
        undergone
        or predicate.lemma_.casefold() in support_verbs
        or (trigger.dep_ in ("obj", "dobj") and object_takes_subject)
        or (
            object_takes_subject
            and predicate.lemma_.casefold() in frame_verbs
            and _argument_of(trigger, predicate, cues)
        )
    )
    if nominal and not light:
        predicate = trigger

    subject, passive = _subject(predicate, cues)
    agent = _agent(predicate, cues)
    if trigger.pos_ in ("NOUN", "PROPN") and predicate is trigger:
        subject, passive = None, False
    if nominal and agent is None:
        agent = _agent(trigger, cues)
    if subject is not None and subject.i == trigger.i:
        # "the military drills will be held": the event noun is the subject; its modifiers name its author.
        passive = False
    subject_args, subject_targets = _subject_arguments(subject, index, cues) if subject is not None else ([], [])
    described = predicate.dep_ == "acl" and predicate.head.pos_ in ("NOUN", "PROPN", "PRON")
    if subject is None and described and role != "host_subject" and _bare_participle(predicate):
        # "the three men wounded in the attack", "les civils tués par": the noun undergoes it.
        subject_args, passive = _arguments_of(predicate.head, index, cues), True
    elif subject is None and predicate.pos_ == "VERB" and agent is None:
        subject_args = _preceding_actor(predicate, index, reporters)
    if subject_args and not passive and subject is not None:
        index.remember_subject(subject.idx, subject_args[0])
    agent_args = _arguments_of(agent, index, cues) if agent is not None else []

    object_args: list[Argument] = []
    for target in _targets(predicate, cues, objects=True):
        if target.i == trigger.i:
            continue
        object_args.extend(_arguments_of(target, index, cues))
    if trigger is not predicate:
        for target in _targets(trigger, cues, objects=False):
            object_args.extend(_arguments_of(target, index, cues))

    owner_args: list[Argument] = []
    if trigger.pos_ in ("NOUN", "PROPN"):
        for complement in _complements(trigger, cues.possessive_prepositions):
            owner_args.extend(_arguments_of(complement, index, cues))
    partner_args: list[Argument] = []
    with_args: list[Argument] = []
    for head in {trigger, predicate}:
        for complement in _complements(head, cues.with_prepositions | cues.between_prepositions):
            found = _arguments_of(complement, index, cues)
            partner_args.extend(found)
            if _preposition(complement) in cues.with_prepositions:
                with_args.extend(found)

    if role == "host_subject" and (passive or _passive_participle(predicate)):
        # "l'émir, qui est reçu à l'Élysée", "le Premier ministre, reçu par Biden": the guest is
        # the passive subject (or the noun the participle describes), the host its agent.
        if predicate.dep_ in ("acl", "advcl") and _bare_participle(predicate):
            on_noun = predicate.head.pos_ in ("NOUN", "PROPN")
            guest = _arguments_of(predicate.head, index, cues) if on_noun else []
            # A participle after a comma describes the last actor named before it.
            before = index.mentions_in(Span(predicate.sent.start_char, predicate.idx))
            subject_args = guest or before[-1:] or subject_args
        actors += subject_args
        recipients += agent_args + object_args
    elif role == "host_subject":
        recipients += subject_args
        actors += object_args + owner_args
    elif undergone and light:
        # "Israel suffered rocket attacks from Hezbollah": the noun's source or owner is the actor.
        noun = trigger.head if trigger.dep_ == "compound" else trigger
        sources = _complements(noun, cues.possessive_prepositions | cues.origin_prepositions)
        recipients += subject_args
        actors += [a for t in sources for a in _arguments_of(t, index, cues)] + agent_args
    elif role == "subject_recipient":
        recipients += subject_args + owner_args
        actors += agent_args
    elif role == "mutual":
        actors += subject_args + owner_args + partner_args + object_args
    elif passive:
        recipients += subject_args
        actors += agent_args
        recipients += owner_args if nominal else []
    else:
        actors += subject_args
        if not subject_args and owner_args and trigger.pos_ in ("NOUN", "PROPN"):
            actors += owner_args
        elif owner_args:
            recipients += owner_args
        actors += agent_args
        recipients += object_args or subject_targets
        if nominal and agent_args and not recipients:
            recipients += [a for t in _proposed_partners(trigger, cues) for a in _arguments_of(t, index, cues)]
    kept = _unique(actors)
    return Participants(kept, _unique(recipients, exclude=actors), [a for a in _unique(with_args) if a in kept])


def agents_within(predicate: Token, trigger: Token, index: ArticleIndex, cues: Syntax) -> list[Argument]:
    """Who carries out what the trigger's complement names: the accused or warned party of
    "a dénoncé une guerre menée par Israël", "warned that any attack by the United States"."""
    found: list[Argument] = []
    for child in predicate.children:
        if child.dep_ in _SUBJECT or child.dep_ in _PASSIVE_SUBJECT or child.i == trigger.i:
            continue
        if child.dep_ in _COORDINATED:  # "welcomed the sanctions and urged ... Russia's": another clause
            continue
        for token in child.subtree:
            if token.sent != predicate.sent:
                continue
            agent = _agent(token, cues)
            if agent is not None:
                found.extend(_arguments_of(agent, index, cues))
            if token.pos_ in ("NOUN", "PROPN") and token is not child.head:
                found.extend(
                    argument
                    for complement in token.children
                    if complement.dep_ in ("poss", "nmod:poss")
                    for argument in _arguments_of(complement, index, cues)
                )
    return _unique(found)


_DISPLAY_REACH = 4


def shown_to(trigger: Token, index: ArticleIndex, cues: Syntax) -> Argument | PlaceRef | None:
    """Where a show of force is staged: "drills *near Taiwan*", "des manœuvres *autour de* Taïwan".

    The first country (an actor, or else a place) named just after a
    display preposition that follows the trigger in its sentence.
    """
    sentence = trigger.sent
    for token in sentence[trigger.i - sentence.start + 1 :]:
        if token.lower_ not in cues.display_prepositions:
            continue
        reach = sentence[token.i - sentence.start : token.i - sentence.start + _DISPLAY_REACH + 1]
        span = Span(token.idx, reach.end_char)
        named = [a for a in index.actors_in(span) if a.actor.kind == "country"]
        if named:
            return named[0]
        places = [p for p in index.places_in(span) if p.place.kind == "country"]
        return places[0] if places else None
    return None


def launched_weapon(predicate: Token, weapons: frozenset[str], normalize: Callable[[str], str]) -> Token | None:
    """The weapon that carries out the predicate's event, when a weapon does: its subject ("a
    missile struck"), or the noun an active participle describes ("les missiles ayant visé")."""
    subject = next((c for c in predicate.children if c.dep_ in _SUBJECT), None)
    if subject is None and predicate.dep_ == "acl" and not _bare_participle(predicate):
        subject = predicate.head
    if subject is not None and normalize(subject.lemma_) in weapons:
        return subject
    return None


def weapon_owners(
    weapon: Token, index: ArticleIndex, cues: Syntax
) -> tuple[list[Argument], list[Argument], list[PlaceRef]]:
    """Who fired a weapon, as named in its phrase ("a Houthi missile", "a missile fired by the
    Houthis"), and where it was fired from ("launched *from Yemen*", "tiré *depuis le Liban*"):
    the countries named there as actors, and the places."""
    named = index.actors_in(phrase_span(weapon))
    from_actors: list[Argument] = []
    from_places: list[PlaceRef] = []
    for clause in weapon.children:
        if clause.dep_ not in ("acl", "relcl", "acl:relcl"):
            continue
        agent = _agent(clause, cues)
        if agent is not None:
            named.extend(_arguments_of(agent, index, cues))
        for child in clause.children:
            origin = (child.dep_ == "prep" and child.lower_ in cues.origin_prepositions) or (
                child.dep_ in _OBLIQUE and _preposition(child) in cues.origin_prepositions
            )
            if origin:
                span = phrase_span(child)
                from_actors.extend(a for a in index.actors_in(span) if a.actor.kind == "country")
                from_places.extend(index.places_in(span))
    return _unique(named), from_actors, from_places


def addressees(predicate: Token, index: ArticleIndex, cues: Syntax) -> tuple[list[Argument], list[PlaceRef]]:
    """Whom a threat, demand or deadline is addressed to ("a donné *au Niger* un délai", "a lancé
    un ultimatum *aux autorités*"): the actors named there, and the countries named only as places."""
    phrases: list[Token] = []
    for child in predicate.children:
        if child.dep_ in ("iobj", "dative") or (
            child.dep_ in _OBLIQUE | {"obl:arg"} and _preposition(child) in cues.addressee_prepositions
        ):
            phrases.append(child)
        elif child.dep_ == "prep" and child.lower_ in cues.addressee_prepositions:
            phrases.extend(g for g in child.children if g.dep_ == "pobj")
    named = [a for phrase in phrases for a in _arguments_of(phrase, index, cues)]
    places = [p for phrase in phrases for p in index.places_in(phrase_span(phrase)) if p.place.kind == "country"]
    return _unique(named), places


def remember_subjects(sentence: SpacySpan, index: ArticleIndex, cues: Syntax) -> None:
    """Record the actors the sentence's clauses have as subjects, event or not, so that a later
    pronoun finds them ("The Chinese military announced that *it* conducted drills")."""
    for token in sentence:
        if token.dep_ not in _SUBJECT or token.pos_ == "PRON":
            continue
        found = _arguments_of(token, index, cues)
        if found:
            index.remember_subject(token.idx, found[0])


def _preceding_actor(predicate: Token, index: ArticleIndex, reporters: frozenset[str] = frozenset()) -> list[Argument]:
    """When the parse gives a verb no subject: the nearest actor before it in its sentence not in a
    prepositional phrase ("..., la Résistance islamique a commencé"), nor the speaker of a reporting
    verb the predicate depends on ("Al-Kidra said a second airstrike killed")."""
    doc = predicate.doc
    start = predicate.sent.start_char
    for argument in reversed(index.mentions_in(Span(start, predicate.idx))):
        token = doc.char_span(argument.mention.span.start, argument.mention.span.end, alignment_mode="expand")
        if token is None:
            continue
        root = token.root
        if root.dep_ in _SUBJECT and root.head.lemma_.casefold() in reporters:
            continue
        if not any(c.dep_ == "case" for c in root.children) and root.dep_ not in ("pobj", "poss", "nmod:poss"):
            return [argument]
    return []


def _unique(arguments: Sequence[Argument], exclude: Sequence[Argument] = ()) -> list[Argument]:
    seen = {id(a.actor) for a in exclude}
    kept: list[Argument] = []
    for argument in arguments:
        if id(argument.actor) in seen:
            continue
        seen.add(id(argument.actor))
        kept.append(argument)
    return kept


def event_places(predicate: Token, index: ArticleIndex) -> list[PlaceRef]:
    """Places named in the trigger's clause."""
    return index.places_in(clause_span(predicate))


def nearest(values: Sequence[Any], offset: int) -> Any:
    """The value whose span is closest to ``offset`` (values have a ``span``)."""
    return min(values, key=lambda v: min(abs(v.span.start - offset), abs(v.span.end - offset)))


def place_of(place: Place) -> str | None:
    """The ISO3 country a place is in."""
    return place.country
