"""Who a noun phrase refers to: speaker candidates in a sentence and their
resolution to a name within the document.

A candidate is a recognised mention (with titles such as "Mr" or "Präsident"
in front), a pronoun ("he", "er"), "the latter", a role phrase ("the
dictator", "Ein US-Beamter", "South Korea's defense ministry") or, for
English, a capitalised name the recogniser missed. Pronouns resolve to the
most recent person *subject* before them; a definite role ("the dictator")
to the person the document describes so, else it stays a role; short names
("Kim") resolve to the full name the document uses ("Kim Jong Un", names.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsfuse.claims.lexicon import media_names
from newsfuse.claims.names import full_name, known_person_words, mention_by_text, name_to_mention, name_words, strip_name
from newsfuse.claims.text import DocText, Sentence, mention_kind, tokens

_POSSESSIVE = re.compile(r"^['’]s\b|^['’](?=\s)")


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    text: str
    kind: str  # mention, pronoun, latter, former, role, institution, name
    mention: int | None = None  # index into doc.mentions
    mtype: str | None = None  # PER / ORG / LOC of the mention
    definite: bool = True
    possessive: bool = False
    plural: bool = False


@dataclass(slots=True)
class Speaker:
    """A resolved speaker: the words that name it, and who that is."""

    start: int
    end: int
    text: str  # as written at the cue ("he", "Mr Kim")
    name: str | None  # resolved display name ("Kim Jong Un"), None when unresolved
    mention: int | None  # index into doc.mentions of the mention that names it
    kind: str
    is_medium: bool = False


def is_medium(text: str, dt: DocText) -> bool:
    """Whether a phrase names a news medium (agency, newspaper, state media)."""
    low = text.casefold()
    names = media_names()
    if low in names or any(w in names for w in name_words(low)) or any(n in low for n in names if " " in n and n in low):
        return True
    return any(dt.lex.head_matches(w, dt.lex.media_nouns) for w in low.split()) or any(
        " " in n and n in low for n in dt.lex.media_nouns)


def sentence_candidates(dt: DocText, sent: Sentence) -> list[Candidate]:
    """Every phrase of ``sent`` outside quotation marks that could name a speaker."""
    return dt.cached(("cands", sent.index), lambda: _sentence_candidates(dt, sent))


def _sentence_candidates(dt: DocText, sent: Sentence) -> list[Candidate]:
    text, lex = dt.text, dt.lex
    cands: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for a, b in dt.outside_quotes(sent.start, sent.end):
        for i in dt.mentions_in(a, b):
            m = dt.doc.mentions[i]
            start = _title_start(dt, m.start, a)
            poss = bool(_POSSESSIVE.match(text[m.end:m.end + 3])) or _genitive(dt, m)
            cands.append(Candidate(start, m.end, text[start:m.end], "mention", i, mention_kind(m), possessive=poss))
            taken.append((start, m.end))
        toks = tokens(text, a, b)
        known = known_person_words(dt)
        for k, (s, e, w) in enumerate(toks):
            low = w.lower()
            if any(ts <= s < te for ts, te in taken):
                continue
            if w[:1].isupper() and (low in known or (low.endswith("s") and low[:-1] in known)):
                # a name the recogniser found elsewhere in the document but missed here
                poss = low not in known or bool(_POSSESSIVE.match(text[e:e + 3]))
                cands.append(Candidate(s, e, w, "mention", known.get(low, known.get(low[:-1])), "PER", possessive=poss))
                taken.append((s, e))
                continue
            if low in lex.pronouns and (w[0].isupper() or k == 0 or toks[k - 1][2] not in ".!?"):
                cands.append(Candidate(s, e, w, "pronoun"))
                continue
            two = f"{low} {toks[k + 1][2].lower()}" if k + 1 < len(toks) else ""
            if two in lex.latter or low in lex.latter and lex.compounds:
                end = toks[k + 1][1] if two in lex.latter else e
                cands.append(Candidate(s, end, text[s:end], "latter"))
                continue
            if two in lex.former or low in lex.former:
                end = toks[k + 1][1] if two in lex.former else e
                cands.append(Candidate(s, end, text[s:end], "former"))
                continue
            role = _role_phrase(dt, toks, k, taken)
            if role is not None:
                cands = [c for c in cands if not (role.start <= c.start and c.end <= role.end)]
                cands.append(role)
                taken.append((role.start, role.end))
        if not lex.compounds:
            cands.extend(_names(dt, toks, taken, sent))
    roles = [(c.start, c.end) for c in cands if c.kind in ("role", "institution")]
    cands = [c for c in cands if c.kind != "mention" or not any(a <= c.start and c.end <= b for a, b in roles)]
    cands.sort(key=lambda c: c.start)
    return _merge_possessive_heads(dt, cands)


def _title_start(dt: DocText, start: int, floor: int) -> int:
    """Move ``start`` left over titles written before a name ("Mr", "President")."""
    text = dt.text
    while True:
        m = re.search(r"([\w.\-]+)\s+$", text[max(floor, start - 40):start])
        if not m or m.group(1).lower().strip(".") not in dt.lex.titles:
            return start
        start = start - len(m.group(0))


def _genitive(dt: DocText, m) -> bool:
    """German genitive name ("Kims Vater", "Putins Reise"): an s-ending name before a noun."""
    if not dt.lex.compounds or not m.text.endswith("s"):
        return False
    after = dt.text[m.end:m.end + 30].lstrip()
    return bool(after) and after[0].isupper() and mention_kind(m) == "PER"


def _role_phrase(dt: DocText, toks, k: int, taken) -> Candidate | None:
    """A phrase headed by a role or institution noun: "the dictator", "Ein US-Beamter"."""
    lex = dt.lex
    s, e, w = toks[k]
    if lex.compounds and not w[:1].isupper():
        return None  # German nouns are capitalised
    role = lex.head_matches(w, lex.role_nouns)
    inst = None if role else lex.head_matches(w, lex.institutions)
    if role is None and inst is None:
        return None
    if k + 1 < len(toks) and lex.head_matches(toks[k + 1][2], lex.role_nouns + lex.institutions):
        return None  # "state media": the phrase goes on
    start, j, det = s, k - 1, None
    while j >= 0 and k - j <= 4:
        pw = toks[j][2]
        low = pw.lower()
        if low in lex.determiners:
            det, start = low, toks[j][0]
            break
        inside = next(((ts, te) for ts, te in taken if ts <= toks[j][0] < te), None)
        if inside is not None and _modifier_mention(dt, inside):
            start = inside[0]  # "the Florida senator": a place or body used as a modifier
            while j >= 0 and toks[j][0] >= inside[0]:
                j -= 1
            continue
        if inside is not None or pw in ",;:()" or low in lex.prepositions \
                or low in lex.conjunctions or low in lex.subordinators or low in lex.single_cues:
            break
        if _POSSESSIVE.search(pw[-2:]) and j < k - 1 and not pw[0].isupper():
            break
        start = toks[j][0]
        j -= 1
    kind = "role" if role else "institution"
    plural = w.lower().endswith(("s", "en", "te")) and kind == "role" and w.lower() not in lex.person_roles
    end, complement = _complement(dt, toks, k, taken)
    return Candidate(start, end, dt.text[start:end], kind, definite=det not in lex.indefinite and not complement,
                     plural=plural)


def _complement(dt: DocText, toks, k: int, taken) -> tuple[int, bool]:
    """ "the spokesman for the ministry", "der Sprecher des Ministeriums": a role that
    says whose it is introduces someone new rather than referring back."""
    lex = dt.lex
    e = toks[k][1]
    if k + 2 >= len(toks) or toks[k + 1][2].lower() not in lex.role_complements:
        return e, False
    j, nouns = k + 2, 0
    while j < len(toks) and j <= k + 5:
        w = toks[j][2]
        low = w.lower()
        inside = any(ts <= toks[j][0] < te for ts, te in taken)
        if inside and nouns and _person_at(dt, toks[j][0]):
            break  # "il leader del Pd Elly Schlein": the person after the body is the role's holder
        if low in lex.determiners or (lex.compounds and w[:1].islower() and w.isalpha() and low not in lex.single_cues):
            j += 1
            continue
        if inside or (w[:1].isupper() and w.isalpha()) or lex.head_matches(w, lex.institutions):
            nouns += 1
            e = toks[j][1]
            j += 1
            if lex.compounds or not (j < len(toks) and toks[j][2][:1].isupper()):
                break
            continue
        break
    return (e, True) if nouns else (toks[k][1], False)


def _person_at(dt: DocText, pos: int) -> bool:
    """Whether a person mention starts at ``pos``."""
    return any(dt.doc.mentions[i].start == pos and mention_kind(dt.doc.mentions[i]) == "PER"
               for i in dt.mentions_in(pos, pos + 200))


def _modifier_mention(dt: DocText, span: tuple[int, int]) -> bool:
    for i in dt.mentions_in(span[0], span[1]):
        m = dt.doc.mentions[i]
        return mention_kind(m) in ("LOC", "ORG") and not _POSSESSIVE.match(dt.text[m.end:m.end + 3])
    return False


def _names(dt: DocText, toks, taken, sent: Sentence) -> list[Candidate]:
    """English capitalised names the recogniser missed ("Morris says")."""
    out, k, lex = [], 0, dt.lex
    while k < len(toks):
        s, e, w = toks[k]
        if w[0].isupper() and w.isalpha() and not any(ts <= s < te for ts, te in taken) \
                and w.lower() not in lex.stop and w.lower() not in lex.single_cues and w.lower() not in lex.titles \
                and w.lower() not in lex.weekdays and w.lower() not in lex.months:
            j = k
            while j + 1 < len(toks) and toks[j + 1][2][0].isupper() and toks[j + 1][2].replace("-", "").isalpha():
                j += 1
            opens = s == sent.start and j == k
            if not opens or (k + 1 < len(toks) and toks[k + 1][2].lower() in lex.single_cues):
                # one capitalised word opening a sentence may be any word, unless a cue follows it
                start = _title_start(dt, s, sent.start)
                out.append(Candidate(start, toks[j][1], dt.text[start:toks[j][1]], "name"))
            k = j + 1
            continue
        k += 1
    return out


def _merge_possessive_heads(dt: DocText, cands: list[Candidate]) -> list[Candidate]:
    """ "South Korea's defense ministry": a possessive name and the role phrase it owns;
    "the news agency Interfax": a role phrase and the name in apposition to it."""
    out: list[Candidate] = []
    for c in cands:
        p = out[-1] if out else None
        if p is not None and p.possessive and c.kind in ("role", "institution") and c.start - p.end <= 4:
            out.pop()
            out.append(Candidate(p.start, c.end, dt.text[p.start:c.end], c.kind, definite=True, plural=c.plural))
            continue
        if p is not None and p.kind in ("role", "institution") and c.kind == "mention" and not p.plural \
                and dt.text[p.end:c.start].isspace() and c.start - p.end <= 2:
            out.pop()
            out.append(Candidate(p.start, c.end, dt.text[p.start:c.end], "mention", c.mention, c.mtype,
                                 possessive=c.possessive))
            continue
        out.append(c)
    return out


def subject_of(dt: DocText, sent: Sentence, before: int | None = None) -> Candidate | None:
    """The first person mention of ``sent`` that is not governed by a preposition
    nor a possessive: the subject a following "he" most likely refers to."""
    lex = dt.lex
    for c in sentence_candidates(dt, sent):
        if before is not None and c.start >= before:
            break
        if c.kind != "mention" or c.mtype != "PER" or c.possessive:
            continue
        prev = dt.text[max(sent.start, c.start - 15):c.start].split()
        if prev and prev[-1].lower() in lex.prepositions:
            continue
        return c
    return None


def resolve(dt: DocText, c: Candidate, sent: Sentence, verb_plural: bool = False) -> Speaker | None:
    """The speaker a candidate names, or None when it cannot be told for sure."""
    if c.kind == "mention":
        if c.possessive:
            return None
        if c.mtype == "PER":
            idx, name = full_name(dt, c.mention)
            return Speaker(c.start, c.end, c.text, name, idx, "mention")
        name = strip_name(dt.doc.mentions[c.mention].text, dt)
        return Speaker(c.start, c.end, c.text, name, c.mention, "mention", is_medium(name, dt))
    if c.kind == "pronoun":
        if verb_plural or dt.lex.pronouns.get(c.text.lower()) != "PERSON":
            return None
        subj = _antecedent(dt, sent, c.start)
        if subj is None:
            return None
        idx, name = full_name(dt, subj.mention)
        return Speaker(c.start, c.end, c.text, name, idx, "pronoun")
    if c.kind in ("latter", "former"):
        persons = _recent_persons(dt, sent, c.start)
        pick = persons[0] if c.kind == "latter" else (persons[1] if len(persons) > 1 else None)
        if pick is None:
            return None
        idx, name = full_name(dt, pick)
        return Speaker(c.start, c.end, c.text, name, idx, c.kind)
    if c.kind == "role" and c.definite and not c.plural:
        return _resolve_role(dt, c, sent)
    if c.kind in ("role", "institution"):
        text = _strip_det(c.text, dt)
        return Speaker(c.start, c.end, c.text, text, None, c.kind, is_medium(text, dt))
    if c.kind == "name":
        idx, name = name_to_mention(dt, c.text)
        return Speaker(c.start, c.end, c.text, name or c.text, idx, "name", is_medium(c.text, dt))
    return None


def _strip_det(text: str, dt: DocText) -> str:
    words = text.split()
    if len(words) > 1 and words[0].lower() in dt.lex.determiners and words[0].lower() not in dt.lex.indefinite:
        words = words[1:]
    return " ".join(words)


def _resolve_role(dt: DocText, c: Candidate, sent: Sentence) -> Speaker | None:
    """ "the dictator" -> the person the document calls so ("Russian dictator Vladimir
    Putin"), from the descriptors of the entities stage or a role written next to a
    name. A role the document gives nobody is not pinned on anyone: the speaker is
    then the role itself ("spokesman"), with no mention."""
    head = c.text.split()[-1].lower()
    for d in reversed(dt.doc.descriptors):
        if d.start < c.start and d.mention_text and not d.mention_text.startswith("*") \
                and dt.lex.head_matches(d.text.split()[-1], (head,)) is not None:
            idx = mention_by_text(dt, d.mention_text, c.start)
            if idx is not None:
                i, name = full_name(dt, idx)
                return Speaker(c.start, c.end, c.text, name, i, "role")
    idx = _named_with_role(dt, head, c.start)
    if idx is not None:
        i, name = full_name(dt, idx)
        return Speaker(c.start, c.end, c.text, name, i, "role")
    text = _strip_det(c.text, dt)
    if dt.lex.head_matches(head, dt.lex.person_roles) is None:  # "the ministry": an institution named by its role
        return Speaker(c.start, c.end, c.text, text, None, "institution", is_medium(text, dt))
    # "the spokesman": the article names the speaker only by role; say so rather than pick a person
    return Speaker(c.start, c.end, c.text, text, None, "role")


def _named_with_role(dt: DocText, head: str, before: int) -> int | None:
    """The last person mention before ``before`` written with the role ``head`` in front
    ("President Putin", "Bundeskanzler Olaf Scholz") or in apposition ("Kim, the leader,")."""
    text = dt.text
    for i in reversed(range(len(dt.doc.mentions))):
        m = dt.doc.mentions[i]
        if m.start >= before or mention_kind(m) != "PER":
            continue
        words = text[max(0, m.start - 40):m.start].split()[-4:]
        after = text[m.end:m.end + 50]
        if after.startswith(","):
            words += after[1:].split(",")[0].split()[:4]
        if any(dt.lex.head_matches(w.strip(",.;:").lower(), (head,)) for w in words):
            return i
    return None


def _antecedent(dt: DocText, sent: Sentence, pos: int, window: int = 5) -> Candidate | None:
    """The person subject a pronoun at ``pos`` refers to: this sentence first, then back."""
    subj = subject_of(dt, sent, before=pos)
    if subj is not None:
        return subj
    for k in range(sent.index - 1, max(-1, sent.index - 1 - window), -1):
        subj = subject_of(dt, dt.sentences[k])
        if subj is not None:
            return subj
    recent = _recent_persons(dt, sent, pos, window)  # no subject: the last person named, if any
    if recent:
        m = dt.doc.mentions[recent[0]]
        return Candidate(m.start, m.end, m.text, "mention", recent[0], "PER")
    return None


def _recent_persons(dt: DocText, sent: Sentence, pos: int, window: int = 2) -> list[int]:
    """Distinct person mentions before ``pos``, most recent first (for "the latter")."""
    out: list[int] = []
    seen: set[str] = set()
    for k in range(sent.index, max(-1, sent.index - 1 - window), -1):
        s = dt.sentences[k]
        for i in reversed(dt.mentions_in(s.start, min(s.end, pos))):
            m = dt.doc.mentions[i]
            key = strip_name(m.text, dt).casefold()
            if mention_kind(m) == "PER" and key not in seen and not dt.in_quote(m.start):
                seen.add(key)
                out.append(i)
        if len(out) >= 2:
            break
    return out
