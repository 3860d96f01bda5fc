"""Hostile clients (issue 13): each refused request gets a 4xx with a JSON error, the server
keeps serving, and the database is exactly as it was (a dump before and after)."""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from room_phones import LOOPBACK, Phone, Reply

from sprintdesk.domain.participation import MAX_BODY_BYTES
from sprintdesk.domain.voting import VoteRules
from sprintdesk.services.bundle import Services
from sprintdesk.web.address import JoinAddress
from sprintdesk.web.server import RoomServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from participation_setup import Room, dump

Attack = Callable[[Phone, Phone, JoinAddress, Room], Reply]
KEY = "ana-note-0001"


def _json(method: str, path: str, body: object, **kwargs: object) -> Attack:
    return lambda ana, _ben, _a, _r: ana.request(method, path, body, **kwargs)  # type: ignore[arg-type]


ATTACKS: dict[str, tuple[Attack, int]] = {
    "invalid JSON": (lambda ana, *_: ana.request("POST", "/api/notes", raw=b"{not json", headers=_CT), 400),
    "JSON that is not an object": (
        lambda ana, *_: ana.request("POST", "/api/notes", raw=b"[1,2]", headers=_CT),
        400,
    ),
    "deeply nested JSON": (
        lambda ana, *_: ana.request("POST", "/api/notes", raw=b"[" * 8000, headers=_CT),
        400,
    ),
    "not UTF-8": (
        lambda ana, *_: ana.request("POST", "/api/notes", raw=b'{"key":"\xff\xfe"}', headers=_CT),
        400,
    ),
    "no content type": (
        lambda ana, *_: ana.request("POST", "/api/notes", raw=b'{"key":"abcdefgh","text":"x"}'),
        415,
    ),
    "oversized body": (
        _json("POST", "/api/notes", {"key": "ana-note-9999", "text": "x" * (MAX_BODY_BYTES + 10)}),
        413,
    ),
    "oversized body, chunked": (
        lambda ana, *_: ana.request(
            "POST",
            "/api/notes",
            raw=iter([b"x" * 4096] * 4),  # type: ignore[arg-type]
            headers={**_CT, "Transfer-Encoding": "chunked"},
        ),
        413,
    ),
    "note too long": (_json("POST", "/api/notes", {"key": "ana-note-9999", "text": "x" * 501}), 400),
    "empty note": (_json("POST", "/api/notes", {"key": "ana-note-9999", "text": "  "}), 400),
    "note key with a path": (_json("POST", "/api/notes", {"key": "../../etc/passwd", "text": "x"}), 400),
    "no token": (_json("POST", "/api/notes", {"key": "ana-note-9999", "text": "x"}, token="-"), 401),
    "wrong token": (_json("GET", "/api/me", None, token="A" * 43), 401),
    "malformed authorization": (
        lambda ana, *_: ana.request(
            "GET", "/api/me", token="", headers={"Authorization": "Basic Zm9vOmJhcg=="}
        ),
        401,
    ),
    "someone else's note": (
        lambda _ana, ben, *_: ben.request("PATCH", f"/api/notes/{KEY}", {"text": "mine now"}),
        404,
    ),
    "delete someone else's note": (lambda _ana, ben, *_: ben.request("DELETE", f"/api/notes/{KEY}"), 404),
    "vote past the budget": (
        lambda ana, _b, _a, room: ana.request(
            "POST", "/api/dots", {"note_id": room.note_ids[1], "supervote": False}
        ),
        400,
    ),
    "supervote without being the Decider": (
        lambda ana, _b, _a, room: ana.request(
            "POST", "/api/dots", {"note_id": room.note_ids[2], "supervote": True}
        ),
        400,
    ),
    "dot on a note of no board": (_json("POST", "/api/dots", {"note_id": 10**9, "supervote": False}), 404),
    "dot with a string id": (_json("POST", "/api/dots", {"note_id": "1 OR 1=1", "supervote": False}), 400),
    "take someone else's dot": (
        lambda _ana, ben, _a, room: ben.request(
            "DELETE", "/api/dots", {"note_id": room.note_ids[0], "supervote": False}
        ),
        404,
    ),
    "wrong Host (DNS rebinding)": (_json("GET", "/api/me", None, headers={"Host": "evil.example:80"}), 421),
    "wrong Origin": (
        _json(
            "POST",
            "/api/notes",
            {"key": "ana-note-9999", "text": "x"},
            headers={"Origin": "http://evil.example"},
        ),
        403,
    ),
    "null Origin": (_json("GET", "/api/me", None, headers={"Origin": "null"}), 403),
    "join with a wrong secret": (_json("POST", "/api/join", {"secret": "A" * 32, "name": "Mallory"}), 404),
    "join as someone of no workshop": (
        lambda ana, _b, address, _r: ana.request(
            "POST", "/api/join", {"secret": address.secret, "participant_id": 10**6}
        ),
        404,
    ),
    "join as the Decider by typing a role": (
        lambda ana, _b, address, _r: ana.request(
            "POST", "/api/join", {"secret": address.secret, "name": "Mallory", "role": "Decider"}
        ),
        400,
    ),
    "join with a name of markup too long": (
        lambda ana, _b, address, _r: ana.request(
            "POST", "/api/join", {"secret": address.secret, "name": "<b>" * 100}
        ),
        400,
    ),
    "wrong room code": (_json("POST", "/api/code", {"code": "ZZZZZZ"}), 404),
    "path traversal": (_json("GET", "/../../../../etc/passwd", None), 404),
    "encoded path traversal": (_json("GET", "/%2e%2e/%2e%2e/etc/passwd", None), 404),
    "a file not on the list": (_json("GET", "/pyproject.toml", None), 404),
    "wrong method": (_json("PUT", "/api/notes", {"key": "ana-note-9999", "text": "x"}), 405),
    "unknown API": (_json("GET", "/api/admin", None), 404),
    "event stream with a wrong token": (_json("GET", "/api/events?token=" + "A" * 43, None), 401),
}
_CT = {"Content-Type": "application/json"}


@pytest.fixture
def voting(ana: Phone, ben: Phone, services: Services, room: Room) -> None:
    """Ana has a note and has spent her one dot; a vote is open."""
    assert (
        ana.request("POST", "/api/notes", {"key": KEY, "text": "<img src=x onerror=alert(1)>"}).status == 201
    )
    services.voting.start(room.board_id, VoteRules(budget=1))
    assert ana.request("POST", "/api/dots", {"note_id": room.note_ids[0], "supervote": False}).status == 200


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_a_hostile_request_is_refused_and_changes_nothing(
    name: str, ana: Phone, ben: Phone, address: JoinAddress, room: Room, db_path: Path, voting: None
) -> None:
    attack, status = ATTACKS[name]
    before = dump(db_path)
    reply = attack(ana, ben, address, room)
    assert reply.status == status, reply
    assert 400 <= reply.status < 500
    assert "error" in reply.json and "\n" not in str(reply.json["error"])
    assert dump(db_path) == before
    # The server keeps serving, the right phone still gets in.
    assert ana.request("GET", "/api/me").status == 200


def test_markup_is_stored_verbatim_and_served_as_json(ana: Phone, voting: None) -> None:
    reply = ana.request("GET", "/api/me")
    assert reply.headers["Content-Type"].startswith("application/json")
    assert reply.json["notes"][0]["text"] == "<img src=x onerror=alert(1)>"  # type: ignore[index]


def test_malformed_http_is_refused_and_the_server_keeps_serving(ana: Phone, address: JoinAddress) -> None:
    for garbage in (
        b"\x16\x03\x01\x02\x00\x01\x00",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\n\r\n",
    ):
        with socket.create_connection((LOOPBACK, address.port), timeout=10) as sock:
            sock.sendall(garbage)
            answer = sock.recv(200)
        assert answer == b"" or answer.split()[1].startswith(b"4"), answer
    assert ana.request("GET", "/api/me").status == 200


def test_notes_and_room_codes_are_rate_limited(ana: Phone, phone: Phone) -> None:
    statuses = [
        ana.request("POST", "/api/notes", {"key": f"ana-burst-{i:04}", "text": f"n{i}"}).status
        for i in range(12)
    ]
    assert statuses[:10] == [201] * 10 and statuses[10:] == [429, 429]  # the clock stands still
    codes = [phone.request("POST", "/api/code", {"code": "ZZZZZZ"}).status for _ in range(7)]
    assert codes == [404] * 5 + [429] * 2
    assert (
        phone.request("POST", "/api/code", {"code": "ZZZZZZ"}).json["error"]
        == "Too many tries. Wait a minute."
    )


def test_connections_beyond_the_limit_are_refused(
    db_path: Path, room: Room, clock: object, services: Services
) -> None:
    server = RoomServer(db_path, room.workshop_id, clock, lambda _c: None, connection_limit=3)  # type: ignore[arg-type]
    address = server.start(LOOPBACK)
    held: list[socket.socket] = []
    try:
        request = f"GET /api/join/{address.secret} HTTP/1.1\r\nHost: {address.host}:{address.port}\r\n\r\n"
        for _ in range(3):  # three phones, served and kept alive
            sock = socket.create_connection((LOOPBACK, address.port), timeout=10)
            held.append(sock)
            sock.sendall(request.encode())
            assert sock.recv(100).startswith(b"HTTP/1.1 200")
        extra = socket.create_connection((LOOPBACK, address.port), timeout=10)
        extra.sendall(request.encode())
        assert extra.recv(100).startswith(b"HTTP/1.1 503")
        extra.close()
        for sock in held:
            sock.close()
        held.clear()
        phone = Phone(address)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # the closed ones are let go as the server notices
            if phone.request("GET", f"/api/join/{address.secret}").status == 200:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the server did not take connections again")
    finally:
        for sock in held:
            sock.close()
        server.stop()
