"""`newsfuse ingest` into a SQLite store: idempotent re-runs, stats, stories, search, errors."""
from __future__ import annotations

import json
import subprocess

import pytest

from .conftest import DEMO, NEWSFUSE

pytestmark = pytest.mark.e2e


def _run(*args, check=True):
    done = subprocess.run([*NEWSFUSE, *args], capture_output=True, text=True, timeout=600)
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "news.db"
    first = json.loads(_run("ingest", str(DEMO), "--db", str(db), "--json", "--quiet").stdout)
    assert first["ingested"] == 5 and first["failed"] == 0
    return db


def test_reingest_adds_nothing(demo_db):
    before = json.loads(_run("stats", "--db", str(demo_db), "--json").stdout)
    again = json.loads(_run("ingest", str(DEMO), "--db", str(demo_db), "--json", "--quiet").stdout)
    after = json.loads(_run("stats", "--db", str(demo_db), "--json").stdout)
    assert again["ingested"] == 0 and again["skipped"] == 5
    assert before == after
    assert after["documents"] == 5 and after["stories"] >= 1 and after["quotes"] > 0 and after["claims"] > 0


def test_env_var_selects_the_database(demo_db):
    done = subprocess.run([*NEWSFUSE, "stats", "--json"], capture_output=True, text=True,
                          env={**__import__("os").environ, "NEWSFUSE_DB": str(demo_db)}, timeout=120)
    assert json.loads(done.stdout)["documents"] == 5


def test_stories_lists_the_demo_story(demo_db):
    stories = json.loads(_run("stories", "--db", str(demo_db), "--json").stdout)
    biggest = max(stories, key=lambda s: len(s["documents"]))
    assert len(biggest["documents"]) == 5
    shown = json.loads(_run("show", biggest["id"], "--db", str(demo_db)).stdout)
    assert shown["id"] == biggest["id"] and shown["summary"]


def test_search_finds_german_and_english_text(demo_db):
    hits = json.loads(_run("search", "Pjöngjang", "--db", str(demo_db), "--json").stdout)
    assert {h["document"] for h in hits} >= {"004_b2878f5add958cee"}
    assert json.loads(_run("search", "containers", "--db", str(demo_db), "--json").stdout)


def test_failed_inputs_are_recorded(demo_db, tmp_path):
    bad = tmp_path / "broken.html"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    report = json.loads(_run("ingest", str(bad), "--db", str(demo_db), "--json", "--quiet").stdout)
    assert report["failed"] == 1
    errors = json.loads(_run("errors", "--db", str(demo_db), "--json").stdout)
    assert any(e["source"].endswith("broken.html") for e in errors)


def test_urls_on_private_addresses_need_allow_private(tmp_path):
    from newsfuse.ingest.localserver import LocalServer, Route

    page = (b"<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>"
            b"<p>The city council said on Monday that the harbour will reopen after repairs costing three "
            b"million euros, the mayor told reporters at the quay.</p></article></body></html>")
    with LocalServer({"/a": Route(page)}) as srv:
        db = str(tmp_path / "n.db")
        refused = _run("ingest", srv.url("/a"), "--db", db, "--json", "--quiet", check=False)
        assert json.loads(refused.stdout)["failed"] == 1 and "allow-private" in refused.stderr
        allowed = json.loads(_run("ingest", srv.url("/a"), "--db", db, "--json", "--quiet", "--allow-private").stdout)
        assert allowed["ingested"] == 1
