"""Actor resolution: one row per phenomenon, in French and English."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from veille.errors import ConfigError
from veille.understand.actors import (
    FUZZY_MIN_LENGTH,
    ActorEntry,
    KnowledgeBase,
    Office,
    default_knowledge_base,
    find_actor_mentions,
    import_cameo_dictionary,
    load_actor_file,
    load_knowledge_base,
    resolve,
)

APRIL_2024 = date(2024, 4, 15)
JUNE_2024 = date(2024, 6, 6)
MARCH_2025 = date(2025, 3, 1)

# (language, text, date, id, country, sector, method)
RESOLVED = [
    # Exact aliases: case, accents, articles and typographic apostrophes do not matter.
    ("fr", "Irak", None, "irq", "IRQ", "GOV", "exact"),
    ("en", "Iraq", None, "irq", "IRQ", "GOV", "exact"),
    ("fr", "les États-Unis", None, "usa", "USA", "GOV", "exact"),
    ("fr", "Etats-Unis", None, "usa", "USA", "GOV", "exact"),
    ("fr", "ETATS UNIS", None, "usa", "USA", "GOV", "exact"),
    ("en", "the U.S.", None, "usa", "USA", "GOV", "exact"),
    ("en", "US", None, "usa", "USA", "GOV", "exact"),
    ("en", "USA", None, "usa", "USA", "GOV", "exact"),
    ("en", "America", None, "usa", "USA", "GOV", "exact"),
    ("en", "United States", None, "usa", "USA", "GOV", "exact"),
    ("fr", "Royaume-Uni", None, "gbr", "GBR", "GOV", "exact"),
    ("en", "Britain", None, "gbr", "GBR", "GOV", "exact"),
    ("en", "UK", None, "gbr", "GBR", "GOV", "exact"),
    ("fr", "la RDC", None, "cod", "COD", "GOV", "exact"),
    ("fr", "RD Congo", None, "cod", "COD", "GOV", "exact"),
    ("en", "DR Congo", None, "cod", "COD", "GOV", "exact"),
    ("fr", "la Corée du Nord", None, "prk", "PRK", "GOV", "exact"),
    ("en", "North Korea", None, "prk", "PRK", "GOV", "exact"),
    ("en", "Türkiye", None, "tur", "TUR", "GOV", "exact"),
    ("fr", "l’Allemagne", None, "deu", "DEU", "GOV", "exact"),
    # Capitals and seats of power stand for the government.
    ("fr", "Washington", None, "usa", "USA", "GOV", "exact"),
    ("fr", "Bagdad", None, "irq", "IRQ", "GOV", "exact"),
    ("en", "Baghdad", None, "irq", "IRQ", "GOV", "exact"),
    ("fr", "Moscou", None, "rus", "RUS", "GOV", "exact"),
    ("fr", "Kiev", None, "ukr", "UKR", "GOV", "exact"),
    ("en", "Kyiv", None, "ukr", "UKR", "GOV", "exact"),
    ("fr", "Pékin", None, "chn", "CHN", "GOV", "exact"),
    ("en", "Beijing", None, "chn", "CHN", "GOV", "exact"),
    ("fr", "Téhéran", None, "irn", "IRN", "GOV", "exact"),
    ("en", "Seoul", None, "kor", "KOR", "GOV", "exact"),
    ("fr", "Pyongyang", None, "prk", "PRK", "GOV", "exact"),
    ("fr", "Jérusalem", None, "isr", "ISR", "GOV", "exact"),
    ("fr", "le Caire", None, "egy", "EGY", "GOV", "exact"),
    ("fr", "la Maison Blanche", None, "usa", "USA", "GOV", "exact"),
    ("en", "the Kremlin", None, "rus", "RUS", "GOV", "exact"),
    ("fr", "l'Elysée", None, "fra", "FRA", "GOV", "exact"),
    # International bodies in both languages.
    ("fr", "l'ONU", None, "un", "UNO", "IGO", "exact"),
    ("fr", "l’Onu", None, "un", "UNO", "IGO", "exact"),
    ("en", "UN", None, "un", "UNO", "IGO", "exact"),
    ("en", "U.N.", None, "un", "UNO", "IGO", "exact"),
    ("fr", "Conseil de sécurité de l'ONU", None, "un-security-council", "UNO", "IGO", "exact"),
    ("fr", "l'OTAN", None, "nato", "IGO", "MIL", "exact"),
    ("en", "NATO", None, "nato", "IGO", "MIL", "exact"),
    ("en", "Nato", None, "nato", "IGO", "MIL", "exact"),
    ("fr", "la CEDEAO", None, "ecowas", "IGO", "GOV", "exact"),
    ("en", "ECOWAS", None, "ecowas", "IGO", "GOV", "exact"),
    ("fr", "l'UE", None, "eu", "EUR", "GOV", "exact"),
    ("fr", "le HCR", None, "unhcr", "UNO", "REF", "exact"),
    ("fr", "l'AIEA", None, "iaea", "UNO", "IGO", "exact"),
    ("fr", "la CPI", None, "icc", "IGO", "JUD", "exact"),
    ("en", "IMF", None, "imf", "IGO", "BUS", "exact"),
    ("fr", "le CICR", None, "icrc", "NGO", "NGO", "exact"),
    # Non-state groups and their many names.
    ("fr", "Daech", None, "islamic-state", "IMG", "REB", "exact"),
    ("fr", "l'EI", None, "islamic-state", "IMG", "REB", "exact"),
    ("fr", "l'État islamique", None, "islamic-state", "IMG", "REB", "exact"),
    ("en", "ISIS", None, "islamic-state", "IMG", "REB", "exact"),
    ("en", "ISIL", None, "islamic-state", "IMG", "REB", "exact"),
    ("en", "Houthis", None, "houthis", "YEM", "REB", "exact"),
    ("en", "Ansar Allah", None, "houthis", "YEM", "REB", "exact"),
    ("fr", "les houthistes", None, "houthis", "YEM", "REB", "exact"),
    ("fr", "Hachd al-Chaabi", None, "pmf", "IRQ", "MIL", "exact"),
    ("en", "Kata'ib Hezbollah", None, "kataib-hezbollah", "IRQ", "REB", "exact"),
    ("fr", "la Résistance islamique en Irak", None, "islamic-resistance-in-iraq", "IRQ", "REB", "exact"),
    ("fr", "les FSR", None, "rsf", "SDN", "REB", "exact"),
    ("en", "RSF", None, "rsf", "SDN", "REB", "exact"),
    ("fr", "AQMI", None, "aqim", "DZA", "REB", "exact"),
    ("fr", "le GSIM", None, "jnim", "MLI", "REB", "exact"),
    ("en", "al-Shabaab", None, "al-shabaab", "SOM", "REB", "exact"),
    ("fr", "le M23", None, "m23", "COD", "REB", "exact"),
    ("fr", "Tsahal", None, "isr-mil", "ISR", "MIL", "exact"),
    ("en", "IDF", None, "isr-mil", "ISR", "MIL", "exact"),
    ("fr", "le Pentagone", None, "usa-mil", "USA", "MIL", "exact"),
    # Spelling variants of transliterated names.
    ("fr", "Mohamed Shià al Soudani", JUNE_2024, "irq-pm-sudani", "IRQ", "GOV", "exact"),
    ("en", "Mohammed Shia' al-Sudani", JUNE_2024, "irq-pm-sudani", "IRQ", "GOV", "exact"),
    ("fr", "al-Soudani", JUNE_2024, "irq-pm-sudani", "IRQ", "GOV", "exact"),
    ("en", "Muhammad Shia al-Sudani", JUNE_2024, "irq-pm-sudani", "IRQ", "GOV", "normalized"),
    ("en", "Mohammad Chia al-Sudany", JUNE_2024, "irq-pm-sudani", "IRQ", "GOV", "normalized"),
    ("fr", "Al Soudany", JUNE_2024, "irq-pm-sudani", "IRQ", "GOV", "normalized"),
    ("en", "Hizbolah", None, "hezbollah", "LBN", "REB", "normalized"),
    ("fr", "Loukachenka", None, "blr-pres-lukashenko", "BLR", "GOV", "normalized"),
    ("fr", "Poutine", None, "rus-pres-putin", "RUS", "GOV", "exact"),
    ("en", "Zelenskyy", None, "ukr-pres-zelensky", "UKR", "GOV", "exact"),
    ("fr", "Nétanyahou", None, "isr-pm-netanyahu", "ISR", "GOV", "exact"),
    ("en", "Emmanuel Macrom", None, "fra-pres-macron", "FRA", "GOV", "fuzzy"),
    ("en", "Abdelfattah Burhan", None, "sdn-burhan", "SDN", "MIL", "fuzzy"),
    ("en", "Hezbolahh movment", None, "hezbollah", "LBN", "REB", "fuzzy"),
    # Role phrases resolve to whoever held the office on the date.
    ("fr", "le président américain", APRIL_2024, "usa-pres-biden", "USA", "GOV", "role"),
    ("fr", "le président américain", MARCH_2025, "usa-pres-trump", "USA", "GOV", "role"),
    ("fr", "le président américain", date(2015, 6, 1), "usa-pres-obama", "USA", "GOV", "role"),
    ("en", "US President", APRIL_2024, "usa-pres-biden", "USA", "GOV", "role"),
    ("en", "U.S. President", MARCH_2025, "usa-pres-trump", "USA", "GOV", "role"),
    ("fr", "le premier ministre irakien", JUNE_2024, "irq-pm-sudani", "IRQ", "GOV", "role"),
    ("fr", "le Premier ministre irakien", date(2021, 6, 1), "irq-pm-kadhimi", "IRQ", "GOV", "role"),
    ("en", "the Iraqi prime minister", JUNE_2024, "irq-pm-sudani", "IRQ", "GOV", "role"),
    ("en", "the prime minister of Iraq", JUNE_2024, "irq-pm-sudani", "IRQ", "GOV", "role"),
    ("fr", "le chef du gouvernement de Bagdad", JUNE_2024, "irq-pm-sudani", "IRQ", "GOV", "role"),
    ("fr", "le chef de la diplomatie russe", JUNE_2024, "rus-fm-lavrov", "RUS", "GOV", "role"),
    ("fr", "le ministre israélien de la Défense", JUNE_2024, "isr-dm-gallant", "ISR", "GOV", "role"),
    ("en", "Israel's defence minister", MARCH_2025, "isr-dm-katz", "ISR", "GOV", "role"),
    ("en", "Iran's foreign minister", date(2025, 1, 10), "irn-fm-araghchi", "IRN", "GOV", "role"),
    ("en", "Iran's foreign minister", date(2022, 1, 10), "irn-fm-amir-abdollahian", "IRN", "GOV", "role"),
    ("fr", "le guide suprême iranien", JUNE_2024, "irn-sl-khamenei", "IRN", "GOV", "role"),
    ("fr", "le dirigeant nord-coréen", JUNE_2024, "prk-sl-kim-jong-un", "PRK", "GOV", "role"),
    ("fr", "l'émir du Qatar", JUNE_2024, "qat-emir-tamim", "QAT", "GOV", "role"),
    ("en", "NATO Secretary General", JUNE_2024, "nato-stoltenberg", "IGO", "GOV", "role"),
    ("fr", "le secrétaire général de l'OTAN", MARCH_2025, "nato-rutte", "IGO", "GOV", "role"),
    ("fr", "le chef du Hezbollah", date(2025, 1, 1), "hezbollah-qassem", "LBN", "REB", "role"),
    ("fr", "le président du Niger", date(2022, 6, 1), "ner-pres-bazoum", "NER", "GOV", "role"),
    # Nobody known in the office: the country's government.
    ("fr", "le Premier ministre maldivien", JUNE_2024, "mdv", "MDV", "GOV", "role"),
    # Offices and dated affiliations change a person's or group's sector.
    ("en", "Ahmed al-Sharaa", date(2020, 1, 1), "syr-pres-sharaa", "SYR", "REB", "exact"),
    ("en", "Ahmed al-Sharaa", MARCH_2025, "syr-pres-sharaa", "SYR", "GOV", "exact"),
    ("en", "Taliban", date(2020, 1, 1), "taliban", "AFG", "REB", "exact"),
    ("en", "Taliban", date(2022, 1, 1), "taliban", "AFG", "GOV", "exact"),
    # A surname two office holders share: the one in office on the date.
    ("en", "Sharif", date(2015, 1, 1), "pak-pm-nawaz-sharif", "PAK", "GOV", "exact"),
    ("en", "Sharif", date(2023, 1, 1), "pak-pm-shehbaz-sharif", "PAK", "GOV", "exact"),
    ("fr", "Aoun", MARCH_2025, "lbn-pres-joseph-aoun", "LBN", "GOV", "exact"),
    # Group phrases: demonym or country with a group noun, and bare group nouns.
    ("fr", "soldats américains", None, "usa-mil", "USA", "MIL", "demonym"),
    ("fr", "les forces américaines", None, "usa-mil", "USA", "MIL", "demonym"),
    ("fr", "forces de sécurité irakiennes", None, "irq-cop", "IRQ", "COP", "demonym"),
    ("fr", "les forces spéciales russes", None, "rus-mil", "RUS", "MIL", "demonym"),
    ("en", "Israeli army", None, "isr-mil", "ISR", "MIL", "demonym"),
    ("en", "US troops", None, "usa-mil", "USA", "MIL", "demonym"),
    ("en", "Iraqi security forces", None, "irq-cop", "IRQ", "COP", "demonym"),
    ("fr", "le gouvernement irakien", None, "irq", "IRQ", "GOV", "demonym"),
    ("en", "the Turkish government", None, "tur", "TUR", "GOV", "demonym"),
    ("fr", "les autorités ukrainiennes", None, "ukr", "UKR", "GOV", "demonym"),
    ("fr", "le régime nord-coréen", None, "prk", "PRK", "GOV", "demonym"),
    ("en", "Russia's military", None, "rus-mil", "RUS", "MIL", "demonym"),
    ("fr", "la police française", None, "fra-cop", "FRA", "COP", "demonym"),
    ("fr", "l'armée du Mali", None, "mli-mil", "MLI", "MIL", "demonym"),
    ("fr", "manifestants", None, "protesters", None, "CVL", "demonym"),
    ("fr", "manifestants iraniens", None, "irn-protesters", "IRN", "CVL", "demonym"),
    ("en", "militias", None, "militias", None, "REB", "demonym"),
    ("en", "Iraqi militias", None, "irq-militias", "IRQ", "REB", "demonym"),
    ("fr", "les rebelles", None, "rebels", None, "REB", "demonym"),
    ("fr", "les rebelles houthis", None, "houthis", "YEM", "REB", "exact"),
    ("en", "Hamas militants", None, "hamas", "PSE", "REB", "demonym"),
    ("fr", "prisonniers palestiniens", None, "pse-prisoners", "PSE", "CVL", "demonym"),
    ("fr", "les Irakiens", None, "irq-cvl", "IRQ", "CVL", "demonym"),
    ("en", "Iraqis", None, "irq-cvl", "IRQ", "CVL", "demonym"),
    ("en", "Iraqi", None, "irq", "IRQ", "GOV", "demonym"),
    # A longer candidate that holds one known actor.
    ("fr", "Premier ministre irakien, Mohamed Shià al Soudani", JUNE_2024, "irq-pm-sudani", "IRQ", "GOV", "role"),
    ("en", "Gaza's ruling Hamas group", None, "hamas", "PSE", "REB", "exact"),
    # News outlets are not the governments of their cities.
    ("en", "Washington Post", None, "washington-post", "USA", "JRN", "exact"),
    ("en", "Jordan", None, "jor", "JOR", "GOV", "exact"),
]


@pytest.mark.parametrize(
    ("language", "text", "when", "actor_id", "country", "sector", "method"),
    RESOLVED,
    ids=[f"{row[0]}:{row[1]}:{row[2] or ''}" for row in RESOLVED],
)
def test_resolve(
    language: str,
    text: str,
    when: date | None,
    actor_id: str,
    country: str | None,
    sector: str | None,
    method: str,
) -> None:
    match = resolve(text, language, when)
    assert match is not None, f"{text!r} did not resolve"
    assert (match.id, match.country, match.sector, match.method) == (actor_id, country, sector, method)
    assert 0.0 < match.score <= 1.0


NOT_ACTORS = [
    ("fr", "Selon"),
    ("fr", "Les"),
    ("fr", "la"),
    ("en", "The"),
    ("en", "us"),
    ("fr", "ei"),
    ("fr", "un"),
    ("en", "Michael Jordan"),
    ("fr", "Jordan Bardella"),
    ("fr", "Irn"),
    ("en", "Austrai"),
    ("fr", "Seul"),
    ("fr", "réunion"),
    ("fr", "l'ancien président américain"),
    ("en", "the president"),
    ("fr", ""),
    ("en", "  , "),
]


@pytest.mark.parametrize(("language", "text"), NOT_ACTORS, ids=[f"{lang}:{text}" for lang, text in NOT_ACTORS])
def test_not_an_actor(language: str, text: str) -> None:
    assert resolve(text, language, JUNE_2024) is None


def test_short_texts_never_match_fuzzily() -> None:
    assert FUZZY_MIN_LENGTH >= 5
    assert resolve("Irnq", "fr") is None
    assert resolve("Irakk", "fr") is None
    assert resolve("Macrom", "fr") is None
    match = resolve("Zelenskii", "en")  # a person's name: one word is enough
    assert match is not None and (match.id, match.method) == ("ukr-pres-zelensky", "normalized")


def test_resolve_ignores_case_except_for_acronyms() -> None:
    match = resolve("TURKEY", "en")
    assert match is not None and match.id == "tur"
    match = resolve("irak", "fr")
    assert match is not None and match.id == "irq"
    assert resolve("us", "en") is None


def test_former_office_holder_is_not_todays() -> None:
    match = resolve("former US President", "en", JUNE_2024)
    assert match is None or match.method != "role"
    elected = find_actor_mentions("Le président élu américain a parlé.", "fr", JUNE_2024)
    assert all(m.match.method != "role" for m in elected)
    found = _ids("US President-elect Donald Trump met President Joe Biden.", "en", date(2024, 12, 1))
    assert found == [("US", "usa"), ("Donald Trump", "usa-pres-trump"), ("Joe Biden", "usa-pres-biden")]


def test_no_date_means_current_holder() -> None:
    match = resolve("le président américain", "fr", None)
    assert match is not None and match.id == "usa-pres-trump"


# ---------------------------------------------------------------- the scanner

FRENCH_TEXT = (
    "BAGDAD (AFP) - Le Premier ministre irakien, Mohamed Chia al-Soudani, a reçu mardi à Bagdad "
    "l'envoyé de l'ONU. Selon Washington, les forces américaines resteront en Irak. "
    "Le président américain Joe Biden a salué l'accord, tandis que Daech a revendiqué une attaque "
    "contre des soldats irakiens. Al-Soudani a demandé aux milices de rendre leurs armes ; "
    "des manifestants se sont rassemblés devant l'ambassade."
)

ENGLISH_TEXT = (
    "Iran's foreign minister met the Iraqi prime minister in Baghdad on Sunday, the State Department said. "
    "US troops and Iraqi security forces were on alert after Houthi rebels fired missiles. "
    "The Washington Post reported that Michael Jordan and Jordan Bardella were not involved. "
    "Jordan condemned the strike, while NATO and the UN called for restraint."
)


def _ids(text: str, language: str, when: date | None) -> list[tuple[str, str]]:
    return [(m.text, m.id) for m in find_actor_mentions(text, language, when)]


def test_scan_french_article() -> None:
    found = _ids(FRENCH_TEXT, "fr", JUNE_2024)
    assert found == [
        ("BAGDAD", "irq"),
        ("AFP", "afp"),
        ("Premier ministre irakien", "irq-pm-sudani"),
        ("Mohamed Chia al-Soudani", "irq-pm-sudani"),
        ("Bagdad", "irq"),
        ("ONU", "un"),
        ("Washington", "usa"),
        ("forces américaines", "usa-mil"),
        ("Irak", "irq"),
        ("président américain", "usa-pres-biden"),
        ("Joe Biden", "usa-pres-biden"),
        ("Daech", "islamic-state"),
        ("soldats irakiens", "irq-mil"),
        ("Al-Soudani", "irq-pm-sudani"),
        ("milices", "militias"),
        ("manifestants", "protesters"),
    ]


def test_scan_english_article() -> None:
    found = _ids(ENGLISH_TEXT, "en", date(2025, 2, 1))
    assert found == [
        ("Iran's foreign minister", "irn-fm-araghchi"),
        ("Iraqi prime minister", "irq-pm-sudani"),
        ("Baghdad", "irq"),
        ("State Department", "usa-state-department"),
        ("US troops", "usa-mil"),
        ("Iraqi security forces", "irq-cop"),
        ("Houthi rebels", "houthis"),
        ("Washington Post", "washington-post"),
        ("Jordan", "jor"),
        ("NATO", "nato"),
        ("UN", "un"),
    ]


def test_spans_point_into_the_text() -> None:
    for text, language in ((FRENCH_TEXT, "fr"), (ENGLISH_TEXT, "en")):
        for mention in find_actor_mentions(text, language, JUNE_2024):
            assert mention.span.of(text) == mention.text
            assert mention.text == mention.text.strip()


def test_places_are_marked_locative() -> None:
    mentions = {m.text: m for m in find_actor_mentions(FRENCH_TEXT, "fr", JUNE_2024)}
    assert mentions["BAGDAD"].locative  # a dateline
    assert mentions["Irak"].locative  # "en Irak"
    assert not mentions["Washington"].locative
    assert [m.locative for m in find_actor_mentions(FRENCH_TEXT, "fr", JUNE_2024) if m.text == "Bagdad"] == [True]


def test_longest_match_wins() -> None:
    found = _ids("La Résistance islamique en Irak menace les USA.", "fr", JUNE_2024)
    assert found == [("Résistance islamique en Irak", "islamic-resistance-in-iraq"), ("USA", "usa")]


def test_word_boundaries() -> None:
    assert _ids("Les Irakiennes et les Irakiens votent ; l'irakien est une langue ?", "fr", None) == [
        ("Irakiennes", "irq-cvl"),
        ("Irakiens", "irq-cvl"),
    ]
    assert _ids("Nigeria and Niger", "en", None) == [("Nigeria", "nga"), ("Niger", "ner")]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Tell us what you think."),
        ("fr", "Un homme a été arrêté."),
        ("en", "They cooked a turkey."),
        ("fr", "Une réunion a eu lieu au ministère."),
        ("en", "He moved to New Mexico and then New York."),
        ("fr", "Le golfe du Mexique est calme."),
        ("en", "Hunter Biden spoke."),
        ("en", "PLEASE LET US KNOW WHAT YOU THINK"),
        ("fr", "Des opérations militaires et des attaques terroristes ont eu lieu."),
        ("en", "Military operations continued near rebel positions."),
    ],
)
def test_scan_ignores_common_words_and_other_names(language: str, text: str) -> None:
    assert _ids(text, language, JUNE_2024) == []


def test_title_case_headline_keeps_names() -> None:
    found = _ids("Iran Warns US Over Strikes On Houthi Targets", "en", JUNE_2024)
    assert ("Iran", "irn") in found and ("US", "usa") in found
    assert ("IRAN", "irn") in _ids("IRAN WARNS THE US AND ISRAEL", "en", JUNE_2024)


def test_bare_group_nouns_that_are_also_adjectives_need_a_determiner() -> None:
    assert _ids("Les militaires et trois terroristes", "fr", None) == [
        ("militaires", "mil"),
        ("terroristes", "militants"),
    ]
    assert _ids("The military said two militants died.", "en", None) == [
        ("military", "mil"),
        ("militants", "militants"),
    ]


def test_a_known_surname_after_another_spelling_of_the_given_name() -> None:
    assert _ids("Volodimir Zelensky a parlé à Mouhammad Soudani.", "fr", JUNE_2024) == [
        ("Volodimir Zelensky", "ukr-pres-zelensky"),
        ("Mouhammad Soudani", "irq-pm-sudani"),
    ]


def test_mentions_of_one_actor_share_its_id() -> None:
    text = "Tsahal a frappé Gaza. L'armée israélienne affirme que les Forces de défense israéliennes ripostaient."
    assert {m.id for m in find_actor_mentions(text, "fr", JUNE_2024)} == {"isr-mil"}


def test_empty_text() -> None:
    assert find_actor_mentions("", "fr", None) == []
    assert find_actor_mentions("  \n ", "en", None) == []


def test_unknown_language_uses_names_spelt_alike() -> None:
    found = _ids("Hamas y Hezbollah", "es", None)
    assert found == [("Hamas", "hamas"), ("Hezbollah", "hezbollah")]


# ---------------------------------------------------------------- the knowledge base


def test_default_knowledge_base_is_loaded_once() -> None:
    assert default_knowledge_base() is default_knowledge_base()
    assert len(default_knowledge_base()) > 800


def test_generic_actors() -> None:
    kb = default_knowledge_base()
    assert kb.generic("IRQ", "GOV").id == "irq"
    assert kb.generic("ISR", "MIL").id == "isr-mil"
    protesters = kb.generic("IRN", "CVL", "protesters")
    assert (protesters.id, protesters.name, protesters.country) == ("irn-protesters", "Iranian protesters", "IRN")
    assert kb.generic(None, "REB", "militias").country is None
    assert kb.get("irn-protesters") is protesters


def test_office_dates() -> None:
    office = Office("president", "USA", date(2021, 1, 20), date(2025, 1, 20))
    assert office.active(date(2021, 1, 20))
    assert not office.active(date(2025, 1, 20))
    assert not office.active(None)
    assert Office("president", "USA", date(2025, 1, 20)).active(None)


def test_user_file_adds_and_replaces_actors(tmp_path: Path) -> None:
    path = tmp_path / "mine.yml"
    path.write_text(
        "kind: custom\n"
        "actors:\n"
        "  - id: fra-collectif-x\n"
        "    name: Collectif X\n"
        "    country: FRA\n"
        "    sector: OPP\n"
        "    aliases: {fr: [Collectif X, le collectif X], en: [X Collective]}\n"
        "  - id: irq\n"
        "    name: Republic of Iraq\n"
        "    kind: country\n"
        "    country: IRQ\n"
        "    sector: GOV\n"
        "    aliases: [Irak, Iraq, Mésopotamie]\n",
        encoding="utf-8",
    )
    kb = load_knowledge_base([path])
    match = kb.resolve("le Collectif X", "fr")
    assert match is not None and (match.id, match.country, match.sector) == ("fra-collectif-x", "FRA", "OPP")
    iraq = kb.resolve("Mésopotamie", "fr")
    assert iraq is not None and iraq.name == "Republic of Iraq"
    assert [m.id for m in kb.find_mentions("Le collectif X manifeste en Irak.", "fr")] == ["fra-collectif-x", "irq"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("actors: [{id: x, name: X, sector: GOVT}]", "sector 'GOVT'"),
        ("actors: [{id: x, name: X, country: Iraq}]", "country 'Iraq'"),
        ("actors: [{id: X Y, name: X}]", "lowercase slug"),
        ("actors: [{id: x, name: X, alias: [Y]}]", "did you mean 'aliases'"),
        ("actors: [{id: x, name: X}, {id: x, name: Y}]", "appears twice"),
        ("actors: [{id: x, name: X, offices: [{role: emperor}]}]", "role 'emperor'"),
        ("actors: [{id: x, name: X, offices: [{role: president, start: 2020-01-01, end: 2019-01-01}]}]", "before"),
        ("actors: [{id: x, name: X, offices: [{role: president, start: soon}]}]", "ISO date"),
        ("- [not, a, mapping]", "a mapping"),
        ("actors: {", "not valid YAML"),
    ],
)
def test_bad_user_file_names_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.yml") as error:
        load_actor_file(path)
    assert message in str(error.value)


def test_unknown_country_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mine.yml"
    path.write_text("actors: [{id: x, name: X, country: XYZ}]", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown country code 'XYZ'"):
        load_knowledge_base([path])


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_actor_file(tmp_path / "nowhere.yml")


CAMEO_DICTIONARY = """\
# A small actor dictionary in the CAMEO/PETRARCH text format.
<!-- the primary phrase may carry a default code; synonyms start with '+' -->
VOLODYMYR_ZELENSKY_  [UKRELI]  ; a comment
+ZELENSKY_
+PRESIDENT_ZELENSKY_
\t[UKRGOV >20190520]

RAOUL_DUCHEMIN_
+DUCHEMIN_
\t[FRAOPP 20100101-20141231]
\t[FRAGOV 150101-201231]

BLUE_RIVER_BRIGADE_ [IMGREB]
+BLUE_RIVER_

UN_AGENCY_FOR_BEES_ [IGOUNOAGR]
"""


def test_import_cameo_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "test.actors.txt"
    path.write_text(CAMEO_DICTIONARY, encoding="utf-8")
    entries = import_cameo_dictionary(path)
    by_name = {entry.name: entry for entry in entries}
    assert list(by_name) == ["Volodymyr Zelensky", "Raoul Duchemin", "Blue River Brigade", "Un Agency For Bees"]
    zelensky = by_name["Volodymyr Zelensky"]
    assert (zelensky.id, zelensky.country, zelensky.sector) == ("cameo-volodymyr-zelensky", "UKR", "ELI")
    assert zelensky.aliases["en"] == ("Volodymyr Zelensky", "Zelensky", "President Zelensky")
    assert zelensky.at(date(2018, 1, 1)) == ("UKR", "ELI")
    assert zelensky.at(date(2024, 1, 1)) == ("UKR", "GOV")
    duchemin = by_name["Raoul Duchemin"]
    assert duchemin.at(date(2012, 6, 1)) == ("FRA", "OPP")
    assert duchemin.at(date(2014, 12, 31)) == ("FRA", "OPP")
    assert duchemin.at(date(2016, 6, 1)) == ("FRA", "GOV")
    assert (by_name["Blue River Brigade"].country, by_name["Blue River Brigade"].sector) == ("IMG", "REB")
    assert (by_name["Un Agency For Bees"].country, by_name["Un Agency For Bees"].sector) == ("UNO", "IGO")

    kb = KnowledgeBase([*default_knowledge_base(), *entries])
    match = kb.resolve("Duchemin", "en", date(2012, 6, 1))
    assert match is not None and (match.id, match.country, match.sector) == ("cameo-raoul-duchemin", "FRA", "OPP")
    match = kb.resolve("Duchemin", "en", date(2016, 6, 1))
    assert match is not None and match.sector == "GOV"
    assert [m.id for m in kb.find_mentions("The Blue River Brigade attacked.", "en")] == ["cameo-blue-river-brigade"]


def test_cameo_dictionary_through_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "test.actors.txt"
    path.write_text(CAMEO_DICTIONARY, encoding="utf-8")
    kb = load_knowledge_base([path])
    assert "cameo-blue-river-brigade" in kb


def test_bad_cameo_code(tmp_path: Path) -> None:
    path = tmp_path / "bad.actors.txt"
    path.write_text("SOMEONE_\n\t[USAGOV sometime]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.actors\.txt:1"):
        import_cameo_dictionary(path)


def test_entries_compare_by_id() -> None:
    one = ActorEntry("x", "X", "custom", None, None)
    other = ActorEntry("x", "Other name", "custom", "FRA", "GOV")
    assert one == other and hash(one) == hash(other)
