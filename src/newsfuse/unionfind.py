"""Disjoint sets, shared by entity linking, source groups, story merging and conflict grouping."""
from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class UnionFind(Generic[K]):
    """Union-find with path halving. A union keeps the smaller root, so the result is
    deterministic: the smallest id, or the oldest index, represents its set.

    >>> u = UnionFind([3, 1, 2]); u.union(3, 2); u.find(3)
    2
    """

    def __init__(self, items: Iterable[K] = ()):
        self.parent: dict[K, K] = {x: x for x in items}

    def find(self, x: K) -> K:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: K, b: K) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
