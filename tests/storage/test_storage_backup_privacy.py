"""Backups keep the database's privacy, a killed backup leaves nothing behind after the next
start, and a restore leaves the database in WAL mode with its inode (issue 10)."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage import backup as backups
from sprintdesk.storage import restore
from sprintdesk.storage.database import open_database

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _made(db_path: Path, mode: int) -> backups.BackupInfo:
    db = open_database(db_path)
    WorkshopService(db).create("Private retro")
    db.close()
    os.chmod(db_path, mode)
    return backups.take_backup(db_path, "test")


@POSIX
@pytest.mark.parametrize(("mode", "folder"), [(0o600, 0o700), (0o640, 0o750), (0o644, 0o755)])
def test_backups_are_as_private_as_the_database(db_path: Path, mode: int, folder: int) -> None:
    old_umask = os.umask(0o022)  # a usual desktop umask: without care, 0644 files in 0755 folders
    try:
        info = _made(db_path, mode)
    finally:
        os.umask(old_umask)
    assert _mode(info.path) == mode
    assert _mode(info.path.with_suffix(".json")) == mode  # the sidecar names the database
    assert _mode(info.path.parent) == folder
    assert _mode(backups.backups_root()) == 0o700


@POSIX
def test_an_existing_wider_backup_folder_is_narrowed(db_path: Path) -> None:
    first = _made(db_path, 0o644)
    os.chmod(first.path.parent, 0o755)
    os.chmod(db_path, 0o600)  # the person made the database private since
    second = backups.take_backup(db_path, "after chmod")
    assert _mode(second.path) == 0o600
    assert _mode(first.path) == 0o600, "an older backup was left wider than the database"
    assert _mode(second.path.parent) == 0o700


_KILLED_MID_BACKUP = textwrap.dedent(
    """
    import sys, time
    from sprintdesk.storage import backup, sqlite_file

    copy = sqlite_file.copy_database

    def copy_then_hang(source, destination):
        copy(source, destination)
        print("copied", flush=True)
        time.sleep(600)  # killed here: the temporary file is complete but never renamed

    sqlite_file.copy_database = copy_then_hang
    backup.take_backup(sys.argv[1], "killed")
    """
)


@pytest.mark.slow  # starts another process
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_backup_leaves_nothing_after_the_next_start(db_path: Path) -> None:
    db = open_database(db_path)
    WorkshopService(db).create("Big one")
    db.close()
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_MID_BACKUP, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "copied"
    child.send_signal(signal.SIGKILL)
    child.wait()
    folder = backups.backup_folder(db_path)
    left = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert left and all(f".{child.pid}.tmp" in name for name in left), left
    unrelated = folder / ".notes-of-someone.txt"
    unrelated.write_text("not ours")
    open_database(db_path).close()  # the next start
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [unrelated.name]


@pytest.mark.slow  # starts another process
def test_a_live_writers_temporary_file_is_kept(db_path: Path) -> None:
    db = open_database(db_path)
    db.close()
    folder = backups.backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    waiting = [sys.executable, "-c", "import sys; sys.stdin.readline()"]
    writer = subprocess.Popen(waiting, stdin=subprocess.PIPE)
    try:
        theirs = folder / f".20261207T100000_000000Z.sqlite3.{writer.pid}.tmp"  # another live process
        theirs.write_bytes(b"in progress")
        backups.remove_abandoned_files(db_path)
        assert theirs.exists()
    finally:
        writer.communicate(b"\n", timeout=30)
    backups.remove_abandoned_files(db_path)  # once that process is gone, it is abandoned
    assert not theirs.exists()


def _journal_mode(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        connection.close()


def test_a_restore_leaves_the_database_in_wal_mode_with_its_inode(db_path: Path) -> None:
    db = open_database(db_path)
    workshops = WorkshopService(db)
    workshops.create("Restored")
    info = db.backup_now("before", raise_errors=True)
    workshops.create("Gone after the restore")
    db.close()
    inode = db_path.stat().st_ino
    assert info is not None
    restore.restore_backup(db_path, info)
    assert _journal_mode(db_path) == "wal"  # without reopening through SprintDesk
    assert db_path.stat().st_ino == inode  # restored into the file, not renamed over it
    db = open_database(db_path)
    try:
        assert [s.title for s in WorkshopService(db).list()] == ["Restored"]
    finally:
        db.close()


@pytest.mark.slow  # starts another process
def test_another_program_with_the_file_open_sees_the_restore(db_path: Path) -> None:
    db = open_database(db_path)
    WorkshopService(db).create("From the backup")
    info = db.backup_now("before", raise_errors=True)
    WorkshopService(db).create("Later")
    db.close()
    assert info is not None
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1])\n"
            "print(len(c.execute('SELECT * FROM workshops').fetchall()), flush=True)\n"
            "sys.stdin.readline()\n"
            "print(len(c.execute('SELECT * FROM workshops').fetchall()), flush=True)\n",
            str(db_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None and reader.stdin is not None
    assert reader.stdout.readline().strip() == "2"
    restore.restore_backup(db_path, info)
    reader.stdin.write("\n")
    reader.stdin.flush()
    assert reader.stdout.readline().strip() == "1"
    reader.wait(timeout=30)


def test_a_damaged_database_is_replaced_and_comes_back_in_wal_mode(db_path: Path) -> None:
    db = open_database(db_path)
    WorkshopService(db).create("Safe")
    info = db.backup_now("before", raise_errors=True)
    db.close()
    assert info is not None
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(db_path.read_bytes())
    data[0:16] = b"not a database!!"
    db_path.write_bytes(bytes(data))
    restore.restore_backup(db_path, info)
    assert _journal_mode(db_path) == "wal"
    assert not [p for p in db_path.parent.iterdir() if ".tmp" in p.name]
