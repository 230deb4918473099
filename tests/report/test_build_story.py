import sys
import types

import pytest

from newsfuse.config import Settings
from newsfuse.model import (Claim, Conflict, Descriptor, Entity, Mention, Quote, Story, TimeExpression,
                            TimelineEvent)
from newsfuse.report import build_story
from newsfuse.report.framing import build_framing, framing_matrix
from newsfuse.report.story import story_claims, story_entities, story_quotes

from .conftest import make_doc

PUTIN = Entity(id="e-putin", name="Vladimir Putin", type="PERSON", variants=["Putin", "Wladimir Putin"])
KIM = Entity(id="e-kim", name="Kim Jong Un", type="PERSON", variants=["Kim", "Mr Kim"])
SEOUL = Entity(id="e-seoul", name="Seoul", type="LOCATION")


def mention(doc, text, entity, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = doc.body.index(text, start + 1)
    return Mention(text=text, start=start, end=start + len(text), type="PERSON", entity=entity)


@pytest.fixture
def docs():
    a = make_doc("a", ["Kremlin chief Putin arrived in Pyongyang, where Kim greeted him warmly at the airport.",
                       "“We stand together,” Kim said. Putin said the treaty was ready for signature."],
                 outlet="Outlet A", published="2024-06-19")
    a.mentions = [mention(a, "Putin", "e-putin"), mention(a, "Kim", "e-kim"), mention(a, "Kim", "e-kim", 1),
                  mention(a, "Putin", "e-putin", 1)]
    a.descriptors = [Descriptor(text="Kremlin chief", mention_text="Putin", entity="e-putin"),
                     Descriptor(text="Kremlin  chief", mention_text="Putin", entity="e-putin")]
    a.quotes = [Quote(text="We stand together", document="a", language="en", speaker_mention=2, speaker_name="Kim")]
    a.claims = [Claim(id="c1", text="Putin arrived in Pyongyang.", document="a", kind="time", date="2024-06-19")]
    a.times = [TimeExpression(text="Wednesday", date="2024-06-19", sentence="Putin arrived on Wednesday.", document="a")]
    b = make_doc("b", ["Der Machthaber Kim empfing Wladimir Putin in Pjöngjang, berichtet die Agentur aus Seoul.",
                       "„Wir sind Freunde“, sagte ein Sprecher. Der Kremlchef blieb zwei Tage."],
                 language="de", outlet="Outlet B", published="2024-06-18")
    b.mentions = [mention(b, "Kim", "e-kim"), mention(b, "Wladimir Putin", "e-putin"),
                  Mention(text="Seoul", start=b.body.index("Seoul"), end=b.body.index("Seoul") + 5, type="LOCATION")]
    b.descriptors = [Descriptor(text="Machthaber", mention_text="Kim"),  # unlinked: resolved through b's mentions
                     Descriptor(text="Kremlchef", mention_text="Wladimir Putin", entity="e-putin")]
    b.quotes = [Quote(text="Wir sind Freunde", document="b", language="de", speaker_name="ein Sprecher")]
    b.claims = [Claim(id="c1", text="Der Kremlchef blieb zwei Tage.", document="b", value=2, unit="Tage")]
    b.times = [TimeExpression(text="2023", date="2023-09", sentence="Sie trafen sich im September 2023.", document="b")]
    return [a, b]


def test_entities_count_mentions_and_documents_within_the_story(docs):
    entities = story_entities(docs, [PUTIN, KIM, SEOUL])
    by_name = {e.name: e for e in entities}
    assert set(by_name) == {"Vladimir Putin", "Kim Jong Un"}, "unlinked mentions are not entities"
    assert by_name["Kim Jong Un"].mentions == 3 and by_name["Vladimir Putin"].mentions == 3
    assert by_name["Kim Jong Un"].documents == ["a", "b"]
    assert by_name["Vladimir Putin"].variants == ["Putin", "Wladimir Putin"]
    assert by_name["Kim Jong Un"].variants == ["Kim", "Mr Kim"]


def test_written_forms_join_the_variants(docs):
    docs[1].mentions[1] = docs[1].mentions[1].model_copy(update={"text": "W. Putin"})
    putin = next(e for e in story_entities(docs, [PUTIN, KIM]) if e.id == "e-putin")
    assert putin.variants[-1] == "W. Putin"


def test_quote_speakers_resolve_to_linked_entities_or_keep_the_written_name(docs):
    quotes = story_quotes(docs)
    assert [(q.text, q.speaker) for q in quotes] == [("We stand together", "e-kim"), ("Wir sind Freunde", "ein Sprecher")]
    assert docs[0].quotes[0].speaker is None, "the documents are left as they were"


def test_speaker_survives_mentions_reindexed_by_linking():
    doc = make_doc("d", ["Am Vorabend hatte Kim Putin am Flughafen begrüßt. „Wir sind Freunde“, sagte Kim dann.",
                         "Das meldete die Agentur KCNA aus Pjöngjang, und Seoul schwieg."], language="de")
    body = doc.body

    def at(text, entity):
        i = body.index(text)
        return Mention(text=text, start=i, end=i + len(text), type="PERSON", entity=entity)
    # as linking left them: "Kim Putin" split in two, the KCNA mention dropped, so the old indices are stale
    doc.mentions = [at("Kim", "e-kim"), at("Putin", "e-putin"), at("Kim dann", "e-kim"), at("Seoul", "e-seoul")]
    doc.mentions[2] = doc.mentions[2].model_copy(update={"text": "Kim", "end": doc.mentions[2].start + 3})
    quote_at = body.index("Wir")
    doc.quotes = [Quote(text="Wir sind Freunde", document="d", speaker_mention=1, speaker_name="Kim", start=quote_at),
                  Quote(text="begrüßt", document="d", speaker_mention=0, speaker_name="Kim Putin"),
                  Quote(text="meldete", document="d", speaker_mention=3, speaker_name="KCNA"),
                  Quote(text="ok", document="d", speaker_mention=3, speaker_name="Seoul")]
    assert [q.speaker for q in story_quotes([doc])] == ["e-kim", "e-kim", "KCNA", "e-seoul"]


def test_claims_are_copied_with_story_unique_ids(docs):
    claims = story_claims(docs)
    assert [c.id for c in claims] == ["c1", "b:c1"]
    assert docs[1].claims[0].id == "c1"


def test_framing_rows_per_entity_and_document(docs):
    rows = build_framing(docs, [PUTIN, KIM])
    assert [(r.entity, r.document, r.outlet, r.descriptors) for r in rows] == [
        ("e-putin", "a", "Outlet A", ["Kremlin chief"]),
        ("e-kim", "b", "Outlet B", ["Machthaber"]),
        ("e-putin", "b", "Outlet B", ["Kremlchef"]),
    ]
    assert rows[0].entity_name == "Vladimir Putin"
    entities, columns, cells = framing_matrix(rows)
    assert columns == ["Outlet A", "Outlet B"] and cells[("e-putin", "Outlet B")] == ["Kremlchef"]


def test_ambiguous_unlinked_descriptor_is_left_out(docs):
    docs[1].mentions.append(Mention(text="Kim", start=0, end=3, type="PERSON", entity="e-other-kim"))
    rows = build_framing(docs, [PUTIN, KIM])
    assert not any(r.document == "b" and r.entity == "e-kim" for r in rows)


def test_build_story_fills_every_part_without_the_claims_stage(docs, monkeypatch):
    monkeypatch.setitem(sys.modules, "newsfuse.claims", types.ModuleType("newsfuse.claims"))
    story = Story(id="s1", documents=["a", "b"])
    built = build_story(story, docs, [PUTIN, KIM, SEOUL], Settings())
    assert story.entities == [] and story.summary == [], "the input story is not modified"
    assert [e.id for e in built.entities] == ["e-kim", "e-putin"]
    assert len(built.quotes) == 2 and len(built.claims) == 2 and len(built.framing) == 3
    assert built.conflicts == []
    assert [(t.date, t.documents) for t in built.timeline] == [("2023-09", ["b"]), ("2024-06-19", ["a"])]
    assert built.summary and all(set(s.documents) <= {"a", "b"} for s in built.summary)
    assert built.languages == ["de", "en"]
    assert (built.first_published, built.last_published) == ("2024-06-18", "2024-06-19")
    assert built.independent_sources == 2
    assert built.title and built.summary[0].text.startswith(built.title.rstrip("…")), "no titles: the lead stands in"


def test_build_story_uses_the_claims_stage_when_it_is_there(docs, monkeypatch):
    calls = []
    claims = types.ModuleType("newsfuse.claims")

    def resolve_times(ds):
        calls.append(("resolve_times", [d.id for d in ds]))

    def find_conflicts(cs, ds):
        calls.append(("find_conflicts", [c.id for c in cs], [d.id for d in ds]))
        return [Conflict(topic="stay", kind="number", claims=[cs[1].id], documents=["b"])]

    def build_timeline(ds, cs):
        calls.append(("build_timeline", [d.id for d in ds], [c.id for c in cs]))
        return [TimelineEvent(date="2024-06-19", text="Putin arrived.", documents=["a"])]

    claims.resolve_times, claims.find_conflicts, claims.build_timeline = resolve_times, find_conflicts, build_timeline
    monkeypatch.setitem(sys.modules, "newsfuse.claims", claims)
    built = build_story(Story(id="s1"), docs, [PUTIN, KIM])
    assert calls == [("resolve_times", ["a", "b"]), ("find_conflicts", ["c1", "b:c1"], ["a", "b"]),
                     ("build_timeline", ["a", "b"], ["c1", "b:c1"])]
    assert built.conflicts[0].claims == ["b:c1"]
    assert built.timeline[0].text == "Putin arrived."
    assert built.documents == ["a", "b"]


def test_demo_story_meets_the_summary_targets_of_the_golden_file(demo_story, demo_digest):
    """summary.present, summary.cited and summary.clean as score.py computes them."""
    import json
    from pathlib import Path

    from newsfuse.report.export import digest_to_json

    golden_path = Path(__file__).resolve().parents[3] / "shared" / "eval" / "putin-kim-2024.golden.json"
    scorer_path = golden_path.with_name("score.py")
    if not scorer_path.exists():
        pytest.skip("shared/eval is not beside the repository")
    import importlib.util

    spec = importlib.util.spec_from_file_location("newsfuse_golden_score", scorer_path)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    metrics = scorer.score(json.loads(json.dumps(digest_to_json(demo_digest))), json.loads(golden_path.read_text()))
    assert metrics["summary.present"] == 1.0
    assert metrics["summary.cited"] == 1.0
    assert metrics["summary.clean"] == 1.0
    assert metrics["framing.found"] >= 0.8
    assert metrics["quotes.speaker"] >= 0.9
