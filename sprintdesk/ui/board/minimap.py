"""A small overview of the whole board with the part in view outlined; click or drag in it
to look elsewhere. It paints rectangles straight from the model, whatever the board's size."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from sprintdesk.domain.board import NOTE_HEIGHT, NOTE_WIDTH, BoardContent, NoteColor
from sprintdesk.ui.board.overview_item import notes_bounds
from sprintdesk.ui.board.palette import paper
from sprintdesk.ui.shared import theme

REBUILD_MS = 250


class Minimap(QWidget):
    sig_center_on = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(200, 110)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Click to look at that part of the board")
        self._rects: dict[NoteColor, list[QRectF]] = {}
        self._regions: list[QRectF] = []  # the board structure's regions
        self._world = QRectF(0, 0, 1600, 900)
        self._visible = QRectF()
        self._content: BoardContent | None = None
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(REBUILD_MS)
        self._rebuild_timer.timeout.connect(self._rebuild)

    def sizeHint(self) -> QSize:
        return QSize(240, 150)

    def set_content(self, content: BoardContent | None) -> None:
        """Redrawn a moment later, once per burst of changes (a big board costs ~60 ms)."""
        self._content = content
        self._rebuild_timer.start()

    def _rebuild(self) -> None:
        rects: dict[NoteColor, list[QRectF]] = {}
        notes = self._content.notes if self._content else ()
        for note in notes:
            rects.setdefault(note.color, []).append(QRectF(note.x, note.y, NOTE_WIDTH, NOTE_HEIGHT))
        world = notes_bounds(notes)
        structure = self._content.board.structure if self._content else None
        regions = structure.regions if structure else ()
        self._regions = [QRectF(r.left, r.top, r.width, r.height) for r in regions]
        if structure is not None:  # the board's columns or quadrants, outlined
            left, top, right, bottom = structure.outer_bounds()
            outer = QRectF(left, top, right - left, bottom - top)
            world = world.united(outer) if not world.isNull() else outer
        self._rects = rects
        self._world = world.adjusted(-200, -200, 200, 200) if not world.isNull() else QRectF(0, 0, 1600, 900)
        self.update()

    def set_visible_rect(self, rect: QRectF) -> None:
        self._visible = rect
        self.update()

    def _scale(self) -> tuple[float, QPointF]:
        scale = min(self.width() / self._world.width(), self.height() / self._world.height())
        offset = QPointF(
            (self.width() - self._world.width() * scale) / 2 - self._world.left() * scale,
            (self.height() - self._world.height() * scale) / 2 - self._world.top() * scale,
        )
        return scale, offset

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        c = theme.colors()
        painter.fillRect(self.rect(), QColor(c.surface))
        painter.setPen(QColor(c.border))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        scale, offset = self._scale()
        painter.translate(offset)
        painter.scale(scale, scale)
        if self._regions:
            painter.setPen(QPen(QColor(c.muted), 1 / scale))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(self._regions)
        painter.setPen(Qt.PenStyle.NoPen)
        for color, rects in self._rects.items():
            painter.setBrush(paper(color))
            painter.drawRects(rects)
        if not self._visible.isNull():
            pen = QPen(QColor(c.accent), 2 / scale)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self._visible)
        painter.end()

    def _jump(self, event: QMouseEvent) -> None:
        scale, offset = self._scale()
        point = (event.position() - offset) / scale
        self.sig_center_on.emit(point.x(), point.y())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._jump(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._jump(event)
