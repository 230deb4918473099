"""A plain timeline from the documents' time expressions.

The claims stage owns the real timeline (``newsfuse.claims.build_timeline``,
which resolves relative dates and merges events). This fallback is used only
while that function is missing, so that a report always has a timeline: one
event per date, told by the most trustworthy sentence that mentions it.
"""
from __future__ import annotations

from collections.abc import Sequence

from newsfuse.model import Claim, Document, TimelineEvent


def timeline_from_times(docs: Sequence[Document], claims: Sequence[Claim] = ()) -> list[TimelineEvent]:
    """One event per date found in ``doc.times`` and in dated claims, oldest first."""
    from newsfuse.report.summary import output_language, source_weights

    language = output_language(docs)
    weights = source_weights(docs)
    by_id = {d.id: d for d in docs}
    mentions: dict[str, list[tuple[str, str]]] = {}  # date -> [(sentence, document)]
    for doc in docs:
        for t in doc.times:
            if t.date:
                mentions.setdefault(t.date, []).append((t.sentence or t.text, doc.id))
    for claim in claims:
        if claim.date and claim.document in by_id:
            mentions.setdefault(claim.date, []).append((claim.text, claim.document))
    events = []
    for date in sorted(mentions):
        said = mentions[date]

        def rank(item, said=said):
            doc = by_id[item[1]]
            return (doc.language != language, -weights.get(doc.id, 1.0), doc.machine_translated, said.index(item))
        text, _ = min(said, key=rank)
        documents = [d.id for d in docs if any(doc_id == d.id for _, doc_id in said)]
        events.append(TimelineEvent(date=date, text=" ".join(text.split()), documents=documents))
    return events
