"""Looking at a SQLite file without breaking anyone's locks: everything here goes through SQLite.

SQLite's locks are POSIX advisory locks, and on Linux (and macOS) closing *any* descriptor of
a file drops every such lock the process holds on it, SQLite's included ("How to corrupt an
SQLite database file", section 2.2). A helper that ``open()``s the live database to peek at
its header therefore lets another program (``sprintdesk list``, the ``sqlite3`` shell)
believe it is the last user, checkpoint the write-ahead log and delete it while we keep
writing into the deleted file. SQLite itself shares one descriptor per file inside a process
and defers closing it while locks are held, so a second SQLite connection (even an
``immutable`` one) is safe. So: no ``open()``, ``shutil.copy`` or ``Path.read_bytes`` of a
database, its ``-wal`` or its ``-shm`` anywhere in SprintDesk; only ``os.stat`` and SQLite.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from sprintdesk.storage.errors import NotADatabaseError

T = TypeVar("T")

# Primary result codes; the extended ones (SQLITE_BUSY_SNAPSHOT, ...) share the low byte.
_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def uri(path: Path, *params: str) -> str:
    """A ``file:`` URI for ``path`` (absolute, %-quoted) with SQLite URI parameters."""
    return f"file:{quote(str(path.resolve()), safe='/:')}?" + "&".join(params)


def is_busy(error: BaseException) -> bool:
    """True when SQLite refused because another connection holds a lock (SQLITE_BUSY or
    SQLITE_LOCKED): the database is in use, not damaged."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _BUSY_CODES
    text = str(error).lower()  # an error that carries no SQLite code: SQLite's own wording
    return "database is locked" in text or "database table is locked" in text


def sidecars(path: Path) -> tuple[Path, Path, Path]:
    """The ``-wal``, ``-shm`` and ``-journal`` files SQLite keeps beside a database."""
    return Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")


def state(path: Path) -> tuple[tuple[int, int] | None, ...]:
    """(size, mtime) of the database, its ``-wal`` and ``-journal``, by ``stat`` only: a change between two
    readings means someone wrote in between."""
    found: list[tuple[int, int] | None] = []
    wal, _shm, journal = sidecars(path)
    for file in (path, wal, journal):
        try:
            info = file.stat()
        except OSError:
            found.append(None)
            continue
        found.append((info.st_size, info.st_mtime_ns))
    return tuple(found)


def can_read_immutable(path: Path) -> bool:
    """Whether a read-only look may skip SQLite's locking (``immutable=1``).

    Only when neither a ``-wal`` nor a ``-journal`` exists: then nobody is writing. (An open
    write-ahead-log database always has a ``-wal``; a rollback-journal writer creates its
    ``-journal`` before it touches the file.) Immutable then leaves the folder as it was,
    where a locking read-only open of a write-ahead-log file would create ``-wal`` and
    ``-shm`` files it cannot remove. A writer that starts during the look is caught by
    comparing ``state`` before and after (see ``settled_look``)."""
    wal, _shm, journal = sidecars(path)
    return not wal.exists() and not journal.exists()


def connect_read_only(
    path: Path, *, threads: bool = False, locking: bool | None = None, timeout_ms: int = 5000
) -> sqlite3.Connection:
    """A connection that cannot write. Immutable when ``can_read_immutable`` (or
    ``locking=False``), else a normal read-only connection that takes SQLite's locks and
    waits up to ``timeout_ms`` for another program's."""
    immutable = can_read_immutable(path) if locking is None else not locking
    params = ("mode=ro", "immutable=1") if immutable else ("mode=ro",)
    return sqlite3.connect(
        uri(path, *params), uri=True, timeout=timeout_ms / 1000, check_same_thread=not threads
    )


def settled_look(path: Path, look: Callable[[sqlite3.Connection], T], *, timeout_ms: int = 5000) -> T:
    """``look`` at the file through a read-only connection, immutable when nobody writes
    (``can_read_immutable``). If the file changed during an immutable look, a writer started
    meanwhile: its result (or its error) is not trusted, and the look is made again under
    SQLite's locks. The one rule for every read-only look (integrity checks, backups)."""
    before = state(path)
    immutable = can_read_immutable(path)
    try:
        connection = connect_read_only(path, locking=not immutable, timeout_ms=timeout_ms)
        try:
            result = look(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        if not immutable or state(path) == before:
            raise
    else:
        if not immutable or state(path) == before:
            return result
    connection = connect_read_only(path, locking=True, timeout_ms=timeout_ms)
    try:
        return look(connection)
    finally:
        connection.close()


def refuse_non_database(path: Path) -> None:
    """NotADatabaseError for a folder, an empty file or a file that is not SQLite's. The
    header is read by SQLite (an immutable connection), never with ``open()``."""
    if path.is_dir():
        raise NotADatabaseError(f"{path} is a folder, not a database file")
    if not path.is_file():
        raise NotADatabaseError(f"{path} is not a regular file, so it cannot be a database")
    if path.stat().st_size == 0:
        raise NotADatabaseError(f"{path} is an empty file, not a SprintDesk database")
    try:
        connection = sqlite3.connect(uri(path, "mode=ro", "immutable=1"), uri=True)
    except sqlite3.Error as error:
        raise NotADatabaseError(f"cannot read {path}: {error}") from None
    try:
        connection.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB:
            raise NotADatabaseError(f"{path} is not a SQLite database") from None
        # Anything else (a damaged page, an I/O error) is for the integrity check to name.
    finally:
        connection.close()


class _BusyStepError(Exception):
    pass


def copy_database(source: sqlite3.Connection, destination: sqlite3.Connection) -> None:
    """SQLite's online backup from ``source`` into ``destination``, in one step. Python's
    ``Connection.backup`` retries a busy step forever; here a step refused as busy (after
    the connections' own busy timeouts) raises the busy ``sqlite3.OperationalError``."""

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status & 0xFF in _BUSY_CODES:
            raise _BusyStepError

    try:
        source.backup(destination, progress=progress)
    except _BusyStepError:
        busy = sqlite3.OperationalError("database is locked")
        busy.sqlite_errorcode = sqlite3.SQLITE_BUSY
        raise busy from None
