"""Busy is not damaged (issue 10): a database another program is writing to is reported as in
use by that program (named where the OS tells), never as damaged, and nothing is changed."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import lock_holder
import pytest

from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database, check_database, open_database
from sprintdesk.storage.errors import DatabaseBusyError, NotADatabaseError
from sprintdesk.storage.file_users import describe_users, parse_locks

LINUX = sys.platform.startswith("linux")


def _rollback_journal_database(path: Path) -> None:
    """A SprintDesk database in rollback-journal mode (as a restored backup used to be), where
    a writer's exclusive lock keeps readers out too."""
    db = open_database(path)
    WorkshopService(db).create("Kept")
    db.close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow  # starts another process
def test_opening_a_file_another_program_holds_is_busy_not_damaged(db_path: Path) -> None:
    _rollback_journal_database(db_path)
    before = _digest(db_path)
    with lock_holder.hold(db_path, "EXCLUSIVE") as other:
        with pytest.raises(DatabaseBusyError) as raised:
            open_database(db_path, busy_timeout_ms=100)
        problem = check_database(db_path)
    assert not isinstance(raised.value, NotADatabaseError)
    message = str(raised.value)
    assert "in use by" in message and "damaged" not in message and "not a database" not in message
    assert "nothing was changed" in message
    if LINUX:
        assert f"(process {other.pid})" in message  # named from /proc/locks
        assert raised.value.users.endswith(f"(process {other.pid})")
    assert problem is not None and "in use by" in problem and "damaged" not in problem
    assert _digest(db_path) == before
    open_database(db_path).close()  # once it is released, it opens


@pytest.mark.slow  # starts another process
def test_a_write_while_another_program_writes_is_busy_and_rolled_back(db: Database, db_path: Path) -> None:
    workshops = WorkshopService(db)
    workshops.create("Before")
    with lock_holder.hold(db_path, "IMMEDIATE"), pytest.raises(DatabaseBusyError) as raised:
        workshops.create("During")
    assert "in use by" in str(raised.value) and "nothing was changed" in str(raised.value)
    assert [s.title for s in workshops.list()] == ["Before"]
    workshops.create("After")  # the same call goes through once the lock is gone
    assert sorted(s.title for s in workshops.list()) == ["After", "Before"]


@pytest.mark.slow  # starts another process
def test_the_command_line_waits_then_says_in_use_in_one_line(db_path: Path) -> None:
    open_database(db_path).close()
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    with lock_holder.hold(db_path, "IMMEDIATE") as other:
        result = subprocess.run(
            [sys.executable, "-m", "sprintdesk", "new", "--title", "Blocked", "--db", str(db_path)],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sprintdesk: error: ") and "in use by" in lines[0]
    assert "(SprintDesk waited 5 s)" in lines[0] and "OperationalError" not in lines[0]
    if LINUX:
        assert f"(process {other.pid})" in lines[0]


def test_proc_locks_lines_are_read() -> None:
    text = (
        "1: POSIX  ADVISORY  WRITE 4242 08:01:1234 1073741824 1073742335\n"
        "1: -> POSIX  ADVISORY  WRITE 77 08:01:1234 1073741824 1073742335\n"
        "2: FLOCK  ADVISORY  WRITE 99 fd:00:55 0 EOF\n"
        "garbage\n"
    )
    locks = parse_locks(text)
    assert [(lock.pid, lock.device, lock.inode, lock.waiting) for lock in locks] == [
        (4242, (8, 1), 1234, False),
        (77, (8, 1), 1234, True),
        (99, (0xFD, 0), 55, False),
    ]


def test_nobody_named_is_another_program(tmp_path: Path) -> None:
    assert describe_users(tmp_path / "nothing-here.sqlite3") == "another program"


@pytest.mark.skipif(not LINUX, reason="/proc/locks names the writer")
def test_a_write_held_by_this_process_itself_is_named_as_such(db: Database, db_path: Path) -> None:
    """A workshop import on the app's worker thread holds the write lock with its own
    connection: the wait then says so instead of blaming another program."""
    writer = sqlite3.connect(db_path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseBusyError) as raised:
            WorkshopService(db).create("Waits")
        writer.execute("ROLLBACK")
    finally:
        writer.close()
    assert raised.value.users == "another task of this SprintDesk (an import, say)"


@pytest.mark.slow  # starts another process
def test_a_migration_retried_while_busy_backs_up_once(db_path: Path) -> None:
    """The app retries opening while another program writes; the backup before the
    migration is taken once for that state, not once per attempt."""
    from sqlalchemy import create_engine, text

    from sprintdesk.storage import backup as backups
    from sprintdesk.storage.migrate import HEAD_REVISION, KNOWN_REVISIONS, upgrade_to

    engine = create_engine(f"sqlite:///{db_path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        upgrade_to(connection, KNOWN_REVISIONS[-2])
        connection.execute(
            text(
                "INSERT INTO workshops (title, goal, facilitator, created_at, updated_at) "
                "VALUES ('Old', '', '', '2026-01-01', '2026-01-01')"
            )
        )
    engine.dispose()
    with lock_holder.hold(db_path, "IMMEDIATE"):
        for _attempt in range(3):
            with pytest.raises(DatabaseBusyError):
                open_database(db_path, busy_timeout_ms=100)
    made = [b for b in backups.list_backups(db_path) if b.reason == f"before migration to {HEAD_REVISION}"]
    assert len(made) == 1
    db = open_database(db_path)  # and once the other program is done, it migrates
    try:
        assert [s.title for s in WorkshopService(db).list()] == ["Old"]
    finally:
        db.close()


@pytest.mark.slow  # starts another process
@pytest.mark.parametrize("mode", ["rollback", "wal"])
def test_a_restore_while_another_program_writes_changes_nothing(db_path: Path, mode: str) -> None:
    """Busy is not damaged in a restore either: no raw copy, no rename over the file, and
    the other program's transaction commits into the file it has open."""
    from sprintdesk.storage import backup as backups
    from sprintdesk.storage.errors import BackupBusyError
    from sprintdesk.storage.restore import restore_backup

    db = open_database(db_path)
    WorkshopService(db).create("Kept")
    info = db.backup_now("test", raise_errors=True)
    db.close()
    assert info is not None
    if mode == "rollback":
        _rollback_journal_database(db_path)
    inode = db_path.stat().st_ino
    kind = "EXCLUSIVE" if mode == "rollback" else "IMMEDIATE"
    with lock_holder.hold(db_path, kind, commit=True) as other:
        with pytest.raises(BackupBusyError) as raised:
            restore_backup(db_path, info, timeout_ms=100)
        listed = len(backups.list_backups(db_path))
        other.release()
    assert other.committed, "the other program's commit failed: its journal was taken away"
    assert "nothing was changed" in str(raised.value)
    assert db_path.stat().st_ino == inode
    assert listed == len(backups.list_backups(db_path))
    connection = sqlite3.connect(db_path)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    finally:
        connection.close()
    assert "held_by_another_program" in tables  # its committed change is in the file
