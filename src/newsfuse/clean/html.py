"""HTML to article text: trafilatura (with htmldate for dates) as the
extractor, metadata from JSON-LD/OpenGraph (through trafilatura's metadata
extraction), and the same post-cleaning as plain text afterwards.

Results are cached by content hash so that learning templates over a batch
and cleaning its documents extract each page once.
"""
from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field

import regex

_CACHE: "OrderedDict[tuple, Extraction]" = OrderedDict()
_CACHE_SIZE = 512
# characters: shorter fast extractions are redone with trafilatura's fallbacks. Measured
# (F1 AEB / trafilatura-eval): 0 -> .943/.919, 800 -> .943/.940, 1000 -> .939/.941
RERUN_BELOW = 800
# ... and so are those under RERUN_SHARE_BELOW that cover less than RERUN_SHARE of the text a
# reader sees on the page (fast mode picked a teaser block over the article: spiegel.de in
# trafilatura-eval, 882 of 15,343 characters). Measured: 0.05 -> trafilatura-eval F1 .940 -> .941,
# article-extraction-benchmark unchanged; 0.1 loses it again. Below 1,500 characters only, so that
# the check (a second parse) stays rare: speed 0.74x trafilatura's instead of 0.76x.
RERUN_SHARE = 0.05
RERUN_SHARE_BELOW = 1500


@dataclass
class Extraction:
    """What the extractor found in a page."""

    text: str = ""
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    outlet: str | None = None
    language: str | None = None
    url: str | None = None
    description: str | None = None
    extractor: str = "trafilatura"

    def metadata(self) -> dict[str, str]:
        """Hints for ``Document.hints`` (only the keys that were found)."""
        out = {"title": self.title, "published": self.published, "outlet": self.outlet,
               "language": self.language, "url": self.url, "description": self.description,
               "authors": json.dumps(self.authors, ensure_ascii=False) if self.authors else None}
        return {k: v for k, v in out.items() if v}


def _split_authors(author: str | None) -> list[str]:
    if not author:
        return []
    parts = regex.split(r"\s*;\s*|\s*,\s*(?=\p{Lu})|\s+(?:and|und|&)\s+", author)
    return [p.strip() for p in parts if p.strip() and len(p) < 80]


def _safe_trafilatura(tree, url: str | None, fast: bool):
    if tree is None:
        return None
    try:
        return _trafilatura(tree, url, fast=fast, with_metadata=False)
    except Exception:  # malformed pages must not stop a batch
        return None


def _trafilatura(html, url: str | None, fast: bool, with_metadata: bool):
    import trafilatura

    return trafilatura.bare_extraction(
        html, url=url, fast=fast, with_metadata=with_metadata, include_comments=False,
        include_tables=True, include_images=False, include_links=False, deduplicate=False)


def extract_html(html: str, url: str | None = None, with_metadata: bool = True) -> Extraction:
    """Extract the article text and metadata from ``html`` (cached).

    >>> extract_html("<html><body><article><p>" + "Word " * 40 + "</p></article></body></html>").text[:9]
    'Word Word'
    """
    key = (hash(html), len(html), url, with_metadata)  # str hashes are cached by Python: no re-hashing
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    ex = _extract(html, url, with_metadata)
    _CACHE[key] = ex
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return ex


def _extract(html: str, url: str | None, with_metadata: bool) -> Extraction:
    from trafilatura.utils import load_html

    from newsfuse.clean.metadata import PageMeta, page_metadata

    try:
        tree = load_html(html)
    except Exception:
        tree = None
    if tree is None:
        return Extraction(text=_strip_tags(html), url=url, extractor="fallback")
    try:
        pm = page_metadata(tree, url) if with_metadata else PageMeta(url=url)
    except Exception:  # odd markup must cost the metadata, not the article
        pm = PageMeta(url=url)
    # trafilatura prunes the tree: metadata is read first. Its fast mode
    # (no readability/jusText comparison) is as good on most pages and ~30%
    # cheaper; a short result is where the comparison pays, so only then
    # the page is extracted again with it (measured: bench/extraction.py).
    doc = _safe_trafilatura(tree, url, fast=True)
    text = (doc.text or "") if doc is not None else ""
    if len(text) < max(RERUN_BELOW, RERUN_SHARE_BELOW):
        fresh = load_html(html)  # unpruned; the visible-text count does not change it
        if len(text) < RERUN_BELOW or (len(text) < RERUN_SHARE_BELOW
                                       and len(text) < RERUN_SHARE * _visible_chars(fresh)):
            retry = _safe_trafilatura(fresh, url, fast=False)
            if retry is not None and len(retry.text or "") > len(text):
                doc, text = retry, retry.text
    text, extractor = choose_text(text, pm.article_body, html)
    return Extraction(text=text, title=pm.title or (doc.title if doc is not None else None),
                      authors=pm.authors, published=pm.published, outlet=pm.outlet, language=pm.language,
                      url=pm.url or url, description=pm.description, extractor=extractor)


def _visible_chars(tree) -> int:
    """Characters of the text a reader sees in the page's body (scripts and styles left out)."""
    try:
        return sum(len(t.strip()) for t in tree.xpath("//body//text()[not(ancestor::script or ancestor::style "
                                                       "or ancestor::noscript or ancestor::template)]"))
    except Exception:
        return 0


def choose_text(extracted: str, article_body: str | None, html: str) -> tuple[str, str]:
    """Pick between candidate extractions: trafilatura's, the publisher's own
    JSON-LD ``articleBody`` when trafilatura lost most of it, and plain
    paragraph text when trafilatura found nothing."""
    if RATIO_JSONLD and article_body and len(article_body) > RATIO_JSONLD * max(len(extracted), 1) \
            and len(article_body) > 400:
        return _paragraphs(article_body), "jsonld"
    if extracted.strip():
        return extracted, "trafilatura"
    return _fallback_text(html), "fallback"


# Off: measured no gain on the article-extraction benchmark and -0.001 F1 on
# trafilatura-eval at 1.5 (teaser-only or stale articleBody values). Set a ratio to try again.
RATIO_JSONLD: float | None = None


def _paragraphs(text: str) -> str:
    """JSON-LD bodies often lose their paragraph breaks; keep what breaks they have."""
    return regex.sub(r"[ \t]*\n[ \t\n]*", "\n", text).strip()


def _fallback_text(html: str) -> str:
    """Plain text of the page's paragraphs when trafilatura finds no article."""
    try:
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(html)
    except Exception:
        return ""
    paras = [" ".join(p.text_content().split()) for p in tree.iter("p", "h1", "h2", "h3", "li")]
    text = "\n".join(p for p in paras if len(p) > 1)
    return text or _strip_tags(html)


_DROP = regex.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", regex.S | regex.I)
_BLOCK = regex.compile(r"</?(?:p|div|br|h[1-6]|li|tr|section|article|header|footer|blockquote)\b[^>]*>", regex.I)
_TAG = regex.compile(r"<[^>]+>")


def visible_text(html: str) -> str:
    """All the text a reader could see on the page, one block per line
    (for ``keep_boilerplate``: nothing the extractor dropped is lost)."""
    return _strip_tags(html)


def _strip_tags(html: str) -> str:
    """Last resort for pages no parser can read (nesting past libxml2's limit)."""
    import html as htmllib

    text = _BLOCK.sub("\n", _DROP.sub(" ", html))
    lines = (" ".join(htmllib.unescape(_TAG.sub(" ", ln)).split()) for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)
