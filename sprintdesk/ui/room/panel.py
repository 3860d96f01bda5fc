"""The participants panel beside run mode: where people join, who is connected (online or
not), how many notes each wrote and dots each cast; lock or unlock the board, stop joining,
remove someone (their token is revoked, their notes and dots stay); the moderation inbox;
the "no phone yet" hint and problems, for the facilitator only.

Refreshing never moves the keyboard focus: the run keys keep working while people write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.workshop import Role
from sprintdesk.ui.room.inbox import ModerationInbox
from sprintdesk.ui.room.join_slide import spaced_code

if TYPE_CHECKING:
    from sprintdesk.ui.room.session import RoomSession

COLUMNS = ("Name", "Status", "Notes", "Dots")
NAME, STATUS, NOTES, DOTS = range(4)


def _flat(widget: QPushButton | QToolButton) -> None:
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)


class RoomPanel(QWidget):
    sig_slide = Signal(bool)  # show (True) or hide the join slide on the shared screen

    def __init__(self, session: RoomSession, slide_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("room-panel")
        self.address = QLabel()
        self.address.setWordWrap(True)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.slide_button = QToolButton()
        self.slide_button.setDefaultAction(slide_action)
        self.slide_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.lock_button = QPushButton("Lock board")
        self.lock_button.setToolTip("Participants can no longer add, edit or delete notes")
        self.lock_button.clicked.connect(self._toggle_lock)
        self.stop_button = QPushButton("Stop joining")
        self.stop_button.setToolTip("Close the connection for every phone; notes and dots stay")
        self.stop_button.clicked.connect(session.stop)
        self.remove_button = QPushButton("Remove…")
        self.remove_button.setToolTip(
            "Remove the selected participant: their phone is let go, their notes and dots stay"
        )
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.slide_button, self.lock_button, self.stop_button, self.remove_button):
            _flat(button)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "error")
        self.hint.hide()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "error")
        self.problem.hide()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click selects; the keys stay with run mode
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.inbox = ModerationInbox()
        self.inbox.sig_approve.connect(self._approve)
        self.inbox.sig_reject.connect(self._reject)
        self._build()
        session.sig_roster.connect(self.refresh)
        session.sig_address.connect(self._new_address)
        session.sig_hint.connect(self._show_hint)
        session.sig_error.connect(self.say)
        self.refresh()

    def _build(self) -> None:
        title = QLabel("Participants")
        title.setProperty("role", "heading")
        buttons = QGridLayout()  # two by two: the panel stays narrow beside the run
        buttons.addWidget(self.slide_button, 0, 0)
        buttons.addWidget(self.lock_button, 0, 1)
        buttons.addWidget(self.stop_button, 1, 0)
        buttons.addWidget(self.remove_button, 1, 1)
        self.slide_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(title)
        box.addWidget(self.address)
        box.addLayout(buttons)
        box.addWidget(self.hint)
        box.addWidget(self.problem)
        box.addWidget(self.table, 3)
        box.addWidget(self.inbox, 2)

    # -- showing ------------------------------------------------------------------------------
    def refresh(self) -> None:
        session = self.session
        address = session.address
        self.setVisible(address is not None)
        if address is None:
            return
        self.address.setText(f"Joining on {address.short_url}  ·  room code {spaced_code(address.room_code)}")
        state = session.participation.joining(session.workshop_id)
        locked = bool(state is not None and state.locked)
        self.lock_button.setText("Unlock board" if locked else "Lock board")
        names = self._fill_roster()
        moderated = bool(state is not None and state.policy.moderation)
        held = session.participation.held_notes(session.workshop_id)
        self.inbox.set_notes(held, names)
        self.inbox.setVisible(moderated or bool(held))

    def _fill_roster(self) -> dict[int, str]:
        """The roster in the table (the selection kept); the names by participant id."""
        session = self.session
        rows = session.participation.roster(session.workshop_id)
        selected = self.selected_participant()
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            online = session.online.get(row.participant_id, 0) > 0
            values = (
                f"{row.name} · {row.role}" if row.role and row.role != Role.OTHER.value else row.name,
                "online" if online else ("removed" if row.devices == 0 else "offline"),
                str(row.notes),
                str(row.dots),
            )
            for column, value in enumerate(values):
                item = self.table.item(index, column)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(index, column, item)
                if item.text() != value:
                    item.setText(value)
                item.setData(Qt.ItemDataRole.UserRole, row.participant_id)
        ids = [row.participant_id for row in rows]
        if selected in ids:
            self.table.selectRow(ids.index(selected))
        self.remove_button.setEnabled(bool(rows))
        return {row.participant_id: row.name for row in rows}

    def selected_participant(self) -> int | None:
        items = self.table.selectedItems()
        value = items[0].data(Qt.ItemDataRole.UserRole) if items else None
        return int(value) if value is not None else None

    def _new_address(self, _address: object) -> None:
        self.say("")
        self.refresh()

    def _show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))

    # -- acting ------------------------------------------------------------------------------
    def _toggle_lock(self) -> None:
        session = self.session
        state = session.participation.joining(session.workshop_id)
        locked = not (state is not None and state.locked)
        if session.run(lambda: session.participation.set_locked(session.workshop_id, locked)):
            self.refresh()

    def remove_selected(self) -> None:
        participant = self.selected_participant()
        if participant is None:
            self.say("Select a participant in the list first.")
            return
        name = self.table.item(self.table.currentRow(), 0)
        who = name.text() if name is not None else "this participant"
        answer = QMessageBox.question(
            self,
            "Remove participant",
            f"Remove {who}? Their phone is disconnected and cannot join again with the same "
            "link; the notes they wrote and the dots they cast stay.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        session = self.session
        if session.run(lambda: session.participation.remove_participant(session.workshop_id, participant)):
            self.say("")
            self.refresh()

    def _approve(self, held_id: int) -> None:
        session = self.session
        if session.run(lambda: session.participation.approve(held_id)):
            self.refresh()

    def _reject(self, held_id: int) -> None:
        session = self.session
        if session.run(lambda: session.participation.reject(held_id)):
            self.refresh()
