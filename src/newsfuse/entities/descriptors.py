"""Descriptors: the noun phrases an article uses for a person.

Found per document on the spaCy tokens, with general patterns over a lexicon
of role nouns (``data/entities/roles.tsv``; German compounds ending in one,
"Kremlchef", count too):

- premodifier: "Russian dictator Vladimir Putin", "der nordkoreanische
  Führer Kim Jong Un" -> attached to the name that follows;
- apposition: "the totalitarian head of government ..., Kim Jong Un" and
  "Kim Jong Un, the North Korean leader" -> attached to that name;
- anaphora: a definite phrase with no name, "The Kremlin chief was treated",
  "Der nordkoreanische Machthaber" -> left for linking to resolve (see
  ``resolve``) by the country it names ("Kremlin" -> Russia, "nordkoreanisch"
  -> North Korea) against the persons' associated countries, or by a role
  noun the article uses elsewhere for one person;
- plural: "die beiden autokratischen Führer", "the two leaders" -> the two
  persons the article mentions most.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from newsfuse.entities import gazetteer
from newsfuse.entities.resources import words
from newsfuse.model import Descriptor, Document, Entity

_DETERMINERS = {"the", "der", "die", "das", "den", "dem", "des", "this", "dieser", "diese", "diesem",
                "diesen", "seinem", "seinen", "sein", "seine", "his", "their", "ihr", "ihre", "ihren"}
_PLURAL = {"two", "both", "beiden", "beide"}
_ROLE_SUFFIXES = ("chef", "chefs", "führer", "führern", "kollege", "kollegen", "präsident",
                  "präsidenten", "haber", "herrscher", "oberhaupt", "diktator", "kanzler")
_EN_MULTI = {"head": ("of", {"state", "government"}), "heads": ("of", {"state", "government"})}
_ADJ_ENDINGS = ("e", "en", "er", "es", "em")
_TITLE_MODIFIERS = {"former", "then", "late", "outgoing", "incoming", "incumbent", "acting", "interim",
                    "deputy", "vice", "newly", "elected", "current", "future", "ex", "embattled",
                    "ehemalige", "ehemaligen", "frühere", "früheren", "damalige", "damaligen",
                    "neue", "neuen", "amtierende", "amtierenden", "scheidende", "scheidenden"}


def _stop(lang: str) -> frozenset[str]:
    from newsfuse.entities.ner import _stop_words

    return _stop_words(lang)


def _is_role(tok, lang: str) -> bool:
    low = tok.lower_
    if low in words("roles.tsv", lang):
        return True
    return lang == "de" and tok.text[:1].isupper() and low.endswith(_ROLE_SUFFIXES) and len(low) > 5


def country_cue(text: str) -> str | None:
    """The country a descriptor names by adjective or seat of power, if any.

    >>> country_cue("Kremlin chief"), country_cue("nordkoreanische Machthaber")
    ('RU', 'KP')
    """
    toks = text.replace("-", " ").split()
    mets = gazetteer.metonyms()
    for n in (2, 1):
        for i in range(len(toks) - n + 1):
            w = " ".join(toks[i:i + n])
            code = gazetteer.country_of_adjective(w) if n == 2 or len(w) > 3 else None
            if code:
                return code
            f = gazetteer.fold(w)
            if f in mets:
                return mets[f]
            if n == 1:
                for m, c in mets.items():  # German compounds: "Kremlchef"
                    if " " not in m and len(m) >= 5 and f.startswith(m) and len(f) > len(m) + 2:
                        return c
                if w.endswith("s") and (p := gazetteer.lookup(w[:-1])) and p.kind == "country":
                    return p.country  # genitive "Nordkoreas"
    return None


def extract(sdoc, spans, lang: str, offset_ok: bool = True) -> list[Descriptor]:
    """Descriptors of one processed text; ``spans`` are its recognised names."""
    from newsfuse.entities.ner import Tokens

    if not isinstance(sdoc, Tokens):
        sdoc = Tokens(sdoc)
    person_at = {sp.token_start: sp for sp in spans if sp.type == "PERSON"}
    person_end = {sp.token_end: sp for sp in spans if sp.type == "PERSON"}
    inside = {i for sp in spans for i in range(sp.token_start, sp.token_end)}
    in_person = {i for sp in spans if sp.type == "PERSON" for i in range(sp.token_start, sp.token_end)}
    stops = _stop(lang)
    text = sdoc.text
    out: list[Descriptor] = []
    n = len(sdoc)
    i = 0
    while i < n:
        tok = sdoc[i]
        titled = person_at.get(i)  # "President Putin": a role word kept in the name as its title
        if titled is not None and not (titled.token_end - i > 1 and _is_role(tok, lang)):
            titled = None
        if (i in inside and titled is None) or not _is_role(tok, lang):
            i += 1
            continue
        head_end = i + 1
        if i + 1 < n and i + 1 not in inside and _is_role(sdoc[i + 1], lang):
            i += 1  # a compound role: "chief executive", "prime minister" -> the last noun heads it
            continue
        if lang == "en" and tok.lower_ in _EN_MULTI and i + 2 < n:
            prep, nouns = _EN_MULTI[tok.lower_]
            if sdoc[i + 1].lower_ == prep and sdoc[i + 2].lower_ in nouns:
                head_end = i + 3
        start = _left_edge(sdoc, i, lang, stops, inside, in_person)
        if titled is not None and start == i:
            i = head_end  # a bare title inside the name ("President Putin") says nothing more
            continue
        det = sdoc[start - 1].lower_ if start > 0 else ""
        plural = sdoc[start].lower_ in _PLURAL or det in _PLURAL
        if det in _PLURAL and start >= 2:
            det = sdoc[start - 2].lower_
        # what the phrase is attached to
        target = titled or person_at.get(head_end)
        if target is None:
            j = head_end
            while j < n and j - head_end < 12 and sdoc[j].text not in {",", ".", ";"} and j not in person_at:
                j += 1  # "head of government of the largely isolated state, Kim Jong Un"
            if j < n and sdoc[j].text == "," and j + 1 in person_at:
                target = person_at[j + 1]
        if target is None and start >= 2 and sdoc[start - 1].text == "," and start - 1 in person_end:
            target = person_end[start - 1]  # "Kim Jong Un, the North Korean leader"
        if target is None and start >= 3 and sdoc[start - 1].lower_ in _DETERMINERS \
                and sdoc[start - 2].text == "," and start - 2 in person_end:
            target = person_end[start - 2]
        if target is None and not (plural or det in _DETERMINERS or start == 0 or sdoc[start - 1].is_space):
            i = head_end
            continue
        first = start + 1 if sdoc[start].lower_ in _PLURAL - {"both"} and plural else start
        phrase = sdoc[first:head_end]
        mention_text = target.text(text) if target else ("*plural*" if plural else "")
        s, e = (phrase.start_char, phrase.end_char) if offset_ok else (0, 0)
        out.append(Descriptor(text=phrase.text, mention_text=mention_text, start=s, end=e))
        i = head_end
    return out


def _left_edge(sdoc, i: int, lang: str, stops, inside, in_person) -> int:
    """First token of the modifiers before the role noun at ``i``."""
    j = i
    while j > 0:
        prev = sdoc[j - 1]
        low = prev.lower_
        if j - 1 in in_person or prev.is_punct or prev.is_space or prev.like_num:
            break
        if j - 1 in inside and not country_cue(prev.text):
            break  # a name, unless it is a seat of power or a country ("Kremlin chief")
        if low in _PLURAL:
            j -= 1
            break
        if low in stops and low not in _TITLE_MODIFIERS:
            break
        if lang == "en" and prev.text[:1].isupper() and sdoc[j].text[:1].isupper() and low not in stops \
                and not prev.is_sent_start:
            j -= 1  # a capitalised title: "Prime Minister", "Foreign Minister", "Supreme Leader"
            continue
        if prev.text[:1].isupper():
            cue = country_cue(prev.text) or (j >= 2 and gazetteer.country_of_adjective(sdoc[j - 2].text + " " + prev.text))
            if not cue and not (lang == "de" and low.endswith(_ADJ_ENDINGS) and "-" not in prev.text
                                and j - 1 > 0 and (sdoc[j - 2].lower_ in _DETERMINERS | set(stops)
                                                   or country_cue(sdoc[j - 2].text))):
                if not _is_role(prev, lang):
                    break
            if j >= 2 and sdoc[j - 2].text[:1].isupper() \
                    and gazetteer.country_of_adjective(sdoc[j - 2].text + " " + prev.text):
                j -= 1  # "North Korean"
        elif lang == "de" and not low.endswith(_ADJ_ENDINGS + ("isch",)):
            break
        elif lang == "en" and (low.endswith("ing") or not prev.is_alpha):
            break  # "including", "according": a verb form, not a modifier
        elif lang == "en" and sdoc[i].text[:1].isupper() and low not in _TITLE_MODIFIERS:
            break  # before a capitalised title a lower-case word is the verb: "met German Chancellor"
        j -= 1
    return j


def resolve(docs: list[Document], entities: list[Entity]) -> None:
    """Set ``Descriptor.entity`` after linking (attached names, anaphora, plurals)."""
    by_id = {e.id: e for e in entities}
    countries: dict[str, Counter] = defaultdict(Counter)  # entity -> country cues
    for doc in docs:
        mention_entity = {(m.start, m.text): m.entity for m in doc.mentions}
        by_text = {m.text: m.entity for m in doc.mentions if m.type == "PERSON"}
        for d in doc.descriptors:
            if d.mention_text and not d.mention_text.startswith("*"):
                d.entity = by_text.get(d.mention_text) or next(
                    (e for (s, t), e in mention_entity.items() if t == d.mention_text), None)
                if d.entity and (c := country_cue(d.text)):
                    countries[d.entity][c] += 1
    for doc in docs:
        persons = Counter(m.entity for m in doc.mentions if m.type == "PERSON" and m.entity
                          and by_id.get(m.entity) and by_id[m.entity].type == "PERSON")
        roles = {}
        for d in doc.descriptors:
            if d.entity:
                roles.setdefault(d.text.split()[-1].casefold(), d.entity)
        extra = []
        for d in doc.descriptors:
            if d.entity or (d.mention_text and not d.mention_text.startswith("*")):
                continue
            if d.mention_text == "*plural*":
                top = [e for e, _ in persons.most_common(2)]
                if len(top) == 2:
                    d.entity = top[0]
                    extra.append(d.model_copy(update={"entity": top[1]}))
                continue
            d.entity = _anaphor(d, doc, persons, countries, roles)
        doc.descriptors.extend(extra)


def _anaphor(d: Descriptor, doc: Document, persons: Counter, countries, roles) -> str | None:
    cue = country_cue(d.text)
    if cue:
        def tied_to(e):
            c = countries.get(e)
            return bool(c) and c.most_common(1)[0][0] == cue

        cands = [e for e in persons if tied_to(e)]
        if not cands:  # the person is named for that country elsewhere in the batch only
            cands = [e for e in countries if tied_to(e)]
        if cands:
            return max(cands, key=lambda e: (persons.get(e, 0), sum(countries[e].values())))
        return None
    head = d.text.split()[-1].casefold()
    if head in roles:
        return roles[head]
    if len(head) >= 5:  # German compounds: "der Kanzler" after "Bundeskanzler Olaf Scholz"
        found = {e for r, e in roles.items() if r.endswith(head)}
        if len(found) == 1:
            return found.pop()
    # Otherwise only when one person alone is named before it in its paragraph.
    para_start = doc.body.rfind("\n\n", 0, d.start) + 2 if d.end else -1
    before = {m.entity for m in doc.mentions if m.type == "PERSON" and para_start <= m.start < d.start
              and m.entity in persons}
    return before.pop() if len(before) == 1 and d.end else None
