"""Periodic clean-up of a StoryIndex: merge stories that are one event."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

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
    return p.combine(vsim, index.overlap(small.top("e", 20), big, "e"), index.overlap(small.top("k", 60), big, "k"))


def merge_stories(index: "StoryIndex") -> dict[str, str]:
    stories = sorted(index.stories.values(), key=lambda s: s.order)
    if len(stories) < 2:
        return {}
    cents = np.stack([s.centroid() for s in stories]).astype(np.float32)
    parent = list(range(len(stories)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for start in range(0, len(stories), 1024):
        sims = cents[start:start + 1024] @ cents.T
        for r, row in enumerate(sims):
            i = start + r
            k = min(_CANDIDATES + 1, len(stories))
            for j in sorted(int(j) for j in np.argpartition(-row, k - 1)[:k]):
                if j <= i or find(i) == find(j):
                    continue
                s = story_pair_score(index, stories[i], stories[j])
                if s is not None and s >= index.params.threshold + index.params.merge_margin:
                    a, b = find(i), find(j)
                    parent[max(a, b)] = min(a, b)  # the older story survives
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
    for e, n in old.entities.items():
        keep.entities[e] = keep.entities.get(e, 0) + n
    days = [d for d in (keep.first, keep.last, old.first, old.last) if d]
    if days:
        keep.first, keep.last = min(days), max(days)
