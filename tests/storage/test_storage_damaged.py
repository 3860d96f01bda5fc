"""Damaged and read-only files: refused with a plain message and left byte for byte as they
were (no -wal/-shm either), or opened read-only with every write refused cleanly."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sprintdesk.services.errors import StorageError as ServiceStorageError
from sprintdesk.services.note_import import NoteImportService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage import backup as backups
from sprintdesk.storage import database as database_module
from sprintdesk.storage.database import check_database, check_integrity, open_database
from sprintdesk.storage.errors import (
    DamagedDatabaseError,
    DatabaseLocationError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    StorageError,
)
from sprintdesk.storage.migrate import KNOWN_REVISIONS, upgrade_to


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def _left_alone(path: Path) -> Iterator[None]:
    before = _sha256(path)
    listing = sorted(os.listdir(path.parent))
    yield
    assert _sha256(path) == before
    assert sorted(os.listdir(path.parent)) == listing  # no -wal, -shm, -journal or temp file


def _real_database(path: Path, notes: int = 400) -> None:
    db = open_database(path)
    workshop_id, _ = WorkshopService(db).create("Two-day sprint")
    lines = "\n".join(f"note number {i} " + "x" * 200 for i in range(notes)).encode()
    NoteImportService(db).import_file(workshop_id, "wall.txt", lines)
    db.close()


def _corrupt_middle_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + 600] = b"\xa5" * 600  # scribble over a page's header and cells
    path.write_bytes(bytes(data))


def test_a_truncated_file_is_refused_and_left_alone(db_path: Path) -> None:
    _real_database(db_path)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])
    with _left_alone(db_path), pytest.raises(DamagedDatabaseError) as caught:
        open_database(db_path)
    assert "damaged" in str(caught.value) and "has not changed it" in str(caught.value)
    assert check_database(db_path) is not None


def test_a_corrupt_page_is_refused_and_left_alone(db_path: Path) -> None:
    _real_database(db_path)
    _corrupt_middle_page(db_path)
    with _left_alone(db_path), pytest.raises(DamagedDatabaseError, match="damaged"):
        open_database(db_path)
    with _left_alone(db_path):
        problem = check_database(db_path)
    assert problem is not None and "damaged" in problem


def test_an_empty_file_is_refused_and_left_alone(db_path: Path) -> None:
    db_path.touch()
    with _left_alone(db_path), pytest.raises(NotADatabaseError, match="empty file"):
        open_database(db_path)
    assert check_database(db_path) is not None and "empty" in str(check_database(db_path))


def test_a_damaged_database_is_a_not_a_database_error_too() -> None:
    assert issubclass(DamagedDatabaseError, NotADatabaseError)
    assert issubclass(ReadOnlyDatabaseError, StorageError)


def test_a_damaged_file_gets_no_backup(db_path: Path) -> None:
    _real_database(db_path)
    count = len(backups.list_backups(db_path))
    _corrupt_middle_page(db_path)
    with pytest.raises(DamagedDatabaseError):
        open_database(db_path)
    assert len(backups.list_backups(db_path)) == count


def test_quick_check_leaves_a_closed_wal_database_alone(db_path: Path) -> None:
    _real_database(db_path)
    with _left_alone(db_path):
        check_integrity(db_path)
        check_integrity(db_path, full=True)
        assert check_database(db_path) is None


def test_check_reports_a_newer_schema(db_path: Path) -> None:
    _real_database(db_path, notes=1)
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    with _left_alone(db_path):
        problem = check_database(db_path)
    assert problem is not None and "newer SprintDesk" in problem


def test_check_reports_a_missing_file(tmp_path: Path) -> None:
    assert "no database" in str(check_database(tmp_path / "missing.sqlite3"))
    assert not (tmp_path / "missing.sqlite3").exists()


# -- read-only -------------------------------------------------------------------------


def test_read_only_on_request_opens_and_refuses_every_write(db_path: Path) -> None:
    _real_database(db_path, notes=2)
    with _left_alone(db_path):
        db = open_database(db_path, read_only=True)
        try:
            assert db.read_only
            assert db.read_only_message is not None and "read-only" in db.read_only_message
            workshops = WorkshopService(db)
            (summary,) = workshops.list()
            assert summary.title == "Two-day sprint"
            with pytest.raises(ReadOnlyDatabaseError, match="open read-only"):
                workshops.create("Another")
            with pytest.raises(ServiceStorageError, match="open read-only"):
                workshops.rename(summary.id, "Renamed")
            with pytest.raises(ServiceStorageError, match="open read-only"):
                NoteImportService(db).import_file(summary.id, "more.txt", b"a\nb")
            with pytest.raises(ServiceStorageError, match="open read-only"):
                workshops.delete(summary.id)
            assert [s.title for s in workshops.list()] == ["Two-day sprint"]
        finally:
            db.close()


def test_a_file_that_cannot_be_written_opens_read_only(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _real_database(db_path, notes=1)
    real_access = os.access

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if Path(str(path)) == db_path and mode == os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(database_module.os, "access", access)
    with _left_alone(db_path):
        db = open_database(db_path)
        try:
            assert db.read_only and "Copy it to a folder" in str(db.read_only_message)
            with pytest.raises(ReadOnlyDatabaseError):
                WorkshopService(db).create("Nope")
        finally:
            db.close()


def test_a_read_only_folder_opens_its_database_read_only(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _real_database(db_path, notes=1)
    real_access = os.access
    folder = db_path.parent

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if Path(str(path)) == folder and mode == os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(database_module.os, "access", access)
    with _left_alone(db_path):
        db = open_database(db_path)
        assert db.read_only
        db.close()
    with pytest.raises(DatabaseLocationError, match="not writable"):  # nothing to open read-only
        open_database(folder / "new.sqlite3")


def test_read_only_does_not_migrate(db_path: Path) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{db_path}")
    with engine.begin() as connection:
        upgrade_to(connection, KNOWN_REVISIONS[-2])
    engine.dispose()
    with _left_alone(db_path), pytest.raises(StorageError, match="read-only"):
        open_database(db_path, read_only=True)


def test_read_only_needs_an_existing_file(db_path: Path) -> None:
    with pytest.raises(DatabaseLocationError):
        open_database(db_path, read_only=True)
    assert not db_path.exists()


def test_a_damaged_file_is_refused_even_read_only(db_path: Path) -> None:
    _real_database(db_path)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])
    with _left_alone(db_path), pytest.raises(DamagedDatabaseError):
        open_database(db_path, read_only=True)
