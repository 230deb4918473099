"""spaCy's stop-word list per language, loaded once (the stages that need one share it)."""
from __future__ import annotations

_LISTS: dict[str, frozenset[str]] = {}


def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words for ``lang`` (empty when spaCy has no list for it)."""
    if lang not in _LISTS:
        try:
            from spacy.util import get_lang_class

            _LISTS[lang] = frozenset(get_lang_class(lang).Defaults.stop_words)
        except Exception:  # unknown language code: callers fall back on their own evidence
            _LISTS[lang] = frozenset()
    return _LISTS[lang]
