"""The team store: PostgreSQL via psycopg 3, JSONB documents, language-aware full-text search.

Same behaviour as ``SQLiteStore`` (the behavioural tests in ``tests/store``
run against both). What PostgreSQL adds:

* many writers at once: every write is one transaction of upserts, story
  replacement and migrations are serialised with advisory locks, and
  deadlocks or serialisation failures are retried;
* full-text search stemmed per document language: each document's
  ``tsvector`` is built with the text search configuration of its language
  (``de`` -> ``german``; found through CLDR language names, so every
  configuration the server has is used) plus a ``simple`` one for names
  and unsupported languages; a query is parsed with every configuration in
  use and OR-ed, so "Gipfeltreffen" finds German articles and "summits"
  English ones.

    >>> store = PostgresStore("postgresql://newsfuse@localhost/newsfuse")  # doctest: +SKIP
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from functools import wraps

import psycopg
from psycopg.types.json import Jsonb

from newsfuse.model import Document, Entity, IngestError, Story
from newsfuse.store.base import SearchHit, Store, StoreError, StoredError, merge_entity_parts
from newsfuse.store.keys import canonical_url, content_hash
from newsfuse.store.migrations import POSTGRES_MIGRATIONS

ORDERS = {
    "newest": "last_published IS NULL, last_published DESC, size DESC, id",
    "biggest": "size DESC, last_published DESC NULLS LAST, id",
    "disputed": "disputed DESC, size DESC, id",
}
# Advisory lock keys (any fixed 64-bit numbers, unique to newsfuse).
_MIGRATE_LOCK = 0x6E657773_0001
_STORIES_LOCK = 0x6E657773_0002
# A tsvector is limited to 1 MB; index at most this much of a body.
_MAX_INDEXED_CHARS = 300_000
_RETRIES = 5


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _retrying(method):
    """Serialise calls on this store's connection and retry transient conflicts with other writers."""

    @wraps(method)
    def wrapper(self: "PostgresStore", *args, **kwargs):
        for attempt in range(_RETRIES):
            try:
                with self._lock:
                    return method(self, *args, **kwargs)
            except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure):
                if attempt == _RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


class PostgresStore(Store):
    """PostgreSQL backend; ``url`` is a libpq URL such as ``postgresql://user@host:5432/db``.

    One connection per store (autocommit, explicit transactions). A store
    object may be shared between threads; separate processes open their own.
    """

    def __init__(self, url: str):
        self.url = url
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {_redact(url)}: {str(exc).strip()}. "
                             "Check that the server runs and the URL (user, host, port, database).") from exc
        self._lock = threading.RLock()
        self._migrate()
        self._configs = {r[0] for r in self.conn.execute("SELECT cfgname FROM pg_ts_config")}

    # schema -------------------------------------------------------------
    def _migrate(self) -> None:
        with self.conn.transaction():
            # Two processes opening a fresh database at once must not both migrate it.
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                              " applied_at TEXT)")
            done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
            for version, sql in POSTGRES_MIGRATIONS:
                if version in done:
                    continue
                for statement in filter(str.strip, sql.split(";\n")):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_migrations VALUES (%s, %s)", (version, _now()))

    @property
    def schema_version(self) -> int:
        return self._one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")

    def _one(self, sql: str, args=()):
        with self._lock:
            row = self.conn.execute(sql, args).fetchone()
        return row[0] if row else None

    def _rows(self, sql: str, args=()) -> list[tuple]:
        with self._lock:
            return self.conn.execute(sql, args).fetchall()

    def ts_config(self, language: str | None) -> str:
        """The text search configuration for an ISO 639-1 code ("de" -> "german"), else "simple"."""
        if not language or language == "und":
            return "simple"
        try:
            from babel import Locale

            name = Locale("en").languages.get(language.split("-")[0].lower(), "")
        except Exception:  # babel missing or odd code: fall back to unstemmed search
            name = ""
        name = name.lower()
        return name if name in self._configs else "simple"

    # documents ----------------------------------------------------------
    def find_duplicate(self, doc: Document) -> str | None:
        found = self._one("SELECT id FROM documents WHERE content_hash = %s LIMIT 1", (content_hash(doc),))
        if found:
            return found
        url = canonical_url(doc.url or doc.hints.get("url"))
        if url:
            return self._one("SELECT id FROM documents WHERE canonical_url = %s LIMIT 1", (url,))
        return None

    @_retrying
    def put_document(self, doc: Document) -> None:
        body = doc.body
        config = self.ts_config(doc.language)
        title, indexed = doc.title or "", body[:_MAX_INDEXED_CHARS]
        with self.conn.transaction():
            # An upsert keeps seq (insertion order) and added_at of a document stored before.
            self.conn.execute(
                "INSERT INTO documents (id, source, url, canonical_url, content_hash, language, outlet, title,"
                " published, story, body, data, added_at, ts_config, tsv)"
                " VALUES (%(id)s, %(source)s, %(url)s, %(curl)s, %(hash)s, %(lang)s, %(outlet)s, %(title)s,"
                " %(published)s, %(story)s, %(body)s, %(data)s, %(now)s, %(cfg)s::regconfig,"
                " setweight(to_tsvector(%(cfg)s::regconfig, %(ttitle)s), 'A')"
                " || setweight(to_tsvector(%(cfg)s::regconfig, %(indexed)s), 'B')"
                " || setweight(to_tsvector('simple', %(ttitle)s), 'C')"
                " || setweight(to_tsvector('simple', %(indexed)s), 'D'))"
                " ON CONFLICT (id) DO UPDATE SET source = EXCLUDED.source, url = EXCLUDED.url,"
                " canonical_url = EXCLUDED.canonical_url, content_hash = EXCLUDED.content_hash,"
                " language = EXCLUDED.language, outlet = EXCLUDED.outlet, title = EXCLUDED.title,"
                " published = EXCLUDED.published, story = EXCLUDED.story, body = EXCLUDED.body,"
                " data = EXCLUDED.data, ts_config = EXCLUDED.ts_config, tsv = EXCLUDED.tsv",
                {"id": doc.id, "source": doc.source, "url": doc.url,
                 "curl": canonical_url(doc.url or doc.hints.get("url")), "hash": content_hash(doc),
                 "lang": doc.language, "outlet": doc.outlet, "title": doc.title, "published": doc.published,
                 "story": doc.story, "body": body, "data": Jsonb(doc.model_dump(mode="json")), "now": _now(),
                 "cfg": config, "ttitle": title, "indexed": indexed})

    def get_document(self, doc_id: str) -> Document | None:
        data = self._one("SELECT data FROM documents WHERE id = %s", (doc_id,))
        return Document.model_validate(data) if data is not None else None

    def iter_documents(self, page: int = 500) -> Iterator[Document]:
        # Keyset pages instead of one open cursor: no long transaction, and the
        # caller may write to the store while iterating.
        last = 0
        while True:
            rows = self._rows("SELECT seq, data FROM documents WHERE seq > %s ORDER BY seq LIMIT %s", (last, page))
            for seq, data in rows:
                last = seq
                yield Document.model_validate(data)
            if len(rows) < page:
                return

    def list_documents(self, limit: int = 50, offset: int = 0, story: str | None = None) -> list[Document]:
        if story:
            rows = self._rows("SELECT data FROM documents WHERE story = %s ORDER BY published NULLS FIRST, id"
                              " LIMIT %s OFFSET %s", (story, limit, offset))
        else:
            rows = self._rows("SELECT data FROM documents ORDER BY seq LIMIT %s OFFSET %s", (limit, offset))
        return [Document.model_validate(r[0]) for r in rows]

    # stories and entities -------------------------------------------------
    @_retrying
    def replace_stories(self, stories: list[Story], entities: list[Entity]) -> None:
        with self.conn.transaction(), self.conn.cursor() as cur:
            # Two writers rebuilding stories at once would interleave deletes and inserts.
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_STORIES_LOCK,))
            for table in ("stories", "story_entities", "entities", "quotes", "claims"):  # DELETE, not TRUNCATE:
                cur.execute(f"DELETE FROM {table}")  # readers keep seeing the old stories until commit
            cur.executemany("INSERT INTO entities (id, name, type, mentions, data) VALUES (%s, %s, %s, %s, %s)",
                            [(e.id, e.name, e.type, e.mentions, Jsonb(e.model_dump(mode="json"))) for e in entities])
            self._insert_stories(cur, stories)

    # streaming story index ------------------------------------------------
    supports_story_index = True

    def _insert_stories(self, cur, stories: list[Story]) -> None:
        """Rows of ``stories`` and everything hanging off them (caller holds the stories lock)."""
        cur.executemany(
            "INSERT INTO stories (id, title, size, disputed, first_published, last_published, data)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title,"
            " size = EXCLUDED.size, disputed = EXCLUDED.disputed, first_published = EXCLUDED.first_published,"
            " last_published = EXCLUDED.last_published, data = EXCLUDED.data",
            [(s.id, s.title, len(s.documents), len(s.conflicts), s.first_published, s.last_published,
              Jsonb(s.model_dump(mode="json"))) for s in stories])
        cur.executemany("INSERT INTO story_entities (story, entity, mentions, data) VALUES (%s, %s, %s, %s)"
                        " ON CONFLICT (story, entity) DO UPDATE SET mentions = EXCLUDED.mentions, data = EXCLUDED.data",
                        [(s.id, e.id, e.mentions, Jsonb(e.model_dump(mode="json")))
                         for s in stories for e in s.entities])
        cur.executemany("INSERT INTO quotes (story, document, speaker, data) VALUES (%s, %s, %s, %s)",
                        [(s.id, q.document, q.speaker, Jsonb(q.model_dump(mode="json")))
                         for s in stories for q in s.quotes])
        cur.executemany("INSERT INTO claims (id, story, document, data) VALUES (%s, %s, %s, %s)"
                        " ON CONFLICT (id) DO UPDATE SET story = EXCLUDED.story, document = EXCLUDED.document,"
                        " data = EXCLUDED.data",
                        [(c.id, s.id, c.document, Jsonb(c.model_dump(mode="json"))) for s in stories for c in s.claims])
        # Sorted so that concurrent writers lock document rows in the same order; the JSON copy
        # follows too, so get_document() tells the story it belongs to.
        cur.executemany("UPDATE documents SET story = %s, data = jsonb_set(data, '{story}', to_jsonb(%s::text))"
                        " WHERE id = %s",
                        sorted(((s.id, s.id, d) for s in stories for d in s.documents), key=lambda r: r[2]))

    @_retrying
    def update_stories(self, stories: list[Story], removed: Iterable[str] = ()) -> None:
        gone = sorted(set(removed) | {s.id for s in stories})
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_STORIES_LOCK,))
            cur.execute("SELECT DISTINCT entity FROM story_entities WHERE story = ANY(%s)", (gone,))
            touched = {r[0] for r in cur.fetchall()} | {e.id for s in stories for e in s.entities}
            for table, column in (("stories", "id"), ("story_entities", "story"), ("quotes", "story"),
                                  ("claims", "story")):
                cur.execute(f"DELETE FROM {table} WHERE {column} = ANY(%s)", (gone,))
            self._insert_stories(cur, stories)
            for entity_id in sorted(touched):
                self._recompute_entity(cur, entity_id)

    def _recompute_entity(self, cur, entity_id: str) -> None:
        """The global row of an entity = its per-story rows added up (exact counts, all variants)."""
        cur.execute("SELECT data FROM story_entities WHERE entity = %s AND data IS NOT NULL ORDER BY story",
                    (entity_id,))
        parts = [Entity.model_validate(r[0]) for r in cur.fetchall()]
        cur.execute("DELETE FROM entities WHERE id = %s", (entity_id,))
        if parts:
            e = merge_entity_parts(parts)
            cur.execute("INSERT INTO entities (id, name, type, mentions, data) VALUES (%s, %s, %s, %s, %s)",
                        (e.id, e.name, e.type, e.mentions, Jsonb(e.model_dump(mode="json"))))

    @_retrying
    def put_index_records(self, records: list[tuple[str, str, bytes]]) -> None:
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.executemany("INSERT INTO story_index (doc_id, story_id, record) VALUES (%s, %s, %s)"
                            " ON CONFLICT (doc_id) DO UPDATE SET story_id = EXCLUDED.story_id,"
                            " record = EXCLUDED.record", records)

    def iter_index_records(self, page: int = 2000) -> Iterator[tuple[str, str, bytes]]:
        last = 0
        while True:
            rows = self._rows("SELECT seq, doc_id, story_id, record FROM story_index WHERE seq > %s"
                              " ORDER BY seq LIMIT %s", (last, page))
            for seq, doc_id, story_id, record in rows:
                last = seq
                yield doc_id, story_id, bytes(record)
            if len(rows) < page:
                return

    def get_story(self, story_id: str) -> Story | None:
        data = self._one("SELECT data FROM stories WHERE id = %s", (story_id,))
        return Story.model_validate(data) if data is not None else None

    def list_stories(self, limit: int = 50, offset: int = 0, order: str = "newest") -> list[Story]:
        if order not in ORDERS:
            raise ValueError(f"order must be one of {', '.join(ORDERS)}")
        rows = self._rows(f"SELECT data FROM stories ORDER BY {ORDERS[order]} LIMIT %s OFFSET %s", (limit, offset))
        return [Story.model_validate(r[0]) for r in rows]

    def get_entity(self, entity_id: str) -> Entity | None:
        data = self._one("SELECT data FROM entities WHERE id = %s", (entity_id,))
        return Entity.model_validate(data) if data is not None else None

    def list_entities(self, limit: int = 50, offset: int = 0, type: str | None = None) -> list[Entity]:
        sql, args = "SELECT data FROM entities", []
        if type:
            sql, args = sql + " WHERE type = %s", [type]
        rows = self._rows(sql + " ORDER BY mentions DESC, id LIMIT %s OFFSET %s", (*args, limit, offset))
        return [Entity.model_validate(r[0]) for r in rows]

    def stories_of_entity(self, entity_id: str) -> list[Story]:
        rows = self._rows("SELECT s.data FROM stories s JOIN story_entities se ON se.story = s.id"
                          " WHERE se.entity = %s ORDER BY s.size DESC, s.id", (entity_id,))
        return [Story.model_validate(r[0]) for r in rows]

    def list_quotes(self, limit: int = 50, offset: int = 0, story: str | None = None) -> list[dict]:
        return self._items("quotes", limit, offset, story)

    def list_claims(self, limit: int = 50, offset: int = 0, story: str | None = None) -> list[dict]:
        return self._items("claims", limit, offset, story)

    def _items(self, table: str, limit: int, offset: int, story: str | None) -> list[dict]:
        sql, args = f"SELECT story, data FROM {table}", []
        if story:
            sql, args = sql + " WHERE story = %s", [story]
        rows = self._rows(sql + " ORDER BY seq LIMIT %s OFFSET %s", (*args, limit, offset))
        return [{"story": r[0], **r[1]} for r in rows]

    # search, errors, state ----------------------------------------------
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        terms = tsquery_text(query)
        if not terms:
            return []
        configs = sorted({r[0] for r in self._rows("SELECT DISTINCT ts_config::text FROM documents")} | {"simple"})
        tsquery = " || ".join("to_tsquery(%s::regconfig, %s)" for _ in configs)
        args = [x for c in configs for x in (c, terms)]
        rows = self._rows(
            f"WITH q AS (SELECT {tsquery} AS q),"
            " hits AS (SELECT d.seq, d.id, d.title, d.body, d.ts_config, ts_rank_cd(d.tsv, q.q) AS rank"
            "          FROM documents d, q WHERE d.tsv @@ q.q ORDER BY rank DESC, d.seq LIMIT %s OFFSET %s)"
            " SELECT hits.id, hits.title, ts_headline(hits.ts_config, COALESCE(hits.body, ''), q.q,"
            "        'StartSel=[, StopSel=], MaxWords=20, MinWords=8, MaxFragments=1, FragmentDelimiter=\" … \"'),"
            "        hits.rank FROM hits, q ORDER BY hits.rank DESC, hits.seq",
            (*args, limit, offset))
        return [SearchHit(document=r[0], title=r[1] or None, snippet=r[2], score=float(r[3])) for r in rows]

    @_retrying
    def record_error(self, error: IngestError) -> None:
        self.conn.execute(
            "INSERT INTO errors (source, reason, stage, at, attempts) VALUES (%s, %s, %s, %s, 1)"
            " ON CONFLICT (source) DO UPDATE SET reason = EXCLUDED.reason, stage = EXCLUDED.stage,"
            " at = EXCLUDED.at, attempts = errors.attempts + 1",
            (error.source, error.reason, error.stage, _now()))

    @_retrying
    def clear_error(self, source: str) -> None:
        self.conn.execute("DELETE FROM errors WHERE source = %s", (source,))

    def list_errors(self) -> list[StoredError]:
        rows = self._rows("SELECT id, source, reason, stage, at, attempts FROM errors ORDER BY id")
        return [StoredError(*r) for r in rows]

    def get_state(self, key: str) -> str | None:
        return self._one("SELECT value FROM state WHERE key = %s", (key,))

    @_retrying
    def set_state(self, key: str, value: str) -> None:
        self.conn.execute("INSERT INTO state (key, value) VALUES (%s, %s)"
                          " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (key, value))

    def counts(self) -> dict[str, int]:
        row = self._rows(
            "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM stories),"
            " (SELECT COUNT(*) FROM entities), (SELECT COUNT(*) FROM quotes), (SELECT COUNT(*) FROM claims),"
            " (SELECT COALESCE(SUM(disputed), 0) FROM stories), (SELECT COUNT(*) FROM errors)")[0]
        keys = ("documents", "stories", "entities", "quotes", "claims", "conflicts", "errors")
        return {k: int(v) for k, v in zip(keys, row)}

    def close(self) -> None:
        with self._lock:
            self.conn.close()


_WORD = re.compile(r"\w+", re.UNICODE)


def tsquery_text(query: str) -> str:
    """User text -> a safe ``to_tsquery`` string: words AND-ed, a trailing ``*`` kept as a prefix match.

    >>> tsquery_text("Putin Kim*")
    'putin & kim:*'
    >>> tsquery_text("'); DROP TABLE x; --")
    'drop & table & x'
    """
    parts = []
    for word in query.split():
        pieces = _WORD.findall(word.lower())
        if not pieces:
            continue
        if word.endswith("*"):
            pieces[-1] += ":*"
        parts.extend(pieces)
    return " & ".join(parts)


def _redact(url: str) -> str:
    """The URL without its password, for error messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)
