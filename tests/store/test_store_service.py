"""The ingest service over both backends: re-runs add nothing twice, failures are recorded, stories replace."""
from __future__ import annotations

import pytest

from newsfuse.config import Settings
from newsfuse.model import Document, IngestError, Paragraph, Story
from newsfuse.service import ingest_items, refresh_stories


@pytest.fixture
def fake_pipeline(monkeypatch):
    """Stand-ins for the NLP stages: the store, not the NLP, is under test here."""

    def analyse(doc, settings, templates=None):
        if "BROKEN" in doc.raw:
            raise ValueError("cannot analyse")
        doc.paragraphs = [Paragraph(text=doc.raw)]
        doc.language = "en"
        return doc

    def stories(docs, settings, progress=None, index=None):
        for d in docs:
            d.story = "s-" + d.raw.split()[0].lower()
        by_story: dict[str, list[str]] = {}
        for d in docs:
            by_story.setdefault(d.story, []).append(d.id)
        return [], [Story(id=k, title=k, documents=v) for k, v in sorted(by_story.items())]

    monkeypatch.setattr("newsfuse.service.process_document", analyse)
    monkeypatch.setattr("newsfuse.service.build_stories", stories)


def _items():
    return [Document(id="a", source="a.txt", raw="Putin arrived in Pyongyang."),
            Document(id="b", source="b.txt", raw="Putin met Kim."),
            Document(id="c", source="c.txt", raw="Floods in Brazil."),
            Document(id="bad", source="bad.txt", raw="BROKEN input"),
            IngestError(source="gone.txt", reason="no such file or directory")]


def test_ingest_twice_adds_nothing_twice(store, fake_pipeline):
    settings = Settings()
    first = ingest_items(store, _items(), settings)
    assert (len(first.ingested), len(first.skipped), len(first.failed)) == (3, 0, 2)
    assert refresh_stories(store, settings) == 2
    second = ingest_items(store, _items(), settings)
    assert (len(second.ingested), len(second.skipped)) == (0, 3)
    counts = store.counts()
    assert (counts["documents"], counts["stories"], counts["errors"]) == (3, 2, 2)
    assert {e.source: e.attempts for e in store.list_errors()} == {"bad.txt": 2, "gone.txt": 2}
    assert [d.id for d in store.list_documents(story="s-putin")] == ["a", "b"]
    assert store.get_document("a").story == "s-putin"
    assert [h.document for h in store.search("Pyongyang")] == ["a"]


def test_a_fixed_input_clears_its_error(store, fake_pipeline):
    settings = Settings()
    ingest_items(store, [Document(id="x", source="x.txt", raw="BROKEN once")], settings)
    assert [e.source for e in store.list_errors()] == ["x.txt"]
    ingest_items(store, [Document(id="x", source="x.txt", raw="Fixed now.")], settings)
    assert store.list_errors() == [] and store.get_document("x").body == "Fixed now."
