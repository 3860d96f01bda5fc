"""Another program holding the database's lock: how long SprintDesk waits for it, and how it
says so. ``SQLITE_BUSY`` means another program is writing: the database is in use, never
damaged; nothing was changed and the same call can be made again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sprintdesk.storage import sqlite_file
from sprintdesk.storage.errors import DatabaseBusyError, StorageError
from sprintdesk.storage.file_users import describe_users

BUSY_TIMEOUT_MS = 5000  # how long a statement waits for another program's lock
_busy_wait_ms: ContextVar[int | None] = ContextVar("busy_wait_ms", default=None)


@contextmanager
def busy_timeout(milliseconds: int) -> Iterator[None]:
    """Statements made in this block (in this thread) wait at most ``milliseconds`` for
    another program's lock instead of the database's own timeout: the interface retries a
    waiting call with a short one, so that it never blocks for long."""
    token = _busy_wait_ms.set(milliseconds)
    try:
        yield
    finally:
        _busy_wait_ms.reset(token)


def busy_timeout_on_checkout(default_ms: int) -> Callable[[Any, Any, Any], None]:
    """A pool ``checkout`` listener: the connection's busy timeout follows ``busy_timeout``."""

    def apply(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        wanted = _busy_wait_ms.get() or default_ms
        if record.info.get("busy_timeout_ms") != wanted:
            dbapi_connection.execute(f"PRAGMA busy_timeout={int(wanted)}")
            record.info["busy_timeout_ms"] = wanted

    return apply


def busy_error(label: str, path: Path | None, waited_ms: int) -> DatabaseBusyError:
    """The one message for a database another program is writing to: in use, not damaged."""
    users = describe_users(path) if path is not None else "another program"
    waited = f"{waited_ms / 1000:g} s" if waited_ms >= 1000 else f"{waited_ms} ms"
    return DatabaseBusyError(
        f"{label} is in use by {users} (SprintDesk waited {waited}); "
        "nothing was changed, try again when it has finished",
        users,
    )


def storage_error(error: BaseException, label: str, path: Path | None, waited_ms: int) -> StorageError:
    """A DBAPI failure in one plain sentence: busy when another program holds a lock, else
    what SQLite said (disk full, I/O error, ...)."""
    original = getattr(error, "orig", None) or error
    if sqlite_file.is_busy(original):
        return busy_error(label, path, waited_ms)
    reason = " ".join(str(original).split()) or type(original).__name__
    return StorageError(f"SprintDesk could not use {label}: {reason}; nothing was changed")


def current_busy_timeout(default_ms: int) -> int:
    """The wait in force in this thread: ``busy_timeout``'s, else the database's own."""
    return _busy_wait_ms.get() or default_ms
