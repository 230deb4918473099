"""Names within one document: titles stripped, short names expanded to the
full name the document uses ("Kim" -> "Kim Jong Un"), names the recogniser
missed in one place matched to the mentions it found elsewhere."""
from __future__ import annotations

import re

from newsfuse.claims.text import DocText, mention_kind

_NAME_SPLIT = re.compile(r"[\s\-‐]+")


def name_words(text: str) -> list[str]:
    return [w for w in _NAME_SPLIT.split(text.casefold().replace("’", "'")) if w]


def strip_name(text: str, dt: DocText) -> str:
    """A name without titles and possessive ending: "Mr Kim's" -> "Kim"."""
    words = text.replace("’", "'").split()
    while len(words) > 1 and words[0].lower().strip(".") in dt.lex.titles:
        words = words[1:]
    name = " ".join(words)
    return re.sub(r"'s$", "", name)


def known_person_words(dt: DocText) -> dict[str, int]:
    """First and last words of the document's person names -> a mention carrying them."""
    return dt.cached("person_words", lambda: _person_words(dt))


def _person_words(dt: DocText) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, m in enumerate(dt.doc.mentions):
        if mention_kind(m) != "PER":
            continue
        words = strip_name(m.text, dt).split()
        for w in (words[0], words[-1]) if words else ():
            low = w.lower()
            if len(low) > 2 and low not in dt.lex.stop and low not in dt.lex.titles and not low.endswith("s"):
                out.setdefault(low, i)
    return out


def full_name(dt: DocText, idx: int) -> tuple[int, str]:
    """The fullest name the document gives the person of mention ``idx``.

    "Kim" -> "Kim Jong Un" when the document writes it in full; the most
    frequent full form wins (so a father "Kim Jong-il" named once does not).
    Returns the index of a mention carrying that name, and the name.
    """
    return dt.cached(("full", idx), lambda: _full_name(dt, idx))


def _full_name(dt: DocText, idx: int) -> tuple[int, str]:
    mentions = dt.doc.mentions
    short = strip_name(mentions[idx].text, dt)
    words = name_words(short)
    if dt.lex.compounds and len(words) == 1 and words[0].endswith("s") and len(words[0]) > 3:
        words = [words[0]] if _has_person(dt, words[0]) else [words[0][:-1]]
    best = dt.cached(("longer", tuple(words)), lambda: _longer_names(dt, words))
    if not best:
        return idx, short
    name = max(best, key=lambda n: (len(best[n]), -abs(best[n][0] - idx)))
    before = [i for i in best[name] if mentions[i].start <= mentions[idx].start]
    return (before[-1] if before else best[name][0]), name


def _person_names(dt: DocText) -> list[tuple[int, str, list[str]]]:
    """(mention index, name without titles, its words) of every person mention."""
    return dt.cached("person_names", lambda: [
        (i, name, name_words(name)) for i, m in enumerate(dt.doc.mentions)
        if mention_kind(m) == "PER" for name in (strip_name(m.text, dt),)])


def _longer_names(dt: DocText, words: list[str]) -> dict[str, list[int]]:
    """Longer person names of the document that contain ``words``, with their mentions."""
    best: dict[str, list[int]] = {}
    for i, name, mw in _person_names(dt):
        if len(mw) > len(words) and _contains(mw, words):
            best.setdefault(name, []).append(i)
    return best


def _has_person(dt: DocText, word: str) -> bool:
    return any(word in mw and not name.endswith("s") for _, name, mw in _person_names(dt))


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def mention_by_text(dt: DocText, text: str, before: int) -> int | None:
    found = None
    for i, m in enumerate(dt.doc.mentions):
        if m.text == text and (found is None or m.start < before):
            found = i
    return found


def name_to_mention(dt: DocText, text: str) -> tuple[int | None, str | None]:
    """A capitalised name the recogniser missed, matched to a person it did find."""
    for i, m in enumerate(dt.doc.mentions):  # "Geschäftsführer Olaf Kramm" holds the mention "Olaf Kramm"
        if mention_kind(m) == "PER" and len(m.text) > 3 and m.text in text and m.text != text:
            return full_name(dt, i)
    words = name_words(strip_name(text, dt))
    for i, m in enumerate(dt.doc.mentions):
        if mention_kind(m) == "PER" and _contains(name_words(m.text), words):
            return full_name(dt, i)
    return None, None
