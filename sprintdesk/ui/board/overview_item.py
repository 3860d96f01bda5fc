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


def notes_bounds(notes: Iterable[Note]) -> QRectF:
    """The rectangle around notes, from plain min/max (10,000 QRectF.united calls cost 60 ms)."""
    xs, ys = [], []
    for note in notes:
        xs.append(note.x)
        ys.append(note.y)
    if not xs:
        return QRectF()
    left, top = min(xs), min(ys)
    return QRectF(left, top, max(xs) + NOTE_WIDTH - left, max(ys) + NOTE_HEIGHT - top)


class OverviewItem(QGraphicsItem):
    def __init__(self, look: BoardLook) -> None:
        super().__init__()
        # Drawn once per zoom level into a pixmap: scrolling a fitted board, or a repaint with
        # nothing changed, blits it instead of drawing every note's rectangle again.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.look = look
        self._by_color: dict[NoteColor, list[QRectF]] = {}
        self._covered: list[QRectF] = []
        self._matches: list[QRectF] = []
        self._bounds = QRectF()
        self._notes: dict[int, Note] = {}
        self._dirty = False
        self._marks_dirty = False

    def set_notes(self, notes: Iterable[Note]) -> None:
        self.prepareGeometryChange()
        self._notes = {n.id: n for n in notes if n.id is not None}
        self._rebuild()

    def update_notes(self, notes: Iterable[Note], removed: Iterable[int] = ()) -> None:
        """Some notes changed: the bounds are walked again only when a note that left its
        place touched them (a note dragged in the middle of 10,000 costs nothing here)."""
        inner = self._bounds.adjusted(4 + 1e-6, 4 + 1e-6, -4 - 1e-6, -4 - 1e-6)
        leaving = [self._notes.pop(i, None) for i in removed]
        grown = QRectF(self._bounds)
        for note in notes:
            if note.id is not None:
                leaving.append(self._notes.get(note.id))
                self._notes[note.id] = note
                grown = grown.united(self._rect(note).adjusted(-4, -4, 4, 4))
        self.prepareGeometryChange()
        if self._bounds.isNull() or any(
            old is not None and not inner.contains(self._rect(old)) for old in leaving
        ):
            self._rebuild()
            return
        self._bounds = grown
        self._dirty = True
        self.update()

    def refresh_marks(self) -> None:
        """Search matches changed: recomputed when next painted."""
        self._marks_dirty = True
        self.update()

    @staticmethod
    def _rect(note: Note) -> QRectF:
        return QRectF(note.x, note.y, NOTE_WIDTH, NOTE_HEIGHT)

    def _rebuild(self) -> None:
        """Bounds now; the rectangles when next painted (only zoomed out is it visible)."""
        self._bounds = notes_bounds(self._notes.values()).adjusted(-4, -4, 4, 4)
        self._dirty = True
        self.update()

    def _build_rects(self) -> None:
        self._dirty = False
        by_color: dict[NoteColor, list[QRectF]] = {}
        covered: list[QRectF] = []
        fill_for = self.look.fill_for
        for note in self._notes.values():
            rect = QRectF(note.x, note.y, NOTE_WIDTH, NOTE_HEIGHT)
            (
                covered if note.covered else by_color.setdefault(fill_for(note.color, note.author_id), [])
            ).append(rect)
        self._by_color, self._covered = by_color, covered
        self._marks_dirty = True

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._dirty:
            self._build_rects()
        if self._marks_dirty:
            self._marks_dirty = False
            matches = self.look.matches
            self._matches = (
                [self._rect(n) for n in self._notes.values() if n.id in matches] if matches else []
            )
        painter.setPen(Qt.PenStyle.NoPen)
        for color, rects in self._by_color.items():
            painter.setBrush(paper(color))
            painter.drawRects(rects)
        if self._covered:
            room = self.look.room or is_presenter(widget)  # cached: painted with no widget
            painter.setBrush(qcolor(COVER) if room else paper(NoteColor.YELLOW))
            painter.drawRects(self._covered)
        if self._matches:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            pen_color = QColor("#2563eb")
            painter.setPen(pen_color)
            painter.drawRects(self._matches)
