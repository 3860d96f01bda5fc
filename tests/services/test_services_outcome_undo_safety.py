"""Undo and redo of outcomes after the world moved on: an owner removed, the note or board an
outcome came from deleted, or the shared row of a carried item edited from another window."""

from __future__ import annotations

import dataclasses

import pytest

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.outcomes import Outcome, OutcomeKind, Status
from sprintdesk.domain.workshop import Workshop
from sprintdesk.services.boards import BoardService
from sprintdesk.services.outcomes import OutcomeService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database
from sprintdesk.storage.errors import StaleReferenceError


def test_undoing_a_tick_after_its_owner_was_removed(
    db: Database, workshops: WorkshopService, sprint: Workshop
) -> None:
    outcomes = OutcomeService(db)
    owner = sprint.participants[1]
    item_id, _ = outcomes.add_action(sprint.id or 0, "Book the room", owner.id)
    before, _ = outcomes.set_status(item_id, Status.DONE, sprint.id or 0)
    after = outcomes.get(item_id)
    workshops.update_details(dataclasses.replace(sprint, participants=sprint.participants[:1]))
    outcomes.replace(before, expected=after)  # undo of the tick: no foreign-key error
    back = outcomes.get(item_id)
    assert (back.status, back.owner_id, back.text) == (Status.OPEN, None, "Book the room")


def test_putting_back_a_decision_whose_board_is_gone(db: Database, sprint: Workshop) -> None:
    outcomes, boards = OutcomeService(db), BoardService(db)
    board_id, _ = boards.create(sprint.id or 0, "Ideas")
    (note_id,), _ = boards.add_notes(board_id, ["Ship the <b>beta</b>"])
    decision_id, _ = outcomes.from_note(Outcome(OutcomeKind.DECISION, "Ship it", sprint.id or 0), note_id)
    removed, _ = outcomes.remove(decision_id)
    boards.delete(board_id)
    outcomes.restore(removed)  # undo of the removal
    back = outcomes.get(decision_id)
    assert (back.source_note_id, back.source_text) == (None, "Ship the <b>beta</b>")


def test_an_undo_does_not_overwrite_an_edit_made_since_elsewhere(db: Database, sprint: Workshop) -> None:
    outcomes = OutcomeService(db)
    item_id, _ = outcomes.add_action(sprint.id or 0, "Send the survey")
    before, _ = outcomes.set_status(item_id, Status.DONE, sprint.id or 0)
    after = outcomes.get(item_id)
    edited = dataclasses.replace(after, text="Send the survey to all 40 customers")
    outcomes.update(edited)  # another window of the series edits the shared row
    with pytest.raises(ValidationError, match="changed since"):
        outcomes.replace(before, expected=after)
    assert outcomes.get(item_id).text == "Send the survey to all 40 customers"
    assert outcomes.get(item_id).status is Status.DONE


def test_a_stale_write_is_a_storage_error_and_changes_nothing(db: Database, sprint: Workshop) -> None:
    from sprintdesk.storage import outcome_repository

    outcomes = OutcomeService(db)
    item_id, _ = outcomes.add_action(sprint.id or 0, "Call legal")
    stale = dataclasses.replace(outcomes.get(item_id), owner_id=9999, text="Changed")
    with pytest.raises(StaleReferenceError), db.session() as session:
        outcome_repository.update_outcome(session, stale)
    assert outcomes.get(item_id).text == "Call legal"
