"""The driver side of ``newsfuse batch``: drop copies, build stories, write Parquet, load the store.

Story building needs every document at once (entity linking, relations and
clustering compare documents with each other), so it runs on the driver,
after Ray has done the per-document work.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.model import Document, Entity, IngestError, Story
from newsfuse.scale import tables
from newsfuse.store.keys import canonical_url, content_hash


@dataclass
class Selection:
    """The documents a batch adds, those it skips as copies, and what the store held before."""

    fresh: list[Document] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, id of the document it copies)
    stored: list[Document] = field(default_factory=list)

    @property
    def all(self) -> list[Document]:
        return self.stored + self.fresh


def select_new(docs: list[Document], settings: Settings, use_store: bool) -> Selection:
    """Skip copies within the batch (same content hash or canonical URL) and of stored documents.

    A stored document with the same id and other content is replaced (a re-crawl updates it), so
    re-running a batch is idempotent; two different articles with one id in a batch both stay.
    """
    out = Selection()
    seen: dict[str, str] = {}
    store = _open(settings) if use_store else None
    try:
        held = store is not None and store.counts()["documents"] > 0
        for doc in docs:
            keys = [k for k in (content_hash(doc), canonical_url(doc.url or doc.hints.get("url"))) if k]
            twin = next((seen[k] for k in keys if k in seen), None)
            if twin is None and held:
                found = store.find_duplicate(doc)
                twin = found if found not in (None, doc.id) else None
            if twin is not None:
                out.skipped.append((doc.source, twin))
                continue
            if "id:" + doc.id in seen:  # another article with a taken id (two "index" pages) keeps both
                doc = doc.model_copy(update={"id": f"{doc.id}-{content_hash(doc)[:8]}"})
            for k in (*keys, "id:" + doc.id):
                seen[k] = doc.id
            out.fresh.append(doc)
        if held:  # stories must cover what the store held before, minus what this batch replaces
            ids = {d.id for d in out.fresh}
            out.stored = [d for d in store.iter_documents() if d.id not in ids]
    finally:
        if store is not None:
            store.close()
    return out


def build(selection: Selection, settings: Settings):
    """Entities, stories and the streaming story index over the stored and the new documents."""
    from newsfuse.pipeline import build_stories
    from newsfuse.stories import StoryIndex, StoryParams

    index = StoryIndex(StoryParams.from_settings(settings))
    docs = selection.all
    entities, stories = build_stories(docs, settings, index=index) if docs else ([], [])
    return entities, stories, index


def write_outputs(output: Path, docs: list[Document], entities: list[Entity], stories: list[Story]) -> dict[str, int]:
    """One Parquet file per table (mentions carry entity ids, quotes resolved speakers: both after linking)."""
    rows = {
        "documents": [tables.document_row(d) for d in docs],
        "mentions": [m for d in docs for m in tables.mention_rows(d)],
        "entities": [tables.entity_row(e) for e in entities],
        "stories": [tables.story_row(s) for s in stories],
        "quotes": [q for s in stories for q in tables.quote_rows(s)],
        "claims": [c for s in stories for c in tables.claim_rows(s)],
    }
    return {name: tables.write_table(r, output / f"{name}.parquet") for name, r in rows.items()}


def load_store(settings: Settings, selection: Selection, entities: list[Entity], stories: list[Story],
               index, errors: list[IngestError], templates: frozenset[str]) -> dict:
    """Store every document with its story, replace the stories, save the story index (so that the
    next ``newsfuse ingest`` adds articles incrementally), record errors, remember templates."""
    from newsfuse.service import TEMPLATES_KEY, save_story_index

    with _open(settings) as store:
        store.put_documents(selection.all)
        store.replace_stories(stories, entities)
        if index is not None:
            save_story_index(store, index, [d.id for d in selection.all])
        for error in errors:
            store.record_error(error)
        for doc in selection.fresh:
            store.clear_error(doc.source)
        if templates:
            store.set_state(TEMPLATES_KEY, "\n".join(sorted(templates)))
        counts = store.counts()
    return {"db": settings.db, "skipped_duplicates": len(selection.skipped), **counts}


def stored_templates(settings: Settings, use_store: bool) -> frozenset[str]:
    if not use_store:
        return frozenset()
    from newsfuse.service import known_templates

    with _open(settings) as store:
        return known_templates(store)


def _open(settings: Settings):
    from newsfuse.store import open_store

    return open_store(settings.db)
