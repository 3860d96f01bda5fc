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
import shutil
import sqlite3
from pathlib import Path

from sprintdesk.storage import sqlite_file
from sprintdesk.storage.errors import BackupError
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


def _sidecar(backup: Path) -> Path:
    return backup.with_suffix(".json")


def _read_sidecar(backup: Path) -> dict[str, object]:
    try:
        loaded = json.loads(_sidecar(backup).read_text(encoding="utf-8"))
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
    return _read_sidecar(newest[0]).get("fingerprint") != fingerprint(path)


# -- writing ---------------------------------------------------------------------------


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json(target: Path, payload: dict[str, object], mode: int = 0o600) -> None:
    temp = temp_name(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(payload, indent=1, ensure_ascii=False))
    os.replace(temp, target)


def _new_name(folder: Path, now: dt.datetime) -> Path:
    while True:
        target = folder / f"{now.strftime(_STAMP)}{SUFFIX}"
        if not target.exists():
            return target
        now += dt.timedelta(microseconds=1)


def _copy_with_backup_api(
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
        _fsync(temp)
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
        target = _new_name(folder, now)
        state_before = fingerprint(path)  # taken first: a change during the copy counts later
        source = sqlite_file.connect_read_only(path)
        try:
            _copy_with_backup_api(source, target, mode=mode)
        finally:
            source.close()
        workshops, notes = _counts(target)
        _write_json(
            _sidecar(target),
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
            raise BackupError(f"cannot back up {path} now: another program is writing to it") from None
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
        meta = _read_sidecar(backup)
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
                _sidecar(backup).unlink(missing_ok=True)
            except OSError as error:
                log.warning("cannot remove the old backup %s: %s", backup, error)
                continue
            removed.append(backup)
    return removed


# -- restoring -------------------------------------------------------------------------


def _keep_raw_copy(path: Path, reason: str) -> None:
    """Last resort before replacing a file the backup API cannot read (a damaged one): keep
    its bytes. Only ever called by ``restore_backup`` on a file no SprintDesk connection has
    open (the app closes the database first; a damaged file is never opened), so reading it
    with ``open()`` drops no lock of ours."""
    folder = backup_folder(path)
    mode = private_mode(path)
    private_folder(backups_root(), PRIVATE)
    private_folder(folder, mode)
    now = dt.datetime.now(dt.UTC)
    target = _new_name(folder, now)
    for source, name in ((path, target), (Path(f"{path}-wal"), Path(f"{target}-wal"))):
        if source.exists():
            temp = temp_name(name)
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
            shutil.copyfile(source, temp)
            _fsync(temp)
            os.replace(temp, name)
    _write_json(_sidecar(target), {"database": str(path), "created": now.isoformat(), "reason": reason}, mode)


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
    """Copy the backup into the database itself with the backup API: SQLite takes the
    database's write lock, so a program that has it open (the command line, the sqlite3
    shell) sees the restored content on its next read, and the file stays in WAL mode."""
    destination = sqlite3.connect(path, timeout=timeout_ms / 1000)
    try:
        sqlite_file.copy_database(source, destination)
        destination.execute("PRAGMA journal_mode=WAL")
    finally:
        destination.close()


def _replace_with(source: sqlite3.Connection, path: Path) -> None:
    """For a file SQLite cannot write into (too damaged): a WAL-mode copy of the backup
    beside it, renamed over it; its -wal and -shm belonged to the replaced file."""
    temp = temp_name(path)
    try:
        _copy_with_backup_api(source, temp, mode=private_mode(path), journal="WAL")
        for sidecar in sqlite_file.sidecars(path):
            sidecar.unlink(missing_ok=True)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def restore_backup(
    db_path: str | Path, backup: BackupInfo | Path, *, timeout_ms: int = 5000
) -> BackupInfo | None:
    """Replace the database's content with a backup's. SprintDesk's own connections to it
    should be closed (the app closes its windows first).

    The backup is checked; the current state is backed up first ("before restore"; a raw
    copy if the file is too damaged for that); then the backup is copied into the database
    through SQLite (see ``_restore_into``), or, for a damaged file, renamed over it. Another
    program writing to the database for longer than ``timeout_ms`` stops the restore with
    BackupError before anything changed. Returns the "before restore" backup."""
    path = Path(db_path).expanduser()
    source_path = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    source = _open_checked_backup(source_path)
    try:
        before = None
        if path.exists():
            try:
                before = take_backup(path, "before restore")
            except BackupError as error:
                log.warning("%s; keeping a raw copy instead", error)
                try:
                    _keep_raw_copy(path, "before restore (copy of a damaged file)")
                except OSError as copy_error:
                    raise BackupError(
                        f"cannot keep a copy of {path} before restoring ({copy_error}); nothing was changed"
                    ) from None
        try:
            if before is not None:
                _restore_into(source, path, timeout_ms)
            else:
                _replace_with(source, path)
        except sqlite3.Error as error:
            if sqlite_file.is_busy(error):
                raise BackupError(
                    f"cannot restore {path} now: another program is writing to it; nothing was changed"
                ) from None
            raise BackupError(f"cannot restore {path} from {source_path.name}: {error}") from None
        except OSError as error:
            raise BackupError(f"cannot restore {path} from {source_path.name}: {error}") from None
    finally:
        source.close()
    log.info("restored %s from %s", path, source_path)
    return before
