"""Short articles written for the export and alert tests, stored with their coded events (no pipeline).

Each article states one event; the events cover what the exports treat
differently: a located air strike (ACLED remote violence), a threat with a
deadline (no ACLED row), a protest in a city, and a meeting with no place
(no GeoJSON feature).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from veille.dedup import fingerprint
from veille.model import Actor, Argument, Article, Document, Event, Mention, OffsetMap, Place, PlaceRef, Span, TimeValue
from veille.store import Store

ISRAELI_ARMY = Actor("isr-mil", "Israeli army", "ISR", "MIL", "ORG")
HAMAS = Actor("hamas", "Hamas", "PSE", "REB", "ORG")
MILITIAS = Actor("irq-militants", "Militants", "IRQ", "REB", "ORG")
IRAQ = Actor("irq", "Iraq", "IRQ", "GOV", "GPE")
FARMERS = Actor(None, "farmers", "FRA", "AGR", "PER")
FRANCE = Actor("fra", "France", "FRA", "GOV", "GPE")
UKRAINE = Actor("ukr", "Ukraine", "UKR", "GOV", "GPE")
GAZA = Place("geonames:281133", "Gaza", "PSE", 31.50, 34.47, "city")
IRAQ_PLACE = Place("country:IRQ", "Iraq", "IRQ", 33.96, 44.63, "country")
PARIS = Place("geonames:2988507", "Paris", "FRA", 48.85, 2.35, "city")


@dataclass(frozen=True)
class Story:
    """An article and the words of its one event."""

    source: str
    text: str
    type: str
    mode: str | None
    trigger: str
    actor: tuple[Actor, str] | None
    recipient: tuple[Actor, str] | None
    place: tuple[Place, str] | None
    day: str
    deadline: tuple[str, str] | None = None
    modality: str = "asserted"
    language: str = "en"


STORIES = (
    Story(
        "strike.txt",
        "The Israeli army struck Hamas positions in Gaza on June 3, the military said.",
        "ASSAULT",
        "aerial",
        "struck",
        (ISRAELI_ARMY, "Israeli army"),
        (HAMAS, "Hamas"),
        (GAZA, "Gaza"),
        "2024-06-03",
    ),
    Story(
        "ultimatum.txt",
        "Des milices irakiennes ont donné à Bagdad un délai de trente jours, faute de quoi elles menacent de reprendre leurs attaques en Irak.",
        "THREATEN",
        "violence",
        "menacent",
        (MILITIAS, "milices irakiennes"),
        (IRAQ, "Bagdad"),
        (IRAQ_PLACE, "Irak"),
        "2024-06-06",
        deadline=("un délai de trente jours", "2024-07-06"),
        modality="hypothetical",
        language="fr",
    ),
    Story(
        "protest.txt",
        "Thousands of farmers marched in Paris on June 4 against the new tax.",
        "PROTEST",
        "demo",
        "marched",
        (FARMERS, "farmers"),
        (FRANCE, "tax"),
        (PARIS, "Paris"),
        "2024-06-04",
    ),
    Story(
        "talks.txt",
        "Ukraine and France met for talks on June 5, officials said.",
        "CONSULT",
        None,
        "met",
        (UKRAINE, "Ukraine"),
        (FRANCE, "France"),
        None,
        "2024-06-05",
    ),
)


def _mention(text: str, surface: str, label: str = "ORG") -> Mention:
    start = text.index(surface)
    return Mention(surface, Span(start, start + len(surface)), label)


def article(story: Story) -> Article:
    """The article of ``story``, fingerprinted, with its event coded."""
    text = story.text
    trigger = _mention(text, story.trigger, "TRIGGER")
    deadline = None
    if story.deadline is not None:
        surface, value = story.deadline
        deadline = TimeValue(surface, _mention(text, surface).span, value, "day", "test", kind="deadline")
    event = Event(
        type=story.type,
        mode=story.mode,
        trigger=trigger,
        evidence=Span(0, len(text)),
        actors=[Argument(story.actor[0], _mention(text, story.actor[1]))] if story.actor else [],
        recipients=[Argument(story.recipient[0], _mention(text, story.recipient[1]))] if story.recipient else [],
        locations=[PlaceRef(story.place[0], _mention(text, story.place[1], "GPE"))] if story.place else [],
        date=TimeValue("", Span(0, 0), story.day, "day", "published"),
        date_from="published",
        modality=story.modality,  # type: ignore[arg-type]
        deadline=deadline,
        confidence=0.8,
    )
    published = date.fromisoformat(story.day)
    url = f"https://news.example/{story.source}"
    document = Document(source=story.source, text=text, url=url, published=published, language=story.language)
    built = Article(
        document=document,
        text=text,
        offsets=OffsetMap.identity(len(text)),
        title=text.split(",")[0],
        url=url,
        published=published,
        language=story.language,
        events=[event],
    )
    built.fingerprint = fingerprint(text)
    return built


def fill(store: Store) -> Store:
    """Store every story; the store, for chaining."""
    for story in STORIES:
        store.add(article(story))
    return store
