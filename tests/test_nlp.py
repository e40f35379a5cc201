"""spaCy loading: components, and the hyphenated names the tokenizer keeps whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy

from veille import nlp

COUNTRIES = Path(nlp.__file__).parent / "data" / "actors" / "countries.yml"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Le Royaume-Uni a promis de fournir des missiles à l'Ukraine.", "Royaume-Uni"),
        ("Tel-Aviv a frappé Beyrouth.", "Tel-Aviv"),
        ("Les Pays-Bas ont livré des avions.", "Pays-Bas"),
        ("Un navire sri-lankais a été saisi.", "sri-lankais"),
    ],
)
def test_hyphenated_names_stay_one_token_and_one_sentence(text: str, word: str) -> None:
    doc = nlp.parse(text, "fr")
    assert word in [token.text for token in doc]
    assert len(list(doc.sents)) == 1


def test_every_hyphenated_country_name_the_tokenizer_splits_is_kept_whole() -> None:
    # The spaCy tokenizer as shipped splits some of the knowledge base's French names; each of
    # those must be in single_tokens of veille/lang/fr/language.yml.
    stock = spacy.blank("fr").tokenizer
    names = set(re.findall(r"[A-ZÉ][a-zéèêëàâîïôûç]+(?:-[A-Za-zéèêëàâîïôûçÉ]+)+", COUNTRIES.read_text("utf-8")))
    split = {name for name in names if len(stock(name)) > 1}
    assert split, "the pattern found no split name: the test no longer checks anything"
    assert split <= set(nlp.single_tokens("fr"))


def test_single_tokens_are_listed_per_language() -> None:
    assert "Royaume-Uni" in nlp.single_tokens("fr")
    assert nlp.single_tokens("en") == ()
