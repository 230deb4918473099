"""Stories: which documents report one event, and which are copies of each other.

* :func:`relate_documents` — duplicates, syndicated copies, translations and
  shared passages (``doc.related``);
* :func:`cluster_documents` — documents fed in a deterministic order into a
  fresh :class:`StoryIndex`, then consolidated; returns the stories;
* :class:`StoryIndex` — the streaming clusterer itself (``add``, ``consolidate``,
  ``record``/``restore`` for the store).
"""
from __future__ import annotations

from newsfuse.model import Document, Story
from newsfuse.unionfind import UnionFind
from newsfuse.stories.cluster import StoryIndex, StoryRecord, story_id_for
from newsfuse.stories.neardup import relate_documents
from newsfuse.stories.params import StoryParams


def arrival_order(docs: list[Document]) -> list[Document]:
    """Dated documents by date, then undated ones; ties by id (deterministic)."""
    return sorted(docs, key=lambda d: (d.published is None, (d.published or "")[:10], d.id))


def cluster_documents(docs: list[Document], settings=None, index: StoryIndex | None = None) -> list[Story]:
    """Group ``docs`` into stories; sets ``doc.story`` and returns the stories.

    ``index`` lets new documents join the stories of a restored index (streaming);
    by default a fresh index is used.

    >>> stories = cluster_documents(docs, settings)  # doctest: +SKIP
    >>> stories[0].independent_sources  # doctest: +SKIP
    4
    """
    from newsfuse.embeddings import embed_documents

    params = StoryParams.from_settings(settings)
    index = StoryIndex(params) if index is None else index  # an empty index is falsy (__len__)
    ordered = arrival_order(docs)
    embs = embed_documents(ordered, params.embedder)
    for doc, emb in zip(ordered, embs):
        index.add(doc, emb.vector)
    index.consolidate()
    for doc in docs:
        doc.story = index.story_of(doc.id)
    return build_stories(docs, index)


def build_stories(docs: list[Document], index: StoryIndex) -> list[Story]:
    """Story objects for the stories that hold at least one of ``docs``."""
    by_id = {d.id: d for d in docs}
    out = []
    for members in index.clusters():
        mine = [by_id[m] for m in members if m in by_id]
        if not mine:
            continue
        dates = sorted(d.published for d in mine if d.published)
        first = min(mine, key=lambda d: (d.published is None, d.published or "", d.id))
        out.append(Story(
            id=index.story_of(mine[0].id),
            title=first.title or "",
            documents=[d.id for d in mine],
            languages=sorted({d.language for d in mine if d.language and d.language != "und"}),
            independent_sources=independent_sources(mine),
            first_published=dates[0] if dates else None,
            last_published=dates[-1] if dates else None,
        ))
    return out


def source_groups(docs: list[Document], same_outlet: bool = True) -> dict[str, str]:
    """Document id -> a representative id of its group of non-independent documents.

    Documents linked by any relation (duplicate, syndicated, translation,
    shared text) are one group; with ``same_outlet`` so are documents of the
    same outlet. The representative is the group's smallest id (deterministic).
    """
    groups: UnionFind[str] = UnionFind(d.id for d in docs)

    by_outlet: dict[str, str] = {}
    for d in docs:
        for r in d.related:
            if r.document in groups.parent:
                groups.union(d.id, r.document)
        if same_outlet and d.outlet:
            key = d.outlet.casefold()
            if key in by_outlet:
                groups.union(d.id, by_outlet[key])
            else:
                by_outlet[key] = d.id
    return {d.id: groups.find(d.id) for d in docs}


def independent_sources(docs: list[Document]) -> int:
    """How many independent sources ``docs`` represent (see :func:`source_groups`)."""
    return len(set(source_groups(docs).values()))


__all__ = ["StoryIndex", "StoryRecord", "StoryParams", "cluster_documents", "relate_documents",
           "independent_sources", "source_groups", "arrival_order", "build_stories", "story_id_for"]
