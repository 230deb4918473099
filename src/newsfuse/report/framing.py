"""How each outlet describes each actor: one row per entity × document.

The entities stage attaches descriptors ("Kremlin chief", "Machthaber",
"dictator") to the name they qualify and, once linking has run, to the
entity. A descriptor that linking left without an entity is resolved here
through the document's own mentions of the same name.
"""
from __future__ import annotations

from collections.abc import Sequence

from newsfuse.model import Document, Entity, FramingRow


def build_framing(docs: Sequence[Document], entities: Sequence[Entity]) -> list[FramingRow]:
    """Framing rows for ``docs``, in document order, then by entity mention order.

    >>> rows = build_framing(docs, entities)  # doctest: +SKIP
    >>> rows[0].entity_name, rows[0].outlet, rows[0].descriptors  # doctest: +SKIP
    ('Vladimir Putin', 'Krone', ['Kremlin chief', 'Russian President'])
    """
    names = {e.id: e.name for e in entities}
    rows: list[FramingRow] = []
    for doc in docs:
        per_entity: dict[str, list[str]] = {}
        for descriptor in doc.descriptors:
            entity = descriptor.entity or _entity_of_name(descriptor.mention_text, doc, entities)
            text = " ".join(descriptor.text.split())
            if not entity or not text:
                continue
            seen = per_entity.setdefault(entity, [])
            if text.casefold() not in (s.casefold() for s in seen):
                seen.append(text)
        for entity, descriptors in per_entity.items():
            rows.append(FramingRow(entity=entity, entity_name=names.get(entity, entity), document=doc.id,
                                   outlet=doc.outlet, descriptors=descriptors))
    return rows


def _entity_of_name(name: str, doc: Document, entities: Sequence[Entity]) -> str | None:
    """The entity a name refers to: first through the document's linked mentions, then variants."""
    folded = " ".join(name.split()).casefold()
    if not folded:
        return None
    linked = {m.entity for m in doc.mentions if m.entity and m.text.casefold() == folded}
    if len(linked) == 1:
        return linked.pop()
    if linked:
        return None  # ambiguous within the document: better no row than a wrong one
    holders = [e.id for e in entities if folded == e.name.casefold() or folded in (v.casefold() for v in e.variants)]
    return holders[0] if len(holders) == 1 else None


def framing_matrix(rows: Sequence[FramingRow]) -> tuple[list[str], list[str], dict[tuple[str, str], list[str]]]:
    """Actor × outlet view of framing rows: (entity ids, column labels, cells).

    Columns are outlets (the document id stands in when the outlet is
    unknown); documents of the same outlet share a column.
    """
    entities: list[str] = []
    columns: list[str] = []
    cells: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        column = row.outlet or row.document
        if row.entity not in entities:
            entities.append(row.entity)
        if column not in columns:
            columns.append(column)
        cell = cells.setdefault((row.entity, column), [])
        cell.extend(d for d in row.descriptors if d not in cell)
    return entities, columns, cells
