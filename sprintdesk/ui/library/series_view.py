"""The series view: every workshop of a series in order, with its dates, decisions and
action items (and their status). Opened from the Outcomes tab and from the library."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.clock import Clock, local_today
from sprintdesk.domain.outcomes import Outcome, Status
from sprintdesk.services.changes import Changes
from sprintdesk.services.errors import StorageError
from sprintdesk.services.series import SeriesEntry, SeriesService
from sprintdesk.ui.outcomes.lists import date_label
from sprintdesk.ui.shared.hub import ChangeHub
from sprintdesk.ui.shared.theme import colors

WORKSHOP = Qt.ItemDataRole.UserRole


class SeriesView(QDialog):
    sig_open_workshop = Signal(int)

    def __init__(
        self, parent: QWidget, series: SeriesService, hub: ChangeHub, workshop_id: int, clock: Clock
    ) -> None:
        super().__init__(parent)
        self._clock = clock  # what is overdue
        self.setWindowTitle("Series")
        self.resize(860, 560)
        self._series, self._hub = series, hub
        self.workshop_id = workshop_id
        self.entries: list[SeriesEntry] = []
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.intro = QLabel()
        self.intro.setProperty("role", "muted")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Workshop and outcomes", "Owner · decided by", "Due", "Status"])
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._activated)
        self.open_button = QPushButton("Open workshop")
        self.open_button.setAutoDefault(False)
        self.open_button.setMinimumWidth(150)
        self.open_button.clicked.connect(lambda: self._activated(self.tree.currentItem(), 0))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        hub.sig_changed.connect(self._on_changes)
        self.finished.connect(lambda _r: hub.sig_changed.disconnect(self._on_changes))
        self.refresh()

    def refresh(self) -> None:
        try:
            self.entries = self._series.series_of(self.workshop_id)
        except StorageError:
            self.close()
            return
        today = local_today(self._clock)
        palette = colors()
        first = self.entries[0].title if self.entries else ""
        count = len(self.entries)
        self.heading.setText(f"Series: {first}")
        still_open = sum(1 for e in self.entries for o in e.actions if o.is_open)
        self.intro.setText(
            f"{count} workshop{'s' if count != 1 else ''}, earliest first · {still_open} action "
            f"item{'s' if still_open != 1 else ''} still open · Enter opens a workshop"
        )
        self.tree.clear()
        for entry in self.entries:
            when = date_label(entry.start_date) or "no date"
            here = "  (this workshop)" if entry.workshop_id == self.workshop_id else ""
            top = QTreeWidgetItem([f"{entry.title}{here}", "", when, ""])
            top.setData(0, WORKSHOP, entry.workshop_id)
            bold = QFont(top.font(0))
            bold.setBold(True)
            top.setFont(0, bold)
            top.setFirstColumnSpanned(False)
            self.tree.addTopLevelItem(top)
            if not entry.decisions and not entry.actions:
                QTreeWidgetItem(top, ["No decisions or action items yet", "", "", ""]).setForeground(
                    0, QColor(palette.muted)
                )
            for decision in entry.decisions:
                child = QTreeWidgetItem(top, [f"◆ {decision.text}", decision.decided_by, "", "Decision"])
                child.setData(0, WORKSHOP, entry.workshop_id)
            for action in entry.actions:
                top.addChild(self._action_item(entry, action, today))
            top.setExpanded(True)
            if entry.workshop_id == self.workshop_id:
                self.tree.setCurrentItem(top)

    def _action_item(self, entry: SeriesEntry, action: Outcome, today: dt.date) -> QTreeWidgetItem:
        palette = colors()
        box = "☐" if action.status is Status.OPEN else "☑"
        owner = entry.owners.get(action.owner_id, "") if action.owner_id is not None else ""
        status = "Overdue" if action.overdue(today) else action.status.label
        if action.status is not Status.OPEN and action.closed_in_id not in (None, entry.workshop_id):
            closed_in = next((e.title for e in self.entries if e.workshop_id == action.closed_in_id), "")
            if closed_in:
                status += f" in “{closed_in}”"
        item = QTreeWidgetItem(
            [f"{box} {action.text}", owner or "Nobody yet", date_label(action.due_date), status]
        )
        item.setData(0, WORKSHOP, entry.workshop_id)
        if action.overdue(today):
            item.setForeground(3, QColor(palette.late))
            item.setForeground(2, QColor(palette.late))
        elif action.status is not Status.OPEN:
            for column in range(4):
                item.setForeground(column, QColor(palette.muted))
        return item

    def _activated(self, item: QTreeWidgetItem | None, _column: int) -> None:
        if item is not None and item.data(0, WORKSHOP) is not None:
            self.sig_open_workshop.emit(int(item.data(0, WORKSHOP)))

    def _on_changes(self, changes: Changes) -> None:
        if changes.outcomes or changes.series or changes.workshop_list:
            self.refresh()
