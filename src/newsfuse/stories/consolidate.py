"""Periodic clean-up of a StoryIndex: merge stories that are one event."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from newsfuse.stories.cluster import _TOP
from newsfuse.unionfind import UnionFind

if TYPE_CHECKING:
    from newsfuse.stories.cluster import StoryIndex, _Story

_CANDIDATES = 10  # nearest stories (by centroid) considered for each story


def story_pair_score(index: "StoryIndex", a: "_Story", b: "_Story") -> float | None:
    """Score of merging ``b`` into ``a``: the smaller story scored as one document against the larger."""
    small, big = (a, b) if len(a.docs) <= len(b.docs) else (b, a)
    p = index.params
    if small.first and big.first:
        lo, hi = max(small.first, big.first), min(small.last, big.last)
        if (lo - hi).days > p.window_days:
            return None
    vsim = float(small.centroid() @ big.centroid())
    if vsim < p.vector_floor:
        return None
    lex = index.lexical(_unit(small.terms), big) if p.w_lexical else 0.0
    year = max(small.years, key=lambda y: (small.years[y], y)) if small.years else None
    return (p.combine(vsim, index.overlap(small.top("e", _TOP["e"]), big, "e"),
                      index.overlap(small.top("k", _TOP["k"]), big, "k"), lex)
            + p.w_year * index.year_agreement(year, big, dated=small.first is not None)
            + (p.w_numbers * index.overlap(small.top("n", _TOP["n"]), big, "n") if p.w_numbers else 0.0))


def _unit(terms: dict[str, float]) -> dict[str, float]:
    n = sum(x * x for x in terms.values()) ** 0.5 or 1.0
    return {w: x / n for w, x in terms.items()}


def merge_stories(index: "StoryIndex", changed: set[str] | None = None) -> dict[str, str]:
    """Merge stories scoring ``threshold + merge_margin`` as one; returns {merged id: kept id}.

    With ``changed``, only pairs with at least one of these stories are scored
    (the others were compared before and have not changed since).
    """
    stories = sorted(index.stories.values(), key=lambda s: s.order)
    if len(stories) < 2:
        return {}
    rows = [i for i, s in enumerate(stories) if changed is None or s.id in changed]
    cents = np.stack([s.centroid() for s in stories]).astype(np.float32)
    sets: UnionFind[int] = UnionFind(range(len(stories)))
    find = sets.find
    seen: set[tuple[int, int]] = set()
    for start in range(0, len(rows), 1024):
        block = rows[start:start + 1024]
        sims = cents[block] @ cents.T
        for i, row in zip(block, sims):
            k = min(_CANDIDATES + 1, len(stories))
            for j in sorted(int(j) for j in np.argpartition(-row, k - 1)[:k]):
                pair = (min(i, j), max(i, j))
                if i == j or pair in seen or find(i) == find(j):
                    continue
                seen.add(pair)
                s = story_pair_score(index, stories[pair[0]], stories[pair[1]])
                if s is not None and s >= index.params.threshold + index.params.merge_margin:
                    sets.union(i, j)  # the smaller root, the older story, survives
    merged = {}
    for i, s in enumerate(stories):
        root = find(i)
        if root != i:
            keep = stories[root]
            merged[s.id] = keep.id
    for old_id, keep_id in merged.items():
        _absorb(index, keep_id, old_id)
    return merged


def _absorb(index: "StoryIndex", keep_id: str, old_id: str) -> None:
    keep, old = index.stories[keep_id], index.stories.pop(old_id)
    for k in old.docs:
        index._story_of[k] = keep_id
    keep.docs = sorted(keep.docs + old.docs)
    keep.vec_sum = keep.vec_sum + old.vec_sum
    for mine, theirs in ((keep.entities, old.entities), (keep.keywords, old.keywords), (keep.terms, old.terms),
                         (keep.years, old.years), (keep.numbers, old.numbers)):
        for e, n in theirs.items():
            mine[e] = mine.get(e, 0) + n
    keep._top, keep._norm, keep._weights = {}, (-1, 0.0), {}
    days = [d for d in (keep.first, keep.last, old.first, old.last) if d]
    if days:
        keep.first, keep.last = min(days), max(days)


def refine_stories(index: "StoryIndex", rounds: int = 1, margin: float = 0.0,
                   stories: set[str] | None = None) -> set[str]:
    """Re-assign documents now that the stories are known; returns the ids of the stories that changed.

    A single pass decides with the stories as they were when a document
    arrived: an early document may have joined the wrong half of a topic, or
    started a story its event's later documents never reached. Each document
    (in index order) is taken out of its story and scored, as a new arrival
    would be, against its own story and the stories of its nearest
    neighbours; it moves when another story beats its own by ``margin``.
    Documents placed by a copy/translation link stay. Bounded: one neighbour
    search and at most ``params.neighbours`` story scores per document, and
    only the documents of ``stories`` when given.
    """
    moved: set[str] = set()
    if stories is None:
        keys = range(len(index._ids))
    else:  # only the documents of these stories (those that changed), so that a refresh stays bounded
        keys = sorted(k for sid in stories if sid in index.stories for k in index.stories[sid].docs)
    for _ in range(rounds):
        changed = 0
        for k in keys:
            if k in index._pinned:
                continue
            own = index._story_of[k]
            f = index._features(k)
            best_doc: dict[str, float] = {}
            for j, sim in index._search(f.vector, index.params.neighbours + 1):
                if j != k:
                    sid = index._story_of[j]
                    best_doc[sid] = max(best_doc.get(sid, -1.0), sim)
            if own not in best_doc and len(index.stories[own].docs) > 1:
                continue  # no neighbour in its own story: nothing to compare fairly
            # the other stories do not contain the document: score them first, and leave the
            # document where it is (no costly take-out) when none of them would take it at all
            rivals = []
            for sid in sorted(best_doc, key=lambda s: index.stories[s].order):
                if sid != own:
                    s = index.score(f, index.stories[sid], best_doc[sid])
                    if s is not None and s >= index.params.threshold:
                        rivals.append((sid, s))
            if not rivals:
                continue
            index._remove(k, f)
            own_score = None
            if own in index.stories:
                own_score = index.score(f, index.stories[own], best_doc.get(own, -1.0))
            best, best_score = own, (own_score if own_score is not None else -math.inf) + margin
            for sid, s in rivals:
                if s > best_score:
                    best, best_score = sid, s
            if best == own and own not in index.stories:
                best = None  # it was alone and still is: its story comes back under the same id
            index._attach(k, f, best or own)
            if best != own and best is not None:
                changed += 1
                moved |= {own, best}
        if not changed:
            break
    return moved
