"""The event coder: from an understood article to PLOVER events with evidence.

For each sentence: find triggers (:mod:`veille.events.detect`), find their
participants, places and dates (:mod:`veille.events.arguments`), their
modality and source (:mod:`veille.events.modality`), deadlines for
ultimatums, then merge the repeated mentions of one event in the article
(:mod:`veille.events.merge`). An event needs a participant: a trigger
with neither actor nor recipient is dropped (GUIDE.md, "What counts").

Confidence is a score in [0, 1]: the trigger sense's prior weight (how often
the word signals that event in news; at least :data:`GATED_PRIOR` when a
context word the sense needs is there), times how complete the event is
(0.85 with one side named, 1.0 with actor and recipient), raised
a little when the sentence credits a source. It ranks events; it is not yet
a calibrated probability (see ``docs/events.md``).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from veille.errors import DataError, VeilleError
from veille.events.arguments import (
    ArticleIndex,
    Participants,
    Syntax,
    addressees,
    agents_within,
    clause_span,
    event_places,
    find_participants,
    governing_predicate,
    is_passive,
    launched_weapon,
    phrase_span,
    place_phrases,
    remember_subjects,
    shown_to,
    syntax,
    weapon_owners,
)
from veille.events.detect import Hit, attach_blame, context_lemmas, find_triggers
from veille.events.lexicon import (
    COMPLEMENT_TYPES,
    Lexicon,
    ModalityCues,
    Trigger,
    load_lexicon,
    load_modality_cues,
)
from veille.events.merge import merge_events, told_apart
from veille.events.modality import attribution_of, modality_of, reported_source
from veille.model import Actor, Argument, Article, Event, Mention, PlaceRef, Span, TimeValue
from veille.understand import actors as kb
from veille.understand.times import reanchor

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spacy.tokens import Token

__all__ = ["CodeEvents", "code_events"]

log = logging.getLogger(__name__)

DEADLINE_TYPES = COMPLEMENT_TYPES
_PAST_PERFECT = frozenset({"Imp", "Pqp"})


def _is_past_perfect(predicate: Token) -> bool:
    """A pluperfect ("avaient annoncé", "had announced") tells background, not the news of the day."""
    for child in predicate.children:
        if child.pos_ == "AUX" and (set(child.morph.get("Tense", [])) & _PAST_PERFECT or child.lower_ == "had"):
            return True
    return False


def _date(
    hit: Hit, predicate: Token, index: ArticleIndex, published: date | None, event_type: str
) -> tuple[TimeValue | None, str | None]:
    clause = clause_span(predicate)
    times = [t for t in index.times_in(clause) if t.value is not None]
    if not times:
        sentence = Span(predicate.sent.start_char, predicate.sent.end_char)
        times = [t for t in index.times_in(sentence) if t.value is not None]
    if times:
        offset = hit.start
        return min(times, key=lambda t: abs(t.span.start - offset)), "text"
    if published is not None and not _is_past_perfect(predicate):
        return TimeValue(
            "", Span(0, 0), published.isoformat(), "day", "publication-date", anchor=published
        ), "published"
    return None, None


# Events that are reactions to another event named as their object.
_REACTIONS = frozenset({"ACCUSE", "SUPPORT", "REJECT"})
# Events whose recipient is whoever carries out what they name: the accused, the warned.
_BLAMING = frozenset({"ACCUSE", "THREATEN"})
# Events whose recipient, when none is named, is the agent inside what they are about: the
# accused and the warned, and whoever is praised or rejected for what they did.
_AIMED_AT_AGENTS = _BLAMING | _REACTIONS

# Negated intentions that are refusals, and the REJECT mode each gives.
_REFUSABLE = {"CONSULT": "meet", "AGREE": None, "COOPERATE": "assist", "AID": "assist", "SUPPORT": None}


def _intends(predicate: Token) -> bool:
    """A future or conditional verb ("will", "would", "participera"): a stated intention."""
    words = [predicate, *(c for c in predicate.children if c.pos_ == "AUX")]
    return any(
        w.lower_ in ("will", "would", "'ll", "wo")
        or "Fut" in w.morph.get("Tense", [])
        or "Cnd" in w.morph.get("Mood", [])
        for w in words
    )


def _deadline(hit: Hit, index: ArticleIndex, given_on: TimeValue | None) -> TimeValue | None:
    """The deadline of the trigger's sentence; a duration counts from ``given_on``, the day the text
    says the ultimatum was given, when it says one ("a donné dimanche une semaine")."""
    sent = hit.head.sent
    span = Span(sent.start_char, sent.end_char)
    found = [t for t in index.times_in(span, kinds=("deadline",)) if t.value is not None]
    if not found:
        return None
    deadline = min(found, key=lambda t: abs(t.span.start - hit.start))
    if given_on is not None and given_on.granularity == "day" and given_on.value is not None:
        return reanchor(deadline, date.fromisoformat(given_on.value))
    return deadline


def _complement_span(hit: Hit) -> Span | None:
    """What a threat or demand is about: the phrase of its complement."""
    tokens = [t for absorbed in hit.absorbed for t in absorbed.head.subtree]
    if not tokens:
        children = [c for c in hit.head.children if c.dep_ in ("xcomp", "ccomp", "advcl") and c.i > hit.head.i]
        tokens = [t for c in children for t in c.subtree]
    if not tokens:
        return None
    return Span(min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens))


GATED_PRIOR = 0.8
"""The prior of a sense whose ``needs`` were met: the context word that gates it disambiguates it."""


def _prior(trigger: Trigger) -> float:
    return max(trigger.weight, GATED_PRIOR) if trigger.is_gated else trigger.weight


def _confidence(weight: float, has_actor: bool, has_recipient: bool, attributed: bool) -> float:
    # One side named (an attacker, or victims with no attacker: GUIDE.md keeps both) or both.
    completeness = 0.55 + (0.3 if has_actor or has_recipient else 0.0) + (0.15 if has_actor and has_recipient else 0.0)
    value = weight * completeness + (0.05 if attributed else 0.0)
    return round(min(max(value, 0.01), 0.99), 3)


def _code_hit(
    hit: Hit,
    article: Article,
    index: ArticleIndex,
    lexicon: Lexicon,
    cues: ModalityCues,
    grammar: Syntax,
    carried_source: Mention | None,
    setting: PlaceRef | None,
) -> Event | None:
    trigger = hit.trigger
    head = hit.head
    if trigger.active_only and is_passive(head):
        return None
    if index.within_name(Span(hit.start, hit.end)):
        return None
    if trigger.deadline_only:
        sentence = Span(head.sent.start_char, head.sent.end_char)
        if not any(t.span.start <= head.idx < t.span.end for t in index.times_in(sentence, kinds=("deadline",))):
            return None
    predicate = governing_predicate(head)
    # "a condamné l'attaque", "praised the talks": the one who reacts is not the attacker or negotiator.
    governor_senses = lexicon.lookup(predicate.lemma_, predicate.pos_) if predicate is not head else ()
    governor_is_event = any(
        sense.type in _REACTIONS for sense in lexicon.select(governor_senses, context_lemmas(predicate, lexicon))
    )
    # "Al-Kidra said a second airstrike ...": whoever reports an event does not carry it out.
    reported_object = lexicon.normalize(predicate.lemma_) in lexicon.report_verbs
    participants = find_participants(
        head,
        trigger.role,
        index,
        grammar,
        lexicon.support_verb_heads,
        lexicon.frame_verbs,
        object_takes_subject=not governor_is_event and not reported_object,
        reporters=lexicon.report_verbs,
        undergone=predicate is not head and lexicon.undergoes(predicate, head),
    )
    if hit.blamed_on is not None:
        participants.actors = index.actors_in(phrase_span(hit.blamed_on)) or participants.actors
    if not participants.actors and head.pos_ in ("NOUN", "PROPN"):
        participants.actors = _adjective_actors(head, article)
    _fill_from_modifiers(participants, head, predicate, article, index, grammar, lexicon)
    visited = _place_gone_to(trigger.role, head, participants, index, grammar)
    host = _country_argument(visited, article) if visited is not None else None
    if host is not None:
        participants.recipients = [host]
    # An outlet reports events; it does not carry them out.
    participants.actors = _expand_groups([a for a in participants.actors if a.actor.kind != "media"], article)
    participants.recipients = _expand_groups(participants.recipients, article)
    if trigger.type in COMPLEMENT_TYPES and not participants.recipients and predicate is not head:
        named, places = addressees(predicate, index, grammar)
        found = named or [a for a in (_country_argument(p, article) for p in places[:1]) if a is not None]
        acting = {id(a.actor) for a in participants.actors}
        participants.recipients = [a for a in found if id(a.actor) not in acting]
    if trigger.type in COMPLEMENT_TYPES and not participants.recipients:
        for absorbed in hit.absorbed:
            inner = find_participants(absorbed.head, absorbed.trigger.role, index, grammar, lexicon.support_verb_heads)
            participants.recipients = [r for r in inner.recipients + inner.actors if r not in participants.actors][:2]
            if participants.recipients:
                break
    if trigger.type in _AIMED_AT_AGENTS:
        # Iran's spokesman warning about an attack on Iran does not threaten Iran.
        own = {a.actor.country for a in participants.actors if a.actor.country}
        if trigger.type in _BLAMING:
            participants.recipients = [
                r for r in participants.recipients if not (r.actor.kind == "country" and r.actor.country in own)
            ]
        if not participants.recipients:
            # "a salué le rôle joué par la Turquie": whoever does what is praised or condemned.
            blamed = agents_within(predicate, head, index, grammar)
            participants.recipients = [b for b in blamed if b.actor.country not in own or not own][:2]
    if not participants.actors and not participants.recipients:
        return None
    actor_spans = [a.mention.span for a in participants.actors]
    attribution, reported = attribution_of(head, predicate, lexicon, cues, actor_spans)
    if attribution is None:
        attribution = carried_source
    modality = modality_of(head, predicate, lexicon, cues, reported=reported)
    if hit.blamed_on is not None and modality == "asserted":
        modality = "alleged"
    context = sorted(
        context_lemmas(head, lexicon) | {lexicon.normalize(t.lemma_) for a in hit.absorbed for t in a.head.subtree}
    )
    impact = not lexicon.impact_cues.isdisjoint(context)
    event_type = trigger.type_for(modality, impact=impact)
    mode = lexicon.mode_for(trigger, event_type, context)
    if trigger.role == "mutual" and event_type == "AGREE" != trigger.type and participants.partners:
        # "Iran hopes to hold talks with the U.S.": a planned meeting is Iran's promise to the U.S.
        partner_ids = {id(a.actor) for a in participants.partners}
        promisers = [a for a in participants.actors if id(a.actor) not in partner_ids]
        if promisers:
            participants.actors, participants.recipients = promisers, participants.partners + participants.recipients
    if modality == "negated" and event_type in _REFUSABLE and _intends(predicate):
        # "Putin would not attend the talks", "ne participera pas": a refusal (GUIDE.md, REJECT).
        event_type, mode, modality = "REJECT", _REFUSABLE[event_type], "asserted"
    if event_type == "MOBILIZE" and not participants.recipients:
        shown = shown_to(head, index, grammar)
        staged_at = _country_argument(shown, article) if isinstance(shown, PlaceRef) else shown
        if staged_at is not None and staged_at.actor.country not in {a.actor.country for a in participants.actors}:
            participants.recipients = [staged_at]
    when, date_from = _date(hit, predicate, index, article.published, event_type)
    # An asserted event dated after publication has not happened yet: it is announced.
    day = when.value if when is not None and date_from == "text" and when.granularity == "day" else None
    if (
        day is not None
        and article.published is not None
        and modality == "asserted"
        and day > article.published.isoformat()
    ):
        modality = "future"
        event_type = trigger.type_for(modality, impact=impact)
    taken = {(a.mention.span.start, a.mention.span.end) for a in participants.actors + participants.recipients}
    places = [p for p in event_places(predicate, index) if (p.mention.span.start, p.mention.span.end) not in taken]
    if not places:
        sentence = Span(head.sent.start_char, head.sent.end_char)
        places = [p for p in index.places_in(sentence) if (p.mention.span.start, p.mention.span.end) not in taken]
    if not places and setting is not None:
        places = [setting]
    if visited is not None and visited.place not in [p.place for p in places]:
        places.insert(0, visited)
    event = Event(
        type=event_type,
        mode=mode,
        trigger=Mention(article.text[hit.start : hit.end], Span(hit.start, hit.end), trigger.lemma),
        evidence=clause_span(predicate) if predicate is not head or head.pos_ == "VERB" else clause_span(head),
        actors=participants.actors,
        recipients=participants.recipients,
        locations=places,
        date=when,
        date_from=date_from,
        modality=modality,  # type: ignore[arg-type]
        attribution=attribution,
        confidence=_confidence(
            _prior(trigger), bool(participants.actors), bool(participants.recipients), bool(attribution)
        ),
    )
    if event_type in DEADLINE_TYPES:
        event.deadline = _deadline(hit, index, when if date_from == "text" else None)
        event.consequence = _complement_span(hit) if event_type == "THREATEN" else None
        event.demand = _complement_span(hit) if event_type == "REQUEST" else None
    return event


def code_events(article: Article) -> list[Event]:
    """The events of an understood article (it needs ``doc``, ``actors``, ``places`` and ``times``)."""
    if article.doc is None or article.language is None:
        return []
    language = article.language
    lexicon = load_lexicon(language)
    cues = load_modality_cues(language)
    grammar = syntax(language)
    index = ArticleIndex(article)
    setting = _setting(article)
    events: list[Event] = []
    sentence_of: dict[int, int] = {}
    sentences = list(article.doc.sents)
    for n, sent in enumerate(sentences):
        following = sentences[n + 1] if n + 1 < len(sentences) else None
        carried = reported_source(following, lexicon, cues) if following is not None else None
        sentence_events: list[Event] = []
        by_head: dict[int, tuple[Hit, Event]] = {}
        remember_subjects(sent, index, grammar)
        for hit in attach_blame(find_triggers(sent, lexicon), cues.alleged.governors.words, lexicon):
            event = _code_hit(hit, article, index, lexicon, cues, grammar, carried, setting)
            if event is None:
                continue
            if event.type in _REACTIONS and not event.recipients:
                event.recipients = _reacted_to(hit.head, event, [*events, *sentence_events], lexicon, grammar)
            outer = by_head.get(hit.head.head.i) if hit.head.dep_ in _PART_DEPS else by_head.get(_cause(hit.head))
            if outer is not None and outer[1].type == event.type:
                _fold(outer[1], event)
                continue
            by_head[hit.head.i] = (hit, event)
            sentence_of[id(event)] = n
            sentence_events.append(event)
        _share_deadlines(sentence_events)
        events.extend(sentence_events)
    return merge_events(events, apart=lambda a, b: _told_apart(sentence_of[id(a)], sentence_of[id(b)], a, b))


def _reacted_to(
    trigger: Token, reaction: Event, earlier: list[Event], lexicon: Lexicon, grammar: Syntax
) -> list[Argument]:
    """Who did what a reaction's object refers back to: "UNRWA condemned *the attack*", "Zelensky
    welcomed *the sanctions*", "Moscou a dénoncé *la décision*": the actors of the latest earlier
    event of the kind the object names (an event noun), or of any kind (``event_anaphors`` of
    ``syntax.yml``: "the decision", "la mesure")."""
    reacted = next((c for c in trigger.children if c.dep_ in ("obj", "dobj") and c.pos_ == "NOUN"), None)
    if reacted is None:
        return []
    types = {sense.type for sense in lexicon.lookup(reacted.lemma_, reacted.pos_)} - _REACTIONS
    if not types and lexicon.normalize(reacted.lemma_) not in grammar.event_anaphors:
        return []
    reacting = {id(a.actor) for a in reaction.actors}
    for event in reversed(earlier):
        if event.type in _REACTIONS or (types and event.type not in types) or not event.actors:
            continue
        return [a for a in event.actors if id(a.actor) not in reacting]
    return []


def _told_apart(a_sentence: int, b_sentence: int, a: Event, b: Event) -> bool:
    """Whether the text tells two mergeable events apart: two clauses of one sentence that each
    name both sides."""
    return a_sentence == b_sentence and told_apart(a, b)


_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod:poss", "poss"})


def _nation_modifiers(noun: Token, ownership: frozenset[str], lexicon: Lexicon) -> Iterator[Token]:
    """The modifiers of ``noun`` that may be nation adjectives: "la frappe *israélienne*", "a *Houthi*
    missile", the first half of an ownership compound ("a *Maltese*-flagged ship", with
    ``ownership_participles`` of ``syntax.yml``), and the adjective the parser gives to the weapon
    of the event ("une frappe de drone *américaine*")."""
    for child in noun.children:
        if child.dep_ == "nmod" and lexicon.normalize(child.lemma_) in lexicon.weapons:
            yield from (g for g in child.children if g.dep_ == "amod" and g.pos_ == "ADJ")
        if child.dep_ not in _MODIFIER_DEPS:
            continue
        if child.pos_ in ("ADJ", "PROPN"):
            yield child
        if child.lower_ in ownership:
            yield from (left for left in child.lefts if left.i + 2 == child.i and left.nbor().text == "-")


def _adjective_actors(noun: Token, article: Article) -> list[Argument]:
    """The actor a nation adjective names on an event noun: "la frappe *israélienne*", "a *Houthi* missile".

    The adjective resolves through the actor knowledge base to its country's
    government (or a named group); the mention is added to the article's actor.
    """
    if article.language is None:
        return []
    base = kb.default_knowledge_base()
    found: list[Argument] = []
    modifiers = _nation_modifiers(noun, syntax(article.language).ownership_participles, load_lexicon(article.language))
    for child in modifiers:
        match = base.resolve(child.text, article.language, article.published)
        if match is None or match.method not in ("exact", "demonym", "normalized"):
            continue
        mention = Mention(child.text, Span(child.idx, child.idx + len(child)), "demonym")
        actor = _article_actor(
            article, Actor(match.id, match.name, match.country, match.sector, match.entry.kind, method=match.method)
        )
        if mention not in actor.mentions:
            actor.mentions.append(mention)
        found.append(Argument(actor, mention))
    return found


_PLACE_TARGET_DEPS = frozenset({"obj", "dobj", "nsubj:pass", "nsubjpass"})


def _fill_from_modifiers(
    participants: Participants,
    head: Token,
    predicate: Token,
    article: Article,
    index: ArticleIndex,
    grammar: Syntax,
    lexicon: Lexicon,
) -> None:
    """Sides the parse left empty, read off modifiers: whoever fired the weapon that is the subject
    ("a missile launched from Yemen struck"), the nation adjective of the object ("a frappé une
    base *israélienne*")."""
    if not participants.actors:
        weapon = launched_weapon(predicate, lexicon.weapons, lexicon.normalize)
        if weapon is not None:
            participants.actors = _weapon_owners(weapon, article, index, grammar)
    if participants.recipients or head.pos_ != "VERB":
        return
    target = next((c for c in head.children if c.dep_ in ("obj", "dobj") and c.pos_ == "NOUN"), None)
    if target is not None:
        acting = {id(a.actor) for a in participants.actors}
        participants.recipients = [a for a in _adjective_actors(target, article) if id(a.actor) not in acting]
    if participants.recipients or not participants.actors:
        return
    # "a bombardé Rafah", "el-Facher est assiégée par les FSR": a place that undergoes the event
    # stands for its country.
    undergoer = next((c for c in head.children if c.dep_ in _PLACE_TARGET_DEPS), None)
    if undergoer is not None:
        places = index.places_in(phrase_span(undergoer))
        found = _country_argument(places[0], article) if places else None
        participants.recipients = [found] if found is not None else []


def _place_gone_to(
    role: str | None, trigger: Token, participants: Participants, index: ArticleIndex, grammar: Syntax
) -> PlaceRef | None:
    """The place a visit goes to ("se rendra en Turquie", "a trip to Beijing") or a withdrawal
    leaves ("withdrew from Kherson"), when no recipient of another country is named: its country
    is the recipient (the host, the country left) and the place the event's location. A place of
    the actor's own country names no other party (a trip at home, a pullback inside), and a
    withdrawal with no one named withdrawing is left as it is."""
    if role == "visitor_actor":
        phrases = place_phrases(trigger, grammar.destination_prepositions, objects=True)
    elif role == "leaver_actor" and participants.actors:
        phrases = place_phrases(trigger, grammar.origin_prepositions)
    else:
        return None
    own = {a.actor.country for a in participants.actors}
    if any(r.actor.country not in own for r in participants.recipients):
        return None
    for phrase in phrases:
        for place in index.places_in(phrase_span(phrase)):
            if place.place.country is not None and place.place.country not in own:
                return place
    return None


def _weapon_owners(weapon: Token, article: Article, index: ArticleIndex, grammar: Syntax) -> list[Argument]:
    """Who fired a weapon: named with it ("a Houthi missile", "fired by the Houthis"), or else
    the country it was fired from ("a missile launched from Yemen")."""
    named, from_actors, from_places = weapon_owners(weapon, index, grammar)
    found = named or _adjective_actors(weapon, article) or from_actors[:1]
    if found:
        return found
    countries = [_country_argument(place, article) for place in from_places]
    return [a for a in countries if a is not None][:1]


def _country_argument(place: PlaceRef, article: Article) -> Argument | None:
    """The country a place of kind country names, as an actor of the article."""
    entry = kb.default_knowledge_base().country_entry(place.place.country) if place.place.country else None
    if entry is None:
        return None
    actor = _article_actor(
        article, Actor(entry.id, entry.name, entry.country, entry.sector, entry.kind, method="place")
    )
    if place.mention not in actor.mentions:
        actor.mentions.append(place.mention)
        actor.mentions.sort(key=lambda mention: mention.span.start)
    return Argument(actor, place.mention)


def _article_actor(article: Article, new: Actor) -> Actor:
    """The article's actor with ``new``'s id, or ``new``, added to the article when none has it."""
    actor = next((a for a in article.actors if a.id == new.id), None)
    if actor is None:
        actor = new
        article.actors.append(actor)
    return actor


def _expand_groups(arguments: list[Argument], article: Article) -> list[Argument]:
    """An informal group of states that acts as one ("l'E3") stands for its member states."""
    base = kb.default_knowledge_base()
    expanded: list[Argument] = []
    for argument in arguments:
        entry = base.get(argument.actor.id) if argument.actor.id else None
        members = [m for m in (base.get(member) for member in entry.members) if m is not None] if entry else []
        if not members:
            expanded.append(argument)
            continue
        expanded.extend(
            Argument(
                _article_actor(article, Actor(m.id, m.name, m.country, m.sector, m.kind, method="group")),
                argument.mention,
            )
            for m in members
        )
    return expanded


def _setting(article: Article) -> PlaceRef | None:
    """Where the article happens, for events whose sentence names no place: its most named place."""
    named = [p for p in article.places if p.mentions and p.country is not None]
    if not named:
        return None
    place = max(named, key=lambda p: (len(p.mentions), -p.mentions[0].span.start))
    return PlaceRef(place, place.mentions[0])


# "six civils ont été tués dans une attaque attribuée aux FSR": a noun of the same
# type hanging on the trigger names the same event, and may add its author.
_PART_DEPS = frozenset({"obl", "obl:mod", "nmod", "pobj"})


def _cause(noun: Token) -> int:
    """For an event noun that is the object of a light verb whose subject is another event noun
    ("l'attaque des FSR *a fait* six morts"), or an event verb whose subject is an event noun
    ("une frappe de drone américaine *a tué* un commandant"): that subject's index, else -1."""
    if noun.pos_ == "VERB":
        subject = next((c for c in noun.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
        return subject.i if subject is not None else -1
    verb = noun.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ not in ("obj", "dobj") or verb.pos_ not in ("VERB", "AUX"):
        return -1
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
    return subject.i if subject is not None else -1


def _fold(outer: Event, inner: Event) -> None:
    """Complete ``outer`` with what ``inner``, a phrase of the same event, adds."""
    outer.actors = outer.actors or inner.actors
    acting = {id(a.actor) for a in outer.actors}
    outer.recipients = outer.recipients or [r for r in inner.recipients if id(r.actor) not in acting]
    outer.attribution = outer.attribution or inner.attribution
    outer.mode = outer.mode or inner.mode
    if outer.modality == "asserted" and inner.modality == "alleged":
        outer.modality = "alleged"
    outer.confidence = max(outer.confidence, inner.confidence)


def _share_deadlines(events: list[Event]) -> None:
    """A deadline stated once holds for every threat and demand of its sentence by the same actors."""
    deadline = next((e.deadline for e in events if e.deadline is not None), None)
    if deadline is None:
        return
    for event in events:
        if event.type in DEADLINE_TYPES and event.deadline is None:
            event.deadline = deadline


class CodeEvents:
    """The pipeline stage that codes PLOVER events (``article.events``), keeping those of ``min_confidence`` or more."""

    name: ClassVar[str] = "events"
    requires: ClassVar[frozenset[str]] = frozenset({"doc", "actors", "places", "times"})
    provides: ClassVar[frozenset[str]] = frozenset({"events"})

    def __init__(self, min_confidence: float = 0.0) -> None:
        self.min_confidence = min_confidence

    def __call__(self, article: Article) -> Article:
        try:
            article.events = [e for e in code_events(article) if e.confidence >= self.min_confidence]
        except DataError:
            raise
        except VeilleError as exc:
            message = f"no events: {exc}"
            log.info("%s: %s", article.document.source, message)
            article.warnings.append(message)
        return article
