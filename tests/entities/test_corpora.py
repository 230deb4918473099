"""Readers and the strict scorer used by the German NER training and bench/entities.py."""
from pathlib import Path

from newsfuse.entities import corpora

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "entities"


def test_germeval_outer_labels_deriv_and_part_dropped():
    sents = list(corpora.read_germeval(FIXTURES / "germeval-sample.tsv"))
    assert len(sents) == 2
    words, tags = sents[0]
    spans = {(" ".join(words[s:e]), label) for s, e, label in corpora.spans(tags)}
    assert spans == {("Olaf Scholz", "PER"), ("Berlin", "LOC"), ("Tagesschau", "ORG")}
    assert sents[1][1] == ["B-MISC", "I-MISC"]  # OTH is MISC


def test_wikiann_and_europeana():
    sents = list(corpora.read_conll(FIXTURES / "wikiann-sample.conllu"))
    assert sents[1] == (["Siemens", "AG"], ["B-ORG", "I-ORG"])
    eu = list(corpora.read_europeana(FIXTURES / "europeana-sample.bio"))
    assert [w[-1] for w, _ in eu] == [".", "."]  # cut into sentences at full stops
    assert corpora.spans(eu[0][1]) == {(3, 4, "PER"), (5, 6, "LOC")}


def test_repair_bio():
    assert corpora.repair_bio(["O", "I-PER", "I-PER", "I-LOC"]) == ["O", "B-PER", "I-PER", "B-LOC"]


def test_strict_scores_need_exact_spans_and_types():
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    pred = [["B-PER", "O", "O", "B-LOC"]]
    res = corpora.strict_prf(gold, pred)
    assert res["ALL"]["precision"] == 0.5 and res["ALL"]["recall"] == 0.5
    assert res["LOC"]["f1"] == 1.0 and res["PER"]["f1"] == 0.0
    only = corpora.strict_prf(gold, [["B-ORG", "I-ORG", "O", "B-LOC"]], labels=["LOC"])
    assert only["ALL"]["f1"] == 1.0
