"""Edge cases of importing notes met in real spreadsheet exports."""

from __future__ import annotations

import pytest

from sprintdesk.domain.note_import import NoteFileError, parse_csv
from sprintdesk.services.boards import BoardService
from sprintdesk.services.note_import import NoteImportService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database


def test_trailing_unnamed_columns_are_ignored() -> None:
    notes = parse_csv(b"text,color,,\nFaster,blue,,\nSafer,,,\n")
    assert [(n.text, n.color and n.color.value) for n in notes] == [("Faster", "blue"), ("Safer", None)]


def test_a_file_without_notes_is_refused_and_creates_no_board(db: Database) -> None:
    workshop_id, _ = WorkshopService(db).create("Retro")
    importer = NoteImportService(db)
    for name, data in (("empty.txt", b"\n\n  \n"), ("header.csv", b"text,color\n")):
        with pytest.raises(NoteFileError, match="no notes"):
            importer.import_file(workshop_id, name, data)
    assert BoardService(db).boards_of(workshop_id) == []
