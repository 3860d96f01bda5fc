"""PerspectiveService on a real SQLite file: notes and votes per role, hidden votes left out."""

from __future__ import annotations

import dataclasses

import pytest

from sprintdesk.domain.perspectives import Verdict, VoteStatus
from sprintdesk.domain.voting import VoteRules
from sprintdesk.domain.workshop import Participant, Role, Workshop
from sprintdesk.services.boards import BoardService
from sprintdesk.services.perspectives import PerspectiveService, from_state
from sprintdesk.services.voting import VotingService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database
from sprintdesk.storage.errors import NotFoundError


@pytest.fixture
def team(sprint: Workshop) -> dict[str, Participant]:
    """The sample's people by first name: Ana (PM), Ben (UX), Chen (Engineering), Dana (Decider)."""
    return {p.name.split()[0]: p for p in sprint.participants}


def test_breakdown_per_cluster_with_votes_only_after_the_reveal(
    db: Database, sprint: Workshop, team: dict[str, Participant]
) -> None:
    boards, voting, service = BoardService(db), VotingService(db), PerspectiveService(db)
    board_id, _ = boards.create(sprint.id or 0, "How might we")
    ben, ana, dana = team["Ben"].id, team["Ana"].id, team["Dana"].id
    ux_ids, _ = boards.add_notes(board_id, ["Onboarding", "Empty states", "Tooltips"], author_id=ben)
    pm_ids, _ = boards.add_notes(board_id, ["Pricing page", "Trial length"], author_id=ana)
    boards.add_notes(board_id, ["Anonymous idea"])
    cluster_id, _ = boards.group(board_id, [*ux_ids, pm_ids[0]], "First run")
    voting.start(board_id, VoteRules(budget=3))
    voting.cast(board_id, ana or 0, ux_ids[0])
    voting.cast(board_id, dana or 0, ux_ids[1])
    voting.cast(board_id, dana or 0, pm_ids[1])

    hidden = service.board(board_id)
    assert hidden.vote_status is VoteStatus.HIDDEN
    assert all(row.votes.total == 0 for row in hidden.rows()), "hidden dots must not show"
    (first,) = hidden.clusters
    assert first.cluster_id == cluster_id and first.title == "First run"
    assert first.notes.counts == ((Role.PM, 1), (Role.UX, 3))
    assert first.assessment.verdict is Verdict.ONE_SIDED and first.assessment.roles == (Role.UX,)
    assert hidden.loose is not None
    assert hidden.loose.notes.counts == ((Role.PM, 1), (None, 1))
    assert hidden.board.notes.total == 6

    voting.reveal(board_id)
    shown = service.board(board_id)
    assert shown.vote_status is VoteStatus.REVEALED
    assert shown.clusters[0].votes.counts == ((Role.PM, 1), (Role.DECIDER, 1))
    assert shown.loose is not None and shown.loose.votes.counts == ((Role.DECIDER, 1),)
    assert shown.board.votes.total == 3
    assert [row.votes for row in shown.rows()] == [
        row.votes
        for row in from_state(boards.load(board_id), list(team.values()), voting.state(board_id)).rows()
    ]


def test_a_changed_role_changes_the_breakdown(
    db: Database, workshops: WorkshopService, sprint: Workshop, team: dict[str, Participant]
) -> None:
    boards, service = BoardService(db), PerspectiveService(db)
    board_id, _ = boards.create(sprint.id or 0, "Wall")
    boards.add_notes(board_id, ["a", "b"], author_id=team["Ben"].id)
    boards.add_notes(board_id, ["c", "d"], author_id=team["Ana"].id)
    assert service.board(board_id).board.assessment.verdict is Verdict.SHARED
    stored = workshops.get(sprint.id or 0)
    people = tuple(
        dataclasses.replace(p, role=Role.UX) if p.name == "Ana Costa" else p for p in stored.participants
    )
    workshops.update_details(dataclasses.replace(stored, participants=people))
    after = service.board(board_id).board
    assert after.notes.counts == ((Role.UX, 4),)
    assert after.assessment.verdict is Verdict.ONE_SIDED


def test_an_empty_board_and_a_missing_board(db: Database, sprint: Workshop) -> None:
    board_id, _ = BoardService(db).create(sprint.id or 0, "Empty")
    result = PerspectiveService(db).board(board_id)
    assert result.clusters == () and result.loose is None and result.board.notes.total == 0
    assert result.vote_status is VoteStatus.NONE
    assert result.board.assessment.verdict is Verdict.TOO_FEW
    with pytest.raises(NotFoundError):
        PerspectiveService(db).board(board_id + 100)
