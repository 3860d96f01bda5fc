"""Automatic backups, always made with SQLite's online backup API (never a file copy of a
live database), kept in the user data folder rather than beside a possibly synced file.

Layout: ``<user data>/backups/<key>/<UTC timestamp>.sqlite3`` plus a ``.json`` sidecar with
the reason and the fingerprint of the database at the moment of the backup, where ``<key>``
is a short hash of the database's real path. Each backup file is self-contained (rollback
journal mode, no ``-wal``) and appears atomically (written under a temporary name, then
renamed).

"Changed since the last backup" compares a *file fingerprint*: size and modification time
(in nanoseconds) of the database file and of its ``-wal`` file (an empty ``-wal`` counts as
none, since opening a WAL database creates one). ``PRAGMA data_version`` cannot be used (it
is per connection) and the ``updated_at`` stamps do not cover every edit (moving a note
does not touch its workshop). The fingerprint never misses a commit on file systems with
fine timestamps; its only cost is an occasional redundant backup (a checkpoint on close
rewrites the file with the same content), which the retention rule absorbs.

Retention: everything from the last 7 days, and at least the newest 10.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
from pathlib import Path

from sprintdesk.storage import sqlite_file
from sprintdesk.storage.errors import BackupBusyError, BackupError
from sprintdesk.storage.file_users import describe_users
from sprintdesk.storage.leftovers import remove_leftovers, temp_name
from sprintdesk.storage.location import default_data_dir, is_url
from sprintdesk.storage.privacy import PRIVATE, private_folder, private_mode

log = logging.getLogger(__name__)

KEEP_DAYS = 7
KEEP_AT_LEAST = 10
SUFFIX = ".sqlite3"
_STAMP = "%Y%m%dT%H%M%S_%fZ"


@dataclasses.dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    created: dt.datetime  # UTC
    size: int  # bytes
    reason: str
    workshops: int | None  # None when the backup cannot be read
    notes: int | None

    def describe(self) -> str:
        held = (
            f"{self.workshops} workshop{'s' if self.workshops != 1 else ''}, "
            f"{self.notes} note{'s' if self.notes != 1 else ''}"
            if self.workshops is not None
            else "contents unreadable"
        )
        return f"{self.created:%Y-%m-%d %H:%M:%S} UTC  {self.reason}  ({held}, {_size(self.size)})"


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


# -- where ------------------------------------------------------------------------------


def database_key(db_path: str | Path) -> str:
    """A short, stable name for a database file (its real path, hashed)."""
    real = os.path.normcase(os.path.realpath(os.path.expanduser(str(db_path))))
    return hashlib.sha256(real.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def backups_root() -> Path:
    return default_data_dir() / "backups"


def backup_folder(db_path: str | Path) -> Path:
    return backups_root() / database_key(db_path)


def sqlite_path_of(target: str | Path) -> Path | None:
    """The file behind a path or a ``sqlite:///`` URL; None for other databases."""
    target = str(target)
    if not is_url(target):
        return Path(target).expanduser()
    from sqlalchemy.engine import make_url

    url = make_url(target)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser()


# -- reading a backup (never the live database: see storage.sqlite_file) ------------------


def _counts(path: Path) -> tuple[int | None, int | None]:
    try:
        connection = sqlite3.connect(sqlite_file.uri(path, "mode=ro", "immutable=1"), uri=True)
        try:
            names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            found = [
                connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if table in names else 0
                for table in ("workshops", "notes")
            ]
        finally:
            connection.close()
    except sqlite3.Error:
        return None, None
    return found[0], found[1]


# -- fingerprint -----------------------------------------------------------------------


def fingerprint(db_path: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for name, path in (("db", db_path), ("wal", Path(f"{db_path}-wal"))):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        if name == "wal" and stat.st_size == 0:
            continue
        found[f"{name}_size"] = stat.st_size
        found[f"{name}_mtime_ns"] = stat.st_mtime_ns
    return found


def sidecar(backup: Path) -> Path:
    return backup.with_suffix(".json")


def _readsidecar(backup: Path) -> dict[str, object]:
    try:
        loaded = json.loads(sidecar(backup).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _backup_files(folder: Path) -> list[Path]:
    """Newest first; names are UTC timestamps, so the name order is the time order."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith(".")), reverse=True)


def needs_backup(db_path: str | Path) -> bool:
    """True when the database file exists and changed since its newest backup."""
    path = Path(db_path).expanduser()
    if not path.is_file():
        return False
    newest = _backup_files(backup_folder(path))
    if not newest:
        return True
    return _readsidecar(newest[0]).get("fingerprint") != fingerprint(path)


# -- writing ---------------------------------------------------------------------------


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json(target: Path, payload: dict[str, object], mode: int = 0o600) -> None:
    temp = temp_name(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(payload, indent=1, ensure_ascii=False))
    os.replace(temp, target)


def new_name(folder: Path, now: dt.datetime) -> Path:
    while True:
        target = folder / f"{now.strftime(_STAMP)}{SUFFIX}"
        if not target.exists():
            return target
        now += dt.timedelta(microseconds=1)


def copy_with_backup_api(
    source: sqlite3.Connection, target: Path, *, mode: int = 0o600, journal: str = "DELETE"
) -> None:
    """Copy into ``target`` atomically: a temporary file in the same folder (made with
    ``mode`` before SQLite writes a byte into it), renamed. ``journal`` DELETE makes one
    self-contained file (a backup); WAL is for a file that becomes the database again."""
    temp = temp_name(target)
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
        destination = sqlite3.connect(temp)
        try:
            sqlite_file.copy_database(source, destination)
            destination.execute(f"PRAGMA journal_mode={journal}")
        finally:
            destination.close()
        fsync_file(temp)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def take_backup(db_path: str | Path, reason: str, *, now: dt.datetime | None = None) -> BackupInfo:
    """Back the database up now; BackupError (with a plain message) if it cannot be done."""
    path = Path(db_path).expanduser()
    if not path.is_file():
        raise BackupError(f"there is no database at {path} to back up")
    folder = backup_folder(path)
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    try:
        mode = private_mode(path)
        private_folder(backups_root(), PRIVATE)
        private_folder(folder, mode)
        remove_leftovers(folder)
        target = new_name(folder, now)
        state_before = fingerprint(path)  # taken first: a change during the copy counts later
        # No -wal or -shm left behind when nobody writes; copied again under locks when a
        # writer started during the copy (see sqlite_file.settled_look).
        sqlite_file.settled_look(path, lambda source: copy_with_backup_api(source, target, mode=mode))
        workshops, notes = _counts(target)
        write_json(
            sidecar(target),
            {
                "database": str(path.resolve()),
                "created": now.isoformat(),
                "reason": reason,
                "fingerprint": state_before,
                "workshops": workshops,
                "notes": notes,
            },
            mode,
        )
    except sqlite3.Error as error:
        if sqlite_file.is_busy(error):
            users = describe_users(path)
            raise BackupBusyError(f"cannot back up {path} now: {users} is writing to it", users) from None
        raise BackupError(f"cannot back up {path}: {error}") from None
    except OSError as error:
        raise BackupError(f"cannot back up {path}: {error}") from None
    prune(path, now=now)
    log.info("backed up %s to %s (%s)", path, target, reason)
    return BackupInfo(target, now, target.stat().st_size, reason, workshops, notes)


def _created(backup: Path) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(backup.stem, _STAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def remove_abandoned_files(db_path: str | Path) -> list[Path]:
    """Temporary files of a killed backup or restore of this database (see
    ``storage.leftovers``): in its backups' folder, and beside it for its own name."""
    path = Path(db_path).expanduser()
    return remove_leftovers(backup_folder(path)) + remove_leftovers(path.parent, target=path.name)


def list_backups(db_path: str | Path) -> list[BackupInfo]:
    """The backups of a database, newest first, with what each holds."""
    found = []
    for backup in _backup_files(backup_folder(db_path)):
        created = _created(backup)
        if created is None:
            continue
        meta = _readsidecar(backup)
        workshops, notes = _counts(backup)
        reason = meta.get("reason")
        found.append(
            BackupInfo(
                backup,
                created,
                backup.stat().st_size,
                reason if isinstance(reason, str) else "unknown",
                workshops,
                notes,
            )
        )
    return found


def prune(db_path: str | Path, *, now: dt.datetime | None = None) -> list[Path]:
    """Delete backups older than KEEP_DAYS beyond the newest KEEP_AT_LEAST; return them."""
    now = now or dt.datetime.now(dt.UTC)
    limit = now - dt.timedelta(days=KEEP_DAYS)
    removed = []
    for backup in _backup_files(backup_folder(db_path))[KEEP_AT_LEAST:]:
        created = _created(backup)
        if created is not None and created < limit:
            try:
                backup.unlink()
                sidecar(backup).unlink(missing_ok=True)
            except OSError as error:
                log.warning("cannot remove the old backup %s: %s", backup, error)
                continue
            removed.append(backup)
    return removed
