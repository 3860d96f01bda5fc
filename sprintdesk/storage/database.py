"""Opening a database: checks, engine setup, migrations, one session per user action.

SQLite is the default backend; everything SQLite-specific (file checks, PRAGMAs) is here,
so a PostgreSQL URL goes through the same code with those steps skipped.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, ProgrammingError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from sprintdesk.domain.clock import Clock
from sprintdesk.storage import backup as backups
from sprintdesk.storage import sqlite_file
from sprintdesk.storage.busy import (
    BUSY_TIMEOUT_MS,
    busy_error,
    busy_timeout_on_checkout,
    current_busy_timeout,
    storage_error,
)
from sprintdesk.storage.errors import (
    BackupError,
    DatabaseLocationError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    StaleReferenceError,
    StorageError,
)
from sprintdesk.storage.integrity import check_integrity
from sprintdesk.storage.location import is_url
from sprintdesk.storage.migrate import HEAD_REVISION, KNOWN_REVISIONS, current_revision, upgrade_to_head
from sprintdesk.storage.stamps import CLOCK_KEY

log = logging.getLogger(__name__)

# One open transaction (``Database.session()``), by a name the services can use in type hints
# to hand it to repositories without importing SQLAlchemy themselves.
Transaction = Session


class Database:
    """An open database. ``session()`` is one transaction: commit on success, else rollback.

    ``read_only`` (with ``read_only_message`` for the interface) when the file or its folder
    cannot be written, or when opened with ``read_only=True``: every write then raises
    ReadOnlyDatabaseError. ``backup_warning`` holds the last automatic backup's failure."""

    def __init__(
        self,
        engine: Engine,
        label: str,
        *,
        path: Path | None = None,
        read_only: bool = False,
        read_only_message: str | None = None,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        clock: Clock | None = None,
    ) -> None:
        self.engine = engine
        self.label = label
        self.path = path  # the SQLite file, None for other databases
        self.busy_timeout_ms = busy_timeout_ms
        self.read_only = read_only
        self.read_only_message = read_only_message if read_only else None
        self.backup_warning: str | None = None
        self.clock = clock  # stamps rows (storage/stamps.py); None: the system clock
        self._sessions = sessionmaker(engine, expire_on_commit=False, info={CLOCK_KEY: clock})
        if read_only:
            event.listen(self._sessions, "before_flush", self._refuse_flush)
            event.listen(self._sessions, "do_orm_execute", self._refuse_statement)

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The factory behind ``session()`` (for session events, e.g. storage/watcher.py)."""
        return self._sessions

    def _refused(self) -> ReadOnlyDatabaseError:
        return ReadOnlyDatabaseError(
            f"this database is open read-only, so the change was not saved ({self.label})"
        )

    def _refuse_flush(self, session: Session, _context: object, _instances: object) -> None:
        if session.new or session.dirty or session.deleted:
            raise self._refused()

    def _refuse_statement(self, state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            raise self._refused()

    @contextmanager
    def session(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except IntegrityError as error:  # rolled back: nothing of the transaction is kept
            raise StaleReferenceError(
                "that change refers to something that no longer exists (deleted since), so it was not made"
            ) from error
        except ProgrammingError:  # a mistake in SprintDesk, not in the file: raised as it is
            raise
        except DatabaseError as error:  # rolled back too; busy, disk full, I/O error, damage
            if self.read_only and "readonly" in str(error.orig).replace("-", "").replace(" ", ""):
                raise self._refused() from None
            waited = current_busy_timeout(self.busy_timeout_ms)
            raise storage_error(error, self.label, self.path, waited) from error

    # -- backups (see storage.backup); none of these ever raise unless asked to ----------
    def backup_now(self, reason: str, *, raise_errors: bool = False) -> backups.BackupInfo | None:
        """Back up now. A failure is logged and kept in ``backup_warning`` (raised as
        BackupError with ``raise_errors``); None for databases that are not SQLite files."""
        if self.path is None:
            return None
        try:
            info = backups.take_backup(self.path, reason)
        except BackupError as error:
            if raise_errors:
                raise
            log.warning("%s", error)
            self.backup_warning = f"SprintDesk could not make a backup: {error}"
            return None
        self.backup_warning = None
        return info

    def backup_if_changed(self, reason: str = "while editing") -> backups.BackupInfo | None:
        """Back up if the file changed since its newest backup (for the periodic timer).
        Never for a database open read-only: this session cannot change it."""
        if self.path is None or self.read_only:
            return None
        try:
            changed = backups.needs_backup(self.path)
        except OSError as error:
            self.backup_warning = f"SprintDesk could not check for changes to back up: {error}"
            return None
        return self.backup_now(reason) if changed else None

    def list_backups(self) -> list[backups.BackupInfo]:
        return backups.list_backups(self.path) if self.path is not None else []

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # WAL (set by _use_wal once the file is known to be ours) + NORMAL: a committed
        # transaction survives an application crash; see issue 6 for the power-loss discussion.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return set_pragmas


def check_sqlite_path(path: Path) -> bool:
    """Refuse, before touching anything, paths that cannot hold a SprintDesk database.
    Returns whether it can be written: False for an existing file that is read-only or
    in a read-only folder (it is then opened read-only)."""
    folder = path.parent
    if not folder.is_dir():
        raise DatabaseLocationError(f"the folder {folder} does not exist")
    if path.exists():
        sqlite_file.refuse_non_database(path)
        return os.access(path, os.W_OK) and os.access(folder, os.W_OK)
    if not os.access(folder, os.W_OK):
        raise DatabaseLocationError(f"the folder {folder} is not writable")
    return True


def check_database(target: str | Path) -> str | None:
    """Everything opening would check, without opening (nothing is written, no backup,
    no migration): None when the database is fine, else the problem in one sentence."""
    path = backups.sqlite_path_of(target)
    if path is None:
        return "only SQLite database files can be checked"
    try:
        if not path.exists():
            return f"there is no database at {path}"
        sqlite_file.refuse_non_database(path)
        check_integrity(path, full=True)
        engine = create_engine(f"sqlite:///{path}", creator=lambda: sqlite_file.connect_read_only(path))
        try:
            _check_is_ours(engine, str(path))
            with engine.connect() as connection:
                revision = current_revision(connection)
        finally:
            engine.dispose()
        if revision is not None and revision not in KNOWN_REVISIONS:
            return f"{path} was made by a newer SprintDesk (schema {revision}); update SprintDesk to open it"
    except StorageError as error:
        return str(error)
    except (OSError, DatabaseError, sqlite3.Error) as error:
        return f"cannot check {path}: {error}"
    return None


def _check_is_ours(engine: Engine, label: str, path: Path | None = None, waited_ms: int = 0) -> None:
    try:
        with engine.connect() as connection:
            names = set(inspect(connection).get_table_names())
    except (DatabaseError, sqlite3.DatabaseError) as error:
        if sqlite_file.is_busy(getattr(error, "orig", None) or error):
            raise busy_error(label, path, waited_ms) from None
        raise NotADatabaseError(f"{label} is damaged or not a database ({error.args[0]})") from None
    if names and "alembic_version" not in names:
        raise NotADatabaseError(f"{label} is a database of another program, not SprintDesk's")


def _use_wal(engine: Engine) -> None:
    """Switch the file to write-ahead logging. The mode is stored in the file itself, so
    this runs only after the checks: a refused file must be left exactly as it was."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")


def _read_only_message(path: Path, asked: bool) -> str:
    if asked:
        return f"{path} is open read-only: you can look at everything, but no change will be saved."
    return (
        f"{path} (or its folder) is read-only, so SprintDesk opened it read-only: you can look at "
        "everything, but no change will be saved. Copy it to a folder you can write to in order to edit it."
    )


def _upgrade(engine: Engine, db: Database, label: str, take_backups: bool) -> bool:
    """Migrate to the current schema, backing up first; True when a backup was taken."""
    with engine.connect() as connection:
        revision = current_revision(connection)
        if revision is not None and revision not in KNOWN_REVISIONS:
            upgrade_to_head(connection)  # raises NewerSchemaError before writing anything
    if db.read_only:
        if revision == HEAD_REVISION:
            return False
        raise StorageError(
            f"{label} is read-only and needs an update to this SprintDesk's schema, which cannot "
            "be done while it is read-only; it was not changed"
        )
    migrating = revision is not None and revision != HEAD_REVISION
    reason = f"before migration to {HEAD_REVISION}"
    backed_up = False
    if migrating and take_backups and db.path is not None:
        # A retry (the app waits while another program holds the file) finds this state
        # backed up already: one backup per state, not one per attempt.
        already = not backups.needs_backup(db.path)
        backed_up = already or db.backup_now(reason) is not None
    with engine.begin() as connection:
        upgrade_to_head(connection)
        connection.execute(text("SELECT 1"))
    return backed_up


@dataclasses.dataclass
class _Found:
    """What opening found before the checks: the engine, its label and file, and how."""

    engine: Engine
    label: str
    path: Path | None
    existed: bool = False
    read_only: bool = False
    message: str | None = None


def _file_engine(
    path: Path, create_folder: bool, must_exist: bool, read_only: bool, busy_timeout_ms: int
) -> _Found:
    """A SQLite file: refused if it cannot hold a database, integrity-checked if it exists,
    and opened read-only when asked or when it (or its folder) cannot be written."""
    if must_exist and not path.exists():
        raise DatabaseLocationError(f"there is no database at {path}")
    if create_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    writable = check_sqlite_path(path)
    existed = path.exists()
    if read_only and not existed:
        raise DatabaseLocationError(f"there is no database at {path} to open read-only")
    label = str(path)
    if existed:
        check_integrity(path, label, busy_timeout_ms=busy_timeout_ms)
    if writable and not read_only:
        return _Found(create_engine(f"sqlite:///{path}"), label, path, existed)
    engine = create_engine(
        f"sqlite:///{path}", creator=lambda: sqlite_file.connect_read_only(path, threads=True)
    )
    return _Found(engine, label, path, existed, True, _read_only_message(path, asked=read_only))


def open_database(
    target: str | Path,
    *,
    create_folder: bool = False,
    must_exist: bool = False,
    read_only: bool = False,
    backups_enabled: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    clock: Clock | None = None,
) -> Database:
    """Open (creating and migrating as needed) the database at a path or URL. With
    ``must_exist`` a missing file is an error instead of a new database.

    An existing file is integrity-checked first (read-only); a damaged one raises
    DamagedDatabaseError and is left as it was. A read-only file or folder, or
    ``read_only=True``, opens read-only: no migration, no journal change, no writes.
    Backups (unless disabled) are taken before a migration and when the file changed since
    its newest backup; a failed backup never stops the opening (see ``backup_warning``).
    Every statement waits up to ``busy_timeout_ms`` for another program's lock, then raises
    DatabaseBusyError (the command line waits 5 s; the app waits briefly and says so). Rows
    are stamped by ``clock`` (the system clock without one)."""
    target = str(target)
    if is_url(target):
        found = _Found(create_engine(target), "", backups.sqlite_path_of(target))
        found.label = found.engine.url.render_as_string(hide_password=True)
        found.existed = found.path is not None and found.path.is_file()
    else:
        found = _file_engine(Path(target).expanduser(), create_folder, must_exist, read_only, busy_timeout_ms)
    engine, label, path, existed, message = (
        found.engine,
        found.label,
        found.path,
        found.existed,
        found.message,
    )
    read_only = found.read_only
    sqlite = engine.dialect.name == "sqlite"  # a path, or a sqlite:// URL
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        event.listen(engine, "checkout", busy_timeout_on_checkout(busy_timeout_ms))
    db = Database(
        engine,
        label,
        path=path,
        read_only=read_only,
        read_only_message=message,
        busy_timeout_ms=busy_timeout_ms,
        clock=clock,
    )
    try:
        _check_is_ours(engine, label, path, busy_timeout_ms)
        backed_up = _upgrade(engine, db, label, backups_enabled and existed)
        if sqlite and not read_only:
            _use_wal(engine)
    except StorageError:
        engine.dispose()
        raise
    except DatabaseError as error:
        engine.dispose()
        raise storage_error(error, label, path, busy_timeout_ms) from None
    if path is not None and not read_only:
        backups.remove_abandoned_files(path)
    if backups_enabled and existed and not backed_up:
        db.backup_if_changed("when opened, after changes")
    return db
