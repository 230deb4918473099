"""The meta stage: language (document and paragraph), machine translation,
outlet, authors and publication date.

>>> from newsfuse.model import Document, Paragraph
>>> d = annotate_meta(Document(id="x", paragraphs=[Paragraph(text="Der Präsident besuchte am Mittwoch die Hauptstadt.")]))
>>> d.language
'de'
"""
from __future__ import annotations

import json

from newsfuse.config import Settings
from newsfuse.meta.dates import publication_date
from newsfuse.meta.language import detect_language, document_language
from newsfuse.meta.outlet import find_outlet, parse_byline
from newsfuse.meta.translation import infer_translation
from newsfuse.model import Document

__all__ = ["annotate_meta", "detect_language", "publication_date", "find_outlet"]


def _authors(doc: Document) -> list[str]:
    """Authors from input/HTML metadata, else from a byline cleaning took out."""
    raw = doc.hints.get("authors") or doc.hints.get("author") or ""
    if raw.startswith("["):
        try:
            return [a for a in json.loads(raw) if a]
        except ValueError:
            pass
    if raw:
        return [a.strip() for a in raw.replace(" and ", ";").replace(" und ", ";").split(";") if a.strip()]
    for r in doc.removed:
        if r.reason == "byline":
            names, _ = parse_byline(r.text)
            if names:
                return names
    return []


def annotate_meta(doc: Document, settings: Settings | None = None) -> Document:
    """Fill language, per-paragraph language, machine_translated,
    original_language, outlet, authors, published and its confidence."""
    body_paras = [p for p in doc.paragraphs if p.kind == "body"]
    texts = [p.text for p in doc.paragraphs]
    lang, per = document_language([p.text for p in body_paras] or texts)
    if lang is None:
        lang = (doc.hints.get("language") or "und").split("-")[0].lower() or "und"
    paragraphs = []
    for p in doc.paragraphs:
        plang = detect_language(p.text)[0] or lang
        paragraphs.append(p.model_copy(update={"language": plang}))
    outlet = find_outlet(doc)
    mt, original = infer_translation(doc, lang, outlet)
    published, confidence = publication_date(doc)
    return doc.model_copy(update={
        "language": lang,
        "paragraphs": paragraphs,
        "machine_translated": mt,
        "original_language": original if mt else None,
        "outlet": outlet.name if outlet else None,
        "authors": doc.authors or _authors(doc),
        "published": published,
        "published_confidence": confidence,
    })
