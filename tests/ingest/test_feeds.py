"""Parsing feeds, OPML lists and sitemaps (no network)."""
from __future__ import annotations

import time

import pytest

from newsfuse.ingest.feeds import FeedError, kind_of_xml, parse_any, parse_feed, parse_opml, parse_sitemap

from .conftest import FIXTURES, fixture_bytes

BASE = "http://news.test"


def test_rss2_entries_links_dates_and_hints():
    feed = parse_feed(fixture_bytes("rss2.xml", BASE), base_url=BASE + "/rss2.xml")
    assert feed.kind == "feed" and feed.title == "Harbour Gazette"
    first, second, third = feed.entries
    assert first.url == BASE + "/news/harbour-reopens.html?utm_source=rss"
    assert first.published == "2024-07-02T06:30:00Z"  # normalised to UTC
    assert first.hints["author"] == "Anna Berg" and first.hints["outlet"] == "Harbour Gazette"
    assert second.url == BASE + "/news/bridge-repairs.html"  # relative link resolved
    assert third.url is None and "12 million euros" in third.content


def test_atom():
    feed = parse_any(fixture_bytes("atom.xml", BASE))
    (entry,) = feed.entries
    assert entry.url == BASE + "/de/hafen.html" and entry.author == "Jonas Weber"
    assert entry.published == "2024-07-02T10:00:00Z"


def test_opml_lists_every_feed_at_any_depth():
    feed = parse_opml(fixture_bytes("feeds.opml", BASE))
    assert feed.links == [BASE + "/rss2.xml", BASE + "/atom.xml"]


def test_news_sitemap_and_index():
    sitemap = parse_sitemap(fixture_bytes("news-sitemap.xml", BASE))
    assert [e.url for e in sitemap.entries] == [BASE + "/news/harbour-reopens.html", BASE + "/news/bridge-repairs.html"]
    news = sitemap.entries[0]
    assert news.title == "Harbour reopens after storm" and news.hints["outlet"] == "Harbour Gazette"
    assert news.published == "2024-07-02T08:30:00+02:00" and news.hints["language"] == "en"
    assert sitemap.entries[1].published == "2024-07-03"
    index = parse_any(fixture_bytes("sitemap-index.xml", BASE))
    assert index.kind == "sitemapindex" and index.links == [BASE + "/news-sitemap.xml"]


@pytest.mark.parametrize("name", ["billion-laughs.xml", "xxe.xml"])
def test_entity_declarations_are_refused_fast(name):
    start = time.monotonic()
    with pytest.raises(FeedError, match="entities"):
        parse_any((FIXTURES / name).read_bytes())
    assert time.monotonic() - start < 0.5


def test_utf16_entity_declarations_are_refused_too():
    data = (FIXTURES / "billion-laughs.xml").read_text().replace('<?xml version="1.0"?>', "").encode("utf-16")
    with pytest.raises(FeedError):
        parse_any(data)


@pytest.mark.parametrize("data, kind", [
    (b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0"/>', "feed"),
    (b'<feed xmlns="http://www.w3.org/2005/Atom"/>', "feed"),
    (b'<rdf:RDF xmlns:rdf="x"/>', "feed"),
    (b"<opml/>", "opml"),
    (b"<urlset/>", "sitemap"),
    (b"<sitemapindex/>", "sitemapindex"),
    (b"<html><body/></html>", None),
    (b"plain text", None),
])
def test_kind_of_xml(data, kind):
    assert kind_of_xml(data) == kind


@pytest.mark.parametrize("data", [b"", b"<rss", b"<urlset><url><loc>", b"\x00\x01\x02", b"<opml><body>",
                                  b"<html>not a feed</html>"])
def test_broken_inputs_raise_feed_error(data):
    try:
        feed = parse_any(data)
    except FeedError:
        return
    assert not feed.entries and not feed.links  # recovered into an empty list, never a crash
