"""Clustering and linking metrics used by the tests and bench/clustering.py."""
from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Hashable, Iterable


def bcubed(pred: dict[str, Hashable], gold: dict[str, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster label) over ``gold``'s items.

    An item missing from ``pred`` is its own singleton.

    >>> bcubed({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "x"})[0]
    1.0
    """
    items = list(gold)
    if not items:
        return 0.0, 0.0, 0.0
    plab = {d: pred.get(d, ("singleton", d)) for d in items}
    pair = Counter((plab[d], gold[d]) for d in items)
    psize, gsize = Counter(plab.values()), Counter(gold.values())
    p = sum(pair[(plab[d], gold[d])] / psize[plab[d]] for d in items) / len(items)
    r = sum(pair[(plab[d], gold[d])] / gsize[gold[d]] for d in items) / len(items)
    return p, r, (0.0 if p + r == 0 else 2 * p * r / (p + r))


def gold_pairs(gold: dict[str, Hashable]) -> set[tuple[str, str]]:
    """Every unordered pair of items that share a gold label."""
    groups: dict[Hashable, list[str]] = {}
    for d, g in gold.items():
        groups.setdefault(g, []).append(d)
    return {tuple(sorted(p)) for m in groups.values() for p in combinations(sorted(m), 2)}


def pair_recall(pred: dict[str, Hashable], pairs: Iterable[tuple[str, str]]) -> float:
    """Share of ``pairs`` whose two items were put in the same cluster."""
    pairs = list(pairs)
    if not pairs:
        return 1.0
    return sum(a in pred and b in pred and pred[a] == pred[b] for a, b in pairs) / len(pairs)


def link_scores(predicted: Iterable[tuple[str, str]], gold: Iterable[tuple[str, str]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of predicted links (unordered pairs) against gold links."""
    pred = {tuple(sorted(p)) for p in predicted}
    gold = {tuple(sorted(p)) for p in gold}
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    return p, r, (0.0 if p + r == 0 else 2 * p * r / (p + r))
