"""Shared fixtures for the end-to-end tests: one digest of the demo corpus per session."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "putin-kim-2024"
SHARED = ROOT.parent / "shared"
NEWSFUSE = [sys.executable, "-m", "newsfuse.cli"]


@pytest.fixture(scope="session")
def demo_digest(tmp_path_factory) -> tuple[Path, dict]:
    """Run ``newsfuse digest`` on the demo corpus once; return the JSON path and its content."""
    out = tmp_path_factory.mktemp("digest")
    cmd = [*NEWSFUSE, "digest", str(DEMO), "--json", str(out / "digest.json"), "--html", str(out / "report.html"),
           "--markdown", str(out / "report.md"), "--quiet"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    path = out / "digest.json"
    return path, json.loads(path.read_text(encoding="utf-8"))
