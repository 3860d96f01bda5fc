"""Issue 12 on the board itself: typed and pasted notes land in the region the facilitator is
looking at (or has selected), and grouping moves a stray note out of the new frame, undoably."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication

from sprintdesk.domain.board_geometry import CELL_H, CELL_W, overlaps
from sprintdesk.domain.board_structure_presets import preset
from sprintdesk.ui.workshop.window import TAB_BOARDS


@pytest.fixture
def board(desk, workshop_id, qtbot):  # type: ignore[no-untyped-def]
    board_id, changes = desk.boards.create(workshop_id, "Retro")
    window = desk.open_workshop(workshop_id)
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_BOARDS)
    desk.hub.publish(changes)
    panel = window.boards
    qtbot.waitUntil(lambda: panel.board_actions.board_id == board_id)
    return window, panel, board_id


def _structured(desk, panel, board_id, qtbot):  # type: ignore[no-untyped-def]
    structure = preset("start-stop-continue").build((0.0, 0.0))
    desk.hub.publish(desk.boards.structures.set_structure(board_id, structure))
    qtbot.waitUntil(lambda: panel.scene.structure is not None)
    return structure


def _regions(desk, board_id, structure, ids):  # type: ignore[no-untyped-def]
    notes = [n for n in desk.boards.load(board_id).notes if n.id in set(ids)]
    return [structure.region_of_note(n) for n in notes]


def test_typed_and_pasted_notes_go_into_the_region_at_the_centre_of_the_view(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, board_id = board
    structure = _structured(desk, panel, board_id, qtbot)
    stop = structure.regions[1]
    panel.view.centerOn(QPointF(stop.left + stop.width / 2, stop.top + stop.height / 2))
    panel.quick.setFocus()
    qtbot.keyClicks(panel.quick, "Long meetings")
    qtbot.keyClick(panel.quick, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(panel.scene.notes) == 1)
    typed = list(panel.scene.notes)
    assert _regions(desk, board_id, structure, typed) == [stop]  # before issue 12: below, in none
    QGuiApplication.clipboard().setText("Too many tools\nNo retro actions\nLate starts")
    qtbot.keyClick(panel.quick, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(panel.scene.notes) == 4)
    pasted = [i for i in panel.scene.notes if i not in typed]
    assert _regions(desk, board_id, structure, pasted) == [stop] * 3
    content = desk.boards.load(board_id)
    assert overlaps(content.notes, content.clusters) == []


def test_typed_notes_follow_the_selected_region(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, board_id = board
    structure = _structured(desk, panel, board_id, qtbot)
    keep = structure.regions[2]
    ids, changes = desk.boards.add_notes(board_id, ["Pairing"], near=(keep.left + 100, keep.top + 300))
    desk.hub.publish(changes)
    qtbot.waitUntil(lambda: ids[0] in panel.scene.notes)
    panel.view.centerOn(QPointF(structure.regions[0].left + 50, structure.regions[0].top + 300))
    panel.scene.notes[ids[0]].setSelected(True)
    assert panel.writing.quick_add("Demos")
    new = [i for i in panel.scene.notes if i not in ids]
    assert _regions(desk, board_id, structure, new) == [keep]


def test_typed_notes_go_into_the_empty_column_last_clicked(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A click on an empty column, then typing: the notes go there, not into the column at
    the centre of the view (the walkthrough of issue 12 could not reach an empty column)."""
    _window, panel, board_id = board
    structure = _structured(desk, panel, board_id, qtbot)
    start, stop = structure.regions[0], structure.regions[1]
    panel.view.fit_all()
    panel.view.centerOn(QPointF(stop.left + stop.width / 2, stop.top + stop.height / 2))
    spot = panel.view.mapFromScene(QPointF(start.left + 60, start.top + 300))
    assert panel.view.viewport().rect().contains(spot)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert panel.writing.quick_add("Pair on copy")
    new = list(panel.scene.notes)
    assert _regions(desk, board_id, structure, new) == [start]


def test_grouping_moves_a_stray_note_clear_and_undo_puts_it_back(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    spots = {"first": (0.0, 0.0), "second": (0.0, 2 * CELL_H), "stray": (CELL_W, 0.0)}
    ids = {}
    for text, at in spots.items():
        (ids[text],), changes = desk.boards.add_notes(board_id, [text], at=at)
        desk.hub.publish(changes)
    qtbot.waitUntil(lambda: len(panel.scene.notes) == 3)
    for text in ("first", "second"):
        panel.scene.notes[ids[text]].setSelected(True)
    panel.cluster_title.setText("Theme")
    panel.tools["group"].trigger()
    content = desk.boards.load(board_id)
    assert overlaps(content.notes, content.clusters) == []
    stray = panel.scene.notes[ids["stray"]]
    member = panel.scene.notes[ids["second"]]
    qtbot.waitUntil(lambda: not stray.sceneBoundingRect().intersects(member.sceneBoundingRect()))
    window.undo_action.trigger()
    assert {n.id: (n.x, n.y) for n in desk.boards.load(board_id).notes} == {
        ids[t]: at for t, at in spots.items()
    }
    window.redo_action.trigger()
    content = desk.boards.load(board_id)
    assert len(content.clusters) == 1 and overlaps(content.notes, content.clusters) == []
