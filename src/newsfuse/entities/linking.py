"""Link mentions to entities within and across documents and languages.

Persons:
- full names (two words or more, titles removed) are *anchors*; anchors
  whose transliteration keys are equal are one person ("Wladimir Putin" =
  "Vladimir Putin"; "Kim Jong-un" = "Kim Jong Un"), as are anchors that add
  a middle name between the same first and last words;
- a short form ("Putin", "Mr Kim", German genitive "Putins") is resolved to
  an anchor of the same document whose first or last word it is, else to an
  anchor elsewhere in the batch; among several candidates the most
  mentioned wins, so "Mr Kim" in an article about Kim Jong Un that also
  names his father once resolves to the son;
- persons are never merged by family name alone, and never with places or
  organisations (a different key space).

Places and organisations:
- the gazetteer's id when the name is a known country, city or
  organisation in any language ("Moskau" = "Moscow" = geo:524901);
- otherwise a key with generic words translated ("Kim-Il-Sung-Platz" =
  "Kim Il Sung Square");
- acronyms join their expansions ("Koreanische Zentrale Nachrichtenagentur"
  -> Korean Central News Agency -> KCNA).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from newsfuse.entities import gazetteer
from newsfuse.entities.names import (acronym, is_acronym, name_key, place_key, split_name,
                                     strip_possessive, strip_title, token_key)
from newsfuse.model import Document, Entity
from newsfuse.unionfind import UnionFind

_TYPE_ORDER = {"PERSON": 0, "ORGANIZATION": 1, "LOCATION": 2, "MISC": 3}


@dataclass
class _Cluster:
    key: str
    type_votes: Counter = field(default_factory=Counter)
    forms: Counter = field(default_factory=Counter)  # surface forms (possessive stripped)
    en_forms: Counter = field(default_factory=Counter)
    full_forms: Counter = field(default_factory=Counter)  # persons: title-less full names
    documents: dict[str, None] = field(default_factory=dict)
    mentions: int = 0
    place: gazetteer.Place | None = None

    def add(self, form: str, type_: str, doc: Document, full: str | None = None) -> None:
        self.type_votes[type_] += 1
        self.forms[form] += 1
        if doc.language == "en":
            self.en_forms[form] += 1
        if full:
            self.full_forms[full] += 2 if doc.language == "en" else 1
        self.documents[doc.id] = None
        self.mentions += 1


def _person_words(text: str) -> tuple[str, list[str]]:
    name, _ = strip_title(strip_possessive(text))
    return name, [token_key(w) for w in split_name(name)]


def _anchor_words(docs: list[Document]) -> tuple[Counter, dict[str, set[tuple]]]:
    """Full names' word keys with counts, and word -> the full names it begins or ends."""
    counts: Counter = Counter()
    for doc in docs:
        for m in doc.mentions:
            if m.type == "PERSON":
                _, wk = _person_words(m.text)
                if len(wk) >= 2:
                    counts[tuple(wk)] += 1
    edge: dict[str, set[tuple]] = {}
    for w in counts:
        edge.setdefault(w[0], set()).add(w)
        edge.setdefault(w[-1], set()).add(w)
    return counts, edge


def _tidy(docs: list[Document]) -> None:
    """Repair recogniser slips that only the whole batch reveals.

    - "hatte Kim Putin begrüßt": a two-word PERSON made of two other persons'
      short forms, seen once, is split in two;
    - "Putins" tagged as a place, while the batch knows Putin as a person,
      becomes a PERSON mention; so does a one-word name that the same
      document uses as a person's first or last name, even when a town has
      that name ("Mark Teixeira" ... "Teixeira"), unless it is a country;
    - a single German word tagged PERSON that is neither a known first or
      last name nor a short form of a full name in the batch ("Luftballons")
      is dropped.
    """
    from newsfuse.entities.features import person_names

    counts, edge = _anchor_words(docs)
    first_names, last_names = person_names()
    for doc in docs:
        kept = []
        new_index: dict[int, int | None] = {}
        own = _own_name_words(doc)
        for old, m in enumerate(doc.mentions):
            new_index[old] = len(kept)
            name, wk = _person_words(m.text)
            if m.type != "PERSON" and len(wk) == 1 and wk[0] in own and not _country(name):
                m.type = "PERSON"  # "Teixeira" after "Mark Teixeira": the person, not a town of that name
            if m.type == "PERSON" and len(wk) == 2 and counts[tuple(wk)] == 1 and " " in name \
                    and all(edge.get(w, set()) - {tuple(wk)} for w in wk):
                left, right = name.split(" ", 1)
                off = m.text.rfind(right)
                kept.append(m.model_copy(update={"text": left, "end": m.start + len(left)}))
                kept.append(m.model_copy(update={"text": right, "start": m.start + off}))
                continue
            if m.type != "PERSON" and len(wk) == 1 and gazetteer.lookup(name) is None:
                w = wk[0]
                if w in edge or (doc.language == "de" and w.endswith("s") and w[:-1] in edge
                                 and gazetteer.lookup(name[:-1]) is None):
                    m.type = "PERSON"
            if m.type == "PERSON" and doc.language == "de" and len(wk) == 1 and " " not in m.text:
                w = wk[0]
                word = strip_title(m.text)[0]
                if not (w in edge or (w.endswith("s") and w[:-1] in edge) or word in first_names
                        or word in last_names or word.rstrip("s") in last_names):
                    new_index[old] = None
                    continue
            kept.append(m)
        doc.mentions = kept
        for q in doc.quotes:  # quotes found before linking index the mentions as they were
            if q.speaker_mention is not None:
                q.speaker_mention = new_index.get(q.speaker_mention)


def _own_name_words(doc: Document) -> set[str]:
    """First and last word keys of the full person names ``doc`` itself mentions."""
    out: set[str] = set()
    for m in doc.mentions:
        if m.type == "PERSON":
            _, wk = _person_words(m.text)
            if len(wk) >= 2:
                out.update((wk[0], wk[-1]))
    return out


def _country(name: str) -> bool:
    place = gazetteer.lookup(name)
    return place is not None and place.kind == "country"


def link(docs: list[Document]) -> list[Entity]:
    """Assign ``Mention.entity`` in every document and return the entities."""
    _tidy(docs)
    # 1. person anchors (full names) and their keys
    anchors: dict[str, list[str]] = {}  # key -> word keys
    anchor_count: Counter = Counter()
    for doc in docs:
        for m in doc.mentions:
            if m.type == "PERSON":
                name, wk = _person_words(m.text)
                if len(wk) >= 2:
                    anchors.setdefault(name_key(name), wk)
                    anchor_count[name_key(name)] += 1
    union: UnionFind[str] = UnionFind()
    groups: dict[tuple[str, str], list[str]] = {}  # only names with the same first and last word
    for k in sorted(anchors, key=lambda k: (-anchor_count[k], k)):
        groups.setdefault((anchors[k][0], anchors[k][-1]), []).append(k)
    for keys in groups.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                wa, wb = anchors[a], anchors[b]
                short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
                if len(short) < len(long_) and set(short) <= set(long_):
                    union.union(a, b)  # a middle name added: "Vladimir Vladimirovich Putin"
    salience: Counter = Counter()
    for k in anchors:
        salience[union.find(k)] += anchor_count[k]
    by_first: dict[str, set[str]] = {}
    by_last: dict[str, set[str]] = {}
    for k, w in anchors.items():
        by_first.setdefault(w[0], set()).add(k)
        by_last.setdefault(w[-1], set()).add(k)
    index = (by_first, by_last)

    clusters: dict[str, _Cluster] = {}
    for doc in docs:
        local: Counter = Counter()
        first_seen: dict[str, int] = {}
        for i, m in enumerate(doc.mentions):
            if m.type == "PERSON":
                name, wk = _person_words(m.text)
                if len(wk) >= 2:
                    root = union.find(name_key(name))
                    local[root] += 1
                    first_seen.setdefault(root, i)
        for m in doc.mentions:
            form = strip_possessive(m.text)
            if m.type == "PERSON":
                key, full = _person_key(m.text, local, first_seen, salience, index, union, doc.language)
            else:
                key, full = _other_key(form, doc.language), None
            c = clusters.setdefault(key, _Cluster(key))
            c.add(form, m.type, doc, full)
            if key.startswith("geo:"):
                c.place = _place(form, doc.language)
            m.entity = key
    _merge_acronyms(clusters, docs)
    _merge_type_splits(clusters, docs)
    return _entities(clusters, docs)


def _person_key(text, local, first_seen, salience, index, union, lang) -> tuple[str, str | None]:
    name, wk = _person_words(text)
    if len(wk) >= 2:
        return "person:" + union.find(name_key(name)), name
    if not wk:
        return "person:" + name_key(text), None
    short = wk[0]
    tries = [short]
    if lang == "de" and short.endswith("s") and len(short) > 3:
        tries.append(short[:-1])  # German genitive: "Putins", "Kims"
    by_first, by_last = index
    for s in tries:
        cands = {union.find(k) for k in by_first.get(s, set()) | by_last.get(s, set())}
        if not cands:
            continue
        in_doc = [c for c in cands if c in local]
        if in_doc:
            best = max(in_doc, key=lambda c: (local[c], salience[c], -first_seen[c]))
            return "person:" + best, None
        # Across documents only by family name: the last word, or a short first
        # word that is a known family name (family-name-first order: "Kim").
        firsts = by_first.get(s, set()) if len(s) <= 4 and _family_name(text) else set()
        cands = {union.find(k) for k in by_last.get(s, set()) | firsts}
        if cands:
            best = max(cands, key=lambda c: (salience[c], c))
            return "person:" + best, None
    return "person:" + short, None


def _place(form: str, lang: str) -> gazetteer.Place | None:
    place = gazetteer.lookup(form)
    if place is None and lang == "de" and form.endswith("s"):
        place = gazetteer.lookup(form[:-1])  # genitive: "Nordkoreas"
    if place is None and lang and lang not in ("en", "de"):
        from newsfuse.entities import fallback

        if fallback.handles(lang):  # inflected and non-Latin names: "Москве", "Warszawie"
            place = fallback.place(form, lang)
    return place


def _family_name(text: str) -> bool:
    from newsfuse.entities.features import person_names

    word = strip_title(strip_possessive(text))[0]
    return word in person_names()[1] or word.rstrip("s") in person_names()[1]


def _other_key(form: str, lang: str = "en") -> str:
    place = _place(form, lang)
    if place is not None:
        return place.id
    if is_acronym(form):
        return "org:" + form.lower()
    return "name:" + (place_key(form) or form.casefold())


# Kinds of entity id made from the name and the type NER gave it; "geo:" ids come from the gazetteer.
TYPED_NAME_KINDS = ("person", "name", "org")


def _absorb(clusters: dict[str, _Cluster], target: str, source: str) -> None:
    """Fold cluster ``source`` into cluster ``target``."""
    t, c = clusters[target], clusters.pop(source)
    t.forms.update(c.forms)
    t.en_forms.update(c.en_forms)
    t.full_forms.update(c.full_forms)
    t.type_votes.update(c.type_votes)
    t.documents.update(c.documents)
    t.mentions += c.mentions


def _rename(docs: list[Document], renames: dict[str, str]) -> None:
    if renames:
        for doc in docs:
            for m in doc.mentions:
                m.entity = renames.get(m.entity, m.entity)


def _merge_type_splits(clusters: dict[str, _Cluster], docs: list[Document]) -> None:
    """One entity per name whatever type the recogniser gave it in each document.

    The recogniser types one name differently from article to article
    ("Steelers" a person here, an organisation there), and keys are made
    per type ("person:", "name:", "org:"); the clusters of one name are
    folded into its most mentioned one, and the votes decide the type.
    Gazetteer places have ids of their own and are not touched.
    """
    by_name: dict[str, list[str]] = {}
    for key in clusters:
        kind, _, name = key.partition(":")
        if kind in TYPED_NAME_KINDS:
            by_name.setdefault(name, []).append(key)
    renames: dict[str, str] = {}
    for keys in by_name.values():
        if len(keys) > 1:
            target = max(keys, key=lambda k: (clusters[k].mentions, k))
            for k in keys:
                if k != target:
                    _absorb(clusters, target, k)
                    renames[k] = target
    _rename(docs, renames)


def _merge_acronyms(clusters: dict[str, _Cluster], docs: list[Document]) -> None:
    """Fold "Korean Central News Agency" / its German translation into "KCNA"."""
    acr = {k[4:].upper(): k for k in clusters if k.startswith("org:")}
    renames: dict[str, str] = {}
    for key, c in list(clusters.items()):
        if not key.startswith("name:") or c.type_votes.most_common(1)[0][0] != "ORGANIZATION":
            continue
        form = c.forms.most_common(1)[0][0]
        if len(split_name(form)) < 2:
            continue
        target = acr.get(acronym(form))
        if target:
            _absorb(clusters, target, key)
            renames[key] = target
    _rename(docs, renames)


def _entities(clusters: dict[str, _Cluster], docs: list[Document]) -> list[Entity]:
    out = []
    for key, c in clusters.items():
        type_ = min(c.type_votes, key=lambda t: (-c.type_votes[t], _TYPE_ORDER[t]))
        if c.place is not None:
            type_ = c.place.type
        name = _canonical(c, key)
        variants = sorted(f for f in c.forms if f != name)
        out.append(Entity(id=key, name=name, type=type_, variants=variants,
                          mentions=c.mentions, documents=list(c.documents)))
    out.sort(key=lambda e: (-e.mentions, e.name))
    return out


def _canonical(c: _Cluster, key: str) -> str:
    if c.place is not None:
        return c.place.name
    if key.startswith("org:"):
        return key[4:].upper()
    pool = c.full_forms or c.en_forms or c.forms
    best = max(pool, key=lambda f: (pool[f], c.forms[f], len(f), f))
    if key.startswith("person:"):
        # House style for syllable names: "Kim Jong-il" is written "Kim Jong Il".
        best = re.sub(r"(?<=[a-z])-([a-z])", lambda m: " " + m.group(1).upper(), best)
    return best


__all__ = ["link"]
