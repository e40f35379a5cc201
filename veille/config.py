"""One validated settings object, built from a file, the environment and flags.

A list setting (``actor_files``) is a TOML array, or in the environment a
list joined by the path separator (``:`` on Unix).

Precedence, lowest first: defaults, a TOML file (``veille.toml`` in the
working directory, or the one given with ``--config``), environment
variables (``VEILLE_DB``, ``VEILLE_MAX_DOCUMENT_BYTES`` ...), then explicit
keyword overrides (what the CLI passes for its flags). An unknown key is an
error with a suggestion, never silently ignored.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from veille._version import __version__
from veille.errors import ConfigError

__all__ = ["DEFAULT_DB", "Settings"]

DEFAULT_DB = "sqlite:///veille.db"
ENV_PREFIX = "VEILLE_"
DEFAULT_CONFIG_FILE = "veille.toml"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything that tunes ingestion, extraction and storage."""

    db: str = DEFAULT_DB
    """SQLAlchemy URL of the store: ``sqlite:///path.db`` or ``postgresql://...``."""
    max_document_bytes: int = 10_000_000
    """Documents (and fetched pages) larger than this are refused."""
    fetch_timeout: float = 20.0
    """Seconds to wait for a server to connect or send data."""
    max_redirects: int = 5
    """Redirects followed per URL."""
    user_agent: str = f"Veille/{__version__} (open-source news event extraction; python-httpx)"
    """The User-Agent sent with every request."""
    allow_private: bool = False
    """Allow fetching loopback, private and link-local addresses."""
    fetch_links: bool = False
    """Fetch the page each feed item links to."""
    language: str | None = None
    """Force the language of every document (ISO 639-1), skipping detection."""
    published: date | None = None
    """Force the publication date of every document."""
    encoding: str | None = None
    """Force the character encoding of every input file."""
    min_confidence: float = 0.5
    """Events coded with a lower confidence are left out (0 keeps every candidate)."""
    ner: bool = False
    """Also run spaCy's entity recognizer, for names the actor knowledge base and the gazetteer miss.

    Off by default: it adds unresolved names (people and bodies the knowledge
    base lacks) but slows the parse by a third (French) to a half (English),
    and left event F1 on the dev gold as it was (``BENCHMARKS.md``).
    """
    actor_files: tuple[str, ...] = ()
    """Extra actor files: YAML like ``veille/data/actors/*.yml``, or CAMEO/PETRARCH dictionaries (``.txt``)."""
    watch_rules: str | None = None
    """A watch rule file (:mod:`veille.alerts`) evaluated on the new events after each ingest."""
    api_token: str | None = field(default=None, repr=False)
    """The token the API asks of writes (``Authorization: Bearer TOKEN``); without one the API is read-only."""

    def __post_init__(self) -> None:
        if self.max_document_bytes <= 0:
            raise ConfigError("max_document_bytes must be positive")
        if self.fetch_timeout <= 0:
            raise ConfigError("fetch_timeout must be positive")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ConfigError("min_confidence must be between 0 and 1")
        if self.max_redirects < 0:
            raise ConfigError("max_redirects must be zero or more")
        if self.api_token is not None and len(self.api_token.strip()) < 8:
            raise ConfigError("api_token must be at least 8 characters: choose a longer, random token")
        if self.language is not None and not (2 <= len(self.language) <= 3 and self.language.isalpha()):
            raise ConfigError(f"language must be an ISO 639-1 code such as 'fr' or 'en', not {self.language!r}")
        if self.encoding is not None:
            import codecs

            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ConfigError(f"unknown encoding {self.encoding!r}; try utf-8, cp1252, latin-1 or cp1256") from None

    @classmethod
    def load(
        cls,
        config_file: str | Path | None = None,
        env: Mapping[str, str] | None = None,
        **overrides: Any,
    ) -> Settings:
        """Build settings from a TOML file, the environment and ``overrides``.

        ``overrides`` whose value is ``None`` are ignored, so a CLI can pass
        every flag through whether or not the user gave it.
        """
        values: dict[str, Any] = {}
        path = Path(config_file) if config_file else Path(DEFAULT_CONFIG_FILE)
        if config_file is not None and not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        if path.is_file():
            try:
                with path.open("rb") as fh:
                    values.update(_check_keys(tomllib.load(fh), str(path)))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
        environ = os.environ if env is None else env
        for f in fields(cls):
            key = ENV_PREFIX + f.name.upper()
            if key in environ:
                values[f.name] = environ[key]
        values.update(_check_keys({k: v for k, v in overrides.items() if v is not None}, "options"))
        return cls(**{name: _coerce(name, value) for name, value in values.items()})

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied and validated."""
        _check_keys(changes, "options")
        return dataclasses.replace(self, **{k: _coerce(k, v) for k, v in changes.items()})


_FIELD_TYPES = {f.name: f.type for f in fields(Settings)}


def _check_keys(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    for key in values:
        if key not in _FIELD_TYPES:
            close = difflib.get_close_matches(key, list(_FIELD_TYPES), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"{where}: unknown setting {key!r}{hint}")
    return dict(values)


def _coerce(name: str, value: Any) -> Any:
    kind = str(_FIELD_TYPES[name])
    if value is None:
        return None
    try:
        if kind.startswith("tuple"):
            if isinstance(value, str):
                return tuple(part for part in value.split(os.pathsep) if part)
            return tuple(str(v) for v in value)
        if kind.startswith("bool"):
            if isinstance(value, str):
                if value.lower() in {"1", "true", "yes", "on"}:
                    return True
                if value.lower() in {"0", "false", "no", "off"}:
                    return False
                raise ValueError(value)
            return bool(value)
        if kind.startswith("int"):
            return int(value)
        if kind.startswith("float"):
            return float(value)
        if kind.startswith("date"):
            return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"setting {name!r}: {value!r} is not a valid {kind.split(' ')[0]}") from None
    return value
