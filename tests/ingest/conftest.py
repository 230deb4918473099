"""Fixtures for the ingest tests: a local fault-injecting HTTP server, fast fetch settings, a stub pipeline.

Everything is served from 127.0.0.1, so every Settings here sets
``allow_private`` (the SSRF guard refuses loopback otherwise).
"""
from __future__ import annotations

import pytest

from newsfuse.config import Settings
from newsfuse.ingest import fetch
from newsfuse.ingest.localserver import LocalServer, Route
from newsfuse.model import Document, Story

FAST = {"fetch_backoff": 0.01, "fetch_host_interval": 0.0, "fetch_max_backoff": 0.05}


def article(i: int, topic: str = "harbour") -> bytes:
    """A small, distinct article page."""
    return (f"<html><head><title>Story {i} about the {topic}</title></head><body><article>"
            f"<h1>Story {i} about the {topic}</h1><p>The city council said on Monday that the {topic} number {i} "
            f"will reopen after repairs costing {i + 3} million euros.</p></article></body></html>").encode()


def rss(items: list[tuple[str, str]], title: str = "Local feed") -> bytes:
    body = "".join(f"<item><title>{t}</title><link>{u}</link><guid>{u}</guid>"
                   f"<pubDate>Mon, 01 Jul 2024 10:00:00 GMT</pubDate></item>" for t, u in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'.encode()


def opml(urls: list[str]) -> str:
    outlines = "".join(f'<outline type="rss" text="f{i}" xmlUrl="{u}"/>' for i, u in enumerate(urls))
    return f'<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>{outlines}</body></opml>'


@pytest.fixture
def server():
    with LocalServer(stall_seconds=3.0) as srv:
        yield srv


@pytest.fixture
def settings(tmp_path):
    fetch._shared.clear()  # a fresh fetcher (robots cache, rate limits) per test
    return Settings(db=str(tmp_path / "t.db"), allow_private=True, fetch_timeout=1.0, extra=dict(FAST))


@pytest.fixture
def stub_pipeline(monkeypatch):
    """Identity-like analysis so storage tests do not need (or wait for) the NLP stages."""
    import newsfuse.service as service

    def analyse(doc: Document, settings, templates=None) -> Document:
        return doc.model_copy(update={"title": doc.hints.get("title") or doc.id})

    def stories(docs, settings, progress=None, **kwargs):
        return [], [Story(id=f"s-{d.id}", documents=[d.id]) for d in docs]

    monkeypatch.setattr(service, "process_document", analyse)
    def refresh(store, settings, progress=None, new_ids=None):
        _, built = stories(list(store.iter_documents()), settings)
        store.replace_stories(built, [])
        return len(built)

    monkeypatch.setattr(service, "build_stories", stories)
    monkeypatch.setattr(service, "refresh_stories", refresh)
    monkeypatch.setattr(service, "remember_templates", lambda store, docs: frozenset())


__all__ = ["Route", "article", "rss", "opml"]


FIXTURES = __import__("pathlib").Path(__file__).parent.parent / "fixtures" / "ingest"
PAGES = {"/news/harbour-reopens.html": article(1, "harbour"), "/news/bridge-repairs.html": article(2, "bridge"),
         "/de/hafen.html": article(3, "Hafen")}


def fixture_bytes(name: str, base: str) -> bytes:
    return (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", base).encode("utf-8")


@pytest.fixture
def site(server):
    """The feed fixtures (with {base} filled in) and the three article pages they link to."""
    base = server.url("")
    types = {".xml": "application/xml", ".opml": "text/x-opml"}
    for path in FIXTURES.iterdir():
        ctype = types.get(path.suffix, "text/xml")
        server.routes["/" + path.name] = Route(fixture_bytes(path.name, base), content_type=ctype)
    for path, body in PAGES.items():
        server.routes[path] = Route(body)
    return server
