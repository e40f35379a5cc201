"""Every actor data file loads and is valid: ids, codes, sectors, offices, names."""

from __future__ import annotations

import importlib.util
import itertools
import subprocess
import sys
from collections import defaultdict
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from veille import lang
from veille.understand._normalize import fold_tokens
from veille.understand.actors import (
    KINDS,
    ROLES,
    SECTORS,
    SPECIAL_COUNTRIES,
    ActorEntry,
    KnowledgeBase,
    builtin_entries,
    load_actor_file,
)

ACTOR_FILES = sorted(
    entry.name for entry in (resources.files("veille") / "data" / "actors").iterdir() if entry.name.endswith(".yml")
)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def entries() -> list[ActorEntry]:
    return builtin_entries()


@pytest.fixture(scope="module")
def countries(entries: list[ActorEntry]) -> set[str]:
    return {entry.country for entry in entries if entry.kind == "country" and entry.country}


def test_the_expected_files_are_shipped() -> None:
    assert {"countries.yml", "igos.yml", "groups.yml", "people.yml", "institutions.yml", "media.yml"} <= set(
        ACTOR_FILES
    )


@pytest.mark.parametrize("name", ACTOR_FILES)
def test_every_file_loads(name: str) -> None:
    path = Path(str(resources.files("veille") / "data" / "actors" / name))
    assert load_actor_file(path)


def test_ids_are_unique(entries: list[ActorEntry]) -> None:
    seen: dict[str, str] = {}
    for entry in entries:
        assert entry.id not in seen, f"{entry.id} in {entry.source} and {seen[entry.id]}"
        seen[entry.id] = entry.source


def test_every_country_is_there(countries: set[str]) -> None:
    assert len(countries) >= 249
    assert {"USA", "IRQ", "COD", "PRK", "PSE", "TWN", "XKX"} <= countries


def test_country_codes_are_iso(countries: set[str]) -> None:
    pycountry = pytest.importorskip("pycountry")
    iso = {country.alpha_3 for country in pycountry.countries}
    assert countries - iso == {"XKX"}


def test_codes_are_valid(entries: list[ActorEntry], countries: set[str]) -> None:
    known = countries | set(SPECIAL_COUNTRIES)
    for entry in entries:
        assert entry.kind in KINDS, entry
        assert entry.country is None or entry.country in known, entry
        assert entry.sector is None or entry.sector in SECTORS, entry
        for office in entry.offices:
            assert office.role in ROLES, entry
            assert office.country is None or office.country in known, entry
            assert office.sector is None or office.sector in SECTORS, entry


def test_offices(entries: list[ActorEntry]) -> None:
    ids = {entry.id for entry in entries}
    for entry in entries:
        for office in entry.offices:
            assert office.country is not None or office.org is not None or office.role == "affiliation", entry
            assert office.org is None or office.org in ids, entry
            if office.start and office.end:
                assert office.start < office.end, entry
            if office.start:
                assert date(1945, 1, 1) <= office.start <= date(2026, 12, 31), entry


def test_one_holder_at_a_time(entries: list[ActorEntry]) -> None:
    """Two people never hold the same national office on the same day (ends are exclusive)."""
    by_office: dict[tuple[str, str], list[tuple[date, date, str]]] = defaultdict(list)
    for entry in entries:
        for office in entry.offices:
            owner = office.org or office.country
            if office.role != "affiliation" and owner is not None:
                by_office[(office.role, owner)].append((office.start or date.min, office.end or date.max, entry.id))
    for key, terms in by_office.items():
        terms.sort()
        for (_, end, first), (start, _, second) in itertools.pairwise(terms):
            assert end <= start or first == second, f"{key}: {first} and {second} overlap"


def test_countries_have_names_in_both_languages(entries: list[ActorEntry]) -> None:
    sovereign = {"USA", "FRA", "IRQ", "SYR", "COD", "PRK", "KOR", "GBR", "DEU", "CHN", "RUS", "UKR", "MLI", "NER"}
    for entry in entries:
        if entry.kind == "country" and entry.country in sovereign:
            assert entry.names("fr") and entry.names("en"), entry
            assert entry.capitals, entry
            assert len(entry.demonyms["fr"]) >= 2 and entry.demonyms["en"], entry


def test_names_are_clean(entries: list[ActorEntry]) -> None:
    for entry in entries:
        for names in (*entry.aliases.values(), *entry.capitals.values(), *entry.demonyms.values()):
            for name in names:
                assert name == name.strip() and "  " not in name, (entry, name)
                assert fold_tokens(name), (entry, name)


def test_shared_names_belong_to_people_told_apart_by_date(entries: list[ActorEntry]) -> None:
    """A name two actors share must be a surname of office holders (Sharif, Aoun), never a country or group's."""
    for language in ("fr", "en"):
        index = KnowledgeBase(entries).index(language)
        for key, aliases in index.exact.items():
            owners = {alias.entry for alias in aliases if alias.entry is not None}
            if len(owners) > 1:
                assert all(owner.kind == "person" and owner.offices for owner in owners), (language, key, owners)


@pytest.mark.parametrize("code", ["fr", "en"])
def test_language_files_load(code: str) -> None:
    data = lang.load(code, "actors.yml")
    assert data is not None
    assert data["roles"] and data["sectors"]
    for group in data["roles"]:
        assert set(group["roles"]) <= ROLES
    for group in data["sectors"]:
        assert group["sector"] in SECTORS
    assert KnowledgeBase(builtin_entries()).index(code).lexicon.heads.children


def test_language_files_have_the_same_keys() -> None:
    keys = {code: set(lang.load(code, "actors.yml")) for code in ("fr", "en")}
    assert keys["fr"] == keys["en"]


def test_generated_countries_are_up_to_date() -> None:
    if importlib.util.find_spec("babel") is None or importlib.util.find_spec("pycountry") is None:
        pytest.skip("needs babel and pycountry to run the generator")
    script = REPO / "scripts" / "build_countries.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
