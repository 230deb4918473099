"""The CLI against a real PostgreSQL store: ingest the demo corpus, re-run, list, search, show."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "examples" / "putin-kim-2024"
pytestmark = [pytest.mark.postgres, pytest.mark.e2e]


def newsfuse(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "newsfuse.cli", *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def test_ingest_search_and_show_on_postgres(postgres_url):
    first = json.loads(newsfuse("ingest", str(DEMO), "--db", postgres_url, "--json", "--quiet").stdout)
    assert first["ingested"] == 5 and first["failed"] == 0 and first["stories"] >= 1
    again = json.loads(newsfuse("ingest", str(DEMO), "--db", postgres_url, "--json", "--quiet").stdout)
    assert again["ingested"] == 0 and again["skipped"] == 5
    stats = json.loads(newsfuse("stats", "--db", postgres_url, "--json").stdout)
    assert stats["documents"] == 5 and stats["stories"] == first["stories"]
    hits = json.loads(newsfuse("search", "Pjöngjang", "--db", postgres_url, "--json").stdout)
    assert hits and all("[" in h["snippet"] for h in hits)
    stories = json.loads(newsfuse("stories", "--db", postgres_url, "--json", "--order", "biggest").stdout)
    shown = json.loads(newsfuse("show", stories[0]["id"], "--db", postgres_url).stdout)
    assert sorted(shown["documents"]) == sorted(stories[0]["documents"])
