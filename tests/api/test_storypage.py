"""The story page's view model: numbering, framing matrix, conflict highlighting."""
from __future__ import annotations

from newsfuse.api import storypage
from newsfuse.model import FramingRow


def _context(digest):
    story = digest.stories[0]
    return storypage.build(story, [d for d in digest.documents if d.id in story.documents])


def test_sources_numbered_in_story_order_with_relations(digest):
    ctx = _context(digest)
    assert [(s.n, s.id, s.outlet) for s in ctx["sources"]] == [(1, "a1", "Daily Planet"), (2, "b2", "Morgenpost"),
                                                               (3, "c3", "Evening Star")]
    assert ctx["sources"][1].related == [("translation", "[1]")]


def test_summary_and_timeline_cite_numbers(digest):
    ctx = _context(digest)
    assert [[c.n for c in s["cites"]] for s in ctx["summary"]] == [[1, 2], [3]]
    assert [t["date"] for t in ctx["timeline"]] == sorted(t["date"] for t in ctx["timeline"])


def test_conflicting_numbers_are_flagged(digest):
    ctx = _context(digest)
    assert [(n["value"], n["disputed"]) for n in ctx["numbers"]] == [("about 6,700 containers", True),
                                                                     ("up to 10,000 Container", True)]
    conflict = ctx["conflicts"][0]
    assert [v["value"] for v in conflict["claims"]] == ["about 6,700 containers", "up to 10,000 Container"]


def test_framing_matrix_merges_an_outlets_documents(digest):
    story = digest.stories[0].model_copy(deep=True)
    story.framing.append(FramingRow(entity="e-berg", entity_name="Anna Berg", document="c3", outlet="Daily Planet",
                                    descriptors=["veteran president", "bridge builder"]))
    ctx = storypage.build(story, [d for d in digest.documents if d.id in story.documents])
    matrix = ctx["framing"]
    assert matrix["columns"] == ["Daily Planet", "Morgenpost", "Evening Star"]
    berg = matrix["rows"][0]
    assert berg["name"] == "Anna Berg"
    assert berg["cells"]["Daily Planet"] == ["veteran president", "bridge builder"]


def test_speaker_names_resolved_from_entities(digest):
    ctx = _context(digest)
    assert [(q["speaker"], q["speaker_id"]) for q in ctx["quotes"]] == [
        ("Anna Berg", "e-berg"), ("Anna Berg", "e-berg"), ("Erik Olsen", "e-olsen")]
