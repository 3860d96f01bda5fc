"""What the phones are told, and when: the room's public state with its version number, and
the nudges that make a phone fetch its own notes (``mine``) or the vote (``vote``) again.

Runs in the server's thread. Changes made by the phones themselves come in through
``after_phone_write``; the facilitator's (and any other outside) changes through ``refresh``,
which the server calls, coalesced, after ``RoomServer.notify``.
"""

from __future__ import annotations

import json
import logging

from sprintdesk.services.changes import Changes
from sprintdesk.services.participation import ParticipationService
from sprintdesk.web.streams import Streams

log = logging.getLogger(__name__)


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


class Feed:
    def __init__(self, service: ParticipationService, workshop_id: int, streams: Streams) -> None:
        self._service = service
        self._workshop_id = workshop_id
        self._streams = streams
        self.rev = 0
        self._key = ""
        self._mine: dict[int, str] = {}  # participant id -> digest of their notes and dots

    def room(self) -> dict[str, object]:
        """The room as a phone gets it now (``<room>``, with ``rev``)."""
        state = self._service.room_state(self._workshop_id)
        key = _room_key(state)
        if key != self._key:
            self._key = key
            self.rev += 1
        return {"rev": self.rev, **state}

    def refresh(self, changes: Changes) -> None:
        """After an outside change: a new room state goes to every phone; phones whose notes
        or dots changed get ``mine``; when the vote's notes or results may have changed,
        ``vote``; removed phones get ``bye`` and their stream ends."""
        before = self.rev
        room = self.room()
        if self.rev != before:
            self._streams.broadcast("room", room)
        if changes.room or changes.removed or changes.empty:
            self._drop_revoked()
        self._nudge_mine()
        if changes.votes or changes.note_ids or changes.cluster_ids or changes.board_id or changes.empty:
            self._nudge_vote(room)

    def after_phone_write(self, participant_id: int, changes: Changes) -> None:
        """A phone wrote: its other phones (if any) refresh their notes; the vote's list
        changes for everyone when a note was added or removed during a vote."""
        if len(self._streams.of(participant_id)) > 1:
            for stream in self._streams.of(participant_id):
                stream.send("mine", {})
        if changes.note_ids and not changes.votes:
            room = self.room()
            if room.get("vote") is not None:
                self._streams.broadcast("vote", {})

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
