"""The GUIDE.md scorer: matching, event counts, field accuracies, breakdowns, inputs.

Gold and system records here are small synthetic ones; one test scores the
shared dev gold against itself.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import Any

import pytest

from veille.errors import DataError, MalformedInputError
from veille.evaluate import (
    FIELDS,
    EvalReport,
    GoldArticle,
    _max_weight_matching,
    load_gold,
    load_system,
    parse_system_events,
    score,
)

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"


# --------------------------------------------------------------------------- builders


def actor(name: str, country: str | None, *aliases: str) -> dict[str, Any]:
    return {"name": name, "aliases": list(aliases), "country": country, "sector": None}


FRANCE = actor("France", "FRA", "Paris", "République française")
MALI = actor("jihadists", "MLI", "djihadistes", "terroristes")
RUSSIA = actor("Russia", "RUS", "Moscou", "Kremlin")
UKRAINE = actor("Ukraine", "UKR", "Kiev", "Kyiv")


def gold_event(
    event_id: str = "e1",
    type_: str = "ASSAULT",
    *,
    mode: str | None = None,
    required: bool = True,
    actors: tuple[dict[str, Any], ...] = (FRANCE,),
    recipients: tuple[dict[str, Any], ...] = (MALI,),
    date: tuple[str, str] | None = None,
    locations: tuple[str, ...] = (),
    modality: str = "asserted",
    attribution: str | None = None,
    deadline: str | None = None,
) -> dict[str, Any]:
    return {
        "id": event_id,
        "type": type_,
        "mode": mode,
        "required": required,
        "actor": list(actors),
        "recipient": list(recipients),
        "date": {"value": date[0], "granularity": date[1]} if date else None,
        "location": [{"name": country, "country": country} for country in locations],
        "modality": modality,
        "attribution": attribution,
        "deadline": {"value": deadline, "expression": "x"} if deadline else None,
        "trigger": "t",
        "evidence": "e",
    }


def gold(*events: dict[str, Any], article_id: str = "a1", language: str = "fr") -> GoldArticle:
    data = {"id": article_id, "language": language, "url": None, "published": "2024-06-06", "text": "x"}
    return GoldArticle.from_dict({**data, "events": list(events)}, "test")


def sys_actor(name: str | None, country: str | None, text: str | None = None) -> dict[str, Any]:
    return {"name": name, "text": text, "country": country, "sector": None, "start": 0, "end": 0}


def sys_event(
    type_: str = "ASSAULT",
    *,
    mode: str | None = None,
    actors: tuple[dict[str, Any], ...] = (sys_actor("France", "FRA"),),
    recipients: tuple[dict[str, Any], ...] = (sys_actor("jihadists", "MLI"),),
    date: str | None = None,
    locations: tuple[str, ...] = (),
    modality: str = "asserted",
    attribution: str | None = None,
    deadline: str | None = None,
) -> dict[str, Any]:
    return {
        "type": type_,
        "mode": mode,
        "actors": list(actors),
        "recipients": list(recipients),
        "date": {"value": date, "granularity": "day", "text": None, "start": None, "end": None} if date else None,
        "locations": [{"name": country, "country": country, "lat": 0.0, "lon": 0.0} for country in locations],
        "modality": modality,
        "attribution": {"text": attribution, "start": 0, "end": 0} if attribution else None,
        "deadline": {"value": deadline, "text": "x", "anchor": None} if deadline else None,
        "trigger": {"text": "t", "start": 0, "end": 0},
        "evidence": {"text": "e", "start": 0, "end": 0},
        "confidence": 0.5,
    }


def record(*events: dict[str, Any], article_id: str = "a1") -> dict[str, Any]:
    return {"id": article_id, "language": "fr", "events": list(events), "actors": [], "places": [], "times": []}


def run(gold_events: list[dict[str, Any]], system_events: list[dict[str, Any]]) -> EvalReport:
    return score([gold(*gold_events)], [record(*system_events)])


def counts(report: EvalReport) -> tuple[int, int, int]:
    return report.events.tp, report.events.fp, report.events.fn


# --------------------------------------------------------------------------- matching and event counts


def test_exact_match_is_a_true_positive() -> None:
    report = run([gold_event()], [sys_event()])
    assert counts(report) == (1, 0, 0)
    assert (report.events.precision, report.events.recall, report.events.f1) == (1.0, 1.0, 1.0)
    assert report.articles[0].pairs[0].gold_id == "e1"


def test_type_mismatch_is_a_false_positive_and_a_false_negative() -> None:
    report = run([gold_event(type_="ASSAULT")], [sys_event(type_="THREATEN")])
    assert counts(report) == (0, 1, 1)
    assert report.events.f1 == 0.0


@pytest.mark.parametrize(
    ("actors", "recipients", "matches"),
    [
        ((sys_actor("France", "FRA"),), (sys_actor("Mali", "MLI"),), True),
        ((sys_actor("France", "FRA"), sys_actor("USA", "USA")), (sys_actor("Mali", "MLI"),), True),
        ((sys_actor("France", "DEU"),), (sys_actor("Mali", "MLI"),), False),
        ((sys_actor("France", "FRA"),), (sys_actor("Mali", "NER"),), False),
        ((sys_actor("France", None),), (sys_actor("Mali", "MLI"),), False),
        ((), (sys_actor("Mali", "MLI"),), False),
        ((sys_actor("France", "fra"),), (sys_actor("Mali", "MLI"),), True),
    ],
    ids=["same-dyad", "one-of-several", "actor-country", "recipient-country", "null-country", "no-actor", "case"],
)
def test_a_pair_needs_the_country_dyad(
    actors: tuple[dict[str, Any], ...], recipients: tuple[dict[str, Any], ...], matches: bool
) -> None:
    report = run([gold_event()], [sys_event(actors=actors, recipients=recipients)])
    assert counts(report) == ((1, 0, 0) if matches else (0, 1, 1))


def test_any_gold_actor_country_will_do() -> None:
    event = gold_event(actors=(FRANCE, actor("Barkhane", "MLI")))
    assert counts(run([event], [sys_event(actors=(sys_actor("x", "MLI"),))])) == (1, 0, 0)


def test_an_empty_gold_list_matches_anything() -> None:
    event = gold_event(actors=(), recipients=())
    assert counts(run([event], [sys_event(actors=(sys_actor("x", "CHN"),), recipients=())])) == (1, 0, 0)
    assert counts(run([event], [sys_event(actors=(), recipients=())])) == (1, 0, 0)
    half = gold_event(actors=(), recipients=(MALI,))
    assert counts(run([half], [sys_event(actors=(sys_actor("x", "CHN"),))])) == (1, 0, 0)
    assert counts(run([half], [sys_event(recipients=(sys_actor("x", "CHN"),))])) == (0, 1, 1)


def test_matching_is_one_to_one() -> None:
    report = run([gold_event()], [sys_event(), sys_event()])
    assert counts(report) == (1, 1, 0)
    assert report.articles[0].spurious == (1,)


def test_the_maximum_matching_is_found_where_greedy_fails() -> None:
    # s0 (RUS) fits both g0 (no actor) and g1 (RUS); s1 (USA) fits g0 only.
    # Taking the first fit for s0 (g0) would leave s1 unmatched.
    events = [
        gold_event("g0", actors=(), recipients=()),
        gold_event("g1", actors=(RUSSIA,), recipients=()),
    ]
    systems = [
        sys_event(actors=(sys_actor("Russia", "RUS"),), recipients=()),
        sys_event(actors=(sys_actor("USA", "USA"),), recipients=()),
    ]
    report = run(events, systems)
    assert counts(report) == (2, 0, 0)
    assert {(pair.gold_id, pair.system_index) for pair in report.articles[0].pairs} == {("g1", 0), ("g0", 1)}


def test_optional_gold_events_are_neither_false_positives_nor_false_negatives() -> None:
    events = [gold_event("req"), gold_event("opt", type_="THREATEN", required=False)]
    assert counts(run(events, [sys_event(), sys_event(type_="THREATEN")])) == (1, 0, 0)
    assert counts(run(events, [sys_event()])) == (1, 0, 0)
    assert counts(run([gold_event(required=False)], [])) == (0, 0, 0)
    only_optional = run([gold_event(required=False)], [sys_event()])
    assert counts(only_optional) == (0, 0, 0)
    assert only_optional.events.f1 is None
    assert only_optional.fields["actor_name"].total == 1


def test_a_system_event_goes_to_the_required_gold_event() -> None:
    events = [gold_event("opt", required=False), gold_event("req")]
    report = run(events, [sys_event()])
    assert counts(report) == (1, 0, 0)
    assert report.articles[0].pairs[0].gold_id == "req"


def test_more_pairs_come_before_required_pairs() -> None:
    # s0 fits the required and the optional event, s1 only the required one:
    # s0-opt plus s1-req leaves nothing unmatched.
    events = [gold_event("req", recipients=()), gold_event("opt", required=False, recipients=(MALI,))]
    systems = [sys_event(), sys_event(recipients=())]
    report = run(events, systems)
    assert counts(report) == (1, 0, 0)
    assert {(pair.gold_id, pair.system_index) for pair in report.articles[0].pairs} == {("opt", 0), ("req", 1)}


def test_among_equal_matchings_the_one_agreeing_on_more_fields_wins() -> None:
    report = run(
        [gold_event(modality="future", date=("2024-06-05", "day"))],
        [sys_event(modality="asserted", date="2024-06-01"), sys_event(modality="future", date="2024-06-05")],
    )
    assert counts(report) == (1, 1, 0)
    assert report.articles[0].pairs[0].system_index == 1
    assert report.modality.accuracy == 1.0 and report.fields["date"].accuracy == 1.0


def test_events_of_other_articles_never_match() -> None:
    articles = [gold(gold_event(), article_id="a1"), gold(article_id="a2")]
    report = score(articles, [record(article_id="a1"), record(sys_event(), article_id="a2")])
    assert counts(report) == (0, 1, 1)


def brute_force(weights: list[list[int]]) -> int:
    rows, cols = len(weights), len(weights[0])
    best = 0
    if rows <= cols:
        for perm in itertools.permutations(range(cols), rows):
            best = max(best, sum(weights[i][j] for i, j in enumerate(perm)))
    else:
        for perm in itertools.permutations(range(rows), cols):
            best = max(best, sum(weights[i][j] for j, i in enumerate(perm)))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_the_matching_has_maximum_weight(seed: int) -> None:
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 5), rng.randint(1, 5)
    weights = [[rng.choice([0, 0, rng.randint(1, 30)]) for _ in range(cols)] for _ in range(rows)]
    pairs = _max_weight_matching(weights)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert all(weights[i][j] > 0 for i, j in pairs)
    assert sum(weights[i][j] for i, j in pairs) == brute_force(weights)


def test_an_empty_matrix_matches_nothing() -> None:
    assert _max_weight_matching([]) == []
    assert _max_weight_matching([[], []]) == []


# --------------------------------------------------------------------------- fields


@pytest.mark.parametrize(
    ("system_actor", "correct"),
    [
        (sys_actor("France", "FRA"), True),
        (sys_actor("paris", "FRA"), True),
        (sys_actor("REPUBLIQUE FRANCAISE", "FRA"), True),
        (sys_actor("Republique  française", "FRA"), True),
        (sys_actor("French Republic", "FRA"), False),
        (sys_actor("Macron", "FRA", text="la République française"), False),
        (sys_actor("Macron", "FRA", text="République Française"), True),
        (sys_actor(None, "FRA", text="France"), True),
    ],
    ids=["name", "alias-case", "accents", "spaces", "other-name", "longer-mention", "mention-text", "no-name"],
)
def test_actor_names_match_any_alias_ignoring_case_and_accents(system_actor: dict[str, Any], correct: bool) -> None:
    report = run([gold_event()], [sys_event(actors=(system_actor,))])
    assert counts(report) == (1, 0, 0)
    assert (report.fields["actor_name"].correct, report.fields["actor_name"].total) == (int(correct), 1)


def test_recipient_names_are_judged_only_when_the_gold_names_one() -> None:
    named = run([gold_event()], [sys_event(recipients=(sys_actor("Terroristes", "MLI"),))])
    assert (named.fields["recipient_name"].correct, named.fields["recipient_name"].total) == (1, 1)
    unnamed = run([gold_event(recipients=())], [sys_event()])
    assert unnamed.fields["recipient_name"].total == 0
    assert unnamed.fields["recipient_name"].accuracy is None


@pytest.mark.parametrize(
    ("gold_date", "system_date", "judged"),
    [
        (("2024-06-06", "day"), "2024-06-06", True),
        (("2024-06-06", "day"), "2024-06-07", False),
        (("2024-06-06", "day"), "2024-06", False),
        (("2024-06-06", "day"), "2024-06-06T10:00:00", True),
        (("2024-06", "month"), "2024-06-30", True),
        (("2024-06", "month"), "2024-06", True),
        (("2024-06", "month"), "2024-07-01", False),
        (("2024", "year"), "2024-12-31", True),
        (("2024", "year"), "2023-12-31", False),
        (("2024-06-06", "day"), None, False),
        (None, "2024-06-06", None),
        (None, None, None),
    ],
)
def test_dates_compare_at_the_gold_granularity(
    gold_date: tuple[str, str] | None, system_date: str | None, judged: bool | None
) -> None:
    report = run([gold_event(date=gold_date)], [sys_event(date=system_date)])
    tally = report.fields["date"]
    assert tally.total == (0 if judged is None else 1)
    assert tally.correct == int(bool(judged))


@pytest.mark.parametrize(
    ("gold_places", "system_places", "judged"),
    [
        (("MLI",), ("MLI",), True),
        (("MLI", "BFA"), ("NER", "BFA"), True),
        (("MLI",), ("NER",), False),
        (("MLI",), (), False),
        ((), ("MLI",), None),
    ],
)
def test_location_is_right_when_a_gold_country_is_among_the_system_ones(
    gold_places: tuple[str, ...], system_places: tuple[str, ...], judged: bool | None
) -> None:
    report = run([gold_event(locations=gold_places)], [sys_event(locations=system_places)])
    assert report.fields["location"].total == (0 if judged is None else 1)
    assert report.fields["location"].correct == int(bool(judged))


def test_modality_is_reported_over_all_pairs_and_over_non_asserted_gold() -> None:
    events = [
        gold_event("a", modality="asserted"),
        gold_event("b", type_="THREATEN", modality="hypothetical"),
        gold_event("c", type_="AGREE", modality="future"),
    ]
    systems = [
        sys_event(modality="asserted"),
        sys_event(type_="THREATEN", modality="asserted"),
        sys_event(type_="AGREE", modality="future"),
    ]
    report = run(events, systems)
    assert (report.modality.correct, report.modality.total) == (2, 3)
    assert (report.modality_non_asserted.correct, report.modality_non_asserted.total) == (1, 2)
    assert report.modality_non_asserted.accuracy == 0.5


@pytest.mark.parametrize(
    ("gold_source", "system_source", "correct"),
    [
        ("Shafaq", "l’agence de presse irakienne “Shafaq”", True),
        ("l'agence de presse irakienne Shafaq", "SHAFAQ", True),
        ("état-major", "L’État-major", True),
        ("the State Department", "Treasury Department", False),
        (None, None, True),
        ("Reuters", None, False),
        (None, "Reuters", False),
        ("état-major", "etat-major", False),
    ],
    ids=["gold-in-system", "system-in-gold", "case", "other", "both-null", "system-null", "gold-null", "accents"],
)
def test_attribution_is_case_insensitive_containment_either_way(
    gold_source: str | None, system_source: str | None, correct: bool
) -> None:
    report = run([gold_event(attribution=gold_source)], [sys_event(attribution=system_source)])
    assert (report.fields["attribution"].correct, report.fields["attribution"].total) == (int(correct), 1)


@pytest.mark.parametrize(
    ("gold_deadline", "system_deadline", "judged"),
    [
        ("2024-07-16", "2024-07-16", True),
        ("2024-07-16", "2024-07-16T23:59", True),
        ("2024-07-16", "2024-07-15", False),
        ("2024-07-16", None, False),
        (None, "2024-07-16", False),
        (None, None, None),
    ],
)
def test_deadlines_compare_by_day_and_are_skipped_when_neither_has_one(
    gold_deadline: str | None, system_deadline: str | None, judged: bool | None
) -> None:
    report = run(
        [gold_event(type_="THREATEN", deadline=gold_deadline)],
        [sys_event(type_="THREATEN", deadline=system_deadline)],
    )
    assert report.fields["deadline"].total == (0 if judged is None else 1)
    assert report.fields["deadline"].correct == int(bool(judged))


def test_fields_are_judged_on_pairs_with_optional_gold_events_too() -> None:
    report = run([gold_event(required=False, modality="future")], [sys_event(modality="alleged")])
    assert counts(report) == (0, 0, 0)
    assert (report.modality.correct, report.modality.total) == (0, 1)
    assert report.articles[0].pairs[0].wrong == ("modality",)


def test_mode_is_reported_but_does_not_affect_matching() -> None:
    report = run([gold_event(mode="aerial")], [sys_event(mode="drone")])
    assert counts(report) == (1, 0, 0)
    assert (report.fields["mode"].correct, report.fields["mode"].total) == (0, 1)


# --------------------------------------------------------------------------- breakdowns and records


def test_breakdowns_by_type_and_language() -> None:
    articles = [
        gold(gold_event("e1"), gold_event("e2", type_="THREATEN"), article_id="fr1", language="fr"),
        gold(gold_event("e1", modality="alleged"), article_id="en1", language="en"),
    ]
    records = [
        record(sys_event(), sys_event(type_="PROTEST"), article_id="fr1"),
        record(sys_event(modality="alleged"), article_id="en1"),
    ]
    report = score(articles, records)
    assert counts(report) == (2, 1, 1)
    assert list(report.by_type) == ["THREATEN", "PROTEST", "ASSAULT"]
    assert report.by_type["ASSAULT"].events.tp == 2
    assert (report.by_type["THREATEN"].events.fn, report.by_type["THREATEN"].events.fp) == (1, 0)
    assert (report.by_type["PROTEST"].events.fp, report.by_type["PROTEST"].events.tp) == (1, 0)
    assert report.by_type["ASSAULT"].modality_non_asserted.total == 1
    assert list(report.by_language) == ["en", "fr"]
    assert (report.by_language["fr"].events.tp, report.by_language["fr"].events.fp) == (1, 1)
    assert report.by_language["fr"].events.fn == 1
    assert report.by_language["en"].events.f1 == 1.0
    assert report.by_language["en"].modality.total == 1


def test_an_error_record_counts_as_no_events() -> None:
    report = score([gold(gold_event())], [{"id": "a1", "error": "could not extract an article"}])
    assert counts(report) == (0, 0, 1)
    assert report.articles[0].status == "error"
    assert report.to_dict()["errors"] == ["a1"]
    assert parse_system_events({"id": "a1", "error": "boom", "events": [sys_event()]}) is None


def test_missing_and_unknown_records(caplog: pytest.LogCaptureFixture) -> None:
    report = score([gold(gold_event())], {"other": record(sys_event(), article_id="other")})
    assert counts(report) == (0, 0, 1)
    assert report.articles[0].status == "missing"
    assert report.unscored == ["other"]
    assert "no system record" in caplog.text


def test_missing_system_fields_read_as_empty() -> None:
    report = score([gold(gold_event(actors=(), recipients=()))], [{"id": "a1", "events": [{"type": "ASSAULT"}]}])
    assert counts(report) == (1, 0, 0)
    assert report.modality.correct == 0


@pytest.mark.parametrize(
    "bad_event",
    [{"mode": None}, {"type": "ASSAULT", "actors": {"name": "x"}}, {"type": "ASSAULT", "modality": 3}],
    ids=["no-type", "actors-not-a-list", "modality-not-a-string"],
)
def test_malformed_system_events_are_reported(bad_event: dict[str, Any]) -> None:
    with pytest.raises(MalformedInputError, match="'a1'"):
        score([gold(gold_event())], [{"id": "a1", "events": [bad_event]}])


def test_records_need_unique_ids() -> None:
    with pytest.raises(ValueError, match="twice"):
        score([gold(gold_event())], [record(), record()])
    with pytest.raises(ValueError, match="no 'id'"):
        score([gold(gold_event())], [{"events": []}])


def test_to_dict_has_stable_keys_and_is_json_ready() -> None:
    data = run([gold_event()], [sys_event()]).to_dict()
    assert set(data) >= {"events", "fields", "modality", "modality_non_asserted", "by_type", "by_language"}
    assert set(data["events"]) == {"tp", "fp", "fn", "precision", "recall", "f1"}
    assert set(data["fields"]) == set(FIELDS)
    assert set(data["fields"]["actor_name"]) == {"correct", "total", "accuracy"}
    assert set(data["by_type"]["ASSAULT"]) == {"events", "fields", "modality", "modality_non_asserted"}
    assert data["details"][0]["pairs"] == [{"gold": "e1", "system": 0, "required": True, "wrong": []}]
    assert json.loads(json.dumps(data)) == data


def test_format_table_shows_counts_and_rates() -> None:
    table = run([gold_event(), gold_event("e2", type_="THREATEN")], [sys_event()]).format_table()
    assert "Events (type + country dyad)" in table
    assert "modality (not asserted)" in table
    row = next(line for line in table.splitlines() if line.strip().startswith("all"))
    assert row.split() == ["all", "1", "0", "1", "1.000", "0.500", "0.667"]
    assert "THREATEN" in table and "fr" in table


# --------------------------------------------------------------------------- files


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def gold_row(*events: dict[str, Any], article_id: str = "a1") -> dict[str, Any]:
    return {"id": article_id, "language": "en", "url": None, "published": None, "text": "", "events": list(events)}


def test_score_reads_gold_and_system_files(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    gold_file = write_jsonl(tmp_path / "gold" / "b.jsonl", [gold_row(gold_event())])
    write_jsonl(tmp_path / "gold" / "a.jsonl", [gold_row(article_id="a0")])
    system_file = write_jsonl(tmp_path / "run.jsonl", [record(sys_event())])
    assert counts(score(gold_file, system_file)) == (1, 0, 0)
    report = score(str(tmp_path / "gold"), str(system_file))
    assert counts(report) == (1, 0, 0)
    assert [article.id for article in report.articles] == ["a0", "a1"]
    assert list(load_system(system_file)) == ["a1"]


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"type": "ATTACK"}, "not a PLOVER event type"),
        ({"mode": "rocket"}, "not a mode of ASSAULT"),
        ({"modality": "likely"}, "modality"),
        ({"date": {"value": "2024-06", "granularity": "day"}}, "day granularity"),
        ({"date": {"value": "2024", "granularity": "week"}}, "granularity"),
        ({"deadline": {"value": "soon"}}, "deadline"),
        ({"required": "yes"}, "required"),
        ({"actor": [{"country": "FRA"}]}, "'name'"),
        ({"id": None}, "'id'"),
    ],
)
def test_invalid_gold_is_a_data_error_naming_the_line(tmp_path: Path, event: dict[str, Any], message: str) -> None:
    path = write_jsonl(tmp_path / "gold.jsonl", [gold_row(), gold_row({**gold_event(), **event}, article_id="a2")])
    with pytest.raises(DataError, match=message) as error:
        load_gold(path)
    assert f"{path}:2" in str(error.value)


def test_gold_ids_must_be_unique(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "gold.jsonl", [gold_row(), gold_row()])
    with pytest.raises(DataError, match="already used"):
        load_gold(path)
    events = write_jsonl(tmp_path / "events.jsonl", [gold_row(gold_event(), gold_event())])
    with pytest.raises(DataError, match="appears twice"):
        load_gold(events)


def test_broken_files_are_named(tmp_path: Path) -> None:
    broken = tmp_path / "run.jsonl"
    broken.write_text('{"id": "a1", "events": []}\n{"id": \n', encoding="utf-8")
    with pytest.raises(MalformedInputError, match=r"run\.jsonl:2"):
        load_system(broken)
    write_jsonl(broken, [record(), record()])
    with pytest.raises(MalformedInputError, match="already appears on line 1"):
        load_system(broken)
    write_jsonl(broken, [{"events": []}])
    with pytest.raises(MalformedInputError, match="'id'"):
        load_system(broken)
    with pytest.raises(MalformedInputError, match="cannot read"):
        load_gold(tmp_path / "absent.jsonl")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DataError, match=r"no \*\.jsonl"):
        load_gold(empty)


# --------------------------------------------------------------------------- the dev gold against itself


def as_system_record(article: dict[str, Any]) -> dict[str, Any]:
    """A gold article written as the analysis record a perfect system would print."""

    def actors(listed: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [sys_actor(one["name"], one["country"], text=one["name"]) for one in listed]

    events = []
    for event in article["events"]:
        events.append(
            {
                "type": event["type"],
                "mode": event["mode"],
                "actors": actors(event["actor"]),
                "recipients": actors(event["recipient"]),
                "date": event["date"],
                "locations": [{"name": place["name"], "country": place["country"]} for place in event["location"]],
                "modality": event["modality"],
                "attribution": {"text": event["attribution"]} if event["attribution"] else None,
                "deadline": {"value": event["deadline"]["value"]} if event["deadline"] else None,
                "trigger": {"text": event["trigger"]},
                "evidence": {"text": event["evidence"]},
            }
        )
    return {"id": article["id"], "language": article["language"], "events": events}


DEV_FILES = sorted(DEV.glob("*.jsonl")) if DEV.is_dir() else []


@pytest.mark.skipif(not DEV_FILES, reason="../shared/eval/dev is absent")
@pytest.mark.parametrize("path", DEV_FILES, ids=[path.name for path in DEV_FILES])
def test_the_dev_gold_scores_perfectly_against_itself(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    report = score(path, [as_system_record(row) for row in rows])
    assert report.events.fn == report.events.fp == 0
    assert report.events.f1 == 1.0
    tallies = [*report.fields.values(), report.modality, report.modality_non_asserted]
    assert all(tally.correct == tally.total for tally in tallies)
    assert report.modality.total == sum(len(row["events"]) for row in rows)
    for scores in [*report.by_type.values(), *report.by_language.values()]:
        assert scores.events.fp == scores.events.fn == 0
