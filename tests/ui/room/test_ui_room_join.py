"""Issue 13, the facilitator's side: "Let participants join…" starts the room server (and
nothing listens otherwise), a phone's note reaches the facilitator's board, the join slide
and the corner code follow the J key, "Stop joining" closes the port, problems are said in
the dialog, joining resumes on the same address after the window opens again, and the
"no phone yet" hint comes after a (fake) minute only when no phone came."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt
from room_phone import Phone
from room_steps import open_dialog, start_joining

from sprintdesk.app import SprintDesk
from sprintdesk.domain.clock import FakeClock
from sprintdesk.ui.room.session import NO_PHONE_HINT
from sprintdesk.ui.workshop.window import WorkshopWindow


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def _names(window: WorkshopWindow) -> list[str]:
    assert window.room is not None
    table = window.room.panel.table
    return [table.item(row, 0).text() for row in range(table.rowCount()) if table.item(row, 0) is not None]


def _board_texts(window: WorkshopWindow) -> set[str]:
    return {item.note.text for item in window.run_panel.board_scene.notes.values()}


def test_nothing_listens_until_the_facilitator_starts(window: WorkshopWindow) -> None:
    assert window.room is not None
    assert window.room.session.server is None
    assert not window.room.panel.isVisible()
    assert window.room.join_button.isVisibleTo(window.run_panel)
    assert not window.room.stop_action.isEnabled()


def test_a_phones_note_appears_on_the_facilitators_board(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    address = start_joining(window, qtbot)
    assert address.host == "127.0.0.1" and address.join_url.startswith(address.short_url + "/j/")
    phone = Phone(address.join_url)
    lobby = phone.lobby()
    phone.join(participant_id=lobby["participants"][0]["id"])
    status, answer = phone.write("Pay with one tap", "note-000001")
    assert status == 201, answer
    qtbot.waitUntil(lambda: "Pay with one tap" in _board_texts(window), timeout=5000)
    assert window.room is not None
    panel = window.room.panel
    qtbot.waitUntil(
        lambda: (
            panel.table.rowCount() >= 1
            and any(
                panel.table.item(row, 3) is not None and panel.table.item(row, 3).text() == "1"
                for row in range(panel.table.rowCount())
            )
        )
    )


def test_the_join_slide_and_the_corner_follow_the_key(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    start_joining(window, qtbot)
    assert window.room is not None
    screen = window.room.screen
    presenter = window.run_panel.presenter
    qtbot.waitUntil(presenter.isVisible)
    assert screen.slide.isVisible() and not screen.corner.isVisible()
    assert screen.slide.geometry() == presenter.rect()
    window.tabs.setCurrentIndex(3)
    window.run_panel.setFocus()
    qtbot.keyClick(window.run_panel, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: not screen.slide.isVisible())
    assert screen.corner.isVisible()
    corner = screen.corner.geometry()
    assert presenter.rect().contains(corner) and corner.right() > presenter.width() * 0.7
    qtbot.keyClick(presenter, Qt.Key.Key_J)  # on the shared screen too
    qtbot.waitUntil(screen.slide.isVisible)


def test_stop_joining_closes_the_port(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    address = start_joining(window, qtbot)
    assert not _refused(address.port)
    assert window.room is not None
    window.room.panel.stop_button.click()
    qtbot.waitUntil(lambda: window.room is not None and window.room.session.address is None)
    assert _refused(address.port)
    screen = window.room.screen
    assert not screen.slide.isVisible() and not screen.corner.isVisible()
    assert not window.room.panel.isVisible()
    assert window.room.join_action.isEnabled()
    state = window.room.session.participation.joining(window.workshop_id)
    assert state is not None and not state.is_on


def test_a_port_in_use_is_said_in_the_dialog(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        dialog = open_dialog(window, qtbot)
        dialog.port.setValue(taken.getsockname()[1])
        dialog.start_button.click()
        assert dialog.isVisible() and dialog.error.isVisible()
        message = dialog.error.text()
        assert message and "\n" not in message and "Traceback" not in message
        assert window.room is not None and window.room.session.address is None
    finally:
        taken.close()


def test_joining_resumes_on_the_same_address_when_the_window_opens_again(
    desk: SprintDesk,
    window: WorkshopWindow,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    address = start_joining(window, qtbot)
    phone = Phone(address.join_url)
    phone.join(name="Latecomer", role="")
    workshop_id = window.workshop_id
    window.close()  # as when SprintDesk stops (a crash leaves the same row behind)
    qtbot.waitUntil(lambda: _refused(address.port))
    again = desk.open_workshop(workshop_id)
    assert again is not None and again.room is not None
    qtbot.waitUntil(lambda: again.room is not None and again.room.session.address is not None)
    resumed = again.room.session.address
    assert (resumed.host, resumed.port, resumed.join_url) == (address.host, address.port, address.join_url)
    status, me = phone.call("GET", "/api/me")
    assert status == 200 and me["participant"]["name"] == "Latecomer"
    again.room.shutdown()
    again.close()


def test_the_no_phone_hint_comes_after_a_minute(window: WorkshopWindow, clock: FakeClock, qtbot) -> None:  # type: ignore[no-untyped-def]
    start_joining(window, qtbot)
    assert window.room is not None
    panel = window.room.panel
    clock.advance(50)
    window.room.session.poll()
    assert not panel.hint.isVisible()
    clock.advance(11)
    qtbot.waitUntil(panel.hint.isVisible, timeout=3000)  # the once-a-second poll
    assert panel.hint.text() == NO_PHONE_HINT
    assert "hotspot" in panel.hint.text() and "firewall" in panel.hint.text()
    presenter = window.run_panel.presenter
    assert not any(NO_PHONE_HINT in label.text() for label in presenter.findChildren(type(panel.hint)))


def test_no_hint_when_a_phone_joined(window: WorkshopWindow, clock: FakeClock, qtbot) -> None:  # type: ignore[no-untyped-def]
    address = start_joining(window, qtbot)
    Phone(address.join_url).join(name="Early bird", role="")
    assert window.room is not None
    session = window.room.session
    qtbot.waitUntil(lambda: "Early bird" in _names(window), timeout=5000)
    clock.advance(120)
    session.poll()
    assert session.hint == ""
    assert not window.room.panel.hint.isVisible()


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_dialog_saves_the_choices(window: WorkshopWindow, qtbot, anonymous: bool) -> None:  # type: ignore[no-untyped-def]
    start_joining(window, qtbot, moderation=True, anonymous=anonymous)
    assert window.room is not None
    state = window.room.session.participation.joining(window.workshop_id)
    assert state is not None and state.is_on
    assert state.policy.moderation and state.policy.anonymous == anonymous
    assert state.policy.board_id is None  # the running item's board
