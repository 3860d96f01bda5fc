"""The library's menu bar: every tool bar action (so nothing depends on the tool bar fitting)
and Quit on Ctrl+Q, which closes every SprintDesk window (each saves its place first)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow


def build_menu(window: QMainWindow, actions: Iterable[QAction]) -> QAction:
    """File > the library's actions, then Quit; returns the Quit action."""
    menu = window.menuBar().addMenu("&File")
    listed: set[int] = set()
    for action in actions:
        if id(action) not in listed:
            listed.add(id(action))
            menu.addAction(action)
    menu.addSeparator()
    quit_action = QAction("Quit SprintDesk", window)
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    quit_action.triggered.connect(QApplication.closeAllWindows)
    menu.addAction(quit_action)
    return quit_action
