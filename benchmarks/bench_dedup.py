"""Near-duplicate detection time and memory against corpus size: ``results/dedup.json``.

Synthetic documents of 120 words drawn from a 5,000-word vocabulary; one in
ten is a copy of an earlier original with a new first line and three words
changed. Each size is measured in a fresh process: fingerprinting
(:func:`veille.dedup.fingerprint`, one document at a time) and clustering in
memory (:class:`veille.dedup.NearDuplicateIndex`, a batch of :data:`BATCH`
at a time), with the peak memory of that process; ``wall_s`` adds the time
spent making up the texts. Run: ``python benchmarks/bench_dedup.py [--sizes 10000,100000,1000000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
WORDS = 120
VOCABULARY = [f"w{n}" for n in range(5000)]
BATCH = 1000
"""Documents fingerprinted, then clustered together (:meth:`veille.dedup.NearDuplicateIndex.add_many`)."""


def _text(n: int) -> str:
    """Document ``n``'s words: the same on every run, so an edited copy can rebuild its original."""
    return " ".join(random.Random(n).choices(VOCABULARY, k=WORDS))


def _original(n: int) -> int:
    """The earlier document that copy ``n`` repeats: never a copy itself, whose text is not :func:`_text`."""
    original = random.Random(-n).randrange(n)
    return original - 1 if original % 10 == 9 else original


def measure(size: int) -> dict[str, Any]:
    """Fingerprint and cluster ``size`` documents in this process, :data:`BATCH` at a time."""
    from veille.dedup import NearDuplicateIndex, fingerprint

    index = NearDuplicateIndex()
    copies = found = 0
    fingerprint_s = cluster_s = 0.0
    began = time.perf_counter()
    for first in range(0, size, BATCH):
        batch, originals = [], []
        for n in range(first, min(first + BATCH, size)):
            if n % 10 == 9:
                original = _original(n)
                words = _text(original).split()
                for i in random.Random(n).sample(range(WORDS), 3):
                    words[i] = "edited"
                text = "Updated at noon. " + " ".join(words)
                copies += 1
            else:
                original, text = -1, _text(n)
            start = time.perf_counter()
            batch.append((n, fingerprint(text)))
            fingerprint_s += time.perf_counter() - start
            originals.append(original)
        start = time.perf_counter()
        clusters = index.add_many(batch)
        cluster_s += time.perf_counter() - start
        found += sum(
            1
            for cluster, original in zip(clusters, originals, strict=True)
            if original >= 0 and cluster == index.cluster_of(original)
        )
    return {
        "documents": size,
        "fingerprint_s": round(fingerprint_s, 2),
        "cluster_s": round(cluster_s, 2),
        "seconds": round(fingerprint_s + cluster_s, 2),
        "us_per_document": round((fingerprint_s + cluster_s) / size * 1e6, 1),
        "wall_s": round(time.perf_counter() - began, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "copies": copies,
        "copies_found": found,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    points = []
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(size)], capture_output=True, text=True, check=True
        )
        points.append(json.loads(done.stdout))
        print(json.dumps(points[-1]), file=sys.stderr)
    first, last = points[0], points[-1]
    result = {
        "benchmark": "dedup",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "load_average": {"start": load_at_start, "end": [round(x, 2) for x in os.getloadavg()]},
        "command": f"python benchmarks/bench_dedup.py --sizes {args.sizes}",
        "points": points,
        "time_per_document_ratio_last_to_first": round(last["us_per_document"] / first["us_per_document"], 2),
        "target": "linear: time per document constant as the corpus grows",
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "dedup.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
