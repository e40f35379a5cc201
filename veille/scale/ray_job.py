"""The pipeline on Ray Data: many machines, Parquet out, ``veille load`` in.

::

    veille ray-run s3://bucket/news/ --output s3://bucket/veille-out/   # on a Ray cluster
    veille load veille-out/                                             # into a store, anywhere

Inputs are JSONL, Parquet (columns as JSONL's fields: ``text`` or ``html``,
``id``, ``url``, ``published``, ``language``, ``title``) or WARC files, on
any filesystem pyarrow reads (local paths, ``s3://``, ``gs://``, ``hdfs://``).
Each file is read by one task (:func:`veille.readers.read_stream`, the
reader ``veille ingest`` uses); each document then goes through
:func:`veille.batch.process` in an actor that builds its pipeline and loads
its models once (:class:`_Process`). Nothing touches a store: duplicate
detection needs the whole history, so it happens when ``veille load``
stores the results, in input order (file by file, line by line), which is
what makes its store the same as a local ``veille ingest`` of those files.

The output is two Parquet tables partitioned by publication date
(``published=2024-06-06/``, ``published=unknown/``):

- ``articles/``: one row per document: ``path`` and ``seq`` (its place in
  the input), ``source``, ``status`` (``article`` or ``failed``), ``title``,
  ``language``, ``url``, ``events`` (how many), and ``payload``, the
  article or failure as JSON (:mod:`veille.scale.codec`);
- ``events/``: one row per coded event with its analysis record
  (``shared/eval/OUTPUT.md``) as JSON and its main fields as columns.

Ray reserves CPUs per task and per actor, so the actors get one CPU each
and the reading tasks a quarter: on a two-CPU machine one actor runs and
reading can still proceed, and the job cannot wait on itself.
"""

from __future__ import annotations

import io
import json
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from veille.config import Settings
from veille.errors import InputError, WorkerError
from veille.model import Article, Document, Failure
from veille.scale import codec

if TYPE_CHECKING:
    import pyarrow

    from veille.batch import Outcome
    from veille.store import Store

__all__ = ["RayRunReport", "load", "read_results", "run"]

log = logging.getLogger(__name__)

READ_CPUS = 0.25
"""CPUs Ray reserves for a task that reads one input file (it mostly waits on I/O)."""
ACTOR_CPUS = 1.0
"""CPUs Ray reserves for an actor that runs the pipeline (it keeps one busy)."""
UNKNOWN_DATE = "unknown"
"""The partition of documents with no publication date."""
_ARTICLE_COLUMNS = ("path", "seq", "source", "status", "published", "title", "language", "url", "events", "payload")


@dataclass(frozen=True, slots=True)
class RayRunReport:
    """What a Ray run wrote."""

    output: str
    articles: int
    failed: int
    events: int


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise WorkerError(
            "veille ray-run needs Ray, an optional extra: pip install 'veille[ray]' (or use veille ingest --workers)"
        ) from None
    return ray


def _documents_of_file(row: dict[str, Any], settings: Settings) -> list[dict[str, Any]]:
    """One input file (``bytes`` and ``path``) as rows of documents or read failures, in file order."""
    from veille.readers.files import kind_from_name, read_stream

    path, data = str(row["path"]), bytes(row["bytes"])
    if path.endswith(".parquet"):
        items: Sequence[Document | Failure] = list(_parquet_documents(data, path, settings))
    else:
        items = list(read_stream(io.BytesIO(data), path, settings, kind=kind_from_name(path)))
    return [
        {"path": path, "seq": seq, "failure": isinstance(item, Failure), "item": codec.dumps(item)}
        for seq, item in enumerate(items)
    ]


def _parquet_documents(data: bytes, path: str, settings: Settings) -> Iterator[Document | Failure]:
    import pyarrow.parquet as pq

    from veille.readers.files import _jsonl_document

    try:
        table = pq.read_table(io.BytesIO(data))
    except (OSError, ValueError) as exc:
        yield Failure(path, "read", "MalformedInputError", f"not a readable Parquet file: {exc}")
        return
    for number, record in enumerate(table.to_pylist(), start=1):
        where = f"{path}:{number}"
        line = json.dumps(record, default=str).encode("utf-8")
        try:
            yield _jsonl_document(line, where, settings.encoding or "utf-8", first=number == 1)
        except InputError as exc:
            yield Failure(where, "read", type(exc).__name__, getattr(exc, "message", str(exc)))


class _Process:
    """A Ray actor: builds the pipeline once (models load once per actor) and processes batches of documents."""

    def __init__(self, settings: Settings) -> None:
        from veille.pipeline import Pipeline, default_stages

        self.settings = settings
        self.pipeline = Pipeline(default_stages(settings))

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from veille.batch import process
        from veille.record import article_record

        items = [
            codec.loads(Failure if failed else Document, item)
            for failed, item in zip(batch["failure"], batch["item"], strict=True)
        ]
        documents = [item for item in items if isinstance(item, Document)]
        processed = iter(process(documents, self.settings, self.pipeline))
        out: dict[str, list[Any]] = {name: [] for name in (*_ARTICLE_COLUMNS, "event_records")}
        for path, seq, item in zip(batch["path"], batch["seq"], items, strict=True):
            result = item if isinstance(item, Failure) else next(processed)
            article = result if isinstance(result, Article) else None
            published = article.published if article is not None else None
            records = article_record(article)["events"] if article is not None else []
            out["path"].append(str(path))
            out["seq"].append(int(seq))
            out["source"].append(_source(result))
            out["status"].append("article" if article is not None else "failed")
            out["published"].append(published.isoformat() if published is not None else UNKNOWN_DATE)
            out["title"].append(article.title if article is not None else None)
            out["language"].append(article.language if article is not None else None)
            out["url"].append(article.url if article is not None else None)
            out["events"].append(len(records))
            out["payload"].append(codec.dumps(result))
            out["event_records"].append(json.dumps(records, ensure_ascii=False))
        return out


def _source(result: Article | Failure) -> str:
    return result.document.source if isinstance(result, Article) else result.source


def _event_rows(row: dict[str, Any]) -> list[dict[str, Any]]:
    records = json.loads(row["event_records"])
    return [
        {
            "path": row["path"],
            "seq": row["seq"],
            "index": index,
            "source": row["source"],
            "published": row["published"],
            "type": record.get("type"),
            "mode": record.get("mode"),
            "modality": record.get("modality"),
            "date": record.get("date"),
            "confidence": record.get("confidence"),
            "record": json.dumps(record, ensure_ascii=False),
        }
        for index, record in enumerate(records)
    ]


def run(
    inputs: Sequence[str],
    output: str,
    settings: Settings | None = None,
    *,
    address: str | None = None,
    num_cpus: int | None = None,
    actors: int | None = None,
) -> RayRunReport:
    """Run the pipeline over ``inputs`` on Ray and write Parquet under ``output`` (see the module docstring).

    ``address`` is a Ray cluster (``auto`` inside ``ray job submit``); without
    it a local Ray starts with ``num_cpus`` CPUs (default: all). ``actors``
    is how many pipeline actors run (default: one per CPU, less one for reading).
    """
    ray = _ray()
    settings = settings or Settings()
    if not inputs:
        raise InputError("veille ray-run", "no inputs: give JSONL, Parquet or WARC paths or folders")
    started = not ray.is_initialized()
    if started:
        ray.init(address=address, num_cpus=None if address else num_cpus or os.cpu_count(), log_to_driver=False)
    try:
        cpus = int(ray.cluster_resources().get("CPU", 1))
        count = actors or max(1, cpus - 1)
        if count * ACTOR_CPUS > cpus:
            raise WorkerError(f"{count} actors need {count * ACTOR_CPUS:g} CPUs and the Ray cluster has {cpus}")
        log.info("ray-run: %d pipeline actors on %d CPUs", count, cpus)
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        files = ray.data.read_binary_files(list(inputs), include_paths=True, num_cpus=READ_CPUS)
        documents = files.flat_map(_documents_of_file, fn_kwargs={"settings": settings}, num_cpus=READ_CPUS)
        results = documents.map_batches(
            _Process,
            fn_constructor_args=(settings,),
            batch_size=32,
            concurrency=count,
            num_cpus=ACTOR_CPUS,
            batch_format="numpy",
        ).materialize()
        results.drop_columns(["event_records"]).write_parquet(
            f"{output.rstrip('/')}/articles", partition_cols=["published"]
        )
        events = results.flat_map(_event_rows, num_cpus=READ_CPUS)
        event_count = events.count()
        if event_count:
            events.write_parquet(f"{output.rstrip('/')}/events", partition_cols=["published"])
        failed = results.filter(lambda row: row["status"] == "failed").count()
        return RayRunReport(output, results.count() - failed, failed, event_count)
    finally:
        if started:
            ray.shutdown()


def _dataset(path: str) -> pyarrow.Table:
    import pyarrow.dataset as pads

    try:
        table = pads.dataset(path, format="parquet", partitioning="hive").to_table(
            columns=["path", "seq", "status", "payload"]
        )
    except (OSError, ValueError) as exc:
        raise InputError(
            path, f"cannot read the articles of a Ray run here ({exc}): give the --output of veille ray-run"
        ) from exc
    return table.sort_by([("path", "ascending"), ("seq", "ascending")])


def read_results(directory: str) -> Iterator[Article | Failure]:
    """The articles and failures a :func:`run` wrote under ``directory``, in input order."""
    table = _dataset(f"{directory.rstrip('/')}/articles")
    for row in table.to_pylist():
        where = f"{directory} ({row['path']} #{row['seq']})"
        if row["status"] == "article":
            yield codec.loads(Article, row["payload"], where)
        else:
            yield codec.loads(Failure, row["payload"], where)


def load(directory: str, store: Store) -> Iterator[Outcome]:
    """Store what a :func:`run` wrote under ``directory``, yielding an outcome per document (:func:`store_processed`).

    Loading the same output again stores nothing twice.
    """
    from veille.batch import store_processed

    yield from store_processed(read_results(directory), store)
