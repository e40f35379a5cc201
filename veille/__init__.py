"""Veille: turns raw news into a structured, queryable record of geopolitical events.

The public API::

    import veille

    article = veille.extract(veille.Document(source="note.txt", text=raw))
    with veille.open_store("sqlite:///veille.db") as store:
        for outcome in veille.ingest(["samples/"], store):
            print(outcome.status, outcome.source)
        store.articles(veille.ArticleQuery(language="fr"))

Storage and the pipeline are imported on first use, so that ``import veille``
stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from veille._version import __version__
from veille.config import Settings
from veille.errors import VeilleError

# Bound after the subpackage of the same name has loaded, so that
# ``veille.extract`` is the function (the package stays ``veille.extract.*``).
from veille.extract import extract
from veille.model import Article, Document, Failure, Span

if TYPE_CHECKING:
    from veille.analysis import analyze
    from veille.batch import ingest
    from veille.store import ArticleQuery, Store, open_store

__all__ = [
    "Article",
    "ArticleQuery",
    "Document",
    "Failure",
    "Settings",
    "Span",
    "Store",
    "VeilleError",
    "__version__",
    "analyze",
    "extract",
    "ingest",
    "open_store",
]

_LAZY = {
    "analyze": "veille.analysis",
    "ingest": "veille.batch",
    "open_store": "veille.store",
    "Store": "veille.store",
    "ArticleQuery": "veille.store",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'veille' has no attribute {name!r}")
