"""Editing a note's text in place, over the note: Enter (or leaving it) saves, Escape cancels,
Shift+Enter starts a new line. The view hands the result on; it never saves itself."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class InlineEditor(QPlainTextEdit):
    """Edits a note's text over the note itself. Enter saves, Shift+Enter starts a new line,
    Esc cancels; leaving the box saves."""

    sig_done = Signal(int, str, bool)  # note id, text, saved

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.note_id = -1
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setStyleSheet(
            "background: #fffbe6; color: #111827; border: 2px solid #2563eb; border-radius: 4px;"
        )
        self.hide()

    def start(self, note_id: int, text: str, rect: QRectF) -> None:
        self.note_id = note_id
        self.setPlainText(text)
        self.setGeometry(rect.toRect())
        self.show()
        self.setFocus()
        self.selectAll()

    def finish(self, saved: bool) -> None:
        if self.isVisible():
            self.hide()
            self.sig_done.emit(self.note_id, self.toPlainText(), saved)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.finish(True)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.finish(False)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.finish(True)
