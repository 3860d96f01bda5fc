"""The "New workshop" dialog: a title and, optionally, the date of the first day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from sprintdesk.domain.clock import SystemClock, local_today
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.workshop import check_title
from sprintdesk.services.templates import Template


class NewWorkshopDialog(QDialog):
    """``templates``: the built-in formats (objects with slug, title, source, days,
    total_minutes) a workshop can start from, agenda and boards included; personal ones
    (``personal`` true) come last, marked as yours."""

    def __init__(
        self, parent: QWidget | None = None, templates: Sequence[Template] = (), today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        today = today or local_today(SystemClock())  # the library gives its clock's day
        self.setWindowTitle("New workshop")
        self.template = QComboBox()
        self.template.addItem("A blank workshop", None)
        separated = False
        for template in templates:
            length = _length(len(template.days), template.total_minutes)
            personal = template.personal
            if personal and not separated:  # your own templates after the built-in ones
                self.template.insertSeparator(self.template.count())
                separated = True
            mark = "★ " if personal else ""
            yours = " · yours" if personal else ""
            self.template.addItem(f"{mark}{template.title} — {length}{yours}", template.slug)
            self.template.setItemData(self.template.count() - 1, template.source, Qt.ItemDataRole.ToolTipRole)
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Checkout redesign sprint")
        self.has_date = QCheckBox("Scheduled on")
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setEnabled(False)
        self.date.setAccessibleName("Date of the first day")
        self.has_date.toggled.connect(self.date.setEnabled)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.hide()
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.date, 1)
        form = QFormLayout(self)
        if templates:
            form.addRow("Start from", self.template)
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

    def selected_template(self) -> str | None:
        slug = self.template.currentData()
        return str(slug) if slug else None

    def _accept(self) -> None:
        if self.selected_template() and not self.title.text().strip():
            self.accept()  # the template's own title
            return
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


def _length(days: int, minutes: int) -> str:
    """``5 days``, ``3h 05m`` or ``45 min``."""
    if days > 1:
        return f"{days} days"
    if minutes >= 60:
        return f"{minutes // 60}h {minutes % 60:02d}m"
    return f"{minutes} min"
