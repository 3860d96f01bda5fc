"""Dot voting beside the board: start a vote, pick who is voting, see dots left, reveal,
and the ranked results. Votes for a room without devices are entered here: pick a
participant (or press 1-9), then click notes (Alt-click takes a dot back)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.board import BoardContent
from sprintdesk.domain.voting import DEFAULT_BUDGET, MAX_BUDGET, VoteRules
from sprintdesk.domain.workshop import Participant, Role
from sprintdesk.services.voting import VoteState

ID = Qt.ItemDataRole.UserRole


class VotePanel(QWidget):
    sig_start = Signal(object)  # VoteRules
    sig_reveal = Signal(bool)
    sig_voter_changed = Signal(object)  # participant id or None
    sig_supervote_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(240)
        self.budget = QSpinBox()
        self.budget.setRange(1, MAX_BUDGET)
        self.budget.setValue(DEFAULT_BUDGET)
        self.supervotes = QSpinBox()
        self.supervotes.setRange(0, MAX_BUDGET)
        self.supervotes.setToolTip("Extra dots for Deciders (0: no supervote)")
        self.budget.setAccessibleName("Dots each")
        self.supervotes.setAccessibleName("Supervotes")
        self.stacking = QCheckBox("Several dots on one note")
        self.start_button = QPushButton("Start a vote")
        self.start_button.clicked.connect(self._start)
        setup = QGroupBox("New vote")
        form = QFormLayout(setup)
        form.addRow("Dots each", self.budget)
        form.addRow("Supervotes", self.supervotes)
        form.addRow(self.stacking)
        form.addRow(self.start_button)

        self.status = QLabel("No vote on this board yet.")
        self.status.setWordWrap(True)
        self.voters = QListWidget()
        self.voters.setAccessibleName("Who is voting")
        self.voters.setToolTip("Pick who is voting, then click notes (Alt-click takes a dot back)")
        self.voters.currentItemChanged.connect(self._voter_changed)
        self.super_mode = QCheckBox("Entering supervotes")
        self.super_mode.toggled.connect(self.sig_supervote_changed.emit)
        self.reveal_button = QPushButton("Reveal votes")
        self.reveal_button.setCheckable(True)
        self.reveal_button.toggled.connect(self._reveal)
        self.results = QListWidget()
        self.results.setAccessibleName("Vote results")
        self.results.setWordWrap(True)
        for box in (self.voters, self.results):
            box.setMinimumHeight(60)
        self.results_label = QLabel("Results")
        self.results_label.setProperty("role", "heading")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(setup)
        layout.addWidget(self.status)
        layout.addWidget(self.voters, 2)
        layout.addWidget(self.super_mode)
        layout.addWidget(self.reveal_button)
        layout.addWidget(self.results_label)
        layout.addWidget(self.results, 3)
        self._people: list[Participant] = []
        self._state: VoteState | None = None

    def _start(self) -> None:
        rules = VoteRules(self.budget.value(), self.supervotes.value(), self.stacking.isChecked())
        self.sig_start.emit(rules)

    def _reveal(self, revealed: bool) -> None:
        if self._state is not None and self._state.revealed != revealed:
            self.sig_reveal.emit(revealed)

    def _voter_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.sig_voter_changed.emit(current.data(ID) if current is not None else None)

    def voter(self) -> int | None:
        item = self.voters.currentItem()
        found = item.data(ID) if item is not None else None
        return int(found) if found is not None else None

    def pick(self, index: int) -> None:
        """Keyboard: 1-9 picks a participant."""
        if 0 <= index < self.voters.count():
            self.voters.setCurrentRow(index)

    def show_state(self, state: VoteState, people: list[Participant], content: BoardContent) -> None:
        self._state, self._people = state, people
        session = state.session
        active = session is not None
        voter = self.voter()
        self.voters.blockSignals(True)
        self.voters.clear()
        for person in people:
            if person.id is None:
                continue
            text = f"{person.name} · {person.role.value}"
            if active:
                left = state.left_for(person.id)
                text += f" — {left} dot{'s' if left != 1 else ''} left"
            if session is not None and session.rules.supervote_budget and person.role is Role.DECIDER:
                text += f", {state.left_for(person.id, True)} ★"
            item = QListWidgetItem(text)
            item.setData(ID, person.id)
            self.voters.addItem(item)
            if person.id == voter:
                self.voters.setCurrentItem(item)
        self.voters.blockSignals(False)
        self.voters.setEnabled(active)
        self.super_mode.setVisible(active and bool(session and session.rules.supervote_budget))
        self.reveal_button.setEnabled(active)
        self.reveal_button.blockSignals(True)
        self.reveal_button.setChecked(state.revealed)
        self.reveal_button.setText("Hide votes" if state.revealed else "Reveal votes")
        self.reveal_button.blockSignals(False)
        if not active:
            self.status.setText("No vote on this board yet. Set the dots and start one.")
        elif not people:
            self.status.setText("Add participants (Details tab) to enter their votes.")
        else:
            dots = len(state.votes)
            hidden = "shown to the room" if state.revealed else "hidden until you reveal them"
            self.status.setText(f"{dots} dot{'s' if dots != 1 else ''} cast, {hidden}.")
        self._show_results(state, content)

    def _show_results(self, state: VoteState, content: BoardContent) -> None:
        self.results.clear()
        visible = state.revealed
        self.results_label.setVisible(visible)
        self.results.setVisible(visible)
        if not visible:
            return
        titles = {c.id: c.title for c in content.clusters}
        texts = {n.id: n.text for n in content.notes}
        for cluster_id, tally in state.ranked_clusters()[:10]:  # the score first: it is what matters
            self.results.addItem(f"{_score(tally.dots, tally.supervotes)}  ▣ {titles.get(cluster_id, '?')}")
        for note_id, tally in state.ranked_notes()[:20]:
            text = " ".join(texts.get(note_id, "?").split())
            short = text if len(text) <= 60 else text[:59] + "…"
            self.results.addItem(f"{_score(tally.dots, tally.supervotes)}  {short}")


def _score(dots: int, supervotes: int) -> str:
    extra = f" ★{supervotes}" if supervotes else ""
    return f"● {dots}{extra}"
