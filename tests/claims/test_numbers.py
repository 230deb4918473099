"""Numeric claims: language-aware parsing, units, qualifiers and sources."""
import pytest

from newsfuse.claims import extract_claims
from newsfuse.claims.numbers import interval, parse_number, parse_number_words, unit_key
from newsfuse.claims.lexicon import lexicon

from .helpers import fixture_doc


@pytest.mark.parametrize("text,lang,value", [
    ("6,700", "en", 6700), ("10.000", "de", 10000), ("260.000", "de", 260000), ("2,5", "de", 2.5),
    ("1.5", "en", 1.5), ("1.000.000", "en", 1_000_000), ("10 000", "de", 10000), ("12", "en", 12),
])
def test_parse_number(text, lang, value):
    assert parse_number(text, lang) == value


@pytest.mark.parametrize("word,lang,value", [
    ("zehn", "de", 10), ("dreiundzwanzig", "de", 23), ("twenty-three", "en", 23), ("ten", "en", 10), ("tree", "en", None),
])
def test_number_words(word, lang, value):
    assert parse_number_words(word, lexicon(lang)) == value


def _numbers(name):
    doc = extract_claims(fixture_doc(name))
    return [c for c in doc.claims if c.kind == "number"]


def test_english_numeric_claims():
    got = {(c.value, c.unit, c.qualifier): c for c in _numbers("numbers_en")}
    assert (6700, "containers", "about") in got
    assert "ministry" in got[(6700, "containers", "about")].source
    assert got[(1_500_000, "people", "more than")].source == "UN refugee agency"
    assert got[(10, "missiles", "at least")].source == "officials"
    assert (23, "soldiers", None) in got


def test_years_designations_and_references_are_not_claims():
    values = {c.value for c in _numbers("numbers_en")}
    assert not values & {2024, 16, 2}  # "in 2024", "F-16", "the two leaders"


def test_german_numeric_claims():
    got = {(c.value, c.unit, c.qualifier): c for c in _numbers("numbers_de")}
    assert got[(10000, "Menschen", "more than")].source == "Polizei"
    assert (2_500_000, "Euro", "about") in got
    assert (12, "Panzer", "at least") in got  # "mindestens zwölf in Russland gebaute Panzer"
    assert got[(12, "Panzer", "at least")].source == "ein Sprecher"
    assert (23, "Soldaten", None) in got
    assert 19 not in {c.value for c in _numbers("numbers_de")}  # "Am 19. Juni" is a date


def test_units_compare_across_languages_and_compounds():
    assert unit_key("containers", "en")[1] == unit_key("Schiffscontainer", "de")[1] == "container"
    assert unit_key("tonnes", "en")[1] == unit_key("Tonnen", "de")[1] == "mass"
    assert unit_key("Artilleriegranaten", "de")[1] == unit_key("shells", "en")[1]
    assert unit_key("widgets", "en") == unit_key("widget", "en")
    assert unit_key("containers", "en")[1] != unit_key("tonnes", "en")[1]


def test_qualifier_intervals():
    lo, hi = interval(6700, "about")
    assert lo < 6700 < hi < 10000
    assert interval(10000, "more than")[0] > 10000
    assert interval(10, "at least") == (10, float("inf"))


@pytest.mark.parametrize("lang,text,mentions,want", [
    ("en", "Police said about 3,000 people marched, while organisers put the figure at 20,000.", [],
     [(3000, "people", "Police"), (20000, "people", "organisers")]),
    ("de", "Nach Angaben der Polizei demonstrierten rund 3000 Menschen, die Veranstalter sprachen von 20.000 Teilnehmern.",
     [], [(3000, "Menschen", "Polizei"), (20000, "Teilnehmern", "Veranstalter")]),
    ("fr", "La police a compté 3 000 manifestants, la CGT 20 000.", [["CGT", "ORGANIZATION", "o"]],
     [(3000, "manifestants", "police"), (20000, "manifestants", "CGT")]),
])
def test_a_later_clause_keeps_the_unit_and_names_its_own_source(lang, text, mentions, want):
    from .helpers import make_doc

    doc = extract_claims(make_doc("n", lang, [text], mentions))
    got = [(c.value, c.unit, c.source) for c in doc.claims if c.kind == "number"]
    assert got == want


def test_a_bare_year_never_inherits_a_unit():
    from .helpers import make_doc

    doc = extract_claims(make_doc("n", "en", ["About 3,000 people marched, after 2,000 a year before, in 2024."]))
    assert [(c.value, c.unit) for c in doc.claims if c.kind == "number"] == [(3000, "people")]
