"""The board on the shared screen: fitted to the notes, their clusters and the headers of the
regions that hold them (domain/board_geometry/room_fit.py), centred with margins, on first
show, on a resize, on a screen change, and when the board changed so that something left the
screen or the notes could be drawn much larger; never on every keystroke. The facilitator
can point it at one cluster or region and back at the whole board (``set_focus``)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QResizeEvent, QScreen, QShowEvent
from PySide6.QtWidgets import QFrame, QWidget

from sprintdesk.domain.board_geometry.room_fit import (
    Fit,
    RoomFocus,
    fit_view,
    focus_bounds,
    needs_refit,
    room_bounds,
)
from sprintdesk.ui.board.scene import BoardScene
from sprintdesk.ui.board.view import BoardView


class RoomView(BoardView):
    def __init__(self, scene: BoardScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, presenter=True, parent=parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.focus = RoomFocus(None)
        self.shown_fit: Fit | None = None  # what is on screen now (None: not fitted yet)
        self._watched_screen = False

    # -- what to fit -------------------------------------------------------------------------
    def _bounds(self) -> QRectF | None:
        content = self.board_scene.content
        if content is None:
            return None
        box = focus_bounds(content, self.focus) if not self.focus.whole_board else None
        if box is None:
            self.focus = RoomFocus(content.board.id)  # the cluster or region is gone: all of it
            box = room_bounds(content)
        if box is None:  # nothing on the board: its structure, or an empty wall
            return self.board_scene.content_rect()
        return QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1])

    def _size(self) -> tuple[int, int]:
        size = self.viewport().size()
        return size.width(), size.height()

    # -- fitting -----------------------------------------------------------------------------
    def refit(self) -> None:
        """Fit now (at the viewport's real size: a hidden view waits for its first show)."""
        bounds = self._bounds()
        width, height = self._size()
        if bounds is None or not self.isVisible() or width < 2 or height < 2:
            self.shown_fit = None
            return
        fit = fit_view(_rect(bounds), width, height)
        self.resetTransform()
        self.scale(fit.scale, fit.scale)
        self.centerOn(fit.centre_x, fit.centre_y)
        self.shown_fit = fit
        self._zoomed()

    def content_changed(self) -> None:
        """The board changed: fit again only when it no longer fits well."""
        bounds = self._bounds()
        width, height = self._size()
        if bounds is not None and needs_refit(_rect(bounds), self.shown_fit, width, height):
            self.refit()

    def set_focus(self, focus: RoomFocus) -> None:
        """Look at a cluster or region of the board shown (ignored for another board)."""
        content = self.board_scene.content
        if content is None or focus.board_id != content.board.id:
            return
        self.focus = focus
        self.refit()

    def new_board(self) -> None:
        """Another board is shown: all of it, fitted afresh."""
        content = self.board_scene.content
        self.focus = RoomFocus(content.board.id if content is not None else None)
        self.shown_fit = None
        self.refit()

    def _pause_cache(self) -> None:
        """The room's zoom changes only when it is fitted again, not step by step: the notes
        keep their cached pictures (the next frame draws them once, then reuses them)."""

    # -- painting ----------------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """The presenter's own ground (the view's brush) AND the board's structure: with a brush
        set, QGraphicsView::drawBackground only fills it and skips the scene's drawBackground,
        where the columns, lanes and quadrants are painted (walkthrough 13, B1)."""
        brush = self.backgroundBrush()
        if brush.style() == Qt.BrushStyle.NoBrush:
            super().drawBackground(painter, rect)
            return
        antialiased = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(QRectF(rect), brush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialiased)
        self.board_scene.structure_layer.paint(painter, QRectF(rect))

    # -- events ------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refit()  # fitted at the size it is shown at: no grey rectangle until a resize
        handle = self.window().windowHandle()
        if handle is not None and not self._watched_screen:
            handle.screenChanged.connect(self._screen_changed)
            self._watched_screen = True

    def _screen_changed(self, _screen: QScreen) -> None:
        self.refit()


def _rect(box: QRectF) -> tuple[float, float, float, float]:
    return box.left(), box.top(), box.right(), box.bottom()
