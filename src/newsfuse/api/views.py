"""Turn stored objects into what the API returns and the web UI shows (shared by both)."""
from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable

from newsfuse.model import Digest, Document, Entity, Quote, Story
from newsfuse.store import Store
from newsfuse.store.base import SearchHit


def document_summary(doc: Document) -> dict:
    return {"id": doc.id, "title": doc.title or doc.hints.get("title"), "outlet": doc.outlet or doc.hints.get("outlet"),
            "language": doc.language, "published": doc.published, "url": doc.url or doc.hints.get("url"),
            "source": doc.source, "story": doc.story, "machine_translated": doc.machine_translated,
            "words": len(doc.body.split())}


def story_summary(story: Story, outlets: Iterable[str] = ()) -> dict:
    return {"id": story.id, "title": story.title or "(untitled story)",
            "lead": story.summary[0].text if story.summary else None,
            "documents": story.documents, "size": len(story.documents), "languages": story.languages,
            "outlets": list(outlets), "independent_sources": story.independent_sources,
            "conflicts": len(story.conflicts), "quotes": len(story.quotes), "claims": len(story.claims),
            "first_published": story.first_published, "last_published": story.last_published,
            "url": f"/api/v1/stories/{story.id}", "web": f"/stories/{story.id}"}


def story_outlets(story: Story) -> list[str]:
    """Outlets named in the story's framing rows (cheap: no document loads), else empty."""
    return list(OrderedDict.fromkeys(r.outlet for r in story.framing if r.outlet))


def story_documents(store: Store, story: Story) -> list[Document]:
    """The story's documents in the story's order (missing ones skipped)."""
    return [d for d in (store.get_document(i) for i in story.documents) if d is not None]


def export_json(digest: Digest) -> dict:
    """The digest JSON export (digest.schema.json): the report stage's ``digest_to_json``."""
    from newsfuse.report.export import digest_to_json

    return digest_to_json(digest)


def search_results(store: Store, hits: Iterable[SearchHit]) -> list[dict]:
    """Search hits with the document's outlet and date and the title of its story."""
    titles: dict[str, str | None] = {}
    out = []
    for h in hits:
        row = {"document": h.document, "title": h.title, "snippet": h.snippet, "score": h.score}
        doc = store.get_document(h.document)
        if doc is not None:
            row |= {"outlet": doc.outlet, "published": doc.published, "story": doc.story}
            if doc.story and doc.story not in titles:
                story = store.get_story(doc.story)
                titles[doc.story] = story.title if story else None
            row["story_title"] = titles.get(doc.story) if doc.story else None
        out.append(row)
    return out


def outlet_label(doc: Document | None) -> str | None:
    """The outlet's name, else the host of the article's URL, else None."""
    if doc is None:
        return None
    if doc.outlet or doc.hints.get("outlet"):
        return doc.outlet or doc.hints.get("outlet")
    host = re.match(r"https?://(?:www\.)?([^/]+)", doc.url or doc.hints.get("url") or doc.source or "")
    return host.group(1) if host else None


def title_label(doc: Document | None, doc_id: str = "") -> str:
    """The article's title, else its first words, else its id."""
    if doc is None:
        return doc_id
    if doc.title:
        return doc.title
    words = doc.body.split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "") if words else doc.id


def descriptors_by_outlet(entity_id: str, stories: Iterable[Story],
                          outlet_of: dict[str, str | None] | None = None) -> list[dict]:
    """How each outlet describes the entity, gathered from the stories' framing rows.

    Articles of an unknown outlet each get their own row (``outlet`` None):
    two unknown outlets are not one. Descriptors keep their first-seen order;
    outlets using the most descriptors come first.
    """
    outlet_of = outlet_of or {}
    found: dict[str, dict] = {}
    for story in stories:
        for row in story.framing:
            if row.entity != entity_id or not row.descriptors:
                continue
            outlet = row.outlet or outlet_of.get(row.document)
            slot = found.setdefault(outlet or f"doc:{row.document}",
                                    {"outlet": outlet, "descriptors": [], "documents": []})
            for d in row.descriptors:
                if d not in slot["descriptors"]:
                    slot["descriptors"].append(d)
            if row.document not in slot["documents"]:
                slot["documents"].append(row.document)
    return sorted(found.values(), key=lambda s: (-len(s["descriptors"]), (s["outlet"] or "~").lower()))


def quotes_of_entity(entity_id: str, stories: Iterable[Story]) -> list[Quote]:
    return [q for s in stories for q in s.quotes if q.speaker == entity_id]


def entity_profile(store: Store, entity: Entity) -> dict:
    """An entity with all its stories, its descriptors per outlet and its quotes.

    ``documents`` maps the ids these cite to ``(outlet label or None, title label)``.
    """
    stories = store.stories_of_entity(entity.id)
    quotes = quotes_of_entity(entity.id, stories)
    cited = {r.document for s in stories for r in s.framing if r.entity == entity.id} | {q.document for q in quotes}
    docs = {i: store.get_document(i) for i in sorted(cited)}
    outlets = {i: outlet_label(d) for i, d in docs.items()}
    return {"entity": entity, "stories": stories, "quotes": quotes,
            "descriptors": descriptors_by_outlet(entity.id, stories, outlets),
            "documents": {i: (outlets[i], title_label(d, i)) for i, d in docs.items()}}
