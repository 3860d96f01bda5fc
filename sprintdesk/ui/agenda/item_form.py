"""Edit the selected agenda item (or day). A field is saved when editing of it finishes;
a refused value (a duration outside 1 minute to 8 hours) is explained in place, not saved."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTimeEdit,
    QWidget,
)

from sprintdesk.domain.durations import format_minutes, parse_duration
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, ItemKind, check_title


class _FocusOut(QObject):
    """Calls back when a plain-text box loses focus (it has no editingFinished)."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._callback()
        return False


def _refresh_style(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class ItemForm(QStackedWidget):
    sig_item_edited = Signal(object, object)  # before, after: AgendaItem
    sig_day_edited = Signal(int, object, object)  # day id, (title, time) before, after

    def __init__(self) -> None:
        super().__init__()
        self._item: AgendaItem | None = None
        self._day: AgendaDay | None = None
        self._filters: list[_FocusOut] = []

        empty = QLabel("Select an item to edit it, or add one.")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setProperty("role", "muted")
        self.addWidget(empty)

        # item page
        self.title = QLineEdit()
        self.title.setPlaceholderText("What the room does, e.g. Crazy 8s")
        self.kind = QComboBox()
        for kind in ItemKind:
            self.kind.addItem(kind.label, kind.value)
        self.duration = QLineEdit()
        self.duration.setPlaceholderText("45, 45m, 1h30 or 1:30")
        self.duration.setToolTip("From 1 minute to 8 hours")
        self.duration_error = QLabel()
        self.duration_error.setProperty("role", "error")
        self.duration_error.setWordWrap(True)
        self.duration_error.hide()
        self.title_error = QLabel()
        self.title_error.setProperty("role", "error")
        self.title_error.hide()
        self.instructions = QPlainTextEdit()
        self.instructions.setPlaceholderText("Shown to the room on the presenter view")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Private: only you see these")
        for box in (self.instructions, self.notes):
            box.setTabChangesFocus(True)  # Tab moves on; the room never sees tab characters
        self.board = QComboBox()
        self.board.setToolTip("Shown with this item in run mode and on the shared screen")
        self.board.addItem("No board", None)
        item_page = QWidget()
        form = QFormLayout(item_page)
        form.addRow("Title", self.title)
        form.addRow("", self.title_error)
        form.addRow("Kind", self.kind)
        form.addRow("Duration", self.duration)
        form.addRow("", self.duration_error)
        form.addRow("Instructions", self.instructions)
        form.addRow("Private notes", self.notes)
        form.addRow("Board", self.board)
        self.addWidget(item_page)

        # day page
        self.day_title = QLineEdit()
        self.day_title.setPlaceholderText("e.g. Map, Sketch, Decide")
        self.day_start = QTimeEdit()
        self.day_start.setDisplayFormat("HH:mm")
        day_page = QWidget()
        day_form = QFormLayout(day_page)
        day_form.addRow("Day title", self.day_title)
        day_form.addRow("Starts at", self.day_start)
        self.addWidget(day_page)

        self.title.editingFinished.connect(self._commit_item)
        self.duration.editingFinished.connect(self._commit_item)
        self.kind.activated.connect(lambda _i: self._commit_item())
        self.board.activated.connect(lambda _i: self._commit_item())
        for box in (self.instructions, self.notes):
            watcher = _FocusOut(self._commit_item)
            box.installEventFilter(watcher)
            self._filters.append(watcher)
        self.day_title.editingFinished.connect(self._commit_day)
        self.day_start.editingFinished.connect(self._commit_day)

    def set_boards(self, boards: list[tuple[int, str]]) -> None:
        """The workshop's boards, for linking one to the item."""
        current = self.board.currentData()
        self.board.blockSignals(True)
        self.board.clear()
        self.board.addItem("No board", None)
        for board_id, name in boards:
            self.board.addItem(name, board_id)
        index = self.board.findData(current)
        self.board.setCurrentIndex(index if index >= 0 else 0)
        self.board.blockSignals(False)

    # -- showing ---------------------------------------------------------------------------
    def show_nothing(self) -> None:
        self._item = self._day = None
        self.setCurrentIndex(0)

    def show_item(self, item: AgendaItem) -> None:
        same = self._item is not None and self._item.id == item.id
        self._item, self._day = item, None
        self.setCurrentIndex(1)
        if not same or not self.title.hasFocus():
            self.title.setText(item.title)
        self.kind.setCurrentIndex(self.kind.findData(item.kind.value))
        board_index = self.board.findData(item.board_id) if item.board_id is not None else 0
        self.board.setCurrentIndex(max(0, board_index))
        if not same or not self.duration.hasFocus():
            self.duration.setText(format_minutes(item.duration_minutes))
            self._set_error(self.duration, self.duration_error, "")
        for box, text in ((self.instructions, item.instructions), (self.notes, item.notes)):
            if box.toPlainText() != text and (not same or not box.hasFocus()):
                box.setPlainText(text)
        if not same:
            self._set_error(self.title, self.title_error, "")

    def show_day(self, day: AgendaDay) -> None:
        self._day, self._item = day, None
        self.setCurrentIndex(2)
        self.day_title.setText(day.title)
        self.day_start.setTime(QTime(day.start_time.hour, day.start_time.minute))

    # -- committing ------------------------------------------------------------------------
    @staticmethod
    def _set_error(field: QWidget, label: QLabel, message: str) -> None:
        field.setProperty("invalid", bool(message))
        _refresh_style(field)
        label.setText(message)
        label.setVisible(bool(message))

    def _commit_item(self) -> None:
        before = self._item
        if before is None or self.currentIndex() != 1:
            return
        try:
            minutes = parse_duration(self.duration.text())
        except ValidationError as error:
            self._set_error(self.duration, self.duration_error, str(error))
            return
        self._set_error(self.duration, self.duration_error, "")
        try:
            title = check_title(self.title.text(), "Item title")
        except ValidationError as error:
            self._set_error(self.title, self.title_error, str(error))
            return
        self._set_error(self.title, self.title_error, "")
        after = dataclasses.replace(
            before,
            title=title,
            duration_minutes=minutes,
            kind=ItemKind(self.kind.currentData()),
            instructions=self.instructions.toPlainText(),
            notes=self.notes.toPlainText(),
            board_id=self.board.currentData(),
        )
        self.duration.setText(format_minutes(minutes))
        if after != before:
            self._item = after
            self.sig_item_edited.emit(before, after)

    def _commit_day(self) -> None:
        day = self._day
        if day is None or day.id is None:
            return
        qt_time = self.day_start.time()
        after = (" ".join(self.day_title.text().split()), dt.time(qt_time.hour(), qt_time.minute()))
        before = (day.title, day.start_time)
        if after != before:
            self._day = dataclasses.replace(day, title=after[0], start_time=after[1])
            self.sig_day_edited.emit(day.id, before, after)
