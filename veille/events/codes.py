"""The event ontology: PLOVER 2.0 types and modes, quad classes, and the CAMEO crosswalk.

The facts live in data files, read once on first use and validated:

- ``veille/data/ontology/plover.yml``: the sixteen PLOVER event types, a
  description, the quad class and the modes of each;
- ``veille/data/ontology/cameo.yml``: the CAMEO codes the crosswalk uses and,
  per PLOVER type and mode, the CAMEO code an export writes.

PLOVER is the ontology: events are typed and checked in PLOVER. The CAMEO codes
exist only so that exports can fill GDELT-style columns (event code, root code,
quad class)::

    >>> from veille.events import codes
    >>> codes.is_valid("ASSAULT", "aerial")
    True
    >>> codes.cameo_code("ASSAULT", "aerial"), codes.cameo_root("ASSAULT", "aerial")
    ('195', '19')
    >>> codes.quad_class_name(codes.quad_class("THREATEN"))
    'verbal conflict'

:data:`EVENT_TYPES` is read from the data on first access, like everything else
here. The module functions use the ontology shipped with Veille;
:func:`load_ontology` reads (and validates) other files into an
:class:`Ontology` with the same methods.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from veille import _yaml
from veille.errors import DataError

__all__ = [
    "EVENT_TYPES",
    "EventType",
    "Mode",
    "Ontology",
    "cameo_code",
    "cameo_name",
    "cameo_quad_class",
    "cameo_root",
    "describe",
    "describe_mode",
    "is_valid",
    "load_ontology",
    "modes",
    "ontology",
    "quad_class",
    "quad_class_name",
]

_log = logging.getLogger(__name__)

EVENT_TYPES: tuple[str, ...]
"""The sixteen PLOVER event types, in the order of ``plover.yml`` (read on first access)."""

_TYPE_NAME = re.compile(r"^[A-Z]+$")
_MODE_NAME = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
_CAMEO_CODE = re.compile(r"^[0-9]{2,4}$")
_CAMEO_ROOT = re.compile(r"^(?:0[1-9]|1[0-9]|20)$")
_QUAD_CLASSES = (1, 2, 3, 4)
_PLOVER_KEYS = frozenset({"quad_classes", "types"})
_TYPE_KEYS = frozenset({"description", "quad_class", "modes"})
_CAMEO_KEYS = frozenset({"roots", "codes", "crosswalk"})
_ROOT_KEYS = frozenset({"name", "quad_class"})
_CROSSWALK_KEYS = frozenset({"code", "modes"})


@dataclass(frozen=True, slots=True)
class Mode:
    """A PLOVER mode of one event type, and the CAMEO code it crosses to."""

    name: str
    description: str
    cameo: str


@dataclass(frozen=True, slots=True)
class EventType:
    """A PLOVER event type: its quad class, modes and CAMEO code (for an event with no mode)."""

    name: str
    description: str
    quad_class: int
    cameo: str
    modes: tuple[Mode, ...]

    def mode(self, name: str) -> Mode | None:
        """The mode called ``name``, or ``None`` if this type has no such mode."""
        for mode in self.modes:
            if mode.name == name:
                return mode
        return None


@dataclass(frozen=True, slots=True)
class Ontology:
    """PLOVER types with their modes and quad classes, and the CAMEO codes the crosswalk uses."""

    types: Mapping[str, EventType]
    quad_class_names: Mapping[int, str]
    cameo_names: Mapping[str, str]
    """Every CAMEO code the crosswalk uses, with its parents and the twenty roots, to its name."""
    cameo_quad_classes: Mapping[str, int]
    """CAMEO root code to the quad class CAMEO (and GDELT) gives it."""

    @property
    def event_types(self) -> tuple[str, ...]:
        """The type names, in file order."""
        return tuple(self.types)

    def event_type(self, name: str) -> EventType:
        """The type called ``name``; :class:`ValueError` if PLOVER has none."""
        found = self.types.get(name)
        if found is None:
            raise ValueError(f"{name!r} is not a PLOVER event type; expected one of {', '.join(self.types)}")
        return found

    def modes(self, type_: str) -> tuple[str, ...]:
        """The mode names of ``type_`` (empty for a type without modes)."""
        return tuple(mode.name for mode in self.event_type(type_).modes)

    def is_valid(self, type_: str, mode: str | None = None) -> bool:
        """Whether ``type_`` is a PLOVER type and ``mode`` is ``None`` or one of its modes."""
        found = self.types.get(type_)
        return found is not None and (mode is None or found.mode(mode) is not None)

    def quad_class(self, type_: str) -> int:
        """The PLOVER quad class of ``type_``, 1 to 4 (see :meth:`quad_class_name`)."""
        return self.event_type(type_).quad_class

    def quad_class_name(self, quad_class: int) -> str:
        """``"verbal cooperation"``, ``"material cooperation"``, ``"verbal conflict"`` or ``"material conflict"``."""
        name = self.quad_class_names.get(quad_class)
        if name is None:
            raise ValueError(f"{quad_class!r} is not a quad class; expected 1, 2, 3 or 4")
        return name

    def describe(self, type_: str) -> str:
        """A one-line description of ``type_``."""
        return self.event_type(type_).description

    def describe_mode(self, type_: str, mode: str) -> str:
        """A one-line description of ``mode`` of ``type_``."""
        return self._mode(type_, mode).description

    def cameo_code(self, type_: str, mode: str | None = None) -> str:
        """The most specific CAMEO code for ``type_`` with ``mode`` (2 to 4 digits)."""
        if mode is None:
            return self.event_type(type_).cameo
        return self._mode(type_, mode).cameo

    def cameo_root(self, type_: str, mode: str | None = None) -> str:
        """The CAMEO root code (``"01"`` to ``"20"``) of :meth:`cameo_code`."""
        return self.cameo_code(type_, mode)[:2]

    def cameo_name(self, code: str) -> str:
        """The CAMEO name of ``code``, one the crosswalk uses or a root."""
        name = self.cameo_names.get(code)
        if name is None:
            raise ValueError(f"{code!r} is not a CAMEO code of the crosswalk")
        return name

    def cameo_quad_class(self, code: str) -> int:
        """The quad class CAMEO gives ``code`` (from its root), which may differ from the PLOVER one."""
        quad = self.cameo_quad_classes.get(code[:2])
        if quad is None or _CAMEO_CODE.match(code) is None:
            raise ValueError(f"{code!r} is not a CAMEO event code")
        return quad

    def _mode(self, type_: str, mode: str) -> Mode:
        found = self.event_type(type_).mode(mode)
        if found is None:
            valid = ", ".join(self.modes(type_)) or "none"
            raise ValueError(f"{mode!r} is not a mode of {type_}; its modes are: {valid}")
        return found


# --------------------------------------------------------------------------- loading and validation


def _fail(source: str, message: str) -> DataError:
    return DataError(f"{source}: {message}; fix the file")


def _read_yaml(entry: Traversable | Path, source: str) -> Any:
    try:
        text = entry.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{source}: cannot read the ontology file: {exc.strerror or exc}") from exc
    try:
        return _yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _fail(source, f"not valid YAML: {exc}") from exc


def _mapping(value: Any, source: str, where: str) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(source, f"{where} must be a mapping")
    return value


def _text(value: Any, source: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, f"{where} must be a non-empty string")
    return value.strip()


def _check_keys(raw: dict[Any, Any], allowed: frozenset[str], source: str, where: str) -> None:
    unknown = sorted(str(key) for key in raw if key not in allowed)
    if unknown:
        raise _fail(source, f"unknown key {unknown[0]!r} in {where}; expected {', '.join(sorted(allowed))}")


def _quad(value: Any, source: str, where: str) -> int:
    if isinstance(value, bool) or value not in _QUAD_CLASSES:
        raise _fail(source, f"{where}: quad_class must be 1, 2, 3 or 4, not {value!r}")
    return int(value)


def _parse_plover(data: Any, source: str) -> tuple[dict[int, str], dict[str, tuple[str, int, dict[str, str]]]]:
    top = _mapping(data, source, "the file")
    _check_keys(top, _PLOVER_KEYS, source, "the file")
    quad_names: dict[int, str] = {}
    for key, name in _mapping(top.get("quad_classes"), source, "quad_classes").items():
        quad_names[_quad(key, source, "quad_classes")] = _text(name, source, f"quad class {key}")
    if set(quad_names) != set(_QUAD_CLASSES):
        raise _fail(source, "quad_classes must name the classes 1, 2, 3 and 4")
    raw_types = _mapping(top.get("types"), source, "types")
    if not raw_types:
        raise _fail(source, "no event types")
    types: dict[str, tuple[str, int, dict[str, str]]] = {}
    for name, raw in raw_types.items():
        if not isinstance(name, str) or _TYPE_NAME.match(name) is None:
            raise _fail(source, f"event type {name!r} must be an upper-case word such as ASSAULT")
        entry = _mapping(raw, source, name)
        _check_keys(entry, _TYPE_KEYS, source, name)
        description = _text(entry.get("description"), source, f"{name}: description")
        quad = _quad(entry.get("quad_class"), source, name)
        type_modes: dict[str, str] = {}
        for mode, mode_description in _mapping(entry.get("modes"), source, f"{name}: modes").items():
            if not isinstance(mode, str) or _MODE_NAME.match(mode) is None:
                raise _fail(source, f"{name}: mode {mode!r} must be lower-case words joined by '-'")
            type_modes[mode] = _text(mode_description, source, f"{name} {mode}: description")
        types[name] = (description, quad, type_modes)
    return quad_names, types


def _parse_cameo(
    data: Any, source: str, plover: Mapping[str, tuple[str, int, dict[str, str]]], plover_source: str
) -> tuple[dict[str, str], dict[str, int], dict[str, tuple[str, dict[str, str]]]]:
    top = _mapping(data, source, "the file")
    _check_keys(top, _CAMEO_KEYS, source, "the file")
    names: dict[str, str] = {}
    root_quads: dict[str, int] = {}
    for code, raw in _mapping(top.get("roots"), source, "roots").items():
        if not isinstance(code, str) or _CAMEO_ROOT.match(code) is None:
            raise _fail(source, f"root {code!r} must be a quoted two-digit CAMEO root, '01' to '20'")
        entry = _mapping(raw, source, f"root {code}")
        _check_keys(entry, _ROOT_KEYS, source, f"root {code}")
        names[code] = _text(entry.get("name"), source, f"root {code}: name")
        root_quads[code] = _quad(entry.get("quad_class"), source, f"root {code}")
    if len(root_quads) != 20:
        raise _fail(source, "roots must list the twenty CAMEO roots, '01' to '20'")
    specific = _mapping(top.get("codes"), source, "codes")
    for code, name in specific.items():
        if not isinstance(code, str) or _CAMEO_CODE.match(code) is None or len(code) == 2:
            raise _fail(source, f"code {code!r} must be a quoted CAMEO code of three or four digits")
        names[code] = _text(name, source, f"code {code}")
    for code in specific:
        parent = code[:-1] if len(code) == 4 else code[:2]
        if parent not in names:
            raise _fail(source, f"code {code!r} needs its parent code {parent!r} listed too")

    def known(code: Any, where: str) -> str:
        if not isinstance(code, str) or code not in names:
            raise _fail(source, f"{where}: {code!r} is not a quoted CAMEO code listed under roots or codes")
        return code

    crosswalk: dict[str, tuple[str, dict[str, str]]] = {}
    for type_name, raw in _mapping(top.get("crosswalk"), source, "crosswalk").items():
        if type_name not in plover:
            raise _fail(source, f"crosswalk: {type_name!r} is not an event type of {plover_source}")
        entry = _mapping(raw, source, f"crosswalk {type_name}")
        _check_keys(entry, _CROSSWALK_KEYS, source, f"crosswalk {type_name}")
        code = known(entry.get("code"), f"crosswalk {type_name}: code")
        mode_codes: dict[str, str] = {}
        type_modes = plover[type_name][2]
        for mode, mode_code in _mapping(entry.get("modes"), source, f"crosswalk {type_name}: modes").items():
            if mode not in type_modes:
                raise _fail(source, f"crosswalk {type_name}: {mode!r} is not a mode of {type_name} in {plover_source}")
            mode_codes[mode] = known(mode_code, f"crosswalk {type_name} {mode}")
        missing = [mode for mode in type_modes if mode not in mode_codes]
        if missing:
            raise _fail(source, f"crosswalk {type_name}: no code for mode {missing[0]!r}")
        crosswalk[type_name] = (code, mode_codes)
    absent = [name for name in plover if name not in crosswalk]
    if absent:
        raise _fail(source, f"crosswalk: no entry for event type {absent[0]}")
    return names, root_quads, crosswalk


def _build(plover_data: Any, plover_source: str, cameo_data: Any, cameo_source: str) -> Ontology:
    quad_names, plover = _parse_plover(plover_data, plover_source)
    names, root_quads, crosswalk = _parse_cameo(cameo_data, cameo_source, plover, plover_source)
    types: dict[str, EventType] = {}
    for name, (description, quad, type_modes) in plover.items():
        code, mode_codes = crosswalk[name]
        types[name] = EventType(
            name=name,
            description=description,
            quad_class=quad,
            cameo=code,
            modes=tuple(Mode(mode, text, mode_codes[mode]) for mode, text in type_modes.items()),
        )
    return Ontology(types=types, quad_class_names=quad_names, cameo_names=names, cameo_quad_classes=root_quads)


def load_ontology(plover: str | Path, cameo: str | Path) -> Ontology:
    """Read and validate a PLOVER file and its CAMEO crosswalk (laid out as the shipped ones).

    Raises :class:`~veille.errors.DataError` naming the file on an unknown type
    or mode, a missing crosswalk entry, a malformed code or invalid YAML.
    """
    plover_path, cameo_path = Path(plover), Path(cameo)
    return _build(
        _read_yaml(plover_path, str(plover_path)),
        str(plover_path),
        _read_yaml(cameo_path, str(cameo_path)),
        str(cameo_path),
    )


@functools.cache
def ontology() -> Ontology:
    """The ontology shipped with Veille, read once per process."""
    folder = resources.files("veille") / "data" / "ontology"
    plover_source, cameo_source = "veille/data/ontology/plover.yml", "veille/data/ontology/cameo.yml"
    built = _build(
        _read_yaml(folder / "plover.yml", plover_source),
        plover_source,
        _read_yaml(folder / "cameo.yml", cameo_source),
        cameo_source,
    )
    _log.debug("loaded %d PLOVER event types and %d CAMEO codes", len(built.types), len(built.cameo_names))
    return built


def __getattr__(name: str) -> tuple[str, ...]:
    if name == "EVENT_TYPES":
        return ontology().event_types
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- the shipped ontology


def modes(type_: str) -> tuple[str, ...]:
    """The PLOVER modes of ``type_`` (empty for a type without modes); :class:`ValueError` if unknown."""
    return ontology().modes(type_)


def is_valid(type_: str, mode: str | None = None) -> bool:
    """Whether ``type_`` is a PLOVER type and ``mode`` is ``None`` or one of its modes."""
    return ontology().is_valid(type_, mode)


def quad_class(type_: str) -> int:
    """The PLOVER quad class of ``type_``.

    1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    """
    return ontology().quad_class(type_)


def quad_class_name(quad_class: int) -> str:
    """The name of a quad class (1 to 4)."""
    return ontology().quad_class_name(quad_class)


def describe(type_: str) -> str:
    """A one-line description of the PLOVER type ``type_``."""
    return ontology().describe(type_)


def describe_mode(type_: str, mode: str) -> str:
    """A one-line description of ``mode`` of ``type_``."""
    return ontology().describe_mode(type_, mode)


def cameo_code(type_: str, mode: str | None = None) -> str:
    """The most specific CAMEO code for ``type_`` with ``mode``, for exports (e.g. ASSAULT aerial: ``"195"``)."""
    return ontology().cameo_code(type_, mode)


def cameo_root(type_: str, mode: str | None = None) -> str:
    """The CAMEO root code, ``"01"`` to ``"20"``, of :func:`cameo_code`."""
    return ontology().cameo_root(type_, mode)


def cameo_name(code: str) -> str:
    """The CAMEO name of a code the crosswalk uses, or of a root."""
    return ontology().cameo_name(code)


def cameo_quad_class(code: str) -> int:
    """The quad class CAMEO (and GDELT) give a CAMEO code, from its root."""
    return ontology().cameo_quad_class(code)
