"""The room's controls in a workshop window: the actions ("Let participants join…", "Stop
joining", the join slide on J), the participants panel beside run mode, the join slide and
corner code over the presenter view, and joining resumed when the window opens."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolButton, QWidget

from sprintdesk.ui.room.backend import JoinOptions, ServerFactory
from sprintdesk.ui.room.join_dialog import Interface, JoinDialog
from sprintdesk.ui.room.join_slide import SharedScreenJoin
from sprintdesk.ui.room.panel import RoomPanel
from sprintdesk.ui.room.session import RoomSession

if TYPE_CHECKING:
    from sprintdesk.domain.clock import Clock
    from sprintdesk.services.participation import ParticipationService
    from sprintdesk.ui.run.panel import RunPanel
    from sprintdesk.ui.shared.hub import ChangeHub

SLIDE_KEY = "J"
SHORTCUTS: list[tuple[str, str]] = [(SLIDE_KEY, "Show or hide the join slide on the shared screen")]


def _system_interfaces() -> Sequence[Interface]:
    from sprintdesk.web.interfaces import list_interfaces

    return list_interfaces()


class RoomControls(QObject):
    def __init__(
        self,
        window: QWidget,
        workshop_id: int,
        participation: ParticipationService,
        make_server: ServerFactory,
        hub: ChangeHub,
        clock: Clock,
        run_panel: RunPanel,
        boards: Callable[[], list[tuple[int, str]]],
        show_run: Callable[[], None],
        interfaces: Callable[[], Sequence[Interface]] = _system_interfaces,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.run_panel = run_panel
        self._boards = boards
        self._show_run = show_run
        self.interfaces = interfaces
        self.session = RoomSession(workshop_id, participation, make_server, hub, clock, self)
        self.join_action = QAction("Let participants join…", self)
        self.join_action.setToolTip("Phones on this network join the workshop: notes, votes, the timer")
        self.join_action.triggered.connect(self.ask_to_join)
        self.stop_action = QAction("Stop joining", self)
        self.stop_action.triggered.connect(self.session.stop)
        self.slide_action = QAction("Join slide", self)
        self.slide_action.setCheckable(True)
        self.slide_action.setShortcut(QKeySequence(SLIDE_KEY))
        self.slide_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.slide_action.setToolTip(f"Show or hide the join slide on the shared screen  ({SLIDE_KEY})")
        self.slide_action.toggled.connect(self.show_slide)
        run_panel.addAction(self.slide_action)
        run_panel.presenter.addAction(self.slide_action)
        self.screen = SharedScreenJoin(run_panel.presenter)
        self.panel = RoomPanel(self.session, self.slide_action)
        run_panel.add_side(self.panel)
        self.join_button = QToolButton()
        self.join_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.join_button.setDefaultAction(self.join_action)
        self.join_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        run_panel.presenter_row.insertWidget(run_panel.presenter_row.count() - 1, self.join_button)
        self.session.sig_address.connect(self._address)
        self.session.sig_error.connect(self._problem)
        self.dialog: JoinDialog | None = None
        self._address(None)

    def actions(self) -> list[QAction]:
        return [self.join_action, self.stop_action, self.slide_action]

    # -- joining ------------------------------------------------------------------------------
    def ask_to_join(self) -> None:
        """The dialog; starting happens inside it (problems are said there)."""
        state = self.session.participation.joining(self.session.workshop_id)
        defaults = None
        if state is not None:
            policy = state.policy
            defaults = JoinOptions(
                state.host,
                state.port or None,
                policy.anonymous,
                policy.allow_new_names,
                policy.moderation,
                policy.board_id,
            )
        self.dialog = JoinDialog(
            self.interfaces(), self._boards(), self._start, defaults=defaults, parent=self.window
        )
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _start(self, options: JoinOptions) -> str | None:
        problem = self.session.start(options)
        if problem is None:
            self._show_run()  # the participants panel, beside the run
            self.slide_action.setChecked(True)  # the room sees how to join at once
        return problem

    def resume(self) -> None:
        self.session.resume()

    def shutdown(self) -> None:
        self.session.shutdown()

    # -- the shared screen --------------------------------------------------------------------------
    def show_slide(self, shown: bool) -> None:
        if shown and self.session.address is None:
            self.slide_action.setChecked(False)
            return
        if shown and not self.run_panel.presenter.isVisible():
            self.run_panel.set_presenter_visible(True)
        self.screen.set_slide_visible(shown)
        self.session.slide_shown(shown)

    def _problem(self, message: str) -> None:
        """With the participants panel hidden (joining could not resume), run mode's banner."""
        if self.session.address is None:
            self.run_panel.controller.sig_error.emit(message)

    def _address(self, address: object) -> None:
        on = self.session.address is not None
        self.screen.set_address(self.session.address)
        if not on and self.slide_action.isChecked():
            self.slide_action.setChecked(False)
        self.join_action.setEnabled(not on)
        self.join_button.setVisible(not on)
        self.stop_action.setEnabled(on)
        self.slide_action.setEnabled(on)
