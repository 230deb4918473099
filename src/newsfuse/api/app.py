"""The FastAPI application: REST API under /api/v1, web UI at /, API docs at /docs.

    >>> from newsfuse.api.app import create_app
    >>> app = create_app(Settings.load(db="newsfuse.db"))  # doctest: +SKIP
    >>> uvicorn.run(app)  # doctest: +SKIP

``newsfuse serve --db FILE [--host] [--port] [--token]`` does exactly that.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from newsfuse import __version__
from newsfuse.api import docs, v1, web
from newsfuse.api.errors import ContentLengthLimit, install_error_handlers
from newsfuse.api.security import SecurityHeaders
from newsfuse.config import Settings

STATIC = Path(__file__).parent / "static"
DEFAULT_MAX_BODY = 10_000_000  # bytes; override with Settings.extra["api_max_body"]

DESCRIPTION = """newsfuse turns news articles in any language into cited stories.

* Read: documents, stories (full detail = the JSON export), entities, quotes, claims, conflicts, search.
* Lists are paginated: `?limit=20`, then `?cursor=<next_cursor>` from the previous page (or `?offset=`).
* Writes (`POST /api/v1/documents`) need the server's token: `Authorization: Bearer <token>`.
* Errors are JSON: `{"error": {"status", "code", "message"}}` — the message says what to do.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app over the store ``settings.db`` (opened per request, so the file may change under it)."""
    settings = settings or Settings.load()
    max_body = int(settings.extra.get("api_max_body", DEFAULT_MAX_BODY))
    app = FastAPI(title="newsfuse", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None,
                  openapi_tags=[{"name": "stories", "description": "Events reported by several sources."},
                                {"name": "documents", "description": "Stored articles; ingest new ones."},
                                {"name": "entities", "description": "People, places, organisations."},
                                {"name": "statements", "description": "Quotes, claims and conflicts."},
                                {"name": "search", "description": "Full-text search."},
                                {"name": "meta", "description": "Index, counts, failed inputs."}])
    app.state.settings = settings
    install_error_handlers(app, web.html_error, max_body)
    app.add_middleware(ContentLengthLimit, max_bytes=max_body)
    app.add_middleware(SecurityHeaders)  # outermost: error answers get the headers too
    # The limit sits on the routes (not the app) so that ContentLengthLimit answers first, in JSON.
    app.include_router(v1.router, max_body_size=max_body)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs(request: Request):
        """Every endpoint of the OpenAPI schema, rendered here (no CDN, works offline)."""
        return web.render(request, "docs.html", groups=docs.endpoints(app.openapi()), info=app.openapi()["info"])

    @app.get("/healthz", include_in_schema=False)
    def health() -> JSONResponse:
        return JSONResponse({"ok": True})

    return app
