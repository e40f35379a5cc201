"""Event accuracy against the gold of ``shared/eval/dev``, scored as GUIDE.md says.

Runs Veille on every gold article (raw text, url and publication date) and
writes ``benchmarks/results/accuracy.json``: event precision, recall and F1
on type + country dyad, field accuracies on matched events, and breakdowns
per type and per language. The same as ``veille eval ../shared/eval/dev``.

    python benchmarks/bench_accuracy.py [GOLD ...]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from veille.analysis import analyze_gold
from veille.evaluate import load_gold, score

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "dev"
RESULTS = ROOT / "benchmarks" / "results" / "accuracy.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", nargs="*", type=Path, default=[DEFAULT_GOLD])
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not all(p.exists() for p in args.gold):
        sys.exit(f"gold not found: {', '.join(map(str, args.gold))} (put shared/eval beside the repository)")
    articles = [a for path in args.gold for a in load_gold(path)]
    started = time.perf_counter()
    records = list(analyze_gold(articles))
    elapsed = time.perf_counter() - started
    report = score(articles, records)
    result = {
        "benchmark": "accuracy",
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} python {platform.python_version()}",
        "command": "make bench-accuracy",
        "gold": [str(p) for p in args.gold],
        "articles": len(articles),
        "seconds": round(elapsed, 2),
        **report.to_dict(),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(report.format_table())
    written = args.output.resolve()
    print(f"wrote {written.relative_to(ROOT) if written.is_relative_to(ROOT) else written}")


if __name__ == "__main__":
    main()
