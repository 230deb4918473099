"""The clean stage: from ``Document.raw`` (text or HTML) to the article body.

>>> from newsfuse.model import Document
>>> from newsfuse.config import Settings
>>> d = clean_document(Document(id="x", raw="Title here\\nFirst sentence of the story is here.\\n- Advertisement -"), Settings())
>>> d.body, [r.reason for r in d.removed]
('First sentence of the story is here.', ['advertisement'])
"""
from __future__ import annotations

import json

import regex

from newsfuse.clean.blocks import Block, is_body_like, split_blocks, words
from newsfuse.clean.boilerplate import classify, leading_date_label
from newsfuse.clean.repeats import mark_repeats
from newsfuse.config import Settings
from newsfuse.meta.datetext import date_only
from newsfuse.model import Document, Paragraph, Removed

__all__ = ["clean_document", "clean_text", "extract_record", "learn_templates"]

# "WASHINGTON (CNN) — ", "Berlin (dpa) - ", "CNN — ": an agency dateline opening the first paragraph
_INLINE_DATELINE = regex.compile(
    r"^(?P<dl>(?:[\p{Lu}][\p{Lu}\p{L} .,/'-]{0,40}?\s)?\((?P<a>[\p{L}\p{N} /.&-]{2,30})\)\s?[—–-]{1,2}\s?"
    r"|(?P<b>\p{Lu}[\p{Lu}\p{L}&.]{1,15}(?:\s\p{Lu}[\p{L}&.]{1,15})?)\s[—–]\s)(?=\p{L}|[\"„“])")


def learn_templates(docs):
    """See ``newsfuse.clean.templates.learn_templates``."""
    from newsfuse.clean.templates import learn_templates as _learn

    return _learn(docs)


def _split_leading_dates(blocks: list[Block]) -> list[Block]:
    """Take a labelled date off the front of one of the first lines."""
    out = []
    for b in blocks:
        if b.index < 4:
            split = leading_date_label(b.text)
            if split:
                date_text, rest = split
                d = Block(date_text if rest else b.text, b.index)
                d.drop("dateline")
                d.tag = "labelled"
                out.append(d)
                if rest:
                    out.append(Block(rest, b.index))
                continue
        out.append(b)
    for i, b in enumerate(out):
        b.index = i
    return out


def _inline_datelines(blocks: list[Block]) -> list[str]:
    """Agency/outlet names in datelines opening the first paragraphs
    ("WASHINGTON (AP) — ..."). The dateline stays in the text: it opens the
    first sentence."""
    names = []
    for b in [b for b in blocks if not b.removed and b.kind == "body"][:2]:
        m = _INLINE_DATELINE.match(b.text)
        if m and len(words(b.text)) > 8:
            names.append((m.group("a") or m.group("b") or "").strip())
    return names


def _date_candidates(blocks: list[Block]) -> list[dict]:
    """Dates on their own lines, with where they stand: page header, under the title..."""
    title_at = next((b.index for b in blocks if b.kind == "title"), None)
    body_at = next((b.index for b in blocks if not b.removed and b.kind == "body" and is_body_like(b.text)), len(blocks))
    head_end = title_at if title_at is not None else body_at
    widget = any(b.tag == "widget" or b.reason == "widget" for b in blocks[:max(head_end, 1)])
    out = []
    for b in blocks:
        if b.reason != "dateline":
            continue
        d = date_only(b.text)
        if not d:
            from newsfuse.meta.datetext import find_dates

            found = [x for x in find_dates(b.text) if x.day]
            if not found:
                continue
            d = found[0]
        if b.tag == "labelled":
            where = "labelled"
        elif b.index < head_end:
            where = "header-widget" if widget else "header"
        elif b.index <= body_at + 1:
            where = "byline"
        else:
            where = "text-line"
        out.append({"text": b.text, "year": d.year, "month": d.month, "day": d.day, "where": where})
    return out


def clean_text(text: str, templates: frozenset[str] = frozenset(), known_title: str | None = None,
               guess_title: bool = True):
    """Classify the blocks of ``text``. Returns (title, blocks, date candidates, dateline names)."""
    blocks = split_blocks(text)
    blocks = _split_leading_dates(blocks)
    title, datelines = classify(blocks, templates, known_title, guess_title)
    mark_repeats(blocks)
    return title, blocks, _date_candidates(blocks), datelines + _inline_datelines(blocks)


def clean_document(doc: Document, settings: Settings | None = None, templates=None) -> Document:
    """Set ``title``, ``paragraphs`` and ``removed`` from ``doc.raw``.

    HTML goes through trafilatura first (see ``newsfuse.clean.html``) and its
    metadata lands in ``doc.hints``; then text and HTML share the same
    post-cleaning. With ``settings.keep_boilerplate`` removed pieces stay in
    the body as well as in ``removed``.
    """
    settings = settings or Settings()
    templates = frozenset(templates or ())
    text = doc.raw or ""
    hints = dict(doc.hints)
    if doc.raw_format == "html":
        from newsfuse.clean.html import extract_html

        ex = extract_html(text, doc.url or hints.get("url"))
        taken = []
        for key, value in ex.metadata().items():
            if value and not hints.get(key):
                hints[key] = value
                taken.append(key)
        hints["clean.html_keys"] = ",".join(taken)
        text = ex.text
        if settings.keep_boilerplate:
            # keep everything: the page's whole visible text, not only what the extractor chose
            from newsfuse.clean.html import visible_text

            text = visible_text(doc.raw) or text
    title, blocks, dates, datelines = clean_text(text, templates, hints.get("title"),
                                                 guess_title=doc.raw_format != "html")
    paragraphs: list[Paragraph] = []
    removed: list[Removed] = []
    for b in blocks:
        if b.removed:
            removed.append(Removed(text=b.text, reason=b.reason))
            if settings.keep_boilerplate:
                paragraphs.append(Paragraph(text=b.text, kind="body"))
        else:
            paragraphs.append(Paragraph(text=b.text, kind="title" if b.kind == "title" else "body"))
    if dates:
        hints["clean.dates"] = json.dumps(dates)
    if datelines:
        hints["clean.datelines"] = json.dumps(datelines)
    return doc.model_copy(update={"title": title or hints.get("title"), "paragraphs": paragraphs,
                                  "removed": removed, "hints": hints})


def extract_record(doc: Document, settings: Settings | None = None) -> dict:
    """Clean + meta for one document, as the flat record ``newsfuse extract`` prints."""
    from newsfuse.meta import annotate_meta

    settings = settings or Settings()
    doc = annotate_meta(clean_document(doc, settings), settings)
    return {
        "source": doc.source or doc.url or doc.id,
        "title": doc.title,
        "body": doc.body,
        "published": doc.published,
        "published_confidence": doc.published_confidence,
        "language": doc.language,
        "machine_translated": doc.machine_translated,
        "original_language": doc.original_language,
        "outlet": doc.outlet,
        "authors": doc.authors,
        "removed": [r.model_dump() for r in doc.removed],
    }
