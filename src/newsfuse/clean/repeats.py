"""Repeated fragments inside one document: a lead repeated as a truncated
"…" teaser, a paragraph printed twice, a pull quote."""
from __future__ import annotations

from collections import Counter, defaultdict

import regex

from newsfuse.clean.blocks import Block, normalise

_ELLIPSIS = regex.compile(r"(?:\.\.\.|…|\[\.\.\.\]|\[…\])\s*$")


def _shingles(tokens: list[str], k: int = 3) -> set[tuple[str, ...]]:
    if len(tokens) < k:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i:i + k]) for i in range(len(tokens) - k + 1)}


def mark_repeats(blocks: list[Block], min_words: int = 6, containment: float = 0.8,
                 copy_words: int = 15, max_copies: int = 3) -> None:
    """Drop a block whose text is (nearly) contained in another kept block.

    A truncated teaser ("... wollen ihre „strategische Kooperation“...") is a
    prefix of the full paragraph: it goes whatever its length. A copy (most
    of its 3-word shingles inside a longer or earlier block) goes when it is
    long enough to be a paragraph, unless the document repeats many blocks:
    then the repetition is structure (a Q&A form, recipe cards), not noise.
    """
    kept = [b for b in blocks if not b.removed and b.kind != "title"]
    keys = Counter(b.key for b in kept)
    structured = sum(c - 1 for c in keys.values()) > max_copies
    toks = {b.index: b.key.split() for b in kept}  # the key is already lower-cased and trimmed
    shingles = {i: _shingles(t) for i, t in toks.items() if len(t) >= min_words}
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, sh in shingles.items():
        for s in sh:
            index[s].append(i)
    by_index = {b.index: b for b in kept}
    for b in kept:
        t = toks[b.index]
        if len(t) < min_words:
            continue
        if _ELLIPSIS.search(b.text):
            core = normalise(_ELLIPSIS.sub("", b.text))
            core = core[: max(20, len(core) - 3)]
            if any(o is not b and not o.removed and len(toks[o.index]) > len(t) and o.key.startswith(core)
                   for o in kept):
                b.drop("repeat")
                continue
        if structured or len(t) < copy_words:
            continue
        sb = shingles.get(b.index, set())
        overlap: Counter[int] = Counter()
        for s in sb:
            for j in index[s]:
                if j != b.index:
                    overlap[j] += 1
        for j, c in overlap.most_common(3):
            other = by_index[j]
            if other.removed or c < containment * len(sb):
                continue
            if len(toks[j]) > len(t) or (len(toks[j]) == len(t) and j < b.index):
                b.drop("repeat")
                break
