"""Splitting text into blocks (paragraphs/lines) and the language-independent
features the classifier looks at."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

_TRIM = " \t\u00a0-–—•·*|>»›<«‹:;,.…!?/\\#~=_+\"'“”„‘’()[]{}"
_WS = regex.compile(r"\s+")
_SENT_END = regex.compile(r"[.!?…。！？]['\"”“’»)\]」』）]*$|[.!?][\"”“’»]?\s*\.?[\"”“’»]?$")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}]")
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.-]*")
# lower-case letter (or closing quote) glued to the capitalised start of the next text
_GLUE = regex.compile(r"(?<=\p{Ll}{2}[“”\"’»]?)(?=\p{Lu}\p{Ll}{2,})")
_HARDWRAP_BREAK = regex.compile(r"[^\n]\n(?=\p{Ll})")


@dataclass
class Block:
    """One line/paragraph of the input and what cleaning decided about it."""

    text: str
    index: int
    kind: str = "body"  # a ParagraphKind
    reason: str = ""  # set when the block is removed from the body
    tag: str = ""  # which rule fired, for rules that read other rules' results
    _key: str | None = None
    _n: int | None = None

    @property
    def key(self) -> str:
        """``normalise(text)``, computed once."""
        if self._key is None:
            self._key = normalise(self.text)
        return self._key

    @property
    def n_words(self) -> int:
        if self._n is None:
            self._n = len(words(self.text))
        return self._n

    def set_text(self, text: str) -> None:
        self.text, self._key, self._n = text, None, None

    @property
    def removed(self) -> bool:
        return bool(self.reason)

    def drop(self, kind: str, reason: str | None = None) -> None:
        self.kind, self.reason = kind, reason or kind


def normalise(text: str) -> str:
    """Casefolded, NFKC, whitespace-collapsed, trimmed of bullets and punctuation."""
    text = unicodedata.normalize("NFKC", text)
    return _WS.sub(" ", text).strip(_TRIM).casefold()


def split_blocks(raw: str) -> list[Block]:
    """One block per non-empty line; hard-wrapped paragraphs are joined first.

    Scraped text usually has one paragraph per line. Text wrapped at a fixed
    width (e-mail, plain-text archives) has line breaks inside sentences,
    visible as a break followed by a lower-case letter: then blank lines
    separate paragraphs and single breaks are joined.
    """
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    lines = _join_continuations([ln for ln in raw.split("\n") if ln.strip()])
    if "\n\n" in raw and len(lines) > 4 and len(_HARDWRAP_BREAK.findall(raw)) >= 0.3 * raw.count("\n"):
        parts = [_WS.sub(" ", p).strip() for p in regex.split(r"\n\s*\n", raw)]
        lines = [p for p in parts if p]
    return [Block(_WS.sub(" ", ln).strip(), i) for i, ln in enumerate(lines)]


def _join_continuations(lines: list[str]) -> list[str]:
    """A line that starts in lower case after a line left open (no sentence
    end) continues it: text broken by <br> or by a scraper."""
    out: list[str] = []
    for ln in lines:
        s = ln.strip()
        if out and s[:1].islower() and not ends_sentence(out[-1]) and not out[-1].rstrip().endswith(":") \
                and len(out[-1]) > 20:
            out[-1] = out[-1].rstrip() + " " + s
        else:
            out.append(ln)
    return out


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def ends_sentence(text: str) -> bool:
    return bool(_SENT_END.search(text.rstrip()))


def is_heading_like(text: str, max_words: int = 20) -> bool:
    """Short and not closed by sentence punctuation: a title, kicker or subheading."""
    n = len(words(text))
    stripped = text.rstrip()
    if _CJK.search(text) and len(stripped) > 2 * max_words:
        return False
    return 0 < n <= max_words and not ends_sentence(stripped) and not stripped.endswith((":", ",", ";"))


def is_body_like(text: str) -> bool:
    """A block that reads like article prose: a sentence, or a long run of words."""
    n = len(words(text))
    if _CJK.search(text):  # no spaces between words: count characters
        return len(text) >= 40 or (len(text) >= 12 and ends_sentence(text))
    return n >= 25 or (n >= 6 and ends_sentence(text))


def has_glue(text: str) -> bool:
    """Two texts concatenated without a space ("...UnterstützungEs ist ...")."""
    return bool(_GLUE.search(text))


def sentence_count(text: str) -> int:
    ends = regex.findall(r"(?:(?<=\p{L}\p{L})|(?<=[)\"”“’»]))[.!?]+[\"”“’»)]?(?:\s+|$)(?=\p{Lu}|$|[\"„“])", text.strip())
    return max(1, len(ends))
