"""POST /api/v1/documents: token, validation, size limits, and the ingest path.

The NLP stages are replaced by trivial stand-ins here (they have their own
tests); what is tested is that the API routes articles through
``service.ingest_items`` + ``refresh_stories`` and reports the outcome.
"""
from __future__ import annotations

import pytest

from newsfuse import service
from newsfuse.model import Paragraph, Story


ARTICLE = {"text": "Ferry strike ends\nThe ferry workers ended their strike on Friday.", "outlet": "Coast News",
           "url": "https://coast.example/ferry", "published": "2024-07-01"}


@pytest.fixture()
def fake_stages(monkeypatch):
    """Stand-ins for the analysis and story stages: one paragraph per line, one story per document."""
    def process(doc, settings, templates=None):
        lines = doc.raw.splitlines()
        doc.title, doc.paragraphs = lines[0], [Paragraph(text=t) for t in lines[1:]]
        doc.language, doc.outlet, doc.published = "en", doc.hints.get("outlet"), doc.hints.get("published")
        return doc

    def build(docs, settings, progress=None, index=None):
        return [], [Story(id=f"s-{d.id}", title=d.title or d.id, documents=[d.id], languages=[d.language],
                          last_published=d.published) for d in docs]

    monkeypatch.setattr(service, "process_document", process)
    monkeypatch.setattr(service, "build_stories", build)


def test_writes_need_the_token(client):
    r = client.post("/api/v1/documents", json={"documents": [ARTICLE]})
    assert r.status_code == 401 and "Bearer" in r.json()["error"]["message"]
    assert r.headers["www-authenticate"] == "Bearer"
    r = client.post("/api/v1/documents", json={"documents": [ARTICLE]}, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401 and "wrong" in r.json()["error"]["message"]


def test_writes_disabled_without_a_configured_token(db_path, client_factory):
    r = client_factory(db_path).post("/api/v1/documents", json={"documents": [ARTICLE]},
                                  headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403 and "--token" in r.json()["error"]["message"]


def test_ingest_adds_a_story_and_is_idempotent(client, auth, fake_stages):
    r = client.post("/api/v1/documents", json={"documents": [ARTICLE]}, headers=auth)
    assert r.status_code == 201, r.text
    body = r.json()
    assert len(body["ingested"]) == 1 and body["failed"] == [] and body["stories"] >= 1
    doc_id = body["ingested"][0]
    assert body["documents"] == [f"/api/v1/documents/{doc_id}"]
    doc = client.get(body["documents"][0]).json()
    assert doc["outlet"] == "Coast News" and "ended their strike" in doc["body"]
    assert any(h["document"] == doc_id for h in client.get("/api/v1/search", params={"q": "ferry"}).json()["items"])
    again = client.post("/api/v1/documents", json={"documents": [ARTICLE]}, headers=auth).json()
    assert again["ingested"] == [] and again["skipped"][0]["duplicate_of"] == doc_id


def test_x_api_token_header_works_too(client, fake_stages):
    r = client.post("/api/v1/documents", json={"documents": [ARTICLE | {"id": "ferry-1"}]},
                    headers={"X-API-Token": "s3cret-token"})
    assert r.status_code == 201 and r.json()["ingested"] == ["ferry-1"]


@pytest.mark.parametrize("payload, words", [
    ({"documents": [{"url": "https://x.example"}]}, "`text` or `html`"),
    ({"documents": [{"text": "a", "html": "<p>a</p>"}]}, "not both"),
    ({"documents": [{"text": "a", "colour": "red"}]}, "documents.0.colour"),
    ({"documents": []}, "documents"),
    ({"documents": [{"text": "a"}] * 101}, "documents"),
    ({"text": "a"}, "documents"),
])
def test_bad_ingest_bodies_are_explained(client, auth, payload, words):
    r = client.post("/api/v1/documents", json=payload, headers=auth)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_input" and words in error["message"] and error["details"]


def test_broken_json_is_explained(client, auth):
    r = client.post("/api/v1/documents", content=b'{"documents": [', headers=auth | {"content-type": "application/json"})
    assert r.status_code == 422 and "not valid JSON" in r.json()["error"]["message"]


def test_oversized_bodies_get_413_json(db_path, auth, client_factory):
    small = client_factory(db_path, api_token="s3cret-token", extra={"api_max_body": 2_000})
    big = {"documents": [{"text": "x" * 5_000}]}
    r = small.post("/api/v1/documents", json=big, headers=auth)
    assert r.status_code == 413 and "split the batch" in r.json()["error"]["message"]

    def chunks():  # no Content-Length: the streamed size is counted
        for _ in range(10):
            yield b"x" * 500
    r = small.post("/api/v1/documents", content=chunks(), headers=auth | {"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"


def test_only_web_urls_are_accepted(client, auth):
    r = client.post("/api/v1/documents", json={"documents": [ARTICLE | {"url": "javascript:alert(1)"}]}, headers=auth)
    assert r.status_code == 422 and "http:// or https://" in r.json()["error"]["message"]


def test_uploads_without_refresh_join_stories_on_an_explicit_refresh(client, auth, fake_stages):
    r = client.post("/api/v1/documents", json={"documents": [ARTICLE], "refresh": False}, headers=auth)
    before = r.json()["stories"]
    assert r.status_code == 201 and len(r.json()["ingested"]) == 1
    assert client.post("/api/v1/stories/refresh").status_code == 401  # a write: needs the token
    done = client.post("/api/v1/stories/refresh", headers=auth)
    assert done.status_code == 200 and done.json()["assigned"] == 1 and done.json()["stories"] > before
    again = client.post("/api/v1/stories/refresh", headers=auth).json()  # nothing pending any more
    assert again == {"assigned": 0, "stories": done.json()["stories"]}
