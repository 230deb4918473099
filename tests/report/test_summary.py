import numpy as np
import pytest

from newsfuse.config import Settings
from newsfuse.model import Relation, Story
from newsfuse.report.embedding import default_embedder
from newsfuse.report.sentences import boilerplate_reason, document_sentences
from newsfuse.report.summary import DUPLICATE, extractive_summary, output_language, source_weights, summarize

from .conftest import make_doc

EN = [
    "Russian President Vladimir Putin arrived in Pyongyang on Wednesday for his first visit to North Korea in 24 years.",
    "Kim Jong Un greeted him at the airport and promised Russia his full support in the war against Ukraine.",
    "The two leaders signed a comprehensive strategic partnership treaty that includes a mutual defence clause.",
    "Images from state media showed the central square decorated with flags and portraits of the two men.",
]
DE = [  # a German translation of EN
    "Der russische Präsident Wladimir Putin ist am Mittwoch zu seinem ersten Besuch in Nordkorea seit 24 Jahren in Pjöngjang eingetroffen.",
    "Kim Jong Un begrüßte ihn am Flughafen und versprach Russland seine volle Unterstützung im Krieg gegen die Ukraine.",
    "Die beiden Staatschefs unterzeichneten einen umfassenden strategischen Partnerschaftsvertrag mit einer gegenseitigen Beistandsklausel.",
    "Bilder der Staatsmedien zeigten den zentralen Platz, geschmückt mit Flaggen und Porträts der beiden Männer.",
]
OTHER = [
    "South Korea and the United States condemned the new agreement between Moscow and Pyongyang as a threat to regional security.",
    "Analysts in Seoul said the treaty could allow Russia to transfer military technology to the North.",
    "Putin left Pyongyang on Thursday and flew on to Vietnam for talks with its leaders.",
]


def sims(texts):
    v = default_embedder()(texts)
    return v @ v.T


def test_demo_story_summary_is_cited_clean_and_long_enough(demo):
    docs, _, _ = demo
    summary = extractive_summary(docs, n=5)
    assert 3 <= len(summary) <= 5
    ids = {d.id for d in docs}
    bodies = {d.id: d.body for d in docs}
    for s in summary:
        assert s.documents and set(s.documents) <= ids
        assert boilerplate_reason(s.text) is None
        assert any(s.text in bodies[d] for d in s.documents), "every sentence is taken from a document it cites"
    matrix = sims([s.text for s in summary])
    assert (matrix[~np.eye(len(summary), dtype=bool)] < DUPLICATE).all(), "no sentence said twice"


def test_demo_summary_is_in_the_majority_language_and_cites_several_sources(demo):
    docs, _, _ = demo
    summary = extractive_summary(docs)
    assert output_language(docs) == "en"
    english = " ".join(d.body for d in docs if d.language == "en")
    assert all(s.text in english for s in summary)
    assert max(len(s.documents) for s in summary) >= 2, "some sentence is backed by more than its own article"


def test_a_sentence_and_its_translation_count_once_and_cite_both_documents():
    original = make_doc("de-original", DE, language="de")
    translated = make_doc("en-translation", EN, language="en", machine_translated=True, original_language="de",
                          related=[Relation(document="de-original", kind="translation", score=0.9)])
    other = make_doc("en-other", OTHER, language="en")
    summary = extractive_summary([original, translated, other], n=5)
    texts = [s.text for s in summary]
    assert len(summary) >= 3
    for en, de in zip(EN, DE):
        assert not (en in texts and de in texts), "a sentence and its translation are not both chosen"
    both = [s for s in summary if s.text in EN or s.text in DE]
    assert both and all({"de-original", "en-translation"} <= set(s.documents) for s in both)


def test_original_wording_is_preferred_over_a_machine_translation_in_the_same_language():
    original = make_doc("orig", EN, language="en")
    machine = make_doc("mt", [t.replace("arrived in", "came to").replace("greeted him", "welcomed him")
                              for t in EN], language="en", machine_translated=True, original_language="de")
    third = make_doc("third", OTHER, language="en")
    summary = extractive_summary([machine, original, third], n=4)
    from_pair = [s for s in summary if "orig" in s.documents or "mt" in s.documents]
    assert from_pair
    assert all(s.text in EN or s.text in OTHER for s in summary), [s.text for s in summary]


def test_summary_uses_the_language_most_documents_are_written_in():
    docs = [make_doc("de1", DE, language="de"), make_doc("de2", [
        "Putin und Kim unterzeichneten in Pjöngjang einen Vertrag über eine umfassende strategische Partnerschaft.",
        "Südkorea und die USA verurteilten das Abkommen als Bedrohung für die Sicherheit in der Region.",
        "Putin reiste am Donnerstag weiter nach Vietnam, um dort Gespräche mit der Führung zu führen."], language="de"),
        make_doc("en1", OTHER, language="en")]
    summary = extractive_summary(docs)
    assert output_language(docs) == "de"
    german = {s.text for d in docs[:2] for s in document_sentences(d)}
    assert len(summary) >= 3 and all(s.text in german for s in summary)


def test_boilerplate_left_in_a_body_never_reaches_the_summary():
    noisy = make_doc("noisy", [EN[0], "Pic: Sputnik/Reuters", "Read more: Putin's visit explained in five charts here",
                               EN[1], "Image: The official welcoming ceremony in the capital. Pic: AP",
                               "This article has been automatically translated, read the original article here.",
                               EN[2], "Kommentare"])
    summary = extractive_summary([noisy, make_doc("b", OTHER)], n=8)
    assert summary and all(boilerplate_reason(s.text) is None for s in summary)
    assert not any("Pic:" in s.text or "Read more" in s.text or "translated" in s.text for s in summary)


def test_different_amounts_do_not_support_each_other():
    a = make_doc("a", ["South Korea says North Korea has sent about 6,700 containers of ammunition to Russia since last year.",
                       *OTHER[:2]])
    b = make_doc("b", ["The United States says North Korea has sent more than 10,000 containers of ammunition to Russia since last year.",
                       *OTHER[2:]])
    assert sims([a.paragraphs[0].text, b.paragraphs[0].text])[0, 1] > 0.71  # similar wording ...
    summary = extractive_summary([a, b], n=5)
    for s in summary:
        if "containers" in s.text:
            assert len(s.documents) == 1, "... but 6,700 is no support for 10,000"


def test_summary_reads_lead_first():
    one = make_doc("lead", EN + OTHER)
    summary = extractive_summary([one], n=4)
    order = [(EN + OTHER).index(s.text) for s in summary]
    assert order == sorted(order)
    several = [one, make_doc("x", DE, language="de"), make_doc("y", OTHER[::-1])]
    first = extractive_summary(several, n=4)[0]
    assert first.text in (EN[0], OTHER[0], OTHER[-1]), "a story opens with a lead sentence"


def test_single_document_and_empty_stories():
    assert len(extractive_summary([make_doc("one", EN)], n=3)) == 3
    assert extractive_summary([]) == []
    assert extractive_summary([make_doc("empty", ["Kommentare", "Pic: AP"])]) == []


def test_summary_sentences_respect_settings(demo):
    docs, _, _ = demo
    story = Story(id="s", documents=[d.id for d in docs])
    assert len(summarize(story, docs, Settings(summary_sentences=4))) == 4


def test_embedder_can_be_swapped():
    calls = []

    def embed(texts):
        calls.append(len(texts))
        rng = np.random.default_rng(0)
        return rng.normal(size=(len(texts), 16))
    summary = extractive_summary([make_doc("a", EN), make_doc("b", OTHER)], embed=embed)
    assert calls == [len(EN) + len(OTHER)], "every sentence embedded once, in one batch"
    assert len(summary) >= 3


@pytest.mark.parametrize("published,expected", [(("2024-06-18", "2024-06-19"), {"a": 1.0, "b": 0.5}),
                                                (("2024-06-19", "2024-06-18"), {"a": 0.5, "b": 1.0})])
def test_of_two_documents_sharing_text_the_later_one_is_the_copy(published, expected):
    a = make_doc("a", EN, published=published[0], related=[Relation(document="b", kind="syndicated")])
    b = make_doc("b", EN, published=published[1], related=[Relation(document="a", kind="syndicated")])
    assert source_weights([a, b]) == expected


def test_machine_translation_is_the_copy_of_its_original():
    a = make_doc("a", DE, language="de", related=[Relation(document="b", kind="translation")])
    b = make_doc("b", EN, machine_translated=True, original_language="de",
                 related=[Relation(document="a", kind="translation")])
    assert source_weights([b, a]) == {"a": 1.0, "b": 0.5}


def test_a_claim_other_sources_contradict_is_not_stated_as_fact(demo):
    docs, _, _ = demo
    plain = extractive_summary(docs)
    disputed = [plain[0].text]
    careful = extractive_summary(docs, disputed=disputed)
    assert plain[0].text not in [s.text for s in careful]
    assert len(careful) == len(plain)
