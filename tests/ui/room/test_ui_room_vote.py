"""Issue 13, item 5 from the facilitator's side: phones and the facilitator (entering dots
for people without a phone) vote in the same vote; the facilitator's board sees the phones'
dots as they come, and after the reveal the phones see every dot in the results."""

from __future__ import annotations

import dataclasses

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


def test_a_hidden_dot_reads_only_its_note_again_in_run_mode(
    desk: SprintDesk, window: WorkshopWindow, board_id: int, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The benchmark found run mode reading the whole board again for every phone's dot (a
    hundred phones voting froze the window): a hidden dot changes nothing the room sees, so
    only its note is read again; the reveal still reads the whole board."""
    phone = Phone(start_joining(window, qtbot).join_url)
    phone.join(name="Ida", role="")
    status, answer = phone.write("Dot me", "ida-key-0001")
    assert status == 201, answer
    note_id = answer["note"]["id"]
    qtbot.waitUntil(lambda: note_id in window.run_panel.board_scene.notes, timeout=5000)
    desk.hub.publish(desk.voting.start(board_id, VoteRules(budget=2)))
    loaders = window.run_panel.board_loaders
    assert loaders is not None
    whole: list[int] = []
    read_all = loaders.content
    monkeypatch.setattr(
        window.run_panel,
        "board_loaders",
        dataclasses.replace(loaders, content=lambda board: whole.append(board) or read_all(board)),
    )
    status, vote = phone.call("POST", "/api/dots", {"note_id": note_id, "supervote": False})
    assert status == 200, vote
    qtbot.waitUntil(lambda: window.boards.votes.status.text().startswith("1 dot cast"), timeout=5000)
    assert whole == []  # the dot did not read the whole board
    desk.hub.publish(desk.voting.reveal(board_id))
    assert whole == [board_id]  # the reveal does
