"""Voting from phones (issue 13): the VotingService rules (budget, stacking, the Decider's
supervote), hidden votes never leak before the reveal, covered notes never leak at all, and the
facilitator's dots for people without a phone go into the same vote."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from sprintdesk.domain.agenda_run import AgendaRun
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.participation import current_item_id
from sprintdesk.domain.voting import VoteRules
from sprintdesk.services.bundle import Services
from sprintdesk.services.participation import ParticipationService
from sprintdesk.services.participation_errors import ClosedError, MissingError
from sprintdesk.services.run import LiveRun
from sprintdesk.storage import participation_repository
from sprintdesk.storage.database import Database

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from participation_setup import Room, make_room


@pytest.fixture
def room(services: Services) -> Room:
    room = make_room(services)
    services.participation.open_joining(room.workshop_id, "127.0.0.1", 8765)
    return room


@pytest.fixture
def phones(services: Services, room: Room) -> ParticipationService:
    return services.participation


def _join(phones: ParticipationService, room: Room, name: str) -> int:
    joining = phones.resume_address(room.workshop_id)
    assert joining is not None
    joined, _ = phones.join(joining.secret, participant_id=room.people[name])
    return int(joined["participant"]["id"])  # type: ignore[index]


def test_no_vote_no_dots(phones: ParticipationService, room: Room) -> None:
    ana = _join(phones, room, "Ana Costa")
    with pytest.raises(ClosedError):
        phones.my_vote(room.workshop_id, ana)
    with pytest.raises(ClosedError):
        phones.cast_dot(room.workshop_id, ana, room.note_ids[0], False)
    assert phones.me(room.workshop_id, ana)["vote"] is None
    assert phones.room_state(room.workshop_id)["vote"] is None


def test_budget_stacking_and_the_deciders_supervote(
    services: Services, phones: ParticipationService, room: Room
) -> None:
    services.voting.start(room.board_id, VoteRules(budget=2, supervote_budget=1))
    ana, dana = _join(phones, room, "Ana Costa"), _join(phones, room, "Dana Ruiz")
    a, b, c = room.note_ids
    state, changes = phones.cast_dot(room.workshop_id, ana, a, False)
    assert changes.votes and changes.room and state["left"] == 1
    with pytest.raises(ValidationError):  # no stacking
        phones.cast_dot(room.workshop_id, ana, a, False)
    phones.cast_dot(room.workshop_id, ana, b, False)
    with pytest.raises(ValidationError):  # budget spent
        phones.cast_dot(room.workshop_id, ana, c, False)
    with pytest.raises(ValidationError):  # only Deciders supervote
        phones.cast_dot(room.workshop_id, ana, c, True)
    state, _ = phones.cast_dot(room.workshop_id, dana, c, True)
    assert (state["is_decider"], state["supervotes_left"], state["left"]) == (True, 0, 2)
    with pytest.raises(ValidationError):
        phones.cast_dot(room.workshop_id, dana, b, True)
    state, _ = phones.take_dot(room.workshop_id, ana, a, False)
    assert state["left"] == 1
    with pytest.raises(MissingError):
        phones.take_dot(room.workshop_id, ana, a, False)
    with pytest.raises(MissingError):  # not someone else's dot
        phones.take_dot(room.workshop_id, ana, c, True)
    for note_id in (999_999, True, "1"):
        with pytest.raises((MissingError, ValidationError)):
            phones.cast_dot(room.workshop_id, ana, note_id, False)
    # The facilitator enters dots for someone without a phone in the same vote.
    services.voting.cast(room.board_id, room.people["Ben Okafor"], a)
    tallies = services.voting.state(room.board_id).note_tallies
    assert (tallies[b].dots, tallies[c].supervotes, tallies[a].dots) == (1, 1, 1)


def test_hidden_votes_never_leak_before_the_reveal(
    services: Services, phones: ParticipationService, room: Room
) -> None:
    services.voting.start(room.board_id, VoteRules(budget=3))
    ana, ben = _join(phones, room, "Ana Costa"), _join(phones, room, "Ben Okafor")
    a = room.note_ids[0]
    phones.cast_dot(room.workshop_id, ana, a, False)
    services.voting.cast(room.board_id, room.people["Chen Wei"], a)
    seen = phones.my_vote(room.workshop_id, ben)
    assert seen["results"] is None and seen["revealed"] is False
    assert all(item["mine"] == 0 for item in seen["items"])  # type: ignore[union-attr]
    text = repr(phones.me(room.workshop_id, ben)) + repr(phones.room_state(room.workshop_id))
    assert "dots" not in text
    services.voting.reveal(room.board_id)
    results = phones.my_vote(room.workshop_id, ben)["results"]
    assert results[0] == {  # type: ignore[index]
        "note_id": a,
        "text": "Faster checkout",
        "cluster": "Speed",
        "dots": 2,
        "supervotes": 0,
    }
    with pytest.raises(ClosedError):  # the vote is over
        phones.cast_dot(room.workshop_id, ben, a, False)


def test_covered_notes_never_leak(services: Services, phones: ParticipationService, room: Room) -> None:
    services.boards.set_private_writing(room.board_id, True)
    ana, ben = _join(phones, room, "Ana Costa"), _join(phones, room, "Ben Okafor")
    note, _, _ = phones.write_note(room.workshop_id, ana, "ana-key-001", "Ana's secret")
    services.voting.start(room.board_id, VoteRules(budget=3))
    bens_view = repr(phones.me(room.workshop_id, ben)) + repr(phones.my_vote(room.workshop_id, ben))
    assert "Ana's secret" not in bens_view
    with pytest.raises(MissingError):
        phones.cast_dot(room.workshop_id, ben, int(str(note["id"])), False)
    # Her own phone sees her own note, covered.
    assert phones.me(room.workshop_id, ana)["notes"][0]["status"] == "covered"  # type: ignore[index]
    services.boards.reveal_covered(room.board_id)
    items = phones.my_vote(room.workshop_id, ben)["items"]
    assert "Ana's secret" in [i["text"] for i in items]  # type: ignore[union-attr]
    # Clusters first, by cluster; the loose notes after.
    assert [i["cluster"] for i in items] == ["Speed", "Speed", None, None]  # type: ignore[union-attr]


def test_the_current_item_read_backwards_matches_the_runs_replay(
    db: Database, services: Services, room: Room, clock: FakeClock
) -> None:
    run = LiveRun(db, room.workshop_id, clock)
    rng = random.Random(13)
    items = services.workshops.get(room.workshop_id).items()
    ids = [item.id or 0 for item in items]
    actions = [run.start, run.pause, run.next, run.previous, run.restart, lambda: run.extend(60)]
    for _step in range(120):
        if rng.random() < 0.15:
            run.select(rng.choice(ids))
        else:
            rng.choice(actions)()
        clock.advance(rng.uniform(0, 30))
        with db.session() as session:
            steps = participation_repository.run_steps(session, room.workshop_id)
            workshop = services.workshops.get(room.workshop_id)
            from sprintdesk.storage import run_log_repository

            replayed = AgendaRun.restore(
                workshop, run_log_repository.list_events(session, room.workshop_id), clock
            )
        assert current_item_id(steps, ids) == replayed.current.item_id
    # Deleted items are skipped the way the replay skips them.
    assert current_item_id([("select", 1, 999), ("start", 998, None)], ids) == ids[0]
    assert current_item_id([], []) is None
