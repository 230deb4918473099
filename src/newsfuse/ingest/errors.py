"""The documented errors of fetching: every one says, in its message, why a URL was not read."""
from __future__ import annotations

RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """A URL could not be fetched; ``str(err)`` is the reason shown to the user."""

    retryable = False


class BlockedAddress(FetchError):
    """The host resolves to a private/loopback/link-local address and allow_private is off."""


class RobotsDisallowed(FetchError):
    """robots.txt forbids this URL for our User-Agent."""


class TooLarge(FetchError):
    """The (decompressed) body is over the size limit."""


class BadContentType(FetchError):
    """The server answered with a content type we do not read."""


class HTTPStatus(FetchError):
    """The server answered with an error status (after retries for 429/5xx)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status
        self.retryable = status in RETRY_STATUS


class TransportFailure(FetchError):
    """Timeout, reset or refused connection (after retries)."""

    retryable = True
