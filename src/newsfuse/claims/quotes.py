"""Quotes: quoted passages with their speaker, cue and reporting medium.

Attribution is sentence-local first (``attribution.attribute``). Context
fills a missing speaker only where news prose makes it unambiguous:

* a sentence that is nothing but a quote continues the speech attributed in
  the sentence before it (also across a paragraph break, and after a colon);
* a continuation cue in the next sentence ("…, Kim continued", "führte Kim
  aus", "fügte er hinzu") says its speaker was already speaking.

Two layouts name the speaker without a reporting verb:

* a transcript's speaker label opens the quote ("PENCE: Well, look, …"): an
  upper-case name and a colon, taken when it is a person the article names
  or a label it uses more than once; it wins over the sentence's cue, which
  then belongs to words inside the speech;
* a dash after the closing mark ("“…” ― Krystal Correa", «…» — Name), as in
  quote round-ups and epigraphs: one to four capitalised words that end the
  paragraph (a signature, not a dash clause that goes on).

Anything else stays ``speaker_name=None``: a wrong speaker is worse than none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsfuse.claims.attribution import Attribution, attribute
from newsfuse.claims.names import name_to_mention
from newsfuse.claims.speakers import Speaker
from newsfuse.claims.text import DocText, QuoteSpan, Sentence
from newsfuse.model import Quote

_ONLY_PUNCT = re.compile(r"^[\s\W]*$")
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LABEL = re.compile(rf"\s*((?:[{_UPPER}][{_UPPER}'’.\-]*\s){{0,2}}[{_UPPER}][{_UPPER}'’.\-]+):\s")
_DASH = re.compile(rf"[\s,.]{{0,3}}(?:[―—–]|--)[ \t\xa0]*([{_UPPER}][\w'’\-]*(?:[ \xa0][{_UPPER}][\w'’.\-]*){{0,3}})"
                   r"[.,;]?[ \t\xa0]*(?:\n|$|[“\"«„])")  # a signature: nothing follows but the paragraph end


@dataclass(slots=True)
class QuoteHit:
    """A quote with the evidence for its speaker (``speaker.start``/``end`` is the source span)."""

    span: QuoteSpan
    sentence: Sentence
    attribution: Attribution
    speaker: Speaker | None
    rule: str  # how the speaker was found: cue, source, previous, continuation, none

    def to_quote(self, dt: DocText) -> Quote:
        sp, att = self.speaker, self.attribution
        return Quote(
            text=dt.text[self.span.start:self.span.end], document=dt.doc.id, language=dt.doc.language,
            speaker=None, speaker_name=sp.name if sp else None, speaker_mention=sp.mention if sp else None,
            via=att.via,
            cue=att.cue.text if att.cue and sp else None, start=self.span.start, end=self.span.end, direct=True)


def find_quotes(dt: DocText) -> list[QuoteHit]:
    """Every quoted passage of the document with its attribution."""
    hits: list[QuoteHit] = []
    cache: dict[int, Attribution] = {}
    label_at = {q.start: m for q in dt.quotes if (m := _LABEL.match(dt.text, q.start, q.end))}
    labels: dict[str, int] = {}
    for m in label_at.values():
        labels[m.group(1)] = labels.get(m.group(1), 0) + 1
    for q in dt.quotes:
        sent = dt.sentence_at(q.open)
        if sent is None:
            continue
        att = attribute(dt, sent, q.open, q.close)
        speaker, rule = att.speaker, "cue" if att.speaker else "none"
        label = _label_speaker(dt, label_at.get(q.start), labels)
        if label is not None:
            speaker, rule = label, "label"
        elif speaker is None and not att.impersonal:
            dash = _dash_speaker(dt, q)
            if dash is not None:
                speaker, rule = dash, "dash"
        if speaker is None and att.source and not att.impersonal and att.via is None:
            idx, name = name_to_mention(dt, att.source)  # "laut Scholz" -> Olaf Scholz
            a, b = att.source_span or (q.open, q.open)
            speaker = Speaker(a, b, att.source, name or att.source, idx, "source")
            rule = "source"
        if speaker is None and not att.impersonal and _only_quote(dt, sent, q):
            prev = _previous_speaker(dt, sent, hits, cache)
            if prev is not None:
                speaker, rule = prev, "previous"
        hits.append(QuoteHit(q, sent, att, speaker, rule))
    _continuations(dt, hits, cache)
    return [h for h in hits if _keep(dt, h)]


def _label_speaker(dt: DocText, m: re.Match | None, labels: dict[str, int]) -> Speaker | None:
    """ "PENCE: Well, …": the transcript label ``m`` at the start of a quote, if it names someone."""
    if m is None or len(m.group(1).replace(".", "")) < 3:
        return None  # "Q:", "A:" are no speakers
    label = m.group(1)
    idx, name = name_to_mention(dt, label.title())
    if idx is None and labels.get(label, 0) < 2:
        return None  # "UPDATE:", "NOTE:" once: a heading, not a speaker
    return Speaker(m.start(1), m.end(1), label, name or label.title(), idx, "label")


def _dash_speaker(dt: DocText, q: QuoteSpan) -> Speaker | None:
    """ "“…” ― Krystal Correa": the name after a dash that follows the closing mark."""
    if not q.closed:
        return None
    m = _DASH.match(dt.text, q.close + 1)
    if m is None:
        return None
    text = m.group(1).rstrip(".")
    idx, name = name_to_mention(dt, text)
    return Speaker(m.start(1), m.start(1) + len(text), text, name or text, idx, "dash")


def _only_quote(dt: DocText, sent: Sentence, q: QuoteSpan) -> bool:
    """Whether the sentence is the quote alone (or a run of quotes)."""
    outside = "".join(dt.text[a:b] for a, b in dt.outside_quotes(sent.start, sent.end))
    return bool(_ONLY_PUNCT.match(outside))


def _sentence_attribution(dt: DocText, sent: Sentence, cache: dict[int, Attribution]) -> Attribution:
    if sent.index not in cache:
        cache[sent.index] = attribute(dt, sent, sent.end)
    return cache[sent.index]


def _previous_speaker(dt: DocText, sent: Sentence, hits: list[QuoteHit], cache) -> Speaker | None:
    """The speaker of the sentence before, if that sentence reports speech."""
    if sent.index == 0:
        return None
    prev = dt.sentences[sent.index - 1]
    if sent.paragraph - prev.paragraph > 1:
        return None
    quoted = [h for h in hits if h.sentence.index == prev.index]
    if quoted:
        return quoted[-1].speaker  # None too: an unattributed quote passes nothing on
    att = _sentence_attribution(dt, prev, cache)
    if att.cue is not None and att.cue.strong and att.speaker is not None:
        return att.speaker
    return None


def _continuations(dt: DocText, hits: list[QuoteHit], cache) -> None:
    """ "…, Kim continued." after an unattributed quote: Kim was speaking before."""
    by_sentence: dict[int, list[QuoteHit]] = {}
    for h in hits:
        by_sentence.setdefault(h.sentence.index, []).append(h)
    for h in hits:
        if h.speaker is not None or h.attribution.impersonal or h.sentence.index + 1 >= len(dt.sentences):
            continue
        nxt = dt.sentences[h.sentence.index + 1]
        if nxt.paragraph - h.sentence.paragraph > 1:
            continue
        att = _sentence_attribution(dt, nxt, cache)
        if att.cue is not None and att.cue.continuation and att.speaker is not None:
            h.speaker, h.rule = att.speaker, "continuation"


def _keep(dt: DocText, h: QuoteHit) -> bool:
    """Drop what only looks like a quote: unattributed single words and titles."""
    if h.speaker is not None:
        return True
    words = dt.text[h.span.start:h.span.end].split()
    if len(words) < 2:
        return False
    return not (dt.lex.lang == "en" and all(w[:1].isupper() for w in words if len(w) > 3))


def extract_quotes(dt: DocText) -> list[Quote]:
    return [h.to_quote(dt) for h in find_quotes(dt)]
