"""Storing articles: duplicates, clusters, concurrent writers and re-extraction, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import Connection
from store_texts import ArticleFactory, Texts

from veille.errors import StoreError
from veille.model import Document, OffsetMap, Removed, Segment, Span
from veille.store import Store, open_store, queries, raw_hash


def test_add_stores_the_document_and_the_article(store: Store, make_article: ArticleFactory, texts: Texts) -> None:
    article = make_article(texts.wire_en, "un/south-sudan.txt", language="en")
    result = store.add(article)
    assert result.status == "stored"
    assert result.duplicate_of is None
    assert result.cluster_id == result.article_id
    assert (article.id, article.cluster_id) == (result.article_id, result.cluster_id)
    stored = store.article(result.article_id)
    assert stored.source == "un/south-sudan.txt"
    assert stored.text == texts.wire_en
    assert store.has_document(article.document) == stored.document_id


def test_ingesting_the_same_thing_twice_is_a_no_op(store: Store, make_article: ArticleFactory, texts: Texts) -> None:
    first = store.add(make_article(texts.wire_en, "a.txt"))
    again = store.add(make_article(texts.wire_en, "a.txt"))
    assert again.status == "duplicate"
    assert again.duplicate_of == again.article_id == first.article_id
    assert again.cluster_id == first.cluster_id
    stats = store.stats()
    assert (stats.documents, stats.articles) == (1, 1)


def test_same_text_from_another_document_is_a_duplicate_and_not_kept(
    store: Store, make_article: ArticleFactory, texts: Texts
) -> None:
    first = store.add(make_article(texts.wire_en, "wire.txt"))
    variant = texts.wire_en.upper().replace("\n", "\n\n")
    copy = make_article(variant, "mirror.txt")
    assert store.has_document(copy.document) is None
    result = store.add(copy)
    assert result.status == "duplicate"
    assert result.duplicate_of == first.article_id
    assert store.has_document(copy.document) is None
    assert store.stats().documents == 1


def test_same_raw_document_extracted_differently_is_a_duplicate(
    store: Store, make_article: ArticleFactory, texts: Texts
) -> None:
    first = make_article(texts.wire_en, "page.txt")
    store.add(first)
    second = make_article(texts.wire_en, "page.txt")
    second.text = texts.wire_en[:200]
    second.offsets = OffsetMap.identity(200)
    second.fingerprint = replace(first.fingerprint, content_hash="0" * 64) if first.fingerprint else None
    result = store.add(second)
    assert result.status == "duplicate"
    assert result.duplicate_of == first.id


def test_raw_hash_depends_on_format_and_text_only() -> None:
    text_doc = Document(source="a", text="<p>Hello</p>")
    assert raw_hash(text_doc) == raw_hash(Document(source="b", text="<p>Hello</p>", url="https://x.test/"))
    assert raw_hash(text_doc) != raw_hash(Document(source="a", text="<p>Hello</p>", format="html"))
    assert raw_hash(text_doc) != raw_hash(Document(source="a", text="<p>Hello!</p>"))
    assert len(raw_hash(text_doc)) == 64


def test_near_duplicates_share_a_cluster_and_other_stories_do_not(
    store: Store, make_article: ArticleFactory, texts: Texts
) -> None:
    wire_en = store.add(make_article(texts.wire_en, "wire-en.txt"))
    wire_fr = store.add(make_article(texts.wire_fr, "wire-fr.txt"))
    other_en = store.add(make_article(texts.other_en, "other-en.txt"))
    copy_en = store.add(make_article(texts.copy_en, "copy-en.txt"))
    copy_fr = store.add(make_article(texts.copy_fr, "copy-fr.txt"))
    other_fr = store.add(make_article(texts.other_fr, "other-fr.txt"))
    assert all(r.status == "stored" for r in (wire_en, wire_fr, other_en, copy_en, copy_fr, other_fr))
    assert copy_en.cluster_id == wire_en.article_id
    assert copy_fr.cluster_id == wire_fr.article_id
    assert other_en.cluster_id == other_en.article_id
    assert other_fr.cluster_id == other_fr.article_id
    stats = store.stats()
    assert (stats.articles, stats.clusters, stats.clusters_with_copies) == (6, 4, 2)


def test_a_copy_stored_before_the_wire_story_leads_the_cluster(
    store: Store, make_article: ArticleFactory, texts: Texts
) -> None:
    copy = store.add(make_article(texts.copy_fr, "copy.txt"))
    wire = store.add(make_article(texts.wire_fr, "wire.txt"))
    assert wire.cluster_id == copy.article_id == copy.cluster_id


def test_add_needs_a_fingerprint(store: Store, make_article: ArticleFactory, texts: Texts) -> None:
    article = make_article(texts.wire_en)
    article.fingerprint = None
    with pytest.raises(ValueError, match="Fingerprinter"):
        store.add(article)


def test_every_field_survives_the_round_trip(store: Store, make_article: ArticleFactory, texts: Texts) -> None:
    body = texts.wire_fr
    article = make_article(
        body,
        "senegal.html",
        format="html",
        document_id="afp-123",
        title="Sénégal : le code électoral réformé",
        title_span=Span(0, 12),
        published=date(2024, 6, 6),
        published_from="html-metadata",
        language="fr",
        language_confidence=0.97,
        language_from="detected",
        url="https://www.Journal.example/monde/senegal?id=1",
        canonical_url="https://journal.example/monde/senegal",
        site_name="Le Journal",
        authors=("Awa Ndiaye", "Paul Martin"),
        removed=(Removed(Span(0, 10), "title-repeat"), Removed(Span(300, 320), "read-also")),
    )
    article.offsets = OffsetMap((Segment(0, 5, 100), Segment(101, 140, len(body) - 101)))
    stored = store.article(store.add(article).article_id)
    assert stored.title == "Sénégal : le code électoral réformé"
    assert stored.title_span == Span(0, 12)
    assert stored.offsets == article.offsets
    assert stored.published == date(2024, 6, 6)
    assert (stored.published_from, stored.language, stored.language_from) == ("html-metadata", "fr", "detected")
    assert stored.language_confidence == pytest.approx(0.97)
    assert stored.url == "https://www.Journal.example/monde/senegal?id=1"
    assert stored.canonical_url == "https://journal.example/monde/senegal"
    assert stored.host == "journal.example"
    assert stored.site_name == "Le Journal"
    assert stored.authors == ("Awa Ndiaye", "Paul Martin")
    assert stored.removed == article.removed
    assert article.fingerprint is not None
    assert stored.content_hash == article.fingerprint.content_hash
    assert stored.extracted_at.tzinfo is not None
    assert stored.extractor_version
    (document_id, document), *_ = list(store.iter_documents())
    assert document_id == stored.document_id
    assert document == article.document


def test_unknown_article_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no article 42"):
        store.article(42)


def test_two_stores_adding_the_same_article(db_url: str, make_article: ArticleFactory, texts: Texts) -> None:
    with open_store(db_url) as one, open_store(db_url) as two:
        first = one.add(make_article(texts.wire_en, "a.txt"))
        second = two.add(make_article(texts.wire_en, "a.txt"))
        assert first.status == "stored"
        assert second.status == "duplicate"
        assert second.duplicate_of == first.article_id
        assert one.stats().documents == 1


def test_a_unique_violation_from_a_concurrent_writer_becomes_a_duplicate(
    db_url: str, make_article: ArticleFactory, texts: Texts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other writer commits between our duplicate check and our insert."""
    with open_store(db_url) as one, open_store(db_url) as two:
        first = one.add(make_article(texts.wire_fr, "a.txt"))
        checks: list[str] = []
        real_check = queries.duplicate_of

        def blind_first_check(connection: Connection, content_hash: str, raw: str) -> queries.AddResult | None:
            checks.append(content_hash)
            return None if len(checks) == 1 else real_check(connection, content_hash, raw)

        monkeypatch.setattr(queries, "duplicate_of", blind_first_check)
        second = two.add(make_article(texts.wire_fr, "a.txt"))
        third = two.add(make_article(texts.wire_fr.upper(), "b.txt"))
        assert second.status == third.status == "duplicate"
        assert second.duplicate_of == third.duplicate_of == first.article_id
        assert one.stats().documents == 1


def test_concurrent_writers_store_each_text_once(db_url: str, make_article: ArticleFactory, texts: Texts) -> None:
    bodies = [texts.wire_en, texts.copy_en, texts.other_en, texts.wire_fr, texts.copy_fr, texts.other_fr]
    stores = [open_store(db_url) for _ in range(2)]
    start = threading.Barrier(4)

    def work(store: Store) -> list[queries.AddResult]:
        start.wait()
        return [store.add(make_article(body, f"doc-{i}.txt")) for i, body in enumerate(bodies)]

    try:
        with ThreadPoolExecutor(4) as pool:
            runs = [pool.submit(work, s) for s in stores * 2]
            results = [result for run in runs for result in run.result(timeout=120)]
        assert sum(r.status == "stored" for r in results) == len(bodies)
        assert sum(r.status == "duplicate" for r in results) == 3 * len(bodies)
        stats = stores[0].stats()
        assert (stats.documents, stats.articles) == (len(bodies), len(bodies))
    finally:
        for s in stores:
            s.close()


def test_replace_article_after_a_better_extraction(store: Store, make_article: ArticleFactory, texts: Texts) -> None:
    wire = store.add(make_article(texts.wire_en, "wire.txt"))
    page = make_article(texts.other_fr + "\nPartager sur Facebook\n", "page.txt", language="fr")
    first = store.add(page)
    ((document_id, document),) = [(i, d) for i, d in store.iter_documents() if d.source == "page.txt"]
    better = make_article(texts.other_fr, "page.txt", language="fr")
    better.document = document
    result = store.replace_article(document_id, better)
    assert result.status == "stored"
    assert result.article_id == first.article_id == better.id
    stored = store.article(first.article_id)
    assert stored.text == texts.other_fr
    assert better.fingerprint is not None
    assert stored.content_hash == better.fingerprint.content_hash
    assert stored.cluster_id == first.article_id

    # The page turns out to be a copy of the wire story: it joins its cluster.
    as_copy = make_article(texts.copy_en, "page.txt")
    as_copy.document = document
    assert store.replace_article(document_id, as_copy).cluster_id == wire.article_id
    assert store.article(first.article_id).cluster_id == wire.article_id
    assert store.stats().clusters == 1


def test_replace_article_into_a_duplicate_removes_the_document(
    store: Store, make_article: ArticleFactory, texts: Texts
) -> None:
    kept = store.add(make_article(texts.wire_fr, "kept.txt"))
    store.add(make_article(texts.wire_fr + "\nLire aussi : nos autres articles\n", "noisy.txt"))
    ((document_id, document),) = [(i, d) for i, d in store.iter_documents() if d.source == "noisy.txt"]
    clean = make_article(texts.wire_fr, "noisy.txt")
    clean.document = document
    result = store.replace_article(document_id, clean)
    assert result.status == "duplicate"
    assert result.duplicate_of == kept.article_id
    stats = store.stats()
    assert (stats.documents, stats.articles) == (1, 1)
    assert store.has_document(document) is None


def test_replace_article_of_an_unknown_document(store: Store, make_article: ArticleFactory, texts: Texts) -> None:
    with pytest.raises(StoreError, match="no document 7"):
        store.replace_article(7, make_article(texts.wire_en))


def test_reextracting_while_iterating(store: Store, make_article: ArticleFactory) -> None:
    for i in range(25):
        store.add(make_article(f"Bulletin number {i}: the river rose by {i} centimetres overnight.", f"b{i}.txt"))
    seen = []
    for document_id, document in store.iter_documents(batch_size=7):
        seen.append(document_id)
        article = make_article(document.text.replace("overnight", "during the night"), document.source)
        article.document = document
        assert store.replace_article(document_id, article).status == "stored"
    assert seen == sorted(seen) and len(seen) == 25
    assert all("during the night" in a.text for a in store.articles())


def test_failures_are_recorded(store: Store) -> None:
    from veille.model import Failure

    for i in range(3):
        store.add_failure(Failure(f"feed.xml#{i}", "extract", "ExtractionError", f"no text in item {i}"))
    listed = store.failures()
    assert [f.source for f in listed] == ["feed.xml#2", "feed.xml#1", "feed.xml#0"]
    assert listed[0].stage == "extract"
    assert listed[0].error == "ExtractionError"
    assert listed[0].message == "no text in item 2"
    assert listed[0].at.tzinfo is not None
    assert [f.source for f in store.failures(limit=1)] == ["feed.xml#2"]
    assert store.stats().failures == 3


def test_a_closed_store_says_so(db_url: str) -> None:
    store = open_store(db_url)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.stats()
