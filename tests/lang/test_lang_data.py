"""Every language data file loads and is valid."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from veille import lang
from veille.errors import DataError
from veille.extract.text import BOILERPLATE_FILE, BOILERPLATE_KINDS, load_markers, parse_markers

LANGUAGES = lang.languages()
DATA_FILES = [
    (code, entry.name)
    for code in LANGUAGES
    for entry in (resources.files("veille.lang") / code).iterdir()
    if entry.name.endswith((".yml", ".yaml"))
]


def test_french_and_english_are_shipped() -> None:
    assert {"fr", "en"} <= set(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_boilerplate_markers(code: str) -> None:
    markers = parse_markers(lang.load(code, BOILERPLATE_FILE), f"{code}/{BOILERPLATE_FILE}", code)
    assert markers
    assert {m.kind for m in markers} <= BOILERPLATE_KINDS


@pytest.mark.parametrize(("code", "name"), DATA_FILES, ids=[f"{c}/{n}" for c, n in DATA_FILES])
def test_every_data_file_is_valid_yaml(code: str, name: str) -> None:
    assert lang.load(code, name) is not None


def test_markers_of_all_languages_load_once() -> None:
    assert load_markers() is load_markers()
    assert {m.language for m in load_markers()} == {code for code in LANGUAGES if lang.load(code, BOILERPLATE_FILE)}


def test_missing_file_is_none() -> None:
    assert lang.load("fr", "no-such-file.yml") is None
    assert "fr" not in lang.load_all("no-such-file.yml")


def test_bad_language_code() -> None:
    with pytest.raises(DataError):
        lang.load("../fr", BOILERPLATE_FILE)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "single key 'markers'"),
        ({"markers": [{"kind": "read-also"}]}, "'pattern'"),
        ({"markers": [{"kind": "teaser", "pattern": "x"}]}, "kind 'teaser'"),
        ({"markers": [{"kind": "ad", "pattern": "("}]}, "does not compile"),
        ({"markers": [{"kind": "ad", "pattern": "x", "max_length": 0}]}, "max_length"),
        ({"markers": [{"kind": "ad", "pattern": "x", "max_length": True}]}, "max_length"),
        ({"markers": [{"kind": "ad", "pattern": "x", "case_sensitive": "yes"}]}, "case_sensitive"),
        ({"markers": [{"kind": "ad", "pattern": "x", "maxlength": 3}]}, "unknown key"),
        ({"markers": ["x"]}, "expected a mapping"),
    ],
)
def test_invalid_marker_files_are_rejected(data: object, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_markers(data, "test.yml")


def test_valid_marker_file() -> None:
    text = "markers:\n  - kind: ad\n    pattern: '^annonce$'\n    max_length: 20\n    case_sensitive: true\n"
    (marker,) = parse_markers(yaml.safe_load(text), "test.yml", "fr")
    assert marker.matches("annonce")
    assert not marker.matches("ANNONCE")
    assert not marker.matches("annonce " * 5)
