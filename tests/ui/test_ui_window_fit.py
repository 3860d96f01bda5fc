"""The windows fit the screen: the board canvas keeps at least half of the workshop window on
a 1366 x 768 or 1280 x 720 laptop with every board tool in sight, the library shows its whole
tool bar (and quits on Ctrl+Q), new windows size themselves to the screen, and "Last changed"
follows the edits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton

from sprintdesk.ui.shared.screens import FRAME, fitted_rect
from sprintdesk.ui.workshop.window import TAB_BOARDS


def _toolbars_fully_shown(window) -> list[str]:  # type: ignore[no-untyped-def]
    """Actions of visible tool bars that are pushed into the overflow (») menu."""
    hidden = []
    for bar in window.findChildren(QToolBar):
        if not bar.isVisible():
            continue
        extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        if extension is not None and extension.isVisible():
            hidden.append(f"{bar.windowTitle() or bar.objectName() or 'a tool bar'} overflows")
        for action in bar.actions():
            widget = bar.widgetForAction(action)
            if action.isVisible() and widget is not None and not widget.isVisible():
                hidden.append(action.text())
    return hidden


@pytest.mark.parametrize("screen", [QSize(1366, 768), QSize(1280, 720)], ids=["1366x768", "1280x720"])
def test_board_canvas_gets_half_the_window(desk, sample, qtbot, screen: QSize) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(sample.workshop_id)
    window.setGeometry(fitted_rect(QRect(0, 0, screen.width(), screen.height() - 32), QSize(1600, 1000)))
    window.tabs.setCurrentIndex(TAB_BOARDS)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.height() <= screen.height() - 32 - FRAME.height())
    QApplication.processEvents()
    canvas = window.boards.view.viewport().height()
    assert canvas >= window.height() / 2, f"the board gets {canvas} of {window.height()} px"
    assert _toolbars_fully_shown(window) == []
    for key, action in window.boards.tools.items():
        assert action.shortcut().isEmpty() or action.toolTip(), key


def test_library_shows_its_whole_tool_bar_and_quits_on_ctrl_q(desk, sample, qtbot) -> None:  # type: ignore[no-untyped-def]
    library = desk.library
    # the size it takes on a 1280 x 720 screen (the test screen is smaller)
    library.setGeometry(fitted_rect(QRect(0, 0, 1280, 720), library.preferred_size))
    library.show()
    qtbot.waitExposed(library)
    assert _toolbars_fully_shown(library) == []
    quit_keys = [
        a
        for a in library.menuBar().actions()
        for a in a.menu().actions()
        if a.shortcut().toString() == "Ctrl+Q"
    ]
    assert len(quit_keys) == 1
    menu_texts = {a.text() for a in library.menuBar().actions()[0].menu().actions()}
    assert {"New workshop", "Restore from backup…"} <= menu_texts  # reachable from the menu too
    library.activateWindow()
    qtbot.waitUntil(library.isActiveWindow)
    qtbot.keyClick(library, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not library.isVisible())


def test_new_windows_fit_the_screen_they_open_on() -> None:
    """Capped by the available geometry (less the frame) and centred on that screen, also on a
    second screen to the right."""
    laptop = QRect(0, 0, 1366, 728)
    rect = fitted_rect(laptop, QSize(1600, 1000))
    assert rect.width() <= 1366 - FRAME.width() and rect.height() <= 728 - FRAME.height()
    assert laptop.contains(rect)
    projector = QRect(1366, 0, 1280, 720)
    small = fitted_rect(projector, QSize(960, 600))
    assert small.size() == QSize(960, 600) and projector.contains(small)
    assert abs(small.center().x() - projector.center().x()) <= 1


def test_last_changed_follows_an_edit(desk, sample, qtbot) -> None:  # type: ignore[no-untyped-def]
    library = desk.library
    library.show()
    library.refresh()  # the sample was stored behind its back
    qtbot.waitExposed(library)
    before = library.summaries[0].updated_at
    # a new board stamps the workshop, but is no change to the list's own columns
    _board_id, changes = desk.services.boards.create(sample.workshop_id, "Parking lot")
    assert not changes.workshop_list
    desk.hub.publish(changes)
    # the list is read again (the stamps have minutes on screen, microseconds underneath)
    qtbot.waitUntil(lambda: library.summaries[0].updated_at > before)
    shown = library.summaries[0].updated_at.astimezone().strftime("%d %b %Y %H:%M")
    assert library.table.item(0, 4).text() == shown
