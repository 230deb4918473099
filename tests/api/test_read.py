"""Reading endpoints: lists with pagination, details, search, 404s."""
from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_index_links_every_list(client):
    body = client.get("/api/v1").json()
    assert body["counts"]["stories"] == 2
    for name in ("documents", "stories", "entities", "quotes", "claims", "conflicts", "search"):
        assert body["links"][name] == f"/api/v1/{name}"


def test_stories_orders(client):
    newest = [s["id"] for s in client.get("/api/v1/stories").json()["items"]]
    assert newest == ["s-bridge", "s-storm"]
    disputed = client.get("/api/v1/stories", params={"order": "disputed"}).json()["items"]
    assert disputed[0]["id"] == "s-bridge" and disputed[0]["conflicts"] == 2
    first = disputed[0]
    assert first["size"] == 3 and first["languages"] == ["de", "en"]
    assert first["lead"].startswith("President Anna Berg")
    assert first["url"] == "/api/v1/stories/s-bridge" and first["web"] == "/stories/s-bridge"


def test_cursor_pagination_walks_every_item(client):
    seen, url = [], "/api/v1/stories?limit=1"
    while url:
        page = client.get(url).json()
        assert page["limit"] == 1 and len(page["items"]) <= 1
        seen += [s["id"] for s in page["items"]]
        url = page["next"]
    assert seen == ["s-bridge", "s-storm"]
    last = client.get("/api/v1/stories", params={"limit": 1, "offset": 1}).json()
    assert last["items"][0]["id"] == "s-storm" and last["next_cursor"] is None


def test_story_detail_is_the_json_export(client):
    body = client.get("/api/v1/stories/s-bridge").json()
    assert set(body) >= {"documents", "stories"}
    assert [d["id"] for d in body["documents"]] == ["a1", "b2", "c3"]
    story = body["stories"][0]
    assert story["id"] == "s-bridge"
    assert {c["topic"] for c in story["conflicts"]} == {"containers shipped", "day of arrival"}
    assert all(s["documents"] for s in story["summary"])
    assert body["documents"][0]["body"].startswith("President Anna Berg arrived")


def test_story_detail_validates_against_the_schema(client):
    schema_path = Path(__file__).parents[3] / "shared" / "eval" / "digest.schema.json"
    if not schema_path.exists():
        pytest.skip("../shared is absent")
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(client.get("/api/v1/stories/s-bridge").json(), json.loads(schema_path.read_text()))


def test_documents_list_filter_and_detail(client):
    items = client.get("/api/v1/documents", params={"story": "s-bridge"}).json()["items"]
    assert {d["id"] for d in items} == {"a1", "b2", "c3"}
    assert all("raw" not in d and d["words"] > 0 for d in items)
    doc = client.get("/api/v1/documents/b2").json()
    assert doc["machine_translated"] is True and doc["story"] == "s-bridge" and "raw" not in doc
    assert "raw" in client.get("/api/v1/documents/b2", params={"raw": True}).json()


def test_entities_list_type_filter_and_detail(client):
    people = client.get("/api/v1/entities", params={"type": "PERSON"}).json()["items"]
    assert [e["id"] for e in people] == ["e-berg", "e-olsen"]
    detail = client.get("/api/v1/entities/e-berg").json()
    assert detail["entity"]["variants"] == ["Anna Berg", "Berg", "Präsidentin Berg"]
    assert [s["id"] for s in detail["stories"]] == ["s-bridge"]
    assert {d["outlet"]: d["descriptors"] for d in detail["descriptors"]} == {
        "Daily Planet": ["veteran president"], "Morgenpost": ["umstrittene Präsidentin"]}
    assert {q["text"] for q in detail["quotes"]} == {"We will build the bridge together", "Die Brücke kommt"}


def test_quotes_claims_conflicts(client):
    quotes = client.get("/api/v1/quotes", params={"story": "s-bridge"}).json()["items"]
    assert len(quotes) == 3 and all(q["story"] == "s-bridge" for q in quotes)
    claims = client.get("/api/v1/claims", params={"limit": 2}).json()
    assert len(claims["items"]) == 2 and claims["next_cursor"]
    conflicts = client.get("/api/v1/conflicts").json()["items"]
    containers = next(c for c in conflicts if c["kind"] == "number")
    assert containers["claims"] == ["a1:c1", "b2:c1"] and containers["story"] == "s-bridge"
    assert client.get("/api/v1/conflicts", params={"story": "s-storm"}).json()["items"] == []


def test_search_whole_words_and_prefixes_with_story(client):
    hits = client.get("/api/v1/search", params={"q": "Container"}).json()["items"]
    assert [h["document"] for h in hits] == ["b2"]  # whole words: "containers" does not match
    assert "[Container]" in hits[0]["snippet"] and hits[0]["story"] == "s-bridge" and hits[0]["story_title"]
    prefix = client.get("/api/v1/search", params={"q": "contain*"}).json()["items"]
    assert {h["document"] for h in prefix} == {"a1", "b2"}
    assert client.get("/api/v1/search", params={"q": "zzzunknown"}).json()["items"] == []


@pytest.mark.parametrize("url, needle", [
    ("/api/v1/stories/nope", "/api/v1/stories"),
    ("/api/v1/documents/nope", "/api/v1/documents"),
    ("/api/v1/entities/nope", "/api/v1/entities"),
    ("/api/v1/no-such-endpoint", "/docs"),
])
def test_not_found_is_json_and_says_where_to_look(client, url, needle):
    r = client.get(url)
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
    assert r.json()["error"]["code"] == "not_found" and needle in r.json()["error"]["message"]


@pytest.mark.parametrize("params, status, words", [
    ({"limit": 0}, 422, "limit"),
    ({"limit": 10_000}, 422, "limit"),
    ({"order": "random"}, 422, "order"),
    ({"cursor": "%%%"}, 400, "cursor"),
    ({"cursor": "bzox", "offset": 1}, 400, "either"),
])
def test_bad_list_parameters(client, params, status, words):
    r = client.get("/api/v1/stories", params=params)
    assert r.status_code == status
    assert words in r.json()["error"]["message"]


def test_search_needs_a_query(client):
    r = client.get("/api/v1/search")
    assert r.status_code == 422 and "q" in r.json()["error"]["message"]
    r = client.get("/api/v1/search", params={"q": "   "})
    assert r.status_code == 400 and "at least one word" in r.json()["error"]["message"]


def test_method_not_allowed_is_json(client):
    r = client.delete("/api/v1/stories")
    assert r.status_code == 405 and "GET" not in r.json()["error"]["message"].split()[0]
