"""Dates written in text, in any language with CLDR month names (via babel).

Recognises ISO dates, numeric day.month.year, "July 23, 2024",
"23. Juli 2024", "19 June", month-year ("June 2024") and weekday names.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import re

import regex
from babel import Locale

DATE_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "pl", "cs", "ru", "uk", "tr", "ro", "hu")


@dataclass(frozen=True)
class TextDate:
    """A date found in text. ``day``/``year`` are None when the text omits them."""

    start: int
    end: int
    year: int | None
    month: int
    day: int | None
    text: str

    def to_date(self, default_year: int | None = None) -> dt.date | None:
        year = self.year or default_year
        if not year or not self.day:
            return None
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None


def _fold(s: str) -> str:
    return unicodedata.normalize("NFKC", s).casefold().rstrip(".")


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, int], dict[str, int]]:
    months: dict[str, int] = {}
    days: dict[str, int] = {}
    for code in DATE_LANGUAGES:
        try:
            loc = Locale.parse(code)
        except Exception:  # pragma: no cover - babel without that locale
            continue
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for num, name in loc.months[ctx][width].items():
                    if len(_fold(name)) >= 3:
                        months.setdefault(_fold(name), num)
            for num, name in loc.days[ctx]["wide"].items():
                days.setdefault(_fold(name), num)  # 0 = Monday
    months.setdefault("sept", 9)
    return months, days


@lru_cache(maxsize=2)
def _patterns(folded: bool = False) -> dict[str, re.Pattern]:
    """``folded``: patterns for text already lower-cased (case-sensitive matching is much faster)."""
    months, days = _names()
    mon = "|".join(regex.escape(m) for m in sorted(months, key=len, reverse=True))
    day = "|".join(regex.escape(d) for d in sorted(days, key=len, reverse=True))
    f = 0 if folded else re.IGNORECASE  # stdlib re: regex's case-insensitive alternations are far slower
    return {
        "iso": re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?!\d)"),
        "dmy": re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?(?P<y>(?:19|20)\d\d)(?!\d)"),
        "mdy": re.compile(rf"\b(?P<mn>{mon})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", f),
        "dmony": re.compile(rf"(?<![\d.])(?P<d>[0-3]?\d)(?:\.|st|nd|rd|th|er|º)?\s+(?:de\s+)?(?P<mn>{mon})\.?(?:,?\s+(?:de\s+)?(?P<y>(?:19|20)\d\d))?\b", f),
        "mon_d": re.compile(rf"\b(?P<mn>{mon})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*,?\s*(?:19|20)\d\d)(?![\d:.])", f),
        "mony": re.compile(rf"\b(?P<mn>{mon})\.?\s+(?P<y>(?:19|20)\d\d)\b", f),
        "weekday": re.compile(rf"\b(?P<wd>{day})(?:s|morgens?|abends?|nachmittags?|vormittags?)?\b", f),
    }


def _month(token: str) -> int | None:
    return _names()[0].get(_fold(token))


def find_dates(text: str) -> list[TextDate]:
    """Every date-like expression in ``text``, left to right, without overlaps."""
    original = text
    lowered = text.lower()
    folded = len(lowered) == len(text)
    pats = _patterns(folded)
    if folded:
        text = lowered
    found: list[TextDate] = []
    taken: list[tuple[int, int]] = []

    def add(m, y, mo, d):
        s, e = m.span()
        if any(s < te and e > ts for ts, te in taken):
            return
        if not (1 <= mo <= 12) or (d is not None and not 1 <= d <= 31):
            return
        taken.append((s, e))
        found.append(TextDate(s, e, y, mo, d, original[s:e]))

    for m in pats["iso"].finditer(text):
        add(m, int(m["y"]), int(m["m"]), int(m["d"]))
    for m in pats["dmy"].finditer(text):
        add(m, int(m["y"]), int(m["m"]), int(m["d"]))
    months = _names()[0]
    # only windows that hold a month name are searched with the month patterns
    windows = [(lo, hi) for lo, hi in _digit_windows(text)
               if any(_fold(w) in months for w in _LETTERS.findall(text, lo, hi))]
    for key in ("mdy", "dmony", "mon_d", "mony"):
        for m in (m for lo, hi in windows for m in pats[key].finditer(text, lo, hi)):
            mo = _month(m["mn"])
            if mo is None:
                continue
            y = int(m["y"]) if m.groupdict().get("y") else None
            d = int(m["d"]) if m.groupdict().get("d") else None
            if key == "mon_d" and mo == 5 and m["mn"].casefold() in {"may", "mai"} and d is None:
                continue
            add(m, y, mo, d)
    found.sort(key=lambda t: t.start)
    return found


_DIGITS = regex.compile(r"\d{1,4}")
_LETTERS = re.compile(r"[^\W\d_]{3,}\.?")


def _digit_windows(text: str, before: int = 28, after: int = 30) -> list[tuple[int, int]]:
    """Spans around digits: a written date always has one, so month names are
    only looked for there (the month alternation is the slow part)."""
    spans: list[list[int]] = []
    for m in _DIGITS.finditer(text):
        lo, hi = max(0, m.start() - before), min(len(text), m.end() + after)
        if spans and lo <= spans[-1][1]:
            spans[-1][1] = hi
        else:
            spans.append([lo, hi])
    out = []
    for lo, hi in spans:  # widen to word boundaries so no name is cut
        while lo > 0 and text[lo - 1].isalpha():
            lo -= 1
        while hi < len(text) and text[hi].isalpha():
            hi += 1
        out.append((lo, hi))
    return out


_DAY_SUFFIXES = ("morgens", "morgen", "abends", "abend", "nachmittags", "nachmittag", "vormittags", "vormittag", "s")


def find_weekdays(text: str) -> list[int]:
    """Weekday numbers (0 = Monday) named in ``text`` ("Mittwochmorgen" counts).

    Word lookup instead of one big alternation: the body of every document
    goes through here."""
    days = _names()[1]
    out = []
    for w in _LETTERS.findall(text.lower()):
        w = w.rstrip(".")
        n = days.get(w)
        if n is None and len(w) > 5:
            for suffix in _DAY_SUFFIXES:
                if w.endswith(suffix) and w[: -len(suffix)] in days:
                    n = days[w[: -len(suffix)]]
                    break
        if n is not None:
            out.append(n)
    return out


def weekday_span(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _patterns()["weekday"].finditer(text)]


def date_only(text: str) -> TextDate | None:
    """The date when ``text`` is nothing but a date (with weekday/time/label noise)."""
    dates = find_dates(text)
    if len(dates) != 1 or dates[0].day is None:
        return None
    rest = text[:dates[0].start] + " " + text[dates[0].end:]
    for s, e in sorted(weekday_span(rest), reverse=True):
        rest = rest[:s] + rest[e:]
    rest = regex.sub(r"\d{1,2}[:.]\d{2}(\s?(am|pm|uhr|h))?|\b(um|at|gmt|utc|cet|cest|mez|mesz|et|est|edt|pt)\b", " ", rest, flags=regex.I)
    return dates[0] if not regex.search(r"\p{L}{3,}", rest) else None


def iso(d: dt.date | dt.datetime | None) -> str | None:
    return d.isoformat() if d else None
