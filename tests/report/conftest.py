"""Shared inputs for the report tests: the demo corpus as the report stage receives it.

``tests/fixtures/report/demo_docs.json`` holds the five demo articles after
hand-made cleaning, entity linking and claim extraction (see
``make_demo_fixture.py`` there), so these tests run while the earlier stages
are still being written.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.model import Conflict, Digest, Document, Entity, Paragraph, Story

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"
REPO = Path(__file__).resolve().parents[2]


def load_demo() -> tuple[list[Document], list[Entity], list[Conflict]]:
    data = json.loads((FIXTURES / "demo_docs.json").read_text(encoding="utf-8"))
    return ([Document.model_validate(d) for d in data["documents"]],
            [Entity.model_validate(e) for e in data["entities"]],
            [Conflict.model_validate(c) for c in data["conflicts"]])


def make_doc(doc_id: str, paragraphs: list[str], language: str = "en", **fields) -> Document:
    """A cleaned document from body paragraphs."""
    return Document(id=doc_id, language=language,
                    paragraphs=[Paragraph(text=p, kind="body", language=language) for p in paragraphs], **fields)


@pytest.fixture(scope="session")
def demo():
    return load_demo()


@pytest.fixture(scope="session")
def demo_story(demo):
    """The demo story built by the report stage, with the hand-made conflicts."""
    from newsfuse.report import build_story

    docs, entities, conflicts = demo
    story = build_story(Story(id="putin-kim", documents=[d.id for d in docs]), docs, entities, Settings())
    story.conflicts = conflicts
    return story


@pytest.fixture(scope="session")
def demo_digest(demo, demo_story) -> Digest:
    docs, entities, _ = demo
    return Digest(documents=docs, stories=[demo_story], entities=entities)


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads((FIXTURES / "digest.schema.json").read_text(encoding="utf-8"))
