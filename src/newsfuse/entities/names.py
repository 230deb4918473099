"""Name forms: titles, possessives, transliteration keys.

Two spellings of a name get the same *key* when they differ only in the
ways names are commonly romanised into English and German:

- German w / English v ("Wladimir" ~ "Vladimir"), German j / English y
  ("Pjöngjang" ~ "Pyongyang"), sch / sh, tsch / ch, final -ow / -ov,
  -ij / -yj / -iy / -yy ("Selenskyj" ~ "Zelenskyy"), initial s / z;
- diacritics and umlauts ("ö" ~ "o", "ŏ" ~ "o"), apostrophes of McCune-
  Reischauer ("P'yŏngyang"), doubled letters;
- hyphenation and spacing of Korean and Chinese given names ("Kim Jong-un" ~
  "Kim Jong Un", "Xi Jin-ping" ~ "Xi Jinping").

Keys compare whole names only: "Kim Jong Un" and "Kim Jong Il" differ in a
syllable and never share a key.

>>> name_key("Wladimir Putin") == name_key("Vladimir Putin")
True
>>> name_key("Kim Jong-un") == name_key("Kim Jong Un") != name_key("Kim Jong-il")
True
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from newsfuse.entities.resources import read_table, words

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_RULES = [  # order matters: longest German clusters first
    ("schtsch", "shch"), ("tsch", "ch"), ("tch", "ch"), ("sch", "sh"), ("zh", "sh"), ("kh", "ch"),
    ("dj", "y"), ("j", "y"), ("w", "v"), ("ph", "f"), ("ck", "k"), ("tz", "ts"),
]
# Word endings: Russian -ий/-ый (-iy, -ij, -yj, -yy), -ов/-ев/-ёв (-ov, -ow,
# -ev, -ew: "Gorbachev" ~ "Gorbatschow"), Polish/Russian -ski ~ -sky.
_FINAL = [("iy", "y"), ("ij", "y"), ("yy", "y"), ("yi", "y"), ("ow", "ov"), ("ev", "ov"),
          ("ski", "sky")]


def strip_possessive(text: str) -> str:
    """``"Kim Jong-un's"`` -> ``"Kim Jong-un"``; German genitive is handled by linking."""
    return _POSSESSIVE.sub("", text.strip())


def _ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


# Cyrillic -> Latin, close to English romanisation ("Путин" -> putin, "Лавров" -> lavrov).
_CYRILLIC = dict(zip("абвгдезийклмнопрстуфыэіґ", "abvgdeziyklmnoprstufyeig")) | {
    "ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": "",
    "ю": "yu", "я": "ya", "ї": "yi", "є": "ye", "ў": "u", "ј": "y", "љ": "ly", "њ": "ny", "ђ": "dj",
    "ћ": "ch", "џ": "dzh"}
# Russian case endings of names, cut before romanising so that inflected forms
# share a key ("Путина", "Путину", "Путиным" ~ "Путин"; "Петрова" ~ "Петров").
_CYR_CASE = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])(?:ыми|ами|ями|ого|ому|ым|ом|ой|ем|ою|ах|ы|а|у|е)$")


def _romanise(token: str) -> str:
    low = token.casefold()
    if not any("\u0400" <= c <= "\u04ff" for c in low):
        return token
    if len(low) >= 5:
        low = _CYR_CASE.sub("", low)
    return "".join(_CYRILLIC.get(c, c) for c in low)


@lru_cache(maxsize=65536)
def token_key(token: str) -> str:
    """Phonetic key of one word (see the module docstring); Cyrillic is romanised first."""
    t = re.sub(r"[^a-z0-9]", "", _ascii_fold(_romanise(token)))
    for a, b in _RULES:
        t = t.replace(a, b)
    for a, b in _FINAL:
        if t.endswith(a):
            t = t[: -len(a)] + b
    if t.startswith("z") and len(t) > 3:  # Russian з: "Selenskyj" (de) ~ "Zelensky" (en)
        t = "s" + t[1:]
    t = t[:1] + t[1:].replace("z", "ts")  # German z is ts: "Jelzin" ~ "Yeltsin"
    t = t.replace("tss", "ts")
    if len(t) > 3 and t.endswith("i") and t[-2] not in "aeiouy":
        t = t[:-1] + "y"  # "Dmitri" ~ "Dmitry"
    return re.sub(r"(.)\1+", r"\1", t)  # doubled letters


def split_name(text: str) -> list[str]:
    """Words of a name, hyphens and spaces alike: ``"Kim Jong-un"`` -> 3 words."""
    return [w for w in re.split(r"[\s\-‐–]+", strip_possessive(text)) if w]


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Key of a whole name: the words' keys run together (spacing-insensitive)."""
    return "".join(token_key(w) for w in split_name(text))


@lru_cache(maxsize=None)
def _titles() -> frozenset[str]:
    return frozenset(words("titles.tsv"))


def strip_title(text: str) -> tuple[str, str | None]:
    """Split a leading honorific or title off a name.

    >>> strip_title("Mr Kim"), strip_title("President Putin"), strip_title("Kim Jong Un")
    (('Kim', 'mr'), ('Putin', 'president'), ('Kim Jong Un', None))
    """
    parts = strip_possessive(text).split()
    found: list[str] = []
    while len(parts) > 1:  # several titles in a row: "Det Insp Bob Blemmings"
        for n in (2, 1):
            head = " ".join(parts[:n]).casefold().rstrip(".")
            if len(parts) > n and head in _titles():
                found.append(head)
                parts = parts[n:]
                break
        else:
            break
    return " ".join(parts), " ".join(found) or None


@lru_cache(maxsize=None)
def feature_words() -> dict[str, str]:
    """German generic words in names -> English ("platz" -> "square")."""
    return {de: en for de, en in read_table("features.tsv")}


def translated_words(text: str) -> list[str]:
    """Words of a place/organisation name with generic German words in English.

    Compounds are split on a known final element: "Kim-Il-Sung-Platz" ->
    kim il sung square; "Kumsusan-Gästehaus" -> kumsusan guesthouse.
    """
    table = feature_words()
    out: list[str] = []
    for w in split_name(text):
        low = w.casefold()
        if low in table:
            out.extend(table[low].split())
            continue
        for de, en in table.items():  # "Hauptstadtflughafen": a compound ending in a known word
            if len(de) >= 4 and low.endswith(de) and len(low) - len(de) >= 3:
                out.extend([low[: -len(de)], *en.split()])
                break
        else:
            out.append(low)
    return out


def place_key(text: str) -> str:
    """Key for places and organisations: generic words translated, then keyed."""
    return "".join(token_key(w) for w in translated_words(text) if w not in _ARTICLES)


_ARTICLES = {"the", "der", "die", "das", "des", "dem", "den"}
_ACRONYM_SKIP = {"of", "the", "and", "for", "für", "der", "die", "das", "des", "und", "de", "du", "la"}


def acronym(text: str) -> str:
    """Initials of a name in English: "Koreanische Zentrale Nachrichtenagentur" -> "KCNA"."""
    return "".join(w[0] for w in translated_words(text) if w and w not in _ACRONYM_SKIP).upper()


def is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 6 and text.isalpha() and text.isupper()
