"""Fast text helpers of the claims stage: quote spans, sentences, tokens, and a
per-document view (``DocText``) that the extractors share.

Everything is regex based and linear in the text: the stage has to keep up
with the rest of the pipeline (>25 documents/s on two cores).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from newsfuse.claims.lexicon import Lexicon, lexicon
from newsfuse.model import Document, Mention

DOUBLE = "\"„“”«»"
SINGLE = "'‚‘’"
_OPEN_CONTEXT = set("([{—–-/:;,\u00a0") | set(DOUBLE) | set(SINGLE)
_CLOSE_CONTEXT = set(".,;:!?)]}—–-…/") | set(DOUBLE) | set(SINGLE)
_SPACES = " \u00a0\u202f\u2009"
_MAX_SINGLE = 300  # single marks double as apostrophes: keep their quotes short


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """Quotation marks at ``open`` and ``close`` (``close`` may be a paragraph end)."""

    open: int
    close: int
    start: int  # content, marks excluded
    end: int
    closed: bool = True


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    index: int


def _role(text: str, i: int) -> str | None:
    """"open", "close", "both" or None (an apostrophe) for the mark at ``i``."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in "„‚":
        return "open"
    # French « spaced »: a space on both sides of the mark is typography, not context
    # (German »umgekehrt« has no inner spaces, so it is unaffected)
    if ch == "«" and nxt in _SPACES and (prev.isspace() or prev in _OPEN_CONTEXT):
        return "open"
    if ch == "»" and prev in _SPACES and (nxt.isspace() or nxt in _CLOSE_CONTEXT):
        return "close"
    if ch in SINGLE and prev.isalnum() and nxt.isalnum():
        return None  # don't, Kim's, admiral’s
    opening = (prev.isspace() or prev in _OPEN_CONTEXT) and not nxt.isspace() and nxt not in ",.;:!?"
    closing = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_CONTEXT or not nxt.isalnum())
    if ch in SINGLE and closing and prev.isalpha() and prev.lower() == "s" and not opening:
        return "close"  # may be a plural possessive; only used when a quote is open
    if not opening and not closing and prev.isspace() and (nxt.isspace() or nxt in ",.;:!?"):
        return "close"  # "nach Santiago “, sagt sie": a closing mark typed after a space
    if opening and closing:
        return "both"
    return "open" if opening else "close" if closing else None


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Quoted passages in any of „…“ “…” "…" «…» »…« ‘…’ ‚…‘ '…', outermost only.

    A double quote left open at a paragraph end is closed there (multi-paragraph
    quotes reopen in the next paragraph); stray closing marks are ignored.

    >>> [text[s.start:s.end] for text in ['Er sagte: „Wir kommen.“'] for s in find_quote_spans(text)]
    ['Wir kommen.']
    """
    spans: list[QuoteSpan] = []
    pending: int | None = None
    single: int | None = None
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n" and i + 1 < n and text[i + 1] == "\n":
            if pending is not None:
                _add(spans, text, pending, i, closed=False)
            pending = single = None
        elif ch in DOUBLE or (ch == "'" and text.startswith("''", i)):
            at = i  # where the mark starts ('' written for a double quote is two characters)
            if ch == "'":
                role = _role(text[max(0, i - 1):i] + '"' + text[i + 2:i + 3], 1 if i > 0 else 0)
                i += 1
            else:
                role = _role(text, i)
            if role in ("open", "both") and pending is None:
                pending, single = i, None
            elif role in ("close", "both") and pending is not None:
                _add(spans, text, pending, at)
                pending = None
            elif role == "open":
                pending = i  # an earlier unmatched opening mark was stray
        elif ch in SINGLE and pending is None:
            role = _role(text, i)
            if role in ("open", "both") and single is None and ch != "’":
                single = i
            elif role in ("close", "both") and single is not None:
                if i - single <= _MAX_SINGLE:
                    _add(spans, text, single, i)
                single = None
        i += 1
    if pending is not None:
        _add(spans, text, pending, n, closed=False)
    return spans


def _add(spans: list[QuoteSpan], text: str, open_: int, close: int, closed: bool = True) -> None:
    start, end = open_ + 1, close
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if any(c.isalpha() for c in text[start:end]):
        spans.append(QuoteSpan(open_, close, start, end, closed))


_BREAK = re.compile(r"[.!?…]+[\"”“’»«')\]]*(?=\s)|\n")
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")


def split_sentences(text: str, lex: Lexicon, protected: list[QuoteSpan] = ()) -> list[tuple[int, int]]:
    """Sentence spans: breaks at . ! ? … before an upper-case start and at newlines,
    not after abbreviations, initials, German ordinals (am 19. Juni), nor inside quotes."""
    inside = [(q.open, q.close) for q in protected]
    opens = [a for a, _ in inside]
    out, start = [], 0
    for m in _BREAK.finditer(text):
        end = m.end()
        if m.group() != "\n":
            j = end
            while j < len(text) and text[j] in " \t\u00a0":
                j += 1
            if j < len(text) and text[j] != "\n" and not _starts_sentence(text[j]):
                continue
            if m.group().startswith("…") and j < len(text) and text[j].isdigit():
                continue  # "das entspricht… 260.000": an elision, not an end
            w = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
            word = w.group(1).lower() if w else ""
            if m.group().startswith(".") and _no_break_after(word, lex):
                continue
            k = bisect.bisect_right(opens, m.start()) - 1
            if k >= 0 and inside[k][0] < m.start() and end <= inside[k][1]:
                continue  # the quote goes on
        _emit(out, text, start, end)
        start = end
    _emit(out, text, start, len(text))
    return out


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in DOUBLE + SINGLE + "([-–—•*"


def _no_break_after(word: str, lex: Lexicon) -> bool:
    if not word:
        return False
    if word in lex.abbreviations or (len(word) == 1 and word.isalpha()):
        return True
    if "." in word.strip("."):  # U.S., z.B.
        return True
    return lex.compounds and word.isdigit() and len(word) <= 2  # German ordinal: am 19. Juni


def _emit(out: list, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append((start, end))


# "1 000" / "10\u00a0000" (French, Russian, Polish ...): thousands grouped by a space are one number
TOKEN = re.compile(r"[^\W\d_][\w'’\-]*[\w]|[^\W\d_]|(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?![\d.,]\d)"
                   r"|\d[\d.,]*\d|\d|\S")


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, text) of each word, number or punctuation mark."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text, start, len(text) if end is None else end)]


def mention_kind(m: Mention) -> str:
    """PER, ORG, LOC or MISC, whichever spelling the recogniser used."""
    return {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC", "GPE": "LOC"}.get(m.type, m.type[:3])


@dataclass
class DocText:
    """A document body with its quotes, sentences and mentions indexed for look-ups."""

    doc: Document
    text: str = ""
    lex: Lexicon = None  # type: ignore[assignment]
    quotes: list[QuoteSpan] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.text = self.doc.body
        self.lex = lexicon(self.doc.language)
        self.quotes = find_quote_spans(self.text)
        par_starts, pos = [], 0
        for p in self.doc.paragraphs:
            if p.kind == "body":
                par_starts.append(pos)
                pos += len(p.text) + 2
        self._par_starts = par_starts or [0]
        self.sentences = [Sentence(a, b, bisect.bisect_right(self._par_starts, a) - 1, i)
                          for i, (a, b) in enumerate(split_sentences(self.text, self.lex, self.quotes))]
        self._sent_starts = [s.start for s in self.sentences]
        order = sorted(range(len(self.doc.mentions)), key=lambda i: self.doc.mentions[i].start)
        self._m_order = order
        self._m_starts = [self.doc.mentions[i].start for i in order]
        self._q_opens = [q.open for q in self.quotes]

    def cached(self, key, compute):
        """A per-document memo: candidates and cues are asked for many times per sentence."""
        memo = self.__dict__.setdefault("_memo", {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def sentence_at(self, pos: int) -> Sentence | None:
        k = bisect.bisect_right(self._sent_starts, pos) - 1
        return self.sentences[k] if k >= 0 else None

    def mentions_in(self, start: int, end: int) -> list[int]:
        """Indices (into doc.mentions) of mentions starting in [start, end), in text order."""
        a = bisect.bisect_left(self._m_starts, start)
        b = bisect.bisect_left(self._m_starts, end)
        return [self._m_order[k] for k in range(a, b) if self.doc.mentions[self._m_order[k]].end <= end]

    def in_quote(self, pos: int) -> QuoteSpan | None:
        k = bisect.bisect_right(self._q_opens, pos) - 1
        if k >= 0 and self.quotes[k].open <= pos < max(self.quotes[k].close, self.quotes[k].open + 1):
            return self.quotes[k]
        return None

    def quotes_in(self, start: int, end: int) -> list[QuoteSpan]:
        a = bisect.bisect_left(self._q_opens, start)
        b = bisect.bisect_left(self._q_opens, end)
        return self.quotes[a:b]

    def outside_quotes(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of [start, end) that are not inside quotation marks."""
        parts, pos = [], start
        for q in self.quotes_in(start, end):
            if q.open > pos:
                parts.append((pos, q.open))
            pos = max(pos, q.close + 1)
        if pos < end:
            parts.append((pos, end))
        return parts
