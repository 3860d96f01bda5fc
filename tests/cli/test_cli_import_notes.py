"""``sprintdesk import-notes``, run as a real process: the summary line, one-line errors that
name the line, nothing imported on error, no database created."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sprintdesk.domain.workshop import Participant, Role, Workshop
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import open_database

if TYPE_CHECKING:
    from conftest import OneLineError, Run  # tests/cli/conftest.py

pytestmark = pytest.mark.slow  # every test runs the command line as a process


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    try:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: connection.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall() for name in names}
    finally:
        connection.close()


@pytest.fixture
def wid(db_path: Path) -> str:
    database = open_database(db_path)
    try:
        workshop = Workshop(
            "Retro", participants=(Participant("Dee", Role.DECIDER), Participant("Uma", Role.UX))
        )
        workshop_id, _ = WorkshopService(database).add(workshop)
    finally:
        database.close()
    return str(workshop_id)


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_a_txt_file_into_a_new_board_then_into_it_again(
    tmp_path: Path, db_path: Path, wid: str, run: Run
) -> None:
    first = write(tmp_path / "team_ideas.txt", b"\xef\xbb\xbfOne\r\n\r\nTwo\r\nThree\r\n")
    result = run("import-notes", wid, first, "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "imported 3 notes into “team ideas” (new board)\n"
    assert result.stderr == ""
    second = write(tmp_path / "more.txt", b"Four\n")
    result = run("import-notes", wid, second, "--board", "TEAM  IDEAS", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "imported 1 note into “team ideas”\n"
    rows = dump(db_path)
    assert [r[1] for r in rows["boards"]] == [int(wid)]
    assert len(rows["notes"]) == 4


def test_a_csv_with_authors_and_clusters(tmp_path: Path, db_path: Path, wid: str, run: Run) -> None:
    data = 'Note,Theme,Author,Role,Dots,Colour\nÆble ☕,Speed,uma,,2,blue\n"Two\nlines",speed,Rita,PM,,\n'
    path = write(tmp_path / "wall.csv", data.encode())
    result = run("--db", str(db_path), "import-notes", wid, path, "--board", "Sprint questions")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "imported 2 notes into “Sprint questions” (new board)\n"
    rows = dump(db_path)
    assert [(r[3], r[4]) for r in rows["participants"]] == [("Dee", "Decider"), ("Uma", "UX"), ("Rita", "PM")]
    assert [r[2] for r in rows["clusters"]] == ["Speed"]
    with sqlite3.connect(db_path) as connection:
        notes = connection.execute("SELECT text, color, imported_votes FROM notes ORDER BY id").fetchall()
    connection.close()
    assert notes == [("Æble ☕", "blue", 2), ("Two\nlines", "yellow", 0)]


def test_an_empty_txt_file_is_refused(tmp_path: Path, db_path: Path, wid: str, run: Run) -> None:
    result = run("import-notes", wid, write(tmp_path / "blank.txt", b"\n\n"), "--db", str(db_path))
    assert result.returncode == 1
    assert result.stderr == "sprintdesk: error: blank.txt: the file holds no notes (nothing was imported)\n"


@pytest.mark.parametrize(
    ("name", "data", "fragments"),
    [
        (
            "wall.csv",
            b'text,color\nok,blue\n"two\nlines",mauve\n',
            ["wall.csv: line 3:", "unknown colour 'mauve'"],
        ),
        ("wall.csv", b"text,author,votes\nok,Newbie,1\nbad,Other,many\n", ["line 3:", "votes must be"]),
        ("wall.csv", b"colour,author\nblue,Uma\n", ["line 1:", "needs a 'text' column"]),
        ("wall.csv", b'text\nok\n"never closed\n', ["line 3:"]),
        ("wall.csv", b"", ["line 1:", "empty"]),
        ("notes.txt", b"good\nstill good\n\xff\xfe bad\n", ["notes.txt: line 3: not UTF-8"]),
        ("notes.txt", b"good\n\x00\n", ["line 2:", "NUL"]),
        ("notes.md", b"anything", ["use a .txt file"]),
    ],
)
def test_a_bad_file_is_one_line_and_imports_nothing(
    tmp_path: Path,
    db_path: Path,
    wid: str,
    name: str,
    data: bytes,
    fragments: list[str],
    run: Run,
    one_line_error: OneLineError,
) -> None:
    before = dump(db_path)
    line = one_line_error(
        run("import-notes", wid, write(tmp_path / name, data), "--db", str(db_path)), *fragments
    )
    assert line.endswith("(nothing was imported)")
    assert dump(db_path) == before


def test_a_missing_file(
    tmp_path: Path, db_path: Path, wid: str, run: Run, one_line_error: OneLineError
) -> None:
    before = dump(db_path)
    result = run("import-notes", wid, str(tmp_path / "nope.txt"), "--db", str(db_path))
    one_line_error(result, "cannot read", "nope.txt", "No such file")
    assert dump(db_path) == before


def test_a_folder_instead_of_a_file(
    tmp_path: Path, db_path: Path, wid: str, run: Run, one_line_error: OneLineError
) -> None:
    (tmp_path / "dir.txt").mkdir()
    one_line_error(run("import-notes", wid, str(tmp_path / "dir.txt"), "--db", str(db_path)), "cannot read")


def test_a_wrong_workshop_id(
    tmp_path: Path, db_path: Path, wid: str, run: Run, one_line_error: OneLineError
) -> None:
    before = dump(db_path)
    result = run("import-notes", str(int(wid) + 41), write(tmp_path / "n.txt", b"idea"), "--db", str(db_path))
    one_line_error(result, f"no workshop with id {int(wid) + 41}")
    assert dump(db_path) == before


def test_a_workshop_id_that_is_not_a_number(
    tmp_path: Path, db_path: Path, wid: str, run: Run, one_line_error: OneLineError
) -> None:
    result = run("import-notes", "first", write(tmp_path / "n.txt", b"idea"), "--db", str(db_path))
    one_line_error(result, "first", code=2)


def test_a_bad_board_name(
    tmp_path: Path, db_path: Path, wid: str, run: Run, one_line_error: OneLineError
) -> None:
    before = dump(db_path)
    result = run(
        "import-notes", wid, write(tmp_path / "n.txt", b"idea"), "--board", "   ", "--db", str(db_path)
    )
    one_line_error(result, "needs a name", "(nothing was imported)")
    assert dump(db_path) == before


def test_a_missing_database_is_refused_not_created(
    tmp_path: Path, run: Run, one_line_error: OneLineError
) -> None:
    notes = write(tmp_path / "n.txt", b"idea")
    typo = tmp_path / "typo.sqlite3"
    one_line_error(run("import-notes", "1", notes, "--db", str(typo)), "there is no database")
    one_line_error(run("import-notes", "1", notes, env={"SPRINTDESK_DB": str(typo)}), "there is no database")
    one_line_error(run("import-notes", "1", notes, "--db", str(tmp_path / "no" / "w.sqlite3")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.txt"]


def test_no_database_is_created_in_the_default_place_either(
    tmp_path: Path, run: Run, one_line_error: OneLineError
) -> None:
    notes = write(tmp_path / "n.txt", b"idea")
    one_line_error(run("import-notes", "1", notes), "there is no database")
    data_home = Path(os.environ["XDG_DATA_HOME"])
    assert not (data_home / "SprintDesk" / "sprintdesk.sqlite3").exists()


def test_not_a_database(tmp_path: Path, wid: str, run: Run, one_line_error: OneLineError) -> None:
    notes = write(tmp_path / "n.txt", b"idea")
    before = (tmp_path / "n.txt").read_bytes()
    one_line_error(run("import-notes", wid, notes, "--db", notes), "not a SQLite database")
    assert (tmp_path / "n.txt").read_bytes() == before


def test_ten_thousand_lines_import_quickly(tmp_path: Path, db_path: Path, wid: str, run: Run) -> None:
    path = write(tmp_path / "big.txt", "".join(f"Idea number {i}\n" for i in range(10_000)).encode())
    started = time.perf_counter()
    result = run("import-notes", wid, path, "--db", str(db_path))
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert result.stdout == "imported 10000 notes into “big” (new board)\n"
    assert elapsed < 5.0, f"{elapsed:.2f} s for the whole command"
    assert len(dump(db_path)["notes"]) == 10_000
