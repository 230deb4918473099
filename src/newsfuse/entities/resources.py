"""Small data files shipped in ``newsfuse/data/entities`` (read once)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated file; ``#`` lines and blank lines are skipped."""
    text = resources.files("newsfuse.data").joinpath("entities", name).read_text(encoding="utf-8")
    return tuple(tuple(c.strip() for c in line.split("\t")) for line in text.splitlines()
                 if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)
def words(name: str, lang: str | None = None) -> frozenset[str]:
    """The second column of ``lang``-tagged rows (all rows when lang is None)."""
    return frozenset(row[1] for row in read_table(name) if lang is None or row[0] == lang)
