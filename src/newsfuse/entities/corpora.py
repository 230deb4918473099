"""Readers and a strict span scorer for the public NER data sets.

Used by the German model's training script (``training/ner_de``) and by
``bench/entities.py``. Every reader yields ``(words, tags)`` sentences with
BIO tags over the labels PER/LOC/ORG/MISC, so the data sets can be mixed and
scored alike. Nothing here is needed at run time.
"""
from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

Sentence = tuple[list[str], list[str]]

# GermEval's outer column has PER/LOC/ORG/OTH, each also as -deriv ("deutsche")
# and -part ("Ukraine-Krieg"). Derivations and parts are not names of an
# entity for newsfuse, so they become O; OTH is our MISC.
_GERMEVAL = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}

# SmartData's fine-grained geo/organisation types folded into the four classes.
_SMARTDATA = {
    "PERSON": "PER", "LOCATION": "LOC", "LOCATION_CITY": "LOC", "LOCATION_STREET": "LOC",
    "LOCATION_STOP": "LOC", "ORGANIZATION": "ORG", "ORGANIZATION_COMPANY": "ORG",
}


def _map_tag(tag: str, mapping: dict[str, str]) -> str:
    if tag in ("O", "") or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    return f"{prefix}-{mapping[label]}" if label in mapping else "O"


def repair_bio(tags: list[str]) -> list[str]:
    """Turn an I- that follows O or another label into B- (after mapping)."""
    out, prev = [], "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def read_germeval(path: str | Path) -> Iterator[Sentence]:
    """GermEval 2014 TSV: ``index token outer inner``; ``#`` lines are sources."""
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            if not line.strip():
                if words:
                    yield words, repair_bio(tags)
                words, tags = [], []
                continue
            cols = line.split("\t")
            words.append(cols[1])
            tags.append(_map_tag(cols[2], _GERMEVAL))
    if words:
        yield words, repair_bio(tags)


def read_conll(path: str | Path, word_col: int = 1, tag_col: int = -1,
               sep: str | None = "\t") -> Iterator[Sentence]:
    """Blank-line separated CoNLL-style columns (WikiANN ``.conllu``)."""
    mapping = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split(sep)
            if len(cols) < 2 or not line.strip():
                if words:
                    yield words, repair_bio(tags)
                words, tags = [], []
                continue
            words.append(cols[word_col])
            tags.append(_map_tag(cols[tag_col], mapping))
    if words:
        yield words, repair_bio(tags)


def read_europeana(path: str | Path, max_len: int = 40) -> Iterator[Sentence]:
    """Europeana newspapers BIO (``token TAG`` per line, no sentence breaks).

    Sentences are cut after a full stop that ends a token run, or at
    ``max_len`` tokens, so the model sees sentence-sized inputs.
    """
    mapping = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            cols = line.split()
            if len(cols) != 2:
                continue
            words.append(cols[0])
            tags.append(_map_tag(cols[1], mapping))
            if (cols[0] in {".", "!", "?"} and len(words) > 5) or len(words) >= max_len:
                if not tags[-1].startswith(("B-", "I-")):
                    yield words, repair_bio(tags)
                    words, tags = [], []
    if words:
        yield words, repair_bio(tags)


def _json_objects(text: str) -> Iterator[dict]:
    dec = json.JSONDecoder()
    i = 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        obj, i = dec.raw_decode(text, i)
        yield obj


def read_smartdata(path: str | Path) -> Iterator[Sentence]:
    """SmartData v3 JSON (concatenated objects, gzipped), one item per sentence."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    for doc in _json_objects(text):
        body = doc["text"]["string"]
        for sent in doc["sentences"]["array"]:
            toks = sent["tokens"]["array"]
            words = [body[t["span"]["start"]:t["span"]["end"]] for t in toks]
            tags = [_map_tag(t["ner"]["string"], _SMARTDATA) for t in toks]
            if words:
                yield words, repair_bio(tags)


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """BIO tags to a set of ``(start, end, label)`` token spans."""
    out, start, label = set(), None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag.startswith("I-") and label == tag[2:]:
            continue
        if start is not None:
            out.add((start, i, label))
            start = label = None
        if tag.startswith(("B-", "I-")):
            start, label = i, tag[2:]
    return out


def strict_prf(gold: Iterable[list[str]], pred: Iterable[list[str]],
               labels: Iterable[str] | None = None) -> dict[str, dict[str, float]]:
    """Exact-span precision/recall/F1 per label and micro-averaged ("ALL").

    ``labels`` restricts the count (e.g. PER/LOC/ORG only).

    >>> strict_prf([["B-PER", "I-PER", "O"]], [["B-PER", "I-PER", "O"]])["ALL"]["f1"]
    1.0
    """
    keep = set(labels) if labels else None
    counts: dict[str, list[int]] = {}
    for g_tags, p_tags in zip(gold, pred):
        g = {s for s in spans(g_tags) if keep is None or s[2] in keep}
        p = {s for s in spans(p_tags) if keep is None or s[2] in keep}
        for key, hit in [(s[2], s in g) for s in p]:
            c = counts.setdefault(key, [0, 0, 0])
            c[0 if hit else 1] += 1
        for s in g - p:
            counts.setdefault(s[2], [0, 0, 0])[2] += 1
    result = {}
    total = [0, 0, 0]
    for key, (tp, fp, fn) in sorted(counts.items()):
        result[key] = _prf(tp, fp, fn)
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
    result["ALL"] = _prf(*total)
    return result


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}
