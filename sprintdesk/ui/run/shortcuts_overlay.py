"""The "?" panel: every run-mode shortcut, over the facilitator window (never modal)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QToolButton, QWidget

from sprintdesk.ui.run.controller import SHORTCUTS


class ShortcutsPanel(QFrame):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(20, 16, 20, 16)
        grid.setHorizontalSpacing(24)
        title = QLabel("Keyboard shortcuts")
        title.setProperty("role", "heading")
        close = QToolButton()
        close.setText("✕")
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.setToolTip("Close (?)")
        close.clicked.connect(self.hide)
        grid.addWidget(title, 0, 0)
        grid.addWidget(close, 0, 1, alignment=Qt.AlignmentFlag.AlignRight)
        for row, (keys, what) in enumerate(SHORTCUTS, start=1):
            key_label = QLabel(f"<b>{keys}</b>")
            grid.addWidget(key_label, row, 0)
            grid.addWidget(QLabel(what), row, 1)

    def place(self) -> None:
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:
            self.move(parent.width() - self.width() - 24, 64)
