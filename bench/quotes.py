"""Quote attribution on PolNeAR (political news attribution relations), newsfuse's quote stage.

    .venv/bin/python bench/quotes.py                      # test split (evaluation only)
    .venv/bin/python bench/quotes.py --split train --limit 100
    .venv/bin/python bench/quotes.py --json bench/results/quotes.json

Data: ../shared/datasets/polnear/data/<split>/{text,attributions} — one text
file per article and brat standoff annotations (``T`` spans typed Source /
Cue / Content, ``E`` relations tying them into one attribution). When an
article has several annotators the first annotation file (sorted) is used.
The test split is for evaluation only: rules were developed on train.

What is compared. newsfuse extracts *quotes* (text inside quotation marks)
with a speaker; PolNeAR annotates every attribution, also paraphrases
without quotation marks. So the main rows score the **quote-bearing**
attributions (gold content containing a quotation mark); a last row gives
recall over all attributions for scale.

Matching rule (stated in the output too):

* a predicted quote matches a gold attribution when at least half of the
  quote's characters lie inside the attribution's content span(s);
* content P = matched predicted quotes / predicted quotes, content R = gold
  quote-bearing attributions matched by some quote / all of them;
* source: a matched quote's speaker is correct when the words that name it
  in the text (the mention, pronoun or phrase at the cue; for a speaker
  carried over from an earlier sentence, that earlier mention), or the
  mention a pronoun resolves to, overlap the gold source span (lenient); or
  the words at the cue equal it after trimming (strict). Source P
  = correct / predicted quotes with a speaker, R = correct / gold
  quote-bearing attributions that have a source.

A baseline row gives, for the same quotes, the person or organisation
mention nearest to the quote in its sentence as the source.

Mentions come from the project's own entities stage (``recognise_entities``),
as in the pipeline; nothing is tuned per article. Runtime is bounded by
``--limit`` and is about a minute for the test split on two cores.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsfuse.claims.indirect import find_indirect  # noqa: E402
from newsfuse.claims.quotes import find_quotes  # noqa: E402
from newsfuse.claims.text import DocText  # noqa: E402
from newsfuse.model import Document, Paragraph  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "polnear" / "data"
_QUOTE_MARK = re.compile(r"[“”\"«»„]|(?<!\w)‘|’(?!\w)")


@dataclass
class Gold:
    source: list[tuple[int, int]] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)


def read_brat(path: Path) -> list[Gold]:
    """Attributions of one .ann file: each E line joins Source, Cue and Content spans."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, ranges = parts[1].partition(" ")
            spans[parts[0]] = (label, [tuple(map(int, r.split())) for r in ranges.split(";")])
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    out = []
    for rel in relations:
        g = Gold()
        for role, tid in rel.items():
            if tid in spans and role in ("Source", "Content"):
                getattr(g, role.lower()).extend(spans[tid][1])
        if g.content:
            out.append(g)
    return out


def articles(data: Path, split: str, limit: int | None):
    texts = sorted((data / split / "text").glob("*.txt"))
    for path in texts[:limit]:
        anns = sorted((data / split / "attributions").glob(path.stem + "_*.ann"))
        if anns:
            yield path.stem, path.read_text(encoding="utf-8"), read_brat(anns[0])


def _overlap(a: tuple[int, int], spans: list[tuple[int, int]]) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in spans)


def _trim(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(" ,.;:\"“”'’").lower())


def _document(doc_id: str, text: str, recognise) -> Document:
    doc = Document(id=doc_id, language="en", paragraphs=[Paragraph(text=p) for p in text.split("\n\n")])
    assert doc.body == text  # offsets of the annotations stay valid
    return recognise(doc) if recognise else doc


def evaluate(data: Path, split: str, limit: int | None) -> dict:
    try:
        from newsfuse.config import Settings
        from newsfuse.entities import recognise_entities

        settings = Settings.load()
        recognise = lambda d: recognise_entities(d, settings)  # noqa: E731
        ner = "newsfuse.entities.recognise_entities"
    except ImportError:  # pragma: no cover - the entities stage is part of the package
        recognise, ner = None, "none"
    n = dict(articles=0, pred=0, pred_matched=0, gold_q=0, gold_q_matched=0, gold_all=0, gold_all_matched=0,
             pred_spk=0, gold_q_src=0, src_lenient=0, src_strict=0, seconds=0.0,
             ind_pred=0, ind_matched=0, ind_src=0, gold_other=0, gold_other_matched=0, all_with_ind=0,
             base_spk=0, base_ok=0)
    for doc_id, text, gold in articles(data, split, limit):
        doc = _document(doc_id, text, recognise)
        t0 = time.perf_counter()
        hits = find_quotes(DocText(doc))
        n["seconds"] += time.perf_counter() - t0
        n["articles"] += 1
        quote_gold = [g for g in gold if any(_QUOTE_MARK.search(text[s:e]) for s, e in g.content)]
        n["gold_q"] += len(quote_gold)
        n["gold_all"] += len(gold)
        n["gold_q_src"] += sum(1 for g in quote_gold if g.source)
        matched_gold: set[int] = set()
        credited: set[int] = set()
        based: set[int] = set()
        for h in hits:
            span = (h.span.start, h.span.end)
            size = max(1, span[1] - span[0])
            best = max(range(len(gold)), key=lambda i: _overlap(span, gold[i].content), default=None)
            ok = best is not None and _overlap(span, gold[best].content) * 2 >= size
            n["pred"] += 1
            n["pred_spk"] += h.speaker is not None
            base = _nearest_name(doc, h)
            n["base_spk"] += base is not None
            if not ok:
                continue
            if base is not None and gold[best].source and best not in based and _overlap(base, gold[best].source) > 0:
                based.add(best)
                n["base_ok"] += 1
            n["pred_matched"] += 1
            matched_gold.add(best)
            g = gold[best]
            sp = h.speaker
            if sp is None or not g.source or sp.end <= sp.start or best in credited:
                continue
            resolved = doc.mentions[sp.mention] if sp.mention is not None else None
            if _overlap((sp.start, sp.end), g.source) > 0 or (
                    resolved is not None and _overlap((resolved.start, resolved.end), g.source) > 0):
                credited.add(best)
                n["src_lenient"] += 1
                gold_src = " ".join(text[s:e] for s, e in g.source)
                n["src_strict"] += _trim(text[sp.start:sp.end]) == _trim(gold_src)
        n["gold_all_matched"] += len(matched_gold)
        _score_indirect(n, DocText(doc), text, gold, quote_gold, matched_gold)
        n["gold_q_matched"] += sum(1 for i in matched_gold if gold[i] in quote_gold)
    n["ner"] = ner
    return n


def _nearest_name(doc: Document, h) -> tuple[int, int] | None:
    """Baseline speaker: the person or organisation mention nearest to the quote in its sentence."""
    best = None
    for m in doc.mentions:
        if m.type not in ("PERSON", "ORGANIZATION") or not (h.sentence.start <= m.start < h.sentence.end):
            continue
        if h.span.open <= m.start < h.span.close:
            continue
        d = min(abs(m.start - h.span.close), abs(h.span.open - m.end))
        if best is None or d < best[0]:
            best = (d, (m.start, m.end))
    return best[1] if best else None


def _score_indirect(n: dict, dt: DocText, text: str, gold: list[Gold], quote_gold: list[Gold],
                    matched_direct: set[int]) -> None:
    """Indirect speech (``extract_claims`` with ``indirect_quotes``) against the paraphrase attributions."""
    other = [i for i, g in enumerate(gold) if g not in quote_gold]
    n["gold_other"] += len(other)
    found: set[int] = set()
    for q in find_indirect(dt):
        span = (q.start, q.end)
        n["ind_pred"] += 1
        best = max(range(len(gold)), key=lambda i: _overlap(span, gold[i].content), default=None)
        if best is None or _overlap(span, gold[best].content) * 2 < max(1, span[1] - span[0]):
            continue
        n["ind_matched"] += 1
        found.add(best)
        m = dt.doc.mentions[q.speaker_mention] if q.speaker_mention is not None else None
        n["ind_src"] += bool(m is not None and _overlap((m.start, m.end), gold[best].source) > 0) or bool(
            q.speaker_name and any(q.speaker_name.lower() in text[s:e].lower() or text[s:e].lower() in q.speaker_name.lower()
                                   for s, e in gold[best].source))
    n["gold_other_matched"] += sum(1 for i in found if i in other)
    n["all_with_ind"] += len(found | matched_direct)


def _prf(tp_p: int, p: int, tp_r: int, r: int) -> tuple[float, float, float]:
    prec = tp_p / p if p else 0.0
    rec = tp_r / r if r else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def table(n: dict, split: str) -> str:
    rows = [
        ("content (quote-bearing attributions)",) + _prf(n["pred_matched"], n["pred"], n["gold_q_matched"], n["gold_q"]),
        ("source, lenient (span overlap)",) + _prf(n["src_lenient"], n["pred_spk"], n["src_lenient"], n["gold_q_src"]),
        ("source, strict (same words)",) + _prf(n["src_strict"], n["pred_spk"], n["src_strict"], n["gold_q_src"]),
        ("baseline source: nearest person/org mention in the sentence, lenient",)
        + _prf(n["base_ok"], n["base_spk"], n["base_ok"], n["gold_q_src"]),
    ]
    out = [f"PolNeAR {split} split: {n['articles']} articles, {n['gold_q']} quote-bearing attributions "
           f"(of {n['gold_all']}), {n['pred']} quotes predicted; mentions from {n['ner']}.", "",
           "| metric | precision | recall | F1 |", "|---|---:|---:|---:|"]
    out += [f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} |" for name, p, r, f in rows]
    rec_all = n["gold_all_matched"] / n["gold_all"] if n["gold_all"] else 0.0
    out.append(f"| recall over all attributions (incl. paraphrase) | | {rec_all:.3f} | |")
    p, r, f = _prf(n["ind_matched"], n["ind_pred"], n["gold_other_matched"], n["gold_other"])
    out.append(f"| indirect speech (option `indirect_quotes`) vs paraphrase attributions | {p:.3f} | {r:.3f} | {f:.3f} |")
    p2 = n["ind_src"] / n["ind_matched"] if n["ind_matched"] else 0.0
    out.append(f"| indirect speech: source correct among matched | {p2:.3f} | | |")
    rec_all2 = n["all_with_ind"] / n["gold_all"] if n["gold_all"] else 0.0
    out.append(f"| recall over all attributions, quotes + indirect speech | | {rec_all2:.3f} | |")
    speed = n["articles"] / n["seconds"] if n["seconds"] else 0.0
    out += ["", f"Quote extraction speed: {speed:.0f} articles/s (entity recognition excluded).", "",
            "Matching rule: a quote matches a gold attribution when ≥ 50 % of its characters lie in the "
            "attribution's content span; source is correct when the words naming the speaker (or the "
            "mention a pronoun resolves to) overlap (lenient) or the words equal, after trimming punctuation and a leading article (strict), the gold "
            "source span. Source precision is over quotes given a speaker, recall over quote-bearing "
            "gold attributions with a source."]
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PolNeAR data directory")
    ap.add_argument("--split", default="test", choices=["train", "dev", "test"])
    ap.add_argument("--limit", type=int, default=None, help="at most this many articles")
    ap.add_argument("--json", type=Path, default=None, help="also write the counts as JSON")
    args = ap.parse_args(argv)
    if not (args.data / args.split / "text").is_dir():
        print(f"PolNeAR not found under {args.data}; nothing to do.")
        return 0
    n = evaluate(args.data, args.split, args.limit)
    print(table(n, args.split))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(n, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
