"""One writer per database: a lock a second process cannot take while the first one lives,
by whatever name it reaches the file (hard link, symbolic link), naming the holder, that the
OS gives back when the holder is killed, in files only the user can read."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sprintdesk.storage.errors import DatabaseInUseError, StorageError
from sprintdesk.storage.location import default_data_dir
from sprintdesk.storage.lock import acquire_lock, lock_holder, lock_path

HOLDER = (
    "import sys; from sprintdesk.storage.lock import acquire_lock; "
    "lock = acquire_lock(sys.argv[1]); print('locked', flush=True); sys.stdin.read()"
)


def _holding_process(db_path: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdin=subprocess.PIPE,  # the holder waits on it until it is killed
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "locked"
    return child


def test_the_lock_lives_in_the_user_data_folder(db_path: Path) -> None:
    with acquire_lock(db_path) as lock:
        assert lock.held
        assert lock.path == lock_path(db_path)
        assert default_data_dir() in lock.path.parents
        assert db_path.parent not in lock.path.parents
        holder = lock_holder(db_path)
        assert holder["pid"] == os.getpid() and holder["host"] == socket.gethostname()
        assert "started" in holder
    assert not lock.held
    assert list(db_path.parent.iterdir()) == []


def test_a_second_holder_in_the_same_process_is_refused(db_path: Path) -> None:
    first = acquire_lock(db_path)
    try:
        with pytest.raises(DatabaseInUseError, match=f"process {os.getpid()} on"):
            acquire_lock(db_path)
    finally:
        first.release()
    acquire_lock(db_path).release()  # free again
    first.release()  # a second release is harmless


def test_the_same_file_by_another_name_is_the_same_lock(tmp_path: Path) -> None:
    target = tmp_path / "real.sqlite3"
    link = tmp_path / "link.sqlite3"
    link.symlink_to(target)
    with acquire_lock(target), pytest.raises(DatabaseInUseError):
        acquire_lock(link)


def test_different_databases_have_different_locks(tmp_path: Path) -> None:
    with acquire_lock(tmp_path / "a.sqlite3"), acquire_lock(tmp_path / "b.sqlite3"):
        pass


@pytest.mark.slow  # starts another process
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_another_process_holds_it_until_killed(db_path: Path) -> None:
    child = _holding_process(db_path)
    try:
        with pytest.raises(DatabaseInUseError) as caught:
            acquire_lock(db_path)
        message = str(caught.value)
        assert f"process {child.pid} on {socket.gethostname()}" in message
        assert str(db_path) in message and "in use by SprintDesk" in message
        assert isinstance(caught.value, StorageError)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    # the OS released the dead process's lock when it was reaped: recovered without clean-up
    lock = acquire_lock(db_path)
    try:
        assert lock_holder(db_path)["pid"] == os.getpid()
    finally:
        lock.release()


def test_a_lock_folder_that_cannot_be_made_is_a_storage_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    with pytest.raises(StorageError, match="lock file"):
        acquire_lock(db_path)


def _sqlite_file(path: Path) -> Path:
    sqlite3.connect(path).close()
    return path


@pytest.mark.slow  # starts another process
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_every_name_of_an_existing_file_meets_the_lock_of_another_process(tmp_path: Path) -> None:
    database = _sqlite_file(tmp_path / "w.sqlite3")
    hard = tmp_path / "hard.sqlite3"
    os.link(database, hard)
    (tmp_path / "sub").mkdir()
    symbolic = tmp_path / "sub" / "link.sqlite3"
    symbolic.symlink_to(database)
    child = _holding_process(database)
    try:
        for name in (hard, symbolic):
            with pytest.raises(DatabaseInUseError) as caught:
                acquire_lock(name)
            assert f"process {child.pid} on" in str(caught.value)
            assert f"opened as {database}" in str(caught.value)  # the holder's name of the file
        assert lock_holder(hard)["pid"] == child.pid
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    with acquire_lock(hard) as lock:  # free once the holder is gone
        assert lock.path == lock_path(database) and lock.path.name.startswith("id-")


@pytest.mark.slow  # starts another process
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_new_database_is_locked_by_its_identity_once_made(tmp_path: Path) -> None:
    database = tmp_path / "new.sqlite3"
    lock = acquire_lock(database)  # no file yet: locked by path only
    try:
        assert [p.name.startswith("id-") for p in lock.paths] == [False]
        _sqlite_file(database)  # what open_database does next
        lock.cover_identity()
        assert lock.path.name.startswith("id-") and len(lock.paths) == 2
        lock.cover_identity()  # once is enough
        assert len(lock.paths) == 2
        hard = tmp_path / "hard.sqlite3"
        os.link(database, hard)  # a hard link made afterwards
        take = "import sys; from sprintdesk.storage.lock import acquire_lock; acquire_lock(sys.argv[1])"
        result = subprocess.run(
            [sys.executable, "-c", take, str(hard)], capture_output=True, text=True, timeout=60
        )
        assert result.returncode != 0 and "DatabaseInUseError" in result.stderr
        assert f"process {os.getpid()} on" in result.stderr
    finally:
        lock.release()
    assert not lock.held


def test_covering_a_file_another_sprintdesk_got_first_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "new.sqlite3"
    lock = acquire_lock(database)
    try:
        _sqlite_file(database)
        hard = tmp_path / "hard.sqlite3"
        os.link(database, hard)
        with acquire_lock(hard):  # got in between the file's making and the cover
            with pytest.raises(DatabaseInUseError):
                lock.cover_identity()
            assert len(lock.paths) == 1  # still holding what it held
    finally:
        lock.release()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_lock_files_are_private(db_path: Path) -> None:
    folder = default_data_dir() / "locks"
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)  # as an older SprintDesk left them
    old = lock_path(db_path)
    old.write_text("{}")
    old.chmod(0o644)
    _sqlite_file(db_path)
    with acquire_lock(db_path) as lock:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for path in lock.paths:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert old in lock.paths
