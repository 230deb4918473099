"""Error bodies that say what to do, and the request size limit.

Every error of the REST API is JSON::

    {"error": {"status": 404, "code": "not_found", "message": "No story 'x'. List stories at /api/v1/stories."}}

Web UI paths get the same message as an HTML page instead. Request bodies
are limited by FastAPI's ``max_body_size`` (413 with the message below).
"""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

API_PREFIX = "/api/"

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid_input",
          500: "internal_error"}


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorBody(BaseModel):
    """The body of every 4xx/5xx answer of the REST API."""

    error: ErrorDetail


class APIError(Exception):
    """Raised by handlers: becomes a JSON (API) or HTML (UI) error with ``message``."""

    def __init__(self, status: int, message: str, details: list[dict] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.details, self.headers = status, message, details, headers


def error_json(status: int, message: str, details: list[dict] | None = None,
               headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(status=status, code=_CODES.get(status, "error"), message=message,
                                       details=details))
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers)


def _describe_validation(errors: list[dict]) -> tuple[str, list[dict]]:
    """One readable sentence for the first problems, plus the list of all of them."""
    details, parts = [], []
    for e in errors:
        if e.get("type") == "json_invalid":
            where = e.get("loc", ("body", 0))[-1]
            problem = f"the body is not valid JSON ({e.get('ctx', {}).get('error', 'syntax error')} at character {where})"
            details.append({"field": "body", "problem": problem})
            parts.append(problem)
            continue
        where = [str(p) for p in e.get("loc", ()) if p not in ("body", "query", "path", "header")]
        field = ".".join(where) or str(e.get("loc", ["request"])[0])
        problem = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        details.append({"field": field, "problem": problem})
        parts.append(f"{field}: {problem}")
    message = "Invalid input — " + "; ".join(parts[:3]) + (" …" if len(parts) > 3 else "")
    return message + ". Fix the request and retry (see /docs).", details


def install_error_handlers(app: FastAPI, html_error, max_body_bytes: int) -> None:
    """JSON errors under /api/, ``html_error(request, status, message)`` pages elsewhere."""

    def respond(request: Request, status: int, message: str, details=None, headers=None) -> Response:
        if request.url.path.startswith(API_PREFIX) or request.url.path == "/openapi.json":
            return error_json(status, message, details, headers)
        return html_error(request, status, message)

    @app.exception_handler(APIError)
    async def _api_error(request: Request, exc: APIError):
        return respond(request, exc.status, exc.message, exc.details, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        message, details = _describe_validation(list(exc.errors()))
        return respond(request, 422, message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"Nothing at {request.url.path}. The API index is /api/v1 and the documentation /docs."
        elif exc.status_code == 413:
            message = too_large_message(max_body_bytes)
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}. See /docs for the methods it takes."
        return respond(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):  # pragma: no cover - safety net
        return respond(request, 500, f"Internal error ({type(exc).__name__}). The server log has the details.")


def too_large_message(max_bytes: int) -> str:
    return (f"The request body is larger than {max_bytes / 1_000_000:g} MB. "
            "Send fewer or smaller documents per request (split the batch).")


class ContentLengthLimit:
    """Refuse a declared Content-Length above the limit with a JSON 413, before anything reads the body.

    FastAPI's ``max_body_size`` counts streamed bodies too but answers a
    too-large declared length in plain text; this keeps every error JSON.
    """

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            declared = dict(scope.get("headers") or []).get(b"content-length", b"0")
            try:
                size = int(declared)
            except ValueError:
                await error_json(400, "The Content-Length header is not a number.")(scope, receive, send)
                return
            if size > self.max_bytes:
                await error_json(413, too_large_message(self.max_bytes))(scope, receive, send)
                return
        await self.app(scope, receive, send)
