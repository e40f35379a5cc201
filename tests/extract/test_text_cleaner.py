"""The scraped-text cleaner on pages written for these tests, in French and English."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from veille.errors import ExtractionError
from veille.extract import clean_text, extract
from veille.model import Article, Document, Span

FR_TITLE = "Sommet de Bruxelles : les Vingt-Sept s'accordent sur l'aide à l'Ukraine"
FR_PAGE = f"""{FR_TITLE}
Accueil > International > Europe
{FR_TITLE}

Partager sur Facebook
Partager sur X
Copier le lien

Les dirigeants européens se sont entendus jeudi soir à Bruxelles sur une enveloppe de 50 milliards d'euros.
Le Premier ministre hongrois, qui bloquait l'accord depuis décembre, a finalement levé son veto.

À lire aussi : Ukraine, ce que contient le nouveau plan d'aide

« C'est un jour important pour l'Europe », a déclaré le président du Conseil européen. Le versement est attendu en mars.
Publicité
Les ministres des Finances doivent encore préciser le calendrier la semaine prochaine.



Nous utilisons des cookies pour améliorer votre expérience. En poursuivant, vous acceptez leur utilisation.
Tout accepter
Abonnez-vous à notre newsletter
Laisser un commentaire
Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *
Nom *
Email *
Site web
« Précédent
Suivant »
PREV Grèves dans les transports : le trafic perturbé
NEXT Élections : la campagne officielle s'ouvre
"""
FR_BODY = (
    "Les dirigeants européens se sont entendus jeudi soir à Bruxelles sur une enveloppe de 50 milliards d'euros.\n"
    "Le Premier ministre hongrois, qui bloquait l'accord depuis décembre, a finalement levé son veto."
    "\n\n"
    "« C'est un jour important pour l'Europe », a déclaré le président du Conseil européen. "
    "Le versement est attendu en mars."
    "\n\n"
    "Les ministres des Finances doivent encore préciser le calendrier la semaine prochaine."
)
FR_REASONS = [
    "title",
    "navigation",
    "title-repeat",
    "share",
    "share",
    "share",
    "read-also",
    "ad",
    "cookie",
    "cookie",
    "subscribe",
    "comment-form",
    "comment-form",
    "comment-form",
    "comment-form",
    "comment-form",
    "navigation",
    "navigation",
    "navigation",
    "navigation",
]

EN_TITLE = "Ceasefire talks resume in Doha as mediators push for a deal"
EN_PAGE = f"""
  {EN_TITLE}
Home > World > Middle East
{EN_TITLE.upper()}
Share this article
Facebook Twitter WhatsApp
Email this

Negotiators returned to Doha on Monday for a new round of talks aimed at securing a ceasefire, officials said.
The talks are expected to last several days.

Read more: Aid convoys blocked at border crossing

A senior official said the parties had narrowed their differences. Next week, foreign ministers meet in Cairo.
Advertisement
The share of aid trucks reaching the north has fallen sharply since March, according to UN figures.

We use cookies to improve your experience on our site.
Accept all
Subscribe to our newsletter
Leave a Reply
Your email address will not be published. Required fields are marked *
Comment *
Name *
Email *
Website
Save my name, email, and website in this browser for the next time I comment.
Previous article
Next article
"""
EN_BODY = (
    "Negotiators returned to Doha on Monday for a new round of talks aimed at securing a ceasefire, officials said.\n"
    "The talks are expected to last several days."
    "\n\n"
    "A senior official said the parties had narrowed their differences. Next week, foreign ministers meet in Cairo."
    "\n\n"
    "The share of aid trucks reaching the north has fallen sharply since March, according to UN figures."
)


def _article(text: str, **fields: Any) -> Article:
    return extract(Document(source="test.txt", text=text, **fields))


def assert_offsets_hold(article: Article, samples: int = 300) -> None:
    """``source_text[source_span(span)] == text[span]`` for spans inside one segment."""
    rng = random.Random(7)
    segments = article.offsets.segments
    assert segments, "an article with text has at least one segment"
    for seg in segments:
        copied = article.text[seg.text_start : seg.text_start + seg.length]
        assert copied == article.source_text[seg.source_start : seg.source_start + seg.length]
        for _ in range(samples // len(segments)):
            start = rng.randrange(seg.text_start, seg.text_start + seg.length)
            end = rng.randrange(start, seg.text_start + seg.length + 1)
            span = Span(start, end)
            assert article.source_text[article.source_span(span).start : article.source_span(span).end] == span.of(
                article.text
            )
    ends = [(seg.text_start, seg.text_start + seg.length) for seg in segments]
    for (_, end), (next_start, _) in itertools.pairwise(ends):
        assert article.text[end:next_start] == "\n\n"


def test_french_page() -> None:
    article = _article(FR_PAGE)
    assert article.text == FR_BODY
    assert article.title == FR_TITLE
    assert article.title_span == Span(0, len(FR_TITLE))
    assert [r.reason for r in article.removed] == FR_REASONS
    for removed in article.removed:
        assert removed.span.of(FR_PAGE).strip() == removed.span.of(FR_PAGE)
        assert "\n" not in removed.span.of(FR_PAGE)
    assert_offsets_hold(article)


def test_english_page() -> None:
    article = _article(EN_PAGE)
    assert article.text == EN_BODY
    assert article.title == EN_TITLE
    assert article.title_span is not None
    assert article.title_span.of(EN_PAGE) == EN_TITLE
    assert [r.reason for r in article.removed][:3] == ["title", "navigation", "title-repeat"]
    assert "read-also" in {r.reason for r in article.removed}
    assert_offsets_hold(article)


def test_offsets_on_a_word_found_in_the_text() -> None:
    article = _article(FR_PAGE)
    start = article.text.index("levé son veto")
    span = Span(start, start + len("levé son veto"))
    assert article.source_span(span).of(FR_PAGE) == "levé son veto"


def test_adjacent_lines_keep_their_separator_and_blank_runs_collapse() -> None:
    text = (
        "Bilan de la crue\r\n\r\n\r\n"
        "La rivière est sortie de son lit.\r\nDes routes sont coupées.\r\n\r\n\r\n\r\n"
        "Les secours sont mobilisés."
    )
    cleaned = clean_text(text)
    assert cleaned.title == "Bilan de la crue"
    assert (
        cleaned.text == "La rivière est sortie de son lit.\r\nDes routes sont coupées.\n\nLes secours sont mobilisés."
    )
    assert len(cleaned.offsets.segments) == 2


def test_given_title_is_used_and_its_repeats_dropped() -> None:
    text = "Talks collapse in Vienna\nDiplomats left Vienna on Friday without a deal.\ntalks   collapse in VIENNA\n"
    article = _article(text, title="Talks collapse in Vienna")
    assert article.text == "Diplomats left Vienna on Friday without a deal."
    assert article.title == "Talks collapse in Vienna"
    assert article.title_span == Span(0, len("Talks collapse in Vienna"))
    assert [r.reason for r in article.removed] == ["title", "title-repeat"]


def test_given_title_absent_from_text() -> None:
    text = "Short one-line dispatch without a headline\n\nTroops were deployed to the border on Sunday."
    article = _article(text, title="Troops deployed")
    assert article.title == "Troops deployed"
    assert article.title_span is None
    assert article.text == text


def test_first_line_that_is_a_sentence_is_not_a_title() -> None:
    text = "Troops were deployed to the border on Sunday.\n\nThe ministry said the move was defensive."
    article = _article(text)
    assert article.title is None
    assert article.title_span is None
    assert article.text == text


def test_single_line_without_period_stays_body() -> None:
    article = _article("Rebels seize the town of Kidal after two days of fighting")
    assert article.title is None
    assert article.text == "Rebels seize the town of Kidal after two days of fighting"


def test_title_skips_leading_furniture() -> None:
    text = "Menu\nAccueil > Monde\nLe Niger ferme sa frontière avec le Bénin\nNiamey a fermé sa frontière lundi."
    article = _article(text)
    assert article.title == "Le Niger ferme sa frontière avec le Bénin"
    assert article.text == "Niamey a fermé sa frontière lundi."


def test_indentation_inside_a_run_is_kept_and_edges_trimmed() -> None:
    text = "   Le gouvernement démissionne.\n   Le président accepte.   \n"
    cleaned = clean_text(text)
    assert cleaned.text == "Le gouvernement démissionne.\n   Le président accepte."


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", "Partager\nPublicité\nLire aussi : autre sujet\nNEXT suite"])
def test_nothing_left_is_an_error(text: str) -> None:
    with pytest.raises(ExtractionError) as info:
        _article(text)
    assert info.value.source == "test.txt"
    assert "no article text" in str(info.value)


def test_only_a_title_is_an_error() -> None:
    with pytest.raises(ExtractionError):
        _article("Le titre\nLe titre\n", title="Le titre")


def test_text_article_fields() -> None:
    article = _article(EN_PAGE, url="https://example.test/a", site_name="Courier", authors=("A. Writer",))
    assert article.url == "https://example.test/a"
    assert article.canonical_url is None
    assert article.site_name == "Courier"
    assert article.authors == ("A. Writer",)
    assert article.source_text == EN_PAGE
