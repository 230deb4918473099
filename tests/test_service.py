"""The ingest service: new articles join stored stories without rebuilding the others."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.ingest import read_inputs
from newsfuse.model import Document
from newsfuse.service import ingest_items, rebuild_stories, refresh_stories
from newsfuse.store import open_store

DEMO = sorted((Path(__file__).resolve().parents[1] / "examples" / "putin-kim-2024").glob("*.txt"))
QUAKE = ("Strong earthquake shakes central Chile\n\n"
         "A magnitude 6.8 earthquake struck central Chile on Monday, the national seismological centre said. "
         "Buildings swayed in Santiago and power was cut in several towns near the epicentre.\n\n"
         "\"We felt a long and violent shaking,\" said Maria Gonzalez, a resident of Valparaiso. "
         "Authorities said at least 12 people were injured and 300 homes were damaged.\n\n"
         "President Gabriel Boric said emergency teams had been sent to the region.")


@pytest.fixture
def settings():
    return Settings()


def _ingest(store, paths, settings, extra=()):
    items = [*read_inputs([str(p) for p in paths], settings), *extra]
    report = ingest_items(store, items, settings)
    refresh_stories(store, settings, new_ids=report.ingested)
    return report


def test_new_articles_join_the_stored_story(tmp_path, settings):
    store = open_store(str(tmp_path / "s.db"))
    quake = Document(id="quake", source="test", raw=QUAKE)
    _ingest(store, DEMO[:3], settings, [quake])
    first = {s.id: set(s.documents) for s in store.list_stories()}
    demo_story = next(sid for sid, docs in first.items() if DEMO[0].stem in docs)
    quake_story = store.get_story(next(sid for sid, docs in first.items() if "quake" in docs))

    report = _ingest(store, DEMO[3:], settings)
    assert len(report.ingested) == 2
    after = {s.id: set(s.documents) for s in store.list_stories()}
    assert after[demo_story] == {p.stem for p in DEMO}  # same id, all five articles
    assert store.get_story(quake_story.id) == quake_story  # untouched story left as it was
    counts = store.counts()
    assert counts["documents"] == 6 and counts["stories"] == 2


def test_incremental_entities_count_every_mention_once(tmp_path, settings):
    inc = open_store(str(tmp_path / "inc.db"))
    _ingest(inc, DEMO[:2], settings)
    _ingest(inc, DEMO[2:], settings)
    full = open_store(str(tmp_path / "full.db"))
    ingest_items(full, read_inputs([str(p) for p in DEMO], settings), settings)
    rebuild_stories(full, settings)
    assert [set(s.documents) for s in inc.list_stories()] == [set(s.documents) for s in full.list_stories()]
    by_id = {e.id: e for e in full.list_entities(limit=1000)}
    for entity in inc.list_entities(limit=1000):
        if entity.id in by_id:
            assert entity.mentions == by_id[entity.id].mentions, entity.name
            assert set(entity.documents) == set(by_id[entity.id].documents)


def test_refresh_without_new_ids_rebuilds_everything(tmp_path, settings):
    store = open_store(str(tmp_path / "s.db"))
    ingest_items(store, read_inputs([str(p) for p in DEMO], settings), settings)
    assert refresh_stories(store, settings) == store.counts()["stories"] >= 1
    assert store.get_state("stories.index.version") == "1"


def test_a_refresh_killed_midway_is_repaired_by_the_next_one(tmp_path, settings):
    store = open_store(str(tmp_path / "s.db"))
    _ingest(store, DEMO[:2], settings)
    # as if a run stored articles, then died during the refresh: dirty index, unassigned documents
    report = ingest_items(store, read_inputs([str(p) for p in DEMO[2:]], settings), settings)
    store.set_state("stories.index.version", "building")
    from newsfuse.service import needs_refresh

    assert needs_refresh(store, []) and set(store.unassigned_document_ids()) == set(report.ingested)
    refresh_stories(store, settings, new_ids=[])
    assert store.unassigned_document_ids() == [] and store.get_state("stories.index.version") == "1"
    assert {d for s in store.list_stories() for d in s.documents} == {p.stem for p in DEMO}


def test_unassigned_documents_join_on_the_next_incremental_refresh(tmp_path, settings):
    store = open_store(str(tmp_path / "s.db"))
    _ingest(store, DEMO[:2], settings)
    ingest_items(store, read_inputs([str(p) for p in DEMO[2:]], settings), settings)  # killed before refresh
    refresh_stories(store, settings, new_ids=[])
    assert store.unassigned_document_ids() == []
    assert any(len(s.documents) == 5 for s in store.list_stories())


def test_a_long_running_process_reuses_its_index_unless_another_process_saved_one(tmp_path, settings, monkeypatch):
    from newsfuse import service
    from newsfuse.stories import StoryIndex

    store = open_store(str(tmp_path / "s.db"))
    _ingest(store, DEMO[:2], settings)
    restored = []
    real = StoryIndex.restore.__func__
    monkeypatch.setattr(StoryIndex, "restore", classmethod(lambda cls, *a, **k: restored.append(1) or real(cls, *a, **k)))
    _ingest(store, DEMO[2:4], settings)
    assert restored == []  # this process saved the index last: reused from memory
    store.set_state(service.GENERATION_STATE, "written-by-another-process")
    _ingest(store, DEMO[4:], settings)
    assert restored == [1]
    held = [d for s in store.list_stories() for d in s.documents]
    assert sorted(held) == sorted(p.stem for p in DEMO)  # every document in exactly one story
    assert any({DEMO[0].stem, DEMO[4].stem} <= set(s.documents) for s in store.list_stories())


@pytest.mark.parametrize("late", range(len(DEMO)))
def test_the_story_does_not_depend_on_which_article_arrives_last(tmp_path, settings, late):
    """Any demo article ingested after the other four joins their story (even the aggregator page)."""
    store = open_store(str(tmp_path / "s.db"))
    _ingest(store, [p for i, p in enumerate(DEMO) if i != late], settings)
    _ingest(store, [DEMO[late]], settings)
    assert [set(s.documents) for s in store.list_stories()] == [{p.stem for p in DEMO}]
