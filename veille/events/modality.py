"""How certain an event is, and who says so: modality and attribution.

Modality follows GUIDE.md: when several apply, the first of negated,
hypothetical, future, alleged, asserted wins. Each is found from the cues of
``veille/lang/<code>/modality.yml``:

- words attached to the trigger, to the verb that governs it, or to their
  auxiliaries ("n'ont *pas* frappé", "*reportedly* killed");
- phrases anywhere in the clause before the trigger ("faute de quoi", "in
  the event of"), and the clause-opening connectives of a condition
  ("sinon", "otherwise") before the trigger in its sentence;
- governors: a verb or noun whose complement holds the trigger ("*menacer*
  de frapper", "*plans* to withdraw", "*démentir* avoir tiré");
- morphology: French conditional (``Mood=Cnd``: "aurait donné") marks an
  alleged event, the future tense a future one.

Attribution is the source the text credits: the object of "selon",
"d'après", "according to"; the subject of a reporting verb ("a rapporté",
"said") whose complement holds the event, unless that subject is the
event's own actor; or, for a sentence such as "Une source l'a rapporté à
l'agence Shafaq", the events of the sentence before. A named news agency in
the source phrase is preferred to an anonymous source.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from veille.events.arguments import compound_head, phrase_span, syntax
from veille.events.lexicon import CueSet, Lexicon, ModalityCues
from veille.model import Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = ["attribution_of", "modality_of", "reported_source"]

_GOVERNOR_DEPS = frozenset({"xcomp", "ccomp", "obj", "dobj", "nmod", "acl", "obl", "obl:arg", "pcomp", "pobj", "prep"})
# How far a modality connective may stand before the trigger in its sentence.
_CONNECTIVE_REACH = 12


def _norm(lexicon: Lexicon, tokens: Iterable[Token]) -> list[str]:
    return [lexicon.normalize(t.lemma_) for t in tokens]


def _attached(trigger: Token, predicate: Token) -> list[Token]:
    """The trigger, its governing verb, and the function words hanging on either."""
    words = [trigger, predicate]
    for head in {trigger, predicate}:
        words.extend(c for c in head.children if c.dep_ not in _GOVERNOR_DEPS or c.pos_ in ("AUX", "PART", "ADV"))
    return words


# The dependencies by which a word takes an event as its complement: an
# infinitive or a clause ("menacer de frapper", "said it would"), an object
# ("démentir l'attaque"), and for nouns a complement ("le projet de retrait").
_COMPLEMENT_OF_VERB = frozenset({"xcomp", "ccomp", "obj", "dobj", "pcomp"})
_COMPLEMENT_OF_NOUN = frozenset({"nmod", "acl", "pobj", "prep"})


def _governors(trigger: Token, argument_prepositions: frozenset[str] = frozenset(), hops: int = 4) -> list[Token]:
    """The words whose complement holds the trigger, nearest first.

    A verb governs the trigger through a preposition that introduces its argument
    (``argument_prepositions`` of ``syntax.yml``: "agreed *to* a prisoner exchange"), not
    through an adjunct ("*after* the talks, they agreed").
    """
    found: list[Token] = []
    phrase = current = compound_head(trigger)  # "a *prisoner* exchange"
    for _ in range(hops):
        head = current.head
        if head is current:
            break
        argument = (
            current.dep_ == "prep"
            and head.pos_ == "VERB"
            and current.lower_ in argument_prepositions
            and any(child.i == phrase.i for child in current.children)
        )
        if (
            current.dep_ in _COMPLEMENT_OF_VERB
            or (current.dep_ in _COMPLEMENT_OF_NOUN and head.pos_ == "NOUN")
            or argument
        ):
            found.append(head)
        elif current.dep_ not in ("conj", "advcl", "obl", "nmod", "mark", "case", "pobj", "prep"):
            break
        current = head
    return found


def _morphology(cues: CueSet, words: Sequence[Token], reported: bool) -> bool:
    for cue in cues.morphology:
        for word in words:
            if word.pos_ not in ("VERB", "AUX"):
                continue
            if cue.value not in word.morph.get(cue.feature, []):
                continue
            if cue.when == "always":
                return True
            if cue.when == "compound" and word.pos_ == "AUX":
                return True
            if cue.when == "reported_simple" and reported and word.pos_ == "VERB":
                return True
    return False


def _cue(cues: CueSet, lexicon: Lexicon, trigger: Token, predicate: Token, *, connective: bool, reported: bool) -> bool:
    attached = _attached(trigger, predicate)
    lemmas = _norm(lexicon, attached)
    sent = trigger.sent
    clause = _norm(lexicon, [t for t in sent if t.i <= trigger.i])
    if cues.exceptions and cues.exceptions.found_in(_norm(lexicon, attached), lexicon.phrase_gap):
        return False
    if not cues.markers.words.isdisjoint(lemmas):
        return True
    if cues.markers.phrases and cues.markers.found_in(clause, lexicon.phrase_gap):
        return True
    if connective:
        start = max(sent.start, trigger.i - _CONNECTIVE_REACH)
        before = _norm(lexicon, trigger.doc[start : trigger.i])
        if not cues.markers.words.isdisjoint(before):
            return True
    governors = _norm(lexicon, _governors(trigger, syntax(lexicon.language).argument_prepositions))
    if not cues.governors.words.isdisjoint(governors):
        return True
    return _morphology(cues, attached, reported)


def modality_of(trigger: Token, predicate: Token, lexicon: Lexicon, cues: ModalityCues, *, reported: bool) -> str:
    """The modality of the event ``trigger`` names (GUIDE.md priority)."""
    if _cue(cues.negated, lexicon, trigger, predicate, connective=False, reported=reported):
        return "negated"
    if _cue(cues.hypothetical, lexicon, trigger, predicate, connective=True, reported=reported):
        return "hypothetical"
    if _cue(cues.future, lexicon, trigger, predicate, connective=False, reported=reported):
        return "future"
    if _cue(cues.alleged, lexicon, trigger, predicate, connective=False, reported=reported):
        return "alleged"
    return "asserted"


def _source_phrase(token: Token, cues: ModalityCues) -> Span:
    """The source phrase headed by ``token``; the agency it names when there is one."""
    span = phrase_span(token)
    text = token.doc.text[span.start : span.end]
    for agency in cues.attribution.agencies:
        at = text.find(agency)
        if at >= 0 and (at == 0 or not text[at - 1].isalnum()):
            end = at + len(agency)
            if end == len(text) or not text[end].isalnum():
                return span
    return span


def _marker_source(sent: SpacySpan, lexicon: Lexicon, cues: ModalityCues) -> Token | None:
    """The object of "selon", "d'après", "according to" in the sentence."""
    lemmas = _norm(lexicon, sent)
    markers = cues.attribution.markers
    for n, token in enumerate(sent):
        single = lemmas[n] in markers.words
        phrase = any(tuple(lemmas[n : n + len(p)]) == p for p in markers.phrases)
        if not (single or phrase):
            continue
        if token.dep_ == "case" and token.head.i > token.i:
            return token.head
        for child in token.subtree:
            if child.i > token.i and child.dep_ in ("pobj", "obj", "nmod", "obl") and child.pos_ in ("NOUN", "PROPN"):
                return child
        following = [t for t in sent if t.i > token.i and t.pos_ in ("NOUN", "PROPN")]
        if following:
            return following[0].head if following[0].dep_ in ("compound", "flat", "amod") else following[0]
    return None


def _reporting_verb(predicate: Token, lexicon: Lexicon, cues: ModalityCues) -> Token | None:
    """A reporting verb ("said", "a affirmé") whose complement holds the event's clause."""
    verbs = cues.attribution.verbs.words
    current = predicate
    for _ in range(3):
        head = current.head
        if head is current:
            break
        if current.dep_ in ("ccomp", "parataxis", "conj", "xcomp") and lexicon.normalize(head.lemma_) in verbs:
            return head
        current = head
    for child in predicate.children:
        if child.dep_ in ("parataxis", "ccomp") and lexicon.normalize(child.lemma_) in verbs and child.i > predicate.i:
            return child
    return None


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubj:pass", "nsubjpass"):
            return child
    return None


def attribution_of(
    trigger: Token, predicate: Token, lexicon: Lexicon, cues: ModalityCues, actor_spans: Sequence[Span]
) -> tuple[Mention | None, bool]:
    """The source credited for the event in its own sentence, and whether the event is reported speech."""
    sent = trigger.sent
    source = _marker_source(sent, lexicon, cues)
    if source is not None:
        span = _source_phrase(source, cues)
        return Mention(trigger.doc.text[span.start : span.end], span, "attribution"), True
    verb = _reporting_verb(predicate, lexicon, cues)
    if verb is None:
        return None, False
    subject = _subject(verb)
    if subject is None or subject.pos_ == "PRON":
        return None, True
    span = _source_phrase(subject, cues)
    if any(span.start <= a.start and a.end <= span.end for a in actor_spans):
        return None, True  # the actor speaks for itself: "X warned", "X a condamné"
    return Mention(trigger.doc.text[span.start : span.end], span, "attribution"), True


def reported_source(sent: SpacySpan, lexicon: Lexicon, cues: ModalityCues) -> Mention | None:
    """The source of a sentence that credits the sentence before it: "Une source l'a rapporté à l'agence X".

    The sentence's main verb is a reporting verb whose object is a pronoun
    ("l'", "le", "this", "it"); the source is the named agency when one is
    there, else the verb's subject.
    """
    root = sent.root
    if lexicon.normalize(root.lemma_) not in cues.attribution.verbs.words:
        return None
    if not any(c.dep_ in ("obj", "dobj") and c.pos_ == "PRON" for c in root.children):
        return None
    candidates = [c for c in root.children if c.dep_ in ("obl", "obl:arg", "iobj", "prep", "dative", "nsubj")]
    for candidate in candidates:
        span = phrase_span(candidate)
        text = sent.doc.text[span.start : span.end]
        if any(agency in text for agency in cues.attribution.agencies):
            return Mention(text, span, "attribution")
    subject = _subject(root)
    if subject is None or subject.pos_ == "PRON":
        return None
    span = phrase_span(subject)
    return Mention(sent.doc.text[span.start : span.end], span, "attribution")
