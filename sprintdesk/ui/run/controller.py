"""Drives a live run: forwards actions to the service, ticks repaints, raises alerts.

The QTimer here only asks for a repaint; remaining time is recomputed from the clock on
every tick, so a late or dropped timeout changes nothing but how often the screen updates.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from sprintdesk.domain.agenda_run import RunStatus
from sprintdesk.domain.alerts import AlertTracker
from sprintdesk.domain.clock import Clock
from sprintdesk.domain.timer import TimerState
from sprintdesk.services.changes import Changes
from sprintdesk.services.run import LiveRun
from sprintdesk.ui.run.chime import Chime
from sprintdesk.ui.shared.hub import ChangeHub
from sprintdesk.ui.shared.icons import icon

TICK_MS = 100


class RunController(QObject):
    sig_status = Signal(object)  # RunStatus | None, on every tick and after every action
    sig_alert = Signal(object)  # Alert
    sig_error = Signal(str)
    sig_fullscreen_requested = Signal()
    sig_help_requested = Signal()

    def __init__(
        self,
        live: LiveRun,
        hub: ChangeHub,
        clock: Clock,
        chime: Chime | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.live = live
        self._hub = hub
        self._clock = clock
        self.chime = chime or Chime(self)
        self._alerts = AlertTracker()
        self._prime()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.actions = self._make_actions()

    # -- state -----------------------------------------------------------------------------
    def status(self) -> RunStatus | None:
        return self.live.status()

    def resumed(self) -> bool:
        """True when the run log says a day is under way: the app was restarted (or crashed)
        during a run, and the presenter view comes back as it was."""
        status = self.live.status()
        return status is not None and status.day_elapsed is not None

    def _prime(self) -> None:
        status = self.live.status()
        if status is not None:
            self._alerts.prime(status.current.item_id, status.remaining)

    def tick(self) -> None:
        status = self.live.status()
        if status is not None and status.state is TimerState.RUNNING:
            for alert in self._alerts.check(status.current.item_id, status.remaining, status.allotted):
                self.chime.play()
                self.sig_alert.emit(alert)
        self.sig_status.emit(status)

    def reload(self) -> None:
        """The agenda changed elsewhere: rebuild from the log."""
        self.live.reload()
        self._prime()
        self.tick()

    def stop(self) -> None:
        self._timer.stop()

    # -- actions ---------------------------------------------------------------------------
    def _do(self, action: Callable[[], Changes]) -> None:
        """Through the one runner: a failure (the service rolled back, the run reloads its
        log) is said in run mode's message line; a busy database is waited for."""
        from sprintdesk.ui.shared.service_runner import ServiceRunner

        ServiceRunner(self._hub, self.sig_error.emit).run(action)
        self.tick()

    def toggle(self) -> None:
        self._do(self.live.toggle)

    def next(self) -> None:
        self._do(self.live.next)

    def previous(self) -> None:
        self._do(self.live.previous)

    def restart(self) -> None:
        self._do(self.live.restart)

    def extend(self, seconds: float) -> None:
        self._do(lambda: self.live.extend(seconds))

    def select(self, item_id: int) -> None:
        self._do(lambda: self.live.select(item_id))

    def set_muted(self, muted: bool) -> None:
        self.chime.muted = muted
        mute = self.actions["mute"]
        if mute.isChecked() != muted:
            mute.setChecked(muted)

    def _make_actions(self) -> dict[str, QAction]:
        specs: list[tuple[str, str, str, list[str], Callable[[], None]]] = [
            ("toggle", "Start / pause", "play", ["Space"], self.toggle),
            ("next", "Next", "next", ["N", "Right"], self.next),
            ("previous", "Previous", "previous", ["P", "Left"], self.previous),
            ("plus1", "+1 min", "plus", ["+", "="], lambda: self.extend(60)),
            ("plus5", "+5 min", "plus", ["5"], lambda: self.extend(300)),
            ("minus1", "-1 min", "minus", ["-", "_"], lambda: self.extend(-60)),
            ("restart", "Restart", "restart", ["R"], self.restart),
            (
                "fullscreen",
                "Presenter full screen",
                "fullscreen",
                ["F"],
                self.sig_fullscreen_requested.emit,
            ),
            ("help", "Keyboard shortcuts", "help", ["?"], self.sig_help_requested.emit),
        ]
        actions: dict[str, QAction] = {}
        for key, text, icon_name, keys, slot in specs:
            action = QAction(icon(icon_name), text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text}  ({' / '.join(keys[:2])})")
            action.triggered.connect(slot)
            actions[key] = action
        mute = QAction(icon("bell-off"), "Mute chimes", self)
        mute.setCheckable(True)
        mute.setShortcut(QKeySequence("M"))
        mute.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        mute.setToolTip("Mute chimes  (M)")
        mute.toggled.connect(lambda checked: setattr(self.chime, "muted", checked))
        actions["mute"] = mute
        return actions

    def attach_shortcuts(self, widget: QWidget) -> None:
        """Make the keyboard shortcuts work while focus is anywhere inside ``widget``."""
        widget.addActions(list(self.actions.values()))


SHORTCUTS: list[tuple[str, str]] = [
    ("Space", "Start, pause or resume the current item"),
    ("N  or  →", "Next item"),
    ("P  or  ←", "Previous item"),
    ("+", "Add one minute"),
    ("5", "Add five minutes"),
    ("−", "Take one minute off"),
    ("R", "Restart the current item"),
    ("F", "Presenter view full screen (on or off)"),
    ("M", "Mute or unmute the chimes"),
    ("?", "Show these shortcuts"),
    ("Esc", "Leave full screen"),
]
