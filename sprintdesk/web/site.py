"""The room's listening socket: bound to one address of this machine, and an aiohttp site on it
that refuses connections beyond the room's limit, and beyond a per-address limit so that one
device cannot take every place. A refused connection is told so (a JSON 503) and closed."""

from __future__ import annotations

import asyncio
import collections
import ipaddress
import socket
from typing import Any

from aiohttp import web

from sprintdesk.web.address import ServerError
from sprintdesk.web.interfaces import list_interfaces

BACKLOG = 1024
ROOM_FULL = b'{"error": "The room is full."}'
TOO_MANY_HERE = b'{"error": "Too many connections from this device."}'


def check_host(host: str) -> None:
    """ServerError unless ``host`` is an IPv4 address of this machine (a network interface's,
    or loopback): never 0.0.0.0, which listens on every network."""
    try:
        address = ipaddress.IPv4Address(host)
    except ValueError:
        raise ServerError(f"{host!r} is not an IPv4 address of this computer.") from None
    if address.is_unspecified:
        raise ServerError(f"{host} would listen on every network; pick one address of this computer.")
    if address.is_loopback:
        return
    if host not in {found.address for found in list_interfaces()}:
        raise ServerError(f"{host} is not an address of this computer.")


def bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        # A restart after a crash finds the old connections in TIME_WAIT: reuse the port anyway.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def bind_problem(host: str, port: int, error: OSError) -> str:
    where = f"{host}:{port}" if port else host
    if error.errno == 98:  # EADDRINUSE
        return f"the port {port} on {host} is in use by another program"
    if error.errno == 99:  # EADDRNOTAVAIL
        return f"{host} is not an address of this computer (any more)"
    return f"cannot listen on {where} ({error.strerror or error})"


def refuse(transport: asyncio.BaseTransport, body: bytes) -> None:
    assert isinstance(transport, asyncio.Transport)
    transport.write(
        b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 5\r\n"
        b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    transport.close()


class _Refused(asyncio.Protocol):
    """A connection over the room's limit: told so, and closed."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        refuse(transport, ROOM_FULL)


class LimitedSite(web.SockSite):
    """A site on our own socket that refuses connections beyond ``limit`` in all and beyond
    ``per_client`` from one address."""

    def __init__(self, runner: web.BaseRunner, sock: socket.socket, limit: int, per_client: int) -> None:
        super().__init__(runner, sock, backlog=BACKLOG)
        self._limit = limit
        self._per_client = per_client
        self._by_address: collections.Counter[str] = collections.Counter()

    async def start(self) -> None:
        self._runner._reg_site(self)
        server = self._runner.server
        assert server is not None

        loop = asyncio.get_running_loop()
        fresh = [0]  # accepted, not yet in server.connections (its connection_made is queued)

        def settled() -> None:
            fresh[0] -= 1

        def connection() -> asyncio.Protocol:
            if len(server.connections) + fresh[0] >= self._limit:
                return _Refused()
            fresh[0] += 1
            # Two hops: the transport queues connection_made after this call returns.
            loop.call_soon(loop.call_soon, settled)
            return self._counted(server())

        self._server = await loop.create_server(connection, sock=self._sock, backlog=self._backlog)

    def _counted(self, handler: asyncio.Protocol) -> asyncio.Protocol:
        return _Counted(handler, self._by_address, self._per_client)


class _Counted(asyncio.Protocol):
    """aiohttp's handler behind a count of connections by the peer's address: over
    ``per_client`` the connection is refused before aiohttp sees it."""

    def __init__(self, inner: asyncio.Protocol, counts: collections.Counter[str], per_client: int) -> None:
        self._inner = inner
        self._counts = counts
        self._per_client = per_client
        self._peer: str | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer: Any = transport.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else "?"
        if self._counts[address] >= self._per_client:
            refuse(transport, TOO_MANY_HERE)
            return
        self._counts[address] += 1
        self._peer = address
        self._inner.connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        address, self._peer = self._peer, None
        if address is None:
            return  # refused: aiohttp never saw it
        self._counts[address] -= 1
        if self._counts[address] <= 0:
            del self._counts[address]
        self._inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._peer is not None:
            self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received() if self._peer is not None else None

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()
