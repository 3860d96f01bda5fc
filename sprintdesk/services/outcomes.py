"""Outcome use cases: decisions and action items typed in or made from a board note or
cluster, edited, reordered, done or dropped, removed and put back. One call is one
transaction and returns the Changes it made."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from sprintdesk.domain.clock import Clock, SystemClock
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.outcomes import (
    CarriedItem,
    Outcome,
    OutcomeKind,
    Status,
    check_outcome,
    reordered,
    with_status,
)
from sprintdesk.services.changes import Changes
from sprintdesk.storage import outcome_repository as repo
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Database

__all__ = ["CarriedItem", "Outcome", "OutcomeKind", "OutcomeService", "Status", "WorkshopOutcomes"]


@dataclasses.dataclass(frozen=True, slots=True)
class WorkshopOutcomes:
    """What the Outcomes tab shows for one workshop."""

    workshop_id: int
    decisions: tuple[Outcome, ...]
    actions: tuple[Outcome, ...]
    carried: tuple[CarriedItem, ...]  # open from last time (empty unless it is a follow-up)
    owners: Mapping[int, str]  # this workshop's participants: id -> name
    follows: tuple[int, str] | None = None  # the workshop it follows: id, title
    follower: tuple[int, str] | None = None  # its follow-up: id, title
    carried_owners: Mapping[int, Mapping[int, str]] = dataclasses.field(default_factory=dict)  # by workshop


def _changed(workshop_id: int) -> Changes:
    return Changes(workshop_id=workshop_id, outcomes=True)


class OutcomeService:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or SystemClock()

    # -- reading ---------------------------------------------------------------------------
    def outcomes_of(self, workshop_id: int) -> WorkshopOutcomes:
        with self._db.session() as session:
            workshop = workshops.get_workshop(session, workshop_id)
            own = repo.list_outcomes(session, workshop_id)
            carried = repo.carried_items(session, workshop_id)
            before, after = repo.follows(session, workshop_id), repo.follower(session, workshop_id)
            heads = repo.workshop_heads(session, [w for w in (before, after) if w is not None])
            earlier = {c.from_workshop_id for c in carried}
            people = {wid: repo.participant_names(session, [wid]) for wid in earlier}
        return WorkshopOutcomes(
            workshop_id=workshop_id,
            decisions=tuple(o for o in own if o.kind is OutcomeKind.DECISION),
            actions=tuple(o for o in own if o.kind is OutcomeKind.ACTION),
            carried=tuple(carried),
            owners={p.id: p.name for p in workshop.participants if p.id is not None},
            follows=(before, heads[before][0]) if before is not None else None,
            follower=(after, heads[after][0]) if after is not None else None,
            carried_owners=people,
        )

    def get(self, outcome_id: int) -> Outcome:
        with self._db.session() as session:
            return repo.get_outcome(session, outcome_id)

    # -- adding ----------------------------------------------------------------------------
    def add(self, outcome: Outcome) -> tuple[int, Changes]:
        """Store a new decision or action item at the end of its list. An outcome with an id
        is put back as it was (undo of a removal)."""
        with self._db.session() as session:
            checked = check_outcome(outcome, repo.participant_ids(session, outcome.workshop_id))
            outcome_id = repo.add_outcome(session, checked, self._clock.utc_now())
            workshops.touch(session, outcome.workshop_id)
        return outcome_id, _changed(outcome.workshop_id)

    def add_decision(self, workshop_id: int, text: str, decided_by: str = "") -> tuple[int, Changes]:
        return self.add(Outcome(OutcomeKind.DECISION, text, workshop_id, decided_by=decided_by))

    def add_action(
        self, workshop_id: int, text: str, owner_id: int | None = None, due_date: dt.date | None = None
    ) -> tuple[int, Changes]:
        return self.add(Outcome(OutcomeKind.ACTION, text, workshop_id, owner_id=owner_id, due_date=due_date))

    def from_note(self, outcome: Outcome, note_id: int) -> tuple[int, Changes]:
        """A decision or action item made from a board note; it keeps the link and what the
        note said at that moment."""
        return self._from_board(outcome, note_id=note_id)

    def from_cluster(self, outcome: Outcome, cluster_id: int) -> tuple[int, Changes]:
        """The same from a cluster: the link and the cluster's title at that moment."""
        return self._from_board(outcome, cluster_id=cluster_id)

    def _from_board(
        self, outcome: Outcome, note_id: int | None = None, cluster_id: int | None = None
    ) -> tuple[int, Changes]:
        with self._db.session() as session:
            if note_id is not None:
                board_workshop, text = repo.note_source(session, note_id)
            else:
                assert cluster_id is not None
                board_workshop, text = repo.cluster_source(session, cluster_id)
            if board_workshop != outcome.workshop_id:
                raise ValidationError("That note or cluster is on a board of another workshop.")
            made = dataclasses.replace(
                outcome, source_note_id=note_id, source_cluster_id=cluster_id, source_text=text
            )
            checked = check_outcome(made, repo.participant_ids(session, outcome.workshop_id))
            outcome_id = repo.add_outcome(session, checked, self._clock.utc_now())
            workshops.touch(session, outcome.workshop_id)
        return outcome_id, _changed(outcome.workshop_id)

    # -- changing --------------------------------------------------------------------------
    def update(self, outcome: Outcome) -> Changes:
        """Save an edited outcome (text, who decided, owner, due date, status as given)."""
        if outcome.id is None:
            raise ValidationError("This outcome has not been saved yet.")
        with self._db.session() as session:
            stored = repo.get_outcome(session, outcome.id)
            if stored.kind is not outcome.kind or stored.workshop_id != outcome.workshop_id:
                raise ValidationError("An outcome keeps its kind and its workshop.")
            checked = check_outcome(outcome, repo.participant_ids(session, outcome.workshop_id))
            repo.update_outcome(session, checked)
            workshops.touch(session, outcome.workshop_id)
        return _changed(outcome.workshop_id)

    def set_status(self, outcome_id: int, status: Status, in_workshop: int) -> tuple[Outcome, Changes]:
        """Done, dropped or open again, from ``in_workshop`` (the workshop on screen: the
        item's own, or a follow-up it was carried into). Returns the item as it was."""
        with self._db.session() as session:
            before = repo.get_outcome(session, outcome_id)
            chain = repo.chain_of(session, before.workshop_id)
            if in_workshop not in chain:
                raise ValidationError("That action item belongs to another series of workshops.")
            if chain.index(in_workshop) < chain.index(before.workshop_id):
                raise ValidationError(
                    "An action item is closed in its own workshop or a later one of its series."
                )
            after = with_status(before, status, self._clock.utc_now(), in_workshop)
            repo.update_outcome(session, after)
        return before, Changes(
            workshop_id=in_workshop, outcomes=True, series=in_workshop != before.workshop_id
        )

    def replace(self, outcome: Outcome, expected: Outcome | None = None) -> Changes:
        """Write an outcome back as given (undo and redo of an edit or a status), without links
        to what was deleted since. With ``expected``, only if the stored outcome still is that:
        a carried item is shared by the windows of a series, and an undo in one must not wipe
        out an edit made in another since."""
        if outcome.id is None:
            raise ValidationError("This outcome has not been saved yet.")
        with self._db.session() as session:
            if expected is not None and repo.get_outcome(session, outcome.id) != repo.still_linked(
                session, expected
            ):
                raise ValidationError("it was changed since, in this window or another")
            repo.update_outcome(session, repo.still_linked(session, outcome))
        return _changed(outcome.workshop_id)

    def move(self, outcome_id: int, delta: int) -> Changes:
        """Up (negative) or down its list."""
        with self._db.session() as session:
            outcome = repo.get_outcome(session, outcome_id)
            ids = [
                o.id
                for o in repo.list_outcomes(session, outcome.workshop_id)
                if o.kind is outcome.kind and o.id is not None
            ]
            repo.set_order(session, outcome.workshop_id, outcome.kind, reordered(ids, outcome_id, delta))
        return _changed(outcome.workshop_id)

    def reorder(self, workshop_id: int, kind: OutcomeKind, ids: list[int]) -> Changes:
        with self._db.session() as session:
            repo.set_order(session, workshop_id, kind, ids)
        return _changed(workshop_id)

    def remove(self, outcome_id: int) -> tuple[Outcome, Changes]:
        """Delete; returns the outcome as it was, for undo (``add`` puts it back)."""
        with self._db.session() as session:
            outcome = repo.get_outcome(session, outcome_id)
            repo.delete_outcome(session, outcome_id)
            workshops.touch(session, outcome.workshop_id)
        return outcome, _changed(outcome.workshop_id)

    def restore(self, outcome: Outcome) -> Changes:
        """Put back a removed outcome with its id, place, source and status."""
        with self._db.session() as session:
            repo.add_outcome(session, repo.still_linked(session, outcome), self._clock.utc_now())
        return _changed(outcome.workshop_id)
