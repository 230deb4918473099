"""Schema migrations, applied in order and recorded in ``schema_migrations``.

Never edit a released migration: add a new one.
"""

SQLITE_MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, source TEXT, url TEXT, canonical_url TEXT, content_hash TEXT NOT NULL,
    language TEXT, outlet TEXT, title TEXT, published TEXT, story TEXT, data TEXT NOT NULL, added_at TEXT);
CREATE INDEX documents_hash ON documents (content_hash);
CREATE INDEX documents_url ON documents (canonical_url);
CREATE INDEX documents_story ON documents (story);
CREATE VIRTUAL TABLE documents_fts USING fts5 (id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE stories (
    id TEXT PRIMARY KEY, title TEXT, size INTEGER, disputed INTEGER, first_published TEXT,
    last_published TEXT, data TEXT NOT NULL);
CREATE TABLE entities (id TEXT PRIMARY KEY, name TEXT, type TEXT, mentions INTEGER, data TEXT NOT NULL);
CREATE TABLE story_entities (story TEXT, entity TEXT, PRIMARY KEY (story, entity));
CREATE TABLE quotes (story TEXT, document TEXT, speaker TEXT, data TEXT NOT NULL);
CREATE TABLE claims (id TEXT PRIMARY KEY, story TEXT, document TEXT, data TEXT NOT NULL);
CREATE TABLE errors (
    id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT UNIQUE, reason TEXT, stage TEXT, at TEXT, attempts INTEGER);
CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT)
"""),
    (2, """
CREATE TABLE story_index (doc_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, record BLOB NOT NULL);
CREATE INDEX story_index_story ON story_index (story_id);
ALTER TABLE story_entities ADD COLUMN mentions INTEGER DEFAULT 0;
ALTER TABLE story_entities ADD COLUMN data TEXT;
CREATE INDEX story_entities_entity ON story_entities (entity)
"""),
]

# PostgreSQL: the same tables; JSONB documents, a language-aware tsvector per
# document (stemmed with the document's text search configuration, plus a
# ``simple`` one so that names and words of unsupported languages match as
# written), and ``COLLATE "C"`` on ordered text so that ordering matches SQLite.
POSTGRES_MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE documents (
    seq BIGSERIAL UNIQUE, id TEXT COLLATE "C" PRIMARY KEY, source TEXT, url TEXT, canonical_url TEXT,
    content_hash TEXT NOT NULL, language TEXT, outlet TEXT, title TEXT, published TEXT COLLATE "C",
    story TEXT, body TEXT, data JSONB NOT NULL, added_at TEXT, ts_config REGCONFIG NOT NULL DEFAULT 'simple',
    tsv TSVECTOR NOT NULL DEFAULT ''::tsvector);
CREATE INDEX documents_hash ON documents (content_hash);
CREATE INDEX documents_url ON documents (canonical_url);
CREATE INDEX documents_story ON documents (story);
CREATE INDEX documents_tsv ON documents USING GIN (tsv);
CREATE TABLE stories (
    id TEXT COLLATE "C" PRIMARY KEY, title TEXT, size INTEGER, disputed INTEGER,
    first_published TEXT COLLATE "C", last_published TEXT COLLATE "C", data JSONB NOT NULL);
CREATE TABLE entities (id TEXT COLLATE "C" PRIMARY KEY, name TEXT, type TEXT, mentions INTEGER, data JSONB NOT NULL);
CREATE INDEX entities_type ON entities (type);
CREATE TABLE story_entities (story TEXT COLLATE "C", entity TEXT COLLATE "C", PRIMARY KEY (story, entity));
CREATE INDEX story_entities_entity ON story_entities (entity);
CREATE TABLE quotes (seq BIGSERIAL PRIMARY KEY, story TEXT, document TEXT, speaker TEXT, data JSONB NOT NULL);
CREATE INDEX quotes_story ON quotes (story);
CREATE TABLE claims (seq BIGSERIAL UNIQUE, id TEXT PRIMARY KEY, story TEXT, document TEXT, data JSONB NOT NULL);
CREATE INDEX claims_story ON claims (story);
CREATE TABLE errors (
    id BIGSERIAL PRIMARY KEY, source TEXT UNIQUE, reason TEXT, stage TEXT, at TEXT, attempts INTEGER);
CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT)
"""),
    (2, """
CREATE TABLE story_index (seq BIGSERIAL UNIQUE, doc_id TEXT COLLATE "C" PRIMARY KEY, story_id TEXT NOT NULL,
    record BYTEA NOT NULL);
CREATE INDEX story_index_story ON story_index (story_id);
ALTER TABLE story_entities ADD COLUMN mentions INTEGER DEFAULT 0;
ALTER TABLE story_entities ADD COLUMN data JSONB
"""),
]
