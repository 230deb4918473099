"""Robustness suite fixtures: module-wide local server and fast, strict fetch settings."""
from __future__ import annotations

import pytest

from newsfuse.config import Settings
from newsfuse.ingest import fetch
from newsfuse.ingest.localserver import LocalServer

FAST = {"fetch_backoff": 0.01, "fetch_max_backoff": 0.05, "fetch_host_interval": 0.0, "fetch_retries": 2,
        "fetch_deadline": 0.8, "fetch_host_concurrency": 8}


@pytest.fixture(scope="module")
def server():
    with LocalServer(stall_seconds=1.0) as srv:
        yield srv


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    fetch._shared.clear()
    db = tmp_path_factory.mktemp("robust") / "r.db"
    return Settings(db=str(db), allow_private=True, fetch_timeout=0.5, max_page_bytes=1_000_000, extra=dict(FAST))
