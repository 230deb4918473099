"""Which documents are not independent: duplicates, syndicated copies, translations.

Two detectors, both at document and passage level:

* same-language copies: MinHash/LSH (datasketch) over word 5-shingles, for whole
  documents and for passages (sentences, so that a copy whose paragraphs were
  re-split still matches); candidate pairs are then scored exactly by shingle
  containment;
* cross-language shared text: documents whose vectors are close have their
  sentences aligned by multilingual embeddings (mutual best match above a
  threshold); the share of aligned text decides between a full translation and
  a few translated paragraphs.

Relations are symmetric and written into both documents' ``related`` lists.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsfuse.embeddings import DocumentEmbedding, embed_documents, split_sentences
from newsfuse.model import Document, Relation
from newsfuse.stories.params import StoryParams

_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_NUM_PERM = 64
_SHINGLE = 5


def _tokens(text: str) -> list[str]:
    words = _WORD.findall(text.casefold())
    if _CJK.search(text):  # no spaces between words: characters stand in for words
        words = [c for w in words for c in w]
    return words


def shingles(text: str, n: int = _SHINGLE) -> set[int]:
    """Hashed word ``n``-grams of ``text`` (stable across processes)."""
    toks = _tokens(text)
    if len(toks) < n:
        return {zlib.crc32(" ".join(toks).encode())} if toks else set()
    return {zlib.crc32(" ".join(toks[i:i + n]).encode()) for i in range(len(toks) - n + 1)}


def _minhash(sh: set[int]) -> MinHash:
    m = MinHash(num_perm=_NUM_PERM, seed=1)
    m.update_batch([h.to_bytes(4, "little") for h in sorted(sh)])
    return m


def _passages(doc: Document) -> list[str]:
    """Sentences of the body, short ones glued to the next so each passage has some weight."""
    out, buf = [], ""
    for p in doc.paragraphs:
        if p.kind != "body":
            continue
        for s in split_sentences(p.text):
            buf = f"{buf} {s}".strip()
            if len(_tokens(buf)) >= 8:
                out.append(buf)
                buf = ""
    if buf:
        out.append(buf)
    return out


@dataclass
class _Pair:
    kind: str
    score: float


def _copy_pairs(docs: list[Document], params: StoryParams) -> dict[tuple[int, int], _Pair]:
    """Same-text pairs found by MinHash/LSH, scored by exact shingle overlap."""
    doc_sh = [shingles(d.body) for d in docs]
    doc_lsh = MinHashLSH(threshold=params.dup_lsh_threshold, num_perm=_NUM_PERM)
    psg_lsh = MinHashLSH(threshold=params.passage_lsh_threshold, num_perm=_NUM_PERM)
    doc_mh, psg_mh = [], []
    for i, sh in enumerate(doc_sh):
        m = _minhash(sh)
        doc_mh.append(m)
        if sh:
            doc_lsh.insert(f"{i}", m)
        for j, text in enumerate(_passages(docs[i])):
            psh = shingles(text)
            if len(psh) >= 4:
                pm = _minhash(psh)
                psg_lsh.insert(f"{i}:{j}", pm)
                psg_mh.append((i, pm))
    cands: set[tuple[int, int]] = set()
    for i, m in enumerate(doc_mh):
        if doc_sh[i]:
            cands.update((min(i, int(k)), max(i, int(k))) for k in doc_lsh.query(m) if int(k) != i)
    for i, pm in psg_mh:
        for key in psg_lsh.query(pm):
            k = int(key.split(":")[0])
            if k != i:
                cands.add((min(i, k), max(i, k)))
    pairs = {}
    for a, b in sorted(cands):
        sa, sb = doc_sh[a], doc_sh[b]
        inter = len(sa & sb)
        if not inter:
            continue
        jacc = inter / len(sa | sb)
        contain = inter / min(len(sa), len(sb))
        if jacc >= params.duplicate_jaccard:
            pairs[(a, b)] = _Pair("duplicate", jacc)
        elif contain >= params.syndicated_containment:
            pairs[(a, b)] = _Pair("syndicated", contain)
        elif inter >= params.shared_min_shingles:
            pairs[(a, b)] = _Pair("shared-text", contain)
    return pairs


def _neighbours(vectors: np.ndarray, k: int, floor: float) -> list[tuple[int, int]]:
    """Pairs (i < j) where j is among i's ``k`` nearest documents with cosine >= ``floor``."""
    out: set[tuple[int, int]] = set()
    n = len(vectors)
    for start in range(0, n, 1024):  # blocks keep memory flat on big batches
        sims = vectors[start:start + 1024] @ vectors.T
        for r, row in enumerate(sims):
            i = start + r
            row[i] = -1.0
            top = np.argpartition(-row, min(k, n - 1) - 1)[:k] if n > k else np.arange(n)
            out.update((min(i, int(j)), max(i, int(j))) for j in top if j != i and row[j] >= floor)
    return sorted(out)


def align_sentences(a: DocumentEmbedding, b: DocumentEmbedding, threshold: float) -> list[tuple[int, int, float]]:
    """Mutual-best body-sentence pairs of ``a`` and ``b`` with cosine >= ``threshold``.

    Titles are left out: independent reports of one event often have
    near-synonymous headlines.
    """
    ra, rb = np.flatnonzero(a.paragraph_of >= 0), np.flatnonzero(b.paragraph_of >= 0)
    if not len(ra) or not len(rb):
        return []
    sims = a.sentence_vectors[ra] @ b.sentence_vectors[rb].T
    best_b = sims.argmax(axis=1)
    best_a = sims.argmax(axis=0)
    out = []
    for i, j in enumerate(best_b):
        s = float(sims[i, j])
        if s >= threshold and best_a[j] == i and _length_ok(a.sentences[ra[i]], b.sentences[rb[j]]):
            out.append((int(ra[i]), int(rb[j]), s))
    return out


def aligned_runs(pairs: list[tuple[int, int, float]], min_run: int = 2) -> list[tuple[int, int, float]]:
    """The aligned pairs that belong to a run of at least ``min_run`` pairs in the same order.

    A translated passage keeps its sentence order, so its sentences align one
    after the other (a step of one or two sentences on each side, for split or
    merged sentences); independent reports of one event match here and there.
    """
    pairs = sorted(pairs)
    runs: list[list[tuple[int, int, float]]] = []
    for p in pairs:
        if runs and 1 <= p[0] - runs[-1][-1][0] <= 2 and 1 <= p[1] - runs[-1][-1][1] <= 2:
            runs[-1].append(p)
        else:
            runs.append([p])
    return [p for run in runs if len(run) >= min_run for p in run]


def _length_ok(x: str, y: str) -> bool:
    if _CJK.search(x) or _CJK.search(y):
        return True  # CJK scripts are far denser than alphabets: lengths do not compare
    lx, ly = len(x), len(y)
    return min(lx, ly) / max(lx, ly, 1) >= 0.4


def _coverage(emb: DocumentEmbedding, rows: list[int]) -> float:
    total = sum(len(s) for s in emb.sentences) or 1
    return sum(len(emb.sentences[i]) for i in set(rows)) / total


def _translation_pairs(docs: list[Document], embs: list[DocumentEmbedding], skip: set[tuple[int, int]],
                       params: StoryParams) -> dict[tuple[int, int], _Pair]:
    vectors = np.stack([e.vector for e in embs]) if embs else np.zeros((0, 1), np.float32)
    pairs = {}
    for a, b in _neighbours(vectors, params.relate_neighbours, params.relate_candidate_floor):
        if (a, b) in skip:
            continue
        aligned = aligned_runs(align_sentences(embs[a], embs[b], params.translation_sentence_sim),
                               params.shared_min_sentences)
        if not aligned:
            continue
        cov = min(_coverage(embs[a], [i for i, _, _ in aligned]), _coverage(embs[b], [j for _, j, _ in aligned]))
        cross = docs[a].language != docs[b].language or docs[a].language == "und"
        if cross and cov >= params.translation_coverage:
            pairs[(a, b)] = _Pair("translation", cov)
        elif sum(len(embs[a].sentences[i]) for i, _, _ in aligned) >= params.shared_min_chars:
            pairs[(a, b)] = _Pair("shared-text", cov)
    return pairs


def relate_documents(docs: list[Document], settings=None, against: list[Document] = ()) -> None:
    """Set ``doc.related`` for every pair of documents that share text.

    ``against`` are documents related earlier (e.g. loaded from the store): new
    documents are compared with them too, and relations are added on both sides.

    >>> relate_documents(docs, settings)  # doctest: +SKIP
    >>> docs[0].related[0].kind  # doctest: +SKIP
    'translation'
    """
    params = StoryParams.from_settings(settings)
    everything = list(docs) + [d for d in against if d.id not in {x.id for x in docs}]
    n_new = len(docs)
    embs = embed_documents(everything, params.embedder)
    pairs = _copy_pairs(everything, params)
    pairs.update(_translation_pairs(everything, embs, set(pairs), params))
    for (a, b), pair in sorted(pairs.items()):
        if a >= n_new and b >= n_new:
            continue  # both old: related before
        _link(everything[a], everything[b], pair)
        _link(everything[b], everything[a], pair)


def _link(doc: Document, other: Document, pair: _Pair) -> None:
    kept = [r for r in doc.related if r.document != other.id]
    kept.append(Relation(document=other.id, kind=pair.kind, score=round(float(pair.score), 4)))
    doc.related = sorted(kept, key=lambda r: r.document)
