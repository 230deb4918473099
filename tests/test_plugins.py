"""Exporters: built-ins and third-party plugins go through one registry."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse import plugins
from newsfuse.model import Digest, Document, Paragraph, Story


@pytest.fixture
def digest() -> Digest:
    doc = Document(id="a", raw="x", language="en", paragraphs=[Paragraph(text="Rain fell in Paris on Monday.")])
    return Digest(documents=[doc], stories=[Story(id="s-1", title="Rain", documents=["a"])])


def test_builtins_are_registered_like_plugins():
    assert {"json", "jsonl", "html", "markdown", "csv"} <= set(plugins.exporters())


def test_jsonl_has_a_line_per_document_and_story(digest, tmp_path):
    plugins.export(digest, "jsonl", tmp_path / "d.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text().splitlines()]
    assert [r["type"] for r in rows] == ["document", "story"] and rows[0]["body"].startswith("Rain")


def test_entry_point_plugin_is_found(monkeypatch, digest, tmp_path):
    written = []
    fake = plugins.Exporter("shout", "upper-case body", lambda d, p: written.append((d, p)))

    class EntryPoint:
        def load(self):
            return fake

    monkeypatch.setattr(plugins, "entry_points", lambda group: [EntryPoint()] if group == plugins.ENTRY_POINT_GROUP else [])
    plugins.exporters.cache_clear()
    try:
        plugins.export(digest, "shout", tmp_path / "x")
        assert written == [(digest, tmp_path / "x")]
    finally:
        plugins.exporters.cache_clear()


def test_unknown_exporter_says_what_exists(digest, tmp_path):
    with pytest.raises(plugins.UnknownExporter, match="available: csv, html, json"):
        plugins.export(digest, "nope", tmp_path / "x")
