"""Nothing SprintDesk does to a database drops the locks its own open connection holds (issue 10).

A live connection in write-ahead-log mode holds a shared POSIX lock on the database file and on
its ``-shm``. If any code in the same process opened and closed the file with Python, Linux
would drop those locks, and the next program to close the database (``sprintdesk list``, the
``sqlite3`` shell) would checkpoint and delete the ``-wal`` under us: saved edits lost. Each
test holds a connection, runs a code path that looks at the file, and asserts through
``/proc/locks`` that this process still holds its locks; then a real ``sqlite3`` process opens
and closes the file, and edits made afterwards must still be there after a reopen.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import lock_guard
import pytest
from sqlalchemy import create_engine, text

from sprintdesk.services.note_import import NoteImportService
from sprintdesk.services.workshop_file import WorkshopFileService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage import backup as backups
from sprintdesk.storage import restore
from sprintdesk.storage.database import Database, check_database, check_integrity, open_database
from sprintdesk.storage.migrate import KNOWN_REVISIONS, upgrade_to

pytestmark = pytest.mark.skipif(
    not lock_guard.PROC_LOCKS.exists(), reason="/proc/locks (Linux) is needed to see the locks"
)


@pytest.fixture
def live(db_path: Path) -> Iterator[Database]:
    """A database with one workshop and a pooled connection that holds its locks."""
    db = open_database(db_path)
    WorkshopService(db).create("Seed")
    yield db
    db.close()


def _assert_locked(path: Path, after: str) -> None:
    for file in (path, Path(f"{path}-shm")):
        assert lock_guard.holds_lock_on(file), f"after {after}, this process no longer locks {file.name}"


def _other_program_opens_and_closes(path: Path) -> None:
    """What ``sprintdesk list`` or the sqlite3 shell does; with our locks gone, its close
    would checkpoint and delete the -wal that our connection keeps writing into."""
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        "c.execute('SELECT count(*) FROM workshops').fetchone(); c.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60)


def _survives(db: Database, path: Path, title: str) -> None:
    WorkshopService(db).create(title)
    wal = Path(f"{path}-wal")
    assert wal.exists(), "the -wal was deleted under the open connection"
    # A second connection of this process (not a copy of the file) sees the commit.
    reader = sqlite3.connect(path)
    try:
        titles = {row[0] for row in reader.execute("SELECT title FROM workshops")}
    finally:
        reader.close()
    assert title in titles


def _old_schema_copy(path: Path) -> Path:
    """A database one migration behind, for the migration path."""
    old = path.with_name("old.sqlite3")
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as connection:
        upgrade_to(connection, KNOWN_REVISIONS[-2])
        connection.execute(
            text(
                "INSERT INTO workshops (title, goal, facilitator, created_at, updated_at) "
                "VALUES ('Old', '', '', '2026-01-01', '2026-01-01')"
            )
        )
    engine.dispose()
    return old


def _paths(db: Database, path: Path) -> dict[str, Callable[[], object]]:
    workshop_id = WorkshopService(db).list()[0].id
    exported = path.with_name("exported.json")
    return {
        "open (a second open of the same file)": lambda: open_database(path).close(),
        "open read-only": lambda: open_database(path, read_only=True).close(),
        "integrity check": lambda: check_integrity(path, full=True),
        "sprintdesk check": lambda: check_database(path),
        "backup": lambda: db.backup_now("test", raise_errors=True),
        "backup if changed": lambda: db.backup_if_changed("test"),
        "list backups": lambda: backups.list_backups(path),
        "restore": lambda: restore.restore_backup(path, backups.list_backups(path)[-1]),
        "note import": lambda: NoteImportService(db).import_file(workshop_id, "wall.txt", b"one\ntwo"),
        "workshop export": lambda: WorkshopFileService(db).export(workshop_id, exported),
        "workshop import": lambda: WorkshopFileService(db).store(
            WorkshopFileService.read(exported.read_bytes())
        ),
        "migration of another file": lambda: open_database(_old_schema_copy(path)).close(),
    }


@pytest.mark.slow  # starts another process
def test_every_code_path_that_looks_at_the_file_keeps_the_lock(live: Database, db_path: Path) -> None:
    _assert_locked(db_path, "opening")
    live.backup_now("first", raise_errors=True)
    names = list(_paths(live, db_path))
    for name, step in _paths(live, db_path).items():
        step()
        _assert_locked(db_path, name)
        _other_program_opens_and_closes(db_path)
        _survives(live, db_path, f"after {name}")
    # Everything since the restore (which went back to the first backup) is still there.
    titles = {s.title for s in WorkshopService(live).list()}
    since_restore = names[names.index("restore") :]
    assert {f"after {name}" for name in since_restore} <= titles


def test_the_guard_refuses_python_opening_a_live_database(live: Database, db_path: Path) -> None:
    """The suite's audit hook (tests/lock_guard.py) is on, and catches what the bug did."""
    assert lock_guard.install()
    with pytest.raises(lock_guard.LiveDatabaseOpenedError):
        db_path.read_bytes()
    with pytest.raises(lock_guard.LiveDatabaseOpenedError):
        shutil.copyfile(f"{db_path}-shm", db_path.with_name("copy"))
    # It recorded both, so even a swallowed error fails the test: take them back out.
    del lock_guard.violations[-2:]
    _assert_locked(db_path, "the refused opens")  # refused before a descriptor existed


def test_the_guard_is_on_in_ci() -> None:
    if os.environ.get("CI") == "true":
        assert lock_guard.install(), "the lock guard must run in CI (Linux, /proc/locks)"
    assert lock_guard.install() == sys.platform.startswith("linux")


def test_picking_the_live_database_to_import_is_refused_unopened(live: Database, db_path: Path) -> None:
    """The file dialogs let a person pick anything, the open database included."""
    from sprintdesk.domain.errors import ValidationError
    from sprintdesk.services.note_import import read_note_file
    from sprintdesk.services.workshop_file import WorkshopFileService

    for picked in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        with pytest.raises(ValidationError, match="SprintDesk itself has open"):
            read_note_file(picked)
    with pytest.raises(ValidationError, match="SprintDesk itself has open"):
        WorkshopFileService.read_file(db_path)
    _assert_locked(db_path, "the refused imports")


def test_exporting_onto_the_live_database_is_refused(live: Database, db_path: Path) -> None:
    from sprintdesk.services.errors import ExportError

    workshop_id = WorkshopService(live).list()[0].id
    inode = db_path.stat().st_ino
    with pytest.raises(ExportError, match="SprintDesk itself has open"):
        WorkshopFileService(live).export(workshop_id, db_path)
    assert db_path.stat().st_ino == inode
    _assert_locked(db_path, "the refused export")
    WorkshopService(live).create("Still writable")
