"""Conflicts across sources and the story timeline, on a hand-made EN/DE story."""
from newsfuse.claims import build_timeline, extract_claims, find_conflicts, resolve_times
from newsfuse.model import Relation

from .helpers import make_doc

GAZA = [["Gaza", "LOCATION", "l:gaza"], ["UN", "ORGANIZATION", "o:un"]]
PARIS = [["Paris", "LOCATION", "l:paris"], ["Lena Vogt", "PERSON", "p:vogt"], ["Vogt", "PERSON", "p:vogt"]]


def _story(*docs):
    for d in docs:
        extract_claims(d)
    claims = [c for d in docs for c in d.claims]
    return claims, find_conflicts(claims, list(docs))


def test_numbers_beyond_their_qualifiers_conflict_across_languages():
    a = make_doc("a", "en", ["Officials said about 500 trucks delivered aid to Gaza on Monday."], GAZA, "2024-03-06")
    b = make_doc("b", "de", ["Nach Angaben der UN lieferten mehr als 800 Lastwagen Hilfsgüter nach Gaza."], GAZA, "2024-03-06")
    claims, conflicts = _story(a, b)
    assert len(conflicts) == 1
    c = conflicts[0]
    assert c.kind == "number" and set(c.documents) == {"a", "b"}
    values = {x.value for x in claims if x.id in c.claims}
    assert values == {500, 800}
    assert "500" in c.explanation and "800" in c.explanation


def test_numbers_within_their_qualifiers_agree():
    a = make_doc("a", "en", ["Officials said about 500 trucks delivered aid to Gaza."], GAZA, "2024-03-06")
    b = make_doc("b", "de", ["Nach Angaben der UN lieferten rund 520 Lastwagen Hilfsgüter nach Gaza."], GAZA, "2024-03-06")
    assert _story(a, b)[1] == []


def test_different_objects_or_units_do_not_conflict():
    a = make_doc("a", "en", ["About 100 containers of food were delivered to Gaza."], GAZA, "2024-03-06")
    b = make_doc("b", "en", ["More than 300 containers of ammunition were delivered to Gaza."], GAZA, "2024-03-06")
    c = make_doc("c", "en", ["More than 3,000 tonnes of food were delivered to Gaza."], GAZA, "2024-03-06")
    assert _story(a, b, c)[1] == []


def test_figures_without_a_shared_happening_do_not_conflict():
    a = make_doc("a", "en", ["Teixeira hit 13 homers in Gaza."], GAZA, "2024-03-06")
    b = make_doc("b", "en", ["Teixeira had 33 homers in Gaza."], GAZA, "2024-03-06")
    assert _story(a, b)[1] == []


def test_a_source_with_several_figures_of_one_kind_is_left_out():
    a = make_doc("a", "en", ["About 150 trucks delivered aid to Gaza, and 13 trucks delivered fuel to Gaza."], GAZA, "2024-03-06")
    b = make_doc("b", "en", ["About 60 trucks delivered aid to Gaza."], GAZA, "2024-03-06")
    assert _story(a, b)[1] == []


def test_unrelated_sentences_do_not_conflict():
    a = make_doc("a", "en", ["About 100 trucks delivered aid to Gaza."], GAZA, "2024-03-06")
    b = make_doc("b", "en", ["More than 900 trucks delivered aid in Paris."], PARIS, "2024-03-06")
    assert _story(a, b)[1] == []


def test_copies_are_one_source():
    a = make_doc("a", "en", ["About 500 trucks delivered aid to Gaza."], GAZA, "2024-03-06")
    b = make_doc("b", "de", ["Mehr als 800 Lastwagen lieferten Hilfsgüter nach Gaza."], GAZA, "2024-03-06",
                 related=[Relation(document="a", kind="translation", score=0.9)])
    assert _story(a, b)[1] == []


def test_dates_of_one_event_conflict_with_a_timezone_note():
    a = make_doc("a", "en", ["Lena Vogt arrived in Paris on Monday."], PARIS, "2024-03-06")
    b = make_doc("b", "de", ["Vogt traf in der Nacht zum Dienstag Ortszeit in Paris ein."], PARIS, "2024-03-06")
    claims, conflicts = _story(a, b)
    dates = [c for c in conflicts if c.kind == "date"]
    assert len(dates) == 1 and set(dates[0].documents) == {"a", "b"}
    assert "2024-03-04" in dates[0].explanation and "2024-03-05" in dates[0].explanation
    assert "timezone" in dates[0].explanation


def test_events_months_apart_are_different_events():
    a = make_doc("a", "en", ["Lena Vogt arrived in Paris on 4 March 2024."], PARIS, "2024-03-06")
    b = make_doc("b", "en", ["Vogt arrived in Paris on 10 May 2024."], PARIS, "2024-05-11")
    assert [c for c in _story(a, b)[1] if c.kind == "date"] == []


def test_a_recurring_event_is_no_date_conflict():
    a = make_doc("a", "en", ["Lena Vogt met officials in Paris on Monday.", "Vogt met them again in Paris on Tuesday."],
                 PARIS, "2024-03-06")
    b = make_doc("b", "en", ["Vogt met officials in Paris on Tuesday."], PARIS, "2024-03-06")
    assert [c for c in _story(a, b)[1] if c.kind == "date"] == []


def test_planned_versus_done_is_a_status_conflict():
    a = make_doc("a", "en", ["Vogt said the two countries hope to sign a trade agreement."], PARIS, "2024-03-05")
    b = make_doc("b", "de", ["Die beiden Länder haben ein Handelsabkommen unterzeichnet."], PARIS, "2024-03-06")
    claims, conflicts = _story(a, b)
    status = [c for c in conflicts if c.kind == "status"]
    assert len(status) == 1 and set(status[0].documents) == {"a", "b"}
    kinds = {x.status for x in claims if x.id in status[0].claims}
    assert kinds == {"planned", "done"}


def test_an_older_agreement_is_not_the_planned_one():
    a = make_doc("a", "en", ["Vogt said the two countries hope to sign a trade agreement."], PARIS, "2024-03-05")
    b = make_doc("b", "en", ["The two countries signed a trade agreement in 2009."], PARIS, "2024-03-06")
    assert [c for c in _story(a, b)[1] if c.kind == "status"] == []


def test_undated_document_is_compared_after_anchoring():
    a = make_doc("a", "en", ["Lena Vogt arrived in Paris on Monday."], PARIS)  # publication date unknown
    b = make_doc("b", "en", ["Vogt arrived in Paris on Tuesday."], PARIS, "2024-03-06")
    claims, conflicts = _story(a, b)
    assert [c.kind for c in conflicts] == ["date"]
    assert {c.date for c in claims if c.kind == "time"} == {"2024-03-04", "2024-03-05"}


def test_timeline_merges_reports_and_keeps_background_events():
    a = make_doc("a", "en", ["Lena Vogt arrived in Paris on Monday.",
                             "Vogt first visited Paris in July 2000, when she met the mayor."], PARIS, "2024-03-06")
    b = make_doc("b", "de", ["Vogt traf am Montag in Paris ein.", "Es ist ihr erster Besuch seit dem Jahr 2000."],
                 PARIS, "2024-03-06")
    for d in (a, b):
        extract_claims(d)
    resolve_times([a, b])
    timeline = build_timeline([a, b], [c for d in (a, b) for c in d.claims])
    by_date = {t.date: t for t in timeline}
    assert set(by_date["2024-03-04"].documents) == {"a", "b"}
    assert "2000-07" in by_date and "2000" not in by_date  # the year joins the finer date of that visit
    assert set(by_date["2000-07"].documents) == {"a", "b"}
    assert [t.date for t in timeline] == sorted(t.date for t in timeline)
