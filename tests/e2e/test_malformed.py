"""Bad inputs are reported by name and skipped; the rest of the batch is processed."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from .conftest import DEMO, NEWSFUSE

pytestmark = pytest.mark.e2e


def test_digest_skips_broken_files_and_keeps_the_rest(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in sorted(p.name for p in DEMO.iterdir())[:2]:
        shutil.copy(DEMO / name, corpus / name)
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "latin1.txt").write_bytes("Der Bürgermeister von Köln sagte am Montag, die Brücke sei sicher.".encode("latin-1"))
    out = tmp_path / "d.json"
    done = subprocess.run([*NEWSFUSE, "digest", str(corpus), "--json", str(out), "--quiet"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "binary.txt" in done.stderr and "empty.txt" in done.stderr
    ids = {d["id"] for d in json.loads(out.read_text())["documents"]}
    assert ids == {"000_3b3444ba40d679c5", "001_18bb572b870def16", "latin1"}
    latin = next(d for d in json.loads(out.read_text())["documents"] if d["id"] == "latin1")
    assert "Bürgermeister" in latin["body"]
