"""WARC / ARC archives (plain or per-record gzip) via warcio: one Document per HTML/text response.

Only ``response`` and ``resource`` records with a 2xx status and a text-like
content type become Documents; everything else (requests, metadata, images,
redirects) is skipped silently because it is not an article. A record that
cannot be read is an IngestError; a broken archive ends with one.
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsfuse.config import Settings
from newsfuse.ingest.decode import DecodeError, decode_bytes
from newsfuse.ingest.ids import url_doc_id
from newsfuse.ingest.sources import sniff_charset
from newsfuse.model import Document, IngestError

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def read_warc(data: bytes, source: str, settings: Settings | None = None) -> Iterator[Document | IngestError]:
    """Yield the articles of a WARC/ARC file (``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``) given as bytes."""
    yield from _read(io.BytesIO(data), source, settings)


def read_warc_file(path: Path, source: str, settings: Settings | None = None) -> Iterator[Document | IngestError]:
    """The same, streamed from a file on disk (Common Crawl WARCs are about 1 GB)."""
    try:
        stream = open(path, "rb")
    except OSError as exc:
        yield IngestError(source=source, reason=f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        yield from _read(stream, source, settings)


def _read(stream: BinaryIO, source: str, settings: Settings | None) -> Iterator[Document | IngestError]:
    limit = (settings or Settings()).max_page_bytes
    found = 0
    try:
        for n, record in enumerate(ArchiveIterator(stream, arc2warc=True)):
            item = _record(record, source, n, limit)
            if item is None and _truncated(record):  # even a skipped record must be whole
                item = IngestError(source=f"{source}#{n}", reason="truncated WARC record (archive ends inside it)")
            if item is not None:
                found += isinstance(item, Document)
                yield item
    except ArchiveLoadFailed as exc:
        yield IngestError(source=source, reason=f"broken WARC archive after {found} records: {exc}")
        return
    except Exception as exc:  # warcio meets hostile input with assorted errors (AttributeError, ...)
        yield IngestError(source=source, reason=f"broken WARC archive after {found} records: "
                                                f"{type(exc).__name__}: {exc}")
        return
    if found == 0:
        yield IngestError(source=source, reason="the archive holds no HTML or text response")


def _record(record, source: str, n: int, limit: int) -> Document | IngestError | None:
    if record.rec_type not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{source}#{url or n}"
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        ctype = record.http_headers.get_header("Content-Type") or ""
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    ctype_main = ctype.split(";")[0].strip().lower()
    if ctype_main and not ctype_main.startswith(TEXT_TYPES):
        return None
    try:
        body = record.content_stream().read(limit + 1)
    except Exception as exc:  # warcio raises assorted errors on broken chunking/compression
        return IngestError(source=where, reason=f"unreadable WARC record: {type(exc).__name__}: {exc}")
    if len(body) > limit:
        return IngestError(source=where, reason=f"record body over the {limit:,}-byte limit")
    if _truncated(record):
        return IngestError(source=where, reason="truncated WARC record (archive ends inside it)")
    try:
        text = decode_bytes(body, _charset(ctype) or sniff_charset(body))
    except DecodeError as exc:
        return IngestError(source=where, reason=str(exc))
    record_id = record.rec_headers.get_header("WARC-Record-ID") or f"{source}#{n}"
    doc_id = url_doc_id(url) if url else url_doc_id(record_id)
    hints = {"url": url} if url else {}
    date = record.rec_headers.get_header("WARC-Date")
    if date:
        hints["fetched"] = date
    return Document(id=doc_id, source=where, url=url, raw=text,
                    raw_format="text" if ctype_main == "text/plain" else "html", hints=hints)


def _truncated(record) -> bool:
    """warcio hands out a short body silently when the file ends early; the record's reader knows."""
    raw = record.raw_stream
    try:
        while raw.read(65536):
            pass
    except Exception:  # a broken gzip member also means the record is incomplete
        return True
    return getattr(raw, "limit", 0) > 0


def _charset(ctype: str) -> str | None:
    for part in ctype.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"\'')
    return None
