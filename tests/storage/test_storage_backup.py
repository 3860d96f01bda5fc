"""Automatic backups: made with the backup API into the user data folder, listed with what
they hold, pruned (7 days, at least 10), taken on open / before migration / before import,
restored after backing up the current state; a failed backup never stops the opening."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from sprintdesk.services.note_import import NoteImportService
from sprintdesk.services.workshop_file import WorkshopFileService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage import backup as backups
from sprintdesk.storage import restore
from sprintdesk.storage.database import Database, open_database
from sprintdesk.storage.errors import BackupError
from sprintdesk.storage.location import default_data_dir
from sprintdesk.storage.migrate import HEAD_REVISION, KNOWN_REVISIONS, upgrade_to


def _fill(db: Database, notes: int = 3, title: str = "Sprint") -> int:
    workshop_id, _ = WorkshopService(db).create(title)
    lines = "\n".join(f"note {i}" for i in range(notes)).encode()
    NoteImportService(db).import_file(workshop_id, "wall.txt", lines)
    return workshop_id


def _titles(path: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return [r[0] for r in connection.execute("SELECT title FROM workshops ORDER BY id")]
    finally:
        connection.close()


def test_a_backup_goes_to_the_user_data_folder_and_holds_the_data(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        _fill(db, notes=4)
        info = db.backup_now("test")  # while the database is open, its edits in the -wal
    finally:
        db.close()
    assert info is not None
    assert info.path.parent == default_data_dir() / "backups" / backups.database_key(db_path)
    assert db_path.parent not in info.path.parents
    assert info.path.name.endswith("Z.sqlite3") and info.path.name.startswith(f"{info.created:%Y%m%dT}")
    assert (info.workshops, info.notes, info.reason) == (1, 4, "test")
    assert info.size == info.path.stat().st_size > 0
    assert _titles(info.path) == ["Sprint"]
    connection = sqlite3.connect(info.path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # self-contained
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()
    assert not Path(f"{info.path}-wal").exists()
    assert [p.name for p in info.path.parent.iterdir() if p.name.startswith(".")] == []  # no temp files


def test_list_backups_newest_first_with_what_they_hold(db_path: Path) -> None:
    db = open_database(db_path)
    _fill(db, notes=2)
    first = backups.take_backup(db_path, "first")
    _fill(db, notes=5, title="Second")
    second = backups.take_backup(db_path, "second")
    db.close()
    listed = [b for b in backups.list_backups(db_path) if b.reason in ("first", "second")]
    assert [b.path for b in listed] == [second.path, first.path]
    assert [(b.reason, b.workshops, b.notes) for b in listed] == [("second", 2, 7), ("first", 1, 2)]
    assert all(b.created.tzinfo is not None and b.size > 0 for b in listed)
    assert "2 workshops, 7 notes" in listed[0].describe()


def test_needs_backup_follows_the_edits(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert backups.needs_backup(db_path)  # never backed up
        _fill(db)
        db.backup_now("x")
        assert not backups.needs_backup(db_path)
        assert db.backup_if_changed() is None
        WorkshopService(db).create("Another")
        assert backups.needs_backup(db_path)
        assert db.backup_if_changed("while editing") is not None
        assert not backups.needs_backup(db_path)
    finally:
        db.close()


def test_opening_backs_up_only_when_changed(db_path: Path) -> None:
    db = open_database(db_path)
    assert db.list_backups() == []  # a new database has nothing to keep
    WorkshopService(db).create("Sprint")
    db.close()
    again = open_database(db_path)
    taken = again.list_backups()
    again.close()
    assert len(taken) == 1 and taken[0].reason.startswith("when opened")
    assert (taken[0].workshops, taken[0].notes) == (1, 0)
    open_database(db_path).close()
    assert len(backups.list_backups(db_path)) == 1  # nothing changed: no new backup


def test_a_migration_is_preceded_by_a_backup_of_the_old_schema(db_path: Path) -> None:
    old = KNOWN_REVISIONS[-2]
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{db_path}")
    with engine.begin() as connection:
        upgrade_to(connection, old)
        connection.execute(
            text(
                "INSERT INTO workshops (title, goal, facilitator, created_at, updated_at) "
                "VALUES ('Old', '', '', '2026-01-01', '2026-01-01')"
            )
        )
    engine.dispose()
    open_database(db_path).close()
    (made,) = backups.list_backups(db_path)
    assert made.reason == f"before migration to {HEAD_REVISION}"
    connection = sqlite3.connect(f"file:{made.path}?mode=ro", uri=True)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old
    finally:
        connection.close()


def test_retention_keeps_a_week_and_at_least_ten(db_path: Path) -> None:
    open_database(db_path).close()
    now = dt.datetime(2026, 12, 20, 12, 0, tzinfo=dt.UTC)
    for days_ago in (30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19):  # 12 old ones
        backups.take_backup(db_path, f"{days_ago} days ago", now=now - dt.timedelta(days=days_ago))
    assert len(backups.list_backups(db_path)) == 10  # at least ten, even if all are old
    for days_ago in (6, 5, 4, 3, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.01, 0):
        backups.take_backup(db_path, "recent", now=now - dt.timedelta(days=days_ago))
    kept = backups.list_backups(db_path)
    assert len(kept) == 12 and {b.reason for b in kept} == {"recent"}  # everything of the last week
    assert not [p for p in backups.backup_folder(db_path).iterdir() if not p.stem.endswith("Z")]


def test_restore_backs_up_first_then_brings_the_old_state_back(db_path: Path) -> None:
    db = open_database(db_path)
    _fill(db, title="Kept")
    good = backups.take_backup(db_path, "good")
    WorkshopService(db).create("Made after the backup")
    db.close()
    before = restore.restore_backup(db_path, good)
    assert before is not None and before.reason == "before restore" and before.workshops == 2
    reopened = open_database(db_path)
    try:
        assert [s.title for s in WorkshopService(reopened).list()] == ["Kept"]
        with reopened.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        reopened.close()
    assert not list(db_path.parent.glob(".*"))  # no temporary file left beside the database


def test_restoring_over_a_damaged_file_keeps_a_copy_of_it(db_path: Path) -> None:
    db = open_database(db_path)
    _fill(db)
    good = backups.take_backup(db_path, "good")
    db.close()
    damaged = b"SQLite format 3\x00" + b"\xff" * 4000
    db_path.write_bytes(damaged)
    restore.restore_backup(db_path, good.path)
    kept = [b for b in backups.list_backups(db_path) if b.reason.startswith("before restore")]
    assert len(kept) == 1 and kept[0].path.read_bytes() == damaged and kept[0].workshops is None
    assert _titles(db_path) == ["Sprint"]


def test_a_damaged_backup_is_not_restored(db_path: Path) -> None:
    db = open_database(db_path)
    _fill(db)
    db.close()
    bad = backups.take_backup(db_path, "bad")
    bad.path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    before = db_path.read_bytes()
    with pytest.raises(BackupError, match="damaged"):
        restore.restore_backup(db_path, bad)
    assert db_path.read_bytes() == before


def test_a_failing_backup_never_stops_the_opening(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_database(db_path)
    _fill(db)
    db.close()

    def broken(*_args: object, **_kwargs: object) -> None:
        raise BackupError("cannot back up: disk full")

    monkeypatch.setattr(backups, "take_backup", broken)
    again = open_database(db_path)
    try:
        assert again.backup_warning is not None and "disk full" in again.backup_warning
        assert [s.title for s in WorkshopService(again).list()] == ["Sprint"]
        with pytest.raises(BackupError):
            again.backup_now("asked", raise_errors=True)
    finally:
        again.close()


def test_every_import_is_preceded_by_a_backup(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        workshop_id = _fill(db, notes=2)
        assert [b.reason for b in db.list_backups()] == ["before importing notes"]
        NoteImportService(db).import_file(workshop_id, "more.txt", b"a\nb")
        assert [b.notes for b in db.list_backups()] == [2, 0]  # the state before each import
        files = WorkshopFileService(db)
        files.store(files.snapshot(workshop_id))
        newest = db.list_backups()[0]
        assert newest.reason == "before importing a workshop" and newest.notes == 4
    finally:
        db.close()


def test_a_missing_database_cannot_be_backed_up(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no database"):
        backups.take_backup(tmp_path / "nothing.sqlite3", "x")
    assert not backups.needs_backup(tmp_path / "nothing.sqlite3")
