"""Vote sessions and their dots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sprintdesk.domain.voting import Vote, VoteRules, VoteSession
from sprintdesk.storage.errors import NotFoundError
from sprintdesk.storage.models import VoteRow, VoteSessionRow


def _session(row: VoteSessionRow) -> VoteSession:
    rules = VoteRules(
        budget=row.budget, supervote_budget=row.supervote_budget, allow_stacking=row.allow_stacking
    )
    return VoteSession(board_id=row.board_id, rules=rules, revealed=row.revealed, id=row.id)


def current_session(session: Session, board_id: int) -> VoteSession | None:
    """The latest vote on a board (earlier ones stay in the record)."""
    row = session.scalars(
        select(VoteSessionRow).where(VoteSessionRow.board_id == board_id).order_by(VoteSessionRow.id.desc())
    ).first()
    return _session(row) if row else None


def start_session(session: Session, board_id: int, rules: VoteRules, now: dt.datetime) -> int:
    row = VoteSessionRow(
        board_id=board_id,
        budget=rules.budget,
        supervote_budget=rules.supervote_budget,
        allow_stacking=rules.allow_stacking,
        revealed=False,
        started_at=now,
    )
    session.add(row)
    session.flush()
    return row.id


def set_revealed(session: Session, session_id: int, revealed: bool) -> None:
    row = session.get(VoteSessionRow, session_id)
    if row is None:
        raise NotFoundError(f"there is no vote with id {session_id}")
    row.revealed = revealed


def list_votes(session: Session, session_id: int) -> list[Vote]:
    rows = session.scalars(select(VoteRow).where(VoteRow.session_id == session_id).order_by(VoteRow.id))
    return [Vote(r.participant_id, r.note_id, r.supervote, id=r.id) for r in rows]


def add_vote(session: Session, session_id: int, vote: Vote) -> int:
    row = VoteRow(
        id=vote.id,
        session_id=session_id,
        participant_id=vote.participant_id,
        note_id=vote.note_id,
        supervote=vote.supervote,
    )
    session.add(row)
    session.flush()
    return row.id


def add_votes(session: Session, session_id: int, votes: Sequence[Vote]) -> None:
    """Insert many dots in one executemany (a workshop file's vote); ids are new. Core, not
    the ORM: one flush per dot made 200,000 dots take minutes."""
    if not votes:
        return
    table = VoteRow.__table__
    session.connection().execute(
        table.insert(),  # type: ignore[attr-defined]
        [
            {
                "session_id": session_id,
                "participant_id": v.participant_id,
                "note_id": v.note_id,
                "supervote": v.supervote,
            }
            for v in votes
        ],
    )


def remove_vote(session: Session, vote_id: int) -> None:
    result = session.execute(delete(VoteRow).where(VoteRow.id == vote_id))
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFoundError(f"there is no vote with id {vote_id}")


def delete_session(session: Session, session_id: int) -> None:
    """Forget a vote (undo of starting it); its dots go with it."""
    session.execute(delete(VoteSessionRow).where(VoteSessionRow.id == session_id))
