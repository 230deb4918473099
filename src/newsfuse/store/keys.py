"""Identity of a document: canonical URL and content hash (shared by every backend)."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsfuse.model import Document

_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_|ref$|ref_src$|cmpid$|ocid$|at_)", re.I)


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme/host, no fragment, no tracking parameters, no trailing slash.

    >>> canonical_url("HTTPS://Example.com/a/?utm_source=x&id=2#top")
    'https://example.com/a?id=2'
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return None
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), host, path if path != "/" else "", query, ""))


def content_hash(doc: Document) -> str:
    """Hash of the raw input with whitespace and Unicode form normalised."""
    text = unicodedata.normalize("NFC", doc.raw)
    text = re.sub(r"\s+", " ", text).strip()
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
