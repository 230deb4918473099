"""Consolidation by average link: blocks of similar stories re-clustered from their documents."""
from dataclasses import replace

import numpy as np

from newsfuse.model import Document, Relation
from newsfuse.stories import StoryIndex, StoryParams
from newsfuse.stories.regroup import _blocks, average_link, pair_scores, regroup_stories

from .conftest import reports_of_two_events, text_doc

SAME = np.array([1, 0, 0, 0], dtype=np.float32)  # an embedding that sees one topic only


_doc = text_doc


def _look_alikes() -> list[Document]:
    """Two arrests of two players of one team: every word shared but the player's name and the details."""
    a = ("Chargers receiver Vincent Okafor was arrested on suspicion of drunk driving on the freeway, police said. "
         "Okafor failed sobriety tests near Mission Valley; the Chargers said Okafor will still play on Sunday.")
    b = ("Chargers tackle Jamal Whitcombe was arrested on suspicion of drunk driving downtown, police said. "
         "Whitcombe refused a breath test near Gaslamp; the Chargers said Whitcombe was suspended for one game.")
    return reports_of_two_events(a, b, " Report number {n} from the team.")


def _index(docs: list[Document], params: StoryParams) -> StoryIndex:
    index = StoryIndex(params, dim=4)
    for d in docs:
        index.add(d, SAME)
    return index


def test_average_link_merges_by_mean_similarity_and_keeps_units_together():
    sim = np.array([[1.0, 0.9, 0.1, 0.1],
                    [0.9, 1.0, 0.2, 0.1],
                    [0.1, 0.2, 1.0, 0.8],
                    [0.1, 0.1, 0.8, 1.0]])
    assert average_link(sim, [[0], [1], [2], [3]], 0.5) == [[0, 1], [2, 3]]
    assert average_link(sim, [[0], [1], [2], [3]], 0.95) == [[0], [1], [2], [3]]
    assert average_link(sim, [[0], [1], [2], [3]], 0.1) == [[0, 1, 2, 3]]
    # a unit (a document and its translation) stays together and counts once, as its most similar member:
    # {1, 2} joins 0 (0.9); then 3 is 0.1 from 0 and 0.8 from the unit: mean 0.45, below 0.5
    assert average_link(sim, [[0], [1, 2], [3]], 0.5) == [[0, 1, 2], [3]]
    assert average_link(sim, [[0], [1, 2], [3]], 0.4) == [[0, 1, 2, 3]]


def test_regroup_splits_two_look_alike_events_a_single_pass_merged():
    docs = _look_alikes()
    loose = replace(StoryParams(), threshold=0.05, regroup=False, refine_rounds=0)
    index = _index(docs, loose)
    index.consolidate()
    assert len(index.stories) == 1  # the single pass at a low threshold joins both arrests
    index.params = replace(loose, threshold=0.5, regroup=True)
    changed = regroup_stories(index)
    assert len(changed) == 2
    got = {d.id: index.story_of(d.id) for d in docs}
    assert len({got[f"a{n}"] for n in range(3)}) == 1 and len({got[f"b{n}"] for n in range(3)}) == 1
    assert got["a0"] != got["b0"]
    assert got["a0"] == "s-" + __import__("hashlib").blake2b(b"a0", digest_size=6).hexdigest()  # the old id stays
    # profiles follow the moved documents: a rebuilt index has the same stories and counts
    rebuilt = StoryIndex.restore([index.record(d.id) for d in docs], index.params)
    for sid, story in index.stories.items():
        assert sorted(story.docs) == sorted(rebuilt.stories[sid].docs)
        assert story.entities == rebuilt.stories[sid].entities and story.keywords == rebuilt.stories[sid].keywords
    assert regroup_stories(index) == set()  # stable: a second pass changes nothing


def test_a_split_off_group_led_by_the_document_that_started_the_story_gets_its_own_id():
    # b0 started the merged story, but the a-reports are the majority and keep its id: the b-group's
    # fresh id (made from b0) must not be that same id, or the two groups stay one story
    a_docs = [d for d in _look_alikes() if d.id.startswith("a")]
    b_docs = [d for d in _look_alikes() if d.id.startswith("b")][:2]
    extra = _doc("a3", a_docs[0].body.replace("Report number 0", "Report number 3"))
    docs = [b_docs[0], *a_docs, extra, b_docs[1]]
    loose = replace(StoryParams(), threshold=0.05, regroup=False, refine_rounds=0)
    index = _index(docs, loose)
    assert len(index.stories) == 1
    index.params = replace(loose, threshold=0.5, regroup=True)
    regroup_stories(index)
    got = {d.id: index.story_of(d.id) for d in docs}
    assert len(index.stories) == 2
    assert got["b0"] == got["b1"] != got["a0"]
    assert {got[f"a{n}"] for n in range(4)} == {"s-" + __import__("hashlib").blake2b(b"b0", digest_size=6).hexdigest()}


def test_consolidate_regroups_only_stories_that_changed_and_reports_them():
    docs = _look_alikes()
    params = replace(StoryParams(), threshold=0.05, regroup=False, refine_rounds=0)
    index = _index(docs, params)
    index.params = replace(params, threshold=0.5, regroup=True)  # the next consolidation cuts stricter
    index.consolidate()
    assert len(index.stories) == 2 and index.last_changed
    index.consolidate()  # nothing new arrived
    assert index.last_changed == set()


def test_shared_text_counts_as_the_strongest_evidence():
    docs = _look_alikes()
    page = _doc("page", "Weather, markets and the cinema programme for the weekend. Vincent Okafor was arrested.")
    page.related = [Relation(document="a0", kind="shared-text", score=0.4)]
    params = StoryParams()
    index = _index([*docs, page], params)
    keys = [index._key[i] for i in ("a0", "a1", "page")]
    scores = pair_scores(index, keys)
    assert scores[0, 2] == scores[2, 0] == 1.0
    assert scores[1, 2] < 0.5


def test_blocks_are_disjoint_and_capped():
    docs = _look_alikes()
    params = replace(StoryParams(), threshold=0.99, regroup_max_block=2, refine_rounds=0)
    index = _index(docs, params)  # six singleton stories, all alike
    blocks = _blocks(index, None)
    assert all(len(b) <= 2 for b in blocks)
    flat = [k for b in blocks for k in b]
    assert sorted(flat) == sorted(set(flat)) == list(range(6))
    one = _index(docs, replace(params, threshold=0.05, regroup=False))  # one story of six documents
    one.params = replace(one.params, regroup=True)
    assert _blocks(one, None) == []  # bigger than the cap on its own: left as it is
    assert regroup_stories(one) == set()


def test_documents_years_apart_never_share_a_group():
    old, new = _doc("old", "A magnitude 6 quake hit Lakeport.", "2005-03-01"), _doc("new", "A magnitude 6 quake hit Lakeport.", "2011-03-01")
    index = _index([old, new], StoryParams())
    index.consolidate()
    assert index.story_of("old") != index.story_of("new")
    assert pair_scores(index, [0, 1])[0, 1] == 0.0


def test_merge_only_scores_pairs_with_a_changed_story():
    from newsfuse.stories.consolidate import merge_stories

    docs = _look_alikes()
    strict = replace(StoryParams(), threshold=0.99, regroup=False, refine_rounds=0, merge_margin=-0.5)
    index = _index([docs[0], docs[2]], strict)  # one event, two stories at this threshold
    assert len(index.stories) == 2
    assert merge_stories(index, changed=set()) == {}
    assert len(merge_stories(index, changed={index.story_of("a1")})) == 1
    assert index.story_of("a0") == index.story_of("a1")


def test_records_keep_copy_links_and_shared_text_through_restore():
    docs = _look_alikes()
    copy = docs[0].model_copy(update={"id": "copy", "related": [Relation(document="a0", kind="duplicate", score=1.0)]})
    page = _doc("page", "Weather and markets. Vincent Okafor was arrested.")
    page.related = [Relation(document="a1", kind="shared-text", score=0.4)]
    index = _index([*docs, copy, page], StoryParams())
    assert index.record("copy").linked_to == "a0" and index.record("page").shares_with == ("a1",)
    from newsfuse.store.index_records import blob_to_record, record_to_blob

    records = [blob_to_record(i, index.story_of(i), record_to_blob(index.record(i))) for i in reversed(index._ids)]
    rebuilt = StoryIndex.restore(records, index.params)  # originals come after their copies here
    k = rebuilt._key["copy"]
    assert rebuilt._links[k] == rebuilt._key["a0"] and k in rebuilt._pinned
    assert rebuilt._shared[rebuilt._key["page"]] == {rebuilt._key["a1"]}


def test_a_streaming_consolidation_moves_only_documents_of_changed_stories():
    docs = _look_alikes()
    index = _index(docs, replace(StoryParams(), threshold=0.05, regroup=False, refine_rounds=0))
    index.consolidate()
    (mixed,) = index.stories  # both arrests in one story, consolidated: nothing is pending
    index.params = replace(index.params, threshold=0.5, regroup=True)
    index.add(_doc("c0", "A ferry strike ended on Friday in the harbour of Lakeport after two days."), SAME)
    index.consolidate()  # regroups the block around the new story only
    assert {index.story_of(d.id) for d in docs} == {mixed}  # the untouched neighbour keeps its documents
    assert regroup_stories(index, {mixed})  # once it is among the changed stories, it is split
    assert index.story_of("a0") != index.story_of("b0")
