"""Shards in, documents out: expand the inputs of ``newsfuse batch`` and parse one shard's bytes.

A shard is a JSONL, WARC or Parquet file (optionally gzipped); the readers
are the ones ``newsfuse ingest`` uses (``newsfuse.ingest.files.read_bytes``),
so a shard means the same thing in both commands. Rows carry documents as
JSON strings, the format Ray Data moves between workers cheaply.
"""
from __future__ import annotations

import glob
import os
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.model import Document, IngestError

SHARD_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".warc", ".warc.gz", ".arc", ".arc.gz",
                  ".parquet")
REMOTE_PREFIXES = ("s3://", "gs://", "gcs://", "abfs://", "hdfs://", "local://")


def is_shard(name: str) -> bool:
    return name.lower().endswith(SHARD_SUFFIXES)


def expand_inputs(inputs: list[str]) -> tuple[list[str], list[IngestError]]:
    """Files named by ``inputs`` (files, directories, globs, remote URIs), sorted, and the inputs that match none.

    Remote URIs (``s3://...``) are passed through as given: Ray reads them on the workers.
    """
    files: list[str] = []
    errors: list[IngestError] = []
    for item in inputs:
        if item.startswith(REMOTE_PREFIXES):
            files.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(str(p) for p in path.rglob("*") if p.is_file() and is_shard(p.name))
        elif any(ch in item for ch in "*?[") and not path.exists():
            found = sorted(p for p in glob.glob(item, recursive=True) if os.path.isfile(p))
        elif path.is_file():
            found = [str(path)]
        else:
            errors.append(IngestError(source=item, reason="no such file or directory"))
            continue
        if not found:
            errors.append(IngestError(source=item, reason="no JSONL, WARC or Parquet shard found"))
        files.extend(os.path.abspath(f) for f in found)
    return list(dict.fromkeys(files)), errors


def item_row(item: Document | IngestError) -> dict[str, str]:
    """A document or an error as a two-column row (exactly one column is non-empty)."""
    if isinstance(item, IngestError):
        return {"doc": "", "error": item.model_dump_json()}
    return {"doc": item.model_dump_json(), "error": ""}


def read_shard_bytes(path: str) -> bytes:
    """The raw bytes of a local or remote (``s3://``...) shard, never decompressed on the way
    (Ray's ``read_binary_files`` would gunzip by suffix, and a broken file would fail the job)."""
    import pyarrow.fs as pafs

    fs, where = pafs.FileSystem.from_uri(path if "://" in path else os.path.abspath(path))
    with fs.open_input_stream(where, compression=None) as fh:
        return fh.read()


def parse_path(row: dict, settings: Settings | None = None) -> list[dict[str, str]]:
    """Ray ``flat_map`` over rows {path}: read one shard and parse it."""
    path = str(row["path"])
    try:
        data = read_shard_bytes(path)
    except Exception as exc:  # unreadable file: one error row, the job goes on
        return [item_row(IngestError(source=path, reason=f"cannot read: {type(exc).__name__}: {exc}"))]
    return parse_shard({"bytes": data, "path": path}, settings)


def parse_shard(row: dict, settings: Settings | None = None) -> list[dict[str, str]]:
    """One shard's bytes (row {bytes, path}) -> rows."""
    from newsfuse.ingest.files import read_bytes

    data, path = bytes(row["bytes"]), str(row["path"])
    name = os.path.basename(path)
    if name.lower().endswith(".gz") and not data.startswith(b"\x1f\x8b"):
        name = name[:-3]  # Ray (through pyarrow) already decompressed it, going by the suffix
    try:
        return [item_row(item) for item in read_bytes(data, source=path, name=name, settings=settings or Settings())]
    except Exception as exc:  # a reader bug must cost one shard, not the job
        return [item_row(IngestError(source=path, reason=f"{type(exc).__name__}: {exc}"))]


def record_rows(batch: dict) -> dict:
    """Ray ``map_batches`` over ``read_parquet``: article records (id, text|html, url, ...) -> rows."""
    from newsfuse.ingest.files import document_from_record

    columns = list(batch)
    n = len(batch[columns[0]]) if columns else 0
    docs, errors = [], []
    for i in range(n):
        record = {c: _plain(batch[c][i]) for c in columns}
        row = item_row(document_from_record(record, str(record.get("source") or record.get("id") or f"row{i}")))
        docs.append(row["doc"])
        errors.append(row["error"])
    return {"doc": docs, "error": errors}


def _plain(value):
    """numpy scalars -> Python values (document_from_record expects str/None)."""
    if value is None:
        return None
    if hasattr(value, "item"):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value
