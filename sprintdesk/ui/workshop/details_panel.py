"""Workshop details: title, goal, dates, facilitator and the participants with their roles.
Saved as each field is finished; a refused value is explained and not saved."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.clock import Clock, local_today
from sprintdesk.domain.workshop import Participant, Role, Workshop
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.ui.agenda.item_form import _FocusOut
from sprintdesk.ui.shared.hub import ChangeHub
from sprintdesk.ui.shared.icons import icon

PERSON_ID = Qt.ItemDataRole.UserRole


class DetailsPanel(QWidget):
    def __init__(
        self, service: WorkshopService, hub: ChangeHub, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._clock = clock  # an unscheduled workshop's date picker starts at today
        self._service = service
        self._hub = hub
        self._workshop: Workshop | None = None
        self._loading = False

        self.title = QLineEdit()
        self.goal = QPlainTextEdit()
        self.goal.setPlaceholderText("What should be true at the end of this workshop?")
        self.goal.setMaximumHeight(90)
        self.goal.setTabChangesFocus(True)  # Tab moves on to the next field
        self._goal_watch = _FocusOut(self.save)
        self.goal.installEventFilter(self._goal_watch)
        self.has_date = QCheckBox("Scheduled")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setAccessibleName("Date of the first day")
        self.dates_label = QLabel()
        self.dates_label.setProperty("role", "muted")
        self.facilitator = QLineEdit()
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.date)
        date_row.addWidget(self.dates_label, 1)

        self.people = QTableWidget(0, 2)
        self.people.setHorizontalHeaderLabels(["Name", "Role"])
        self.people.setAccessibleName("Participants")
        self.people.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.people.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.people.setColumnWidth(1, _role_box(Role.OTHER).sizeHint().width() + 8)  # every role readable
        self.people.verticalHeader().hide()
        add_person = QPushButton(icon("add"), "Add participant")
        remove_person = QPushButton(icon("delete"), "Remove")
        add_person.clicked.connect(self.add_participant)
        remove_person.clicked.connect(self.remove_participant)
        people_buttons = QHBoxLayout()
        people_buttons.addWidget(add_person)
        people_buttons.addWidget(remove_person)
        people_buttons.addStretch(1)

        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Goal", self.goal)
        form.addRow("Date", date_row)
        form.addRow("Facilitator", self.facilitator)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        heading = QLabel("Participants")
        heading.setProperty("role", "heading")
        layout.addWidget(heading)
        layout.addWidget(self.people, 1)
        layout.addLayout(people_buttons)

        self.title.editingFinished.connect(self.save)
        self.facilitator.editingFinished.connect(self.save)
        self.has_date.toggled.connect(self._date_toggled)
        self.date.dateChanged.connect(lambda _d: self.save())
        self.people.itemChanged.connect(lambda _i: self.save())

    def set_workshop(self, workshop: Workshop) -> None:
        self._workshop = workshop
        self._loading = True
        try:
            if not self.title.hasFocus():
                self.title.setText(workshop.title)
            if not self.goal.hasFocus():
                self.goal.setPlainText(workshop.goal)
            if not self.facilitator.hasFocus():
                self.facilitator.setText(workshop.facilitator)
            self.has_date.setChecked(workshop.start_date is not None)
            self.date.setEnabled(workshop.start_date is not None)
            start = workshop.start_date or local_today(self._clock)
            self.date.setDate(QDate(start.year, start.month, start.day))
            if workshop.start_date and workshop.end_date and workshop.end_date != workshop.start_date:
                self.dates_label.setText(f"to {workshop.end_date:%a %d %b %Y} ({len(workshop.days)} days)")
            else:
                self.dates_label.setText("")
            if self.people.rowCount() != len(workshop.participants) or not self._editing_people():
                self.people.setRowCount(0)
                for participant in workshop.participants:
                    self._append_row(participant)
        finally:
            self._loading = False

    def _editing_people(self) -> bool:
        """Focus is in the participants table or one of its role boxes: rebuilding the rows
        now would throw the focus out of the row being edited."""
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self.people or self.people.isAncestorOf(focus))

    def _append_row(self, participant: Participant) -> None:
        row = self.people.rowCount()
        self.people.insertRow(row)
        cell = QTableWidgetItem(participant.name)
        cell.setData(PERSON_ID, participant.id)  # kept, so renaming keeps their notes and votes
        self.people.setItem(row, 0, cell)
        role = _role_box(participant.role)
        role.activated.connect(lambda _i: self.save())
        self.people.setCellWidget(row, 1, role)

    def _participants(self) -> tuple[Participant, ...]:
        people = []
        for row in range(self.people.rowCount()):
            cell = self.people.item(row, 0)
            role_box = self.people.cellWidget(row, 1)
            name = cell.text() if cell else ""
            person_id = cell.data(PERSON_ID) if cell else None
            role = Role(role_box.currentData()) if isinstance(role_box, QComboBox) else Role.OTHER
            people.append(Participant(name=name, role=role, id=person_id))
        return tuple(people)

    def add_participant(self) -> None:
        self._loading = True
        self._append_row(Participant(name="", role=Role.OTHER))
        self._loading = False
        row = self.people.rowCount() - 1
        self.people.setCurrentCell(row, 0)
        cell = self.people.item(row, 0)
        if cell is not None:
            self.people.editItem(cell)

    def remove_participant(self) -> None:
        row = self.people.currentRow()
        if row >= 0:
            self.people.removeRow(row)
            self.save()

    def _date_toggled(self, checked: bool) -> None:
        self.date.setEnabled(checked)
        self.save()

    def save(self) -> None:
        if self._loading or self._workshop is None:
            return
        qdate = self.date.date()
        updated = dataclasses.replace(
            self._workshop,
            title=self.title.text(),
            goal=self.goal.toPlainText(),
            start_date=dt.date(qdate.year(), qdate.month(), qdate.day())
            if self.has_date.isChecked()
            else None,
            facilitator=self.facilitator.text(),
            participants=tuple(p for p in self._participants() if p.name.strip()),
        )
        if _same(updated, self._workshop):
            return
        from sprintdesk.ui.shared.service_runner import NOT_SAVED, ServiceRunner

        def tell(message: str) -> None:
            if message.startswith(NOT_SAVED):
                QMessageBox.warning(self, "SprintDesk", message)
            else:
                QMessageBox.information(self, "SprintDesk", message)
                if self._workshop is not None:
                    self.title.setText(self._workshop.title)

        if ServiceRunner(self._hub, tell, self).run(lambda: self._service.update_details(updated)) is None:
            return
        self._workshop = updated


def _same(a: Workshop, b: Workshop) -> bool:
    def people(w: Workshop) -> list[tuple[str, Role]]:
        return [(p.name.strip(), p.role) for p in w.participants]

    return (
        a.title.strip() == b.title
        and a.goal.strip() == b.goal
        and a.start_date == b.start_date
        and " ".join(a.facilitator.split()) == b.facilitator
        and people(a) == people(b)
    )


def _role_box(current: Role) -> QComboBox:
    """A participant's role, picked from the roles (as wide as the longest)."""
    box = QComboBox()
    for value in Role:
        box.addItem(value.value, value.value)
    box.setCurrentIndex(box.findData(current.value))
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box
