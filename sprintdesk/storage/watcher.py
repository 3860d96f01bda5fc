"""Writes by another program (the command line, a second tool on the file) noticed while the
app has the database open, so that its windows show them without a restart.

SQLite's ``PRAGMA data_version`` returns a value that changes when a connection other than
the one asking has committed. The watcher asks on a connection of its own, opened through
SQLite only (never ``open()``: see sqlite_file.py); a PRAGMA costs microseconds, so the
interface polls it on a timer. Its own connection sees the app's commits as "other" too,
and these are already on screen: every commit of the app's engine reads the value just
before the commit (the write lock is then held, so nobody else can commit in between: a
change seen there is another program's) and just after it (taking the app's commit as
seen). Only what remains is reported by ``poll``. A look that meets another program's lock
(``SQLITE_BUSY``) waits for nothing and counts as "look again": the next poll retries, and
a commit whose look was refused reports a change, since reading again is harmless.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import InvalidRequestError

from sprintdesk.storage import sqlite_file
from sprintdesk.storage.database import Database


class OutsideWrites:
    """``poll()`` is True when another program committed since the previous poll."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._local = threading.local()
        self._connection: sqlite3.Connection | None = None
        self._seen: int | None = None
        self._pending = False  # another program's commit, noticed during one of ours
        if db.path is None:  # not a SQLite file: nothing to watch
            return
        self._connection = _connect(db.path)
        if self._connection is None:  # the file cannot be watched: nothing to listen for
            return
        self._seen = self._version()
        event.listen(db.engine, "commit", self._before_own_commit)
        event.listen(db.sessions, "after_commit", self._after_own_commit)

    @property
    def active(self) -> bool:
        return self._connection is not None

    def poll(self) -> bool:
        """Whether another program wrote since the last poll (False when busy: ask again)."""
        with self._lock:
            version = self._version()
            if version is None:
                return False
            outside = self._pending or (self._seen is not None and version != self._seen)
            self._seen, self._pending = version, False
            return outside

    def also_own(self, other: Database) -> Callable[[], None]:
        """Count ``other``'s commits as the app's own too: another connection of this process
        on the same file (the room's server, whose changes reach the windows by their own
        path). Returns how to stop counting them (call it before ``other`` closes)."""
        if self._connection is None:
            return lambda: None
        event.listen(other.engine, "commit", self._before_own_commit)
        event.listen(other.sessions, "after_commit", self._after_own_commit)

        def forget() -> None:
            with contextlib.suppress(InvalidRequestError):  # already removed
                event.remove(other.engine, "commit", self._before_own_commit)
                event.remove(other.sessions, "after_commit", self._after_own_commit)

        return forget

    def look_again(self) -> None:
        """The re-reading a poll started failed (busy, ...): report a change on the next poll."""
        with self._lock:
            self._pending = True

    def close(self) -> None:
        with self._lock:
            if self._connection is None:
                return
            event.remove(self._db.engine, "commit", self._before_own_commit)
            event.remove(self._db.sessions, "after_commit", self._after_own_commit)
            self._connection.close()
            self._connection = None

    # -- the app's own commits ----------------------------------------------------------------
    def _before_own_commit(self, connection: Any) -> None:
        """Just before the app commits: with the write lock held, a change is another's. The
        committing connection's own ``data_version`` is noted too: it moves only for other
        connections' commits, so reading it again after the commit tells whether another
        program committed in the moment between our commit and the watcher's next look."""
        dbapi = getattr(connection.connection, "dbapi_connection", None)
        if not getattr(dbapi, "in_transaction", False):
            return  # nothing written: no lock held, and the commit changes nothing
        with self._lock:
            version = self._version()
            if version is None or version != self._seen:
                self._pending = True  # another program's commit (or unknown: look again)
            self._local.own = (dbapi, _data_version(dbapi))

    def _after_own_commit(self, _session: Any) -> None:
        """Just after it: the change this commit makes is the app's own, already shown; a
        change the committing connection sees since before its commit is another program's."""
        own = getattr(self._local, "own", None)
        if own is None:
            return
        self._local.own = None
        dbapi, before = own
        with self._lock:
            version = self._version()  # first the watcher's look, then the committer's
            after = _data_version(dbapi)
            if version is None or before is None or after is None or after != before:
                self._pending = True
            if version is not None:
                self._seen = version

    def _version(self) -> int | None:
        if self._connection is None:
            return None
        try:
            row = self._connection.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:  # busy, or the file went away: look again next time
            return None
        return int(row[0]) if row else None


def _data_version(dbapi: Any) -> int | None:
    """``PRAGMA data_version`` on one of the app's own connections (None if it cannot tell)."""
    try:
        row = dbapi.execute("PRAGMA data_version").fetchone()
    except (sqlite3.Error, AttributeError):
        return None
    return int(row[0]) if row else None


def _connect(path: Path) -> sqlite3.Connection | None:
    """A read-only connection with SQLite's locks (it must see others' commits) that never
    waits for one: the interface thread asks it."""
    try:
        return sqlite_file.connect_read_only(path, threads=True, locking=True, timeout_ms=0)
    except sqlite3.Error:
        return None
