"""What a story page shows, computed once for every renderer (HTML, Markdown, web UI).

A ``StoryView`` numbers the story's sources (the [1] [2] of the citations),
labels each as translated or not and independent or a copy, and looks up
entity names and disputed claims, so that templates only lay things out.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newsfuse.model import Claim, Conflict, Document, Entity, Quote, Story
from newsfuse.report.framing import framing_matrix
from newsfuse.report.summary import source_weights

MAX_ENTITY_ROWS = 12
_RELATION_LABEL = {
    "duplicate": "duplicate of",
    "syndicated": "syndicated with",
    "shared-text": "shares text with",
}


def anchor(doc_id: str, prefix: str = "doc-") -> str:
    """A stable HTML id for a document: ``doc-<id>`` when the id is safe, else a hashed slug.

    >>> anchor("000_3b3444ba40d679c5")
    'doc-000_3b3444ba40d679c5'
    >>> anchor("https://example.org/a b")
    'doc-https-example-org-a-b-3f1d34d5'
    """
    if re.fullmatch(r"[A-Za-z0-9_-]+", doc_id):
        return prefix + doc_id
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", doc_id).strip("-")[:60]
    return f"{prefix}{slug}-{hashlib.sha1(doc_id.encode()).hexdigest()[:8]}"


@dataclass
class SourceView:
    """One document as a source of the story."""

    number: int
    doc: Document
    anchor: str
    outlet: str
    title: str
    date: str | None
    translated_from: str | None  # original language of a machine translation
    independent: bool
    relations: list[tuple[str, int]] = field(default_factory=list)  # (label, source number)
    cited: bool = False

    @property
    def language(self) -> str:
        return self.doc.language

    @property
    def link(self) -> str | None:
        """The document's URL when it is safe to link (http or https; never ``javascript:``)."""
        url = (self.doc.url or "").strip()
        return url if url.lower().startswith(("http://", "https://")) else None

    @property
    def paragraphs(self) -> list[tuple[str, bool]]:
        """The body paragraphs as (text, is a crosshead)."""
        return [(p.text, is_subheading(p.text)) for p in self.doc.paragraphs if p.kind == "body"]

    @property
    def status(self) -> str:
        """"independent", or what it copies: "translation of [2]"."""
        if not self.relations:
            if self.independent:
                return "independent"
            return "machine translation" if self.doc.machine_translated else "copy"
        said = "; ".join(f"{label} [{n}]" for label, n in self.relations)
        return f"independent; {said}" if self.independent else said


@dataclass
class StoryView:
    story: Story
    sources: list[SourceView]
    entity_names: dict[str, str]
    disputed: set[str]  # ids of claims that take part in a conflict
    claims: dict[str, Claim]
    chart_svg: str | None = None

    def __post_init__(self):
        self.by_id = {s.doc.id: s for s in self.sources}

    @property
    def anchor(self) -> str:
        return anchor(self.story.id, prefix="story-")

    def cite(self, doc_ids: Iterable[str]) -> list[SourceView]:
        """The sources behind ``doc_ids``, by number, unknown ids left out."""
        return sorted((self.by_id[d] for d in dict.fromkeys(doc_ids) if d in self.by_id), key=lambda s: s.number)

    def name(self, ref: str | None) -> str | None:
        """An entity id's canonical name; a plain name is returned as it is."""
        if ref is None:
            return None
        return self.entity_names.get(ref, ref)

    def _order(self, doc_id: str) -> int:
        source = self.by_id.get(doc_id)
        return source.number if source else len(self.sources) + 1

    @property
    def number_claims(self) -> list[Claim]:
        """Claims with a value, by source number then position."""
        return sorted((c for c in self.story.claims if c.value is not None),
                      key=lambda c: (self._order(c.document), c.start))

    @property
    def quotes(self) -> list[Quote]:
        """Quotes by source number then position."""
        return sorted(self.story.quotes, key=lambda q: (self._order(q.document), q.start))

    def conflict_claims(self, conflict: Conflict) -> list[Claim]:
        """The claims of a conflict, one per sentence and source (several claims may share a sentence)."""
        seen, out = set(), []
        for cid in conflict.claims:
            claim = self.claims.get(cid)
            if claim is None or (claim.document, claim.text) in seen:
                continue
            seen.add((claim.document, claim.text))
            out.append(claim)
        return sorted(out, key=lambda c: (self._order(c.document), c.start))

    def explain(self, conflict: Conflict) -> str:
        """The conflict's explanation with document ids replaced by their citation numbers."""
        text = conflict.explanation
        for source in sorted(self.sources, key=lambda s: -len(s.doc.id)):
            text = text.replace(source.doc.id, f"[{source.number}]")
        return text

    def is_disputed(self, sentence: str) -> bool:
        """Whether a (summary) sentence states a claim that other sources contradict."""
        return _disputed_sentence(sentence, (self.claims[c].text for c in self.disputed if c in self.claims))

    def column_label(self, column: str) -> str:
        """A framing column: the outlet, or "[n]" for a source whose outlet is unknown."""
        source = self.by_id.get(column)
        return f"[{source.number}] {source.outlet}" if source else column

    @property
    def framing(self):
        """(rows of (entity name, [cells per column])), column labels."""
        entities, columns, cells = framing_matrix(self.story.framing)
        first = {}
        for s in self.sources:  # columns in the order of the sources table
            first.setdefault(s.doc.outlet or s.doc.id, s.number)
        columns.sort(key=lambda c: first.get(c, len(self.sources) + 1))
        described = {e: sum(1 for c in columns if cells.get((e, c))) for e in entities}
        entities.sort(key=lambda e: -described[e])  # the most widely described actor first
        rows = [(self.name(e), [cells.get((e, c), []) for c in columns]) for e in entities]
        return rows, [self.column_label(c) for c in columns]

    @property
    def entities(self) -> tuple[list[Entity], list[Entity]]:
        """(entities for the table, the long tail shown collapsed): in a long list the table keeps
        those mentioned more than once or written more than one way."""
        everything = self.story.entities
        if len(everything) <= MAX_ENTITY_ROWS:
            return list(everything), []
        main = [e for e in everything if e.mentions > 1 or len(e.documents) > 1 or e.variants]
        return main, [e for e in everything if e not in main]

    @property
    def undated(self) -> int:
        return sum(1 for s in self.sources if not s.date)


def story_view(story: Story, docs: Mapping[str, Document] | Sequence[Document],
               entities: Sequence[Entity] = (), chart: bool = False) -> StoryView:
    """Everything a page about ``story`` needs; ``docs`` may hold more than the story's documents."""
    by_id = docs if isinstance(docs, Mapping) else {d.id: d for d in docs}
    members = [by_id[d] for d in story.documents if d in by_id]
    # Oldest first, undated last: the numbers then read as the order of reporting.
    members = [d for _, d in sorted(enumerate(members), key=lambda p: (p[1].published or "9999", p[0]))]
    weights = source_weights(members)
    number = {d.id: i + 1 for i, d in enumerate(members)}
    cited = {d for s in story.summary for d in s.documents}
    sources = []
    for doc in members:
        relations = []
        for rel in doc.related:
            if rel.document not in number:
                continue
            if rel.kind == "translation":
                label = "translation of" if doc.machine_translated else "translated in"
            else:
                label = _RELATION_LABEL.get(rel.kind, rel.kind)
            relations.append((label, number[rel.document]))
        sources.append(SourceView(
            number=number[doc.id], doc=doc, anchor=anchor(doc.id), outlet=doc.outlet or doc.hints.get("outlet") or _host(doc) or "unknown outlet",
            title=doc.title or _first_words(doc.body), date=doc.published,
            translated_from=(doc.original_language or "?") if doc.machine_translated else None,
            independent=weights.get(doc.id, 1.0) == 1.0, relations=relations, cited=doc.id in cited))
    names = {e.id: e.name for e in entities}
    names.update({e.id: e.name for e in story.entities})
    disputed = {c for conflict in story.conflicts for c in conflict.claims}
    view = StoryView(story=story, sources=sources, entity_names=names, disputed=disputed,
                     claims={c.id: c for c in story.claims})
    if chart:
        from newsfuse.report.render.chart import coverage_svg

        view.chart_svg = coverage_svg(members, salt=story.id)
    return view


def is_subheading(text: str) -> bool:
    """A short body line without closing punctuation reads as a crosshead ("Pompous reception")."""
    text = text.strip()
    return 0 < len(text.split()) <= 10 and text[-1] not in ".!?:;…\"'”“»«)"


def _disputed_sentence(sentence: str, claim_texts) -> bool:
    folded = " ".join(sentence.split()).casefold()
    for text in claim_texts:
        claim = " ".join(text.split()).casefold()
        if claim and (claim in folded or folded in claim):
            return True
    return False


def _host(doc: Document) -> str | None:
    m = re.match(r"https?://(?:www\.)?([^/]+)", doc.url or doc.source or "")
    return m.group(1) if m else None


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")
