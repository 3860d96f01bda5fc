"""Where typed text becomes notes: the quick-entry box, a double-click on the wall, editing a
note in place. Text that could not be saved goes back where it was typed (the box keeps it,
the editor opens again with it), and the runner has said why in the status line."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent

from sprintdesk.ui.board.actions import BoardActions
from sprintdesk.ui.board.scene import BoardScene
from sprintdesk.ui.board.view import BoardView


class _WallClicks(QObject):
    """Remembers where the board's empty wall was last clicked (a column, a quadrant): typed
    notes go there while nothing is selected and that spot is in sight."""

    def __init__(self, view: BoardView) -> None:
        super().__init__(view)
        self.view = view
        self.point: QPointF | None = None
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QMouseEvent) or event.type() != QEvent.Type.MouseButtonPress:
            return False
        if event.button() == Qt.MouseButton.LeftButton:
            pos = event.position().toPoint()
            self.point = None if self.view.itemAt(pos) is not None else self.view.mapToScene(pos)
        return False

    def in_sight(self) -> QPointF | None:
        if self.point is None:
            return None
        shown = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        return self.point if shown.contains(self.point) else None


class NoteWriting:
    def __init__(self, actions: BoardActions, view: BoardView, scene: BoardScene) -> None:
        self.actions, self.view, self.scene = actions, view, scene
        self.new_at = (0.0, 0.0)  # where the wall was double-clicked
        self.wall = _WallClicks(view)
        view.sig_create_at.connect(self.create_at)
        view.sig_text_edited.connect(self.edit_text)
        view.sig_new_text.connect(self.new_text)

    def quick_add(self, text: str) -> bool:
        """Quick entry's text as notes; False (the box keeps the text) when not saved. On a
        board with a structure they go into the region of the selection, or else the one at
        the centre of the view."""
        ids = self.actions.add_text(text, near=self.target())
        if ids and ids[-1] in self.scene.notes:
            self.view.ensureVisible(self.scene.notes[ids[-1]], 60, 60)  # keep the newest in sight
        return bool(ids)

    def target(self) -> tuple[float, float]:
        """The board point typed notes aim at: the centre of the selected notes (or cluster),
        else the spot of the wall last clicked (a column, while in sight), else the centre of
        the view."""
        selected = [self.scene.notes[i] for i in self.scene.selected_note_ids() if i in self.scene.notes]
        box = QRectF()
        for item in selected:
            box = box.united(item.sceneBoundingRect())
        cluster = self.scene.selected_cluster()
        if box.isEmpty() and cluster is not None:
            box = cluster.sceneBoundingRect()
        if box.isEmpty():
            centre = self.wall.in_sight() or self.view.mapToScene(self.view.viewport().rect().center())
            return centre.x(), centre.y()
        return box.center().x(), box.center().y()

    def edit_text(self, note_id: int, text: str) -> None:
        """A note edited in place; not saved, the editor opens again with the typed text."""
        if not self.actions.edit_text(note_id, text):
            self.view.edit_note(note_id, text)

    def new_text(self, text: str) -> None:
        if not self.actions.add_text(text, at=self.new_at):
            self.create_at(*self.new_at, text=text)  # not saved: the typed text stays

    def create_at(self, x: float, y: float, text: str = "") -> None:
        """Double-click on the board: write the new note right there."""
        rect = self.view.mapFromScene(QRectF(x, y, 160, 120)).boundingRect()
        self.view.editor.start(-1, text, QRectF(rect))
        self.new_at = (x, y)
