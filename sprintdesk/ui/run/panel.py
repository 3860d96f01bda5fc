"""Run mode for the facilitator: the countdown, controls, the agenda, private notes, and the
presenter view for the shared screen."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.agenda_run import RunStatus
from sprintdesk.domain.alerts import Alert
from sprintdesk.domain.board import BoardContent, Cluster, Note
from sprintdesk.domain.clock import Clock, local_today
from sprintdesk.domain.durations import duration_text, format_clock, format_minutes
from sprintdesk.domain.timer import TimerState
from sprintdesk.domain.workshop import Workshop
from sprintdesk.ui.board.look import BoardLook
from sprintdesk.ui.run.agenda_list import RunAgendaList
from sprintdesk.ui.run.controller import RunController
from sprintdesk.ui.run.countdown import CountdownFace, CountdownRing
from sprintdesk.ui.run.panel_parts import (
    board_page,
    error_banner,
    presenter_row,
    read_only_text,
    scaled_bold,
    status_strip,
    timer_controls,
    titled,
)
from sprintdesk.ui.run.presenter_screens import PresenterScreens
from sprintdesk.ui.run.presenter_window import PresenterWindow
from sprintdesk.ui.run.shortcuts_overlay import ShortcutsPanel
from sprintdesk.ui.shared import theme
from sprintdesk.ui.shared.icons import icon
from sprintdesk.ui.shared.settings import AppSettings


@dataclass(frozen=True)
class BoardLoaders:
    """How run mode reads the board of the current item."""

    content: Callable[[int], BoardContent]
    changed: Callable[[int, list[int]], tuple[list[Note], list[Cluster]]]
    look: Callable[[int], BoardLook]


AGENDA_KEEP = 150  # run mode's agenda list keeps this much when a side panel takes room


class RunPanel(QWidget):
    sig_open_board = Signal(object)  # board id

    def __init__(
        self,
        controller: RunController,
        clock: Clock,
        settings: AppSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self.board_loaders: BoardLoaders | None = None
        self.board_id: int | None = None
        self.board_names: dict[int, str] = {}
        self.controller = controller
        self._clock = clock
        self._shown_item: int | None = None
        self._shown_state: TimerState | None = None
        self._shut = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Run mode")  # it has the focus while the run keys work
        self.setAccessibleDescription("Space starts or pauses, N next, P previous, plus adds a minute")
        self.presenter = PresenterWindow(clock)
        controller.attach_shortcuts(self)
        controller.attach_shortcuts(self.presenter)
        controller.sig_status.connect(self._show)
        controller.sig_alert.connect(self._alert)
        controller.sig_error.connect(self._error)
        controller.sig_fullscreen_requested.connect(self.toggle_presenter_full_screen)
        controller.sig_help_requested.connect(self.toggle_shortcuts)
        self._build(controller)

    def _build(self, controller: RunController) -> None:
        strip = status_strip()
        self.day_label, self.day_elapsed, self.projection = (
            strip.day_label,
            strip.day_elapsed,
            strip.projection,
        )
        self.item_title = scaled_bold(QLabel(), 1.8)
        self.item_title.setWordWrap(True)
        self.item_meta = QLabel()
        self.item_meta.setProperty("role", "muted")
        self.ring = CountdownRing()
        self.alert_label = QLabel()
        self.alert_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        controls, self.toggle_button = timer_controls(controller.actions)
        self.screens = PresenterScreens(self.presenter, self._settings, self)
        self.screen_choice, self.presenter_button = self.screens.choice, self.screens.button
        self.screens.restore_soon(controller.resumed())
        self.instructions = read_only_text("No instructions for the room")
        self.notes = read_only_text("No private notes")
        self.next_up = QLabel()
        self.next_up.setWordWrap(True)
        texts = QHBoxLayout()
        texts.addWidget(titled("Instructions (on the shared screen)", self.instructions))
        texts.addWidget(titled("Private notes (only here)", self.notes))
        board = board_page(self)
        self.compact, self.board_scene, self.board_view = board.compact, board.scene, board.view
        self.open_board = board.open_board
        self.open_board.clicked.connect(lambda: self.sig_open_board.emit(self.board_id))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.ring)
        self.stack.addWidget(board.page)
        centre = QVBoxLayout()
        for widget in (self.item_title, self.item_meta):
            centre.addWidget(widget)
        centre.addWidget(self.stack, 1)
        centre.addWidget(self.alert_label)
        centre.addLayout(controls)
        centre.addLayout(texts)
        centre.addWidget(self.next_up)
        self.presenter_row = presenter_row(self.screen_choice, self.presenter_button, controller.actions)
        centre.addLayout(self.presenter_row)
        centre_widget = QWidget()
        centre_widget.setLayout(centre)
        self.agenda = RunAgendaList()
        self.agenda.setMinimumWidth(250)
        self.agenda.sig_item_activated.connect(controller.select)
        splitter = QSplitter()
        splitter.addWidget(self.agenda)
        splitter.addWidget(centre_widget)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 900])
        self.splitter = splitter
        self.shortcuts = ShortcutsPanel(self)
        self.shortcuts.hide()
        self.banner, self._banner_timer = error_banner(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(strip.row)
        layout.addWidget(splitter, 1)

    # -- data ------------------------------------------------------------------------------
    def set_workshop(self, workshop: Workshop) -> None:
        self.screens.workshop_id = workshop.id
        self.agenda.set_workshop(workshop)
        self.presenter.setWindowTitle(f"{workshop.title} — presenter view")
        self._shown_item = None
        self._show(self.controller.status())

    def _show(self, status: RunStatus | None) -> None:
        self.presenter.show_status(status)
        self.ring.set_face(CountdownFace.from_status(status))
        if status is None:
            self.item_title.setText("Add items to the agenda to run it")
            for label in (
                self.item_meta,
                self.day_label,
                self.day_elapsed,
                self.projection,
                self.next_up,
            ):
                label.setText("")
            self.instructions.setPlainText("")
            self.notes.setPlainText("")
            return
        item = status.current.item
        self._show_state(status.state)
        day = status.current.day
        self._set(
            self.day_label,
            f"Day {status.current.day_index + 1}" + (f" · {day.title}" if day.title else ""),
        )
        self._set(self.item_title, item.title)
        self._set(self.item_meta, _item_meta(status))
        if status.day_elapsed is None:
            self._set(self.day_elapsed, "Day not started")
        else:
            self._set(self.day_elapsed, f"Day elapsed {duration_text(status.day_elapsed)}")
        if status.projection is None:
            planned_end = dt.datetime.combine(local_today(self._clock), day.start_time) + dt.timedelta(
                minutes=day.total_minutes
            )
            self._set(self.projection, f"Planned end {planned_end:%H:%M}")
            self._style(self.projection, "")
        else:
            p = status.projection
            self._set(self.projection, f"Projected end {p.projected_end:%H:%M}  ·  {p.describe()}")
            color = theme.status_color(p.status)
            self._style(
                self.projection,
                f"color: {color}; font-weight: 700; border: 2px solid {color};"
                "border-radius: 8px; padding: 3px 10px;",
            )
        if self.instructions.toPlainText() != item.instructions:
            self.instructions.setPlainText(item.instructions)
        if self.notes.toPlainText() != item.notes:
            self.notes.setPlainText(item.notes)
        if status.next_up is None:
            self._set(self.next_up, "<b>Next up:</b> nothing — this is the last item")
        else:
            nxt = status.next_up.item
            self._set(
                self.next_up,
                f"<b>Next up:</b> {html.escape(nxt.title)} · {format_minutes(nxt.duration_minutes)}",
            )
        if status.overtime:
            self._set(self.alert_label, f"Time is up — {format_clock(status.remaining).lstrip('+')} over")
            self._style(self.alert_label, f"color: {theme.colors().late}; font-weight: 700;")
        elif status.warning:
            self._set(self.alert_label, "One minute left")
            self._style(self.alert_label, f"color: {theme.colors().warn}; font-weight: 700;")
        else:
            self._set(self.alert_label, "")
        if status.current.item_id != self._shown_item:
            self._shown_item = status.current.item_id
            self.refresh_actuals()  # the item just left keeps its final actual time
            self.show_board(item.board_id)
        if self.board_id is not None:
            face = CountdownFace.from_status(status)
            self._set(self.compact, f"{face.text}  ·  {face.caption}")
            self._style(self.compact, f"color: {self.ring.tone_color().name()};")
        self.agenda.set_current(status.current.item_id)
        self.agenda.set_actual(status.current.item_id, status.elapsed, status.overtime)

    def show_board(
        self, board_id: int | None, *, reload: bool = False, changed: frozenset[int] | None = None
    ) -> None:
        """Show the current item's board (or the countdown ring when it has none), here and
        on the shared screen; with ``changed`` only those notes are read again."""
        if board_id == self.board_id and not reload:
            return
        loaders = self.board_loaders
        content = None
        if board_id is not None and loaders is not None:
            try:
                if changed is not None and board_id == self.board_id and self.board_scene.content is not None:
                    notes, clusters = loaders.changed(board_id, sorted(changed))
                    found = {n.id for n in notes}
                    self.board_scene.apply_changed(notes, [i for i in changed if i not in found], clusters)
                    content = self.board_scene.content
                else:
                    content = loaders.content(board_id)
            except Exception:  # the board was deleted meanwhile: show the ring
                content = None
        self.board_id = board_id if content is not None else None
        if content is None or loaders is None:
            self.stack.setCurrentIndex(0)
            self.compact.hide()
            self.presenter.show_board(None)
            return
        first = self.stack.currentIndex() == 0 or not reload
        look = loaders.look(content.board.id or 0)
        self.board_scene.show(content, look, changed if not first else None)
        self.stack.setCurrentIndex(1)
        self.compact.show()
        if first:
            self.board_view.fit_all()
        self.presenter.show_board(content, look.for_the_room(), changed if not first else None)

    def add_side(self, widget: QWidget) -> None:
        """A panel at the right of run mode (the participants); run keys work inside it. The
        agenda list may then give up room down to AGENDA_KEEP: were it still at its own minimum
        when the panel shows, the window would grow instead (seen with wider fonts)."""
        self.agenda.setMinimumWidth(min(self.agenda.minimumWidth(), AGENDA_KEEP))
        self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(self.splitter.count() - 1, 1)

    def fit_side(self, widget: QWidget, wanted: int) -> None:
        """Give the side panel ``wanted`` pixels when it shows, taken from the agenda list (down
        to AGENDA_KEEP) and then from the centre (down to what it needs), never by making the
        window wider than it is."""
        sizes = self.splitter.sizes()
        index = self.splitter.indexOf(widget)
        if index != 2 or len(sizes) != 3 or sizes[2] >= wanted:
            return
        agenda, centre, side = sizes
        self.agenda.setMinimumWidth(min(self.agenda.minimumWidth(), AGENDA_KEEP))
        need = wanted - side
        from_agenda = min(need, max(0, agenda - AGENDA_KEEP))
        centre_widget = self.splitter.widget(1)
        centre_min = centre_widget.minimumSizeHint().width() if centre_widget is not None else centre
        from_centre = min(need - from_agenda, max(0, centre - centre_min))
        self.splitter.setSizes([agenda - from_agenda, centre - from_centre, side + from_agenda + from_centre])

    def refresh_actuals(self) -> None:
        for item_id, (elapsed, over) in self.controller.live.actuals().items():
            self.agenda.set_actual(item_id, elapsed, over)

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)

    @staticmethod
    def _style(widget: QWidget, sheet: str) -> None:
        """Re-polishing is costly: only when the style really changes (not every tick)."""
        if widget.styleSheet() != sheet:
            widget.setStyleSheet(sheet)

    def _show_state(self, state: TimerState) -> None:
        if state is self._shown_state:
            return
        self._shown_state = state
        toggle = self.controller.actions["toggle"]
        running = state is TimerState.RUNNING
        toggle.setIcon(icon("pause" if running else "play"))
        toggle.setText("Pause" if running else ("Resume" if state is TimerState.PAUSED else "Start"))

    def _alert(self, alert: Alert) -> None:
        self.presenter.flash(alert)

    def _error(self, message: str) -> None:
        self.banner.setText(f"⚠ {message}")
        self.banner.show()
        self._banner_timer.start()

    # -- presenter -------------------------------------------------------------------------
    def set_presenter_visible(self, visible: bool) -> None:
        self.screens.set_visible(visible)

    def toggle_presenter_full_screen(self) -> None:
        self.screens.toggle_full_screen()

    def toggle_shortcuts(self) -> None:
        self.shortcuts.setVisible(not self.shortcuts.isVisible())
        if self.shortcuts.isVisible():
            self.shortcuts.place()
            self.shortcuts.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.shortcuts.isVisible():
            self.shortcuts.place()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc in run mode leaves the presenter's full screen (the README's key table), wherever
        in run mode the focus is: keys nothing in it used come up here."""
        if event.key() == Qt.Key.Key_Escape and self.presenter.isFullScreen():
            self.presenter.showNormal()
            return
        super().keyPressEvent(event)

    def shutdown(self) -> None:
        """The workshop window closes: its countdown stops and its presenter view leaves the
        shared screen now (not an event later), without remembering it as hidden: after a
        crash or a restart it comes back as it was."""
        if self._shut:
            return
        self._shut = True
        self.controller.stop()
        self.presenter.blockSignals(True)
        self.presenter.hide()
        self.presenter.deleteLater()


def _item_meta(status: RunStatus) -> str:
    """``Item 2 of 9 · Discussion · planned 45m · +5m adjusted``."""
    item = status.current.item
    extra = round(status.allotted / 60) - item.duration_minutes
    adjusted = f"  ·  {'+' if extra > 0 else '−'}{format_minutes(abs(extra))} adjusted" if extra else ""
    return (
        f"Item {status.index + 1} of {status.count}  ·  {item.kind.label}  ·  "
        f"planned {format_minutes(item.duration_minutes)}{adjusted}"
    )
