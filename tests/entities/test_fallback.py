"""The rule-based recogniser for languages without an NER model, on hand-written paragraphs."""
from pathlib import Path

import pytest

from newsfuse.entities import link_entities, recognise_entities
from newsfuse.entities.fallback import handles
from newsfuse.entities.names import name_key, token_key
from newsfuse.model import Document, Paragraph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "entities"


def _doc(lang: str) -> Document:
    text = (FIXTURES / f"fallback_{lang}.txt").read_text(encoding="utf-8")
    paras = [Paragraph(text=p.strip()) for p in text.split("\n\n") if p.strip()]
    return recognise_entities(Document(id=f"fb-{lang}", language=lang, paragraphs=paras))


def _mentions(doc: Document) -> dict[str, str]:
    return {m.text: m.type for m in doc.mentions}


@pytest.fixture(scope="module")
def fr():
    return _doc("fr")


@pytest.fixture(scope="module")
def ru():
    return _doc("ru")


def test_dispatch():
    assert handles("fr") and handles("ru") and handles("pl") and handles("sv")
    assert not handles("en") and not handles("de") and not handles("zh") and not handles(None)


def test_french(fr):
    m = _mentions(fr)
    assert m["Emmanuel Macron"] == "PERSON"
    assert m["Olaf Scholz"] == "PERSON"
    assert m["Genève"] == "LOCATION"
    assert m["Macron"] == "PERSON"  # a lone surname of a person named in full
    assert m["Jean-Pierre Raffarin"] == "PERSON"
    assert m["Corée du Nord"] == "LOCATION"
    assert m["ONU"] == "ORGANIZATION"  # "l'ONU": the elided article is not in the name
    for junk in ("Les", "Le", "Dans", "Selon", "mardi", "Nous", "France soutiendrait"):
        assert junk not in m
    assert not any(t.startswith(("Le ", "Les ", "l'")) for t in m)


def test_offsets_point_into_the_body(fr):
    for m in fr.mentions:
        assert fr.body[m.start:m.end] == m.text


def test_russian(ru):
    m = _mentions(ru)
    assert m["Владимир Путин"] == "PERSON"
    assert m["России"] == "LOCATION" and m["Москве"] == "LOCATION"
    assert m["Сергей Лавров"] == "PERSON"
    assert m["Петров"] == "PERSON" and m["Петрова"] == "PERSON"  # inflected, sentence-initial
    assert m["США"] == "LOCATION"
    assert "Петров открыл" not in m and "Президент" not in m and "Министр" not in m


def test_russian_inflections_link(ru):
    assert token_key("Петрова") == token_key("Петров") == token_key("Petrov")
    assert token_key("Путина") == token_key("Putin")
    assert name_key("Сергей Лавров") != ""
    entities = link_entities([ru])
    petrov = [e for e in entities if e.type == "PERSON" and "Петров" in e.variants + [e.name]]
    assert len(petrov) == 1 and petrov[0].mentions == 2


def test_dutch():
    m = _mentions(_doc("nl"))
    assert m["Pieter de Vries"] == "PERSON"
    assert "zei Pieter de Vries" not in m
    assert m["Amsterdam"] == "LOCATION" and m["Duitsland"] == "LOCATION"
    assert m["Mark Rutte"] == "PERSON"
    assert "De" not in m and "Het" not in m and "Volgens" not in m and "september" not in m


def test_two_particles_inside_a_name():
    for lang, text in (("fr", "Le Premier ministre a reçu Ursula von der Leyen à Paris."),
                       ("nl", "De minister sprak met Ursula von der Leyen en Pieter van den Berg.")):
        doc = recognise_entities(Document(id=lang, language=lang, paragraphs=[Paragraph(text=text)]))
        m = _mentions(doc)
        assert m.get("Ursula von der Leyen") == "PERSON", m
    assert m.get("Pieter van den Berg") == "PERSON", m


def test_a_title_with_its_body_and_holder_is_split():
    doc = recognise_entities(Document(id="it", language="it", paragraphs=[
        Paragraph(text="Ieri il leader del Pd Elly Schlein ha parlato a Roma.")]))
    m = _mentions(doc)
    assert m.get("Elly Schlein") == "PERSON" and m.get("Pd") == "ORGANIZATION", m


def test_a_first_name_particle_and_family_name_stay_one_name():
    for lang, text, name in (("pt", "O presidente Lula da Silva chegou a Brasília.", "Lula da Silva"),
                             ("es", "Ayer llegó José de la Cruz a Madrid.", "José de la Cruz")):
        m = _mentions(recognise_entities(Document(id=lang, language=lang, paragraphs=[Paragraph(text=text)])))
        assert m.get(name) == "PERSON", m
    m = _mentions(recognise_entities(Document(id="fr", language="fr", paragraphs=[
        Paragraph(text="Le ministre Bruno Le Maire est arrivé.")])))
    assert m.get("Bruno Le Maire") == "PERSON", m  # "maire" is a title, but not after "Bruno Le"
    m = _mentions(recognise_entities(Document(id="fr", language="fr", paragraphs=[
        Paragraph(text="Le patron de Goop de Gwyneth Paltrow est venu.")])))
    assert m.get("Gwyneth Paltrow") == "PERSON" and "Goop de Gwyneth Paltrow" not in m


def test_spanish():
    m = _mentions(_doc("es"))
    assert m["Pedro Sánchez"] == "PERSON" and m["Sánchez"] == "PERSON"
    assert m["Bruselas"] == "LOCATION" and m["Madrid"] == "LOCATION" and m["Ucrania"] == "LOCATION"
    assert m["OTAN"] == "ORGANIZATION"
    assert "El" not in m and "Según" not in m


def test_english_and_german_unchanged():
    doc = recognise_entities(Document(id="en", language="en",
                                      paragraphs=[Paragraph(text="Vladimir Putin arrived in Pyongyang.")]))
    assert {(m.text, m.type) for m in doc.mentions} >= {("Vladimir Putin", "PERSON"), ("Pyongyang", "LOCATION")}


def _run(lang: str, text: str) -> dict[str, str]:
    doc = recognise_entities(Document(id=f"t-{lang}", language=lang, paragraphs=[Paragraph(text=text)]))
    return _mentions(doc)


def test_polish_inflected_places():
    m = _run("pl", "Premier Donald Tusk spotkał się w Warszawie z prezydentem Francji. Potem Tusk pojechał do Krakowa.")
    assert m["Donald Tusk"] == "PERSON" and m["Tusk"] == "PERSON"
    assert m["Warszawie"] == "LOCATION" and m["Francji"] == "LOCATION" and m["Krakowa"] == "LOCATION"
    assert "Premier" not in m and "Potem" not in m


def test_turkish_suffix_after_apostrophe():
    m = _run("tr", "Cumhurbaşkanı Recep Tayyip Erdoğan'ın açıklaması NATO'ya iletildi.")
    assert m["Recep Tayyip Erdoğan"] == "PERSON"
    assert "NATO" in m and not any("'" in t for t in m)


def test_inflected_places_link_to_their_english_names(ru):
    entities = link_entities([ru])
    names = {e.name for e in entities if e.type == "LOCATION"}
    assert {"Moscow", "Russia", "United States"} <= names
