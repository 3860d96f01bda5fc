"""The small form for one decision or action item: made from a board note or cluster, or
edited from the Outcomes tab. It opens window-modal without blocking (``open``), and shows
a refused input inline, so it stays open until the outcome is stored."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.outcomes import Outcome, OutcomeKind, Status, parse_due

# Store the outcome; return None when it was stored, else the message to show.
Submit = Callable[[Outcome], str | None]
DECIDERS = ("the Decider", "the team")


def owner_choices(combo: QComboBox, owners: Mapping[int, str], current: int | None) -> None:
    combo.clear()
    combo.addItem("Nobody yet", None)
    for person_id, name in owners.items():
        combo.addItem(name, person_id)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)


def decider_choices(combo: QComboBox, owners: Mapping[int, str], current: str = "") -> None:
    combo.clear()
    for name in ("", *DECIDERS, *owners.values()):
        combo.addItem(name)
    combo.setCurrentText(current)


def due_text(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""


class OutcomeForm(QDialog):
    def __init__(
        self,
        parent: QWidget,
        outcome: Outcome,
        owners: Mapping[int, str],
        submit: Submit,
        *,
        heading: str,
        today: dt.date,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(heading)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(460)
        self.outcome = outcome
        self._submit = submit
        self._today = today
        self.text = QLineEdit(outcome.text)
        self.text.setPlaceholderText(
            "What was decided" if outcome.kind is OutcomeKind.DECISION else "What to do"
        )
        self.decided_by = QComboBox()
        self.decided_by.setEditable(True)
        decider_choices(self.decided_by, owners, outcome.decided_by)
        self.owner = QComboBox()
        owner_choices(self.owner, owners, outcome.owner_id)
        self.due = QLineEdit(due_text(outcome.due_date))
        self.due.setPlaceholderText("YYYY-MM-DD, +3 or +2w; empty for no date")
        self.status = QComboBox()
        for status in Status:
            self.status.addItem(status.label, status)
        self.status.setCurrentIndex(self.status.findData(outcome.status))
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        label = "Decision" if outcome.kind is OutcomeKind.DECISION else "Action item"
        form.addRow(f"&{label}:", self.text)
        if outcome.kind is OutcomeKind.DECISION:
            form.addRow("Decided &by:", self.decided_by)
        else:
            form.addRow("&Owner:", self.owner)
            form.addRow("&Due:", self.due)
            if outcome.id is not None:
                form.addRow("&Status:", self.status)
        if outcome.source_text:
            source = QLabel(f"From the board: “{outcome.source_text}”")
            source.setProperty("role", "muted")
            source.setWordWrap(True)
            form.addRow("", source)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.text.selectAll()
        self.text.setFocus()

    def value(self) -> Outcome:
        """The outcome as filled in (ValidationError for a due date that is not one)."""
        outcome = dataclasses.replace(self.outcome, text=self.text.text())
        if outcome.kind is OutcomeKind.DECISION:
            return dataclasses.replace(outcome, decided_by=self.decided_by.currentText())
        return dataclasses.replace(
            outcome,
            owner_id=self.owner.currentData(),
            due_date=parse_due(self.due.text(), self._today),
            status=Status(self.status.currentData()) if outcome.id is not None else outcome.status,
        )

    def accept(self) -> None:
        try:
            problem = self._submit(self.value())
        except ValidationError as error:
            problem = str(error)
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()
