"""Duplicate detection: content hashes, MinHash signatures, LSH bands and the in-memory index."""

from __future__ import annotations

import random

import pytest

from veille.dedup import (
    BANDS,
    NUM_PERM,
    ROWS,
    SIMILARITY_THRESHOLD,
    Fingerprinter,
    NearDuplicateIndex,
    content_hash,
    fingerprint,
    normalize,
    similarity,
)
from veille.model import Article, Document, Fingerprint, OffsetMap
from veille.pipeline import Pipeline, Stage

EN_WIRE = """\
Dockworkers at the port of Antwerp walked off the job on Tuesday morning, halting the loading of container \
ships for at least 48 hours, the country's largest transport union said.
The union is demanding a 6 percent pay rise and limits on night shifts, which it says have doubled since the \
terminal was automated two years ago. Port management called the strike "disproportionate" and said talks \
would resume on Thursday.
Around 40 vessels were waiting at anchor in the Scheldt estuary by midday, according to ship-tracking data, \
and several shipping lines said they would divert cargo to Rotterdam if the stoppage lasted beyond the weekend.
The federal labour minister urged both sides to return to the table and warned that a prolonged strike would \
hurt exporters already struggling with high energy costs.
"""

EN_AGGREGATOR = """\
BRUSSELS (Newsdesk) — Here is what you need to know this morning.
Dockworkers at the port of Antwerp walked off the job on Tuesday, halting the loading of container ships for \
at least 48 hours, the country’s largest transport union said.
The union is demanding a 6% pay rise and limits on night shifts, which it says have doubled since the terminal \
was automated two years ago. Port management called the strike “disproportionate” and said talks would resume \
on Thursday.
About 40 vessels were waiting at anchor in the Scheldt estuary by midday, according to ship-tracking data, and \
several shipping lines said they would divert cargo to Rotterdam if the stoppage lasted beyond the weekend.
The federal labour minister urged both sides to return to the table and warned that a prolonged strike would \
hurt exporters already struggling with high energy costs.
Subscribe to our morning briefing to get the day's top stories in your inbox.
"""

EN_SAME_TOPIC = """\
Port workers in Hamburg will hold a 24-hour warning strike on Friday after wage talks with terminal operators \
broke down for the third time, the services union said on Monday.
Operators offered a one-off payment and a 3 percent raise spread over two years, which union negotiators \
rejected as far below inflation. The strike will stop container handling at the city's four main terminals.
Shipping lines said they expected delays of several days and advised customers to plan for disruption. The \
regional economy minister said he hoped the sides would reach a deal before the summer peak season.
"""

FR_WIRE = """\
Le gouvernement malien a annoncé mardi la fermeture de la frontière avec le Niger pour une durée de trente \
jours, invoquant la menace de groupes armés dans la région de Ménaka.
Dans un communiqué lu à la télévision publique, le porte-parole du gouvernement a précisé que les échanges \
commerciaux seraient suspendus à l'exception des convois humanitaires, qui devront obtenir une autorisation \
préalable des autorités militaires.
Plusieurs organisations non gouvernementales ont exprimé leur inquiétude pour les milliers de familles qui \
vivent du commerce transfrontalier. « Cette décision risque d'aggraver une situation alimentaire déjà très \
fragile », a déclaré un responsable d'une agence des Nations unies joint par téléphone.
Les autorités nigériennes n'avaient pas réagi mercredi matin.
"""

FR_EDITED = """\
Le gouvernement malien a annoncé mardi soir la fermeture de la frontière avec le Niger pour une durée de 30 \
jours, en invoquant la menace de groupes armés dans la région de Ménaka.
Dans un communiqué lu à la télévision publique, le porte-parole du gouvernement a précisé que les échanges \
commerciaux seraient suspendus à l’exception des convois humanitaires, qui devront obtenir une autorisation \
préalable des autorités militaires.
Plusieurs organisations non gouvernementales ont exprimé leur inquiétude pour les milliers de familles qui \
vivent du commerce transfrontalier. "Cette décision risque d'aggraver une situation alimentaire déjà très \
fragile", a déclaré un responsable d'une agence des Nations unies joint par téléphone.
Les autorités nigériennes n'avaient pas encore réagi mercredi matin.
Lire aussi : au Sahel, la saison sèche complique l'acheminement de l'aide.
"""

FR_SAME_TOPIC = """\
Le Niger a rouvert lundi sa frontière avec le Bénin, fermée depuis plusieurs mois, a annoncé le ministère du \
Commerce à Niamey.
Les camions bloqués du côté béninois ont commencé à franchir le poste de Malanville dans l'après-midi, selon \
des transporteurs joints sur place. Le gouvernement a précisé que les contrôles douaniers seraient renforcés \
pour lutter contre la contrebande de carburant.
Des commerçants ont salué une décision attendue depuis longtemps, tout en réclamant la suppression des taxes \
exceptionnelles instaurées pendant la fermeture. Les autorités béninoises ont dit vouloir « accompagner » \
cette reprise des échanges.
"""

NEAR_DUPLICATES = [
    pytest.param(EN_WIRE, EN_AGGREGATOR, id="en-wire-vs-aggregator"),
    pytest.param(FR_WIRE, FR_EDITED, id="fr-wire-vs-edited"),
]
UNRELATED = [
    pytest.param(EN_WIRE, EN_SAME_TOPIC, id="en-two-port-strikes"),
    pytest.param(FR_WIRE, FR_SAME_TOPIC, id="fr-two-border-stories"),
    pytest.param(EN_WIRE, FR_WIRE, id="en-vs-fr"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello,  World!", "hello world"),
        ("L’armée a «riposté» — vite", "l armée a riposté vite"),
        ("L'ARMÉE A RIPOSTÉ - VITE", "l armée a riposté vite"),
        ("états\u00a0unis\u202fet\tfrance\n", "états unis et france"),
        ("co\u00adopé\u200bration", "coopération"),
        ("don`t  or don´t or donʼt", "don t or don t or don t"),
        ("a 6% hausse, 5 € −3", "a 6 hausse 5 € 3"),
        ("ﬁnance ＡＢＣ", "finance abc"),
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_exact_duplicates_share_a_hash() -> None:
    variants = [
        FR_WIRE,
        FR_WIRE.upper(),
        FR_WIRE.replace("'", "’").replace("« ", "“").replace(" »", "”"),
        "  " + FR_WIRE.replace("\n", "\n\n").replace(" ", "  "),
    ]
    hashes = {content_hash(v) for v in variants}
    assert len(hashes) == 1
    assert {fingerprint(v).content_hash for v in variants} == hashes
    assert content_hash(FR_WIRE) != content_hash(FR_EDITED)
    assert len(hashes.pop()) == 64


def test_fingerprint_shape_and_determinism() -> None:
    fp = fingerprint(EN_WIRE)
    assert len(fp.signature) == NUM_PERM * 4
    assert len(fp.bands) == BANDS == NUM_PERM // ROWS
    assert all(-(2**63) <= band < 2**63 for band in fp.bands)
    assert fingerprint(EN_WIRE) == fp
    assert similarity(fp.signature, fp.signature) == 1.0


def test_empty_text_has_no_bands() -> None:
    fp = fingerprint("  … — ")
    assert fp.bands == ()
    assert fp.content_hash == content_hash("")


def test_short_text_still_has_bands() -> None:
    assert len(fingerprint("Ceasefire announced").bands) == BANDS


@pytest.mark.parametrize(("a", "b"), NEAR_DUPLICATES)
def test_near_duplicates_are_similar_and_share_bands(a: str, b: str) -> None:
    fa, fb = fingerprint(a), fingerprint(b)
    assert fa.content_hash != fb.content_hash
    assert similarity(fa.signature, fb.signature) >= SIMILARITY_THRESHOLD
    assert set(fa.bands) & set(fb.bands)


@pytest.mark.parametrize(("a", "b"), UNRELATED)
def test_unrelated_stories_are_not_similar(a: str, b: str) -> None:
    fa, fb = fingerprint(a), fingerprint(b)
    assert similarity(fa.signature, fb.signature) < 0.15
    assert not set(fa.bands) & set(fb.bands)


def test_similarity_rejects_mismatched_signatures() -> None:
    with pytest.raises(ValueError, match="sizes"):
        similarity(b"\x00" * 8, b"\x00" * 12)


def test_fingerprinter_is_a_stage() -> None:
    stage = Fingerprinter()
    assert isinstance(stage, Stage)
    pipeline = Pipeline([stage])
    assert "fingerprint" in pipeline.provides
    document = Document(source="wire.txt", text=EN_WIRE)
    article = pipeline(Article(document=document, text=EN_WIRE, offsets=OffsetMap.identity(len(EN_WIRE))))
    assert article.fingerprint == fingerprint(EN_WIRE)


def test_index_clusters_copies_and_separates_stories() -> None:
    index = NearDuplicateIndex()
    texts = [EN_WIRE, FR_WIRE, EN_SAME_TOPIC, EN_AGGREGATOR, FR_SAME_TOPIC, FR_EDITED, EN_WIRE.upper()]
    clusters = [index.add(key, fingerprint(text)) for key, text in enumerate(texts, start=10)]
    assert clusters == [10, 11, 12, 10, 14, 11, 10]
    assert len(index) == 7
    assert 13 in index
    assert index.cluster_of(13) == 10
    assert index.add(13, fingerprint(EN_AGGREGATOR)) == 10


def _synthetic_story(rng: random.Random, vocabulary: list[str], words: int) -> str:
    sentences = []
    for _ in range(words // 12):
        sentence = " ".join(rng.choice(vocabulary) for _ in range(12))
        sentences.append(sentence.capitalize() + ".")
    return " ".join(sentences)


def _edited_copy(rng: random.Random, text: str, vocabulary: list[str]) -> str:
    words = text.split()
    for _ in range(3):
        words[rng.randrange(len(words))] = rng.choice(vocabulary)
    intro = " ".join(rng.choice(vocabulary) for _ in range(10))
    outro = " ".join(rng.choice(vocabulary) for _ in range(8))
    return f"{intro.capitalize()}. {' '.join(words)} {outro}."


def test_index_on_a_few_thousand_documents() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(3000)]
    stories = [_synthetic_story(rng, vocabulary, 150) for _ in range(1500)]
    copies = {len(stories) + i: i for i in range(0, len(stories), 3)}
    docs = list(enumerate(stories)) + [(key, _edited_copy(rng, stories[i], vocabulary)) for key, i in copies.items()]
    rng.shuffle(docs)
    fingerprints = [(key, fingerprint(text)) for key, text in docs]
    index = NearDuplicateIndex()
    clusters = {key: index.add(key, fp) for key, fp in fingerprints}
    for copy, original in copies.items():
        assert clusters[copy] == clusters[original] in {copy, original}
    singles = [key for key in range(len(stories)) if key % 3]
    assert all(clusters[key] == key for key in singles)
    assert len(set(clusters.values())) == len(stories)


def _reference_clusters(documents: list[tuple[int, Fingerprint]]) -> list[int]:
    """The clusters the index's rule gives, computed with plain dicts."""
    clusters: dict[int, int] = {}
    hashes: dict[str, int] = {}
    bands: dict[int, int] = {}
    signatures: dict[int, bytes] = {}
    found = []
    for key, fp in documents:
        if key not in clusters:
            cluster = hashes.get(fp.content_hash)
            if cluster is None:
                best: tuple[float, int] | None = None
                for candidate in {bands[band] for band in fp.bands if band in bands}:
                    score = similarity(fp.signature, signatures[candidate])
                    if score >= SIMILARITY_THRESHOLD and (best is None or (score, -candidate) > (best[0], -best[1])):
                        best = (score, candidate)
                cluster = key if best is None else clusters[best[1]]
            clusters[key] = cluster
            hashes.setdefault(fp.content_hash, cluster)
            for band in fp.bands:
                if band not in bands:
                    bands[band] = key
                    signatures[key] = fp.signature
        found.append(clusters[key])
    return found


def _random_documents(rng: random.Random, count: int) -> list[tuple[int, Fingerprint]]:
    """Fingerprints that share band keys and hashes, repeat keys, and whose band keys crowd a few slots."""
    pool = [rng.getrandbits(64) - (1 << 63) for _ in range(count * 8)]
    pool[::20] = [(rng.getrandbits(52) << 12 | 4095) - (1 << 63) for _ in pool[::20]]
    documents = []
    for n in range(count):
        key = rng.randrange(n) if n and rng.random() < 0.02 else n
        bands = tuple(rng.choice(pool) for _ in range(rng.choice((0, 3, 32))))
        signature = bytes(rng.choice((0, 1)) for _ in range(16))
        documents.append((key, Fingerprint(f"{rng.randrange(count * 2)}", signature, bands)))
    return documents


def test_index_follows_its_rule_one_by_one_and_in_batches() -> None:
    rng = random.Random(3)
    documents = _random_documents(rng, 4000)
    expected = _reference_clusters(documents)
    one_by_one = NearDuplicateIndex()
    assert [one_by_one.add(key, fp) for key, fp in documents] == expected
    batched = NearDuplicateIndex()
    found: list[int] = []
    while len(found) < len(documents):
        found += batched.add_many(documents[len(found) : len(found) + rng.randrange(1, 700)])
    assert found == expected
    assert len(batched) == len(one_by_one) == len({key for key, _ in documents})


def test_index_refuses_band_keys_beyond_64_bits() -> None:
    with pytest.raises(ValueError, match="signed 64-bit"):
        NearDuplicateIndex().add(1, Fingerprint("h", b"", (1 << 70,)))
