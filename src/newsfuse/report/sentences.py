"""Sentence splitting and the last boilerplate check before a sentence is quoted.

Cleaning has already taken navigation, credits and notices out of the body,
but a summary sentence is shown on its own, out of context, so it has to pass
a stricter test: a reader should never see "Pic: Reuters" or a half teaser
as a sentence of the story.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsfuse.model import Document

# Words after which a full stop does not end the sentence (English and German).
_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof st gen sen rep gov lt col capt sgt jr sr vs etc no nos fig approx dept inc ltd co corp
jan feb mar apr jun jul aug sep sept oct nov dec mt ft
bzw ca nr vgl ggf usw evtl inkl zzgl str hr fr abs bspw sog tel
""".split())
_MONTHS_DE = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
              "oktober", "november", "dezember", "jänner")
_OPEN = "\"'“„‚‘«»(["
_CLOSE = "\"'”“‘’«»)]"

# A sentence may end at . ! ? or … (optionally followed by closing quotes or
# brackets) and whitespace; split_sentences checks what follows.
_END = re.compile(r"([.!?…]+)([" + re.escape(_CLOSE) + r"]*)(\s+)(?=[" + re.escape(_OPEN) + r"]?[\w])")

# Checked on every sentence of every story, so each test is cheap: substring
# tests first, regexes of fixed width (no backtracking) only where needed.
_URL = re.compile(r"https?://|www\.|\w\.(?:com|org|net|de|at|ch|co\.uk)\b|@\w+\.\w")
_CREDIT = re.compile(
    r"\b(?:pics?|photos?|fotos?|images?|bild|credits?|sources?|quelle)\s*:|\b(?:getty images|all rights reserved|"
    r"alle rechte vorbehalten)\b|©|\w/(?:reuters|afp|ap|dpa|sputnik|getty)\b|\b(?:reuters|afp|dpa|apa)/",
    re.I)
_CREDIT_HINTS = (":", "/", "©", "getty", "rights reserved", "vorbehalten")
_PHRASES = (
    "read more", "weiterlesen", "advertisement", "click here", "subscribe to", "newsletter", "sign up for",
    "cookies", "automatically translated", "automatisch übersetzt", "original article", "originalartikel",
    "developing story", "sich entwickelnde geschichte", "will be updated", "wird aktualisiert", "related topics",
    "similar news", "follow us", "share this", "mehr zum thema", "lesen sie auch", "see also", "terms of use",
    "privacy policy", "netiquette", "user-beiträge", "comments section",
)
_GLUED = re.compile(r"[a-zäöüß]{3}[A-ZÄÖÜ][a-zäöüß]{2}")  # "North KoreaReuters", "UkraineDies"
_BROKEN = re.compile(r"[a-zäöüß]{2}\.[a-zäöüß]{2}")  # "Achse.am Mittwoch": two sentences glued together
_LEADING = _OPEN + "-–—•*·"
_PRONOUN_START = re.compile(r"^(?:he|she|it|they|this|these|that|er|sie|es|dies|diese|dieser|das)\b", re.I)
_NUMBER = re.compile(r"\d[\d.,]*\d|\d")


@dataclass(frozen=True)
class Sentence:
    """One body sentence of a document, with where it stands."""

    text: str
    document: str
    language: str
    paragraph: int  # index among the body paragraphs
    index: int  # index among the document's body sentences
    start: int  # offset into Document.body
    end: int


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of one paragraph.

    >>> t = "Mr Kim met Putin. Am 19. Juni kam er an."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Mr Kim met Putin.', 'Am 19. Juni kam er an.']
    """
    spans, start = [], 0
    for m in _END.finditer(text):
        nxt = text[m.end():].lstrip(_OPEN)[:1]
        if not (nxt.isupper() or (nxt.isdigit() and "…" not in m.group(1))):
            continue  # "das entspricht… 260.000 Tonnen", "(r.) und": the sentence goes on
        if m.group(1) == "." and _no_break_before(text, m.start(), m.end()):
            continue
        end = m.end(2)
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in spans]


def _no_break_before(text: str, dot: int, after: int) -> bool:
    """Whether the full stop at ``dot`` belongs to an abbreviation, initial or ordinal."""
    word = re.search(r"([\w.]+)$", text[:dot])
    token = word.group(1) if word else ""
    bare = token.lower().rstrip(".")
    if bare in _ABBREVIATIONS or "." in token:  # "Mr.", "z.B.", "U.S."
        return True
    if len(token) == 1 and token.isupper():  # an initial: "J. Smith"
        return True
    if token.isdigit() and len(token) <= 2:  # a German ordinal date: "19. Juni"
        following = text[after:after + 10].lower()
        return following.startswith(_MONTHS_DE)
    return False


def document_sentences(doc: Document) -> list[Sentence]:
    """Every sentence of the body paragraphs of ``doc``, with offsets into ``doc.body``."""
    out: list[Sentence] = []
    offset = 0
    body_index = 0
    for paragraph in doc.paragraphs:
        if paragraph.kind != "body":
            continue
        if body_index:
            offset += 2  # the blank line Document.body puts between paragraphs
        language = paragraph.language or doc.language
        for a, b in split_sentences(paragraph.text):
            out.append(Sentence(text=paragraph.text[a:b], document=doc.id, language=language,
                                paragraph=body_index, index=len(out), start=offset + a, end=offset + b))
        offset += len(paragraph.text)
        body_index += 1
    return out


def boilerplate_reason(sentence: str) -> str | None:
    """Why ``sentence`` must not appear in a summary, or None when it may.

    >>> boilerplate_reason("Pic: Sputnik/Reuters")
    'short'
    >>> boilerplate_reason("Kim had received Putin at Kim Il Sung Square in the capital.") is None
    True
    """
    text = sentence.strip()
    words = [w for w in (t.lstrip(_LEADING) for t in text.split()) if w and w[0].isalpha()]
    if len(words) < 6 or len(text) < 30:
        return "short"
    if len(text) > 600:
        return "long"
    low = text.casefold()
    if ("http" in low or "www." in low or "@" in low or "." in low) and _URL.search(low):
        return "url"
    if any(h in low for h in _CREDIT_HINTS) and _CREDIT.search(text):
        return "credit"
    if any(p in low for p in _PHRASES):
        return "boilerplate phrase"
    if text.endswith(("...", "…")) or text.rstrip(_CLOSE).endswith(("...", "…")):
        return "truncated"
    if _GLUED.search(text) or _BROKEN.search(text):
        return "glued"
    lower = [w for w in words[1:] if w[0].islower() and len(w) > 1]
    if len(lower) < 3 or len(lower) < 0.25 * len(words):
        return "no verb"  # a caption, heading or name list, not a statement
    if not text[0].isupper() and text[0] not in _OPEN and not text[0].isdigit():
        return "fragment"
    return None


def starts_with_pronoun(sentence: str) -> bool:
    """Sentences that open with "He"/"Sie"/"This" read badly out of context."""
    return bool(_PRONOUN_START.match(sentence.lstrip(_OPEN)))


def quantities(sentence: str) -> frozenset[float]:
    """The counted amounts a sentence states (years and small numbers left out).

    Two sentences that both state amounts and share none do not support each
    other, however similar their words: "6,700 containers" vs "10,000".

    >>> sorted(quantities("about 6,700 containers since 2023, 10.000 Schiffscontainer"))
    [6700.0, 10000.0]
    """
    out = set()
    for raw in _NUMBER.findall(sentence):
        value = _parse_number(raw)
        if value is None or value < 100 or (1900 <= value <= 2100 and float(value).is_integer()):
            continue
        out.add(value)
    return frozenset(out)


def _parse_number(raw: str) -> float | None:
    # "6,700" and "10.000" are thousands; "1,5" and "2.5" are decimals.
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
        return float(re.sub(r"[.,]", "", raw))
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        return None
