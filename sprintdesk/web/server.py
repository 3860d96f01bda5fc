"""The room's server: aiohttp in a worker thread with its own asyncio loop (docs/architecture.md,
"The room's server").

The thread opens its own connection to the database file and calls the services from there,
so the facilitator's screen never waits for the network. What the phones change is handed to
``on_changes`` in the server's thread (the interface re-emits it with a queued signal); what
the facilitator changes comes in through ``notify``, which is safe to call from any thread.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import ipaddress
import logging
import socket
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from aiohttp import web

from sprintdesk.domain.clock import Clock
from sprintdesk.domain.participation import MAX_BODY_BYTES, MAX_CONNECTIONS
from sprintdesk.services.changes import Changes
from sprintdesk.services.errors import StorageError
from sprintdesk.services.participation import ParticipationService
from sprintdesk.storage.database import Database, open_database
from sprintdesk.web.address import JoinAddress, ServerError
from sprintdesk.web.api import RoomApi
from sprintdesk.web.feed import Feed
from sprintdesk.web.files import load_page_files
from sprintdesk.web.security import add_headers, allowed_hosts, guard
from sprintdesk.web.streams import Streams

log = logging.getLogger(__name__)

START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
NOTIFY_DELAY_S = 0.05  # outside changes arriving together are told to the phones once
BACKLOG = 1024
IDLE_TIMEOUT_S = 30.0  # aiohttp's default is an hour: idle sockets would hold the 2,000 places


class _Refused(asyncio.Protocol):
    """A connection over the limit: told so, and closed."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        body = b'{"error": "The room is full."}'
        transport.write(
            b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
        )
        transport.close()


class _LimitedSite(web.SockSite):
    """A site on our own socket that refuses connections beyond MAX_CONNECTIONS."""

    def __init__(self, runner: web.BaseRunner, sock: socket.socket, limit: int) -> None:
        super().__init__(runner, sock, backlog=BACKLOG)
        self._limit = limit

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
            return server()

        self._server = await loop.create_server(connection, sock=self._sock, backlog=self._backlog)


def _bind(host: str, port: int) -> socket.socket:
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


class RoomServer:
    def __init__(
        self,
        db_path: Path,
        workshop_id: int,
        clock: Clock,
        on_changes: Callable[[Changes], None],
        extra_hosts: Sequence[str] = (),
        connection_limit: int = MAX_CONNECTIONS,
    ) -> None:
        self._db_path = db_path
        self._workshop_id = workshop_id
        self._clock = clock
        self._on_changes = on_changes
        self._extra_hosts = tuple(extra_hosts)
        self._limit = connection_limit
        self._streams = Streams()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._failure: str | None = None
        self._address: JoinAddress | None = None
        self._hosts: frozenset[str] = frozenset()
        self._own: collections.deque[Changes] = collections.deque(maxlen=512)
        self._own_lock = threading.Lock()
        self._pending: Changes | None = None
        # Set in the server's thread by _setup:
        self._db: Database | None = None
        self._service: ParticipationService | None = None
        self._runner: web.AppRunner | None = None
        self._api: RoomApi | None = None
        self._feed: Feed | None = None

    # -- for any thread ---------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self._address is not None

    @property
    def address(self) -> JoinAddress | None:
        return self._address

    def online(self) -> dict[int, int]:
        """Participant id -> event streams open now (phones showing the page)."""
        return self._streams.online()

    def start(self, host: str, port: int | None = None) -> JoinAddress:
        """Listen on ``host`` (an address of this machine) and ``port``; without a port the
        one this workshop used last time, else a free one. Raises ServerError."""
        if self._thread is not None:
            raise ServerError("Joining is already on for this workshop.")
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            raise ServerError(f"{host!r} is not an IPv4 address of this computer.") from None
        self._ready.clear()
        self._failure = None
        self._thread = threading.Thread(
            target=self._run, args=(host, port), name="sprintdesk-room", daemon=True
        )
        self._thread.start()
        if not self._ready.wait(START_TIMEOUT_S):
            self._failure = self._failure or "the room's server did not start in time"
        if self._failure is not None or self._address is None:
            self._thread.join(STOP_TIMEOUT_S)
            self._thread = None
            raise ServerError(f"Joining could not start: {self._failure}.")
        return self._address

    def stop(self) -> None:
        """Tell every phone, close every connection, turn joining off (notes stay)."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if thread is threading.current_thread():
            raise RuntimeError("RoomServer.stop() cannot be called from the server's own thread")
        if thread.is_alive():
            future = asyncio.run_coroutine_threadsafe(self._close(), loop)
            try:
                future.result(STOP_TIMEOUT_S)
            except Exception:
                log.exception("the room's server did not close cleanly")
            loop.call_soon_threadsafe(loop.stop)
            thread.join(STOP_TIMEOUT_S)
        self._thread = None
        self._address = None

    def notify(self, changes: Changes) -> None:
        """An outside change (the facilitator's): the phones are told what it changed. The
        Changes this server handed to ``on_changes`` are recognised and not told twice."""
        loop = self._loop
        if loop is None or not self.running:
            return
        if changes.workshop_id is not None and changes.workshop_id != self._workshop_id:
            return
        with self._own_lock:
            if any(changes is own for own in self._own):
                return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self._queue_refresh, changes)

    # -- in the server's thread ---------------------------------------------------------------
    def _run(self, host: str, port: int | None) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._setup(host, port))
        except Exception as error:
            self._failure = _one_line(error)
            loop.run_until_complete(self._teardown())
            loop.close()
            self._ready.set()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(self._teardown())
            loop.close()

    async def _setup(self, host: str, port: int | None) -> None:
        self._db = open_database(self._db_path, must_exist=True, backups_enabled=False, clock=self._clock)
        service = self._service = ParticipationService(self._db, self._clock, own_connection=True)
        remembered = service.joining(self._workshop_id)
        wanted = port
        if wanted is None:
            wanted = remembered.port if remembered is not None and remembered.host == host else 0
        try:
            sock = _bind(host, wanted)
        except OSError as error:
            if port is not None or wanted == 0:
                raise ServerError(_bind_problem(host, wanted, error)) from None
            try:
                sock = _bind(host, 0)  # the remembered port is taken: any free one
            except OSError as again:
                raise ServerError(_bind_problem(host, 0, again)) from None
        bound = sock.getsockname()[1]
        try:
            joining, changes = service.open_joining(self._workshop_id, host, bound)
        except Exception:
            sock.close()
            raise
        self._hosts = allowed_hosts(host, bound, self._extra_hosts)
        self._feed = Feed(service, self._workshop_id, self._streams, self._clock)
        self._api = RoomApi(
            service, self._workshop_id, self._clock, self._emit, self._streams, self._feed, load_page_files()
        )
        app = web.Application(middlewares=[guard(lambda: self._hosts)], client_max_size=MAX_BODY_BYTES)
        app.add_routes(self._api.routes())
        app.on_response_prepare.append(add_headers)
        self._runner = web.AppRunner(
            app,
            access_log=None,
            handler_cancellation=True,
            shutdown_timeout=1.0,
            keepalive_timeout=IDLE_TIMEOUT_S,  # also ends a connection that never finishes a request
        )
        await self._runner.setup()
        await _LimitedSite(self._runner, sock, self._limit).start()
        self._address = JoinAddress(host, bound, joining.secret, joining.room_code)
        self._emit(changes)

    def _emit(self, changes: Changes) -> None:
        if changes.empty:
            return
        with self._own_lock:
            self._own.append(changes)
        try:
            self._on_changes(changes)
        except Exception:
            log.exception("on_changes failed")

    def _queue_refresh(self, changes: Changes) -> None:
        if self._feed is not None:
            self._feed.forget_room()
        if self._pending is not None:
            self._pending = self._pending.merge(changes)
            return
        self._pending = changes
        asyncio.get_running_loop().call_later(NOTIFY_DELAY_S, self._refresh)

    def _refresh(self) -> None:
        changes, self._pending = self._pending or Changes(), None
        if self._feed is None or (self._api is not None and self._api.closing):
            return
        try:
            self._feed.refresh(changes)
        except StorageError:
            log.exception("the room could not be refreshed")

    async def _close(self) -> None:
        if self._api is not None:
            self._api.closing = True
        for stream in self._streams.all():
            stream.send("bye", {"reason": "Joining stopped."})
        await asyncio.sleep(0.05)  # let the streams write their goodbye
        if self._service is not None:
            try:
                self._emit(self._service.close_joining(self._workshop_id))
            except StorageError:
                log.exception("joining could not be marked off")
        await self._teardown()

    async def _teardown(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
        if self._db is not None:
            db, self._db = self._db, None
            db.close()


def _one_line(error: BaseException) -> str:
    known = isinstance(error, ServerError | StorageError)
    text = str(error) if known else f"{type(error).__name__}: {error}"
    return (text.splitlines() or ["unknown error"])[0].rstrip(".")


def _bind_problem(host: str, port: int, error: OSError) -> str:
    where = f"{host}:{port}" if port else host
    if error.errno == 98:  # EADDRINUSE
        return f"the port {port} on {host} is in use by another program"
    if error.errno == 99:  # EADDRNOTAVAIL
        return f"{host} is not an address of this computer (any more)"
    return f"cannot listen on {where} ({error.strerror or error})"
