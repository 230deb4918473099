import json
from pathlib import Path

import pytest

from newsfuse.model import Document, Mention, Paragraph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stories"


def load_docs(name: str = "quakes.json") -> list[Document]:
    """Hand-made articles with linked mentions (as the entities stage would leave them)."""
    docs = []
    for raw in json.loads((FIXTURES / name).read_text(encoding="utf-8")):
        doc = Document(id=raw["id"], language=raw["language"], published=raw["published"], outlet=raw["outlet"],
                       title=raw["title"], paragraphs=[Paragraph(text=t) for t in raw["paragraphs"]])
        body = doc.body
        for text, kind, entity in raw["entities"]:
            start = body.find(text)
            doc.mentions.append(Mention(text=text, start=max(start, 0), end=max(start, 0) + len(text),
                                        type=kind, entity=entity))
        docs.append(doc)
    return docs


@pytest.fixture
def quakes() -> list[Document]:
    return load_docs()


@pytest.fixture
def fresh_quakes():
    """A loader, for tests that need a second untouched copy."""
    return load_docs
