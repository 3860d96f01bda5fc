"""What the phones are told, and when: the room's public state with its version number, and
the nudges that make a phone fetch its own notes (``mine``) or the vote (``vote``) again.

Runs in the server's thread. Changes made by the phones themselves come in through
``after_phone_write``; the facilitator's (and any other outside) changes through ``refresh``,
which the server calls, coalesced, after ``RoomServer.notify``.
"""

from __future__ import annotations

import asyncio
import json
import logging

from sprintdesk.domain.clock import Clock
from sprintdesk.services.changes import Changes
from sprintdesk.services.participation import ParticipationService
from sprintdesk.web.streams import Streams

log = logging.getLogger(__name__)


def _moved_on(state: dict[str, object], seconds: float, clock: Clock) -> dict[str, object]:
    """A kept room state as it is ``seconds`` later: a running countdown has moved on."""
    timer = state.get("timer")
    if not isinstance(timer, dict):
        return state
    elapsed = float(timer["elapsed_s"]) + (seconds if timer["running"] else 0.0)
    now_ms = int(clock.utc_now().timestamp() * 1000)
    return {**state, "timer": {**timer, "elapsed_s": elapsed, "server_ms": now_ms}}


def _room_key(room: dict[str, object]) -> str:
    """What makes two room states different for a phone: everything but the moment it was
    read (a running countdown is keyed by when it started, to the 50 ms)."""
    shown = dict(room)
    timer = shown.get("timer")
    if isinstance(timer, dict):
        timer = dict(timer)
        server_ms = float(timer.pop("server_ms"))
        elapsed = float(timer.pop("elapsed_s"))
        if timer["running"]:
            timer["started_ms"] = round((server_ms - elapsed * 1000) / 50)
        else:
            timer["elapsed_s"] = round(elapsed, 3)
        shown["timer"] = timer
    return json.dumps(shown, sort_keys=True, default=str)


_STALE = "stale"
VOTE_EVERY_S = 0.5
KEEP_ROOM_S = 5.0  # a room state read is reused this long (outside changes read it at once)


class Feed:
    def __init__(
        self, service: ParticipationService, workshop_id: int, streams: Streams, clock: Clock
    ) -> None:
        self._service = service
        self._clock = clock
        self._kept: dict[str, object] | None = None  # the room state last read, and when
        self._kept_at = 0.0
        self._workshop_id = workshop_id
        self._streams = streams
        self.rev = 0
        self._key = ""
        self._mine: dict[int, str] = {}  # participant id -> digest of their notes and dots
        self._vote_open = False  # as of the last room state read
        self._vote_pending = False

    def room(self) -> dict[str, object]:
        """The room as a phone gets it now (``<room>``, with ``rev``). Read again after an
        outside change and every few seconds; in between only the countdown moves on."""
        now = self._clock.monotonic()
        if self._kept is not None and now - self._kept_at < KEEP_ROOM_S:
            return {"rev": self.rev, **_moved_on(self._kept, now - self._kept_at, self._clock)}
        return self._read_room()

    def forget_room(self) -> None:
        """An outside change is coming: the next room state is read, not reused."""
        self._kept = None

    def _read_room(self) -> dict[str, object]:
        state = self._service.room_state(self._workshop_id)
        self._kept, self._kept_at = state, self._clock.monotonic()
        key = _room_key(state)
        if key != self._key:
            self._key = key
            self.rev += 1
        self._vote_open = state.get("vote") is not None
        return {"rev": self.rev, **state}

    def refresh(self, changes: Changes) -> None:
        """After an outside change: a new room state goes to every phone; phones whose notes
        or dots changed get ``mine``; when the vote's notes or results may have changed,
        ``vote``; removed phones get ``bye`` and their stream ends."""
        before = self.rev
        room = self._read_room()
        if self.rev != before:
            self._streams.broadcast("room", room)
        if changes.room or changes.removed or changes.empty:
            self._drop_revoked()
        self._nudge_mine()
        if changes.votes or changes.note_ids or changes.cluster_ids or changes.board_id or changes.empty:
            self._nudge_vote(room)

    def watch(self, participant_id: int) -> None:
        """A phone opened its event stream: what its notes and dots are now."""
        if participant_id not in self._mine:
            self._mine.update(self._digests([participant_id]))

    def after_phone_write(self, participant_id: int, changes: Changes) -> None:
        """A phone wrote: its other phones (if any) refresh their notes; the vote's list
        changes for everyone when a note was added or removed during a vote. Its digest is
        stale now: the next outside change tells it to fetch its notes once more."""
        if participant_id in self._mine:
            self._mine[participant_id] = _STALE
        if len(self._streams.of(participant_id)) > 1:
            for stream in self._streams.of(participant_id):
                stream.send("mine", {})
        if changes.note_ids and not changes.votes and self._vote_open:
            self._vote_later()

    def _vote_later(self) -> None:
        """``vote`` to every phone, at most every VOTE_EVERY_S while phones write during a vote."""
        if self._vote_pending:
            return
        self._vote_pending = True

        def send() -> None:
            self._vote_pending = False
            self._streams.broadcast("vote", {})

        asyncio.get_running_loop().call_later(VOTE_EVERY_S, send)

    def _drop_revoked(self) -> None:
        streams = self._streams.all()
        if not streams:
            return
        valid = self._service.valid_tokens(self._workshop_id, sorted({s.token_hash for s in streams}))
        for stream in streams:
            if stream.token_hash not in valid:
                stream.send("bye", {"reason": "The facilitator removed this phone from the workshop."})
                stream.end()

    def _nudge_mine(self) -> None:
        people = sorted({s.participant_id for s in self._streams.all()})
        if not people:
            return
        digests = self._digests(people)
        for participant_id in people:
            digest = digests.get(participant_id, "")
            if self._mine.get(participant_id) not in (None, digest):
                for stream in self._streams.of(participant_id):
                    stream.send("mine", {})
            self._mine[participant_id] = digest

    def _digests(self, people: list[int]) -> dict[int, str]:
        return self._service.mine_digests(self._workshop_id, people)

    def _nudge_vote(self, room: dict[str, object]) -> None:
        if room.get("vote") is not None:
            self._streams.broadcast("vote", {})
