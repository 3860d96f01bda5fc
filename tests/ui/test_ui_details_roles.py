"""Participants' roles in the Details tab by keyboard: Tab reaches the role, arrow keys change
it, each change is saved and the focus stays in the row being edited."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from sprintdesk.domain.workshop import Role
from sprintdesk.ui.workshop.window import TAB_DETAILS


def test_a_role_is_changed_with_the_keyboard_and_focus_stays(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    qtbot.waitExposed(window)
    window.activateWindow()
    window.tabs.setCurrentIndex(TAB_DETAILS)
    table = window.details.people
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Ben Okafor")
    table.setFocus()
    table.setCurrentCell(row, 0)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    role_box = table.cellWidget(row, 1)
    assert isinstance(role_box, QComboBox)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is role_box)

    def ben() -> Role:
        return next(p.role for p in desk.workshops.get(workshop_id).participants if p.name == "Ben Okafor")

    assert ben() is Role.UX
    qtbot.keyClick(role_box, Qt.Key.Key_Down)
    assert ben() is Role.ENGINEERING
    assert QApplication.focusWidget() is role_box, "saving must not rebuild the row being edited"
    assert table.cellWidget(row, 1) is role_box and table.currentRow() == row
    qtbot.keyClick(role_box, Qt.Key.Key_Down)
    assert ben() is Role.STAKEHOLDER
    qtbot.keyClicks(role_box, "D")  # type-ahead picks Decider
    assert ben() is Role.DECIDER
    window.boards.set_workshop(desk.workshops.get(workshop_id))
    assert "Ben Okafor · Decider" in [
        window.boards.author.itemText(i) for i in range(window.boards.author.count())
    ]


def test_the_rows_follow_a_change_made_elsewhere(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    window = desk.open_workshop(workshop_id)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_DETAILS)
    stored = desk.workshops.get(workshop_id)
    people = tuple(
        dataclasses.replace(p, role=Role.OTHER) if p.name == "Ana Costa" else p for p in stored.participants
    )
    desk.hub.publish(desk.workshops.update_details(dataclasses.replace(stored, participants=people)))
    table = window.details.people
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Ana Costa")
    role_box = table.cellWidget(row, 1)
    assert isinstance(role_box, QComboBox) and role_box.currentData() == Role.OTHER.value


def test_every_role_can_be_read_in_the_table(desk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The Role column is as wide as its longest role, also for people added after the window
    opened (the walkthrough of issue 12 found it about 40 px wide, no role readable)."""
    workshop_id, _ = desk.workshops.create("Team retro")
    window = desk.open_workshop(workshop_id)
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_DETAILS)
    table = window.details.people
    assert table.rowCount() == 0
    window.details.add_participant()
    box = table.cellWidget(0, 1)
    assert isinstance(box, QComboBox)
    widest = max(box.fontMetrics().horizontalAdvance(role.value) for role in Role)
    assert table.columnWidth(1) >= widest + 24  # the text and the drop-down arrow
