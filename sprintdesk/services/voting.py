"""Dot voting use cases: start a vote, enter dots for participants, take one back, reveal,
and the ranked results."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sprintdesk.domain.clock import Clock, SystemClock
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.voting import (
    Tally,
    Vote,
    VoteRules,
    VoteSession,
    check_vote,
    ranking,
    remaining,
    tally_clusters,
    tally_notes,
)
from sprintdesk.domain.workshop import Role
from sprintdesk.services.changes import Changes
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import vote_repository as repo
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Database


@dataclasses.dataclass(frozen=True, slots=True)
class VoteState:
    """The current vote of a board: its rules, every dot, and the results."""

    session: VoteSession | None
    votes: tuple[Vote, ...] = ()
    note_tallies: dict[int, Tally] = dataclasses.field(default_factory=dict)
    cluster_tallies: dict[int, Tally] = dataclasses.field(default_factory=dict)

    @property
    def revealed(self) -> bool:
        return self.session is not None and self.session.revealed

    def ranked_notes(self) -> list[tuple[int, Tally]]:
        return ranking(self.note_tallies)

    def ranked_clusters(self) -> list[tuple[int, Tally]]:
        return ranking(self.cluster_tallies)

    def left_for(self, participant_id: int, supervote: bool = False) -> int:
        if self.session is None:
            return 0
        return remaining(self.votes, participant_id, self.session.rules, supervote)


class VotingService:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or SystemClock()  # when a vote starts

    @staticmethod
    def _changed(board_id: int, note_ids: frozenset[int] = frozenset()) -> Changes:
        return Changes(board_id=board_id, votes=True, note_ids=note_ids)

    def state(self, board_id: int) -> VoteState:
        with self._db.session() as session:
            vote = repo.current_session(session, board_id)
            context = boards.vote_context(session, board_id)
            votes = tuple(repo.list_votes(session, vote.id)) if vote and vote.id else ()
        imported = {note_id: count for note_id, _cluster, count in context if count}
        notes = tally_notes(votes, imported)
        clusters = tally_clusters(notes, {note_id: cluster for note_id, cluster, _count in context})
        return VoteState(vote, votes, notes, clusters)

    def start(self, board_id: int, rules: VoteRules, now: dt.datetime | None = None) -> Changes:
        """A new, hidden vote on the board (an earlier one stays in the record)."""
        return self.start_vote(board_id, rules, now)[1]

    def start_vote(
        self, board_id: int, rules: VoteRules, now: dt.datetime | None = None
    ) -> tuple[int, Changes]:
        """Like ``start``, and says which vote it started (so it can be undone)."""
        with self._db.session() as session:
            boards.get_board(session, board_id)
            session_id = repo.start_session(session, board_id, rules, now or self._clock.utc_now())
        return session_id, self._changed(board_id)

    def cancel(self, board_id: int, session_id: int) -> Changes:
        """Undo of starting a vote: it and its dots are gone; the one before is current again."""
        with self._db.session() as session:
            repo.delete_session(session, session_id)
        return self._changed(board_id)

    def cast(
        self, board_id: int, participant_id: int, note_id: int, supervote: bool = False
    ) -> tuple[int, Changes]:
        with self._db.session() as session:
            vote_session = repo.current_session(session, board_id)
            if vote_session is None or vote_session.id is None:
                raise ValidationError("Start a vote on this board first.")
            board = boards.get_board(session, board_id)
            people = {p.id: p for p in workshops.get_workshop(session, board.workshop_id).participants}
            person = people.get(participant_id)
            if person is None:
                raise ValidationError("Pick a participant of this workshop.")
            if not boards.load_notes(session, board_id, [note_id]):
                raise ValidationError("That note is not on this board.")
            votes = repo.list_votes(session, vote_session.id)
            vote = Vote(participant_id, note_id, supervote)
            check_vote(
                votes,
                vote,
                vote_session.rules,
                is_decider=person.role is Role.DECIDER,
                participant_name=person.name,
            )
            vote_id = repo.add_vote(session, vote_session.id, vote)
        return vote_id, self._changed(board_id, frozenset({note_id}))

    def retract(self, board_id: int, vote_id: int) -> tuple[Vote, Changes]:
        """Take a dot back; returns it so undo can put it back."""
        with self._db.session() as session:
            vote_session = repo.current_session(session, board_id)
            session_id = vote_session.id if vote_session else None
            votes = {v.id: v for v in repo.list_votes(session, session_id)} if session_id else {}
            vote = votes.get(vote_id)
            if vote is None:
                raise ValidationError("That dot is not part of this board's vote.")
            repo.remove_vote(session, vote_id)
        return vote, self._changed(board_id, frozenset({vote.note_id}))

    def restore(self, board_id: int, vote: Vote) -> Changes:
        with self._db.session() as session:
            vote_session = repo.current_session(session, board_id)
            if vote_session is None or vote_session.id is None:
                raise ValidationError("This board has no vote to put the dot back into.")
            repo.add_vote(session, vote_session.id, vote)
        return self._changed(board_id, frozenset({vote.note_id}))

    def reveal(self, board_id: int, revealed: bool = True) -> Changes:
        with self._db.session() as session:
            vote_session = repo.current_session(session, board_id)
            if vote_session is None or vote_session.id is None:
                raise ValidationError("There is no vote on this board yet.")
            repo.set_revealed(session, vote_session.id, revealed)
        return self._changed(board_id)
