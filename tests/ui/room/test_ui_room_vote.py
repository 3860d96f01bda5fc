"""Issue 13, item 5 from the facilitator's side: phones and the facilitator (entering dots
for people without a phone) vote in the same vote; the facilitator's board sees the phones'
dots as they come, and after the reveal the phones see every dot in the results."""

from __future__ import annotations

from room_phone import Phone
from room_steps import start_joining

from sprintdesk.app import SprintDesk
from sprintdesk.domain.voting import VoteRules
from sprintdesk.ui.workshop.window import WorkshopWindow


def test_phones_and_the_facilitator_vote_in_the_same_vote(
    desk: SprintDesk,
    window: WorkshopWindow,
    board_id: int,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    phone = Phone(start_joining(window, qtbot).join_url)
    phone.join(name="Noor", role="")
    status, answer = phone.write("Vote for me", "noor-key-0001")
    assert status == 201, answer
    note_id = answer["note"]["id"]
    window._open_board(board_id)
    qtbot.waitUntil(lambda: window.boards.board_actions.board_id == board_id)
    window.boards.votes.budget.setValue(3)
    window.boards.votes.start_button.click()  # the facilitator starts the vote, as always
    qtbot.waitUntil(lambda: phone.call("GET", "/api/vote")[0] == 200, timeout=5000)
    status, vote = phone.call("POST", "/api/dots", {"note_id": note_id, "supervote": False})
    assert status == 200 and vote["left"] == 2, vote
    votes = window.boards.votes
    qtbot.waitUntil(lambda: votes.status.text().startswith("1 dot cast"), timeout=5000)
    people = desk.workshops.get(window.workshop_id).participants
    someone = next(p for p in people if p.name != "Noor")
    votes.pick(
        next(i for i in range(votes.voters.count()) if votes.voters.item(i).text().startswith(someone.name))
    )
    window.boards.board_actions.vote(note_id, False, someone.name)  # for a person without a phone
    qtbot.waitUntil(lambda: votes.status.text().startswith("2 dots cast"))
    state = desk.voting.state(board_id)
    assert state.session is not None  # one vote: the phone's dot and the facilitator's
    assert sorted(v.participant_id for v in state.votes) == sorted([phone.participant["id"], someone.id])
    votes.reveal_button.click()
    qtbot.waitUntil(lambda: desk.voting.state(board_id).revealed)
    status, vote = phone.call("GET", "/api/vote")
    assert status == 200 and vote["revealed"]
    assert vote["results"][0]["note_id"] == note_id and vote["results"][0]["dots"] == 2


def test_a_vote_started_elsewhere_reaches_the_phones(
    desk: SprintDesk, window: WorkshopWindow, board_id: int, qtbot
) -> None:  # type: ignore[no-untyped-def]
    phone = Phone(start_joining(window, qtbot).join_url)
    phone.join(name="Ola", role="")
    assert phone.call("GET", "/api/vote")[0] == 409
    desk.hub.publish(desk.voting.start(board_id, VoteRules(budget=2)))
    status, vote = phone.call("GET", "/api/vote")
    assert status == 200 and vote["budget"] == 2
