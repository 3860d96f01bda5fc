"""The agenda as a tree of days and items, with drag-and-drop reordering across days, and
methods dropped in from the method library.

The tree never moves rows itself: a drop is turned into a move request, the service moves
the item, and the tree is rebuilt from the model (the view mirrors the model).
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from sprintdesk.domain.durations import format_minutes
from sprintdesk.domain.schedule import compute_schedule
from sprintdesk.domain.workshop import Workshop
from sprintdesk.ui.agenda.method_library import METHOD_MIME, slug_of
from sprintdesk.ui.shared import theme
from sprintdesk.ui.shared.tree_items import all_rows, child_rows, top_rows

KIND = Qt.ItemDataRole.UserRole
ID = Qt.ItemDataRole.UserRole + 1


class AgendaTree(QTreeWidget):
    sig_move_requested = Signal(int, int, int)  # item id, day id, position
    sig_method_dropped = Signal(str, int, int)  # method slug, day id, position

    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(4)
        self.setHeaderLabels(["Start", "Item", "Kind", "Duration"])
        self.setAccessibleName("Agenda")
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)  # rows, and methods from the library
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
        for row in all_rows(self):
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
        for index, day_row in enumerate(top_rows(self)):
            for position, row in enumerate(child_rows(day_row)):
                if row.data(0, ID) == item_id:
                    return index, int(day_row.data(0, ID)), position
        return None

    # -- drag and drop ---------------------------------------------------------------------
    # Rows move inside the tree; methods arrive from the library (a METHOD_MIME drag).
    def mimeTypes(self) -> list[str]:
        return [*super().mimeTypes(), METHOD_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        super().dragEnterEvent(event)
        if slug_of(event.mimeData()) is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)
        if slug_of(event.mimeData()) is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()

    def _indicator_at(
        self, row: QTreeWidgetItem | None, point: QPoint
    ) -> QAbstractItemView.DropIndicatorPosition:
        """Where a drop at ``point`` lands on ``row``: the top or bottom quarter of a day
        (or half of an item) is above or below it, the rest of a day is onto it."""
        position_kind = QAbstractItemView.DropIndicatorPosition
        if row is None:
            return position_kind.OnViewport
        rect = self.visualItemRect(row)
        if row.data(0, KIND) == "day":
            if point.y() < rect.top() + rect.height() / 4:
                return position_kind.AboveItem
            if point.y() > rect.bottom() - rect.height() / 4:
                return position_kind.BelowItem
            return position_kind.OnItem
        return position_kind.AboveItem if point.y() < rect.center().y() else position_kind.BelowItem

    def _drop_target(
        self, target: QTreeWidgetItem | None, indicator: QAbstractItemView.DropIndicatorPosition
    ) -> tuple[QTreeWidgetItem, int]:
        """(day row, position) a drop on ``target`` inserts at."""
        position_kind = QAbstractItemView.DropIndicatorPosition
        days = top_rows(self)
        if target is None:
            return days[-1], days[-1].childCount()
        if target.data(0, KIND) == "day":
            day_index = self.indexOfTopLevelItem(target)
            if indicator == position_kind.AboveItem and day_index > 0:
                return days[day_index - 1], days[day_index - 1].childCount()
            return target, target.childCount() if indicator == position_kind.OnItem else 0
        day_row = target.parent()
        assert day_row is not None, "an item row always sits under its day"
        position = day_row.indexOfChild(target)
        if indicator in (position_kind.BelowItem, position_kind.OnItem):
            position += 1
        return day_row, position

    def drop_method(self, data: QMimeData, point: QPoint) -> bool:
        """A method dropped at ``point`` (viewport coordinates): ask for it to be added there."""
        slug = slug_of(data)
        if slug is None or self.topLevelItemCount() == 0:
            return False
        target = self.itemAt(point)
        day_row, position = self._drop_target(target, self._indicator_at(target, point))
        self.sig_method_dropped.emit(slug, int(day_row.data(0, ID)), position)
        return True

    def dropEvent(self, event: QDropEvent) -> None:
        if slug_of(event.mimeData()) is not None:
            self.drop_method(event.mimeData(), event.position().toPoint())
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.setState(QAbstractItemView.State.NoState)
            self.viewport().update()
            return
        dragged = self.currentItem()
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if dragged is None or dragged.data(0, KIND) != "item" or event.source() is not self:
            return
        target = self.itemAt(event.position().toPoint())
        day_row, position = self._drop_target(target, self.dropIndicatorPosition())
        source_day = dragged.parent()
        if source_day is day_row and source_day.indexOfChild(dragged) < position:
            position -= 1
        item_id = int(dragged.data(0, ID))
        day_id = int(day_row.data(0, ID))
        location = self.location_of(item_id)
        if location is not None and (location[1], location[2]) == (day_id, position):
            return
        self.sig_move_requested.emit(item_id, day_id, position)
