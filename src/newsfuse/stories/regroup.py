"""Consolidation by average link: re-cluster blocks of similar stories from their documents.

Single-pass assignment sees each document once, against the stories as they
were when it arrived: an early document about a look-alike event can pull the
next ones into the wrong story, and a story started late never absorbs the
documents that arrived before it. ``regroup_stories`` undoes both. It groups
the stories that need it (all, or those that changed since the last
consolidation) with their most similar stories into blocks of at most
``regroup_max_block`` documents, and re-clusters each block by average link
(UPGMA) over document-to-document scores: the same signals as assignment
(vectors, linked entities, content words, tf-idf words, numbers, year, the
time window), but between two documents instead of a document and a story
profile, and cut at the same ``threshold`` (consolidation must not split what
assignment would join, nor join what it would not); two documents that share text (``doc.related``: copies, translations,
shared passages) score 1. A document joins a group only when it is, on average, similar to
all of its members, which is what separates two events of one kind.

Why our own average link rather than ``scipy.cluster.hierarchy``: documents
placed by a copy/translation link must stay with their original, so the
clustering starts from weighted groups, and scipy's linkage starts from
singletons. A block holds at most a few hundred documents, so the plain
O(n^3) loop over a numpy matrix is fast (well under a second).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from newsfuse.stories.cluster import _TOP
from newsfuse.unionfind import UnionFind

if TYPE_CHECKING:
    from newsfuse.stories.cluster import StoryIndex

_STORY_NEIGHBOURS = 10  # most similar stories (by centroid) considered for a block


def regroup_stories(index: "StoryIndex", stories: set[str] | None = None) -> set[str]:
    """Re-cluster the blocks around ``stories`` (None: every story); returns the ids of stories that changed.

    A changed story gained or lost documents, was created or disappeared.
    Story ids are kept: each new group takes the id of the old story most of
    its documents came from (older stories first), so a regroup that changes
    nothing changes no id.
    """
    p = index.params
    if not p.regroup or len(index.stories) == 0:
        return set()
    changed: set[str] = set()
    for block in _blocks(index, stories):
        movable = None if stories is None else {k for k in block if index._story_of[k] in stories}
        changed |= _regroup_block(index, block, movable)
    return changed


def _blocks(index: "StoryIndex", seeds: set[str] | None) -> list[list[int]]:
    """Disjoint lists of document keys: each seed story with its most similar stories, size-capped.

    Stories are joined most similar first (by centroid, at least ``regroup_block_floor``);
    stories whose documents share text come first of all.
    """
    p = index.params
    order = sorted(index.stories.values(), key=lambda s: s.order)
    pos = {s.id: i for i, s in enumerate(order)}
    seed_pos = [pos[s] for s in (seeds if seeds is not None else pos) if s in pos]
    if not seed_pos:
        return []
    cents = np.stack([s.centroid() for s in order]).astype(np.float32)
    edges: list[tuple[float, int, int]] = []
    k = min(_STORY_NEIGHBOURS + 1, len(order))
    for start in range(0, len(seed_pos), 1024):
        rows = seed_pos[start:start + 1024]
        sims = cents[rows] @ cents.T
        for i, row in zip(rows, sims):
            for j in np.argpartition(-row, k - 1)[:k]:
                j = int(j)
                if j != i and row[j] >= p.regroup_block_floor:
                    edges.append((-float(row[j]), min(i, j), max(i, j)))
    seeded = set(seed_pos)
    for k, others in index._shared.items():  # stories sharing text always share a block
        for o in others:
            i, j = pos[index._story_of[k]], pos[index._story_of[o]]
            if i != j and (i in seeded or j in seeded):
                edges.append((-2.0, min(i, j), max(i, j)))
    sets: UnionFind[int] = UnionFind(range(len(order)))
    size = [len(s.docs) for s in order]
    for _, i, j in sorted(set(edges)):  # most similar first; ties by story order: deterministic
        a, b = sets.find(i), sets.find(j)
        if a != b and size[a] + size[b] <= p.regroup_max_block:
            sets.union(a, b)
            root = sets.find(a)
            size[root] = size[a] + size[b]
    members: dict[int, list[int]] = {}
    wanted = {sets.find(i) for i in seed_pos}
    for i, s in enumerate(order):
        root = sets.find(i)
        if root in wanted:
            members.setdefault(root, []).extend(s.docs)
    # a story larger than the cap on its own is left as it is (average link is cubic in the block size)
    return [sorted(ks) for _, ks in sorted(members.items()) if len(ks) <= p.regroup_max_block]


def _regroup_block(index: "StoryIndex", keys: list[int], movable: set[int] | None = None) -> set[str]:
    """Re-cluster one block; only documents in ``movable`` (None: all) may change story.

    Streaming refreshes pass the documents of the stories that changed: a
    neighbouring story that nothing touched keeps its documents, so one new
    article cannot reshuffle (and force the rebuild of) a whole block.
    """
    if len(keys) < 2 or movable == set():
        return set()
    units = _must_link_units(index, keys)
    sim = pair_scores(index, keys)
    groups = average_link(sim, units, index.params.threshold)
    return _apply(index, keys, groups, movable)


def _must_link_units(index: "StoryIndex", keys: list[int]) -> list[list[int]]:
    """Positions in ``keys`` that must stay together: a linked copy/translation with its original."""
    where = {k: i for i, k in enumerate(keys)}
    sets: UnionFind[int] = UnionFind(range(len(keys)))
    for k, target in index._links.items():
        if k in where and target in where:
            sets.union(where[k], where[target])
    units: dict[int, list[int]] = {}
    for i in range(len(keys)):
        units.setdefault(sets.find(i), []).append(i)
    return [u for _, u in sorted(units.items())]


def pair_scores(index: "StoryIndex", keys: list[int]) -> np.ndarray:
    """Document-to-document story scores for ``keys`` (the assignment score, with a document as the story)."""
    p = index.params
    vec = index._vectors[keys]
    vsim = vec @ vec.T
    ent = _idf_cosine(index, [index._entities[k][:_TOP["e"]] for k in keys])
    kw = _idf_cosine(index, [index._keywords[k][:_TOP["k"]] for k in keys])
    if p.w_lexical:  # the documents' sublinear tf (``_Doc.terms``), idf-weighted as in ``StoryIndex.lexical``
        terms = [index._features(k).terms for k in keys]
        lex = _idf_cosine(index, [tuple(t) for t in terms], [list(t.values()) for t in terms])
    else:
        lex = 0.0
    score = p.combine(vsim, ent, kw, lex)
    if p.w_numbers:
        score = score + p.w_numbers * _idf_cosine(index, [index._numbers[k][:_TOP["n"]] for k in keys])
    if p.w_year:  # only where a date is missing: between dated documents the window decides
        years = np.array([index._years[k] if index._years[k] is not None else -1 for k in keys])
        undated = np.array([index._dates[k] is None for k in keys])
        same = (years[:, None] == years[None, :]) & (years[:, None] >= 0)
        score = score + p.w_year * (same & (undated[:, None] | undated[None, :]))
    where = {k: i for i, k in enumerate(keys)}
    for k, others in index._shared.items():
        if k in where:
            for o in others:
                if o in where:  # shared passages (a quoted or translated paragraph): the strongest evidence there is
                    i, j = where[k], where[o]
                    score[i, j] = score[j, i] = max(score[i, j], 1.0)
    days = [index._dates[k] for k in keys]
    dated = [i for i, d in enumerate(days) if d]
    if dated:
        ordinal = np.array([days[i].toordinal() for i in dated])
        far = np.abs(ordinal[:, None] - ordinal[None, :]) > p.window_days
        sub = score[np.ix_(dated, dated)]
        sub[far] = 0.0  # never in one story; 0, not -inf, so that averages stay finite
        score[np.ix_(dated, dated)] = sub
    return np.asarray(score, dtype=np.float64)


def _idf_cosine(index: "StoryIndex", key_lists: list[tuple[str, ...]], weights: list[list[float]] | None = None) -> np.ndarray:
    """Cosine between the idf-weighted key vectors of every pair of lists."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, keys in enumerate(key_lists):
        ws = weights[r] if weights is not None else [1.0] * len(keys)
        for key, w in zip(keys, ws):
            rows.append(r)
            cols.append(vocab.setdefault(key, len(vocab)))
            vals.append(w * index._idf(key))
    n = len(key_lists)
    if not vals:
        return np.zeros((n, n))
    m = sp.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)))
    norm = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norm[norm == 0] = 1.0
    m = sp.diags(1.0 / norm) @ m
    return (m @ m.T).toarray()


def average_link(sim: np.ndarray, units: list[list[int]], threshold: float) -> list[list[int]]:
    """Average-link (UPGMA) clustering of ``units`` (groups of row indices of ``sim``), stopping below ``threshold``.

    A unit is a document with its copies and translations: it counts once,
    as one source, and its similarity to another unit is that of its most
    similar member (a German translation's words do not match the English
    articles, its original's do). Returns the groups of row indices, each
    sorted, in the order of their first row. The most similar pair of groups
    merges first; ties go to the lowest indices.
    """
    m = len(units)
    size = np.ones(m, dtype=np.float64)
    if all(len(u) == 1 for u in units):
        s = sim[np.ix_([u[0] for u in units], [u[0] for u in units])].astype(np.float64)
    else:
        rows = np.stack([sim[u].max(axis=0) for u in units])  # unit x document
        s = np.stack([rows[:, v].max(axis=1) for v in units], axis=1)  # unit x unit
        s = np.maximum(s, s.T)
    np.fill_diagonal(s, -np.inf)
    alive = np.ones(m, dtype=bool)
    groups = [list(u) for u in units]
    while alive.sum() > 1:
        flat = int(np.argmax(s))
        i, j = divmod(flat, m)
        if s[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        merged = (size[i] * s[i] + size[j] * s[j]) / (size[i] + size[j])
        s[i], s[:, i] = merged, merged
        s[i, i] = -np.inf
        s[j], s[:, j] = -np.inf, -np.inf
        size[i] += size[j]
        groups[i].extend(groups[j])
        groups[j] = []
        alive[j] = False
    out = [sorted(g) for g, a in zip(groups, alive) if a]
    return sorted(out, key=lambda g: g[0])


def _fresh_id(index: "StoryIndex", doc_id: str, block: dict[str, int], taken: set[str]) -> str:
    """The id a story started by ``doc_id`` gets, unless another group or a story outside the block has it.

    The document may be the one that started an old story of the block whose
    id a bigger group has just kept: the two groups must not share it.
    """
    from newsfuse.stories.cluster import story_id_for

    sid, n = story_id_for(doc_id), 1
    while sid in taken or (sid in index.stories and sid not in block):
        sid, n = story_id_for(f"{doc_id}#{n}"), n + 1
    return sid


def _apply(index: "StoryIndex", keys: list[int], groups: list[list[int]], movable: set[int] | None = None) -> set[str]:
    """Move the block's (movable) documents into ``groups``; returns the changed story ids."""
    old = {k: index._story_of[k] for k in keys}
    rank = {sid: index.stories[sid].order for sid in set(old.values())}
    taken: set[str] = set()
    target: dict[int, str] = {}
    # the biggest groups choose first, so that a large story keeps its id when a few documents leave it
    for g in sorted(groups, key=lambda g: (-len(g), g[0])):
        votes: dict[str, int] = {}
        for i in g:
            votes[old[keys[i]]] = votes.get(old[keys[i]], 0) + 1
        choices = sorted((sid for sid in votes if sid not in taken), key=lambda sid: (-votes[sid], rank[sid]))
        sid = choices[0] if choices else _fresh_id(index, index._ids[keys[g[0]]], rank, taken)
        taken.add(sid)
        for i in g:
            target[keys[i]] = sid
    moving = [k for k in keys if target[k] != old[k] and (movable is None or k in movable)]
    if not moving:
        return set()
    feats = {k: index._features(k) for k in moving}
    for k in moving:
        index._remove(k, feats[k])
    for k in moving:
        index._attach(k, feats[k], target[k])
    return {old[k] for k in moving} | {target[k] for k in moving}
