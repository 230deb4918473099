"""Claims-stage rules driven by the per-language lexicons, with the mentions
given (so these do not depend on the NER model)."""
from __future__ import annotations

import pytest

from newsfuse.claims import extract_claims
from newsfuse.claims.lexicon import available_languages
from newsfuse.claims.numbers import parse_number
from newsfuse.claims.text import find_quote_spans
from tests.claims.helpers import make_doc


@pytest.mark.parametrize("lang,text,speaker", [
    ("fr", "« Nous sommes prêts », a déclaré Marie Curie.", "Marie Curie"),
    ("fr", "Marie Curie a affirmé : « Nous sommes prêts. »", "Marie Curie"),
    ("es", "«Estamos preparados», afirmó Marie Curie.", "Marie Curie"),
    ("it", "«Siamo pronti», ha detto Marie Curie.", "Marie Curie"),
    ("pt", "“Estamos prontos”, disse Marie Curie.", "Marie Curie"),
    ("nl", "“We zijn er klaar voor”, zei Marie Curie.", "Marie Curie"),
    ("pl", "„Jesteśmy gotowi” – powiedział Marie Curie.", "Marie Curie"),
    ("ru", "«Мы готовы», — заявил Мари Кюри.", "Мари Кюри"),
])
def test_quote_cues(lang, text, speaker):
    doc = extract_claims(make_doc("q", lang, [text], [[speaker, "PERSON", "p"]]))
    assert [q.speaker_name for q in doc.quotes] == [speaker]


@pytest.mark.parametrize("text", [
    "Marie Curie a présenté le plan. « C'est un effort sans précédent », a-t-elle ajouté.",
    "Marie Curie a présenté le plan. « Nous tiendrons nos engagements », dit-elle.",
    "Marie Curie a présenté le plan. « Nous tiendrons nos engagements », ajoute-t-elle.",
    "nl:Marie Curie bezocht Brussel. “Dit is een historische dag”, zei ze.",
])
def test_french_inverted_pronoun_in_the_cue_is_its_subject(text):
    lang, text = text.split(":", 1) if text.startswith("nl:") else ("fr", text)
    doc = extract_claims(make_doc("q", lang, [text], [["Marie Curie", "PERSON", "p"]]))
    assert [q.speaker_name for q in doc.quotes] == ["Marie Curie"]


@pytest.mark.parametrize("lang,text,names", [
    ("it", "Il leader del Pd Elly Schlein ha replicato: «Una riforma sbagliata».", [["Pd", "ORGANIZATION", "o"]]),
    ("it", "Il leader del Pd, Elly Schlein, ha detto: «Una riforma sbagliata».", [["Pd", "ORGANIZATION", "o"]]),
    ("es", "El líder del PP Elly Schlein replicó: «Llega tarde».", [["PP", "ORGANIZATION", "o"]]),
    ("fr", "« C'est faux », a rétorqué Elly Schlein.", []),
])
def test_the_person_after_a_role_and_its_body_is_the_speaker(lang, text, names):
    doc = extract_claims(make_doc("q", lang, [text], [*names, ["Elly Schlein", "PERSON", "p"]]))
    assert [q.speaker_name for q in doc.quotes] == ["Elly Schlein"]


@pytest.mark.parametrize("lang,text", [
    ("es", "Marie Curie visitó Valencia. «Es un paso histórico», dijo. «Nunca más así», dijeron. «Todo mal», han dicho."),
    ("it", "Marie Curie è arrivata a Roma. «È una svolta», ha detto. «Mai più così», hanno detto. «Tutto male», dicono."),
    ("pt", "Marie Curie chegou a Lisboa. «É um dia histórico», disse. «Nunca mais assim», disseram. «Tudo mal», dizem."),
    ("pl", "Marie Curie przyjechała do Warszawy. „To historyczny dzień” – powiedziała. „Nigdy więcej” – powiedzieli. "
           "„Wszystko źle” – mówią."),
    ("ru", "Мари Кюри прибыла в Москву. «Это исторический день», — сказала. «Больше никогда», — сказали. "
           "«Всё плохо», — говорят."),
])
def test_a_cue_without_subject_in_a_pro_drop_language_is_the_last_person_singular_only(lang, text):
    name = "Мари Кюри" if lang == "ru" else "Marie Curie"
    doc = extract_claims(make_doc("q", lang, [text], [[name, "PERSON", "p"]]))
    assert [q.speaker_name for q in doc.quotes] == [name, None, None]


def test_hyphenated_words_in_a_cue_are_no_pronoun():
    # "-t-on" is no person; "dit-on" is impersonal and names nobody
    doc = extract_claims(make_doc("q", "fr", ["Marie Curie a parlé. « C'est fini », dit-on à Paris."],
                                  [["Marie Curie", "PERSON", "p"]]))
    assert [q.speaker_name for q in doc.quotes] == [None]


@pytest.mark.parametrize("lang,text,value,qualifier", [
    ("fr", "Environ 10 000 personnes ont manifesté.", 10000, "about"),
    ("fr", "Au moins 2,5 millions de personnes ont voté.", 2500000, "at least"),
    ("es", "Unos 1.200 soldados cruzaron la frontera.", 1200, "about"),
    ("it", "Più di 300 camion hanno attraversato il confine.", 300, "more than"),
    ("pt", "Mais de 4.000 pessoas foram retiradas.", 4000, "more than"),
    ("nl", "Ongeveer 700 mensen werden geëvacueerd.", 700, "about"),
    ("pl", "Około 5 tys. osób protestowało.", 5000, "about"),
    ("ru", "Около 12\u00a0000 человек вышли на улицы.", 12000, "about"),
])
def test_number_qualifiers(lang, text, value, qualifier):
    doc = extract_claims(make_doc("n", lang, [text]))
    nums = [c for c in doc.claims if c.kind == "number"]
    assert [(c.value, c.qualifier) for c in nums] == [(value, qualifier)]


def test_number_formats():
    assert parse_number("1\u202f000", "fr") == 1000 and parse_number("2,5", "es") == 2.5
    assert parse_number("10.000", "it") == 10000 and parse_number("6,700", "en") == 6700


def test_spaced_french_guillemets_and_german_reversed():
    text = "Il a dit : « Nous viendrons. » Er sagte »Wir kommen« dann."
    assert [text[s.start:s.end] for s in find_quote_spans(text)] == ["Nous viendrons.", "Wir kommen"]


def test_lexicons_present():
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru"} <= set(available_languages())
