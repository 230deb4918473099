"""Machine translation: notices in any position and language, and the
original language where it can be inferred.

Evidence: a removed "mt-notice" block (cleaning found "automatically
translated", "maschinell übersetzt", ...), a notice naming the source
language ("translated from German"), the languages the outlet publishes in
(a CNN article in German is a translation from English), and text left in
the original language next to the translation (the source site's comment
section or legal notice).
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from babel import Locale

from newsfuse.clean.lexicon import agency_pattern, load_lexicon
from newsfuse.meta.language import detect_language
from newsfuse.meta.outlet import OutletGuess
from newsfuse.model import Document


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """Language name (in any lexicon language) -> ISO code: 'German', 'Deutsch', 'Englisch'."""
    names: dict[str, str] = {}
    for ui in (*load_lexicon().languages, "fr", "es", "it"):
        try:
            loc = Locale.parse(ui)
        except Exception:  # pragma: no cover
            continue
        for code, name in loc.languages.items():
            if len(code) == 2:
                names.setdefault(name.casefold(), code)
                names.setdefault(name.casefold() + "en", code)  # "aus dem Englischen"
                names.setdefault(name.casefold() + "n", code)
    return names


def notice_language(text: str) -> str | None:
    for pat in load_lexicon().lang_from:
        m = pat.search(text)
        if m:
            code = _language_names().get(m.group("lang").casefold())
            if code:
                return code
    return None


def infer_translation(doc: Document, language: str | None, outlet: OutletGuess | None) -> tuple[bool, str | None]:
    """(machine_translated, original_language) for a document in ``language``."""
    notices = [r.text for r in doc.removed if r.reason == "mt-notice"]
    original = next((lang for lang in map(notice_language, notices) if lang), None)
    outlet_langs = outlet.known.languages if outlet and outlet.known else ()
    # an agency named as "Source: Reuters" supplied facts, not necessarily the text
    from_agency = outlet is not None and outlet.cue == "source" and bool(agency_pattern().fullmatch(outlet.name))
    foreign_outlet = bool(language and outlet_langs and language not in outlet_langs and not from_agency
                          and outlet.cue in ("dateline", "byline", "source", "operator", "url"))
    if not notices and not foreign_outlet:
        return False, None
    if original is None and outlet_langs and language not in outlet_langs:
        original = outlet_langs[0]
    if original is None:
        votes: Counter[str] = Counter()
        for r in doc.removed:
            if r.reason in ("comments", "legal", "footer", "navigation", "mt-notice") and len(r.text) > 30:
                lang, _ = detect_language(r.text)
                if lang and lang != language:
                    votes[lang] += len(r.text)
        if votes:
            original = votes.most_common(1)[0][0]
    return True, original
