import datetime as dt

from newsfuse.meta.datetext import date_only, find_dates, find_weekdays

BODY = "The minister arrived in the capital on Wednesday for talks, officials said in a statement."


def test_find_dates_in_several_languages():
    got = [(d.year, d.month, d.day) for d in find_dates(
        "on July 23, 2024; am 19. Juni 2024; le 3 mars 2023; 2024-06-19; 19.06.2024; in September 2023")]
    assert got == [(2024, 7, 23), (2024, 6, 19), (2023, 3, 3), (2024, 6, 19), (2024, 6, 19), (2023, 9, None)]
    assert find_weekdays("am Mittwochmorgen und am Dienstag, on Friday") == [2, 1, 4]
    assert date_only("Tuesday, July 23, 2024").to_date() == dt.date(2024, 7, 23)
    assert date_only("Tuesday, July 23, 2024 the president said") is None


def test_labelled_date_in_the_text(meta):
    doc = meta(f" date 2024-06-19 Kremlin chief abroad\n{BODY}")
    assert doc.published == "2024-06-19" and doc.published_confidence >= 0.7


def test_page_header_date_next_to_a_weather_widget_is_not_used(meta):
    doc = meta(f"17.8 C\nTuesday, July 23, 2024\nMinister visits the capital\n{BODY}")
    assert doc.published is None


def test_date_under_the_title_is_used(meta):
    doc = meta(f"Minister visits the capital\nMarch 5, 2024\n{BODY}")
    assert doc.published == "2024-03-05"


def test_caption_date_confirmed_by_weekday(meta):
    cap = "Der Minister und der Präsident nehmen am 19. Juni 2024 an einem Empfang in der Hauptstadt teil."
    doc = meta(f"Besuch in der Hauptstadt\nMax Muster/Reuters\n{cap}\n"
               "Der Minister ist am Mittwoch in der Hauptstadt eingetroffen, wie die Regierung mitteilte.")
    assert doc.published == "2024-06-19"


def test_header_date_contradicted_by_later_events(meta):
    doc = meta("Minister visits the capital\nMarch 5, 2024\n"
               "On April 20, 2024 the minister arrived in the capital for talks, officials said.")
    assert doc.published != "2024-03-05"


def test_url_and_metadata_dates(meta):
    doc = meta(BODY, url="https://example.org/2023/11/02/story.html")
    assert doc.published == "2023-11-02"
    doc = meta(BODY, hints={"published": "2022-01-02T10:00:00+01:00"})
    assert doc.published == "2022-01-02T10:00:00+01:00" and doc.published_confidence >= 0.9


def test_unknown_stays_null(meta):
    doc = meta(BODY + " The visit was announced in September 2023.")
    assert doc.published is None and doc.published_confidence is None


def test_header_date_that_the_weekday_and_month_do_not_fit(meta):
    # 18 June 2024 was a Tuesday: "on Tuesday, June 18" was written that week, not on July 23
    doc = meta("Tuesday, July 23, 2024\nMinister visits the capital\n"
               "The minister arrived in the capital on Tuesday, June 18, officials said in a statement.")
    assert doc.published != "2024-07-23"
    doc = meta("Tuesday, July 23, 2024\nMinister visits the capital\n"
               "The minister arrived in the capital on Tuesday, officials said in a statement.")
    assert doc.published == "2024-07-23"  # nothing contradicts it

