"""Dots cast from a phone: the vote's rules (``check_vote``: the budget, stacking, the Decider's
supervotes, as ``VotingService`` applies them), on the open board's current vote, before the
reveal, on notes the phone may see. Each function runs inside the caller's one transaction."""

from __future__ import annotations

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.voting import Vote, check_vote
from sprintdesk.domain.workshop import Role
from sprintdesk.services import participation_room as room
from sprintdesk.services.changes import Changes
from sprintdesk.services.participation_errors import ClosedError, MissingError
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import participation_repository as repo
from sprintdesk.storage import vote_repository as votes
from sprintdesk.storage.database import Transaction as Session


def check_dot(note_id: object, supervote: object) -> tuple[int, bool]:
    if not isinstance(note_id, int) or isinstance(note_id, bool) or not isinstance(supervote, bool):
        raise ValidationError("A dot needs a note id and whether it is a supervote.")
    return note_id, supervote


def cast(
    session: Session, context: room.RoomContext, participant_id: int, note_id: int, supervote: bool
) -> tuple[dict[str, object], Changes]:
    person = context.participant(participant_id)
    board, current = room.current_vote(session, context)
    if current.revealed:
        raise ClosedError("The vote is over: the results are out.")
    shown = boards.load_notes(session, board.id or 0, [note_id])
    if not shown or shown[0].covered:
        raise MissingError("That note is not in this vote.")
    # The rules look at this participant's own dots only (their budget, their stacking).
    cast_before = [
        Vote(pid, nid, sup, vid)
        for vid, pid, nid, sup in repo.votes_for(session, current.id or 0, [participant_id])
    ]
    vote = Vote(participant_id, note_id, supervote)
    check_vote(
        cast_before, vote, current.rules, is_decider=person.role is Role.DECIDER, participant_name="You"
    )
    votes.add_vote(session, current.id or 0, vote)
    mine = room.my_vote(session, context, participant_id)
    return mine, Changes(board_id=board.id, votes=True, note_ids=frozenset({note_id}), room=True)


def take(
    session: Session, context: room.RoomContext, participant_id: int, note_id: int, supervote: bool
) -> tuple[dict[str, object], Changes]:
    context.participant(participant_id)
    board, current = room.current_vote(session, context)
    if current.revealed:
        raise ClosedError("The vote is over: the results are out.")
    mine = [
        vote_id
        for vote_id, _pid, nid, sup in repo.votes_for(session, current.id or 0, [participant_id])
        if nid == note_id and sup == supervote
    ]
    if not mine:
        raise MissingError("You have no dot on that note.")
    votes.remove_vote(session, mine[-1])
    state = room.my_vote(session, context, participant_id)
    return state, Changes(board_id=board.id, votes=True, note_ids=frozenset({note_id}), room=True)
