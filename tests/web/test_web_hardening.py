"""The room's server under pressure (issue 13, review 13): another workshop's secrets, a busy
database, removed people, one client taking every place, too few file descriptors, a start
that times out, addresses that are not this machine's. Everything on 127.0.0.1."""

from __future__ import annotations

import socket
import sqlite3
import sys
import threading
import time
from pathlib import Path

import pytest
from room_phones import LOOPBACK, Phone, Recorder, Reply

from sprintdesk.domain.clock import FakeClock
from sprintdesk.services.bundle import Services
from sprintdesk.web import server as server_module
from sprintdesk.web.address import JoinAddress, ServerError
from sprintdesk.web.limits import FD_RESERVE, fit_connection_limit
from sprintdesk.web.server import RoomServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from participation_setup import Room, dump, make_room

BUSY = "The facilitator's computer is busy. Try again in a moment."


# -- H1: one server, one workshop --------------------------------------------------------------
def test_another_workshops_code_secret_and_join_are_not_answered(
    address: JoinAddress, phone: Phone, services: Services, db_path: Path
) -> None:
    other = make_room(services)
    joining, _ = services.participation.open_joining(other.workshop_id, LOOPBACK, 9)  # both on
    before = dump(db_path)
    code = phone.request("POST", "/api/code", {"code": joining.room_code})
    info = phone.request("GET", f"/api/join/{joining.secret}")
    joined = phone.request("POST", "/api/join", {"secret": joining.secret, "name": "Mallory"})
    picked = phone.request(
        "POST", "/api/join", {"secret": joining.secret, "participant_id": other.people["Ana Costa"]}
    )
    for reply in (code, info, joined, picked):
        assert reply.status == 404, reply
        assert "\n" not in str(reply.json["error"])
    assert dump(db_path) == before  # nobody was added to either workshop
    # The server's own workshop still answers.
    assert phone.request("POST", "/api/code", {"code": address.room_code}).json == {"secret": address.secret}
    assert phone.request("GET", f"/api/join/{address.secret}").status == 200


# -- H2: a busy database ------------------------------------------------------------------------
def _timed(call: object) -> tuple[Reply, float]:
    started = time.monotonic()
    reply = call()  # type: ignore[operator]
    return reply, time.monotonic() - started


def test_a_busy_database_gets_a_quick_503_and_the_room_keeps_answering(
    ana: Phone, address: JoinAddress, db_path: Path, clock: FakeClock
) -> None:
    stream = ana.events()
    locker = sqlite3.connect(db_path, isolation_level=None)
    try:
        stream.next("room")
        locker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        writes: list[tuple[Reply, float]] = []
        writer = threading.Thread(
            target=lambda: writes.append(
                _timed(lambda: ana.request("POST", "/api/notes", {"key": "ana-busy-0001", "text": "Held"}))
            )
        )
        writer.start()
        page, page_took = _timed(lambda: ana.request("GET", "/"))
        me, me_took = _timed(lambda: ana.request("GET", "/api/me"))
        info, info_took = _timed(lambda: ana.request("GET", f"/api/join/{address.secret}"))
        writer.join(15)
        assert (page.status, me.status, info.status) == (200, 200, 200)
        assert max(page_took, me_took, info_took) < 1.5, (page_took, me_took, info_took)
        [(refused, took)] = writes
        assert refused.status == 503 and took < 2.0, (refused, took)
        assert refused.json == {"error": BUSY}
        assert str(db_path) not in refused.body.decode() and db_path.name not in refused.body.decode()
        assert refused.headers["Retry-After"] == "1"
        locker.execute("ROLLBACK")
        soon = ana.request("POST", "/api/notes", {"key": "ana-busy-0001", "text": "Held"})
        assert soon.status == 503  # within the short back-off (0.5 s on the server's clock)
        clock.advance(1.0)  # as the page waits (Retry-After: 1) before sending again
        again = ana.request("POST", "/api/notes", {"key": "ana-busy-0001", "text": "Held"})
        assert again.status == 201, again
        assert ana.request("GET", "/api/me").json["notes"][0]["text"] == "Held"  # type: ignore[index]
        assert stream.events.empty() or stream.next() is not None  # the stream is still open
        assert not stream.ended.is_set()
    finally:
        locker.close()
        stream.close()


# -- M1: anything unexpected is a JSON 500, the traceback only in the log ---------------------------
def test_an_unexpected_error_is_a_json_500_and_the_server_keeps_serving(
    ana: Phone, server: RoomServer, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = server._service
    assert service is not None

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("a bug in SprintDesk")

    monkeypatch.setattr(service, "my_vote", broken)
    reply = ana.request("GET", "/api/vote")
    assert reply.status == 500
    assert reply.json == {"error": "Something went wrong on the facilitator's computer."}
    assert "Traceback" not in reply.body.decode()
    assert any("a bug in SprintDesk" in (r.exc_text or "") for r in caplog.records)
    assert ana.request("GET", "/api/me").status == 200


# -- M2: removed means kept out; a new link ---------------------------------------------------
def test_a_removed_participant_cannot_join_again_by_picking_their_name(
    ana: Phone, address: JoinAddress, server: RoomServer, services: Services, room: Room, db_path: Path
) -> None:
    server.notify(services.participation.remove_participant(room.workshop_id, room.people["Ana Costa"]))
    assert ana.request("GET", "/api/me").status == 401
    before = dump(db_path)
    again = Phone(address)
    for who in ({"participant_id": room.people["Ana Costa"]}, {"name": "  ana COSTA "}):
        reply = again.request("POST", "/api/join", {"secret": address.secret, **who})
        assert reply.status == 403, reply
        assert reply.json["error"] == "The facilitator removed you from this workshop."
    assert dump(db_path) == before
    Phone(address).join(participant_id=room.people["Ben Okafor"])  # others still get in


def test_a_new_link_replaces_the_secret_and_code_and_keeps_the_phones(
    ana: Phone, address: JoinAddress, server: RoomServer, recorder: Recorder
) -> None:
    renewed = server.renew_link()
    assert (renewed.host, renewed.port) == (address.host, address.port)
    assert renewed.secret != address.secret and renewed.room_code != address.room_code
    assert server.address == renewed
    assert any(c.room for c in recorder.changes)
    stranger = Phone(address)
    assert stranger.request("GET", f"/api/join/{address.secret}").status == 404
    assert stranger.request("POST", "/api/join", {"secret": address.secret, "name": "Old QR"}).status == 404
    assert stranger.request("POST", "/api/code", {"code": address.room_code}).status == 404
    assert stranger.request("POST", "/api/code", {"code": renewed.room_code}).json == {
        "secret": renewed.secret
    }
    Phone(renewed).join(name="New QR")
    assert ana.request("GET", "/api/me").status == 200  # existing phones keep working


# -- M4: one client cannot fill the room ------------------------------------------------------------
def test_joins_are_rate_limited_per_address(address: JoinAddress, phone: Phone) -> None:
    statuses = [
        phone.request("POST", "/api/join", {"secret": address.secret, "name": f"Bot {i}"}).status
        for i in range(12)
    ]
    assert statuses == [200] * 10 + [429] * 2  # the fake clock stands still
    assert phone.request("POST", "/api/join", {"secret": address.secret, "name": "x"}).json == {
        "error": "Too many tries. Wait a minute."
    }


def _held_connection(address: JoinAddress) -> tuple[socket.socket, bytes]:
    sock = socket.create_connection((LOOPBACK, address.port), timeout=10)
    sock.sendall(
        f"GET /api/join/{address.secret} HTTP/1.1\r\nHost: {address.host}:{address.port}\r\n\r\n".encode()
    )
    return sock, sock.recv(100)


def test_connections_are_capped_per_client_address(db_path: Path, room: Room, clock: FakeClock) -> None:
    server = RoomServer(db_path, room.workshop_id, clock, Recorder(), connection_limit=50, per_client_limit=3)
    address = server.start(LOOPBACK)
    held: list[socket.socket] = []
    try:
        for _ in range(3):
            sock, answer = _held_connection(address)
            held.append(sock)
            assert answer.startswith(b"HTTP/1.1 200"), answer
        sock, answer = _held_connection(address)
        held.append(sock)
        assert answer.startswith(b"HTTP/1.1 503"), answer
        assert b"Too many connections from this device." in answer + sock.recv(200)
    finally:
        for sock in held:
            sock.close()
        server.stop()


def test_a_token_keeps_at_most_four_event_streams_the_oldest_goes(ana: Phone, server: RoomServer) -> None:
    streams = []
    try:
        for _ in range(5):
            streams.append(ana.events())
            streams[-1].next("room")
        assert streams[0].next("bye")[1] == {"reason": "This phone opened the room again elsewhere."}
        assert streams[0].ended.wait(10)
        deadline = time.monotonic() + 10
        while server.online() != {ana.participant_id: 4} and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.online() == {ana.participant_id: 4}
        assert not any(s.ended.is_set() for s in streams[1:])
    finally:
        for stream in streams:
            stream.close()


# -- M6: file descriptors ---------------------------------------------------------------------------
def test_the_soft_file_limit_is_raised_towards_the_hard_one() -> None:
    limits = {"soft": 1024, "hard": 1_048_576}

    def set_limits(soft: int, hard: int) -> None:
        limits["soft"], limits["hard"] = soft, hard

    fitted = fit_connection_limit(2000, lambda: (limits["soft"], limits["hard"]), set_limits)
    assert fitted == 2000
    assert limits["soft"] >= 2000 + FD_RESERVE and limits["hard"] == 1_048_576


def test_too_few_file_descriptors_lower_the_connection_limit(caplog: pytest.LogCaptureFixture) -> None:
    def refuse(_soft: int, _hard: int) -> None:
        raise ValueError("not allowed")

    fitted = fit_connection_limit(2000, lambda: (256, 256), refuse)
    assert 0 < fitted <= 256 - FD_RESERVE
    assert any("connections" in r.getMessage() and str(fitted) in r.getMessage() for r in caplog.records)


def test_the_server_uses_the_limit_that_fits(
    db_path: Path, room: Room, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "fit_connection_limit", lambda wanted: 3)
    server = RoomServer(db_path, room.workshop_id, clock, Recorder())
    address = server.start(LOOPBACK)
    held: list[socket.socket] = []
    try:
        assert server.connection_limit == 3
        for _ in range(3):
            sock, answer = _held_connection(address)
            held.append(sock)
            assert answer.startswith(b"HTTP/1.1 200")
        sock, answer = _held_connection(address)
        held.append(sock)
        assert answer.startswith(b"HTTP/1.1 503")
    finally:
        for sock in held:
            sock.close()
        server.stop()


# -- Low 1: start ---------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def test_a_start_that_times_out_never_listens_later(
    db_path: Path, room: Room, clock: FakeClock, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def slow(_db: object) -> object:
        release.wait(10)  # the server's database opens slowly
        return lambda: None

    monkeypatch.setattr(server_module, "START_TIMEOUT_S", 0.3)
    server = RoomServer(db_path, room.workshop_id, clock, Recorder(), on_database=slow)
    port = _free_port()
    with pytest.raises(ServerError, match="did not start in time"):
        server.start(LOOPBACK, port)
    release.set()
    for thread in threading.enumerate():
        if thread.name.startswith("sprintdesk-room"):
            thread.join(10)
    assert not server.running
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((LOOPBACK, port), timeout=5).close()
    assert services.participation.resume_address(room.workshop_id) is None  # joining not turned on


def test_starting_does_not_check_the_whole_file_again(
    db_path: Path, room: Room, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sprintdesk.storage import database

    def whole_file_check(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the integrity check ran on start")

    monkeypatch.setattr(database, "check_integrity", whole_file_check)
    server = RoomServer(db_path, room.workshop_id, clock, Recorder())
    try:
        server.start(LOOPBACK)
    finally:
        server.stop()


# -- Low 4: only this machine's addresses -----------------------------------------------------------
@pytest.mark.parametrize(
    ("host", "why"),
    [
        ("0.0.0.0", "every network"),
        ("255.255.255.255", "not an address of this computer"),
        ("224.0.0.1", "not an address of this computer"),
        ("192.0.2.77", "not an address of this computer"),
    ],
)
def test_only_an_address_of_this_computer_is_accepted(
    host: str, why: str, db_path: Path, room: Room, clock: FakeClock, services: Services
) -> None:
    server = RoomServer(db_path, room.workshop_id, clock, Recorder())
    with pytest.raises(ServerError, match=why) as raised:
        server.start(host)
    assert "\n" not in str(raised.value)
    assert not server.running
    assert services.participation.resume_address(room.workshop_id) is None
