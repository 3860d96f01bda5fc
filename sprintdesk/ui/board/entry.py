"""Writing notes fast: the quick-entry box and the colour palette."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QToolBar, QToolButton

from sprintdesk.domain.board import NoteColor
from sprintdesk.ui.board.palette import PAPER
from sprintdesk.ui.shared import theme


class QuickEntry(QLineEdit):
    """Type a note, press Enter, type the next: focus stays here. Pasting several lines makes
    several notes. ``save`` stores the text and says whether it did: the box is cleared only
    then, so a note that could not be saved stays in the box, ready to try again."""

    def __init__(self, save: Callable[[str], bool]) -> None:
        super().__init__()
        self._save = save
        self.setPlaceholderText("Type a note and press Enter (paste several lines for several notes)")
        self.setAccessibleName("New note")
        self.setAccessibleDescription("Type a note and press Enter; paste several lines for several notes")
        self.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        if self.text().strip() and self._save(self.text()):
            self.clear()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            pasted = QGuiApplication.clipboard().text()
            if "\n" in pasted.strip():
                # Not saved: the typed text stays, the lines are still on the clipboard.
                if self._save(self.text() + pasted if self.text() else pasted):
                    self.clear()
                return
        super().keyPressEvent(event)


class PaletteBar(QToolBar):
    buttons: dict[NoteColor, QToolButton]

    def restyle(self) -> None:
        """View > Theme changed: the ring in the new theme's colour."""
        for picked, swatch in self.buttons.items():
            swatch.setStyleSheet(_swatch_sheet(picked))


def palette_bar(on_pick: Callable[[NoteColor], None]) -> PaletteBar:
    """Round swatches of the palette; Alt+1..8 pick one too."""
    bar = PaletteBar()
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    bar.buttons = {}
    for index, color in enumerate(NoteColor, start=1):
        button = QToolButton()
        button.setCheckable(True)
        button.setAutoExclusive(True)
        button.setFixedSize(26, 26)
        button.setStyleSheet(_swatch_sheet(color))
        button.setToolTip(f"{color.value.capitalize()} (Alt+{index}): new notes and the selection")
        button.setAccessibleName(f"{color.value.capitalize()} notes")
        button.setShortcut(QKeySequence(f"Alt+{index}"))
        button.clicked.connect(lambda _checked=False, picked=color: on_pick(picked))
        bar.addWidget(button)
        bar.buttons[color] = button
    bar.buttons[NoteColor.YELLOW].setChecked(True)
    theme.signals().sig_changed.connect(bar.restyle)  # a slot of the bar: gone with it
    return bar


def _swatch_sheet(color: NoteColor) -> str:
    """A round swatch; the one picked wears a ring that stands out from the window."""
    return (
        f"QToolButton {{ background: {PAPER[color]}; border: 1px solid #6b7280; border-radius: 13px; }}"
        f"QToolButton:checked {{ border: 3px solid {theme.swatch_ring(theme.colors())}; }}"
    )
