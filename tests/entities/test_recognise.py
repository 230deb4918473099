"""Recognition and descriptors on real text with the shipped models, both languages."""
import pytest

from newsfuse.entities import link_entities, recognise_entities
from newsfuse.entities.descriptors import country_cue
from newsfuse.model import Document, Paragraph


def _doc(doc_id, lang, *paragraphs, title=None):
    paras = [Paragraph(text=title, kind="title")] if title else []
    paras += [Paragraph(text=p) for p in paragraphs]
    return recognise_entities(Document(id=doc_id, language=lang, title=title, paragraphs=paras))


def _mentions(doc):
    return {(m.text, m.type) for m in doc.mentions}


def _descriptors(doc, entities, name):
    ids = {e.id for e in entities if e.name == name}
    return [d.text for d in doc.descriptors if d.entity in ids]


@pytest.fixture(scope="module")
def english():
    return _doc("en", "en",
                "Russian dictator Vladimir Putin arrived in Pyongyang on Tuesday, where he met "
                "the totalitarian head of government of the largely isolated state, Kim Jong Un.",
                "Kim had received Putin at Kim Il Sung Square, according to the party newspaper "
                "Rodong Sinmun. Mr Putin spoke to Mr Kim for two hours.",
                "The Kremlin chief was treated to a lavish ceremony. The two leaders exchanged gifts.",
                title="Kremlin chief in North Korea")


@pytest.fixture(scope="module")
def german():
    return _doc("de", "de",
                "Der russische Präsident Wladimir Putin und der nordkoreanische Führer Kim Jong Un "
                "trafen sich auf dem Kim-Il-Sung-Platz in Pjöngjang.",
                "Der Kremlchef lud Kim zu einem Besuch nach Moskau ein, so die staatliche Koreanische "
                "Zentrale Nachrichtenagentur. Die beiden autokratischen Führer fuhren durch die Stadt.")


def test_english_mentions(english):
    found = _mentions(english)
    assert {("Vladimir Putin", "PERSON"), ("Kim Jong Un", "PERSON"), ("Pyongyang", "LOCATION"),
            ("Mr Putin", "PERSON"), ("Mr Kim", "PERSON")} <= found
    assert ("Kim Il Sung Square", "LOCATION") in found  # a square, not a person
    assert ("Rodong Sinmun", "ORGANIZATION") in found  # "party newspaper ..." makes it an organisation
    body = english.body
    assert all(body[m.start:m.end] == m.text for m in english.mentions)


def test_german_mentions(german):
    found = _mentions(german)
    assert ("Wladimir Putin", "PERSON") in found and ("Kim Jong Un", "PERSON") in found
    assert ("Kim-Il-Sung-Platz", "LOCATION") in found
    assert ("Pjöngjang", "LOCATION") in found and ("Moskau", "LOCATION") in found
    assert ("Koreanische Zentrale Nachrichtenagentur", "ORGANIZATION") in found


def test_descriptors_attached_and_anaphoric(english, german):
    entities = link_entities([english, german])
    putin_en = _descriptors(english, entities, "Vladimir Putin")
    assert "Russian dictator" in putin_en and "Kremlin chief" in putin_en
    assert "totalitarian head of government" in _descriptors(english, entities, "Kim Jong Un")
    putin_de = _descriptors(german, entities, "Vladimir Putin")
    assert "russische Präsident" in putin_de and "Kremlchef" in putin_de
    assert "nordkoreanische Führer" in _descriptors(german, entities, "Kim Jong Un")
    # a plural phrase covers both men
    assert "autokratischen Führer" in putin_de
    assert "autokratischen Führer" in _descriptors(german, entities, "Kim Jong Un")
    assert "leaders" in _descriptors(english, entities, "Kim Jong Un")


def test_every_descriptor_names_a_person(english, german):
    entities = {e.id: e for e in link_entities([english, german])}
    for doc in (english, german):
        for d in doc.descriptors:
            assert d.entity is None or entities[d.entity].type == "PERSON"


@pytest.mark.parametrize("text, code", [
    ("Kremlin chief", "RU"), ("Kremlchef", "RU"), ("Kreml-Chef", "RU"), ("North Korean leader", "KP"),
    ("nordkoreanische Machthaber", "KP"), ("Nordkoreas Oberster Führer", "KP"), ("ruler", None),
])
def test_country_cues(text, code):
    assert country_cue(text) == code


def test_titles_and_role_nouns_reused_for_anaphora():
    en = _doc("t-en", "en", "Ukrainian President Volodymyr Zelenskyy met German Chancellor Olaf Scholz and "
                            "former President Donald Trump in Berlin. The chancellor promised more air defence.")
    de = _doc("t-de", "de", "Der ehemalige Bundeskanzler Gerhard Schröder traf den ukrainischen Präsidenten "
                            "Wolodymyr Selenskyj. Der Kanzler sprach von Frieden.")
    entities = link_entities([en, de])
    assert _descriptors(en, entities, "Volodymyr Zelenskyy")[0] == "Ukrainian President"
    assert "German Chancellor" in _descriptors(en, entities, "Olaf Scholz")  # not "met German Chancellor"
    assert "chancellor" in _descriptors(en, entities, "Olaf Scholz")  # the role noun it had before
    assert "former President" in _descriptors(en, entities, "Donald Trump")
    assert "Kanzler" in _descriptors(de, entities, "Gerhard Schröder")  # "Bundeskanzler" ends in it
    zelensky = next(e for e in entities if e.name == "Volodymyr Zelenskyy")
    assert "Wolodymyr Selenskyj" in zelensky.variants and sorted(zelensky.documents) == ["t-de", "t-en"]


def test_empty_long_and_other_language_documents():
    empty = recognise_entities(Document(id="e", language="en"))
    assert empty.mentions == [] and empty.descriptors == []
    para = "Angela Merkel traf Emmanuel Macron in Paris. " * 40
    long_doc = recognise_entities(Document(id="l", language="de",
                                           paragraphs=[Paragraph(text=para) for _ in range(80)]))
    assert len(long_doc.body) > 100_000
    body = long_doc.body
    assert all(body[m.start:m.end] == m.text for m in long_doc.mentions)
    assert {m.text for m in long_doc.mentions} >= {"Paris"}
    assert max(m.start for m in long_doc.mentions) > 100_000  # the second piece is recognised too
    fr = recognise_entities(Document(id="f", language="fr",
                                     paragraphs=[Paragraph(text="Emmanuel Macron a reçu Olaf Scholz à Paris.")]))
    assert ("Paris", "LOCATION") in _mentions(fr)
    entities = link_entities([empty, fr])
    assert all(m.entity for m in fr.mentions)
    assert entities


def test_german_model_slips_are_repaired():
    doc = _doc("g", "de", "Im Krieg half Nordkorea Russland mit Munition. Er sprach von Moskaus Krieg. "
                          "Er sagte März.")
    found = _mentions(doc)
    assert ("Nordkorea", "LOCATION") in found and ("Russland", "LOCATION") in found
    assert ("Moskaus", "LOCATION") in found
    assert not any(text == "März" for text, _ in found)


def test_a_first_name_with_name_particles_is_one_person():
    doc = _doc("p", "de", "Dort traf er Kommissionschefin Ursula von der Leyen. Auch Olaf von der SPD kam.")
    found = _mentions(doc)
    assert ("Ursula von der Leyen", "PERSON") in found
    assert not any(text.startswith("Olaf von") for text, _ in found)  # an acronym after the particles: apart
    assert not any(text == "Leyen" for text, _ in found)


def test_a_german_first_name_and_the_word_after_it_are_a_person():
    doc = _doc("k", "de", "Der Chef der SPD, Lars Klingbeil, sagte das am Montag. "
                          "Von Anfang an war der LHC eine Art Flaggschiff.")
    found = _mentions(doc)
    assert ("Lars Klingbeil", "PERSON") in found
    assert not any(text in ("Von Anfang", "Art Flaggschiff") for text, _ in found)
