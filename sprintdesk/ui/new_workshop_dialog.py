"""The "New workshop" dialog: a title and, optionally, the date of the first day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.workshop import check_title


class NewWorkshopDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New workshop")
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Checkout redesign sprint")
        self.has_date = QCheckBox("Scheduled on")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setEnabled(False)
        self.has_date.toggled.connect(self.date.setEnabled)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.hide()
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.date, 1)
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Date", date_row)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(440, self.sizeHint().height())

    def _accept(self) -> None:
        try:
            check_title(self.title.text())
        except ValidationError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.accept()

    def start_date(self) -> dt.date | None:
        if not self.has_date.isChecked():
            return None
        qdate = self.date.date()
        return dt.date(qdate.year(), qdate.month(), qdate.day())
