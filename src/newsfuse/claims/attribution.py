"""Attribution within a sentence: the reporting cue, who it belongs to, and
the medium or source phrase ("according to Interfax", "nach Angaben der USA").

The subject of a cue is found by position, which covers the usual patterns of
news prose in English and German:

* left of the cue: "Mr Kim said", "Kim fügte hinzu:", "He also hailed",
  "Rep. John Mica (R-Fla.) said" (a name inside parentheses is an aside);
* right of it after a quote or comma (inversion): "..., said Putin",
  "„…“, sagte KCNA", and German V2 order: "In Bemerkungen ... drückte Kim ... aus";
* a coordinated verb shares the clause subject: "Putin thanked ... and said".

A coordinated subject ("Kim and Putin said") names no single speaker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsfuse.claims.lexicon import media_names
from newsfuse.claims.speakers import Candidate, Speaker, is_medium, resolve, sentence_candidates
from newsfuse.claims.text import DocText, Sentence, mention_kind, tokens
from newsfuse.stopwords import stop_words

# Words that introduce a medium or source rather than a speaking subject.
_NOT_CUES = {"so", "laut", "zufolge", "according to", "according"}
_NP_STOP = set(",.;:()[]!?–—…\"„“”«»") | {"-"}


@dataclass(slots=True)
class Cue:
    start: int
    end: int
    text: str
    strong: bool = True
    participle: bool = False
    continuation: bool = False
    plural: bool = False


@dataclass(slots=True)
class Attribution:
    cue: Cue | None
    speaker: Speaker | None
    via: str | None = None
    source: str | None = None  # the source phrase ("USA", "South Korea's defense ministry")
    impersonal: bool = False  # "hieß es": reported, but by nobody named
    source_span: tuple[int, int] | None = None  # where the source phrase is written


def find_cues(dt: DocText, sent: Sentence) -> list[Cue]:
    """Reporting verbs of ``sent`` outside quotation marks, in text order."""
    return dt.cached(("cues", sent.index), lambda: _find_cues(dt, sent))


def _find_cues(dt: DocText, sent: Sentence) -> list[Cue]:
    lex, text = dt.lex, dt.text
    parts = dt.outside_quotes(sent.start, sent.end)
    toks = [t for a, b in parts for t in tokens(text, a, b)]
    later = [t[2].lower() for t in toks]
    cues: list[Cue] = []
    for k, (s, e, w) in enumerate(toks):
        low = w.lower()
        if low in _NOT_CUES:
            continue
        if low in lex.separable and (low not in lex.cues or any(p in later[k + 1:] for p in lex.separable[low])):
            particle = next((p for p in lex.separable[low] if p in later[k + 1:]), None)
            if particle is None:
                continue
            cues.append(Cue(s, e, f"{w} … {particle}", True, False, low in lex.continuation, lex.plural_cue(low)))
        elif low in lex.cues:
            plural = lex.plural_cue(low) or (k > 0 and later[k - 1] in lex.plural_auxiliaries)  # "hanno detto"
            cues.append(Cue(s, e, w, True, False, low in lex.continuation, plural))
        elif low in lex.participles:
            cues.append(Cue(s, e, w, True, True))
        elif low in lex.weak_cues:
            cues.append(Cue(s, e, w, False, False, False, low.endswith("en") and lex.compounds))
    for a, b in parts:
        if lex.multiword_re is None:
            break
        chunk = text[a:b].lower()
        for m in lex.multiword_re.finditer(chunk):
            phrase = m.group(1)
            if phrase in _NOT_CUES:
                continue
            cues.append(Cue(a + m.start(), a + m.end(), text[a + m.start():a + m.end()], True,
                            continuation=phrase in lex.continuation, plural=lex.plural_cue(phrase)))
    cues.sort(key=lambda c: c.start)
    # a word of a longer cue is no cue of its own: "detto" in "hanno detto" (whose number it would lose)
    return [c for c in cues if not any(o.start <= c.start and c.end <= o.end and o.end - o.start > c.end - c.start
                                       for o in cues)]


def _gap_is_adverbs(gap: str, lex) -> bool:
    """Whether only adverbs, a short prepositional phrase ("on Tuesday", "at the time")
    or a parenthetical between commas stand between a subject and its cue."""
    words = gap.replace(",", " , ").split()
    adverb = lambda w: w.lower() in lex.adverbs or (lex.lang == "en" and len(w) > 4 and w.lower().endswith("ly"))  # noqa: E731
    if all(adverb(w) for w in words) or _PARENTHETICAL.match(gap):
        return True
    rest = [w for w in words if not adverb(w)]
    return 1 < len(rest) <= 5 and rest[0].lower() in lex.prepositions and not any(
        w in {",", ";", ":"} or w.lower() in lex.single_cues or w.lower() in lex.conjunctions for w in rest)


_ARTICLE_GAP = re.compile(r"\s*(?:the|a|an)\s+(?:[a-z][\w\-]*\s+){0,2}")
_PARENTHETICAL = re.compile(r"^\s*(?:,[^;:“”\"„«»]{1,90},|\([^()]{1,40}\))\s*$")


def _coordinated(dt: DocText, c: Candidate, cands: list[Candidate]) -> bool:
    """ "Kim and Putin", "Der Machthaber und der Präsident": two subjects, no single speaker."""
    text = dt.text
    for o in cands:
        if o is c:
            continue
        between = text[c.end:o.start] if o.start >= c.end else text[o.end:c.start] if o.end <= c.start else None
        if between is not None and len(between) < 40 and _AND.fullmatch(between):
            return True
    return False


_AND = re.compile(r"\s*(?:and|und|sowie|&)\s+(?:[\w.\-]+\s+){0,2}", re.I)


def _governed(dt: DocText, sent: Sentence, c: Candidate) -> bool:
    """Whether a preposition governs ``c`` ("vor dem Bundestag", "in the capital Seoul")."""
    words = dt.text[max(sent.start, c.start - 40):c.start].split()[-4:]
    for w in reversed(words):
        low = w.lower()
        if low in dt.lex.prepositions:
            return True
        modifier = low in dt.lex.determiners or (dt.lex.compounds and w.isalpha() and w[:1].islower())
        if not modifier:
            return False
    return False


def _in_parentheses(text: str, sent: Sentence, c: Candidate, cue: Cue) -> bool:
    """Whether ``c`` stands in a parenthesis closed before the cue ("Rep. John Mica (R-Fla.) said"):
    an aside is no subject (but "(Kim said so)" is)."""
    return (text.rfind("(", sent.start, c.start) > text.rfind(")", sent.start, c.start)
            and ")" in text[c.end:cue.start])


_BARE_AFTER = re.compile(r"[ \t\xa0]+([A-ZÄÖÜ][a-zäöüß]{2,}(?:-[A-ZÄÖÜ][a-zäöüß]+)?)(?=[,.;:!?]|[ \t\xa0]+[a-zäöüß])")
_BARE_BEFORE = re.compile(r"([A-ZÄÖÜ][a-zäöüß]{2,}(?:-[A-ZÄÖÜ][a-zäöüß]+)?)[ \t\xa0]+$")


def _bare_name(dt: DocText, sent: Sentence, cue: Cue, before: str) -> Candidate | None:
    """ "„…“, sagte Habeck am Montag", "Habeck sagte:": a lone family name the model missed.

    German capitalises every noun, so only one word right after an inverted cue
    (or opening the sentence right before a singular cue) is taken, and only when
    it is no stop word, title, role, month or day, and the document never writes
    it after an article ("der Experte").
    """
    text, lex = dt.text, dt.lex
    if cue.plural:
        return None  # "sagten Experten": several people, no one name
    m = _BARE_AFTER.match(text, cue.end, sent.end) if before.endswith((",", "“", "”", "\"", "»", "«", "–")) else None
    if m is None:
        m2 = _BARE_BEFORE.search(text, sent.start, cue.start)
        if m2 is not None and m2.start() == sent.start:
            m = m2
    if m is None:
        return None
    word = m.group(1)
    low = word.lower()
    if low in stop_words(lex.lang) or low in lex.titles or low in lex.months or low in lex.weekdays \
            or lex.head_matches(word, lex.role_nouns + lex.institutions + lex.media_nouns) is not None \
            or re.search(r"\b(?:" + "|".join(map(re.escape, lex.determiners)) + r")\s+" + re.escape(word) + r"\b",
                         text, re.I):
        return None
    return Candidate(m.start(1), m.end(1), word, "name")


_CLITIC = re.compile(r"[-\s](?:t-)?(\w+)\b")  # a later word of the cue: a pronoun hyphenated to its verb, or after it


def cue_subject(dt: DocText, sent: Sentence, cue: Cue, cands: list[Candidate]) -> Candidate | None:
    """The candidate that is the subject of ``cue``, by the positions described above."""
    lex, text = dt.lex, dt.text
    for clitic in _CLITIC.finditer(text, cue.start, cue.end):
        if clitic.group(1).lower() in lex.pronouns:
            # "a-t-elle ajouté", "dit-il", "zei hij": the subject pronoun is part of the inverted cue
            return Candidate(clitic.start(1), clitic.end(1), clitic.group(1), "pronoun")
    left = [c for c in cands if c.end <= cue.start and not c.possessive and not _governed(dt, sent, c)
            and not (c.mtype == "LOC" and text[max(sent.start, c.start - 2):c.start].strip() == ",")
            and not _in_parentheses(text, sent, c, cue)]
    right = [c for c in cands if c.start >= cue.end and not c.possessive]
    gap_left = text[left[-1].end:cue.start] if left else ""
    if left and not cue.participle:
        near = left[-1]
        if gap_left.strip() == "" or (near.kind != "name" and _gap_is_adverbs(gap_left, lex)):
            return near
    if len(left) >= 2 and left[-1].kind == "mention" and left[-1].mtype == "PER" and gap_left.strip() == "," \
            and left[-2].kind == "role" and text[left[-2].end:left[-1].start].strip() == ",":
        return left[-1]  # "the party leader, Elly Schlein, said": the name in apposition to the role
    before = text[sent.start:cue.start].rstrip()
    first_word = cue.text.split()[0].lower()
    gap_right = text[cue.end:right[0].start] if right else ""
    if right and not lex.compounds and right[0].kind == "mention" and _ARTICLE_GAP.fullmatch(gap_right):
        gap_right = ""  # "said the younger Mr. Trump"
    if right and re.fullmatch(r"\s*", gap_right) and (
            "*" in lex.inversion or first_word in lex.inversion or cue.text.lower() in lex.inversion):
        # "„…” – powiedział X", "«…», — сказал X": a dash after the quote inverts too (Polish, Russian)
        inverted = before.endswith((",", "“", "”", "\"", "»", "«", "’", "'", ":", "–", "—")) or not before
        if lex.compounds and (inverted or not left or not _gap_is_adverbs(gap_left, lex)):
            return right[0]
        if inverted:
            return right[0]
    if lex.pro_drop and cue.strong and not cue.plural and not cue.participle and not any(
            c.kind != "mention" or c.mtype == "PER" for c in (*left, *right)):
        # "«Es un paso histórico», dijo.": the verb's own person is the subject, as a pronoun would be
        pronoun = next(p for p, kind in lex.pronouns.items() if kind == "PERSON")
        return Candidate(cue.start, cue.end, pronoun, "pronoun")
    if lex.compounds and not right and not left and cue.strong and not cue.participle:
        bare = _bare_name(dt, sent, cue, before)
        if bare is not None:
            return bare
    coordinated = re.search(r"(?:\band|\bund|,)\s*$", before) and not before.endswith(("”", "“", "\""))
    if (coordinated or cue.participle) and left:
        for c in cands:
            if c.start >= cue.start:
                break
            if c.possessive or c.kind == "name" or (c.kind == "mention" and c.mtype == "LOC") or _governed(dt, sent, c):
                continue
            return c
    return None


def attribute(dt: DocText, sent: Sentence, target: int, target_end: int | None = None,
              outer: bool = False) -> Attribution:
    """Who ``sent`` attributes the material at ``target`` to.

    Strong cues ("said", "sagte") beat weak ones ("hopes"); nearer cues beat
    farther ones, unless ``outer``: then the first cue before the target wins,
    as the source of a report is the outermost speaker ("Media said X told Y ..."). Returns an Attribution whose speaker is None when no cue or
    no subject is found: the caller decides whether context may fill it.
    """
    cands = sentence_candidates(dt, sent)
    cues = find_cues(dt, sent)
    via, source, source_span = _via_and_source(dt, sent, cands)
    best: tuple | None = None
    for cue in cues:
        if dt.text[cue.start:cue.end].lower() == "hieß":
            continue
        subj = cue_subject(dt, sent, cue, cands)
        dist = min(abs(cue.start - target), abs(cue.start - (target_end or target)))
        if outer:
            dist = cue.start - sent.start if cue.start < target else 10_000 + dist
        rank = (0 if cue.strong else 1, 0 if subj is not None else 1, dist)
        if best is None or rank < best[0]:
            best = (rank, cue, subj)
    impersonal = bool(re.search(r"\b(?:hieß es|heißt es|it was said)\b", dt.text[sent.start:sent.end]))
    if best is None:
        return Attribution(None, None, via, source, impersonal, source_span)
    _, cue, subj = best
    if subj is not None and cue.text.split()[0].lower() in dt.lex.quoting_cues:
        # "Interfax quoted Peskov", "zitierte die Agentur Interfax den Minister": the subject reports, the object spoke
        reporter = resolve(dt, subj, sent)
        if reporter is not None and reporter.name and via is None:
            via = _medium_name(dt, reporter.name) if reporter.is_medium else reporter.name
        after = [c for c in cands if c.start >= max(cue.end, subj.end if subj.start > cue.start else cue.end)
                 and not c.possessive and c is not subj]
        subj = after[0] if after and dt.text[cue.end:after[0].start].count(",") == 0 else None
    speaker = None
    if subj is not None and not _coordinated(dt, subj, cands):
        speaker = resolve(dt, subj, sent, verb_plural=cue.plural)
        if speaker is not None and speaker.kind == "mention" and mention_kind(dt.doc.mentions[speaker.mention]) == "LOC" \
                and subj.start > cue.start and not dt.lex.compounds:
            speaker = None  # "said Ukraine" is an object far more often than a speaker
    if speaker is not None and speaker.is_medium and via is None:
        via = speaker.name
    return Attribution(cue, speaker, via, source, impersonal, source_span)


def _via_and_source(dt: DocText, sent: Sentence, cands: list[Candidate]
                    ) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """ "according to the news agency Interfax" -> via Interfax; "nach Angaben der USA" -> source USA."""
    lex, text = dt.lex, dt.text
    via = source = span = None
    for a, b in dt.outside_quotes(sent.start, sent.end):
        chunk = text[a:b]
        low = chunk.lower()
        for m in lex.via_re.finditer(low):
            phrase = m.group(1)
            if phrase == "so" and not re.search(r"[,“”\"»«]\s*$", chunk[:m.start()]):
                continue  # "so" is a source marker only after the quote: „…“, so TASS
            if phrase == "wie":
                continue
            np, where = _np_after(dt, a + m.end(), b)
            if np:
                span = span or where
                via, source = _classify(dt, np, via, source)
        for m in re.finditer(r"(?<!\w)zufolge(?!\w)", low):
            np, where = _np_before(dt, a, a + m.start())
            if np:
                span = span or where
                via, source = _classify(dt, np, via, source)
    return via, source, span


def _classify(dt: DocText, np: str, via: str | None, source: str | None) -> tuple[str | None, str | None]:
    name = _medium_name(dt, np) if is_medium(np, dt) else None
    if name:
        return via or name, source or name
    return via, source or _strip_determiners(dt, np)


def _medium_name(dt: DocText, np: str) -> str:
    """The name inside "the Russian news agency Interfax", else the phrase itself."""
    low = np.casefold()
    known = [n for n in media_names() if re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", low)]
    if known:
        name = max(known, key=len)
        i = low.find(name)
        return np[i:i + len(name)]
    words = np.split()
    tail: list[str] = []
    for w in reversed(words):
        if not w[:1].isupper() or dt.lex.head_matches(w, dt.lex.media_nouns) or w.lower() in dt.lex.determiners:
            break
        tail.insert(0, w)
    return " ".join(tail) if tail and len(tail) < len(words) else _strip_determiners(dt, np)


def _strip_determiners(dt: DocText, np: str) -> str:
    words = np.split()
    while len(words) > 1 and words[0].lower() in dt.lex.determiners:
        words = words[1:]
    return " ".join(words)


def _np_after(dt: DocText, start: int, end: int) -> tuple[str, tuple[int, int] | None]:
    """The noun phrase after "according to", "nach Angaben der", ... (up to 8 words)."""
    lex, out = dt.lex, []
    noun_seen = False
    for s, e, w in tokens(dt.text, start, end):
        low = w.lower()
        if w == "." and out and dt.text[out[-1][0]:out[-1][1]].lower() in lex.abbreviations | lex.titles:
            out.append((s, e))  # "Mr." goes on
            continue
        if w in _NP_STOP or (out and (low in lex.prepositions or low in lex.conjunctions or low in lex.subordinators
                                      or low in lex.single_cues)) or len(out) >= 8:
            break
        if lex.compounds and noun_seen and w[:1].islower() and low not in lex.determiners \
                and low not in media_names() and not dt.mentions_in(s, e):
            break  # German: a lower-case word after the noun is the verb ("der Polizei wurden")
        if not out and low in lex.prepositions and low not in ("von", "der", "des"):
            continue
        noun_seen = noun_seen or (w[:1].isupper() and low not in lex.determiners)
        out.append((s, e))
    return (dt.text[out[0][0]:out[-1][1]], (out[0][0], out[-1][1])) if out else ("", None)


def _np_before(dt: DocText, start: int, end: int) -> tuple[str, tuple[int, int] | None]:
    lex, out = dt.lex, []
    for s, e, w in reversed(tokens(dt.text, start, end)):
        low = w.lower()
        if w in _NP_STOP or low in lex.prepositions or low in lex.conjunctions or low in lex.subordinators \
                or len(out) >= 6:
            break
        out.insert(0, (s, e))
    return (dt.text[out[0][0]:out[-1][1]], (out[0][0], out[-1][1])) if out else ("", None)
