"""One row per phenomenon: is this line page furniture, and of which kind?

Every language's markers apply to every line, so the language column only
says which language the line is written in.
"""

from __future__ import annotations

import pytest

from veille.extract.text import classify_line

ROWS: list[tuple[str, str, str | None]] = [
    # Teasers for other articles.
    ("fr", "Lire aussi : Au Sahel, la junte prolonge la transition", "read-also"),
    ("fr", "À lire aussi : Les Vingt-Sept divisés sur l'élargissement", "read-also"),
    ("fr", "A lire également - Le Parlement adopte la réforme", "read-also"),
    ("fr", "LIRE AUSSI Les négociations reprennent à Genève", "read-also"),
    ("fr", "Voir aussi", "read-also"),
    ("fr", "» Lire aussi : le bilan des inondations s'alourdit", "read-also"),
    ("fr", "Sur le même sujet", "read-also"),
    ("fr", "Les plus lus", "read-also"),
    ("en", "Read also: Floods displace thousands in the delta", "read-also"),
    ("en", "Read more", "read-also"),
    ("en", "READ MORE: Opposition leader detained at airport", "read-also"),
    ("en", "Also read: Election results delayed", "read-also"),
    ("en", "Related", "read-also"),
    ("en", "Related articles", "read-also"),
    ("en", "See also", "read-also"),
    ("en", "Read more →", "read-also"),
    # Links between pages.
    ("fr", "PREV Grève générale : les syndicats maintiennent la pression", "navigation"),
    ("fr", "NEXT Le Sénat vote le budget", "navigation"),
    ("fr", "Article précédent", "navigation"),
    ("fr", "Article suivant : la Bourse recule", "navigation"),
    ("fr", "« Précédent", "navigation"),
    ("fr", "Suivant »", "navigation"),
    ("fr", "Accueil > International > Afrique", "navigation"),
    ("en", "Previous article", "navigation"),
    ("en", "Next article", "navigation"),
    ("en", "Home / World / Europe", "navigation"),
    ("en", "World › Middle East › Iraq", "navigation"),
    ("en", "Back to top", "navigation"),
    # Sharing widgets.
    ("fr", "Partager", "share"),
    ("fr", "Partager sur Facebook", "share"),
    ("fr", "Copier le lien", "share"),
    ("en", "Share on X", "share"),
    ("en", "Share this article", "share"),
    ("en", "Tweet", "share"),
    ("en", "WhatsApp", "share"),
    ("en", "Facebook Twitter LinkedIn", "share"),
    ("en", "Email this", "share"),
    # Cookie banners.
    ("fr", "Nous utilisons des cookies pour vous offrir la meilleure expérience.", "cookie"),
    ("fr", "En poursuivant votre navigation, vous acceptez l'utilisation de traceurs.", "cookie"),
    ("fr", "Tout accepter", "cookie"),
    ("en", "We use cookies to personalise content and ads.", "cookie"),
    ("en", "Accept all cookies", "cookie"),
    # Subscriptions and newsletters.
    ("fr", "Abonnez-vous à notre newsletter", "subscribe"),
    ("fr", "Déjà abonné ? Connectez-vous", "subscribe"),
    ("fr", "Recevez gratuitement notre newsletter", "subscribe"),
    ("en", "Subscribe to our newsletter", "subscribe"),
    ("en", "Sign up for our daily briefing", "subscribe"),
    ("en", "Get the latest headlines delivered to your inbox", "subscribe"),
    # Comment forms.
    ("fr", "Laisser un commentaire", "comment-form"),
    ("fr", "Votre adresse e-mail ne sera pas publiée.", "comment-form"),
    ("fr", "Nom *", "comment-form"),
    ("fr", "Site web", "comment-form"),
    ("fr", "Enregistrer mon nom, mon e-mail et mon site dans le navigateur.", "comment-form"),
    ("en", "Leave a Reply", "comment-form"),
    ("en", "Your email address will not be published. Required fields are marked *", "comment-form"),
    ("en", "Email *", "comment-form"),
    ("en", "Save my name, email, and website in this browser for the next time I comment.", "comment-form"),
    # Advertising and footers.
    ("fr", "Publicité", "ad"),
    ("fr", "PUBLICITÉ", "ad"),
    ("fr", "La suite après cette publicité", "ad"),
    ("en", "Advertisement", "ad"),
    ("en", "Story continues below advertisement", "ad"),
    ("fr", "© Le Quotidien du Soir 2024 - Tous droits réservés", "footer"),
    ("en", "Copyright 2024 Evening Courier. All rights reserved.", "footer"),
    # News sentences that merely hold a marker word: kept.
    ("fr", "Le président a invité les députés à lire le rapport avant le vote de mardi.", None),
    ("fr", "Suivant les recommandations de l'OMS, le gouvernement a prolongé les restrictions.", None),
    ("fr", "Les internautes ont partagé la vidéo des milliers de fois en quelques heures.", None),
    ("fr", "Partager le pouvoir n'a jamais été dans ses habitudes, a ironisé un député.", None),
    ("fr", "La publicité politique est interdite pendant la campagne officielle.", None),
    ("fr", "Facebook a supprimé mardi 200 comptes liés à une campagne de désinformation.", None),
    ("fr", "Accueil des réfugiés : l'Italie et la Tunisie signent un accord.", None),
    ("fr", "Le Premier ministre a accepté la démission du ministre de l'Intérieur.", None),
    ("fr", "Précédent inquiétant, selon les ONG, qui dénoncent une dérive autoritaire.", None),
    ("fr", "Nom de code de l'opération : « Bouclier du Nord ».", None),
    ("en", "Next week, foreign ministers are due to meet again in Cairo.", None),
    ("en", "The party's share of the vote fell to 12 percent, its worst result since 1990.", None),
    ("en", "Shares in the state oil company fell 4 percent on Monday.", None),
    ("en", "Related talks in Geneva ended without an agreement on Friday.", None),
    ("en", "Home Secretary James Clarke said the border would remain closed.", None),
    ("en", "More than 200 people were killed in the attack, officials said.", None),
    ("en", "Subscribers to the state broadcaster lost access to the channel on Monday.", None),
    ("en", "Advertisement spending by the ruling party doubled, the audit found.", None),
    ("en", "See more troops deployed to the border, the general warned.", None),
    ("en", "Copyright laws were tightened across the bloc last year.", None),
    ("en", "Previous attempts at a ceasefire collapsed within days.", None),
    ("en", "Accept the terms or face sanctions, the envoy told the junta.", None),
]


@pytest.mark.parametrize(("lang", "line", "expected"), ROWS, ids=[f"{r[0]}:{r[1][:40]}" for r in ROWS])
def test_classify_line(lang: str, line: str, expected: str | None) -> None:
    assert classify_line(line) == expected


def test_table_covers_both_languages_and_every_kept_case() -> None:
    assert {lang for lang, _, _ in ROWS} == {"fr", "en"}
    assert len(ROWS) >= 40
    assert sum(1 for _, _, expected in ROWS if expected is None) >= 10


@pytest.mark.parametrize("line", ["", "   ", "\t"])
def test_blank_lines_are_not_boilerplate(line: str) -> None:
    assert classify_line(line) is None


def test_max_length_keeps_long_sentences() -> None:
    long_line = "Lire aussi " + "les conclusions du rapport parlementaire, " * 10
    assert classify_line("Lire aussi : un titre court") == "read-also"
    assert classify_line(long_line) is None
