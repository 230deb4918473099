"""The per-document stages as a Ray Data callable class: models load once per worker, not per batch.

Ray constructs one ``Analyser`` per actor in the pool; its constructor runs
the stages once on a tiny document so that every model (language ID, spaCy,
embedders, lexicons) is loaded before the first real batch arrives, and each
batch then reuses them. Each output row keeps the seconds spent in every
stage, which the benchmark sums into a per-stage breakdown.
"""
from __future__ import annotations

import time

import numpy as np

from newsfuse.config import Settings
from newsfuse.model import Document, IngestError
from newsfuse.pipeline import document_stages

STAGE_NAMES = ("clean", "meta", "entities", "claims")
_WARMUP = Document(id="warmup", source="warmup", raw="Warm-up\n\nAngela Merkel met Emmanuel Macron in Berlin on "
                   "Monday, 3 June 2024. \"We agree,\" she said. About 300 people attended.")


def analyse_one(doc: Document, settings: Settings, templates: frozenset[str]) -> tuple[Document, dict[str, float]]:
    """Run the per-document stages in pipeline order, timing each one."""
    timings: dict[str, float] = {}
    for name, stage in document_stages(settings, templates):
        start = time.perf_counter()
        doc = stage(doc)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
    return doc, timings


class Analyser:
    """``ds.map_batches(Analyser, fn_constructor_kwargs=...)``: rows {doc, error} -> analysed rows."""

    def __init__(self, settings: Settings, templates: frozenset[str] = frozenset(), warm_up: bool = True):
        self.settings = settings
        self.templates = frozenset(templates)
        if warm_up:
            try:
                analyse_one(_WARMUP.model_copy(deep=True), settings, self.templates)
            except Exception:  # a failing warm-up shows up again, per document, with its reason
                pass

    def __call__(self, batch: dict) -> dict:
        out: dict[str, list] = {"doc": [], "error": [], **{f"t_{s}": [] for s in STAGE_NAMES}}
        for raw, error in zip(batch["doc"], batch["error"]):
            timings: dict[str, float] = {}
            if error:
                doc_json = ""
            else:
                doc = Document.model_validate_json(raw)
                try:
                    doc, timings = analyse_one(doc, self.settings, self.templates)
                    doc_json = doc.model_dump_json()
                except Exception as exc:  # one broken article must not stop the shard
                    error = IngestError(source=doc.source, reason=f"{type(exc).__name__}: {exc}",
                                        stage="analyse").model_dump_json()
                    doc_json = ""
            out["doc"].append(doc_json)
            out["error"].append(error)
            for s in STAGE_NAMES:
                out[f"t_{s}"].append(timings.get(s, 0.0))
        return {k: np.asarray(v, dtype=object if k in ("doc", "error") else np.float64) for k, v in out.items()}
