"""``sprintdesk check``, ``backup`` and ``backups``, run as real processes: check never
changes the file; backup says where it went and what it holds; backups lists them."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sprintdesk.services.note_import import NoteImportService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import open_database
from sprintdesk.storage.location import default_data_dir

if TYPE_CHECKING:
    from conftest import OneLineError, Run  # tests/cli/conftest.py

pytestmark = pytest.mark.slow  # every test runs the command line as a process


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _database(path: Path) -> None:
    db = open_database(path)
    workshop_id, _ = WorkshopService(db).create("Sprint")
    lines = "\n".join(f"n{i}" for i in range(300)).encode()
    NoteImportService(db).import_file(workshop_id, "wall.txt", lines)
    db.close()


def test_check_ok(tmp_path: Path, run: Run) -> None:
    db = tmp_path / "w.sqlite3"
    _database(db)
    before, listing = sha(db), sorted(os.listdir(tmp_path))
    result = run("check", "--db", str(db))
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok\n", "")
    assert sha(db) == before and sorted(os.listdir(tmp_path)) == listing


def test_check_a_damaged_file(tmp_path: Path, run: Run) -> None:
    db = tmp_path / "w.sqlite3"
    _database(db)
    data = bytearray(db.read_bytes())
    middle = (len(data) // 4096 // 2) * 4096
    data[middle : middle + 600] = b"\xa5" * 600
    db.write_bytes(bytes(data))
    before, listing = sha(db), sorted(os.listdir(tmp_path))
    result = run("check", "--db", str(db))
    assert result.returncode == 1, result
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and "damaged" in lines[0] and "Traceback" not in result.stderr
    assert sha(db) == before and sorted(os.listdir(tmp_path)) == listing


def test_check_a_text_file_and_a_missing_one(tmp_path: Path, run: Run) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    before = sha(text)
    result = run("check", "--db", str(text))
    assert result.returncode == 1 and "not a SQLite database" in result.stdout
    assert sha(text) == before
    missing = run("check", "--db", str(tmp_path / "missing.sqlite3"))
    assert missing.returncode == 1 and "no database" in missing.stdout
    assert not (tmp_path / "missing.sqlite3").exists()


def test_backup_then_backups(tmp_path: Path, run: Run) -> None:
    db = tmp_path / "w.sqlite3"
    _database(db)
    result = run("backup", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert str(default_data_dir() / "backups") in result.stdout
    assert "1 workshop, 300 notes" in result.stdout
    listing = run("backups", "--db", str(db))
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.strip().splitlines()
    assert lines[0].startswith("2 backups of")  # this one and the one before the import
    assert "sprintdesk backup" in lines[1] and "1 workshops" in lines[1] and "300 notes" in lines[1]
    assert "before importing notes" in lines[2] and "0 notes" in lines[2]
    assert sorted(os.listdir(tmp_path)) == ["w.sqlite3"]  # nothing beside the database


def test_backup_of_a_missing_database_is_a_one_line_error(
    tmp_path: Path, run: Run, one_line_error: OneLineError
) -> None:
    one_line_error(run("backup", "--db", str(tmp_path / "missing.sqlite3")), "no database")
    empty = run("backups", "--db", str(tmp_path / "missing.sqlite3"))
    assert empty.returncode == 0 and "No backups yet" in empty.stdout
