"""Streaming story clustering: every new document joins a story or starts one.

A document is scored against the stories of its nearest indexed documents
(approximate nearest neighbours over document vectors, usearch) by

    score = weighted mean of (vector similarity, entity overlap, keyword overlap,
                              tf-idf word cosine)
            + w_numbers * overlap of specific numbers
            + w_year * share of the story about the same year (when the document or the story is undated)

where the vector similarity mixes the best single document and the story
centroid, and the entity overlap is the idf-weighted share of the document's
linked entities that the story already mentions (and the same for content
words, which only match within one language). Embeddings alone group by
topic ("a visit to Pyongyang" ~ "a visit to Beijing"); the entities and the
time window (``story_window_days``) tell events apart. Documents that are
copies or translations of an indexed document (``doc.related``) join its story
directly. ``consolidate()`` then re-clusters the stories that changed, with
their most similar stories, by average link over document-to-document scores
(``regroup.regroup_stories``: what undoes the order effects of a single pass),
and re-assigns documents whose final stories fit them better
(``consolidate.refine_stories``). The same input order always gives the same
stories.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

import numpy as np

from newsfuse.model import Document
from newsfuse.stories.features import document_date, entity_keys, event_year, numbers, term_counts
from newsfuse.stories.params import StoryParams

_MUST_LINK = {"duplicate", "syndicated", "translation"}
_TOP_ENTITIES = 20  # a document's most-mentioned entities are the ones that say what it is about
_TOP_KEYWORDS = 60
_TOP_NUMBERS = 20
_TOP = {"e": _TOP_ENTITIES, "k": _TOP_KEYWORDS, "n": _TOP_NUMBERS}  # keys per group that say what a document is about
_TERMS = 150  # words per document kept for the lexical (tf-idf) similarity


@dataclass(frozen=True)
class StoryRecord:
    """What the store keeps per document so an index can be rebuilt without re-embedding."""

    doc_id: str
    vector: np.ndarray
    entities: tuple[str, ...]
    date: str | None
    story_id: str
    keywords: tuple[str, ...] = ()
    counts: tuple[int, ...] = ()  # how often each keyword occurs (empty: once each)
    year: int | None = None
    numbers: tuple[str, ...] = ()
    linked_to: str | None = None  # the document this one is a copy/translation of (placed in its story)
    shares_with: tuple[str, ...] = ()  # earlier documents it shares text with (any relation)


@dataclass
class _Story:
    id: str
    order: int
    docs: list[int] = field(default_factory=list)
    vec_sum: np.ndarray | None = None
    entities: dict[str, int] = field(default_factory=dict)
    keywords: dict[str, int] = field(default_factory=dict)
    terms: dict[str, float] = field(default_factory=dict)  # sum of members' unit tf vectors (no idf)
    years: dict[int, int] = field(default_factory=dict)  # members' event years
    numbers: dict[str, int] = field(default_factory=dict)
    first: date | None = None
    last: date | None = None
    _top: dict = field(default_factory=dict)  # (group, size) -> the story's most frequent keys
    _norm: tuple[int, float] = (-1, 0.0)  # (size, idf-weighted norm of terms)
    _weights: dict = field(default_factory=dict)  # group -> ((size, collection size), key weights, their norm)

    def top(self, group: str, limit: int) -> tuple[str, ...]:
        counts = self.group(group)
        key = (group, len(self.docs))
        if key not in self._top:
            self._top = {k: v for k, v in self._top.items() if k[0] != group}
            self._top[key] = tuple(sorted(counts, key=lambda e: (-counts[e], e))[:limit])
        return self._top[key]

    def group(self, group: str) -> dict[str, int]:
        return self.entities if group == "e" else self.keywords if group == "k" else self.numbers

    def centroid(self) -> np.ndarray:
        n = np.linalg.norm(self.vec_sum)
        return self.vec_sum / n if n else self.vec_sum


def story_id_for(doc_id: str) -> str:
    """A stable story id derived from the document that started the story."""
    return "s-" + hashlib.blake2b(doc_id.encode(), digest_size=6).hexdigest()


class StoryIndex:
    """An incrementally built set of stories over document vectors.

    >>> index = StoryIndex(StoryParams())
    >>> sid = index.add(doc)  # doctest: +SKIP
    """

    def __init__(self, params: StoryParams | None = None, dim: int = 512):
        self.params = params or StoryParams()
        self.dim = dim
        self._ids: list[str] = []
        self._key: dict[str, int] = {}
        self._vectors = np.zeros((1024, dim), dtype=np.float32)
        self._entities: list[tuple[str, ...]] = []
        self._keywords: list[tuple[str, ...]] = []
        self._counts: list[tuple[int, ...]] = []
        self._years: list[int | None] = []
        self._numbers: list[tuple[str, ...]] = []
        self._dates: list[date | None] = []
        self._story_of: list[str] = []
        self.stories: dict[str, _Story] = {}
        self._df: dict[str, int] = {}  # document frequency of entity keys and keywords
        self._idf_cache: tuple[int, dict[str, float]] = (-1, {})  # (collection size, idf by key)
        self._made = 0
        self._pinned: set[int] = set()  # documents placed by a copy/translation link
        self._links: dict[int, int] = {}  # pinned document -> the indexed document it is a copy/translation of
        self._shared: dict[int, set[int]] = {}  # document -> earlier indexed documents it shares text with (any relation)
        self._dirty: set[str] = set()  # stories that gained documents since the last consolidate()
        self.last_changed: set[str] = set()  # stories whose members consolidate() changed, last time
        self._ann = None  # usearch index, built once the collection is large
        self._added = 0

    # --- public API --------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._key

    def story_of(self, doc_id: str) -> str:
        return self._story_of[self._key[doc_id]]

    def add(self, doc: Document, vector: np.ndarray | None = None) -> str:
        """Assign ``doc`` to a story (existing or new) and index it; returns the story id."""
        if doc.id in self._key:
            return self.story_of(doc.id)
        if vector is None:
            from newsfuse.embeddings import embed_document

            vector = embed_document(doc, self.params.embedder)
        f = document_features(doc, vector)
        link = self._link_target(doc)
        sid = self._story_of[link] if link is not None else self._best_story(f)
        self._insert(doc.id, f, sid)
        k = len(self._ids) - 1
        if link is not None:
            self._pinned.add(k)
            self._links[k] = link
        shared = {self._key[r.document] for r in doc.related if r.document in self._key and r.document != doc.id}
        if shared:
            self._shared[k] = shared
        self._added += 1
        if self.params.consolidate_every and self._added % self.params.consolidate_every == 0:
            self.consolidate()
        return self.story_of(doc.id)

    def add_record(self, record: StoryRecord) -> str:
        """Assign a document known only by its stored features (its ``story_id`` is ignored)."""
        f = _from_record(record)
        sid = self._best_story(f)
        self._insert(record.doc_id, f, sid)
        return self.story_of(record.doc_id)

    def nearest(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The ``k`` indexed documents most similar to ``vector`` (id, cosine), most similar first."""
        return [(self._ids[i], sim) for i, sim in self._search(np.asarray(vector, dtype=np.float32), k)]

    def record(self, doc_id: str) -> StoryRecord:
        """The stored form of one indexed document (see :meth:`restore`)."""
        k = self._key[doc_id]
        day = self._dates[k]
        link = self._links.get(k)
        return StoryRecord(doc_id, self._vectors[k].copy(), self._entities[k],
                           day.isoformat() if day else None, self._story_of[k], self._keywords[k],
                           self._counts[k], self._years[k], self._numbers[k],
                           self._ids[link] if link is not None else None,
                           tuple(sorted(self._ids[o] for o in self._shared.get(k, ()))))

    @classmethod
    def restore(cls, records: Iterable[StoryRecord], params: StoryParams | None = None) -> "StoryIndex":
        """Rebuild an index from stored records, keeping their story assignments."""
        index = None
        relations: list[tuple[str, str | None, tuple[str, ...]]] = []
        for r in records:
            if index is None:
                index = cls(params, dim=len(r.vector))
            f = _from_record(r)
            index._insert(r.doc_id, f, r.story_id)
            if r.linked_to or r.shares_with:
                relations.append((r.doc_id, r.linked_to, r.shares_with))
        if index is None:
            return cls(params)
        for doc_id, linked_to, shares_with in relations:  # after the loop: a record may precede its original
            k = index._key[doc_id]
            if linked_to in index._key:
                index._links[k] = index._key[linked_to]
                index._pinned.add(k)
            shared = {index._key[o] for o in shares_with if o in index._key}
            if shared:
                index._shared[k] = shared
        index._dirty.clear()  # restored stories were consolidated when they were saved
        return index

    def consolidate(self) -> dict[str, str]:
        """Merge stories that turned out to be one event; returns {merged id: kept id}.

        Single-pass assignment depends on arrival order: two stories may grow
        from the same event before a bridging document arrives. Stories are
        visited oldest first and merged into the oldest story they match.
        """
        from newsfuse.stories.consolidate import merge_stories, refine_stories
        from newsfuse.stories.regroup import regroup_stories

        before = {sid: len(s.docs) for sid, s in self.stories.items()}
        merged = merge_stories(self, self._dirty)
        changed = set(merged) | set(merged.values())
        dirty = {self._resolve(s, merged) for s in self._dirty}
        if self.params.regroup:
            changed |= regroup_stories(self, dirty)
        if self.params.refine_rounds:
            changed |= refine_stories(self, self.params.refine_rounds, self.params.refine_margin, dirty | changed)
        self._dirty.clear()
        self.last_changed = changed | {sid for sid, n in before.items() if sid not in self.stories}
        return merged

    @staticmethod
    def _resolve(sid: str, merged: dict[str, str]) -> str:
        while sid in merged:
            sid = merged[sid]
        return sid

    def clusters(self) -> list[list[str]]:
        """Document ids per story, stories in creation order."""
        return [[self._ids[k] for k in s.docs] for s in sorted(self.stories.values(), key=lambda s: s.order)]

    # --- scoring -----------------------------------------------------------

    def _link_target(self, doc: Document) -> int | None:
        """The indexed document ``doc`` is a copy/translation of (its best-scored link), if any."""
        best = None
        for r in doc.related:
            if r.kind in _MUST_LINK and r.document in self._key and (best is None or r.score > best.score):
                best = r
        return self._key[best.document] if best else None

    def _features(self, k: int) -> "_Doc":
        """The scoring features of indexed document ``k``."""
        return _Doc(self._vectors[k], self._entities[k], self._keywords[k], self._dates[k],
                    self._counts[k], self._years[k], self._numbers[k])

    def _idf(self, e: str) -> float:
        n = len(self._ids)
        if self._idf_cache[0] != n:  # document frequencies only change when a document is inserted
            self._idf_cache = (n, {})
        cache = self._idf_cache[1]
        v = cache.get(e)
        if v is None:
            v = cache[e] = math.log((n + 1) / (self._df.get(e, 0) + 1)) + 1.0
        return v

    def overlap(self, keys: tuple[str, ...], story: _Story, group: str) -> float:
        """Idf-weighted cosine between a document's keys and a story's key profile.

        ``group`` is "e" (entities), "k" (keywords) or "n" (numbers). A story key weighs its
        idf times the share of the story's documents that have it, so a name
        that one document of a large story mentions in passing counts little.
        """
        limit = _TOP[group]
        counts = story.group(group)
        top = keys[:limit]
        if not top or not counts:
            return 0.0
        n = len(story.docs)
        version = (n, len(self._ids))  # the profile changes with the story, idf with the collection
        cached = story._weights.get(group)
        if cached is None or cached[0] != version:
            sw = {e: self._idf(e) * counts[e] / n for e in story.top(group, 2 * limit)}
            cached = story._weights[group] = (version, sw, math.sqrt(sum(w * w for w in sw.values())))
        _, sw, snorm = cached
        dw = [self._idf(e) for e in top]
        dot = sum(w * sw[e] for e, w in zip(top, dw) if e in sw)
        if not dot:
            return 0.0
        return dot / (math.sqrt(sum(w * w for w in dw)) * snorm)

    def lexical(self, terms: dict[str, float], story: _Story) -> float:
        """Tf-idf cosine between unit tf ``terms`` (a document, or a story's ``terms``) and a story.

        This is what a TF-IDF clusterer sees, with the corpus idf kept up to
        date as documents arrive: rare words shared (a place, a ship's name,
        a death toll) weigh far more than the topic's common vocabulary.
        """
        if not terms or not story.terms:
            return 0.0
        idf = self._idf
        dot = sq = 0.0
        for w, x in terms.items():
            i = idf(w)
            x *= i
            sq += x * x
            y = story.terms.get(w)
            if y:
                dot += x * y * i
        if not dot:
            return 0.0
        n = len(story.docs)
        if story._norm[0] != n:  # refreshed when the story grows; idf drifts slowly
            story._norm = (n, math.sqrt(sum((y * idf(w)) ** 2 for w, y in story.terms.items())))
        return dot / (math.sqrt(sq) * story._norm[1])

    def year_agreement(self, year: int | None, story: _Story, dated: bool = False) -> float:
        """The share of the story's documents about the document's year (0 when unknown).

        Agreement is strong evidence, disagreement weak: follow-ups recall
        earlier years, and a bare year in a text may be a side remark. It only
        counts where the document or the story has no date: between dated
        documents the time window decides, and in a live stream nearly
        everything is of one year (a bonus for all is a lower threshold).
        ``dated``: whether the document (or story) being scored has a date.
        """
        if year is None or not story.years or (dated and story.first is not None):
            return 0.0
        return story.years.get(year, 0) / sum(story.years.values())

    def score(self, f: "_Doc", story: _Story, best_doc_sim: float) -> float | None:
        """The combined score of a document against a story (None: not allowed to join)."""
        p = self.params
        if f.day and story.first and not _within(f.day, story.first, story.last, p.window_days):
            return None
        vsim = 0.5 * best_doc_sim + 0.5 * float(f.vector @ story.centroid())
        if vsim < p.vector_floor:
            return None
        return (p.combine(vsim, self.overlap(f.entities, story, "e"), self.overlap(f.keywords, story, "k"),
                          self.lexical(f.terms, story))
                + p.w_year * self.year_agreement(f.year, story, dated=f.day is not None)
                + (p.w_numbers * self.overlap(f.numbers, story, "n") if p.w_numbers else 0.0))

    def _best_story(self, f: "_Doc") -> str | None:
        best_doc: dict[str, float] = {}
        for k, sim in self._search(f.vector, self.params.neighbours):
            sid = self._story_of[k]
            best_doc[sid] = max(best_doc.get(sid, -1.0), sim)
        best, best_score = None, self.params.threshold
        for sid in sorted(best_doc, key=lambda s: self.stories[s].order):
            s = self.score(f, self.stories[sid], best_doc[sid])
            if s is not None and s >= best_score + (1e-9 if best else 0.0):
                best, best_score = sid, s
        return best

    # --- storage -----------------------------------------------------------

    def _search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        n = len(self._ids)
        if not n:
            return []
        if self._ann is None:
            if n < self.params.exact_below:
                sims = self._vectors[:n] @ vector
                top = np.argpartition(-sims, k - 1)[:k] if n > k else np.arange(n)
                top = sorted(top, key=lambda i: (-sims[i], i))  # ties by arrival: deterministic
                return [(int(i), float(sims[i])) for i in top]
            self._build_ann()
        m = self._ann.search(vector, k, threads=1)
        return [(int(key), float(1.0 - d)) for key, d in zip(m.keys, m.distances)]

    def _build_ann(self) -> None:
        from usearch.index import Index

        n = len(self._ids)
        self._ann = Index(ndim=self.dim, metric="cos", dtype="f16", connectivity=16,
                          expansion_add=64, expansion_search=64)
        self._ann.add(np.arange(n, dtype=np.uint64), self._vectors[:n], threads=1)

    def _insert(self, doc_id: str, f: "_Doc", sid: str | None) -> None:
        k = len(self._ids)
        if k == len(self._vectors):
            self._vectors = np.concatenate([self._vectors, np.zeros_like(self._vectors)])
        self._vectors[k] = f.vector
        self._ids.append(doc_id)
        self._key[doc_id] = k
        self._entities.append(f.entities)
        self._keywords.append(f.keywords)
        self._counts.append(f.counts)
        self._years.append(f.year)
        self._numbers.append(f.numbers)
        self._dates.append(f.day)
        for e in set(f.entities) | set(f.keywords) | set(f.numbers):
            self._df[e] = self._df.get(e, 0) + 1
        self._attach(k, f, sid or story_id_for(doc_id))
        if self._ann is not None:
            self._ann.add(k, f.vector, threads=1)

    def _attach(self, k: int, f: "_Doc", sid: str) -> None:
        """Add indexed document ``k`` to story ``sid`` (created when new)."""
        story = self.stories.get(sid)
        if story is None:
            story = self.stories[sid] = _Story(sid, self._made, vec_sum=np.zeros(self.dim, np.float32))
            self._made += 1  # creation order (stories may be dropped, so not len(self.stories))
        self._dirty.add(sid)
        if k == len(self._story_of):
            self._story_of.append(sid)
        else:
            self._story_of[k] = sid
        story.docs.append(k)
        story.vec_sum = story.vec_sum + f.vector
        for e in f.entities:
            story.entities[e] = story.entities.get(e, 0) + 1
        for e in f.keywords:
            story.keywords[e] = story.keywords.get(e, 0) + 1
        for w, x in f.terms.items():
            story.terms[w] = story.terms.get(w, 0.0) + x
        for e in f.numbers:
            story.numbers[e] = story.numbers.get(e, 0) + 1
        if f.year is not None:
            story.years[f.year] = story.years.get(f.year, 0) + 1
        if f.day:
            story.first = min(story.first or f.day, f.day)
            story.last = max(story.last or f.day, f.day)

    def _remove(self, k: int, f: "_Doc") -> None:
        """Take indexed document ``k`` out of its story (a story left empty is dropped)."""
        story = self.stories[self._story_of[k]]
        story.docs.remove(k)
        if not story.docs:
            del self.stories[story.id]
            return
        story.vec_sum = story.vec_sum - f.vector
        for counts, keys in ((story.entities, f.entities), (story.keywords, f.keywords),
                             (story.numbers, f.numbers), (story.years, (f.year,) if f.year is not None else ())):
            for e in keys:
                counts[e] -= 1
                if counts[e] <= 0:
                    del counts[e]
        for w, x in f.terms.items():
            story.terms[w] -= x
            if story.terms[w] <= 1e-9:
                del story.terms[w]
        days = [self._dates[j] for j in story.docs if self._dates[j]]
        story.first, story.last = (min(days), max(days)) if days else (None, None)
        story._top, story._norm, story._weights = {}, (-1, 0.0), {}


@dataclass(frozen=True)
class _Doc:
    vector: np.ndarray
    entities: tuple[str, ...]
    keywords: tuple[str, ...]
    day: date | None
    counts: tuple[int, ...] = ()
    year: int | None = None
    numbers: tuple[str, ...] = ()

    @property
    def terms(self) -> dict[str, float]:
        """Sublinear tf of the keywords, unit length (idf is applied when scoring)."""
        if not hasattr(self, "_terms"):
            counts = self.counts or (1,) * len(self.keywords)
            tf = {w: 1.0 + math.log(c) for w, c in zip(self.keywords, counts)}
            n = math.sqrt(sum(x * x for x in tf.values())) or 1.0
            object.__setattr__(self, "_terms", {w: x / n for w, x in tf.items()})
        return self._terms


def document_features(doc: Document, vector: np.ndarray) -> _Doc:
    """What the clusterer scores of ``doc``: its vector, entity keys, words, date, year and numbers."""
    terms = term_counts(doc, _TERMS)
    return _Doc(np.asarray(vector, dtype=np.float32), tuple(entity_keys(doc)), tuple(k for k, _ in terms),
                document_date(doc), tuple(c for _, c in terms), event_year(doc), tuple(numbers(doc)))


def _from_record(r: StoryRecord) -> _Doc:
    return _Doc(np.asarray(r.vector, dtype=np.float32), tuple(r.entities), tuple(r.keywords), _parse_day(r.date),
                tuple(r.counts), r.year, tuple(r.numbers))


def _parse_day(text: str | None) -> date | None:
    return document_date(Document(id="-", published=text)) if text else None


def _within(day: date, first: date, last: date | None, window: int) -> bool:
    last = last or first
    gap = (first - day).days if day < first else (day - last).days if day > last else 0
    return gap <= window
