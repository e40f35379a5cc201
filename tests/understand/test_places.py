"""Place resolution and scanning: one row per phenomenon, in French and English."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from veille.errors import DataError
from veille.understand.places import (
    Gazetteer,
    Place,
    PlaceMention,
    default_gazetteer,
    find_places,
    load_gazetteer,
    resolve,
)

BAGHDAD = "geonames:98182"
BEIRUT = "geonames:276781"
KYIV = "geonames:703448"
CAIRO = "geonames:360630"
TIMBUKTU = "geonames:2449067"
EL_FASHER = "geonames:379555"
HODEIDAH = "geonames:79415"
GOMA = "geonames:216281"
MALE = "geonames:1282027"
TRIPOLI_LBN = "geonames:266826"
TRIPOLI_LBY = "geonames:2210247"
PARIS = "geonames:2988507"
MOSCOW = "geonames:524901"
GAZA_CITY = "geonames:281133"

# An expected place: its id, or (English name, ISO3 country, kind) where the id is not worth spelling out.
Expected = str | tuple[str, str | None, str]

DEMONYMS = {
    "irakien": "IRQ",
    "irakienne": "IRQ",
    "syrien": "SYR",
    "syrienne": "SYR",
    "ukrainien": "UKR",
    "libanais": "LBN",
    "libanaise": "LBN",
    "malien": "MLI",
    "malienne": "MLI",
    "iraqi": "IRQ",
    "syrian": "SYR",
    "ukrainian": "UKR",
    "russian": "RUS",
    "lebanese": "LBN",
}


def _check(place: Place, expected: Expected) -> None:
    if isinstance(expected, str):
        assert place.id == expected, place
    else:
        assert (place.name, place.country, place.kind) == expected, place


# --------------------------------------------------------------------------- resolve()

# (language, name the NER found, context countries, expected place)
RESOLVED: list[tuple[str, str, tuple[str, ...], Expected]] = [
    # Countries, in both languages and the variants news uses.
    ("fr", "Irak", (), "country:IRQ"),
    ("en", "Iraq", (), "country:IRQ"),
    ("fr", "la Syrie", (), "country:SYR"),
    ("fr", "l’Allemagne", (), "country:DEU"),
    ("fr", "États-Unis", (), "country:USA"),
    ("fr", "Etats-Unis", (), "country:USA"),
    ("fr", "ETATS UNIS", (), "country:USA"),
    ("en", "USA", (), "country:USA"),
    ("en", "the U.S.", (), "country:USA"),
    ("fr", "la RDC", (), "country:COD"),
    ("fr", "Centrafrique", (), "country:CAF"),
    ("fr", "Royaume-Uni", (), "country:GBR"),
    ("en", "Britain", (), "country:GBR"),
    ("fr", "Côte d'Ivoire", (), "country:CIV"),
    ("en", "Ivory Coast", (), "country:CIV"),
    ("fr", "Birmanie", (), "country:MMR"),
    ("en", "Myanmar", (), "country:MMR"),
    ("en", "Türkiye", (), "country:TUR"),
    ("fr", "Corée du Nord", (), "country:PRK"),
    # Cities, French exonyms and transliterations.
    ("fr", "Bagdad", (), BAGHDAD),
    ("en", "Baghdad", (), BAGHDAD),
    ("fr", "Beyrouth", (), BEIRUT),
    ("fr", "Kiev", (), KYIV),
    ("en", "Kyiv", (), KYIV),
    ("fr", "Le Caire", (), CAIRO),
    ("fr", "le Caire", (), CAIRO),
    ("fr", "Tombouctou", (), TIMBUKTU),
    ("fr", "Moscou", (), MOSCOW),
    ("fr", "Goma", (), GOMA),
    ("fr", "El-Facher", (), EL_FASHER),
    ("fr", "el-Facher", (), EL_FASHER),
    ("en", "El Fasher", (), EL_FASHER),
    ("en", "al-Fashir", (), EL_FASHER),
    ("fr", "Hodeïda", (), HODEIDAH),
    ("en", "Hodeidah", (), HODEIDAH),
    ("en", "Malé", (), MALE),
    ("fr", "Pékin", (), ("Beijing", "CHN", "city")),
    ("fr", "Londres", (), ("London", "GBR", "city")),
    ("fr", "Alger", (), ("Algiers", "DZA", "city")),
    ("fr", "Mossoul", (), ("Mosul", "IRQ", "city")),
    # Normalized spelling (French "ch" for English "sh") and fuzzy matching.
    ("fr", "Chebekino", ("RUS",), ("Shebekino", "RUS", "city")),
    ("en", "Baghdadh", (), BAGHDAD),
    # Regions, seas and divisions.
    ("fr", "bande de Gaza", (), "region:gaza-strip"),
    ("en", "the Gaza Strip", (), "region:gaza-strip"),
    ("fr", "Gaza", (), "region:gaza-strip"),
    ("en", "Gaza City", (), GAZA_CITY),
    ("fr", "ville de Gaza", (), GAZA_CITY),
    ("fr", "Cisjordanie", (), "region:west-bank"),
    ("fr", "Darfour", (), "region:darfur"),
    ("fr", "Darfour-Nord", (), "region:north-darfur"),
    ("fr", "Donbass", (), "region:donbas"),
    ("fr", "Crimée", (), "region:crimea"),
    ("fr", "Sahel", (), "region:sahel"),
    ("fr", "mer Rouge", (), "region:red-sea"),
    ("fr", "détroit d’Ormuz", (), "region:strait-of-hormuz"),
    ("fr", "Haut-Karabakh", (), "region:nagorno-karabakh"),
    ("fr", "Nord-Kivu", (), "region:north-kivu"),
    ("fr", "région de Mopti", (), ("Mopti Region", "MLI", "admin1")),
    ("fr", "Mopti", (), ("Mopti", "MLI", "city")),
    ("en", "Belgorod region", (), ("Belgorod Oblast", "RUS", "admin1")),
    ("en", "Donetsk", (), ("Donetsk", "UKR", "city")),
    ("en", "Donetsk Oblast", (), ("Donetsk Oblast", "UKR", "admin1")),
    # A comma: the later parts are context for the first.
    ("fr", "El Fasher, North Darfur", (), EL_FASHER),
    # Disambiguation: population, then context countries, countries first.
    ("fr", "Tripoli", (), TRIPOLI_LBY),
    ("fr", "Tripoli", ("LBN",), TRIPOLI_LBN),
    ("en", "Paris", (), PARIS),
    ("en", "Paris", ("USA",), PARIS),
    ("en", "Geneva", ("USA",), ("Geneva", "CHE", "city")),
    ("en", "Niger", (), "country:NER"),
    ("en", "Georgia", ("USA",), "country:GEO"),
    # A name in another language only when this one has none: "Mexico" is the city in French.
    ("fr", "Mexico", (), ("Mexico City", "MEX", "city")),
    ("en", "Mexico", (), "country:MEX"),
]


@pytest.mark.parametrize(("language", "name", "context", "expected"), RESOLVED, ids=[r[1] for r in RESOLVED])
def test_resolve(language: str, name: str, context: tuple[str, ...], expected: Expected) -> None:
    place = resolve(name, language, context)
    assert place is not None, name
    _check(place, expected)


@pytest.mark.parametrize("name", ["", "   ", "Xyzzyville", "Qwertzuiop", "Lorem ipsum dolor"])
def test_resolve_unknown(name: str) -> None:
    assert resolve(name, "fr") is None


def test_resolve_methods() -> None:
    gazetteer = default_gazetteer()
    assert (m := gazetteer.match("Baghdad", "en")) is not None and m.method == "exact"
    assert (m := gazetteer.match("Bagdad", "fr")) is not None and m.method == "alias"
    assert (m := gazetteer.match("Chebekino", "fr", ("RUS",))) is not None and m.method == "normalized"
    assert (m := gazetteer.match("Baghdaad", "en")) is not None and m.method == "normalized"
    assert (m := gazetteer.match("Baghdadh", "en")) is not None and m.method == "fuzzy"
    assert 0 < m.score < 1


def test_short_names_are_not_fuzzy() -> None:
    assert resolve("Irn", "fr") is None
    assert resolve("Gazo", "fr") is None


def test_coordinates_and_fields() -> None:
    baghdad = resolve("Bagdad", "fr")
    assert baghdad is not None
    assert baghdad.lat == pytest.approx(33.3, abs=0.1)
    assert baghdad.lon == pytest.approx(44.4, abs=0.1)
    assert (baghdad.name, baghdad.country, baghdad.kind) == ("Baghdad", "IRQ", "city")
    assert baghdad.population is not None and baghdad.population > 1_000_000
    sahel = resolve("Sahel", "fr")
    assert sahel is not None and sahel.country is None and sahel.kind == "region"
    iraq = resolve("Irak", "fr")
    assert iraq is not None and iraq.kind == "country" and 29 < iraq.lat < 38 and 38 < iraq.lon < 49


# --------------------------------------------------------------------------- find_places()

# (language, text, context, expected mentions in text order: (words, place))
FOUND: list[tuple[str, str, tuple[str, ...], list[tuple[str, Expected]]]] = [
    # Countries in French and English, with their articles left out of the span.
    ("fr", "Des frappes ont visé la Syrie et l’Irak.", (), [("Syrie", "country:SYR"), ("Irak", "country:IRQ")]),
    ("en", "Troops left Iraq for Kuwait.", (), [("Iraq", "country:IRQ"), ("Kuwait", "country:KWT")]),
    ("fr", "Les Etats-Unis et la RDC ont signé.", (), [("Etats-Unis", "country:USA"), ("RDC", "country:COD")]),
    ("en", "The US and the UK agreed.", (), [("US", "country:USA"), ("UK", "country:GBR")]),
    ("fr", "Le ministre s'est rendu en Côte d’Ivoire.", (), [("Côte d’Ivoire", "country:CIV")]),
    ("fr", "La junte de Birmanie a répondu.", (), [("Birmanie", "country:MMR")]),
    # Cities and exonyms.
    ("fr", "Une explosion a frappé Bagdad mardi.", (), [("Bagdad", BAGHDAD)]),
    ("fr", "Des tirs ont visé Beyrouth et Kiev.", (), [("Beyrouth", BEIRUT), ("Kiev", KYIV)]),
    ("en", "Drones struck Kyiv overnight.", (), [("Kyiv", KYIV)]),
    ("fr", "Les pourparlers se tiennent au Caire.", (), [("Caire", CAIRO)]),
    ("fr", "Le Caire a démenti.", (), [("Le Caire", CAIRO)]),
    (
        "fr",
        "Au Mali, des jihadistes ont attaqué Tombouctou.",
        (),
        [
            ("Mali", "country:MLI"),
            ("Tombouctou", TIMBUKTU),
        ],
    ),
    ("fr", "Les combats continuent à Goma, dans l'est.", (), [("Goma", GOMA)]),
    ("fr", "Le siège d'el-Facher dure depuis des mois.", (), [("el-Facher", EL_FASHER)]),
    ("en", "Shelling hit El Fasher again.", (), [("El Fasher", EL_FASHER)]),
    ("fr", "Le port de Hodeïda a été bombardé.", ("YEM",), [("Hodeïda", HODEIDAH)]),
    ("en", "The port of Hodeidah was struck.", ("YEM",), [("Hodeidah", HODEIDAH)]),
    ("en", "Protesters gathered in Malé.", (), [("Malé", MALE)]),
    (
        "en",
        "GAZA CITY, Gaza Strip - Two people died.",
        (),
        [("GAZA CITY", GAZA_CITY), ("Gaza Strip", "region:gaza-strip")],
    ),
    # Regions and seas, including names written in lowercase.
    ("fr", "La guerre dans la bande de Gaza continue.", (), [("bande de Gaza", "region:gaza-strip")]),
    ("fr", "Un cessez-le-feu à Gaza est discuté.", (), [("Gaza", "region:gaza-strip")]),
    ("fr", "Des colons en Cisjordanie occupée.", (), [("Cisjordanie occupée", "region:west-bank")]),
    ("fr", "La famine menace le Darfour.", (), [("Darfour", "region:darfur")]),
    ("fr", "Le front du Donbass est figé.", (), [("Donbass", "region:donbas")]),
    ("fr", "Les groupes armés du Sahel recrutent.", (), [("Sahel", "region:sahel")]),
    ("fr", "Un navire a été touché en mer Rouge.", (), [("mer Rouge", "region:red-sea")]),
    (
        "en",
        "Shipping in the Red Sea and the Gulf of Aden.",
        (),
        [
            ("Red Sea", "region:red-sea"),
            ("Gulf of Aden", "region:gulf-of-aden"),
        ],
    ),
    ("fr", "La capitale du Darfour-Nord est encerclée.", (), [("Darfour-Nord", "region:north-darfur")]),
    # Kind phrases choose the division over the city, and join the span.
    ("fr", "Des frappes dans la région de Mopti.", (), [("région de Mopti", ("Mopti Region", "MLI", "admin1"))]),
    ("fr", "Un drone a visé Mopti.", (), [("Mopti", ("Mopti", "MLI", "city"))]),
    ("en", "Shelling in the Belgorod region.", (), [("Belgorod region", ("Belgorod Oblast", "RUS", "admin1"))]),
    ("fr", "Des bombes sur la ville de Gaza.", (), [("ville de Gaza", GAZA_CITY)]),
    # Disambiguation by the caller's context, and by countries the text names.
    ("fr", "Des heurts à Tripoli.", (), [("Tripoli", TRIPOLI_LBY)]),
    ("fr", "Des heurts à Tripoli.", ("LBN",), [("Tripoli", TRIPOLI_LBN)]),
    ("fr", "Au Liban, des heurts à Tripoli.", (), [("Liban", "country:LBN"), ("Tripoli", TRIPOLI_LBN)]),
    ("en", "The summit in Paris ended.", ("USA",), [("Paris", PARIS)]),
    # A division after a city and a comma is in the city's country.
    (
        "en",
        "A rally in Atlanta, Georgia.",
        (),
        [
            ("Atlanta", ("Atlanta", "USA", "city")),
            ("Georgia", ("Georgia", "USA", "admin1")),
        ],
    ),
    ("en", "Talks in Tbilisi, Georgia.", (), [("Tbilisi", ("Tbilisi", "GEO", "city")), ("Georgia", "country:GEO")]),
    # French divisions take an article; towns do not ("l'Alliance" is no town).
    (
        "fr",
        "Des combats dans l'Ituri et au Nord-Kivu.",
        (),
        [
            ("Ituri", "region:ituri"),
            ("Nord-Kivu", "region:north-kivu"),
        ],
    ),
    ("fr", "L'Alliance a voté, à l'unanimité.", ("USA",), []),
    # A small town counts where its country is in context, or after a cue.
    ("en", "Shebekino faces constant shelling.", (), []),
    ("en", "Shebekino faces constant shelling.", ("RUS",), [("Shebekino", ("Shebekino", "RUS", "city"))]),
    ("en", "Shelling continues in Shebekino.", (), [("Shebekino", ("Shebekino", "RUS", "city"))]),
    # Common words need a cue; capitalised at the start of a sentence they are words.
    ("en", "Police said the march was peaceful.", (), []),
    ("en", "Mobile networks went down. Nice try.", (), []),
    ("en", "The ferry docked in Split.", (), [("Split", ("Split", "HRV", "city"))]),
    ("fr", "Date de publication inconnue. Tours de garde.", (), []),
    ("fr", "Il est né à Tours.", (), [("Tours", ("Tours", "FRA", "city"))]),
    ("fr", "Sur le terrain, Seul le silence.", (), []),
    ("en", "Talks resume in March, officials said.", (), []),
    # Names inside longer proper names: people, newspapers, titles.
    ("en", "The Washington Post reported it.", (), []),
    ("fr", "Hassan Nasrallah a parlé.", (), []),
    ("en", "Jordan Bardella spoke in Paris.", (), [("Paris", PARIS)]),
    ("en", "China said President Lai was wrong.", (), [("China", "country:CHN")]),
    ("fr", "Le Hamas a répondu.", (), []),
    ("en", "Iran-backed militias attacked.", (), []),
    # ... but beside a capitalised word that is a geographic word or a weekday they stand.
    ("en", "Drills near Kinmen Island.", (), [("Kinmen", ("Kinmen", "TWN", "admin1"))]),
    ("en", "Officials met in Geneva Thursday.", (), [("Geneva", ("Geneva", "CHE", "city"))]),
    # Title-case headlines keep their places.
    ("en", "Israeli Military Strikes Gaza\n\nText follows.", (), [("Gaza", "region:gaza-strip")]),
    # A name that is a lowercase word elsewhere in the text needs a cue.
    ("en", "Orange juice prices. The orange crop failed.", (), []),
]


def _assert_mentions(text: str, mentions: list[PlaceMention], expected: list[tuple[str, Expected]]) -> None:
    assert [m.text for m in mentions] == [words for words, _ in expected], mentions
    position = 0
    for mention, (words, place) in zip(mentions, expected, strict=True):
        assert mention.span.of(text) == mention.text == words
        assert mention.span.start == text.index(words, position)
        position = mention.span.end
        _check(mention.place, place)
        assert mention.method in ("exact", "alias", "normalized", "fuzzy", "adjective")
        assert 0 < mention.score <= 1


@pytest.mark.parametrize(("language", "text", "context", "expected"), FOUND, ids=[f"{r[0]}:{r[1][:40]}" for r in FOUND])
def test_find_places(language: str, text: str, context: tuple[str, ...], expected: list[tuple[str, Expected]]) -> None:
    _assert_mentions(text, find_places(text, language, context), expected)


# (language, text, expected mentions with demonyms given)
ADJECTIVES: list[tuple[str, str, list[tuple[str, Expected]]]] = [
    (
        "fr",
        "des attaques sur les territoires irakien et syrien",
        [
            ("irakien", "country:IRQ"),
            ("syrien", "country:SYR"),
        ],
    ),
    ("fr", "une frappe sur le territoire syrien", [("syrien", "country:SYR")]),
    ("fr", "des attaques sur le sol ukrainien", [("ukrainien", "country:UKR")]),
    ("en", "drones entered Iraqi territory", [("Iraqi", "country:IRQ")]),
    ("en", "no troops on Ukrainian soil", [("Ukrainian", "country:UKR")]),
    ("en", "along the Syrian and Iraqi border", [("Syrian", "country:SYR"), ("Iraqi", "country:IRQ")]),
    ("fr", "une frappe dans la capitale libanaise", [("capitale libanaise", BEIRUT)]),
    ("en", "a strike on the Lebanese capital", [("Lebanese capital", BEIRUT)]),
    # A demonym without a trigger noun names people, not a place.
    ("fr", "les soldats syriens et le président irakien", []),
]


@pytest.mark.parametrize(("language", "text", "expected"), ADJECTIVES, ids=[r[1][:40] for r in ADJECTIVES])
def test_place_adjectives(language: str, text: str, expected: list[tuple[str, Expected]]) -> None:
    mentions = find_places(text, language, adjectives=DEMONYMS)
    _assert_mentions(text, mentions, expected)
    assert all(m.method == "adjective" for m in mentions)


def test_adjectives_need_the_mapping() -> None:
    assert find_places("des attaques sur les territoires irakien et syrien", "fr") == []


def test_demonyms_are_context() -> None:
    text = "L'armée malienne a repris Diré."
    assert find_places(text, "fr") == []
    (mention,) = find_places(text, "fr", adjectives=DEMONYMS)
    assert (mention.text, mention.place.country) == ("Diré", "MLI")


def test_longest_match_wins() -> None:
    (mention,) = find_places("Ils vivent en Corée du Nord.", "fr")
    assert mention.place.id == "country:PRK"
    (mention,) = find_places("Ils vivent au Soudan du Sud.", "fr")
    assert mention.place.id == "country:SSD"


def test_unknown_language_scans_without_cues(caplog: pytest.LogCaptureFixture) -> None:
    mentions = default_gazetteer().find("Bombardeo en Bagdad.", "es")
    assert [m.place.id for m in mentions] == [BAGHDAD]
    assert "no places.yml for language 'es'" in caplog.text


def test_scan_is_fast() -> None:
    paragraph = (
        "La Résistance islamique en Irak menace de reprendre les attaques en Syrie et dans la bande de Gaza. "
        "À Bagdad, le premier ministre a reçu l'émissaire de Washington, tandis qu'à Beyrouth et à Damas "
        "on redoute une escalade. Les milices visent des bases en Jordanie et près d'Erbil, au Kurdistan. "
    )
    text = paragraph * (3000 // len(paragraph) + 1)
    gazetteer = default_gazetteer()
    gazetteer.find(text, "fr")
    started = time.perf_counter()
    for _ in range(10):
        mentions = gazetteer.find(text, "fr")
    per_scan = (time.perf_counter() - started) / 10
    assert len(mentions) >= 10
    assert per_scan < 0.05, f"{per_scan * 1000:.1f} ms for {len(text)} characters"


def test_default_gazetteer_loads_once() -> None:
    assert default_gazetteer() is default_gazetteer()
    assert isinstance(default_gazetteer(), Gazetteer)
    assert len(default_gazetteer()) > 30_000


def test_lookups_by_id() -> None:
    gazetteer = default_gazetteer()
    baghdad = gazetteer.get(BAGHDAD)
    assert baghdad is not None and baghdad.name == "Baghdad"
    assert gazetteer.get("geonames:0") is None
    assert BAGHDAD in gazetteer
    country = gazetteer.country("irq")
    assert country is not None and country.id == "country:IRQ"
    assert gazetteer.capital("IRQ") == baghdad
    assert "bagdad" in gazetteer.names_of(BAGHDAD)


# --------------------------------------------------------------------------- invalid data


def _write_data(root: Path, regions: str = "[]\n", countries: str | None = None) -> Path:
    header = "# test data\n"
    (root / "countries.tsv").write_text(
        countries
        if countries is not None
        else header
        + "id\tiso3\tiso2\tname\tlat\tlon\tpopulation\tcapital\tnames\n"
        + "country:IRQ\tIRQ\tIQ\tIraq\t33.0\t44.0\t100\t1\ten=Iraq|fr=Irak\n",
        encoding="utf-8",
    )
    (root / "admin1.tsv").write_text(header + "id\tcountry\tname\tlat\tlon\tpopulation\tnames\n", encoding="utf-8")
    (root / "cities.tsv").write_text(
        header
        + "geonameid\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tname_count\talternates\n"
        + "1\tBaghdad\tIRQ\t\t33.3\t44.4\t7000000\t40\tBagdad\n",
        encoding="utf-8",
    )
    (root / "regions.yml").write_text(regions, encoding="utf-8")
    return root


def test_small_gazetteer_from_a_directory(tmp_path: Path) -> None:
    gazetteer = load_gazetteer(_write_data(tmp_path))
    assert len(gazetteer) == 2
    assert (place := gazetteer.match("Bagdad", "fr")) is not None and place.place.id == "geonames:1"
    assert gazetteer.capital("IRQ") == gazetteer.get("geonames:1")
    assert [m.text for m in gazetteer.find("Ils ont quitté l'Irak pour Bagdad.", "fr")] == ["Irak", "Bagdad"]


@pytest.mark.parametrize(
    ("regions", "message"),
    [
        ("{}", "expected a list of regions"),
        ("- {id: region:x, name: X}\n", "expected a mapping with"),
        ("- {id: x, name: X, kind: region, country: null, lat: 1, lon: 1, names: {en: [X]}}\n", "must start with"),
        ("- {id: region:x, name: X, kind: town, country: null, lat: 1, lon: 1, names: {en: [X]}}\n", "kind 'town'"),
        ("- {id: region:x, name: X, kind: region, country: Iraq, lat: 1, lon: 1, names: {en: [X]}}\n", "alpha-3"),
        ("- {id: region:x, name: X, kind: region, country: null, lat: 95, lon: 1, names: {en: [X]}}\n", "range"),
        ("- {id: region:x, name: X, kind: region, country: null, lat: 1, lon: 1, names: {en: X}}\n", "list of"),
        ("- {id: region:x, name: X, kind: sea, lat: 1, lon: 1, names: {en: [X]}, area: 3}\n", "unknown key"),
        (
            "- {id: region:x, name: X, kind: sea, lat: 1, lon: 1, names: {en: [X]}}\n"
            "- {id: region:x, name: Y, kind: sea, lat: 1, lon: 1, names: {en: [Y]}}\n",
            "defined twice",
        ),
        ("- [unclosed\n", "not valid YAML"),
    ],
)
def test_invalid_regions_are_rejected(tmp_path: Path, regions: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        load_gazetteer(_write_data(tmp_path, regions))


@pytest.mark.parametrize(
    ("countries", "message"),
    [
        ("id\tname\n", "expected the columns"),
        ("id\tiso3\tiso2\tname\tlat\tlon\tpopulation\tcapital\tnames\ncountry:IRQ\tIRQ\n", "9 tab-separated"),
        (
            "id\tiso3\tiso2\tname\tlat\tlon\tpopulation\tcapital\tnames\ncountry:IRQ\tIRQ\tIQ\tIraq\tx\t44\t1\t\t\n",
            "not numbers",
        ),
        (
            "id\tiso3\tiso2\tname\tlat\tlon\tpopulation\tcapital\tnames\ncountry:IRQ\tIRQ\tIQ\tIraq\t3\t44\tmany\t\t\n",
            "not a whole number",
        ),
    ],
)
def test_invalid_tables_are_rejected(tmp_path: Path, countries: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        load_gazetteer(_write_data(tmp_path, countries=countries))


def test_missing_table(tmp_path: Path) -> None:
    _write_data(tmp_path)
    (tmp_path / "cities.tsv").unlink()
    with pytest.raises(DataError, match=r"cities\.tsv is missing"):
        load_gazetteer(tmp_path)
