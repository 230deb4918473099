"""The document-level golden metrics on the demo corpus (clean + meta only)."""
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "eval"
pytestmark = pytest.mark.skipif(not (SHARED / "score.py").exists(), reason="../shared/eval not available")

METRICS = ["boilerplate.keep", "boilerplate.drop", "boilerplate.repeats", "language.accuracy",
           "translation.flag", "published.accuracy"]


def test_document_metrics_at_target():
    from newsfuse.clean import clean_document
    from newsfuse.config import Settings
    from newsfuse.meta import annotate_meta
    from newsfuse.model import Document

    spec = importlib.util.spec_from_file_location("score", SHARED / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    golden = json.loads((SHARED / "putin-kim-2024.golden.json").read_text(encoding="utf-8"))
    docs = []
    for path in sorted((ROOT / "examples" / "putin-kim-2024").glob("*.txt")):
        d = annotate_meta(clean_document(Document(id=path.stem, raw=path.read_text(encoding="utf-8")), Settings()))
        docs.append({"id": d.id, "language": d.language, "body": d.body, "machine_translated": d.machine_translated,
                     "original_language": d.original_language, "published": d.published, "outlet": d.outlet})
    metrics = score.score({"documents": docs, "stories": []}, golden)
    assert {m: metrics[m] for m in METRICS} == {m: 1.0 for m in METRICS}
    want = {k: g["outlet"] for k, g in golden["documents"].items() if "outlet" in g}
    assert {d["id"]: d["outlet"] for d in docs if d["id"] in want} == want
