"""The per-document stages as a Ray Data callable class: models load once per worker, not per batch.

Ray constructs one ``Analyser`` per actor in the pool; its constructor runs
the stages once on a tiny document so that every model (language ID, spaCy,
embedders, lexicons) is loaded before the first real batch arrives, and each
batch then reuses them.

A batch goes through the stages stage by stage (every document through
``clean``, then every document through ``meta``, ...), which lets a stage
with a batch form use it (NER with ``nlp.pipe``); the stages are per-document
functions, so the result is the same as ``pipeline.process_document`` on each.
Each output row keeps the seconds spent in every stage, which the benchmark
sums into a per-stage breakdown, and the document's sentence vectors, so the
driver does not embed the whole corpus again on one core.
"""
from __future__ import annotations

import importlib
import time
from collections.abc import Callable

import numpy as np

from newsfuse.config import Settings
from newsfuse.model import Document, IngestError
from newsfuse.pipeline import document_stages

STAGE_NAMES = ("clean", "meta", "entities", "claims")
# Stages that have a batch form: (module, function(docs, settings) -> docs).
BATCH_FORMS = {"entities": ("newsfuse.entities", "recognise_batch")}
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


def _batch_form(name: str, settings: Settings) -> Callable[[list[Document]], list[Document]] | None:
    where = BATCH_FORMS.get(name)
    if not where:
        return None
    try:
        fn = getattr(importlib.import_module(where[0]), where[1])
    except (ImportError, AttributeError):
        return None
    return lambda docs: fn(docs, settings)


def analyse_batch(docs: list[Document], settings: Settings, templates: frozenset[str],
                  ) -> tuple[list[Document | Exception], list[dict[str, float]]]:
    """Every stage over the whole batch in pipeline order; a failing document becomes its exception."""
    items: list[Document | Exception] = list(docs)
    timings: list[dict[str, float]] = [{} for _ in docs]
    for name, stage in document_stages(settings, templates):
        alive = [i for i, d in enumerate(items) if isinstance(d, Document)]
        batch = _batch_form(name, settings)
        if batch is not None and alive:
            start = time.perf_counter()
            try:
                done = batch([items[i] for i in alive])
            except Exception:  # find the broken document one by one below
                done = None
            if done is not None:
                share = (time.perf_counter() - start) / len(alive)
                for i, d in zip(alive, done):
                    items[i] = d
                    timings[i][name] = share
                continue
        for i in alive:
            start = time.perf_counter()
            try:
                items[i] = stage(items[i])
            except Exception as exc:  # one broken article must not stop the shard
                items[i] = exc
            timings[i][name] = time.perf_counter() - start
    return items, timings


class Analyser:
    """``ds.map_batches(Analyser, fn_constructor_kwargs=...)``: rows {doc, error} -> analysed rows."""

    def __init__(self, settings: Settings, templates: frozenset[str] = frozenset(), warm_up: bool = True,
                 embed: bool = True):
        self.settings = settings
        self.templates = frozenset(templates)
        self.embedder = embedder_name(settings) if embed else None
        if warm_up:
            try:
                analyse_one(_WARMUP.model_copy(deep=True), settings, self.templates)
                if self.embedder:
                    from newsfuse.embeddings import embed_texts

                    embed_texts(["Warm-up sentence."], self.embedder)
            except Exception:  # a failing warm-up shows up again, per document, with its reason
                pass

    def __call__(self, batch: dict) -> dict:
        n = len(batch["doc"])
        errors = list(batch["error"])
        todo = [i for i in range(n) if not errors[i]]
        docs = [Document.model_validate_json(batch["doc"][i]) for i in todo]
        results, timings = analyse_batch(docs, self.settings, self.templates)
        out: dict[str, list] = {"doc": [""] * n, "error": errors, "emb_keys": [b""] * n, "emb": [b""] * n,
                                **{f"t_{s}": [0.0] * n for s in (*STAGE_NAMES, "embed")}}
        for i, source, result, spent in zip(todo, docs, results, timings):
            if isinstance(result, Exception):
                out["error"][i] = IngestError(source=source.source, reason=f"{type(result).__name__}: {result}",
                                              stage="analyse").model_dump_json()
                continue
            out["doc"][i] = result.model_dump_json()
            for s, sec in spent.items():
                out[f"t_{s}"][i] = sec
            if self.embedder:
                start = time.perf_counter()
                out["emb_keys"][i], out["emb"][i] = _vectors(result, self.embedder)
                out["t_embed"][i] = time.perf_counter() - start
        return {k: np.asarray(v, dtype=np.float64 if k.startswith("t_") else object) for k, v in out.items()}


def embedder_name(settings: Settings) -> str | None:
    try:
        from newsfuse.stories.params import StoryParams

        return StoryParams.from_settings(settings).embedder
    except Exception:  # no stories stage, or an embedder that cannot load: the driver embeds itself
        return None


def _vectors(doc: Document, embedder: str) -> tuple[bytes, bytes]:
    """The document's sentence vectors as bytes (16-byte cache keys, float32 rows); empty if embedding fails."""
    try:
        from newsfuse.embeddings import export_document_vectors

        keys, vecs = export_document_vectors(doc, embedder)
    except Exception:  # the driver embeds what it does not receive
        return b"", b""
    return b"".join(keys), np.ascontiguousarray(vecs, dtype=np.float32).tobytes()


def import_row_vectors(row: dict, embedder: str | None) -> None:
    """Driver side of ``_vectors``: put a row's sentence vectors into the embedding cache."""
    keys, data = row.get("emb_keys") or b"", row.get("emb") or b""
    if not embedder or not keys:
        return
    from newsfuse.embeddings import import_vectors

    vecs = np.frombuffer(data, dtype=np.float32).reshape(len(keys) // 16, -1)
    import_vectors([keys[i:i + 16] for i in range(0, len(keys), 16)], vecs, embedder)
