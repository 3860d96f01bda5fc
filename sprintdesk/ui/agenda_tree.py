"""The agenda as a tree of days and items, with drag-and-drop reordering across days.

The tree never moves rows itself: a drop is turned into a move request, the service moves
the item, and the tree is rebuilt from the model (the view mirrors the model).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDropEvent, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from sprintdesk.domain.durations import format_minutes
from sprintdesk.domain.schedule import compute_schedule
from sprintdesk.domain.workshop import Workshop
from sprintdesk.ui import theme

KIND = Qt.ItemDataRole.UserRole
ID = Qt.ItemDataRole.UserRole + 1


class AgendaTree(QTreeWidget):
    sig_move_requested = Signal(int, int, int)  # item id, day id, position

    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(4)
        self.setHeaderLabels(["Start", "Item", "Kind", "Duration"])
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(False)
        self.setUniformRowHeights(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self._workshop: Workshop | None = None

    # -- building --------------------------------------------------------------------------
    def set_workshop(self, workshop: Workshop) -> None:
        selected = self.selected()
        self._workshop = workshop
        self.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        muted = QBrush(QColor(theme.colors().muted))
        for day in compute_schedule(workshop).days:
            date = f" · {day.date:%a %d %b}" if day.date else ""
            title = f"Day {day.index + 1}{date}" + (f" — {day.day.title}" if day.day.title else "")
            end = day.end.strftime("%H:%M")
            day_row = QTreeWidgetItem(
                [
                    day.start.strftime("%H:%M"),
                    title,
                    f"until {end}",
                    format_minutes(day.total_minutes),
                ]
            )
            day_row.setData(0, KIND, "day")
            day_row.setData(0, ID, day.day.id)
            day_row.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
            )
            for column in range(4):
                day_row.setFont(column, bold)
            day_row.setForeground(2, muted)
            self.addTopLevelItem(day_row)
            for scheduled in day.items:
                item = scheduled.item
                row = QTreeWidgetItem(
                    [
                        scheduled.start.strftime("%H:%M"),
                        item.title,
                        item.kind.label,
                        format_minutes(item.duration_minutes),
                    ]
                )
                row.setData(0, KIND, "item")
                row.setData(0, ID, item.id)
                row.setToolTip(1, item.instructions or item.title)
                row.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                )
                if item.kind.value == "break":
                    row.setForeground(1, muted)
                day_row.addChild(row)
            day_row.setExpanded(True)
        if selected is not None:
            self.select(*selected)

    # -- selection -------------------------------------------------------------------------
    def selected(self) -> tuple[str, int] | None:
        row = self.currentItem()
        if row is None or not row.isSelected():
            return None
        return str(row.data(0, KIND)), int(row.data(0, ID))

    def select(self, kind: str, object_id: int) -> bool:
        for index in range(self.topLevelItemCount()):
            day_row = self.topLevelItem(index)
            rows = [day_row] + [day_row.child(i) for i in range(day_row.childCount())]
            for row in rows:
                if row.data(0, KIND) == kind and row.data(0, ID) == object_id:
                    self.setCurrentItem(row)
                    row.setSelected(True)
                    self.scrollToItem(row)
                    return True
        return False

    def day_id_at(self, index: int) -> int | None:
        row = self.topLevelItem(index)
        return int(row.data(0, ID)) if row is not None else None

    def location_of(self, item_id: int) -> tuple[int, int, int] | None:
        """(day index, day id, position) of an item."""
        for index in range(self.topLevelItemCount()):
            day_row = self.topLevelItem(index)
            for position in range(day_row.childCount()):
                if day_row.child(position).data(0, ID) == item_id:
                    return index, int(day_row.data(0, ID)), position
        return None

    # -- drag and drop ---------------------------------------------------------------------
    def dropEvent(self, event: QDropEvent) -> None:
        dragged = self.currentItem()
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if dragged is None or dragged.data(0, KIND) != "item":
            return
        target = self.itemAt(event.position().toPoint())
        indicator = self.dropIndicatorPosition()
        position_kind = QAbstractItemView.DropIndicatorPosition
        if target is None:
            day_row = self.topLevelItem(self.topLevelItemCount() - 1)
            position = day_row.childCount()
        elif target.data(0, KIND) == "day":
            day_index = self.indexOfTopLevelItem(target)
            if indicator == position_kind.AboveItem and day_index > 0:
                day_row = self.topLevelItem(day_index - 1)
                position = day_row.childCount()
            else:
                day_row, position = target, 0
                if indicator == position_kind.OnItem:
                    position = target.childCount()
        else:
            day_row = target.parent()
            position = day_row.indexOfChild(target)
            if indicator in (position_kind.BelowItem, position_kind.OnItem):
                position += 1
        source_day = dragged.parent()
        if source_day is day_row and source_day.indexOfChild(dragged) < position:
            position -= 1
        item_id = int(dragged.data(0, ID))
        day_id = int(day_row.data(0, ID))
        location = self.location_of(item_id)
        if location is not None and (location[1], location[2]) == (day_id, position):
            return
        self.sig_move_requested.emit(item_id, day_id, position)
