"""CSV tables for spreadsheets: every claim and every quote of every story."""
from __future__ import annotations

import csv
from pathlib import Path

from newsfuse.model import Digest

CLAIM_COLUMNS = ["story", "claim", "document", "outlet", "language", "kind", "value", "unit", "qualifier", "source",
                 "date", "timezone", "event", "status", "disputed", "text"]
QUOTE_COLUMNS = ["story", "document", "outlet", "language", "speaker", "speaker_id", "speaker_name", "via", "cue",
                 "direct", "text"]


def claim_rows(digest: Digest) -> list[dict]:
    outlets = {d.id: d.outlet for d in digest.documents}
    rows = []
    for story in digest.stories:
        disputed = {c for conflict in story.conflicts for c in conflict.claims}
        for c in story.claims:
            rows.append({"story": story.id, "claim": c.id, "document": c.document, "outlet": outlets.get(c.document),
                         "language": c.language, "kind": c.kind, "value": c.value, "unit": c.unit,
                         "qualifier": c.qualifier, "source": c.source, "date": c.date, "timezone": c.timezone,
                         "event": c.event, "status": c.status, "disputed": c.id in disputed, "text": c.text})
    return rows


def quote_rows(digest: Digest) -> list[dict]:
    outlets = {d.id: d.outlet for d in digest.documents}
    names = {e.id: e.name for e in digest.entities}
    rows = []
    for story in digest.stories:
        names_here = names | {e.id: e.name for e in story.entities}
        for q in story.quotes:
            linked = q.speaker in names_here
            rows.append({"story": story.id, "document": q.document, "outlet": outlets.get(q.document),
                         "language": q.language, "speaker": names_here.get(q.speaker, q.speaker),
                         "speaker_id": q.speaker if linked else None, "speaker_name": q.speaker_name, "via": q.via,
                         "cue": q.cue, "direct": q.direct, "text": q.text})
    return rows


def write_csv(digest: Digest, directory: str | Path) -> list[Path]:
    """Write ``claims.csv`` and ``quotes.csv`` (UTF-8, header row) into ``directory``; returns their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, columns, rows in (("claims.csv", CLAIM_COLUMNS, claim_rows(digest)),
                                ("quotes.csv", QUOTE_COLUMNS, quote_rows(digest))):
        path = directory / name
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
        written.append(path)
    return written
