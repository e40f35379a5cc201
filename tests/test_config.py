"""Settings: defaults, TOML file, environment and overrides, validated."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from veille.config import Settings
from veille.errors import ConfigError


def test_precedence_file_then_env_then_overrides(tmp_path: Path) -> None:
    config = tmp_path / "veille.toml"
    config.write_text('db = "sqlite:///file.db"\nmax_document_bytes = 1000\nfetch_timeout = 3\n', encoding="utf-8")
    env = {"VEILLE_DB": "sqlite:///env.db", "VEILLE_ALLOW_PRIVATE": "yes"}
    settings = Settings.load(config, env=env, fetch_timeout=7.5, language=None)
    assert settings.db == "sqlite:///env.db"
    assert settings.max_document_bytes == 1000
    assert settings.fetch_timeout == 7.5
    assert settings.allow_private is True
    assert settings.language is None


def test_list_and_date_settings(tmp_path: Path) -> None:
    env = {"VEILLE_ACTOR_FILES": os.pathsep.join(["a.yml", "b.txt"]), "VEILLE_PUBLISHED": "2024-06-06"}
    settings = Settings.load(env=env)
    assert settings.actor_files == ("a.yml", "b.txt")
    assert settings.published == date(2024, 6, 6)
    assert Settings.load(env={}, actor_files=["x.yml"]).actor_files == ("x.yml",)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"max_documnet_bytes": 5}, "did you mean 'max_document_bytes'"),
        ({"max_document_bytes": 0}, "must be positive"),
        ({"language": "french"}, "ISO 639-1"),
        ({"encoding": "klingon-8"}, "unknown encoding"),
        ({"published": "June 6"}, "not a valid date"),
        ({"allow_private": "maybe"}, "not a valid bool"),
    ],
)
def test_invalid_settings_are_errors(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.load(env={}, **overrides)


def test_missing_or_broken_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        Settings.load(tmp_path / "nope.toml", env={})
    broken = tmp_path / "broken.toml"
    broken.write_text("db = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Settings.load(broken, env={})
