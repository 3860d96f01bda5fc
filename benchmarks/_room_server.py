"""How ``participants.py`` starts SprintDesk's room server for a case, and what a case needs
of any server under test (SprintDesk's or the floor)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class RoomUnderTest:
    base: str  # http://127.0.0.1:PORT
    secret: str
    start_vote: Callable[[], None]  # as the facilitator does, on the interface thread
    stop: Callable[[], None]
    check: Callable[[], dict[str, Any]]  # after stop: {"texts": {text: n}, "keys": {key: n}, "dots": n}
    route: str = "floor"


def start_sprintdesk_room(
    desk: Any, window: Any, db_path: Path, workshop_id: int, board_id: int, route: str
) -> RoomUnderTest:
    """Joining on 127.0.0.1 for the workshop, new names allowed, the phones writing to
    ``board_id``; the vote started from the board panel as the facilitator starts it."""
    from sprintdesk.domain.voting import VoteRules

    panel = window.boards

    def start_vote() -> None:
        if not panel.board_actions.start_vote(VoteRules(3, 0)):
            raise RuntimeError("the vote did not start")

    stop, base, secret, used = _direct(desk, db_path, workshop_id, board_id)
    return RoomUnderTest(base, secret, start_vote, stop, lambda: _stored(db_path, board_id), used)


def _direct(
    desk: Any, db_path: Path, workshop_id: int, board_id: int
) -> tuple[Callable[[], None], str, str, str]:
    """RoomServer with its ``on_changes`` handed to the interface thread by a queued signal into
    the ChangeHub (the shape the issue recommends), and the hub's changes told to the server."""
    from PySide6.QtCore import QObject, Qt, Signal

    try:
        from sprintdesk.web.server import RoomServer
    except ImportError as missing:
        raise RuntimeError(f"SprintDesk's room server is not there yet ({missing})") from missing

    class Bridge(QObject):
        sig_changes = Signal(object)

    bridge = Bridge()
    bridge.sig_changes.connect(desk.hub.publish, Qt.ConnectionType.QueuedConnection)
    server = RoomServer(db_path, workshop_id, desk.clock, on_changes=bridge.sig_changes.emit)
    address = server.start("127.0.0.1", None)
    desk.hub.sig_changed.connect(server.notify)

    def stop() -> None:
        desk.hub.sig_changed.disconnect(server.notify)
        server.stop()
        bridge.deleteLater()

    return stop, f"http://127.0.0.1:{address.port}", address.secret, "RoomServer + queued signal (benchmark)"


def _stored(db_path: Path, board_id: int) -> dict[str, Any]:
    import sqlite3

    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        texts = dict(
            connection.execute(
                "SELECT text, COUNT(*) FROM notes WHERE board_id = ? GROUP BY text", (board_id,)
            )
        )
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        keys: dict[str, int] = {}
        if "phone_notes" in tables:
            keys = {
                f"{who}/{key}": n
                for who, key, n in connection.execute(
                    "SELECT participant_id, client_key, COUNT(*) FROM phone_notes"
                    " GROUP BY participant_id, client_key"
                )
            }
        dots = connection.execute(
            "SELECT COUNT(*) FROM votes JOIN vote_sessions ON votes.session_id = vote_sessions.id "
            "WHERE vote_sessions.board_id = ?",
            (board_id,),
        ).fetchone()[0]
    finally:
        connection.close()
    return {"texts": texts, "keys": keys, "dots": dots}
