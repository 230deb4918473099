"""Feeds, feed lists and sitemaps: RSS/Atom (feedparser), OPML, XML sitemaps and news sitemaps (lxml).

Each parser takes the bytes of one document and returns plain records; the
fetching and the turning into Documents happen in ``ingest.sources``. XML
that declares entities is refused before any parser sees it: real feeds
never need them, and they are how billion-laughs and external-entity attacks
work. lxml runs with entity resolution, DTD loading and network access off.

    >>> kind_of_xml(b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>')
    'feed'
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

import feedparser
from lxml import etree

MAX_ENTRIES = 5_000  # a feed or sitemap with more is truncated (and says so)
_ENTITY = re.compile(rb"<!ENTITY", re.I)
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s/>]")
FEED_ROOTS = {"rss", "feed", "RDF", "channel"}


class FeedError(ValueError):
    """The bytes are not a readable (or not a safe) feed, OPML list or sitemap."""


@dataclass
class FeedEntry:
    """One item of a feed or sitemap: where the article is and what the feed says about it."""

    url: str | None
    id: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    content: str | None = None  # full text or summary given in the feed (HTML)
    hints: dict[str, str] = field(default_factory=dict)


@dataclass
class Feed:
    kind: str  # "feed" | "sitemap" | "sitemapindex" | "opml"
    title: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # child feeds (OPML) or child sitemaps (index)
    truncated: bool = False


def refuse_hostile(data: bytes) -> None:
    """Raise FeedError for XML with entity declarations (checked in UTF-8 and UTF-16 spellings)."""
    flat = data.replace(b"\x00", b"") if b"\x00" in data[:512] else data  # UTF-16 spelled as bytes
    if _ENTITY.search(flat):
        raise FeedError("XML declares entities (refused: billion-laughs / external-entity risk)")


def kind_of_xml(data: bytes) -> str | None:
    """'feed', 'opml', 'sitemap', 'sitemapindex' from the root element name, or None."""
    text = data[:4096].replace(b"\x00", b"")
    text = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", text, flags=re.S)
    match = _ROOT.search(text)
    if not match:
        return None
    name = match.group(2).decode("ascii", "replace")
    if name in FEED_ROOTS:
        return "feed"
    return {"opml": "opml", "urlset": "sitemap", "sitemapindex": "sitemapindex"}.get(name)


def parse_any(data: bytes, base_url: str = "") -> Feed:
    """Parse a feed, OPML list or sitemap, whichever the root element says it is."""
    refuse_hostile(data)
    kind = kind_of_xml(data)
    if kind == "feed":
        return parse_feed(data, base_url)
    if kind == "opml":
        return parse_opml(data, base_url)
    if kind in ("sitemap", "sitemapindex"):
        return parse_sitemap(data, base_url)
    raise FeedError("not an RSS/Atom feed, OPML list or sitemap")


def parse_feed(data: bytes, base_url: str = "") -> Feed:
    """RSS 0.9x/1.0/2.0 or Atom, via feedparser (which tolerates most broken feeds)."""
    refuse_hostile(data)
    headers = {"content-type": "application/xml"} | ({"content-location": base_url} if base_url else {})
    try:
        parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False, resolve_relative_uris=True)
    except Exception as exc:  # feedparser is tolerant, but hostile bytes have made it raise before
        raise FeedError(f"broken feed: {type(exc).__name__}: {exc}") from exc
    if not parsed.entries and not parsed.get("version"):  # an empty but well-formed feed is fine
        reason = parsed.get("bozo_exception")
        raise FeedError(f"broken feed: {type(reason).__name__}: {reason}" if reason else "not an RSS or Atom feed")
    feed = Feed(kind="feed", title=parsed.feed.get("title"))
    for item in parsed.entries[:MAX_ENTRIES]:
        feed.entries.append(_entry(item, base_url, feed.title))
    feed.truncated = len(parsed.entries) > MAX_ENTRIES
    return feed


def _entry(item, base_url: str, feed_title: str | None) -> FeedEntry:
    link = item.get("link") or _first_link(item)
    link = urljoin(base_url, link) if link and base_url else link
    content = None
    if item.get("content"):
        content = max((c.get("value", "") for c in item.content), key=len) or None
    content = content or item.get("summary") or None
    published = None
    for key in ("published_parsed", "updated_parsed"):
        if item.get(key):
            published = time.strftime("%Y-%m-%dT%H:%M:%SZ", item[key])
            break
    hints = {k: v for k, v in {"url": link, "title": item.get("title"), "published": published,
                               "author": item.get("author"), "outlet": feed_title}.items() if v}
    return FeedEntry(url=link or None, id=item.get("id") or None, title=item.get("title"),
                     published=published, author=item.get("author"), content=content, hints=hints)


def _first_link(item) -> str | None:
    for link in item.get("links", []):
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return link["href"]
    return None


def _xml(data: bytes) -> etree._Element:
    refuse_hostile(data)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             recover=True, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise FeedError(f"broken XML: {exc}") from exc
    if root is None:
        raise FeedError("empty or unreadable XML")
    return root


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def parse_opml(data: bytes, base_url: str = "") -> Feed:
    """OPML subscription list: every ``outline`` with an ``xmlUrl`` (any depth)."""
    root = _xml(data)
    if _local(root.tag) != "opml":
        raise FeedError("not an OPML document")
    links = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url and url.strip():
            links.append(urljoin(base_url, url.strip()) if base_url else url.strip())
    title = root.findtext("head/title")
    return Feed(kind="opml", title=title, links=list(dict.fromkeys(links))[:MAX_ENTRIES],
                truncated=len(links) > MAX_ENTRIES)


def parse_sitemap(data: bytes, base_url: str = "") -> Feed:
    """``urlset`` (with Google News ``news:news`` title/date/publication) or ``sitemapindex``."""
    root = _xml(data)
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise FeedError("not a sitemap")
    feed = Feed(kind="sitemap" if kind == "urlset" else "sitemapindex")
    count = 0
    for node in root:
        if _local(node.tag) not in ("url", "sitemap"):
            continue
        fields_ = {_local(child.tag): child for child in node}
        loc = (fields_["loc"].text or "").strip() if "loc" in fields_ else ""
        if not loc:
            continue
        count += 1
        if count > MAX_ENTRIES:
            feed.truncated = True
            break
        loc = urljoin(base_url, loc) if base_url else loc
        if kind == "sitemapindex":
            feed.links.append(loc)
            continue
        feed.entries.append(_sitemap_entry(loc, fields_))
    return feed


def _sitemap_entry(loc: str, fields_: dict) -> FeedEntry:
    hints = {"url": loc}
    lastmod = fields_.get("lastmod")
    published = (lastmod.text or "").strip() if lastmod is not None else None
    title = None
    news = fields_.get("news")
    if news is not None:
        for child in news.iter():
            name = _local(child.tag)
            text = (child.text or "").strip()
            if not text:
                continue
            if name == "title":
                title = text
            elif name == "publication_date":
                published = text
            elif name == "name":
                hints["outlet"] = text
            elif name == "language":
                hints["language"] = text
    if title:
        hints["title"] = title
    if published:
        hints["published"] = published
    return FeedEntry(url=loc, title=title, published=published or None, hints=hints)
