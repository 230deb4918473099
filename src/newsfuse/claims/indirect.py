"""Indirect speech: reported statements without quotation marks.

Two shapes of news prose are taken, and only with a speaker that resolves:

* the statement first, the attribution closing the sentence after a comma:
  "He fully supports the operation, Kim said in Pyongyang." /
  "Russland spiele eine wichtige Rolle, führte Kim aus.";
* the attribution first, the statement as its clause:
  "Officials said (that) the talks had failed." /
  "Ein US-Beamter sagte, dass russische Streitkräfte ... abgefeuert hätten."

They become ``Quote(direct=False)``. Sentences that contain quotation marks
are left to the direct quotes.
"""
from __future__ import annotations

import re

from newsfuse.claims.attribution import cue_subject, find_cues
from newsfuse.claims.speakers import resolve, sentence_candidates
from newsfuse.claims.text import DocText, Sentence
from newsfuse.model import Quote

_MIN_WORDS = 4
# "said (to reporters) that", "sagte außerdem, dass": up to four words before the complementiser
_THAT = re.compile(r"(?:\s*[\w’'\-]+){0,4}?\s*,?\s*\b(?:that|dass|daß)\b\s*", re.I)
_COMMA = re.compile(r"(?:\s*[\w’'\-]+){0,2}?\s*,\s*")  # German: "sagte (außerdem), die Lage sei ernst"
_CLAUSE = re.compile(r"\s*(?=(?:the|a|an|he|she|it|they|we|i|there|this|his|her|their|its)\b)", re.I)


def find_indirect(dt: DocText) -> list[Quote]:
    """Reported statements of the document, each with its speaker."""
    out = []
    for sent in dt.sentences:
        if dt.quotes_in(sent.start, sent.end) or dt.in_quote(sent.start):
            continue
        q = _indirect(dt, sent)
        if q is not None:
            out.append(q)
    return out


def _indirect(dt: DocText, sent: Sentence) -> Quote | None:
    lex, text = dt.lex, dt.text
    cands = sentence_candidates(dt, sent)
    for cue in find_cues(dt, sent):
        head = cue.text.split()[0].lower()
        if not cue.strong or head not in lex.clause_cues:
            continue
        subj = cue_subject(dt, sent, cue, cands)
        if subj is None:
            continue
        speaker = resolve(dt, subj, sent, verb_plural=cue.plural)
        if speaker is None or speaker.is_medium and subj.start > cue.start:
            continue
        first = min(subj.start, cue.start)
        before = text[sent.start:first].rstrip()
        if before.endswith(",") and len(before.split()) >= _MIN_WORDS:
            start, end = sent.start, sent.start + len(before) - 1  # "..., Kim said."
        else:
            if len(before.split()) > 4:
                continue  # the attribution is buried mid-sentence: leave it
            after = max(cue.end, subj.end)
            if lex.compounds and "…" in cue.text:  # separable: "fügte ... hinzu, dass"
                particle = cue.text.split()[-1]
                m = re.search(r"(?<!\w)" + re.escape(particle) + r"(?!\w)", text[after:sent.end])
                after = after + m.end() if m else after
            rest = text[after:sent.end]
            m = _THAT.match(rest) or (_COMMA.match(rest) if lex.compounds else _CLAUSE.match(rest))
            if m is None:
                continue
            start, end = after + m.end(), sent.end
        content = text[start:end].strip().rstrip(".!?;:").strip()
        if len(content.split()) < _MIN_WORDS:
            continue
        offset = text.find(content, start)
        return Quote(text=content, document=dt.doc.id, language=dt.doc.language, speaker_name=speaker.name,
                     speaker_mention=speaker.mention, cue=cue.text, start=offset, end=offset + len(content),
                     direct=False)
    return None
