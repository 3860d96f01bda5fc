"""Pointing the shared screen from the board: "Show on the shared screen" zooms the room's
view to the selected cluster (or the region of the selected notes, or the region under the
mouse), and "Whole board on the shared screen" goes back. Keys Alt+Z and Alt+Shift+Z, and the
board's context menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QCursor, QKeySequence
from PySide6.QtWidgets import QGraphicsView, QMenu

from sprintdesk.domain.board_geometry.room_fit import RoomFocus
from sprintdesk.domain.board_structure import Region
from sprintdesk.ui.board.scene import BoardScene

ZOOM_KEY = "Alt+Z"
WHOLE_KEY = "Alt+Shift+Z"
SHORTCUTS: list[tuple[str, str]] = [
    (ZOOM_KEY, "Shared screen: zoom to the selected cluster or region"),
    (WHOLE_KEY, "Shared screen: the whole board again"),
]


class RoomFocusActions(QObject):
    def __init__(self, view: QGraphicsView, scene: BoardScene, emit: Callable[[RoomFocus], None]) -> None:
        """``emit`` sends the board view's ``sig_room_focus``."""
        super().__init__(view)
        self.view, self.scene, self._emit = view, scene, emit
        self.menu: QMenu | None = None  # the context menu shown last (tests trigger its actions)
        self.zoom_action = self._action("Show on the shared screen", ZOOM_KEY, self.show_selection)
        self.whole_action = self._action("Whole board on the shared screen", WHOLE_KEY, self.show_whole)
        self.zoom_action.setToolTip(
            f"Zoom the shared screen to the selected cluster, or the region under the mouse ({ZOOM_KEY})"
        )

    def _action(self, text: str, key: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.view)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({key})")
        action.triggered.connect(slot)
        self.view.addAction(action)
        return action

    # -- what is pointed at ------------------------------------------------------------------
    def _board_id(self) -> int | None:
        content = self.scene.content
        return content.board.id if content is not None else None

    def _region_at(self, pos: QPoint) -> Region | None:
        structure = self.scene.structure
        if structure is None:
            return None
        point = self.view.mapToScene(pos)
        return structure.region_of(point.x(), point.y())

    def target(self, pos: QPoint | None = None) -> RoomFocus | None:
        """The selected cluster; else the one cluster or region of the selected notes; else
        the region at ``pos`` (view coordinates; the view's centre without one)."""
        scene = self.scene
        board_id = self._board_id()
        if board_id is None:
            return None
        cluster = scene.selected_cluster()
        if cluster is not None:
            return RoomFocus(board_id, cluster_id=cluster.cluster_id)
        notes = [scene.note(i) for i in scene.selected_note_ids()]
        if notes:
            clusters = {n.cluster_id for n in notes}
            if len(clusters) == 1 and None not in clusters:
                return RoomFocus(board_id, cluster_id=notes[0].cluster_id)
            structure = scene.structure
            regions = {structure.region_of_note(n) for n in notes} if structure is not None else {None}
            if len(regions) == 1 and None not in regions:
                region = regions.pop()
                assert region is not None
                return RoomFocus(board_id, region_index=region.index)
            return None
        found = self._region_at(pos if pos is not None else self.view.viewport().rect().center())
        return RoomFocus(board_id, region_index=found.index) if found is not None else None

    def _cursor(self) -> QPoint | None:
        pos = self.view.viewport().mapFromGlobal(QCursor.pos())
        return pos if self.view.viewport().rect().contains(pos) else None

    # -- acting ------------------------------------------------------------------------------
    def show_selection(self, pos: QPoint | None = None) -> bool:
        focus = self.target(pos if pos is not None else self._cursor())
        if focus is not None:
            self._emit(focus)
        return focus is not None

    def show_whole(self) -> None:
        board_id = self._board_id()
        if board_id is not None:
            self._emit(RoomFocus(board_id))

    def menu_at(self, pos: QPoint) -> QMenu | None:
        """The context menu over the bare board: the region there, and the whole board."""
        if self._board_id() is None:
            return None
        menu = QMenu(self.view)
        region = self._region_at(pos)
        if region is not None:
            focus = RoomFocus(self._board_id(), region_index=region.index)
            here = menu.addAction(f"Show “{region.title}” on the shared screen")
            here.triggered.connect(lambda: self._emit(focus))
        menu.addAction(self.whole_action)
        self.menu = menu
        return menu
