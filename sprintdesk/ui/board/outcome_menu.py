"""Outcomes from the board: right-click a note or a cluster (or select one and press
Ctrl+Shift+D / Ctrl+Shift+A) for "Make decision…" or "Make action item…". The Outcomes tab
does the rest (a small form with the note's text, then one undo step)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QMenu

from sprintdesk.domain.outcomes import OutcomeKind
from sprintdesk.ui.board.cluster_item import ClusterItem
from sprintdesk.ui.board.note_item import NoteItem

if TYPE_CHECKING:
    from sprintdesk.ui.board.panel import BoardPanel
    from sprintdesk.ui.board.scene import BoardScene

# kind, note id, cluster id, the text it starts from
Make = Callable[[OutcomeKind, int | None, int | None, str], None]
SHORTCUTS = {OutcomeKind.DECISION: "Ctrl+Shift+D", OutcomeKind.ACTION: "Ctrl+Shift+A"}


class BoardOutcomeMenu(QObject):
    def __init__(self, panel: BoardPanel, make: Make) -> None:
        super().__init__(panel)
        self.panel = panel
        self._make = make
        self.menu: QMenu | None = None  # the context menu shown last (tests trigger its actions)
        self.actions: dict[OutcomeKind, QAction] = {}
        for kind, text in (
            (OutcomeKind.DECISION, "Make decision…"),
            (OutcomeKind.ACTION, "Make action item…"),
        ):
            action = QAction(text, panel)
            action.setShortcut(QKeySequence(SHORTCUTS[kind]))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text} from the selected note or cluster ({SHORTCUTS[kind]})")
            action.triggered.connect(lambda _checked=False, k=kind: self.make_from_selection(k))
            panel.addAction(action)
            self.actions[kind] = action
        panel.view.viewport().installEventFilter(self)

    def _scene(self) -> BoardScene:
        return self.panel.scene

    def target(self) -> tuple[int | None, int | None, str] | None:
        """(note id, cluster id, text) of what is selected: one note, else a cluster."""
        scene = self._scene()
        notes = scene.selected_note_ids()
        if len(notes) == 1:
            return notes[0], None, scene.note(notes[0]).text
        cluster = scene.selected_cluster()
        if cluster is not None and not notes:
            return None, cluster.cluster_id, cluster.cluster.title
        return None

    def make_from_selection(self, kind: OutcomeKind) -> None:
        found = self.target()
        if found is None:
            self.panel.say(
                "Select one note or one cluster first, then make a decision or an action item of it."
            )
            return
        note_id, cluster_id, text = found
        self._make(kind, note_id, cluster_id, text)

    def select_at(self, pos: QPoint) -> bool:
        """Select the note (else the cluster) under ``pos`` in the view; False if none."""
        view = self.panel.view
        scene = self._scene()
        note = next((i for i in view.items(pos) if isinstance(i, NoteItem)), None)
        cluster = next((i for i in view.items(pos) if isinstance(i, ClusterItem)), None)
        chosen = note if note is not None else cluster
        if chosen is None:
            return False
        if not chosen.isSelected() or len(scene.selectedItems()) > 1:
            scene.clearSelection()
            chosen.setSelected(True)
        return True

    def menu_at(self, pos: QPoint) -> QMenu | None:
        """The context menu for the note or cluster at ``pos`` (None over empty board)."""
        if not self.select_at(pos):
            return None
        menu = QMenu(self.panel)
        for action in self.actions.values():
            menu.addAction(action)
        menu.addSeparator()  # and what the shared screen shows (ui/board/room_focus.py)
        menu.addActions([self.panel.view.room.zoom_action, self.panel.view.room.whole_action])
        self.menu = menu
        return menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            menu = self.menu_at(event.pos())
            if menu is not None:
                menu.popup(event.globalPos())
                return True
        return False
