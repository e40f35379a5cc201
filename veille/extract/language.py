"""The language of an article: given by a flag, by the input, or detected.

Detection uses py3langid with normalized probabilities, so the confidence is
a probability in ``[0, 1]``. The identifier is loaded lazily, once per
process, on the first detection: importing this module loads nothing.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from veille.config import Settings
from veille.model import Document

__all__ = ["SAMPLE_CHARS", "DetectedLanguage", "LanguageChoice", "choose_language", "detect_language"]

logger = logging.getLogger(__name__)

SAMPLE_CHARS = 2000
"""Detection reads at most this many characters: the title and the start of the body."""

_LOCK = threading.Lock()
_IDENTIFIER: Any = None


@dataclass(frozen=True, slots=True)
class DetectedLanguage:
    """What the language identifier says: an ISO 639-1 code and its probability."""

    code: str
    confidence: float


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    """The language settled on for an article and where it came from.

    ``source`` is ``flag`` (the ``language`` setting), ``input`` (the
    document said so) or ``detected``; ``confidence`` is only known for a
    detected language. All three are ``None`` when the text holds nothing
    to detect a language from.
    """

    code: str | None
    confidence: float | None
    source: str | None


def _identifier() -> Any:
    """The py3langid identifier, loaded on first use and kept for the process."""
    global _IDENTIFIER
    if _IDENTIFIER is None:
        with _LOCK:
            if _IDENTIFIER is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                logger.debug("loading the py3langid language identifier")
                _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _IDENTIFIER


def detect_language(text: str) -> DetectedLanguage | None:
    """The most likely language of ``text``, or ``None`` when it holds no letters."""
    sample = text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    code, confidence = _identifier().classify(sample)
    return DetectedLanguage(str(code), min(max(float(confidence), 0.0), 1.0))


def choose_language(document: Document, settings: Settings | None, title: str | None, body: str) -> LanguageChoice:
    """The article's language: the setting, else the document's own, else detected.

    Detection reads the title and the start of the body.
    """
    if settings is not None and settings.language:
        return LanguageChoice(settings.language.lower(), None, "flag")
    given = _normalize_code(document.language)
    if given is not None:
        return LanguageChoice(given, None, "input")
    sample = f"{title}\n{body[:SAMPLE_CHARS]}" if title else body[:SAMPLE_CHARS]
    detected = detect_language(sample)
    if detected is None:
        return LanguageChoice(None, None, None)
    return LanguageChoice(detected.code, detected.confidence, "detected")


def _normalize_code(code: str | None) -> str | None:
    """``fr-FR``, ``FR`` and ``fr_CA`` all become ``fr``; blank becomes ``None``."""
    if code is None or not code.strip():
        return None
    return code.strip().replace("_", "-").split("-", 1)[0].lower()
