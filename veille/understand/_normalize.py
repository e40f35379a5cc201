"""Text folding, tokenization and name keys for matching names of actors (and places) in news text.

Three levels of sameness, from strict to loose:

- :func:`fold` — case, accents, typographic apostrophes and dashes ignored:
  ``"L’ONU"`` and ``"l'onu"`` fold alike.
- :func:`norm_token` — also spelling variation between transliterations:
  French ``ou``/``ch``/``dj`` against English ``u``/``sh``/``j``, ``q``/``k``,
  ``y``/``i``, doubled letters, a final mute ``e`` and a few common given-name
  variants (Mohammed/Muhammad/Mohamed ...). ``Soudani``, ``Sudani`` and
  ``Al-Soudani`` get the same key; so do ``Poutine`` and ``Putin``.
- fuzzy matching (in :mod:`veille.understand.actors`) on normalized keys.

Tokens keep their character offsets, so a match found on keys maps back to a
span of the original text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

__all__ = [
    "Token",
    "fold",
    "fold_tokens",
    "is_acronym",
    "name_key",
    "norm_token",
    "tokenize",
]

_APOSTROPHES = "'’‘`´ʼʹ′ʻ"
_DASHES = "-‐‑‒–—―−"
_FOLD_TABLE = str.maketrans(
    {
        **{c: "'" for c in _APOSTROPHES},
        **{c: "-" for c in _DASHES},
        "œ": "oe",
        "æ": "ae",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)

# An abbreviation with dots ("U.S.", "U.N.", "U.S.A."), a word, or one other character.
_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|\w+|[^\w\s]")

# Spelling correspondences between French and English transliterations, applied in order.
_REWRITES: tuple[tuple[str, str], ...] = (
    ("tch", "ch"),
    ("ch", "sh"),
    ("dj", "j"),
    ("ou", "u"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("y", "i"),
    ("w", "v"),
)
_DOUBLED = re.compile(r"(\w)\1+")

# Whole-token variants of frequent Arabic given names, after the rewrites above.
_VARIANTS = {
    "muhamad": "mohamed",
    "mohamad": "mohamed",
    "muhamed": "mohamed",
    "mohamed": "mohamed",
    "mohamet": "mohamed",
    "ahmad": "ahmed",
    "husain": "husein",
    "hosein": "husein",
    "husaien": "husein",
    "iusuf": "iusef",
    "iusef": "iusef",
    "abdul": "abd",
    "abdel": "abd",
    "bin": "bin",
    "ben": "bin",
    "ibn": "bin",
}

_SKIPPED = frozenset({"'", "-"})

# Arabic article particles, dropped from keys ("al-Sudani" = "Sudani").
_PARTICLES = frozenset({"al", "el"})


def fold(text: str) -> str:
    """``text`` lowercased, without accents, with one apostrophe and one dash character."""
    text = text.translate(_FOLD_TABLE)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().translate(_FOLD_TABLE)


def norm_token(folded: str) -> str:
    """The spelling-variation key of one folded token (see the module docstring).

    Returns ``""`` for tokens that do not count in names: apostrophes, dashes
    and the Arabic article ``al``/``el``. Other punctuation is its own key, so
    that a name never runs across a comma or a full stop.
    """
    if folded in _PARTICLES or folded in _SKIPPED:
        return ""
    if not any(c.isalnum() for c in folded):
        return folded
    key = folded.replace(".", "")
    for old, new in _REWRITES:
        key = key.replace(old, new)
    key = _DOUBLED.sub(r"\1", key)
    if len(key) > 4 and key.endswith("e"):
        key = key[:-1]
    return _VARIANTS.get(key, key)


def is_acronym(text: str) -> bool:
    """Whether ``text`` is a short all-capitals abbreviation such as ``US``, ``U.S.`` or ``NATO``.

    Such names only match text written in capitals too: ``US`` is not ``us``.
    """
    letters = [c for c in text if c.isalpha()]
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters) and " " not in text.strip()


class Token(NamedTuple):
    """One token of a text: its original characters, offsets and keys.

    ``fold`` is the folded form (see :func:`fold`); ``key`` the normalized
    form (see :func:`norm_token`), empty for tokens that do not count in names.
    A named tuple rather than a frozen dataclass: a text makes hundreds of
    tokens, and a tuple is made about twice as fast.
    """

    text: str
    start: int
    end: int
    fold: str
    key: str

    @property
    def is_upper_initial(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` with their offsets, apostrophes and dashes left out.

    Leaving them out makes ``Etats-Unis`` and ``Etats Unis``, ``l'armée`` and
    ``l armée`` the same token sequence; ``Iran's`` becomes ``Iran`` ``s``.
    """
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        raw = match.group()
        folded, key = _keys(raw)
        if folded in _SKIPPED:
            continue
        tokens.append(Token(raw, match.start(), match.end(), folded, key))
    return tokens


@functools.lru_cache(maxsize=1 << 16)
def _keys(raw: str) -> tuple[str, str]:
    folded = fold(raw)
    return folded, norm_token(folded)


def fold_tokens(text: str) -> tuple[str, ...]:
    """The folded tokens of ``text`` (apostrophes and dashes left out)."""
    return tuple(token.fold for token in tokenize(text))


def name_key(text: str) -> tuple[str, ...]:
    """The normalized tokens of ``text`` that count in a name."""
    return tuple(token.key for token in tokenize(text) if token.key)
