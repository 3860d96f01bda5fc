"""Board structures in the Boards tab: the Structure… dialog, undo and redo, the structure drawn
behind the notes, and a note saying which region it is in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QDialog, QToolTip

from sprintdesk.domain.board import NOTE_HEIGHT, NOTE_WIDTH
from sprintdesk.domain.board_structure import StructureKind
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


def _pixel_changes(panel, structure) -> bool:  # type: ignore[no-untyped-def]
    """Whether the view shows the structure: its title band differs from the bare board."""
    view = panel.view
    first = structure.regions[0]
    view.actual_size()
    view.centerOn(QPointF(first.left + first.width / 2, first.top + 200))
    image = view.viewport().grab().toImage()
    band = view.mapFromScene(QPointF(first.left + 20, first.top + 10))
    inside = view.mapFromScene(QPointF(first.left + 20, first.top + 400))
    bare = view.viewport().palette().base().color()
    return image.pixelColor(band) != bare and image.pixelColor(inside) != bare


def _open_dialog(panel, qtbot):  # type: ignore[no-untyped-def]
    panel.menu.buttons["structure"].trigger()
    dialog = panel.menu.structures.dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_structure_from_the_dialog_is_drawn_and_undoable(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    _ids, changes = desk.boards.add_notes(board_id, ["Pair more", "Long meetings"])
    desk.hub.publish(changes)
    before = {n.id: (n.x, n.y) for n in desk.boards.load(board_id).notes}
    dialog = _open_dialog(panel, qtbot)
    dialog.choose("start-stop-continue")
    assert [e.text() for e in dialog.title_edits] == ["Start", "Stop", "Continue"]
    dialog.count.setValue(4)
    dialog.title_edits[3].setText("  More   of  ")
    dialog.accept()
    qtbot.waitUntil(lambda: panel.scene.structure is not None)
    stored = desk.boards.structures.structure_of(board_id)
    assert stored is not None and stored.titles == ("Start", "Stop", "Continue", "More of")
    assert panel.scene.structure == stored
    layer = panel.scene.structure_layer
    assert panel.scene.content_rect().contains(layer.outer_rect())
    assert _pixel_changes(panel, stored), "the structure is drawn behind the notes"
    after = {n.id: (n.x, n.y) for n in desk.boards.load(board_id).notes}
    assert after == before, "notes stay where they are"
    assert all(stored.region_of_note(n) is None for n in desk.boards.load(board_id).notes)

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: panel.scene.structure is None)
    assert desk.boards.structures.structure_of(board_id) is None and layer.outer_rect().isNull()
    assert not _pixel_changes(panel, stored), "and gone with the undo"
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: panel.scene.structure is not None)
    assert desk.boards.structures.structure_of(board_id) == stored


def test_dialog_refuses_an_empty_title_and_stays_open(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, board_id = board
    dialog = _open_dialog(panel, qtbot)
    dialog.choose("empathy-map")
    dialog.title_edits[2].setText("   ")
    dialog.accept()
    assert dialog.isVisible() and "Quadrant 3" in dialog.error.text()
    assert desk.boards.structures.structure_of(board_id) is None
    dialog.title_edits[2].setText("Does")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert desk.boards.structures.structure_of(board_id).kind is StructureKind.QUADRANTS  # type: ignore[union-attr]


def test_grid_axes_edited_then_structure_removed(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    dialog = _open_dialog(panel, qtbot)
    dialog.choose("impact-effort")
    assert dialog.axes_box.isVisibleTo(dialog) and not dialog.count.isVisibleTo(dialog)
    dialog.x_label.setText("Cost")
    dialog.y_high.setText("huge")
    dialog.accept()
    qtbot.waitUntil(lambda: panel.scene.structure is not None)
    grid = desk.boards.structures.structure_of(board_id)
    assert grid is not None and grid.x_axis.label == "Cost" and grid.y_axis.high == "huge"  # type: ignore[union-attr]

    dialog = _open_dialog(panel, qtbot)
    assert dialog.preset.currentData() == "current" and dialog.x_label.text() == "Cost"
    dialog.choose("none")
    assert not dialog.titles_box.isEnabled()
    dialog.accept()
    qtbot.waitUntil(lambda: panel.scene.structure is None)
    assert desk.boards.structures.structure_of(board_id) is None
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: panel.scene.structure == grid)


def test_a_note_dropped_in_a_region_says_so(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, board_id = board
    _before, structure, changes = desk.boards.structures.apply(
        board_id, "columns", ["Start", "Stop", "Continue"]
    )
    desk.hub.publish(changes)
    stop = structure.regions[1]
    ids, changes = desk.boards.add_notes(board_id, ["Long meetings"], at=(stop.left + 60, stop.top + 200))
    desk.hub.publish(changes)
    qtbot.waitUntil(lambda: ids[0] in panel.scene.notes)
    item = panel.scene.notes[ids[0]]
    panel.scene.clearSelection()
    item.setSelected(True)
    assert panel.status.text() == "1 note selected · in “Stop”"

    # dragged into Continue with the mouse: the status line follows the drop
    view = panel.view
    view.centerOn(item)
    start = view.mapFromScene(item.sceneBoundingRect().center())
    shift = structure.regions[2].left - stop.left
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    end = view.mapFromScene(item.sceneBoundingRect().center() + QPointF(shift, 0))
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    qtbot.waitUntil(
        lambda: structure.region_of_note(desk.boards.load(board_id).notes[0]) == structure.regions[2]
    )
    qtbot.waitUntil(lambda: "in “Continue”" in panel.status.text())

    # the tooltip over the note names the region too
    center = view.mapFromScene(panel.scene.notes[ids[0]].sceneBoundingRect().center())
    help_event = QHelpEvent(QEvent.Type.ToolTip, center, view.viewport().mapToGlobal(center))
    view.viewportEvent(help_event)
    qtbot.waitUntil(lambda: QToolTip.text() == "This note is in “Continue”.")
    QToolTip.hideText()


def test_structure_does_not_block_rubber_band_or_double_click(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, board_id = board
    _before, structure, changes = desk.boards.structures.apply(
        board_id, "quadrants", ["Says", "Thinks", "Does", "Feels"]
    )
    desk.hub.publish(changes)
    qtbot.waitUntil(lambda: panel.scene.structure is not None)
    view = panel.view
    feels = structure.regions[3]
    view.actual_size()
    view.centerOn(QPointF(feels.left + feels.width / 2, feels.top + feels.height / 2))
    at = view.mapFromScene(QPointF(feels.left + feels.width / 2, feels.top + feels.height / 2))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert view.editor.isVisible()
    qtbot.keyClicks(view.editor, "Anxious about cost")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    notes = desk.boards.load(board_id).notes
    assert [n.text for n in notes] == ["Anxious about cost"]
    assert structure.region_of_note(notes[0]) == feels
    assert abs(notes[0].x + NOTE_WIDTH / 2 - (feels.left + feels.width / 2)) < 2
    assert abs(notes[0].y + NOTE_HEIGHT / 2 - (feels.top + feels.height / 2)) < 2
    # a rubber band started on the structure selects the note
    item = panel.scene.notes[notes[0].id]
    corner = view.mapFromScene(item.sceneBoundingRect().topLeft()) - QPoint(30, 30)
    far = view.mapFromScene(item.sceneBoundingRect().bottomRight()) + QPoint(30, 30)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    qtbot.mouseMove(view.viewport(), far)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=far)
    assert panel.scene.selected_note_ids() == [notes[0].id]


def test_structure_shows_on_the_shared_screen(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    _before, structure, changes = desk.boards.structures.apply(board_id, "columns", ["Mad", "Sad", "Glad"])
    desk.hub.publish(changes)
    panel.menu.share.setChecked(True)
    presenter = window.run_panel.presenter
    qtbot.waitUntil(
        lambda: presenter.board_scene is not None and presenter.board_scene.structure == structure
    )
    panel.menu.share.setChecked(False)


def test_tidy_board_keeps_each_regions_clusters_in_it(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, board_id = board
    _before, s, changes = desk.boards.structures.apply(board_id, "columns", ["Start", "Stop", "Continue"])
    desk.hub.publish(changes)
    start, stop, _cont = s.regions
    made = {}
    for region, titles in ((start, ("Rituals", "Tools")), (stop, ("Meetings",))):
        for k, title in enumerate(titles):
            ids, _ = desk.boards.add_notes(
                board_id,
                [f"{title} 1", f"{title} 2"],
                at=(region.left + 60 + 300 * k, region.top + 500 + 200 * k),
            )
            made[title], _ = desk.boards.group(board_id, ids, title)
    loose, changes = desk.boards.add_notes(board_id, ["Loose in Stop"], at=(stop.left + 40, stop.top + 140))
    desk.hub.publish(changes)
    panel.reload()
    panel.tools["tidy"].trigger()
    content = desk.boards.load(board_id)
    region_of = {n.text: s.region_of_note(n) for n in content.notes}
    assert {region_of[f"{t} {i}"] for t in ("Rituals", "Tools") for i in (1, 2)} == {start}
    assert {region_of["Meetings 1"], region_of["Meetings 2"], region_of["Loose in Stop"]} == {stop}
    clusters = {c.title: c for c in content.clusters}
    assert clusters["Rituals"].x >= start.left and clusters["Meetings"].x >= stop.left
    _window.undo_action.trigger()  # the whole tidy is one step
    assert {n.text: (n.x, n.y) for n in desk.boards.load(board_id).notes}["Loose in Stop"] == (
        stop.left + 40,
        stop.top + 140,
    )
    assert loose


def test_room_in_the_dialog_sizes_the_regions(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    from sprintdesk.domain.board_structure import StructureKind, default_size

    _window, panel, board_id = board
    dialog = _open_dialog(panel, qtbot)
    dialog.choose("start-stop-continue")
    assert dialog.room.currentData() == 1.0  # a new structure starts at the laptop size
    dialog.accept()
    qtbot.waitUntil(lambda: panel.scene.structure is not None)
    small = desk.boards.structures.structure_of(board_id)
    assert small is not None and (small.width, small.height) == default_size(StructureKind.COLUMNS, 3)
    dialog = _open_dialog(panel, qtbot)
    assert dialog.room.currentData() is None  # editing keeps the size unless asked
    dialog.room.setCurrentIndex(dialog.room.findData(2.0))
    dialog.accept()
    qtbot.waitUntil(lambda: desk.boards.structures.structure_of(board_id) != small)
    big = desk.boards.structures.structure_of(board_id)
    assert big is not None and (big.width, big.height) == (small.width * 2, small.height * 2)
    assert (big.x, big.y) == (small.x, small.y)  # it grows from where it is


def test_a_change_the_service_refuses_keeps_the_dialog_open_with_the_reason(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    from sprintdesk.domain.board_structure import build_structure

    _window, panel, board_id = board
    narrow = build_structure("columns", [f"C{i}" for i in range(10)], size=(1000.0, 800.0))
    desk.boards.structures.set_structure(board_id, narrow)  # as a template or a file may bring it
    desk.hub.publish(desk.boards.structures._changed(board_id))
    dialog = _open_dialog(panel, qtbot)
    dialog.count.setValue(1)  # one column of a tenth of the width: narrower than the minimum
    dialog.accept()
    assert dialog.isVisible()
    assert "width" in dialog.error.text()
    assert desk.boards.structures.structure_of(board_id) == narrow
