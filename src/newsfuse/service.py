"""Ingest into a store and keep its stories up to date (used by the CLI, API and watcher).

Each article is analysed and written in its own transaction, so an
interrupted run loses nothing that was acknowledged and a re-run skips what
is already stored (same id+content, canonical URL or content hash).
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsfuse.config import Settings
from newsfuse.model import Document, IngestError
from newsfuse.pipeline import Progress, _noop, build_stories, process_document
from newsfuse.store import Store
from newsfuse.store.keys import canonical_url, content_hash

TEMPLATES_KEY = "clean.templates"


@dataclass
class IngestReport:
    """What one ingest run did, for the summary line and ``--json``."""

    ingested: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, duplicate of)
    failed: list[IngestError] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"ingested": len(self.ingested), "skipped": len(self.skipped), "failed": len(self.failed),
                "errors": [e.model_dump() for e in self.failed]}


def known_templates(store: Store) -> frozenset[str]:
    raw = store.get_state(TEMPLATES_KEY)
    return frozenset(raw.split("\n")) if raw else frozenset()


def remember_templates(store: Store, docs: list[Document]) -> frozenset[str]:
    """Learn boilerplate lines from this batch and merge them with the stored ones."""
    from newsfuse.clean.templates import learn_templates

    merged = known_templates(store) | frozenset(learn_templates(docs))
    if merged:
        store.set_state(TEMPLATES_KEY, "\n".join(sorted(merged)))
    return merged


def ingest_items(store: Store, items: Iterable[Document | IngestError], settings: Settings,
                 progress: Progress = _noop) -> IngestReport:
    """Analyse and store every new document; record every failure with its source."""
    report = IngestReport()
    items = list(items)
    fresh: list[Document] = []
    batch_keys: dict[str, str] = {}  # content hash / canonical URL / id of this batch's new documents -> id
    for item in items:
        if isinstance(item, IngestError):
            store.record_error(item)
            report.failed.append(item)
            continue
        duplicate = store.find_duplicate(item) or _batch_duplicate(item, batch_keys)
        if duplicate is not None:
            report.skipped.append((item.source, duplicate))
            store.clear_error(item.source)
            continue
        item = _unique_id(store, item, batch_keys)
        fresh.append(item)
    templates = remember_templates(store, fresh) if fresh else known_templates(store)
    for i, doc in enumerate(fresh):
        try:
            analysed = process_document(doc, settings, templates)
        except Exception as exc:  # one broken article must not stop the batch
            error = IngestError(source=doc.source, reason=f"{type(exc).__name__}: {exc}", stage="analyse")
            store.record_error(error)
            report.failed.append(error)
        else:
            store.put_document(analysed)
            store.clear_error(doc.source)
            report.ingested.append(analysed.id)
        progress("analyse", i + 1, len(fresh))
    return report


def _batch_duplicate(doc: Document, keys: dict[str, str]) -> str | None:
    """Same content or canonical URL as a document earlier in this batch (not stored yet)."""
    url = canonical_url(doc.url or doc.hints.get("url"))
    found = keys.get("hash:" + content_hash(doc)) or (keys.get("url:" + url) if url else None)
    if found is None:
        keys["hash:" + content_hash(doc)] = doc.id
        if url:
            keys["url:" + url] = doc.id
    return found


def _unique_id(store: Store, doc: Document, keys: dict[str, str]) -> Document:
    """A different article with an id already taken (two ``index.html``) gets a content-derived suffix,
    so that storing it never replaces the other one."""
    if store.get_document(doc.id) is None and "id:" + doc.id not in keys:
        keys["id:" + doc.id] = doc.id
        return doc
    new_id = f"{doc.id}-{content_hash(doc)[:8]}"
    keys["id:" + new_id] = new_id
    return doc.model_copy(update={"id": new_id})


INDEX_STATE = "stories.index.version"
INDEX_VERSION = "1"
GENERATION_STATE = "stories.index.generation"

# The last story index this process saved, per store: a long-running process (watch, serve, a
# benchmark) reuses it instead of restoring it from the store on every refresh, as long as no
# other process has saved a newer one (the generation token in the store's state says so).
_INDEX_CACHE: dict[str, tuple[str, object]] = {}


def _store_key(store: Store) -> str:
    path = getattr(store, "path", None) or getattr(store, "url", None)
    return f"{type(store).__name__}:{path}" if path and path != ":memory:" else f"{type(store).__name__}:{id(store)}"


def refresh_stories(store: Store, settings: Settings, progress: Progress = _noop,
                    new_ids: Iterable[str] | None = None) -> int:
    """Bring the stored stories up to date; returns the story count.

    With ``new_ids`` (the documents just ingested) and a store that keeps the
    streaming story index, only the new documents are assigned — to stored
    stories or new ones — and only the stories they touch are rebuilt: the
    cost grows with the size of those stories, not of the store. Otherwise
    every story is rebuilt from all stored documents. Story ids are derived
    from the document that started the story, so they survive both paths.
    """
    incremental = new_ids is not None and store.supports_story_index and store.get_state(INDEX_STATE) == INDEX_VERSION
    if store.supports_story_index:
        # Marked dirty until the stories and the index are both written: a run killed in
        # between leaves "building", and the next refresh rebuilds everything instead.
        store.set_state(INDEX_STATE, "building")
    if incremental:
        pending = list(dict.fromkeys([*new_ids, *store.unassigned_document_ids()]))
        return _refresh_incrementally(store, settings, pending, progress)
    return rebuild_stories(store, settings, progress)


def needs_refresh(store: Store, new_ids: Iterable[str]) -> bool:
    """Whether a refresh has work: new documents, or stored ones that no story holds yet."""
    return bool(list(new_ids)) or bool(store.unassigned_document_ids()) or (
        store.supports_story_index and store.get_state(INDEX_STATE) not in (None, INDEX_VERSION))


def rebuild_stories(store: Store, settings: Settings, progress: Progress = _noop) -> int:
    """Re-link entities and rebuild every story from all stored documents."""
    from newsfuse.stories import StoryIndex, StoryParams

    docs = list(store.iter_documents())
    if not docs:
        store.replace_stories([], [])
        return 0
    index = StoryIndex(StoryParams.from_settings(settings))
    entities, stories = build_stories(docs, settings, progress, index=index)
    for doc in docs:
        store.put_document(doc)
    store.replace_stories(stories, entities)
    save_story_index(store, index, [d.id for d in docs])
    return len(stories)


def _refresh_incrementally(store: Store, settings: Settings, new_ids: list[str], progress: Progress) -> int:
    from newsfuse.entities import link_entities
    from newsfuse.store.index_records import blob_to_record
    from newsfuse.stories import StoryIndex, StoryParams, arrival_order

    generation = store.get_state(GENERATION_STATE)
    cached = _INDEX_CACHE.pop(_store_key(store), None)  # taken out: it is changed below, and put back on success
    if cached is not None and generation is not None and cached[0] == generation:
        index = cached[1]
    else:
        index = StoryIndex.restore((blob_to_record(*row) for row in store.iter_index_records()),
                                   StoryParams.from_settings(settings))
    new_docs = [d for d in (store.get_document(i) for i in dict.fromkeys(new_ids)) if d and d.id not in index]
    if not new_docs:
        if generation is not None:
            _INDEX_CACHE[_store_key(store)] = (generation, index)
        store.set_state(INDEX_STATE, INDEX_VERSION)
        return store.counts()["stories"]
    before = _story_ids(index)
    link_entities(new_docs, settings)  # entity keys for the assignment; re-linked per story below
    _relate_to_neighbours(store, index, new_docs, settings)
    for doc in arrival_order(new_docs):
        index.add(doc)
    merged: dict[str, str] = {}
    changed: set[str] = set()  # stories the consolidation gave or took documents (regroup, refine)
    for _ in range(5):  # until stable, so the clustering's own consolidation below finds nothing more
        step = index.consolidate()
        changed |= index.last_changed
        if not step:
            break
        merged = {old: step.get(new, new) for old, new in merged.items()} | step
    affected = ({index.story_of(d.id) for d in new_docs} | set(merged.values())
                | {sid for sid in changed if sid in index.stories})
    members = [m for cluster in index.clusters() if index.story_of(cluster[0]) in affected for m in cluster]
    fresh = {d.id: d for d in new_docs}
    docs = [fresh.get(m) or store.get_document(m) for m in members]
    docs = [d for d in docs if d is not None]
    _, stories = build_stories(docs, settings, progress, index=index)
    for doc in docs:
        store.put_document(doc)
    # every story that no longer exists (merged here or in the clustering's own consolidation)
    store.update_stories(stories, removed=before - _story_ids(index))
    save_story_index(store, index, members)
    return store.counts()["stories"]


def _relate_to_neighbours(store: Store, index, new_docs: list, settings: Settings) -> None:
    """Find copies, translations and shared passages between new and stored documents before assignment.

    Only the stored documents nearest to each new one (the assignment's
    ``neighbours``, above the relation stage's candidate floor) are compared,
    so that a new copy or translation joins its original's story as it would
    in a full rebuild, at the cost of embedding a few stored documents.
    """
    from newsfuse.embeddings import embed_documents
    from newsfuse.stories import relate_documents

    if not len(index):
        relate_documents(new_docs, settings)
        return
    params = index.params
    near: dict[str, None] = {}
    for emb in embed_documents(new_docs, params.embedder):
        near.update(dict.fromkeys(i for i, sim in index.nearest(emb.vector, params.neighbours)
                                  if sim >= params.relate_candidate_floor))
    against = [d for d in (store.get_document(i) for i in near) if d is not None]
    relate_documents(new_docs, settings, against=against)


def _story_ids(index) -> set[str]:
    return {index.story_of(cluster[0]) for cluster in index.clusters() if cluster}


def save_story_index(store: Store, index, doc_ids: list[str]) -> None:
    """Write the index records of ``doc_ids`` and mark the stored index current."""
    if not store.supports_story_index:
        return
    from newsfuse.store.index_records import record_to_blob

    store.put_index_records([(i, index.story_of(i), record_to_blob(index.record(i))) for i in doc_ids if i in index])
    generation = uuid.uuid4().hex
    store.set_state(GENERATION_STATE, generation)
    store.set_state(INDEX_STATE, INDEX_VERSION)
    _INDEX_CACHE[_store_key(store)] = (generation, index)
