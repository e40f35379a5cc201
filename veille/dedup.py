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
from functools import cache
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


class NearDuplicateIndex:
    """Clusters of duplicates and near-duplicates, in memory.

    For batches that are not stored, and for benchmarks. Each band key
    points to the first document that had it, so adding a document looks at
    most :data:`BANDS` candidates whatever the size of the index: the cost
    per document is constant and the total linear. Only the signatures of
    documents that some band key points to are kept.
    """

    def __init__(self, threshold: float = SIMILARITY_THRESHOLD) -> None:
        self.threshold = threshold
        self._clusters: dict[int, int] = {}
        self._hashes: dict[str, int] = {}
        self._bands: dict[int, int] = {}
        self._signatures: dict[int, bytes] = {}

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
        if key in self._clusters:
            return self._clusters[key]
        cluster = self._hashes.get(fp.content_hash)
        if cluster is None:
            cluster = self._match(fp)
        if cluster is None:
            cluster = key
        self._clusters[key] = cluster
        self._hashes.setdefault(fp.content_hash, cluster)
        claimed = False
        for band in fp.bands:
            if band not in self._bands:
                self._bands[band] = key
                claimed = True
        if claimed:
            self._signatures[key] = fp.signature
        return cluster

    def _match(self, fp: Fingerprint) -> int | None:
        best: tuple[float, int] | None = None
        for candidate in {self._bands[band] for band in fp.bands if band in self._bands}:
            score = similarity(fp.signature, self._signatures[candidate])
            if score >= self.threshold and (best is None or (score, -candidate) > (best[0], -best[1])):
                best = (score, candidate)
        return None if best is None else self._clusters[best[1]]
