"""Request and response bodies of the REST API (they also make the OpenAPI schema readable)."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from newsfuse.api.security import is_web_url
from newsfuse.model import Entity, Quote

MAX_DOCUMENTS_PER_REQUEST = 100


class DocumentSummary(BaseModel):
    """A stored article without its text (the full export is at /api/v1/documents/{id})."""

    id: str
    title: str | None = None
    outlet: str | None = None
    language: str = "und"
    published: str | None = None
    url: str | None = None
    source: str = ""
    story: str | None = None
    machine_translated: bool = False
    words: int = 0


class StorySummary(BaseModel):
    """A story in a list: what it is about, how big and how disputed it is."""

    id: str
    title: str = ""
    lead: str | None = Field(None, description="The first summary sentence.")
    documents: list[str] = Field(default_factory=list)
    size: int = 0
    languages: list[str] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    independent_sources: int = 0
    conflicts: int = 0
    quotes: int = 0
    claims: int = 0
    first_published: str | None = None
    last_published: str | None = None
    url: str = Field(description="The story's full detail in the API.")
    web: str = Field(description="The story page in the web UI.")


class EntitySummary(Entity):
    url: str = ""


class OutletDescriptors(BaseModel):
    """How one outlet describes an entity (e.g. 'Kremlin chief', 'dictator'); outlet null when unknown."""

    outlet: str | None
    descriptors: list[str]
    documents: list[str]


class EntityDetail(BaseModel):
    entity: Entity
    stories: list[StorySummary]
    descriptors: list[OutletDescriptors]
    quotes: list[Quote]


class SearchResult(BaseModel):
    document: str
    title: str | None = None
    snippet: str = Field(description="Matching text, matched words in [brackets].")
    score: float
    outlet: str | None = None
    published: str | None = None
    story: str | None = None
    story_title: str | None = None


class DocumentIn(BaseModel):
    """One article to ingest: its text or HTML plus whatever metadata you know."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, max_length=200, description="Stable id; derived from the content when absent.")
    text: str | None = Field(None, description="Plain text (title on the first line helps).")
    html: str | None = Field(None, description="The page's HTML (cleaned like a downloaded page).")
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=40, description="ISO 8601 date or datetime.")
    outlet: str | None = Field(None, max_length=200)
    language: str | None = Field(None, max_length=10, description="ISO 639-1, if known.")
    author: str | None = Field(None, max_length=500)

    @field_validator("url")
    @classmethod
    def _web_url(cls, url: str | None) -> str | None:
        if url is not None and not is_web_url(url):
            raise ValueError("`url` must be an http:// or https:// address")
        return url

    @model_validator(mode="after")
    def _has_content(self) -> "DocumentIn":
        has_text, has_html = bool(self.text and self.text.strip()), bool(self.html and self.html.strip())
        if not (has_text or has_html):
            raise ValueError("give the article as `text` or `html`")
        if has_text and has_html:
            raise ValueError("give either `text` or `html`, not both")
        return self


class IngestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentIn] = Field(min_length=1, max_length=MAX_DOCUMENTS_PER_REQUEST)
    refresh: bool = Field(True, description="Rebuild the stories after ingesting (set false to batch uploads).")


class RefreshResult(BaseModel):
    assigned: int = Field(description="Stored documents that had no story and were assigned now.")
    stories: int = Field(description="Stories in the store afterwards.")


class IngestResult(BaseModel):
    ingested: list[str] = Field(description="Ids of the documents added.")
    skipped: list[dict[str, str]] = Field(description="Inputs already stored: source and the stored duplicate.")
    failed: list[dict[str, Any]] = Field(description="Inputs that could not be analysed, with the reason.")
    stories: int = Field(description="Stories in the store afterwards.")
    documents: list[str] = Field(description="API URLs of the ingested documents.")
