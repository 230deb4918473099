"""The demo corpus end to end: schema-valid export, and the golden score as a ratchet.

The ratchet (golden_baseline.json) works like trafilatura's benchmark floors:
the number of metrics at target, and each metric's value, may only go up.
Raise the baseline when a change improves a metric.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from .conftest import SHARED

HERE = Path(__file__).parent
SCHEMA = HERE.parent / "fixtures" / "digest.schema.json"
BASELINE = json.loads((HERE / "golden_baseline.json").read_text())
GOLDEN = SHARED / "eval" / "putin-kim-2024.golden.json"
SCORER = SHARED / "eval" / "score.py"

pytestmark = pytest.mark.e2e


def test_export_validates_against_schema(demo_digest):
    _, data = demo_digest
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))


def test_schema_copy_is_current():
    shared = SHARED / "eval" / "digest.schema.json"
    if not shared.exists():
        pytest.skip("../shared is absent")
    assert json.loads(shared.read_text()) == json.loads(SCHEMA.read_text())


def test_document_ids_are_file_stems(demo_digest):
    _, data = demo_digest
    stems = sorted(p.stem for p in (HERE.parents[1] / "examples" / "putin-kim-2024").glob("*.txt"))
    assert sorted(d["id"] for d in data["documents"]) == stems


def test_report_files_written(demo_digest):
    path, _ = demo_digest
    html = (path.parent / "report.html").read_text(encoding="utf-8")
    assert "<html" in html.lower() and "http://" not in html.split("<body", 1)[0].lower().replace("http://www.w3.org", "")
    assert (path.parent / "report.md").read_text(encoding="utf-8").strip()


@pytest.fixture(scope="module")
def golden_metrics(demo_digest) -> dict:
    if not SCORER.exists():
        pytest.skip("../shared/eval is absent: golden scoring needs it")
    path, _ = demo_digest
    done = subprocess.run([sys.executable, str(SCORER), str(path), str(GOLDEN), "--json", "--report-only"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout[: done.stdout.rindex("}") + 1])


def test_metrics_at_target_do_not_drop(golden_metrics):
    at_target = sum(golden_metrics["met"].values())
    assert at_target >= BASELINE["metrics_at_target"], _below(golden_metrics)


@pytest.mark.parametrize("metric", sorted(BASELINE["floors"]))
def test_metric_floor(golden_metrics, metric):
    value = golden_metrics["metrics"].get(metric, 0.0)
    assert value >= BASELINE["floors"][metric] - 1e-9, f"{metric} fell to {value:.3f} (floor {BASELINE['floors'][metric]})"


def _below(metrics: dict) -> str:
    return "below target: " + ", ".join(k for k, ok in metrics["met"].items() if not ok)
