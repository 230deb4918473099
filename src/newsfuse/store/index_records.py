"""Bytes form of the streaming story index's per-document records (``StoryRecord``).

A record is a small JSON header (entities, keywords, date) followed by the
float32 vector, so a store can rebuild the index without re-embedding.
"""
from __future__ import annotations

import json
import struct

import numpy as np

from newsfuse.stories import StoryRecord

_HEADER = struct.Struct("<I")  # length of the JSON header


def record_to_blob(record: StoryRecord) -> bytes:
    header = json.dumps({"e": list(record.entities), "k": list(record.keywords), "d": record.date},
                        ensure_ascii=False).encode("utf-8")
    return _HEADER.pack(len(header)) + header + np.asarray(record.vector, dtype="<f4").tobytes()


def blob_to_record(doc_id: str, story_id: str, blob: bytes) -> StoryRecord:
    (size,) = _HEADER.unpack_from(blob)
    header = json.loads(blob[_HEADER.size:_HEADER.size + size])
    vector = np.frombuffer(blob[_HEADER.size + size:], dtype="<f4").copy()
    return StoryRecord(doc_id=doc_id, vector=vector, entities=tuple(header["e"]), date=header["d"],
                       story_id=story_id, keywords=tuple(header["k"]))
