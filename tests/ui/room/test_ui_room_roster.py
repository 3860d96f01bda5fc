"""Walkthrough 13, S6: the participants panel reads at 1366 x 768: whole names (not "Dev Ra…"),
a Role column, anonymous phones told apart ("Anonymous 1", "Anonymous 2", …), and each row
whole in its tooltip. What a cell shows is measured as the table draws it (its font, the
column's width, the middle elision)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle
from room_phone import Phone
from room_steps import start_joining

from sprintdesk.ui.room.panel import NAME, ROLE, STATUS
from sprintdesk.ui.workshop.window import TAB_RUN, WorkshopWindow


def _laptop(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    window.tabs.setCurrentIndex(TAB_RUN)
    window.show()
    qtbot.waitExposed(window)


def _shown(window: WorkshopWindow, row: int, column: int) -> str:
    """The text the cell draws: elided in the middle to the column's width."""
    assert window.room is not None
    table = window.room.panel.table
    item = table.item(row, column)
    assert item is not None
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    width = table.columnWidth(column) - 2 * margin  # as the item view lays a cell's text out
    return table.fontMetrics().elidedText(item.text(), Qt.TextElideMode.ElideMiddle, width)


def _rows(window: WorkshopWindow) -> int:
    assert window.room is not None
    return window.room.panel.table.rowCount()


def test_names_and_roles_read_whole_at_1366(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _laptop(window, qtbot)
    address = start_joining(window, qtbot)
    for name, role in (("Dev Rao", "Engineering"), ("Eve Lindqvist", "UX"), ("Kim Park", "Stakeholder")):
        Phone(address.join_url).join(name=name, role=role)
    qtbot.waitUntil(lambda: _rows(window) == 3, timeout=5000)
    assert window.room is not None
    table = window.room.panel.table
    assert table.horizontalHeaderItem(ROLE).text() == "Role"
    assert window.width() <= 1366, f"the window grew to {window.width()} px"
    qtbot.waitUntil(lambda: _shown(window, 0, NAME) == table.item(0, NAME).text())
    seen = {}
    for row in range(3):
        name = table.item(row, NAME).text()
        seen[name] = table.item(row, ROLE).text()
        assert _shown(window, row, NAME) == name, f"{name!r} is cut to {_shown(window, row, NAME)!r}"
        assert _shown(window, row, ROLE) == seen[name]
        assert _shown(window, row, STATUS) == table.item(row, STATUS).text()
        tip = table.item(row, NAME).toolTip()
        assert name in tip and seen[name] in tip and "0 notes" in tip
    assert seen == {"Dev Rao": "Engineering", "Eve Lindqvist": "UX", "Kim Park": "Stakeholder"}


def test_anonymous_phones_are_told_apart(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _laptop(window, qtbot)
    address = start_joining(window, qtbot, anonymous=True)
    for _ in range(3):
        Phone(address.join_url).join()
    qtbot.waitUntil(lambda: _rows(window) == 3, timeout=5000)
    assert window.width() <= 1366
    qtbot.waitUntil(
        lambda: _shown(window, 0, NAME) == "Anonymous 1" or _shown(window, 1, NAME) == "Anonymous 2"
    )
    shown = [_shown(window, row, NAME) for row in range(3)]
    assert len(set(shown)) == 3, f"anonymous phones look alike: {shown}"
    assert sorted(shown) == ["Anonymous 1", "Anonymous 2", "Anonymous 3"]
