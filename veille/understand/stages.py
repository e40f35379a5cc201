"""The pipeline stages that understand an article: parse, times, actors, places.

Each stage reads the article, adds one kind of annotation and returns it:

``parse``   the spaCy parse of the text (``article.doc``), batched by :meth:`Parse.pipe`
``times``   time expressions resolved against the publication date (``article.times``)
``actors``  actors from the knowledge-base scan (and the NER, when on), resolved (``article.actors``)
``places``  places from the gazetteer scan, place adjectives (and the NER) (``article.places``)

A stage that cannot do its work for an article (no pipeline for its
language) adds a warning to the article and leaves it as it was, so the
article is still stored and the rest of the batch goes on.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import TYPE_CHECKING, ClassVar

from veille import nlp
from veille.config import Settings
from veille.errors import ConfigError, LanguageError
from veille.model import Actor, Article, Mention, Place, Span
from veille.understand import actors as kb
from veille.understand import places as gazetteer
from veille.understand.times import tag_times

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

__all__ = ["Parse", "ResolveActors", "ResolvePlaces", "TagTimes", "understanding_stages"]

log = logging.getLogger(__name__)

# NER labels that name actors (people, organisations, groups); places are
# LOC/GPE and go to the places stage. French MISC is kept only when resolved.
_ACTOR_LABELS = frozenset({"PER", "PERSON", "ORG", "NORP"})
_RESOLVE_ONLY_LABELS = frozenset({"MISC"})


def _warn(article: Article, message: str) -> None:
    if message not in article.warnings:
        log.info("%s: %s", article.document.source, message)
        article.warnings.append(message)


class Parse:
    """Runs the language's spaCy pipeline over the article text.

    With ``ner`` the statistical entity recognizer runs too, and the actors
    and places stages take the names it finds that their scans missed.
    """

    name: ClassVar[str] = "parse"
    requires: ClassVar[frozenset[str]] = frozenset({"text", "language"})
    provides: ClassVar[frozenset[str]] = frozenset({"doc"})

    def __init__(self, ner: bool = False) -> None:
        self.ner = ner

    def __call__(self, article: Article) -> Article:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Parse many articles, batching consecutive articles of one language through ``nlp.pipe``."""
        for language, group in groupby(articles, key=lambda a: a.language):
            batch = list(group)
            if language is None:
                for article in batch:
                    _warn(article, "language unknown: no parse, actors or places")
                    yield article
                continue
            try:
                docs = nlp.pipe((a.text for a in batch), language, ner=self.ner)
                for article, doc in zip(batch, docs, strict=True):
                    article.doc = doc
                    yield article
            except LanguageError as exc:
                for article in batch:
                    _warn(article, str(exc))
                    yield article


class TagTimes:
    """Finds time expressions and resolves them against the publication date."""

    name: ClassVar[str] = "times"
    requires: ClassVar[frozenset[str]] = frozenset({"text", "language", "published"})
    provides: ClassVar[frozenset[str]] = frozenset({"times"})

    def __call__(self, article: Article) -> Article:
        if article.language is None:
            return article
        try:
            article.times = tag_times(article.text, article.language, article.published)
        except ConfigError as exc:
            _warn(article, str(exc))
        return article


class ResolveActors:
    """Names the article's actors: knowledge-base scan first, then the NER's leftovers.

    Scan mentions (aliases, role and group phrases) are resolved by the
    knowledge base; NER entities that overlap none of them are resolved
    with :func:`veille.understand.actors.resolve` or kept as unresolved
    actors with their entity type. Countries and capitals used as places
    ("à Bagdad") are left to the places stage. Mentions of one actor share
    one :class:`~veille.model.Actor`.
    """

    name: ClassVar[str] = "actors"
    requires: ClassVar[frozenset[str]] = frozenset({"doc", "published"})
    provides: ClassVar[frozenset[str]] = frozenset({"actors"})

    def __init__(self, actor_files: Iterable[str] = ()) -> None:
        self.actor_files = tuple(actor_files)

    def __call__(self, article: Article) -> Article:
        if article.doc is None or article.language is None:
            return article
        language, when = article.language, article.published
        base = kb.default_knowledge_base(self.actor_files)
        found: list[tuple[Mention, kb.ActorMatch | None]] = []
        taken: list[Span] = []
        for mention in base.find_mentions(article.text, language, when):
            taken.append(mention.span)
            if not mention.locative:
                found.append((Mention(mention.text, mention.span, mention.match.method), mention.match))
        for ent in article.doc.ents:
            if ent.label_ not in _ACTOR_LABELS and ent.label_ not in _RESOLVE_ONLY_LABELS:
                continue
            span = Span(ent.start_char, ent.end_char)
            if any(s.start < span.end and span.start < s.end for s in taken) or _spurious(ent):
                continue
            match = base.resolve(ent.text, language, when) or _short_form(ent.text, found)
            if match is None and ent.label_ in _RESOLVE_ONLY_LABELS:
                continue
            taken.append(span)
            found.append((Mention(ent.text, span, ent.label_), match))
        article.actors = _group_actors(found)
        return article


def _spurious(ent: SpacySpan) -> bool:
    """Entities the statistical model makes of common words and page furniture.

    A one-word entity that starts a sentence and is not a proper noun
    ("Selon", "Depuis"), an entity with no capital letter or no letter at
    all, or one shorter than two characters.
    """
    text = ent.text.strip()
    if len(text) < 2 or not any(c.isalpha() for c in text) or not any(c.isupper() for c in text):
        return True
    if len(ent) == 1 and ent[0].is_sent_start and ent[0].pos_ != "PROPN":
        return True
    return all(t.is_stop or t.is_punct for t in ent)


def _short_form(text: str, found: list[tuple[Mention, kb.ActorMatch | None]]) -> kb.ActorMatch | None:
    """The actor an earlier, longer mention names when ``text`` is its head or its last words.

    Articles name an actor in full once and shorten it afterwards: "la
    Coalition" after "la Coalition internationale contre l'État islamique",
    "Biden" after "Joe Biden". Only a run of whole words at the start or the
    end of one earlier resolved mention counts.
    """
    words = text.casefold().split()
    if not words:
        return None
    for mention, match in found:
        if match is None:
            continue
        full = mention.text.casefold().split()
        if len(full) > len(words) and (full[: len(words)] == words or full[-len(words) :] == words):
            return match
    return None


def _group_actors(found: list[tuple[Mention, kb.ActorMatch | None]]) -> list[Actor]:
    """One :class:`Actor` per resolved id (or per unresolved name), in order of first mention."""
    actors: dict[str, Actor] = {}
    for mention, match in sorted(found, key=lambda pair: pair[0].span.start):
        key = match.id if match is not None else "?" + " ".join(mention.text.casefold().split())
        actor = actors.get(key)
        if actor is None:
            if match is not None:
                actor = Actor(
                    id=match.id,
                    name=match.name,
                    country=match.country,
                    sector=match.sector,
                    kind=match.entry.kind,
                    method=match.method,
                    wikidata=match.entry.wikidata,
                )
            else:
                actor = Actor(id=None, name=mention.text, country=None, sector=None, kind=mention.label)
            actors[key] = actor
        actor.mentions.append(mention)
    return list(actors.values())


# Generic actors ("l'armée", "les civils", "jihadists") with no country take
# the country where the article happens, when one clearly dominates.
_CONTEXT_MIN_MENTIONS = 2
_CONTEXT_MIN_SHARE = 0.4
_NOT_CONTEXT = frozenset({"media", "igo", "generic"})
_NON_STATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "IMG"})


def _with_antecedent_country(actors: list[Actor]) -> None:
    """Give a country-less generic actor ("the military", "l'armée") the country of the actors of
    its sector named before it ("the Israeli military"), when they all share one (method ``antecedent``)."""
    for actor in actors:
        if actor.kind != "generic" or actor.country is not None or actor.id is None or not actor.mentions:
            continue
        first = actor.mentions[0].span.start
        countries = {
            other.country
            for other in actors
            if other is not actor
            and other.sector == actor.sector
            and other.country is not None
            and other.country not in _NON_STATE_CODES
            and other.mentions
            and other.mentions[0].span.start < first
        }
        if len(countries) == 1:
            country = countries.pop()
            actor.id = f"{country.lower()}-{actor.id}"
            actor.country = country
            actor.method = "antecedent"
    # "Palestinian militant" ... "the militants": one actor, whose mentions are in text order.
    by_id: dict[str, Actor] = {}
    for actor in list(actors):
        if actor.id is None:
            continue
        kept = by_id.setdefault(actor.id, actor)
        if kept is not actor:
            kept.mentions.extend(actor.mentions)
            kept.mentions.sort(key=lambda mention: mention.span.start)
            actors.remove(actor)


def _with_context_country(actors: list[Actor], places: list[Place]) -> None:
    """Give country-less generic actors the country where the article happens (method ``context``).

    That country is the one whose places hold at least
    :data:`_CONTEXT_MIN_SHARE` of the article's place mentions, and at least
    :data:`_CONTEXT_MIN_MENTIONS` of them. A place named only as part of a
    longer actor's name ("US troops", "the Turkish government") says whose
    the actor is, not where things happen, and does not count. An article whose places do not
    settle it (none, or too few) also counts its actors (countries, people, groups; not media or
    international bodies). An article about several countries has none, and its generic
    actors stay without a country.
    """
    inside_actor = [m.span for a in actors for m in a.mentions]
    counts: dict[str, int] = {}
    for place in places:
        if place.country is None:
            continue
        located = [m for m in place.mentions if not any(_within(m.span, span) for span in inside_actor)]
        if located:
            counts[place.country] = counts.get(place.country, 0) + len(located)
    country = _dominant(counts)
    if country is None:
        for actor in actors:
            named = actor.country
            if named is None or named in _NON_STATE_CODES or actor.kind in _NOT_CONTEXT or actor.id is None:
                continue
            counts[named] = counts.get(named, 0) + len(actor.mentions)
        country = _dominant(counts)
    if country is None:
        return
    for actor in actors:
        if actor.kind == "generic" and actor.country is None and actor.id is not None:
            actor.id = f"{country.lower()}-{actor.id}"
            actor.country = country
            actor.method = "context"


def _dominant(counts: dict[str, int]) -> str | None:
    """The country with at least :data:`_CONTEXT_MIN_MENTIONS` of the mentions counted and at least
    :data:`_CONTEXT_MIN_SHARE` of them, if one has."""
    total = sum(counts.values())
    if not total:
        return None
    country, top = max(counts.items(), key=lambda item: item[1])
    return country if top >= _CONTEXT_MIN_MENTIONS and top / total >= _CONTEXT_MIN_SHARE else None


def _within(inner: Span, outer: Span) -> bool:
    """Whether ``inner`` lies in ``outer`` and is shorter."""
    return outer.start <= inner.start and inner.end <= outer.end and outer.end - outer.start > inner.end - inner.start


_PLACE_LABELS = frozenset({"LOC", "GPE", "FAC"})


class ResolvePlaces:
    """Geocodes the article's places: gazetteer scan, place adjectives, then the NER's leftovers.

    The countries of the article's actors are the context that picks
    between places of the same name ("Tripoli" in an article about Lebanon).
    Place adjectives ("les territoires irakien et syrien") use the demonyms
    of the actor knowledge base.
    """

    name: ClassVar[str] = "places"
    requires: ClassVar[frozenset[str]] = frozenset({"doc", "actors"})
    provides: ClassVar[frozenset[str]] = frozenset({"places"})

    def __init__(self, actor_files: Iterable[str] = ()) -> None:
        self.actor_files = tuple(actor_files)

    def __call__(self, article: Article) -> Article:
        if article.doc is None or article.language is None:
            return article
        language = article.language
        context = tuple(dict.fromkeys(a.country for a in article.actors if a.country and a.country.isalpha()))
        adjectives = _adjectives(self.actor_files, language)
        actor_spans = [m.span for a in article.actors for m in a.mentions]
        found: list[tuple[Mention, gazetteer.Place]] = []
        for scanned in gazetteer.find_places(article.text, language, context, adjectives):
            found.append((Mention(scanned.text, scanned.span, scanned.method), scanned.place))
        taken = [m.span for m, _ in found] + actor_spans
        for ent in article.doc.ents:
            if ent.label_ not in _PLACE_LABELS:
                continue
            span = Span(ent.start_char, ent.end_char)
            if any(s.start < span.end and span.start < s.end for s in taken) or _spurious(ent):
                continue
            resolved = gazetteer.resolve(ent.text, language, context)
            if resolved is not None:
                taken.append(span)
                found.append((Mention(ent.text, span, ent.label_), resolved))
        places: dict[str, Place] = {}
        for mention, entry in sorted(found, key=lambda pair: pair[0].span.start):
            if entry.id not in places:
                places[entry.id] = Place(
                    id=entry.id,
                    name=entry.name,
                    country=entry.country,
                    lat=entry.lat,
                    lon=entry.lon,
                    kind=entry.kind,
                    admin1=entry.admin1,
                )
            places[entry.id].mentions.append(mention)
        article.places = list(places.values())
        _with_antecedent_country(article.actors)
        _with_context_country(article.actors, article.places)
        return article


@functools.cache
def _adjectives(actor_files: tuple[str, ...], language: str) -> dict[str, str]:
    """Demonym (lower case, every form) → ISO3 country, from the actor knowledge base."""
    found: dict[str, str] = {}
    for entry in kb.default_knowledge_base(actor_files):
        if entry.kind != "country" or entry.country is None:
            continue
        for form in (*entry.demonyms.get(language, ()), *entry.demonyms.get("any", ())):
            found.setdefault(form.casefold(), entry.country)
    return found


def understanding_stages(settings: Settings | None = None) -> list[Parse | TagTimes | ResolveActors | ResolvePlaces]:
    """The understanding stages in pipeline order."""
    settings = settings or Settings()
    return [Parse(settings.ner), TagTimes(), ResolveActors(settings.actor_files), ResolvePlaces(settings.actor_files)]
