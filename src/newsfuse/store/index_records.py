"""Bytes form of the streaming story index's per-document records (``StoryRecord``).

A record is a small JSON header (every field but the ids and the vector —
read from the dataclass, so fields the stories stage adds are kept too)
followed by the float32 vector, so a store can rebuild the index without
re-embedding.
"""
from __future__ import annotations

import dataclasses
import json
import struct

import numpy as np

from newsfuse.stories import StoryRecord

_HEADER = struct.Struct("<I")  # length of the JSON header
_OUTSIDE_HEADER = {"doc_id", "story_id", "vector"}
_FIELDS = [f for f in dataclasses.fields(StoryRecord) if f.name not in _OUTSIDE_HEADER]


def record_to_blob(record: StoryRecord) -> bytes:
    values = {f.name: getattr(record, f.name) for f in _FIELDS}
    header = json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in values.items()},
                        ensure_ascii=False).encode("utf-8")
    return _HEADER.pack(len(header)) + header + np.asarray(record.vector, dtype="<f4").tobytes()


def blob_to_record(doc_id: str, story_id: str, blob: bytes) -> StoryRecord:
    (size,) = _HEADER.unpack_from(blob)
    header = json.loads(bytes(blob[_HEADER.size:_HEADER.size + size]))
    vector = np.frombuffer(bytes(blob[_HEADER.size + size:]), dtype="<f4").copy()
    values = {f.name: tuple(header[f.name]) if isinstance(header.get(f.name), list) else header[f.name]
              for f in _FIELDS if f.name in header}
    return StoryRecord(doc_id=doc_id, vector=vector, story_id=story_id, **values)
