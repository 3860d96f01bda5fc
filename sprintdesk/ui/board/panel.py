"""The Boards tab: pick a board, write notes fast, cluster, search, filter, vote, and share
the board on the presenter screen."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.board import Board, BoardContent
from sprintdesk.domain.voting import VoteRules
from sprintdesk.domain.workshop import Workshop
from sprintdesk.services.boards import BoardService
from sprintdesk.services.changes import Changes
from sprintdesk.services.note_import import NoteImportService
from sprintdesk.services.voting import VoteState, VotingService
from sprintdesk.ui.board.actions import BoardActions
from sprintdesk.ui.board.board_bar import BoardBar
from sprintdesk.ui.board.entry import QuickEntry, palette_bar
from sprintdesk.ui.board.finder import Finder
from sprintdesk.ui.board.minimap import Minimap
from sprintdesk.ui.board.new_notes import NewNotesSign
from sprintdesk.ui.board.panel_parts import (
    author_choice,
    board_tools,
    colour_by_choice,
    entry_row,
    side_column,
)
from sprintdesk.ui.board.perspective_panel import PerspectiveControl
from sprintdesk.ui.board.scene import BoardScene
from sprintdesk.ui.board.view import BoardView
from sprintdesk.ui.board.vote_panel import VotePanel
from sprintdesk.ui.board.writing import NoteWriting
from sprintdesk.ui.shared.hub import ChangeHub
from sprintdesk.ui.shared.service_runner import ServiceRunner


class BoardPanel(QWidget):
    sig_share = Signal(object, object, object)  # content (None: stop sharing), look, changed ids

    def __init__(
        self,
        boards: BoardService,
        voting: VotingService,
        importer: NoteImportService,
        hub: ChangeHub,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._boards, self._voting, self._hub = boards, voting, hub
        self.workshop: Workshop | None = None
        self.content: BoardContent | None = None
        self.scene = BoardScene(self)
        self.view = BoardView(self.scene)
        self.view.setAccessibleName("Board: notes and clusters")
        self.view.viewport().setAccessibleName("Board: notes and clusters")  # what has the focus
        self.view.setAccessibleDescription(
            "Find a note with Find notes and Enter to select it; V gives it a dot, F2 edits it"
        )
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        self.calls = ServiceRunner(hub, self.say, self, settled=lambda: self.say(""))
        self.board_actions = BoardActions(boards, voting, self.scene, undo_stack, self.calls)
        self.menu = BoardBar(self, boards, importer, hub, self.board_actions, self.say)
        self.menu.sig_share_toggled.connect(self._share_toggled)
        self.finder = Finder(self.scene, self.view)
        self.new_notes = NewNotesSign(self.view, self.scene)
        self.votes = VotePanel()
        self.minimap = Minimap()
        self._fitted_board: int | None = None

        self.writing = NoteWriting(self.board_actions, self.view, self.scene)
        self.quick = QuickEntry(self.writing.quick_add)
        colors = palette_bar(lambda color: self.board_actions.set_color(color))
        self.color_buttons = colors.buttons

        self._build(colors)
        self._connect(hub)

    def _build(self, colors: QWidget) -> None:
        slots: dict[str, Callable[[], object]] = {
            "group": self.group,
            "ungroup": self.ungroup,
            "arrange": self.arrange,
            "tidy": self.board_actions.tidy,
            "collapse": self.toggle_collapse,
            "fit": self.view.fit_all,
            "actual": self.view.actual_size,
            "zoom_in": lambda: self.view.zoom_by(1.25),
            "zoom_out": lambda: self.view.zoom_by(0.8),
        }
        tools, self.tools = board_tools(self, slots)
        self.cluster_title = QLineEdit()
        self.cluster_title.setPlaceholderText("Cluster title")
        self.cluster_title.setAccessibleName("Cluster title")
        self.cluster_title.setMaximumWidth(150)
        self.cluster_title.returnPressed.connect(self._rename_cluster)
        tools.addWidget(self.cluster_title)
        self.zoom_label = QLabel("100 %")
        tools.addWidget(self.zoom_label)
        self.countdown = QLabel()
        self.countdown.setProperty("role", "heading")
        self.countdown.setToolTip("The running agenda item")
        tools.addWidget(self.countdown)
        self.perspectives = PerspectiveControl(self, self.scene, tools, self.share_now, self.tools["fit"])
        self.tools["perspectives"] = self.perspectives.action
        self.author = author_choice()
        self.color_by = colour_by_choice()
        splitter = QSplitter()
        splitter.addWidget(self.perspectives.under(self.view))
        splitter.addWidget(side_column(self.votes, self.minimap))
        splitter.setStretchFactor(0, 4)
        splitter.setSizes([1000, 280])
        # Two compact rows above the board (a 1280 x 720 screen keeps over half for the board):
        # which board and its tools, then writing and finding notes.
        top = self.menu.row
        top.addWidget(tools, 1)
        top.addLayout(self.menu.end)
        writing = entry_row(self.quick, colors, self.author, self.color_by)
        writing.addSpacing(8)
        writing.addLayout(self.finder.row, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(writing)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

    def _connect(self, hub: ChangeHub) -> None:
        self.author.currentIndexChanged.connect(
            lambda _i: setattr(self.board_actions, "author_id", self.author.currentData())
        )
        self.color_by.currentIndexChanged.connect(self._color_by_changed)
        self.view.sig_moved.connect(self.board_actions.moved)
        self.view.sig_delete_requested.connect(self.board_actions.delete_selected)
        self.view.sig_vote_clicked.connect(self._vote_clicked)
        self.view.sig_cluster_activated.connect(self._focus_cluster_title)
        self.view.sig_zoom_changed.connect(self._zoomed)
        self.view.horizontalScrollBar().valueChanged.connect(lambda _v: self._viewport_moved())
        self.view.verticalScrollBar().valueChanged.connect(lambda _v: self._viewport_moved())
        self.scene.selectionChanged.connect(self._selection_changed)
        self.minimap.sig_center_on.connect(lambda x, y: self.view.centerOn(x, y))
        self.votes.sig_start.connect(self._start_vote)
        self.votes.sig_reveal.connect(self._reveal)
        self.votes.sig_voter_changed.connect(self._voter_changed)
        self.votes.sig_supervote_changed.connect(lambda on: setattr(self.board_actions, "supervote", on))
        self.menu.sig_board_selected.connect(self.show_board)
        hub.sig_changed.connect(self._on_changes)
        self._selection_changed()

    # -- data ------------------------------------------------------------------------------
    def set_workshop(self, workshop: Workshop) -> None:
        self.workshop = workshop
        self.scene.look.people = {p.id: p for p in workshop.participants if p.id is not None}
        current = self.author.currentData()
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItem("No author", None)
        for person in workshop.participants:
            self.author.addItem(f"{person.name} · {person.role.value}", person.id)
        index = self.author.findData(current)
        self.author.setCurrentIndex(index if index >= 0 else 0)
        self.author.blockSignals(False)
        self.board_actions.author_id = self.author.currentData()
        self.menu.set_workshop(workshop.id or 0)
        if self.board_actions.board_id is not None:
            self._reload_votes()
            self.scene.refresh_looks()

    def show_board(self, board_id: int | None) -> None:
        self.board_actions.board_id = board_id
        self.view.editor.hide()
        if board_id is None:
            self.content = None
            self.scene.apply(BoardContent(board=Board(name="", workshop_id=0)))
            self.new_notes.after_change(None)
            self.minimap.set_content(None)
            self._set_enabled(False)
            return
        self._set_enabled(True)
        self.reload()
        if self._fitted_board != board_id:
            self._fitted_board = board_id
            if len(self.scene.notes) < 30 and self.scene.structure is None:  # a structure is shown whole
                self.view.actual_size()
                self.view.centerOn(self.scene.content_rect().center())
            else:
                self.view.fit_all()

    def reload(self) -> None:
        board_id = self.board_actions.board_id
        if board_id is None:
            return
        self.content = self._boards.load(board_id)
        self.new_notes.before_change()
        self.scene.apply(self.content)
        self.new_notes.after_change(board_id)
        self.minimap.set_content(self.content)
        self.finder.refresh()
        self._reload_votes()
        self.menu.show_private_writing(self.content)
        self.menu.show_count(len(self.scene.notes))  # another program may have added some
        self._viewport_moved()
        self.share_now()

    def reload_changed(self, note_ids: frozenset[int], *, votes: bool) -> None:
        """Refresh only the notes an action touched (and the clusters around them)."""
        board_id = self.board_actions.board_id
        if board_id is None:
            return
        notes, clusters = self._boards.load_changed(board_id, sorted(note_ids))
        found = {n.id for n in notes}
        self.new_notes.before_change()
        self.scene.apply_changed(notes, [i for i in note_ids if i not in found], clusters)
        self.new_notes.after_change(board_id)  # out of sight: "2 new notes below ↓"
        self.content = self.scene.content
        self.minimap.set_content(self.content)
        self.finder.refresh()
        self._reload_votes()
        self.menu.show_private_writing(self.content)
        self.menu.show_count(len(self.scene.notes))
        self._selection_changed()
        self.share_now(note_ids)

    def share_now(self, changed: frozenset[int] | None = None) -> None:
        """Send the board to the shared screen, when it is shared."""
        if self.menu.sharing and self.content is not None:
            self.sig_share.emit(self.content, self.scene.look.for_the_room(), changed)
            self._viewport_moved()

    def _share_toggled(self, on: bool) -> None:
        if on:
            self.share_now()
        else:
            self.sig_share.emit(None, None, None)

    def _reload_votes(self) -> None:
        if self.board_actions.board_id is None or self.content is None:
            return
        state = self._voting.state(self.board_actions.board_id)
        self._apply_votes(state)

    def _apply_votes(self, state: VoteState) -> None:
        look = self.scene.look
        look.revealed = state.revealed
        look.tallies = state.note_tallies
        look.cluster_tallies = state.cluster_tallies
        voter = self.board_actions.voter
        look.voter_dots = {}
        if voter is not None and state.session is not None:
            for vote in state.votes:
                if vote.participant_id == voter:
                    look.voter_dots[vote.note_id] = look.voter_dots.get(vote.note_id, 0) + 1
        people = list(self.workshop.participants) if self.workshop else []
        assert self.content is not None
        self.votes.show_state(state, people, self.content)
        self.view.vote_mode = state.session is not None and voter is not None and not state.revealed
        self.perspectives.refresh(self.content, people, state)
        self.scene.refresh_looks()

    def _on_changes(self, changes: Changes) -> None:
        if self.workshop is None:
            return
        if changes.boards and changes.workshop_id == self.workshop.id:
            self.menu.refresh(select=changes.board_id)
        if changes.board_id is not None and changes.board_id == self.board_actions.board_id:
            if changes.note_ids and self.content is not None and not (changes.boards or changes.structure):
                self.reload_changed(changes.note_ids, votes=changes.votes)
            else:
                self.reload()

    # -- actions ---------------------------------------------------------------------------
    def say(self, message: str) -> None:
        self.status.setText(message)

    def group(self) -> None:
        count = len(self.scene.clusters) + 1
        title = self.cluster_title.text().strip() if not self.scene.selected_cluster() else ""
        cluster_id = self.board_actions.group(title or f"Theme {count}")
        if cluster_id is not None:
            self._focus_cluster_title(cluster_id)

    def ungroup(self) -> None:
        cluster = self.scene.selected_cluster()
        if cluster is not None:
            self.board_actions.ungroup(cluster.cluster_id)

    def arrange(self) -> None:
        cluster = self.scene.selected_cluster()
        if cluster is None:
            self.say("Select a cluster (click its title) to arrange its notes.")
            return
        self.board_actions.arrange(cluster.cluster_id)

    def toggle_collapse(self) -> None:
        cluster = self.scene.selected_cluster()
        if cluster is not None:
            import dataclasses

            after = dataclasses.replace(cluster.cluster, collapsed=not cluster.cluster.collapsed)
            self.board_actions.edit_cluster(
                "Expand cluster" if cluster.cluster.collapsed else "Collapse cluster", after
            )

    def _focus_cluster_title(self, cluster_id: int) -> None:
        item = self.scene.clusters.get(cluster_id)
        if item is None:
            return
        self.scene.clearSelection()
        item.setSelected(True)
        self.cluster_title.setText(item.cluster.title)
        self.cluster_title.setFocus()
        self.cluster_title.selectAll()

    def _rename_cluster(self) -> None:
        cluster = self.scene.selected_cluster()
        if cluster is None:
            self.group()
            return
        self.board_actions.edit_cluster(
            "Rename cluster", dataclasses.replace(cluster.cluster, title=self.cluster_title.text())
        )
        self.view.setFocus()

    def _selection_changed(self) -> None:
        cluster = self.scene.selected_cluster()
        notes = self.scene.selected_note_ids()
        self.tools["group"].setEnabled(bool(notes))
        for key in ("ungroup", "arrange", "collapse"):
            self.tools[key].setEnabled(cluster is not None)
        if cluster is not None:
            self.tools["collapse"].setText("Expand" if cluster.cluster.collapsed else "Collapse")
            if not self.cluster_title.hasFocus():
                self.cluster_title.setText(cluster.cluster.title)
        elif not self.cluster_title.hasFocus():
            self.cluster_title.clear()
        if notes:
            from sprintdesk.ui.board.structure_editor import selection_text

            self.say(selection_text(self.scene.structure, [self.scene.note(i) for i in notes]))

    def _vote_clicked(self, note_id: int, take_back: bool) -> None:
        people = {p.id: p for p in (self.workshop.participants if self.workshop else ())}
        person = people.get(self.board_actions.voter)
        self.board_actions.vote(note_id, take_back, person.name if person else "?")

    def _voter_changed(self, participant_id: int | None) -> None:
        self.board_actions.voter = participant_id
        self._reload_votes()

    def _start_vote(self, rules: VoteRules) -> None:
        if self.board_actions.board_id is None:
            return
        if self.board_actions.start_vote(rules):
            self.votes.pick(0)
            self.say(
                "Vote started: pick a participant, then click notes. Votes stay hidden until you reveal."
            )

    def _reveal(self, revealed: bool) -> None:
        if self.board_actions.board_id is None:
            return
        self.board_actions.reveal(revealed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """In a vote: 1-9 picks who is voting, V gives the selected notes a dot each,
        Shift+V takes one back."""
        if self.votes.voters.isEnabled():
            key = event.key()
            if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not event.modifiers():
                self.votes.pick(key - Qt.Key.Key_1)
                return
            if key == Qt.Key.Key_V:
                take_back = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                for note_id in self.scene.selected_note_ids():
                    self._vote_clicked(note_id, take_back)
                return
        super().keyPressEvent(event)

    def _color_by_changed(self, _index: int) -> None:
        self.scene.look.color_by = self.color_by.currentData()
        self.scene.overview.set_notes(item.note for item in self.scene.notes.values())
        self.scene.refresh_looks()

    def show_countdown(self, status: object) -> None:
        """The run's countdown, small, so it stays in sight while the board is worked on."""
        from sprintdesk.ui.run.countdown import chip_text

        self.countdown.setText(chip_text(status))

    # -- view ------------------------------------------------------------------------------
    def _zoomed(self, scale: float) -> None:
        self.zoom_label.setText(f"{round(scale * 100)} %")
        self._viewport_moved()

    def _viewport_moved(self) -> None:
        visible = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        self.minimap.set_visible_rect(visible)
        self.menu.sig_visible_rect.emit(visible)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.quick, self.view, self.votes, self.cluster_title):
            widget.setEnabled(enabled)
        for action in self.tools.values():
            action.setEnabled(enabled)
        if enabled:
            self._selection_changed()
