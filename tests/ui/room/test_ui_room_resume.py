"""Walkthrough 13, S1: after SprintDesk comes back with joining still on (a crash), the very
first Pause reaches the phones, as later ones do.

Why it did not: the page keeps the room state with the highest ``rev`` it has seen and drops
an older one (resources/participant/app.js ``applyRoom``: ``room.rev < S.room.rev``), across
reconnections. A restarted server numbered its room states from 1 again, so until it had
counted past what the phone saw before the crash, every new state (the first Pause) was
dropped. The server now numbers them from the moment it started (sprintdesk/web/feed.py), so
they keep rising across restarts.

A real RoomServer on 127.0.0.1 (ephemeral port), a phone's event stream before and after the
restart (tests/room_phones.py), read with the page's rule."""

from __future__ import annotations

import queue

from room_phones import EventStream, Phone
from room_steps import start_joining

from sprintdesk.app import SprintDesk
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.timer import TimerState
from sprintdesk.ui.workshop.window import TAB_RUN, WorkshopWindow

RESTART_S = 6.0  # a kill, a start and the workshop window opening again take seconds


class PageRoom:
    """The room state as the participant page keeps it: a state with a lower ``rev`` than the
    one shown is dropped (also after the event stream connected again)."""

    def __init__(self) -> None:
        self.room: dict[str, object] | None = None

    def read(self, stream: EventStream) -> None:
        while True:
            try:
                item = stream.events.get_nowait()
            except queue.Empty:
                return
            assert item is not None, "the event stream ended"
            event, room = item
            if event != "room":
                continue
            if self.room is not None and int(room["rev"]) < int(self.room["rev"]):  # type: ignore[call-overload]
                continue
            self.room = room

    def running(self) -> bool | None:
        timer = self.room.get("timer") if self.room is not None else None
        return timer.get("running") if isinstance(timer, dict) else None  # type: ignore[return-value]


def _wait_shown(page: PageRoom, stream: EventStream, running: bool, qtbot) -> None:  # type: ignore[no-untyped-def]
    def shown() -> bool:
        page.read(stream)
        return page.running() is running

    qtbot.waitUntil(shown, timeout=5000)


def _toggle(window: WorkshopWindow, state: TimerState) -> None:
    window.controller.toggle()
    status = window.controller.status()
    assert status is not None and status.state is state


def test_the_first_pause_after_a_resume_reaches_the_phones(
    desk: SprintDesk, window: WorkshopWindow, clock: FakeClock, qtbot
) -> None:  # type: ignore[no-untyped-def]
    desk.stop_watching_outside()  # only the forwarding to the server can tell the phones
    window.tabs.setCurrentIndex(TAB_RUN)
    address = start_joining(window, qtbot)
    phone = Phone(address)
    lobby = phone.request("GET", f"/api/join/{address.secret}").json
    phone.join(participant_id=lobby["participants"][0]["id"])  # type: ignore[index]
    page = PageRoom()
    stream = phone.events()
    try:
        _wait_shown(page, stream, False, qtbot)
        for state in (TimerState.RUNNING, TimerState.PAUSED, TimerState.RUNNING):  # a while of work
            _toggle(window, state)
            _wait_shown(page, stream, state is TimerState.RUNNING, qtbot)
    finally:
        stream.close()

    # SprintDesk is killed with joining on and the countdown running, and started again
    workshop_id = window.workshop_id
    window.close()  # closing stops joining; a kill does not: put the row back on, as it was
    desk.services.participation.open_joining(workshop_id, address.host, address.port)
    clock.advance(RESTART_S)
    again = desk.open_workshop(workshop_id)
    assert again is not None and again.room is not None
    qtbot.waitUntil(lambda: again.room is not None and again.room.session.address is not None)
    assert again.room.session.address.port == address.port

    stream = phone.events()  # the phone comes back by itself, with what it showed before
    try:
        _wait_shown(page, stream, True, qtbot)
        _toggle(again, TimerState.PAUSED)  # the first Pause since the restart
        _wait_shown(page, stream, False, qtbot)
        _toggle(again, TimerState.RUNNING)
        _wait_shown(page, stream, True, qtbot)
    finally:
        stream.close()
        again.room.shutdown()
        again.close()
