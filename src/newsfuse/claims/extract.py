"""``extract_claims``: the per-document entry point of the claims stage."""
from __future__ import annotations

from newsfuse.claims.attribution import attribute
from newsfuse.claims.events import find_events, find_status
from newsfuse.claims.indirect import find_indirect
from newsfuse.claims.numbers import find_numbers
from newsfuse.claims.quotes import extract_quotes
from newsfuse.claims.speakers import resolve, sentence_candidates
from newsfuse.claims.text import DocText, Sentence
from newsfuse.claims.times import TimeHit, find_times, is_future, parse_anchor, timezone_near
from newsfuse.model import Claim, Document, TimeExpression


def extract_claims(doc: Document, settings=None) -> Document:
    """Fill ``doc.quotes``, ``doc.claims`` (number, time, status) and ``doc.times``.

    Needs the body, language and mentions of the earlier stages. With
    ``settings.extra["indirect_quotes"]`` reported speech without quotation
    marks is added as ``Quote(direct=False)`` (off by default: a renderer
    must not print a paraphrase in quotation marks). Relative
    time expressions stay unresolved (``date=""``) when ``doc.published`` is
    unknown; ``resolve_times`` anchors them on the story's other documents.

    >>> from newsfuse.model import Paragraph
    >>> d = Document(id="d", language="en", paragraphs=[Paragraph(text="Officials said about 6,700 containers were sent.")])
    >>> [(c.value, c.unit, c.qualifier) for c in extract_claims(d).claims if c.kind == "number"]
    [(6700.0, 'containers', 'about')]
    """
    dt = DocText(doc)
    anchor = parse_anchor(doc.published)
    doc.quotes = extract_quotes(dt)
    if _option(settings, "indirect_quotes", False):
        doc.quotes = sorted(doc.quotes + find_indirect(dt), key=lambda q: q.start)
    claims: list[Claim] = []
    times: list[TimeExpression] = []
    for sent in dt.sentences:
        hits = find_times(dt.text, doc.language, sent.start, sent.end)
        sentence = dt.text[sent.start:sent.end]
        future = is_future(sentence, dt.lex)
        for h in hits:
            times.append(TimeExpression(text=h.text, date=h.resolve(anchor, future), sentence=sentence,
                                        document=doc.id, timezone=timezone_near(dt.text, h.start, h.end, dt.lex),
                                        start=h.start, end=h.end))
        claims.extend(_number_claims(dt, sent, hits, len(claims)))
        claims.extend(_event_claims(dt, sent, hits, anchor, future, len(claims)))
    doc.claims = claims
    doc.times = times
    return doc


def _option(settings, name: str, default):
    """A claims option from ``Settings.extra`` (e.g. ``NEWSFUSE_*`` has no field for it yet)."""
    extra = getattr(settings, "extra", None) or {}
    return extra.get(name, default)


def _cid(doc: Document, n: int) -> str:
    return f"{doc.id}:c{n}"


def _source(dt: DocText, sent: Sentence, pos: int) -> str | None:
    att = attribute(dt, sent, pos, outer=True)
    if att.source:
        return att.source
    if att.cue is not None and att.cue.strong and att.speaker is not None:
        sp = att.speaker
        return sp.name if sp.kind in ("mention", "pronoun", "latter", "former", "name", "role", "institution") \
            and sp.name else sp.text
    return None


def _clause_source(dt: DocText, sent: Sentence, start: int, end: int) -> str | None:
    """Who a later clause of the sentence cites, when it names its own subject: "..., organisers 20,000".

    The clause starts at the first break (``Lexicon.clause_breaks``) after the figure before.
    """
    m = dt.lex.clause_breaks.search(dt.text, start, end)
    if m is None:
        return None
    cut = m.end()
    for c in sentence_candidates(dt, sent):
        if cut <= c.start < end and not c.possessive and (
                (c.kind == "mention" and c.mtype in ("PER", "ORG")) or c.kind in ("role", "institution")):
            sp = resolve(dt, c, sent)
            return (sp.name or sp.text) if sp is not None else c.text
    return None


def _number_claims(dt: DocText, sent: Sentence, hits: list[TimeHit], n0: int) -> list[Claim]:
    skip = [(h.start, h.end) for h in hits]
    out = []
    sentence = dt.text[sent.start:sent.end]
    numbers = find_numbers(dt, sent, skip)
    source = _source(dt, sent, numbers[0].start) if numbers else None
    previous_end = None
    for num in numbers:
        if previous_end is not None:  # "police said 3,000 marched, while organisers put it at 20,000"
            source = _clause_source(dt, sent, previous_end, num.start) or source
        previous_end = num.end
        out.append(Claim(id=_cid(dt.doc, n0 + len(out)), text=sentence, document=dt.doc.id, kind="number",
                         value=num.value, unit=num.unit, qualifier=num.qualifier, source=source,
                         event=num.unit_class, language=dt.doc.language, start=num.start, end=num.end))
    return out


_MAX_EVENT_DISTANCE = 150  # characters: farther, the date belongs to another clause


def _distance(t: TimeHit, ev) -> int:
    """How far a time expression is from an event word; spans ("seit 24 Jahren",
    "for the first time in 24 years") date an earlier event, so they bind only close by."""
    d = min(abs(t.start - ev.end), abs(ev.start - t.end))
    return d + (60 if t.kind in ("ago", "first_in") else 0)


def _event_claims(dt: DocText, sent: Sentence, hits: list[TimeHit], anchor, future: bool, n0: int) -> list[Claim]:
    """Time claims (an event and its date) and status claims (planned/done)."""
    out: list[Claim] = []
    sentence = dt.text[sent.start:sent.end]
    events = find_events(dt, sent) if hits else []
    seen: set[tuple[str, int]] = set()
    for ev in events:
        h = min(hits, key=lambda t: _distance(t, ev))
        if _distance(h, ev) > _MAX_EVENT_DISTANCE or (ev.key, h.start) in seen:
            continue
        seen.add((ev.key, h.start))
        out.append(Claim(id=_cid(dt.doc, n0 + len(out)), text=sentence, document=dt.doc.id, kind="time",
                         date=h.resolve(anchor, future) or None, timezone=timezone_near(dt.text, h.start, h.end, dt.lex),
                         event=ev.key, language=dt.doc.language, start=h.start, end=h.end,
                         source=_source(dt, sent, ev.start)))
    for st in find_status(dt, sent):
        date = None
        if hits:
            h = min(hits, key=lambda t: abs(t.start - st.start))
            date = h.resolve(anchor, future) or None
        out.append(Claim(id=_cid(dt.doc, n0 + len(out)), text=sentence, document=dt.doc.id, kind="status",
                         event=st.event, status=st.status, unit=st.obj, date=date, language=dt.doc.language,
                         start=st.start, end=st.end, source=_source(dt, sent, st.start)))
    return out
