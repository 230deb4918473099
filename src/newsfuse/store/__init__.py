"""Persistence: one interface (``Store``), two backends (SQLite default, PostgreSQL for teams)."""
from newsfuse.store.base import Store, StoreError, open_store

__all__ = ["Store", "StoreError", "open_store"]
