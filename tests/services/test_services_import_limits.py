"""Importing big and hostile files through the services, on real SQLite files: a file over
its limit is refused before it is read; a workshop import stores its rows a batch at a time
(a few statements for 20,000 dots, not one each) and reports progress; raising from the
progress callback at any point (the interface's Cancel) leaves every table as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from sprintdesk.domain.file_limits import NOTE_FILE_BYTES, TEMPLATE_FILE_BYTES, WORKSHOP_FILE_BYTES
from sprintdesk.domain.note_import import NoteFileError
from sprintdesk.domain.workshop import Role
from sprintdesk.export.interchange.template_file import TemplateError
from sprintdesk.export.interchange.workshop_file import (
    FileBoard,
    FileCluster,
    FileNote,
    FileParticipant,
    FileVote,
    FileVoteSession,
    WorkshopFile,
    WorkshopFileError,
    dump_workshop_file,
)
from sprintdesk.services.note_import import read_note_file
from sprintdesk.services.personal_templates import PersonalTemplateService
from sprintdesk.services.workshop_file import ImportCancelledError, WorkshopFileService
from sprintdesk.storage.database import Database


def big_workshop(people: int = 400, notes: int = 3_000, budget: int = 50) -> WorkshopFile:
    """``people * budget`` dots (20,000 by default) on ``notes`` notes, and some clusters."""
    dots = tuple(
        FileVote(f"p{p}", f"n{(p * budget + d) % notes}") for p in range(people) for d in range(budget)
    )
    return WorkshopFile(
        title="Big wall",
        participants=tuple(FileParticipant(f"p{p}", f"Person {p}", Role.OTHER) for p in range(people)),
        boards=(
            FileBoard(
                "b1",
                "Wall",
                clusters=tuple(FileCluster(f"c{c}", f"Theme {c}") for c in range(50)),
                notes=tuple(FileNote(f"n{i}", f"idea {i}", x=i, cluster=f"c{i % 50}") for i in range(notes)),
                vote=FileVoteSession(budget, 0, False, True, dots),
            ),
        ),
    )


def tables(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in names}
    finally:
        connection.close()


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)  # takes no disk; reading it all would take the whole size in memory
    return path


def test_files_over_their_limit_are_refused_before_they_are_read(tmp_path: Path, db: Database) -> None:
    with pytest.raises(WorkshopFileError, match=r"^the file is 50,000,001 bytes; workshop files can be"):
        WorkshopFileService(db).import_file(sparse(tmp_path / "w.json", WORKSHOP_FILE_BYTES + 1))
    with pytest.raises(NoteFileError, match=r"^the file is 12.5 MB; note files can be at most 10 MB$"):
        read_note_file(sparse(tmp_path / "n.txt", NOTE_FILE_BYTES + 2_500_000))
    with pytest.raises(
        TemplateError, match=r"^the file is 1,000,001 bytes; template files can be at most 1 MB$"
    ):
        PersonalTemplateService(db).import_file(sparse(tmp_path / "t.json", TEMPLATE_FILE_BYTES + 1))


def test_dots_go_in_by_the_batch(tmp_path: Path, db: Database, db_path: Path) -> None:
    """20,000 dots were 20,000 INSERTs with a flush each (200,000 took 106 s)."""
    content = big_workshop()
    inserts: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO VOTES"):
            inserts.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        imported = WorkshopFileService(db).store(content)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(inserts) <= 10
    assert tables(db_path)["votes"] == 20_000
    again = WorkshopFileService(db).snapshot(imported.workshop_id)
    assert dots(again) == dots(content)  # the same dots, in their order (keys are renumbered)


def dots(content: WorkshopFile) -> list[tuple[int, int, bool]]:
    people = [p.key for p in content.participants]
    board = content.boards[0]
    notes = [n.key for n in board.notes]
    assert board.vote is not None
    return [(people.index(v.participant), notes.index(v.note), v.supervote) for v in board.vote.votes]


def test_progress_goes_from_0_to_1(tmp_path: Path, db: Database) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(dump_workshop_file(big_workshop()))
    seen: list[float] = []
    WorkshopFileService(db).import_file(path, seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen) and len(seen) > 20


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[float]]:
    """A 10,000-dot file and the progress calls of one whole import of it."""
    from sprintdesk.storage.database import open_database

    folder = tmp_path_factory.mktemp("big")
    path = folder / "big.json"
    path.write_bytes(dump_workshop_file(big_workshop(people=200)))
    calls: list[float] = []
    db = open_database(folder / "whole.sqlite3")
    try:
        WorkshopFileService(db).import_file(path, calls.append)
    finally:
        db.close()
    return path, calls


@pytest.mark.parametrize("stop_at", ["reading", "checking", "storing", "the last moment"])
def test_cancel_at_any_point_leaves_every_table_as_it_was(
    db: Database, db_path: Path, big_file: tuple[Path, list[float]], stop_at: str
) -> None:
    path, calls = big_file
    WorkshopFileService(db).import_file(path)  # something there already, to be kept as it is
    before = tables(db_path)
    assert before["votes"] == 10_000
    stop_index = {
        "reading": 1,
        "checking": len(calls) // 4,
        "storing": next(i for i, share in enumerate(calls) if share > 0.8),
        "the last moment": len(calls) - 1,  # store's 1.0, just before the commit
    }[stop_at]
    count = [0]

    def progress(share: float) -> None:
        count[0] += 1
        if count[0] > stop_index:
            raise ImportCancelledError("cancelled")

    with pytest.raises(ImportCancelledError):
        WorkshopFileService(db).import_file(path, progress)
    assert count[0] == stop_index + 1
    assert tables(db_path) == before
