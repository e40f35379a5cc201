"""Language knowledge, as data: one folder per language, the same file names in each.

``veille/lang/fr/boilerplate.yml`` and ``veille/lang/en/boilerplate.yml`` hold
the same kind of data for two languages. Adding a language means adding a
folder named by its ISO 639-1 code with the same files; no code changes.
Each stage loads the file it needs with :func:`load_all` and validates it.
"""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

from veille import _yaml
from veille.errors import DataError

__all__ = ["languages", "load", "load_all"]

_CODE = re.compile(r"^[a-z]{2,3}$")


def _root() -> Traversable:
    return resources.files(__name__)


def languages() -> tuple[str, ...]:
    """The codes of the language folders shipped with Veille, sorted."""
    return tuple(
        sorted(entry.name for entry in _root().iterdir() if entry.is_dir() and _CODE.match(entry.name) is not None)
    )


def load(language: str, name: str) -> Any:
    """The parsed YAML file ``name`` of ``language``'s folder, or ``None`` if the folder lacks it.

    Raises :class:`~veille.errors.DataError` naming the file when it is not valid YAML.
    """
    if _CODE.match(language) is None:
        raise DataError(f"{language!r} is not a language code such as 'fr' or 'en'")
    entry = _root() / language / name
    if not entry.is_file():
        return None
    try:
        return _yaml.safe_load(entry.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"veille/lang/{language}/{name}: not valid YAML: {exc}") from exc


def load_all(name: str) -> dict[str, Any]:
    """``name`` parsed from every language folder that has it, keyed by language code."""
    found: dict[str, Any] = {}
    for language in languages():
        data = load(language, name)
        if data is not None:
            found[language] = data
    return found
