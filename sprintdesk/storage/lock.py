"""One writer per database: an exclusive lock held while SprintDesk has the database open.

The lock is an OS lock (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows) on a file
kept open for as long as the lock is held, in ``<user data>/locks/<key>.lock`` (never beside
the database, which may be in a synced folder). The OS releases it when the process ends,
however it ends, so the lock of a crashed SprintDesk is recovered automatically: the file
may stay, but nobody holds it. The file records who holds it (pid, host, start time) so a
second SprintDesk can say by whom the database is in use. Lock files are never deleted
(deleting a lock file races with a process that has just opened it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
from pathlib import Path
from types import TracebackType

from sprintdesk.storage.backup import database_key
from sprintdesk.storage.errors import DatabaseInUseError, StorageError
from sprintdesk.storage.location import default_data_dir


def lock_path(db_path: str | Path) -> Path:
    return default_data_dir() / "locks" / f"{database_key(db_path)}.lock"


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _info_path(path: Path) -> Path:
    # On Windows the locked byte cannot be read by others, so the holder's details live in a
    # second file; on POSIX (advisory locks) they are in the lock file itself.
    return path.with_suffix(".holder") if sys.platform == "win32" else path


def _holder(path: Path) -> dict[str, object]:
    try:
        loaded = json.loads(_info_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


class DatabaseLock:
    """A held lock; ``release()`` (or leaving the ``with`` block) gives it up."""

    def __init__(self, db_path: Path, path: Path, fd: int, started: dt.datetime) -> None:
        self.db_path = db_path
        self.path = path
        self.started = started
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if sys.platform == "win32":
                import msvcrt

                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _error: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.release()

    def __del__(self) -> None:
        if self._fd is not None:
            os.close(self._fd)


def acquire_lock(db_path: str | Path) -> DatabaseLock:
    """Take the lock for a database, or raise DatabaseInUseError naming the live holder."""
    db = Path(db_path).expanduser()
    path = lock_path(db)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise StorageError(f"cannot make the lock file {path}: {error.strerror or error}") from None
    if not _try_lock(fd):
        os.close(fd)
        found = _holder(path)
        pid, host = found.get("pid", "unknown"), found.get("host", "another computer")
        raise DatabaseInUseError(
            f"{db} is in use by SprintDesk (process {pid} on {host}); close that SprintDesk first"
        )
    started = dt.datetime.now(dt.UTC)
    holder = {"pid": os.getpid(), "host": socket.gethostname(), "started": started.isoformat()}
    details = json.dumps({**holder, "database": str(db)}).encode("utf-8")
    try:
        if sys.platform == "win32":
            temp = path.with_suffix(".holder.tmp")
            temp.write_bytes(details)
            os.replace(temp, _info_path(path))
        else:
            os.ftruncate(fd, 0)
            os.pwrite(fd, details, 0)
            os.fsync(fd)
    except OSError:
        pass  # the lock itself is held; only the description of who holds it is missing
    return DatabaseLock(db, path, fd, started)


def lock_holder(db_path: str | Path) -> dict[str, object]:
    """Who last held the lock (pid, host, started, database); {} when nobody ever did."""
    return _holder(lock_path(db_path))
