"""Odd input the stage must survive: empty bodies, unbalanced quotes, unknown languages, long texts."""
import time

from newsfuse.claims import build_timeline, extract_claims, find_conflicts, resolve_times
from newsfuse.model import Document

from .helpers import make_doc


def test_empty_document():
    doc = extract_claims(Document(id="e", language="und"))
    assert doc.quotes == [] and doc.claims == [] and doc.times == []
    assert find_conflicts([], [doc]) == [] and build_timeline([doc], []) == []
    resolve_times([doc])


def test_unbalanced_and_stray_quote_marks():
    doc = extract_claims(make_doc("u", "de", ["Er sagte „das geht so nicht. Dann ging er.", ". .“ “ Ende."]))
    assert all(q.text.strip() for q in doc.quotes)
    assert len(doc.quotes) <= 1


def test_language_without_lexicon_falls_back_to_english_rules():
    doc = extract_claims(make_doc("f", "sw", ["“Nous sommes prêts,” said Marie Curie."], [["Marie Curie", "PERSON", "p"]]))
    assert doc.quotes[0].speaker_name == "Marie Curie"


def test_long_document_stays_linear():
    para = ("“We will win,” said John Smith on Tuesday. About 300 trucks crossed the border, officials said. "
            "He added that the talks were “constructive”.")
    doc = make_doc("l", "en", [para] * 400, [["John Smith", "PERSON", "p"]], "2024-03-06")
    t = time.process_time()
    extract_claims(doc)
    assert time.process_time() - t < 5.0
    assert len(doc.quotes) == 800 and sum(c.kind == "number" for c in doc.claims) == 400
