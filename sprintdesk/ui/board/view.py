"""The board view: zoom, pan, rubber-band selection, dragging and nudging notes, creating
and editing them in place. It never changes the model itself: it emits what the person did
and the panel turns that into undoable service calls."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGestureEvent,
    QGraphicsItem,
    QGraphicsView,
    QPinchGesture,
    QWidget,
)

from sprintdesk.domain.board import NOTE_HEIGHT, NOTE_WIDTH
from sprintdesk.domain.board_geometry.room_fit import room_bounds
from sprintdesk.ui.board.cluster_item import ClusterItem
from sprintdesk.ui.board.inline_editor import InlineEditor
from sprintdesk.ui.board.note_item import NoteItem
from sprintdesk.ui.board.scene import DETAIL_SCALE, BoardScene

MIN_SCALE, MAX_SCALE = 0.02, 4.0
NUDGE, BIG_NUDGE = 10.0, 50.0
CACHE_RESUME_MS = 300  # zoom idle this long: cache note pictures again
WHEEL_PX = 60  # one notch of the mouse wheel scrolls this far
WHEEL_ZOOM = 1.15  # one notch of Ctrl+wheel zooms this much
Move = tuple[int, float, float, float, float]  # note id, from x, from y, to x, to y


class BoardView(QGraphicsView):
    sig_create_at = Signal(float, float)
    sig_text_edited = Signal(int, str)
    sig_new_text = Signal(str)  # the text of a note written where the board was double-clicked
    sig_moved = Signal(object, object, str)  # list[Move], cluster move or None, merge key ("" = none)
    sig_delete_requested = Signal()
    sig_vote_clicked = Signal(int, bool)  # note id, take back (Alt-click)
    sig_cluster_activated = Signal(int)  # double-click on a cluster title
    sig_zoom_changed = Signal(float)
    sig_room_focus = Signal(object)  # RoomFocus: what the shared screen should show

    def __init__(self, scene: BoardScene, *, presenter: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.board_scene = scene
        self.presenter = presenter
        self.vote_mode = False
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.viewport().setProperty("presenter", presenter)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        if presenter:
            self.setInteractive(False)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        else:
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.editor = InlineEditor(self.viewport())
        self.editor.sig_done.connect(self._edited)
        self._press_positions: dict[int, tuple[float, float]] = {}
        self._cluster_drag: tuple[ClusterItem, QPointF, float, float] | None = None
        self._pan_from: QPoint | None = None
        self._space_held = False
        self._uncached: list[NoteItem] = []
        self._cached_zoom = 1.0
        self._fit_when_shown = False
        self._cache_timer = QTimer(self)
        self._cache_timer.setSingleShot(True)
        self._cache_timer.setInterval(CACHE_RESUME_MS)
        self._cache_timer.timeout.connect(self._resume_cache)
        if not presenter:
            from sprintdesk.ui.board.room_focus import RoomFocusActions

            self.room = RoomFocusActions(self, scene, self.sig_room_focus.emit)

    # -- zoom ------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, scale: float) -> None:
        scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        factor = scale / self.zoom
        if abs(factor - 1) > 1e-9:
            self.scale(factor, factor)
        self._zoomed()

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self.zoom * factor)

    def zoom_about(self, factor: float, pos: QPointF) -> None:
        """Zoom keeping the board point under ``pos`` (viewport coordinates) where it is."""
        anchor = self.mapToScene(pos.toPoint())
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        try:
            self.set_zoom(self.zoom * factor)
        finally:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        moved = self.mapFromScene(anchor) - pos.toPoint()
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + moved.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + moved.y())

    def fit_all(self) -> None:
        """The notes, their clusters and the headers of the regions holding them (as on the
        shared screen), at most at 100 %."""
        content = self.board_scene.content
        found = room_bounds(content) if content is not None else None
        if found is None:
            box = self.board_scene.content_rect().adjusted(-40, -40, 40, 40)
        else:
            box = QRectF(found[0], found[1], found[2] - found[0], found[3] - found[1])
        self.fitInView(box, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.0:
            self.set_zoom(1.0)
        self._zoomed()
        self._fit_when_shown = not self.isVisible()  # fitted to a size it does not have yet

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A board fitted before its tab was first shown is fitted again at its real size."""
        super().resizeEvent(event)
        if self._fit_when_shown and self.isVisible():
            self.fit_all()

    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def _zoomed(self) -> None:
        self.board_scene.set_detail(self.zoom >= DETAIL_SCALE)
        if self.zoom != self._cached_zoom:
            self._pause_cache()
        self.sig_zoom_changed.emit(self.zoom)

    def _pause_cache(self) -> None:
        """While the zoom changes, every cached note picture is thrown away each step, so
        painting the visible notes straight away is cheaper; the cache comes back once the
        zoom has settled, for fast panning."""
        if not self._uncached and self.board_scene.detail:
            visible = self.mapToScene(self.viewport().rect()).boundingRect()
            self._uncached = [
                item
                for item in self.board_scene.items(visible)
                if isinstance(item, NoteItem) and item.cacheMode() != QGraphicsItem.CacheMode.NoCache
            ]
            for item in self._uncached:
                item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        self._cache_timer.start()

    def _resume_cache(self) -> None:
        self._cached_zoom = self.zoom
        for item in self._uncached:
            if item.scene() is self.board_scene:
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._uncached = []

    def wheelEvent(self, event: QWheelEvent) -> None:
        """As on Miro and FigJam: the wheel (or two fingers) scrolls, Shift+wheel sideways;
        Ctrl+wheel (a pinch, on many touchpads) zooms about the pointer."""
        if self.presenter:
            return
        angle, pixels = event.angleDelta(), event.pixelDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if angle.y():
                self.zoom_about(WHEEL_ZOOM ** (angle.y() / 120), event.position())
            event.accept()
            return
        if not pixels.isNull():
            dx, dy = float(pixels.x()), float(pixels.y())
        else:
            dx, dy = angle.x() * WHEEL_PX / 120, angle.y() * WHEEL_PX / 120
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and not dx:
            dx, dy = dy, 0.0
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(dx))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(dy))
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.board_scene.structure is not None:
            return self._region_tooltip(event)
        if (
            event.type() == QEvent.Type.NativeGesture
            and isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            if not self.presenter:  # trackpad pinch, about the fingers
                self.zoom_about(1.0 + event.value(), event.position())
            return True
        if event.type() == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):  # touchscreen pinch
                if not self.presenter:
                    centre = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                    self.zoom_about(pinch.scaleFactor(), QPointF(centre))
                event.accept()
                return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Over the bare board (notes and clusters have their own menu): the shared screen."""
        menu = None if self.presenter else self.room.menu_at(event.pos())
        if menu is not None:
            menu.popup(event.globalPos())
            event.accept()
            return
        super().contextMenuEvent(event)

    def _region_tooltip(self, event: QEvent) -> bool:
        """On a structured board a note's tooltip says which region it is in."""
        from PySide6.QtGui import QHelpEvent
        from PySide6.QtWidgets import QToolTip

        from sprintdesk.ui.board.structure_editor import region_text

        note = self._note_at(event.pos()) if isinstance(event, QHelpEvent) else None
        if note is None or not isinstance(event, QHelpEvent):
            QToolTip.hideText()
            return True
        where = region_text(self.board_scene.structure, [note.note])
        whole = f"{note.toolTip()}\n\n" if note.toolTip() else ""  # a note cut short: its whole text
        QToolTip.showText(event.globalPos(), f"{whole}This note is {where}.", self.viewport())
        return True

    # -- mouse -----------------------------------------------------------------------------
    def _note_at(self, pos: QPoint) -> NoteItem | None:
        for item in self.items(pos):
            if isinstance(item, NoteItem):
                return item
        return None

    def _cluster_title_at(self, pos: QPoint) -> ClusterItem | None:
        scene_pos = self.mapToScene(pos)
        for item in self.items(pos):
            if isinstance(item, ClusterItem) and item.title_rect().contains(item.mapFromScene(scene_pos)):
                return item
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.presenter:
            return
        if self.editor.isVisible():
            self.editor.finish(True)  # a click elsewhere saves the note being written
        if event.button() == Qt.MouseButton.MiddleButton or (
            self._space_held and event.button() == Qt.MouseButton.LeftButton
        ):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if self.vote_mode and event.button() == Qt.MouseButton.LeftButton:
            note = self._note_at(event.position().toPoint())
            if note is not None:
                take_back = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
                self.sig_vote_clicked.emit(note.note_id, take_back)
                return
        title = self._cluster_title_at(event.position().toPoint())
        if title is not None and event.button() == Qt.MouseButton.LeftButton:
            start = self.mapToScene(event.position().toPoint())
            self._cluster_drag = (title, start, title.pos().x(), title.pos().y())
            self._press_positions = {
                i.note_id: (i.pos().x(), i.pos().y())
                for i in self.board_scene.notes.values()
                if i.note.cluster_id == title.cluster_id
            }
            self.board_scene.clearSelection()
            title.setSelected(True)
            return
        note = self._note_at(event.position().toPoint())
        if note is not None and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            note.setSelected(True)  # Shift adds to the selection (Ctrl toggles, as in Qt)
            return
        super().mousePressEvent(event)
        self._press_positions = {
            i.note_id: (i.pos().x(), i.pos().y())
            for i in self.board_scene.selectedItems()
            if isinstance(i, NoteItem)
        }

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            delta = event.position().toPoint() - self._pan_from
            self._pan_from = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            return
        if self._cluster_drag is not None:
            item, start, x0, y0 = self._cluster_drag
            moved = self.mapToScene(event.position().toPoint()) - start
            item.setPos(x0 + moved.x(), y0 + moved.y())
            for note_id, (nx, ny) in self._press_positions.items():
                self.board_scene.notes[note_id].setPos(nx + moved.x(), ny + moved.y())
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None and event.button() in (
            Qt.MouseButton.MiddleButton,
            Qt.MouseButton.LeftButton,
        ):
            self._pan_from = None
            self.viewport().unsetCursor()
            return
        if self._cluster_drag is not None:
            item, _start, x0, y0 = self._cluster_drag
            self._cluster_drag = None
            moves = self._moves()
            if (item.pos().x(), item.pos().y()) != (x0, y0):
                cluster_move = (item.cluster_id, x0, y0, item.pos().x(), item.pos().y())
                self.sig_moved.emit(moves, cluster_move, "")
            return
        super().mouseReleaseEvent(event)
        moves = self._moves()
        if moves:
            self.sig_moved.emit(moves, None, "")  # one undo step per drag

    def _moves(self) -> list[Move]:
        moves = []
        for note_id, (x0, y0) in self._press_positions.items():
            item = self.board_scene.notes.get(note_id)
            if item is not None and (item.pos().x(), item.pos().y()) != (x0, y0):
                moves.append((note_id, x0, y0, item.pos().x(), item.pos().y()))
        self._press_positions = {}
        return moves

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.presenter or self.vote_mode:
            return
        pos = event.position().toPoint()
        title = self._cluster_title_at(pos)
        if title is not None:
            self.sig_cluster_activated.emit(title.cluster_id)
            return
        note = self._note_at(pos)
        if note is not None:
            self.edit_note(note.note_id)
            return
        point = self.mapToScene(pos)
        self.sig_create_at.emit(point.x() - NOTE_WIDTH / 2, point.y() - NOTE_HEIGHT / 2)

    # -- keyboard --------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Space and not self.presenter:
            if not event.isAutoRepeat():  # hold Space and drag to pan, even over notes
                self._space_held = True
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        arrows: dict[int, tuple[int, int]] = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key in arrows and self.board_scene.selected_note_ids():
            step = BIG_NUDGE if mods & Qt.KeyboardModifier.ShiftModifier else NUDGE
            dx, dy = arrows[key]
            self.nudge(dx * step, dy * step)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.board_scene.selectedItems():
            self.sig_delete_requested.emit()
            return
        selected = self.board_scene.selected_note_ids()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and len(selected) == 1:
            self.edit_note(selected[0])
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and not self.presenter:
            self._space_held = False
            self._pan_from = None
            self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def nudge(self, dx: float, dy: float) -> None:
        moves = []
        ids = self.board_scene.selected_note_ids()
        for note_id in ids:
            item = self.board_scene.notes[note_id]
            x0, y0 = item.pos().x(), item.pos().y()
            item.setPos(x0 + dx, y0 + dy)
            moves.append((note_id, x0, y0, x0 + dx, y0 + dy))
        if moves:
            self.sig_moved.emit(moves, None, "nudge:" + ",".join(map(str, ids)))

    # -- editing in place ------------------------------------------------------------------
    def edit_note(self, note_id: int, text: str | None = None) -> None:
        """Edit in place, starting from the note's text (or ``text``: an edit not saved)."""
        item = self.board_scene.notes.get(note_id)
        if item is None or self.presenter:
            return
        self.ensureVisible(item, 40, 40)
        rect = self.mapFromScene(item.sceneBoundingRect().adjusted(2, 12, -4, -6)).boundingRect()
        self.editor.start(note_id, item.note.text if text is None else text, QRectF(rect))

    def _edited(self, note_id: int, text: str, saved: bool) -> None:
        self.setFocus()
        if note_id < 0:
            if saved and text.strip():
                self.sig_new_text.emit(text)
            return
        item = self.board_scene.notes.get(note_id)
        if saved and item is not None and text.strip() and text.strip() != item.note.text:
            self.sig_text_edited.emit(note_id, text)
