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
    after_join: Callable[[], None] = lambda: None  # every phone has joined
    check_now: Callable[[], dict[str, Any]] = lambda: {}  # the store now, from any thread, server running


def start_sprintdesk_room(
    desk: Any, window: Any, db_path: Path, workshop_id: int, board_id: int, route: str, share: bool
) -> RoomUnderTest:
    """Joining on 127.0.0.1 for the workshop, new names allowed, the phones writing to
    ``board_id``; the vote started from the board panel as the facilitator starts it. With
    ``share`` the board is also shown on the shared screen (the presenter view) meanwhile."""
    from sprintdesk.domain.voting import VoteRules
    from sprintdesk.ui.workshop.window import TAB_BOARDS

    panel = window.boards

    def start_vote() -> None:
        if not panel.board_actions.start_vote(VoteRules(3, 0)):
            raise RuntimeError("the vote did not start")

    room = getattr(window, "room", None)
    if route == "direct" or (route == "auto" and room is None):
        stop, base, secret, used = _direct(desk, db_path, workshop_id, board_id)
    else:
        if room is None:
            raise RuntimeError("the workshop window has no room controls (i-ui not merged?)")
        stop, base, secret, used = _through_the_window(room, board_id)

    def after_join() -> None:
        """Every phone joined: the slide comes down (the corner QR stays) and the facilitator
        goes back to the Boards tab to watch the notes arrive (starting joining showed the
        Run tab)."""
        if room is not None:
            room.slide_action.setChecked(False)
        window.tabs.setCurrentIndex(TAB_BOARDS)

    if share:
        panel.menu.share.setChecked(True)  # the board on the shared screen, as the room sees it
    stored = lambda: _stored(db_path, board_id)  # noqa: E731 - read-only, SQLite only
    return RoomUnderTest(base, secret, start_vote, stop, stored, used, after_join, stored)


def _through_the_window(room: Any, board_id: int) -> tuple[Callable[[], None], str, str, str]:
    """What OK in "Let participants join…" does (``RoomControls._start``, the dialog's callback):
    the policy saved, the server started through the window's ``RoomSession`` (its changes
    handed to the hub by its queued signal), the join slide shown on the shared screen. The
    slide is taken down once every phone has joined (``after_join``), as a facilitator would."""
    from sprintdesk.ui.room.backend import JoinOptions

    options = JoinOptions("127.0.0.1", None, anonymous=False, allow_new_names=True, board_id=board_id)
    problem = room._start(options)
    if problem is not None:
        raise RuntimeError(f"joining did not start: {problem}")
    address = room.session.address

    def stop() -> None:
        room.session.stop()

    return (
        stop,
        f"http://127.0.0.1:{address.port}",
        address.secret,
        "the window's RoomControls (the UI's path)",
    )


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
