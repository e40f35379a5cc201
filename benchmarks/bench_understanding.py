"""Accuracy of actors, places and times against the gold fields of ``shared/eval``.

For every gold article the system analyses the raw ``text`` with the known
``published`` date, then, per gold field:

- **actor country**: each distinct gold actor or recipient of the article's
  events (by canonical name). It is *found* when a system actor has a
  mention or name equal to one of the gold names or aliases (case and
  accents ignored); *correct* when that actor's country is the gold country.
- **place country**: each distinct gold event location. Found when a system
  place has that name (its first part, for "El Fasher, North Darfur") or a
  mention of it; correct when the countries agree.
- **date**: each gold event date whose evidence sentence holds a time
  expression the system tagged. Correct when one of those expressions has
  the gold value at the gold granularity. Dates the text only implies (the
  publication date of a statement) belong to event coding, not to this
  benchmark, and are counted apart as ``not_in_evidence``; so are deadlines
  and durations, which are not when an event happened.

Accuracy is correct / found; ``recall`` is found / gold. Writes
``benchmarks/results/understanding.json``.

    python benchmarks/bench_understanding.py [GOLD.jsonl ...]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import unicodedata
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import veille
from veille.analysis import analyze_document
from veille.model import Article

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = sorted((ROOT.parent / "shared" / "eval" / "dev").glob("*.jsonl"))
RESULTS = ROOT / "benchmarks" / "results" / "understanding.json"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def gold_names(entry: dict[str, Any]) -> set[str]:
    return {fold(n) for n in [entry["name"], *entry.get("aliases", [])] if n}


def actor_names(article: Article, actor: Any) -> set[str]:
    text = article.source_text
    names = {fold(actor.name)}
    for mention in actor.mentions:
        names.add(fold(article.source_span(mention.span).of(text)))
    return names


def truncate(value: str, granularity: str) -> str:
    return value[: {"day": 10, "month": 7, "year": 4}[granularity]]


def score(gold_files: list[Path]) -> dict[str, Any]:
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("actor", "place", "date")}
    by_language: dict[str, dict[str, Counter[str]]] = {}
    misses: list[str] = []
    articles = 0
    started = time.perf_counter()
    for path in gold_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            articles += 1
            published = date.fromisoformat(gold["published"]) if gold.get("published") else None
            document = veille.Document(source=gold["id"], text=gold["text"], url=gold.get("url"), published=published)
            article = analyze_document(document)
            lang = by_language.setdefault(gold["language"], {k: Counter() for k in counts})
            text = article.source_text

            seen: set[str] = set()
            for event in gold["events"]:
                for entry in event["actor"] + event["recipient"]:
                    if entry["name"] in seen:
                        continue
                    seen.add(entry["name"])
                    names = gold_names(entry)
                    hits = [a for a in article.actors if actor_names(article, a) & names]
                    hit = next((a for a in hits if a.country == entry["country"]), hits[0] if hits else None)
                    outcome = "missed" if hit is None else "correct" if hit.country == entry["country"] else "wrong"
                    for c in (counts["actor"], lang["actor"]):
                        c["gold"] += 1
                        c[outcome] += 1
                    if outcome != "correct":
                        got = f" got {hit.country}" if hit else ""
                        misses.append(f"{gold['id']} actor {entry['name']} ({entry['country']}): {outcome}{got}")

            seen = set()
            for event in gold["events"]:
                for loc in event["location"]:
                    if loc["name"] in seen:
                        continue
                    seen.add(loc["name"])
                    # "El Fasher, North Darfur": the place is the first part, the rest locates it.
                    target = fold(loc["name"].split(",")[0])
                    places = [
                        p
                        for p in article.places
                        if target == fold(p.name)
                        or any(target == fold(article.source_span(m.span).of(text)) for m in p.mentions)
                    ]
                    place = next((p for p in places if p.country == loc["country"]), places[0] if places else None)
                    outcome = "missed" if place is None else "correct" if place.country == loc["country"] else "wrong"
                    for c in (counts["place"], lang["place"]):
                        c["gold"] += 1
                        c[outcome] += 1
                    if outcome != "correct":
                        got = f" got {place.country}" if place else ""
                        misses.append(f"{gold['id']} place {loc['name']} ({loc['country']}): {outcome}{got}")

            for event in gold["events"]:
                if not event.get("date") or not event.get("evidence"):
                    continue
                start = text.find(event["evidence"])
                if start < 0:
                    continue
                end = start + len(event["evidence"])
                inside = [
                    t
                    for t in article.times
                    if t.kind == "date" and t.value and start <= article.source_span(t.span).start < end
                ]
                want, granularity = event["date"]["value"], event["date"]["granularity"]
                if not inside:
                    for c in (counts["date"], lang["date"]):
                        c["not_in_evidence"] += 1
                    continue
                ok = any(
                    len(t.value or "") >= len(want) and truncate(t.value or "", granularity) == want for t in inside
                )
                outcome = "correct" if ok else "wrong"
                for c in (counts["date"], lang["date"]):
                    c["gold"] += 1
                    c[outcome] += 1
                if not ok:
                    got = ", ".join(f"{t.text}={t.value}" for t in inside)
                    misses.append(f"{gold['id']} date {want} ({event['id']}): got {got}")
    elapsed = time.perf_counter() - started

    def summary(c: Counter[str]) -> dict[str, Any]:
        found = c["correct"] + c["wrong"]
        out: dict[str, Any] = {
            "gold": c["gold"],
            "found": found,
            "correct": c["correct"],
            "accuracy": round(c["correct"] / found, 3) if found else None,
            "recall": round(found / c["gold"], 3) if c["gold"] else None,
        }
        if "not_in_evidence" in c:
            out["not_in_evidence"] = c["not_in_evidence"]
        return out

    return {
        "benchmark": "understanding",
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''} python {platform.python_version()}".strip(),
        "command": "make bench-understanding",
        "gold": [str(p.relative_to(ROOT.parent)) for p in gold_files],
        "articles": articles,
        "seconds": round(elapsed, 2),
        "actor_country": summary(counts["actor"]),
        "place_country": summary(counts["place"]),
        "date": summary(counts["date"]),
        "by_language": {
            lang: {f"{k}_country" if k != "date" else k: summary(v) for k, v in c.items()}
            for lang, c in sorted(by_language.items())
        },
        "misses": misses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", nargs="*", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not args.gold:
        sys.exit("no gold files: put shared/eval beside the repository or name the files")
    result = score(args.gold)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for key in ("actor_country", "place_country", "date"):
        print(f"{key:14} {result[key]}")
    written = args.output.resolve()
    print(f"wrote {written.relative_to(ROOT) if written.is_relative_to(ROOT) else written}")


if __name__ == "__main__":
    main()
