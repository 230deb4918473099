"""What only the PostgreSQL backend adds: search stemmed in each document's language, safe concurrent opening."""
from __future__ import annotations

import threading

import pytest

from newsfuse.store.migrations import POSTGRES_MIGRATIONS
from newsfuse.store.postgres import PostgresStore, tsquery_text

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(postgres_url):
    store = PostgresStore(postgres_url)
    yield store
    store.close()


def test_search_is_stemmed_in_the_document_language(pg, make_doc):
    pg.put_document(make_doc("en", "The leaders held summits and signed treaties.", language="en"))
    pg.put_document(make_doc("de", "Die Gipfeltreffen der Staatschefs fanden in Pjöngjang statt.", language="de"))
    assert [h.document for h in pg.search("summit")] == ["en"]  # english stemmer: summits -> summit
    assert [h.document for h in pg.search("treaty")] == ["en"]
    assert [h.document for h in pg.search("Gipfeltreffen")] == ["de"]
    assert [h.document for h in pg.search("Staatschef")] == ["de"]  # german stemmer
    assert pg.ts_config("de") == "german" and pg.ts_config("en") == "english"
    assert pg.ts_config("ko") == "simple" and pg.ts_config("und") == "simple"


def test_title_ranks_above_body(pg, make_doc):
    pg.put_document(make_doc("body", "Long text that mentions Pyongyang once.", title="Other news"))
    pg.put_document(make_doc("title", "Nothing here.", title="Pyongyang summit"))
    assert [h.document for h in pg.search("Pyongyang")] == ["title", "body"]


def test_many_processes_open_a_fresh_database_at_once(postgres_url):
    # migrations take an advisory lock: parallel first opens must not fail on "table exists"
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            PostgresStore(postgres_url).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with PostgresStore(postgres_url) as store:
        assert store.schema_version == len(POSTGRES_MIGRATIONS)


def test_tsquery_text_is_safe():
    assert tsquery_text("Putin Kim*") == "putin & kim:*"
    assert tsquery_text("a:b & | !") == "a & b"
    assert tsquery_text("*") == ""


def test_unreachable_server_gives_a_store_error():
    from newsfuse.store import StoreError

    with pytest.raises(StoreError, match="cannot connect") as info:
        PostgresStore("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(info.value)
