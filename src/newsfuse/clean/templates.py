"""Cross-document templates: lines that recur across several articles of the
same outlet or site are the site's boilerplate (menus, footers, widgets).

Learnt from a batch (and from what the store learnt before): a line is a
template when it appears in at least ``min_docs`` *different* articles of one
site. Near-identical articles (syndicated copies, re-crawls) count once, or
their shared body text would look like boilerplate.
"""
from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from newsfuse.clean.blocks import normalise, split_blocks, words
from newsfuse.model import Document


def site_of(doc: Document) -> str | None:
    """The site a document comes from: its URL's host, or an outlet hint."""
    url = doc.url or doc.hints.get("url") or ""
    host = urlsplit(url).hostname if "://" in url else None
    if host:
        return host.removeprefix("www.")
    return doc.hints.get("site") or doc.hints.get("outlet") or None


def document_lines(doc: Document) -> list[str]:
    """Normalised lines of a document's text (HTML goes through extraction)."""
    if doc.raw_format == "html":
        from newsfuse.clean.html import extract_html

        text = extract_html(doc.raw, doc.url).text
    else:
        text = doc.raw
    return [normalise(b.text) for b in split_blocks(text)]


def learn_templates(docs: list[Document], min_docs: int = 3, max_words: int = 40,
                    duplicate_overlap: float = 0.5) -> set[str]:
    """Normalised lines recurring in ``min_docs`` distinct articles of one site.

    >>> sorted(learn_templates([]))
    []
    """
    by_site: dict[str, list[set[str]]] = defaultdict(list)
    for doc in docs:
        site = site_of(doc)
        if site:
            lines = {ln for ln in document_lines(doc) if ln and len(words(ln)) <= max_words}
            by_site[site].append(lines)
    templates: set[str] = set()
    for groups in by_site.values():
        if len(groups) < min_docs:
            continue
        distinct: list[set[str]] = []
        prose: list[set[str]] = []
        for lines in groups:  # collapse near-duplicate articles (compared on their prose lines)
            long = {ln for ln in lines if len(ln) > 80}
            if long and any(len(long & p) > duplicate_overlap * min(len(long), len(p)) for p in prose):
                continue
            distinct.append(lines)
            prose.append(long)
        counts: dict[str, int] = defaultdict(int)
        for lines in distinct:
            for ln in lines:
                counts[ln] += 1
        templates |= {ln for ln, c in counts.items() if c >= min_docs}
    return templates
