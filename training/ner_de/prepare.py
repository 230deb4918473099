"""Build the German NER training and development sets as spaCy DocBins.

    python training/ner_de/prepare.py --data ../shared/datasets --out training/ner_de/corpus

Training mix (all public, see ../shared/datasets/SOURCES.md):
- GermEval 2014 dev, 90 % of it, oversampled: the only gold news-style set with
  the GermEval guidelines (the other 10 % is the development set that picks the
  best checkpoint; GermEval *test* is never seen before evaluation);
- WikiANN de train, filtered to sentence-like rows (silver labels from
  Wikipedia links; title-only rows and markup are dropped);
- Europeana newspapers (CC0, historic OCR, PER/LOC/ORG);
- SmartData dev, fine-grained labels folded into PER/LOC/ORG.

Entities that start with a lower-case word ("japanische" tagged LOC in
SmartData) are removed from the silver sets: under GermEval's guidelines
those are -deriv forms, which newsfuse does not treat as names.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

import spacy  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402

from newsfuse.entities import corpora  # noqa: E402

_MARKUP = {"**", "''", "*", "|", "WEITERLEITUNG"}


def _held_out(words: list[str]) -> bool:
    """A stable 10 % of GermEval dev, chosen by content hash."""
    return int(hashlib.md5(" ".join(words).encode()).hexdigest(), 16) % 10 == 0


def _clean_silver(words: list[str], tags: list[str]) -> list[str]:
    out = list(tags)
    for start, end, _ in corpora.spans(tags):
        span = words[start:end]
        if span[0][:1].islower() or any(w in {"(", ")", "-", "–"} for w in span):
            out[start:end] = ["O"] * (end - start)
    return corpora.repair_bio(out)


def _wikiann_ok(words: list[str]) -> bool:
    return (len(words) >= 6 and sum(w.islower() for w in words) >= 2
            and not any(w in _MARKUP for w in words))


def build(data: Path, germeval_copies: int = 4, wikiann: int = 0, europeana: bool = True,
          smartdata_copies: int = 2) -> tuple[list, list]:
    """(train, dev) sentences; ``wikiann`` caps the WikiANN rows (0 = all that pass)."""
    train, dev = [], []
    for words, tags in corpora.read_germeval(data / "germeval2014/NER-de-dev.tsv"):
        if _held_out(words):
            dev.append((words, tags))
        else:
            train.extend([(words, tags)] * germeval_copies)
    wiki = [(w, _clean_silver(w, t)) for w, t in corpora.read_conll(data / "wikiann/de/train.conllu")
            if _wikiann_ok(w)]
    train.extend(wiki if wikiann == 0 else wiki[:max(wikiann, 0)])
    if europeana:
        for part in ("sbb", "onb", "lft"):
            for w, t in corpora.read_europeana(data / f"europeana-ner-de/enp_DE.{part}.bio"):
                train.append((w, _clean_silver(w, t)))
    smart = [(w, _clean_silver(w, t)) for w, t in
             corpora.read_smartdata(data / "smartdata/v3_20200302/dev.json.gz")]
    train.extend(smart * smartdata_copies)
    return train, dev


def to_docbin(nlp, sentences) -> DocBin:
    db = DocBin(store_user_data=False)
    for words, tags in sentences:
        db.add(Doc(nlp.vocab, words=words, ents=tags))
    return db


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/datasets")
    ap.add_argument("--out", type=Path, default=ROOT / "training/ner_de/work/mix")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--germeval-copies", type=int, default=4)
    ap.add_argument("--wikiann", type=int, default=0, help="cap on WikiANN sentences (0 = all, -1 = none)")
    ap.add_argument("--no-europeana", action="store_true")
    ap.add_argument("--smartdata-copies", type=int, default=2)
    args = ap.parse_args()
    train, dev = build(args.data, args.germeval_copies, args.wikiann, not args.no_europeana,
                       args.smartdata_copies)
    random.Random(args.seed).shuffle(train)
    nlp = spacy.blank("de")
    args.out.mkdir(parents=True, exist_ok=True)
    to_docbin(nlp, train).to_disk(args.out / "train.spacy")
    to_docbin(nlp, dev).to_disk(args.out / "dev.spacy")
    print(f"train {len(train)} sentences, dev {len(dev)} sentences -> {args.out}")


if __name__ == "__main__":
    main()
