"""Score a German NER model on GermEval 2014 test (strict, outer level).

    python training/ner_de/evaluate.py MODEL_DIR [--data ../shared/datasets] [--json out.json]

Prints precision/recall/F1 on PER/LOC/ORG and on all four classes
(PER/LOC/ORG/OTH = MISC) beside the published figures. Tokens are the
data set's own, so tokenisation does not blur the comparison. The model is
the bare statistical one (no newsfuse gazetteer or rules): `bench/entities.py`
reports the full recogniser.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

import spacy  # noqa: E402

import newsfuse.entities.features  # noqa: E402,F401  (the model's gazetteer-feature callback)
from spacy.tokens import Doc  # noqa: E402

from newsfuse.entities import corpora  # noqa: E402

PUBLISHED = {  # GermEval 2014 test, strict outer F1 (../shared/datasets/SOURCES.md)
    "ExB (best shared-task system)": 79.1, "Stanford NER (GermEval train)": 75.8,
    "GermaNER": 75.0, "spaCy (GermEval train)": 71.8,
}


def predict(nlp, sentences) -> list[list[str]]:
    docs = (Doc(nlp.vocab, words=words) for words, _ in sentences)
    return [iob_tags(doc) for doc in nlp.pipe(docs, batch_size=256)]


def iob_tags(doc) -> list[str]:
    return [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc]


def evaluate(nlp, path: Path) -> dict:
    sents = list(corpora.read_germeval(path))
    gold = [tags for _, tags in sents]
    pred = predict(nlp, sents)
    return {"sentences": len(sents),
            "per_loc_org": corpora.strict_prf(gold, pred, labels=["PER", "LOC", "ORG"]),
            "four_class": corpora.strict_prf(gold, pred)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/datasets")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    nlp = spacy.load(args.model)
    res = evaluate(nlp, args.data / "germeval2014/NER-de-test.tsv")
    for key in ("per_loc_org", "four_class"):
        for label, s in res[key].items():
            print(f"{key:12} {label:5} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} (n={s['support']})")
    print("published 4-class strict F1:", ", ".join(f"{k} {v}" for k, v in PUBLISHED.items()))
    if args.json:
        args.json.write_text(json.dumps({**res, "published": PUBLISHED}, indent=2))


if __name__ == "__main__":
    main()
