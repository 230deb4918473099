"""Store fixtures parametrised over both backends, so every behavioural test runs on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from newsfuse.model import Claim, Conflict, Document, Entity, Mention, Paragraph, Quote, Story
from newsfuse.store import open_store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> str:
    """Where a fresh, empty store lives: a SQLite file, or a new database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "newsfuse.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def open_new(store_url):
    """Open another connection to the same store (closed after the test), e.g. one per concurrent writer."""
    opened = []

    def make():
        store = open_store(store_url)
        opened.append(store)
        return store

    yield make
    for store in opened:
        try:
            store.close()
        except Exception:  # already closed by the test
            pass


@pytest.fixture
def store(open_new):
    return open_new()


def _doc(doc_id: str, body: str, title: str = "", language: str = "en", url: str | None = None,
         published: str | None = None, outlet: str | None = None, raw: str | None = None) -> Document:
    """An already analysed document: the store does not care how the fields were computed."""
    paragraphs = [Paragraph(text=p, language=language) for p in body.split("\n\n") if p.strip()]
    return Document(id=doc_id, source=f"{doc_id}.txt", url=url, raw=raw if raw is not None else f"{title}\n{body}",
                    title=title or None, paragraphs=paragraphs, language=language, published=published,
                    outlet=outlet,
                    mentions=[Mention(text="Putin", start=0, end=5, type="PERSON", entity="person:putin")]
                    if "Putin" in body else [])


@pytest.fixture
def make_doc():
    return _doc


@pytest.fixture
def story_set():
    """Two stories, three entities, quotes and claims over documents a, b, c."""

    def build(prefix: str = "s"):
        putin = Entity(id="person:putin", name="Vladimir Putin", type="PERSON", variants=["Putin", "Wladimir Putin"],
                       mentions=7, documents=["a", "b"])
        kim = Entity(id="person:kim", name="Kim Jong Un", type="PERSON", mentions=3, documents=["a"])
        city = Entity(id="location:pyongyang", name="Pyongyang", type="LOCATION", mentions=5, documents=["a", "b", "c"])
        big = Story(id=f"{prefix}1", title="Putin visits Pyongyang", documents=["a", "b"], languages=["en", "de"],
                    independent_sources=2, entities=[putin, kim, city],
                    quotes=[Quote(text="We are friends", document="a", speaker="person:putin", speaker_name="Putin")],
                    claims=[Claim(id="a:c1", text="He brought 30 cars.", document="a", value=30, unit="cars"),
                            Claim(id="b:c1", text="Er brachte 40 Autos.", document="b", value=40, unit="Autos")],
                    first_published="2024-06-18", last_published="2024-06-19")
        big.conflicts = [Conflict(topic="cars", kind="number", claims=["a:c1", "b:c1"], documents=["a", "b"])]
        small = Story(id=f"{prefix}2", title="Weather in Pyongyang", documents=["c"], languages=["en"],
                      independent_sources=1, entities=[city], first_published="2024-06-20",
                      last_published="2024-06-20")
        return [big, small], [putin, kim, city]

    return build
