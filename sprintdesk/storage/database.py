"""Opening a database: checks, engine setup, migrations, one session per user action.

SQLite is the default backend; everything SQLite-specific (file checks, PRAGMAs) is here,
so a PostgreSQL URL goes through the same code with those steps skipped.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from sprintdesk.storage.errors import DatabaseLocationError, NotADatabaseError, StorageError
from sprintdesk.storage.location import is_url
from sprintdesk.storage.migrate import upgrade_to_head

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class Database:
    """An open database. ``session()`` is one transaction: commit on success, else rollback."""

    def __init__(self, engine: Engine, label: str) -> None:
        self.engine = engine
        self.label = label
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # WAL (set by _use_wal once the file is known to be ours) + NORMAL: a committed
    # transaction survives an application crash; see issue 6 for the power-loss discussion.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def check_sqlite_path(path: Path) -> None:
    """Refuse, before touching anything, paths that cannot hold a SprintDesk database."""
    folder = path.parent
    if not folder.is_dir():
        raise DatabaseLocationError(f"the folder {folder} does not exist")
    if path.exists():
        if path.is_dir():
            raise NotADatabaseError(f"{path} is a folder, not a database file")
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if size == 0:
            raise NotADatabaseError(f"{path} is an empty file, not a SprintDesk database")
        if header != SQLITE_HEADER:
            raise NotADatabaseError(f"{path} is not a SQLite database")
        if not os.access(path, os.W_OK):
            raise DatabaseLocationError(f"{path} is read-only")
    if not os.access(folder, os.W_OK):
        raise DatabaseLocationError(f"the folder {folder} is not writable")


def _check_is_ours(engine: Engine, label: str) -> None:
    try:
        with engine.connect() as connection:
            names = set(inspect(connection).get_table_names())
    except (DatabaseError, sqlite3.DatabaseError) as error:
        raise NotADatabaseError(f"{label} is damaged or not a database ({error.args[0]})") from None
    if names and "alembic_version" not in names:
        raise NotADatabaseError(f"{label} is a database of another program, not SprintDesk's")


def _use_wal(engine: Engine) -> None:
    """Switch the file to write-ahead logging. The mode is stored in the file itself, so
    this runs only after the checks: a refused file must be left exactly as it was."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")


def open_database(target: str | Path, *, create_folder: bool = False, must_exist: bool = False) -> Database:
    """Open (creating and migrating as needed) the database at a path or URL. With
    ``must_exist`` a missing file is an error instead of a new database."""
    target = str(target)
    if is_url(target):
        engine = create_engine(target)
        label = engine.url.render_as_string(hide_password=True)
    else:
        path = Path(target).expanduser()
        if must_exist and not path.exists():
            raise DatabaseLocationError(f"there is no database at {path}")
        if create_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        check_sqlite_path(path)
        label = str(path)
        engine = create_engine(f"sqlite:///{path}")
    sqlite = engine.dialect.name == "sqlite"  # a path, or a sqlite:// URL
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        _check_is_ours(engine, label)
        with engine.begin() as connection:
            upgrade_to_head(connection)
            connection.execute(text("SELECT 1"))
        if sqlite:
            _use_wal(engine)
    except StorageError:
        engine.dispose()
        raise
    except OperationalError as error:
        engine.dispose()
        raise StorageError(f"cannot open {label}: {error.orig}") from None
    return Database(engine, label)
