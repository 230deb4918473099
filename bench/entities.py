"""Entities benchmark: NER precision/recall/F1 per language on public data, and speed.

    python bench/entities.py              # markdown table, JSON in bench/results/entities.json
    python bench/entities.py --limit 500  # quicker: first 500 sentences of each set
    python bench/entities.py --json       # print the JSON instead of the table

Data (../shared/datasets, see SOURCES.md): GermEval 2014 test and SmartData
v3 test for German, WikiANN en test for English. Sentences are given to the
recognisers pre-tokenised, so tokenisation does not blur the comparison;
scores are strict (exact span and type). Two systems per language:

* ``model`` — the bare statistical model (newsfuse's German model; spaCy's
  en_core_web_sm with its labels folded to PER/LOC/ORG/MISC);
* ``newsfuse`` — the full recogniser (model + gazetteer + rules) that the
  pipeline runs.

GermEval is reported on PER/LOC/ORG and on all four classes (OTH = MISC),
beside the published figures; SmartData and WikiANN have no MISC, so only
PER/LOC/ORG count there. Speed: documents/second of the whole entities stage
(recognition of every document + linking of the batch) over WMT19 news
articles in English and German.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsfuse.entities import corpora, link_entities, ner, recognise_batch  # noqa: E402
from newsfuse.model import Document, Paragraph  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets"
RESULTS = ROOT / "bench" / "results" / "entities.json"
PUBLISHED = {  # GermEval 2014 test, strict outer F1, 4 classes (SOURCES.md)
    "ExB (best shared-task system)": 0.791, "Stanford NER (GermEval train)": 0.758,
    "GermaNER": 0.750, "spaCy (GermEval train)": 0.718,
}
_FOLD = {"PERSON": "PER", "PER": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG",
         "MISC": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC"}
_SHORT = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG", "MISC": "MISC"}


def _docs(nlp, sentences):
    from spacy.tokens import Doc

    return nlp.pipe((Doc(nlp.vocab, words=w) for w, _ in sentences), batch_size=256)


def _tags_model(sdoc) -> list[str]:
    tags = ["O"] * len(sdoc)
    for ent in sdoc.ents:
        label = _FOLD.get(ent.label_)
        if label:
            tags[ent.start] = "B-" + label
            for i in range(ent.start + 1, ent.end):
                tags[i] = "I-" + label
    return tags


def _tags_newsfuse(sdoc, lang) -> list[str]:
    """The recogniser's spans; a leading honorific ("Herr", "Mr"), which newsfuse keeps in
    the mention by design, is left out as the data sets' guidelines do."""
    from newsfuse.entities.resources import words

    tags = ["O"] * len(sdoc)
    for sp in ner.find_spans(sdoc, lang):
        label = _SHORT[sp.type]
        if sp.type == "PERSON" and sp.token_end - sp.token_start > 1 \
                and sdoc[sp.token_start].lower_.rstrip(".") in words("titles.tsv", lang):
            sp.token_start += 1
        tags[sp.token_start] = "B-" + label
        for i in range(sp.token_start + 1, sp.token_end):
            tags[i] = "I-" + label
    return tags


def score_set(name, sentences, lang, labels_sets) -> dict:
    nlp = ner.load(ner.model_lang(lang))
    gold = [t for _, t in sentences]
    t0 = time.perf_counter()
    sdocs = list(_docs(nlp, sentences))
    seconds = time.perf_counter() - t0
    preds = {"model": [_tags_model(d) for d in sdocs], "newsfuse": [_tags_newsfuse(d, lang) for d in sdocs]}
    out = {"data": name, "language": lang, "sentences": len(sentences),
           "model_sentences_per_second": round(len(sentences) / seconds, 1), "systems": {}}
    for system, pred in preds.items():
        out["systems"][system] = {key: corpora.strict_prf(gold, pred, labels=labels)
                                  for key, labels in labels_sets.items()}
    return out


def _wmt_documents(limit: int) -> list[Document]:
    path = DATA / "wmt19-ntrex" / "wmt19_ntrex.jsonl.gz"
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("lang") not in ("en", "de") or len(docs) >= limit:
                continue
            lines = [x for x in row["text"].splitlines() if x.strip()]
            paras = [Paragraph(text=lines[0], kind="title")] + [Paragraph(text=x) for x in lines[1:]]
            docs.append(Document(id=f"{row['id']}-{len(docs)}", language=row["lang"], paragraphs=paras))
    return docs


def speed(limit: int) -> dict:
    docs = _wmt_documents(limit)
    for lang in ("en", "de"):
        ner.load(ner.model_lang(lang))  # model loading is not part of the rate
    t0 = time.perf_counter()
    recognise_batch(docs)
    t1 = time.perf_counter()
    entities = link_entities(docs)
    t2 = time.perf_counter()
    words = sum(len(d.body.split()) for d in docs)
    return {"documents": len(docs), "words": words, "entities": len(entities),
            "recognise_seconds": round(t1 - t0, 2), "link_seconds": round(t2 - t1, 2),
            "documents_per_second": round(len(docs) / (t2 - t0), 1)}


def run(limit: int | None, speed_docs: int) -> dict:
    def cap(it):
        items = list(it)
        return items[:limit] if limit else items

    three = {"PER/LOC/ORG": ["PER", "LOC", "ORG"]}
    results = {
        "german_model": "newsfuse/models/ner_de" if ner.german_model_available() else "missing (English fallback)",
        "sets": [
            score_set("GermEval 2014 test", cap(corpora.read_germeval(DATA / "germeval2014/NER-de-test.tsv")),
                      "de", {**three, "4 classes": None}),
            score_set("SmartData v3 test", cap(corpora.read_smartdata(DATA / "smartdata/v3_20200302/test.json.gz")),
                      "de", three),
            score_set("WikiANN en test", cap(corpora.read_conll(DATA / "wikiann/en/test.conllu")), "en", three),
        ],
        "published_germeval_4class_f1": PUBLISHED,
        "speed": speed(speed_docs),
    }
    return results


def table(results: dict) -> str:
    rows = ["| data | system | classes | P | R | F1 |", "|---|---|---|---|---|---|"]
    for s in results["sets"]:
        for system, by_labels in s["systems"].items():
            for key, prf in by_labels.items():
                a = prf["ALL"]
                rows.append(f"| {s['data']} ({s['sentences']} sent.) | {system} | {key} | "
                            f"{a['precision']:.3f} | {a['recall']:.3f} | {a['f1']:.3f} |")
    pub = ", ".join(f"{k} {v:.3f}" for k, v in results["published_germeval_4class_f1"].items())
    sp = results["speed"]
    return "\n".join(rows) + f"\n\nPublished GermEval 2014 test (4 classes, strict): {pub}\n" \
        f"\nSpeed: {sp['documents_per_second']} documents/s ({sp['documents']} WMT19 articles en+de, " \
        f"{sp['words']} words; recognition {sp['recognise_seconds']} s, linking {sp['link_seconds']} s)\n" \
        f"German model: {results['german_model']}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="sentences per data set (default: all)")
    ap.add_argument("--speed-docs", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: the benchmark needs ../shared/datasets")
    results = run(args.limit, args.speed_docs)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2) if args.json else table(results))


if __name__ == "__main__":
    main()
