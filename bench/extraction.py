"""Article extraction: newsfuse vs trafilatura, side by side in one run.

    python bench/extraction.py [--data ../shared/datasets] [--limit N] [--json out.json]

Datasets (see ../shared/datasets/SOURCES.md):
- article-extraction-benchmark: 4-word shingles of the lower-cased,
  whitespace-tokenised text; precision/recall/F1 per document, averaged.
- trafilatura-eval: snippets; a "with" snippet found is a true positive,
  missing a false negative; a "without" snippet found is a false positive.

Both tools get the same decoded HTML string and URL; the tools alternate page
by page and are timed in CPU seconds of this process, so that other load on
a shared machine slows neither more than the other. trafilatura runs with
its standard settings (``extract``); newsfuse runs ``clean`` + ``meta`` as
``newsfuse extract`` does (trafilatura without comments, its own JSON-LD /
OpenGraph metadata, post-cleaning, language, outlet, date). Date accuracy
is computed where the ground truth has dates (trafilatura-eval has some);
trafilatura's date is htmldate with the settings trafilatura uses, not
counted in its time.
Prints a markdown table.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _decode(raw: bytes) -> str:
    from trafilatura.utils import decode_file

    return decode_file(raw)


def load_aeb(base: Path, limit: int | None):
    truth = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    items = []
    for key in sorted(truth)[:limit]:
        path = base / "html" / f"{key}.html.gz"
        if path.exists():
            items.append({"id": key, "url": truth[key].get("url"), "html": _decode(gzip.open(path).read()),
                          "truth": truth[key].get("articleBody") or "", "date": truth[key].get("datePublished")})
    return items


def load_treval(base: Path, limit: int | None):
    meta = json.loads((base / "tests" / "evaldata.json").read_text(encoding="utf-8"))
    items = []
    for url, info in list(meta.items()):
        name = info["file"]
        for folder in ("eval", "cache"):
            path = base / "tests" / folder / f"{name}.gz"
            if path.exists():
                items.append({"id": name, "url": url, "html": _decode(gzip.open(path).read()),
                              "with": info.get("with", []), "without": info.get("without", []),
                              "date": info.get("date")})
                break
        if limit and len(items) >= limit:
            break
    return items


def shingles(text: str, n: int = 4) -> Counter:
    tokens = text.lower().split()
    return Counter(tuple(tokens[i:i + n]) for i in range(max(0, len(tokens) - n + 1)))


def prf_shingles(pred: str, truth: str) -> tuple[float, float, float]:
    p, t = shingles(pred), shingles(truth)
    if not p and not t:
        return 1.0, 1.0, 1.0
    tp = sum((p & t).values())
    prec = tp / sum(p.values()) if p else 0.0
    rec = tp / sum(t.values()) if t else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


_WS = re.compile(r"\s+")


def snippet_counts(pred: str, item: dict) -> tuple[int, int, int, int]:
    text = _WS.sub(" ", pred or "")
    tp = sum(_WS.sub(" ", s) in text for s in item["with"])
    fn = len(item["with"]) - tp
    fp = sum(_WS.sub(" ", s) in text for s in item["without"])
    tn = len(item["without"]) - fp
    return tp, fn, fp, tn


def run_trafilatura(item: dict) -> tuple[str, str | None]:
    import trafilatura

    return trafilatura.extract(item["html"], url=item["url"]) or "", None


def trafilatura_date(item: dict) -> str | None:
    """The date trafilatura's metadata would give (htmldate, its settings); not timed."""
    from htmldate import find_date

    try:
        return find_date(item["html"], url=item["url"], original_date=True, extensive_search=True)
    except Exception:
        return None


def run_newsfuse(item: dict) -> tuple[str, str | None]:
    from newsfuse.clean import clean_document
    from newsfuse.model import Document

    from newsfuse.meta import annotate_meta

    doc = clean_document(Document(id=item["id"], raw=item["html"], raw_format="html", url=item["url"]), _SETTINGS)
    doc = annotate_meta(doc, _SETTINGS)
    return doc.body, doc.published


_SETTINGS = None


def evaluate(name: str, items: list[dict], tools: dict) -> list[dict]:
    """Score every tool on every page. Tools alternate page by page so that
    a busy machine slows them alike."""
    for fn in tools.values():
        fn(items[0])  # warm-up: imports and model loads are not per-page costs
    acc = {t: {"scores": [], "counts": [0, 0, 0, 0], "seconds": 0.0, "dates": []} for t in tools}
    names = list(tools)
    for k, item in enumerate(items):
        for tool in (names if k % 2 == 0 else names[::-1]):
            a = acc[tool]
            start = time.process_time()
            text, date = tools[tool](item)
            a["seconds"] += time.process_time() - start
            if "truth" in item:
                a["scores"].append(prf_shingles(text, item["truth"]))
            else:
                a["counts"] = [x + y for x, y in zip(a["counts"], snippet_counts(text, item))]
            if item.get("date"):
                if tool == "trafilatura":
                    date = trafilatura_date(item)
                a["dates"].append((date or "")[:10] == item["date"][:10])
    rows = []
    for tool, a in acc.items():
        scores, dates = a["scores"], a["dates"]
        if scores:
            p = sum(s[0] for s in scores) / len(scores)
            r = sum(s[1] for s in scores) / len(scores)
            f1 = sum(s[2] for s in scores) / len(scores)
        else:
            tp, fn_, fp, _tn = a["counts"]
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn_) if tp + fn_ else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
        rows.append({"dataset": name, "tool": tool, "pages": len(items), "precision": p, "recall": r, "f1": f1,
                     "date_accuracy": (sum(dates) / len(dates)) if dates else None,
                     "pages_per_s": len(items) / a["seconds"] if a["seconds"] else 0.0})
    return rows


def markdown(rows: list[dict]) -> str:
    out = ["| dataset | tool | pages | precision | recall | F1 | date acc. | pages/s |",
           "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        date = f"{r['date_accuracy']:.3f}" if r["date_accuracy"] is not None else "n/a"
        out.append(f"| {r['dataset']} | {r['tool']} | {r['pages']} | {r['precision']:.3f} | {r['recall']:.3f} | "
                   f"**{r['f1']:.3f}** | {date} | {r['pages_per_s']:.1f} |")
    out.append("")
    for ds in dict.fromkeys(r["dataset"] for r in rows):
        by = {r["tool"]: r for r in rows if r["dataset"] == ds}
        if {"newsfuse", "trafilatura"} <= set(by):
            n, t = by["newsfuse"], by["trafilatura"]
            out.append(f"{ds}: newsfuse F1 {n['f1'] - t['f1']:+.3f} vs trafilatura, "
                       f"speed {n['pages_per_s'] / t['pages_per_s']:.2f}x")
    return "\n".join(out)


def main(argv=None) -> int:
    global _SETTINGS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "datasets"))
    ap.add_argument("--limit", type=int, default=None, help="pages per dataset (default: all)")
    ap.add_argument("--dataset", choices=["aeb", "trafilatura-eval", "both"], default="both")
    ap.add_argument("--json", help="also write the rows as JSON")
    args = ap.parse_args(argv)
    from newsfuse.config import Settings

    _SETTINGS = Settings()
    data = Path(args.data)
    tools = {"trafilatura": run_trafilatura, "newsfuse": run_newsfuse}
    rows = []
    if args.dataset in ("aeb", "both"):
        rows += evaluate("article-extraction-benchmark", load_aeb(data / "article-extraction-benchmark", args.limit), tools)
    if args.dataset in ("trafilatura-eval", "both"):
        rows += evaluate("trafilatura-eval", load_treval(data / "trafilatura-eval", args.limit), tools)
    print(markdown(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
