"""Articles per second, full pipeline against bare spaCy, one core and all cores: ``results/throughput.json``.

The texts are the gold articles of ``../shared/eval`` (French and English),
repeated until there are ``--articles`` of them; each copy gets a line of
its own, so that every copy is stored (as a near-duplicate of the others).
"Full pipeline" is ``veille ingest`` from the JSONL file to stored events in
a fresh SQLite store; "bare spaCy" is ``nlp.pipe`` of the same texts with
the same models, as spaCy ships them (``spacy.load(name)``, every component
the model enables, the entity recognizer included). Veille does not run the
entity recognizer unless asked (``Settings.ner``), so a second bare run,
``bare_spacy_same_components``, parses with exactly the components Veille
runs: its ratio is the cost of everything Veille does besides the parse.
Each measurement runs in a fresh interpreter, so both sides load their
models inside the timing, as a ``veille ingest`` does (and with more than
one worker, both start their processes with ``spawn``); imports are done
before the clock starts, for both. Each run also records the CPU
seconds of its processes: on a machine others are using, ``cpu_ratio`` (bare
CPU over full CPU) moves less than the ratio of wall-clock rates.
Run: ``python benchmarks/bench_throughput.py [--articles N]``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from veille.batch import ingest
from veille.config import Settings
from veille.scale.workers import default_workers
from veille.store import open_store

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
RESULTS = Path(__file__).resolve().parent / "results"


def corpus(count: int, folder: Path) -> tuple[Path, list[tuple[str, str]]]:
    """A JSONL file of ``count`` articles, and their (language, text) pairs."""
    gold = [json.loads(line) for path in sorted(EVAL.glob("*/*.jsonl")) for line in path.open(encoding="utf-8")]
    if not gold:
        raise SystemExit(f"no gold articles under {EVAL}: the benchmark reads ../shared/eval")
    rows, texts = [], []
    for n in range(count):
        article = gold[n % len(gold)]
        text = f"{article['text']}\n\n(Copy {n})"
        rows.append({"id": f"{article['id']}-{n}", "text": text, "published": article.get("published")})
        texts.append((article["language"], text))
    path = folder / "corpus.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path, texts


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (worker pools are joined before this is read)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def _fresh(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """``function(*args)`` run in a new interpreter: no model or resource loaded by an earlier measurement."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def _spawn_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


def full_pipeline(path: Path, folder: Path, workers: int) -> dict[str, Any]:
    """``veille ingest`` of the JSONL file into a fresh SQLite store (run in a fresh interpreter)."""
    import spacy  # noqa: F401 - imported before the clock starts, as for bare spaCy

    url = f"sqlite:///{folder / f'throughput-{workers}.db'}"
    start, cpu = time.perf_counter(), _cpu_seconds()
    with open_store(url) as store:
        outcomes = list(ingest([str(path)], store, Settings(db=url), workers=workers))
        events = store.stats().events
    elapsed, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    stored = sum(o.status == "stored" for o in outcomes)
    return {
        "workers": workers,
        "articles": len(outcomes),
        "stored": stored,
        "events": events,
        "seconds": round(elapsed, 2),
        "articles_per_s": round(len(outcomes) / elapsed, 2),
        "cpu_seconds": round(cpu, 2),
    }


def _shipped(language: str) -> Any:
    """The language's spaCy pipeline as spaCy loads it, with nothing of Veille's."""
    import spacy

    from veille import nlp

    return spacy.load(nlp.installed_model(language))


def _bare(texts: list[tuple[str, str]], shipped: bool = True) -> int:
    from veille import nlp

    by_language: dict[str, list[str]] = defaultdict(list)
    for language, text in texts:
        by_language[language].append(text)
    for language, group in by_language.items():
        pipeline = _shipped(language) if shipped else nlp.load(language)
        for _ in pipeline.pipe(group, batch_size=nlp.BATCH_SIZE):
            pass
    return len(texts)


def bare_spacy(texts: list[tuple[str, str]], workers: int, shipped: bool = True) -> dict[str, Any]:
    """``nlp.pipe`` of the texts in ``workers`` processes (run in a fresh interpreter).

    ``shipped``: the models as spaCy ships them; else with the components
    Veille runs. The models are loaded inside the timing and worker
    processes are spawned, as the full pipeline does.
    """
    import spacy  # noqa: F401 - imported before the clock starts, as for the full pipeline

    start, cpu = time.perf_counter(), _cpu_seconds()
    if workers == 1:
        _bare(texts, shipped)
    else:
        shares = [texts[i::workers] for i in range(workers)]
        with _spawn_pool(workers) as pool:
            list(pool.map(_bare, shares, [shipped] * workers))
    elapsed, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    return {
        "workers": workers,
        "seconds": round(elapsed, 2),
        "articles_per_s": round(len(texts) / elapsed, 2),
        "cpu_seconds": round(cpu, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    cores = default_workers()
    runs = []
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory() as tmp:
        path, texts = corpus(args.articles, Path(tmp))
        for workers in sorted({1, cores}):
            full = _fresh(full_pipeline, path, Path(tmp), workers)
            bare = _fresh(bare_spacy, texts, workers)
            same = _fresh(bare_spacy, texts, workers, False)
            runs.append(
                {
                    "workers": workers,
                    "articles_per_s": full["articles_per_s"],
                    "bare_spacy_articles_per_s": bare["articles_per_s"],
                    "ratio": round(full["articles_per_s"] / bare["articles_per_s"], 3),
                    "cpu_ratio": round(bare["cpu_seconds"] / full["cpu_seconds"], 3),
                    "bare_spacy_same_components_articles_per_s": same["articles_per_s"],
                    "ratio_same_components": round(full["articles_per_s"] / same["articles_per_s"], 3),
                    "full": full,
                    "bare_spacy": bare,
                    "bare_spacy_same_components": same,
                }
            )
            print(json.dumps(runs[-1]), file=sys.stderr)
    best = runs[-1]
    result = {
        "benchmark": "throughput",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "command": f"python benchmarks/bench_throughput.py --articles {args.articles}",
        "articles": args.articles,
        "workers": best["workers"],
        "articles_per_s": best["articles_per_s"],
        "bare_spacy_articles_per_s": best["bare_spacy_articles_per_s"],
        "ratio": best["ratio"],
        "ratio_same_components": best["ratio_same_components"],
        "peak_rss_mb": _peak_rss_mb(),
        "load_average": {"start": load_at_start, "end": [round(x, 2) for x in os.getloadavg()]},
        "runs": runs,
        "targets": {"ratio": 0.7, "articles_per_s_2_cores": 7, "peak_rss_mb_per_worker": 1536},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "throughput.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
