"""A large synthetic news corpus for bench/throughput.py, recombined from public texts at run time.

Base articles: ECB+ (English, 43 topics x 2 events) and the WMT19/NTREX news
articles (English, both German references, and French/Spanish versions) from
``../shared/datasets``. Every generated article is a *variant* of a base
article as outlets publish it: a subset of its sentences (rarely reordered),
sometimes a sentence from another report of the same event, its own outlet,
URL and publication date near the event's date; a share are HTML pages with
the outlet's navigation and footer (the boilerplate cleaning must remove).
Variants of one base share the event, so the corpus also has realistic
stories (many copies and rewrites of one event) for clustering; labels.json
maps every article id to its event (bench/clustering.py --only stream scores
the stories against it: a stream where everything is of one year).

The corpus goes to ``bench/data/`` (git-ignored) as JSONL shards; nothing
from the datasets is ever committed.
"""
from __future__ import annotations

import gzip
import html as htmllib
import hashlib
import json
import random
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
VERSION = "4"  # bump when the generator changes, so cached corpora are rebuilt
SHARD_SIZE = 500
WMT_LANGS = {"en", "de", "fr", "es"}


@dataclass
class Base:
    group: str  # the event: ECB+ topic+half, or WMT docid
    language: str
    title: str
    sentences: list[str]


def _detok(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r"\s+([.,;:!?%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{$])\s+", r"\1", text)
    text = re.sub(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = text.replace("`` ", '"').replace(" ''", '"').replace("``", '"').replace("''", '"')
    return text.strip()


def ecb_bases() -> list[Base]:
    bases = []
    for path in sorted((DATASETS / "ecbplus" / "ECB+").glob("*/*.xml")):
        m = re.match(r"(\d+)_\d+(ecbplus|ecb)\.xml$", path.name)
        if not m:
            continue
        sentences: dict[int, list[str]] = {}
        for tok in ET.parse(path).getroot().iter("token"):
            sentences.setdefault(int(tok.get("sentence", 0)), []).append(tok.text or "")
        texts = [_detok(t) for _, t in sorted(sentences.items()) if t]
        texts = [t for t in texts if len(t) > 3]
        if len(texts) >= 3:
            bases.append(Base(f"ecb{m.group(1)}-{m.group(2)}", "en", texts[0], texts[1:]))
    return bases


def wmt_bases() -> list[Base]:
    bases = []
    with gzip.open(DATASETS / "wmt19-ntrex" / "wmt19_ntrex.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["lang"] not in WMT_LANGS:
                continue
            lines = [ln.strip() for ln in row["text"].splitlines() if ln.strip()]
            if len(lines) >= 3:
                bases.append(Base(f"wmt-{row['docid']}", row["lang"], lines[0], lines[1:]))
    return bases


def _event_day(group: str) -> date:
    h = int(hashlib.blake2b(group.encode(), digest_size=4).hexdigest(), 16)
    return date(2024, 1, 1) + timedelta(days=h % 330)


def _paragraphs(sentences: list[str], rng: random.Random) -> list[str]:
    out, i = [], 0
    while i < len(sentences):
        n = rng.choice((1, 2, 2, 3))
        out.append(" ".join(sentences[i:i + n]))
        i += n
    return out


def variant(base: Base, others: list[Base], n: int, rng: random.Random, html_share: float) -> dict:
    """One outlet's version of a base article, as a JSONL record."""
    keep = [s for s in base.sentences if rng.random() < 0.85] or base.sentences[:3]
    if len(keep) > 3 and rng.random() < 0.2:
        i = rng.randrange(len(keep) - 1)
        keep[i], keep[i + 1] = keep[i + 1], keep[i]
    same_event = [o for o in others if o is not base and o.language == base.language]
    if same_event and rng.random() < 0.3:
        extra = rng.choice(same_event).sentences
        keep.insert(rng.randrange(len(keep) + 1), rng.choice(extra))
    outlet = rng.randrange(40)
    day = _event_day(base.group) + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2)))
    slug = re.sub(r"[^a-z0-9]+", "-", base.title.lower())[:50].strip("-") or "article"
    url = f"https://outlet{outlet:02d}.example/{day:%Y/%m/%d}/{slug}-{n}"
    record = {"id": f"a{n:06d}", "url": url, "published": day.isoformat(), "outlet": f"Outlet {outlet:02d}"}
    paragraphs = _paragraphs(keep, rng)
    if rng.random() < html_share:
        nav = " | ".join(("Home", "World", "Politics", "Business", "Sport", "Culture"))
        body = "".join(f"<p>{htmllib.escape(p)}</p>" for p in paragraphs)
        title = htmllib.escape(base.title)
        record["html"] = (f"<html lang=\"{base.language}\"><head><title>{title} - Outlet {outlet:02d}</title>"
                          f"<meta property=\"article:published_time\" content=\"{day.isoformat()}\"></head><body>"
                          f"<nav>{nav}</nav><article><h1>{title}</h1>{body}</article>"
                          f"<footer>© 2024 Outlet {outlet:02d}. All rights reserved. Subscribe to our newsletter."
                          f"</footer></body></html>")
    else:
        record["title"] = base.title
        record["text"] = "\n\n".join(paragraphs)
    return record


def build_corpus(n_docs: int, out_dir: Path, extra: int = 0, html_share: float = 0.2, seed: int = 13) -> dict:
    """Write ``n_docs`` articles as JSONL shards (+ ``extra`` held-out ones in new.jsonl); cached by size."""
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = out_dir / "manifest.json"
    want = {"version": VERSION, "docs": n_docs, "extra": extra, "html_share": html_share, "seed": seed}
    if manifest.exists() and json.loads(manifest.read_text())["params"] == want:
        return json.loads(manifest.read_text())
    for old in out_dir.glob("*.jsonl"):
        old.unlink()
    bases = ecb_bases() + wmt_bases()
    if not bases:
        raise SystemExit(f"no base texts under {DATASETS}: the benchmark needs ../shared/datasets")
    by_group: dict[str, list[Base]] = {}
    for b in bases:
        by_group.setdefault(b.group, []).append(b)
    rng = random.Random(seed)
    order = list(range(len(bases)))
    shards, fh, chars, labels = [], None, 0, {}
    for n in range(n_docs + extra):
        if n % len(bases) == 0:
            rng.shuffle(order)
        base = bases[order[n % len(bases)]]
        record = variant(base, by_group[base.group], n, rng, html_share)
        labels[record["id"]] = base.group
        chars += len(record.get("text") or record.get("html"))
        if n >= n_docs:
            path = out_dir / "new.jsonl"
        else:
            path = out_dir / f"part-{n // SHARD_SIZE:04d}.jsonl"
        if fh is None or fh.name != str(path):
            if fh:
                fh.close()
            fh = open(path, "a", encoding="utf-8")
            if path.name != "new.jsonl":
                shards.append(str(path))
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    (out_dir / "labels.json").write_text(json.dumps(labels))  # article id -> event, for scoring the stories
    info = {"params": want, "shards": shards, "new": str(out_dir / "new.jsonl") if extra else None,
            "labels": str(out_dir / "labels.json"),
            "bases": len(bases), "events": len(by_group), "avg_chars": round(chars / max(1, n_docs + extra))}
    manifest.write_text(json.dumps(info, indent=1))
    return info
