"""The web UI pages render what a reader needs, from the same store."""
from __future__ import annotations

import re


def test_story_list_tabs_and_cards(client):
    html = client.get("/").text
    assert "Berg visits Harbour City" in html and "Storm closes mountain pass" in html
    assert 'class="active" aria-current="page">Newest' in html
    assert "2 conflicts" in html
    disputed = client.get("/?order=disputed").text
    assert disputed.index("Berg visits") < disputed.index("Storm closes")


def test_story_page_shows_what_a_reader_needs(client):
    html = client.get("/stories/s-bridge").text
    assert '<link rel="stylesheet" href="/static/report.css">' in html  # the report's story look
    # summary: every sentence carries citation links to the numbered articles
    summary = html[html.index("nf-summary-list"):html.index("<h3>Where sources disagree")]
    assert re.findall(r'class="nf-cite" href="#doc-(\w+)"', summary) == ["a1", "b2", "c3"]
    assert 'id="doc-a1"' in html and 'id="doc-c3"' in html
    # the conflicts, highlighted, with each side's claim
    conflicts = html[html.index("<h3>Where sources disagree"):html.index('id="story-s-bridge-timeline"')]
    assert conflicts.count("nf-conflict-label") == 2 and "containers shipped" in conflicts
    assert "About 6,700 containers" in conflicts and "10.000 Container" in conflicts
    assert html.count('class="nf-disputed"') == 2
    # framing: actor × outlet
    framing = html[html.index("How each outlet describes each actor"):]
    assert "<th>Daily Planet</th>" in framing and "umstrittene Präsidentin" in framing
    # entities with variants, linked to their entity pages
    assert '<a href="/entities/e-berg">Anna Berg</a>' in html and "Präsidentin Berg" in html


def test_report_stylesheet_is_served(client):
    r = client.get("/static/report.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css") and ".nf-conflict" in r.text


def test_entity_page(client):
    html = client.get("/entities/e-berg").text
    assert "How outlets describe Anna Berg" in html and "veteran president" in html
    assert 'href="/stories/s-bridge"' in html and "We will build the bridge together" in html


def test_document_and_search_pages(client):
    doc = client.get("/documents/a1").text
    assert "About 6,700 containers of grain" in doc and "removed as boilerplate" in doc
    found = client.get("/search", params={"q": "bridge"}).text
    assert "<mark>bridge</mark>" in found and 'href="/documents/c3"' in found
    none = client.get("/search", params={"q": "zzzunknown"}).text
    assert "No article contains" in none


def test_search_snippet_is_escaped(client):
    from newsfuse.api.web import mark_snippet

    assert str(mark_snippet("<b>x</b> [hit]")) == "&lt;b&gt;x&lt;/b&gt; <mark>hit</mark>"


def test_missing_pages_are_html_404(client):
    r = client.get("/stories/nope")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no story" in r.text.lower()


def test_empty_store_explains_how_to_add_articles(tmp_path, client_factory):
    html = client_factory(str(tmp_path / "empty.db")).get("/").text
    assert "No stories yet" in html and "newsfuse ingest" in html


def test_static_assets(client):
    assert "--warn" in client.get("/static/style.css").text
    assert client.get("/static/app.js").status_code == 200


def test_pages_forbid_inline_script_and_foreign_origins(client):
    for path in ("/", "/stories/s-bridge", "/docs", "/api/v1/stories", "/stories/nope"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp


def test_hostile_document_text_stays_text(client, db_path):
    from newsfuse.model import Document, Paragraph
    from newsfuse.store.sqlite import SQLiteStore

    with SQLiteStore(db_path) as store:
        store.put_document(Document(id="x", title="<script>alert(1)</script>", url="javascript:alert(1)",
                                    paragraphs=[Paragraph(text="<img src=x onerror=alert(1)>")]))
    html = client.get("/documents/x").text
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html and 'href="javascript:' not in html
