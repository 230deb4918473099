"""The outlet that published a document: from its URL or site metadata when
known, otherwise from cues in the text (datelines "CNN —", "(dpa) -",
"Source: X" footers, bylines, the operator named in comment-section terms)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

import regex

from newsfuse.model import Document


@dataclass(frozen=True)
class Outlet:
    name: str
    domains: tuple[str, ...]
    cues: tuple[str, ...]
    languages: tuple[str, ...]


@lru_cache(maxsize=1)
def outlets() -> tuple[Outlet, ...]:
    path = resources.files("newsfuse") / "data" / "meta" / "outlets.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(Outlet(o["name"], tuple(o["domains"]), tuple(o["cues"]), tuple(o["languages"]))
                 for o in data["outlets"])


@lru_cache(maxsize=1)
def _by_domain() -> dict[str, Outlet]:
    return {d: o for o in outlets() for d in o.domains}


@lru_cache(maxsize=1)
def _by_cue() -> dict[str, Outlet]:
    table = {}
    for o in outlets():
        for c in (o.name, *o.cues):
            table.setdefault(c.casefold(), o)
    return table


@lru_cache(maxsize=1)
def _cue_in_text() -> regex.Pattern:
    """Distinctive outlet names and cues (several words or long), as written."""
    cues = {c for o in outlets() for c in (o.name, *o.cues) if " " in c.strip() or len(c) >= 8}
    alt = "|".join(regex.escape(c) for c in sorted(cues, key=len, reverse=True))
    return regex.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")


@lru_cache(maxsize=1)
def _domain_in_text() -> regex.Pattern:
    doms = "|".join(regex.escape(d) for d in sorted(_by_domain(), key=len, reverse=True))
    return regex.compile(rf"(?<![\w.-])(?:www\.)?({doms})(?![\w])", regex.I)


def outlet_for_domain(host: str) -> Outlet | None:
    host = host.lower().removeprefix("www.")
    parts = host.split(".")
    for i in range(len(parts) - 1):
        o = _by_domain().get(".".join(parts[i:]))
        if o:
            return o
    return None


def outlet_for_name(name: str) -> Outlet | None:
    return _by_cue().get(name.strip().casefold())


_SOURCE_LINE = regex.compile(r"^\s*(?:source|sources|quelle|quellen|fuente|fonte|źródło|bron)\s*:\s*(?P<n>[^:]{2,60}?)\s*$", regex.I)


def parse_byline(text: str) -> tuple[list[str], str | None]:
    """("By Jane Doe and Max Muster, Reuters") -> (["Jane Doe", "Max Muster"], "Reuters")."""
    from newsfuse.clean.lexicon import agency_pattern, load_lexicon

    m = load_lexicon().byline.match(text.strip())
    if not m:
        return [], None
    parts = [p.strip() for p in regex.split(r"\s*,\s*|\s+(?:and|und|&|y|et|e|i)\s+", m["names"]) if p.strip()]
    if m["outlet"]:
        parts.append(m["outlet"].strip())
    names, outlet = [], None
    for p in parts:
        if outlet_for_name(p) or agency_pattern().fullmatch(p):
            outlet = outlet or p
        else:
            names.append(p)
    return names, outlet


@dataclass(frozen=True)
class OutletGuess:
    name: str
    cue: str  # "url", "metadata", "dateline", "source", "byline", "operator"
    known: Outlet | None


def find_outlet(doc: Document) -> OutletGuess | None:
    """The best outlet guess for ``doc``, strongest cue first."""
    url = doc.url or doc.hints.get("url") or ""
    host = urlsplit(url).hostname if "://" in url else None
    if host:
        o = outlet_for_domain(host)
        if o:
            return OutletGuess(o.name, "url", o)
    site = doc.hints.get("outlet") or doc.hints.get("sitename")
    if site:
        return OutletGuess(site, "metadata", outlet_for_name(site))
    for name in json.loads(doc.hints.get("clean.datelines", "[]")):
        o = outlet_for_name(name)
        if o:
            return OutletGuess(o.name, "dateline", o)
    for r in doc.removed:
        m = _SOURCE_LINE.match(r.text)
        if m and not regex.search(r"\b(link|foto|photo|bild|image)\b", m["n"], regex.I):
            o = outlet_for_name(m["n"])
            return OutletGuess(o.name if o else m["n"], "source", o)
        if r.reason == "byline":
            _, name = parse_byline(r.text)
            o = outlet_for_name(name) if name else None
            if o:
                return OutletGuess(o.name, "byline", o)
    for r in doc.removed:
        if r.reason in ("legal", "comments", "footer"):
            m = _domain_in_text().search(r.text)
            if m:
                o = outlet_for_domain(m.group(1))
                if o:
                    return OutletGuess(o.name, "operator", o)
            m = _cue_in_text().search(r.text)  # "... von Krone Multimedia (KMM) ..."
            if m:
                o = outlet_for_name(m.group(0))
                if o:
                    return OutletGuess(o.name, "operator", o)
    if host:
        return OutletGuess(host.removeprefix("www."), "url", None)
    return None
