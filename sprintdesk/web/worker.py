"""The one thread that talks to the database for the room's server.

The services are synchronous and SQLite waits for another program's lock inside a statement.
Called on the event loop, one busy write would freeze every phone (streams, reads, the
page). So the server's connection lives on a single worker thread of its own, opened, used
and closed there ("one connection, one thread"); the loop hands it calls and awaits them.

The connection waits only BUSY_WAIT_MS for a lock, and after a write found the database busy,
writes are refused at once for BACKOFF_S (a 503 with Retry-After), so a queue of phones'
retries cannot build up behind a long transaction of the facilitator's (an import, a restore).
Reads are not held back: in WAL mode they never wait for a writer.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable
from typing import TypeVar

from sprintdesk.services.errors import DatabaseBusyError

T = TypeVar("T")

BUSY_WAIT_MS = 250  # how long a statement of the server's waits for another program's lock
BACKOFF_S = 0.5  # after a busy write, further writes are refused at once for this long
THREAD_NAME = "sprintdesk-room-db"


class BusyError(Exception):
    """The database was busy (now, or a moment ago): the phone is told to try again."""


class Worker:
    def __init__(self, monotonic: Callable[[], float]) -> None:
        """``monotonic`` is the injected clock's (seconds that only go forward)."""
        self._monotonic = monotonic
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix=THREAD_NAME)
        self._busy_until = 0.0

    async def call(self, action: Callable[[], T], *, write: bool = False) -> T:
        """``action()`` on the worker thread. A write while the database was busy a moment
        ago raises BusyError without trying; a busy database raises BusyError."""
        if write and self._monotonic() < self._busy_until:
            raise BusyError
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, action)
        except DatabaseBusyError:
            self._busy_until = self._monotonic() + BACKOFF_S
            raise BusyError from None

    def run(self, action: Callable[[], T]) -> T:
        """``action()`` on the worker thread, waited for (outside the event loop only)."""
        return self._pool.submit(action).result()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
