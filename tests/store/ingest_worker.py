"""Ingest synthetic documents into a store, one transaction each, the way a batch does.

Run by ``test_store_crash.py`` as ``python ingest_worker.py URL COUNT``: it
skips documents already stored (:meth:`Store.has_document`), prints
``stored N`` after each document it commits and ``done skipped=K`` at the end.
"""

from __future__ import annotations

import random
import sys

from veille.dedup import fingerprint
from veille.model import Article, Document, OffsetMap
from veille.store import open_store

WORDS = [
    *("minister", "parliament", "border", "ceasefire", "talks", "troops", "convoy", "election", "court"),
    *("sanctions", "protest", "port", "strike", "drone", "militia", "refugees", "vote", "treaty", "embassy"),
    *("summit", "tariff", "pipeline", "harvest", "flood", "drought", "governor", "mayor", "union", "police"),
    *("army", "rebels", "envoy", "deal", "deadline", "ultimatum", "budget", "reform", "coalition", "verdict"),
]


def document(n: int) -> Document:
    """Document ``n``: a text of its own, the same on every run."""
    rng = random.Random(n)
    words = " ".join(rng.choice(WORDS) for _ in range(40))
    return Document(source=f"synthetic-{n}.txt", text=f"Dispatch {n}. {words.capitalize()}.")


def main(url: str, count: int) -> None:
    skipped = 0
    with open_store(url) as store:
        for n in range(count):
            doc = document(n)
            if store.has_document(doc) is not None:
                skipped += 1
                continue
            article = Article(document=doc, text=doc.text, offsets=OffsetMap.identity(len(doc.text)))
            article.fingerprint = fingerprint(article.text)
            result = store.add(article)
            print(f"{result.status} {n}", flush=True)
    print(f"done skipped={skipped}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
