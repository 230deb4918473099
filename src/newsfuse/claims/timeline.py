"""The story's timeline: dated events, each citing the documents that report it."""
from __future__ import annotations

from collections.abc import Sequence

from newsfuse.claims.lexicon import lexicon
from newsfuse.claims.resolve import resolve_claims, story_anchor
from newsfuse.model import Claim, Document, TimelineEvent

_MAX_TEXT = 300


def build_timeline(docs: Sequence[Document], claims: Sequence[Claim]) -> list[TimelineEvent]:
    """Dated events of a story, oldest first.

    Events come from time claims (an event verb with a date: "visited
    Vladivostok in September 2023") and from agreements reported as done
    ("have signed"), dated by their document. Reports of one event on one
    date are merged and cite every document; a coarser date ("2000") joins a
    finer one ("2000-07") of the same event.

    >>> build_timeline([], [])
    []
    """
    docs = list(docs)
    resolve_claims(claims, docs)
    by_id = {d.id: d for d in docs}
    items = []
    for c in claims:
        doc = by_id.get(c.document)
        if doc is None:
            continue
        if c.kind == "time" and c.date and c.event in lexicon(c.language).timeline_events:
            items.append((c.date, c.event, c))
        elif c.kind == "status" and c.status == "done":
            date = c.date
            if not date:
                anchor = story_anchor(doc, docs)
                date = anchor.isoformat() if anchor else None
            if date:
                items.append((date, c.event, c))
    groups = _group(items)
    groups = _merge_coarse(groups)
    events = [_event(g, by_id) for g in groups]
    events.sort(key=lambda e: (e.date, e.text))
    return events


def _group(items) -> list[dict]:
    """Per date, claims that share an event key or a sentence form one event."""
    groups: list[dict] = []
    for date, key, c in sorted(items, key=lambda x: (x[0], x[2].document, x[2].start)):
        target = next((g for g in groups if g["date"] == date and (key in g["keys"] or
                       any(o.document == c.document and o.text == c.text for o in g["claims"]))), None)
        if target is None:
            target = {"date": date, "keys": set(), "claims": []}
            groups.append(target)
        target["keys"].add(key)
        target["claims"].append(c)
    return groups


def _merge_coarse(groups: list[dict]) -> list[dict]:
    """ "2000" joins the only finer event of 2000 that shares its event key."""
    out = []
    for g in sorted(groups, key=lambda g: -len(g["date"])):
        finer = [o for o in out if o["date"].startswith(g["date"]) and len(o["date"]) > len(g["date"])
                 and o["keys"] & g["keys"]]
        if len(finer) == 1:
            finer[0]["claims"].extend(g["claims"])
            finer[0]["keys"] |= g["keys"]
            continue
        out.append(g)
    return out


def _event(g: dict, by_id: dict[str, Document]) -> TimelineEvent:
    """One timeline line: the shortest original-language sentence that reports the
    group's main event (the one most documents date here) at the group's precision."""
    date = g["date"]
    docs_per_key: dict[str, set[str]] = {}
    for c in g["claims"]:
        docs_per_key.setdefault(c.event, set()).add(c.document)
    main = max(docs_per_key, key=lambda k: (len(docs_per_key[k]), k))

    def rank(c: Claim):
        exact = len(c.date or date) == len(date)
        return (not exact, c.event != main, by_id[c.document].machine_translated, len(c.text))

    best = min(g["claims"], key=rank)
    text = best.text if len(best.text) <= _MAX_TEXT else best.text[:_MAX_TEXT - 1].rsplit(" ", 1)[0] + "…"
    docs = sorted({c.document for c in g["claims"]})
    return TimelineEvent(date=date, text=text, documents=docs)
