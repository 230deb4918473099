"""read_inputs over URLs, feeds, OPML, sitemaps, WARC, Parquet and JSONL (served from 127.0.0.1)."""
from __future__ import annotations

import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsfuse.ingest import read_inputs
from newsfuse.ingest.ids import url_doc_id
from newsfuse.model import Document, IngestError

from .conftest import PAGES, Route, article, fixture_bytes


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, IngestError)]


def test_a_single_url_is_an_html_document(site, settings):
    url = site.url("/news/harbour-reopens.html")
    (doc,) = read_inputs([url], settings)
    assert doc.raw_format == "html" and doc.url == url and doc.source == url
    assert doc.id == url_doc_id(url) and doc.id.startswith("harbour-reopens-")
    assert "Story 1" in doc.raw


def test_rss_url_fetches_every_article_with_feed_hints(site, settings):
    docs, errors = split(read_inputs([site.url("/rss2.xml")], settings))
    assert len(docs) == 3 and not errors
    by_title = {d.hints["title"]: d for d in docs}
    harbour = by_title["Harbour reopens after storm"]
    assert harbour.raw == PAGES["/news/harbour-reopens.html"].decode()
    assert harbour.hints["published"] == "2024-07-02T06:30:00Z" and harbour.hints["feed"] == site.url("/rss2.xml")
    notice = by_title["Council notice (full text only)"]  # no link: the feed's own content is the article
    assert "12 million euros" in notice.raw


def test_local_opml_file_reads_all_feeds(site, settings, tmp_path):
    path = tmp_path / "feeds.opml"
    path.write_bytes(fixture_bytes("feeds.opml", site.url("")))
    docs, errors = split(read_inputs([str(path)], settings))
    assert not errors
    assert {d.url for d in docs if d.url} == {site.url("/news/harbour-reopens.html?utm_source=rss"),
                                              site.url("/news/bridge-repairs.html"), site.url("/de/hafen.html")}


def test_sitemap_index_url(site, settings):
    docs, errors = split(read_inputs([site.url("/sitemap-index.xml")], settings))
    assert not errors and len(docs) == 2
    assert {d.hints.get("title") for d in docs} == {"Harbour reopens after storm", None}


def test_hostile_feed_url_is_reported(site, settings):
    docs, errors = split(read_inputs([site.url("/billion-laughs.xml"), site.url("/xxe.xml")], settings))
    assert not docs and len(errors) == 2 and all("entities" in e.reason for e in errors)


def test_failed_articles_are_reported_with_their_url(site, settings):
    site.routes["/rss2.xml"] = Route(
        b'<rss version="2.0"><channel><item><link>/gone.html</link></item><item><link>/news/bridge-repairs.html'
        b'</link></item></channel></rss>', content_type="application/rss+xml")
    docs, errors = split(read_inputs([site.url("/rss2.xml")], settings))
    assert len(docs) == 1 and errors[0].source == site.url("/gone.html") and "404" in errors[0].reason


def test_jsonl_url(server, settings):
    lines = [json.dumps({"id": f"j{i}", "text": f"Article {i} text.", "url": f"https://x.test/{i}"}) for i in range(3)]
    server.routes["/dump.jsonl"] = Route("\n".join(lines + ["{broken"]).encode(), content_type="application/x-ndjson")
    docs, errors = split(read_inputs([server.url("/dump.jsonl")], settings))
    assert [d.id for d in docs] == ["j0", "j1", "j2"] and len(errors) == 1


def _warc(records: list[tuple[str, bytes, str, str]], gz: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for url, body, ctype, status in records:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    request = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
    writer.write_record(writer.create_warc_record("https://a.test/", "request", payload=request))
    return out.getvalue()


@pytest.mark.parametrize("name, gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_files(tmp_path, settings, name, gz):
    data = _warc([("https://a.test/one.html", article(1), "text/html; charset=utf-8", "200 OK"),
                  ("https://a.test/two.html", article(2).decode().encode("latin-1", "replace"),
                   "text/html; charset=iso-8859-1", "200 OK"),
                  ("https://a.test/logo.png", b"\x89PNG", "image/png", "200 OK"),
                  ("https://a.test/moved", b"", "text/html", "301 Moved")], gz)
    path = tmp_path / name
    path.write_bytes(data)
    docs, errors = split(read_inputs([str(path)], settings))
    assert not errors
    assert [d.url for d in docs] == ["https://a.test/one.html", "https://a.test/two.html"]
    assert docs[0].id == url_doc_id("https://a.test/one.html") and "Story 1" in docs[0].raw


def test_broken_warc_is_reported(tmp_path, settings):
    good = _warc([("https://a.test/one.html", article(1), "text/html", "200 OK")], gz=True)
    path = tmp_path / "broken.warc.gz"
    for cut, complete in ((30, 0), (len(good) // 2, 0), (len(good) - 20, 1)):  # the last cut is in the request
        path.write_bytes(good[:cut])
        docs, errors = split(read_inputs([str(path)], settings))
        assert len(docs) == complete and errors, cut  # a truncated article is reported, never stored half
    path.write_bytes(b"garbage" * 10)
    (error,) = read_inputs([str(path)], settings)
    assert "WARC" in error.reason


def test_parquet_file(tmp_path, settings):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": ["p1", "p2", "p3"], "text": ["First article.", "Second article.", None],
                      "url": ["https://p.test/1", "https://p.test/2", None]})
    path = tmp_path / "shard.parquet"
    pq.write_table(table, path)
    docs, errors = split(read_inputs([str(path)], settings))
    assert [d.id for d in docs] == ["p1", "p2"] and len(errors) == 1 and "no text" in errors[0].reason
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really")
    _, errors = split(read_inputs([str(tmp_path / "bad.parquet")], settings))
    assert "Parquet" in errors[0].reason


def test_local_feed_file(site, settings, tmp_path):
    path = tmp_path / "atom.xml"
    path.write_bytes(fixture_bytes("atom.xml", site.url("")))
    (doc,) = read_inputs([str(path)], settings)
    assert doc.url == site.url("/de/hafen.html") and doc.hints["author"] == "Jonas Weber"


def test_unknown_xml_file_is_reported(tmp_path, settings):
    path = tmp_path / "data.xml"
    path.write_bytes(b"<?xml version='1.0'?><catalog><book/></catalog>")
    (error,) = read_inputs([str(path)], settings)
    assert isinstance(error, IngestError) and "not an RSS" in error.reason


def test_meta_charset_is_used_when_the_server_gives_none(server, settings):
    page = ("<html><head><meta charset='windows-1251'><title>Мост</title></head>"
            "<body><p>Мэр заявил, что мост безопасен.</p>")
    server.routes["/ru.html"] = Route(page.encode("cp1251"), content_type="text/html")
    (doc,) = read_inputs([server.url("/ru.html")], settings)
    assert "Мэр заявил" in doc.raw


def test_ingest_module_doctests():
    import doctest

    from newsfuse.ingest import feeds, ids, sources

    for module in (feeds, ids, sources):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_warc_and_parquet_files_are_streamed_not_read_whole(tmp_path, settings, monkeypatch):
    import pathlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "c.warc.gz").write_bytes(_warc([("https://a.test/1.html", article(1), "text/html", "200 OK")], True))
    pq.write_table(pa.table({"id": ["p1"], "text": ["A row."]}), tmp_path / "s.parquet")

    def refuse(self):
        raise AssertionError(f"{self} was read into memory")

    monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    docs, errors = split(read_inputs([str(tmp_path / "c.warc.gz"), str(tmp_path / "s.parquet")], settings))
    assert [d.id for d in docs] == [url_doc_id("https://a.test/1.html"), "p1"] and not errors
