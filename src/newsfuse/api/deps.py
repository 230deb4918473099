"""What every handler needs: the settings, a store, the write token check, pagination."""
from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Header, Query, Request
from pydantic import BaseModel

from newsfuse.api.errors import APIError
from newsfuse.config import Settings
from newsfuse.store import Store, StoreError, open_store

MAX_LIMIT = 200
T = TypeVar("T")


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> Iterator[Store]:
    """One store connection per request: SQLite connections must not be shared across threads."""
    try:
        store = open_store(request.app.state.settings.db)
    except StoreError as exc:
        raise APIError(503, f"The store is not available: {exc}") from exc
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def require_token(request: Request,
                  authorization: Annotated[str | None, Header(description="`Bearer <token>`")] = None,
                  x_api_token: Annotated[str | None, Header(description="The token (alternative)")] = None) -> None:
    """Writes need ``settings.api_token``, sent as ``Authorization: Bearer <token>`` or ``X-API-Token``."""
    expected = request.app.state.settings.api_token
    if not expected:
        raise APIError(403, "Writes are disabled on this server: start it with `newsfuse serve --token SECRET` "
                            "(or set NEWSFUSE_API_TOKEN) and send `Authorization: Bearer SECRET`.")
    given = x_api_token
    if authorization:
        scheme, _, value = authorization.partition(" ")
        given = value.strip() if scheme.lower() == "bearer" else None
    if not given:
        raise APIError(401, "This endpoint needs the API token: send `Authorization: Bearer <token>`.",
                       headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise APIError(401, "The API token is wrong. Use the token the server was started with (--token).",
                       headers={"WWW-Authenticate": "Bearer"})


WriteAccess = Depends(require_token)


@dataclass(frozen=True)
class Window:
    """Which slice of a list was asked for (``limit`` + ``cursor`` or ``offset``)."""

    limit: int
    offset: int


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        offset = int(value)
        if kind != "o" or offset < 0:
            raise ValueError(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise APIError(400, "The cursor is not valid: pass the `next_cursor` of the previous page unchanged, "
                            "or drop it to start from the beginning.") from None
    return offset


def window(limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1-200).")] = 20,
           cursor: Annotated[str | None, Query(max_length=100, description="`next_cursor` of the previous page.")]
           = None,
           offset: Annotated[int | None, Query(ge=0, description="Skip this many items (instead of a cursor).")]
           = None) -> Window:
    if cursor is not None and offset is not None:
        raise APIError(400, "Give either `cursor` or `offset`, not both.")
    return Window(limit=limit, offset=decode_cursor(cursor) if cursor else (offset or 0))


WindowDep = Annotated[Window, Depends(window)]


class Page(BaseModel, Generic[T]):
    """One page of a list. Fetch the next with ``?cursor=<next_cursor>`` (null on the last page)."""

    items: list[T]
    limit: int
    offset: int
    next_cursor: str | None = None
    next: str | None = None  # the URL of the next page, for convenience


def page(request: Request, w: Window, fetched: list[Any]) -> dict:
    """Build a Page from ``w.limit + 1`` fetched items (the extra one says whether a next page exists)."""
    more = len(fetched) > w.limit
    items = fetched[: w.limit]
    body: dict = {"items": items, "limit": w.limit, "offset": w.offset, "next_cursor": None, "next": None}
    if more:
        body["next_cursor"] = encode_cursor(w.offset + w.limit)
        params = {k: v for k, v in request.query_params.items() if k not in ("cursor", "offset")}
        params["cursor"] = body["next_cursor"]
        body["next"] = f"{request.url.path}?{urlencode(params)}"
    return body
