"""Board structures through the services and the repository, on real SQLite files: set, edit,
clear, notes by region, templates that make structured boards, the structure in the board
row, and a damaged value not keeping a board from opening."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sprintdesk.domain.board import Board
from sprintdesk.domain.board_structure import Axis, StructureKind, build_structure, from_json, to_json
from sprintdesk.domain.board_structure_presets import preset
from sprintdesk.domain.errors import ValidationError
from sprintdesk.services.boards import BoardService
from sprintdesk.services.templates import TemplateService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage import board_repository as repo
from sprintdesk.storage.database import Database


@pytest.fixture
def board(db: Database, workshops: WorkshopService) -> tuple[BoardService, int]:
    workshop_id, _ = workshops.create("Retro")
    boards = BoardService(db)
    board_id, _ = boards.create(workshop_id, "Retro")
    return boards, board_id


def _row(db_path: Path, board_id: int) -> str:
    with sqlite3.connect(db_path) as connection:
        return str(connection.execute("SELECT structure FROM boards WHERE id = ?", (board_id,)).fetchone()[0])


def test_set_edit_and_clear_keep_notes_where_they_are(
    board: tuple[BoardService, int], db_path: Path, reopen
) -> None:  # type: ignore[no-untyped-def]
    boards, board_id = board
    assert _row(db_path, board_id) == "" and boards.structures.structure_of(board_id) is None
    ids, _ = boards.add_notes(board_id, ["Pair more", "Fewer meetings"])
    placed = {n.id: (n.x, n.y) for n in boards.load(board_id).notes}

    before, after, changes = boards.structures.apply(board_id, "columns", ["Start", "Stop", "Continue"])
    assert before is None and changes.structure and changes.board_id == board_id and not changes.note_ids
    assert from_json(_row(db_path, board_id)) == after
    other = BoardService(reopen())
    assert other.load(board_id).board.structure == after
    # a new structure goes above the notes already there: none is in a region by accident
    assert all(after.region_of_note(n) is None for n in boards.load(board_id).notes)
    assert after.y + after.height < min(y for _, y in placed.values())

    # editing keeps the place; a fourth column keeps the columns' width
    before2, edited, _ = boards.structures.apply(board_id, "columns", ["Start", "Stop", "Continue", "Kudos"])
    assert before2 == after
    assert (edited.x, edited.y, edited.height) == (after.x, after.y, after.height)
    assert edited.width == pytest.approx(after.width / 3 * 4)
    assert {n.id: (n.x, n.y) for n in boards.load(board_id).notes} == placed

    changes = boards.structures.clear(board_id)
    assert changes.structure and _row(db_path, board_id) == ""
    assert {n.id: (n.x, n.y) for n in boards.load(board_id).notes} == placed
    assert len(ids) == 2


def test_refused_input_changes_nothing(board: tuple[BoardService, int], db_path: Path) -> None:
    boards, board_id = board
    boards.structures.apply(board_id, "quadrants", ["Says", "Thinks", "Does", "Feels"])
    stored = _row(db_path, board_id)
    for kind, titles, axes in (
        ("quadrants", ["Says", "", "Does", "Feels"], {}),
        ("grid", ["", "", "", ""], {"x_axis": Axis("Effort")}),
        ("circles", ["a"], {}),
        ("columns", [f"c{i}" for i in range(11)], {}),
    ):
        with pytest.raises(ValidationError):
            boards.structures.apply(board_id, kind, titles, **axes)  # type: ignore[arg-type]
        assert _row(db_path, board_id) == stored


def test_notes_by_region(board: tuple[BoardService, int]) -> None:
    boards, board_id = board
    _before, s, _ = boards.structures.apply(board_id, "columns", ["Start", "Stop", "Continue"])
    start, stop, _continue = s.regions
    boards.add_notes(board_id, ["Demo weekly"], at=(start.left + 50, start.top + 200))
    boards.add_notes(board_id, ["Long stand-ups"], at=(stop.left + 50, stop.top + 200))
    boards.add_notes(board_id, ["Late builds"], at=(stop.left + 250, stop.top + 400))
    boards.add_notes(board_id, ["Not sorted yet"], at=(s.x, s.y + s.height + 300))
    groups = boards.structures.notes_by_region(board_id)
    assert [(g.title, [n.text for n in g.notes]) for g in groups] == [
        ("Start", ["Demo weekly"]),
        ("Stop", ["Long stand-ups", "Late builds"]),
        ("Continue", []),
        ("Outside the structure", ["Not sorted yet"]),
    ]
    # the region follows the note: moved, it is somewhere else, and nothing else is stored
    note = next(n for n in boards.load(board_id).notes if n.text == "Demo weekly")
    boards.move_notes(board_id, [(note.id or 0, _continue.left + 40, _continue.top + 300)])
    groups = boards.structures.notes_by_region(board_id)
    assert [n.text for n in groups[2].notes] == ["Demo weekly"] and groups[0].notes == ()
    boards.structures.clear(board_id)
    only = boards.structures.notes_by_region(board_id)
    assert len(only) == 1 and only[0].region is None and len(only[0].notes) == 4


def test_repository_round_trip_and_a_damaged_value(
    db: Database, db_path: Path, workshops: WorkshopService
) -> None:
    workshop_id, _ = workshops.create("Retro")
    grid = preset("impact-effort").build()
    with db.session() as session:
        board_id = repo.add_board(session, Board("Prioritise", workshop_id, structure=grid))
    with db.session() as session:
        assert repo.get_board(session, board_id).structure == grid
        assert repo.list_boards(session, workshop_id)[0].structure == grid
        assert repo.load_content(session, board_id).board.structure == grid
    assert _row(db_path, board_id) == to_json(grid)
    with sqlite3.connect(db_path) as connection:  # edited by hand into something unreadable
        connection.execute('UPDATE boards SET structure = \'{"kind": "circles"}\' WHERE id = ?', (board_id,))
    with db.session() as session:
        assert repo.get_board(session, board_id).structure is None, "the board still opens"
        repo.set_structure(session, board_id, grid)
    assert _row(db_path, board_id) == to_json(grid)


EXPECTED = {
    "retrospective": {"Start / Stop / Continue": (StructureKind.COLUMNS, ("Start", "Stop", "Continue"))},
    "product-ux-alignment": {
        "Needs and goals": (StructureKind.COLUMNS, ("User needs", "Business goals")),
        "Empathy map": (StructureKind.QUADRANTS, ("Says", "Thinks", "Does", "Feels")),
        "Assumptions": (StructureKind.COLUMNS, ("About users", "About value", "About feasibility")),
        "Impact / effort": (StructureKind.GRID, ("Quick wins", "Big bets", "Fill-ins", "Money pit")),
    },
    "lightning-decision-jam": {
        "Effort and impact": (StructureKind.GRID, ("Quick wins", "Big bets", "Fill-ins", "Money pit"))
    },
}


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_templates_make_structured_boards(db: Database, slug: str) -> None:
    workshop_id, _ = TemplateService(db).create_from(slug)
    structures = {
        s.board.name: s.board.structure for s in BoardService(db).boards_of(workshop_id) if s.board.structure
    }
    for name, (kind, titles) in EXPECTED[slug].items():
        structure = structures[name]
        assert structure is not None and structure.kind is kind and structure.titles == titles
    if slug != "product-ux-alignment":
        assert set(structures) == set(EXPECTED[slug])
    for structure in structures.values():
        if structure is not None and structure.kind is StructureKind.GRID:
            assert structure.x_axis == Axis("Effort") and structure.y_axis == Axis("Impact")


def test_template_boards_without_a_structure_stay_free(db: Database) -> None:
    workshop_id, _ = TemplateService(db).create_from("design-sprint")
    free = {s.board.name for s in BoardService(db).boards_of(workshop_id) if s.board.structure is None}
    assert {"How Might We", "The map", "Solution sketches"} <= free


def test_a_structure_can_be_built_for_any_board(board: tuple[BoardService, int]) -> None:
    boards, board_id = board
    wanted = build_structure("lanes", ["PM", "UX", "Engineering"], origin=(10, 20), size=(2000, 1200))
    changes = boards.structures.set_structure(board_id, wanted)
    assert changes.structure and boards.structures.structure_of(board_id) == wanted
