"""``newsfuse watch``: poll feeds, fetch the new articles, add them to the store's stories.

Durability rules, in the order a poll applies them:

1. A feed is read with conditional GET; its ETag/Last-Modified are saved only
   after every one of its entries is stored or recorded as failed *and* none
   failed. So a kill -9 (or a failed article) means the next poll downloads
   the full feed again and retries what is missing, instead of getting a 304
   that would hide those entries for ever.
2. An entry whose URL is already stored is not fetched again (canonical URL);
   ``service.ingest_items`` also skips same content under another URL.
3. Each article is analysed and written in its own transaction; a failure is
   recorded with its source and reason (``newsfuse errors``) and retried on
   the next polls, up to ``watch_max_attempts`` (then it stays listed there,
   and no longer keeps its feed from being read conditionally).
"""
from __future__ import annotations

import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsfuse.config import Settings
from newsfuse.ingest.feeds import Feed, FeedEntry, FeedError, parse_any
from newsfuse.ingest.fetch import FEED_TYPES, HTML_TYPES, FetchError, fetcher_for, gunzip_capped
from newsfuse.ingest.sources import fetch_entry
from newsfuse.model import Document, IngestError
from newsfuse.store import Store, open_store
from newsfuse.store.keys import canonical_url

STATE_PREFIX = "watch.feed:"
BATCH = 32  # articles analysed per ingest_items call (templates are learnt per batch)


@dataclass
class PollReport:
    """What one poll did."""

    feeds: int = 0
    not_modified: int = 0
    ingested: list[str] = field(default_factory=list)
    skipped: int = 0
    failed: list[IngestError] = field(default_factory=list)
    given_up: int = 0  # entries that failed watch_max_attempts times (see ``newsfuse errors``)
    stories: int = 0

    def line(self) -> str:
        gave_up = f" ({self.given_up} given up after repeated failures)" if self.given_up else ""
        return (f"{self.feeds} feeds ({self.not_modified} unchanged): ingested {len(self.ingested)}, "
                f"skipped {self.skipped} already stored, failed {len(self.failed)}{gave_up}; {self.stories} stories")


def watch(feeds: list[str], settings: Settings, interval: float = 300.0, once: bool = False,
          console: Console | None = None) -> None:
    """Poll ``feeds`` (feed URLs, sitemap URLs, OPML files or URLs, local feed files) until stopped."""
    console = console or Console(stderr=True)
    with open_store(settings.db) as store:
        polls = 0
        # articles a killed run stored but never put in a story (the kill came before the refresh)
        unassigned = [d.id for d in store.iter_documents() if not d.story]
        while True:
            polls += 1
            started = time.monotonic()
            try:
                report = poll(store, feeds, settings, console, also_refresh=unassigned)
                unassigned = []
            except Exception as exc:  # e.g. the database locked for too long: say so, try again next time
                if once:
                    raise
                console.print(f"[red]poll {polls} failed[/]: {type(exc).__name__}: {exc}")
                time.sleep(interval)
                continue
            for error in report.failed:
                console.print(f"[yellow]failed[/] {error.source}: {error.reason}")
            console.print(f"poll {polls}: {report.line()} in {settings.db}")
            if once:
                return
            try:
                time.sleep(max(0.0, interval - (time.monotonic() - started)))
            except KeyboardInterrupt:  # pragma: no cover - interactive
                console.print("stopped")
                return


def poll(store: Store, feeds: list[str], settings: Settings, console: Console | None = None,
         also_refresh: list[str] = ()) -> PollReport:
    """One pass over every feed: fetch new entries, ingest them, update the stories if anything was added.

    ``also_refresh``: stored documents to put in stories too (left without one by an interrupted run).
    """
    from newsfuse.service import refresh_stories

    report = PollReport()
    quiet = console is None or not console.is_terminal
    with Progress(TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=quiet) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        seen_urls: set[str] = set()
        limit = int(settings.extra.get("watch_max_attempts", 5))
        given_up = {e.source for e in store.list_errors() if e.attempts >= limit}
        for location, feed, validators in _feeds(store, feeds, settings, report):
            entries = _new_entries(store, feed.entries, seen_urls)
            report.given_up += sum(e.url in given_up for e in entries)
            entries = [e for e in entries if e.url not in given_up]  # still listed by ``newsfuse errors``
            ok = _ingest_entries(store, entries, settings, location, report, progress)
            if ok and validators is not None:
                store.set_state(STATE_PREFIX + location, json.dumps(validators))
        _retry_failed(store, settings, seen_urls, report, progress)
        if report.ingested or also_refresh:
            new_ids = list(dict.fromkeys([*also_refresh, *report.ingested]))
            report.stories = refresh_stories(store, settings, progress, new_ids=new_ids)
        else:
            report.stories = store.counts()["stories"]
    return report


# --- feeds ---------------------------------------------------------------------------------------------------

def _feeds(store: Store, locations: list[str], settings: Settings, report: PollReport):
    """Yield (location, parsed feed, validators to save) for every feed, expanding OPML lists and sitemap indexes."""
    queue = [(loc, 0) for loc in locations]
    done: set[str] = set()
    while queue:
        location, depth = queue.pop(0)
        if location in done:
            continue
        done.add(location)
        loaded = _load(store, location, settings, report)
        if loaded is None:
            continue
        feed, validators = loaded
        if feed.kind in ("opml", "sitemapindex"):
            if depth >= 2:
                _fail(store, report, IngestError(source=location, reason="lists nested too deeply", stage="feed"))
                continue
            base = location if location.startswith("http") else None
            for link in feed.links:
                if base and not link.startswith(("http://", "https://")):  # a remote list never names local files
                    _fail(store, report, IngestError(source=link, reason=f"refused: {location} may only list "
                                                                         "http(s) feeds", stage="feed"))
                    continue
                queue.append((_relative(link, location, base), depth + 1))
            continue
        report.feeds += 1
        yield location, feed, validators


def _load(store: Store, location: str, settings: Settings, report: PollReport) -> tuple[Feed, dict | None] | None:
    """Read and parse one feed location; None when unchanged (304) or failed (recorded)."""
    validators: dict | None = None
    if location.startswith(("http://", "https://")):
        saved = json.loads(store.get_state(STATE_PREFIX + location) or "{}")
        try:
            result = fetcher_for(settings).get(location, etag=saved.get("etag"),  # feeds are often mislabelled
                                               last_modified=saved.get("last_modified"), accept=FEED_TYPES + HTML_TYPES)
        except FetchError as exc:
            _fail(store, report, IngestError(source=location, reason=str(exc), stage="feed"))
            return None
        if result.not_modified:
            report.feeds += 1
            report.not_modified += 1
            return None
        data, base = result.content, result.url
        validators = {k: v for k, v in (("etag", result.etag), ("last_modified", result.last_modified)) if v}
    else:
        try:
            data, base = Path(location).read_bytes(), ""
        except OSError as exc:
            _fail(store, report, IngestError(source=location, reason=f"cannot read: {exc.strerror or exc}",
                                             stage="feed"))
            return None
    try:
        if data[:2] == b"\x1f\x8b":
            data = gunzip_capped(data, settings.max_page_bytes)
        feed = parse_any(data, base_url=base)
    except (FeedError, FetchError) as exc:
        _fail(store, report, IngestError(source=location, reason=str(exc), stage="feed"))
        return None
    store.clear_error(location)
    return feed, validators


def _relative(link: str, location: str, base: str | None) -> str:
    if link.startswith(("http://", "https://")) or base:
        return link
    return str((Path(location).parent / link).resolve())  # a local OPML listing local feed files


# --- entries -------------------------------------------------------------------------------------------------

def stored_id(store: Store, url: str) -> str | None:
    """The id of the stored document with this canonical URL, if any."""
    probe = Document(id="", url=url, raw=f"\x00probe {uuid.uuid4()}")  # a content hash nothing has
    return store.find_duplicate(probe)


def _new_entries(store: Store, entries: list[FeedEntry], seen: set[str]) -> list[FeedEntry]:
    fresh = []
    for entry in entries:
        key = canonical_url(entry.url) or entry.id or entry.url
        if key in seen:
            continue
        if key:
            seen.add(key)
        if entry.url and stored_id(store, entry.url) is not None:
            continue
        fresh.append(entry)
    return fresh


def _ingest_entries(store: Store, entries: list[FeedEntry], settings: Settings, feed: str,
                    report: PollReport, progress) -> bool:
    """Fetch entries concurrently (the fetcher keeps per-host limits), ingest them in batches. True if none failed."""
    from newsfuse.service import ingest_items

    ok = True
    workers = int(settings.extra.get("watch_workers", 4))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for start in range(0, len(entries), BATCH):
            chunk = entries[start:start + BATCH]
            items = list(pool.map(lambda e: fetch_entry(e, settings, feed), chunk))
            result = ingest_items(store, items, settings, progress)
            report.ingested += result.ingested
            report.skipped += len(result.skipped)
            report.failed += result.failed
            ok = ok and not result.failed
    return ok


def _retry_failed(store: Store, settings: Settings, seen: set[str], report: PollReport, progress) -> None:
    """Retry articles that failed before and are no longer (or not now) in any feed."""
    limit = int(settings.extra.get("watch_max_attempts", 5))
    retry = [FeedEntry(url=e.source) for e in store.list_errors()
             if e.stage in ("fetch", "analyse") and e.source.startswith(("http://", "https://"))
             and e.attempts < limit and canonical_url(e.source) not in seen]
    retry = [e for e in retry if stored_id(store, e.url) is None]
    if retry:
        _ingest_entries(store, retry, settings, "", report, progress)


def _fail(store: Store, report: PollReport, error: IngestError) -> None:
    store.record_error(error)
    report.failed.append(error)
