"""The SSRF guard: no connection to a private, loopback, link-local or reserved address.

The check runs where httpcore opens the socket, on every address DNS returned
for the host, and the socket is then connected to that checked address
itself, so neither a redirect nor DNS rebinding (a second, different answer)
can lead a request to an internal service.
"""
from __future__ import annotations

import ipaddress
import socket

import httpcore
import httpx
from httpcore._backends.sync import SyncBackend

from newsfuse.ingest.errors import BlockedAddress, TransportFailure


def is_public_ip(address: str) -> bool:
    """True for globally routable unicast addresses (not private, loopback, link-local, reserved, multicast)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve_checked(host: str, port: int, allow_private: bool) -> list[str]:
    """Resolve ``host`` and return its addresses; raise BlockedAddress if any is not public.

    Refusing when *any* address is private (not just the first) closes the
    trick of a name that resolves to both a public and an internal address.
    """
    host = host.strip("[]")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise TransportFailure(f"cannot resolve host {host!r}: {exc}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise TransportFailure(f"host {host!r} has no address")
    if not allow_private:
        bad = [a for a in addresses if not is_public_ip(a)]
        if bad:
            raise BlockedAddress(f"refused: {host} resolves to non-public address {bad[0]} "
                                 "(use --allow-private or NEWSFUSE_ALLOW_PRIVATE=1 to allow)")
    return addresses


class _GuardedBackend(SyncBackend):
    """httpcore network backend that checks the resolved address at connect time and pins the socket to it."""

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = resolve_checked(host, port, self.allow_private)
        last: Exception | None = None
        for address in addresses:  # connect to the checked address itself, never re-resolve
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        raise last or httpcore.ConnectError(f"cannot connect to {host}")


def guarded_transport(allow_private: bool, max_connections: int = 16) -> httpx.HTTPTransport:
    """An httpx transport whose every connection passes the address check."""
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx has no public hook for the network backend; the pool it builds is replaced by an
    # identical one whose backend runs the address check (only proxies are left out, on purpose).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False), max_connections=max_connections,
        max_keepalive_connections=max_connections, keepalive_expiry=5.0,
        network_backend=_GuardedBackend(allow_private))
    return transport
