"""Flat rows for the Parquet outputs of ``newsfuse batch`` (one table per kind of object).

Each table keeps the columns people filter and join on, plus ``data``: the
whole object as JSON, so nothing the model holds is lost.
"""
from __future__ import annotations

from newsfuse.model import Document, Entity, Story

TABLES = ("documents", "mentions", "entities", "quotes", "claims", "stories")


def document_row(doc: Document) -> dict:
    return {"id": doc.id, "source": doc.source, "url": doc.url, "title": doc.title, "language": doc.language,
            "outlet": doc.outlet, "published": doc.published, "machine_translated": doc.machine_translated,
            "story": doc.story, "body": doc.body, "mentions": len(doc.mentions), "quotes": len(doc.quotes),
            "claims": len(doc.claims), "data": doc.model_dump_json()}


def mention_rows(doc: Document) -> list[dict]:
    return [{"document": doc.id, "index": i, "text": m.text, "start": m.start, "end": m.end, "type": m.type,
             "entity": m.entity, "paragraph": m.paragraph} for i, m in enumerate(doc.mentions)]


def entity_row(entity: Entity) -> dict:
    return {"id": entity.id, "name": entity.name, "type": entity.type, "mentions": entity.mentions,
            "documents": len(entity.documents), "data": entity.model_dump_json()}


def story_row(story: Story) -> dict:
    return {"id": story.id, "title": story.title, "documents": len(story.documents),
            "languages": ",".join(story.languages), "independent_sources": story.independent_sources,
            "conflicts": len(story.conflicts), "first_published": story.first_published,
            "last_published": story.last_published, "data": story.model_dump_json()}


def quote_rows(story: Story) -> list[dict]:
    return [{"story": story.id, "document": q.document, "speaker": q.speaker, "speaker_name": q.speaker_name,
             "text": q.text, "language": q.language, "via": q.via, "data": q.model_dump_json()} for q in story.quotes]


def claim_rows(story: Story) -> list[dict]:
    return [{"story": story.id, "id": c.id, "document": c.document, "kind": c.kind, "value": c.value,
             "unit": c.unit, "source": c.source, "text": c.text, "data": c.model_dump_json()} for c in story.claims]


def write_table(rows: list[dict], path, schema_hint: dict | None = None) -> int:
    """Write rows as one Parquet file (an empty table keeps the column names); returns the row count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if rows:
        table = pa.Table.from_pylist(rows)
    else:
        table = pa.table({name: pa.array([], type=pa.string()) for name in (schema_hint or {"id": None})})
    pq.write_table(table, path)
    return len(rows)
