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


def test_a_fast_extraction_covering_little_of_the_page_is_redone(monkeypatch):
    """Fast mode may keep a teaser block of a long article: under 5% of the visible text, the
    full comparison runs and the longer text wins."""
    from types import SimpleNamespace

    import newsfuse.clean.html as html_mod

    calls = []

    def fake(tree, url, fast):
        calls.append(fast)
        return SimpleNamespace(text=("Teaser sentence here. " * 45) if fast else ("Article sentence. " * 2000),
                               title=None)

    monkeypatch.setattr(html_mod, "_safe_trafilatura", fake)
    page = "<html><body>" + "".join(f"<div>{f'Paragraph {i} of a long story. ' * 20}</div>" for i in range(60)) \
        + "</body></html>"
    ex = html_mod._extract(page, None, with_metadata=False)
    assert calls == [True, False] and ex.text.startswith("Article sentence.")
    calls.clear()
    short_page = "<html><body><div>" + "A short page. " * 100 + "</div></body></html>"
    html_mod._extract(short_page, None, with_metadata=False)
    assert calls == [True]  # the fast text covers most of what a reader sees: no second run
