"""Undo commands for decisions and action items, acting through the OutcomeService. Like
every ServiceCommand, the action is done once before the command is pushed."""

from __future__ import annotations

from sprintdesk.domain.outcomes import Outcome, OutcomeKind
from sprintdesk.services.changes import Changes
from sprintdesk.services.outcomes import OutcomeService
from sprintdesk.ui.shared.service_command import Publish, ServiceCommand


def _name(outcome: Outcome) -> str:
    text = outcome.text if len(outcome.text) <= 40 else outcome.text[:39] + "…"
    return f"“{text}”"


class AddOutcomeCommand(ServiceCommand):
    """The outcome exists; undo removes it, redo puts it back with its id."""

    def __init__(self, service: OutcomeService, publish: Publish, outcome_id: int) -> None:
        outcome = service.get(outcome_id)
        super().__init__(f"Add {outcome.kind.label.lower()} {_name(outcome)}", publish)
        self.service = service
        self.outcome = outcome

    def do(self) -> Changes:
        return self.service.restore(self.outcome)

    def revert(self) -> Changes:
        assert self.outcome.id is not None
        self.outcome, changes = self.service.remove(self.outcome.id)
        return changes


class RemoveOutcomeCommand(ServiceCommand):
    def __init__(self, service: OutcomeService, publish: Publish, removed: Outcome) -> None:
        super().__init__(f"Remove {removed.kind.label.lower()} {_name(removed)}", publish)
        self.service = service
        self.removed = removed

    def do(self) -> Changes:
        assert self.removed.id is not None
        self.removed, changes = self.service.remove(self.removed.id)
        return changes

    def revert(self) -> Changes:
        return self.service.restore(self.removed)


class ReplaceOutcomeCommand(ServiceCommand):
    """An edit or a status change: both versions are whole outcomes."""

    def __init__(
        self, text: str, service: OutcomeService, publish: Publish, before: Outcome, after: Outcome
    ) -> None:
        super().__init__(f"{text} {_name(after)}", publish)
        self.service = service
        self.before = before
        self.after = after

    def do(self) -> Changes:
        return self.service.replace(self.after, expected=self.before)

    def revert(self) -> Changes:
        return self.service.replace(self.before, expected=self.after)


class ReorderOutcomesCommand(ServiceCommand):
    def __init__(
        self,
        service: OutcomeService,
        publish: Publish,
        workshop_id: int,
        kind: OutcomeKind,
        before: list[int],
        after: list[int],
    ) -> None:
        super().__init__(f"Move {kind.label.lower()}", publish)
        self.service, self.workshop_id, self.kind = service, workshop_id, kind
        self.before, self.after = before, after

    def do(self) -> Changes:
        return self.service.reorder(self.workshop_id, self.kind, self.after)

    def revert(self) -> Changes:
        return self.service.reorder(self.workshop_id, self.kind, self.before)
