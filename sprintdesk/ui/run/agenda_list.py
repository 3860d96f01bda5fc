"""The agenda as run mode shows it: planned start, plan and actual time, the current item."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from sprintdesk.domain.durations import duration_text, format_minutes
from sprintdesk.domain.schedule import compute_schedule
from sprintdesk.domain.workshop import Workshop
from sprintdesk.ui.shared import theme

ITEM_ID = Qt.ItemDataRole.UserRole


def format_actual(seconds: float) -> str:
    """The time an item took (or has taken so far), rounded as everywhere (durations.py)."""
    return duration_text(seconds) if seconds >= 1 else ""


class RunAgendaList(QTreeWidget):
    sig_item_activated = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(4)
        self.setHeaderLabels(["Start", "Item", "Plan", "Actual"])
        self.setAccessibleName("Agenda: planned and actual times")
        self.setRootIsDecorated(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the run shortcuts
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setUniformRowHeights(True)
        header = self.header()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self._rows: dict[int, QTreeWidgetItem] = {}
        self._current: int | None = None
        self.itemDoubleClicked.connect(self._activated)

    def set_workshop(self, workshop: Workshop) -> None:
        self.clear()
        self._rows.clear()
        self._current = None
        bold = QFont(self.font())
        bold.setBold(True)
        muted = QBrush(QColor(theme.colors().muted))
        for day in compute_schedule(workshop).days:
            label = f"Day {day.index + 1}" + (f" · {day.day.title}" if day.day.title else "")
            header = QTreeWidgetItem(["", label, format_minutes(day.total_minutes), ""])
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for column in range(4):
                header.setFont(column, bold)
                header.setForeground(column, muted)
            self.addTopLevelItem(header)
            for scheduled in day.items:
                item = scheduled.item
                assert item.id is not None
                row = QTreeWidgetItem(
                    [
                        scheduled.start.strftime("%H:%M"),
                        item.title,
                        format_minutes(item.duration_minutes),
                        "",
                    ]
                )
                row.setData(0, ITEM_ID, item.id)
                row.setToolTip(1, item.title)
                for column in (0, 2, 3):
                    row.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.addTopLevelItem(row)
                self._rows[item.id] = row

    def set_actual(self, item_id: int, seconds: float, over: bool) -> None:
        row = self._rows.get(item_id)
        if row is None:
            return
        text = format_actual(seconds)
        if row.text(3) != text:
            row.setText(3, text)
            color = theme.colors().late if over else theme.colors().text
            row.setForeground(3, QBrush(QColor(color)))

    def set_current(self, item_id: int | None) -> None:
        if item_id == self._current:
            return
        accent = QColor(theme.colors().accent)
        accent.setAlphaF(0.18)
        for rid in (self._current, item_id):
            row = self._rows.get(rid) if rid is not None else None
            if row is None:
                continue
            is_current = rid == item_id
            font = QFont(self.font())
            font.setBold(is_current)
            for column in range(4):
                row.setFont(column, font)
                row.setBackground(column, QBrush(accent) if is_current else QBrush())
        self._current = item_id
        row = self._rows.get(item_id) if item_id is not None else None
        if row is not None:
            self.scrollToItem(row)

    def _activated(self, row: QTreeWidgetItem, _column: int) -> None:
        item_id = row.data(0, ITEM_ID)
        if item_id is not None:
            self.sig_item_activated.emit(int(item_id))
