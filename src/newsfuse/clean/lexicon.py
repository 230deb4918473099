"""Per-language cleaning lexicons, kept as data files.

Every ``data/clean/<lang>.json`` file is loaded and merged: documents mix
languages (an English translation followed by German comment legalese), so
all lexicons apply to every document. Adding a language = adding a file.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import re

# stdlib re: the lexicons need no Unicode properties, and regex's IGNORECASE is ~50x slower here
_FLAGS = re.IGNORECASE


def _data_dir():
    return resources.files("newsfuse") / "data" / "clean"


@dataclass
class Lexicon:
    """The union of all language files, compiled once."""

    line: dict[str, re.Pattern] = field(default_factory=dict)  # kind -> fullmatch alternation
    line_all: re.Pattern | None = None  # every kind in one pattern, a named group per kind
    prefix_all: re.Pattern | None = None
    date_label: re.Pattern | None = None
    prefix: dict[str, re.Pattern] = field(default_factory=dict)
    keywords: dict[str, re.Pattern] = field(default_factory=dict)  # kind -> alternation
    sections: dict[str, re.Pattern] = field(default_factory=dict)
    readmore: re.Pattern | None = None
    mt_notice: re.Pattern | None = None
    lang_from: list[re.Pattern] = field(default_factory=list)
    notice: re.Pattern | None = None
    cta: re.Pattern | None = None  # calls to action: subscribe, log in, newsletter
    byline: re.Pattern | None = None  # "By Jane Doe, Reuters" / "Von Max Muster"
    short_any: re.Pattern | None = None  # mt_notice | notice | cta, one search for short blocks
    short_gate: re.Pattern | None = None  # words one of which every short_any match contains (lower case)
    credit_labels: list[str] = field(default_factory=list)
    date_labels: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    languages: tuple[str, ...] = ()


LINE_ORDER = ("advertisement", "credit", "navigation", "comments", "footer", "teaser")
PREFIX_ORDER = ("teaser", "caption", "advertisement")


def _grouped(table: dict[str, list[str]], order: tuple[str, ...], anchor: str) -> re.Pattern:
    """One pattern for several kinds; the first kind (in ``order``) that matches names its group."""
    parts = [f"(?P<{k}>" + "|".join(f"(?:{p})" for p in table[k]) + ")" for k in order if table.get(k)]
    body = "|".join(parts) or "(?!x)x"
    return re.compile(f"^(?:{body})$" if anchor == "full" else f"^(?:{body})", _FLAGS)


_QUANT = re.compile(r"\\.|\[[^\]]*\]|.[?*]|\{[^}]*\}|[+^$.]")


def _top_level(pattern: str) -> tuple[str, list[str]]:
    """The pattern's text outside parentheses, and its required top-level groups."""
    outside, groups, depth, start, i = [], [], 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if depth == 0:
                outside.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                optional = pattern[i + 1:i + 2] in ("?", "*")
                if not optional:
                    groups.append(pattern[start + 1:i])
                outside.append(" ")
        elif depth == 0:
            outside.append(ch)
        i += 1
    return "".join(outside), groups


def anchors(pattern: str) -> list[str] | None:
    """Words one of which every match of ``pattern`` contains, or None if
    that cannot be told simply. Used to skip patterns that cannot match."""
    outside, groups = _top_level(pattern)
    if "|" in outside:  # top-level alternation: every branch needs an anchor
        out: list[str] = []
        depth, last = 0, 0
        for i, ch in enumerate(pattern):
            depth += ch == "("
            depth -= ch == ")"
            if ch == "|" and depth == 0 and pattern[i - 1] != "\\":
                found = anchors(pattern[last:i])
                if found is None:
                    return None
                out.extend(found)
                last = i + 1
        found = anchors(pattern[last:])
        return None if found is None else out + found
    words = re.findall(r"[^\W\d_]{4,}", _QUANT.sub(" ", outside))
    best = max(words, key=len).lower() if words else None
    for group in groups:  # short words ("nicht", "this") are everywhere: a group of long ones gates better
        if best and len(best) >= 7:
            break
        found = anchors(re.sub(r"^\?(?:[:!=]|P<\w+>)", "", group))
        if found is not None and (best is None or min(map(len, found)) > len(best)):
            return found
    return [best] if best else None


def gate_pattern(patterns: list[str]) -> re.Pattern:
    """One fast search for the anchor words of all ``patterns`` (matches
    everything when a pattern has no simple anchor)."""
    words: set[str] = set()
    for p in patterns:
        found = anchors(p)
        if found is None:
            return re.compile("")
        words.update(found)
    # searched in lower-cased text: without IGNORECASE re can skip ahead on first characters
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _alt(patterns: list[str], anchor: str = "") -> re.Pattern:
    body = "|".join(f"(?:{p})" for p in patterns) or "(?!x)x"
    if anchor == "full":
        return re.compile(f"^(?:{body})$", _FLAGS)
    if anchor == "start":
        return re.compile(f"^(?:{body})", _FLAGS)
    return re.compile(body, _FLAGS)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load and compile every language file under ``data/clean`` (cached)."""
    raw: dict[str, dict] = {}
    for entry in sorted(_data_dir().iterdir(), key=lambda p: p.name):
        name = entry.name
        if not name.endswith(".json") or name == "credits.json":
            continue
        raw[name[:-5]] = json.loads(entry.read_text(encoding="utf-8"))
    merged: dict[str, dict[str, list[str]] | list[str]] = {}
    for data in raw.values():
        for key, value in data.items():
            if key.startswith("_"):
                continue
            if isinstance(value, dict):
                slot = merged.setdefault(key, {})
                for kind, pats in value.items():
                    slot.setdefault(kind, []).extend(pats)
            else:
                merged.setdefault(key, []).extend(value)
    credits = json.loads((_data_dir() / "credits.json").read_text(encoding="utf-8"))
    lex = Lexicon(languages=tuple(raw))
    lex.line = {k: _alt(v, "full") for k, v in merged.get("line", {}).items()}
    lex.prefix = {k: _alt(v, "start") for k, v in merged.get("prefix", {}).items()}
    lex.line_all = _grouped(merged.get("line", {}), LINE_ORDER, "full")
    lex.prefix_all = _grouped(merged.get("prefix", {}), PREFIX_ORDER, "start")
    lex.keywords = {k: re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in v) + r")\b", _FLAGS)
                    for k, v in merged.get("keywords", {}).items()}
    lex.sections = {k: _alt(v, "full") for k, v in merged.get("sections", {}).items()}
    lex.readmore = _alt(merged.get("readmore", []), "full")
    lex.mt_notice = _alt(merged.get("mt_notice", []))
    lex.lang_from = [re.compile(p, 0) for p in merged.get("lang_from", [])]
    lex.notice = _alt(merged.get("notice", []))
    lex.cta = _alt(merged.get("cta", []))
    pre = "|".join(f"(?:{p})" for p in merged.get("byline", [])) or "(?!x)x"
    # the prefix is case-insensitive, the names after it must be capitalised
    lex.byline = re.compile(rf"^(?i:{pre})\s+(?P<names>[A-ZÀ-ÖØ-Þ][\w.'’-]+(?:\s(?:[A-ZÀ-ÖØ-Þ][\w.'’-]+|van|von|de|der|da|di|del|la|le|y))*"
                            rf"(?:\s?(?:,|and|und|&|y|et|e|i)\s?[A-ZÀ-ÖØ-Þ][\w.'’-]+(?:\s[A-ZÀ-ÖØ-Þ][\w.'’-]+)*)*)"
                            rf"\s*(?:[,|/–—-]\s*(?P<outlet>[\w .&'’-]{{2,40}}))?\s*$")
    short = [*merged.get("mt_notice", []), *merged.get("notice", []), *merged.get("cta", [])]
    lex.short_any = re.compile("|".join(f"(?:{p})" for p in short), _FLAGS)
    lex.short_gate = gate_pattern(short)
    lex.credit_labels = sorted(set(merged.get("credit_labels", [])), key=len, reverse=True)
    lex.date_labels = sorted(set(merged.get("date_labels", [])), key=len, reverse=True)
    lex.agencies = sorted(set(credits["agencies"]), key=len, reverse=True)
    labels = "|".join(re.escape(x) for x in lex.date_labels)
    lex.date_label = re.compile(rf"^\s*(?:{labels})\s?:?\s*", re.I)
    return lex


@lru_cache(maxsize=1)
def agency_pattern() -> re.Pattern:
    """Matches one credit/agency name (case-sensitive: 'AP' is not 'ap')."""
    names = "|".join(re.escape(a) for a in load_lexicon().agencies)
    return re.compile(rf"(?:{names})", 0)
