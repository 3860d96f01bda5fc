"""What phones may see: the room's public state, a participant's own notes and their view of
the vote. Everything here reads inside a session the caller holds, and returns JSON-able
dicts. Hidden votes and covered notes never leave: a phone sees its own dots before the
reveal, never anyone else's, and no covered note but its own."""

from __future__ import annotations

import dataclasses

from sprintdesk.domain.agenda_run import AgendaRun
from sprintdesk.domain.board import Board, Note
from sprintdesk.domain.clock import Clock
from sprintdesk.domain.participation import Joining, NoteStatus, PhoneNote, current_item_id
from sprintdesk.domain.timer import TimerState
from sprintdesk.domain.voting import Vote, VoteSession, ranking, remaining, tally_notes
from sprintdesk.domain.workshop import Participant, Role, Workshop
from sprintdesk.services.participation_errors import ClosedError, NotAllowedError
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import participation_repository as repo
from sprintdesk.storage import run_log_repository as run_log
from sprintdesk.storage import vote_repository as votes
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Transaction as Session
from sprintdesk.storage.errors import NotFoundError


@dataclasses.dataclass(frozen=True, slots=True)
class RoomContext:
    """What a phone's request is judged against: joining, the workshop, the open board."""

    joining: Joining
    workshop: Workshop
    board: Board | None

    def participant(self, participant_id: int) -> Participant:
        for person in self.workshop.participants:
            if person.id == participant_id:
                return person
        raise NotAllowedError("You are no longer part of this workshop. Join again.")

    def open_board(self) -> Board:
        if self.board is None or self.board.id is None:
            raise ClosedError("No board is open for writing right now.")
        return self.board


def open_board_id(session: Session, joining: Joining, workshop: Workshop) -> int | None:
    """The board phones write to: the one the facilitator chose, else the board linked to
    the agenda item the run is on."""
    if joining.policy.board_id is not None:
        return joining.policy.board_id
    items = workshop.items()
    current = current_item_id(repo.run_steps(session, joining.workshop_id), [i.id or 0 for i in items])
    return next((item.board_id for item in items if item.id == current), None)


def room_context(session: Session, workshop_id: int, *, need_on: bool = True) -> RoomContext:
    joining = repo.get_joining(session, workshop_id)
    if joining is None or (need_on and not joining.is_on):
        raise ClosedError("Joining is closed. Ask the facilitator.")
    workshop = workshops.get_workshop(session, workshop_id)
    board_id = open_board_id(session, joining, workshop)
    board: Board | None = None
    if board_id is not None:
        try:
            board = boards.get_board(session, board_id)
        except NotFoundError:
            board = None
    if board is not None and board.workshop_id != workshop_id:
        board = None
    return RoomContext(joining, workshop, board)


# -- the room -------------------------------------------------------------------------------
def _timer(
    workshop: Workshop, session: Session, clock: Clock
) -> tuple[dict[str, object] | None, dict[str, object] | None]:
    """The run's current item and its countdown (None, None for an empty agenda)."""
    if not workshop.items():
        return None, None
    run = AgendaRun.restore(workshop, run_log.list_events(session, workshop.id or 0), clock)
    status = run.status()
    item = status.current.item
    running = status.state is TimerState.RUNNING
    timer: dict[str, object] = {
        "duration_s": status.allotted,
        "elapsed_s": status.elapsed,
        "running": running,
        "server_ms": int(clock.utc_now().timestamp() * 1000),
    }
    shown: dict[str, object] = {
        "title": item.title,
        "instructions": item.instructions,
        "kind": item.kind.value,
    }
    return timer, shown


def room_state(session: Session, workshop_id: int, clock: Clock) -> dict[str, object]:
    """``<room>`` without its ``rev`` (the server numbers the versions it sends)."""
    context = room_context(session, workshop_id, need_on=False)
    timer, item = _timer(context.workshop, session, clock)
    board = context.board
    vote: dict[str, object] | None = None
    board_json: dict[str, object] | None = None
    if board is not None and board.id is not None:
        board_json = {
            "id": board.id,
            "name": board.name,
            "locked": context.joining.locked,
            "private": board.private_writing,
            "moderation": context.joining.policy.moderation,
        }
        current = votes.current_session(session, board.id)
        if current is not None:
            vote = _vote_rules(current)
    return {
        "workshop": context.workshop.title,
        "item": item,
        "timer": timer,
        "board": board_json,
        "vote": vote,
        "anonymous": context.joining.policy.anonymous,
    }


def _vote_rules(current: VoteSession) -> dict[str, object]:
    return {
        "id": current.id,
        "budget": current.rules.budget,
        "supervote_budget": current.rules.supervote_budget,
        "stacking": current.rules.allow_stacking,
        "revealed": current.revealed,
    }


# -- a participant's own notes ---------------------------------------------------------------
def my_notes(session: Session, participant_id: int, board_id: int | None) -> list[PhoneNote]:
    """The participant's phone notes on the open board (held ones too), oldest first."""
    if board_id is None:
        return []
    mine = [
        PhoneNote(key, note_id, text, NoteStatus.COVERED if covered else NoteStatus.ON_BOARD, board)
        for key, note_id, text, covered, board in repo.phone_notes_of(session, participant_id)
        if board == board_id
    ]
    held = [
        PhoneNote(h.client_key, None, h.text, NoteStatus.WAITING, h.board_id)
        for h in repo.held_of(session, participant_id)
        if h.board_id == board_id
    ]
    return mine + held


# -- the vote, as one phone sees it ----------------------------------------------------------
def current_vote(session: Session, context: RoomContext) -> tuple[Board, VoteSession]:
    board = context.board
    if board is None or board.id is None:
        raise ClosedError("No vote is open right now.")
    current = votes.current_session(session, board.id)
    if current is None or current.id is None:
        raise ClosedError("No vote is open right now.")
    return board, current


def my_vote(session: Session, context: RoomContext, participant_id: int) -> dict[str, object]:
    """``<myvote>``: the board's uncovered notes, clusters first, with this participant's own
    dots; the ranked results only once the facilitator revealed the vote."""
    board, current = current_vote(session, context)
    person = context.participant(participant_id)
    content = boards.load_content(session, board.id or 0)
    cast = votes.list_votes(session, current.id or 0)
    mine = [v for v in cast if v.participant_id == participant_id]
    titles = {c.id: c.title for c in content.clusters}
    order = {c.id: index for index, c in enumerate(content.clusters)}
    shown = [n for n in content.notes if not n.covered]
    shown.sort(key=lambda n: (n.cluster_id is None, order.get(n.cluster_id, 0), n.id or 0))
    items = [
        {
            "note_id": n.id,
            "text": n.text,
            "cluster": titles.get(n.cluster_id),
            "mine": sum(1 for v in mine if v.note_id == n.id and not v.supervote),
            "mine_super": sum(1 for v in mine if v.note_id == n.id and v.supervote),
        }
        for n in shown
    ]
    rules = current.rules
    return {
        **_vote_rules(current),
        "left": remaining(mine, participant_id, rules),
        "supervotes_left": remaining(mine, participant_id, rules, True) if person.role is Role.DECIDER else 0,
        "is_decider": person.role is Role.DECIDER,
        "items": items,
        "results": _results(shown, titles, cast) if current.revealed else None,
    }


def _results(shown: list[Note], titles: dict[int | None, str], cast: list[Vote]) -> list[dict[str, object]]:
    by_id = {n.id: n for n in shown}
    imported = {n.id or 0: n.imported_votes for n in shown if n.imported_votes}
    tallies = {k: t for k, t in tally_notes(cast, imported).items() if k in by_id}
    results: list[dict[str, object]] = []
    for note_id, tally in ranking(tallies):
        note = by_id[note_id]
        results.append(
            {
                "note_id": note_id,
                "text": note.text,
                "cluster": titles.get(note.cluster_id),
                "dots": tally.dots,
                "supervotes": tally.supervotes,
            }
        )
    return results
