"""The method library beside the agenda: search, phase filter, Ctrl+F, add by double-click
and Enter (undoable), and drop onto the agenda tree at the drop position."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from sprintdesk import samples
from sprintdesk.ui.agenda.method_library import METHOD_MIME, method_mime
from sprintdesk.ui.workshop.window import TAB_AGENDA

# The sample's agenda: Map (welcome, goal, coffee, then three more), then Sketch.
MAP, SKETCH = ([item.title for item in day.items] for day in samples.sample_workshop().days)
WELCOME, GOAL, COFFEE, *REST = MAP


def _editor(desk, workshop_id, qtbot):  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_AGENDA)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window, window.editor


def _titles(desk, workshop_id):  # type: ignore[no-untyped-def]
    return [[item.title for item in day.items] for day in desk.workshops.get(workshop_id).days]


def test_search_and_phase_filter(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, editor = _editor(desk, workshop_id, qtbot)
    library = editor.library
    everything = library.shown()
    assert len(everything) >= 35
    assert library.count.text() == f"{len(everything)} methods"
    qtbot.keyClicks(library.search, "root cause")
    assert library.shown() == ["five-whys"]
    assert "5 whys" in library.details.toPlainText()
    assert "Write the problem as one clear sentence" in library.details.toPlainText()
    assert library.count.text() == f"1 of {len(everything)} methods"
    library.search.clear()
    library.phase.setCurrentIndex(library.phase.findData("reflect"))
    reflect = library.shown()
    assert "start-stop-continue" in reflect and "crazy-8s" not in reflect
    qtbot.keyClicks(library.search, "nothing matches this")
    assert library.shown() == []
    assert "No method matches" in library.details.toPlainText()
    assert not library.add_button.isEnabled()


def test_ctrl_f_focuses_the_search_and_shows_a_hidden_library(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, editor = _editor(desk, workshop_id, qtbot)
    editor.editor_actions["library"].setChecked(False)
    assert not editor.library.isVisible()
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(editor.library.search.hasFocus)
    assert editor.library.isVisible() and editor.editor_actions["library"].isChecked()
    qtbot.keyClicks(editor.library.search, "vote")
    qtbot.keyClick(editor.library.search, Qt.Key.Key_Down)
    assert editor.library.list.hasFocus()
    editor.library.search.setFocus()
    qtbot.keyClick(editor.library.search, Qt.Key.Key_Escape)  # clears the search
    assert editor.library.search.text() == "" and editor.library.search.hasFocus()
    qtbot.keyClick(editor.library.search, Qt.Key.Key_Escape)  # back to the agenda
    qtbot.waitUntil(editor.tree.hasFocus)


def test_double_click_adds_after_the_selected_item_and_undo_removes_it(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, editor = _editor(desk, workshop_id, qtbot)
    editor.tree.select("item", editor.workshop.days[0].items[0].id)
    library = editor.library
    assert library.select("crazy-8s")
    row = library.list.currentItem()
    point = library.list.visualItemRect(row).center()
    qtbot.mouseClick(library.list.viewport(), Qt.MouseButton.LeftButton, pos=point)  # a real double
    qtbot.mouseDClick(library.list.viewport(), Qt.MouseButton.LeftButton, pos=point)  # click presses first
    assert _titles(desk, workshop_id)[0] == [WELCOME, "Crazy 8s", GOAL, COFFEE, *REST]
    added = desk.workshops.get(workshop_id).days[0].items[1]
    assert added.duration_minutes == 10
    assert added.instructions.startswith("1. Fold an A4 sheet")
    assert "Source:" in added.notes
    assert editor.tree.selected() == ("item", added.id)
    assert window.undo_action.text() == "&Undo Add “Crazy 8s”"
    window.undo_action.trigger()
    assert _titles(desk, workshop_id)[0] == MAP
    window.redo_action.trigger()
    assert _titles(desk, workshop_id)[0] == [WELCOME, "Crazy 8s", GOAL, COFFEE, *REST]


def test_enter_in_the_list_or_the_search_adds(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, editor = _editor(desk, workshop_id, qtbot)
    sketch_day = editor.workshop.days[1]
    editor.tree.select("day", sketch_day.id)
    library = editor.library
    qtbot.keyClicks(library.search, "heat map")
    qtbot.keyClick(library.search, Qt.Key.Key_Return)
    assert _titles(desk, workshop_id)[1] == [*SKETCH, "Heat map"]
    library.search.clear()
    library.select("dot-voting")
    library.list.setFocus()
    qtbot.keyClick(library.list, Qt.Key.Key_Return)
    assert _titles(desk, workshop_id)[1] == [*SKETCH, "Heat map", "Dot voting"]  # after the new item


def _drop_point(tree, row, where: str) -> QPoint:  # type: ignore[no-untyped-def]
    rect = tree.visualItemRect(row)
    y = {"above": rect.top() + 2, "below": rect.bottom() - 2, "on": rect.center().y()}[where]
    return QPoint(rect.center().x(), y)


def test_drop_from_the_library_inserts_at_the_drop_position(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, editor = _editor(desk, workshop_id, qtbot)
    tree = editor.tree
    library = editor.library
    library.select("dot-voting")
    mime = library.list.mimeData([library.list.currentItem()])
    assert mime.hasFormat(METHOD_MIME)
    coffee = tree.topLevelItem(0).child(2)
    point = _drop_point(tree, coffee, "above")
    enter = QDragEnterEvent(
        point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    tree.dragEnterEvent(enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(
        point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    tree.dragMoveEvent(move)
    assert move.isAccepted() and move.dropAction() == Qt.DropAction.CopyAction
    drop = QDropEvent(
        QPointF(point),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tree.dropEvent(drop)
    assert _titles(desk, workshop_id)[0] == [WELCOME, GOAL, "Dot voting", COFFEE, *REST]
    # below the last item of day 2, and onto the day 2 row (its end)
    last = tree.topLevelItem(1).child(len(SKETCH) - 1)
    _drop_at(tree, method_mime("roti"), _drop_point(tree, last, "below"))
    _drop_at(tree, method_mime("five-whys"), _drop_point(tree, tree.topLevelItem(1), "on"))
    assert _titles(desk, workshop_id)[1] == [*SKETCH, "ROTI: Return on time invested", "5 whys"]
    # onto empty space below the rows: the end of the last day
    empty = QPoint(10, tree.viewport().height() - 5)
    assert tree.itemAt(empty) is None
    _drop_at(tree, method_mime("check-in"), empty)
    assert _titles(desk, workshop_id)[1][-1] == "Check-in"
    for _ in range(4):
        window.undo_action.trigger()
    assert _titles(desk, workshop_id) == [MAP, SKETCH]


def _drop_at(tree, mime, point: QPoint) -> None:  # type: ignore[no-untyped-def]
    """Drop ``mime`` on the tree at ``point`` (the event does not own the data: it lives
    as long as this call)."""
    event = QDropEvent(
        QPointF(point),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tree.dropEvent(event)


def test_other_drops_change_nothing(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData

    _window, editor = _editor(desk, workshop_id, qtbot)
    text = QMimeData()
    text.setText("crazy-8s")
    coffee = editor.tree.topLevelItem(0).child(2)
    _drop_at(editor.tree, text, _drop_point(editor.tree, coffee, "above"))
    assert _titles(desk, workshop_id) == [MAP, SKETCH]


def test_the_library_can_be_hidden_to_give_the_agenda_room(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, editor = _editor(desk, workshop_id, qtbot)
    width = editor.tree.width()
    editor.editor_actions["library"].trigger()
    assert not editor.library.isVisible()
    qtbot.waitUntil(lambda: editor.tree.width() > width)


def test_a_drag_from_the_library_carries_the_method_to_the_tree(
    desk, workshop_id, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The library's own drag (QDrag.exec stubbed: offscreen there is no drag loop) delivers
    its data to the tree's drop handling."""
    from PySide6.QtGui import QDrag

    _window, editor = _editor(desk, workshop_id, qtbot)
    tree = editor.tree
    target = _drop_point(tree, tree.topLevelItem(0).child(0), "below")
    carried: list[str] = []

    def deliver(drag: QDrag, *_actions: object) -> Qt.DropAction:
        data = drag.mimeData()
        carried.append(bytes(data.data(METHOD_MIME).data()).decode())
        _drop_at(tree, data, target)
        return Qt.DropAction.CopyAction

    monkeypatch.setattr(QDrag, "exec", deliver)
    editor.library.select("art-museum")
    editor.library.list.startDrag(Qt.DropAction.CopyAction)
    assert carried == ["art-museum"]
    assert _titles(desk, workshop_id)[0] == [WELCOME, "Art museum", GOAL, COFFEE, *REST]
