"""The line/paragraph classifier: body or boilerplate, and which kind.

Two passes. The first looks at each block alone: lexicon lines (data files),
credit and caption shapes, widgets, bare dates, notices, legal density. The
second looks at context: trailing comment/teaser sections, "read more" links
that mark the block before them, captions next to credit lines, datelines,
the title, and headings left without any text after them.
"""
from __future__ import annotations

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
_LABELLED_CREDIT_TAIL = None  # compiled lazily from the lexicon


def _credit_tail(lex: Lexicon) -> regex.Pattern:
    global _LABELLED_CREDIT_TAIL
    if _LABELLED_CREDIT_TAIL is None:
        labels = "|".join(regex.escape(x) for x in lex.credit_labels)
        _LABELLED_CREDIT_TAIL = regex.compile(
            rf"(?:^|[\s.(|])(?:{labels})\s?(?:credit)?\s?:\s?[^.!?]{{1,80}}\)?\s*$", regex.I)
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
               for p in parts) and (len(parts) > 1 or len(known) == 1)


def glued_credit(text: str) -> bool:
    """A caption with its credit glued on: "...at the airportReuters"."""
    if ends_sentence(text) or len(words(text)) > 35:
        return False
    m = regex.search(rf"(?<=\p{{Ll}})(?:{agency_pattern().pattern})\s*$", text)
    return bool(m)


def classify_alone(block: Block, lex: Lexicon, templates: frozenset[str]) -> None:
    """First pass: decide what a block is from its own text."""
    text = block.text
    key = normalise(text)
    if key and key in templates:
        return block.drop("template")
    if _NO_TEXT.match(text):
        return None if _DASH_ONLY.match(text) else block.drop("navigation")
    n = len(words(text))
    if n <= 60 and lex.mt_notice.search(text):
        return block.drop("notice", "mt-notice")
    if n <= 40 and lex.notice.search(text):
        return block.drop("notice")
    if _WIDGET.match(text):
        return block.drop("navigation", "widget")
    if n <= 12 and date_only(text):
        return block.drop("dateline")
    for kind in ("advertisement", "credit", "navigation", "comments", "footer", "teaser"):
        pat = lex.line.get(kind)
        if pat is not None and n <= 60 and pat.match(key):
            if kind == "credit" and len(words(text)) > 8:
                kind = "caption"  # "Image: <what it shows>. Pic: <credit>"
            return block.drop(kind)
    for kind in ("teaser", "caption", "advertisement"):
        pat = lex.prefix.get(kind)
        if pat is not None and n <= 80 and pat.match(text.strip()):
            return block.drop(kind)
    if n <= 12 and is_credit_line(text):
        block.tag = "credit-line"
        return block.drop("credit")
    if glued_credit(text):
        return block.drop("caption")
    if n <= 60 and not ends_sentence(text.rstrip(") ")) and _credit_tail(lex).search(text):
        return block.drop("caption")
    return None


def _keyword_hits(text: str, lex: Lexicon, kinds=("legal", "comments")) -> int:
    return sum(1 for k in kinds for p in lex.keywords.get(k, []) if p.search(text))


def mark_legal(blocks: list[Block], lex: Lexicon) -> None:
    """Comment-section rules and legal notices: dense in their own vocabulary."""
    n = len(blocks)
    for b in blocks:
        if b.removed:
            continue
        w = len(words(b.text))
        legal = _keyword_hits(b.text, lex, ("legal",))
        both = legal + _keyword_hits(b.text, lex, ("comments",))
        late = b.index >= n * 0.5
        if w and legal >= 2 and both >= 4 and both * 10 >= w and late:
            b.drop("legal")


def mark_sections(blocks: list[Block], lex: Lexicon) -> None:
    """A comments or related-articles header late in the text opens a section
    that runs to the end (comments) or while the blocks look like teasers."""
    n = len(blocks)
    first_body = next((b.index for b in blocks if not b.removed and is_body_like(b.text)), n)
    for i, b in enumerate(blocks):
        key = normalise(b.text)
        if i <= first_body or len(words(b.text)) > 30:
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
    return i + 1 < len(blocks) and bool(lex.readmore.match(normalise(blocks[i + 1].text) or blocks[i + 1].text.strip()))


def mark_readmore(blocks: list[Block], lex: Lexicon) -> None:
    """"Weiterlesen »" / "Read more" after a block: that block teases another article."""
    for i, b in enumerate(blocks):
        key = normalise(b.text) or b.text.strip()
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
        if c.removed or c.kind == "title":
            continue
        if sentence_count(c.text) == 1 and 5 <= len(words(c.text)) <= 40 and ends_sentence(c.text):
            c.drop("caption")


def mark_title(blocks: list[Block], known_title: str | None) -> str | None:
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
                b.kind = "title"
                return known_title
        if not title_blocks:
            return known_title
    # a lone heading that leads straight into text is a title only when it is
    # the first block; later single headings are subheadings of the body
    if not title_blocks:
        return None
    if title_blocks[0].index != min((b.index for b in blocks if not b.removed), default=-1):
        return known_title
    for b in title_blocks:
        b.kind = "title"
    return known_title or max(title_blocks, key=lambda b: len(b.text)).text


def mark_trailing(blocks: list[Block]) -> None:
    """Headings at the end with no prose after them head nothing: navigation."""
    for b in reversed(blocks):
        if b.removed or b.kind == "title":
            continue
        if is_body_like(b.text) and not is_heading_like(b.text):
            break
        b.drop("navigation", "trailing")


def classify(blocks: list[Block], templates: frozenset[str] = frozenset(),
             known_title: str | None = None) -> tuple[str | None, list[str]]:
    """Label every block in place. Returns (title, outlet names seen in datelines)."""
    lex = load_lexicon()
    for b in blocks:
        classify_alone(b, lex, templates)
    datelines = mark_datelines(blocks)
    mark_legal(blocks, lex)
    mark_sections(blocks, lex)
    mark_readmore(blocks, lex)
    title = mark_title(blocks, known_title)
    mark_captions(blocks)
    mark_trailing(blocks)
    return title, datelines


def leading_date_label(text: str) -> tuple[str, str] | None:
    """Split "date 2024-06-19 Kremlin chief in North Korea" into (date part, rest)."""
    lex = load_lexicon()
    labels = "|".join(regex.escape(x) for x in lex.date_labels)
    m = regex.match(rf"^\s*(?:{labels})\s?:?\s*", text, regex.I)
    if not m:
        return None
    dates = find_dates(text[m.end():m.end() + 40])
    if not dates or dates[0].start != 0 or dates[0].day is None:
        return None
    cut = m.end() + dates[0].end
    return text[:cut].strip(), text[cut:].strip(" |-–—:,")
