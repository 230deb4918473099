import csv
import json
from pathlib import Path

import jsonschema
import pytest

from newsfuse.model import Digest, IngestError
from newsfuse.report.export import digest_from_json, digest_to_json, render_markdown, write_csv

from .conftest import FIXTURES


def test_digest_json_validates_against_the_schema(demo_digest, schema):
    data = json.loads(json.dumps(digest_to_json(demo_digest), ensure_ascii=False))
    jsonschema.validate(data, schema)
    doc = data["documents"][0]
    original = demo_digest.documents[0]
    assert doc["body"] == original.body
    for key in ("id", "source", "outlet", "title", "language", "machine_translated", "original_language",
                "published", "published_confidence", "authors", "removed", "related"):
        assert key in doc
    assert "raw" not in doc and "paragraphs" not in doc
    story = data["stories"][0]
    assert story["summary"] and story["entities"] and story["framing"] and story["quotes"]


def test_empty_and_error_digests_validate(schema):
    data = digest_to_json(Digest(errors=[IngestError(source="x.pdf", reason="not text")]))
    jsonschema.validate(data, schema)
    assert data["errors"] == [{"source": "x.pdf", "reason": "not text", "stage": "ingest"}]


def test_vendored_schema_matches_the_shared_one():
    shared = Path(__file__).resolve().parents[3] / "shared" / "eval" / "digest.schema.json"
    if not shared.exists():
        pytest.skip("shared/eval is not beside the repository")
    assert json.loads(shared.read_text()) == json.loads((FIXTURES / "digest.schema.json").read_text())


def test_json_round_trip_keeps_what_the_report_shows(demo_digest):
    back = digest_from_json(json.loads(json.dumps(digest_to_json(demo_digest))))
    assert [d.body for d in back.documents] == [d.body for d in demo_digest.documents]
    assert [d.removed for d in back.documents] == [d.removed for d in demo_digest.documents]
    assert back.stories == demo_digest.stories
    assert digest_to_json(back)["stories"] == digest_to_json(demo_digest)["stories"]


def test_csv_tables_of_claims_and_quotes(demo_digest, tmp_path):
    paths = write_csv(demo_digest, tmp_path / "tables")
    assert [p.name for p in paths] == ["claims.csv", "quotes.csv"]
    with paths[0].open(encoding="utf-8") as fh:
        claims = list(csv.DictReader(fh))
    with paths[1].open(encoding="utf-8") as fh:
        quotes = list(csv.DictReader(fh))
    story = demo_digest.stories[0]
    assert len(claims) == len(story.claims) and len(quotes) == len(story.quotes)
    c1 = next(r for r in claims if r["claim"] == "c1")
    assert (c1["value"], c1["unit"], c1["disputed"], c1["outlet"]) == ("6700.0", "containers", "True", "TVN24")
    assert next(r for r in claims if r["claim"] == "c3")["disputed"] == "False"
    fiery = next(r for r in quotes if r["text"] == "fiery friendship")
    assert (fiery["speaker"], fiery["speaker_id"], fiery["outlet"]) == ("Kim Jong Un", "e-kim", "Sky News")
    unattributed = next(r for r in quotes if r["text"].startswith("Die Vorstellung"))
    assert unattributed["speaker"] == "" and unattributed["speaker_id"] == ""


def test_markdown_has_every_section_and_working_citation_links(demo_digest):
    md = render_markdown(demo_digest)
    for heading in ("### Summary", "### Where sources disagree", "### Timeline", "### Sources", "### Who said what",
                    "### Numbers", "### How each outlet describes each actor", "### Entities", "### Articles"):
        assert heading in md
    assert "**Sources disagree — ammunition containers shipped from North Korea to Russia**" in md
    anchors = {line.split('"')[1] for line in md.splitlines() if line.startswith('<a id="')}
    import re
    targets = set(re.findall(r"\]\(#(doc-[^)]+)\)", md))
    assert targets and targets <= anchors
    assert "⚠ disputed" in md
    assert "| Vladimir Putin |" in md
