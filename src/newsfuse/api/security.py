"""Response headers that keep ingested text from running as code in a reader's browser.

Articles come from anywhere: a ``url`` of ``javascript:...`` or markup in a
title must never execute. Templates autoescape; on top of that every answer
carries a Content-Security-Policy without inline scripts (which also blocks
``javascript:`` links) and no third-party origins (nothing is loaded from a CDN).
"""
from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Pure ASGI middleware: add ``HEADERS`` to every HTTP response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def is_web_url(url: str | None) -> bool:
    """Only http(s) URLs become links."""
    return bool(url) and url.strip().lower().startswith(("http://", "https://"))
