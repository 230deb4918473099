from pathlib import Path

from newsfuse.clean import clean_document, extract_record
from newsfuse.clean.html import extract_html
from newsfuse.config import Settings
from newsfuse.model import Document

PAGE = (Path(__file__).parents[1] / "fixtures" / "clean" / "article.html").read_text(encoding="utf-8")


def test_html_body_metadata_and_post_cleaning():
    doc = clean_document(Document(id="h", raw=PAGE, raw_format="html", url="https://www.example-news.com/a"), Settings())
    assert "The city council voted on Tuesday" in doc.body
    assert "Subscribe to our newsletter" not in doc.body
    assert "Read more:" not in doc.body
    assert doc.hints["published"].startswith("2024-03-05")
    assert doc.hints["outlet"] == "Example News"
    assert doc.title == "Council approves new bike lanes"
    assert "published" in doc.hints["clean.html_keys"]


def test_extract_is_cached():
    a = extract_html(PAGE, "https://www.example-news.com/a")
    assert extract_html(PAGE, "https://www.example-news.com/a") is a


def test_extract_record_has_the_cli_fields():
    rec = extract_record(Document(id="h", raw=PAGE, raw_format="html", url="https://www.example-news.com/a"), Settings())
    assert set(rec) >= {"source", "title", "body", "published", "language", "outlet", "authors"}
    assert rec["authors"] == ["Jane Doe"]
    assert rec["published"].startswith("2024-03-05") and rec["language"] == "en"


def test_broken_html_does_not_raise():
    doc = clean_document(Document(id="b", raw="<html><p>Only a little text here.</p>", raw_format="html"), Settings())
    assert isinstance(doc.body, str)


def test_nesting_past_the_parser_limit_still_gives_text():
    page = "<html><body>" + "<div>" * 3000 + "<p>The deep paragraph survives the parser limit here.</p>" + \
        "</div>" * 3000 + "</body></html>"
    doc = clean_document(Document(id="d", raw=page, raw_format="html"), Settings())
    assert "deep paragraph survives" in doc.body


def test_keep_boilerplate_keeps_the_whole_page():
    doc = clean_document(Document(id="h", raw=PAGE, raw_format="html"), Settings(keep_boilerplate=True))
    assert "Privacy policy" in doc.body and "Subscribe to our newsletter" in doc.body
    assert "The city council voted on Tuesday" in doc.body
    assert any(r.reason in ("cta", "navigation") for r in doc.removed)
