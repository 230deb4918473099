"""The ``newsfuse`` command line: a thin shell over the library functions."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsfuse.config import DEFAULT_DB, Settings

app = typer.Typer(
    help="newsfuse turns news articles in any language into cited stories: who is involved, who said what, "
         "which numbers each source gives and where the sources disagree.\n\n"
         "Quick start:  newsfuse digest examples/putin-kim-2024 --html report.html --json digest.json",
    no_args_is_help=True, rich_markup_mode="rich", add_completion=False)
err = Console(stderr=True)
out = Console()

DbOption = Annotated[str, typer.Option("--db", envvar="NEWSFUSE_DB", help="SQLite file or postgresql:// URL.")]
PathsArg = Annotated[list[str], typer.Argument(help="Files, directories, globs, URLs, or - for stdin.")]
AllowPrivateOption = Annotated[bool, typer.Option("--allow-private", envvar="NEWSFUSE_ALLOW_PRIVATE",
                                                  help="Allow fetching URLs on private/loopback addresses.")]


def _settings(**overrides) -> Settings:
    return Settings.load(**overrides)


class _Bar:
    """A rich progress bar that the pipeline drives through its ``progress(stage, done, total)`` callback."""

    def __init__(self, quiet: bool = False):
        self.progress = Progress(TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=err, transient=True, disable=quiet)
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        self.progress.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


def _report_errors(errors) -> None:
    for e in errors:
        err.print(f"[yellow]skipped[/] {e.source}: {e.reason}")


def _read(paths: list[str], settings: Settings):
    from newsfuse.ingest import read_inputs
    from newsfuse.model import IngestError

    docs, errors = [], []
    for item in read_inputs(paths, settings):
        (errors if isinstance(item, IngestError) else docs).append(item)
    return docs, errors


@app.command()
def digest(
    paths: PathsArg,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write the digest JSON (digest.schema.json) here.")] = None,
    html_out: Annotated[Optional[Path], typer.Option("--html", help="Write a self-contained HTML report here.")] = None,
    markdown_out: Annotated[Optional[Path], typer.Option("--markdown", help="Write a Markdown report here.")] = None,
    csv_dir: Annotated[Optional[Path], typer.Option("--csv", help="Write claims.csv and quotes.csv into this folder.")] = None,
    exports: Annotated[Optional[list[str]], typer.Option("--export", metavar="FORMAT:PATH",
                       help="Any exporter, built-in or plugin (json, jsonl, html, markdown, csv, ...). Repeatable.")] = None,
    keep_boilerplate: Annotated[bool, typer.Option(help="Keep removed boilerplate in the body too.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    allow_private: AllowPrivateOption = False,
):
    """Read articles, run the whole pipeline once, and write the exports (no database needed).

    Example: newsfuse digest examples/putin-kim-2024 --json out.json --html report.html
    """
    from newsfuse.pipeline import run

    requested = [("json", json_out), ("html", html_out), ("markdown", markdown_out), ("csv", csv_dir)]
    try:
        requested += [_parse_export(spec) for spec in exports or []]
    except typer.BadParameter as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2)
    settings = _settings(keep_boilerplate=keep_boilerplate, allow_private=allow_private)
    docs, errors = _read(paths, settings)
    _report_errors(errors)
    if not docs:
        err.print("[red]No readable article among the inputs.[/] Give .txt, .html, .jsonl files or a directory.")
        raise typer.Exit(1)
    with _Bar(quiet) as bar:
        result = run(docs, settings, errors, bar)
    written = _write_exports(result, [(name, path) for name, path in requested if path])
    if not written:
        out.print_json(data=_summary(result))
    for kind, path in written:
        err.print(f"[green]wrote[/] {kind}: {path}")


def _summary(result) -> dict:
    return {"documents": len(result.documents), "stories": [
        {"id": s.id, "title": s.title, "documents": s.documents, "conflicts": len(s.conflicts)} for s in result.stories],
        "errors": [e.model_dump() for e in result.errors]}


def _parse_export(spec: str) -> tuple[str, Path]:
    from newsfuse.plugins import exporters

    name, sep, path = spec.partition(":")
    if not sep or not path:
        raise typer.BadParameter(f"--export wants FORMAT:PATH, got {spec!r}")
    if name not in exporters():
        raise typer.BadParameter(f"unknown format {name!r}; available: {', '.join(sorted(exporters()))}")
    return name, Path(path)


def _write_exports(result, requested: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """Every export goes through the exporter registry (newsfuse.plugins), built-in or not."""
    from newsfuse.plugins import export

    for name, path in requested:
        export(result, name, path)
    return requested


@app.command()
def extract(files: PathsArg,
            keep_boilerplate: Annotated[bool, typer.Option(help="Keep removed boilerplate in the body.")] = False):
    """Clean each input and print one JSON line: source, title, body, published, language, outlet, authors."""
    from newsfuse.clean import extract_record

    settings = _settings(keep_boilerplate=keep_boilerplate)
    docs, errors = _read(files, settings)
    _report_errors(errors)
    for doc in docs:
        try:
            record = extract_record(doc, settings)
        except Exception as exc:  # report and go on with the next file
            err.print(f"[yellow]skipped[/] {doc.source}: {type(exc).__name__}: {exc}")
            continue
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if errors and not docs:
        raise typer.Exit(1)


@app.command()
def ingest(paths: PathsArg, db: DbOption = DEFAULT_DB,
           as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
           quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
           allow_private: AllowPrivateOption = False):
    """Add articles to the store and update its stories. Re-running adds nothing twice."""
    from newsfuse.ingest import read_inputs
    from newsfuse.service import ingest_items, needs_refresh, refresh_stories
    from newsfuse.store import open_store

    settings = _settings(db=db, allow_private=allow_private)
    with open_store(db) as store, _Bar(quiet) as bar:
        report = ingest_items(store, read_inputs(paths, settings), settings, bar)
        stories = (refresh_stories(store, settings, bar, new_ids=report.ingested)
                   if needs_refresh(store, report.ingested) else store.counts()["stories"])
    _report_errors(report.failed)
    summary = report.as_dict() | {"stories": stories, "db": db}
    if as_json:
        out.print_json(data=summary)
    else:
        err.print(f"ingested {summary['ingested']}, skipped {summary['skipped']} already stored, "
                  f"failed {summary['failed']}; {stories} stories in {db}")


@app.command()
def stories(db: DbOption = DEFAULT_DB,
            as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
            order: Annotated[str, typer.Option(help="newest | biggest | disputed")] = "newest",
            limit: Annotated[int, typer.Option(help="How many stories.")] = 50):
    """List the stories in the store."""
    from newsfuse.store import open_store

    with open_store(db) as store:
        items = store.list_stories(limit=limit, order=order)
    if as_json:
        out.print_json(data=[s.model_dump() for s in items])
        return
    table = Table("id", "title", "docs", "languages", "conflicts")
    for s in items:
        table.add_row(s.id, s.title, str(len(s.documents)), ",".join(s.languages), str(len(s.conflicts)))
    out.print(table)


@app.command()
def show(story_id: str, db: DbOption = DEFAULT_DB,
         html_out: Annotated[Optional[Path], typer.Option("--html", help="Write the story report here.")] = None):
    """Print one story as JSON (or write its HTML report)."""
    from newsfuse.model import Digest
    from newsfuse.report import export
    from newsfuse.store import open_store

    with open_store(db) as store:
        story = store.get_story(story_id)
        if story is None:
            err.print(f"[red]No story {story_id!r}.[/] List them with: newsfuse stories --db {db}")
            raise typer.Exit(1)
        docs = [d for d in (store.get_document(i) for i in story.documents) if d]
    result = Digest(documents=docs, stories=[story])
    if html_out:
        html_out.write_text(export.render_html(result), encoding="utf-8")
        err.print(f"[green]wrote[/] {html_out}")
    else:
        out.print_json(data=export.digest_to_json(result)["stories"][0])


@app.command()
def stats(db: DbOption = DEFAULT_DB,
          as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False):
    """Counts of documents, stories, entities, quotes, claims, conflicts and errors in the store."""
    from newsfuse.store import open_store

    with open_store(db) as store:
        counts = store.counts()
    if as_json:
        out.print_json(data=counts)
    else:
        for k, v in counts.items():
            out.print(f"{k:>10}  {v}")


@app.command()
def search(query: str, db: DbOption = DEFAULT_DB, limit: int = 20,
           as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False):
    """Full-text search over the stored articles (SQLite FTS5 / PostgreSQL tsvector)."""
    from newsfuse.store import open_store

    with open_store(db) as store:
        hits = store.search(query, limit=limit)
    if as_json:
        out.print_json(data=[h.__dict__ for h in hits])
        return
    for h in hits:
        out.print(f"[bold]{h.document}[/] {h.title or ''}\n  {h.snippet}")


@app.command()
def errors(db: DbOption = DEFAULT_DB,
           as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False):
    """Inputs that failed, with their source and reason. They are retried on the next ingest or watch."""
    from newsfuse.store import open_store

    with open_store(db) as store:
        rows = store.list_errors()
    if as_json:
        out.print_json(data=[r.__dict__ for r in rows])
        return
    if not rows:
        out.print("no errors")
    for r in rows:
        out.print(f"{r.at}  {r.source}  [{r.stage}] {r.reason}  (attempts: {r.attempts})")


@app.command()
def serve(db: DbOption = DEFAULT_DB, host: str = "127.0.0.1", port: int = 8000,
          token: Annotated[Optional[str], typer.Option(envvar="NEWSFUSE_API_TOKEN", help="Token required for writes.")] = None):
    """Serve the web UI and the REST API (/api/v1, docs at /docs) over the store."""
    import uvicorn

    from newsfuse.api.app import create_app

    settings = _settings(db=db, api_token=token)
    err.print(f"newsfuse on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


@app.command()
def watch(feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs, OPML files, sitemaps.")],
          db: DbOption = DEFAULT_DB,
          interval: Annotated[float, typer.Option(help="Seconds between polls.")] = 300.0,
          once: Annotated[bool, typer.Option("--once", help="Poll every feed once, then stop.")] = False,
          allow_private: AllowPrivateOption = False):
    """Poll feeds, fetch new articles politely and add them to the store's stories."""
    from newsfuse.ingest.watch import watch as run_watch

    settings = _settings(db=db, allow_private=allow_private)
    run_watch(feeds, settings, interval=interval, once=once, console=err)


@app.command()
def batch(inputs: Annotated[list[str], typer.Argument(help="JSONL, WARC or Parquet shards.")],
          output: Annotated[Path, typer.Option("--output", help="Folder for the Parquet outputs.")],
          db: DbOption = DEFAULT_DB,
          ray_address: Annotated[Optional[str], typer.Option(help="Existing Ray cluster; local mode if unset.")] = None):
    """Process large shard sets on Ray Data with the same stage functions, then load stories into the store."""
    from newsfuse.scale.ray_pipeline import run_batch

    settings = _settings(db=db)
    result = run_batch(inputs, output, settings, ray_address=ray_address, console=err)
    out.print_json(data=result)


if __name__ == "__main__":  # pragma: no cover
    app()
