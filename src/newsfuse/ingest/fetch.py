"""Polite, safe HTTP fetching for feeds and articles (httpx).

Polite: robots.txt is respected (RFC 9309, including Crawl-delay), requests
to one host are spaced out and capped in number, feeds are re-read with
conditional GET (ETag / Last-Modified), and 429/5xx answers are retried with
exponential backoff and jitter (honouring Retry-After).

Safe: no request reaches a private, loopback, link-local or otherwise
non-public address unless ``allow_private`` is set. The check runs where the
socket is opened (``ingest.guard``), on the addresses DNS actually
returned, and the connection is pinned to the checked address, so neither a
redirect nor DNS rebinding can lead a feed to an internal service. Bodies are
read as a stream under a byte cap and a total deadline (slow-drip servers),
compressed bodies are inflated incrementally under the same cap (gzip
bombs), redirects are limited and loops detected, and content types checked.

    >>> fetcher = Fetcher(FetchPolicy(allow_private=True))  # doctest: +SKIP
    >>> fetcher.get("http://127.0.0.1:8000/feed.xml").content[:5]  # doctest: +SKIP
    b'<?xml'
"""
from __future__ import annotations

import random
import threading
import time
import zlib
from dataclasses import dataclass, field, fields
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from newsfuse.config import Settings
from newsfuse.ingest.errors import (RETRY_STATUS, BadContentType, BlockedAddress, FetchError, HTTPStatus,
                                    RobotsDisallowed, TooLarge, TransportFailure)
from newsfuse.ingest.guard import guarded_transport, is_public_ip, resolve_checked

REDIRECTS = {301, 302, 303, 307, 308}
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "text/x-opml", "application/x-opml+xml", "application/gzip", "application/x-gzip")
ANY_TEXT = HTML_TYPES + FEED_TYPES + ("application/json", "application/x-ndjson", "application/jsonl",
                                      "application/warc", "application/octet-stream", "application/feed+json")


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one Fetcher. ``from_settings`` reads them from Settings (+ ``settings.extra['fetch_*']``)."""

    allow_private: bool = False
    user_agent: str = Settings.user_agent
    timeout: float = 20.0  # connect / per-read timeout
    deadline: float = 60.0  # total seconds for one response body (slow-drip guard)
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 0.5  # first retry waits about this long, then doubles
    max_backoff: float = 30.0
    host_interval: float = 0.5  # minimum seconds between two requests to one host
    host_concurrency: int = 2
    max_connections: int = 16
    robots: bool = True
    max_crawl_delay: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> "FetchPolicy":
        values = {"allow_private": settings.allow_private, "user_agent": settings.user_agent,
                  "timeout": settings.fetch_timeout, "deadline": max(settings.fetch_timeout * 3, 1.0),
                  "max_bytes": settings.max_page_bytes}
        names = {f.name for f in fields(cls)}
        for key, value in settings.extra.items():
            if key.startswith("fetch_") and key[6:] in names:
                values[key[6:]] = value
        return cls(**values)


@dataclass
class FetchResult:
    """A fetched response: final URL after redirects, status, headers and the decoded body bytes."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"\'')
        return None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

# --- body decoding under a cap ------------------------------------------------------------------------------

class _Inflater:
    """Incremental Content-Encoding decoder that never produces more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int):
        encoding = encoding.strip().lower()
        self.limit = limit
        self.size = 0
        if encoding in ("", "identity"):
            self.obj = None
        elif encoding in ("gzip", "x-gzip"):
            self.obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.obj = zlib.decompressobj()
        else:
            raise FetchError(f"unsupported content encoding {encoding!r}")
        self.encoding = encoding
        self.first = True

    def feed(self, chunk: bytes) -> bytes:
        if self.obj is None:
            out = chunk
        else:
            try:
                out = self.obj.decompress(chunk, self.limit - self.size + 1)
            except zlib.error as exc:
                if self.encoding == "deflate" and self.first:  # some servers send raw deflate
                    self.obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    self.first = False
                    return self.feed(chunk)
                raise FetchError(f"broken {self.encoding} body: {exc}") from exc
            if self.obj.unconsumed_tail:
                raise TooLarge(f"decompressed body over {self.limit:,} bytes (compression bomb?)")
        self.first = False
        self.size += len(out)
        if self.size > self.limit:
            raise TooLarge(f"body over {self.limit:,} bytes")
        return out


def gunzip_capped(data: bytes, limit: int) -> bytes:
    """Inflate a gzip file (all members) without ever holding more than ``limit`` bytes."""
    out = bytearray()
    while data:
        inflater = _Inflater("gzip", limit - len(out))
        out += inflater.feed(data)
        data = inflater.obj.unused_data
        if not inflater.obj.eof:
            raise FetchError("truncated gzip data")
    return bytes(out)


# --- the fetcher --------------------------------------------------------------------------------------------

class Fetcher:
    """One shared HTTP client with the politeness and safety rules of ``FetchPolicy``. Thread-safe."""

    def __init__(self, policy: FetchPolicy | None = None):
        self.policy = policy or FetchPolicy()
        self.client = httpx.Client(
            transport=guarded_transport(self.policy.allow_private, self.policy.max_connections),
            follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(self.policy.timeout),
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"})
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._robots: dict[str, tuple[RobotFileParser | None, float, float]] = {}  # origin -> parser, expiry, delay
        self.requests = 0  # counters for tests and benchmarks
        self.retried = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: tuple[str, ...] | None = ANY_TEXT) -> FetchResult:
        """GET ``url`` following at most ``max_redirects`` checked redirects.

        Returns a FetchResult with status 200 (body read) or 304 (not
        modified, when ``etag``/``last_modified`` were given). Raises a
        FetchError subclass for everything else.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = {url}
        for _ in range(self.policy.max_redirects + 1):
            _check_scheme(url)
            if self.policy.robots:
                self._check_robots(url)
            result = self._get_with_retries(url, headers, accept)
            if result.status in REDIRECTS:
                target = result.headers.get("location")
                if not target:
                    raise HTTPStatus(f"HTTP {result.status} redirect without a Location header", result.status)
                url = urljoin(url, target.strip())
                if url in seen:
                    raise FetchError(f"redirect loop at {url}")
                seen.add(url)
                continue
            return result
        raise FetchError(f"more than {self.policy.max_redirects} redirects")

    # politeness ----------------------------------------------------------------------------------------
    def _wait_turn(self, host: str) -> None:
        delay = self.policy.host_interval
        robots = self._robots.get(host)
        if robots:
            delay = max(delay, robots[2])
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, 0.0))
            self._next_slot[host] = slot + delay
        if slot > now:
            time.sleep(slot - now)

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.policy.host_concurrency)
            return self._slots[host]

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.path == "/robots.txt":
            return
        with self._lock:
            cached = self._robots.get(parts.netloc)
        if cached is None or cached[1] < time.monotonic():
            cached = self._load_robots(origin)
            with self._lock:
                self._robots[parts.netloc] = cached
        parser = cached[0]
        if parser is None:
            raise RobotsDisallowed(f"robots.txt of {origin} is unreachable; RFC 9309 says to assume disallow")
        if not parser.can_fetch(self.policy.user_agent, url):
            raise RobotsDisallowed(f"robots.txt of {origin} disallows {url}")

    def _load_robots(self, origin: str) -> tuple[RobotFileParser | None, float, float]:
        """Fetch and parse robots.txt: 4xx = no rules, 5xx or unreachable = disallow (retried in a minute)."""
        parser = RobotFileParser()
        try:
            result = self.get(origin + "/robots.txt", accept=None)
        except HTTPStatus as exc:
            if 400 <= exc.status < 500:
                parser.parse([])
                return parser, time.monotonic() + 3600, 0.0
            return None, time.monotonic() + 60, 0.0
        except BlockedAddress:
            raise
        except FetchError:
            return None, time.monotonic() + 60, 0.0
        lines = result.content[:500_000].decode("utf-8", "replace").splitlines()
        parser.parse(lines)
        delay = parser.crawl_delay(self.policy.user_agent) or _fractional_delay(lines)
        return parser, time.monotonic() + 3600, min(float(delay), self.policy.max_crawl_delay)

    # one URL, with retries -------------------------------------------------------------------------------
    def _get_with_retries(self, url: str, headers: dict, accept) -> FetchResult:
        host = urlsplit(url).netloc
        attempt = 0
        while True:
            try:
                with self._slot(host):
                    self._wait_turn(host)
                    self.requests += 1
                    result = self._get_once(url, headers, accept)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                error: FetchError = TransportFailure(f"{type(exc).__name__}: {exc}" if str(exc)
                                                     else type(exc).__name__)
                if isinstance(exc.__context__, FetchError):  # raised inside the guarded backend
                    error = exc.__context__
                retry_after = None
            else:
                if result.status not in RETRY_STATUS:
                    return self._check_status(result)
                error = HTTPStatus(f"HTTP {result.status} from {url}", result.status)
                retry_after = _retry_after(result.headers.get("retry-after"))
            if not error.retryable or attempt >= self.policy.retries:
                if attempt:
                    raise type(error)(*_args(error, f" (after {attempt + 1} attempts)"))
                raise error
            attempt += 1
            self.retried += 1
            wait = min(self.policy.backoff * 2 ** (attempt - 1), self.policy.max_backoff)
            wait = retry_after if retry_after is not None else wait * random.uniform(0.5, 1.5)  # jitter
            time.sleep(min(wait, self.policy.max_backoff))

    def _check_status(self, result: FetchResult) -> FetchResult:
        if result.status in REDIRECTS or result.status == 304 or 200 <= result.status < 300:
            return result
        raise HTTPStatus(f"HTTP {result.status} from {result.url}", result.status)

    def _get_once(self, url: str, headers: dict, accept) -> FetchResult:
        with self.client.stream("GET", url, headers=headers) as response:
            head = {k.lower(): v for k, v in response.headers.items()}
            result = FetchResult(url=url, status=response.status_code, headers=head)
            if not 200 <= response.status_code < 300:
                return result  # redirects, 304 and errors carry no body we need
            length = head.get("content-length", "")
            if length.isdigit() and int(length) > self.policy.max_bytes:
                raise TooLarge(f"body of {int(length):,} bytes is over the {self.policy.max_bytes:,}-byte limit")
            if accept is not None and result.content_type and not result.content_type.startswith(accept):
                raise BadContentType(f"content type {result.content_type!r} is not one we read")
            result.content = self._read_body(response, head.get("content-encoding", ""))
            return result

    def _read_body(self, response: httpx.Response, encoding: str) -> bytes:
        inflater = _Inflater(encoding, self.policy.max_bytes)
        started = time.monotonic()
        body = bytearray()
        for chunk in response.iter_raw():  # no chunk size: a chunker would wait for 64 kB of a slow drip
            if time.monotonic() - started > self.policy.deadline:
                raise TransportFailure(f"response took over {self.policy.deadline:g} s (slow server)")
            body += inflater.feed(chunk)
        return bytes(body)


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url!r}")


def _fractional_delay(lines: list[str]) -> float:
    """urllib.robotparser reads only whole-second Crawl-delay values; "0.5" is common too."""
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip().lower() == "crawl-delay":
            try:
                return max(0.0, float(value.split("#")[0]))
            except ValueError:
                return 0.0
    return 0.0


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _args(error: FetchError, suffix: str) -> tuple:
    if isinstance(error, HTTPStatus):
        return (str(error) + suffix, error.status)
    return (str(error) + suffix,)


_shared: dict[FetchPolicy, Fetcher] = {}
_shared_lock = threading.Lock()


def fetcher_for(settings: Settings) -> Fetcher:
    """The process-wide Fetcher for these settings (so rate limits and robots caches are shared)."""
    policy = FetchPolicy.from_settings(settings)
    with _shared_lock:
        if policy not in _shared:
            _shared[policy] = Fetcher(policy)
        return _shared[policy]


__all__ = ["ANY_TEXT", "FEED_TYPES", "HTML_TYPES", "BadContentType", "BlockedAddress", "FetchError", "FetchPolicy",
           "FetchResult", "Fetcher", "HTTPStatus", "RobotsDisallowed", "TooLarge", "TransportFailure", "fetcher_for",
           "gunzip_capped", "is_public_ip", "resolve_checked"]
