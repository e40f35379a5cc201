"""Finding event triggers in a parsed sentence with the language's lexicon.

Phrases are matched first ("mettre fin à", "prisoner exchange") and win over
the single words they hold; then every remaining word is looked up by lemma
and part of speech. A sense whose ``needs`` or ``not_with`` lemmas decide it
is chosen by the trigger's context: its dependents, its head and the head's
other dependents, and a few words on either side.

Triggers that only carry another event are then set aside:

- the complement of a threat, demand or refusal ("menacer de *frapper*",
  "demand the *release*") is what is threatened or asked, not an event of its
  own (GUIDE.md): it gives the governing event its mode;
- a ``frame`` word ("promettre", "accept") whose complement holds a trigger
  adds no event of its own: the complement is the event, and the frame word
  gives it its modality.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from veille.events.lexicon import COMPLEMENT_TYPES, Lexicon, Trigger

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = ["Hit", "attach_blame", "complement_tokens", "context_lemmas", "find_triggers"]

WINDOW = 3
"""Words on either side of a trigger that count as its context."""

# Dependents that hold what a threat, demand, refusal or frame word is about.
_COMPLEMENT_DEPS = frozenset(
    {"xcomp", "ccomp", "obj", "dobj", "nmod", "acl", "advcl", "obl", "obl:arg", "prep", "pobj", "pcomp", "iobj"}
)


@dataclass(slots=True)
class Hit:
    """A trigger found in a sentence: the lexicon sense and the tokens that say it."""

    trigger: Trigger
    tokens: tuple[Token, ...]
    absorbed: list[Hit] = field(default_factory=list)
    blamed_on: Token | None = None
    """For an attack the writer blames on someone ("une attaque attribuée aux FSR"): the phrase naming them."""

    @property
    def head(self) -> Token:
        """The token that carries the event: the verb or noun of a phrase that the others hang on
        ("missile *strike*", "*mettre* fin à"), else its first verb or noun, else its first word."""
        content = [token for token in self.tokens if token.pos_ in ("VERB", "NOUN", "PROPN")]
        if not content:
            return self.tokens[0]
        inside = {token.i for token in self.tokens}
        return next((token for token in content if token.head.i not in inside or token.head.i == token.i), content[0])

    @property
    def start(self) -> int:
        return min(t.idx for t in self.tokens)

    @property
    def end(self) -> int:
        return max(t.idx + len(t) for t in self.tokens)


def context_lemmas(token: Token, lexicon: Lexicon) -> set[str]:
    """Normalized lemmas around ``token``: its dependents, its head and siblings, and a small window."""
    words: list[Token] = [*token.children, token.head, *token.head.children, token.head.head]
    for child in token.children:
        words.extend(child.children)
    doc = token.doc
    sent = token.sent
    words.extend(doc[max(sent.start, token.i - WINDOW) : min(sent.end, token.i + WINDOW + 1)])
    return {lexicon.normalize(w.lemma_) for w in words if w.i != token.i} | {lexicon.normalize(w.lower_) for w in words}


def complement_tokens(token: Token) -> set[int]:
    """Indices of the tokens in ``token``'s complements (the phrases after it that it governs)."""
    found: set[int] = set()
    for child in token.children:
        if child.dep_ in _COMPLEMENT_DEPS and child.i > token.i:
            found.update(t.i for t in child.subtree)
    return found


def _phrase_hits(sent: SpacySpan, lemmas: Sequence[str], lexicon: Lexicon) -> tuple[list[Hit], set[int]]:
    hits: list[Hit] = []
    used: set[int] = set()
    for position in range(len(lemmas)):
        for match in lexicon.phrases_at(lemmas, position):
            indices = [sent.start + p for p in match.positions]
            if used.intersection(indices):
                continue
            tokens = tuple(sent.doc[i] for i in indices)
            head = next((t for t in tokens if t.pos_ in ("VERB", "NOUN", "PROPN")), tokens[0])
            if not match.trigger.accepts(context_lemmas(head, lexicon) | {lemmas[p] for p in match.positions}):
                continue
            hits.append(Hit(match.trigger, tokens))
            used.update(indices)
            break
    return hits, used


# Where the complement a verb + preposition phrase introduces may hang: on the verb, or on its
# object ("a appelé les factions *à* la retenue", parsed as a complement of "factions").
_VERB_COMPLEMENTS = frozenset({"obj", "dobj", "obl", "obl:arg", "obl:mod", "iobj", "xcomp", "ccomp"})
_MARKERS = frozenset({"case", "mark"})


def _governed_phrase_hits(sent: SpacySpan, lemmas: Sequence[str], lexicon: Lexicon, used: set[int]) -> list[Hit]:
    """Verb + preposition phrases whose words the object keeps apart ("a appelé mercredi les factions
    armées *à* la retenue"): the preposition must introduce a complement of the verb or of its object."""
    hits: list[Hit] = []
    for token in sent:
        if token.pos_ != "VERB" or token.i in used:
            continue
        phrases = lexicon.two_word_phrases(lemmas[token.i - sent.start])
        if not phrases:
            continue
        complements = [c for c in token.children if c.dep_ in _VERB_COMPLEMENTS]
        complements += [g for c in complements if c.dep_ in ("obj", "dobj") for g in c.children if g.dep_ == "nmod"]
        markers = [m for c in complements for m in c.children if m.dep_ in _MARKERS and m.i > token.i]
        for second, trigger in phrases:
            marker = next((m for m in markers if m.i not in used and lexicon.normalize(m.lemma_) == second), None)
            if marker is None or not trigger.accepts(context_lemmas(token, lexicon) | {lemmas[token.i - sent.start]}):
                continue
            hits.append(Hit(trigger, (token,)))
            used.update((token.i, marker.i))
            break
    return hits


def find_triggers(sent: SpacySpan, lexicon: Lexicon) -> list[Hit]:
    """The event triggers of one sentence, in text order, with absorbed complements attached to their governor."""
    lemmas = [lexicon.normalize(t.lemma_) for t in sent]
    hits, used = _phrase_hits(sent, lemmas, lexicon)
    hits += _governed_phrase_hits(sent, lemmas, lexicon, used)
    for token in sent:
        if token.i in used or token.is_punct or token.like_num:
            continue
        senses = lexicon.lookup(token.lemma_, token.pos_)
        if not senses:
            continue
        chosen = lexicon.select(senses, context_lemmas(token, lexicon))
        if chosen:
            hits.append(Hit(chosen[0], (token,)))
    hits.sort(key=lambda h: h.start)
    return _absorb(hits)


_MODIFIER_CLAUSES = frozenset({"acl", "acl:relcl", "relcl", "amod"})


def attach_blame(hits: list[Hit], blame_words: frozenset[str], lexicon: Lexicon) -> list[Hit]:
    """Turn "une attaque *attribuée aux* paramilitaires" into the attack with its alleged author.

    GUIDE.md codes a killing the writer blames on someone as an ASSAULT by
    them, alleged: the blaming participle is not an ACCUSE of its own.
    """
    kept: list[Hit] = []
    for hit in hits:
        head = hit.head
        blames = hit.trigger.type == "ACCUSE" and lexicon.normalize(head.lemma_) in blame_words
        target = next((h for h in hits if h.head.i == head.head.i and h.trigger.type == "ASSAULT"), None)
        if blames and head.dep_ in _MODIFIER_CLAUSES and target is not None:
            author = next((c for c in head.children if c.dep_ in ("obl", "obl:arg", "iobj", "prep", "obl:agent")), None)
            if author is not None and author.dep_ == "prep":
                author = next((g for g in author.children if g.dep_ == "pobj"), None)
            if author is not None:
                target.blamed_on = author
                continue
        kept.append(hit)
    return kept


def _absorb(hits: Iterable[Hit]) -> list[Hit]:
    """Attach complement triggers to the threat, demand, refusal or frame word that governs them."""
    hits = list(hits)
    absorbed: set[int] = set()
    dropped: set[int] = set()
    for n, hit in enumerate(hits):
        governs = hit.trigger.type in COMPLEMENT_TYPES or hit.trigger.role == "frame"
        if not governs or n in absorbed:
            continue
        scope = complement_tokens(hit.head)
        inside = [m for m, other in enumerate(hits) if m != n and other.head.i in scope and m not in absorbed]
        if not inside:
            continue
        if hit.trigger.type in COMPLEMENT_TYPES:
            for m in inside:
                hit.absorbed.append(hits[m])
                absorbed.add(m)
        else:
            dropped.add(n)
    return [hit for n, hit in enumerate(hits) if n not in absorbed and n not in dropped]
