"""Read local inputs: .txt/.md, .html/.htm (optionally .gz), .jsonl, directories, globs, ``-`` (stdin)."""
from __future__ import annotations

import glob
import gzip
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.ingest.decode import DecodeError, decode_bytes
from newsfuse.model import Document, IngestError

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<meta|<div|<article|<p[ >])", re.I)

Item = Document | IngestError


def read_inputs(paths: Iterable[str], settings: Settings | None = None) -> Iterator[Item]:
    """Yield a Document or an IngestError for every input named by ``paths``.

    Paths may be files, directories (read recursively, sorted), globs, ``-``
    for stdin, or — when the ingest.sources module provides it — URLs and feeds.
    """
    settings = settings or Settings()
    for path in paths:
        if path == "-":
            yield from _read_stdin()
        elif re.match(r"^https?://", path):
            yield from _read_url(path, settings)
        elif any(ch in path for ch in "*?[") and not os.path.exists(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield IngestError(source=path, reason="the glob matched no file")
            for match in matches:
                yield from read_path(Path(match), settings)
        else:
            yield from read_path(Path(path), settings)


def read_path(path: Path, settings: Settings | None = None) -> Iterator[Item]:
    """Read one file or every readable file below a directory."""
    settings = settings or Settings()
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
            yield from read_path(child, settings)
        return
    if not path.exists():
        yield IngestError(source=str(path), reason="no such file or directory")
        return
    streamer = _path_reader(path.name)
    if streamer is not None:  # WARC / Parquet: read from the file as a stream, not into memory
        yield from streamer(path, str(path), settings)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield IngestError(source=str(path), reason=f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, source=str(path), name=path.name, settings=settings)


def read_bytes(data: bytes, source: str, name: str, settings: Settings | None = None) -> Iterator[Item]:
    """Turn the bytes of one named input into Documents (one, or many for JSONL/WARC)."""
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes[-2:] in ([".warc", ".gz"], [".arc", ".gz"]):  # per-record gzip: warcio reads it as is
        special = _special_reader("".join(suffixes[-2:]))
        if special is not None:
            yield from special(data, source, settings or Settings())
            return
    if suffixes and suffixes[-1] == ".gz":
        try:
            data = _gunzip(data)
        except (OSError, EOFError, ValueError) as exc:
            yield IngestError(source=source, reason=f"broken gzip file: {exc}")
            return
        suffixes = suffixes[:-1]
    suffix = suffixes[-1] if suffixes else ""
    stem = _stem(name)
    special = _special_reader(suffix)
    if special is not None:
        yield from special(data, source, settings or Settings())
        return
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        yield IngestError(source=source, reason=str(exc))
        return
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(text, source)
        return
    is_html = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and bool(_HTML_SNIFF.match(data[:2048])))
    yield Document(id=stem, source=source, raw=text, raw_format="html" if is_html else "text")


def read_jsonl(text: str, source: str) -> Iterator[Item]:
    """One article per line: ``{"id", "text" | "html" | "body", "url", "title", "published", ...}``."""
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(source=where, reason=f"invalid JSON: {exc.msg}")
            continue
        if not isinstance(row, dict):
            yield IngestError(source=where, reason="a JSONL line must be an object")
            continue
        yield document_from_record(row, where)


def document_from_record(row: dict, where: str) -> Item:
    """Build a Document from a JSON-like record (JSONL line, Parquet row, API payload)."""
    html = row.get("html")
    text = row.get("text") or row.get("body") or row.get("content")
    raw = html or text
    if not isinstance(raw, str) or not raw.strip():
        return IngestError(source=where, reason="record has no text/html/body field")
    title = row.get("title")
    if text and title and isinstance(title, str) and not html and not text.lstrip().startswith(title.strip()):
        raw = f"{title.strip()}\n{text}"
    doc_id = str(row.get("id") or row.get("docid") or _stem(where.replace(":", "_")))
    hints = {k: str(row[k]) for k in ("url", "title", "published", "outlet", "language", "author") if row.get(k)}
    return Document(id=doc_id, source=where, url=row.get("url"), raw=raw,
                    raw_format="html" if html else "text", hints=hints)


def _special_reader(suffix: str):
    """WARC, feeds and Parquet readers live in ingest.sources (optional)."""
    try:
        from newsfuse.ingest import sources
    except ImportError:
        return None
    return sources.reader_for_suffix(suffix)


def _path_reader(name: str):
    try:
        from newsfuse.ingest import sources
    except ImportError:
        return None
    return sources.path_reader_for(name)


def _read_url(url: str, settings: Settings) -> Iterator[Item]:
    try:
        from newsfuse.ingest import sources
    except ImportError:
        yield IngestError(source=url, reason="URL input needs newsfuse.ingest.sources")
        return
    yield from sources.read_url(url, settings)


def _read_stdin() -> Iterator[Item]:
    data = sys.stdin.buffer.read()
    yield from read_bytes(data, source="-", name="stdin.txt")


def _gunzip(data: bytes, limit: int = 50_000_000) -> bytes:
    """Decompress with a size cap (a gzip bomb is an error, not a crash)."""
    with gzip.GzipFile(fileobj=__import__("io").BytesIO(data)) as fh:
        out = fh.read(limit + 1)
    if len(out) > limit:
        raise ValueError(f"decompressed size over {limit:,} bytes")
    return out


def _stem(name: str) -> str:
    base = os.path.basename(name)
    for suffix in (".gz",):
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
    return os.path.splitext(base)[0] or base
