"""The store interface every backend implements, and ``open_store`` to pick one by URL."""
from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from newsfuse.model import Document, Entity, IngestError, Story


class StoreError(RuntimeError):
    """The store cannot be opened or used; the message says what to do."""


@dataclass(frozen=True)
class SearchHit:
    document: str
    title: str | None
    snippet: str
    score: float


@dataclass(frozen=True)
class StoredError:
    id: int
    source: str
    reason: str
    stage: str
    at: str
    attempts: int


class Store(abc.ABC):
    """What the pipeline, CLI and API need from persistence.

    Writes of one document are one transaction; re-putting the same document
    (same id, canonical URL or content hash) changes nothing.
    """

    # documents
    @abc.abstractmethod
    def find_duplicate(self, doc: Document) -> str | None:
        """The id of a stored document with the same id+content, canonical URL or content hash."""

    @abc.abstractmethod
    def put_document(self, doc: Document) -> None:
        """Insert or replace one analysed document (and its full-text index entry)."""

    @abc.abstractmethod
    def get_document(self, doc_id: str) -> Document | None: ...

    @abc.abstractmethod
    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, in insertion order."""

    @abc.abstractmethod
    def list_documents(self, limit: int = 50, offset: int = 0, story: str | None = None) -> list[Document]: ...

    # stories and entities (replaced together after clustering)
    @abc.abstractmethod
    def replace_stories(self, stories: list[Story], entities: list[Entity]) -> None:
        """Replace all stories and entities in one transaction."""

    @abc.abstractmethod
    def get_story(self, story_id: str) -> Story | None: ...

    @abc.abstractmethod
    def list_stories(self, limit: int = 50, offset: int = 0, order: str = "newest") -> list[Story]:
        """order: newest | biggest | disputed."""

    @abc.abstractmethod
    def get_entity(self, entity_id: str) -> Entity | None: ...

    @abc.abstractmethod
    def list_entities(self, limit: int = 50, offset: int = 0, type: str | None = None) -> list[Entity]: ...

    @abc.abstractmethod
    def stories_of_entity(self, entity_id: str) -> list[Story]: ...

    # search, errors, state
    @abc.abstractmethod
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]: ...

    @abc.abstractmethod
    def record_error(self, error: IngestError) -> None:
        """Record (or count another attempt of) a failed input."""

    @abc.abstractmethod
    def clear_error(self, source: str) -> None:
        """An input that failed before has now been ingested."""

    @abc.abstractmethod
    def list_errors(self) -> list[StoredError]: ...

    @abc.abstractmethod
    def get_state(self, key: str) -> str | None: ...

    @abc.abstractmethod
    def set_state(self, key: str, value: str) -> None: ...

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """Counts of documents, stories, entities, quotes, claims, conflicts, errors."""

    @abc.abstractmethod
    def close(self) -> None: ...

    @property
    @abc.abstractmethod
    def schema_version(self) -> int: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def unassigned_document_ids(self) -> list[str]:
        """Stored documents that no story holds yet (e.g. a run was killed before its refresh)."""
        return [d.id for d in self.iter_documents() if not d.story]

    # streaming story index: optional. A backend without it has every story rebuilt on refresh.
    supports_story_index: bool = False

    def put_index_records(self, records: list[tuple[str, str, bytes]]) -> None:
        """Store (doc_id, story_id, record blob) rows of the streaming story index."""
        raise NotImplementedError

    def iter_index_records(self) -> Iterator[tuple[str, str, bytes]]:
        """Every (doc_id, story_id, record blob) row, in insertion order."""
        raise NotImplementedError

    def update_stories(self, stories: list[Story], removed: Iterable[str] = ()) -> None:
        """Insert or replace ``stories``, delete the ``removed`` story ids, and recompute the
        global entity rows of every entity they touch, in one transaction."""
        raise NotImplementedError

    # conveniences shared by every backend
    def put_documents(self, docs: Iterable[Document]) -> None:
        for doc in docs:
            self.put_document(doc)

    def _story_items(self, field: str, story: str | None) -> Iterator[dict]:
        """Every item of ``Story.<field>`` (quotes, claims, conflicts) with its story id, story by story."""
        if story is not None:
            found = self.get_story(story)
            stories = [found] if found else []
        else:
            stories = self.list_stories(limit=1_000_000, order="biggest")
        for s in stories:
            for item in getattr(s, field):
                yield {"story": s.id, **item.model_dump()}

    def _page(self, items: Iterator[dict], limit: int, offset: int) -> list[dict]:
        out = []
        for i, item in enumerate(items):
            if i >= offset + limit:
                break
            if i >= offset:
                out.append(item)
        return out

    def list_quotes(self, limit: int = 50, offset: int = 0, story: str | None = None) -> list[dict]:
        """Quotes of every story (or one), each a Quote dict plus ``story``. Backends may index this."""
        return self._page(self._story_items("quotes", story), limit, offset)

    def list_claims(self, limit: int = 50, offset: int = 0, story: str | None = None) -> list[dict]:
        """Claims of every story (or one), each a Claim dict plus ``story``."""
        return self._page(self._story_items("claims", story), limit, offset)

    def list_conflicts(self, limit: int = 50, offset: int = 0, story: str | None = None) -> list[dict]:
        """Conflicts of every story (or one), each a Conflict dict plus ``story``; most disputed stories first."""
        if story is not None:
            return self._page(self._story_items("conflicts", story), limit, offset)

        def disputed() -> Iterator[dict]:
            for s in self.list_stories(limit=1_000_000, order="disputed"):
                if not s.conflicts:
                    break  # ordered by conflict count: the rest have none
                for c in s.conflicts:
                    yield {"story": s.id, **c.model_dump()}
        return self._page(disputed(), limit, offset)


def merge_entity_parts(parts: list[Entity]) -> Entity:
    """One entity from its per-story rows: summed mentions, every variant and document once.

    The canonical name and type are those of the story row with the most mentions.
    """
    main = max(parts, key=lambda e: (e.mentions, len(e.variants)))
    variants = list(dict.fromkeys(v for e in parts for v in e.variants if v != main.name))
    documents = list(dict.fromkeys(d for e in parts for d in e.documents))
    return Entity(id=main.id, name=main.name, type=main.type, variants=variants,
                  mentions=sum(e.mentions for e in parts), documents=documents)


def open_store(url: str) -> Store:
    """Open the store at ``url``: a SQLite file path (default) or ``postgresql://...``."""
    if url.startswith(("postgresql://", "postgres://")):
        try:
            from newsfuse.store.postgres import PostgresStore
        except ImportError as exc:  # pragma: no cover - depends on extras
            raise StoreError("PostgreSQL needs the [postgres] extra: pip install 'newsfuse[postgres]'") from exc
        return PostgresStore(url)
    from newsfuse.store.sqlite import SQLiteStore

    return SQLiteStore(url.removeprefix("sqlite:///"))
