"""Every export format round-trips: the file is read back with the usual library and matches the store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from coded_events import fill

from veille import exports
from veille.errors import ExportError
from veille.exports import acled, gdelt
from veille.store import EventQuery, Store

# Event ids in the order they are stored: strike, ultimatum, protest, talks; listed newest first.
NEWEST_FIRST = [2, 4, 3, 1]


@pytest.fixture
def filled(store: Store) -> Store:
    return fill(store)


def _export(
    store: Store, tmp_path: Path, name: str, query: EventQuery | None = None
) -> tuple[Path, exports.ExportReport]:
    path = tmp_path / f"events.{name}"
    report = exports.export(store, query, name, path, page_size=3)  # pages smaller than the store
    assert not path.with_name(path.name + ".part").exists()
    return path, report


def test_jsonl_round_trips(filled: Store, tmp_path: Path) -> None:
    path, report = _export(filled, tmp_path, "jsonl")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert (report.events, report.rows, len(lines)) == (4, 4, 4)
    assert [line["id"] for line in lines] == NEWEST_FIRST
    ultimatum = lines[0]
    assert (ultimatum["type"], ultimatum["deadline"], ultimatum["record"]["deadline"]["text"]) == (
        "THREATEN",
        "2024-07-06",
        "un délai de trente jours",
    )
    assert ultimatum["articles"][0]["url"] == "https://news.example/ultimatum.txt"
    assert [a["id"] for a in ultimatum["actors"]] == ["irq-militants"]


def test_csv_round_trips_with_the_columns_of_to_pandas(filled: Store, tmp_path: Path) -> None:
    path, report = _export(filled, tmp_path, "csv", EventQuery(limit=1))  # limit is ignored: every event
    frame = pd.read_csv(path, keep_default_na=False)
    assert report.rows == len(frame) == 4
    assert list(frame.columns) == [*filled.events().columns, "urls"]
    assert frame["id"].tolist() == NEWEST_FIRST
    assert frame.set_index("id").loc[1, "actor_countries"] == "ISR"
    assert frame.set_index("id").loc[2, "deadline"] == "2024-07-06"
    assert frame.set_index("id").loc[3, "urls"] == "https://news.example/protest.txt"
    in_memory = filled.events().to_pandas()
    assert in_memory.columns.tolist() == list(frame.columns[:-1])
    assert in_memory["type"].tolist() == frame["type"].tolist()


def test_parquet_round_trips_typed(filled: Store, tmp_path: Path) -> None:
    path, report = _export(filled, tmp_path, "parquet", EventQuery(country="PSE"))
    table = pq.read_table(path)
    assert report.rows == table.num_rows == 1
    assert str(table.schema.field("first_seen_at").type) == "timestamp[us, tz=UTC]"
    row = table.to_pylist()[0]
    assert (row["id"], row["type"], row["mode"], row["cameo"]) == (1, "ASSAULT", "aerial", "195")
    assert row["actors"] == [{"id": "isr-mil", "name": "Israeli army", "country": "ISR", "sector": "MIL"}]
    assert row["locations"][0]["name"] == "Gaza" and row["countries"] == ["ISR", "PSE"]


def test_an_empty_parquet_export_keeps_its_schema(filled: Store, tmp_path: Path) -> None:
    path, report = _export(filled, tmp_path, "parquet", EventQuery(type="SANCTION"))
    table = pq.read_table(path)
    assert (report.rows, table.num_rows) == (0, 0)
    assert "actors" in table.schema.names


def test_geojson_round_trips_and_leaves_out_events_without_coordinates(filled: Store, tmp_path: Path) -> None:
    path, report = _export(filled, tmp_path, "geojson")
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert (report.events, report.rows, report.skipped, len(features)) == (4, 3, 1, 3)
    strike = next(f for f in features if f["properties"]["event_id"] == 1)
    assert strike["geometry"] == {"type": "Point", "coordinates": [34.47, 31.50]}  # lon, lat
    assert strike["properties"]["place"] == "Gaza"
    assert 4 not in {f["properties"]["event_id"] for f in features}


def test_gdelt_round_trips_61_tab_separated_columns(filled: Store, tmp_path: Path) -> None:
    path, report = _export(filled, tmp_path, "gdelt")
    frame = pd.read_csv(path, sep="\t", header=None, names=list(gdelt.COLUMNS), dtype=str, keep_default_na=False)
    assert report.rows == len(frame) == 4
    assert all(len(line.split("\t")) == 61 for line in path.read_text(encoding="utf-8").splitlines())
    strike = frame.set_index("GLOBALEVENTID").loc["1"]
    assert (strike["SQLDATE"], strike["EventCode"], strike["EventBaseCode"], strike["EventRootCode"]) == (
        "20240603",
        "195",
        "195",
        "19",
    )
    assert (strike["QuadClass"], strike["Actor1Code"], strike["Actor1CountryCode"], strike["Actor2Code"]) == (
        "4",
        "ISRMIL",
        "ISR",
        "PSEREB",
    )
    assert (strike["ActionGeo_Type"], strike["ActionGeo_FullName"], strike["ActionGeo_Lat"]) == ("4", "Gaza", "31.5")
    assert strike["SOURCEURL"] == "https://news.example/strike.txt"


def test_acled_round_trips_the_events_acled_records(filled: Store, tmp_path: Path) -> None:
    path, report = _export(filled, tmp_path, "acled")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(acled.COLUMNS)
    # The threat (hypothetical) and the talks are not ACLED events.
    assert (report.rows, report.skipped, len(frame)) == (2, 2, 2)
    rows = frame.set_index("event_id_cnty")
    strike, protest = rows.loc["PSE1"], rows.loc["FRA3"]
    assert (strike["event_type"], strike["sub_event_type"], strike["country"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
        "Palestine",
    )
    assert (strike["actor1"], strike["actor2"], strike["inter1"], strike["inter2"], strike["interaction"]) == (
        "Israeli army",
        "Hamas",
        "1",
        "2",
        "12",
    )
    assert (protest["event_type"], protest["inter1"], protest["location"]) == ("Protests", "6", "Paris")


def test_export_to_a_stream(filled: Store) -> None:
    out = io.BytesIO()
    report = exports.export(filled, EventQuery(type="PROTEST"), "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert (report.path, report.rows, [r["id"] for r in rows]) == (None, 1, ["3"])


def test_an_unknown_format_names_the_formats(filled: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format 'xlsx': use one of jsonl, csv, parquet"):
        exports.export(filled, None, "xlsx", tmp_path / "out.xlsx")


def test_an_unwritable_path_is_an_export_error(filled: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot write the csv export"):
        exports.export(filled, None, "csv", tmp_path / "missing" / "out.csv")


def test_a_new_format_is_one_registration(filled: Store) -> None:
    def ids(items: object, out: io.BufferedIOBase) -> exports.Written:
        seen = [item.event.id for item in items]  # type: ignore[attr-defined]
        out.write(" ".join(map(str, seen)).encode())
        return exports.Written(len(seen))

    exports.register(exports.Exporter("ids", ".txt", "event ids", ids))  # type: ignore[arg-type]
    out = io.BytesIO()
    exports.export(filled, None, "ids", out)
    assert out.getvalue() == b"2 4 3 1"
    assert "ids" in exports.formats()
