"""Language: the setting, then the document's own, then detection."""

from __future__ import annotations

import pytest

from veille.config import Settings
from veille.extract import choose_language, detect_language, extract
from veille.model import Document

FRENCH = (
    "Le gouvernement a annoncé lundi une hausse du budget de la défense pour l'année prochaine. "
    "Les syndicats ont appelé à manifester devant l'Assemblée nationale."
)
ENGLISH = (
    "The government announced on Monday an increase in the defence budget for next year. "
    "Unions called for a demonstration outside parliament."
)


@pytest.mark.parametrize(("text", "expected"), [(FRENCH, "fr"), (ENGLISH, "en")])
def test_detect(text: str, expected: str) -> None:
    detected = detect_language(text)
    assert detected is not None
    assert detected.code == expected
    assert 0.5 < detected.confidence <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "12 345 — 2024", "!!! ???"])
def test_nothing_to_detect(text: str) -> None:
    assert detect_language(text) is None


@pytest.mark.parametrize(("text", "expected"), [(FRENCH, "fr"), (ENGLISH, "en")])
def test_extract_detects(text: str, expected: str) -> None:
    article = extract(Document(source="a.txt", text=text))
    assert article.language == expected
    assert article.language_from == "detected"
    assert article.language_confidence is not None and 0.0 <= article.language_confidence <= 1.0


def test_flag_wins_over_input_and_detection() -> None:
    article = extract(Document(source="a.txt", text=ENGLISH, language="de"), Settings(language="fr"))
    assert (article.language, article.language_from, article.language_confidence) == ("fr", "flag", None)


def test_input_wins_over_detection() -> None:
    article = extract(Document(source="a.txt", text=ENGLISH, language="fr"))
    assert (article.language, article.language_from, article.language_confidence) == ("fr", "input", None)


@pytest.mark.parametrize(("given", "expected"), [("fr-FR", "fr"), ("EN", "en"), ("fr_CA", "fr"), (" en ", "en")])
def test_input_code_is_normalized(given: str, expected: str) -> None:
    choice = choose_language(Document(source="a.txt", text=FRENCH, language=given), None, None, FRENCH)
    assert (choice.code, choice.source) == (expected, "input")


def test_blank_input_language_falls_back_to_detection() -> None:
    choice = choose_language(Document(source="a.txt", text=FRENCH, language=" "), Settings(), None, FRENCH)
    assert (choice.code, choice.source) == ("fr", "detected")


def test_detection_reads_the_title_too() -> None:
    title = "Les syndicats appellent à une grève générale contre la réforme des retraites"
    choice = choose_language(Document(source="a.txt", text=""), None, title, "OK")
    assert (choice.code, choice.source) == ("fr", "detected")
