"""Issue 13, the facilitator's side: "Let participants join…" starts the room server (and
nothing listens otherwise), a phone's note reaches the facilitator's board, the join slide
and the corner code follow the J key, "Stop joining" closes the port, problems are said in
the dialog, joining resumes on the same address after the window opens again, and the
"no phone yet" hint comes after a (fake) minute only when no phone came."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThread
from room_phone import Phone
from room_steps import open_dialog, start_joining

from sprintdesk.app import SprintDesk
from sprintdesk.domain.clock import FakeClock
from sprintdesk.services.changes import Changes
from sprintdesk.ui.room.panel import NOTES
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


def test_a_phones_note_appears_on_the_facilitators_board(
    desk: SprintDesk, window: WorkshopWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    desk.stop_watching_outside()  # only the server's own report can bring the note, not a poll
    heard: list[tuple[Changes, bool]] = []
    gui = QCoreApplication.instance()
    assert gui is not None
    desk.hub.sig_changed.connect(
        lambda changes: heard.append((changes, QThread.currentThread() is gui.thread()))
    )
    address = start_joining(window, qtbot)
    assert address.host == "127.0.0.1" and address.join_url.startswith(address.short_url + "/j/")
    phone = Phone(address.join_url)
    lobby = phone.lobby()
    phone.join(participant_id=lobby["participants"][0]["id"])
    status, answer = phone.write("Pay with one tap", "note-000001")
    assert status == 201, answer
    qtbot.waitUntil(lambda: "Pay with one tap" in _board_texts(window), timeout=5000)
    note_id = answer["note"]["id"]
    told = [on_gui for changes, on_gui in heard if note_id in changes.note_ids]
    assert told and all(told)  # through the hub, on the interface thread
    assert window.room is not None
    panel = window.room.panel
    qtbot.waitUntil(
        lambda: any(
            panel.table.item(row, NOTES) is not None and panel.table.item(row, NOTES).text() == "1"
            for row in range(panel.table.rowCount())
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


def test_the_corner_covers_no_note_on_the_shared_screen(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    address = start_joining(window, qtbot)
    for who in ("Wide", "Wider"):  # a phone may send ten notes at once
        phone = Phone(address.join_url)
        phone.join(name=who, role="")
        for index in range(6):
            assert phone.write(f"{who} note number {index}", f"{who.lower()}-key-{index:04d}")[0] == 201
    assert window.room is not None
    window.room.slide_action.setChecked(False)
    presenter = window.run_panel.presenter
    view = presenter.board_view
    assert view is not None
    qtbot.waitUntil(lambda: len(view.board_scene.notes) == 12, timeout=5000)
    corner = window.room.screen.corner.geometry()
    assert window.room.screen.corner.isVisible()
    for part in (view, presenter.header, presenter.instructions):  # nothing can be drawn under it
        assert not part.isVisible() or not part.geometry().intersects(corner), part
    for item in view.board_scene.notes.values():
        shown = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        on_presenter = shown.translated(view.mapTo(presenter, view.rect().topLeft()))
        assert not on_presenter.intersects(corner), item.note.text


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


def test_joining_resumes_on_the_same_address_after_a_crash(
    desk: SprintDesk,
    window: WorkshopWindow,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    address = start_joining(window, qtbot)
    phone = Phone(address.join_url)
    phone.join(name="Latecomer", role="")
    workshop_id = window.workshop_id
    window.close()  # closing the window stops joining...
    qtbot.waitUntil(lambda: _refused(address.port))
    assert desk.services.participation.resume_address(workshop_id) is None
    # ...a crash does not: the row stays on, as SprintDesk left it when it was killed
    desk.services.participation.open_joining(workshop_id, address.host, address.port)
    again = desk.open_workshop(workshop_id)
    assert again is not None and again.room is not None
    qtbot.waitUntil(lambda: again.room is not None and again.room.session.address is not None)
    resumed = again.room.session.address
    assert (resumed.host, resumed.port, resumed.join_url) == (address.host, address.port, address.join_url)
    assert resumed.room_code == address.room_code
    assert again.room.screen.corner.isVisibleTo(again.run_panel.presenter)  # latecomers still see it
    status, me = phone.call("GET", "/api/me")  # the phone comes back by itself
    assert status == 200 and me["participant"]["name"] == "Latecomer"
    again.room.shutdown()
    again.close()


def test_a_resume_that_fails_is_said_in_run_mode(desk: SprintDesk, window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    address = start_joining(window, qtbot)
    workshop_id = window.workshop_id
    window.close()
    qtbot.waitUntil(lambda: _refused(address.port))
    desk.services.participation.open_joining(workshop_id, address.host, address.port)  # the crash
    taken = socket.socket()
    taken.bind((address.host, address.port))  # another program took the port meanwhile
    taken.listen()
    try:
        again = desk.open_workshop(workshop_id)
        assert again is not None and again.room is not None
        banner = again.run_panel.banner
        qtbot.waitUntil(lambda: not banner.isHidden())
        assert f"{address.host}:{address.port}" in banner.text() and "in use" in banner.text()
        assert "\n" not in banner.text()
        assert again.room.session.address is None and again.room.join_action.isEnabled()
        again.close()
    finally:
        taken.close()


def test_the_no_phone_hint_comes_after_a_minute(window: WorkshopWindow, clock: FakeClock, qtbot) -> None:  # type: ignore[no-untyped-def]
    start_joining(window, qtbot)
    assert window.room is not None
    panel = window.room.panel
    clock.advance(50)
    window.room.session.poll()
    assert panel.hint.isHidden()
    clock.advance(11)
    qtbot.waitUntil(lambda: not panel.hint.isHidden(), timeout=3000)  # the once-a-second poll
    assert window.tabs.currentWidget() is window.run_panel and panel.hint.isVisible()
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
    assert window.room.panel.hint.isHidden()


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_dialog_saves_the_choices(window: WorkshopWindow, qtbot, anonymous: bool) -> None:  # type: ignore[no-untyped-def]
    start_joining(window, qtbot, moderation=True, anonymous=anonymous)
    assert window.room is not None
    state = window.room.session.participation.joining(window.workshop_id)
    assert state is not None and state.is_on
    assert state.policy.moderation and state.policy.anonymous == anonymous
    assert state.policy.board_id is None  # the running item's board


def test_phone_notes_are_not_taken_for_another_programs_writes(
    desk: SprintDesk, window: WorkshopWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """The server's commits come to the windows as Changes; the outside-writes watcher must
    not also see them as another program's (which re-read every window on every phone note)."""
    assert desk.outside is not None and desk.outside.active
    if desk.outside_poll is not None:
        desk.outside_poll.stop()  # poll by hand below, so the timer cannot take the answer first
    address = start_joining(window, qtbot)
    assert not desk.outside.poll()
    phone = Phone(address.join_url)
    lobby = phone.lobby()
    phone.join(participant_id=lobby["participants"][0]["id"])
    for number in range(3):
        status, answer = phone.write(f"Phone note {number}", f"note-00000{number}")
        assert status == 201, answer
    qtbot.waitUntil(lambda: "Phone note 2" in _board_texts(window), timeout=5000)
    assert not desk.outside.poll()


def test_a_burst_from_phones_reaches_the_views_in_one_go_per_board(
    desk: SprintDesk, window: WorkshopWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """The benchmark found the interface re-reading the board once per phone note (a hundred
    phones froze it): what the server reports within a moment is told to the views at once,
    one Changes per board, with every note in it."""
    assert window.room is not None
    session = window.room.session
    heard: list[Changes] = []
    desk.hub.sig_changed.connect(heard.append)
    workshop_id = window.workshop_id
    for note_id in range(1, 41):
        session.sig_server_changes.emit(
            Changes(workshop_id=workshop_id, board_id=7 if note_id % 4 else 8, note_ids=frozenset({note_id}))
        )
    qtbot.waitUntil(lambda: len(heard) >= 2, timeout=3000)
    assert not session._relay.isActive() and not session._arrived  # nothing is left to come
    assert sorted(c.board_id or 0 for c in heard) == [7, 8]
    assert frozenset().union(*(c.note_ids for c in heard)) == frozenset(range(1, 41))
