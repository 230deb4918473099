"""The event-telling signals of the clusterer: years, numbers, tf-idf words, and the refinement pass."""
from dataclasses import replace

import numpy as np

from newsfuse.model import Document, TimeExpression
from newsfuse.stories import StoryIndex, StoryParams
from newsfuse.stories.consolidate import refine_stories
from newsfuse.stories.features import event_year, numbers, term_counts

from .conftest import reports_of_two_events, text_doc


_doc = text_doc


def test_event_year_weighs_publication_and_named_years():
    assert event_year(_doc("a", "The quake of 2008 was recalled.", "2013-05-02")) == 2013
    assert event_year(_doc("b", "In 2008 a quake hit; by March 2008 it was over. In 2004 another.")) == 2008
    assert event_year(_doc("c", "A quake hit on Tuesday, 12 people died.")) is None
    d = _doc("d", "It happened on Tuesday.")
    d.times = [TimeExpression(text="on Tuesday", date="2011-03-08", sentence="", document="d")]
    assert event_year(d) == 2011


def test_numbers_are_normalised_and_skip_years_and_digits():
    d = _doc("n", "A magnitude 6.1 quake killed 1,200 people in 2008; 3 towns, 1200 homes and 79 schools.")
    assert numbers(d) == ["#1200", "#6.1", "#79"]
    assert term_counts(_doc("t", "Quake quake QUAKE hits town"))[0] == ("en:quake", 3)


def _two_quakes() -> list[Document]:
    a = ("A magnitude 6.3 earthquake struck Lakeport in 2008, killing 79 people and destroying the old cathedral "
         "and the harbour wall. Rescuers searched the Lakeport rubble.")
    b = ("Four residents of Millbrook died in 2013 when a 5.2 tremor cracked the railway bridge and brought down "
         "the textile mill; Millbrook volunteers cleared debris overnight.")
    return reports_of_two_events(a, b, " Report {n} on the earthquake.")


def _run(docs: list[Document], params: StoryParams) -> dict[str, str]:
    index = StoryIndex(params, dim=4)
    same = np.array([1, 0, 0, 0], dtype=np.float32)  # an embedding that sees one topic only
    for d in docs:
        index.add(d, same)
    index.consolidate()
    return {d.id: index.story_of(d.id) for d in docs}


def test_words_years_and_numbers_tell_two_quakes_apart_when_the_vectors_cannot():
    docs = _two_quakes()
    got = _run(docs, StoryParams())
    assert len({got[f"a{n}"] for n in range(3)}) == 1
    assert len({got[f"b{n}"] for n in range(3)}) == 1
    assert got["a0"] != got["b0"]
    # the vector alone joins everything: the new signals do the work
    vector_only = replace(StoryParams(), w_entities=0.0, w_keywords=0.0, w_lexical=0.0, w_numbers=0.0, w_year=0.0,
                          threshold=0.5)
    assert len(set(_run(docs, vector_only).values())) == 1


def test_refinement_moves_a_misplaced_document_and_keeps_profiles_consistent():
    docs = _two_quakes()
    params = StoryParams()
    index = StoryIndex(params, dim=4)
    same = np.array([1, 0, 0, 0], dtype=np.float32)
    for d in docs:
        index.add(d, same)
    # force a mistake a single pass could make: b0 into a's story
    k = index._key["b0"]
    f = index._features(k)
    index._remove(k, f)
    index._attach(k, f, index.story_of("a0"))
    assert index.story_of("b0") == index.story_of("a0")
    assert refine_stories(index, rounds=3)
    assert index.story_of("b0") == index.story_of("b1") != index.story_of("a0")
    rebuilt = StoryIndex.restore([index.record(d.id) for d in docs], params)
    for sid, story in index.stories.items():
        other = rebuilt.stories[sid]
        assert sorted(story.docs) == sorted(other.docs)
        assert story.keywords == other.keywords and story.numbers == other.numbers and story.years == other.years
        assert set(story.terms) == set(other.terms)
        assert all(abs(story.terms[w] - other.terms[w]) < 1e-6 for w in story.terms)


def test_records_keep_the_new_features():
    docs = _two_quakes()
    index = StoryIndex(StoryParams(), dim=4)
    index.add(docs[0], np.array([1, 0, 0, 0], dtype=np.float32))
    r = index.record("a0")
    assert r.year == 2008 and "#79" in r.numbers and r.counts[0] >= 1 and len(r.counts) == len(r.keywords)


def test_the_year_counts_only_where_a_date_is_missing():
    """In a live stream every article is of one year: a same-year bonus would lower the threshold for all."""
    a = _doc("a", "Lakeport council approves the new harbour budget of 2024 for the ferry terminal.", "2024-05-02")
    b = _doc("b", "Millbrook wins the regional chess final after a long night of 2024 games.", "2024-05-03")
    undated = b.model_copy(update={"id": "u", "published": None})
    params = replace(StoryParams(), w_year=0.5)
    index = StoryIndex(params, dim=4)
    index.add(a, np.array([1, 0, 0, 0], dtype=np.float32))
    story = index.stories[index.story_of("a")]
    from newsfuse.stories.cluster import document_features

    vector = np.array([1, 0, 0, 0], dtype=np.float32)
    dated = index.score(document_features(b, vector), story, 1.0)
    no_date = index.score(document_features(undated, vector), story, 1.0)
    assert event_year(b) == event_year(undated) == 2024
    assert abs((no_date - dated) - 0.5) < 1e-9  # the same document, with the year bonus only when undated
