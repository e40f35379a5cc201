"""Veille: turns raw news into a structured, queryable record of geopolitical events."""

from veille._version import __version__

__all__ = ["__version__"]
