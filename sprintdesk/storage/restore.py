"""Restoring a database from one of its backups (File > Restore from backup, the command line,
and the offer made for a damaged file), through SQLite wherever the file allows it.

A readable database is never renamed over: the backup is copied *into* it with SQLite's
backup API, which takes the database's write lock, so a program that has it open (the command
line, the sqlite3 shell) simply sees the restored content on its next read, and the file
keeps its inode and WAL mode. Only a file SQLite cannot use (damaged, or not a database) is
replaced by a rename, after a raw copy of its bytes is kept, and never while another program
holds a lock on it. A database that is busy is never taken for a damaged one: the restore
then stops, having changed nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sqlite3
from pathlib import Path

from sprintdesk.storage import sqlite_file
from sprintdesk.storage.backup import (
    BackupInfo,
    backup_folder,
    backups_root,
    copy_with_backup_api,
    fsync_file,
    new_name,
    sidecar,
    take_backup,
    write_json,
)
from sprintdesk.storage.errors import BackupBusyError, BackupError, NotADatabaseError
from sprintdesk.storage.file_users import describe_users, other_holders
from sprintdesk.storage.leftovers import temp_name
from sprintdesk.storage.privacy import PRIVATE, private_folder, private_mode

log = logging.getLogger(__name__)


def _busy(path: Path, users: str | None = None) -> BackupError:
    who = users or describe_users(path)
    return BackupBusyError(f"cannot restore {path} now: {who} is using it; nothing was changed", who)


def _unusable(path: Path, timeout_ms: int) -> bool:
    """True when SQLite cannot use the file (damaged, or not a database); BackupBusyError
    when another program's lock keeps it from looking."""
    try:
        sqlite_file.refuse_non_database(path)
    except NotADatabaseError:
        return True
    try:
        connection = sqlite_file.connect_read_only(path, timeout_ms=timeout_ms)
        try:
            result = connection.execute("PRAGMA quick_check").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        if sqlite_file.is_busy(error):
            raise _busy(path) from None
        return True
    return result is None or result[0] != "ok"


def _keep_raw_copy(path: Path, reason: str) -> None:
    """Before replacing a file SQLite cannot read: keep its bytes. Only for an unusable file
    nobody holds (checked by the caller), which no SprintDesk connection has open either, so
    reading it with ``open()`` drops no lock."""
    folder = backup_folder(path)
    mode = private_mode(path)
    private_folder(backups_root(), PRIVATE)
    private_folder(folder, mode)
    now = dt.datetime.now(dt.UTC)
    target = new_name(folder, now)
    for source, name in ((path, target), (Path(f"{path}-wal"), Path(f"{target}-wal"))):
        if source.exists():
            temp = temp_name(name)
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
            shutil.copyfile(source, temp)
            fsync_file(temp)
            os.replace(temp, name)
    write_json(sidecar(target), {"database": str(path), "created": now.isoformat(), "reason": reason}, mode)


def _open_checked_backup(source_path: Path) -> sqlite3.Connection:
    if not source_path.is_file():
        raise BackupError(f"the backup {source_path} does not exist")
    try:
        source = sqlite3.connect(sqlite_file.uri(source_path, "mode=ro", "immutable=1"), uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"cannot read the backup {source_path}: {error}") from None
    try:
        result = source.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as error:
        source.close()
        raise BackupError(f"the backup {source_path.name} is damaged ({error})") from None
    if result is None or result[0] != "ok":
        source.close()
        raise BackupError(f"the backup {source_path.name} is damaged ({result and result[0]})")
    return source


def _restore_into(source: sqlite3.Connection, path: Path, timeout_ms: int) -> None:
    destination = sqlite3.connect(path, timeout=timeout_ms / 1000)
    try:
        sqlite_file.copy_database(source, destination)
        destination.execute("PRAGMA journal_mode=WAL")
    finally:
        destination.close()


def _replace_with(source: sqlite3.Connection, path: Path) -> None:
    """A WAL-mode copy of the backup beside the unusable file, renamed over it; its -wal
    and -shm belonged to the replaced file."""
    copy = path.with_name(f".{path.name}.restored")
    temp = temp_name(copy)  # what copy_with_backup_api writes first: cleaned at the next start
    try:
        copy_with_backup_api(source, copy, mode=private_mode(path), journal="WAL")
        for file in sqlite_file.sidecars(path):
            file.unlink(missing_ok=True)
        os.replace(copy, path)
    finally:
        copy.unlink(missing_ok=True)
        temp.unlink(missing_ok=True)


def _keep_current_state(path: Path, timeout_ms: int) -> tuple[BackupInfo | None, bool]:
    """Back the current state up ("before restore"); (that backup, whether the file is
    usable). An unusable file gets a raw copy; a busy one stops everything."""
    if not path.exists():
        return None, False
    if not _unusable(path, timeout_ms):
        try:
            return take_backup(path, "before restore"), True
        except BackupBusyError as busy:
            raise _busy(path, busy.users) from None
    holders = other_holders(path)
    if holders:  # never rename over a file another program has open
        raise _busy(path, ", ".join(holder.describe() for holder in holders))
    try:
        _keep_raw_copy(path, "before restore (copy of a damaged file)")
    except OSError as error:
        raise BackupError(
            f"cannot keep a copy of {path} before restoring ({error}); nothing was changed"
        ) from None
    return None, False


def restore_backup(
    db_path: str | Path, backup: BackupInfo | Path, *, timeout_ms: int = 5000
) -> BackupInfo | None:
    """Replace the database's content with a backup's (see the module's docstring).
    SprintDesk's own connections to it should be closed (the app closes its windows first).
    Another program holding the database for longer than ``timeout_ms`` stops the restore
    with BackupBusyError before anything changed. Returns the "before restore" backup (None
    for a file that was not usable: a raw copy was kept instead)."""
    path = Path(db_path).expanduser()
    source_path = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    source = _open_checked_backup(source_path)
    try:
        before, usable = _keep_current_state(path, timeout_ms)
        try:
            if usable:
                _restore_into(source, path, timeout_ms)
            else:
                _replace_with(source, path)
        except sqlite3.Error as error:
            if sqlite_file.is_busy(error):
                raise _busy(path) from None
            raise BackupError(f"cannot restore {path} from {source_path.name}: {error}") from None
        except OSError as error:
            raise BackupError(f"cannot restore {path} from {source_path.name}: {error}") from None
    finally:
        source.close()
    log.info("restored %s from %s", path, source_path)
    return before
