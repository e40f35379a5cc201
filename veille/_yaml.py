"""YAML reading for Veille's data files: a safe loader, libyaml's C one when it is installed.

The data files (lexicons, date words, actors, places) are read once per
process, and so once per worker: the pure-Python loader takes seconds over
them where the C loader takes a fraction of one. Both build the same plain
values (dicts, lists, strings, numbers, dates); errors are
:class:`yaml.YAMLError` either way, for the caller to name its file.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["safe_load"]

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """The plain value of one YAML document, as :func:`yaml.safe_load` gives it."""
    return yaml.load(text, Loader=_LOADER)
