"""Perspectives of a board: notes and votes per role, per cluster, with the verdict. The
current vote's dots count only once it is revealed."""

from __future__ import annotations

from collections.abc import Sequence

from sprintdesk.domain.board import BoardContent
from sprintdesk.domain.perspectives import BoardPerspectives, VoteStatus, perspectives_of
from sprintdesk.domain.voting import VoteSession
from sprintdesk.domain.workshop import Participant
from sprintdesk.services.voting import VoteState
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import vote_repository as votes
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Database


def vote_status(session: VoteSession | None) -> VoteStatus:
    if session is None:
        return VoteStatus.NONE
    return VoteStatus.REVEALED if session.revealed else VoteStatus.HIDDEN


def from_state(
    content: BoardContent, participants: Sequence[Participant], state: VoteState
) -> BoardPerspectives:
    """The breakdown of a board already loaded (what the board on screen shows), from its
    vote state: no second trip to the database on every change."""
    return perspectives_of(content, participants, state.votes, vote_status(state.session))


class PerspectiveService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def board(self, board_id: int) -> BoardPerspectives:
        """The breakdown of one board, read in one transaction (NotFoundError if it is gone)."""
        with self._db.session() as session:
            content = boards.load_content(session, board_id)
            people = workshops.get_workshop(session, content.board.workshop_id).participants
            current = votes.current_session(session, board_id)
            ballot = votes.list_votes(session, current.id) if current and current.id else []
        return perspectives_of(content, people, ballot, vote_status(current))
