"""Time expressions: find them, and normalise them against an anchor date.

Absolute dates ("19. Juni 2024", "in July 2000") normalise on their own.
Relative ones ("on Wednesday", "am Mittwoch", "last September", "im Februar",
"seit 24 Jahren", "the previous evening") need an anchor: the document's
publication date or, when that is unknown, the dates of the story's other
documents (``resolve_times``). An unresolved expression keeps ``date=""``;
its meaning is re-read from the text when an anchor becomes known, so
nothing but the text has to be stored.

Dates are as precise as the text: YYYY, YYYY-MM or YYYY-MM-DD. Weekdays
refer to the most recent such day on or before the anchor, or the next one
when the sentence speaks of the future ("will", "wird", "next").
"""
from __future__ import annotations

import calendar
import datetime as dt_
import re
from dataclasses import dataclass
from functools import lru_cache

from newsfuse.claims.lexicon import Lexicon, _alternation, available_languages, lexicon

Anchor = dt_.date


@dataclass(slots=True)
class TimeHit:
    start: int
    end: int
    text: str
    kind: str
    groups: dict

    def resolve(self, anchor: Anchor | None, future: bool = False) -> str:
        """The ISO date this expression denotes, or "" when it needs an anchor it lacks."""
        return _normalise(self.kind, self.groups, anchor, future)


_NUM = r"\d{1,3}"


@lru_cache(maxsize=None)
def _patterns(lang: str) -> list[tuple[str, re.Pattern]]:
    lex = lexicon(lang)
    month = _alternation(k for k in lex.months if len(k) > 3 or k in ("mai", "may"))
    wd = _alternation(lex.weekdays)
    words = _alternation(lex.number_words)
    num = rf"(?P<n>\d{{1,3}}|{words})"
    year = r"(?P<y>(?:1[89]|20)\d\d)"
    if lex.compounds:
        day_parts = r"(?:in\s+den\s+frühen\s+morgenstunden|in\s+der\s+nacht\s+zu[mr]?|am\s+(?:frühen\s+)?(?:morgen|abend|nachmittag|vormittag))\s+(?:des|dem|den)?\s*"
        ps = [
            ("dmy", rf"(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\.\s?{year}"),
            ("dm", rf"(?P<d>\d{{1,2}})\.\s*(?P<mn>{month})(?:\s+{year})?"),
            ("part", rf"(?P<part>anfang|mitte|ende)\s+(?P<mn>{month})(?:\s+{year})?"),
            ("my", rf"(?P<mn>{month})\s+{year}"),
            ("rel_month", rf"(?P<dir>letzte[nmr]?|vergangene[nmr]?|vorige[nmr]?|kommende[nmr]?|nächste[nmr]?|diese[nmr]?)\s+(?P<mn>{month})"),
            ("month", rf"(?:im|seit|bis|ab|vom|von|zum|anfang|ende|mitte)\s+(?P<mn>{month})\b(?!\s+\d{{4}})"),
            ("ago", rf"(?P<dir>vor|seit)\s+{num}\s+(?P<u>jahren|monaten|wochen|tagen|jahrzehnten)"),
            ("year", rf"(?:im\s+jahr(?:e)?|seit\s+dem\s+jahr|aus\s+dem\s+jahr|seit|bis|ab|von|jahr|anno|im)\s+{year}\b"),
            ("rel_year", r"(?P<dir>im\s+vergangenen|im\s+letzten|im\s+vorigen|letztes|voriges|vergangenes|in\s+diesem|dieses|nächstes|im\s+nächsten|im\s+kommenden)\s+jahr(?:es)?"),
            ("rel_day", r"(?P<rd>vorgestern|gestern|heute|übermorgen|am\s+vorabend|am\s+vortag|am\s+tag\s+zuvor|am\s+nächsten\s+tag|am\s+folgetag|tags\s+darauf)"),
            ("weekday", rf"(?:(?P<dir>vergangenen|letzten|kommenden|nächsten|diesen|am|seit|bis|ab)\s+)?(?P<tod>{day_parts})?(?P<wd>{wd})(?P<suffix>morgen|abend|nachmittag|vormittag|mittag|nacht)?s?"),
        ]
    elif lex.lang != "en":
        # other languages: day-month-year orders ("19 juin 2024", "19 de junio de 2024", "19 июня"),
        # numeric dates and bare weekdays; their month and weekday words come from the lexicon
        of = r"(?:\s+(?:de|del|di)\s+|\s+)"
        ps = [
            ("iso", r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"),
            ("dmy", rf"(?P<d>\d{{1,2}})[./](?P<m>\d{{1,2}})[./]{year}"),
            ("dm", rf"(?P<d>\d{{1,2}})(?:er|º|°|\.)?{of}(?P<mn>{month})(?:,?{of}{year})?"),
            ("my", rf"(?P<mn>{month}){of}{year}"),
            ("weekday", rf"(?P<wd>{wd})"),
        ]
    else:
        day_parts = r"(?:(?:in\s+)?the\s+(?:early|small|late)\s+hours\s+of|early|late|the\s+(?:morning|evening|night)\s+of)\s+"
        ps = [
            ("iso", r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"),
            ("mdy", rf"(?P<mn>{month})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{year})?"),
            ("dm", rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mn>{month})(?:,?\s+{year})?"),
            ("part", rf"(?:the\s+)?(?P<part>beginning|start|middle|end|early|mid|late)(?:\s+of|-)?\s+(?P<mn>{month})(?:,?\s+{year})?"),
            ("my", rf"(?P<mn>{month}),?\s+{year}"),
            ("rel_month", rf"(?P<dir>last|next|this|past)\s+(?P<mn>{month})"),
            ("month", rf"(?:in|since|until|by|from|during|through)\s+(?P<mn>{month})\b(?!,?\s+\d{{4}})"),
            ("ago", rf"{num}\s+(?P<u>years|months|weeks|days|decades)\s+(?P<dir>ago|earlier|before)"),
            ("first_in", rf"(?P<first>first\b[^.;]{{0,80}}?)\bin\s+{num}\s+(?P<u>years|months|weeks|decades)"),
            ("year", rf"(?:in|since|until|by|from|during|of|year|early|late|mid-?)\s+{year}\b(?!\s*(?:people|troops|soldiers|containers))"),
            ("rel_year", r"(?P<dir>last|this|next|previous|past)\s+year"),
            ("rel_day", r"(?P<rd>yesterday|today|tomorrow|the\s+(?:previous|next|following)\s+(?:day|evening|night|morning)|the\s+day\s+(?:before|after)|the\s+night\s+before|the\s+eve)"),
            ("weekday", rf"(?:(?P<dir>last|next|this|on|since|until|by)\s+)?(?P<tod>{day_parts})?(?P<wd>{wd})(?:\s+(?P<suffix>morning|evening|night|afternoon))?"),
        ]
    return [(kind, re.compile(r"(?<![\w.])" + p + r"(?!\w)", re.I)) for kind, p in ps]


def find_times(text: str, lang: str, start: int = 0, end: int | None = None) -> list[TimeHit]:
    """Non-overlapping time expressions in ``text[start:end]``, longest first."""
    end = len(text) if end is None else end
    lex = lexicon(lang)
    found: list[TimeHit] = []
    for kind, pat in _patterns(lex.lang):
        for m in pat.finditer(text, start, end):
            g = {k: v for k, v in m.groupdict().items() if v}
            if kind == "first_in" and len(g.get("first", "")) > 80:
                continue
            s = m.start() if kind != "first_in" else m.start() + len(g.pop("first", ""))
            if kind == "month" and lex.lang == "en" and g["mn"].lower() == "may" and not text[m.start():m.start() + 2].istitle():
                continue
            found.append(TimeHit(s, m.end(), text[s:m.end()], kind, g))
    found.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[TimeHit] = []
    for h in found:
        if out and h.start < out[-1].end:
            continue
        out.append(h)
    return out


def reparse(text: str, lang: str) -> TimeHit | None:
    """The expression ``text`` read again (to resolve it once an anchor is known)."""
    hits = find_times(text, lang)
    return hits[0] if hits else None


def is_future(sentence: str, lex: Lexicon) -> bool:
    return bool(lex.future_re.search(sentence))


def _num(value: str, lang: str) -> int | None:
    if value.isdigit():
        return int(value)
    return lexicon(lang).number_words.get(value.lower()) or lexicon("en").number_words.get(value.lower())


def _month(g: dict) -> int | None:
    if "m" in g:
        return int(g["m"])
    name = g.get("mn", "").lower()
    for lang in ("en", "de", *available_languages()):  # the hit does not keep its language
        if name in lexicon(lang).months:
            return lexicon(lang).months[name]
    return None


def _weekday(name: str) -> int:
    low = name.lower()
    for lang in ("en", "de", *available_languages()):
        if low in lexicon(lang).weekdays:
            return lexicon(lang).weekdays[low]
    return 0


def _normalise(kind: str, g: dict, anchor: Anchor | None, future: bool) -> str:
    y = int(g["y"]) if "y" in g else None
    if kind in ("iso", "dmy", "mdy", "dm"):
        m, d = _month(g), int(g["d"])
        if not m or not 1 <= m <= 12 or not 1 <= d <= 31:
            return ""
        if y is None:
            if anchor is None:
                return ""
            y = anchor.year
            if dt_.date(y, m, min(d, 28)) > anchor + dt_.timedelta(days=60):
                y -= 1  # "on 28 December" read in January
        return f"{y:04d}-{m:02d}-{min(d, calendar.monthrange(y, m)[1]):02d}"
    if kind in ("my", "part") and y is not None:
        return f"{y:04d}-{_month(g):02d}"
    if kind in ("part", "month", "rel_month"):
        if anchor is None:
            return ""
        m = _month(g)
        d = g.get("dir", "").lower()
        ahead = d.startswith(("next", "kommend", "nächst")) or (future and not d)
        behind = d.startswith(("last", "past", "letzt", "vergangen", "vorig"))
        if ahead:
            y = anchor.year + (1 if m <= anchor.month else 0)
        elif behind:
            y = anchor.year - (1 if m >= anchor.month else 0)
        else:
            y = anchor.year - (1 if m > anchor.month else 0)
        return f"{y:04d}-{m:02d}"
    if kind == "year":
        return f"{y:04d}"
    if anchor is None:
        return ""
    if kind in ("ago", "first_in"):
        n = _num(g["n"], "en") or _num(g["n"], "de")
        unit = g["u"].lower()
        if n is None:
            return ""
        if unit.startswith(("year", "jahr")):
            return f"{anchor.year - n:04d}"
        if unit.startswith(("decade", "jahrzehnt")):
            return f"{anchor.year - 10 * n:04d}"
        if unit.startswith(("month", "monat")):
            k = anchor.year * 12 + anchor.month - 1 - n
            return f"{k // 12:04d}-{k % 12 + 1:02d}"
        days = n * (7 if unit.startswith(("week", "woche")) else 1)
        return (anchor - dt_.timedelta(days=days)).isoformat()
    if kind == "rel_year":
        d = g["dir"].lower()
        delta = -1 if any(w in d for w in ("last", "previous", "past", "vergangen", "letzt", "vorig")) else \
            1 if any(w in d for w in ("next", "nächst", "kommend")) else 0
        return f"{anchor.year + delta:04d}"
    if kind == "rel_day":
        rd = re.sub(r"\s+", " ", g["rd"].lower())
        delta = {"yesterday": -1, "gestern": -1, "vorgestern": -2, "tomorrow": 1, "übermorgen": 2}.get(rd)
        if delta is None:
            delta = 0 if rd in ("today", "heute") else \
                1 if any(w in rd for w in ("next", "following", "after", "nächsten", "folgetag", "darauf")) else -1
        return (anchor + dt_.timedelta(days=delta)).isoformat()
    if kind == "weekday":
        wd = _weekday(g["wd"])
        d = g.get("dir", "").lower()
        if d in ("next", "kommenden", "nächsten") or (future and d not in ("last", "letzten", "vergangenen", "since", "seit")):
            delta = (wd - anchor.weekday()) % 7
            return (anchor + dt_.timedelta(days=delta or (7 if d else 0))).isoformat()
        delta = (anchor.weekday() - wd) % 7
        if d in ("last", "letzten", "vergangenen") and delta == 0:
            delta = 7
        return (anchor - dt_.timedelta(days=delta)).isoformat()
    return ""


def timezone_near(text: str, start: int, end: int, lex: Lexicon) -> str | None:
    """ "local time", "Ortszeit", "GMT" written right after (or just before) the expression."""
    m = lex.timezone_re.search(text, start, min(len(text), end + 60))
    if m and m.start() >= start - 1:
        return m.group(1)
    return None


def parse_anchor(value: str | None) -> Anchor | None:
    """The date part of an ISO date/datetime, or None."""
    if not value:
        return None
    try:
        return dt_.date.fromisoformat(value[:10])
    except ValueError:
        return None
