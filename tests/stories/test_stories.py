"""Stories stage: relations between documents, streaming clustering, metrics."""
import numpy as np
import pytest

from newsfuse.config import Settings
from newsfuse.model import Paragraph
from newsfuse.embeddings import embed_document, embed_paragraphs, split_sentences
from newsfuse.stories import (StoryIndex, StoryParams, cluster_documents, independent_sources,
                              relate_documents)
from newsfuse.stories.features import entity_keys, normalise_name
from newsfuse.stories.metrics import bcubed, link_scores, pair_recall
from newsfuse.stories.neardup import aligned_runs


def kinds(doc):
    return {r.document: r.kind for r in doc.related}


def test_relations_tell_copies_and_translations_from_independent_reports(quakes):
    relate_documents(quakes, Settings())
    by = {d.id: d for d in quakes}
    assert kinds(by["quake-iran-en"])["quake-iran-copy"] in {"syndicated", "duplicate"}
    assert kinds(by["quake-iran-en"])["quake-iran-de"] == "translation"
    assert kinds(by["quake-iran-de"])["quake-iran-en"] == "translation"  # symmetric
    # an independent report of the same event shares no text
    assert "quake-iran-other" not in kinds(by["quake-iran-en"])
    assert not by["quake-chile-en"].related
    assert all(0 < r.score <= 1 for d in quakes for r in d.related)


def test_clustering_groups_one_event_across_languages_and_counts_independent_sources(quakes):
    settings = Settings()
    relate_documents(quakes, settings)
    stories = cluster_documents(quakes, settings)
    groups = sorted(sorted(s.documents) for s in stories)
    assert groups == [["quake-chile-en"], ["quake-iran-copy", "quake-iran-de", "quake-iran-en", "quake-iran-other"]]
    iran = next(s for s in stories if len(s.documents) == 4)
    assert iran.languages == ["de", "en"]
    assert iran.independent_sources == 2  # the copy and the translation are not independent
    assert iran.first_published == "2024-03-10" and iran.last_published == "2024-03-11"
    assert all(d.story for d in quakes)


def test_clustering_is_deterministic(quakes, fresh_quakes):
    a = cluster_documents(quakes, Settings())
    b = cluster_documents(fresh_quakes(), Settings())
    assert [(s.id, s.documents) for s in a] == [(s.id, s.documents) for s in b]


def test_time_window_separates_the_same_text_weeks_apart(quakes):
    late = quakes[3].model_copy(update={"id": "late", "published": "2024-06-30"})
    stories = cluster_documents([quakes[3], late], Settings(story_window_days=14))
    assert len(stories) == 2


def test_restore_lets_new_documents_join_stored_stories(quakes):
    index = StoryIndex(StoryParams())
    for d in quakes[:2] + quakes[4:]:
        index.add(d)
    records = [index.record(d.id) for d in quakes[:2] + quakes[4:]]
    again = StoryIndex.restore(records)
    assert again.story_of("quake-iran-en") == index.story_of("quake-iran-en")
    sid = again.add(quakes[3])  # the independent Iran report arrives later
    assert sid == index.story_of("quake-iran-en")
    stories = cluster_documents([quakes[2]], Settings(), index=again)
    assert stories[0].id == sid and stories[0].documents == ["quake-iran-copy"]


def test_ann_path_gives_the_same_assignment(quakes):
    exact = StoryIndex(StoryParams())
    ann = StoryIndex(StoryParams(exact_below=2))
    for d in quakes:
        assert exact.add(d) == ann.add(d)
    assert ann._ann is not None


def test_translated_paragraphs_inside_an_article_are_shared_text(quakes):
    en, de = quakes[0], quakes[1]
    # the German article keeps two translated paragraphs and adds its own reporting
    de.paragraphs = de.paragraphs[:2] + [Paragraph(text=t) for t in (
        "Die Regierung in Teheran kündigte Hilfen für den Wiederaufbau an.",
        "Kritiker bemängeln seit Jahren die Bauweise in der Region, die als besonders erdbebengefährdet gilt.",
        "Im Jahr 2005 waren bei einem Beben in derselben Provinz zahlreiche Menschen ums Leben gekommen.",
        "Experten fordern strengere Vorschriften für Neubauten und eine bessere Ausstattung der Rettungsdienste.")]
    relate_documents([en, de], Settings())
    assert kinds(en) == {de.id: "shared-text"}


def test_embeddings_are_normalised_and_cross_lingual(quakes):
    en, de, chile = (embed_document(quakes[i]) for i in (0, 1, 4))
    assert en.shape == (512,) and abs(float(np.linalg.norm(en)) - 1) < 1e-4
    assert float(en @ de) > float(en @ chile)
    assert embed_paragraphs(quakes[0]).shape == (4, 512)


def test_sentence_splitting_and_names():
    assert split_sentences("Mr. Kim met Putin. They signed a treaty! Then? Dinner.") == [
        "Mr. Kim met Putin.", "They signed a treaty!", "Then?", "Dinner."]
    assert normalise_name("the Pjöngjang's") == "pjongjang"
    assert aligned_runs([(1, 1, 0.9), (5, 9, 0.8), (2, 2, 0.9)]) == [(1, 1, 0.9), (2, 2, 0.9)]


def test_unlinked_short_person_names_fold_into_full_names(quakes):
    from newsfuse.model import Mention

    d = quakes[3].model_copy(update={"mentions": [
        Mention(text="Tara Reid", start=0, end=9, type="PERSON"),
        Mention(text="Reid", start=20, end=24, type="ORGANIZATION")]})
    assert entity_keys(d) == ["~tara reid"]


def test_a_linked_name_is_one_key_whatever_type_ner_gave_it(quakes):
    from newsfuse.model import Mention

    def doc(*mentions):
        return quakes[3].model_copy(update={"mentions": [
            Mention(text=t, start=0, end=len(t), type=ty, entity=e) for t, ty, e in mentions]})

    a = doc(("Steelers", "PERSON", "person:stelers"), ("Pittsburgh", "LOCATION", "geo:5206379"))
    b = doc(("Steelers", "ORGANIZATION", "name:stelers"), ("Steelers", "ORGANIZATION", "name:stelers"))
    assert entity_keys(a) == ["geo:5206379", "n:stelers"]  # gazetteer ids stay as they are
    assert entity_keys(b) == ["n:stelers"]


def test_independent_sources_merges_same_outlet(quakes):
    for d in quakes:
        d.outlet = "Same"
    assert independent_sources(quakes) == 1


def test_metrics():
    p, r, f = bcubed({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y"})
    assert (p, r, f) == (1.0, 1.0, 1.0)
    p, r, f = bcubed({"a": 1, "b": 1}, {"a": "x", "b": "y"})
    assert p == pytest.approx(0.5) and r == 1.0
    assert pair_recall({"a": 1, "b": 2}, [("a", "b")]) == 0.0
    assert link_scores([("b", "a")], [("a", "b"), ("a", "c")]) == (1.0, 0.5, pytest.approx(2 / 3))
