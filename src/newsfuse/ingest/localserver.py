"""A local HTTP server with injectable faults, for the ingest tests and the soak benchmark.

It only ever binds 127.0.0.1. Each path maps to a ``Route`` (or a function
returning one, for content that changes over time); a route can fail its
first N requests, reset the connection, stall past the client's timeout,
drip its body byte by byte, redirect in a loop, or answer conditional GETs.

    >>> with LocalServer({"/a.html": Route(b"<p>hi</p>")}) as server:  # doctest: +SKIP
    ...     url = server.url("/a.html")
"""
from __future__ import annotations

import gzip
import hashlib
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULTS = ("reset", "stall", "drip", "loop", "truncate", "500")


@dataclass
class Route:
    """What one path answers."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    fail_first: int = 0  # answer with ``fail_status`` (or ``fault``) this many times first
    fail_status: int = 503
    fault: str | None = None  # one of FAULTS: applied to every request (or the first fail_first ones)
    gzip: bool = False  # send with Content-Encoding: gzip
    etag: bool = True  # answer If-None-Match with 304
    delay: float = 0.0  # seconds before answering
    drip_interval: float = 0.2


Routes = dict[str, "Route | Callable[[], Route]"]


class LocalServer:
    """ThreadingHTTPServer on 127.0.0.1 in a daemon thread; ``hits`` counts requests per path."""

    def __init__(self, routes: Routes | None = None, fault_rate: float = 0.0, seed: int = 0,
                 stall_seconds: float = 5.0):
        self.routes: Routes = routes if routes is not None else {}  # shared: callers may add routes later
        self.hits: Counter[str] = Counter()
        self.active = 0  # requests being answered now, and the most at once (concurrency-cap tests)
        self.max_active = 0
        self.request_headers: dict[str, dict[str, str]] = {}  # last request headers per path
        self.fault_rate = fault_rate  # random faults (500, reset, stall) on this share of article requests
        self.stall_seconds = stall_seconds
        self.rng = random.Random(seed)
        self._lock = threading.Lock()
        self.server = _QuietServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> "LocalServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _route(self, path: str) -> tuple[Route | None, int]:
        with self._lock:
            self.hits[path] += 1
            count = self.hits[path]
            route = self.routes.get(path)
            random_fault = None
            if self.fault_rate and not path.endswith((".xml", ".opml", "robots.txt")):
                if self.rng.random() < self.fault_rate:
                    random_fault = self.rng.choice(("500", "reset", "500", "truncate"))
        if callable(route):
            route = route()
        if route is not None and random_fault:
            route = Route(body=route.body, content_type=route.content_type, fault=random_fault, fail_first=1)
            count = 1
        return route, count


class _QuietServer(ThreadingHTTPServer):
    request_queue_size = 128  # the default backlog of 5 drops connections under a burst of parallel clients
    def handle_error(self, request, client_address) -> None:
        pass  # clients that give up (timeouts, size limits) reset connections: expected here


def _handler(owner: LocalServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            with owner._lock:
                owner.active += 1
                owner.max_active = max(owner.max_active, owner.active)
            try:
                self._answer()
            finally:
                with owner._lock:
                    owner.active -= 1

        def _answer(self) -> None:
            path = self.path.split("?")[0]
            owner.request_headers[path] = dict(self.headers.items())
            route, count = owner._route(path)
            if route is None:
                return self._send(404, b"not found", "text/plain")
            if route.delay:
                time.sleep(route.delay)
            failing = count <= route.fail_first if route.fail_first else route.fault is not None
            if failing and route.fault:
                return self._fault(route)
            if failing:
                return self._send(route.fail_status, b"try again", "text/plain", {"Retry-After": "0"})
            body = route.body
            headers = dict(route.headers)
            if route.etag and route.status == 200:
                tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                headers["ETag"] = tag
                if self.headers.get("If-None-Match") == tag:
                    return self._send(304, b"", None, headers)
            if route.gzip:
                body = body if body[:2] == b"\x1f\x8b" else gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            self._send(route.status, body, route.content_type, headers)

        def _send(self, status: int, body: bytes, ctype: str | None, headers: dict | None = None) -> None:
            try:
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body and status != 304:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _fault(self, route: Route) -> None:
            try:
                if route.fault == "reset":  # RST instead of an answer
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                elif route.fault == "stall":  # accept, then say nothing past the client's timeout
                    time.sleep(owner.stall_seconds)
                    self.close_connection = True
                elif route.fault == "drip":  # a byte at a time, for ever (or until the client gives up)
                    self.send_response(200)
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Content-Length", str(100_000))
                    self.end_headers()
                    for _ in range(10_000):
                        self.wfile.write(b"<")
                        self.wfile.flush()
                        time.sleep(route.drip_interval)
                elif route.fault == "loop":  # /x -> /x?1 -> /x?2 ... or back to itself
                    self._send(302, b"", "text/plain", {"Location": self.path})
                elif route.fault == "truncate":  # promise more than is sent, then close
                    self.send_response(200)
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Content-Length", str(len(route.body) + 1000))
                    self.end_headers()
                    self.wfile.write(route.body[: len(route.body) // 2])
                    self.close_connection = True
                else:  # "500"
                    self._send(500, b"internal error", "text/plain")
            except (BrokenPipeError, ConnectionResetError, OSError):
                self.close_connection = True

    return Handler
