"""The size limits on the command line (``import``, ``import-notes``, ``template-import``):
a file over its limit is refused with one line naming the limit, before it is read (the
files here are sparse: reading one would take its whole size in memory), and nothing is
imported; the same for the hostile timestamp and for too many notes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sprintdesk.domain.workshop import Workshop
from sprintdesk.export.interchange.workshop_file import WorkshopFile, dump_workshop_file
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import open_database

if TYPE_CHECKING:
    from conftest import OneLineError, RunHere  # tests/cli/conftest.py


@pytest.fixture
def desk_file(db_path: Path) -> Path:
    """The test's database file with one workshop in it, closed again."""
    db = open_database(db_path)
    WorkshopService(db).add(Workshop(title="Existing"))
    db.close()
    return db_path


def rows(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in names}
    finally:
        connection.close()


def sparse(path: Path, size: int) -> str:
    with path.open("wb") as handle:
        handle.truncate(size)
    return str(path)


def test_files_over_their_limits_are_refused_in_one_line(
    tmp_path: Path, desk_file: Path, run_here: RunHere, one_line_error: OneLineError
) -> None:
    before = rows(desk_file)
    db = ("--db", str(desk_file))
    assert one_line_error(run_here("import", sparse(tmp_path / "w.json", 61_234_567), *db)) == (
        "sprintdesk: error: w.json: the file is 61.2 MB; workshop files can be at most 50 MB"
    )
    assert one_line_error(run_here("import-notes", "1", sparse(tmp_path / "n.csv", 10_000_001), *db)) == (
        "sprintdesk: error: n.csv: the file is 10,000,001 bytes; note files can be at most 10 MB"
    )
    assert one_line_error(run_here("template-import", sparse(tmp_path / "t.json", 3_100_000), *db)) == (
        "sprintdesk: error: t.json: the file is 3.1 MB; template files can be at most 1 MB "
        "(nothing was imported)"
    )
    assert rows(desk_file) == before


def test_the_hostile_timestamp_and_too_many_notes(
    tmp_path: Path, desk_file: Path, run_here: RunHere, one_line_error: OneLineError
) -> None:
    before = rows(desk_file)
    document = json.loads(dump_workshop_file(WorkshopFile(title="Old")))
    document["exported_at"] = "0001-01-01T00:00:00+05:00"
    hostile = tmp_path / "old.json"
    hostile.write_text(json.dumps(document), encoding="utf-8")
    message = one_line_error(run_here("import", str(hostile), "--db", str(desk_file)))
    assert message.startswith("sprintdesk: error: old.json: invalid workshop file at exported_at: ")
    assert "out of range" in message and "OverflowError" not in message
    notes = tmp_path / "wall.txt"
    notes.write_text("\n".join(f"idea {i}" for i in range(50_001)), encoding="utf-8")
    assert one_line_error(run_here("import-notes", "1", str(notes), "--db", str(desk_file))) == (
        "sprintdesk: error: wall.txt: line 50001: the file holds more than 50,000 notes; "
        "note files can hold at most 50,000 (nothing was imported)"
    )
    assert rows(desk_file) == before
