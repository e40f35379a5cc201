"""The ``veille`` command: a thin layer over the library.

Each command parses its flags into :class:`~veille.config.Settings` or a
query object, calls one library function, and prints. Only this module
prints; the library logs.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import click

from veille._version import __version__
from veille.config import Settings
from veille.errors import VeilleError

__all__ = ["main"]

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "kib": 2**10, "m": 10**6, "mb": 10**6, "mib": 2**20}
_UNITS |= {"g": 10**9, "gb": 10**9, "gib": 2**30}


class _Size(click.ParamType[int]):
    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = _SIZE.match(str(value))
        unit = (match.group(2) or "").lower() if match else ""
        if not match or unit not in _UNITS:
            self.fail(f"{value!r} is not a size such as 500KB, 10MB or 1GB", param, ctx)
        return int(float(match.group(1)) * _UNITS[unit])


class _Date(click.ParamType[date]):
    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD", param, ctx)


SIZE = _Size()
DATE = _Date()
WORKERS = click.option(
    "--workers",
    type=click.IntRange(min=1),
    metavar="N",
    help="Processes that extract and analyse (default: one per CPU; 1 runs everything in this process).",
)


NER = click.option(
    "--ner/--no-ner",
    default=None,
    help="Also run spaCy's entity recognizer for names the knowledge base misses (slower; default off).",
)


def _workers(workers: int | None) -> int:
    from veille.scale.workers import default_workers

    return workers or default_workers()


@dataclasses.dataclass(slots=True)
class _Context:
    db: str | None
    config: str | None

    def settings(self, **overrides: Any) -> Settings:
        return Settings.load(self.config, db=self.db, **overrides)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into a one-line message and exit code 2."""
    try:
        yield
    except VeilleError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        raise SystemExit(2) from None


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, bytes):
        return None
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _as_dict(value: Any) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(value).items() if not isinstance(v, bytes)}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="veille")
@click.option("--db", metavar="URL", help="Database URL (default: sqlite:///veille.db, or $VEILLE_DB).")
@click.option("--config", metavar="FILE", help="Settings file (default: ./veille.toml when present).")
@click.option("-v", "--verbose", count=True, help="Log more (-vv for debug).")
@click.pass_context
def main(ctx: click.Context, db: str | None, config: str | None, verbose: int) -> None:
    """Veille turns raw news into a structured record of geopolitical events."""
    level = logging.ERROR if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    ctx.obj = _Context(db=db, config=config)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--language", metavar="CODE", help="Language of every document (fr, en): skips detection.")
@click.option("--published", type=DATE, help="Publication date of every document (YYYY-MM-DD).")
@click.option("--encoding", metavar="NAME", help="Character encoding of input files (e.g. cp1252).")
@click.option("--fetch-links", is_flag=True, default=None, help="Also fetch the page each feed item links to.")
@click.option("--allow-private", is_flag=True, default=None, help="Allow URLs on loopback or private addresses.")
@click.option(
    "--actors", "actor_files", multiple=True, metavar="FILE", help="Extra actor file (YAML or CAMEO .txt); repeatable."
)
@click.option("--max-size", type=SIZE, help="Largest document accepted (default 10MB).")
@click.option("--timeout", type=float, help="Seconds to wait for a web server (default 20).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
@click.option("--watch", "watch_rules", metavar="RULES.yml", help="Evaluate these watch rules on the new events.")
@NER
@WORKERS
@click.pass_obj
def ingest(
    obj: _Context,
    inputs: tuple[str, ...],
    language: str | None,
    published: date | None,
    encoding: str | None,
    fetch_links: bool | None,
    allow_private: bool | None,
    actor_files: tuple[str, ...],
    max_size: int | None,
    timeout: float | None,
    progress: bool | None,
    watch_rules: str | None,
    ner: bool | None,
    workers: int | None,
) -> None:
    """Read files, folders, feeds, URLs or WARC archives into the store.

    INPUT is a .txt, .html, .jsonl, RSS/Atom or WARC file (optionally .gz), a
    folder, an http(s) URL, or - for standard input.
    """
    from tqdm import tqdm

    from veille.batch import IngestReport, ingest
    from veille.store import open_store

    with _errors():
        settings = obj.settings(
            language=language,
            published=published,
            encoding=encoding,
            fetch_links=fetch_links,
            allow_private=allow_private,
            max_document_bytes=max_size,
            fetch_timeout=timeout,
            actor_files=actor_files or None,
            watch_rules=watch_rules,
            ner=ner,
        )
        report = IngestReport()
        stored: list[int] = []
        alerts = None
        show = sys.stderr.isatty() if progress is None else progress
        with open_store(settings.db) as store:
            bar = tqdm(unit="doc", disable=not show, file=sys.stderr, dynamic_ncols=True)
            try:
                for outcome in ingest(inputs, store, settings, workers=_workers(workers)):
                    report.add(outcome)
                    if outcome.status == "stored" and outcome.article_id is not None:
                        stored.append(outcome.article_id)
                    bar.update()
                    if outcome.status == "failed":
                        bar.write(click.style(f"failed: {outcome.source}: {outcome.message}", fg="yellow"), sys.stderr)
            finally:
                bar.close()
            if settings.watch_rules:
                from veille.alerts import watch

                alerts = watch(store, settings.watch_rules, article_ids=stored)
    hint = ": `veille failures`" if report.failed else ""
    click.echo(report.summary() + hint)
    if alerts is not None:
        _print_alerts(alerts)
    if report.failed:
        raise SystemExit(1)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--language", metavar="CODE", help="Language of every document (fr, en): skips detection.")
@click.option("--published", type=DATE, help="Publication date of every document (YYYY-MM-DD).")
@click.option("--encoding", metavar="NAME", help="Character encoding of input files (e.g. cp1252).")
@click.option("--allow-private", is_flag=True, default=None, help="Allow URLs on loopback or private addresses.")
@click.option(
    "--actors", "actor_files", multiple=True, metavar="FILE", help="Extra actor file (YAML or CAMEO .txt); repeatable."
)
@click.option("--json", "as_json", is_flag=True, help="One analysis record per line (shared/eval/OUTPUT.md).")
@NER
@WORKERS
@click.pass_obj
def analyze(
    obj: _Context,
    inputs: tuple[str, ...],
    language: str | None,
    published: date | None,
    encoding: str | None,
    allow_private: bool | None,
    actor_files: tuple[str, ...],
    as_json: bool,
    ner: bool | None,
    workers: int | None,
) -> None:
    """Show the actors, places and times of documents, without storing anything.

    INPUT is a text or HTML file, a .jsonl of documents, a feed, a URL, or - for standard input.
    """
    from veille.analysis import analyze as run

    failed = False
    with _errors():
        settings = obj.settings(
            language=language,
            published=published,
            encoding=encoding,
            allow_private=allow_private,
            actor_files=actor_files or None,
            ner=ner,
        )
        for result in run(inputs, settings, workers=_workers(workers)):
            failed = failed or result.failure is not None
            if as_json:
                click.echo(json.dumps(result.record(), ensure_ascii=False))
            else:
                _print_analysis(result.record())
    if failed:
        raise SystemExit(1)


def _print_analysis(record: dict[str, Any]) -> None:
    if "error" in record:
        click.secho(f"{record['id']}: {record['error']}", fg="red")
        return
    click.secho(f"{record['title'] or record['id']}", bold=True)
    click.echo(f"language {record['language'] or '-'}, published {record['published'] or 'unknown'}")
    for warning in record.get("warnings", ()):
        click.secho(f"warning: {warning}", fg="yellow")
    click.secho("\nactors", underline=True)
    for a in record["actors"]:
        said = ", ".join(dict.fromkeys(m["text"] for m in a["mentions"]))
        code = f"{a['country'] or '-'} {a['sector'] or '-'}"
        click.echo(f"  {a['name'][:34]:34} {a['id'] or '(unresolved ' + a['kind'] + ')':28} {code:8} {said}")
    click.secho("\nplaces", underline=True)
    for p in record["places"]:
        said = ", ".join(dict.fromkeys(m["text"] for m in p["mentions"]))
        click.echo(f"  {p['name'][:34]:34} {p['country'] or '-':4} {p['lat']:8.3f} {p['lon']:8.3f}  {said}")
    click.secho("\ntimes", underline=True)
    for t in record["times"]:
        value = t["value"] or "?"
        flag = "~" if t["approximate"] else ""
        click.echo(f"  {t['text'][:40]:40} {flag + value:12} {t['granularity'] or '-':6} {t['rule']}")
    click.echo()


@main.group(invoke_without_command=True)
@click.option("--since", type=DATE, help="Published on or after this date.")
@click.option("--until", type=DATE, help="Published on or before this date.")
@click.option("--site", help="Site name or host contains this.")
@click.option("--language", help="Language code (fr, en).")
@click.option("--cluster", type=int, help="Near-duplicate cluster id.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--offset", type=int, default=0)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def articles(
    ctx: click.Context,
    since: date | None,
    until: date | None,
    site: str | None,
    language: str | None,
    cluster: int | None,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """List stored articles, newest first (`veille articles show ID` for one)."""
    if ctx.invoked_subcommand is not None:
        return
    from veille.store import ArticleQuery, open_store

    query = ArticleQuery(
        since=since, until=until, site=site, language=language, cluster_id=cluster, limit=limit, offset=offset
    )
    with _errors(), open_store(ctx.obj.settings().db) as store:
        rows = store.articles(query)
    if as_json:
        _print_json([_article_summary(a) for a in rows])
        return
    if not rows:
        click.echo("no articles")
        return
    click.echo(f"{'id':>5}  {'published':10}  {'lang':4}  {'cluster':>7}  {'site':20}  title")
    for a in rows:
        click.echo(
            f"{a.id:>5}  {a.published.isoformat() if a.published else '-':10}  {a.language or '-':4}  "
            f"{a.cluster_id if a.cluster_id is not None else '-':>7}  {(a.site_name or a.host or '-')[:20]:20}  "
            f"{(a.title or '')[:70]}"
        )


def _article_summary(article: Any) -> dict[str, Any]:
    data = _as_dict(article)
    data.pop("text", None)
    data.pop("offsets", None)
    data.pop("removed", None)
    return data


@articles.command("show")
@click.argument("article_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def articles_show(obj: _Context, article_id: int, as_json: bool) -> None:
    """Show one stored article with its text."""
    from veille.store import open_store

    with _errors(), open_store(obj.settings().db) as store:
        article = store.article(article_id)
    if as_json:
        _print_json(_as_dict(article))
        return
    click.secho(article.title or "(no title)", bold=True)
    meta = [
        ("id", article.id),
        ("published", article.published),
        ("language", article.language),
        ("site", article.site_name),
        ("url", article.url),
        ("cluster", article.cluster_id),
        ("source", article.source),
    ]
    for key, value in meta:
        if value is not None:
            click.echo(f"{key:10} {value}")
    click.echo()
    click.echo(article.text)


_BBOX = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


class _Bbox(click.ParamType[tuple[float, float, float, float]]):
    name = "bbox"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[float, float, float, float]:
        if isinstance(value, tuple):
            return value
        match = _BBOX.match(str(value))
        if not match:
            self.fail(f"{value!r} is not a box WEST,SOUTH,EAST,NORTH in degrees, such as 34,29,36,34", param, ctx)
        west, south, east, north = (float(g) for g in match.groups())
        return west, south, east, north


_EVENT_FILTERS: list[Any] = [
    click.option("--type", "type_", metavar="TYPE", help="PLOVER event type (ASSAULT, THREATEN ...)."),
    click.option("--mode", help="PLOVER mode of the type (aerial, demo ...)."),
    click.option("--modality", help="asserted, alleged, future, hypothetical or negated."),
    click.option("--actor", metavar="ID", help="Actor id taking part on either side."),
    click.option("--country", metavar="CODE", help="Country (ISO alpha-3) of an actor or recipient."),
    click.option("--dyad", nargs=2, metavar="ACTOR RECIPIENT", help="Actor country and recipient country."),
    click.option("--since", type=DATE, help="Event date on or after this date."),
    click.option("--until", type=DATE, help="Event date on or before this date."),
    click.option("--deadline/--no-deadline", "has_deadline", default=None, help="With (or without) a deadline."),
    click.option("--bbox", type=_Bbox(), help="A place inside WEST,SOUTH,EAST,NORTH (degrees)."),
    click.option("-q", "--query", "q", metavar="WORDS", help="Words in the evidence or in names of actors or places."),
    click.option("--cluster", "cluster_id", type=int, help="Reported by an article of this near-duplicate cluster."),
    click.option("--sort", default="-date", show_default=True, help="date, deadline, confidence, sources or id."),
]


def event_filter_options(command: Any) -> Any:
    """Add the options of every :class:`~veille.store.EventQuery` filter (and ``--sort``) to a command.

    The command receives them as keyword arguments; pass them (with
    ``limit``/``offset`` if it has them) to :func:`event_query_from_options`.
    """
    for option in reversed(_EVENT_FILTERS):
        command = option(command)
    return command


def event_query_from_options(**options: Any) -> Any:
    """The :class:`~veille.store.EventQuery` of the options :func:`event_filter_options` added.

    A combination the query refuses (an unknown sort, dates the wrong way
    round) is a usage error naming the problem.
    """
    from veille.store import EventQuery

    fields = {"type" if key == "type_" else key: value for key, value in options.items()}
    dyad = fields.get("dyad")
    fields["dyad"] = tuple(dyad) if dyad else None
    try:
        return EventQuery(**fields)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


@main.command("events")
@event_filter_options
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--offset", type=int, default=0)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def events_command(obj: _Context, /, as_json: bool, **options: Any) -> None:
    """List stored events, newest first, with the filters the API and the exports share."""
    from veille.store import open_store

    query = event_query_from_options(**options)
    with _errors(), open_store(obj.settings().db) as store:
        rows = store.events(query)
    if as_json:
        _print_json([_as_dict(e) for e in rows])
        return
    if not rows:
        click.echo("no events")
        return
    click.echo(f"{'id':>5}  {'date':10}  {'type':12}  {'modality':12}  {'src':>3}  who")
    for e in rows:
        who = ", ".join(a.name for a in e.actors) or "?"
        if e.recipients:
            who += " → " + ", ".join(a.name for a in e.recipients)
        where = f" @ {', '.join(p.name for p in e.locations)}" if e.locations else ""
        click.echo(f"{e.id:>5}  {e.date or '-':10}  {e.type:12}  {e.modality:12}  {e.sources:>3}  {who}{where}"[:160])


@main.command("export")
@event_filter_options
@click.option(
    "--format", "format_", required=True, metavar="FORMAT", help="jsonl, csv, parquet, geojson, gdelt or acled."
)
@click.option("--output", "-o", metavar="FILE", help="Write to FILE (default: standard output).")
@click.pass_obj
def export_command(obj: _Context, /, format_: str, output: str | None, **options: Any) -> None:
    """Write every event the filters select as jsonl, csv, parquet, geojson, gdelt or acled (docs/exports.md)."""
    from veille.exports import export
    from veille.store import open_store

    query = event_query_from_options(**options)
    with _errors(), open_store(obj.settings().db) as store:
        report = export(store, query, format_, output or sys.stdout.buffer)
    click.echo(report.summary(), err=True)


@main.command("watch")
@click.argument("rules", metavar="RULES.yml")
@click.option("--today", type=DATE, help="Evaluate as of this date: deadlines and spike windows (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print the alerts fired as JSON.")
@click.pass_obj
def watch_command(obj: _Context, rules: str, today: date | None, as_json: bool) -> None:
    """Evaluate watch rules (examples/watch.yml) on the stored events; each alert fires once."""
    from veille.alerts import watch
    from veille.store import open_store

    with _errors(), open_store(obj.settings().db) as store:
        report = watch(store, rules, today=today)
    if as_json:
        _print_json([alert.payload for alert in report.fired])
        return
    _print_alerts(report)


def _print_alerts(report: Any) -> None:
    for alert in report.console:
        click.echo(alert.message)
    for failure in report.failures:
        click.secho(f"failed: {failure}", fg="yellow", err=True)
    click.echo(report.summary(), err=True)


@main.command("eval")
@click.argument("gold", nargs=-1, required=True, metavar="GOLD...")
@click.option("--system", "system_path", metavar="FILE", help="Score these analysis records instead of running Veille.")
@click.option("--save", metavar="FILE", help="Also write Veille's analysis records (JSONL) to FILE.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--details", is_flag=True, help="With --json: include per-article matches and misses.")
def evaluate(gold: tuple[str, ...], system_path: str | None, save: str | None, as_json: bool, details: bool) -> None:
    """Score Veille against gold events (shared/eval/GUIDE.md): event P/R/F1 and field accuracies.

    GOLD is a gold .jsonl file or a folder of them.
    """
    from veille.analysis import analyze_gold
    from veille.evaluate import load_gold, load_system, score

    with _errors():
        articles = [article for path in gold for article in load_gold(path)]
        if system_path:
            records: Any = load_system(system_path)
        else:
            records = list(analyze_gold(articles))
            if save:
                with open(save, "w", encoding="utf-8") as fh:
                    fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        report = score(articles, records)
    if as_json:
        data = report.to_dict()
        if not details:
            data.pop("details", None)
        _print_json(data)
    else:
        click.echo(report.format_table())


@main.group()
def actors() -> None:
    """The actor knowledge base."""


@actors.command("lookup")
@click.argument("texts", nargs=-1, required=True, metavar="TEXT...")
@click.option("--language", default="en", show_default=True, help="Language of the texts.")
@click.option("--date", "when", type=DATE, help="Resolve role phrases as of this date (default: now).")
@click.option("--actors", "actor_files", multiple=True, metavar="FILE", help="Extra actor file; repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def actors_lookup(
    obj: _Context, texts: tuple[str, ...], language: str, when: date | None, actor_files: tuple[str, ...], as_json: bool
) -> None:
    """Which actor a name or phrase stands for ("le président américain", "al-Soudani")."""
    from veille.understand.actors import default_knowledge_base

    found = []
    with _errors():
        base = default_knowledge_base(obj.settings(actor_files=actor_files or None).actor_files)
        for text in texts:
            match = base.resolve(text, language, when)
            found.append(
                {"text": text, "id": None}
                if match is None
                else {
                    "text": text,
                    "id": match.id,
                    "name": match.name,
                    "country": match.country,
                    "sector": match.sector,
                    "method": match.method,
                    "score": round(match.score, 3),
                }
            )
    if as_json:
        _print_json(found)
        return
    for row in found:
        if row["id"] is None:
            click.echo(f"{row['text']}: not in the knowledge base")
        else:
            click.echo(
                f"{row['text']}: {row['name']} ({row['id']}, {row['country'] or '-'} {row['sector'] or '-'}, "
                f"{row['method']} {row['score']})"
            )
    if any(row["id"] is None for row in found):
        raise SystemExit(1)


@main.command()
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def failures(obj: _Context, limit: int, as_json: bool) -> None:
    """List documents that could not be ingested, and why."""
    from veille.store import open_store

    with _errors(), open_store(obj.settings().db) as store:
        rows = store.failures(limit=limit)
    if as_json:
        _print_json([_as_dict(f) for f in rows])
        return
    if not rows:
        click.echo("no failures")
        return
    for f in rows:
        click.echo(f"{f.at:%Y-%m-%d %H:%M}  {f.stage:8}  {f.source}\n    {f.error}: {f.message}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def stats(obj: _Context, as_json: bool) -> None:
    """Counts of documents, articles, clusters and failures in the store."""
    from veille.store import open_store

    with _errors(), open_store(obj.settings().db) as store:
        result = store.stats()
    data = _as_dict(result)
    if as_json:
        _print_json(data)
        return
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "-"
        elif isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value) or "-"
        click.echo(f"{key.replace('_', ' '):24} {value if value is not None else '-'}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--token", metavar="TOKEN", help="Enable POST /ingest for this token (default: $VEILLE_API_TOKEN).")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="URL", help="Allow browser calls from it.")
@click.pass_obj
def serve(obj: _Context, host: str, port: int, token: str | None, cors_origins: tuple[str, ...]) -> None:
    """Serve the REST API and the dashboard (http://127.0.0.1:8000 by default) until Ctrl-C."""
    from veille.api import serve as run

    with _errors():
        settings = obj.settings(api_token=token)
        click.echo(f"serving {settings.db} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
        run(settings, host=host, port=port, cors_origins=cors_origins)


@main.command("ray-run")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--output", required=True, metavar="DIR", help="Where to write the Parquet (a path, s3://...).")
@click.option("--address", metavar="ADDRESS", help="Ray cluster to join ('auto' under ray job submit); default: local.")
@click.option("--cpus", type=click.IntRange(min=1), help="CPUs of a local Ray (default: all).")
@click.option("--actors", type=click.IntRange(min=1), help="Pipeline actors (default: one per CPU, less one).")
@click.pass_obj
def ray_run(
    obj: _Context, inputs: tuple[str, ...], output: str, address: str | None, cpus: int | None, actors: int | None
) -> None:
    """Run the pipeline on Ray Data over JSONL, Parquet or WARC files; write articles and events as Parquet.

    Needs the ray extra (pip install 'veille[ray]'). Bring the output into a store with `veille load DIR`.
    """
    from veille.scale.ray_job import run

    with _errors():
        report = run(inputs, output, obj.settings(), address=address, num_cpus=cpus, actors=actors)
    click.echo(f"{report.articles} articles, {report.events} events, {report.failed} failed: {report.output}")


@main.command()
@click.argument("directory", metavar="DIR")
@click.pass_obj
def load(obj: _Context, directory: str) -> None:
    """Store the output of `veille ray-run` (run again, it stores nothing twice)."""
    from veille.batch import IngestReport
    from veille.scale.ray_job import load as run
    from veille.store import open_store

    report = IngestReport()
    with _errors():
        settings = obj.settings()
        with open_store(settings.db) as store:
            for outcome in run(directory, store):
                report.add(outcome)
    click.echo(report.summary())
    if report.failed:
        raise SystemExit(1)


@main.command()
@click.pass_obj
def reextract(obj: _Context) -> None:
    """Extract every stored document again (after the extractor improved)."""
    from veille.batch import reextract as run

    with _errors():
        settings = obj.settings()
        from veille.store import open_store

        with open_store(settings.db) as store:
            report = run(store, settings)
    click.echo(report.summary())
    if report.failed:
        raise SystemExit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
