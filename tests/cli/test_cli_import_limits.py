"""The size limits on the command line (``import``, ``import-notes``, ``template-import``):
a file over its limit is refused with one line naming the limit, before it is read (the
files here are sparse: reading one would take its whole size in memory), and nothing is
imported; the same for the hostile timestamp and for too many notes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from sprintdesk.cli import main
from sprintdesk.domain.workshop import Workshop
from sprintdesk.export.interchange.workshop_file import WorkshopFile, dump_workshop_file
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import open_database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite3"
    db = open_database(path)
    WorkshopService(db).add(Workshop(title="Existing"))
    db.close()
    return path


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


def one_line_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    return lines[0]


def test_files_over_their_limits_are_refused_in_one_line(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = rows(db_path)
    db = ("--db", str(db_path))
    assert one_line_error(capsys, "import", sparse(tmp_path / "w.json", 61_234_567), *db) == (
        "sprintdesk: error: w.json: the file is 61.2 MB; workshop files can be at most 50 MB"
    )
    assert one_line_error(capsys, "import-notes", "1", sparse(tmp_path / "n.csv", 10_000_001), *db) == (
        "sprintdesk: error: n.csv: the file is 10,000,001 bytes; note files can be at most 10 MB"
    )
    assert one_line_error(capsys, "template-import", sparse(tmp_path / "t.json", 3_100_000), *db) == (
        "sprintdesk: error: t.json: the file is 3.1 MB; template files can be at most 1 MB "
        "(nothing was imported)"
    )
    assert rows(db_path) == before


def test_the_hostile_timestamp_and_too_many_notes(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = rows(db_path)
    document = json.loads(dump_workshop_file(WorkshopFile(title="Old")))
    document["exported_at"] = "0001-01-01T00:00:00+05:00"
    hostile = tmp_path / "old.json"
    hostile.write_text(json.dumps(document), encoding="utf-8")
    message = one_line_error(capsys, "import", str(hostile), "--db", str(db_path))
    assert message.startswith("sprintdesk: error: old.json: invalid workshop file at exported_at: ")
    assert "out of range" in message and "OverflowError" not in message
    notes = tmp_path / "wall.txt"
    notes.write_text("\n".join(f"idea {i}" for i in range(50_001)), encoding="utf-8")
    assert one_line_error(capsys, "import-notes", "1", str(notes), "--db", str(db_path)) == (
        "sprintdesk: error: wall.txt: line 50001: the file holds more than 50,000 notes; "
        "note files can hold at most 50,000 (nothing was imported)"
    )
    assert rows(db_path) == before
