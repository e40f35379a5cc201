"""Articles, documents and failures as JSON, and back, for results processed elsewhere.

A worker on another machine sends back what it made of a document; the
machine that stores it needs the same :class:`~veille.model.Article` (with
its events, actors, spans and fingerprint) to store exactly what a local run
stores. :func:`dumps` writes any of the model's dataclasses as plain JSON
(dates in ISO form, bytes in base64); :func:`loads` rebuilds it from the
field types. No code is run on load, unlike pickle, so output files from a
cluster are safe to read.

The spaCy parse (``article.doc``) is not written: it becomes
:data:`veille.scale.workers.PARSED`, as when a worker process sends an
article back.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import types
from datetime import date
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from veille.errors import MalformedInputError
from veille.scale.workers import PARSED

__all__ = ["dumps", "loads"]

T = TypeVar("T")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: (PARSED if getattr(value, f.name) is not None else None)
            if f.name == "doc"
            else _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
        }
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def dumps(value: Any) -> str:
    """``value`` (a dataclass of :mod:`veille.model`) as a JSON string."""
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))


def loads(cls: type[T], text: str, source: str = "JSON") -> T:
    """The ``cls`` that :func:`dumps` wrote as ``text``.

    Raises :class:`~veille.errors.MalformedInputError` naming ``source`` if it is not one.
    """
    try:
        return _build(cls, json.loads(text))
    except (ValueError, TypeError, KeyError) as exc:
        raise MalformedInputError(
            source, f"not a Veille {cls.__name__} record ({exc}): write it with veille ray-run"
        ) from exc


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def _build(cls: type[T], data: Any) -> T:
    if not isinstance(data, dict):
        raise TypeError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
    hints = _hints(cls)
    built: T = cls(**{name: _as(hints[name], value) for name, value in data.items()})
    return built


def _as(kind: Any, value: Any) -> Any:
    if value is None or kind is Any:
        return value
    origin, args = get_origin(kind), get_args(kind)
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in args if arg is not type(None)]
        return _as(inner, value)
    if origin is list:
        return [_as(args[0], item) for item in value]
    if origin is tuple:
        return tuple(_as(args[0], item) for item in value)
    if origin is Literal:
        return value
    if kind is date:
        return date.fromisoformat(value)
    if kind is bytes:
        return base64.b64decode(value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _build(kind, value)
    return value
