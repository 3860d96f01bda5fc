"""Kill test for the room (issue 13): a child process runs the headless room's server, simulated
phones post a burst of notes, the child is SIGKILLed mid-burst and started again. It comes back
on the same address and secret; every acknowledged note is there exactly once (the phones'
retries with the same keys do not double anything), PRAGMA integrity_check is ok, and the
phones' tokens and event streams work again."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from room_phones import LOOPBACK, Phone

from sprintdesk.domain.clock import FakeClock
from sprintdesk.services.bundle import Services
from sprintdesk.storage.database import open_database
from sprintdesk.web.address import JoinAddress

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from participation_setup import make_room

pytestmark = [
    pytest.mark.slow,  # starts the server as another process, twice
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

PHONES = 12


def _serve(db_path: Path, workshop_id: int) -> tuple[subprocess.Popen[str], JoinAddress]:
    command = [sys.executable, "-m", "sprintdesk.web.serve", "--db", str(db_path)]
    child = subprocess.Popen(
        [*command, "--workshop", str(workshop_id), "--host", LOOPBACK],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if not line:
        child.wait(10)
        raise AssertionError(f"the server did not start: {child.stderr.read() if child.stderr else ''}")
    shown = json.loads(line)
    address = JoinAddress(shown["host"], shown["port"], shown["secret"], shown["room_code"])
    assert shown["join_url"] == address.join_url
    return child, address


class Writer(threading.Thread):
    """A phone writing notes one after the other until the server goes away."""

    def __init__(self, phone: Phone, number: int) -> None:
        super().__init__(daemon=True)
        self.phone = phone
        self.number = number
        self.acked: dict[str, int] = {}  # key -> note id, acknowledged
        self.sent: list[str] = []

    def run(self) -> None:
        for index in range(10_000):
            key = f"phone{self.number:02}-{index:05}"
            self.sent.append(key)
            try:
                reply = self.phone.request("POST", "/api/notes", {"key": key, "text": f"note {key}"})
            except OSError:
                return
            if reply.status == 429:  # the per-phone rate limit: a real phone would wait
                self.sent.pop()
                time.sleep(0.05)
                continue
            assert reply.status == 201, reply
            self.acked[key] = int(reply.json["note"]["id"])  # type: ignore[index]


def test_acknowledged_notes_survive_sigkill_and_the_room_comes_back(tmp_path: Path) -> None:
    db_path = tmp_path / "room.sprintdesk"
    db = open_database(db_path)
    try:
        room = make_room(Services.of(db, FakeClock()))
    finally:
        db.close()
    child, address = _serve(db_path, room.workshop_id)
    try:
        phones = [Phone(address) for _ in range(PHONES)]
        for number, phone in enumerate(phones):
            phone.join(name=f"Phone {number}")
        writers = [Writer(phone, number) for number, phone in enumerate(phones)]
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + 30
        while sum(len(w.acked) for w in writers) < 40 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        for writer in writers:
            writer.join(30)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(10)
    acked = {key: note_id for writer in writers for key, note_id in writer.acked.items()}
    assert len(acked) >= 40

    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = dict(connection.execute("SELECT client_key, note_id FROM phone_notes").fetchall())
        is_on = connection.execute("SELECT is_on FROM joining").fetchone()
    finally:
        connection.close()
    assert is_on == (1,)  # killed, not stopped: joining is still on
    for key, note_id in acked.items():
        assert stored.get(key) == note_id, key

    again, again_address = _serve(db_path, room.workshop_id)
    try:
        assert again_address == address  # same host, port, secret and code: the phones come back
        # Every phone resends what it is not sure of, and something it is sure of.
        for writer in writers:
            for key in writer.sent[-3:]:
                reply = writer.phone.request("POST", "/api/notes", {"key": key, "text": f"note {key}"})
                assert reply.status in (200, 201), reply
                if key in acked:
                    assert (reply.status, reply.json["note"]["id"]) == (200, acked[key])  # type: ignore[index]
        stream = phones[0].events()
        try:
            assert stream.next("room")[1]["board"]["id"] == room.board_id  # type: ignore[index]
        finally:
            stream.close()
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(15)

    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        keys = connection.execute("SELECT client_key FROM phone_notes").fetchall()
        phone_notes = connection.execute(
            "SELECT count(*) FROM notes WHERE text LIKE 'note phone%' AND board_id = ?", (room.board_id,)
        ).fetchone()[0]
        is_on = connection.execute("SELECT is_on FROM joining").fetchone()
    finally:
        connection.close()
    assert len(keys) == len({k for (k,) in keys}) == phone_notes  # nothing doubled, no orphan note
    assert set(acked) <= {k for (k,) in keys}
    assert is_on == (0,)  # stopped cleanly this time


def test_the_headless_server_says_what_is_wrong_in_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sprintdesk"
    command = [sys.executable, "-m", "sprintdesk.web.serve", "--db", str(missing), "--workshop", "1"]
    done = subprocess.run([*command, "--host", LOOPBACK], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("sprintdesk: error: Joining could not start: there is no database at")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not missing.exists()
