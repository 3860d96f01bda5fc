"""The room's controls in a workshop window: the actions ("Let participants join…", "Stop
joining", the join slide on J, the notes waiting for approval), the participants panel beside
run mode, a count of the waiting notes on the Boards tab too, the join slide and corner code
over the presenter view, and joining resumed when the window opens."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QMenu, QToolButton, QWidget

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
INBOX_KEY = "Ctrl+Shift+I"
SHORTCUTS: list[tuple[str, str]] = [
    (SLIDE_KEY, "Show or hide the join slide on the shared screen"),
    (INBOX_KEY, "The notes waiting for approval (then Enter approves, Delete rejects, Ctrl+Enter all)"),
]


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
        self._build_waiting()
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
        return [
            self.join_action,
            self.stop_action,
            self.slide_action,
            self.review_action,
            self.approve_all_action,
        ]

    # -- notes waiting for approval --------------------------------------------------------------
    def _build_waiting(self) -> None:
        self.review_action = QAction("Notes waiting for approval…", self)
        self.review_action.setShortcut(QKeySequence(INBOX_KEY))
        self.review_action.setToolTip(
            "Go to the waiting notes: Enter approves, Delete rejects, Ctrl+Enter approves all"
        )
        self.review_action.triggered.connect(self.review_waiting)
        self.approve_all_action = QAction("Approve all waiting notes", self)
        self.approve_all_action.triggered.connect(self.panel.approve_all)
        self.waiting_button = QToolButton()
        self.waiting_button.setObjectName("waiting-notes")
        self.waiting_button.setProperty("primary", True)  # stands out in the bar
        menu = QMenu(self.waiting_button)
        menu.addAction(self.approve_all_action)
        menu.addAction(self.review_action)
        self.waiting_button.setMenu(menu)
        self.waiting_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.waiting_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.panel.sig_waiting.connect(self._waiting)
        self._waiting(0)

    def add_badge(self, row: QBoxLayout) -> None:
        """The count of waiting notes at the start of ``row`` (the Boards tab's bar)."""
        row.insertWidget(0, self.waiting_button)

    def _waiting(self, count: int) -> None:
        text = f"{count} note{'s' if count != 1 else ''} waiting for approval"
        if self.waiting_button.text() != text:
            self.waiting_button.setText(text)
            self.waiting_button.setAccessibleName(text)
            self.waiting_button.setToolTip(
                f"{text}: approve them all, or review them one by one ({INBOX_KEY})"
            )
        self.waiting_button.setVisible(count > 0)
        self.review_action.setEnabled(count > 0)
        self.approve_all_action.setEnabled(count > 0)

    def review_waiting(self) -> None:
        """Run mode's inbox, with the keys: Enter approves, Delete rejects, Ctrl+Enter all."""
        self._show_run()
        self.panel.inbox.focus_list()

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
        if on:  # the participants panel shows: wide enough to read
            QTimer.singleShot(
                0, self, lambda: self.run_panel.fit_side(self.panel, self.panel.readable_width())
            )
        self.screen.set_address(self.session.address)
        if not on and self.slide_action.isChecked():
            self.slide_action.setChecked(False)
        self.join_action.setEnabled(not on)
        self.join_button.setVisible(not on)
        self.stop_action.setEnabled(on)
        self.slide_action.setEnabled(on)
