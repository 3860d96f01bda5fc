"""The room's server on 127.0.0.1 (an ephemeral port), a workshop ready for phones, and phones
(tests/room_phones.py). Nothing here talks to any other address."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sprintdesk.domain.clock import FakeClock
from sprintdesk.services.bundle import Services
from sprintdesk.web.address import JoinAddress
from sprintdesk.web.server import RoomServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from participation_setup import Room, make_room
from room_phones import LOOPBACK, Phone, Recorder


@pytest.fixture
def room(services: Services) -> Room:
    return make_room(services)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def server(db_path: Path, room: Room, clock: FakeClock, recorder: Recorder) -> Iterator[RoomServer]:
    started = RoomServer(db_path, room.workshop_id, clock, recorder, extra_hosts=("room.test",))
    started.start(LOOPBACK)
    yield started
    started.stop()


@pytest.fixture
def address(server: RoomServer) -> JoinAddress:
    assert server.address is not None
    return server.address


@pytest.fixture
def phone(address: JoinAddress) -> Phone:
    return Phone(address)


@pytest.fixture
def ana(address: JoinAddress, room: Room) -> Phone:
    joined = Phone(address)
    joined.join(participant_id=room.people["Ana Costa"])
    return joined


@pytest.fixture
def ben(address: JoinAddress, room: Room) -> Phone:
    joined = Phone(address)
    joined.join(participant_id=room.people["Ben Okafor"])
    return joined
