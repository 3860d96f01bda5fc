"""Showing what another program wrote (the command line, ...) in the open windows: a timer
that asks storage whether someone else committed, and the Changes that make every open view
re-read what it shows, expressed in the terms those views already follow."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from sprintdesk.services.changes import Changes
from sprintdesk.services.errors import NotFoundError

if TYPE_CHECKING:
    from sprintdesk.services.boards import BoardService
    from sprintdesk.services.workshops import WorkshopService
    from sprintdesk.ui.workshop.window import WorkshopWindow


class OutsidePoll(QObject):
    """Asks ``changed`` (storage's OutsideWrites.poll: did another program commit?) every
    ``interval_ms`` on the interface thread; ``sig_outside`` when it says so."""

    sig_outside = Signal()

    def __init__(self, changed: Callable[[], bool], interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._changed = changed
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        if self._changed():
            self.sig_outside.emit()

    def stop(self) -> None:
        self.timer.stop()


def outside_changes(
    windows: Iterable[WorkshopWindow], workshops: WorkshopService, boards: BoardService
) -> list[Changes]:
    """The library's list, and for each open workshop window: its details and agenda only
    when they differ (an agenda being edited is left alone otherwise), its board list when
    boards came or went, its outcomes, and the boards it shows (board tab and run mode: they
    re-read in place, keeping selection, zoom and an open note editor)."""
    found = [Changes(workshop_list=True, series=True, templates=True)]
    for window in windows:
        wid = window.workshop_id
        try:
            differs = workshops.get(wid) != window.workshop
        except NotFoundError:
            found.append(Changes(workshop_id=wid, removed=True))
            continue
        choice = window.boards.menu.choice
        shown = [choice.itemData(i) for i in range(choice.count()) if choice.itemData(i) is not None]
        stored = [summary.board.id for summary in boards.boards_of(wid)]
        found.append(
            Changes(
                workshop_id=wid,
                details=differs,
                agenda=differs,
                run=differs,
                outcomes=True,
                boards=stored != shown,
            )
        )
        on_screen = {window.boards.board_actions.board_id, window.run_panel.board_id}
        still = on_screen & set(stored)  # a board another program deleted goes with the list
        found += [Changes(workshop_id=wid, board_id=b) for b in still if b is not None]
    return found
