"""The room's server: aiohttp in a worker thread with its own asyncio loop (docs/architecture.md,
"The room's server").

The thread runs the event loop; its own connection to the database file lives on one more
thread (web/worker.py) that makes every service call, so neither the facilitator's screen nor
the phones' streams ever wait for a busy database. What the phones change is handed to
``on_changes`` in the server's thread (the interface re-emits it with a queued signal); what
the facilitator changes comes in through ``notify``, which is safe to call from any thread.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import logging
import threading
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from aiohttp import web

from sprintdesk.domain.clock import Clock
from sprintdesk.domain.participation import (
    JOIN_RATE,
    MAX_BODY_BYTES,
    MAX_CONNECTIONS,
    MAX_CONNECTIONS_PER_CLIENT,
    Joining,
    Rate,
)
from sprintdesk.services.busy import busy_timeout
from sprintdesk.services.changes import Changes
from sprintdesk.services.errors import StorageError
from sprintdesk.services.participation import ParticipationService
from sprintdesk.storage.database import Database, open_database
from sprintdesk.web.address import JoinAddress, ServerError
from sprintdesk.web.api import RoomApi
from sprintdesk.web.feed import Feed
from sprintdesk.web.files import load_page_files
from sprintdesk.web.limits import fit_connection_limit
from sprintdesk.web.security import add_headers, allowed_hosts, guard
from sprintdesk.web.site import LimitedSite, bind, bind_problem, check_host
from sprintdesk.web.streams import Streams
from sprintdesk.web.worker import BUSY_WAIT_MS, BusyError, Worker

log = logging.getLogger(__name__)

START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
START_BUSY_MS = 2000  # opening and turning joining on may wait a little longer for a lock
NOTIFY_DELAY_S = 0.05  # outside changes arriving together are told to the phones once
IDLE_TIMEOUT_S = 30.0  # aiohttp's default is an hour: idle sockets would hold the 2,000 places


class _CancelledError(Exception):
    """start() gave up waiting: the thread must not listen after all."""


class RoomServer:
    def __init__(
        self,
        db_path: Path,
        workshop_id: int,
        clock: Clock,
        on_changes: Callable[[Changes], None],
        extra_hosts: Sequence[str] = (),
        connection_limit: int = MAX_CONNECTIONS,
        on_database: Callable[[Database], Callable[[], None]] | None = None,
        per_client_limit: int = MAX_CONNECTIONS_PER_CLIENT,
        join_rate: Rate = JOIN_RATE,
    ) -> None:
        """``on_database`` is told the server's own database connection when it opens (in the
        server's database thread) and returns what to call before it closes: the app's
        watcher of other programs' writes uses it to know the server's commits for the app's
        own. ``connection_limit`` is lowered at start when the process may not open that
        many files (web/limits.py); ``per_client_limit`` caps connections from one address and
        ``join_rate`` the joins from one address (a benchmark's phones all on 127.0.0.1 need more)."""
        self._db_path = db_path
        self._workshop_id = workshop_id
        self._clock = clock
        self._on_changes = on_changes
        self._extra_hosts = tuple(extra_hosts)
        self._wanted_limit = self._limit = connection_limit
        self._per_client = per_client_limit
        self._join_rate = join_rate
        self._on_database = on_database
        self._forget_database: Callable[[], None] | None = None
        self._streams = Streams()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._cancelled = threading.Event()
        self._start_lock = threading.Lock()  # start() giving up vs the thread starting to listen
        self._opened = False  # joining was turned on by this start
        self._abandoned: threading.Thread | None = None  # a start that timed out, still ending
        self._tasks: set[asyncio.Task[None]] = set()
        self._failure: str | None = None
        self._address: JoinAddress | None = None
        self._hosts: frozenset[str] = frozenset()
        self._own: collections.deque[Changes] = collections.deque(maxlen=512)
        self._own_lock = threading.Lock()
        self._pending: Changes | None = None
        # Set in the server's thread by _setup:
        self._worker: Worker | None = None
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

    @property
    def connection_limit(self) -> int:
        """The connections the server takes (lowered at start when fewer files fit)."""
        return self._limit

    def online(self) -> dict[int, int]:
        """Participant id -> event streams open now (phones showing the page)."""
        return self._streams.online()

    def start(self, host: str, port: int | None = None) -> JoinAddress:
        """Listen on ``host`` (an address of this machine) and ``port``; without a port the
        one this workshop used last time, else a free one. Raises ServerError."""
        if self._abandoned is not None and self._abandoned.is_alive():
            raise ServerError("Joining is still stopping; try again in a moment.")
        if self._thread is not None:
            raise ServerError("Joining is already on for this workshop.")
        check_host(host)
        self._ready.clear()
        self._cancelled.clear()
        self._failure = None
        self._opened = False
        thread = threading.Thread(target=self._run, args=(host, port), name="sprintdesk-room", daemon=True)
        self._thread = thread
        thread.start()
        self._ready.wait(START_TIMEOUT_S)
        with self._start_lock:  # the thread listens only if it set the address before this
            if self._address is None:
                self._cancelled.set()
                self._failure = self._failure or "the room's server did not start in time"
        if self._address is None:
            # A thread still starting gives up at its next step and never listens.
            thread.join(STOP_TIMEOUT_S if self._ready.is_set() else 0.1)
            self._thread, self._abandoned = None, thread
            raise ServerError(f"Joining could not start: {self._failure}.")
        return self._address

    def renew_link(self) -> JoinAddress:
        """A new join secret and room code, at once (the old QR and code stop working; the
        phones that joined stay). Raises ServerError when the server is not running or the
        database is busy."""
        loop = self._loop
        if loop is None or not self.running:
            raise ServerError("Joining is not on.")
        future = asyncio.run_coroutine_threadsafe(self._renew(), loop)
        try:
            return future.result(STOP_TIMEOUT_S)
        except (StorageError, BusyError):
            raise ServerError("The database is busy; try the new link again in a moment.") from None

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
            self._failure = self._failure or _one_line(error)
            loop.run_until_complete(self._teardown(turn_off=self._opened))
            loop.close()
            self._ready.set()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(self._teardown())
            loop.close()

    def _go_on(self) -> None:
        if self._cancelled.is_set():
            raise _CancelledError("the room's server did not start in time")

    def _open(self) -> tuple[int | None, str | None]:
        """On the database thread: the server's connection (the file was checked and
        migrated when the app opened it: no whole-file check again) and its service; the
        port this workshop's joining used last time on the same host."""
        with busy_timeout(START_BUSY_MS):
            db = self._db = open_database(
                self._db_path,
                must_exist=True,
                backups_enabled=False,
                clock=self._clock,
                busy_timeout_ms=BUSY_WAIT_MS,
                integrity_check=False,
            )
            if self._on_database is not None:
                self._forget_database = self._on_database(db)
            service = self._service = ParticipationService(db, self._clock, own_connection=True)
            remembered = service.joining(self._workshop_id)
        if remembered is None:
            return None, None
        return remembered.port, remembered.host

    async def _setup(self, host: str, port: int | None) -> None:
        worker = self._worker = Worker(self._clock.monotonic)
        self._limit = fit_connection_limit(self._wanted_limit)
        remembered_port, remembered_host = await worker.call(self._open)
        self._go_on()
        wanted = port
        if wanted is None:
            wanted = remembered_port if remembered_port is not None and remembered_host == host else 0
        sock = _bind_wanted(host, wanted, fall_back=port is None)
        bound = sock.getsockname()[1]
        try:
            self._go_on()
            service = self._service
            assert service is not None

            def turn_on() -> tuple[Joining, Changes]:
                with busy_timeout(START_BUSY_MS):
                    return service.open_joining(self._workshop_id, host, bound)

            joining, changes = await worker.call(turn_on)
            self._opened = True
        except BaseException:
            sock.close()
            raise
        self._hosts = allowed_hosts(host, bound, self._extra_hosts)
        self._feed = Feed(service, worker, self._workshop_id, self._streams, self._clock)
        self._api = RoomApi(
            service,
            worker,
            self._workshop_id,
            self._clock,
            self._emit,
            self._streams,
            self._feed,
            load_page_files(),
            self._join_rate,
        )
        self._runner = _runner(self._api, lambda: self._hosts)
        await self._runner.setup()
        with self._start_lock:
            self._go_on()  # start() gave up: never listen
            await LimitedSite(self._runner, sock, self._limit, self._per_client).start()
            self._address = JoinAddress(host, bound, joining.secret, joining.room_code)
        self._emit(changes)

    async def _renew(self) -> JoinAddress:
        service, worker, address = self._service, self._worker, self._address
        if service is None or worker is None or address is None:
            raise ServerError("Joining is not on.")
        joining, changes = await worker.call(lambda: service.new_link(self._workshop_id))
        renewed = self._address = dataclasses.replace(
            address, secret=joining.secret, room_code=joining.room_code
        )
        self._emit(changes)
        return renewed

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
        asyncio.get_running_loop().call_later(NOTIFY_DELAY_S, self._spawn, self._refresh())

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _refresh(self) -> None:
        changes, self._pending = self._pending or Changes(), None
        if self._feed is None or (self._api is not None and self._api.closing):
            return
        try:
            await self._feed.refresh(changes)
        except (StorageError, BusyError):
            log.exception("the room could not be refreshed")

    async def _close(self) -> None:
        if self._api is not None:
            self._api.closing = True
        for stream in self._streams.all():
            stream.send("bye", {"reason": "Joining stopped."})
        await asyncio.sleep(0.05)  # let the streams write their goodbye
        await self._teardown(turn_off=True)

    async def _teardown(self, *, turn_off: bool = False) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
        for task in list(self._tasks):
            task.cancel()
        worker, self._worker = self._worker, None
        if worker is not None:
            self._emit(await worker.call(lambda: self._close_db(turn_off)))
            worker.close()

    def _close_db(self, turn_off: bool) -> Changes:
        """On the database thread: joining off (when asked), then the connection closed."""
        service, self._service = self._service, None
        changes = Changes()
        if turn_off and service is not None:
            try:
                with busy_timeout(START_BUSY_MS):
                    changes = service.close_joining(self._workshop_id)
            except StorageError:
                log.exception("joining could not be marked off")
        if self._forget_database is not None:
            forget, self._forget_database = self._forget_database, None
            forget()
        if self._db is not None:
            db, self._db = self._db, None
            db.close()
        return changes


def _runner(api: RoomApi, hosts: Callable[[], frozenset[str]]) -> web.AppRunner:
    app = web.Application(middlewares=[guard(hosts)], client_max_size=MAX_BODY_BYTES)
    app.add_routes(api.routes())
    app.on_response_prepare.append(add_headers)
    return web.AppRunner(
        app,
        access_log=None,
        handler_cancellation=True,
        shutdown_timeout=1.0,
        keepalive_timeout=IDLE_TIMEOUT_S,  # also ends a connection that never finishes a request
    )


def _bind_wanted(host: str, wanted: int, *, fall_back: bool) -> Any:
    """The socket on ``host``:``wanted``; when the remembered port is taken (``fall_back``),
    any free one."""
    try:
        return bind(host, wanted)
    except OSError as error:
        if not fall_back or wanted == 0:
            raise ServerError(bind_problem(host, wanted, error)) from None
    try:
        return bind(host, 0)
    except OSError as again:
        raise ServerError(bind_problem(host, 0, again)) from None


def _one_line(error: BaseException) -> str:
    known = isinstance(error, ServerError | StorageError | _CancelledError)
    text = str(error) if known else f"{type(error).__name__}: {error}"
    return (text.splitlines() or ["unknown error"])[0].rstrip(".")
