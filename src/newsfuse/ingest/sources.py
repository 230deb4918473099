"""Readers beyond plain files: URLs, feeds, OPML lists, sitemaps, WARC and Parquet.

``ingest.files`` asks this module for a reader by file suffix
(``reader_for_suffix``) and hands it URLs (``read_url``). Every reader yields
``Document`` or ``IngestError`` and never raises for a bad input.

A feed, OPML list or sitemap is expanded: a feed into its entries' articles,
an OPML list into its feeds, a sitemap index into its sitemaps. Articles are
fetched with the polite, guarded fetcher (``ingest.fetch``) and get an id from
their URL (``ingest.ids``) so that re-fetching one maps to the same document.
"""
from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from newsfuse.config import Settings
from newsfuse.ingest.decode import DecodeError, decode_bytes
from newsfuse.ingest.feeds import Feed, FeedEntry, FeedError, kind_of_xml, parse_any
from newsfuse.ingest.fetch import HTML_TYPES, FetchError, FetchResult, fetcher_for, gunzip_capped
from newsfuse.ingest.ids import url_doc_id
from newsfuse.model import Document, IngestError

Item = Document | IngestError
Reader = Callable[[bytes, str, Settings], Iterator[Item]]
MAX_DEPTH = 2  # OPML -> feed, sitemap index -> sitemap; deeper nesting is refused (loops)
WARC_SUFFIXES = {".warc", ".arc", ".warc.gz", ".arc.gz"}
XML_SUFFIXES = {".xml", ".rss", ".atom", ".opml"}


def reader_for_suffix(suffix: str) -> Reader | None:
    """The reader for a file suffix (``.warc.gz`` counts as one suffix), or None for plain files."""
    suffix = suffix.lower()
    if suffix in WARC_SUFFIXES:
        from newsfuse.ingest.warc import read_warc

        return read_warc
    if suffix in XML_SUFFIXES:
        return read_xml
    if suffix == ".parquet":
        return read_parquet
    return None


def path_reader_for(name: str) -> Callable[[Path, str, Settings], Iterator[Item]] | None:
    """A reader that streams a large file from disk (WARC, Parquet), or None to read the bytes as usual."""
    lower = name.lower()
    if lower.endswith(tuple(WARC_SUFFIXES)):
        from newsfuse.ingest.warc import read_warc_file

        return read_warc_file
    if lower.endswith(".parquet"):
        return read_parquet_file
    return None


# --- local files -------------------------------------------------------------------------------------------

def read_xml(data: bytes, source: str, settings: Settings, depth: int = 0) -> Iterator[Item]:
    """A feed, OPML list or sitemap file: fetch what it points to."""
    try:
        feed = parse_any(data, base_url=source if source.startswith("http") else "")
    except FeedError as exc:
        yield IngestError(source=source, reason=str(exc))
        return
    if not feed.entries and not feed.links:  # read as an input, a feed that yields nothing is worth saying
        yield IngestError(source=source, reason=f"the {feed.kind} lists no article")
        return
    yield from expand(feed, source, settings, depth)


def read_parquet(data: bytes, source: str, settings: Settings) -> Iterator[Item]:
    """One article per row (columns like JSONL: id, text|html|body, url, title, published, ...)."""
    yield from _parquet(io.BytesIO(data), source)


def read_parquet_file(path: Path, source: str, settings: Settings) -> Iterator[Item]:
    """The same from a file on disk, one row group batch at a time."""
    yield from _parquet(path, source)


def _parquet(where, source: str) -> Iterator[Item]:
    from newsfuse.ingest.files import document_from_record

    try:
        import pyarrow.parquet as pq

        table = pq.ParquetFile(where)
        n = 0
        for batch in table.iter_batches(batch_size=512):
            for row in batch.to_pylist():
                n += 1
                yield document_from_record(row, f"{source}:{n}")
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for broken files
        yield IngestError(source=source, reason=f"unreadable Parquet file: {type(exc).__name__}: {exc}")


# --- URLs --------------------------------------------------------------------------------------------------

def read_url(url: str, settings: Settings, depth: int = 0) -> Iterator[Item]:
    """Fetch one URL: an article page, or a feed / OPML / sitemap / WARC / JSONL to expand."""
    try:
        result = fetcher_for(settings).get(url)
    except FetchError as exc:
        yield IngestError(source=url, reason=str(exc), stage="fetch")
        return
    yield from read_response(result, url, settings, depth)


def read_response(result: FetchResult, url: str, settings: Settings, depth: int = 0,
                  hints: dict[str, str] | None = None) -> Iterator[Item]:
    """Turn a fetched body into Documents, by what it is (content type and a look at the bytes)."""
    data = result.content
    path = urlsplit(url).path.lower()
    if result.content_type == "application/warc" or path.endswith(tuple(WARC_SUFFIXES)):
        yield from reader_for_suffix(".warc")(data, url, settings)  # warcio reads plain and per-record gzip
        return
    if data[:2] == b"\x1f\x8b":  # a .gz file served as is (sitemap.xml.gz, page.html.gz)
        try:
            data = gunzip_capped(data, settings.max_page_bytes)
        except FetchError as exc:
            yield IngestError(source=url, reason=str(exc), stage="fetch")
            return
    if result.content_type in ("application/x-ndjson", "application/jsonl") or path.endswith((".jsonl", ".ndjson")):
        yield from _jsonl(data, url)
        return
    if kind_of_xml(data) is not None and not re.match(rb"\s*<(!doctype html|html)", data[:512], re.I):
        yield from read_xml(data, result.url, settings, depth)
        return
    yield page_document(data, url, result, hints)


def page_document(data: bytes, url: str, result: FetchResult, hints: dict[str, str] | None = None) -> Item:
    """An article page as a Document, its id and ``url`` taken from the URL that was asked for."""
    if result.content_type and not result.content_type.startswith(HTML_TYPES):
        return IngestError(source=url, reason=f"content type {result.content_type!r} is not an article page",
                           stage="fetch")
    try:
        text = decode_bytes(data, result.charset or sniff_charset(data))
    except DecodeError as exc:
        return IngestError(source=url, reason=str(exc))
    all_hints = {"url": url, **(hints or {})}
    if result.url != url:
        all_hints["final_url"] = result.url
    is_text = result.content_type == "text/plain"
    return Document(id=url_doc_id(url), source=url, url=url, raw=text,
                    raw_format="text" if is_text else "html", hints=all_hints)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def sniff_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag (first 4 kB), when the server did not say.

    >>> sniff_charset(b'<html><head><meta charset="windows-1251">')
    'windows-1251'
    """
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    try:
        import codecs

        codecs.lookup(name)
    except LookupError:
        return None
    return name


def expand(feed: Feed, source: str, settings: Settings, depth: int = 0) -> Iterator[Item]:
    """Follow what a parsed feed / list / sitemap points to."""
    if feed.truncated:
        yield IngestError(source=source, reason="too many entries; only the first ones were read")
    if feed.kind in ("opml", "sitemapindex"):
        if depth >= MAX_DEPTH:
            yield IngestError(source=source, reason=f"{feed.kind} nested deeper than {MAX_DEPTH} levels")
            return
        for link in feed.links:
            yield from read_url(link, settings, depth + 1)
        return
    for entry in feed.entries:
        yield fetch_entry(entry, settings, source)


def fetch_entry(entry: FeedEntry, settings: Settings, feed_source: str = "") -> Item:
    """Fetch the article a feed/sitemap entry links to; without a web link, use the feed's own content."""
    hints = dict(entry.hints)
    if feed_source:
        hints["feed"] = feed_source
    if entry.url and entry.url.startswith(("http://", "https://")):
        try:
            result = fetcher_for(settings).get(entry.url, accept=HTML_TYPES)
        except FetchError as exc:
            return IngestError(source=entry.url, reason=str(exc), stage="fetch")
        except Exception as exc:  # a bug must not end a watch; recorded, so the article is retried
            return IngestError(source=entry.url, reason=f"internal error: {type(exc).__name__}: {exc}", stage="fetch")
        return page_document(result.content, entry.url, result, hints)
    if entry.content and entry.content.strip():
        key = entry.id or entry.url or f"{feed_source}#{entry.title}"
        raw = f"<h1>{entry.title}</h1>\n{entry.content}" if entry.title else entry.content
        return Document(id=url_doc_id(key), source=key, url=entry.url, raw=raw, raw_format="html", hints=hints)
    return IngestError(source=f"{feed_source}#{entry.id or entry.title or 'entry'}",
                       reason="feed entry has neither a web link nor content", stage="feed")


def _jsonl(data: bytes, source: str) -> Iterator[Item]:
    from newsfuse.ingest.files import read_jsonl

    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        yield IngestError(source=source, reason=str(exc))
        return
    yield from read_jsonl(text, source)
