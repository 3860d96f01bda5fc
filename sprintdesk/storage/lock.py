"""One writer per database: an exclusive lock held while SprintDesk has the database open.

The lock is an OS lock (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows) on a file
kept open for as long as the lock is held, in ``<user data>/locks/`` (never beside the
database, which may be in a synced folder). The OS releases it when the process ends,
however it ends, so the lock of a crashed SprintDesk is recovered automatically: the file
may stay, but nobody holds it. The file records who holds it (pid, host, start time) so a
second SprintDesk can say by whom the database is in use. Lock files are never deleted
(deleting a lock file races with a process that has just opened it).

A database is locked under two names: its path (``<hash of the real path>.lock``) and, once
the file exists, its identity (``id-<device>-<inode>.lock``), which every name of the file
shares: a hard link, a symbolic link, another relative path, a bind mount. A new database
has no identity yet: it is locked by path, and ``DatabaseLock.cover_identity()`` adds the
identity lock once the file has been made. The lock folder is 0700 and the lock files 0600:
they say which databases the person has open.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import stat
import sys
from pathlib import Path
from types import TracebackType

from sprintdesk.storage.backup import database_key
from sprintdesk.storage.errors import DatabaseInUseError, StorageError
from sprintdesk.storage.location import default_data_dir, file_identity

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def locks_folder() -> Path:
    return default_data_dir() / "locks"


def path_lock_path(db_path: str | Path) -> Path:
    """The lock of a database by its (real) path."""
    return locks_folder() / f"{database_key(db_path)}.lock"


def identity_lock_path(db_path: str | Path) -> Path | None:
    """The lock of a database by its file's identity; None while there is no file."""
    identity = file_identity(db_path)
    if identity is None:
        return None
    return locks_folder() / f"id-{identity[0]:x}-{identity[1]:x}.lock"


def lock_path(db_path: str | Path) -> Path:
    """The lock that decides: by identity when the file exists, else by path."""
    return identity_lock_path(db_path) or path_lock_path(db_path)


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


def _unlock_and_close(fd: int) -> None:
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


def _private_folder(folder: Path) -> None:
    """The lock folder, made 0700 (and made so again if an older SprintDesk left it open)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if sys.platform != "win32":
        found = os.stat(folder)
        if stat.S_IMODE(found.st_mode) & 0o077 and found.st_uid == os.getuid():
            os.chmod(folder, 0o700)


def _open_lock_file(path: Path) -> int:
    try:
        _private_folder(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
    except OSError as error:
        raise StorageError(f"cannot make the lock file {path}: {error.strerror or error}") from None
    if hasattr(os, "fchmod"):
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o600)  # a lock file an older SprintDesk made 0644
    return fd


def _in_use(db: Path, path: Path) -> DatabaseInUseError:
    found = _holder(path)
    pid, host = found.get("pid", "unknown"), found.get("host", "another computer")
    other = found.get("database")
    named = f", opened as {other}" if isinstance(other, str) and other != str(db) else ""
    return DatabaseInUseError(
        f"{db} is in use by SprintDesk (process {pid} on {host}{named}); close that SprintDesk first"
    )


def _describe(fd: int, path: Path, details: bytes) -> None:
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


class DatabaseLock:
    """A held lock; ``release()`` (or leaving the ``with`` block) gives it up."""

    def __init__(self, db_path: Path, started: dt.datetime) -> None:
        self.db_path = db_path
        self.started = started
        self._fds: dict[Path, int] = {}

    @property
    def held(self) -> bool:
        return bool(self._fds)

    @property
    def path(self) -> Path:
        """The lock file that decides: the identity lock once taken, else the path lock."""
        by_identity = [path for path in self._fds if path.name.startswith("id-")]
        return by_identity[0] if by_identity else path_lock_path(self.db_path)

    @property
    def paths(self) -> list[Path]:
        return list(self._fds)

    def _take(self, path: Path) -> None:
        if path in self._fds:
            return
        fd = _open_lock_file(path)
        if not _try_lock(fd):
            os.close(fd)
            raise _in_use(self.db_path, path)
        holder = {"pid": os.getpid(), "host": socket.gethostname(), "started": self.started.isoformat()}
        _describe(fd, path, json.dumps({**holder, "database": str(self.db_path)}).encode("utf-8"))
        self._fds[path] = fd

    def cover_identity(self) -> None:
        """Also lock the database by its file's identity, now that the file exists (call it
        right after a new database was made): a SprintDesk started on another name of the
        file, a hard link made later, then finds this one. Nothing to do when the file is
        covered already or still missing. Raises DatabaseInUseError if another SprintDesk
        got the file first; the locks held so far stay held (``release()`` gives them up)."""
        path = identity_lock_path(self.db_path)
        if path is not None:
            self._take(path)

    def release(self) -> None:
        fds, self._fds = self._fds, {}
        problems: list[OSError] = []
        for fd in fds.values():
            try:
                _unlock_and_close(fd)
            except OSError as error:
                problems.append(error)
        if problems:
            raise problems[0]

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _error: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.release()

    def __del__(self) -> None:
        for fd in getattr(self, "_fds", {}).values():
            with contextlib.suppress(OSError):
                os.close(fd)


def acquire_lock(db_path: str | Path) -> DatabaseLock:
    """Take the lock for a database (by path, and by identity when the file exists), or
    raise DatabaseInUseError naming the live holder."""
    db = Path(db_path).expanduser()
    lock = DatabaseLock(db, dt.datetime.now(dt.UTC))
    try:
        lock._take(path_lock_path(db))
        lock.cover_identity()
    except BaseException:
        lock.release()
        raise
    return lock


def lock_holder(db_path: str | Path) -> dict[str, object]:
    """Who last held the lock (pid, host, started, database); {} when nobody ever did."""
    by_identity = identity_lock_path(db_path)
    found = _holder(by_identity) if by_identity is not None else {}
    return found or _holder(path_lock_path(db_path))
