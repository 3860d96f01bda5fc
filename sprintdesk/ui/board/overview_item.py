"""The whole board in one item, for when notes are too small to read: one drawRects call per
colour instead of one Python paint() per note (the trap at 10,000 notes)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from sprintdesk.domain.board import NOTE_HEIGHT, NOTE_WIDTH, Note, NoteColor
from sprintdesk.ui.board.look import BoardLook, is_presenter
from sprintdesk.ui.board.palette import COVER, paper, qcolor


class OverviewItem(QGraphicsItem):
    def __init__(self, look: BoardLook) -> None:
        super().__init__()
        self.look = look
        self._by_color: dict[NoteColor, list[QRectF]] = {}
        self._covered: list[QRectF] = []
        self._matches: list[QRectF] = []
        self._bounds = QRectF()
        self._notes: dict[int, Note] = {}

    def set_notes(self, notes: Iterable[Note]) -> None:
        self.prepareGeometryChange()
        self._notes = {n.id: n for n in notes if n.id is not None}
        self._rebuild()

    def update_notes(self, notes: Iterable[Note], removed: Iterable[int] = ()) -> None:
        for note_id in removed:
            self._notes.pop(note_id, None)
        for note in notes:
            if note.id is not None:
                self._notes[note.id] = note
        self.prepareGeometryChange()
        self._rebuild()

    def refresh_marks(self) -> None:
        """Search matches changed."""
        self._matches = [self._rect(n) for n in self._notes.values() if n.id in self.look.matches]
        self.update()

    @staticmethod
    def _rect(note: Note) -> QRectF:
        return QRectF(note.x, note.y, NOTE_WIDTH, NOTE_HEIGHT)

    def _rebuild(self) -> None:
        by_color: dict[NoteColor, list[QRectF]] = {}
        covered: list[QRectF] = []
        bounds = QRectF()
        for note in self._notes.values():
            rect = self._rect(note)
            fill = self.look.fill_for(note.color, note.author_id)
            (covered if note.covered else by_color.setdefault(fill, [])).append(rect)
            bounds = bounds.united(rect) if not bounds.isNull() else rect
        self._by_color, self._covered, self._bounds = by_color, covered, bounds.adjusted(-4, -4, 4, 4)
        self.refresh_marks()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        for color, rects in self._by_color.items():
            painter.setBrush(paper(color))
            painter.drawRects(rects)
        if self._covered:
            painter.setBrush(qcolor(COVER) if is_presenter(widget) else paper(NoteColor.YELLOW))
            painter.drawRects(self._covered)
        if self._matches:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            pen_color = QColor("#2563eb")
            painter.setPen(pen_color)
            painter.drawRects(self._matches)
