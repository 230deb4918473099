"""The fetcher: SSRF guard (addresses, DNS, redirects), robots.txt, politeness, retries and body limits."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from newsfuse.ingest import fetch, guard
from newsfuse.ingest.fetch import (BadContentType, BlockedAddress, FetchError, Fetcher, FetchPolicy, HTTPStatus,
                                   RobotsDisallowed, TooLarge, TransportFailure)

from .conftest import Route, article

FAST = dict(allow_private=True, timeout=1.0, backoff=0.01, max_backoff=0.05, host_interval=0.0)


def fetcher(**changes) -> Fetcher:
    return Fetcher(FetchPolicy(**{**FAST, **changes}))


@pytest.fixture
def fake_dns(monkeypatch):
    """Map test host names to addresses; every other name resolves as usual."""
    names: dict[str, list[str]] = {}
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            asked.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in names[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names, asked


@pytest.fixture
def loopback_is_public(monkeypatch):
    """Pretend 127.0.0.1 is the public web, so the guard's other refusals can be tested locally."""
    real = guard.is_public_ip
    monkeypatch.setattr(guard, "is_public_ip", lambda ip: ip == "127.0.0.1" or real(ip))


# --- SSRF guard --------------------------------------------------------------------------------------------

def test_loopback_is_refused_without_allow_private(server):
    server.routes["/a"] = Route(article(1))
    with pytest.raises(BlockedAddress, match="allow-private"):
        fetcher(allow_private=False).get(server.url("/a"))
    assert not server.hits  # not even robots.txt was requested


@pytest.mark.parametrize("address", ["10.1.2.3", "192.168.0.7", "169.254.169.254", "::1", "fd00::5", "100.64.0.1",
                                     "0.0.0.0", "::ffff:127.0.0.1"])
def test_private_addresses_are_not_public(address):
    assert not fetch.is_public_ip(address)


def test_public_addresses_are_public():
    assert fetch.is_public_ip("93.184.216.34") and fetch.is_public_ip("2606:2800:220:1::1")


def test_dns_answers_are_checked(fake_dns):
    names, _ = fake_dns
    names["intranet.test"] = ["10.1.2.3"]
    names["mixed.test"] = ["93.184.216.34", "127.0.0.1"]  # one internal answer is enough to refuse
    for host in ("intranet.test", "mixed.test"):
        with pytest.raises(BlockedAddress, match=host):
            fetcher(allow_private=False, robots=False).get(f"http://{host}/feed.xml")


def test_redirect_to_an_internal_address_is_refused(server, loopback_is_public):
    server.routes["/go"] = Route(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    server.routes["/go2"] = Route(status=301, headers={"Location": f"http://127.0.0.2:{server.port}/admin"})
    f = fetcher(allow_private=False, robots=False)
    for path in ("/go", "/go2"):
        with pytest.raises(BlockedAddress):
            f.get(server.url(path))
    assert server.hits["/go"] == 1 and "/admin" not in server.hits


def test_connection_is_pinned_to_the_checked_address(server, fake_dns, loopback_is_public):
    names, asked = fake_dns
    names["news.test"] = ["127.0.0.1"]
    server.routes["/a"] = Route(article(1))
    result = fetcher(allow_private=False, robots=False).get(f"http://news.test:{server.port}/a")
    assert result.status == 200 and b"Story 1" in result.content
    assert asked == ["news.test"]  # resolved once, by the guard; the socket used that very address


def test_only_http_urls(server):
    for url in ("file:///etc/passwd", "gopher://127.0.0.1/", "ftp://127.0.0.1/x"):
        with pytest.raises(FetchError, match="not an http"):
            fetcher().get(url)


# --- politeness --------------------------------------------------------------------------------------------

def test_user_agent_is_sent(server):
    server.routes["/a"] = Route(article(1))
    fetcher(user_agent="newsfuse-test/1.0").get(server.url("/a"))
    assert server.request_headers["/a"]["User-Agent"] == "newsfuse-test/1.0"


def test_robots_txt_is_respected(server):
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.routes["/private/a"] = Route(article(1))
    server.routes["/public/a"] = Route(article(2))
    f = fetcher()
    with pytest.raises(RobotsDisallowed):
        f.get(server.url("/private/a"))
    assert f.get(server.url("/public/a")).status == 200
    assert server.hits["/private/a"] == 0 and server.hits["/robots.txt"] == 1  # cached


def test_unreachable_robots_txt_means_disallow(server):
    server.routes["/robots.txt"] = Route(status=500, body=b"oops", etag=False)
    server.routes["/a"] = Route(article(1))
    with pytest.raises(RobotsDisallowed, match="unreachable"):
        fetcher(retries=0).get(server.url("/a"))
    assert server.hits["/a"] == 0


def test_crawl_delay_and_host_interval_space_requests(server):
    server.routes["/robots.txt"] = Route(b"User-agent: *\nCrawl-delay: 0.25\n", content_type="text/plain")
    server.routes["/a"] = Route(article(1))
    f = fetcher()
    start = time.monotonic()
    for _ in range(3):
        f.get(server.url("/a"))
    assert time.monotonic() - start >= 0.5


def test_host_interval(server):
    server.routes["/a"] = Route(article(1))
    f = fetcher(host_interval=0.15, robots=False)
    start = time.monotonic()
    for _ in range(4):
        f.get(server.url("/a"))
    assert time.monotonic() - start >= 0.45


def test_per_host_concurrency_cap(server):
    server.routes["/slow"] = Route(article(1), delay=0.15)
    f = fetcher(host_concurrency=2, robots=False)
    threads = [threading.Thread(target=f.get, args=(server.url("/slow"),)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert server.hits["/slow"] == 6 and server.max_active == 2


def test_conditional_get(server):
    server.routes["/feed.xml"] = Route(b"<rss version='2.0'><channel/></rss>", content_type="application/rss+xml")
    f = fetcher(robots=False)
    first = f.get(server.url("/feed.xml"))
    assert first.status == 200 and first.etag
    again = f.get(server.url("/feed.xml"), etag=first.etag)
    assert again.not_modified and again.content == b""
    assert server.request_headers["/feed.xml"]["If-None-Match"] == first.etag


# --- retries -----------------------------------------------------------------------------------------------

def test_5xx_and_429_are_retried_then_succeed(server):
    server.routes["/flaky"] = Route(article(1), fail_first=2, fail_status=503)
    server.routes["/busy"] = Route(article(2), fail_first=1, fail_status=429)
    f = fetcher(robots=False)
    assert b"Story 1" in f.get(server.url("/flaky")).content
    assert b"Story 2" in f.get(server.url("/busy")).content
    assert server.hits["/flaky"] == 3 and f.retried == 3


def test_persistent_500_gives_up_after_retries(server):
    server.routes["/down"] = Route(fault="500")
    with pytest.raises(HTTPStatus, match="after 3 attempts") as info:
        fetcher(retries=2, robots=False).get(server.url("/down"))
    assert info.value.status == 500 and server.hits["/down"] == 3


def test_404_is_not_retried(server):
    with pytest.raises(HTTPStatus, match="404"):
        fetcher(robots=False).get(server.url("/missing"))
    assert server.hits["/missing"] == 1


def test_backoff_grows(server, monkeypatch):
    server.routes["/down"] = Route(fault="500")
    waits = []
    monkeypatch.setattr(fetch.time, "sleep", waits.append)
    with pytest.raises(HTTPStatus):
        fetcher(retries=3, backoff=1.0, max_backoff=100, robots=False).get(server.url("/down"))
    assert len(waits) == 3 and waits[0] < waits[2]  # ~1, ~2, ~4 seconds with jitter
    assert 0.5 <= waits[0] <= 1.5 and 2.0 <= waits[2] <= 6.0


def test_connection_reset_is_retried_and_reported(server):
    server.routes["/reset"] = Route(article(1), fault="reset", fail_first=1)
    assert fetcher(robots=False).get(server.url("/reset")).status == 200
    server.routes["/dead"] = Route(fault="reset")
    with pytest.raises(TransportFailure):
        fetcher(robots=False, retries=1).get(server.url("/dead"))


# --- limits ------------------------------------------------------------------------------------------------

def test_timeout_on_a_stalled_server(server):
    server.routes["/stall"] = Route(fault="stall")
    start = time.monotonic()
    with pytest.raises(TransportFailure, match="Timeout"):
        fetcher(timeout=0.3, retries=0, robots=False).get(server.url("/stall"))
    assert time.monotonic() - start < 2


def test_slow_drip_hits_the_deadline(server):
    server.routes["/drip"] = Route(fault="drip", drip_interval=0.05)
    start = time.monotonic()
    with pytest.raises(TransportFailure, match="slow"):
        fetcher(deadline=0.5, retries=0, robots=False).get(server.url("/drip"))
    assert time.monotonic() - start < 2


def test_size_limits(server):
    server.routes["/big"] = Route(b"<p>" + b"x" * 200_000)
    with pytest.raises(TooLarge):
        fetcher(max_bytes=100_000, robots=False).get(server.url("/big"))


def test_gzip_bomb_is_stopped(server):
    server.routes["/bomb"] = Route(b"\0" * 30_000_000, gzip=True)  # ~30 kB on the wire
    with pytest.raises(TooLarge, match="bomb"):
        fetcher(max_bytes=1_000_000, robots=False).get(server.url("/bomb"))


def test_gzip_body_is_decoded(server):
    server.routes["/z"] = Route(article(7), gzip=True)
    assert fetcher(robots=False).get(server.url("/z")).content == article(7)


def test_redirect_loops_and_chains(server):
    server.routes["/loop"] = Route(fault="loop")
    for i in range(10):
        server.routes[f"/r{i}"] = Route(status=302, headers={"Location": f"/r{i + 1}"})
    server.routes["/r10"] = Route(article(1))
    f = fetcher(robots=False, max_redirects=5)
    with pytest.raises(FetchError, match="loop"):
        f.get(server.url("/loop"))
    with pytest.raises(FetchError, match="more than 5 redirects"):
        f.get(server.url("/r0"))
    assert f.get(server.url("/r6")).url.endswith("/r10")


def test_content_type_is_checked(server):
    server.routes["/img"] = Route(b"\x89PNG....", content_type="image/png")
    with pytest.raises(BadContentType, match="image/png"):
        fetcher(robots=False).get(server.url("/img"))
