"""The main window of one workshop: Details, Agenda and Run, with undo and menus."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

from sprintdesk.domain.clock import Clock
from sprintdesk.services.bundle import Services
from sprintdesk.services.changes import Changes
from sprintdesk.services.errors import NotFoundError
from sprintdesk.services.run import LiveRun
from sprintdesk.ui.agenda.editor import AgendaEditor
from sprintdesk.ui.board.look import BoardLook
from sprintdesk.ui.board.panel import BoardPanel
from sprintdesk.ui.board.panel_parts import BOARD_KEYS
from sprintdesk.ui.library.template_dialogs import save_template_action
from sprintdesk.ui.outcomes.tab import OutcomesTab
from sprintdesk.ui.room.backend import ServerFactory
from sprintdesk.ui.room.controls import RoomControls
from sprintdesk.ui.run.chime import Chime
from sprintdesk.ui.run.controller import RunController
from sprintdesk.ui.run.panel import BoardLoaders, RunPanel
from sprintdesk.ui.run.shortcuts_overlay import WHAT, Section, ShortcutsPanel, action_rows
from sprintdesk.ui.shared.help_menu import add_help_actions
from sprintdesk.ui.shared.hub import ChangeHub
from sprintdesk.ui.shared.icons import app_icon, icon
from sprintdesk.ui.shared.screens import fit_to_screen
from sprintdesk.ui.shared.settings import AppSettings
from sprintdesk.ui.shared.theme_menu import add_view_menu
from sprintdesk.ui.workshop.details_panel import DetailsPanel
from sprintdesk.ui.workshop.export_menu import ExportMenu

TAB_DETAILS, TAB_AGENDA, TAB_BOARDS, TAB_RUN = 0, 1, 2, 3
TAB_OUTCOMES = 4


PREFERRED = QSize(1600, 1000)  # capped by the screen it opens on
REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y")  # both, on every platform, each once (no StandardKey:
# on X11 it is Ctrl+Shift+Z itself, and a key listed twice is an ambiguous shortcut: nothing runs)


class WorkshopWindow(QMainWindow):
    sig_closed = Signal(int)  # workshop id
    sig_open_workshop = Signal(int)  # another workshop of the series

    def __init__(
        self,
        workshop_id: int,
        *,
        services: Services,
        live_run: LiveRun,
        hub: ChangeHub,
        clock: Clock,
        settings: AppSettings,
        show_library: Callable[[], None],
        database_label: str | None = None,
        make_room_server: ServerFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workshop_id = workshop_id
        workshops, boards, voting = services.workshops, services.boards, services.voting
        self._workshops = workshops
        self._hub = hub
        self._settings = settings
        self._database_label = database_label  # for Help > About
        self._personal_templates = services.personal_templates
        self.setWindowIcon(app_icon())
        self.undo_stack = QUndoStack(self)

        self.details = DetailsPanel(workshops, hub, clock)
        self.editor = AgendaEditor(services.agenda, hub, self.undo_stack)
        chime = Chime(self)
        self.controller = RunController(live_run, hub, clock, chime, self)
        self.controller.set_muted(settings.muted)
        self.controller.actions["mute"].toggled.connect(self._remember_mute)
        self.run_panel = RunPanel(self.controller, clock, settings)
        self._boards = boards
        self.boards = BoardPanel(boards, voting, services.note_import, hub, self.undo_stack)
        self.run_panel.board_loaders = BoardLoaders(
            content=boards.load, changed=boards.load_changed, look=self._board_look
        )
        self._voting = voting
        self.run_panel.sig_open_board.connect(self._open_board)
        self.controller.sig_status.connect(self.boards.show_countdown)
        self.boards.sig_share.connect(self.run_panel.presenter.show_board)
        self.boards.view.sig_room_focus.connect(self.run_panel.presenter.focus_room)

        self.export_menu = ExportMenu(self, workshop_id, services.exports, services.workshop_files, settings)
        self._build_tabs(services, hub, clock)
        self.room: RoomControls | None = None
        if make_room_server is not None:
            self.room = RoomControls(
                self,
                workshop_id,
                services.participation,
                make_room_server,
                hub,
                clock,
                self.run_panel,
                lambda: list(self.run_panel.board_names.items()),
                lambda: self.tabs.setCurrentIndex(TAB_RUN),
            )
            self.room.add_badge(self.boards.menu.end)  # waiting notes counted on the Boards tab
        self._build_menus(show_library)
        self.view_menu = add_view_menu(self.menuBar(), settings, self.reload)  # View > Theme, Presenter theme
        self.outcome_tab.add_menu(self.menuBar())
        hub.sig_changed.connect(self._on_changes)
        self.reload()
        self._first_look(settings)
        if self.room is not None:
            self.room.resume()  # joining was on when SprintDesk stopped: the phones come back

    def _build_tabs(self, services: Services, hub: ChangeHub, clock: Clock) -> None:
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Workshop")  # Ctrl+Tab / Ctrl+PgUp switch its tabs
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never steal the run keys
        self.tabs.addTab(self.details, icon("details"), "Details")
        self.tabs.addTab(self.editor, icon("agenda"), "Agenda")
        self.tabs.addTab(self.boards, icon("details"), "Boards")
        self.tabs.addTab(self.run_panel, icon("timer"), "Run")
        self.outcome_tab = OutcomesTab(
            self,
            self.workshop_id,
            self.boards,
            self.undo_stack,
            self.tabs.setCurrentWidget,
            (services.outcomes, services.series),
            hub,
            clock,
        )
        self.outcome_tab.sig_open_workshop.connect(self.sig_open_workshop.emit)
        self.tabs.addTab(self.outcome_tab.panel, icon("outcomes"), "Outcomes")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        self._tab_keys()

    def _tab_keys(self) -> None:
        """Next / previous tab from anywhere in the window, even from a table, which keeps
        Ctrl+Tab for itself (the tab bar takes no focus, so this is the keyboard's way)."""
        for text, keys, step in (
            ("Next tab", ("Ctrl+Tab", "Ctrl+PgDown"), 1),
            ("Previous tab", ("Ctrl+Shift+Tab", "Ctrl+PgUp"), -1),
        ):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _c=False, s=step: self._step_tab(s))
            self.addAction(action)

    def _step_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _first_look(self, settings: AppSettings) -> None:
        """Its size, and the tab a facilitator wants first: Run while a run goes on, the
        agenda once there is one, the carried items of a new follow-up, else the details."""
        geometry = settings.geometry("workshop")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            fit_to_screen(self, PREFERRED)
        status = self.controller.status()
        has_items = bool(self.workshop.items())
        running = status is not None and status.day_elapsed is not None
        self.tabs.setCurrentIndex(TAB_RUN if running else (TAB_AGENDA if has_items else TAB_DETAILS))
        if not running and not has_items and self.outcome_tab.panel.has_carried():
            self.tabs.setCurrentIndex(TAB_OUTCOMES)  # a new follow-up starts with what is open

    def _build_menus(self, show_library: Callable[[], None]) -> None:
        file_menu = self.menuBar().addMenu("&File")
        library = QAction(icon("open"), "Workshop library…", self)
        library.setShortcut(QKeySequence("Ctrl+O"))
        library.triggered.connect(show_library)
        file_menu.addAction(library)
        file_menu.addSeparator()
        for key in ("summary", "handout", "markdown", "csv", "workshop_file"):
            file_menu.addAction(self.export_menu.actions[key])
        file_menu.addSeparator()
        if self._personal_templates is not None:  # File > Save as template…
            self.save_template_action = save_template_action(
                self, self.workshop_id, lambda: self.workshop.title, self._personal_templates, self._hub
            )
            file_menu.addAction(self.save_template_action)
            file_menu.addSeparator()
        close = QAction("Close workshop", self)
        close.setShortcut(QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        file_menu.addAction(close)

        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        undo.setIcon(icon("undo"))
        undo.setProperty(WHAT, "Undo")
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence(k) for k in REDO_KEYS])
        redo.setProperty(WHAT, "Redo")
        redo.setIcon(icon("redo"))
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        edit_menu.addSeparator()
        for key in ("add_item", "add_day", "duplicate", "delete", "move_up", "move_down"):
            edit_menu.addAction(self.editor.editor_actions[key])

        run_menu = self.menuBar().addMenu("&Run")
        for key in ("toggle", "previous", "next", "plus1", "plus5", "minus1", "restart", "mute"):
            run_menu.addAction(self.controller.actions[key])
        run_menu.addSeparator()
        presenter = QAction(icon("presenter"), "Show presenter view", self)
        presenter.setShortcut(QKeySequence("Ctrl+P"))
        presenter.triggered.connect(lambda: self.run_panel.set_presenter_visible(True))
        run_menu.addAction(presenter)
        run_menu.addAction(self.controller.actions["fullscreen"])
        run_menu.addAction(self.run_panel.screens.switch_action)  # F5, from every tab
        reset = QAction("Reset the run log…", self)
        reset.triggered.connect(self._reset_run)
        run_menu.addAction(reset)
        if self.room is not None:
            run_menu.addSeparator()
            for action in self.room.actions():
                run_menu.addAction(action)

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.controller.actions["help"])
        self.help_actions = add_help_actions(help_menu, self, lambda: self._database_label)
        self._build_shortcuts_panel()

    def _build_shortcuts_panel(self) -> None:
        """ "?" anywhere in the window (not only in run mode) shows every key of the window;
        ? or Esc hides it. The run panel's own toggle now shows this one."""
        self.addAction(self.controller.actions["help"])
        self.shortcuts = ShortcutsPanel(self.tabs, self._shortcut_sections)
        self.shortcuts.hide()
        self.run_panel.shortcuts.deleteLater()
        self.run_panel.shortcuts = self.shortcuts
        close = QAction("Close the shortcuts panel", self)
        close.setShortcut(QKeySequence("Esc"))
        close.setEnabled(False)  # only while the panel is shown: Esc stays free for the rest
        close.triggered.connect(self.shortcuts.hide)
        self.addAction(close)
        self.shortcuts.installEventFilter(self)
        self.close_shortcuts = close

    def _shortcut_sections(self) -> list[Section]:
        listed: set[int] = set()
        run = [*self.controller.actions.values(), *self.run_panel.presenter.actions()]
        sections: list[Section] = [
            ("Run", [*action_rows(run, listed), ("Esc", "Leave presenter full screen")])
        ]
        sections.append(("Board", action_rows(self.boards.actions(), listed) + list(BOARD_KEYS)))
        sections.append(("Agenda", action_rows(self.editor.actions(), listed)))
        menus = [a for menu in self.menuBar().findChildren(QMenu) for a in menu.actions()]
        window = action_rows([*menus, *self.actions()], listed)
        sections.append(("Window", window))  # with Esc: close this panel
        return sections

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.shortcuts and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self.close_shortcuts.setEnabled(event.type() == QEvent.Type.Show)
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.shortcuts.isVisible():
            self.shortcuts.place()

    # -- refresh from changes --------------------------------------------------------------
    def reload(self) -> None:
        try:
            self.workshop = self._workshops.get(self.workshop_id)
        except NotFoundError:
            self.close()
            return
        self.setWindowTitle(self.workshop.title)
        self.details.set_workshop(self.workshop)
        self.boards.set_workshop(self.workshop)
        self._refresh_board_links()
        self.editor.set_workshop(self.workshop)
        self.run_panel.set_workshop(self.workshop)

    def _refresh_board_links(self) -> None:
        boards = self._boards.boards_of(self.workshop_id)
        self.editor.form.set_boards([(b.board.id, b.board.name) for b in boards if b.board.id is not None])
        self.run_panel.board_names = {b.board.id: b.board.name for b in boards if b.board.id is not None}

    def _board_look(self, board_id: int) -> BoardLook:
        """Votes (when revealed) and authors of a board, for run mode and the shared screen."""
        state = self._voting.state(board_id)
        look = BoardLook(
            revealed=state.revealed, people={p.id: p for p in self.workshop.participants if p.id}
        )
        if state.revealed:
            look.tallies, look.cluster_tallies = state.note_tallies, state.cluster_tallies
        look.color_by = self.boards.scene.look.color_by
        return look

    def _open_board(self, board_id: int | None) -> None:
        if board_id is not None:
            self.tabs.setCurrentIndex(TAB_BOARDS)
            self.boards.menu.refresh(select=board_id)

    def _on_changes(self, changes: Changes) -> None:
        if changes.board_id is not None and changes.board_id == self.run_panel.board_id:
            # a hidden dot changes nothing the room sees: only those notes are read again (a
            # full reload per dot from a hundred phones froze the window); once the votes are
            # revealed, tallies on clusters move too, so the board is read again
            revealed = self.run_panel.board_scene.look.revealed
            partial = changes.note_ids and not (changes.structure or (changes.votes and revealed))
            changed = changes.note_ids if partial else None
            self.run_panel.show_board(changes.board_id, reload=True, changed=changed)
        if changes.workshop_id is None:
            return
        if changes.workshop_id != self.workshop_id:
            return
        if changes.boards:
            self._refresh_board_links()
        if changes.removed:
            self.close()
            return
        if changes.agenda:
            self.controller.reload()
        if changes.agenda or changes.details:
            self.reload()

    def _tab_changed(self, index: int) -> None:
        if index == TAB_RUN:
            self.run_panel.setFocus(Qt.FocusReason.TabFocusReason)
            self.run_panel.refresh_actuals()

    def _remember_mute(self, muted: bool) -> None:
        self._settings.muted = muted

    def _reset_run(self) -> None:
        answer = QMessageBox.question(
            self,
            "Reset the run log",
            "Forget every recorded start, pause and extension of this workshop and start the run over?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            from sprintdesk.ui.shared.service_runner import ServiceRunner

            def tell(message: str) -> None:
                QMessageBox.warning(self, "Reset the run log", message)

            if ServiceRunner(self._hub, tell, self).run(self.controller.live.reset) is None:
                return
            self.controller.reload()
            self.run_panel.set_workshop(self.workshop)

    def closeEvent(self, event: QCloseEvent) -> None:
        """The presenter view goes first, and the window closes whatever fails on the way
        (a failure is still raised, so it is said)."""
        self.run_panel.shutdown()
        try:
            self.export_menu.wait()
            self._settings.set_geometry("workshop", self.saveGeometry())
            if self.room is not None:
                self.room.shutdown()  # the room's server stops with its window
        finally:
            with contextlib.suppress(RuntimeError):  # already disconnected: closed before
                self._hub.sig_changed.disconnect(self._on_changes)
            self.sig_closed.emit(self.workshop_id)
            super().closeEvent(event)
