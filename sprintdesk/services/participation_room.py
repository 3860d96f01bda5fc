"""What phones may see: the room's public state, a participant's own notes and their view of
the vote. Everything here reads inside a session the caller holds, and returns JSON-able
dicts. Hidden votes and covered notes never leave: a phone sees its own dots before the
reveal, never anyone else's, and no covered note but its own."""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter

from sprintdesk.domain.agenda_run import AgendaRun
from sprintdesk.domain.board import Board
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
    """What a phone's request is judged against: joining and the open board, in the session
    the request runs in."""

    joining: Joining
    board: Board | None
    session: Session
    cache: ContextCache | None = None

    def shown_notes(self, board_id: int) -> list[Shown]:
        """The board's uncovered notes as a vote lists them: clusters first (in their order),
        then the loose notes, each by id."""
        if self.cache is not None:
            return self.cache.shown_notes(self.session, board_id)
        return _shown_notes(self.session, board_id)

    def participant(self, participant_id: int) -> Participant:
        found = repo.get_participant(self.session, self.joining.workshop_id, participant_id)
        if found is None:
            raise NotAllowedError("You are no longer part of this workshop. Join again.")
        return found

    def open_board(self) -> Board:
        if self.board is None or self.board.id is None:
            raise ClosedError("No board is open for writing right now.")
        return self.board


def open_board_id(session: Session, joining: Joining) -> int | None:
    """The board phones write to: the one the facilitator chose, else the board linked to
    the agenda item the run is on."""
    if joining.policy.board_id is not None:
        return joining.policy.board_id
    items = repo.agenda_boards(session, joining.workshop_id)
    current = current_item_id(repo.run_steps(session, joining.workshop_id), [item_id for item_id, _ in items])
    return next((board_id for item_id, board_id in items if item_id == current), None)


Shown = tuple[int, str, str | None, int]  # note id, text, cluster title, imported votes


def _shown_notes(session: Session, board_id: int) -> list[Shown]:
    content = boards.load_content(session, board_id)
    titles = {c.id: c.title for c in content.clusters}
    order = {c.id: index for index, c in enumerate(content.clusters)}
    shown = [n for n in content.notes if not n.covered]
    shown.sort(key=lambda n: (n.cluster_id is None, order.get(n.cluster_id, 0), n.id or 0))
    return [(n.id or 0, n.text, titles.get(n.cluster_id), n.imported_votes) for n in shown]


class ContextCache:
    """Joining and the open board as last read, for a service that has its database
    connection to itself (the room's server): valid while ``PRAGMA data_version`` says no
    other connection committed. A service sharing its connection with others cannot tell
    their writes apart from its own, so it reads every time (``enabled`` False)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._found: dict[int, tuple[tuple[int, int], Joining | None, Board | None]] = {}
        self._shown: dict[int, tuple[tuple[tuple[int, int], int], list[Shown]]] = {}
        self._generation = 0
        self._lock = threading.Lock()

    def get(self, session: Session, workshop_id: int) -> tuple[Joining | None, Board | None]:
        if not self.enabled:
            return _read_context(session, workshop_id)
        stamp = repo.change_stamp(session)
        with self._lock:
            found = self._found.get(workshop_id)
        if found is not None and found[0] == stamp:
            return found[1], found[2]
        joining, board = _read_context(session, workshop_id)
        with self._lock:
            self._found[workshop_id] = (stamp, joining, board)
        return joining, board

    def clear(self) -> None:
        with self._lock:
            self._found.clear()
            self._shown.clear()

    def touched(self) -> None:
        """This service changed notes itself (its own commits leave data_version alone)."""
        with self._lock:
            self._generation += 1

    def shown_notes(self, session: Session, board_id: int) -> list[Shown]:
        if not self.enabled:
            return _shown_notes(session, board_id)
        key = (repo.change_stamp(session), self._generation)
        with self._lock:
            found = self._shown.get(board_id)
        if found is not None and found[0] == key:
            return found[1]
        shown = _shown_notes(session, board_id)
        with self._lock:
            self._shown[board_id] = (key, shown)
        return shown


def _read_context(session: Session, workshop_id: int) -> tuple[Joining | None, Board | None]:
    joining = repo.get_joining(session, workshop_id)
    if joining is None:
        return None, None
    board_id = open_board_id(session, joining)
    board: Board | None = None
    if board_id is not None:
        try:
            board = boards.get_board(session, board_id)
        except NotFoundError:
            board = None
    if board is not None and board.workshop_id != workshop_id:
        board = None
    return joining, board


def room_context(
    session: Session, workshop_id: int, *, need_on: bool = True, cache: ContextCache | None = None
) -> RoomContext:
    joining, board = (
        cache.get(session, workshop_id) if cache is not None else _read_context(session, workshop_id)
    )
    if joining is None or (need_on and not joining.is_on):
        raise ClosedError("Joining is closed. Ask the facilitator.")
    return RoomContext(joining, board, session, cache)


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
    workshop = workshops.get_workshop(session, workshop_id)
    timer, item = _timer(workshop, session, clock)
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
        "workshop": workshop.title,
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
    shown = context.shown_notes(board.id or 0)
    mine = [
        Vote(pid, note_id, supervote, vote_id)
        for vote_id, pid, note_id, supervote in repo.votes_for(session, current.id or 0, [participant_id])
    ]
    dots = Counter((v.note_id, v.supervote) for v in mine)
    items = [
        {
            "note_id": note_id,
            "text": text,
            "cluster": cluster,
            "mine": dots.get((note_id, False), 0),
            "mine_super": dots.get((note_id, True), 0),
        }
        for note_id, text, cluster, _imported in shown
    ]
    rules = current.rules
    decider = person.role is Role.DECIDER
    results = _results(shown, votes.list_votes(session, current.id or 0)) if current.revealed else None
    return {
        **_vote_rules(current),
        "left": remaining(mine, participant_id, rules),
        "supervotes_left": remaining(mine, participant_id, rules, True) if decider else 0,
        "is_decider": decider,
        "items": items,
        "results": results,
    }


def _results(shown: list[Shown], cast: list[Vote]) -> list[dict[str, object]]:
    by_id = {item[0]: item for item in shown}
    imported = {note_id: count for note_id, _text, _cluster, count in shown if count}
    tallies = {k: t for k, t in tally_notes(cast, imported).items() if k in by_id}
    results: list[dict[str, object]] = []
    for note_id, tally in ranking(tallies):
        _id, text, cluster, _count = by_id[note_id]
        results.append(
            {
                "note_id": note_id,
                "text": text,
                "cluster": cluster,
                "dots": tally.dots,
                "supervotes": tally.supervotes,
            }
        )
    return results
