"""Story-level anchoring of relative time expressions (``resolve_times``)."""
from __future__ import annotations

import datetime as dt_
from collections.abc import Sequence

from newsfuse.claims.lexicon import lexicon
from newsfuse.claims.times import is_future, parse_anchor, reparse
from newsfuse.model import Claim, Document


def story_anchor(doc: Document, docs: Sequence[Document]) -> dt_.date | None:
    """The document's own date, else the median date of the story's other documents."""
    own = parse_anchor(doc.published)
    if own is not None:
        return own
    others = sorted(a for d in docs if d is not doc and (a := parse_anchor(d.published)) is not None)
    return others[(len(others) - 1) // 2] if others else None


def resolve_times(docs: Sequence[Document]) -> None:
    """Anchor every unresolved time expression and dated claim of ``docs`` (one story).

    A document without a publication date borrows the median date of the
    others: "on Tuesday" in an undated report becomes the Tuesday before the
    day the rest of the story was published. Changes the documents in place.
    """
    for doc in docs:
        anchor = story_anchor(doc, docs)
        if anchor is None:
            continue
        lex = lexicon(doc.language)
        for t in doc.times:
            if not t.date:
                hit = reparse(t.text, doc.language)
                t.date = hit.resolve(anchor, is_future(t.sentence, lex)) if hit else ""
        resolve_claims(doc.claims, [doc], anchors={doc.id: anchor})


def resolve_claims(claims: Sequence[Claim], docs: Sequence[Document], anchors: dict | None = None) -> None:
    """Give time and status claims (copies held by a story) the dates their documents imply."""
    by_id = {d.id: d for d in docs}
    anchors = dict(anchors or {})
    for c in claims:
        if c.kind not in ("time", "status") or c.date:
            continue
        doc = by_id.get(c.document)
        if doc is None:
            continue
        if c.document not in anchors:
            anchors[c.document] = story_anchor(doc, docs)
        anchor = anchors[c.document]
        if anchor is None:
            continue
        lex = lexicon(doc.language)
        if c.kind == "time":
            expr = next((t for t in doc.times if t.start == c.start and t.end == c.end), None)
            hit = reparse(expr.text, doc.language) if expr else None
            c.date = (hit.resolve(anchor, is_future(c.text, lex)) if hit else "") or None
        else:
            same = [t for t in doc.times if t.sentence == c.text]
            if same:
                t = min(same, key=lambda t: abs(t.start - c.start))
                hit = reparse(t.text, doc.language)
                c.date = (hit.resolve(anchor, is_future(c.text, lex)) if hit else "") or None
