"""Time expressions normalised against a publication date (Wednesday 2024-06-19)."""
import datetime as dt

import pytest

from newsfuse.claims import extract_claims, resolve_times
from newsfuse.claims.times import find_times

from .helpers import make_doc

WED = dt.date(2024, 6, 19)


def _one(text, lang, anchor=WED, future=False):
    hits = find_times(text, lang)
    assert hits, text
    return hits[0].resolve(anchor, future)


@pytest.mark.parametrize("text,date", [
    ("He arrived on Tuesday.", "2024-06-18"), ("They met last September.", "2023-09"),
    ("since July 2000", "2000-07"), ("The previous evening, he left.", "2024-06-18"),
    ("on June 19, 2024", "2024-06-19"), ("on 19 June", "2024-06-19"), ("in 2000", "2000"),
    ("for the first time in 24 years", "2000"), ("three days ago", "2024-06-16"),
    ("at the end of February", "2024-02"), ("last year", "2023"), ("in the early hours of Wednesday", "2024-06-19"),
    ("2024-06-19", "2024-06-19"),
])
def test_english_expressions(text, date):
    assert _one(text, "en") == date


@pytest.mark.parametrize("text,date", [
    ("am Mittwoch", "2024-06-19"), ("im Februar", "2024-02"), ("seit 24 Jahren", "2000"),
    ("im vergangenen Jahr", "2023"), ("am 19. Juni 2024", "2024-06-19"), ("19.06.2024", "2024-06-19"),
    ("in den frühen Morgenstunden des Mittwochs", "2024-06-19"), ("Ende Februar", "2024-02"),
    ("seit letztem September", "2023-09"), ("im September", "2023-09"), ("seit dem Jahr 2000", "2000"),
    ("am Vorabend", "2024-06-18"), ("gestern", "2024-06-18"), ("am Dienstag", "2024-06-18"),
])
def test_german_expressions(text, date):
    assert _one(text, "de") == date


def test_future_tense_points_forward():
    assert _one("She will arrive on Friday.", "en", future=True) == "2024-06-21"
    assert _one("am kommenden Montag", "de") == "2024-06-24"
    assert _one("next Tuesday", "en") == "2024-06-25"


def test_timezone_qualifier_is_kept():
    doc = make_doc("t", "de", ["Putin traf in den frühen Morgenstunden des Mittwochs Ortszeit in Pjöngjang ein."],
                   published="2024-06-19")
    t = extract_claims(doc).times[0]
    assert t.date == "2024-06-19" and t.timezone == "Ortszeit"
    doc = make_doc("t", "en", ["He landed on Wednesday local time."], published="2024-06-19")
    assert extract_claims(doc).times[0].timezone == "local time"


def test_undated_document_is_anchored_on_the_story():
    undated = make_doc("a", "en", ["The president arrived in Paris on Tuesday."])
    dated = make_doc("b", "en", ["Talks began."], published="2024-06-19")
    extract_claims(undated)
    extract_claims(dated)
    assert undated.times[0].date == ""  # nothing to anchor it on yet
    assert [c.date for c in undated.claims if c.kind == "time"] == [None]
    resolve_times([undated, dated])
    assert undated.times[0].date == "2024-06-18"
    assert [c.date for c in undated.claims if c.kind == "time"] == ["2024-06-18"]


def test_absolute_dates_need_no_anchor():
    doc = extract_claims(make_doc("a", "en", ["He first visited in July 2000."]))
    assert doc.times[0].date == "2000-07"
