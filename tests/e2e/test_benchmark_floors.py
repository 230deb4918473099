"""Benchmark floors in CI, as trafilatura gates on its F1 floors: ECB+ story clustering
and article extraction (the article-extraction-benchmark and trafilatura-eval pages).

Runs what ``bench/clustering.py`` measures, with the shipped defaults (no grid
search): every ECB+ file through the real per-document stages, the streaming
story index with its consolidation, and the TF-IDF baseline with its threshold
chosen on topics 1-20, in the same run. Floors live in benchmark_baseline.json.
About a minute (the processed documents are cached in bench/data/).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from .conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]
FLOORS = json.loads((Path(__file__).parent / "benchmark_baseline.json").read_text())

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not (SHARED / "datasets" / "ecbplus").exists(),
                                                  reason="../shared/datasets/ecbplus is absent")]


@pytest.fixture(scope="module")
def ecb():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import clustering
    finally:
        sys.path.remove(str(ROOT / "bench"))
    items = clustering.process_ecbplus(clustering.load_ecbplus())
    vectors = clustering.cached_vectors([d for d, _, _ in items])
    return clustering, items, vectors


def _f1(bench, pred, items) -> float:
    return bench._score(pred, items, "event")[2]


def test_ecbplus_event_f1_beats_tfidf_with_the_shipped_defaults(ecb):
    from newsfuse.stories import StoryParams

    bench, items, vectors = ecb
    held = [x for x in items if x[1] in bench.HELD]
    tf_th = bench.tfidf_threshold([x for x in items if x[1] in bench.TUNE])
    docs = [d for d, _, _ in items]
    ours = _f1(bench, bench.run_index(docs, vectors, StoryParams()), items)
    baseline = _f1(bench, bench.tfidf_cluster(docs, tf_th), items)
    held_f1 = _f1(bench, bench.run_index([d for d, _, _ in held], vectors, StoryParams()), held)
    assert ours >= FLOORS["ecbplus_event_f1_topics_1_35"], (ours, baseline)
    assert held_f1 >= FLOORS["ecbplus_event_f1_topics_21_35"], held_f1
    assert ours - baseline >= FLOORS["ecbplus_gain_over_tfidf"], (ours, baseline)


def _bench(name: str):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(ROOT / "bench"))


@pytest.mark.skipif(not (SHARED / "datasets" / "article-extraction-benchmark").exists(),
                    reason="../shared/datasets/article-extraction-benchmark is absent")
def test_article_extraction_f1_floors():
    """newsfuse's clean + meta on every page of both sets (about 40 s), scored as bench/extraction.py does."""
    from newsfuse.config import Settings

    bench = _bench("extraction")
    bench._SETTINGS = Settings()
    data = SHARED / "datasets"
    tools = {"newsfuse": bench.run_newsfuse}
    aeb = bench.evaluate("aeb", bench.load_aeb(data / "article-extraction-benchmark", None), tools)[0]
    treval = bench.evaluate("treval", bench.load_treval(data / "trafilatura-eval", None), tools)[0]
    assert aeb["f1"] >= FLOORS["extraction_f1_article_extraction_benchmark"], aeb
    assert treval["f1"] >= FLOORS["extraction_f1_trafilatura_eval"], treval
