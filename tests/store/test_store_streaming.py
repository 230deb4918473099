"""The streaming story index in the store (incremental story updates), on SQLite and PostgreSQL."""
from __future__ import annotations

from newsfuse.model import Entity, Quote, Story


def test_index_records_round_trip_and_upsert(store):
    assert store.supports_story_index
    assert list(store.iter_index_records()) == []
    store.put_index_records([("a", "s1", b"\x00\x01vector"), ("b", "s1", b"second")])
    store.put_index_records([("a", "s2", b"moved")])
    assert dict((d, (s, r)) for d, s, r in store.iter_index_records()) == {
        "a": ("s2", b"moved"), "b": ("s1", b"second")}


def test_update_stories_replaces_some_and_recomputes_entities(store, make_doc, story_set):
    for i in "abcd":
        store.put_document(make_doc(i, f"Text {i}."))
    stories, entities = story_set()
    store.replace_stories(stories, entities)
    city = Entity(id="location:pyongyang", name="Pjöngjang", type="LOCATION", variants=["Pyongyang"], mentions=2,
                  documents=["d"])
    new = Story(id="s3", title="Airport reopens", documents=["d"], entities=[city],
                quotes=[Quote(text="We are open", document="d")])
    store.update_stories([new])
    merged = store.get_entity("location:pyongyang")
    assert merged.mentions == 5 + 5 + 2  # per-story rows of s1, s2 and s3 added up
    assert set(merged.documents) == {"a", "b", "c", "d"}
    assert [s.id for s in store.stories_of_entity("location:pyongyang")] == ["s1", "s2", "s3"]
    assert [d.id for d in store.list_documents(story="s3")] == ["d"]

    store.update_stories([], removed=["s2", "s3"])
    assert sorted(s.id for s in store.list_stories()) == ["s1"]
    assert store.get_entity("location:pyongyang").mentions == 5
    assert [q["story"] for q in store.list_quotes()] == ["s1"]
    assert store.counts()["stories"] == 1
    store.update_stories([], removed=["s1"])
    assert store.get_entity("person:putin") is None and store.counts()["entities"] == 0
