"""What the story page shows, computed once so the template stays simple.

Sources are numbered in the story's order; every citation on the page
(summary, timeline, quotes, numbers, conflicts) uses those numbers and
links to the row of the sources table.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from newsfuse.model import Claim, Document, Entity, Story


@dataclass
class Source:
    n: int
    id: str
    outlet: str
    title: str
    language: str
    published: str | None
    url: str | None
    machine_translated: bool
    original_language: str | None
    related: list[tuple[str, str]] = field(default_factory=list)  # (kind, cited label of the other document)


@dataclass
class Cite:
    n: int
    id: str
    outlet: str


def _outlet(doc: Document | None, doc_id: str) -> str:
    if doc is None:
        return doc_id
    return doc.outlet or doc.hints.get("outlet") or doc.id


def build_sources(story: Story, docs: list[Document]) -> list[Source]:
    by_id = {d.id: d for d in docs}
    order = [i for i in story.documents if i in by_id] + [d.id for d in docs if d.id not in story.documents]
    sources = []
    for n, doc_id in enumerate(order, 1):
        d = by_id[doc_id]
        sources.append(Source(n=n, id=d.id, outlet=_outlet(d, d.id), title=d.title or d.hints.get("title") or d.id,
                              language=d.language, published=d.published, url=d.url or d.hints.get("url"),
                              machine_translated=d.machine_translated, original_language=d.original_language))
    number = {s.id: s.n for s in sources}
    for s in sources:
        s.related = [(r.kind, f"[{number[r.document]}]") for r in by_id[s.id].related if r.document in number]
    return sources


def framing_matrix(story: Story, sources: list[Source]) -> dict:
    """Actor × outlet: which words each outlet uses for each person.

    Columns are outlets in source order (two articles of one outlet share a
    column); rows are actors, the most widely described first.
    """
    outlet_of = {s.id: s.outlet for s in sources}
    columns = list(OrderedDict.fromkeys(s.outlet for s in sources))
    rows: OrderedDict[str, dict] = OrderedDict()
    for r in story.framing:
        if not r.descriptors:
            continue
        outlet = r.outlet or outlet_of.get(r.document) or r.document
        if outlet not in columns:
            columns.append(outlet)
        row = rows.setdefault(r.entity, {"entity": r.entity, "name": r.entity_name or r.entity, "cells": {}})
        cell = row["cells"].setdefault(outlet, [])
        cell.extend(d for d in r.descriptors if d not in cell)
    ordered = sorted(rows.values(), key=lambda r: -len(r["cells"]))
    used = [c for c in columns if any(c in r["cells"] for r in ordered)]
    return {"columns": used, "rows": ordered}


def build(story: Story, docs: list[Document], known: dict[str, Entity] | None = None) -> dict:
    """The template context of a story page."""
    sources = build_sources(story, docs)
    by_id = {s.id: s for s in sources}
    entities = {e.id: e for e in story.entities} | (known or {})

    def cites(doc_ids) -> list[Cite]:
        return sorted((Cite(by_id[i].n, i, by_id[i].outlet) for i in OrderedDict.fromkeys(doc_ids) if i in by_id),
                      key=lambda c: c.n)

    claims = {c.id: c for c in story.claims}
    disputed = {cid for conflict in story.conflicts for cid in conflict.claims}
    conflicts = []
    for c in story.conflicts:
        involved = [claims[i] for i in c.claims if i in claims]
        conflicts.append({"conflict": c, "claims": [_claim_view(x, cites) for x in involved],
                          "cites": cites(c.documents or [x.document for x in involved])})
    numbers = [_claim_view(c, cites) | {"disputed": c.id in disputed} for c in story.claims if c.kind == "number"]
    others = [_claim_view(c, cites) | {"disputed": c.id in disputed} for c in story.claims if c.kind != "number"]
    quotes = [{"quote": q, "speaker": _speaker(q, entities), "speaker_id": q.speaker if q.speaker in entities else None,
               "cites": cites([q.document])} for q in story.quotes]
    people = [e for e in story.entities if e.type == "PERSON"]
    return {
        "story": story, "sources": sources,
        "summary": [{"text": s.text, "cites": cites(s.documents)} for s in story.summary],
        "timeline": [{"date": t.date, "text": t.text, "cites": cites(t.documents)}
                     for t in sorted(story.timeline, key=lambda t: t.date)],
        "quotes": quotes, "numbers": numbers, "other_claims": others, "conflicts": conflicts,
        "framing": framing_matrix(story, sources),
        "entity_groups": _group_entities(story.entities), "people": people,
        "outlets": list(OrderedDict.fromkeys(s.outlet for s in sources)),
    }


def _claim_view(c: Claim, cites) -> dict:
    return {"claim": c, "value": _format_value(c), "cites": cites([c.document])}


def _format_value(c: Claim) -> str:
    """``about 6,700 containers`` / ``2024-06-18`` / ``planned``: the claim's content in a few words."""
    if c.kind == "number" and c.value is not None:
        value = f"{c.value:,.0f}" if float(c.value).is_integer() else f"{c.value:,}"
        return " ".join(filter(None, (c.qualifier, value, c.unit)))
    if c.kind == "time":
        return " ".join(filter(None, (c.date, c.timezone)))
    return c.status or c.text[:60]


def _speaker(q, entities: dict[str, Entity]) -> str | None:
    if q.speaker and q.speaker in entities:
        return entities[q.speaker].name
    return q.speaker or q.speaker_name


def _group_entities(entities: list[Entity]) -> list[tuple[str, list[Entity]]]:
    labels = {"PERSON": "People", "ORGANIZATION": "Organisations", "LOCATION": "Places", "MISC": "Other"}
    groups = []
    for kind, label in labels.items():
        members = sorted((e for e in entities if e.type == kind), key=lambda e: (-e.mentions, e.name))
        if members:
            groups.append((label, members))
    return groups
