"""The moderation inbox: notes from phones that wait for the facilitator. Enter approves the
selected note (it goes on the board), Delete rejects it; the list keeps the selection when it
is refreshed and never takes the focus by itself."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

REJECT_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class Held(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def participant_id(self) -> int: ...


def _rejects(event: QKeyEvent) -> bool:
    return event.key() in REJECT_KEYS and event.modifiers() == Qt.KeyboardModifier.NoModifier


class _InboxList(QListWidget):
    """Delete and Backspace reject the selected note while the list has the focus: they
    are taken before any window shortcut with the same key (the board's Delete)."""

    sig_reject = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and _rejects(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _rejects(event):
            self.sig_reject.emit()
            return
        super().keyPressEvent(event)


class ModerationInbox(QWidget):
    sig_approve = Signal(int)  # held note id
    sig_reject = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Waiting for approval")
        self.heading.setProperty("role", "muted")
        self.list = _InboxList()
        self.list.sig_reject.connect(self.reject_current)
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab from run mode does not land here
        self.list.setWordWrap(True)
        self.list.setAccessibleName("Notes waiting for approval")
        self.list.itemActivated.connect(lambda _item: self.approve_current())
        self.approve_button = QPushButton("Approve")
        self.reject_button = QPushButton("Reject")
        for button in (self.approve_button, self.reject_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.approve_button.setToolTip("Put the selected note on the board  (Enter)")
        self.reject_button.setToolTip("Throw the selected note away  (Delete)")
        self.approve_button.clicked.connect(self.approve_current)
        self.reject_button.clicked.connect(self.reject_current)
        row = QHBoxLayout()
        row.addWidget(self.approve_button)
        row.addWidget(self.reject_button)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.heading)
        box.addWidget(self.list, 1)
        box.addLayout(row)
        self._buttons()

    def set_notes(self, notes: Sequence[Held], names: Mapping[int, str]) -> None:
        """Show ``notes`` (with who wrote them, for the facilitator only); the selected note
        stays selected while it is still there."""
        current = self.current_id()
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for note in notes:
            who = names.get(note.participant_id)
            item = QListWidgetItem(f"{note.text}\n— {who}" if who else note.text)  # plain text, never rich
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            self.list.addItem(item)
        ids = [note.id for note in notes]
        if current in ids:
            self.list.setCurrentRow(ids.index(current))
        elif ids:
            self.list.setCurrentRow(min(max(row, 0), len(ids) - 1))
        self.list.blockSignals(False)
        self.heading.setText(f"Waiting for approval ({len(ids)})" if ids else "Waiting for approval: none")
        self._buttons()

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value) if value is not None else None

    def _buttons(self) -> None:
        has = self.list.count() > 0
        self.approve_button.setEnabled(has)
        self.reject_button.setEnabled(has)

    def approve_current(self) -> None:
        held = self.current_id()
        if held is not None:
            self.sig_approve.emit(held)

    def reject_current(self) -> None:
        held = self.current_id()
        if held is not None:
            self.sig_reject.emit(held)
