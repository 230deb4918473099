"""The JSON export described by ``digest.schema.json``, and its way back."""
from __future__ import annotations

from newsfuse.model import Digest, Document, Entity, IngestError, Paragraph, Removed, Relation, Story

DOCUMENT_FIELDS = ("id", "source", "url", "outlet", "title", "language", "machine_translated", "original_language",
                   "published", "published_confidence", "authors", "story")


def document_to_json(doc: Document) -> dict:
    """A document as exported: metadata, the cleaned ``body``, what was removed, related documents."""
    out = {name: getattr(doc, name) for name in DOCUMENT_FIELDS}
    out["body"] = doc.body
    out["removed"] = [r.model_dump(mode="json") for r in doc.removed]
    out["related"] = [r.model_dump(mode="json") for r in doc.related]
    return out


def digest_to_json(digest: Digest) -> dict:
    """``{"documents": [...], "stories": [...], "entities": [...], "errors": [...]}``, JSON-ready.

    >>> digest_to_json(Digest())
    {'documents': [], 'stories': [], 'entities': [], 'errors': []}
    """
    return {
        "documents": [document_to_json(d) for d in digest.documents],
        "stories": [s.model_dump(mode="json") for s in digest.stories],
        "entities": [e.model_dump(mode="json") for e in digest.entities],
        "errors": [e.model_dump(mode="json") for e in digest.errors],
    }


def digest_from_json(data: dict) -> Digest:
    """Rebuild a Digest from an export, e.g. to render a saved ``--json`` file as HTML.

    Bodies come back as paragraphs split on blank lines; per-document
    annotations that the export leaves out (mentions, raw input) are empty.
    """
    docs = []
    for d in data.get("documents", []):
        fields = {k: d[k] for k in DOCUMENT_FIELDS if k in d and d[k] is not None}
        paragraphs = [Paragraph(text=p, kind="body", language=d.get("language"))
                      for p in d.get("body", "").split("\n\n") if p.strip()]
        if d.get("title"):
            paragraphs.insert(0, Paragraph(text=d["title"], kind="title", language=d.get("language")))
        docs.append(Document(**fields, paragraphs=paragraphs,
                             removed=[Removed.model_validate(r) for r in d.get("removed", [])],
                             related=[Relation.model_validate(r) for r in d.get("related", [])]))
    return Digest(documents=docs,
                  stories=[Story.model_validate(s) for s in data.get("stories", [])],
                  entities=[Entity.model_validate(e) for e in data.get("entities", [])],
                  errors=[IngestError.model_validate(e) for e in data.get("errors", [])])
