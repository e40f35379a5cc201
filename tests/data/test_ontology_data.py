"""The shipped ontology files: PLOVER types and modes as GUIDE.md lists them, and a valid CAMEO crosswalk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from veille.events import codes

GUIDE = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "GUIDE.md"

# The event types and modes of GUIDE.md ("Event types and modes (PLOVER 2.0)"): the contract.
GUIDE_MODES: dict[str, tuple[str, ...]] = {
    "AGREE": (),
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "SUPPORT": (),
    "CONCEDE": (),
    "COOPERATE": (),
    "AID": (),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": (
        "seize",
        "restrict",
        "censor",
        "curfew",
        "martial-law",
        "arrest",
        "deport",
        "withhold",
        "misinformation",
        "cyber",
    ),
    "ASSAULT": (
        "abduct",
        "beat",
        "torture",
        "sexual",
        "targeted",
        "destroy",
        "primitive",
        "firearms",
        "explosives",
        "suicide-attack",
        "aerial",
        "drone",
        "heavy-weapons",
        "crowd-control",
        "unconventional",
    ),
}

# PLOVER's quad classes; docs/ontology.md explains REQUEST and CONCEDE.
PLOVER_QUADS = {
    1: {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"},
    2: {"COOPERATE", "AID", "RETREAT"},
    3: {"REQUEST", "ACCUSE", "REJECT", "THREATEN"},
    4: {"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"},
}

# Where the CAMEO code's own quad class differs from the PLOVER one (documented in cameo.yml).
QUAD_DIFFERENCES = {("CONCEDE", None), ("SANCTION", "convict")}

PAIRS = [(type_, None) for type_ in GUIDE_MODES] + [(t, m) for t, modes in GUIDE_MODES.items() for m in modes]


def test_the_types_are_those_of_the_guide() -> None:
    assert tuple(GUIDE_MODES) == codes.EVENT_TYPES


@pytest.mark.parametrize("type_", list(GUIDE_MODES))
def test_every_type_has_its_guide_modes(type_: str) -> None:
    assert codes.modes(type_) == GUIDE_MODES[type_]
    assert codes.describe(type_)
    for mode in GUIDE_MODES[type_]:
        assert codes.describe_mode(type_, mode)


@pytest.mark.skipif(not GUIDE.is_file(), reason="../shared/eval/GUIDE.md is absent")
def test_the_table_of_the_guide_has_not_moved() -> None:
    rows = re.findall(r"^\| ([A-Z]+) \| [^|]+ \| ([^|]+) \|$", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    found = {type_: () if modes.strip() == "—" else tuple(m.strip() for m in modes.split(",")) for type_, modes in rows}
    assert found == GUIDE_MODES


@pytest.mark.parametrize(("type_", "mode"), PAIRS)
def test_every_type_and_mode_crosses_to_a_valid_cameo_code(type_: str, mode: str | None) -> None:
    code = codes.cameo_code(type_, mode)
    assert re.fullmatch(r"\d{2,4}", code)
    root = codes.cameo_root(type_, mode)
    assert code.startswith(root)
    assert 1 <= int(root) <= 20
    assert codes.cameo_name(code)
    assert codes.cameo_name(root)
    if len(code) == 4:
        assert codes.cameo_name(code[:3])


def test_quad_classes_are_plover_ones() -> None:
    for quad, types in PLOVER_QUADS.items():
        for type_ in types:
            assert codes.quad_class(type_) == quad, type_
    assert {codes.quad_class(type_) for type_ in codes.EVENT_TYPES} == {1, 2, 3, 4}


def test_cameo_quad_classes_agree_with_plover_except_where_documented() -> None:
    differ = {
        (type_, mode)
        for type_, mode in PAIRS
        if codes.cameo_quad_class(codes.cameo_code(type_, mode)) != codes.quad_class(type_)
    }
    assert differ == QUAD_DIFFERENCES


def test_cameo_roots_carry_the_gdelt_quad_classes() -> None:
    expected = {f"{root:02d}": 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4 for root in range(1, 21)}
    assert {root: codes.cameo_quad_class(root) for root in expected} == expected
