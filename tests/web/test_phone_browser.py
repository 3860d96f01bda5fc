"""A participant's phone against the real room's server (sprintdesk.web.server.RoomServer on
127.0.0.1, a real SQLite database made with the services): headless Chromium at 390x844 and
WebKitGTK, the page loaded through the name room.test so it is not a secure context. Join
through the QR's address, pick a name, write, edit and delete notes, follow the timer
(running, paused, overtime), vote, see the reveal, be told why when joining stops, and
survive the server being killed and started again without a doubled note.

Screenshots go to $TMPDIR/sprintdesk-phone-shots (see phones.shots_dir)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from phone_flow import (
    css,
    join_by_link,
    lock_steps,
    notes_steps,
    outbox,
    press,
    shot,
    timer_steps,
    visible,
    vote_steps,
    wait_note_status,
    wait_text,
    wait_visible,
    write_note,
)
from phones import ROOM_HOST, browser_errors, chromium_phone, wait_for, webkit_phone

from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.timer import TimerState
from sprintdesk.domain.voting import VoteRules
from sprintdesk.samples import people_of
from sprintdesk.services.bundle import Services
from sprintdesk.services.changes import Changes
from sprintdesk.services.participation import ParticipationService
from sprintdesk.services.run import LiveRun
from sprintdesk.storage.database import Database
from sprintdesk.web.address import JoinAddress
from sprintdesk.web.server import RoomServer

pytestmark = pytest.mark.slow  # starts chromedriver and a browser


@dataclass
class Room:
    """What the facilitator's side needs: the database, its clock, the services, the workshop
    (participation_setup.make_room: the sample workshop, Dana Ruiz the Decider, a board
    "Ideas" with a cluster "Speed" of two notes and one loose note, linked to the first item)."""

    db_path: Path
    db: Database
    clock: FakeClock
    services: Services
    workshop_id: int
    board_id: int


class Desk:
    """The facilitator, through the same services as the workshop window, telling the server."""

    def __init__(self, room: Room, server: RoomServer) -> None:
        self.room, self.server = room, server
        self.live = LiveRun(room.db, room.workshop_id, room.clock)
        status = self.live.status()
        assert status is not None
        self.duration_s = float(status.allotted)

    def tell(self, changes: Changes) -> None:
        self.server.notify(changes)

    def set_timer(self, elapsed_s: float, running: bool) -> None:
        """Run the item until elapsed_s on the (fake) clock, then pause it or leave it running."""
        status = self.live.status()
        assert status is not None
        if status.state is not TimerState.RUNNING:
            self.tell(self.live.start())
        self.room.clock.advance(elapsed_s - status.elapsed)
        if not running:
            self.tell(self.live.pause())
        self.tell(Changes(workshop_id=self.room.workshop_id, run=True))

    def open_vote(self) -> None:
        self.tell(self.room.services.voting.start(self.room.board_id, VoteRules(3, 1, allow_stacking=True)))

    def reveal(self) -> None:
        self.tell(self.room.services.voting.reveal(self.room.board_id))

    def lock(self) -> None:
        self.tell(ParticipationService(self.room.db, self.room.clock).set_locked(self.room.workshop_id, True))

    def notes(self) -> list[str]:
        return phone_notes(self.room.db_path)


def phone_notes(db_path: Path) -> list[str]:
    """The texts of the notes phones wrote, read through a separate SQLite connection."""
    connection = sqlite3.connect(db_path)
    try:
        rows = connection.execute(
            "SELECT notes.text FROM notes JOIN phone_notes ON phone_notes.note_id = notes.id"
            " ORDER BY notes.id"
        ).fetchall()
    finally:
        connection.close()
    return [str(text) for (text,) in rows]


@pytest.fixture
def desk_room(db_path: Path, db: Database, clock: FakeClock, services: Services, room: Any) -> Room:
    return Room(db_path, db, clock, services, room.workshop_id, room.board_id)


def through_room_name(address: JoinAddress) -> str:
    """The QR's address with the room's name in place of the address (a LAN address on a
    phone; here room.test, mapped to 127.0.0.1, so the page is no secure context)."""
    parts = urlsplit(address.join_url)
    assert (parts.scheme, parts.hostname, parts.port) == ("http", address.host, address.port)
    assert parts.path == f"/j/{address.secret}" and len(address.secret) >= 22  # >= 128 bits
    return f"http://{ROOM_HOST}:{address.port}{parts.path}"


def full_path(phone: Any, room: Room, server: RoomServer, engine: str) -> None:
    assert server.address is not None
    desk = Desk(room, server)
    join_by_link(phone, through_room_name(server.address), "Dana Ruiz")
    shot(phone, "joined", engine)
    assert css(phone, "#who").text == "You are Dana Ruiz (Decider)"
    assert css(phone, "#item-title").text == "Welcome and how the week works"
    wait_for(
        phone,
        lambda _d: people_of(room.services, room.workshop_id)["Dana Ruiz"] in server.online(),
        "the phone online for the facilitator",
    )
    notes_steps(phone, desk, engine)
    timer_steps(phone, desk, engine)
    vote_steps(phone, desk, engine)
    lock_steps(phone, desk, engine)


def test_a_phone_in_chromium_takes_part(desk_room: Room, server: RoomServer, tmp_path: Path) -> None:
    with chromium_phone(tmp_path / "profile") as phone:
        full_path(phone, desk_room, server, "chromium")
        loaded = phone.execute_script(
            "return performance.getEntriesByType('navigation')"
            ".concat(performance.getEntriesByType('resource'))"
            ".filter(e => !e.name.includes('/api/')).map(e => [e.name, e.transferSize])"
        )
        assert {urlsplit(name).path for name, _ in loaded} >= {"/app.js", "/style.css", "/icon.svg"}
        assert 0 < sum(size for _, size in loaded) < 60 * 1024, loaded  # the first load, as transferred
        server.stop()  # the facilitator stops joining: the phone says why
        wait_visible(phone, "bye-view")
        wait_text(phone, "#bye-reason", "Joining stopped")
        wait_text(phone, "#status", "^Not connected$")
        shot(phone, "bye", "chromium")
        assert browser_errors(phone) == []


def test_a_phone_in_webkit_takes_part(desk_room: Room, server: RoomServer) -> None:
    assert server.address is not None
    with webkit_phone(server.address.port) as phone:
        full_path(phone, desk_room, server, "webkit")


def test_a_removed_phone_is_told_and_must_join_again(
    desk_room: Room, server: RoomServer, tmp_path: Path
) -> None:
    assert server.address is not None
    with chromium_phone(tmp_path / "profile") as phone:
        join_by_link(phone, through_room_name(server.address), "Ben Okafor")
        write_note(phone, "Written before I was removed")
        wait_note_status(phone, "Written before I was removed", "^On the board$")
        ben = people_of(desk_room.services, desk_room.workshop_id)["Ben Okafor"]
        service = ParticipationService(desk_room.db, desk_room.clock)
        server.notify(service.remove_participant(desk_room.workshop_id, ben))
        wait_visible(phone, "bye-view")
        wait_text(phone, "#bye-reason", "removed")
        press(phone, css(phone, "#bye-retry"))  # the revoked token is refused: join again
        wait_visible(phone, "join-form")
        wait_text(phone, "#join-error", "^Your place in the room has ended on this phone")
        assert phone.execute_script("return Object.keys(localStorage).filter(k => k.includes('token'))") == []
        shot(phone, "removed", "chromium")
    assert phone_notes(desk_room.db_path) == ["Written before I was removed"]  # the notes stay


# -- the server killed while a phone writes ----------------------------------------------------
@pytest.fixture
def serve(desk_room: Room) -> Iterator[Any]:
    """The headless room's server (python -m sprintdesk.web.serve) as its own process, so it
    can be killed; returns start() -> address, and kill()."""
    processes: list[subprocess.Popen[str]] = []

    def start() -> dict[str, Any]:
        command = [
            sys.executable,
            "-m",
            "sprintdesk.web.serve",
            "--db",
            str(desk_room.db_path),
            "--workshop",
            str(desk_room.workshop_id),
            "--host",
            "127.0.0.1",
            "--extra-host",
            ROOM_HOST,
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env={**os.environ, "CI": ""})
        processes.append(process)
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line, "the room's server did not start"
        return dict(json.loads(line))

    def kill() -> None:
        process = processes[-1]
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    yield start, kill
    for process in processes:
        if process.poll() is None:
            process.terminate()
            process.wait(10)


def test_a_killed_server_loses_no_acknowledged_note_and_doubles_none(
    desk_room: Room, serve: Any, tmp_path: Path
) -> None:
    start, kill = serve
    first = start()
    url = first["join_url"].replace("127.0.0.1", ROOM_HOST, 1)
    with chromium_phone(tmp_path / "profile") as phone:
        join_by_link(phone, url, "Chen Wei")
        write_note(phone, "Acknowledged before the crash")
        wait_note_status(phone, "Acknowledged before the crash", "^On the board$")
        kill()
        wait_text(phone, "#status", "^Reconnecting")
        write_note(phone, "Written while the laptop was down")
        wait_note_status(phone, "Written while the laptop was down", "^Kept on this phone")
        assert [op["text"] for op in outbox(phone)] == ["Written while the laptop was down"]
        shot(phone, "server-killed", "chromium")
        again = start()  # joining was on: it comes back on the same address and secret
        assert (again["port"], again["secret"]) == (first["port"], first["secret"])
        wait_note_status(phone, "Written while the laptop was down", "^On the board$", timeout=40)
        wait_text(phone, "#status", "^Connected$", timeout=20)
        assert outbox(phone) == []
        phone.refresh()  # waking the phone: the same identity, the same notes
        wait_note_status(phone, "Written while the laptop was down", "^On the board$")
        assert css(phone, "#who").text.startswith("You are Chen Wei") and not visible(phone, "join-form")
        assert browser_errors(phone) == []
    assert phone_notes(desk_room.db_path) == [
        "Acknowledged before the crash",
        "Written while the laptop was down",
    ]
