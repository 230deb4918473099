"""The embedded default store: one SQLite file, WAL mode, FTS5 full-text index."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from newsfuse.model import Document, Entity, IngestError, Story
from newsfuse.store.base import SearchHit, Store, StoreError, StoredError, merge_entity_parts
from newsfuse.store.keys import canonical_url, content_hash
from newsfuse.store.migrations import SQLITE_MIGRATIONS

ORDERS = {
    "newest": "last_published IS NULL, last_published DESC, size DESC, id",
    "biggest": "size DESC, last_published DESC, id",
    "disputed": "disputed DESC, size DESC, id",
}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SQLiteStore(Store):
    """SQLite backend. ``path`` may be ``:memory:`` for tests."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.exists():
                raise StoreError(f"cannot create the database {self.path}: folder {parent} does not exist")
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the database {self.path}: {exc}. Check the path or pass --db.") from exc
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    # schema -------------------------------------------------------------
    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
        done = {r[0] for r in self.db.execute("SELECT version FROM schema_migrations")}
        for version, sql in SQLITE_MIGRATIONS:
            if version in done:
                continue
            with self._tx():
                for statement in filter(str.strip, sql.split(";\n")):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, _now()))

    @property
    def schema_version(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    def _tx(self):
        return _Transaction(self.db)

    # documents ----------------------------------------------------------
    def find_duplicate(self, doc: Document) -> str | None:
        row = self.db.execute("SELECT id FROM documents WHERE content_hash = ?", (content_hash(doc),)).fetchone()
        if row:
            return row[0]
        url = canonical_url(doc.url or doc.hints.get("url"))
        if url:
            row = self.db.execute("SELECT id FROM documents WHERE canonical_url = ?", (url,)).fetchone()
            if row:
                return row[0]
        return None

    def put_document(self, doc: Document) -> None:
        data = doc.model_dump_json()
        with self._tx():
            self.db.execute(
                # an upsert, not INSERT OR REPLACE: the row keeps its rowid, so iteration order stays
                # insertion order, and added_at stays the first ingest time
                "INSERT INTO documents (id, source, url, canonical_url, content_hash, language, outlet,"
                " title, published, story, data, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET source = excluded.source, url = excluded.url,"
                " canonical_url = excluded.canonical_url, content_hash = excluded.content_hash,"
                " language = excluded.language, outlet = excluded.outlet, title = excluded.title,"
                " published = excluded.published, story = excluded.story, data = excluded.data",
                (doc.id, doc.source, doc.url, canonical_url(doc.url or doc.hints.get("url")), content_hash(doc),
                 doc.language, doc.outlet, doc.title, doc.published, doc.story, data, _now()))
            self.db.execute("DELETE FROM documents_fts WHERE id = ?", (doc.id,))
            self.db.execute("INSERT INTO documents_fts (id, title, body) VALUES (?, ?, ?)",
                            (doc.id, doc.title or "", doc.body))

    def get_document(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT data FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return Document.model_validate_json(row[0]) if row else None

    def iter_documents(self) -> Iterator[Document]:
        for row in self.db.execute("SELECT data FROM documents ORDER BY rowid"):
            yield Document.model_validate_json(row[0])

    def list_documents(self, limit: int = 50, offset: int = 0, story: str | None = None) -> list[Document]:
        if story:
            rows = self.db.execute("SELECT data FROM documents WHERE story = ? ORDER BY published, id LIMIT ? OFFSET ?",
                                   (story, limit, offset))
        else:
            rows = self.db.execute("SELECT data FROM documents ORDER BY rowid LIMIT ? OFFSET ?", (limit, offset))
        return [Document.model_validate_json(r[0]) for r in rows]

    # stories and entities -------------------------------------------------
    def replace_stories(self, stories: list[Story], entities: list[Entity]) -> None:
        with self._tx():
            for table in ("stories", "story_entities", "entities", "quotes", "claims"):
                self.db.execute(f"DELETE FROM {table}")
            self.db.executemany("INSERT INTO entities (id, name, type, mentions, data) VALUES (?,?,?,?,?)",
                                [(e.id, e.name, e.type, e.mentions, e.model_dump_json()) for e in entities])
            for s in stories:
                self._insert_story(s)

    supports_story_index = True

    def update_stories(self, stories: list[Story], removed=()) -> None:
        gone = set(removed) | {s.id for s in stories}
        with self._tx():
            touched = {r[0] for sid in gone for r in
                       self.db.execute("SELECT entity FROM story_entities WHERE story = ?", (sid,))}
            for sid in gone:
                for table, column in (("stories", "id"), ("story_entities", "story"), ("quotes", "story"),
                                      ("claims", "story")):
                    self.db.execute(f"DELETE FROM {table} WHERE {column} = ?", (sid,))
            for s in stories:
                self._insert_story(s)
                touched |= {e.id for e in s.entities}
            for entity_id in sorted(touched):
                self._recompute_entity(entity_id)

    def _insert_story(self, s: Story) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO stories (id, title, size, disputed, first_published, last_published, data)"
            " VALUES (?,?,?,?,?,?,?)",
            (s.id, s.title, len(s.documents), len(s.conflicts), s.first_published, s.last_published,
             s.model_dump_json()))
        self.db.executemany("INSERT OR REPLACE INTO story_entities (story, entity, mentions, data) VALUES (?,?,?,?)",
                            [(s.id, e.id, e.mentions, e.model_dump_json()) for e in s.entities])
        self.db.executemany("INSERT INTO quotes (story, document, speaker, data) VALUES (?,?,?,?)",
                            [(s.id, q.document, q.speaker, q.model_dump_json()) for q in s.quotes])
        self.db.executemany("INSERT OR REPLACE INTO claims (id, story, document, data) VALUES (?,?,?,?)",
                            [(c.id, s.id, c.document, c.model_dump_json()) for c in s.claims])
        self.db.executemany("UPDATE documents SET story = ? WHERE id = ?", [(s.id, d) for d in s.documents])

    def _recompute_entity(self, entity_id: str) -> None:
        """The global row of an entity = its per-story rows added up (exact counts, all variants)."""
        parts = [Entity.model_validate_json(r[0]) for r in
                 self.db.execute("SELECT data FROM story_entities WHERE entity = ? AND data IS NOT NULL"
                                 " ORDER BY story", (entity_id,))]
        self.db.execute("DELETE FROM entities WHERE id = ?", (entity_id,))
        if not parts:
            return
        merged = merge_entity_parts(parts)
        self.db.execute("INSERT INTO entities (id, name, type, mentions, data) VALUES (?,?,?,?,?)",
                        (merged.id, merged.name, merged.type, merged.mentions, merged.model_dump_json()))

    def unassigned_document_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents WHERE story IS NULL ORDER BY rowid")]

    def put_index_records(self, records: list[tuple[str, str, bytes]]) -> None:
        with self._tx():
            self.db.executemany("INSERT OR REPLACE INTO story_index (doc_id, story_id, record) VALUES (?,?,?)",
                                records)

    def iter_index_records(self) -> Iterator[tuple[str, str, bytes]]:
        yield from (tuple(r) for r in self.db.execute("SELECT doc_id, story_id, record FROM story_index ORDER BY rowid"))

    def get_story(self, story_id: str) -> Story | None:
        row = self.db.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return Story.model_validate_json(row[0]) if row else None

    def list_stories(self, limit: int = 50, offset: int = 0, order: str = "newest") -> list[Story]:
        if order not in ORDERS:
            raise ValueError(f"order must be one of {', '.join(ORDERS)}")
        rows = self.db.execute(f"SELECT data FROM stories ORDER BY {ORDERS[order]} LIMIT ? OFFSET ?", (limit, offset))
        return [Story.model_validate_json(r[0]) for r in rows]

    def get_entity(self, entity_id: str) -> Entity | None:
        row = self.db.execute("SELECT data FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return Entity.model_validate_json(row[0]) if row else None

    def list_entities(self, limit: int = 50, offset: int = 0, type: str | None = None) -> list[Entity]:
        sql, args = "SELECT data FROM entities", []
        if type:
            sql, args = sql + " WHERE type = ?", [type]
        rows = self.db.execute(sql + " ORDER BY mentions DESC, id LIMIT ? OFFSET ?", (*args, limit, offset))
        return [Entity.model_validate_json(r[0]) for r in rows]

    def stories_of_entity(self, entity_id: str) -> list[Story]:
        rows = self.db.execute("SELECT s.data FROM stories s JOIN story_entities se ON se.story = s.id"
                               " WHERE se.entity = ? ORDER BY s.size DESC, s.id", (entity_id,))
        return [Story.model_validate_json(r[0]) for r in rows]

    def list_quotes(self, limit: int = 50, offset: int = 0, story: str | None = None) -> list[dict]:
        return self._items("quotes", limit, offset, story)

    def list_claims(self, limit: int = 50, offset: int = 0, story: str | None = None) -> list[dict]:
        return self._items("claims", limit, offset, story)

    def _items(self, table: str, limit: int, offset: int, story: str | None) -> list[dict]:
        sql, args = f"SELECT story, data FROM {table}", []
        if story:
            sql, args = sql + " WHERE story = ?", [story]
        rows = self.db.execute(sql + " ORDER BY rowid LIMIT ? OFFSET ?", (*args, limit, offset))
        return [{"story": r[0], **json.loads(r[1])} for r in rows]

    # search, errors, state ----------------------------------------------
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        fts = _fts_query(query)
        if not fts:
            return []
        rows = self.db.execute(
            "SELECT id, title, snippet(documents_fts, 2, '[', ']', ' … ', 12), bm25(documents_fts)"
            " FROM documents_fts WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts) LIMIT ? OFFSET ?",
            (fts, limit, offset))
        return [SearchHit(document=r[0], title=r[1] or None, snippet=r[2], score=-float(r[3])) for r in rows]

    def record_error(self, error: IngestError) -> None:
        with self._tx():
            self.db.execute(
                "INSERT INTO errors (source, reason, stage, at, attempts) VALUES (?,?,?,?,1)"
                " ON CONFLICT(source) DO UPDATE SET reason = excluded.reason, stage = excluded.stage,"
                " at = excluded.at, attempts = attempts + 1",
                (error.source, error.reason, error.stage, _now()))

    def clear_error(self, source: str) -> None:
        with self._tx():
            self.db.execute("DELETE FROM errors WHERE source = ?", (source,))

    def list_errors(self) -> list[StoredError]:
        rows = self.db.execute("SELECT id, source, reason, stage, at, attempts FROM errors ORDER BY id")
        return [StoredError(*r) for r in rows]

    def get_state(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_state(self, key: str, value: str) -> None:
        with self._tx():
            self.db.execute("INSERT INTO state (key, value) VALUES (?, ?)"
                            " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def counts(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT COUNT(*) FROM documents"),
            "stories": one("SELECT COUNT(*) FROM stories"),
            "entities": one("SELECT COUNT(*) FROM entities"),
            "quotes": one("SELECT COUNT(*) FROM quotes"),
            "claims": one("SELECT COUNT(*) FROM claims"),
            "conflicts": one("SELECT COALESCE(SUM(disputed), 0) FROM stories"),
            "errors": one("SELECT COUNT(*) FROM errors"),
        }

    def close(self) -> None:
        self.db.close()


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error (autocommit connection)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *_):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


def _fts_query(query: str) -> str:
    """Turn user text into a safe FTS5 query: each word quoted, implicit AND; ``*`` suffix kept."""
    words = [w for w in query.replace('"', " ").split() if w.strip()]
    return " ".join(f'"{w.rstrip("*")}"' + ("*" if w.endswith("*") else "") for w in words)
