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


def text_doc(i: str, text: str, published: str | None = None) -> Document:
    """A one-paragraph English article without mentions."""
    return Document(id=i, language="en", published=published, paragraphs=[Paragraph(text=text)])


def reports_of_two_events(a: str, b: str, tail: str, n: int = 3) -> list[Document]:
    """``n`` reports of event ``a`` ("a0", ...) and of event ``b`` ("b0", ...), alternating; ``tail``
    (with ``{n}``) makes each report's text its own."""
    docs = []
    for k in range(n):
        docs.append(text_doc(f"a{k}", a + tail.format(n=k)))
        docs.append(text_doc(f"b{k}", b + tail.format(n=k)))
    return docs


@pytest.fixture
def quakes() -> list[Document]:
    return load_docs()


@pytest.fixture
def fresh_quakes():
    """A loader, for tests that need a second untouched copy."""
    return load_docs
