"""Conflicts: claims about the same quantity or event that disagree across sources.

Two claims are about the same thing only when everything that can be
compared agrees: the same unit dimension (containers ↔ Schiffscontainer via
the unit lexicon), shared linked entities in their sentences, the same kind
of happening named in both (sent ↔ erhielt), no different objects
(ammunition vs food), and no source document that itself gives different
figures of that kind. They conflict
when their values fall outside what the qualifiers allow, when the same event
is dated on different days (a timezone may explain one day), or when one
reports as planned what another reports as done. Documents that copy or
translate each other (``Document.related``) count as one source.
"""
from __future__ import annotations

import datetime as dt_
import re
from collections.abc import Sequence

from newsfuse.claims.events import event_keys
from newsfuse.claims.lexicon import lexicon, units
from newsfuse.claims.numbers import interval, object_class, unit_key
from newsfuse.claims.resolve import resolve_claims, story_anchor
from newsfuse.claims.text import mention_kind
from newsfuse.model import Claim, Conflict, Document
from newsfuse.unionfind import UnionFind

_EVENT_NOUN = {"arrive": "arrival", "depart": "departure", "visit": "visit", "meet": "meeting", "sign": "signing",
               "greet": "welcome", "transfer": "delivery", "fire": "launch", "attack": "attack", "kill": "deaths",
               "injure": "injuries", "elect": "election", "resign": "resignation", "arrest": "arrest"}
_WORD = re.compile(r"[^\W\d_][\w\-]+")
_MAX_DAYS = 3  # further apart, two dated reports are of different events
_NIGHT = re.compile(r"early hours|small hours|overnight|night|morgenstunden|nacht|frühen morgen|late\s", re.I)


class _Context:
    """What each claim's sentence mentions, computed once per story."""

    def __init__(self, docs: Sequence[Document]):
        self.docs = {d.id: d for d in docs}
        self.bodies: dict[str, str] = {}
        self.group = _source_groups(docs)
        self._words: dict[str, dict[str, str]] = {}

    def sentence_start(self, c: Claim) -> int | None:
        """Where the claim's sentence starts in its document's body."""
        doc = self.docs.get(c.document)
        if doc is None:
            return None
        body = self.bodies.setdefault(doc.id, doc.body)
        s = body.rfind(c.text, 0, c.start + 1)
        if s < 0:
            s = body.find(c.text)
        return s if s >= 0 else None

    def predicates(self, c: Claim) -> set[str]:
        """Event keys of the clause around the claim's figure ("has sent ... 6,700 containers")."""
        s = self.sentence_start(c)
        rel = c.start - s if s is not None and s <= c.start <= s + len(c.text) else None
        if rel is None:
            return event_keys(c.text, lexicon(c.language))
        lex = lexicon(c.language)
        bounds = [0] + [m.end() for m in lex.clause_breaks.finditer(c.text)] + [len(c.text)]
        a = max(b for b in bounds if b <= rel)
        z = min((b for b in bounds if b > c.end - s), default=len(c.text))
        return event_keys(c.text[a:z], lex)

    def entities(self, c: Claim, kinds=("PER", "ORG", "LOC")) -> set[str]:
        doc = self.docs.get(c.document)
        s = self.sentence_start(c)
        if doc is None or s is None:
            return set()
        e = s + len(c.text)
        found = {m.entity or m.text.casefold() for m in doc.mentions if s <= m.start < e and mention_kind(m) in kinds}
        if "PER" in kinds:  # names the recogniser missed in this sentence but found elsewhere
            words = self._person_words(doc)
            found |= {words[w.lower()] for w in _WORD.findall(c.text) if w.lower() in words}
        return found

    def _person_words(self, doc: Document) -> dict[str, str]:
        if doc.id not in self._words:
            out: dict[str, str] = {}
            for m in doc.mentions:
                if mention_kind(m) == "PER":
                    for w in (m.text.split()[0], m.text.split()[-1]) if m.text.split() else ():
                        if len(w) > 2 and w[:1].isupper():
                            out.setdefault(w.lower(), m.entity or m.text.casefold())
            self._words[doc.id] = out
        return self._words[doc.id]

    def label(self, doc_id: str) -> str:
        """How an explanation names a document: its id, and its outlet when known."""
        doc = self.docs.get(doc_id)
        return f"{doc_id} ({doc.outlet})" if doc is not None and doc.outlet else doc_id

    def labels(self, claims: Sequence[Claim]) -> str:
        return ", ".join(self.label(d) for d in sorted({c.document for c in claims}))

    def sources(self, claims: Sequence[Claim]) -> int:
        return len({self.group[c.document] for c in claims})


def _source_groups(docs: Sequence[Document]) -> dict[str, str]:
    """Document id -> its group of copies/translations (same outlet alone does not join)."""
    from newsfuse.stories import source_groups

    return source_groups(list(docs), same_outlet=False)


def _components(items: list, linked, key=None, window=None) -> list[list]:
    """Connected components of ``items`` under the symmetric relation ``linked``.

    With ``key`` (a number) and ``window``, only items whose keys lie within
    ``window`` of each other are compared: sorted once, linear in practice.
    """
    sets: UnionFind[int] = UnionFind(range(len(items)))
    order = sorted(range(len(items)), key=(lambda i: key(items[i])) if key else None)
    for p, i in enumerate(order):
        for j in order[p + 1:]:
            if key is not None and window is not None and key(items[j]) - key(items[i]) > window:
                break
            if linked(items[i], items[j]):
                sets.union(i, j)
    comps: dict[int, list] = {}
    for i, it in enumerate(items):
        comps.setdefault(sets.find(i), []).append(it)
    return list(comps.values())


def find_conflicts(claims: Sequence[Claim], docs: Sequence[Document]) -> list[Conflict]:
    """Disagreements among the claims of one story, each with claims, documents and a one-line explanation.

    Time and status claims still undated are anchored first (in place), so
    the story's claims come out dated as well.
    """
    resolve_claims(claims, docs)
    ctx = _Context(docs)
    return _number_conflicts(claims, ctx) + _date_conflicts(claims, ctx) + _status_conflicts(claims, ctx, docs)


def _overlap_or_none(a: set, b: set) -> bool:
    return not a or not b or bool(a & b)


def _objects(c: Claim) -> set[str]:
    return {o for w in re.findall(r"[^\W\d_][\w\-]+", c.text) if (o := object_class(w, c.language)) is not None}


def _number_conflicts(claims: Sequence[Claim], ctx: _Context) -> list[Conflict]:
    nums = [c for c in claims if c.kind == "number" and c.value is not None and c.unit and c.document in ctx.docs]
    info = {c.id: (unit_key(c.unit, c.language)[1], ctx.entities(c), _objects(c), ctx.predicates(c)) for c in nums}

    def same_quantity(a: Claim, b: Claim) -> bool:
        """Same dimension, a shared entity, the same kind of happening (both sentences
        name one: "sent"/"erhielt"), and no different objects (ammunition vs food)."""
        da, ea, oa, va = info[a.id]
        db, eb, ob, vb = info[b.id]
        return da == db and bool(ea & eb) and bool(va & vb) and _overlap_or_none(oa, ob)

    def apart(a: Claim, b: Claim) -> bool:
        (la, ha), (lb, hb) = interval(_base(a), a.qualifier), interval(_base(b), b.qualifier)
        return ha < lb or hb < la

    # A document that itself gives different figures of one kind ("13 homers ... 33 homers")
    # shows that the unit alone does not say which quantity is meant: it is left out.
    per_doc: dict[str, list[Claim]] = {}
    for c in nums:
        per_doc.setdefault(c.document, []).append(c)
    ambiguous = {(a.document, info[a.id][0]) for own in per_doc.values() for i, a in enumerate(own)
                 for b in own[i + 1:] if same_quantity(a, b) and apart(a, b)}

    def disagree(a: Claim, b: Claim) -> bool:
        if ctx.group[a.document] == ctx.group[b.document] or (a.document, info[a.id][0]) in ambiguous \
                or (b.document, info[b.id][0]) in ambiguous:
            return False
        return same_quantity(a, b) and apart(a, b)

    by_dim: dict[str, list[Claim]] = {}
    for c in nums:
        by_dim.setdefault(info[c.id][0], []).append(c)
    out = []
    for comp in (comp for group in by_dim.values() for comp in _components(group, disagree)):
        if len(comp) < 2:
            continue
        comp.sort(key=lambda c: (c.document, c.start))
        parts = list(dict.fromkeys(f"{_fmt(c)} ({c.source or 'unattributed'}; {ctx.label(c.document)})"
                                   for c in comp))
        sources = len({ctx.group[c.document] for c in comp})
        out.append(Conflict(
            topic=_number_topic(comp), kind="number", claims=[c.id for c in comp],
            documents=sorted({c.document for c in comp}),
            explanation=" vs ".join(parts) + f": the figures do not fit together ({sources} independent sources)."))
    return out


def _base(c: Claim) -> float:
    """The value in the dimension's base unit (tonnes -> kg), for comparing across units."""
    return _factor(c.unit, c.language) * c.value


def _factor(unit: str, lang: str) -> float:
    cls = unit_key(unit, lang)[0]
    return units()["units"].get(cls, {}).get("factor", 1)


def _fmt(c: Claim) -> str:
    value = f"{c.value:,.0f}" if c.value == int(c.value) else f"{c.value:,}"
    return " ".join(x for x in (c.qualifier, value, c.unit) if x)


def _number_topic(comp: list[Claim]) -> str:
    english = next((c for c in comp if c.language == "en"), comp[0])
    objs = sorted(set().union(*(_objects(c) for c in comp)))
    return english.unit + (f" of {objs[0]}" if objs else "")


def _date_conflicts(claims: Sequence[Claim], ctx: _Context) -> list[Conflict]:
    dated = [c for c in claims if c.kind == "time" and c.date and len(c.date) == 10 and c.event and c.document in ctx.docs]
    info = {c.id: (ctx.entities(c, ("PER",)), ctx.entities(c, ("LOC",)), dt_.date.fromisoformat(c.date)) for c in dated}

    def linked(a: Claim, b: Claim) -> bool:
        pa, la, da = info[a.id]
        pb, lb, db = info[b.id]
        if a.document == b.document and a.text == b.text and da == db:
            return True  # two events of one sentence: "greeted Putin on his arrival"
        return a.event == b.event and abs((da - db).days) <= _MAX_DAYS and _overlap_or_none(pa, pb) \
            and _overlap_or_none(la, lb)

    out = []
    for comp in _components(dated, linked, key=lambda c: info[c.id][2].toordinal(), window=_MAX_DAYS):
        by_date: dict[str, list[Claim]] = {}
        for c in comp:
            by_date.setdefault(c.date, []).append(c)
        groups = {d: {ctx.group[c.document] for c in cs} for d, cs in by_date.items()}
        if len(by_date) < 2 or len(set().union(*groups.values())) < 2 or _recurs(comp, ctx):
            continue
        comp.sort(key=lambda c: (c.date, c.document))
        events = [c.event for c in comp]
        event = max(set(events), key=lambda e: (events.count(e), e == "arrive"))
        days = sorted(by_date)
        parts = [f"{d} in {ctx.labels(by_date[d])}" + _independent(ctx, by_date[d]) for d in days]
        zones = sorted({c.timezone for c in comp if c.timezone})
        spread = (dt_.date.fromisoformat(days[-1]) - dt_.date.fromisoformat(days[0])).days
        note = ""
        if spread == 1 and (zones or any(_NIGHT.search(c.text) for c in comp)):
            note = " One day apart: a timezone difference may explain it" + (
                f" (one report gives {', '.join(zones)})." if zones else " (the event was at night).")
        out.append(Conflict(
            topic=f"date of {_EVENT_NOUN.get(event, event)}", kind="date", claims=[c.id for c in comp],
            documents=sorted({c.document for c in comp}),
            explanation=f"The {_EVENT_NOUN.get(event, event)} is dated " + " vs ".join(parts) + "." + note))
    return out


def _independent(ctx: _Context, claims: Sequence[Claim]) -> str:
    """ " (2 independent sources)" when copies make the document count misleading."""
    docs, n = len({c.document for c in claims}), ctx.sources(claims)
    return f" ({n} independent source{'s' if n != 1 else ''})" if docs != n else ""


def _background(c: Claim, doc: Document, docs: Sequence[Document]) -> bool:
    """A status dated well before its report ("signed a treaty in 2000") is about an older agreement."""
    anchor = story_anchor(doc, docs)
    if not c.date or anchor is None:
        return False
    year, month = int(c.date[:4]), int(c.date[5:7]) if len(c.date) >= 7 else 12
    return (anchor.year - year) * 12 + anchor.month - month > 1


def _recurs(comp: list[Claim], ctx: _Context) -> bool:
    """One source dating the same event on two days: it recurs (talks on Monday and
    Tuesday), so other sources' different days are no contradiction."""
    seen: dict[tuple[str, str], set[str]] = {}
    for c in comp:
        seen.setdefault((ctx.group[c.document], c.event), set()).add(c.date)
    return any(len(days) > 1 for days in seen.values())


def _status_conflicts(claims: Sequence[Claim], ctx: _Context, docs: Sequence[Document]) -> list[Conflict]:
    stated = [c for c in claims if c.kind == "status" and c.status and c.document in ctx.docs
              and not _background(c, ctx.docs[c.document], docs)]
    ents = {c.id: ctx.entities(c) for c in stated}
    out = []
    for event in sorted({c.event for c in stated}):
        group = [c for c in stated if c.event == event]
        comps = _components(group, lambda a, b: _overlap_or_none(ents[a.id], ents[b.id]))
        for comp in comps:
            by_status: dict[str, list[Claim]] = {}
            for c in comp:
                by_status.setdefault(c.status, []).append(c)
            if len(by_status) < 2:
                continue
            sources = {s: {ctx.group[c.document] for c in cs} for s, cs in by_status.items()}
            if len(set().union(*sources.values())) < 2:
                continue
            parts = [f"{s} in {ctx.labels(cs)}" + _independent(ctx, cs) for s, cs in sorted(by_status.items())]
            note = ""
            if "planned" in by_status and "done" in by_status:
                planned = [story_anchor(ctx.docs[c.document], docs) for c in by_status["planned"]]
                done = [story_anchor(ctx.docs[c.document], docs) for c in by_status["done"]]
                if all(p is not None for p in planned + done) and max(planned) <= min(done):
                    note = " The reports of a plan are not newer than the report of the signing: they may just be older news."
            noun = next((c.unit for c in comp if c.language == "en" and c.unit), comp[0].unit or "agreement")
            out.append(Conflict(
                topic=f"{noun}: {' vs '.join(sorted(by_status))}", kind="status", claims=[c.id for c in comp],
                documents=sorted({c.document for c in comp}),
                explanation=f"The {noun} is reported " + "; ".join(parts) + "." + note))
    return out
