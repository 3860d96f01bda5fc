"""The Outcomes tab: decisions and action items, typed in (Enter adds) or made from the
board; for a follow-up, the action items open from last time at the top. Every change is
one undo step."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.clock import Clock
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.outcomes import Outcome, OutcomeKind, Status, parse_due, reordered, with_status
from sprintdesk.services.changes import Changes
from sprintdesk.services.errors import StorageError
from sprintdesk.services.outcomes import OutcomeService, WorkshopOutcomes
from sprintdesk.ui.outcomes.commands import (
    AddOutcomeCommand,
    RemoveOutcomeCommand,
    ReorderOutcomesCommand,
    ReplaceOutcomeCommand,
)
from sprintdesk.ui.outcomes.form import OutcomeForm, decider_choices, owner_choices
from sprintdesk.ui.outcomes.lists import OutcomeList, action_rows, carried_rows, decision_rows
from sprintdesk.ui.shared.accessible import label_choice
from sprintdesk.ui.shared.hub import ChangeHub
from sprintdesk.ui.shared.icons import icon
from sprintdesk.ui.shared.service_runner import ServiceRunner

T = TypeVar("T")


class OutcomesPanel(QWidget):
    sig_series = Signal()  # show the series view
    sig_follow_up = Signal()  # make the follow-up of this workshop
    sig_open_workshop = Signal(int)

    def __init__(self, service: OutcomeService, hub: ChangeHub, undo_stack: QUndoStack, clock: Clock) -> None:
        super().__init__()
        self._service, self._hub, self._undo, self._clock = service, hub, undo_stack, clock
        self.workshop_id = 0
        self.seen: WorkshopOutcomes | None = None
        self.form: OutcomeForm | None = None  # the form open now, if any (tests fill it)

        top = self._top_row()

        self.carried_box = self._carried_box()

        decisions_box = self._decisions_box()
        actions_box = self._actions_box()
        for listing in (self.decisions, self.actions_list):
            listing.sig_edit.connect(self.edit)
            listing.sig_toggle.connect(self.toggle_done)
            listing.sig_remove.connect(self.remove)
            listing.sig_move.connect(self.move_outcome)

        self.status = QLabel()
        self.status.setProperty("role", "muted")
        lists = QSplitter()
        lists.addWidget(decisions_box)
        lists.addWidget(actions_box)
        lists.setStretchFactor(0, 1)
        lists.setStretchFactor(1, 1)
        lists.setSizes([560, 800])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.carried_box)
        self.splitter.addWidget(lists)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([230, 470])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        hub.sig_changed.connect(self._on_changes)

    def _top_row(self) -> QHBoxLayout:
        heading = QLabel("Outcomes")
        heading.setProperty("role", "heading")
        self.follows = QPushButton()
        self.follows.setFlat(True)
        self.follows.clicked.connect(lambda: self._open_neighbour(self.seen.follows if self.seen else None))
        self.follower = QPushButton()
        self.follower.setFlat(True)
        self.follower.clicked.connect(lambda: self._open_neighbour(self.seen.follower if self.seen else None))
        self.series_button = QPushButton(icon("series"), "Series…")
        self.series_button.setToolTip("Every workshop of this series, in order, with its outcomes")
        self.series_button.clicked.connect(self.sig_series.emit)
        self.follow_up_button = QPushButton(icon("next"), "New follow-up")
        self.follow_up_button.setToolTip("The next workshop: its open action items carry over")
        self.follow_up_button.clicked.connect(self.sig_follow_up.emit)
        top = QHBoxLayout()
        for widget in (heading, self.follows, self.follower):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.series_button)
        top.addWidget(self.follow_up_button)
        return top

    def _carried_box(self) -> QGroupBox:
        self.carried = OutcomeList(["Action item", "Owner", "Due", "From"], checkable=True, movable=False)
        self.carried.sig_toggle.connect(self.toggle_done)
        self.carried.sig_edit.connect(self.edit)
        box = QGroupBox("Open from last time")
        carried_layout = QVBoxLayout(box)
        hint = QLabel("Tick an item when it is done: it is closed for the whole series.")
        hint.setProperty("role", "muted")
        carried_layout.addWidget(hint)
        carried_layout.addWidget(self.carried)
        return box

    def _decisions_box(self) -> QGroupBox:
        self.decision_entry = QLineEdit()
        self.decision_entry.setPlaceholderText("Type a decision and press Enter")
        self.decision_entry.setAccessibleName("New decision")
        self.decision_entry.returnPressed.connect(self.add_typed_decision)
        self.decided_by = QComboBox()
        self.decided_by.setEditable(True)
        self.decided_by.setToolTip("Who decided (the Decider, the team, a name)")
        label_choice(self.decided_by, "Decided by")
        decided_by_entry = self.decided_by.lineEdit()
        assert decided_by_entry is not None  # an editable combo box has one
        decided_by_entry.setPlaceholderText("Decided by")
        decided_by_entry.returnPressed.connect(self.add_typed_decision)
        self.decisions = OutcomeList(["Decision", "Decided by", "From the board"], checkable=False)
        box = self._box("Decisions", [self.decision_entry, self.decided_by], self.decisions)
        return box

    def _actions_box(self) -> QGroupBox:
        self.action_entry = QLineEdit()
        self.action_entry.setPlaceholderText("Type an action item and press Enter")
        self.action_entry.setAccessibleName("New action item")
        self.action_entry.returnPressed.connect(self.add_typed_action)
        self.owner = QComboBox()
        self.owner.setToolTip("Who owns it")
        label_choice(self.owner, "Owner")
        self.due = QLineEdit()
        self.due.setPlaceholderText("Due (e.g. +7)")
        self.due.setToolTip("Due date: YYYY-MM-DD, today, tomorrow, +3 (days) or +2w (weeks); empty for none")
        self.due.setMaximumWidth(150)
        self.due.setAccessibleName("Due date")
        self.due.returnPressed.connect(self.add_typed_action)
        self.actions_list = OutcomeList(
            ["Action item", "Owner", "Due", "Status", "From the board"], checkable=True
        )
        box = self._box("Action items", [self.action_entry, self.owner, self.due], self.actions_list)
        return box

    @staticmethod
    def _box(title: str, entry: list[QWidget], listing: OutcomeList) -> QGroupBox:
        box = QGroupBox(title)
        row = QHBoxLayout()
        row.addWidget(entry[0], 1)
        for widget in entry[1:]:
            row.addWidget(widget)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(listing, 1)
        return box

    # -- data ------------------------------------------------------------------------------
    def today(self) -> dt.date:
        return self._clock.utc_now().astimezone().date()

    def set_workshop(self, workshop_id: int) -> None:
        self.workshop_id = workshop_id
        self.reload()

    def reload(self) -> None:
        if not self.workshop_id:
            return
        try:
            seen = self._service.outcomes_of(self.workshop_id)
        except StorageError:
            return  # the workshop was just deleted; its window closes
        self.seen = seen
        today = self.today()
        owner = self.owner.currentData()
        owner_choices(self.owner, seen.owners, owner)
        decided = self.decided_by.currentText()
        decider_choices(self.decided_by, seen.owners, decided)
        self.decisions.fill(decision_rows(seen.decisions), today)
        self.actions_list.fill(action_rows(seen.actions, seen.owners, today), today)
        self.carried.fill(carried_rows(seen.carried, today), today)
        self.carried_box.setVisible(seen.follows is not None)
        still_open = sum(1 for c in seen.carried if c.outcome.is_open)
        self.carried_box.setTitle(f"Open from last time ({still_open} open)")
        for button, link, text in (
            (self.follows, seen.follows, "← Follows “{}”"),
            (self.follower, seen.follower, "Followed by “{}” →"),
        ):
            button.setVisible(link is not None)
            if link is not None:
                button.setText(text.format(link[1]))
        self.follow_up_button.setEnabled(seen.follower is None)
        overdue = sum(1 for o in seen.actions if o.overdue(today)) + sum(
            1 for c in seen.carried if c.outcome.overdue(today)
        )
        decisions, actions = len(seen.decisions), len(seen.actions)
        self.status.setText(
            f"{decisions} decision{'s' if decisions != 1 else ''} · "
            f"{actions} action item{'s' if actions != 1 else ''}"
            + (f" · {overdue} overdue" if overdue else "")
            + " — Enter or F2 edits, Space ticks done, Delete removes, Ctrl+↑/↓ moves"
        )

    def has_carried(self) -> bool:
        return bool(self.seen and self.seen.carried)

    def _on_changes(self, changes: Changes) -> None:
        if (
            changes.outcomes
            or changes.series
            or (changes.details and changes.workshop_id == self.workshop_id)
        ):
            self.reload()

    def _publish(self, changes: Changes) -> None:
        self._hub.publish(changes)

    def say(self, message: str) -> None:
        self.status.setText(message)

    def _run(self, action: Callable[[], T]) -> T | None:
        """Through the one runner; the panel publishes once the undo step is pushed."""
        return ServiceRunner(None, lambda message: self.say(f"⚠ {message}"), self).attempt(action)

    def _in_form(self, action: Callable[[], T]) -> tuple[T | None, str | None]:
        """A form's service call: its result, or why it failed, for the form to show."""
        problems: list[str] = []
        result = ServiceRunner(None, problems.append, self.form).attempt(action)
        return result, problems[0] if problems else None

    # -- adding ----------------------------------------------------------------------------
    def add_typed_decision(self) -> None:
        text = self.decision_entry.text()
        outcome = Outcome(
            OutcomeKind.DECISION, text, self.workshop_id, decided_by=self.decided_by.currentText()
        )
        if self._add(outcome):
            self.decision_entry.clear()
            self.decision_entry.setFocus()

    def add_typed_action(self) -> None:
        try:
            due = parse_due(self.due.text(), self.today())
        except ValidationError as error:
            self.say(f"⚠ {error}")
            return
        outcome = Outcome(
            OutcomeKind.ACTION,
            self.action_entry.text(),
            self.workshop_id,
            owner_id=self.owner.currentData(),
            due_date=due,
        )
        if self._add(outcome):
            self.action_entry.clear()
            self.due.clear()
            self.action_entry.setFocus()

    def _add(self, outcome: Outcome) -> bool:
        result = self._run(lambda: self._service.add(outcome))
        if result is None:
            return False
        outcome_id, changes = result
        command = AddOutcomeCommand(self._service, self._publish, outcome_id)
        self._pushed(command, changes)
        self.say(f"Added “{command.outcome.text}”. Ctrl+Z undoes it.")
        (self.decisions if outcome.kind is OutcomeKind.DECISION else self.actions_list).select(outcome_id)
        return True

    def _pushed(self, command: QUndoCommand, changes: Changes) -> None:
        self._undo.push(command)
        self._publish(changes)

    def make_from_board(
        self, kind: OutcomeKind, note_id: int | None, cluster_id: int | None, text: str
    ) -> None:
        """The board's "Make decision…" / "Make action item…": a form with the note's text."""
        if self.seen is None:
            self.reload()
        source = Outcome(kind, " ".join(text.split()), self.workshop_id, source_text=text)

        def submit(outcome: Outcome) -> str | None:
            clean = dataclasses.replace(outcome, source_text="")
            if note_id is not None:
                made, problem = self._in_form(lambda: self._service.from_note(clean, note_id))
            else:
                assert cluster_id is not None
                made, problem = self._in_form(lambda: self._service.from_cluster(clean, cluster_id))
            if made is None:
                return problem
            outcome_id, changes = made
            self._pushed(AddOutcomeCommand(self._service, self._publish, outcome_id), changes)
            self.say(f"{kind.label} made from the board: “{outcome.text.strip()}”.")
            return None

        heading = "Make decision" if kind is OutcomeKind.DECISION else "Make action item"
        self._open_form(source, submit, heading)

    def _open_form(self, outcome: Outcome, submit: Callable[[Outcome], str | None], heading: str) -> None:
        owners = self.seen.owners if self.seen else {}
        if self.seen and outcome.workshop_id != self.workshop_id:  # a carried item: its workshop's people
            owners = self.seen.carried_owners.get(outcome.workshop_id, {})
        self.form = OutcomeForm(self.window(), outcome, owners, submit, heading=heading, today=self.today())
        self.form.finished.connect(lambda _r: setattr(self, "form", None))
        self.form.open()

    # -- changing --------------------------------------------------------------------------
    def edit(self, outcome: Outcome) -> None:
        before = outcome

        def submit(after: Outcome) -> str | None:
            if after.status is not before.status:
                after = with_status(
                    dataclasses.replace(after, status=before.status),
                    after.status,
                    self._clock.utc_now(),
                    self.workshop_id,
                )
            if after == before:
                return None
            edited = after
            changes, problem = self._in_form(lambda: self._service.update(edited))
            if changes is None:
                return problem
            stored = self._service.get(before.id or 0)
            self._pushed(ReplaceOutcomeCommand("Edit", self._service, self._publish, before, stored), changes)
            return None

        self._open_form(outcome, submit, f"Edit {outcome.kind.label.lower()}")

    def toggle_done(self, outcome: Outcome) -> None:
        if not outcome.is_action or outcome.id is None:
            return
        target = Status.DONE if outcome.status is Status.OPEN else Status.OPEN
        result = self._run(lambda: self._service.set_status(outcome.id or 0, target, self.workshop_id))
        if result is None:
            self.reload()  # put the checkbox back
            return
        before, changes = result
        after = self._service.get(outcome.id)
        label = "Tick" if target is Status.DONE else "Reopen"
        self._pushed(ReplaceOutcomeCommand(label, self._service, self._publish, before, after), changes)
        if target is Status.DONE and outcome.workshop_id != self.workshop_id:
            self.say(f"“{outcome.text}” is done — closed for the whole series.")

    def remove(self, outcome: Outcome) -> None:
        result = self._run(lambda: self._service.remove(outcome.id or 0))
        if result is not None:
            removed, changes = result
            self._pushed(RemoveOutcomeCommand(self._service, self._publish, removed), changes)
            self.say(f"Removed “{removed.text}”. Ctrl+Z puts it back.")

    def move_outcome(self, outcome: Outcome, delta: int) -> None:
        listing = self.decisions if outcome.kind is OutcomeKind.DECISION else self.actions_list
        before = [o.id for o in listing.outcomes() if o.id is not None]
        after = reordered(before, outcome.id or 0, delta)
        if after == before:
            return
        changes = self._run(lambda: self._service.reorder(self.workshop_id, outcome.kind, after))
        if changes is not None:
            command = ReorderOutcomesCommand(
                self._service, self._publish, self.workshop_id, outcome.kind, before, after
            )
            self._pushed(command, changes)

    def _open_neighbour(self, link: tuple[int, str] | None) -> None:
        if link is not None:
            self.sig_open_workshop.emit(link[0])

    def focus_entry(self, kind: OutcomeKind) -> None:
        (self.decision_entry if kind is OutcomeKind.DECISION else self.action_entry).setFocus()
