"""The understanding stages end to end, on short articles written for these tests and on the seed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from veille import nlp
from veille.analysis import analyze_document
from veille.errors import PipelineError
from veille.extract import extract
from veille.model import Article, Document
from veille.pipeline import Pipeline
from veille.record import article_record
from veille.understand.stages import Parse, ResolveActors, TagTimes

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev" / "seed.jsonl"

FRENCH = """Liban : Tsahal frappe le sud du pays, le Hezbollah promet de riposter

L'armée israélienne a mené mardi une série de frappes aériennes contre des positions du Hezbollah dans le sud du Liban, selon l'agence officielle libanaise ANI. Le Premier ministre libanais Najib Mikati a dénoncé « une agression ».

Lire aussi : Syrie, Damas accuse Ankara de violer sa souveraineté

Le mouvement chiite a promis de répondre « au moment opportun ». Depuis octobre dernier, les échanges de tirs se multiplient à la frontière.
PREV Élections européennes : la France vote dimanche
NEXT Climat : Paris accueille une conférence internationale
"""

ENGLISH = """Iraqi security forces arrested 14 people after clashes in Basra on Sunday, a police spokesman said.

Prime Minister Mohammed Shia al-Sudani ordered an inquiry and told the interior ministry to report within 72 hours. Protesters had demanded the resignation of the provincial governor since early June.

Read more: Kuwait and Iraq agree on new border talks
"""


def analyzed(text: str, published: date | None) -> Article:
    return analyze_document(Document(source="test", text=text, published=published))


def actor_ids(article: Article) -> dict[str, str | None]:
    return {m.text: a.id for a in article.actors for m in a.mentions}


def test_stages_are_ordered_and_checked() -> None:
    assert Pipeline([Parse(), TagTimes(), ResolveActors()]).names == ("parse", "times", "actors")
    with pytest.raises(PipelineError, match="requires doc"):
        Pipeline([ResolveActors(), Parse()])


@pytest.mark.parametrize("ner", [False, True])
def test_entity_recognizer_runs_only_when_asked(ner: bool) -> None:
    # A person the knowledge base does not hold is an actor only through the recognizer.
    text = "Harriet Pemberton, a local councillor, told reporters the bridge would reopen on Friday."
    document = Document(source="test", text=text, language="en", published=date(2024, 6, 6))
    article = Pipeline([Parse(ner), TagTimes(), ResolveActors()])(extract(document))
    assert ("Harriet Pemberton" in actor_ids(article)) is ner
    assert bool(article.doc.ents) is ner
    assert ("ner" in nlp.load("en", ner).pipe_names) is ner


def test_french_article_actors_times_and_no_boilerplate() -> None:
    article = analyzed(FRENCH, date(2024, 6, 11))
    ids = actor_ids(article)
    assert ids["armée israélienne"] == "isr-mil"
    assert "hezbollah" in ids.values()
    assert ids["Premier ministre libanais"] == "lbn-pm-mikati" or ids["Najib Mikati"] == "lbn-pm-mikati"
    mikati = next(a for a in article.actors if a.id == "lbn-pm-mikati")
    assert {m.text for m in mikati.mentions} >= {"Najib Mikati"}
    # nothing from the teaser or the PREV/NEXT lines
    assert not {"Damas", "Ankara", "France", "Paris"} & set(ids)
    times = {t.text: t for t in article.times}
    assert times["mardi"].value == "2024-06-11"
    assert times["octobre dernier"].value == "2023-10"


def test_english_article_role_by_date_and_deadline() -> None:
    article = analyzed(ENGLISH, date(2024, 6, 16))
    ids = actor_ids(article)
    assert ids["Iraqi security forces"] == "irq-cop"
    assert ids["Mohammed Shia al-Sudani"] == "irq-pm-sudani"
    deadline = next(t for t in article.times if t.kind == "deadline")
    assert (deadline.text, deadline.value, deadline.anchor) == ("within 72 hours", "2024-06-19", date(2024, 6, 16))
    assert "Kuwait" not in ids


def test_generic_actor_takes_the_country_where_things_happen_not_the_nationality_of_other_actors() -> None:
    text = (
        "A drone attacked US troops at Erbil airport. US forces said the US military base in Erbil was hit twice. "
        "Militias have called for the departure of foreign troops from Iraq."
    )
    article = analyzed(text, date(2024, 6, 6))
    militias = next(a for a in article.actors if any(m.text == "Militias" for m in a.mentions))
    assert (militias.country, militias.method) == ("IRQ", "context")


def test_generic_actor_takes_the_country_of_the_actors_when_one_place_is_too_few() -> None:
    # One place (Nairobi) does not settle where things happen; with the Kenyan actors it does.
    text = (
        "Des milliers de manifestants ont défilé mardi à Nairobi contre la hausse des taxes. "
        "La police a tiré des gaz lacrymogènes. Le président William Ruto a appelé au calme "
        "et les autorités kényanes ont promis une enquête."
    )
    article = analyzed(text, date(2024, 6, 25))
    police = next(a for a in article.actors if any(m.text == "police" for m in a.mentions))
    assert (police.country, police.method) == ("KEN", "context")


def test_unknown_publication_date_leaves_relative_times_unresolved() -> None:
    article = analyzed(FRENCH, None)
    last_october = next(t for t in article.times if t.text == "octobre dernier")
    assert last_october.value is None and last_october.rule == "unresolved-no-anchor"


def test_language_without_pipeline_is_a_warning_not_a_crash() -> None:
    document = Document(source="de.txt", text="Die Regierung hat am Montag neue Sanktionen beschlossen.", language="de")
    article = analyze_document(document)
    assert article.actors == [] and article.doc is None
    assert any("'de'" in w for w in article.warnings)


def test_record_spans_point_into_the_input() -> None:
    article = analyzed(FRENCH, date(2024, 6, 11))
    record = article_record(article)
    for group in ("actors", "places"):
        for item in record[group]:
            for mention in item["mentions"]:
                assert FRENCH[mention["start"] : mention["end"]] == mention["text"]
    for time in record["times"]:
        assert FRENCH[time["start"] : time["end"]] == time["text"]


@pytest.mark.skipif(not SEED.exists(), reason="../shared/eval/dev/seed.jsonl not present")
def test_seed() -> None:
    gold = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    article = analyzed(gold["text"], date(2024, 6, 6))
    record = article_record(article)
    by_id = {a["id"]: a for a in record["actors"]}
    pm = by_id["irq-pm-sudani"]
    spellings = {m["text"] for m in pm["mentions"]}
    assert {"Mohamed Shià al Soudani", "Mohammed Shià al Soudani", "Al-Soudani"} <= spellings
    assert "Washington" in {m["text"] for m in by_id["usa"]["mentions"]}
    assert by_id["usa"]["sector"] == "GOV"
    shafaq = next(a for a in record["actors"] if any(m["text"] == "Shafaq" for m in a["mentions"]))
    assert shafaq["kind"] != "PER" and shafaq["sector"] == "JRN"
    body_start = gold["text"].index("La Résistance islamique en Irak, une coalition")
    teaser = gold["text"].index("Lire aussi")
    teaser_end = gold["text"].index("\n", teaser)
    navigation = gold["text"].index("PREV ")
    for group in ("actors", "places"):
        for item in record[group]:
            for m in item["mentions"]:
                assert m["start"] >= body_start, m
                assert not teaser <= m["start"] < teaser_end, m
                assert m["start"] < navigation, m
    places = {m["text"]: p for p in record["places"] for m in p["mentions"]}
    expected = {"Irak": "IRQ", "Syrie": "SYR", "Jordanie": "JOR", "bande de Gaza": "PSE", "Bagdad": "IRQ"}
    for name, country in expected.items():
        assert places[name]["country"] == country, name
        assert -90 <= places[name]["lat"] <= 90 and -180 <= places[name]["lon"] <= 180
    assert abs(places["Bagdad"]["lat"] - 33.3) < 0.2 and abs(places["Bagdad"]["lon"] - 44.4) < 0.2
    assert {"IRQ", "SYR"} <= {
        p["country"] for p in record["places"] if any(m["text"] in ("irakien", "syrien") for m in p["mentions"])
    }
    times = {t["text"]: t for t in record["times"]}
    assert times["octobre dernier"]["value"] == "2023-10"
    assert (times["mi-avril"]["value"], times["mi-avril"]["approximate"]) == ("2024-04", True)
    deadline = times["un délai maximum de 40 jours"]
    assert (deadline["value"], deadline["anchor"]) == ("2024-07-16", "2024-06-06")
