"""Repeated fragments inside one document: a lead repeated as a truncated
"…" teaser, a paragraph printed twice, a pull quote."""
from __future__ import annotations

import regex

from newsfuse.clean.blocks import Block, normalise, words

_ELLIPSIS = regex.compile(r"(?:\.\.\.|…|\[\.\.\.\]|\[…\])\s*$")


def _shingles(tokens: list[str], k: int = 3) -> set[tuple[str, ...]]:
    if len(tokens) < k:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i:i + k]) for i in range(len(tokens) - k + 1)}


def mark_repeats(blocks: list[Block], min_words: int = 6, containment: float = 0.8) -> None:
    """Drop a block whose text is (nearly) contained in another kept block.

    A truncated teaser ("... wollen ihre „strategische Kooperation“...") is a
    prefix of the full paragraph; an exact or near copy is mostly made of the
    other's 3-word shingles. The shorter (or, if equal, the later) one goes.
    """
    kept = [b for b in blocks if not b.removed and b.kind != "title"]
    toks = {b.index: [w.casefold() for w in words(b.text)] for b in kept}
    shingles = {i: _shingles(t) for i, t in toks.items()}
    for b in kept:
        t = toks[b.index]
        if len(t) < min_words:
            continue
        truncated = bool(_ELLIPSIS.search(b.text))
        core = normalise(_ELLIPSIS.sub("", b.text))
        for other in kept:
            if other is b or other.removed or len(toks[other.index]) < len(t) \
                    or (len(toks[other.index]) == len(t) and other.index > b.index):
                continue
            if truncated and normalise(other.text).startswith(core[: max(20, len(core) - 3)]):
                b.drop("repeat")
                break
            sb = shingles[b.index]
            if sb and len(sb & shingles[other.index]) >= containment * len(sb):
                b.drop("repeat")
                break
