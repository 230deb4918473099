"""The claims stage's word lists, loaded once from ``newsfuse/data/claims``.

Adding a language means adding ``<lang>.json`` there; the stage falls back to
English for a language it has no file for.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

def _dir():
    return resources.files("newsfuse").joinpath("data", "claims")


def _read(name: str) -> str:
    return _dir().joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def available_languages() -> tuple[str, ...]:
    return tuple(sorted(p.name[:-5] for p in _dir().iterdir()
                        if p.name.endswith(".json") and len(p.name) == 7))


def _alternation(words) -> str:
    """A regex alternation, longest first so that "more than" wins over "more"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(eq=False)
class Lexicon:
    """One language's lists, with the sets and regexes the extractors need."""

    lang: str
    raw: dict

    def __post_init__(self) -> None:
        r = self.raw
        self.cues = frozenset(r["cues"])
        self.weak_cues = frozenset(r["weak_cues"])
        self.separable: dict[str, list[str]] = r.get("separable_cues", {})
        self.participles = frozenset(r.get("participle_cues", []))
        self.continuation = frozenset(r["continuation_cues"])
        self.inversion = frozenset(r.get("inversion_cues", ["*"]))
        self.clause_cues = frozenset(r.get("clause_cues", []))
        self.quoting_cues = frozenset(r.get("quoting_cues", []))
        self.role_complements = frozenset(r.get("role_complements", []))
        self.pronouns: dict[str, str] = r["pronouns"]
        self.latter = frozenset(r["latter"])
        self.former = frozenset(r["former"])
        self.titles = frozenset(r["titles"])
        self.determiners = frozenset(r["determiners"])
        self.indefinite = frozenset(r["indefinite"])
        self.role_nouns = tuple(r["role_nouns"])
        self.person_roles = tuple(r["person_role_nouns"])
        self.institutions = tuple(r["institution_nouns"])
        self.media_nouns = tuple(r["media_nouns"])
        self.adverbs = frozenset(r["adverbs"])
        self.prepositions = frozenset(r["prepositions"])
        self.conjunctions = frozenset(r["conjunctions"])
        self.subordinators = frozenset(r["subordinators"])
        self.stop = frozenset(r["sentence_stop"])
        self.plural_verbs = frozenset(r.get("plural_verbs", []))
        self.pro_drop = bool(r.get("pro_drop", False))  # "«…», dijo.": the verb alone names its subject
        self.plural_endings = tuple(r.get("plural_endings", ()))  # "dijeron", "dicono", "disseram"
        self.plural_auxiliaries = frozenset(r.get("plural_auxiliaries", ()))  # "han dicho", "hanno detto"
        self.abbreviations = frozenset(r["abbreviations"])
        self.number_words: dict[str, int] = r["number_words"]
        self.multipliers: dict[str, int] = r["multipliers"]
        self.number_skip_before = frozenset(r["number_skip_before"])
        self.qualifiers: dict[str, str] = r["qualifiers"]
        self.partitives = frozenset(r.get("number_partitives", []))  # "millions de", "tys." (a dot)
        self.months: dict[str, int] = r["months"]
        self.weekdays: dict[str, int] = r["weekdays"]
        self.timezones = tuple(r["timezones"])
        self.future_markers = tuple(r["future_markers"])
        self.past_markers = frozenset(r["past_markers"])
        self.events: dict[str, list[str]] = r["events"]
        self.timeline_events = frozenset(r["timeline_events"])
        self.status: dict[str, dict[str, list[str]]] = r["status"]
        self.negators = tuple(r["status_negators"])
        self.agreement_nouns = tuple(r["agreement_nouns"])
        self.via_before = tuple(r["via_before"])
        self.source_before = tuple(r["source_phrases_before"])
        # nouns written as one word: match heads by suffix (German); other languages say so in their file
        self.compounds = bool(r.get("compounds", self.lang == "de"))
        # 10.000 / 2,5 (most of Europe) rather than 10,000 / 2.5
        self.decimal_comma = bool(r.get("decimal_comma", self.compounds))
        self.via_re = re.compile(r"(?<!\w)(" + _alternation(set(self.via_before) | set(self.source_before)) + r")(?!\w)")
        self.status_re = {event: {status: re.compile(r"(?<!\w)(" + _alternation(forms[status]) + r")(?!\w)")
                                  for status in ("planned", "done") if forms.get(status)}
                          for event, forms in self.status.items()}
        self.event_index = _event_index(self.events, self.compounds)
        self.qualifier_re = re.compile(r"(?:^|(?<=\W))(" + _alternation(self.qualifiers) + r")\s*$", re.I)
        self.timezone_re = re.compile(r"\b(" + _alternation(self.timezones) + r")\b", re.I)
        self.future_re = re.compile(r"(?<!\w)(" + _alternation(self.future_markers) + r")(?!\w)", re.I)
        all_cues = set(self.cues) | set(self.weak_cues) | set(self.separable) | set(self.participles)
        single = {c for c in all_cues if " " not in c}
        self.multiword_cues = tuple(sorted((c for c in all_cues if " " in c), key=len, reverse=True))
        self.multiword_re = re.compile(r"(?<!\w)(" + _alternation(self.multiword_cues) + r")(?!\w)") \
            if self.multiword_cues else None
        self.single_cues = frozenset(single)

    @cached_property
    def clause_breaks(self) -> re.Pattern:
        """Punctuation and linking words that end a clause (a figure's verb is inside its clause)."""
        words = sorted(self.conjunctions | self.subordinators, key=len, reverse=True)
        return re.compile(r"[,;:()—–]|(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.I)

    def plural_cue(self, cue: str) -> bool:
        """Whether the reporting verb ``cue`` is plural ("sagten", "dijeron", "hanno detto")."""
        low = cue.lower()
        words = low.split()
        if low in self.plural_verbs or (words and words[0] in self.plural_auxiliaries):
            return True
        return bool(words) and any(words[0].endswith(e) for e in self.plural_endings)

    def head_matches(self, word: str, nouns) -> str | None:
        """The lexicon noun that ``word`` is (or, for compounding languages, ends with)."""
        exact, lengths = _noun_index(nouns)
        w = word.lower().strip("-")
        if w in exact:
            return w
        if self.compounds:
            for n in lengths:
                if n < len(w) and w[-n:] in exact:
                    return w[-n:]
        return None


@lru_cache(maxsize=256)
def _noun_index(nouns: tuple) -> tuple[frozenset, tuple[int, ...]]:
    """A noun list as a set, with the lengths its compound heads can have (longest first)."""
    exact = frozenset(nouns)
    return exact, tuple(sorted({len(n) for n in exact if len(n) >= 4 and " " not in n}, reverse=True))


_PARTICLES = frozenset({"ein", "an", "ab", "zurück", "auf", "aus", "zu", "mit", "vor", "fort", "hinzu"})


def _event_index(events: dict[str, list[str]], compounds: bool) -> dict:
    """first word -> [(key, words, separable)], longest trigger first; and compound heads."""
    first: dict[str, list] = {}
    heads: dict[str, str] = {}
    for key, triggers in events.items():
        for trig in triggers:
            words = tuple(trig.split())
            separable = compounds and len(words) == 2 and words[1] in _PARTICLES
            first.setdefault(words[0], []).append((key, words, separable))
            if compounds and len(words) == 1 and len(words[0]) >= 5:
                heads.setdefault(words[0], key)
    for lst in first.values():
        lst.sort(key=lambda t: -len(t[1]))
    return {"first": first, "heads": heads, "head_lengths": sorted({len(h) for h in heads}, reverse=True)}


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    """The lexicon for ``lang`` (ISO 639-1), English when there is no file for it."""
    code = (lang or "en").split("-")[0].lower()
    if code not in available_languages():
        code = "en"
    return Lexicon(code, json.loads(_read(f"{code}.json")))


@lru_cache(maxsize=None)
def units() -> dict:
    return json.loads(_read("units.json"))


@lru_cache(maxsize=None)
def media_names() -> frozenset[str]:
    names = (line.strip() for line in _read("media.txt").splitlines())
    return frozenset(n.casefold() for n in names if n and not n.startswith("#"))
