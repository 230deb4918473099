"""The REST API under /api/v1: read everything the store holds, ingest with a token.

Lists are paginated: ``?limit=20`` and then ``?cursor=<next_cursor>`` (or
``?offset=``); each answer is a ``Page`` with ``items`` and ``next_cursor``.
"""
from __future__ import annotations

import hashlib
import threading
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request

from newsfuse.api import views
from newsfuse.api.deps import Page, SettingsDep, StoreDep, WindowDep, WriteAccess, page
from newsfuse.api.errors import APIError, ErrorBody
from newsfuse.api.schemas import (DocumentSummary, EntityDetail, EntitySummary, IngestRequest, IngestResult,
                                  RefreshResult, SearchResult, StorySummary)
from newsfuse.model import Digest, Document, IngestError

ERRORS = {400: {"model": ErrorBody}, 404: {"model": ErrorBody}, 422: {"model": ErrorBody}}
WRITE_ERRORS = ERRORS | {401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 413: {"model": ErrorBody}}
router = APIRouter(prefix="/api/v1", responses=ERRORS)
IdPath = Annotated[str, Path(min_length=1, max_length=300)]
StoryFilter = Annotated[str | None, Query(max_length=300, description="Only items of this story id.")]

# Ingest runs the whole pipeline and rebuilds the stories: one write at a time.
_write_lock = threading.Lock()


def _missing(kind: str, ident: str, where: str) -> APIError:
    return APIError(404, f"No {kind} {ident!r}. List them at {where}.")


@router.get("", summary="API index", tags=["meta"])
def index(store: StoreDep) -> dict:
    """Links to every list, and the store's counts."""
    return {"name": "newsfuse", "version": "v1", "docs": "/docs", "openapi": "/openapi.json",
            "counts": store.counts(),
            "links": {k: f"/api/v1/{k}" for k in
                      ("documents", "stories", "entities", "quotes", "claims", "conflicts", "search", "errors")}}


@router.get("/stats", summary="Counts", tags=["meta"])
def stats(store: StoreDep) -> dict[str, int]:
    """How many documents, stories, entities, quotes, claims, conflicts and errors the store holds."""
    return store.counts()


# documents -------------------------------------------------------------
@router.get("/documents", summary="List documents", tags=["documents"], response_model=Page[DocumentSummary])
def list_documents(request: Request, store: StoreDep, w: WindowDep, story: StoryFilter = None):
    """Stored articles in insertion order (or one story's, by publication date), without their text."""
    docs = store.list_documents(limit=w.limit + 1, offset=w.offset, story=story)
    return page(request, w, [views.document_summary(d) for d in docs])


@router.get("/documents/{doc_id}", summary="One document", tags=["documents"])
def get_document(doc_id: IdPath, store: StoreDep,
                 raw: Annotated[bool, Query(description="Include the input as read.")] = False) -> dict:
    """The document as in the JSON export: body after cleaning, removed pieces, metadata, relations."""
    doc = store.get_document(doc_id)
    if doc is None:
        raise _missing("document", doc_id, "/api/v1/documents")
    out = views.export_json(Digest(documents=[doc]))["documents"][0]
    out["story"] = doc.story
    if raw:
        out["raw"] = doc.raw
    return out


@router.post("/documents", summary="Ingest documents", tags=["documents"], status_code=201,
             response_model=IngestResult, responses=WRITE_ERRORS, dependencies=[WriteAccess])
def post_documents(body: IngestRequest, store: StoreDep, settings: SettingsDep) -> dict:
    """Analyse and store new articles, then rebuild the stories. Needs `Authorization: Bearer <token>`.

    Articles already stored (same content or canonical URL) are skipped, so
    re-sending a batch is safe. Example body:
    `{"documents": [{"text": "Title\\nBody…", "url": "https://…", "published": "2024-06-19"}]}`
    """
    from newsfuse.ingest.files import document_from_record
    from newsfuse.service import ingest_items, refresh_stories

    items: list[Document | IngestError] = []
    for d in body.documents:
        record = d.model_dump(exclude_none=True)
        record.setdefault("id", _content_id(d))
        items.append(document_from_record(record, f"api:{record['id']}"))
    with _write_lock:
        report = ingest_items(store, items, settings)
        stories = (refresh_stories(store, settings, new_ids=report.ingested) if report.ingested and body.refresh
                   else store.counts()["stories"])
    return {"ingested": report.ingested,
            "skipped": [{"source": s, "duplicate_of": dup} for s, dup in report.skipped],
            "failed": [e.model_dump() for e in report.failed], "stories": stories,
            "documents": [f"/api/v1/documents/{i}" for i in report.ingested]}


@router.post("/stories/refresh", summary="Assign pending documents to stories", tags=["stories"],
             response_model=RefreshResult, responses=WRITE_ERRORS, dependencies=[WriteAccess])
def refresh(store: StoreDep, settings: SettingsDep) -> dict:
    """Assign the stored documents that no story holds yet (uploaded with `"refresh": false`) and
    rebuild the stories they join, in one go. Needs `Authorization: Bearer <token>`."""
    from newsfuse.service import needs_refresh, refresh_stories

    with _write_lock:
        pending = store.unassigned_document_ids()
        stories = (refresh_stories(store, settings, new_ids=pending) if needs_refresh(store, pending)
                   else store.counts()["stories"])
    return {"assigned": len(pending), "stories": stories}


def _content_id(d) -> str:
    """A stable id for an article sent without one: the same text gets the same id."""
    return "api-" + hashlib.sha256((d.text or d.html or "").encode("utf-8", "replace")).hexdigest()[:16]


# stories ---------------------------------------------------------------
@router.get("/stories", summary="List stories", tags=["stories"], response_model=Page[StorySummary])
def list_stories(request: Request, store: StoreDep, w: WindowDep,
                 order: Annotated[Literal["newest", "biggest", "disputed"],
                                  Query(description="newest, biggest (most documents) or disputed (most conflicts)")]
                 = "newest"):
    """Stories with their size, languages and number of conflicts."""
    stories = store.list_stories(limit=w.limit + 1, offset=w.offset, order=order)
    return page(request, w, [views.story_summary(s, views.story_outlets(s)) for s in stories])


@router.get("/stories/{story_id}", summary="A story in full", tags=["stories"])
def get_story(story_id: IdPath, store: StoreDep) -> dict:
    """The story exactly as the JSON export (digest.schema.json) gives it: `{"documents": [...], "stories": [story]}`
    — entities, quotes, claims, conflicts, framing, timeline and a cited summary."""
    story = store.get_story(story_id)
    if story is None:
        raise _missing("story", story_id, "/api/v1/stories")
    return views.export_json(Digest(documents=views.story_documents(store, story), stories=[story]))


# entities --------------------------------------------------------------
@router.get("/entities", summary="List entities", tags=["entities"], response_model=Page[EntitySummary])
def list_entities(request: Request, store: StoreDep, w: WindowDep,
                  type: Annotated[Literal["PERSON", "LOCATION", "ORGANIZATION", "MISC"] | None,
                                  Query(description="Only this entity type.")] = None):
    """Linked entities (people, places, organisations), most mentioned first, with every name variant."""
    entities = store.list_entities(limit=w.limit + 1, offset=w.offset, type=type)
    return page(request, w, [e.model_dump() | {"url": f"/api/v1/entities/{e.id}"} for e in entities])


@router.get("/entities/{entity_id}", summary="One entity", tags=["entities"], response_model=EntityDetail)
def get_entity(entity_id: IdPath, store: StoreDep):
    """An entity, every story it appears in, how each outlet describes it, and its quotes."""
    entity = store.get_entity(entity_id)
    if entity is None:
        raise _missing("entity", entity_id, "/api/v1/entities")
    profile = views.entity_profile(store, entity)
    profile["stories"] = [views.story_summary(s, views.story_outlets(s)) for s in profile["stories"]]
    del profile["documents"]
    return profile


# quotes, claims, conflicts ----------------------------------------------
@router.get("/quotes", summary="List quotes", tags=["statements"], response_model=Page[dict])
def list_quotes(request: Request, store: StoreDep, w: WindowDep, story: StoryFilter = None):
    """Who said what (speaker = entity id when linked, else the name as written; via = reporting medium)."""
    return page(request, w, store.list_quotes(limit=w.limit + 1, offset=w.offset, story=story))


@router.get("/claims", summary="List claims", tags=["statements"], response_model=Page[dict])
def list_claims(request: Request, store: StoreDep, w: WindowDep, story: StoryFilter = None):
    """Checkable statements: numbers (value, unit, qualifier, source), dated events and statuses."""
    return page(request, w, store.list_claims(limit=w.limit + 1, offset=w.offset, story=story))


@router.get("/conflicts", summary="List conflicts", tags=["statements"], response_model=Page[dict])
def list_conflicts(request: Request, store: StoreDep, w: WindowDep, story: StoryFilter = None):
    """Where sources disagree (numbers, dates, statuses), with the claims involved; most disputed stories first."""
    return page(request, w, store.list_conflicts(limit=w.limit + 1, offset=w.offset, story=story))


# search, errors --------------------------------------------------------
@router.get("/search", summary="Full-text search", tags=["search"], response_model=Page[SearchResult])
def search(request: Request, store: StoreDep, w: WindowDep,
           q: Annotated[str, Query(min_length=1, max_length=500,
                                   description="Words to find (all must match); `word*` matches a prefix.")]):
    """Search article titles and bodies (SQLite FTS5 / PostgreSQL full text), best match first."""
    if not q.strip():
        raise APIError(400, "The query `q` is empty: give at least one word, e.g. /api/v1/search?q=Pyongyang")
    hits = store.search(q, limit=w.limit + 1, offset=w.offset)
    return page(request, w, views.search_results(store, hits))


@router.get("/errors", summary="Failed inputs", tags=["meta"])
def list_errors(store: StoreDep) -> list[dict]:
    """Inputs that could not be read or analysed, with the reason; they are retried on the next ingest."""
    return [e.__dict__ for e in store.list_errors()]
