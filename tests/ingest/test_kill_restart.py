"""kill -9 at random moments of a watch run, then a restart: no acknowledged article lost, none duplicated."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from newsfuse.store.keys import canonical_url

from .conftest import Route, article, opml, rss

CHILD = Path(__file__).with_name("watch_child.py")
FEEDS, PER_FEED = 3, 20


def _rows(db: Path) -> list[tuple[str, str]]:
    if not db.exists():
        return []
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT id, url FROM documents").fetchall()
    except sqlite3.OperationalError:  # schema not created yet
        return []


def _serve(server) -> list[str]:
    urls = []
    for f in range(FEEDS):
        items = []
        for i in range(PER_FEED):
            path = f"/f{f}/a{i}.html"
            server.routes[path] = Route(article(f * 100 + i))
            items.append((f"t{i}", server.url(path)))
            urls.append(server.url(path))
        # every feed also lists two articles of the previous feed (shared entries must not duplicate)
        items += [(f"shared{j}", server.url(f"/f{(f - 1) % FEEDS}/a{j}.html")) for j in range(2)]
        server.routes[f"/f{f}.xml"] = Route(rss(items), content_type="application/rss+xml")
    return urls


def test_kill_9_then_restart_loses_and_duplicates_nothing(server, tmp_path):
    urls = _serve(server)
    listing = tmp_path / "feeds.opml"
    listing.write_text(opml([server.url(f"/f{f}.xml") for f in range(FEEDS)]))
    config = tmp_path / "newsfuse.toml"
    config.write_text("[newsfuse.extra]\nfetch_host_interval = 0.0\nfetch_backoff = 0.01\nwatch_workers = 2\n")
    db = tmp_path / "kill.db"
    env = {**os.environ, "NEWSFUSE_CONFIG": str(config), "NEWSFUSE_STUB_DELAY": "0.03"}
    cmd = [sys.executable, str(CHILD), "watch", str(listing), "--db", str(db), "--allow-private", "--interval", "0.1"]
    rng = random.Random(7)
    acknowledged: set[str] = set()
    kills = 0
    for target in (8, 22, 37, 51):
        child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while len(_rows(db)) < target and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.05))  # land anywhere: in a fetch, an analysis or a commit
        acknowledged |= {row[0] for row in _rows(db)}  # committed = acknowledged
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
    assert kills == 4 and 0 < len(acknowledged) < len(urls)
    done = subprocess.run(cmd[:-2] + ["--once"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = _rows(db)
    ids = [r[0] for r in rows]
    stored = sorted(canonical_url(r[1]) for r in rows)
    assert stored == sorted(canonical_url(u) for u in urls)  # every article, exactly once
    assert acknowledged <= set(ids)  # nothing that was committed before a kill went missing
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM errors").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == len(urls)
        fts = conn.execute("SELECT COUNT(*) FROM documents_fts").fetchone()[0]
    assert fts == len(urls)  # the full-text index was written in the same transactions


def test_kill_9_during_newsfuse_ingest_then_rerun(tmp_path):
    """The same for ``newsfuse ingest DIR``: killed mid-run, the re-run completes it, nothing twice."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(40):
        (corpus / f"a{i:02}.html").write_bytes(article(i))
    (corpus / "b00.html").write_bytes(article(3))  # same content under another name: stored once
    (corpus / "bad.txt").write_bytes(b"\x00\x01binary")
    db = tmp_path / "ingest.db"
    env = {**os.environ, "NEWSFUSE_STUB_DELAY": "0.05"}
    cmd = [sys.executable, str(CHILD), "ingest", str(corpus), "--db", str(db), "--quiet"]
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while len(_rows(db)) < 12 and time.monotonic() < deadline:
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    acknowledged = {r[0] for r in _rows(db)}
    assert 0 < len(acknowledged) < 40
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    ids = sorted(r[0] for r in _rows(db))
    assert ids == sorted(f"a{i:02}" for i in range(40)) and acknowledged <= set(ids)
    with sqlite3.connect(db) as conn:
        (error,) = conn.execute("SELECT source, reason FROM errors").fetchall()
    assert error[0].endswith("bad.txt") and "binary" in error[1]
