"""Outcomes (decisions and action items) and follow-up links, as domain dataclasses."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from sprintdesk.domain.outcome_summary import OutcomeSnapshot
from sprintdesk.domain.outcomes import CarriedItem, Outcome, OutcomeKind, Status, series_chain
from sprintdesk.domain.workshop import name_key
from sprintdesk.storage.errors import NotFoundError
from sprintdesk.storage.models import (
    BoardRow,
    ClusterRow,
    FollowUpRow,
    NoteRow,
    OutcomeRow,
    ParticipantRow,
    WorkshopRow,
)


def _outcome(row: OutcomeRow) -> Outcome:
    return Outcome(
        kind=OutcomeKind(row.kind),
        text=row.text,
        workshop_id=row.workshop_id,
        decided_by=row.decided_by,
        owner_id=row.owner_id,
        due_date=row.due_date,
        status=Status(row.status),
        source_note_id=row.source_note_id,
        source_cluster_id=row.source_cluster_id,
        source_text=row.source_text,
        created_at=row.created_at,
        closed_at=row.closed_at,
        closed_in_id=row.closed_in_id,
        position=row.position,
        id=row.id,
    )


def _fill(row: OutcomeRow, outcome: Outcome) -> None:
    row.kind = outcome.kind.value
    row.text = outcome.text
    row.decided_by = outcome.decided_by
    row.owner_id = outcome.owner_id
    row.due_date = outcome.due_date
    row.status = outcome.status.value
    row.source_note_id = outcome.source_note_id
    row.source_cluster_id = outcome.source_cluster_id
    row.source_text = outcome.source_text
    row.closed_at = outcome.closed_at
    row.closed_in_id = outcome.closed_in_id


def _ordered() -> tuple[object, ...]:
    return (OutcomeRow.workshop_id, OutcomeRow.kind, OutcomeRow.position, OutcomeRow.id)


def list_outcomes(session: Session, workshop_id: int) -> list[Outcome]:
    """A workshop's own decisions and action items, each kind in its order."""
    rows = session.scalars(
        select(OutcomeRow).where(OutcomeRow.workshop_id == workshop_id).order_by(*_ordered())  # type: ignore[arg-type]
    )
    return [_outcome(row) for row in rows]


def list_for_workshops(session: Session, workshop_ids: Sequence[int]) -> list[Outcome]:
    if not workshop_ids:
        return []
    rows = session.scalars(
        select(OutcomeRow).where(OutcomeRow.workshop_id.in_(list(workshop_ids))).order_by(*_ordered())  # type: ignore[arg-type]
    )
    return [_outcome(row) for row in rows]


def _row(session: Session, outcome_id: int) -> OutcomeRow:
    row = session.get(OutcomeRow, outcome_id)
    if row is None:
        raise NotFoundError(f"there is no decision or action item with id {outcome_id}")
    return row


def get_outcome(session: Session, outcome_id: int) -> Outcome:
    return _outcome(_row(session, outcome_id))


def add_outcome(session: Session, outcome: Outcome, now: dt.datetime) -> int:
    """Insert at the end of its kind's list, or at ``outcome.position`` when it has an id
    (undo of a removal puts it back where it was, with its id)."""
    if session.get(WorkshopRow, outcome.workshop_id) is None:
        raise NotFoundError(f"there is no workshop with id {outcome.workshop_id}")
    if outcome.id is not None:
        position = outcome.position
        session.execute(
            update(OutcomeRow)
            .where(
                OutcomeRow.workshop_id == outcome.workshop_id,
                OutcomeRow.kind == outcome.kind.value,
                OutcomeRow.position >= position,
            )
            .values(position=OutcomeRow.position + 1)
        )
    else:
        position = (
            session.scalar(
                select(func.coalesce(func.max(OutcomeRow.position) + 1, 0)).where(
                    OutcomeRow.workshop_id == outcome.workshop_id, OutcomeRow.kind == outcome.kind.value
                )
            )
            or 0
        )
    row = OutcomeRow(
        id=outcome.id,
        workshop_id=outcome.workshop_id,
        position=position,
        created_at=outcome.created_at or now,
    )
    _fill(row, outcome)
    session.add(row)
    session.flush()
    return row.id


def update_outcome(session: Session, outcome: Outcome) -> None:
    if outcome.id is None:
        raise NotFoundError("an outcome without an id cannot be updated")
    _fill(_row(session, outcome.id), outcome)


def delete_outcome(session: Session, outcome_id: int) -> None:
    result = session.execute(delete(OutcomeRow).where(OutcomeRow.id == outcome_id))
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFoundError(f"there is no decision or action item with id {outcome_id}")


def set_order(session: Session, workshop_id: int, kind: OutcomeKind, ids: Sequence[int]) -> None:
    """Positions 0, 1, 2 … in the order of ``ids`` (every outcome of that kind)."""
    rows = {
        row.id: row
        for row in session.scalars(
            select(OutcomeRow).where(OutcomeRow.workshop_id == workshop_id, OutcomeRow.kind == kind.value)
        )
    }
    if set(rows) != set(ids):
        raise NotFoundError("the list changed meanwhile; nothing was moved")
    for position, outcome_id in enumerate(ids):
        rows[outcome_id].position = position


# -- where an outcome comes from --------------------------------------------------------------
def note_source(session: Session, note_id: int) -> tuple[int, str]:
    """(workshop id, text) of a note."""
    found = session.execute(
        select(BoardRow.workshop_id, NoteRow.text)
        .join(BoardRow, BoardRow.id == NoteRow.board_id)
        .where(NoteRow.id == note_id)
    ).first()
    if found is None:
        raise NotFoundError(f"there is no note with id {note_id}")
    return found[0], found[1]


def cluster_source(session: Session, cluster_id: int) -> tuple[int, str]:
    """(workshop id, title) of a cluster."""
    found = session.execute(
        select(BoardRow.workshop_id, ClusterRow.title)
        .join(BoardRow, BoardRow.id == ClusterRow.board_id)
        .where(ClusterRow.id == cluster_id)
    ).first()
    if found is None:
        raise NotFoundError(f"there is no cluster with id {cluster_id}")
    return found[0], found[1]


def participant_names(session: Session, workshop_ids: Iterable[int]) -> dict[int, str]:
    """Participant id -> name, for the participants of these workshops."""
    ids = list(workshop_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(ParticipantRow.id, ParticipantRow.name).where(ParticipantRow.workshop_id.in_(ids))
    )
    return {pid: name for pid, name in rows}


# -- follow-up links --------------------------------------------------------------------------
def follow_links(session: Session) -> dict[int, int]:
    """Every follow-up -> the workshop it follows (a few rows per series)."""
    return {a: b for a, b in session.execute(select(FollowUpRow.workshop_id, FollowUpRow.follows_id))}


def follows(session: Session, workshop_id: int) -> int | None:
    row = session.get(FollowUpRow, workshop_id)
    return row.follows_id if row is not None else None


def follower(session: Session, workshop_id: int) -> int | None:
    return session.scalar(
        select(FollowUpRow.workshop_id)
        .where(FollowUpRow.follows_id == workshop_id)
        .order_by(FollowUpRow.workshop_id)
    )


def link(session: Session, workshop_id: int, follows_id: int) -> None:
    session.add(FollowUpRow(workshop_id=workshop_id, follows_id=follows_id))
    session.flush()


def detach(session: Session, workshop_id: int) -> None:
    """Before a workshop is deleted: its follow-up then follows the workshop it followed,
    and its still-open action items move to its follow-up (owners matched by name), so no
    open commitment drops out of the series. Done and dropped items and decisions go with it."""
    before = follows(session, workshop_id)
    after = follower(session, workshop_id)
    if after is None:
        return
    if before is not None:
        session.execute(update(FollowUpRow).where(FollowUpRow.workshop_id == after).values(follows_id=before))
    else:
        session.execute(delete(FollowUpRow).where(FollowUpRow.workshop_id == after))
    names = {
        name_key(name): pid
        for pid, name in session.execute(
            select(ParticipantRow.id, ParticipantRow.name).where(ParticipantRow.workshop_id == after)
        )
    }
    owners = participant_names(session, [workshop_id])
    start = session.scalar(
        select(func.coalesce(func.max(OutcomeRow.position) + 1, 0)).where(
            OutcomeRow.workshop_id == after, OutcomeRow.kind == OutcomeKind.ACTION.value
        )
    )
    open_rows = session.scalars(
        select(OutcomeRow)
        .where(
            OutcomeRow.workshop_id == workshop_id,
            OutcomeRow.kind == OutcomeKind.ACTION.value,
            OutcomeRow.status == Status.OPEN.value,
        )
        .order_by(OutcomeRow.position, OutcomeRow.id)
    )
    for offset, row in enumerate(open_rows):
        owner = owners.get(row.owner_id) if row.owner_id is not None else None
        row.owner_id = names.get(name_key(owner)) if owner else None
        row.workshop_id = after
        row.position = (start or 0) + offset
    session.flush()


def workshop_heads(session: Session, workshop_ids: Iterable[int]) -> dict[int, tuple[str, dt.date | None]]:
    """Workshop id -> (title, start date), for naming the workshops of a series."""
    ids = list(workshop_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(WorkshopRow.id, WorkshopRow.title, WorkshopRow.start_date).where(WorkshopRow.id.in_(ids))
    )
    return {wid: (title, start) for wid, title, start in rows}


def chain_of(session: Session, workshop_id: int) -> list[int]:
    """The workshops of a series, earliest first."""
    return series_chain(workshop_id, follow_links(session))


def carried_items(session: Session, workshop_id: int) -> list[CarriedItem]:
    """Every action item of the earlier workshops of the series that is still open, or was
    closed in this workshop (so the facilitator sees, and can undo, what was closed here)."""
    chain = chain_of(session, workshop_id)
    earlier = chain[: chain.index(workshop_id)]
    if not earlier:
        return []
    heads = workshop_heads(session, earlier)
    names = participant_names(session, earlier)
    place = {wid: index for index, wid in enumerate(earlier)}
    found = [
        o
        for o in list_for_workshops(session, earlier)
        if o.is_action and (o.status is Status.OPEN or o.closed_in_id == workshop_id)
    ]
    found.sort(key=lambda o: (place[o.workshop_id], o.position, o.id or 0))
    return [
        CarriedItem(
            outcome=o,
            from_workshop_id=o.workshop_id,
            from_title=heads[o.workshop_id][0],
            from_date=heads[o.workshop_id][1],
            owner=names.get(o.owner_id, "") if o.owner_id is not None else "",
        )
        for o in found
    ]


def participant_ids(session: Session, workshop_id: int) -> list[int]:
    """The ids of a workshop's participants (NotFoundError if there is no such workshop)."""
    if session.get(WorkshopRow, workshop_id) is None:
        raise NotFoundError(f"there is no workshop with id {workshop_id}")
    return list(session.scalars(select(ParticipantRow.id).where(ParticipantRow.workshop_id == workshop_id)))


def snapshot(session: Session, workshop_id: int) -> OutcomeSnapshot:
    """A workshop's outcomes, what it carries and whom it follows, for the exports."""
    before = follows(session, workshop_id)
    own = list_outcomes(session, workshop_id)
    closed_in = {o.closed_in_id for o in own if o.closed_in_id is not None}
    return OutcomeSnapshot(
        own=tuple(own),
        carried=tuple(carried_items(session, workshop_id)),
        owners=participant_names(session, [workshop_id]),
        follows=workshop_heads(session, [before])[before][0] if before is not None else "",
        titles={wid: head[0] for wid, head in workshop_heads(session, closed_in).items()},
    )


def still_linked(session: Session, outcome: Outcome) -> Outcome:
    """``outcome`` without the links to rows deleted since it was read (its owner, the note or
    cluster it came from, the workshop it was closed in); what the source said is kept."""

    def gone(model: type, row_id: int | None) -> bool:
        return row_id is not None and session.get(model, row_id) is None

    changes: dict[str, object] = {}
    if gone(ParticipantRow, outcome.owner_id):
        changes["owner_id"] = None
    if gone(NoteRow, outcome.source_note_id):
        changes["source_note_id"] = None
    if gone(ClusterRow, outcome.source_cluster_id):
        changes["source_cluster_id"] = None
    if gone(WorkshopRow, outcome.closed_in_id):
        changes["closed_in_id"] = None
    return dataclasses.replace(outcome, **changes) if changes else outcome  # type: ignore[arg-type]


def note_links(session: Session, note_ids: Iterable[int]) -> list[tuple[int, int]]:
    """(outcome id, note id) for the outcomes made from these notes."""
    ids = list(note_ids)
    if not ids:
        return []
    rows = session.execute(
        select(OutcomeRow.id, OutcomeRow.source_note_id).where(OutcomeRow.source_note_id.in_(ids))
    )
    return [(outcome_id, note_id) for outcome_id, note_id in rows if note_id is not None]


def relink_notes(session: Session, links: Iterable[tuple[int, int]]) -> None:
    """Point outcomes at their notes again (a deleted note put back by undo): only where the
    outcome and the note both exist and the outcome has no other source since."""
    for outcome_id, note_id in links:
        row = session.get(OutcomeRow, outcome_id)
        unlinked = row is not None and row.source_note_id is None and row.source_cluster_id is None
        if unlinked and row is not None and session.get(NoteRow, note_id) is not None:
            row.source_note_id = note_id
