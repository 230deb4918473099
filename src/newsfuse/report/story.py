"""``build_story``: gather what the earlier stages found into one story report."""
from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence

from newsfuse.model import Claim, Conflict, Document, Entity, Quote, Story, TimelineEvent
from newsfuse.report.framing import build_framing
from newsfuse.report.summary import output_language, source_weights, summarize
from newsfuse.report.timeline import timeline_from_times

log = logging.getLogger(__name__)


def build_story(story: Story, docs: Sequence[Document], entities: Sequence[Entity], settings=None,
                embed=None) -> Story:
    """Fill a clustered story with its entities, quotes, claims, conflicts, timeline, framing and summary.

    ``docs`` are the story's documents after every per-document stage and
    entity linking; ``entities`` are the linked entities of the whole batch.
    The input story is not modified.

    >>> story = build_story(Story(id="s1", documents=[d.id for d in docs]), docs, entities, settings)  # doctest: +SKIP
    >>> story.summary[0].documents  # doctest: +SKIP
    ['000_3b3444ba40d679c5', '002_776f78b2586e0f63']
    """
    docs = list(docs)
    story = story.model_copy(deep=True)
    if not story.documents:
        story.documents = [d.id for d in docs]
    _fill_overview(story, docs)
    docs = _resolve_times(docs)  # first: relative dates anchored before claims are copied and compared
    story.entities = story_entities(docs, entities)
    story.quotes = story_quotes(docs)
    story.claims = story_claims(docs)
    story.conflicts = _conflicts(story.claims, docs)
    story.timeline = _timeline(docs, story.claims)
    story.framing = build_framing(docs, entities)
    story.summary = summarize(story, docs, settings, embed=embed)
    if not story.title and story.summary:  # no document has a title: the lead sentence stands in
        story.title = _shorten(story.summary[0].text)
    return story


def _shorten(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]).rstrip(",;:") + ("…" if len(parts) > words else "")


def story_entities(docs: Sequence[Document], entities: Sequence[Entity]) -> list[Entity]:
    """The linked entities mentioned in ``docs``, with mention counts and documents within them.

    Variants keep every surface form linking merged (all languages) plus any
    form written in these documents; most mentioned first.
    """
    known = {e.id: e for e in entities}
    counts: dict[str, int] = {}
    found_in: dict[str, list[str]] = {}
    written: dict[str, list[str]] = {}
    for doc in docs:
        for m in doc.mentions:
            if m.entity is None or m.entity not in known:
                continue
            counts[m.entity] = counts.get(m.entity, 0) + 1
            if doc.id not in found_in.setdefault(m.entity, []):
                found_in[m.entity].append(doc.id)
            written.setdefault(m.entity, []).append(" ".join(m.text.split()))
    ids = {d.id for d in docs}
    for e in entities:  # linking may list documents without marking their mentions
        if e.id not in counts and ids.intersection(e.documents):
            counts[e.id] = 0
            found_in[e.id] = [d.id for d in docs if d.id in e.documents]
    out = []
    for ent_id, n in counts.items():
        entity = known[ent_id]
        variants = list(dict.fromkeys(entity.variants))
        for form in written.get(ent_id, []):
            if form and form != entity.name and form not in variants:
                variants.append(form)
        out.append(Entity(id=entity.id, name=entity.name, type=entity.type, variants=variants,
                          mentions=n, documents=found_in[ent_id]))
    out.sort(key=lambda e: (-e.mentions, -len(e.documents), e.name))
    return out


def story_quotes(docs: Sequence[Document]) -> list[Quote]:
    """Copies of the documents' quotes, with the speaker resolved to an entity id where linked."""
    out = []
    for doc in docs:
        for quote in doc.quotes:
            q = quote.model_copy()
            q.speaker = _speaker_entity(q, doc) or q.speaker or q.speaker_name
            if not q.document:
                q.document = doc.id
            out.append(q)
    return out


def _speaker_entity(quote: Quote, doc: Document) -> str | None:
    """The linked entity of the quote's speaker mention.

    ``speaker_mention`` indexes ``doc.mentions`` as they were when quotes were
    found; linking may later split, merge or drop mentions and shift the
    indices. So the indexed mention is trusted only when it still reads as the
    speaker's name; otherwise the name is looked up where it is written.
    """
    mentions = doc.mentions
    name = " ".join((quote.speaker_name or "").split())
    i = quote.speaker_mention
    if i is not None and 0 <= i < len(mentions):
        m = mentions[i]
        if not name or " ".join(m.text.split()) == name:
            return m.entity
    if not name:
        return None
    same = [m for m in mentions if m.entity and " ".join(m.text.split()) == name]
    if not same:  # the name was split by linking ("Kim Putin" -> "Kim", "Putin"): the mention where it starts
        body, starts = doc.body, set()
        at = body.find(name)
        while at >= 0:
            starts.add(at)
            at = body.find(name, at + 1)
        same = [m for m in mentions if m.entity and m.start in starts]
    if not same:
        return None
    return min(same, key=lambda m: abs(m.start - quote.start)).entity


def story_claims(docs: Sequence[Document]) -> list[Claim]:
    """Copies of the documents' claims; ids made unique within the story if they clash."""
    out, seen = [], set()
    for doc in docs:
        for claim in doc.claims:
            c = claim.model_copy()
            if c.id in seen:
                c.id = f"{doc.id}:{c.id}"
            seen.add(c.id)
            out.append(c)
    return out


def _claims_function(name: str):
    """A function of the claims stage, or None while it does not exist yet."""
    try:
        claims = importlib.import_module("newsfuse.claims")
    except ImportError:
        return None
    fn = getattr(claims, name, None)
    return fn if callable(fn) else None


def _conflicts(claims: list[Claim], docs: list[Document]) -> list[Conflict]:
    find_conflicts = _claims_function("find_conflicts")
    if find_conflicts is None:
        return []
    return list(find_conflicts(claims, docs))


def _resolve_times(docs: list[Document]) -> list[Document]:
    """``newsfuse.claims.resolve_times`` works in place; a version returning new documents is accepted too."""
    resolve_times = _claims_function("resolve_times")
    if resolve_times is None:
        return docs
    resolved = resolve_times(docs)
    if isinstance(resolved, list) and len(resolved) == len(docs) and all(isinstance(d, Document) for d in resolved):
        return resolved
    return docs


def _timeline(docs: list[Document], claims: list[Claim]) -> list[TimelineEvent]:
    build_timeline = _claims_function("build_timeline")
    if build_timeline is None:
        return timeline_from_times(docs, claims)
    return list(build_timeline(docs, claims))


def _fill_overview(story: Story, docs: list[Document]) -> None:
    """Fields the stories stage normally sets; filled here only when it left them empty."""
    if not story.languages:
        story.languages = sorted({d.language for d in docs if d.language and d.language != "und"})
    dates = sorted(d.published for d in docs if d.published)
    if dates and not story.first_published:
        story.first_published = dates[0]
    if dates and not story.last_published:
        story.last_published = dates[-1]
    weights = source_weights(docs)
    if not story.independent_sources:
        story.independent_sources = sum(1 for w in weights.values() if w == 1.0)
    if not story.title:
        language = output_language(docs)
        titled = [d for d in docs if d.title]
        titled.sort(key=lambda d: (d.language != language, weights[d.id] < 1.0, d.machine_translated))
        story.title = titled[0].title if titled else ""
