"""Publication date with a confidence, from the strongest evidence that the
article's own text does not contradict.

Evidence, strongest first: metadata given with the input or found in the HTML
(JSON-LD, OpenGraph, htmldate); a labelled date in the text ("Published:
...", "date 2024-06-19"); a date line under the title; a date in the URL; a
date in the text whose weekday the text also names ("am Mittwoch" ... "19.
Juni 2024"). A date line above the title next to weather/clock widgets is
the page's "today" (crawl) date, not the article's, and is never used alone.
A candidate is dropped when the text reports dated events after it. Unknown
stays None: no guess.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import regex

from newsfuse.meta.datetext import find_dates, find_weekdays
from newsfuse.model import Document

CONFIDENCE = {"input": 0.95, "html": 0.85, "labelled": 0.8, "byline": 0.7, "url": 0.6,
              "text-weekday": 0.55, "header": 0.5, "caption": 0.45, "text-line": 0.4}
_URL_DATE = regex.compile(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[^\d]|$)")


@dataclass
class Candidate:
    date: dt.date
    source: str
    confidence: float
    text: str = ""  # keeps a time-of-day from metadata when there is one


def _parse_iso(value: str) -> dt.date | None:
    m = regex.match(r"\s*((?:19|20)\d\d)-(\d\d)-(\d\d)", value or "")
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def candidates(doc: Document) -> list[Candidate]:
    """Every publication-date candidate with its prior confidence."""
    out: list[Candidate] = []
    for key in ("published", "date", "datePublished"):
        d = _parse_iso(doc.hints.get(key, ""))
        if d:
            src = "html" if key in doc.hints.get("clean.html_keys", "").split(",") else "input"
            out.append(Candidate(d, src, CONFIDENCE[src], doc.hints[key]))
            break
    for c in json.loads(doc.hints.get("clean.dates", "[]")):
        if c.get("year") and c.get("day"):
            try:
                d = dt.date(c["year"], c["month"], c["day"])
            except ValueError:
                continue
            where = c["where"]
            conf = 0.0 if where == "header-widget" else CONFIDENCE.get(where, 0.4)
            out.append(Candidate(d, where, conf))
    url = doc.url or doc.hints.get("url") or ""
    m = _URL_DATE.search(url)
    if m:
        try:
            out.append(Candidate(dt.date(int(m[1]), int(m[2]), int(m[3])), "url", CONFIDENCE["url"]))
        except ValueError:
            pass
    return out


def _text_candidates(doc: Document, body_dates) -> list[Candidate]:
    weekdays = set(find_weekdays(doc.body))
    out = []
    for d in body_dates:
        date = d.to_date()
        if date and date.weekday() in weekdays:
            out.append(Candidate(date, "text-weekday", CONFIDENCE["text-weekday"]))
    for r in doc.removed:
        if r.reason != "caption":
            continue
        for d in find_dates(r.text):
            date = d.to_date()
            if date:
                conf = CONFIDENCE["text-weekday"] if date.weekday() in weekdays else CONFIDENCE["caption"]
                out.append(Candidate(date, "caption", conf))
    return out


def latest_text_date(doc: Document, body_dates) -> dt.date | None:
    """The latest full date (with a year) the body or a caption mentions."""
    captions = "\n".join(r.text for r in doc.removed if r.reason == "caption")
    found = list(body_dates) + (find_dates(captions) if captions else [])
    dates = [d for d in (x.to_date() for x in found) if d]
    return max(dates) if dates else None


def contradicted(c: Candidate, latest: dt.date | None, slack_days: int = 2,
                 yearless=(), weekdays=frozenset()) -> bool:
    """The article's own time references do not fit the candidate date.

    - it tells of dated events (with a year) after it;
    - it says "on Tuesday" of a day-month date that is a Tuesday in the
      candidate's year but weeks before it: "on Tuesday" is written within
      days of the event, so the candidate is a later page date.
    """
    if c.source in ("input", "html"):
        return False
    if latest is not None and latest > c.date + dt.timedelta(days=slack_days):
        return True
    for d in yearless:
        date = d.to_date(c.date.year)
        if date is None:
            continue
        if date.weekday() in weekdays and c.date - date > dt.timedelta(days=7) and c.date - date < dt.timedelta(days=120):
            return True
    return False


def publication_date(doc: Document) -> tuple[str | None, float | None]:
    """(ISO date, confidence) or (None, None) when nothing trustworthy is known."""
    body_dates = find_dates(doc.body)
    cands = [c for c in candidates(doc) + _text_candidates(doc, body_dates) if c.confidence > 0]
    if not cands:
        return None, None
    latest = latest_text_date(doc, body_dates)
    yearless = [d for d in body_dates if d.year is None and d.day]
    weekdays = frozenset(find_weekdays(doc.body)) if yearless else frozenset()
    cands = [c for c in cands if not contradicted(c, latest, yearless=yearless, weekdays=weekdays)]
    if not cands:
        return None, None
    support: dict[dt.date, float] = {}
    for c in cands:  # agreeing evidence adds up (noisy-or)
        support[c.date] = 1 - (1 - support.get(c.date, 0.0)) * (1 - c.confidence)
    best = max(support, key=lambda d: (support[d], d))
    text = next((c.text for c in cands if c.date == best and c.text and "T" in c.text), "")
    return (text.strip() if text else best.isoformat()), round(support[best], 3)
