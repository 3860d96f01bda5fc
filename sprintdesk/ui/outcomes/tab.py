"""Wires outcomes into a workshop window: the Outcomes tab, "Make decision…" / "Make action
item…" on the board, the Outcomes menu, the series view and "New follow-up"."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenuBar, QWidget

from sprintdesk.domain.clock import Clock
from sprintdesk.domain.outcomes import OutcomeKind
from sprintdesk.services.outcomes import OutcomeService
from sprintdesk.services.series import SeriesService
from sprintdesk.ui.board.outcome_menu import BoardOutcomeMenu
from sprintdesk.ui.library.series_view import SeriesView
from sprintdesk.ui.outcomes.panel import OutcomesPanel
from sprintdesk.ui.shared.hub import ChangeHub

if TYPE_CHECKING:
    from sprintdesk.ui.board.panel import BoardPanel


class OutcomesTab(QObject):
    """The outcomes of one workshop window. It gets what it uses from the window through its
    constructor (the window, as the owner of dialogs, its undo stack and board panel), and
    ``show_panel`` brings its tab forward; it never reaches into the window."""

    sig_open_workshop = Signal(int)

    def __init__(
        self,
        owner: QWidget,
        workshop_id: int,
        board_panel: BoardPanel,
        undo_stack: QUndoStack,
        show_panel: Callable[[QWidget], None],
        services: tuple[OutcomeService, SeriesService],
        hub: ChangeHub,
        clock: Clock,
    ) -> None:
        super().__init__(owner)
        outcomes, series = services
        self._owner, self.workshop_id, self._show_panel = owner, workshop_id, show_panel
        self._series, self._hub, self._clock = series, hub, clock
        self.panel = OutcomesPanel(outcomes, hub, undo_stack, clock)
        self.panel.sig_series.connect(self.show_series)
        self.panel.sig_follow_up.connect(self.new_follow_up)
        self.panel.sig_open_workshop.connect(self.sig_open_workshop.emit)
        self.board_menu = BoardOutcomeMenu(board_panel, self.panel.make_from_board)
        self.view: SeriesView | None = None
        self.panel.set_workshop(workshop_id)

    def add_menu(self, bar: QMenuBar) -> None:
        menu = bar.addMenu("&Outcomes")
        for kind, text in ((OutcomeKind.DECISION, "New decision"), (OutcomeKind.ACTION, "New action item")):
            action = QAction(text, self._owner)
            action.triggered.connect(lambda _c=False, k=kind: self.type_new(k))
            menu.addAction(action)
        menu.addSeparator()
        for action in self.board_menu.actions.values():
            menu.addAction(action)
        menu.addSeparator()
        series = QAction("Series…", self._owner)
        series.triggered.connect(self.show_series)
        follow = QAction("New follow-up", self._owner)
        follow.setShortcut(QKeySequence("Ctrl+Shift+F"))
        follow.triggered.connect(self.new_follow_up)
        menu.addAction(series)
        menu.addAction(follow)
        self.menu = menu

    def type_new(self, kind: OutcomeKind) -> None:
        self._show_panel(self.panel)
        self.panel.focus_entry(kind)

    def show_series(self) -> None:
        if self.view is not None:
            self.view.close()
        self.view = SeriesView(self._owner, self._series, self._hub, self.workshop_id, self._clock)
        self.view.sig_open_workshop.connect(self.sig_open_workshop.emit)
        self.view.show()

    def new_follow_up(self) -> None:
        from sprintdesk.ui.shared.service_runner import ServiceRunner

        workshop_id = self.workshop_id
        runner = ServiceRunner(self._hub, lambda message: self.panel.say(f"⚠ {message}"), self._owner)
        made = runner.run(lambda: self._series.create_follow_up(workshop_id))
        if made is not None:
            self.sig_open_workshop.emit(made[0])
