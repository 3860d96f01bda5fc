"""The room state reaches every phone's event stream, also when one phone read it first: the
benchmark found a vote that never reached the phones, because a phone's GET /api/me between
the facilitator's change and the server's refresh had already raised the revision, and the
refresh broadcast only when its own read raised it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from room_phones import Phone

from sprintdesk.domain.voting import VoteRules
from sprintdesk.services.bundle import Services
from sprintdesk.web import server as server_module
from sprintdesk.web.server import RoomServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from participation_setup import Room


def test_a_vote_reaches_every_phone_even_when_one_phone_read_it_first(
    ana: Phone,
    ben: Phone,
    room: Room,
    services: Services,
    server: RoomServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server_module, "NOTIFY_DELAY_S", 1.0)  # a wide window for Ben's read
    stream = ana.events()
    try:
        _, first = stream.next("room")
        assert first["vote"] is None
        server.notify(services.voting.start(room.board_id, VoteRules(3)))
        me = ben.request("GET", "/api/me").json  # inside the window: Ben reads the new state
        assert me["room"]["vote"] is not None  # type: ignore[index]
        while True:  # Ana's stream must bring it too
            _, state = stream.next("room", timeout=5.0)
            if state["vote"] is not None:
                break
        assert int(str(state["rev"])) >= int(str(me["room"]["rev"]))  # type: ignore[index]
    finally:
        stream.close()
