"""Bytes to text: detect binary input and the encoding of text input."""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

MAX_BYTES = 20_000_000  # larger inputs are refused, not truncated silently


class DecodeError(ValueError):
    """The input is not readable text (binary, empty, undecodable)."""


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean binary."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control / len(head) > 0.05


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``: BOM, then the declared charset, then UTF-8, then detection.

    Raises DecodeError for empty, binary or oversized input.
    """
    if len(data) > MAX_BYTES:
        raise DecodeError(f"input is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit")
    if not data.strip():
        raise DecodeError("input is empty")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    if looks_binary(data):
        raise DecodeError("input looks binary, not text or HTML")
    for enc in filter(None, (declared, "utf-8")):
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise DecodeError("could not determine the text encoding")
    return data.decode(best.encoding, errors="replace")
