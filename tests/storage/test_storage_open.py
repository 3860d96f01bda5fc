"""Opening a database: creation, migration, PRAGMAs, and every way a file is refused."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from sprintdesk.domain.workshop import Workshop
from sprintdesk.storage import workshop_repository as repo
from sprintdesk.storage.database import Database, open_database
from sprintdesk.storage.errors import (
    DatabaseLocationError,
    NewerSchemaError,
    NotADatabaseError,
    StorageError,
)
from sprintdesk.storage.migrate import HEAD_REVISION, KNOWN_REVISIONS

TABLES = {"alembic_version", "workshops", "participants", "agenda_days", "agenda_items", "run_events"}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sidecars(path: Path) -> list[Path]:
    return [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")) if p.exists()]


@contextmanager
def _left_alone(path: Path) -> Iterator[None]:
    """The refused file keeps its exact bytes and gets no -wal/-shm/-journal files."""
    before = _sha256(path)
    listing = sorted(os.listdir(path.parent))
    yield
    assert _sha256(path) == before
    assert _sidecars(path) == []
    assert sorted(os.listdir(path.parent)) == listing


def _pragma(db: Database, name: str) -> object:
    with db.engine.connect() as connection:
        return connection.execute(text(f"PRAGMA {name}")).scalar()


# -- creating and opening --------------------------------------------------------------


def test_open_creates_and_migrates_a_new_file(db_path: Path) -> None:
    assert not db_path.exists()
    db = open_database(db_path)
    try:
        assert db_path.is_file()
        assert db.label == str(db_path)
        with db.engine.connect() as connection:
            names = set(
                connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars()
            )
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert names >= TABLES
        assert version == HEAD_REVISION == KNOWN_REVISIONS[-1]
    finally:
        db.close()


def test_pragmas(db: Database) -> None:
    assert _pragma(db, "journal_mode") == "wal"
    assert _pragma(db, "foreign_keys") == 1
    busy = _pragma(db, "busy_timeout")
    assert isinstance(busy, int) and busy > 0
    assert _pragma(db, "synchronous") == 1  # NORMAL


def test_every_pooled_connection_enforces_foreign_keys(db: Database) -> None:
    with db.engine.connect() as first, db.engine.connect() as second:
        assert first.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert second.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_the_wal_mode_is_stored_in_the_file(db_path: Path, db: Database) -> None:
    db.close()
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        connection.close()


def test_reopening_keeps_the_data(db_path: Path, make_workshop: Callable[..., Workshop]) -> None:
    db = open_database(db_path)
    with db.session() as session:
        workshop_id = repo.add_workshop(session, make_workshop())
    db.close()
    assert _sidecars(db_path) == []  # a clean close checkpoints the WAL
    again = open_database(str(db_path))  # a str works as well as a Path
    try:
        with again.session() as session:
            assert repo.get_workshop(session, workshop_id).title == make_workshop().title
    finally:
        again.close()


@pytest.mark.slow  # starts another process
def test_reopening_a_current_database_does_not_import_alembic(db_path: Path) -> None:
    open_database(db_path).close()
    script = (
        "import sys; from sprintdesk.storage.database import open_database; "
        f"open_database({str(db_path)!r}).close(); print('alembic' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


def test_create_folder_makes_the_missing_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "sprintdesk.sqlite3"
    db = open_database(target, create_folder=True)
    db.close()
    assert target.is_file()


def test_a_user_path_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    db = open_database("~/home.sqlite3")
    db.close()
    assert (tmp_path / "home.sqlite3").is_file()


def test_a_sqlite_url_gets_the_same_pragmas(db_path: Path) -> None:
    db = open_database(f"sqlite:///{db_path}")
    try:
        assert _pragma(db, "foreign_keys") == 1
        assert _pragma(db, "journal_mode") == "wal"
        assert db.label == f"sqlite:///{db_path}"
    finally:
        db.close()


# -- refused locations and files -------------------------------------------------------


def test_a_missing_folder_is_refused_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "sprintdesk.sqlite3"
    with pytest.raises(DatabaseLocationError) as caught:
        open_database(target)
    assert "does not exist" in str(caught.value)
    assert str(target.parent) in str(caught.value)
    assert not target.parent.exists()
    assert os.listdir(tmp_path) == []


def test_a_text_file_is_refused(db_path: Path) -> None:
    db_path.write_text("Shopping list:\n- milk\n- post-its\n", encoding="utf-8")
    with _left_alone(db_path), pytest.raises(NotADatabaseError, match="is not a SQLite database"):
        open_database(db_path)


def test_an_empty_file_is_refused(db_path: Path) -> None:
    db_path.touch()
    with _left_alone(db_path), pytest.raises(NotADatabaseError, match="empty file"):
        open_database(db_path)
    assert db_path.stat().st_size == 0


def test_a_short_file_is_refused(db_path: Path) -> None:
    db_path.write_bytes(b"SQLite")
    with _left_alone(db_path), pytest.raises(NotADatabaseError):
        open_database(db_path)


def test_a_folder_is_refused(db_path: Path) -> None:
    db_path.mkdir()
    with pytest.raises(NotADatabaseError, match="is a folder"):
        open_database(db_path)
    assert os.listdir(db_path) == []


def test_a_damaged_file_is_refused(db_path: Path) -> None:
    db_path.write_bytes(b"SQLite format 3\x00" + os.urandom(1024) + b"\x00" * 3072)
    with _left_alone(db_path), pytest.raises(NotADatabaseError):
        open_database(db_path)


def _foreign_database(path: Path, *, wal: bool = False) -> None:
    connection = sqlite3.connect(path)
    if wal:
        connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO notes (body) VALUES ('not a workshop')")
    connection.commit()
    connection.close()


def test_another_programs_database_is_refused(db_path: Path) -> None:
    _foreign_database(db_path)
    with _left_alone(db_path), pytest.raises(NotADatabaseError) as caught:
        open_database(db_path)
    assert "another program" in str(caught.value)
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        connection.close()


def test_another_programs_wal_database_is_refused(db_path: Path) -> None:
    _foreign_database(db_path, wal=True)
    with _left_alone(db_path), pytest.raises(NotADatabaseError, match="another program"):
        open_database(db_path)


def _set_version(path: Path, version: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = ?", (version,))
    connection.commit()
    connection.close()


def test_a_database_from_a_newer_sprintdesk_is_refused(db_path: Path) -> None:
    open_database(db_path).close()
    _set_version(db_path, "9999")
    with _left_alone(db_path), pytest.raises(NewerSchemaError) as caught:
        open_database(db_path)
    assert "9999" in str(caught.value)
    assert "newer SprintDesk" in str(caught.value)


def test_a_newer_database_in_rollback_mode_stays_in_rollback_mode(db_path: Path) -> None:
    connection = sqlite3.connect(db_path)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    connection.execute("INSERT INTO alembic_version VALUES ('9999')")
    connection.commit()
    connection.close()
    with _left_alone(db_path), pytest.raises(NewerSchemaError):
        open_database(db_path)


def test_storage_errors_are_one_family() -> None:
    for error in (DatabaseLocationError, NotADatabaseError, NewerSchemaError):
        assert issubclass(error, StorageError)


NOBODY = 65534


def _as_unprivileged(action: Callable[[], str]) -> str:
    """Run ``action`` as a user that file permissions apply to and return what it returned
    (or ``"raised <Type>: <message>"``). As root, permissions are not enforced, so the action
    runs in a forked child that has dropped to uid/gid 65534 ("nobody"); everything it needs is
    imported beforehand, since nobody may not be able to read the interpreter's folders."""
    if os.geteuid() != 0:
        return _outcome(action)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.write(write_end, _outcome(action).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        said = pipe.read().decode()
    os.waitpid(pid, 0)
    return said


def _outcome(action: Callable[[], str]) -> str:
    try:
        return action()
    except Exception as error:
        return f"raised {type(error).__name__}: {error}"


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder outside pytest's private (0700) temp tree, so "nobody" can reach it."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="sprintdesk-permissions-"))
    folder.chmod(0o755)
    scratch = folder / "warm-up.sqlite3"  # import everything opening a database needs
    open_database(scratch).close()
    for path in [scratch, *_sidecars(scratch)]:
        path.unlink()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow  # starts another process
def test_a_read_only_folder_is_refused(shared_folder: Path) -> None:
    folder = shared_folder / "locked"
    folder.mkdir()
    folder.chmod(0o555)

    def attempt() -> str:
        open_database(folder / "sprintdesk.sqlite3").close()
        return "opened"

    try:
        said = _as_unprivileged(attempt)
        assert said.startswith("raised DatabaseLocationError:"), said
        assert "not writable" in said
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.slow  # starts another process
def test_a_read_only_file_opens_read_only(
    shared_folder: Path, make_workshop: Callable[..., Workshop]
) -> None:
    folder = shared_folder / "mine"
    folder.mkdir()
    db_path = folder / "workshops.sqlite3"
    db = open_database(db_path)
    with db.session() as session:
        repo.add_workshop(session, make_workshop())
    db.close()
    db_path.chmod(0o444)
    if os.geteuid() == 0:
        os.chown(folder, NOBODY, NOBODY)  # the folder is writable for them; the file is not

    def attempt() -> str:
        opened = open_database(db_path)
        try:
            with opened.session() as session:
                titles = [summary.title for summary in repo.list_workshops(session)]
            return f"read_only={opened.read_only} titles={titles}"
        finally:
            opened.close()

    try:
        with _left_alone(db_path):  # issue 6: opened read-only, not refused, and not touched
            said = _as_unprivileged(attempt)
        assert said == f"read_only=True titles={[make_workshop().title]}", said
    finally:
        db_path.chmod(0o644)
