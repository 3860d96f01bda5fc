"""The "?" panel: the keyboard shortcuts of the window it floats over (never modal); ? or Esc
closes it. Its rows come from the actions themselves (their text and their key sequences),
so a key added to an action shows up here without editing the panel; keys handled outside
actions (nudging notes, voting with 1-9 ...) come as plain rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from sprintdesk.ui.run.controller import SHORTCUTS

Row = tuple[str, str]  # keys, what they do
Section = tuple[str, list[Row]]  # title, rows
WHAT = "shortcut_what"  # an action property: how the panel names it, when its text changes


def key_text(action: QAction) -> str:
    """``Ctrl+Shift+Z  or  Ctrl+Y``, in the platform's own notation."""
    seen: list[str] = []
    for sequence in action.shortcuts():
        text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        if text and text not in seen:
            seen.append(text)
    return "  or  ".join(seen)


def action_rows(actions: Iterable[QAction], skip: set[int] | None = None) -> list[Row]:
    """A row per action that has a key; ``skip`` (ids of actions listed already) grows."""
    rows: list[Row] = []
    skip = skip if skip is not None else set()
    for action in actions:
        keys = key_text(action)
        if not keys or id(action) in skip or action.isSeparator():
            continue
        skip.add(id(action))
        what = action.property(WHAT) or action.text().replace("&", "").rstrip("…").strip()
        rows.append((keys, str(what)))
    return rows


def run_section() -> Section:
    return ("Run", list(SHORTCUTS))


class ShortcutsPanel(QFrame):
    def __init__(self, parent: QWidget, sections: Callable[[], Sequence[Section]] | None = None) -> None:
        super().__init__(parent)
        self._sections = sections or (lambda: [run_section()])
        self.setProperty("role", "card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 12, 20, 16)
        head = QGridLayout()
        title = QLabel("Keyboard shortcuts")
        title.setProperty("role", "heading")
        close = QToolButton()
        close.setText("✕")
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.setToolTip("Close (? or Esc)")
        close.clicked.connect(self.hide)
        head.addWidget(title, 0, 0)
        head.addWidget(close, 0, 1, alignment=Qt.AlignmentFlag.AlignRight)
        outer.addLayout(head)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(2)
        outer.addWidget(self.body)
        self.rows: list[Row] = []  # what is listed now (tests read it)
        self.refresh()

    def refresh(self) -> None:
        """List the keys again (actions may have gained keys since)."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        sections = [s for s in self._sections() if s[1]]
        self.rows = [row for _title, rows in sections for row in rows]
        columns = _columns(sections, 3 if len(self.rows) > 24 else 2 if len(self.rows) > 12 else 1)
        for column, stacked in enumerate(columns):
            row = 0
            for title, rows in stacked:
                heading = QLabel(f"<b>{title}</b>")
                heading.setProperty("role", "muted")
                self.grid.addWidget(heading, row, column * 2, 1, 2)
                row += 1
                for keys, what in rows:
                    self.grid.addWidget(QLabel(f"<b>{keys}</b>"), row, column * 2)
                    self.grid.addWidget(QLabel(what), row, column * 2 + 1)
                    row += 1
                row += 1
        self.grid.setRowStretch(self.grid.rowCount(), 1)

    def toggle(self) -> None:
        self.setVisible(not self.isVisible())
        if self.isVisible():
            self.raise_()

    def place(self) -> None:
        """Centred over its parent, never larger than it."""
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:
            width, height = min(self.width(), parent.width() - 16), min(self.height(), parent.height() - 16)
            self.resize(width, height)
            self.move(max(8, (parent.width() - width) // 2), max(8, (parent.height() - height) // 2))

    def setVisible(self, visible: bool) -> None:
        """However it is shown (the run panel toggles it too), the list is made first: labels
        added to a shown widget would stay hidden."""
        if visible and not self.isVisible():
            self.refresh()
        super().setVisible(visible)
        if visible:
            self.place()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Question):
            self.hide()
            return
        super().keyPressEvent(event)


def _columns(sections: list[Section], count: int) -> list[list[Section]]:
    """Sections spread over ``count`` columns, each to the shortest column so far."""
    columns: list[list[Section]] = [[] for _ in range(count)]
    heights = [0] * count
    for section in sections:
        shortest = heights.index(min(heights))
        columns[shortest].append(section)
        heights[shortest] += len(section[1]) + 2
    return [column for column in columns if column]
