"""``newsfuse batch``: the same stage functions mapped over Ray Data, for shard sets too big for one process.

    read shards (JSONL / WARC: one read task per shard; Parquet via read_parquet)
      -> learn boilerplate templates from a sample (driver)
      -> map_batches(Analyser): clean, meta, entities, claims + sentence vectors
         (actor pool; models loaded once per worker)
      -> collect on the driver; Ray stops (a local cluster) to give its memory back
      -> drop copies, build stories (entity linking, relations, clustering, reports; see ``loading``)
      -> write Parquet: documents, mentions, entities, stories, quotes, claims; load the store

Without ``ray_address`` Ray starts a local cluster on this machine; with one
(``ray://host:10001`` or ``auto``) it joins an existing cluster, whose
workers must see the input paths (shared file system or object store URIs).
See docs/scale.md.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.model import Document, IngestError
from newsfuse.scale import loading
from newsfuse.scale.shards import expand_inputs, parse_path, record_rows
from newsfuse.scale.workers import STAGE_NAMES, Analyser, embedder_name, import_row_vectors

TEMPLATE_SAMPLE = 2000  # documents the boilerplate templates are learnt from (learning is a global pass)


def _say(console, message: str) -> None:
    if console is not None:
        console.print(message)


def init_ray(ray_address: str | None, num_cpus: int | None = None):
    """Connect to ``ray_address`` or start a quiet local Ray; returns (ray, started_here)."""
    import ray

    if ray.is_initialized():
        return ray, False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage reporting from a news pipeline
    if ray_address:
        ray.init(address=ray_address, log_to_driver=False)
    else:
        ray.init(num_cpus=num_cpus or os.cpu_count() or 1, include_dashboard=False, log_to_driver=False,
                 object_store_memory=int(os.environ.get("NEWSFUSE_RAY_OBJECT_STORE", 1_000_000_000)))
    _quiet_ray_data()
    return ray, True


def _quiet_ray_data() -> None:
    """newsfuse prints its own summary: no Ray Data progress bars or per-operator log lines."""
    import logging

    from ray.data import DataContext

    ctx = DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    for name in ("ray.data", "ray.data._internal"):  # their warnings are about Ray Data's own tuning
        logging.getLogger(name).setLevel(logging.ERROR)


def read_dataset(files: list[str], settings: Settings):
    """One Ray dataset of rows {doc, error} over every shard."""
    import ray

    parquet = [f for f in files if f.lower().endswith(".parquet")]
    others = [f for f in files if not f.lower().endswith(".parquet")]
    parts = []
    if others:
        # One block per shard so that shards are read and parsed in parallel.
        paths = ray.data.from_items([{"path": f} for f in others], override_num_blocks=len(others))
        parts.append(paths.flat_map(parse_path, fn_kwargs={"settings": settings}))
    if parquet:
        parts.append(ray.data.read_parquet(parquet).map_batches(record_rows, batch_format="numpy"))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else parts[0].union(*parts[1:])


def analyse_on_ray(files: list[str], settings: Settings, templates_from_store: frozenset[str], workers: int,
                   batch_size: int, timings: dict[str, float], console=None):
    """Read, learn templates, analyse on the actor pool; returns (docs, errors, stage seconds, templates)."""
    import ray

    from newsfuse.clean.templates import learn_templates

    ds = read_dataset(files, settings)
    if ds is None:
        raise SystemExit("newsfuse batch: no JSONL, WARC or Parquet shard among the inputs")
    t = time.perf_counter()
    parsed = ds.materialize()
    records = parsed.count()
    # A shard is one block: split so that every worker gets batches (a few blocks per worker).
    blocks = max(workers * 4, min(records // (batch_size * 4), 4096), 1)
    if parsed.num_blocks() < blocks and records:
        parsed = parsed.repartition(min(blocks, records)).materialize()
    timings["read"] = time.perf_counter() - t
    _say(console, f"read {records} records from {len(files)} shards")

    t = time.perf_counter()
    sample = [Document.model_validate_json(r["doc"]) for r in parsed.take(TEMPLATE_SAMPLE) if r["doc"]]
    templates = frozenset(learn_templates(sample)) | templates_from_store
    timings["templates"] = time.perf_counter() - t

    t = time.perf_counter()
    analysed = parsed.map_batches(
        Analyser, fn_constructor_kwargs={"settings": settings, "templates": templates}, batch_size=batch_size,
        compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1, batch_format="numpy").materialize()
    timings["analyse"] = time.perf_counter() - t
    _say(console, f"analysed on {workers} Ray workers in {timings['analyse']:.1f} s")

    t = time.perf_counter()
    docs, errors, seconds = [], [], dict.fromkeys((*STAGE_NAMES, "embed"), 0.0)
    embedder = embedder_name(settings)
    for row in analysed.iter_rows():
        if row["error"]:
            errors.append(IngestError.model_validate_json(row["error"]))
            continue
        docs.append(Document.model_validate_json(row["doc"]))
        import_row_vectors(row, embedder)
        for s in seconds:
            seconds[s] += float(row[f"t_{s}"])
    timings["collect"] = time.perf_counter() - t
    return docs, errors, seconds, templates


def run_batch(inputs: list[str], output: Path, settings: Settings, ray_address: str | None = None, console=None,
              *, num_workers: int | None = None, batch_size: int = 16, load_store: bool = True) -> dict:
    """Process shards with Ray Data, write Parquet to ``output``, build stories and load them into the store.

    Returns a summary: counts, seconds per phase, seconds per stage summed
    over the workers, documents/second and the Parquet tables written.

    >>> run_batch(["shards/"], Path("out"), Settings.load(db="news.db"))  # doctest: +SKIP
    {'documents': 10000, 'stories': 1234, 'docs_per_second': 27.1, ...}
    """
    started = time.perf_counter()
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    files, errors = expand_inputs(inputs)
    timings: dict[str, float] = {}
    ray, started_here = init_ray(ray_address, num_workers)
    try:
        workers = num_workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        docs, failed, stage_seconds, templates = analyse_on_ray(
            files, settings, loading.stored_templates(settings, load_store), workers, batch_size, timings, console)
    finally:
        if started_here:  # the workers' models are no longer needed: free their memory for story building
            ray.shutdown()
    errors += failed

    t = time.perf_counter()
    selection = loading.select_new(docs, settings, load_store)
    entities, stories, index = loading.build(selection, settings)
    timings["stories"] = time.perf_counter() - t
    _say(console, f"built {len(stories)} stories over {len(selection.all)} documents")

    t = time.perf_counter()
    written = loading.write_outputs(output, selection.fresh, entities, stories)
    timings["write"] = time.perf_counter() - t
    loaded = {}
    if load_store:
        t = time.perf_counter()
        loaded = loading.load_store(settings, selection, entities, stories, index, errors, templates)
        timings["store"] = time.perf_counter() - t
    total = time.perf_counter() - started
    return {
        "documents": len(docs), "stories": len(stories), "entities": len(entities), "errors": len(errors),
        "skipped_duplicates": len(selection.skipped), "error_samples": [e.model_dump() for e in errors[:20]],
        "workers": workers, "ray_address": ray_address or "local", "output": str(output), "tables": written,
        "seconds": round(total, 3), "phase_seconds": {k: round(v, 3) for k, v in timings.items()},
        "stage_seconds": {k: round(v, 3) for k, v in stage_seconds.items()},
        "docs_per_second": round(len(docs) / total, 3) if total else 0.0, **({"store": loaded} if loaded else {}),
    }
