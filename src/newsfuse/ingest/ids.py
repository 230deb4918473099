"""Stable document ids for inputs that have a URL (feeds, sitemaps, WARC, single URLs).

The id must be unique per article, because the store keys documents by id:
two feeds whose items are all called ``index.html`` must not overwrite each
other. So the id is a readable slug of the URL's last path segment plus a
hash of the canonical URL (the same canonical form the store uses for
de-duplication, so re-fetching a URL maps to the same id).

    >>> url_doc_id("https://www.example.com/world/2024/06/putin-kim-summit.html?utm_source=x")
    'putin-kim-summit-a7dfee8018'
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote, urlsplit

from newsfuse.store.keys import canonical_url

_SLUG = re.compile(r"[^\w]+", re.UNICODE)


def url_doc_id(url: str) -> str:
    """``<slug>-<10 hex>`` from a URL (or any identifier string)."""
    canonical = canonical_url(url) or url.strip()
    digest = hashlib.sha1(canonical.encode("utf-8", "replace")).hexdigest()[:10]
    path = urlsplit(url).path if "://" in url else url
    segments = [s for s in unquote(path).split("/") if s]
    last = segments[-1] if segments else (urlsplit(url).hostname or "")
    last = re.sub(r"\.(s?html?|php|aspx?|jsp)$", "", last, flags=re.I)
    slug = _SLUG.sub("-", last).strip("-_").lower()[:48].strip("-")
    return f"{slug}-{digest}" if slug else digest
