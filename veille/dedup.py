"""Exact and near-duplicate detection.

Two texts are *exact duplicates* when their :func:`normalize`\\ d forms are
equal: :func:`content_hash` is the SHA-256 of that form. They are
*near-duplicates* (a wire story and an aggregator's copy of it with its own
intro and outro lines, a few words edited, another headline) when the
Jaccard similarity of their word shingles is at least
:data:`SIMILARITY_THRESHOLD`.

Near-duplicates are found without comparing every pair: :func:`fingerprint`
computes a MinHash signature of the shingles and cuts it into LSH bands;
texts that share a band key are *candidates*, confirmed by comparing their
signatures with :func:`similarity`. :class:`NearDuplicateIndex` does this in
memory; the store does the same with an indexed table of band keys.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from itertools import chain
from typing import ClassVar

import numpy as np
from datasketch import MinHash

from veille.model import Article, Fingerprint

__all__ = [
    "BANDS",
    "NUM_PERM",
    "ROWS",
    "SHINGLE_WORDS",
    "SIMILARITY_THRESHOLD",
    "Fingerprinter",
    "NearDuplicateIndex",
    "content_hash",
    "fingerprint",
    "normalize",
    "similarity",
]

SHINGLE_WORDS = 3
"""Words per shingle.

One-word shingles make any two stories on the same topic look alike (they
share their vocabulary); five or more make every edited word cost five
shingles, so a short copy with a new intro and a few changed words drifts
under the threshold. Three words keep phrasing ("a déclaré mardi le",
"said on tuesday") while one edit disturbs only three shingles.
"""

NUM_PERM = 128
"""MinHash permutations: the estimate's standard error is about 0.045 at 0.5."""

BANDS = 32
ROWS = 4
"""LSH banding: ``BANDS`` bands of ``ROWS`` hash values (``BANDS * ROWS == NUM_PERM``).

Two texts of Jaccard similarity ``s`` share at least one band with
probability ``1 - (1 - s**ROWS) ** BANDS``: 0.87 at s = 0.5, 0.99 at 0.6,
0.9998 at 0.7 (copies of one story), but 0.05 at 0.2 and 0.003 at 0.1
(different stories on one topic), so candidates are few and nearly all real.
"""

SIMILARITY_THRESHOLD = 0.5
"""Estimated Jaccard similarity from which two texts are near-duplicates.

Copies of one story with different intro and outro lines and small edits
score 0.6 and more; different stories on the same topic stay under 0.1.
"""

_SEED = 1
_SCHEME = "affine32"
_DTYPE = np.dtype("<u4")

# Characters that stand for an apostrophe, quote or dash without being Unicode
# punctuation (spacing accents, a modifier letter, the minus sign): mapped to
# punctuation so that they are dropped like the rest.
_UNIFY = str.maketrans(
    {
        "`": "'",
        "´": "'",
        "ʹ": "'",
        "ʻ": "'",
        "ʼ": "'",
        "ˈ": "'",
        "˝": '"',
        "−": "-",
    }
)
_NOT_WORD = re.compile(r"[^\w\s]")


def _drop_punctuation(match: re.Match[str]) -> str:
    category = unicodedata.category(match.group())
    if category[0] == "P":
        return " "
    if category == "Cf":  # soft hyphens, zero-width spaces and joiners
        return ""
    return match.group()


def normalize(text: str) -> str:
    """``text`` reduced to what matters for duplicates.

    Unicode compatibility forms are folded (NFKC: no-break spaces, full-width
    letters, ligatures), case is folded, and every punctuation mark becomes a
    space: quotes and dashes of all kinds are punctuation, so ``l’armée``,
    ``l'armée`` and ``L'ARMÉE`` all become ``l armée``. Symbols such as ``€``
    and ``%`` are kept; invisible format characters are dropped; runs of
    whitespace become one space.
    """
    text = unicodedata.normalize("NFKC", text.translate(_UNIFY)).casefold()
    return " ".join(_NOT_WORD.sub(_drop_punctuation, text).split())


def content_hash(text: str) -> str:
    """The hex SHA-256 of :func:`normalize`\\ d ``text``: equal for exact duplicates."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


@cache
def _permutations() -> object:
    """The fixed permutations, drawn once per process (signatures must agree across runs)."""
    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations


def _shingles(words: list[str]) -> list[bytes]:
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words).encode("utf-8")] if words else []
    return [" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)]


def _band_keys(values: np.ndarray) -> tuple[int, ...]:
    """One signed 64-bit key per band; the band number is hashed in, so equal rows in different bands differ."""
    raw = values.astype(_DTYPE).tobytes()
    width = ROWS * _DTYPE.itemsize
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            raw[band * width : (band + 1) * width], digest_size=8, salt=band.to_bytes(16, "little")
        )
        keys.append(int.from_bytes(digest.digest(), "little", signed=True))
    return tuple(keys)


def fingerprint(text: str) -> Fingerprint:
    """The content hash, MinHash signature and LSH band keys of ``text``.

    A text with no words has no band keys: it is nobody's near-duplicate.
    """
    normalized = normalize(text)
    words = normalized.split()
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=_permutations(), scheme=_SCHEME)
    shingles = _shingles(words)
    minhash.update_batch(shingles)
    values = np.asarray(minhash.hashvalues)
    return Fingerprint(
        content_hash=hashlib.sha256(normalized.encode("utf-8")).hexdigest(),
        signature=values.astype(_DTYPE).tobytes(),
        bands=_band_keys(values) if shingles else (),
    )


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """The Jaccard similarity two signatures estimate: the share of equal hash values."""
    if len(sig_a) != len(sig_b) or len(sig_a) % _DTYPE.itemsize:
        raise ValueError(f"signatures of different or invalid sizes ({len(sig_a)} and {len(sig_b)} bytes)")
    if not sig_a:
        return 0.0
    a = np.frombuffer(sig_a, dtype=_DTYPE)
    b = np.frombuffer(sig_b, dtype=_DTYPE)
    return float(np.count_nonzero(a == b)) / len(a)


class Fingerprinter:
    """The pipeline stage that sets ``article.fingerprint`` from its text."""

    name: ClassVar[str] = "fingerprint"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    provides: ClassVar[frozenset[str]] = frozenset({"fingerprint"})

    def __call__(self, article: Article) -> Article:
        article.fingerprint = fingerprint(article.text)
        return article


_PROBE = np.arange(8, dtype=np.int64)
"""Slots a lookup reads in one step, from the key's own slot on (linear probing)."""
_MIN_SLOTS = 1 << 12
_MOVE = 1 << 20
"""Slots of the old table moved at a time when the table grows."""


class _BandTable:
    """Band keys and a row number for each: an open-addressing hash table in two numpy arrays.

    A Python dict spends about 90 bytes per key (an int object and its
    entry) and one interpreter round trip per lookup; this table spends at
    most 24 bytes (an 8-byte key and a 4-byte row, never more than half the
    slots in use) and looks many keys up in a few vectorized steps. Band keys
    are already uniform hashes, so a key's slot is its low bits. Rows are
    never negative: ``-1`` marks an empty slot.
    """

    def __init__(self) -> None:
        self._keys = np.zeros(_MIN_SLOTS, dtype=np.int64)
        self._rows = np.full(_MIN_SLOTS, -1, dtype=np.int32)
        self._used = 0

    def __len__(self) -> int:
        return self._used

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The row of each of ``keys``, ``-1`` for a key that is not in the table."""
        mask = len(self._keys) - 1
        start = keys & mask
        found: np.ndarray = self._rows[start]
        # Most keys are settled by their own slot: empty, or holding them.
        todo = np.flatnonzero((found >= 0) & (self._keys[start] != keys))
        start[todo] += 1
        while todo.size:  # ends: half the slots at least are empty
            window = (start[todo, None] + _PROBE) & mask
            rows = self._rows[window]
            stop = (rows < 0) | (self._keys[window] == keys[todo, None])
            first = stop.argmax(axis=1)
            line = np.arange(todo.size)
            done = stop[line, first]
            found[todo[done]] = rows[line, first][done]
            todo = todo[~done]
            start[todo] += len(_PROBE)
        return found

    def insert(self, keys: np.ndarray, rows: np.ndarray) -> None:
        """Add ``keys``, distinct and none of them in the table yet, with their ``rows``."""
        if 2 * (self._used + len(keys)) > len(self._keys):
            self._grow(self._used + len(keys))
        self._place(keys, rows.astype(np.int32))
        self._used += len(keys)

    def _place(self, keys: np.ndarray, rows: np.ndarray) -> None:
        # Every key walks from its own slot to the first free one; when several
        # land on one free slot in the same step, the one written last keeps it
        # and the others walk on.
        mask = len(self._keys) - 1
        slots = keys & mask
        todo = np.arange(len(keys))
        while todo.size:
            at = slots[todo]
            free = self._rows[at] < 0
            placed, into = todo[free], at[free]
            self._keys[into] = keys[placed]
            self._rows[into] = rows[placed]
            todo = np.concatenate([todo[~free], placed[self._keys[into] != keys[placed]]])
            slots[todo] = (slots[todo] + 1) & mask

    def _grow(self, needed: int) -> None:
        keys, rows = self._keys, self._rows
        size = len(keys)
        while 2 * needed > size:
            size *= 2
        self._keys = np.zeros(size, dtype=np.int64)
        self._rows = np.full(size, -1, dtype=np.int32)
        for start in range(0, len(keys), _MOVE):  # a slice at a time: no copy of the whole old table
            used = rows[start : start + _MOVE] >= 0
            self._place(keys[start : start + _MOVE][used], rows[start : start + _MOVE][used])


class NearDuplicateIndex:
    """Clusters of duplicates and near-duplicates, in memory.

    For batches that are not stored, and for benchmarks. Each band key
    points to the first document that had it, so adding a document looks at
    most :data:`BANDS` candidates whatever the size of the index: the cost
    per document is constant and the total linear. Only the signatures of
    documents that some band key points to are kept. Band keys are signed
    64-bit integers, as :func:`fingerprint` makes them; they are kept in a
    numpy hash table, about a quarter of the memory of a dict, and
    :meth:`add_many` looks up and inserts those of many documents at once.
    """

    def __init__(self, threshold: float = SIMILARITY_THRESHOLD) -> None:
        self.threshold = threshold
        self._clusters: dict[int, int] = {}
        self._hashes: dict[str, int] = {}
        self._bands = _BandTable()
        self._claimers: list[int] = []
        """The key of the document of each row of ``_bands``: the first that had one of its band keys."""
        self._signatures: list[bytes] = []
        """The signature of the document of each row."""

    def __len__(self) -> int:
        return len(self._clusters)

    def __contains__(self, key: object) -> bool:
        return key in self._clusters

    def cluster_of(self, key: int) -> int:
        """The cluster id of an added document."""
        return self._clusters[key]

    def add(self, key: int, fp: Fingerprint) -> int:
        """Add document ``key`` and return its cluster id: the key of the cluster's first member.

        An exact duplicate joins the cluster of the text it repeats; a
        near-duplicate the cluster of its most similar verified candidate;
        anything else starts a cluster of its own. Adding a key again
        returns its cluster unchanged.
        """
        return self.add_many([(key, fp)])[0]

    def add_many(self, documents: Iterable[tuple[int, Fingerprint]]) -> list[int]:
        """Add ``(key, fingerprint)`` pairs in order and return their cluster ids.

        The result is that of :meth:`add` called on each pair in turn, but
        the band keys of all the documents are looked up and inserted in one
        step, which is much faster for thousands of documents than one call
        each.
        """
        pairs = list(documents)
        new: dict[int, Fingerprint] = {}
        for key, fp in pairs:
            if key not in self._clusters and key not in new:
                new[key] = fp
        if new:
            self._add_new(list(new.items()))
        return [self._clusters[key] for key, _ in pairs]

    def _add_new(self, documents: list[tuple[int, Fingerprint]]) -> None:
        """Add documents none of which was added before, in order."""
        counts = [len(fp.bands) for _, fp in documents]
        try:
            keys = np.fromiter(chain.from_iterable(fp.bands for _, fp in documents), np.int64, sum(counts))
        except OverflowError as exc:
            raise ValueError("band keys must be signed 64-bit integers, as fingerprint() makes them") from exc
        owner = np.repeat(np.arange(len(documents)), counts)
        stored = self._bands.find(keys)
        # Keys new to the index point to the first document of this batch that has them.
        absent = stored < 0
        unique, first, inverse = np.unique(keys[absent], return_index=True, return_inverse=True)
        first_owner = owner[absent][first]
        claimer = np.full(len(keys), -1)
        claimer[absent] = first_owner[inverse.reshape(-1)]
        claims = np.zeros(len(documents), dtype=bool)
        claims[first_owner] = True
        # The candidates of each document: rows stored before, documents of this batch before it.
        stored_before: dict[int, set[int]] = {}
        batch_before: dict[int, set[int]] = {}
        for i in np.flatnonzero(~absent).tolist():
            stored_before.setdefault(int(owner[i]), set()).add(int(stored[i]))
        for i in np.flatnonzero(absent & (claimer < owner)).tolist():
            batch_before.setdefault(int(owner[i]), set()).add(int(claimer[i]))
        row_of = np.full(len(documents), -1)
        for n, (key, fp) in enumerate(documents):
            cluster = self._hashes.get(fp.content_hash)
            if cluster is None:
                rows = stored_before.get(n, set()) | {int(row_of[j]) for j in batch_before.get(n, ())}
                cluster = self._match(fp, rows)
            if cluster is None:
                cluster = key
            self._clusters[key] = cluster
            self._hashes.setdefault(fp.content_hash, cluster)
            if claims[n]:
                row_of[n] = len(self._claimers)
                self._claimers.append(key)
                self._signatures.append(fp.signature)
        self._bands.insert(unique, row_of[first_owner])

    def _match(self, fp: Fingerprint, rows: set[int]) -> int | None:
        best: tuple[float, int] | None = None
        for row in rows:
            candidate = self._claimers[row]
            score = similarity(fp.signature, self._signatures[row])
            if score >= self.threshold and (best is None or (score, -candidate) > (best[0], -best[1])):
                best = (score, candidate)
        return None if best is None else self._clusters[best[1]]
