"""The ontology API: types, modes, quad classes, the CAMEO crosswalk, and file validation."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from veille.errors import DataError
from veille.events import codes

PLOVER = Path(str(resources.files("veille") / "data" / "ontology" / "plover.yml"))
CAMEO = Path(str(resources.files("veille") / "data" / "ontology" / "cameo.yml"))


def test_event_types_are_the_sixteen_plover_types_in_order() -> None:
    assert codes.EVENT_TYPES[:4] == ("AGREE", "CONSULT", "SUPPORT", "CONCEDE")
    assert codes.EVENT_TYPES[-1] == "ASSAULT"
    assert len(codes.EVENT_TYPES) == 16
    with pytest.raises(AttributeError):
        _ = codes.NO_SUCH_NAME


@pytest.mark.parametrize(
    ("type_", "mode", "valid"),
    [
        ("ASSAULT", "aerial", True),
        ("ASSAULT", None, True),
        ("AGREE", None, True),
        ("AGREE", "visit", False),
        ("CONSULT", "aerial", False),
        ("ATTACK", None, False),
        ("assault", "aerial", False),
    ],
)
def test_is_valid(type_: str, mode: str | None, valid: bool) -> None:
    assert codes.is_valid(type_, mode) is valid


def test_modes() -> None:
    assert codes.modes("CONSULT") == ("visit", "third-party", "multilateral", "phone")
    assert codes.modes("AID") == ()
    with pytest.raises(ValueError, match="not a PLOVER event type"):
        codes.modes("ATTACK")


@pytest.mark.parametrize(
    ("type_", "quad", "name"),
    [
        ("AGREE", 1, "verbal cooperation"),
        ("CONCEDE", 1, "verbal cooperation"),
        ("RETREAT", 2, "material cooperation"),
        ("REQUEST", 3, "verbal conflict"),
        ("THREATEN", 3, "verbal conflict"),
        ("PROTEST", 4, "material conflict"),
        ("ASSAULT", 4, "material conflict"),
    ],
)
def test_quad_classes(type_: str, quad: int, name: str) -> None:
    assert codes.quad_class(type_) == quad
    assert codes.quad_class_name(quad) == name


def test_quad_class_name_rejects_other_numbers() -> None:
    with pytest.raises(ValueError, match="quad class"):
        codes.quad_class_name(5)


@pytest.mark.parametrize(
    ("type_", "mode", "code", "root"),
    [
        ("ASSAULT", "aerial", "195", "19"),
        ("ASSAULT", "drone", "1952", "19"),
        ("ASSAULT", "suicide-attack", "1831", "18"),
        ("ASSAULT", "unconventional", "204", "20"),
        ("ASSAULT", "destroy", "1712", "17"),
        ("ASSAULT", None, "190", "19"),
        ("THREATEN", None, "130", "13"),
        ("THREATEN", "violence", "138", "13"),
        ("CONSULT", "visit", "042", "04"),
        ("CONSULT", "phone", "041", "04"),
        ("SANCTION", "discontinue", "163", "16"),
        ("PROTEST", "demo", "141", "14"),
        ("MOBILIZE", "troops", "154", "15"),
        ("COERCE", "arrest", "173", "17"),
        ("COERCE", "seize", "1711", "17"),
        ("REQUEST", None, "100", "10"),
        ("REJECT", "meet", "125", "12"),
        ("ACCUSE", "investigate", "090", "09"),
        ("AGREE", None, "030", "03"),
        ("SUPPORT", None, "050", "05"),
        ("CONCEDE", None, "080", "08"),
        ("COOPERATE", None, "060", "06"),
        ("AID", None, "070", "07"),
        ("RETREAT", "ceasefire", "0871", "08"),
        ("RETREAT", "release", "084", "08"),
    ],
)
def test_cameo_crosswalk(type_: str, mode: str | None, code: str, root: str) -> None:
    assert codes.cameo_code(type_, mode) == code
    assert codes.cameo_root(type_, mode) == root


def test_cameo_names_and_quad_classes() -> None:
    assert codes.cameo_name("195") == "Employ aerial weapons"
    assert codes.cameo_name("19") == "Fight"
    assert codes.cameo_quad_class("0871") == 2
    assert codes.cameo_quad_class("1712") == 4
    with pytest.raises(ValueError, match="not a CAMEO code"):
        codes.cameo_name("999")
    with pytest.raises(ValueError, match="not a CAMEO event code"):
        codes.cameo_quad_class("21")


def test_cameo_code_rejects_a_mode_of_another_type() -> None:
    with pytest.raises(ValueError, match="not a mode of AGREE; its modes are: none"):
        codes.cameo_code("AGREE", "aerial")
    with pytest.raises(ValueError, match="visit, third-party"):
        codes.cameo_code("CONSULT", "aerial")


def test_descriptions() -> None:
    assert "threat" in codes.describe("THREATEN").lower()
    assert "drone" in codes.describe_mode("ASSAULT", "drone").lower()


def test_the_shipped_files_load_through_load_ontology() -> None:
    assert codes.load_ontology(PLOVER, CAMEO).types == codes.ontology().types


def edited(tmp_path: Path, name: str, old: str, new: str) -> tuple[Path, Path]:
    source = PLOVER if name == "plover.yml" else CAMEO
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    target = tmp_path / name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return (target, CAMEO) if name == "plover.yml" else (PLOVER, target)


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "cameo.yml",
            '      aerial: "195"',
            '      aerial: "195"\n      napalm: "195"',
            "'napalm' is not a mode of ASSAULT",
        ),
        ("cameo.yml", "  AID:\n", '  HELP:\n    code: "070"\n  AID:\n', "'HELP' is not an event type"),
        ("cameo.yml", '      phone: "041"\n', "", "no code for mode 'phone'"),
        ("cameo.yml", '      aerial: "195"', '      aerial: "999"', "'999' is not a quoted CAMEO code"),
        ("cameo.yml", '      aerial: "195"', "      aerial: 195", "195 is not a quoted CAMEO code"),
        ("cameo.yml", '  "0871": Declare truce, ceasefire\n', '  "0879": Declare truce, ceasefire\n', "'0871'"),
        ("cameo.yml", '  "087": De-escalate military engagement\n', "", "parent code '087'"),
        ("cameo.yml", '  "20": {name: Use unconventional mass violence, quad_class: 4}\n', "", "twenty"),
        ("cameo.yml", '  COOPERATE:\n    code: "060"\n', "", "no entry for event type COOPERATE"),
        ("plover.yml", "      drone: Strikes by armed drones.", "      Drone: Strikes.", "mode 'Drone'"),
        ("plover.yml", "    quad_class: 2\n", "    quad_class: 5\n", "quad_class must be 1, 2, 3 or 4"),
        ("plover.yml", "    quad_class: 2\n", "    quad_class: 2\n    goldstein: 3\n", "unknown key 'goldstein'"),
        ("plover.yml", "  AID:\n", "  aid:\n", "upper-case"),
        ("plover.yml", "quad_classes:\n", "quad_classes: [\n", "not valid YAML"),
    ],
)
def test_invalid_files_are_data_errors_naming_the_file(
    tmp_path: Path, name: str, old: str, new: str, message: str
) -> None:
    plover, cameo = edited(tmp_path, name, old, new)
    with pytest.raises(DataError, match=message) as error:
        codes.load_ontology(plover, cameo)
    assert name in str(error.value)


def test_a_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read"):
        codes.load_ontology(tmp_path / "plover.yml", CAMEO)
