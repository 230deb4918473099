"""Extractive multi-document, multilingual story summaries with citations.

Every body sentence of the story's documents is embedded once, in one batch.
A sentence scores by how central it is to the story (similarity to the
centroid of the documents, copies weighing half), by how many *other*
documents support it, and by how early it comes in its article (news puts
the lead first). Sentences are then picked by maximal marginal relevance; a
candidate that is nearly the same as a chosen sentence — usually its
translation — is not picked again: its document joins the chosen sentence's
citations instead. Each summary sentence cites every document with a
supporting sentence.

An optional abstractive backend (``newsfuse.report.llm``) may rewrite the
extractive summary when ``settings.llm_url`` is set; it falls back to the
extractive summary whenever its answer cannot be trusted.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsfuse.model import Document, Story, SummarySentence
from newsfuse.report.embedding import Embedder, default_embedder, normalise
from newsfuse.report.sentences import (Sentence, boilerplate_reason, document_sentences, quantities,
                                       starts_with_pronoun)

log = logging.getLogger(__name__)

# Cosine thresholds for the default embedder (USE multilingual v3).
SUPPORT = 0.71  # another document says the same thing
DUPLICATE = 0.78  # the same sentence, possibly translated: never picked twice
MMR_LAMBDA = 0.5  # relevance vs novelty: lower covers more of the story
MAX_SENTENCES_PER_DOC = 40  # leads matter most; bounds the cost of long articles
MAX_CANDIDATES = 300  # sentences compared with every other one
DISPUTED_PENALTY = 0.1  # a claim other sources contradict is no summary fact
COPY_KINDS = {"duplicate", "syndicated", "translation", "shared-text"}


@dataclass
class _Pool:
    """The story's usable sentences, their embeddings and per-document facts."""

    docs: list[Document]
    sentences: list[Sentence]
    vectors: np.ndarray  # (S, dim), L2-normalised
    doc_of: np.ndarray  # (S,) index into docs
    weights: np.ndarray  # (D,) 1.0 for independent sources, 0.5 for copies
    blocks: list[tuple[int, int]]  # (start, end) of each document's rows; sentences are grouped by document


def summarize(story: Story, docs: Sequence[Document], settings=None, embed: Embedder | None = None,
              backend=None) -> list[SummarySentence]:
    """The summary of ``story``: extractive, or abstractive when a backend is configured.

    >>> summarize(story, docs, Settings())  # doctest: +SKIP
    [SummarySentence(text='Putin arrived in Pyongyang ...', documents=['a', 'c']), ...]
    """
    n = getattr(settings, "summary_sentences", 5) if settings is not None else 5
    claims = {c.id: c for c in story.claims}
    disputed = [claims[c].text for conflict in story.conflicts for c in conflict.claims if c in claims]
    extractive = extractive_summary(docs, n=n, embed=embed, disputed=disputed)
    if backend is None and settings is not None and getattr(settings, "llm_url", None):
        from newsfuse.report.llm import OpenAICompatibleSummarizer

        backend = OpenAICompatibleSummarizer.from_settings(settings)
    if backend is None or len(extractive) == 0:
        return extractive
    from newsfuse.report.llm import SummaryBackendError

    try:
        return backend.summarize(story, list(docs), extractive)
    except SummaryBackendError as exc:
        log.warning("abstractive summary of story %s failed, keeping the extractive one: %s", story.id, exc)
        return extractive


def extractive_summary(docs: Sequence[Document], n: int = 5, embed: Embedder | None = None,
                       min_sentences: int = 3, disputed: Sequence[str] = ()) -> list[SummarySentence]:
    """Up to ``n`` cited sentences covering ``docs``, lead first, each said once.

    At least ``min_sentences`` are returned for a story of several documents
    whenever that many distinct, non-boilerplate sentences exist. Sentences
    in ``disputed`` (the text of claims other sources contradict) are chosen
    only when nothing as central is left: a summary should not state one
    side of a disagreement as fact.
    """
    docs = list(docs)
    pool = _build_pool(docs, embed or default_embedder())
    if pool is None:
        return []
    language = output_language(docs)
    scores, support, best_row, cands = _score(pool)
    if disputed:
        folded = [" ".join(t.split()).casefold() for t in disputed if t.strip()]
        for k, c in enumerate(cands):
            text = " ".join(pool.sentences[c].text.split()).casefold()
            if any(t in text or text in t for t in folded):
                scores[k] -= DISPUTED_PENALTY
    sims = pool.vectors[cands] @ pool.vectors.T  # (K, S)
    in_language = np.array([pool.sentences[c].language == language for c in cands])
    wanted = min(n, len(cands))
    floor = min(max(min_sentences, 0), wanted) if len(docs) > 1 else 1
    chosen = _mmr(scores, sims, cands, in_language, wanted)
    if len(chosen) < floor:  # too few sentences in the summary language: fill from the others
        chosen = _mmr(scores, sims, cands, np.ones_like(in_language), floor, chosen)
    return [_summary_sentence(pool, k, cands, support, best_row, language) for k in _reading_order(pool, cands, chosen, scores)]


def output_language(docs: Sequence[Document]) -> str:
    """The language most of the story's documents are written in; English on a tie."""
    counts = Counter(d.language for d in docs if d.language and d.language != "und")
    if not counts:
        return "en"
    top = max(counts.values())
    tied = sorted(lang for lang, c in counts.items() if c == top)
    return "en" if "en" in tied else tied[0]


def source_weights(docs: Sequence[Document]) -> dict[str, float]:
    """1.0 for an independent source, 0.5 for a copy (machine translation, duplicate, syndication).

    Of two documents sharing text, the machine-translated one is the copy;
    otherwise the later one (by publication date, then by position).
    """
    ids = {d.id for d in docs}
    order = {d.id: i for i, d in enumerate(docs)}
    by_id = {d.id: d for d in docs}
    weights = {}
    for doc in docs:
        copy = doc.machine_translated
        for rel in doc.related:
            other = by_id.get(rel.document)
            if rel.document not in ids or rel.kind not in COPY_KINDS or other is None:
                continue
            if other.machine_translated and not doc.machine_translated:
                continue
            if doc.machine_translated and not other.machine_translated:
                copy = True
            elif (doc.published or "9999", order[doc.id]) > (other.published or "9999", order[other.id]):
                copy = True
        weights[doc.id] = 0.5 if copy else 1.0
    return weights


def _build_pool(docs: list[Document], embed: Embedder) -> _Pool | None:
    sentences, doc_of, blocks = [], [], []
    for i, doc in enumerate(docs):
        start = len(sentences)
        for s in document_sentences(doc)[:MAX_SENTENCES_PER_DOC]:
            if boilerplate_reason(s.text) is None:
                sentences.append(s)
                doc_of.append(i)
        blocks.append((start, len(sentences)))
    if not sentences:
        return None
    vectors = normalise(np.asarray(embed([s.text for s in sentences]), dtype=np.float32))
    weights = source_weights(docs)
    return _Pool(docs=docs, sentences=sentences, vectors=vectors, doc_of=np.array(doc_of),
                 weights=np.array([weights[d.id] for d in docs]), blocks=blocks)


def _score(pool: _Pool):
    """Relevance of the best candidates, and which documents support each one.

    Returns (scores (K,), support (K, D) bool, best_row (K, D) sentence index
    of the closest sentence in each document, candidate sentence indices (K,)).
    """
    dim = pool.vectors.shape[1]
    centroids = np.zeros((len(pool.docs), dim), dtype=np.float32)
    np.add.at(centroids, pool.doc_of, pool.vectors)
    centroid = normalise((normalise(centroids) * pool.weights[:, None]).sum(0, keepdims=True))[0]
    centrality = pool.vectors @ centroid
    lead = np.array([max(0.0, 1.0 - s.index / 10) for s in pool.sentences])
    preliminary = centrality + 0.1 * lead
    cands = np.argsort(-preliminary, kind="stable")[:MAX_CANDIDATES]
    sims = pool.vectors[cands] @ pool.vectors.T
    k, d = len(cands), len(pool.docs)
    best = np.full((k, d), -1.0, dtype=np.float32)
    best_row = np.full((k, d), -1, dtype=np.int64)
    for j, (a, b) in enumerate(pool.blocks):
        if b > a:
            best_row[:, j] = a + sims[:, a:b].argmax(axis=1)
            best[:, j] = sims[np.arange(k), best_row[:, j]]
    support = best >= SUPPORT
    support[np.arange(k), pool.doc_of[cands]] = False
    amounts = [quantities(s.text) for s in pool.sentences]
    for i, c in enumerate(cands):  # similar wording with different amounts is not support
        for j in np.flatnonzero(support[i]):
            other = amounts[best_row[i, j]]
            if amounts[c] and other and not amounts[c] & other:
                support[i, j] = False
    others = pool.weights.sum() - pool.weights[pool.doc_of[cands]]
    backing = (support * pool.weights[None, :]).sum(1) / np.where(others > 0, others, 1.0)
    penalty = np.array([_penalty(pool, c) for c in cands])
    scores = centrality[cands] + 0.3 * backing + 0.1 * lead[cands] - penalty
    return scores, support, best_row, cands


def _penalty(pool: _Pool, row: int) -> float:
    s = pool.sentences[row]
    doc = pool.docs[pool.doc_of[row]]
    words = len(s.text.split())
    return (0.05 * doc.machine_translated
            + 0.05 * (pool.weights[pool.doc_of[row]] < 1.0)
            + 0.08 * starts_with_pronoun(s.text)  # "He said ..." reads badly out of context
            + 0.05 * (words > 45))


def _mmr(scores, sims, cands, allowed, wanted: int, chosen: list[int] | None = None) -> list[int]:
    """Maximal marginal relevance over candidate positions; returns positions into ``cands``."""
    chosen = list(chosen or [])
    redundancy = np.zeros(len(cands), dtype=np.float32)
    for k in chosen:
        redundancy = np.maximum(redundancy, sims[:, cands[k]])
    while len(chosen) < wanted:
        value = MMR_LAMBDA * scores - (1 - MMR_LAMBDA) * redundancy
        value[~allowed.astype(bool)] = -np.inf
        value[redundancy >= DUPLICATE] = -np.inf  # a sentence and its translation count once
        value[chosen] = -np.inf
        k = int(np.argmax(value))
        if not np.isfinite(value[k]):
            break
        chosen.append(k)
        redundancy = np.maximum(redundancy, sims[:, cands[k]])
    return chosen


def _reading_order(pool: _Pool, cands, chosen: list[int], scores) -> list[int]:
    """Lead first: by relative position in the article, then by score."""
    def key(k):
        s = pool.sentences[cands[k]]
        a, b = pool.blocks[pool.doc_of[cands[k]]]
        return (s.index / max(1, pool.sentences[b - 1].index + 1), -scores[k])
    return sorted(chosen, key=key)


def _summary_sentence(pool: _Pool, k: int, cands, support, best_row, language: str) -> SummarySentence:
    row = int(cands[k])
    own = int(pool.doc_of[row])
    cited = {own} | {int(j) for j in np.flatnonzero(support[k])}
    text = pool.sentences[row].text
    # Prefer the original-language wording over a machine translation of it.
    if pool.docs[own].machine_translated:
        for j in sorted(cited - {own}):
            other = pool.sentences[int(best_row[k, j])]
            similar = float(pool.vectors[row] @ pool.vectors[int(best_row[k, j])])
            if (similar >= DUPLICATE and other.language == language and not pool.docs[j].machine_translated
                    and boilerplate_reason(other.text) is None):
                text = other.text
                break
    return SummarySentence(text=text, documents=[pool.docs[j].id for j in sorted(cited)])
