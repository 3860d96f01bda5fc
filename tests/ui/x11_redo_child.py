"""Run by test_ui_keys_x11.py under Xvfb with the xcb platform, where Qt's standard Redo key is
Ctrl+Shift+Z (offscreen Qt uses the Windows list): prints how many of Ctrl+Shift+Z and Ctrl+Y
redid an undone note, focus in the agenda tree, then in the board."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from sprintdesk import samples
from sprintdesk.app import SprintDesk, make_qapplication
from sprintdesk.domain.clock import SystemClock
from sprintdesk.storage.database import open_database
from sprintdesk.ui.shared.settings import AppSettings
from sprintdesk.ui.workshop.window import TAB_BOARDS

app = make_qapplication()
db = open_database(sys.argv[1])
desk = SprintDesk(db, SystemClock(), AppSettings(QSettings(sys.argv[2], QSettings.Format.IniFormat)))
sample = samples.build_sample(desk.services)
window = desk.open_workshop(sample.workshop_id)
assert window is not None
window.show()
window.activateWindow()
QTest.qWaitForWindowActive(window)
window.tabs.setCurrentIndex(TAB_BOARDS)
window.boards.board_actions.add_text("A note to undo")
redone = 0
for focus in (window.boards.view, window.editor.tree):
    window.tabs.setCurrentWidget(window.boards if focus is window.boards.view else window.editor)
    focus.setFocus()
    for key, mods in (
        (Qt.Key.Key_Z, Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_Y, Qt.KeyboardModifier.NoModifier),
    ):
        window.undo_action.trigger()
        before = window.undo_stack.index()
        QTest.keyClick(focus, key, Qt.KeyboardModifier.ControlModifier | mods)
        redone += window.undo_stack.index() == before + 1
print(f"redone {redone} of 4", flush=True)
window.close()
desk.close()
