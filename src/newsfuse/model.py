"""The data model that flows through the pipeline.

Every stage reads and enriches these objects; nothing else is passed between
stages. All models are pydantic so that the store and the exports serialise
them without hand-written code (``model_dump`` / ``model_validate``).

Offsets (``start``/``end``) are character offsets into ``Document.body``
after cleaning, so every stage after ``clean`` refers to the same text.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityType = Literal["PERSON", "LOCATION", "ORGANIZATION", "MISC"]
RelationKind = Literal["duplicate", "syndicated", "translation", "shared-text"]
ParagraphKind = Literal[
    "body", "title", "caption", "credit", "navigation", "advertisement", "teaser",
    "comments", "legal", "notice", "repeat", "template", "byline", "dateline", "footer",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Removed(_Model):
    """A piece of the input that cleaning took out of the body, and why."""

    text: str
    reason: str


class Paragraph(_Model):
    """One paragraph of the cleaned body (kind == "body") or of the title."""

    text: str
    kind: ParagraphKind = "body"
    language: str | None = None


class Mention(_Model):
    """One occurrence of a named entity in a document body."""

    text: str
    start: int
    end: int
    type: EntityType
    entity: str | None = None  # Entity.id once linking has run
    paragraph: int = 0


class Descriptor(_Model):
    """A noun phrase an article uses for a person (apposition, epithet, role)."""

    text: str
    mention_text: str  # the name it was attached to, as written
    entity: str | None = None  # Entity.id once linking has run
    start: int = 0
    end: int = 0


class Relation(_Model):
    """A link from one document to another that shares its text."""

    document: str
    kind: RelationKind
    score: float = 0.0


class Quote(_Model):
    text: str
    document: str
    language: str = ""
    speaker: str | None = None  # Entity.id, or a name when no entity matched
    speaker_name: str | None = None  # the name as written in the text (resolved in-document)
    speaker_mention: int | None = None  # index into Document.mentions; linking turns it into ``speaker``
    via: str | None = None  # medium that reported it ("Interfax", "TASS")
    cue: str | None = None  # the reporting verb ("said", "sagte")
    start: int = 0
    end: int = 0
    direct: bool = True


class Claim(_Model):
    """A checkable statement: a number, a dated event, or a status."""

    id: str
    text: str  # the sentence that makes the claim
    document: str
    kind: Literal["number", "time", "status"] = "number"
    value: float | None = None
    unit: str | None = None  # what is counted ("containers", "Tonnen")
    qualifier: str | None = None  # about, more than, at least, ...
    source: str | None = None  # who the article attributes it to
    date: str | None = None  # ISO date the claim refers to (time claims)
    timezone: str | None = None  # "local time", "Ortszeit"
    event: str | None = None  # normalised event key for comparing (e.g. "arrive")
    status: str | None = None  # for status claims: "planned", "done"
    language: str = ""
    start: int = 0
    end: int = 0


class TimeExpression(_Model):
    text: str
    date: str  # ISO, as precise as the text allows: YYYY, YYYY-MM, YYYY-MM-DD
    sentence: str
    document: str
    timezone: str | None = None
    start: int = 0
    end: int = 0


class Conflict(_Model):
    topic: str
    kind: str  # "number", "date", "status"
    claims: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    explanation: str = ""


class Entity(_Model):
    """A linked entity: every mention of the same real-world thing, any language."""

    id: str
    name: str
    type: EntityType
    variants: list[str] = Field(default_factory=list)
    mentions: int = 0
    documents: list[str] = Field(default_factory=list)


class FramingRow(_Model):
    entity: str  # Entity.id
    entity_name: str = ""
    document: str
    outlet: str | None = None
    descriptors: list[str] = Field(default_factory=list)


class TimelineEvent(_Model):
    date: str
    text: str
    documents: list[str] = Field(default_factory=list)


class SummarySentence(_Model):
    text: str
    documents: list[str] = Field(default_factory=list)


class Document(_Model):
    """An article, from its raw input to every stage's output."""

    id: str
    source: str = ""
    url: str | None = None
    raw: str = ""  # the input as read (text or HTML)
    raw_format: Literal["text", "html"] = "text"
    hints: dict[str, str] = Field(default_factory=dict)  # metadata given with the input (JSONL, feed, HTML meta)
    # clean
    title: str | None = None
    paragraphs: list[Paragraph] = Field(default_factory=list)
    removed: list[Removed] = Field(default_factory=list)
    # meta
    language: str = "und"
    machine_translated: bool = False
    original_language: str | None = None
    outlet: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: str | None = None
    published_confidence: float | None = None
    # entities
    mentions: list[Mention] = Field(default_factory=list)
    descriptors: list[Descriptor] = Field(default_factory=list)
    # claims
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    # stories
    related: list[Relation] = Field(default_factory=list)
    story: str | None = None

    @property
    def body(self) -> str:
        """The cleaned article text, paragraphs separated by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs if p.kind == "body")


class Story(_Model):
    id: str
    title: str = ""
    documents: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    independent_sources: int = 0
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    framing: list[FramingRow] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    summary: list[SummarySentence] = Field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None


class IngestError(_Model):
    """An input that could not be read: reported with its source, then skipped."""

    source: str
    reason: str
    stage: str = "ingest"


class Digest(_Model):
    """What one run produces: the documents and the stories built from them."""

    documents: list[Document] = Field(default_factory=list)
    stories: list[Story] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    errors: list[IngestError] = Field(default_factory=list)

    def to_json(self) -> dict:
        """The export described by the digest JSON schema (documents + stories)."""
        from newsfuse.report.export import digest_to_json

        return digest_to_json(self)
