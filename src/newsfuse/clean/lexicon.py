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

import regex

_FLAGS = regex.IGNORECASE | regex.UNICODE | regex.VERSION1


def _data_dir():
    return resources.files("newsfuse") / "data" / "clean"


@dataclass
class Lexicon:
    """The union of all language files, compiled once."""

    line: dict[str, regex.Pattern] = field(default_factory=dict)  # kind -> fullmatch alternation
    prefix: dict[str, regex.Pattern] = field(default_factory=dict)
    keywords: dict[str, list[regex.Pattern]] = field(default_factory=dict)
    sections: dict[str, regex.Pattern] = field(default_factory=dict)
    readmore: regex.Pattern | None = None
    mt_notice: regex.Pattern | None = None
    lang_from: list[regex.Pattern] = field(default_factory=list)
    notice: regex.Pattern | None = None
    credit_labels: list[str] = field(default_factory=list)
    date_labels: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    languages: tuple[str, ...] = ()


def _alt(patterns: list[str], anchor: str = "") -> regex.Pattern:
    body = "|".join(f"(?:{p})" for p in patterns) or "(?!x)x"
    if anchor == "full":
        return regex.compile(f"^(?:{body})$", _FLAGS)
    if anchor == "start":
        return regex.compile(f"^(?:{body})", _FLAGS)
    return regex.compile(body, _FLAGS)


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
    lex.keywords = {k: [regex.compile(rf"\b(?:{p})\b", _FLAGS) for p in v]
                    for k, v in merged.get("keywords", {}).items()}
    lex.sections = {k: _alt(v, "full") for k, v in merged.get("sections", {}).items()}
    lex.readmore = _alt(merged.get("readmore", []), "full")
    lex.mt_notice = _alt(merged.get("mt_notice", []))
    lex.lang_from = [regex.compile(p, regex.UNICODE) for p in merged.get("lang_from", [])]
    lex.notice = _alt(merged.get("notice", []))
    lex.credit_labels = sorted(set(merged.get("credit_labels", [])), key=len, reverse=True)
    lex.date_labels = sorted(set(merged.get("date_labels", [])), key=len, reverse=True)
    lex.agencies = sorted(set(credits["agencies"]), key=len, reverse=True)
    return lex


@lru_cache(maxsize=1)
def agency_pattern() -> regex.Pattern:
    """Matches one credit/agency name (case-sensitive: 'AP' is not 'ap')."""
    names = "|".join(regex.escape(a) for a in load_lexicon().agencies)
    return regex.compile(rf"(?:{names})", regex.UNICODE)
