"""The agenda editor: add, edit, duplicate, delete, reorder across days, undo and redo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from sprintdesk import samples
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
    workshop = desk.workshops.get(workshop_id)
    return [[item.title for item in day.items] for day in workshop.days]


def _type_into(qtbot, field, text):  # type: ignore[no-untyped-def]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_add_edit_and_undo(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, editor = _editor(desk, workshop_id, qtbot)
    first = editor.workshop.days[0].items[0].id
    editor.tree.select("item", first)
    editor.add_item()
    assert _titles(desk, workshop_id)[0] == [WELCOME, "New item", GOAL, COFFEE, *REST]
    _type_into(qtbot, editor.form.title, "Lightning demos")
    _type_into(qtbot, editor.form.duration, "1h30")
    assert _titles(desk, workshop_id)[0][1] == "Lightning demos"
    item = desk.workshops.get(workshop_id).days[0].items[1]
    assert item.duration_minutes == 90
    assert editor.total.text() == "2 days · 10 items · 7h 33m"  # 6h 03m and 1h 30m
    assert editor.tree.topLevelItem(0).text(3) == "5h 45m"  # day total updated live (4h 15m before)
    # undo: duration, title, then the item itself
    window.undo_action.trigger()
    assert desk.workshops.get(workshop_id).days[0].items[1].duration_minutes == 15
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert _titles(desk, workshop_id)[0] == MAP
    window.redo_action.trigger()
    window.redo_action.trigger()
    window.redo_action.trigger()
    restored = desk.workshops.get(workshop_id).days[0].items[1]
    assert (restored.title, restored.duration_minutes) == ("Lightning demos", 90)


def test_bad_durations_are_refused_with_a_message(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, editor = _editor(desk, workshop_id, qtbot)
    item_id = editor.workshop.days[0].items[1].id
    editor.tree.select("item", item_id)
    for bad in ("0", "10000", "9h", "soon"):
        _type_into(qtbot, editor.form.duration, bad)
        assert editor.form.duration_error.isVisible(), bad
        message = editor.form.duration_error.text()
        assert "between 1 minute and 8 hours" in message or "not a duration" in message
        assert desk.workshops.get(workshop_id).find_item(item_id)[2].duration_minutes == 45
    _type_into(qtbot, editor.form.duration, "8h")
    assert not editor.form.duration_error.isVisible()
    assert desk.workshops.get(workshop_id).find_item(item_id)[2].duration_minutes == 480
    _type_into(qtbot, editor.form.duration, "1")
    assert desk.workshops.get(workshop_id).find_item(item_id)[2].duration_minutes == 1


def test_duplicate_delete_and_keyboard_undo(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, editor = _editor(desk, workshop_id, qtbot)
    coffee = editor.workshop.days[0].items[2].id
    editor.tree.select("item", coffee)
    editor.duplicate()
    assert _titles(desk, workshop_id)[0] == [WELCOME, GOAL, COFFEE, COFFEE, *REST]
    editor.tree.setFocus()
    editor.tree.select("item", coffee)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Delete)
    assert _titles(desk, workshop_id)[0] == MAP
    assert coffee not in [i.id for i in desk.workshops.get(workshop_id).items()]
    undo = QKeySequence(QKeySequence.StandardKey.Undo)
    qtbot.keySequence(editor.tree, undo)
    items = desk.workshops.get(workshop_id).days[0].items
    assert [i.title for i in items] == [WELCOME, GOAL, COFFEE, COFFEE, *REST]
    assert items[2].id == coffee  # restored in place, with its id


def test_reorder_across_days_with_undo(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, editor = _editor(desk, workshop_id, qtbot)
    target = editor.workshop.days[0].items[-1].id
    *first_five, last = MAP
    editor.tree.select("item", target)
    editor.nudge(+1)  # last of day 1 -> first of day 2
    assert _titles(desk, workshop_id) == [first_five, [last, *SKETCH]]
    editor.nudge(+1)
    assert _titles(desk, workshop_id) == [first_five, [SKETCH[0], last, *SKETCH[1:]]]
    # a drop lands through the same path as a drag would
    editor.tree.sig_move_requested.emit(target, editor.workshop.days[0].id, 0)
    assert _titles(desk, workshop_id) == [[last, *first_five], SKETCH]
    for _ in range(3):
        window.undo_action.trigger()
    assert _titles(desk, workshop_id) == [MAP, SKETCH]
    # the schedule follows: day 2 starts at 09:30 with its first item
    assert editor.tree.topLevelItem(1).child(0).text(0) == "09:30"


def test_days_add_edit_delete(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, editor = _editor(desk, workshop_id, qtbot)
    editor.add_day()
    workshop = desk.workshops.get(workshop_id)
    assert len(workshop.days) == 3
    assert editor.form.currentIndex() == 2  # the day form
    _type_into(qtbot, editor.form.day_title, "Decide")
    assert desk.workshops.get(workshop_id).days[2].title == "Decide"
    editor.tree.select("day", workshop.days[0].id)
    editor.delete()
    assert [d.title for d in desk.workshops.get(workshop_id).days] == ["Sketch", "Decide"]
    window.undo_action.trigger()
    restored = desk.workshops.get(workshop_id)
    assert [d.title for d in restored.days] == ["Map", "Sketch", "Decide"]
    assert [i.title for i in restored.days[0].items] == MAP


def test_run_mode_follows_agenda_edits(desk, workshop_id, clock, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, editor = _editor(desk, workshop_id, qtbot)
    window.controller.toggle()
    clock.advance(30)
    first = editor.workshop.days[0].items[0]
    editor.tree.select("item", first.id)
    _type_into(qtbot, editor.form.duration, "10")
    status = window.controller.status()
    assert status.current.item.duration_minutes == 10
    assert status.remaining == 10 * 60 - 30
    assert window.run_panel.agenda.topLevelItemCount() == 2 + 9  # two day headings, nine items
