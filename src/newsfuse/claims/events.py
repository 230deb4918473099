"""Events and status: which happening a sentence reports (arrive, sign, meet,
...) and, for agreements, whether it is planned or done.

Triggers come from the language's lexicon. German separable verbs are
matched as finite verb plus particle later in the sentence ("traf ... ein"),
German compounds by their last part ("Staatsbesuch" -> "besuch").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsfuse.claims.lexicon import Lexicon
from newsfuse.claims.text import DocText, Sentence, tokens



@dataclass(slots=True)
class EventHit:
    key: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class StatusHit:
    event: str
    status: str  # planned, done, not done
    start: int
    end: int
    obj: str  # the agreement noun as written


def find_events(dt: DocText, sent: Sentence) -> list[EventHit]:
    """Event triggers in ``sent`` (outside quotation marks), in text order."""
    toks = [t for a, b in dt.outside_quotes(sent.start, sent.end) for t in tokens(dt.text, a, b)]
    return events_in_tokens(toks, dt.lex)


def event_keys(text: str, lex: Lexicon) -> set[str]:
    """The event keys a plain sentence mentions (used to compare claims)."""
    return {h.key for h in events_in_tokens(tokens(text), lex)}


def events_in_tokens(toks: list[tuple[int, int, str]], lex: Lexicon) -> list[EventHit]:
    idx = lex.event_index
    lows = [t[2].lower() for t in toks]
    out: list[EventHit] = []
    k = 0
    while k < len(toks):
        hit = None
        for key, words, separable in idx["first"].get(lows[k], ()):
            if separable:
                if words[1] in lows[k + 1:]:
                    hit = (key, k, " ".join(words))
                    break
            elif tuple(lows[k:k + len(words)]) == words:
                hit = (key, k + len(words) - 1, " ".join(words))
                break
        if hit is None and lex.compounds and toks[k][2][:1].isupper():
            w = lows[k]
            for n in idx["head_lengths"]:
                if n < len(w) and w[-n:] in idx["heads"]:
                    hit = (idx["heads"][w[-n:]], k, w[-n:])
                    break
        if hit is not None:
            out.append(EventHit(hit[0], toks[k][0], toks[hit[1]][1], hit[2]))
            k = hit[1] + 1
            continue
        k += 1
    return out


def find_status(dt: DocText, sent: Sentence) -> list[StatusHit]:
    """Planned/done status of an agreement: "hopes to sign a treaty" vs "have signed"."""
    lex, text = dt.lex, dt.text
    low = text[sent.start:sent.end].lower()
    nouns = _agreement_nouns(dt, sent, lex)
    if not nouns:
        return []
    out: list[StatusHit] = []
    for event, forms in lex.status.items():
        spans: list[tuple[int, int, str]] = []
        for status, pattern in lex.status_re.get(event, {}).items():
            for m in pattern.finditer(low):
                spans.append((m.start(), m.end(), status))
        for a, b, w in nouns:
            before = low[max(0, a - sent.start - 40):a - sent.start].split()[-3:]
            if any(x in forms.get("planned_adjectives", []) for x in before):
                spans.append((a - sent.start - 1, a - sent.start, "planned"))
        if not spans:
            continue
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        kept: list[tuple[int, int, str]] = []
        for s in spans:
            if kept and s[0] < kept[-1][1]:
                if kept[-1][2] == "done" and s[2] == "planned":
                    kept[-1] = s  # "to be signed", "unterzeichnet werden": the longer planned reading
                continue
            kept.append(s)
        status = "planned" if any(s[2] == "planned" for s in kept) else "done"
        first = next(s for s in kept if s[2] == status)
        if status == "done" and _negated(low, first[0], lex):
            status = "not done"
        noun = min(nouns, key=lambda n: abs(n[0] - sent.start - first[0]))
        out.append(StatusHit(event, status, sent.start + first[0], sent.start + first[1], noun[2]))
    return out


def _agreement_nouns(dt: DocText, sent: Sentence, lex: Lexicon) -> list[tuple[int, int, str]]:
    out = []
    for s, e, w in tokens(dt.text, sent.start, sent.end):
        if w[0].isalpha() and lex.head_matches(w.rstrip("s") if not lex.compounds else w, lex.agreement_nouns):
            out.append((s, e, w))
    return out


def _negated(low: str, pos: int, lex: Lexicon) -> bool:
    window = low[max(0, pos - 20):pos + 25]
    return any(re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", window) for n in lex.negators)
