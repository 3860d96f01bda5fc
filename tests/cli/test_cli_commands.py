"""The command line, run as a real process: output, exit codes, one-line errors."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sprintdesk import __version__

if TYPE_CHECKING:
    from conftest import OneLineError, Run  # tests/cli/conftest.py

pytestmark = pytest.mark.slow  # every test runs the command line as a process


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"sprintdesk {__version__}"


def test_new_then_list(tmp_path: Path, run: Run) -> None:
    db = tmp_path / "w.sqlite3"
    first = run("new", "--title", "Design sprint — checkout", "--date", "2026-12-07", "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().isdigit()
    second = run("--db", str(db), "new", "--title", "Retro Ærøskøbing")  # --db before the command too
    assert second.returncode == 0, second.stderr
    table = run("list", "--db", str(db))
    assert table.returncode == 0
    assert "Design sprint — checkout" in table.stdout and "2026-12-07" in table.stdout
    assert "Retro Ærøskøbing" in table.stdout
    listed = json.loads(run("list", "--json", "--db", str(db)).stdout)
    by_title = {entry["title"]: entry for entry in listed}
    assert by_title["Design sprint — checkout"]["id"] == int(first.stdout)
    assert by_title["Design sprint — checkout"]["date"] == "2026-12-07"
    assert by_title["Retro Ærøskøbing"]["date"] is None
    assert by_title["Retro Ærøskøbing"]["days"] == 1


def test_environment_variable_and_default_location(tmp_path: Path, run: Run) -> None:
    via_env = tmp_path / "env.sqlite3"
    assert run("new", "--title", "From env", env={"SPRINTDESK_DB": str(via_env)}).returncode == 0
    assert via_env.exists()
    default = run("new", "--title", "Default place", env={"SPRINTDESK_DB": ""})
    assert default.returncode == 0, default.stderr
    data_home = Path(os.environ["XDG_DATA_HOME"])
    assert (data_home / "SprintDesk" / "sprintdesk.sqlite3").exists()


def test_empty_list_explains_what_to_do(tmp_path: Path, run: Run) -> None:
    from sprintdesk.storage.database import open_database

    open_database(tmp_path / "empty.sqlite3").close()
    result = run("list", "--db", str(tmp_path / "empty.sqlite3"))
    assert result.returncode == 0
    assert "sprintdesk new --title" in result.stdout


def test_list_never_creates_a_database(tmp_path: Path, run: Run, one_line_error: OneLineError) -> None:
    typo = tmp_path / "worshops.sqlite3"
    one_line_error(run("list", "--db", str(typo)), "there is no database")
    assert not typo.exists()
    one_line_error(run("list", env={"SPRINTDESK_DB": str(typo)}), "there is no database")
    assert list(tmp_path.iterdir()) == []


def test_environment_variable_in_a_missing_folder_is_refused(
    tmp_path: Path, run: Run, one_line_error: OneLineError
) -> None:
    target = tmp_path / "missing" / "w.sqlite3"
    result = run("new", "--title", "x", env={"SPRINTDESK_DB": str(target)})
    one_line_error(result, "does not exist")
    assert not target.parent.exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["new", "--title", "x", "--date", "2026-13-01"], "not a date"),
        (["new", "--title", "x", "--date", "tomorrow"], "YYYY-MM-DD"),
        (["new", "--title", "   "], "cannot be empty"),
    ],
)
def test_bad_input_is_refused_before_writing(
    tmp_path: Path, args: list[str], fragment: str, run: Run, one_line_error: OneLineError
) -> None:
    db = tmp_path / "w.sqlite3"
    result = run(*args, "--db", str(db))
    one_line_error(result, fragment)
    assert not db.exists(), "nothing is created for refused input"


def test_missing_folder(tmp_path: Path, run: Run, one_line_error: OneLineError) -> None:
    target = tmp_path / "no" / "such" / "folder" / "w.sqlite3"
    result = run("new", "--title", "x", "--db", str(target))
    one_line_error(result, "does not exist")
    assert not target.parent.exists()


def test_not_a_database_is_left_untouched(tmp_path: Path, run: Run, one_line_error: OneLineError) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Buy milk\n" * 100, encoding="utf-8")
    before = sha(notes)
    for command in (["list"], ["new", "--title", "x"]):
        one_line_error(run(*command, "--db", str(notes)), "not a SQLite database")
    assert sha(notes) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_newer_schema_is_refused_and_untouched(
    tmp_path: Path, run: Run, one_line_error: OneLineError
) -> None:
    db = tmp_path / "future.sqlite3"
    assert run("new", "--title", "x", "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = sha(db)
    one_line_error(run("list", "--db", str(db)), "newer SprintDesk")
    assert sha(db) == before


@pytest.mark.parametrize("args", [["bogus"], ["new"], ["list", "--colour"], ["--db"]])
def test_wrong_usage_exits_2_with_one_line(args: list[str], run: Run, one_line_error: OneLineError) -> None:
    one_line_error(run(*args), code=2)
