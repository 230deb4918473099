"""Build Documents from the hand-made fixtures: paragraphs plus mentions given by text."""
from __future__ import annotations

import json
from pathlib import Path

from newsfuse.model import Document, Mention, Paragraph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "claims"


def make_doc(id: str, language: str, paragraphs: list[str], mentions=(), published: str | None = None,
             related=()) -> Document:
    """A document as the entities stage leaves it; ``mentions`` are (text, type, entity[, occurrence])."""
    doc = Document(id=id, language=language, published=published,
                   paragraphs=[Paragraph(text=p) for p in paragraphs])
    body = doc.body
    found: list[Mention] = []
    for spec in mentions:
        text, type_, entity = spec[:3]
        which = spec[3] if len(spec) > 3 else None
        pos, n = body.find(text), 0
        while pos >= 0:
            covered = any(m.start <= pos < m.end for m in found)
            boundary = (pos == 0 or not body[pos - 1].isalnum()) and (
                pos + len(text) == len(body) or not body[pos + len(text)].isalnum() or body[pos + len(text)] == "s")
            if not covered and boundary and (which is None or which == n):
                found.append(Mention(text=text, start=pos, end=pos + len(text), type=type_, entity=entity))
            n += boundary
            pos = body.find(text, pos + 1)
    doc.mentions = sorted(found, key=lambda m: m.start)
    for r in related:
        doc.related.append(r)
    return doc


def fixture_doc(name: str) -> Document:
    spec = json.loads((FIXTURES / "documents.json").read_text(encoding="utf-8"))[name]
    return make_doc(spec["id"], spec["language"], spec["paragraphs"], spec.get("mentions", ()), spec.get("published"))


def quotes_by_text(doc: Document) -> dict[str, object]:
    return {q.text: q for q in doc.quotes}
