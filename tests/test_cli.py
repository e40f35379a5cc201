"""The ``veille`` command, end to end on SQLite, through click's test runner."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from veille.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEED = ROOT.parent / "shared" / "eval" / "dev" / "seed.jsonl"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'veille.db'}"


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], catch_exceptions=False)


def test_ingest_samples_then_again_is_a_no_op(db: str) -> None:
    first = run(db, "ingest", str(SAMPLES))
    assert first.exit_code == 0, first.output
    assert first.output.strip().endswith("9 stored, 0 duplicates, 0 failed")
    second = run(db, "ingest", str(SAMPLES))
    assert second.exit_code == 0
    assert second.output.strip().endswith("0 stored, 9 duplicates, 0 failed")


def test_articles_list_show_and_filters(db: str) -> None:
    run(db, "ingest", str(SAMPLES))
    listed = json.loads(run(db, "articles", "--json").output)
    assert len(listed) == 9
    assert {a["language"] for a in listed} == {"fr", "en"}
    french = json.loads(run(db, "articles", "--language", "fr", "--json").output)
    assert french and all(a["language"] == "fr" for a in french)
    since = json.loads(run(db, "articles", "--since", "2025-04-01", "--json").output)
    assert since and all(a["published"] >= "2025-04-01" for a in since)
    shown = run(db, "articles", "show", str(listed[0]["id"]))
    assert shown.exit_code == 0
    assert listed[0]["title"] in shown.output
    table = run(db, "articles")
    assert "title" in table.output.splitlines()[0]


def test_samples_stored_and_near_duplicates_clustered_on_each_backend(db_url: str) -> None:
    db = db_url
    assert run(db, "ingest", str(SAMPLES)).exit_code == 0
    listed = json.loads(run(db, "articles", "--json").output)
    assert len(listed) == 9
    m23 = [a for a in listed if "M23" in (a["title"] or "")]
    assert len(m23) == 2
    assert m23[0]["cluster_id"] == m23[1]["cluster_id"]
    others = [a["cluster_id"] for a in listed if a not in m23]
    assert m23[0]["cluster_id"] not in others
    clustered = json.loads(run(db, "articles", "--cluster", str(m23[0]["cluster_id"]), "--json").output)
    assert len(clustered) == 2


def test_stats(db: str) -> None:
    run(db, "ingest", str(SAMPLES))
    data = json.loads(run(db, "stats", "--json").output)
    assert data["articles"] == 9
    assert data["failures"] == 0
    assert "articles" in run(db, "stats").output


@pytest.mark.skipif(not SEED.exists(), reason="../shared/eval/dev/seed.jsonl not present")
def test_seed_as_scraped_text(db: str, tmp_path: Path) -> None:
    seed = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    page = tmp_path / "seed.txt"
    page.write_text(seed["text"], encoding="utf-8")
    result = run(db, "ingest", str(page), "--published", "2024-06-06")
    assert result.exit_code == 0, result.output
    article = json.loads(run(db, "articles", "show", "1", "--json").output)
    title = seed["text"].splitlines()[0]
    assert article["title"] == title
    assert (article["title"] + "\n" + article["text"]).count(title) == 1
    assert "Lire aussi" not in article["text"]
    assert "PREV" not in article["text"] and "NEXT" not in article["text"]
    assert "La Résistance islamique en Irak, une coalition de milices" in article["text"]
    assert "Depuis le début de l’année, les États-Unis et l’Irak" in article["text"]
    assert article["text"].rstrip().endswith("l’accord-cadre stratégique entre les deux pays.")
    assert article["published"] == "2024-06-06"
    assert article["language"] == "fr"


def test_bad_inputs_are_recorded_and_the_batch_goes_on(db: str, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "good.txt").write_text(
        "Le ministre a rencontré son homologue à Rabat.\n\nLes deux pays ont signé un accord de coopération.\n",
        encoding="utf-8",
    )
    (batch / "empty.txt").write_bytes(b"")
    (batch / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    data = gzip.compress(("Une dépêche tronquée. " * 200).encode())
    (batch / "broken.txt.gz").write_bytes(data[: len(data) // 2])
    (batch / "bomb.rss").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        "<rss><channel><title>&b;</title></channel></rss>\n",
        encoding="utf-8",
    )
    (batch / "large.txt").write_text("Un texte trop long. " * 2000, encoding="utf-8")
    (batch / "cp1252.txt").write_bytes(FRENCH.encode("cp1252"))
    (batch / "latin1.html").write_bytes(
        f"<html><head><meta charset=iso-8859-1></head><body><p>{FRENCH_LATIN1}</p></body></html>".encode("latin-1")
    )
    (batch / "arabic.html").write_bytes(f"<html><body><p>{ARABIC}</p><p>{ARABIC}</p></body></html>".encode("cp1256"))
    (batch / "malformed.html").write_text(
        f"<html><body><div><p>{ENGLISH}<p>{ENGLISH.upper()}</div></span></body>", encoding="utf-8"
    )
    result = run(db, "ingest", str(batch), "--max-size", "20KB")
    assert result.exit_code == 1
    assert "5 stored, 0 duplicates, 5 failed: `veille failures`" in result.output
    texts = {Path(a["source"]).name: a["text"] for a in _all_articles(db)}
    assert set(texts) == {"good.txt", "cp1252.txt", "latin1.html", "arabic.html", "malformed.html"}
    assert "délégués réunis à Genève" in texts["cp1252.txt"]
    assert "hôpital de Mossoul" in texts["latin1.html"]
    assert "وزير الخارجية" in texts["arabic.html"]
    assert "ceasefire" in texts["malformed.html"]
    failures = json.loads(run(db, "failures", "--json").output)
    by_file = {Path(f["source"]).name: f for f in failures}
    assert set(by_file) == {"empty.txt", "image.html", "broken.txt.gz", "bomb.rss", "large.txt"}
    assert by_file["empty.txt"]["error"] == "EmptyInputError"
    assert by_file["image.html"]["error"] == "BinaryInputError"
    assert by_file["broken.txt.gz"]["error"] == "MalformedInputError"
    assert by_file["bomb.rss"]["error"] == "UnsafeInputError"
    assert by_file["large.txt"]["error"] == "TooLargeError"
    assert "veille failures" not in run(db, "failures").output


FRENCH = (
    "Les délégués réunis à Genève ont prolongé jeudi les négociations sur l'échange de prisonniers. "
    "Le médiateur a salué « un pas décisif » et prévu une nouvelle réunion la semaine prochaine.\n"
)
FRENCH_LATIN1 = (
    "Une frappe a touché vendredi un entrepôt proche de l'hôpital de Mossoul, selon les autorités locales, "
    "qui évoquent des dégâts matériels importants mais aucune victime."
)
ARABIC = "قال وزير الخارجية إن المحادثات مع الوفد المجاور ستستأنف الأسبوع المقبل في العاصمة بعد توقف دام شهرين."
ENGLISH = (
    "Negotiators from both sides agreed on Tuesday to extend the ceasefire for another two weeks, "
    "a mediator said after a night of talks in the capital."
)


def _all_articles(db: str) -> list[dict[str, object]]:
    rows = json.loads(run(db, "articles", "--json", "--limit", "1000").output)
    return [json.loads(run(db, "articles", "show", str(a["id"]), "--json").output) for a in rows]


def test_ingest_a_feed_url_needs_allow_private_on_loopback(db: str) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SAMPLES))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/feeds/veille-sample.rss"
        refused = run(db, "ingest", url)
        assert refused.exit_code == 1
        assert "--allow-private" in json.loads(run(db, "failures", "--json").output)[0]["message"]
        allowed = run(db, "ingest", url, "--allow-private")
        server.shutdown()
    assert allowed.exit_code == 0, allowed.output
    assert "3 stored" in allowed.output


def test_errors_are_one_line_and_exit_2(db: str) -> None:
    result = run(db, "articles", "show", "999")
    assert result.exit_code == 2
    assert result.output.startswith("error:")
    bad = CliRunner().invoke(main, ["--db", "nosuchdb://x", "stats"])
    assert bad.exit_code == 2
    assert "error:" in bad.output


def test_analyze_jsonl_prints_one_record_per_line_in_order(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    lines = [
        {"id": "a", "text": "Le président ukrainien s'est rendu lundi à Varsovie.", "published": "2024-03-04"},
        "not json at all",
        {"id": "c", "text": "Iran's foreign minister met his Saudi counterpart on Tuesday.", "published": "2024-03-05"},
    ]
    docs.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", "--json", str(docs)])
    assert result.exit_code == 1  # one document failed
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in records] == ["a", f"{docs}:2", "c"]
    assert "error" in records[1] and "events" not in records[1]
    first = records[0]
    assert {"events", "actors", "places", "times"} <= set(first)
    assert first["times"][0]["value"] == "2024-03-04"
    text = lines[0]["text"]  # type: ignore[index]
    for actor in first["actors"]:
        for m in actor["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


def test_analyze_stdin_table() -> None:
    text = "Washington a annoncé mercredi de nouvelles sanctions contre Moscou.\n"
    result = CliRunner().invoke(main, ["analyze", "-", "--published", "2024-02-23"], input=text)
    assert result.exit_code == 0, result.output
    assert "United States" in result.output and "Russia" in result.output
    assert "2024-02-21" in result.output


def test_analyze_ner_flag_adds_unknown_names() -> None:
    text = "Harriet Pemberton, a local councillor, told reporters the bridge would reopen on Friday.\n"
    names = {}
    for flag in ("--no-ner", "--ner"):
        result = CliRunner().invoke(main, ["analyze", "--json", "--language", "en", flag, "-"], input=text)
        assert result.exit_code == 0, result.output
        names[flag] = {actor["name"] for actor in json.loads(result.output)["actors"]}
    assert "Harriet Pemberton" in names["--ner"]
    assert "Harriet Pemberton" not in names["--no-ner"]


def test_user_actor_file_and_lookup(tmp_path: Path) -> None:
    actors = tmp_path / "my-actors.yml"
    actors.write_text(
        "actors:\n"
        "  - id: north-valley-brigade\n"
        "    name: North Valley Brigade\n"
        "    kind: group\n"
        "    country: COL\n"
        "    sector: REB\n"
        "    aliases:\n"
        "      fr: [Brigade de la vallée du Nord]\n"
        "      en: [North Valley Brigade, NVB]\n",
        encoding="utf-8",
    )
    looked_up = CliRunner().invoke(main, ["actors", "lookup", "--actors", str(actors), "--json", "NVB"])
    assert looked_up.exit_code == 0, looked_up.output
    assert json.loads(looked_up.output)[0]["id"] == "north-valley-brigade"
    text = "La Brigade de la vallée du Nord a revendiqué l'attaque.\n"
    result = CliRunner().invoke(main, ["analyze", "--json", "--actors", str(actors), "-"], input=text)
    record = json.loads(result.output)
    assert "north-valley-brigade" in {a["id"] for a in record["actors"]}


def test_ingested_articles_carry_their_analysis(db: str) -> None:
    run(db, "ingest", str(SAMPLES / "fr"))
    listed = json.loads(run(db, "articles", "--json").output)
    shown = [json.loads(run(db, "articles", "show", str(a["id"]), "--json").output) for a in listed]
    irak = next(a for a in shown if "milices" in a["title"])
    analysis = irak["analysis"]
    assert analysis["language"] == "fr"
    assert "usa-mil" in {a["id"] for a in analysis["actors"]}
    assert any(t["kind"] == "duration" or t["kind"] == "deadline" for t in analysis["times"])


def test_events_with_the_shared_filter_options(db: str) -> None:
    ultimatum = ROOT / "tests" / "fixtures" / "api" / "ultimatum-markup.txt"
    assert run(db, "ingest", "--published", "2025-06-10", str(ultimatum)).exit_code == 0
    listed = json.loads(run(db, "events", "--deadline", "--bbox", "0,10,5,15", "-q", "junta", "--json").output)
    assert [(e["type"], e["deadline"]) for e in listed] == [("THREATEN", "2025-06-17")]
    assert run(db, "events", "--no-deadline").output.strip() == "no events"
    for bad, message in (("--sort=size", "sort must be one of"), ("--bbox=1,2", "is not a box")):
        result = CliRunner().invoke(main, ["--db", db, "events", bad])
        assert result.exit_code == 2 and message in result.output
