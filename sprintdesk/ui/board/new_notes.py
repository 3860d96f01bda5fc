"""A discreet sign on the facilitator's board for notes that arrived out of sight (from phones,
an import, another program): "2 new notes below ↓" at the bottom of the view, and a click
brings them into view. The sign goes when they scroll into view by any means, or when another
board is shown. Notes added where the facilitator is looking raise no sign."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtWidgets import QToolButton

from sprintdesk.domain.board import NOTE_HEIGHT, NOTE_WIDTH
from sprintdesk.ui.board.scene import BoardScene
from sprintdesk.ui.board.view import BoardView

MARGIN_PX = 12  # between the sign and the bottom of the view


class NewNotesSign(QObject):
    def __init__(self, view: BoardView, scene: BoardScene) -> None:
        super().__init__(view)
        self.view = view
        self.scene = scene
        self.unseen: set[int] = set()
        self._board_id: int | None = None
        self._before: set[int] = set()
        self.button = QToolButton(view.viewport())
        self.button.setObjectName("new-notes")
        self.button.setProperty("primary", True)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.clicked.connect(self.show_them)
        self.button.hide()
        view.horizontalScrollBar().valueChanged.connect(self._moved)
        view.verticalScrollBar().valueChanged.connect(self._moved)
        view.sig_zoom_changed.connect(self._moved)
        view.viewport().installEventFilter(self)

    # -- around a change of the board ----------------------------------------------------------
    def before_change(self) -> None:
        """Called before the scene follows a change: the notes there were already."""
        self._before = set(self.scene.notes)

    def after_change(self, board_id: int | None) -> None:
        """The notes that came with the change and lie out of sight get the sign (none when
        another board is shown: all of it is new)."""
        if board_id != self._board_id:
            self._board_id = board_id
            self.unseen.clear()
        else:
            visible = self._visible()
            for note_id in set(self.scene.notes) - self._before:
                if not visible.intersects(self._rect(note_id)):
                    self.unseen.add(note_id)
        self.unseen = {i for i in self.unseen if self._alive(i)}
        self.recheck()

    # -- the sign ------------------------------------------------------------------------------
    def _moved(self, _value: object) -> None:
        if self.unseen:
            self.recheck()

    def recheck(self) -> None:
        if self.unseen:
            visible = self._visible()
            self.unseen = {i for i in self.unseen if self._alive(i) and not visible.contains(self._rect(i))}
        if not self.unseen:
            self.button.hide()
            return
        count = len(self.unseen)
        text = f"{count} new note{'s' if count != 1 else ''} {self._where(visible)}"
        if self.button.text() != text:
            self.button.setText(text)
            self.button.setAccessibleName(text)
            self.button.setToolTip(f"{text}: click to see {'them' if count != 1 else 'it'}")
        self.button.adjustSize()
        self._place()
        self.button.show()
        self.button.raise_()

    def show_them(self) -> None:
        """Bring the new notes into view (as many as fit, the nearest first), the zoom kept."""
        box = self._box()
        if box is None:
            return
        self.view.centerOn(box.center())
        self.recheck()
        if self.unseen:  # more than fits at this zoom: they are seen now all the same
            self.unseen.clear()
            self.recheck()

    def _where(self, visible: QRectF) -> str:
        """Which way the new notes lie from what the view shows."""
        box = self._box()
        if box is None:
            return ""
        centre = box.center()
        if centre.y() > visible.bottom():
            return "below ↓"
        if centre.y() < visible.top():
            return "above ↑"
        return "to the right →" if centre.x() > visible.right() else "to the left ←"

    def _box(self) -> QRectF | None:
        box: QRectF | None = None
        for note_id in self.unseen:
            rect = self._rect(note_id)
            box = rect if box is None else box.united(rect)
        return box

    def _alive(self, note_id: int) -> bool:
        """Still on the board (a scene being torn down deletes its items first)."""
        item = self.scene.notes.get(note_id)
        return item is not None and shiboken6.isValid(item)

    def _rect(self, note_id: int) -> QRectF:
        pos = self.scene.notes[note_id].pos()
        return QRectF(pos.x(), pos.y(), NOTE_WIDTH, NOTE_HEIGHT)

    def _visible(self) -> QRectF:
        return self.view.mapToScene(self.view.viewport().rect()).boundingRect()

    def _place(self) -> None:
        port = self.view.viewport().rect()
        size = self.button.sizeHint()
        self.button.setGeometry(
            (port.width() - size.width()) // 2,
            port.height() - size.height() - MARGIN_PX,
            size.width(),
            size.height(),
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.button.isVisible():
            self.recheck()
        return False
