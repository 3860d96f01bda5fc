""" "Let participants join…": which network the phones reach this laptop on, how people
join (named or anonymous, new names or not), whether notes wait for approval, and which
board they write to. Starting happens inside the dialog, so a problem (the port is taken,
the address is gone) is said right here, in one line, and the person can change the choice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QSpinBox,
    QWidget,
)

from sprintdesk.ui.room.backend import JoinOptions

RUNNING_ITEM_BOARD = "The board of the running agenda item"


class Interface(Protocol):
    """sprintdesk.web.interfaces.NetworkInterface."""

    @property
    def name(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def is_default(self) -> bool: ...


class JoinDialog(QDialog):
    def __init__(
        self,
        interfaces: Sequence[Interface],
        boards: Sequence[tuple[int, str]],
        start: Callable[[JoinOptions], str | None],
        *,
        defaults: JoinOptions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Let participants join")
        self._start = start
        self.interface = QComboBox()
        addresses = [found.address for found in interfaces]
        remembered = defaults.host if defaults is not None and defaults.host in addresses else None
        chosen = 0
        for index, found in enumerate(interfaces):
            label = f"{found.address}  ({found.name}{', default route' if found.is_default else ''})"
            self.interface.addItem(label, found.address)
            if found.address == remembered or (remembered is None and found.is_default):
                chosen = index
        self.interface.setCurrentIndex(chosen)
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText("automatic")
        self.port.setToolTip("Automatic: the port used last time when it is free, else any free port")
        self.port.setValue((defaults.port or 0) if defaults is not None else 0)
        self.anonymous = QCheckBox("Anonymous: no names; nobody sees who wrote what")
        self.new_names = QCheckBox("People may type a new name (not only pick one from the list)")
        self.moderation = QCheckBox("Notes wait in my inbox until I approve them")
        self.anonymous.toggled.connect(lambda on: self.new_names.setEnabled(not on))
        if defaults is not None:
            self.anonymous.setChecked(defaults.anonymous)
            self.new_names.setChecked(defaults.allow_new_names)
            self.moderation.setChecked(defaults.moderation)
        else:
            self.new_names.setChecked(True)
        self.board = QComboBox()
        self.board.addItem(RUNNING_ITEM_BOARD, None)
        for board_id, name in boards:
            self.board.addItem(name, board_id)
        if defaults is not None and defaults.board_id is not None:
            found_at = self.board.findData(defaults.board_id)
            self.board.setCurrentIndex(max(0, found_at))
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout(self)
        form.setSizeConstraint(QLayout.SizeConstraint.SetMinAndMaxSize)  # grows with a wrapped error
        form.addRow("Network", self.interface)
        form.addRow("Port", self.port)
        form.addRow("", self.anonymous)
        form.addRow("", self.new_names)
        form.addRow("", self.moderation)
        form.addRow("Board", self.board)
        note = QLabel(
            "Phones on this network open a page served by SprintDesk. Nothing listens "
            "until you start, and “Stop joining” closes it again."
        )
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        form.addRow(note)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.start_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start_button.setText("Start joining")
        self.start_button.setIcon(QIcon())
        self.start_button.setMinimumWidth(self.start_button.sizeHint().width())
        self.start_button.setEnabled(self.interface.count() > 0)
        if self.interface.count() == 0:
            self._say("This computer has no network address the phones could reach.")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(560)
        self.adjustSize()

    def options(self) -> JoinOptions:
        return JoinOptions(
            host=str(self.interface.currentData()),
            port=self.port.value() or None,
            anonymous=self.anonymous.isChecked(),
            allow_new_names=self.new_names.isChecked() and not self.anonymous.isChecked(),
            moderation=self.moderation.isChecked(),
            board_id=self.board.currentData(),
        )

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.adjustSize()

    def _accept(self) -> None:
        problem = self._start(self.options())
        if problem is not None:
            self._say(problem)
            return
        self.accept()
