"""Ingest soak: local feeds publish articles at a steady rate, with random faults and one kill -9.

A local server (127.0.0.1 only) publishes new articles into a few RSS feeds at
``--rate`` articles/second for ``--seconds``; a share of the article requests
fail at random (HTTP 500, connection reset, truncated body). ``newsfuse watch``
runs as a subprocess over an OPML list of those feeds; half-way through it is
killed with SIGKILL and started again. When publishing stops, ``watch --once``
catches up (a few polls, so that the random faults are retried). Then every
published article must be in the store exactly once:

    losses     = published articles not stored
    duplicates = stored rows beyond one per article (by canonical URL and by content)

    python bench/ingest_soak.py                 # 60 s, 50 articles/s published, stub analysis
    python bench/ingest_soak.py --real          # the real NLP pipeline (slow: lower --rate)
    python bench/ingest_soak.py --json          # one JSON object

By default the analysis is a stub (the storage path stays real: fetching,
de-duplication, one transaction per article, story refresh), so the number
measures ingest, not NLP; ``--real`` measures the whole pipeline. The
per-host politeness delay is off because every feed is on 127.0.0.1.
Exit status 1 when losses or duplicates are not zero.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from newsfuse.ingest.localserver import LocalServer, Route
from newsfuse.store.keys import canonical_url

WORDS = ("harbour council bridge minister election budget storm river school hospital railway museum festival "
         "strike court police market energy water forest").split()


def child() -> None:
    """``--child ARGS``: the CLI with a stub analysis (unless NEWSFUSE_SOAK_REAL=1)."""
    if os.environ.get("NEWSFUSE_SOAK_REAL") != "1":
        import newsfuse.service as service
        from newsfuse.model import Story

        def refresh(store, settings, progress=None, new_ids=None):
            stories = [Story(id=f"s-{d.id}", documents=[d.id]) for d in store.iter_documents()]
            store.replace_stories(stories, [])
            return len(stories)

        service.process_document = lambda doc, settings, templates=None: doc.model_copy(
            update={"title": doc.hints.get("title")})
        service.remember_templates = lambda store, docs: frozenset()
        service.refresh_stories = refresh
    from newsfuse.cli import app

    app(sys.argv[2:])


class Publisher:
    """Adds one new article to a random feed every 1/rate seconds."""

    def __init__(self, server: LocalServer, feeds: int, rate: float, seed: int):
        self.server, self.feeds, self.rate = server, feeds, rate
        self.rng = random.Random(seed)
        self.items: list[list[tuple[str, str]]] = [[] for _ in range(feeds)]
        self.published: list[str] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        for f in range(feeds):
            server.routes[f"/feed{f}.xml"] = self._feed_route(f)

    def _feed_route(self, f: int):
        def route() -> Route:
            with self.lock:
                items = list(self.items[f])  # nothing rolls off: a dropped item would not be the ingest's loss
            body = "".join(f"<item><title>{t}</title><link>{u}</link><guid>{u}</guid></item>" for t, u in items)
            xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {f}</title>{body}</channel></rss>'
            return Route(xml.encode(), content_type="application/rss+xml")
        return route

    def publish_one(self) -> None:
        with self.lock:
            n = len(self.published)
            f = self.rng.randrange(self.feeds)
            words = self.rng.sample(WORDS, 5)
            title = f"Article {n}: the {words[0]} and the {words[1]}"
            body = (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                    f"<p>On day {n} the {words[2]} met the {words[3]} near the {words[4]}.</p></article></body></html>")
            path = f"/a/{f}/{n}.html"
            self.server.routes[path] = Route(body.encode())
            url = self.server.url(path)
            self.items[f].append((title, url))
            if n % 10 == 0:  # now and then the same article in a second feed (must not duplicate)
                self.items[(f + 1) % self.feeds].append((title, url))
            self.published.append(url)

    def run(self) -> None:
        next_at = time.monotonic()
        while not self.stop.is_set():
            self.publish_one()
            next_at += 1.0 / self.rate
            self.stop.wait(max(0.0, next_at - time.monotonic()))


def _rows(db: Path) -> list[tuple[str, str, str]]:
    if not db.exists():
        return []
    try:
        with sqlite3.connect(db, timeout=10) as conn:
            return conn.execute("SELECT id, url, content_hash FROM documents").fetchall()
    except sqlite3.OperationalError:
        return []


def soak(seconds: float, rate: float, feeds: int, fault_rate: float, real: bool, seed: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="newsfuse-soak-"))
    db = tmp / "soak.db"
    config = tmp / "newsfuse.toml"
    config.write_text("[newsfuse.extra]\nfetch_host_interval = 0.0\nfetch_backoff = 0.05\nfetch_max_backoff = 0.5\n"
                      "fetch_host_concurrency = 4\nwatch_workers = 4\nwatch_max_attempts = 50\n")
    env = {**os.environ, "NEWSFUSE_CONFIG": str(config), "NEWSFUSE_SOAK_REAL": "1" if real else "0"}
    with LocalServer(fault_rate=fault_rate, seed=seed, stall_seconds=2.0) as server:
        publisher = Publisher(server, feeds, rate, seed)
        listing = tmp / "feeds.opml"
        outlines = "".join(f'<outline type="rss" xmlUrl="{server.url(f"/feed{f}.xml")}"/>' for f in range(feeds))
        listing.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
        base = [sys.executable, __file__, "--child", "watch", str(listing), "--db", str(db), "--allow-private"]
        thread = threading.Thread(target=publisher.run, daemon=True)
        started = time.monotonic()
        thread.start()
        watcher = subprocess.Popen(base + ["--interval", "0.5"], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(seconds / 2)
        before_kill = len(_rows(db))
        watcher.send_signal(signal.SIGKILL)  # the forced kill, at whatever the watcher was doing
        watcher.wait()
        watcher = subprocess.Popen(base + ["--interval", "0.5"], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(seconds / 2)
        publisher.stop.set()
        thread.join()
        watcher.send_signal(signal.SIGTERM)
        watcher.wait()
        server.fault_rate = 0.0  # the catch-up polls retry what random faults made fail
        polls = 0
        for polls in range(1, 6):
            subprocess.run(base + ["--once"], env=env, capture_output=True, timeout=max(120.0, seconds * 4))
            if len({canonical_url(r[1]) for r in _rows(db)}) >= len(set(publisher.published)):
                break
        elapsed = time.monotonic() - started
        rows = _rows(db)
        published = {canonical_url(u) for u in publisher.published}
        stored_urls = [canonical_url(r[1]) for r in rows]
        faults = sum(server.hits.values()) - sum(server.hits[p] for p in server.hits if p.endswith(".xml"))
    losses = len(published - set(stored_urls))
    duplicates = (len(stored_urls) - len(set(stored_urls))) + (len(rows) - len({r[2] for r in rows}))
    return {"seconds": round(elapsed, 1), "published": len(published), "stored": len(rows), "losses": losses,
            "duplicates": duplicates, "articles_per_second": round(len(rows) / elapsed, 2),
            "stored_before_kill": before_kill, "catch_up_polls": polls, "feeds": feeds, "fault_rate": fault_rate,
            "article_requests": faults, "analysis": "real pipeline" if real else "stub", "db": str(db)}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child()
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="publishing time (the watcher runs as long)")
    parser.add_argument("--rate", type=float, default=50.0, help="new articles per second")
    parser.add_argument("--feeds", type=int, default=4)
    parser.add_argument("--faults", type=float, default=0.1, help="share of article requests that fail")
    parser.add_argument("--real", action="store_true", help="run the real NLP pipeline instead of the stub")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder with the soak database")
    args = parser.parse_args()
    result = soak(args.seconds, args.rate, args.feeds, args.faults, args.real, args.seed)
    if not args.keep:
        shutil.rmtree(Path(result.pop("db")).parent, ignore_errors=True)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"published {result['published']}, stored {result['stored']} in {result['seconds']} s "
              f"({result['stored_before_kill']} before the kill -9), {result['articles_per_second']} articles/s; "
              f"losses {result['losses']}, duplicates {result['duplicates']}")
        print(f"| ingest soak ({result['analysis']}; {args.feeds} feeds, {args.faults:.0%} random faults, one kill -9) "
              f"| {result['articles_per_second']} articles/s | {result['stored']} articles in {result['seconds']} s "
              f"| losses {result['losses']} | duplicates {result['duplicates']} |")
    sys.exit(1 if result["losses"] or result["duplicates"] else 0)


if __name__ == "__main__":
    main()
