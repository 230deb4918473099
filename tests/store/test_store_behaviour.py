"""What every store backend must do. Each test runs on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

import threading

import pytest

from newsfuse.model import IngestError
from newsfuse.store import StoreError, open_store


# schema -------------------------------------------------------------------
def test_migrations_run_once_and_keep_data(store, open_new, make_doc):
    version = store.schema_version
    assert version >= 1
    store.put_document(make_doc("a", "Putin arrived in Pyongyang."))
    store.close()
    again = open_new()
    assert again.schema_version == version
    assert again.get_document("a") is not None


# documents ----------------------------------------------------------------
def test_document_round_trip_is_lossless(store, make_doc):
    doc = make_doc("a", "Putin arrived in Pyongyang.\n\nKim met him at the airport.", title="Putin in Pyongyang",
                   url="https://example.com/a", published="2024-06-19T01:00:00+09:00", outlet="Example")
    doc.hints = {"author": "Jane Doe"}
    store.put_document(doc)
    assert store.get_document("a") == doc
    assert store.get_document("missing") is None


def test_putting_a_document_again_replaces_it_without_duplicating(store, make_doc):
    store.put_document(make_doc("a", "First version."))
    store.put_document(make_doc("a", "Second version."))
    assert store.counts()["documents"] == 1
    assert store.get_document("a").body == "Second version."


def test_find_duplicate_by_content_hash_and_canonical_url(store, make_doc):
    store.put_document(make_doc("a", "Putin arrived.", url="https://www.example.com/news/1?utm_source=x"))
    same_text = make_doc("copy", "Putin arrived.", raw="\nPutin   arrived.")  # whitespace differs only
    assert store.find_duplicate(same_text) == "a"
    same_url = make_doc("other", "Different text", url="HTTPS://example.com/news/1/#top")
    assert store.find_duplicate(same_url) == "a"
    assert store.find_duplicate(make_doc("new", "Something else", url="https://example.com/news/2")) is None


def test_documents_iterate_and_page_in_insertion_order(store, make_doc):
    ids = ["z", "b", "m", "a", "q"]
    for i in ids:
        store.put_document(make_doc(i, f"Body of {i}."))
    assert [d.id for d in store.iter_documents()] == ids
    assert [d.id for d in store.list_documents(limit=2, offset=1)] == ["b", "m"]
    assert store.list_documents(limit=10, offset=5) == []


def test_iterating_many_documents_crosses_pages(store, make_doc):
    for i in range(1203):
        store.put_document(make_doc(f"d{i:05d}", f"Body {i}."))
    assert [d.id for d in store.iter_documents()] == [f"d{i:05d}" for i in range(1203)]


# stories and entities -----------------------------------------------------
def test_replace_stories_stores_stories_entities_quotes_claims(store, make_doc, story_set):
    for i, day in (("a", "2024-06-19"), ("b", "2024-06-18"), ("c", None)):
        store.put_document(make_doc(i, f"Putin text {i}.", published=day))
    stories, entities = story_set()
    store.replace_stories(stories, entities)

    assert store.counts() == {"documents": 3, "stories": 2, "entities": 3, "quotes": 1, "claims": 2,
                              "conflicts": 1, "errors": 0}
    assert store.get_story("s1") == stories[0]
    assert store.get_story("nope") is None
    assert store.get_entity("person:kim") == entities[1]
    assert [d.id for d in store.list_documents(story="s2")] == ["c"]
    # documents of a story come in publication order
    assert [d.id for d in store.list_documents(story="s1")] == ["b", "a"]
    assert [s.id for s in store.stories_of_entity("location:pyongyang")] == ["s1", "s2"]
    assert [s.id for s in store.stories_of_entity("person:kim")] == ["s1"]
    quotes = store.list_quotes(story="s1")
    assert [(q["story"], q["text"], q["speaker"]) for q in quotes] == [("s1", "We are friends", "person:putin")]
    assert [c["id"] for c in store.list_claims()] == ["a:c1", "b:c1"]
    assert store.list_claims(story="s2") == []


def test_replace_stories_replaces_everything(store, make_doc, story_set):
    for i in "abc":
        store.put_document(make_doc(i, f"Text {i}."))
    store.replace_stories(*story_set("old"))
    stories, entities = story_set("new")
    store.replace_stories(stories[:1], entities[:1])
    assert [s.id for s in store.list_stories()] == ["new1"]
    assert [e.id for e in store.list_entities()] == ["person:putin"]
    assert store.get_story("old1") is None
    assert [s.id for s in store.stories_of_entity("location:pyongyang")] == ["new1"]  # old2 is gone
    store.replace_stories([], [])
    assert store.counts()["stories"] == store.counts()["claims"] == 0


def test_story_orders(store, story_set):
    stories, entities = story_set()
    stories[1].last_published = None  # undated stories go last in "newest"
    store.replace_stories(stories, entities)
    assert [s.id for s in store.list_stories(order="newest")] == ["s1", "s2"]
    assert [s.id for s in store.list_stories(order="biggest")] == ["s1", "s2"]
    assert [s.id for s in store.list_stories(order="disputed")] == ["s1", "s2"]
    assert [s.id for s in store.list_stories(limit=1, offset=1)] == ["s2"]
    with pytest.raises(ValueError):
        store.list_stories(order="random; DROP TABLE stories")


def test_newest_story_first(store, story_set):
    stories, entities = story_set()
    stories[1].last_published = "2024-07-01"
    store.replace_stories(stories, entities)
    assert [s.id for s in store.list_stories(order="newest")] == ["s2", "s1"]


def test_entities_by_type_and_mentions(store, story_set):
    store.replace_stories(*story_set())
    assert [e.id for e in store.list_entities()] == ["person:putin", "location:pyongyang", "person:kim"]
    assert [e.id for e in store.list_entities(type="PERSON")] == ["person:putin", "person:kim"]
    assert [e.id for e in store.list_entities(limit=1, offset=2)] == ["person:kim"]


# search -------------------------------------------------------------------
def test_search_finds_words_in_body_and_title(store, make_doc):
    store.put_document(make_doc("a", "Putin arrived in Pyongyang after midnight.", title="Summit in North Korea"))
    store.put_document(make_doc("b", "The weather in Berlin was sunny.", title="Berlin weather"))
    store.put_document(make_doc("c", "Kim Jong Un greeted Putin at the airport.", title="Airport greeting"))
    assert {h.document for h in store.search("Putin")} == {"a", "c"}
    assert [h.document for h in store.search("Putin Pyongyang")] == ["a"]  # every word must match
    assert [h.document for h in store.search("korea")] == ["a"]  # title, case-insensitive
    assert [h.document for h in store.search("Pyong*")] == ["a"]  # prefix
    hit = store.search("midnight")[0]
    assert hit.title == "Summit in North Korea"
    assert "[midnight]" in hit.snippet
    assert store.search("nothing-like-this") == []
    assert len(store.search("Putin", limit=1)) == 1
    assert len(store.search("Putin", limit=1, offset=1)) == 1


def test_search_finds_non_ascii_words(store, make_doc):
    store.put_document(make_doc("de", "Putin landete in Pjöngjang.", title="Besuch", language="de"))
    assert [h.document for h in store.search("Pjöngjang")] == ["de"]


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "'); DROP TABLE documents; --", "AND OR NOT", "a:b & | !"])
def test_search_survives_hostile_queries(store, make_doc, query):
    store.put_document(make_doc("a", "Putin arrived."))
    hits = store.search(query)
    assert isinstance(hits, list)
    assert store.counts()["documents"] == 1


def test_search_follows_replaced_text(store, make_doc):
    store.put_document(make_doc("a", "Putin arrived in Pyongyang."))
    store.put_document(make_doc("a", "Kim left for Moscow."))
    assert store.search("Pyongyang") == []
    assert [h.document for h in store.search("Moscow")] == ["a"]


# errors and state -----------------------------------------------------------
def test_errors_count_attempts_and_clear(store):
    store.record_error(IngestError(source="bad.html", reason="broken"))
    store.record_error(IngestError(source="bad.html", reason="still broken", stage="analyse"))
    store.record_error(IngestError(source="other.txt", reason="empty"))
    errors = store.list_errors()
    assert [(e.source, e.reason, e.stage, e.attempts) for e in errors] == [
        ("bad.html", "still broken", "analyse", 2), ("other.txt", "empty", "ingest", 1)]
    assert errors[0].at
    store.clear_error("bad.html")
    store.clear_error("never-failed")
    assert [e.source for e in store.list_errors()] == ["other.txt"]
    assert store.counts()["errors"] == 1


def test_state_overwrites(store):
    assert store.get_state("k") is None
    store.set_state("k", "one")
    store.set_state("k", "two\nlines")
    assert store.get_state("k") == "two\nlines"


# concurrency ----------------------------------------------------------------
def _run_threads(target, n: int) -> None:
    failures: list[BaseException] = []

    def wrapped(i: int) -> None:
        try:
            target(i)
        except BaseException as exc:  # collected and re-raised in the test thread
            failures.append(exc)

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    if failures:
        raise failures[0]


def test_concurrent_writers_lose_nothing(store, open_new, make_doc):
    writers = [open_new() for _ in range(4)]

    def write(i: int) -> None:
        w = writers[i]
        for j in range(25):
            w.put_document(make_doc(f"w{i}-{j}", f"Writer {i} document {j} about Putin."))
            w.record_error(IngestError(source="shared-bad-input", reason=f"writer {i}"))
        w.set_state(f"writer.{i}", "done")

    _run_threads(write, len(writers))
    assert store.counts()["documents"] == 100
    assert len(store.search("Putin", limit=200)) == 100
    # the attempt counter is incremented atomically, not read-modify-written
    assert [e.attempts for e in store.list_errors()] == [100]
    assert all(store.get_state(f"writer.{i}") == "done" for i in range(4))


def test_concurrent_story_rebuilds_never_mix(store, open_new, make_doc, story_set):
    for i in "abc":
        store.put_document(make_doc(i, f"Text {i}."))
    writers = [open_new() for _ in range(3)]

    def rebuild(i: int) -> None:
        for _ in range(5):
            writers[i].replace_stories(*story_set(f"w{i}-"))

    _run_threads(rebuild, len(writers))
    ids = sorted(s.id for s in store.list_stories())
    assert ids in [[f"w{i}-1", f"w{i}-2"] for i in range(3)]  # one writer's complete set, nothing mixed
    assert store.counts()["claims"] == 2 and store.counts()["quotes"] == 1


# opening --------------------------------------------------------------------
def test_open_store_picks_backend_by_url(store_url):
    with open_store(store_url) as s:
        expected = "PostgresStore" if store_url.startswith("postgresql://") else "SQLiteStore"
        assert type(s).__name__ == expected


def test_open_store_errors_say_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "missing-folder" / "x.db"))
