import pytest

from newsfuse.report.sentences import boilerplate_reason, document_sentences, quantities, split_sentences

from .conftest import make_doc


def sentences(text):
    return [text[a:b] for a, b in split_sentences(text)]


def test_splits_on_sentence_ends_not_on_abbreviations_or_german_dates():
    text = ("Mr. Kim met Dr. Lee in Pyongyang. Am 19. Juni 2024 kam Putin an. "
            "Er sagte: „Wir sind bereit.“ Danach fuhr er weiter.")
    assert sentences(text) == ["Mr. Kim met Dr. Lee in Pyongyang.", "Am 19. Juni 2024 kam Putin an.",
                               "Er sagte: „Wir sind bereit.“", "Danach fuhr er weiter."]


def test_does_not_split_before_lowercase_or_after_an_ellipsis_inside_a_sentence():
    text = "Russland erhielt mehr als 10.000 Container – das entspricht… 260.000 Tonnen. Putin (r.) und Kim lachten."
    assert sentences(text) == ["Russland erhielt mehr als 10.000 Container – das entspricht… 260.000 Tonnen.",
                               "Putin (r.) und Kim lachten."]


def test_quoted_sentence_keeps_its_closing_quote():
    assert sentences("“The situation is changing,” Mr Kim said. “We intend to act.”") == [
        "“The situation is changing,” Mr Kim said.", "“We intend to act.”"]


def test_document_sentences_carry_offsets_into_the_body():
    doc = make_doc("d", ["First sentence here. Second one follows.", "A new paragraph starts here."])
    found = document_sentences(doc)
    assert [s.text for s in found] == ["First sentence here.", "Second one follows.", "A new paragraph starts here."]
    assert all(doc.body[s.start:s.end] == s.text for s in found)
    assert [s.paragraph for s in found] == [0, 0, 1]
    assert [s.index for s in found] == [0, 1, 2]


def test_document_sentences_skip_paragraphs_that_are_not_body():
    doc = make_doc("d", ["Putin arrived in Pyongyang on Wednesday morning."])
    doc.paragraphs.insert(0, doc.paragraphs[0].model_copy(update={"text": "The headline", "kind": "title"}))
    assert [s.text for s in document_sentences(doc)] == ["Putin arrived in Pyongyang on Wednesday morning."]


@pytest.mark.parametrize("text", [
    "Pic: Sputnik/Reuters",
    "Image: Kim Il Sung Square in Pyongyang, North Korea. Pic: Sputnik/Reuters",
    "Image: The official welcoming ceremony is shown here in a picture.",
    "Vladimir Putin arrived in North KoreaReuters and was greeted by many",
    "This article has been automatically translated, read the original article here.",
    "Read more: Putin visit a diplomatic two-fingers to the West and more",
    "More details of the visit are available at https://example.com/putin-kim today.",
    "Wladimir Smirnow/Sputnik/Pool/Reuters",
    "Gavriel Grigorov/Pool/AFP/Sputnik/Getty Images",
    "Es ist Putins erste Reise nach Nordkorea seit dem Jahr 2000, als er Kims Vater besuchte. Der Machthaber...",
    "Dies ist eine sich entwickelnde Geschichte und wird aktualisiert.",
    "Cooperation between Russia and North Korea",
    "North Korea supplies ammunition",
    "Kommentare",
    "Weiterlesen »",
    "Österreich Neuesten Nachrichten, Österreich Schlagzeilen",
    "Similar News: Sie können auch ähnliche Nachrichten wie diese lesen, die wir gesammelt haben.",
    "meinen damit klar auch eine militärische Achse.am Mittwoch die Unterstützung versprochen.",
    "Willkommen in unserer Community! Bitte achten Sie auf Einhaltung unserer Netiquette und AGB.",
    "Source : Sky News",
    "- Advertisement - and more things to read on this page",
])
def test_boilerplate_is_never_a_summary_sentence(text):
    assert boilerplate_reason(text) is not None


@pytest.mark.parametrize("text", [
    "Kim had received Putin at Kim Il Sung Square in the North Korean capital.",
    "Am Vorabend hatte Kim Putin bereits bei dessen Ankunft am Flughafen begrüßt.",
    "“In this situation, we intend to strengthen strategic interaction with Russia.”",
    "Russian state media said Mr Putin spoke to Mr Kim for about two hours.",
    "Sources in Seoul said the international community was alarmed by the visit.",
])
def test_news_sentences_pass(text):
    assert boilerplate_reason(text) is None


def test_quantities_ignore_years_and_small_numbers():
    assert quantities("since 2023 about 6,700 containers, 24 years") == {6700.0}
    assert quantities("mehr als 10.000 Schiffscontainer und 260.000 Tonnen") == {10000.0, 260000.0}
    assert quantities("about 1.5 million, 2.5") == frozenset()
