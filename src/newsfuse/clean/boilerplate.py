"""The line/paragraph classifier: body or boilerplate, and which kind.

Two passes. The first looks at each block alone: lexicon lines (data files),
credit and caption shapes, widgets, bare dates, notices, legal density. The
second looks at context: trailing comment/teaser sections, "read more" links
that mark the block before them, captions next to credit lines, datelines,
the title, and headings left without any text after them.
"""
from __future__ import annotations

import re
from functools import lru_cache

import regex

from newsfuse.clean.blocks import (Block, ends_sentence, has_glue, is_body_like, is_heading_like,
                                   normalise, sentence_count, words)
from newsfuse.clean.lexicon import Lexicon, agency_pattern, load_lexicon
from newsfuse.meta.datetext import date_only, find_dates

_NO_TEXT = regex.compile(r"^[^\p{L}\p{N}]*$")
_DASH_ONLY = regex.compile(r"^\s*[—–-]{1,3}\s*$")
_WIDGET = regex.compile(
    r"^\s*-?\d{1,3}(?:[.,]\d)?\s?°?\s?[CF]\s*$"  # temperature
    r"|^\s*\d{1,2}[:.]\d{2}\s?(?:am|pm|uhr|h)?\s*$"  # clock
    r"|^\s*-?\d{1,3}(?:[.,]\d)?\s?°\s?[CF]?\s+\p{L}[\p{L} ]{1,25}$",  # "17° Berlin"
    regex.I)
_HAS_DIGIT = regex.compile(r"\d")
_OPENS_WITH_DATELINE = regex.compile(r"^(?:\p{Lu}[\p{Lu} .,'-]{1,40}\s)?\([\p{L} /.&-]{2,30}\)\s?[—–-]")
_LABELLED_CREDIT_TAIL = None  # compiled lazily from the lexicon


def _credit_tail(lex: Lexicon) -> regex.Pattern:
    global _LABELLED_CREDIT_TAIL
    if _LABELLED_CREDIT_TAIL is None:
        labels = "|".join(regex.escape(x) for x in lex.credit_labels)
        _LABELLED_CREDIT_TAIL = re.compile(
            rf"(?:(?:^|[\s.(|])(?:{labels})\s?(?:credit)?\s?:|\s(?:©|\(c\)|copyright))\s?[^.!?]{{1,80}}\)?\s*$", re.I)
    return _LABELLED_CREDIT_TAIL


def is_credit_line(text: str) -> bool:
    """Names separated by slashes/pipes with a known agency, or an agency alone.

    "Wladimir Smirnow/Sputnik/Pool/Reuters", "AP Photo/Ahn Young-joon",
    "Stringer/Getty Images", "Reuters".
    """
    t = text.strip().strip("()[]")
    if not t or len(t) > 120 or ends_sentence(t) and not t.endswith("."):
        return False
    parts = [p.strip() for p in regex.split(r"\s*[/|]\s*|\s+via\s+|,\s*", t) if p.strip()]
    if not parts or any(len(p.split()) > 4 for p in parts):
        return False
    agencies = agency_pattern()
    known = [p for p in parts if agencies.fullmatch(p)]
    if not known:
        return False
    # every other part must look like a name (capitalised words), not prose
    return all(regex.fullmatch(r"[\p{Lu}\p{N}][\p{L}\p{N}.'’&-]*(?:\s[\p{Lu}\p{N}(][\p{L}\p{N}.'’&()-]*)*", p)
               for p in parts if p not in known) and (len(parts) > 1 or len(known) == 1)


@lru_cache(maxsize=1)
def _agency_tail() -> re.Pattern:
    return re.compile(f"(?:{agency_pattern().pattern})$")


def glued_credit(text: str) -> bool:
    """A caption with its credit glued on: "...at the airportReuters"."""
    if ends_sentence(text) or len(words(text)) > 35:
        return False
    m = _agency_tail().search(text[-48:].rstrip())
    return bool(m) and m.start() > 0 and text[-48:].rstrip()[m.start() - 1].islower()


def _group(m) -> str:
    return next(k for k, v in m.groupdict().items() if v is not None)


def classify_alone(block: Block, lex: Lexicon, templates: frozenset[str]) -> None:
    """First pass: decide what a block is from its own text."""
    text = block.text
    key = block.key
    if key and key in templates:
        return block.drop("template")
    if _NO_TEXT.match(text):
        return None if _DASH_ONLY.match(text) else block.drop("navigation")
    n = block.n_words
    # anchor words first (one cheap search), then the combined pattern gates the three below
    hit = n <= 40 and lex.short_gate.search(text.lower()) and lex.short_any.search(text)
    if hit and lex.mt_notice.search(text):
        return block.drop("notice", "mt-notice")
    if hit and n <= 40 and lex.notice.search(text):
        return block.drop("notice")
    if hit and n <= 25 and lex.cta.search(text):
        return block.drop("navigation", "cta")
    if _WIDGET.match(text):
        return block.drop("navigation", "widget")
    if n <= 12 and _HAS_DIGIT.search(text) and (date_only(text) or _label_date_only(text)):
        return block.drop("dateline")
    if n <= 60:
        m = lex.line_all.match(key)
        if m:
            kind = _group(m)
            if kind == "credit" and n > 8:
                kind = "caption"  # "Image: <what it shows>. Pic: <credit>"
            return block.drop(kind)
    if n <= 80:
        m = lex.prefix_all.match(text.strip())
        if m:
            return block.drop(_group(m))
    if n <= 14 and lex.byline.match(text.strip()):
        return block.drop("byline")
    if n <= 12 and is_credit_line(text):
        block.tag = "credit-line"
        return block.drop("credit")
    if glued_credit(text):
        return block.drop("caption")
    if n <= 60 and (":" in text[-90:] or "©" in text[-90:]) and not ends_sentence(text.rstrip(") ")) and _credit_tail(lex).search(text):
        return block.drop("caption")
    return None


def _label_date_only(text: str) -> bool:
    """"Aktualisiert am 17.01.2021." / "Published: 3 May 2021"."""
    split = leading_date_label(text)
    return bool(split) and not split[1].strip(" .")


def _keyword_hits(text: str, lex: Lexicon, kinds=("legal", "comments")) -> int:
    """Distinct lexicon terms of these kinds in ``text``."""
    return sum(len({m.group(0).casefold() for m in lex.keywords[k].finditer(text)}) for k in kinds if k in lex.keywords)


def mark_legal(blocks: list[Block], lex: Lexicon) -> None:
    """Comment-section rules and legal notices: dense in their own vocabulary."""
    n = len(blocks)
    for b in blocks:
        if b.removed or b.index < n * 0.5:
            continue
        w = b.n_words
        legal = _keyword_hits(b.text, lex, ("legal",))
        if legal < 2:
            continue
        both = legal + _keyword_hits(b.text, lex, ("comments",))
        if w and legal >= 2 and both >= 4 and both * 10 >= w:
            b.drop("legal")


def mark_sections(blocks: list[Block], lex: Lexicon) -> None:
    """A comments or related-articles header late in the text opens a section
    that runs to the end (comments) or while the blocks look like teasers."""
    n = len(blocks)
    first_body = next((b.index for b in blocks if not b.removed and is_body_like(b.text)), n)
    for i, b in enumerate(blocks):
        key = b.key
        if i <= first_body or b.n_words > 30:
            continue
        if lex.sections["comments"].match(key) and i >= n * 0.4:
            rest = blocks[i + 1:]
            if not rest or any(_keyword_hits(r.text, lex) >= 2 for r in rest[:2]):
                b.drop("comments")
                for r in rest:
                    if not r.removed:
                        r.drop("comments")
                return
        if lex.sections["teaser"].match(key):
            b.drop("navigation", "teaser")
            for r in blocks[i + 1:]:
                if r.removed:
                    continue
                if is_body_like(r.text) and not has_glue(r.text) and len(words(r.text)) >= 20 \
                        and not _followed_by_readmore(blocks, r.index, lex):
                    break
                r.drop("teaser")


def _followed_by_readmore(blocks: list[Block], i: int, lex: Lexicon) -> bool:
    return i + 1 < len(blocks) and bool(lex.readmore.match(blocks[i + 1].key or blocks[i + 1].text.strip()))


def mark_readmore(blocks: list[Block], lex: Lexicon) -> None:
    """"Weiterlesen »" / "Read more" after a block: that block teases another article."""
    for i, b in enumerate(blocks):
        key = b.key or b.text.strip()
        if len(key) > 40 or not lex.readmore.match(key):
            continue
        if not b.removed:
            b.drop("navigation", "teaser")
        j = i - 1
        while j >= 0 and blocks[j].removed and blocks[j].reason not in ("teaser",):
            j -= 1
        if j >= 0 and not blocks[j].removed and (i - j) <= 2:
            blocks[j].drop("teaser")


def mark_datelines(blocks: list[Block]) -> list[str]:
    """"CNN" + "—" on their own lines: an agency/outlet dateline. Returns the names."""
    names = []
    for i, b in enumerate(blocks):
        if _DASH_ONLY.match(b.text) and not b.removed:
            prev = blocks[i - 1] if i else None
            if prev is not None and len(words(prev.text)) <= 4 and regex.match(r"^[\p{Lu}(]", prev.text) \
                    and not ends_sentence(prev.text):
                prev.drop("dateline")
                names.append(prev.text.strip("() "))
            b.drop("dateline")
    return names


def mark_captions(blocks: list[Block]) -> None:
    """A standalone credit line ("Name/Agency") is followed by its caption:
    one short sentence. (Credits after their caption are glued or labelled,
    and caught by the first pass.)"""
    for i, b in enumerate(blocks[:-1]):
        if b.tag != "credit-line":
            continue
        c = blocks[i + 1]
        if c.removed or c.kind == "title" or _OPENS_WITH_DATELINE.match(c.text):
            continue
        if sentence_count(c.text) == 1 and 5 <= len(words(c.text)) <= 40 and ends_sentence(c.text):
            c.drop("caption")


def mark_title(blocks: list[Block], known_title: str | None, guess: bool = True) -> str | None:
    """Leading heading-like blocks before the first prose block are the title
    (the longest) and its kicker; blocks before them that are short and
    heading-like but not prose stay where the first pass put them."""
    title_blocks = []
    for b in blocks:
        if b.removed:
            continue
        if is_heading_like(b.text, 25) and len(title_blocks) < 3:
            title_blocks.append(b)
            continue
        break
    if known_title:
        kt = normalise(known_title)
        for b in blocks[:6]:
            if not b.removed and normalise(b.text) == kt:
                if guess:  # in text input the title line is not body; extracted HTML keeps it
                    b.kind = "title"
                return known_title
        if not title_blocks or not guess:
            return known_title
    if not guess:
        return None
    # a lone heading that leads straight into text is a title only when it is
    # the first block; later single headings are subheadings of the body
    if not title_blocks:
        return None
    if title_blocks[0].index != min((b.index for b in blocks if not b.removed), default=-1):
        return known_title
    for b in title_blocks:
        b.kind = "title"
    return known_title or max(title_blocks, key=lambda b: len(b.text)).text


def mark_pipe_lines(blocks: list[Block], max_lines: int = 3) -> None:
    """Short "a | b | c" lines are breadcrumbs and meta bars — unless the page
    has many, then they are table rows."""
    piped = [b for b in blocks if not b.removed and " | " in f" {b.text} " and b.n_words <= 15
             and not ends_sentence(b.text)]
    if len(piped) <= max_lines:
        for b in piped:
            b.drop("navigation")


def mark_trailing(blocks: list[Block], max_run: int = 3) -> None:
    """A few short headings at the end with no prose after them head nothing:
    navigation. A longer run is content (a list of dates, products, links)."""
    run = []
    for b in reversed(blocks):
        if b.removed or b.kind == "title":
            continue
        if is_body_like(b.text) or not is_heading_like(b.text, 10):
            break
        run.append(b)
        if len(run) > max_run:
            return
    for b in run:
        if not regex.search(r"https?://|www\.|^\s*\d", b.text):
            b.drop("navigation", "trailing")


def classify(blocks: list[Block], templates: frozenset[str] = frozenset(),
             known_title: str | None = None, guess_title: bool = True) -> tuple[str | None, list[str]]:
    """Label every block in place. Returns (title, outlet names seen in datelines)."""
    lex = load_lexicon()
    for b in blocks:
        classify_alone(b, lex, templates)
    datelines = mark_datelines(blocks)
    mark_legal(blocks, lex)
    mark_sections(blocks, lex)
    mark_readmore(blocks, lex)
    title = mark_title(blocks, known_title, guess_title)
    mark_captions(blocks)
    mark_pipe_lines(blocks)
    mark_trailing(blocks)
    return title, datelines


def leading_date_label(text: str) -> tuple[str, str] | None:
    """Split "date 2024-06-19 Kremlin chief in North Korea" into (date part, rest)."""
    m = load_lexicon().date_label.match(text)
    if not m:
        return None
    dates = find_dates(text[m.end():m.end() + 40])
    if not dates or dates[0].start != 0 or dates[0].day is None:
        return None
    cut = m.end() + dates[0].end
    rest = text[cut:].strip(" |-–—:,")
    if rest.strip(".") and not is_heading_like(rest, 15):
        return None  # "Am 14. Juni 2005 hielt Steve Jobs ...": the date opens a sentence
    return text[:cut].strip(), rest.strip(".")
