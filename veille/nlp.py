"""spaCy pipelines per language, loaded once per process.

Which pipeline a language uses is data: ``spacy_models`` in
``veille/lang/<code>/language.yml``, tried in order. Loading happens on first
use, never at import, so ``--help``, imports and tests that need no parse stay
fast, and a worker process loads each model once.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from veille import lang
from veille.errors import DataError, LanguageError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "BATCH_SIZE",
    "NER",
    "installed_model",
    "load",
    "model_names",
    "parse",
    "pipe",
    "single_tokens",
    "supported_languages",
]

log = logging.getLogger(__name__)

BATCH_SIZE = 32
"""Texts per ``nlp.pipe`` batch: large enough to amortise, small enough for memory."""

# Components Veille never reads: disabling them saves time on every article.
_UNUSED = ("senter",)

NER = "ner"
"""The statistical entity recognizer: run only when asked (``Settings.ner``).

Actors and places come from the knowledge-base and gazetteer scans; the
recognizer only adds names those miss, and costs about a third of the French
parse and half of the English one (``BENCHMARKS.md``).
"""


def model_names(language: str) -> tuple[str, ...]:
    """The spaCy pipelines ``language`` may use, in order of preference."""
    config = lang.load(language, "language.yml") if language.isalpha() else None
    if config is None:
        known = ", ".join(supported_languages())
        raise LanguageError(
            f"no language folder for {language!r} (Veille reads {known}): add veille/lang/{language}/ "
            "with language.yml naming a spaCy pipeline"
        )
    names = config.get("spacy_models") if isinstance(config, dict) else None
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise DataError(f"veille/lang/{language}/language.yml: 'spacy_models' must be a non-empty list of names")
    return tuple(names)


def supported_languages() -> tuple[str, ...]:
    """Languages with a folder that names a spaCy pipeline."""
    return tuple(code for code in lang.languages() if lang.load(code, "language.yml") is not None)


PARAGRAPHS = "veille_paragraphs"
"""The component that starts a sentence after every line break."""


def _register_paragraphs() -> None:
    from spacy.language import Language

    if Language.has_factory(PARAGRAPHS):
        return

    @Language.component(PARAGRAPHS)
    def paragraphs(doc: Doc) -> Doc:
        # Article text keeps its paragraphs and lines apart with newlines; the
        # parser would otherwise run a heading or a paragraph into the next one.
        for token in doc[:-1]:
            if token.is_space and "\n" in token.text:
                doc[token.i + 1].is_sent_start = True
        return doc


def load(language: str, ner: bool = False) -> Language:
    """The spaCy pipeline of ``language``, loaded on first call and then reused.

    Without ``ner`` the entity recognizer is left out, and ``doc.ents`` is empty.
    """
    return _load(language, ner)


@functools.cache
def _load(language: str, ner: bool) -> Language:
    import spacy

    _register_paragraphs()

    name = installed_model(language)
    log.info("loading spaCy pipeline %s for %r", name, language)
    nlp = spacy.load(name)
    _keep_whole(nlp, language)
    nlp.add_pipe(PARAGRAPHS, before="parser")
    for component in (*_UNUSED, *(() if ner else (NER,))):
        if component in nlp.pipe_names:
            nlp.disable_pipe(component)
    return nlp


def installed_model(language: str) -> str:
    """The first of ``language``'s spaCy pipelines (:func:`model_names`) that is installed."""
    names = model_names(language)
    for name in names:
        if importlib.util.find_spec(name) is not None:
            return name
    raise LanguageError(
        f"no spaCy pipeline installed for {language!r}: install one of {', '.join(names)} "
        "(`make venv` installs them; with pip: see requirements-models.txt)"
    )


def single_tokens(language: str) -> tuple[str, ...]:
    """The hyphenated names ``language``'s tokenizer must keep whole (``single_tokens`` in ``language.yml``)."""
    config = lang.load(language, "language.yml")
    words = config.get("single_tokens", []) if isinstance(config, dict) else []
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() == w and w for w in words):
        raise DataError(f"veille/lang/{language}/language.yml: 'single_tokens' must be a list of words")
    return tuple(words)


def _keep_whole(pipeline: Language, language: str) -> None:
    # Split, "Royaume-Uni" reads as three sentences to the parser ("Royaume", "-", "Uni").
    tokenizer: Any = pipeline.tokenizer
    for word in single_tokens(language):
        tokenizer.add_special_case(word, [{"ORTH": word}])


def parse(text: str, language: str, ner: bool = False) -> Doc:
    """Parse one text."""
    return load(language, ner)(text)


def pipe(texts: Iterable[str], language: str, batch_size: int = BATCH_SIZE, ner: bool = False) -> Iterator[Doc]:
    """Parse many texts of one language in batches, in order."""
    yield from load(language, ner).pipe(texts, batch_size=batch_size)
