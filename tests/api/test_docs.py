"""/docs lists every endpoint of the OpenAPI schema, without any external script."""
from __future__ import annotations


def test_docs_lists_every_operation(client):
    schema = client.get("/openapi.json").json()
    html = client.get("/docs").text
    operations = [(m.upper(), p) for p, item in schema["paths"].items() for m in item]
    assert len(operations) >= 14
    for method, path in operations:
        assert f'data-method="{method}" data-path="{path}"' in html, (method, path)
    assert "https://" not in html.split("<footer")[0].replace("https://…", "")  # nothing loaded from a CDN
    assert "cdn" not in html.lower()


def test_schema_covers_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/stories", "/api/v1/stories/{story_id}", "/api/v1/documents", "/api/v1/entities/{entity_id}",
                 "/api/v1/quotes", "/api/v1/claims", "/api/v1/conflicts", "/api/v1/search"):
        assert path in paths, path
    assert "post" in paths["/api/v1/documents"]
    assert not any(p.startswith("/stories") for p in paths)  # web pages stay out of the API schema


def test_docs_shows_parameters_and_body(client):
    html = client.get("/docs").text
    assert "<code>cursor</code>" in html and "<code>order</code>" in html
    assert "Request body <code>IngestRequest</code>" in html
