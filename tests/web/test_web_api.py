"""The room's HTTP API over real HTTP on 127.0.0.1 (issue 13): joining, notes, dots, the event
stream, notify from the facilitator's side, stop and restart on the same address."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
from room_phones import LOOPBACK, Phone, Recorder

from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.participation import JoinPolicy
from sprintdesk.domain.voting import VoteRules
from sprintdesk.services.bundle import Services
from sprintdesk.services.run import LiveRun
from sprintdesk.storage.database import Database
from sprintdesk.web.address import JoinAddress, ServerError
from sprintdesk.web.security import CSP
from sprintdesk.web.server import RoomServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from participation_setup import Room


def test_join_write_and_read_back(phone: Phone, address: JoinAddress, room: Room, recorder: Recorder) -> None:
    info = phone.request("GET", f"/api/join/{address.secret}")
    assert info.status == 200
    assert info.json["workshop"] == "Checkout redesign — design sprint"
    assert phone.request("POST", "/api/code", {"code": address.room_code.lower()}).json == {
        "secret": address.secret
    }
    joined = phone.join(name="Zoe", role="UX")
    assert joined.json["participant"] == {"id": phone.participant_id, "name": "Zoe", "role": "UX"}
    first = phone.request("POST", "/api/notes", {"key": "zoe-note-0001", "text": "Shorter forms"})
    assert first.status == 201
    note = first.json["note"]
    assert note == {"key": "zoe-note-0001", "id": note["id"], "text": "Shorter forms", "status": "on board"}  # type: ignore[index]
    retry = phone.request("POST", "/api/notes", {"key": "zoe-note-0001", "text": "Shorter forms"})
    assert (retry.status, retry.json["note"]) == (200, note)
    me = phone.request("GET", "/api/me").json
    assert me["notes"] == [note]
    assert me["room"]["board"] == {  # type: ignore[index]
        "id": room.board_id,
        "name": "Ideas",
        "locked": False,
        "private": False,
        "moderation": False,
    }
    assert me["vote"] is None
    edited = phone.request("PATCH", "/api/notes/zoe-note-0001", {"text": "Even shorter forms"})
    assert edited.json["note"]["text"] == "Even shorter forms"  # type: ignore[index]
    assert phone.request("DELETE", "/api/notes/zoe-note-0001").json == {"deleted": "zoe-note-0001"}
    assert phone.request("GET", "/api/me").json["notes"] == []
    # Every write was handed over from the server's own thread.
    assert recorder.threads == {"sprintdesk-room"}
    assert any(c.note_ids == {note["id"]} for c in recorder.changes)  # type: ignore[index]


def test_vote_from_a_phone(ana: Phone, services: Services, room: Room) -> None:
    assert ana.request("GET", "/api/vote").status == 409
    services.voting.start(room.board_id, VoteRules(budget=1))
    vote = ana.request("GET", "/api/vote").json
    assert (vote["left"], vote["results"], len(vote["items"])) == (1, None, 3)  # type: ignore[arg-type]
    cast = ana.request("POST", "/api/dots", {"note_id": room.note_ids[0], "supervote": False})
    assert cast.status == 200 and cast.json["left"] == 0
    past_budget = ana.request("POST", "/api/dots", {"note_id": room.note_ids[1], "supervote": False})
    assert past_budget.status == 400 and "used all" in str(past_budget.json["error"])
    taken = ana.request("DELETE", "/api/dots", {"note_id": room.note_ids[0], "supervote": False})
    assert taken.json["left"] == 1
    services.voting.reveal(room.board_id)
    assert ana.request("GET", "/api/vote").json["results"] == []


def test_the_event_stream_tells_the_room_and_ends_on_stop(
    ana: Phone, server: RoomServer, db: Database, room: Room, clock: FakeClock
) -> None:
    stream = ana.events()
    try:
        _event, first = stream.next("room")
        assert first["rev"] >= 1 and first["timer"]["running"] is False  # type: ignore[index]
        assert "text/event-stream" in stream.headers and "Content-Security-Policy" in stream.headers
        assert server.online() == {ana.participant_id: 1}
        changes = LiveRun(db, room.workshop_id, clock).start()
        server.notify(changes)
        _event, after = stream.next("room")
        assert after["rev"] == first["rev"] + 1  # type: ignore[operator]
        assert after["timer"]["running"] is True  # type: ignore[index]
        server.stop()
        assert stream.next("bye") == ("bye", {"reason": "Joining stopped."})
        assert stream.ended.wait(10)
    finally:
        stream.close()
    assert not server.running


def test_the_facilitators_changes_reach_the_right_phones(
    ana: Phone, ben: Phone, server: RoomServer, services: Services, room: Room
) -> None:
    note = ana.request("POST", "/api/notes", {"key": "ana-note-0001", "text": "Mine"}).json["note"]
    ana_stream, ben_stream = ana.events(), ben.events()
    try:
        ana_stream.next("room")
        ben_stream.next("room")
        server.notify(services.boards.update_notes(room.board_id, []))  # nothing of theirs changed
        changes = services.boards.delete_notes(room.board_id, [note["id"]])[1]  # type: ignore[index]
        server.notify(changes)
        assert ana_stream.next("mine") == ("mine", {})
        server.notify(services.participation.remove_participant(room.workshop_id, ben.participant_id or 0))
        assert ben_stream.next("bye")[1]["reason"].startswith("The facilitator removed")  # type: ignore[union-attr]
        assert ben.request("GET", "/api/me").status == 401
        assert ana.request("GET", "/api/me").status == 200
    finally:
        ana_stream.close()
        ben_stream.close()


def test_stop_and_start_again_on_the_same_address_and_secret(
    db_path: Path, room: Room, clock: FakeClock, services: Services
) -> None:
    first_server = RoomServer(db_path, room.workshop_id, clock, Recorder())
    first = first_server.start(LOOPBACK)
    phone = Phone(first)
    phone.join(name="Yan")
    first_server.stop()
    assert services.participation.resume_address(room.workshop_id) is None  # stopped: stays off
    with pytest.raises(ConnectionRefusedError):  # nothing listens while joining is off
        socket.create_connection((LOOPBACK, first.port), timeout=5).close()
    again_server = RoomServer(db_path, room.workshop_id, clock, Recorder())
    again = again_server.start(LOOPBACK)
    try:
        assert again == first  # same port (remembered), secret and code
        assert phone.request("GET", "/api/me").status == 200  # the phone's token still works
        with pytest.raises(ServerError):
            again_server.start(LOOPBACK)
        other = RoomServer(db_path, room.workshop_id, clock, Recorder())
        with pytest.raises(ServerError, match="in use"):
            other.start(LOOPBACK, again.port)
        with pytest.raises(ServerError, match="IPv4"):
            other.start("localhost")
    finally:
        again_server.stop()


def test_headers_and_the_fixed_list_of_files(phone: Phone, address: JoinAddress) -> None:
    reply = phone.request("GET", f"/api/join/{address.secret}")
    assert reply.headers["Content-Security-Policy"] == CSP
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["Referrer-Policy"] == "no-referrer"
    assert reply.headers["Cache-Control"] == "no-store"
    page_files = Path(__file__).resolve().parents[2] / "resources" / "participant"
    for path, name in (("/", "index.html"), (f"/j/{address.secret}", "index.html"), ("/app.js", "app.js")):
        served = phone.request("GET", path)
        if (page_files / name).is_file():
            assert (served.status, served.body) == (200, (page_files / name).read_bytes())
            assert served.headers["Content-Security-Policy"] == CSP
        else:
            assert served.status == 404
    for path in (
        "/index.html",
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/j/../../etc/passwd",
        "/j/x",
    ):
        assert phone.request("GET", path).status == 404, path


def test_policy_and_lock_show_in_the_room(
    ana: Phone, server: RoomServer, services: Services, room: Room
) -> None:
    server.notify(services.participation.set_policy(room.workshop_id, JoinPolicy(moderation=True)))
    held = ana.request("POST", "/api/notes", {"key": "ana-note-0002", "text": "Wait for me"})
    assert held.status == 201 and held.json["note"]["status"] == "waiting"  # type: ignore[index]
    server.notify(services.participation.set_locked(room.workshop_id, True))
    room_state = ana.request("GET", "/api/me").json["room"]
    assert room_state["board"]["locked"] is True and room_state["board"]["moderation"] is True  # type: ignore[index]
    assert ana.request("POST", "/api/notes", {"key": "ana-note-0003", "text": "Locked"}).status == 409


def test_the_test_name_for_the_browser_is_accepted(address: JoinAddress) -> None:
    browser = Phone(address, host=f"room.test:{address.port}")
    assert browser.request("GET", f"/api/join/{address.secret}").status == 200
    assert (
        browser.request(
            "GET", f"/api/join/{address.secret}", headers={"Origin": f"http://room.test:{address.port}"}
        ).status
        == 200
    )


def test_the_countdown_moves_on_between_reads_without_a_new_revision(
    ana: Phone, server: RoomServer, db: Database, room: Room, clock: FakeClock
) -> None:
    server.notify(LiveRun(db, room.workshop_id, clock).start())
    first = ana.request("GET", "/api/me").json["room"]
    clock.advance(2.0)
    later = ana.request("GET", "/api/me").json["room"]
    assert later["rev"] == first["rev"]  # type: ignore[index]
    timer, moved = first["timer"], later["timer"]  # type: ignore[index]
    assert moved["running"] is True  # type: ignore[index]
    assert moved["elapsed_s"] == pytest.approx(timer["elapsed_s"] + 2.0)  # type: ignore[index,operator]
    assert moved["server_ms"] - timer["server_ms"] == 2000  # type: ignore[index,operator]
    remaining = moved["duration_s"] - moved["elapsed_s"]  # type: ignore[index,operator]
    assert remaining == pytest.approx(15 * 60 - 2.0)
