"""The entities stage: recognise names, link them across documents, collect descriptors.

Per document (``recognise_entities``): NER over the cleaned body (English
``en_core_web_sm``, German model shipped in ``newsfuse/models/ner_de``),
corrected by gazetteer and rules, gives ``Document.mentions``; descriptor
patterns give ``Document.descriptors``. Over a batch (``link_entities``):
mentions are linked into ``Entity`` objects and every mention and descriptor
gets its ``entity`` id.

>>> from newsfuse.model import Document, Paragraph
>>> doc = Document(id="d", language="en", paragraphs=[Paragraph(text="Mr Kim met Vladimir Putin in Moscow.")])
>>> doc = recognise_entities(doc, None)
>>> [e.name for e in link_entities([doc], None)]  # doctest: +SKIP
['Vladimir Putin', 'Kim', 'Moscow']
"""
from __future__ import annotations

from bisect import bisect_right

from newsfuse.model import Document, Entity, Mention

__all__ = ["recognise_entities", "recognise_batch", "link_entities"]


def _paragraph_index(doc: Document):
    """Map a body offset to the index of its paragraph in ``doc.paragraphs``."""
    starts, indices, pos = [], [], 0
    for i, p in enumerate(doc.paragraphs):
        if p.kind == "body":
            starts.append(pos)
            indices.append(i)
            pos += len(p.text) + 2
    return lambda offset: indices[max(0, bisect_right(starts, offset) - 1)] if indices else 0


def _title(doc: Document) -> str:
    """Headline text: every title paragraph (a kicker line too) and ``doc.title``."""
    parts = [p.text for p in doc.paragraphs if p.kind == "title"]
    if doc.title and doc.title not in parts:
        parts.append(doc.title)
    return "\n\n".join(parts)


_MAX_CHARS = 100_000  # longer bodies go through the model in pieces (spaCy's memory grows with length)


def _chunks(body: str) -> list[tuple[int, str]]:
    """``(offset, text)`` pieces of at most ``_MAX_CHARS``, cut between paragraphs."""
    if len(body) <= _MAX_CHARS:
        return [(0, body)]
    out, start = [], 0
    while start < len(body):
        end = min(len(body), start + _MAX_CHARS)
        if end < len(body):
            cut = body.rfind("\n\n", start, end)
            end = cut + 2 if cut > start else end
        out.append((start, body[start:end]))
        start = end
    return out


def _annotate(doc: Document, pieces, title_sdoc, lang: str) -> Document:
    from newsfuse.entities import descriptors, fallback, ner

    find = fallback.find_spans if fallback.handles(lang) else ner.find_spans
    where = _paragraph_index(doc)
    doc.mentions, doc.descriptors = [], []
    for offset, sdoc in pieces:
        sdoc = ner.Tokens(sdoc)
        spans = ner.split_runs(sdoc, find(sdoc, lang))
        text = sdoc.text
        doc.mentions += [Mention(text=text[s.start:s.end], start=s.start + offset, end=s.end + offset,
                                 type=s.type, paragraph=where(s.start + offset)) for s in spans]
        for d in descriptors.extract(sdoc, spans, lang):
            doc.descriptors.append(d.model_copy(update={"start": d.start + offset, "end": d.end + offset}))
    if title_sdoc is not None:  # descriptors of the headline carry no body offsets
        doc.descriptors += descriptors.extract(title_sdoc, find(ner.Tokens(title_sdoc), lang), lang,
                                               offset_ok=False)
    return doc


def _lang(doc: Document) -> str:
    """"en", "de", or a language the rule-based fallback handles (else "en")."""
    from newsfuse.entities import fallback

    if doc.language == "de":
        return "de"
    return doc.language if doc.language and fallback.handles(doc.language) else "en"


def recognise_entities(doc: Document, settings=None) -> Document:
    """Fill ``doc.mentions`` and ``doc.descriptors`` (entity ids come from linking)."""
    return recognise_batch([doc], settings)[0]


def recognise_batch(docs: list[Document], settings=None, batch_size: int = 32) -> list[Document]:
    """Like ``recognise_entities`` over many documents, with ``nlp.pipe`` per language.

    English goes through the English model, German through the German one;
    other languages written with capital letters (Latin, Cyrillic, Greek)
    through the rule-based ``fallback`` on a blank tokenizer; the rest
    through the English model.
    """
    from newsfuse.entities import fallback, ner

    for lang in sorted({_lang(d) for d in docs}):
        group = [d for d in docs if _lang(d) == lang]
        nlp = fallback.tokenizer(lang) if fallback.handles(lang) else ner.load(ner.model_lang(lang))
        pieces = [(i, off, text) for i, d in enumerate(group) for off, text in _chunks(d.body)]
        per_doc: dict[int, list] = {i: [] for i in range(len(group))}
        for (i, off, _), sdoc in zip(pieces, nlp.pipe((t for _, _, t in pieces), batch_size=batch_size)):
            per_doc[i].append((off, sdoc))
        titles = [_title(d) for d in group]
        titles = [t if t and t not in d.body else "" for t, d in zip(titles, group)]
        title_docs = dict(zip([i for i, t in enumerate(titles) if t],
                              nlp.pipe([t[:_MAX_CHARS] for t in titles if t], batch_size=batch_size)))
        for i, doc in enumerate(group):
            _annotate(doc, per_doc[i], title_docs.get(i), lang)
    return docs


def link_entities(docs: list[Document], settings=None) -> list[Entity]:
    """Link every document's mentions into entities; resolve descriptors to them."""
    from newsfuse.entities import descriptors, linking

    entities = linking.link(docs)
    descriptors.resolve(docs, entities)
    for doc in docs:  # a quote's speaker mention becomes its speaker entity
        for q in doc.quotes:
            i = q.speaker_mention
            if i is not None and 0 <= i < len(doc.mentions) and doc.mentions[i].entity:
                q.speaker = doc.mentions[i].entity
    return entities
