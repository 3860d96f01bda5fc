"""``sprintdesk export`` and ``sprintdesk import``, run as real processes: one line per file
written, the new workshop's id, one-line errors, nothing half-written, no database created
by export, the database unchanged by a failed import."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import pytest

from sprintdesk.domain.voting import VoteRules
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, Participant, Role, Workshop
from sprintdesk.export.interchange.workshop_file_read import schema
from sprintdesk.services.boards import BoardService
from sprintdesk.services.voting import VotingService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import open_database

if TYPE_CHECKING:
    from conftest import OneLineError, Run  # tests/cli/conftest.py

pytestmark = pytest.mark.slow  # every test runs the command line as a process

NAMES = "Zoë Łukasz Ærøskøbing Ελένη Юлия"


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    try:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: connection.execute(f"SELECT * FROM {n} ORDER BY 1").fetchall() for n in names}
    finally:
        connection.close()


@pytest.fixture
def wid(db_path: Path) -> str:
    database = open_database(db_path)
    try:
        workshop = Workshop(
            NAMES,
            participants=(Participant("Ελένη", Role.DECIDER), Participant("Юлия", Role.UX)),
            days=(AgendaDay(items=(AgendaItem("Intro", 10), AgendaItem("Vote", 20))),),
        )
        workshop_id, _ = WorkshopService(database).add(workshop)
        people = [p.id for p in WorkshopService(database).get(workshop_id).participants]
        boards = BoardService(database)
        board, _ = boards.create(workshop_id, "Ideas")
        ids, _ = boards.add_notes(board, ["# <b>*x*</b> | y", "=1+1", "Zoë"])
        boards.group(board, ids[:2], "Group")
        voting = VotingService(database)
        voting.start(board, VoteRules(budget=2, supervote_budget=1))
        assert people[0] is not None
        voting.cast(board, people[0], ids[0], supervote=True)
    finally:
        database.close()
    return str(workshop_id)


def test_export_json_then_import_into_a_new_database(
    tmp_path: Path, db_path: Path, wid: str, run: Run
) -> None:
    out = tmp_path / "w.json"
    result = run("export", wid, "--json", str(out), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote workshop file {out} (") and result.stdout.count("\n") == 1
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
    other = tmp_path / "other.sqlite3"
    imported = run("import", str(out), "--db", str(other))
    assert imported.returncode == 0, imported.stderr
    new_id = imported.stdout.strip()
    assert new_id.isdigit()
    listing = json.loads(run("list", "--json", "--db", str(other)).stdout)
    assert [w["title"] for w in listing] == [NAMES]
    again = tmp_path / "again.json"
    assert run("export", new_id, "--json", str(again), "--db", str(other)).returncode == 0
    second = json.loads(again.read_text(encoding="utf-8"))
    assert {**document, "exported_at": None} == {**second, "exported_at": None}
    # the same file into the first database: a second workshop there
    assert run("import", str(out), "--db", str(db_path)).stdout.strip() != wid


def test_export_markdown_and_csv(tmp_path: Path, db_path: Path, wid: str, run: Run) -> None:
    md, table = tmp_path / "s.md", tmp_path / "n.csv"
    result = run("export", wid, "--markdown", str(md), "--csv", str(table), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"wrote markdown {md}", f"wrote csv {table} (3 notes)"]
    assert NAMES in md.read_text(encoding="utf-8")
    assert "\\# \\<b\\>\\*x\\*\\</b\\> \\| y" in md.read_text(encoding="utf-8")
    data = table.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"'=1+1" in data


@pytest.mark.parametrize(
    ("option", "kind"),
    [("--pdf", "summary"), ("--handout", "handout")],
)
def test_export_pdfs(tmp_path: Path, db_path: Path, wid: str, option: str, kind: str, run: Run) -> None:
    out = tmp_path / f"{kind}.pdf"
    result = run("export", wid, option, str(out), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {kind} {out}")
    assert out.read_bytes().startswith(b"%PDF")


def test_export_needs_an_output(db_path: Path, wid: str, run: Run, one_line_error: OneLineError) -> None:
    line = one_line_error(run("export", wid, "--db", str(db_path)), code=2)
    assert "at least one of --pdf" in line


def test_export_never_creates_a_database(tmp_path: Path, run: Run, one_line_error: OneLineError) -> None:
    missing = tmp_path / "missing.sqlite3"
    line = one_line_error(run("export", "1", "--json", str(tmp_path / "x.json"), "--db", str(missing)))
    assert "no database" in line
    assert not missing.exists() and not (tmp_path / "x.json").exists()


def test_export_errors_leave_no_file(
    tmp_path: Path, db_path: Path, wid: str, run: Run, one_line_error: OneLineError
) -> None:
    good = tmp_path / "good.json"
    good.write_text("keep me", encoding="utf-8")
    line = one_line_error(run("export", "999", "--json", str(good), "--db", str(db_path)))
    assert "no workshop with id 999" in line
    assert good.read_text(encoding="utf-8") == "keep me"
    line = one_line_error(
        run("export", wid, "--json", str(tmp_path / "nope" / "w.json"), "--db", str(db_path))
    )
    assert "does not exist" in line
    folder = tmp_path / "a-folder.md"
    folder.mkdir()
    one_line_error(run("export", wid, "--markdown", str(folder), "--db", str(db_path)))
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (
            b'{"format": "sprintdesk.workshop", "version": 3, "workshop": {}}',
            "made by a newer SprintDesk (format version 3)",
        ),
        (b'{"format": "something.else", "version": 1}', "not a SprintDesk workshop file"),
        (b'{\n"format": "sprintdesk.workshop",\n"version": 1,\n}', "line 4"),
        (b"PK\x03\x04\xff", "not UTF-8"),
    ],
)
def test_a_bad_file_imports_nothing(
    tmp_path: Path,
    db_path: Path,
    wid: str,
    content: bytes,
    fragment: str,
    run: Run,
    one_line_error: OneLineError,
) -> None:
    before = dump(db_path)
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    line = one_line_error(run("import", str(path), "--db", str(db_path)))
    assert line.startswith("sprintdesk: error: bad.json: ") and fragment in line
    assert line.endswith("(nothing was imported)")
    assert dump(db_path) == before
    fresh = tmp_path / "fresh.sqlite3"
    one_line_error(run("import", str(path), "--db", str(fresh)))
    assert not fresh.exists()  # a refused file creates no database either


def test_a_broken_reference_imports_nothing(
    tmp_path: Path, db_path: Path, wid: str, run: Run, one_line_error: OneLineError
) -> None:
    out = tmp_path / "w.json"
    assert run("export", wid, "--json", str(out), "--db", str(db_path)).returncode == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    document["workshop"]["boards"][0]["vote"]["votes"][0]["participant"] = "ghost"
    out.write_text(json.dumps(document), encoding="utf-8")
    before = dump(db_path)
    line = one_line_error(run("import", str(out), "--db", str(db_path)))
    assert "there is no participant 'ghost'" in line
    assert dump(db_path) == before


def test_import_needs_a_readable_file_and_an_existing_folder(
    tmp_path: Path, db_path: Path, wid: str, run: Run, one_line_error: OneLineError
) -> None:
    assert "cannot read" in one_line_error(run("import", str(tmp_path / "none.json"), "--db", str(db_path)))
    out = tmp_path / "w.json"
    assert run("export", wid, "--json", str(out), "--db", str(db_path)).returncode == 0
    line = one_line_error(run("import", str(out), "--db", str(tmp_path / "no" / "such.sqlite3")))
    assert "does not exist" in line
