"""A temp SQLite store holding the hand-made fixture digest, and a TestClient over the app."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.model import Digest
from newsfuse.store.sqlite import SQLiteStore

FIXTURE = Path(__file__).parents[1] / "fixtures" / "api" / "digest.json"
TOKEN = "s3cret-token"


@pytest.fixture(scope="session")
def digest() -> Digest:
    return Digest.model_validate_json(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture()
def db_path(tmp_path, digest) -> str:
    path = str(tmp_path / "api.db")
    store = SQLiteStore(path)
    store.put_documents(digest.documents)
    store.replace_stories(digest.stories, digest.entities)
    store.close()
    return path


def make_client(db: str, **settings):
    with warnings.catch_warnings():  # starlette's TestClient warns about httpx; harmless here
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from newsfuse.api.app import create_app

    return TestClient(create_app(Settings(db=db, **settings)))


@pytest.fixture()
def client_factory():
    """``client_factory(db, **settings)`` — a TestClient over an app with other settings."""
    return make_client


@pytest.fixture()
def client(db_path):
    return make_client(db_path, api_token=TOKEN)


@pytest.fixture()
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
