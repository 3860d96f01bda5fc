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
    my_note,
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
from selenium.webdriver.common.by import By

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


def test_notes_the_real_server_refuses_on_reconnect_stay_on_the_phone(
    desk_room: Room, serve: Any, tmp_path: Path
) -> None:
    """Three notes queued while the laptop is down, the board locked meanwhile: when the room
    is back, all three are refused (409) and all three stay under "Your notes" with the
    server's reason; once the board is open again one is sent again and stored once, and
    the other two are still there after a reload."""
    start, kill = serve
    url = start()["join_url"].replace("127.0.0.1", ROOM_HOST, 1)
    service = ParticipationService(desk_room.db, desk_room.clock)
    queued = ["Offline idea one", "Offline idea two", "Offline idea three"]
    locked = "^Not sent: The board is locked: no more notes for now.$"
    with chromium_phone(tmp_path / "profile") as phone:
        join_by_link(phone, url, "Chen Wei")
        kill()
        wait_text(phone, "#status", "^Reconnecting")
        for text in queued:
            write_note(phone, text)
            wait_note_status(phone, text, "^Kept on this phone")
        service.set_locked(desk_room.workshop_id, True)  # the facilitator locks the board meanwhile
        start()
        for text in queued:
            wait_note_status(phone, text, locked, timeout=40)
        assert outbox(phone) == [] and phone_notes(desk_room.db_path) == []
        phone.execute_script("document.getElementById('mine-section').scrollIntoView()")
        shot(phone, "refused-locked", "chromium")
        kill()  # the board opens again while the laptop restarts: the phone hears of it on reconnect
        service.set_locked(desk_room.workshop_id, False)
        start()
        wait_text(phone, "#board-state", "^Your notes go to the board", timeout=40)
        li = wait_for(
            phone,
            lambda d: (li := my_note(d, queued[1])) and li.find_element(By.CSS_SELECTOR, "button.resend"),
            "Send again on the second note",
        )
        wait_for(phone, lambda _d: li.get_attribute("aria-disabled") == "false", "Send again usable")
        press(phone, li)
        wait_note_status(phone, queued[1], "^On the board$")
        assert phone_notes(desk_room.db_path) == [queued[1]]
        phone.refresh()
        wait_note_status(phone, queued[0], locked)
        wait_note_status(phone, queued[2], locked)
        wait_note_status(phone, queued[1], "^On the board$")
        assert phone_notes(desk_room.db_path) == [queued[1]]
        assert browser_errors(phone) == []


def test_on_a_board_with_columns_the_phone_picks_the_column(
    desk_room: Room, server: RoomServer, tmp_path: Path
) -> None:
    """A Start / Stop / Continue board: the page asks which column (a note without one is not
    sent), and the note lands inside the column picked, on the facilitator's board."""
    assert server.address is not None
    services = desk_room.services
    board_id = desk_room.board_id
    services.boards.structures.apply(board_id, "columns", ("Start", "Stop", "Continue"))
    server.notify(Changes(workshop_id=desk_room.workshop_id, board_id=board_id, structure=True))
    with chromium_phone(tmp_path / "profile") as phone:
        join_by_link(phone, through_room_name(server.address), "Ben Okafor")
        wait_visible(phone, "column-pick")
        choices = [e.text.strip() for e in phone.find_elements(By.CSS_SELECTOR, "#column-options label")]
        assert choices == ["Start", "Stop", "Continue"]
        sizes = [e.size["height"] for e in phone.find_elements(By.CSS_SELECTOR, "#column-options label")]
        assert min(sizes) >= 44  # tap targets
        write_note(phone, "Friday deploys")
        wait_text(phone, "#note-error", "Choose a column first")
        press(phone, phone.find_elements(By.CSS_SELECTOR, "#column-options input")[1])
        press(phone, css(phone, "#note-submit"))  # the text stayed in the box
        wait_note_status(phone, "Friday deploys", "^On the board$")
        shot(phone, "columns", "chromium")
    content = services.boards.load(board_id)
    assert content.board.structure is not None
    (note,) = [n for n in content.notes if n.text == "Friday deploys"]
    region = content.board.structure.region_of_note(note)
    assert region is not None and region.title == "Stop"
