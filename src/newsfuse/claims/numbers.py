"""Numeric claims: a number with what it counts, its qualifier and its source.

Numbers are read the way the document's language writes them (6,700 in
English, 10.000 and 2,5 in German, written-out "zehn", "two", with
"Millionen"/"million" multipliers). A number counts as a claim only when it
has a unit or object ("containers", "Tonnen Munition"); years, dates,
ordinals, designations (F-16) and spans inside time expressions are not
claims.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsfuse.claims.lexicon import Lexicon, _alternation, lexicon, units
from newsfuse.claims.text import DocText, Sentence, tokens



@dataclass(slots=True)
class NumberHit:
    start: int  # of the whole phrase, qualifier included
    end: int
    value: float
    qualifier: str | None
    unit: str | None  # as written
    unit_class: str | None  # key of units.json, or the unit itself when not listed
    dimension: str | None
    obj: str | None  # what a measure is of: "tonnes of ammunition" -> "ammunition"


def parse_number(text: str, lang: str) -> float | None:
    """A number as the language writes it.

    >>> parse_number("6,700", "en"), parse_number("10.000", "de"), parse_number("2,5", "de")
    (6700.0, 10000.0, 2.5)
    """
    s = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").strip()
    if lexicon(lang).decimal_comma:
        thousands, decimal = ".", ","
    else:
        thousands, decimal = ",", "."
    if re.fullmatch(r"\d{1,3}(?:[ ]\d{3})+(?:,\d+)?", s):  # 1 000 / 2 500,5: space-grouped, decimal comma
        s, thousands, decimal = s.replace(" ", ""), ".", ","
    if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(decimal)}\d{{3}}){{2,}}", s):
        thousands, decimal = decimal, thousands  # 1.000.000 in an English text is still a million
    s = s.replace(thousands, "").replace(decimal, ".")
    try:
        return float(s)
    except ValueError:
        return None


def parse_number_words(word: str, lex: Lexicon) -> int | None:
    """Written-out numbers: "zehn", "twenty-three", "dreiundzwanzig"."""
    w = word.lower()
    if w in lex.number_words:
        return lex.number_words[w]
    if "-" in w:
        parts = [lex.number_words.get(p) for p in w.split("-")]
        if all(p is not None for p in parts) and len(parts) == 2 and parts[0] >= 20 and parts[1] < 10:
            return parts[0] + parts[1]
    if lex.compounds and "und" in w:
        a, _, b = w.partition("und")
        ua, tb = lex.number_words.get(a if a != "ein" else "eins", 1 if a == "ein" else None), lex.number_words.get(b)
        if ua and tb and ua < 10 and 20 <= tb <= 90:
            return ua + tb
    return None


@lru_cache(maxsize=None)
def _unit_index(lang: str) -> tuple[dict, list]:
    """surface form -> class, and (suffix, class) pairs for compound matching."""
    forms, suffixes = {}, []
    for cls, spec in units()["units"].items():
        for form in spec.get(lang, []) + (spec.get("en", []) if lang != "en" else []):
            forms.setdefault(form, cls)
            if lexicon(lang).compounds and len(form) >= 5 and " " not in form:
                suffixes.append((form, cls))
    suffixes.sort(key=lambda p: -len(p[0]))
    return forms, suffixes


def unit_class(word: str, lang: str) -> str | None:
    """The units.json class of a unit word, by form, or by compound suffix in German."""
    forms, suffixes = _unit_index(lexicon(lang).lang)
    w = word.lower()
    if w in forms:
        return forms[w]
    for suffix, cls in suffixes:
        if w.endswith(suffix):
            return cls
    return None


def unit_key(word: str, lang: str) -> tuple[str, str]:
    """(class, dimension) used to compare two claims' units."""
    cls = unit_class(word, lang)
    if cls:
        return cls, units()["units"][cls]["dimension"]
    w = word.lower()
    stem = re.sub(r"(?:ies)$", "y", w) if not lexicon(lang).compounds else w
    stem = re.sub(r"(?<=[^s])s$", "", stem) if not lexicon(lang).compounds else re.sub(r"(?:en|e|n)$", "", stem)
    return stem, "count:" + stem


def object_class(word: str, lang: str) -> str | None:
    w = word.lower()
    for cls, spec in units()["objects"].items():
        for form in spec.get(lexicon(lang).lang, []) + spec.get("en", []):
            if w == form or (lexicon(lang).compounds and len(form) >= 5 and w.endswith(form)):
                return cls
    return None


def _time_unit(word: str) -> bool:
    w = word.lower()
    return any(w in spec["en"] or w in spec["de"] for spec in units()["time_units"].values())


def find_numbers(dt: DocText, sent: Sentence, skip: list[tuple[int, int]]) -> list[NumberHit]:
    """Numbers with a unit in ``sent``; ``skip`` are spans (time expressions) to leave out."""
    lex, text = dt.lex, dt.text
    toks = tokens(text, sent.start, sent.end)
    out: list[NumberHit] = []
    k = 0
    while k < len(toks):
        s, e, w = toks[k]
        value, j = _number_at(toks, k, lex)
        if value is None or any(a <= s < b for a, b in skip):
            k += 1
            continue
        sym = text[max(sent.start, s - 3):s].strip()
        if _is_designation(text, s, e, toks, k, lex):
            k = j + 1
            continue
        unit, ucls, obj, last = _unit_after(dt, toks, j, sym)
        if unit is None and out and _bare(toks, j, lex) and not (w.isdigit() and 1900 <= value <= 2100):
            prev = out[-1]  # "about 3,000 people marched; organisers put the figure at 20,000"
            unit, ucls, obj, last = prev.unit, prev.unit_class, prev.obj, j
        if unit is None or _time_unit(unit) or _is_year(w, value, unit, dt.doc.language):
            k = j + 1
            continue
        qual, qstart = _qualifier(text, sent.start, s, lex)
        cls, dim = unit_key(ucls or unit, dt.doc.language)
        out.append(NumberHit(qstart, toks[last][1], value, qual, unit, cls, dim, obj))
        k = last + 1
    return out


def _bare(toks, j: int, lex: Lexicon) -> bool:
    """Whether the number ending at token ``j`` stands alone: the clause or sentence ends after it."""
    if j + 1 >= len(toks):
        return True
    nxt = toks[j + 1][2]
    return nxt in {".", ",", ";", ")", "!", "?"} or nxt.lower() in lex.conjunctions


def _number_at(toks, k: int, lex: Lexicon) -> tuple[float | None, int]:
    """The value starting at token ``k`` (with a multiplier after it) and its last token."""
    s, e, w = toks[k]
    value: float | None = None
    if w[0].isdigit():
        value = parse_number(w, lex.lang)
    elif w[0].isalpha():
        value = parse_number_words(w, lex)
        if value is not None and k > 0 and toks[k - 1][2].lower() in lex.number_skip_before:
            return None, k  # "the two countries": a reference, not a count
    if value is None:
        return None, k
    j = k
    if j + 1 < len(toks) and toks[j + 1][2].lower().rstrip(".") in {m.rstrip(".") for m in lex.multipliers}:
        value *= lex.multipliers.get(toks[j + 1][2].lower(), lex.multipliers.get(toks[j + 1][2].lower().rstrip("."), 1))
        j += 1
    return value, j


def _is_year(word: str, value: float, unit: str, lang: str) -> bool:
    """ "2000 Kim" or "1989 Berlin": a bare four-digit year before a name is not a count."""
    return word.isdigit() and 1900 <= value <= 2100 and unit_class(unit, lang) is None and not unit[0].islower()


def _is_designation(text: str, s: int, e: int, toks, k: int, lex: Lexicon) -> bool:
    """F-16, G7, No. 5, 19. Juni (German ordinal), 10:30, 3-2."""
    before = text[max(0, s - 1):s]
    after = text[e:e + 1]
    if before in "-/#:" and before or after in "-:/" and after:
        return True
    if k > 0 and toks[k - 1][2].lower().rstrip(".") in {"no", "nr", "nummer", "number", "page", "seite"}:
        return True
    return lex.compounds and after == "." and toks[k][2].isdigit() and len(toks[k][2]) <= 2


def _unit_after(dt: DocText, toks, j: int, sym: str) -> tuple[str | None, str | None, str | None, int]:
    """The unit (and object) after the number ending at token ``j``."""
    lex = dt.lex
    lang = dt.doc.language
    if sym and sym[-1:] in "$€£":
        return sym[-1], unit_class(sym[-1], lang), None, j
    limit = min(len(toks), j + 6)
    for i in range(j + 1, limit):
        w = toks[i][2]
        if w in "%":
            return "%", "percent", None, i
        if i == j + 1 and w.lower() in lex.partitives and toks[j][2][:1].isalpha():
            continue  # after a multiplier: "2 millions de personnes", "5 tys. osób"
        if not w[0].isalpha():
            break
        low = w.lower()
        if i == j + 1 and low in lex.stop and low not in lex.prepositions and not lex.compounds:
            break
        if dt.mentions_in(toks[i][0], toks[i][1] + 1) or (lex.compounds and not w[0].isupper()) \
                or (lex.compounds and low in lex.prepositions):
            continue  # German attributes before the noun: "zehn in Nordkorea hergestellte Raketen"
        if not lex.compounds and (w[0].isupper() or "-" in w) and unit_class(w, lang) is None \
                and i + 1 < limit and _continues_phrase(toks[i + 1][2], lex):
            continue  # "10 North Korean-made missiles"; but "12,000 Ukrainians," ends the phrase
        if low in lex.prepositions or low in lex.conjunctions or low in lex.subordinators or low in lex.single_cues:
            break
        cls = unit_class(w, lang)
        two = f"{low} {toks[i + 1][2].lower()}" if i + 1 < len(toks) else ""
        if two and unit_class(two, lang):
            cls, w, i = unit_class(two, lang), f"{w} {toks[i + 1][2]}", i + 1
        return w, cls, _object_after(dt, toks, i), i
    return None, None, None, j


def _continues_phrase(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    return word[0].isalpha() and low not in lex.prepositions and low not in lex.conjunctions \
        and low not in lex.subordinators and low not in lex.stop and low not in lex.single_cues


def _object_after(dt: DocText, toks, i: int) -> str | None:
    """ "tonnes of ammunition" / "Tonnen Munition" -> ammunition / Munition."""
    lex = dt.lex
    k = i + 1
    if k < len(toks) and toks[k][2].lower() in ("of", "an"):
        k += 1
    if k < len(toks) and toks[k][2][0].isalpha() and (toks[k][2][0].isupper() if lex.compounds else True):
        w = toks[k][2]
        if w.lower() not in lex.stop and w.lower() not in lex.prepositions:
            return w
    return None


@lru_cache(maxsize=None)
def _qualifier_re(lang: str) -> re.Pattern:
    lex = lexicon(lang)
    return re.compile(r"(?:^|(?<=[\s(]))(" + _alternation(lex.qualifiers) + r")\s+$", re.I)


def _qualifier(text: str, floor: int, s: int, lex: Lexicon) -> tuple[str | None, int]:
    """ "about", "mehr als", "mindestens" right before the number, normalised to English."""
    window = text[max(floor, s - 25):s]
    m = _qualifier_re(lex.lang).search(window)
    if not m:
        return None, s
    return lex.qualifiers[m.group(1).lower()], s - (len(window) - m.start(1))


def interval(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a qualified number allows: "about 6,700" ≈ ±10 %, "more than X" > X."""
    inf = float("inf")
    return {
        "about": (value * 0.9, value * 1.1),
        "nearly": (value * 0.85, value),
        "more than": (value * 1.0000001, inf),
        "at least": (value, inf),
        "up to": (0.0, value),
        "at most": (0.0, value),
        "less than": (0.0, value * 0.9999999),
        "exactly": (value, value),
    }.get(qualifier or "", (value * 0.98, value * 1.02))  # a bare number in news is rounded
