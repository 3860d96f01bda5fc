"""The three lists of the Outcomes tab: decisions, action items, and the action items open
from last time. Each row carries its outcome; action items have a checkbox for done, and
an overdue one shows its due date in the late colour."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
)

from sprintdesk.domain.outcomes import CarriedItem, Outcome, Status
from sprintdesk.ui.shared.theme import colors
from sprintdesk.ui.shared.tree_items import top_rows

OUTCOME = Qt.ItemDataRole.UserRole


def date_label(day: dt.date | None, today: dt.date | None = None) -> str:
    """ "Fri 11 Dec 2026"; without the year when it is ``today``'s year (short columns)."""
    if day is None:
        return ""
    year = "" if today is not None and day.year == today.year else f" {day:%Y}"
    return f"{day:%a} {day.day} {day:%b}{year}"


NOBODY = "Nobody yet"


def _source(outcome: Outcome) -> str:
    return f"“{outcome.source_text}”" if outcome.source_text else ""


class _WrappingText(QStyledItemDelegate):
    """Row heights for the first column's text wrapped to the column's width (Qt's own size
    hint measures it on one line, so a wrapped text would be elided instead)."""

    def __init__(self, view: QTreeWidget, reserved: int) -> None:
        super().__init__(view)
        self._view = view
        self._reserved = reserved  # checkbox and margins, in pixels

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        if index.column() != 0:
            return hint
        width = max(40, self._view.header().sectionSize(0) - self._reserved)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = option.fontMetrics if font is None else QFontMetrics(font)
        height = metrics.boundingRect(0, 0, width, 100_000, Qt.TextFlag.TextWordWrap, text).height()
        return QSize(hint.width(), max(hint.height(), height + 8))


class OutcomeList(QTreeWidget):
    """Enter or F2 edits, Space toggles done, Delete removes, Ctrl+Up/Down moves."""

    sig_edit = Signal(object)  # Outcome
    sig_toggle = Signal(object)  # Outcome
    sig_remove = Signal(object)  # Outcome
    sig_move = Signal(object, int)  # Outcome, -1 or +1

    def __init__(self, headers: Sequence[str], *, checkable: bool, movable: bool = True) -> None:
        super().__init__()
        self.checkable = checkable
        self.movable = movable
        self.setHeaderLabels(list(headers))
        self.setRootIsDecorated(False)
        # Whole sentences, wrapped, in a size the back of the room can read.
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() + 1.5)
        self.setFont(font)
        self.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegateForColumn(0, _WrappingText(self, 34 if checkable else 12))
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        if headers[-1] in ("From the board", "From"):  # long texts: a fixed width, elided
            header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(len(headers) - 1, 190)
        header.sectionResized.connect(lambda *_: self.scheduleDelayedItemsLayout())  # rewrap
        self.itemDoubleClicked.connect(lambda item, _c: self.sig_edit.emit(item.data(0, OUTCOME)))
        self.itemChanged.connect(self._changed)
        self._filling = False

    def outcomes(self) -> list[Outcome]:
        return [row.data(0, OUTCOME) for row in top_rows(self)]

    def current(self) -> Outcome | None:
        item = self.currentItem()
        return item.data(0, OUTCOME) if item is not None else None

    def select(self, outcome_id: int | None) -> None:
        for item in top_rows(self):
            if item.data(0, OUTCOME).id == outcome_id:
                self.setCurrentItem(item)
                return

    def fill(self, rows: Sequence[tuple[Outcome, list[str]]], today: dt.date) -> None:
        """Rows of (outcome, cells); keeps the selection on the same outcome."""
        keep = self.current()
        self._filling = True
        self.clear()
        palette = colors()
        for outcome, cells in rows:
            item = QTreeWidgetItem(cells)
            item.setData(0, OUTCOME, outcome)
            item.setToolTip(
                0,
                outcome.text + (f"\nFrom the board: “{outcome.source_text}”" if outcome.source_text else ""),
            )
            if self.checkable:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                closed = outcome.status is not Status.OPEN
                item.setCheckState(0, Qt.CheckState.Checked if closed else Qt.CheckState.Unchecked)
                if closed:
                    font = QFont(item.font(0))
                    font.setStrikeOut(True)
                    item.setFont(0, font)
                    for column in range(len(cells)):
                        item.setForeground(column, QColor(palette.muted))
            if outcome.overdue(today):
                late = QColor(palette.late)
                due_column = 2
                item.setForeground(due_column, late)
                bold = QFont(item.font(due_column))
                bold.setBold(True)
                item.setFont(due_column, bold)
                item.setToolTip(due_column, "Overdue")
            self.addTopLevelItem(item)
        self._filling = False
        if keep is not None:
            self.select(keep.id)

    def _changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or not self.checkable or column != 0:
            return
        outcome: Outcome = item.data(0, OUTCOME)
        checked = item.checkState(0) == Qt.CheckState.Checked
        if checked != (outcome.status is not Status.OPEN):
            self.sig_toggle.emit(outcome)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        outcome = self.current()
        key = event.key()
        control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if outcome is not None:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
                self.sig_edit.emit(outcome)
                return
            if key == Qt.Key.Key_Space and self.checkable:
                self.sig_toggle.emit(outcome)
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.movable:
                self.sig_remove.emit(outcome)
                return
            if control and key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.movable:
                self.sig_move.emit(outcome, -1 if key == Qt.Key.Key_Up else 1)
                return
        super().keyPressEvent(event)


def decision_rows(decisions: Sequence[Outcome]) -> list[tuple[Outcome, list[str]]]:
    return [(o, [o.text, o.decided_by or "—", _source(o)]) for o in decisions]


def action_rows(
    actions: Sequence[Outcome], owners: Mapping[int, str], today: dt.date
) -> list[tuple[Outcome, list[str]]]:
    rows = []
    for o in actions:
        owner = owners.get(o.owner_id, "") if o.owner_id is not None else ""
        due = date_label(o.due_date, today)
        if o.overdue(today):
            due = f"⚠ {due} · overdue"
        rows.append((o, [o.text, owner or NOBODY, due, o.status.label, _source(o)]))
    return rows


def carried_rows(items: Sequence[CarriedItem], today: dt.date) -> list[tuple[Outcome, list[str]]]:
    rows = []
    for c in items:
        o = c.outcome
        due = date_label(o.due_date, today)
        if o.overdue(today):
            due = f"⚠ {due} · overdue"
        origin = c.from_title
        if o.status is not Status.OPEN:
            origin = f"{o.status.label} here · {origin}"
        rows.append((o, [o.text, c.owner or NOBODY, due, origin]))
    return rows
