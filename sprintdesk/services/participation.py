"""The room takes part: participants join from their phones, write notes and vote.

``ParticipationService`` serves both sides: the facilitator (open and close joining, the
policy, lock the board, remove someone, the roster, the moderation inbox) and the room's
server in sprintdesk/web (join, identify a phone's token, write notes, cast dots, the
snapshots phones see). Every write is one transaction through the same repositories and
rules as the facilitator's own actions, and returns Changes. Joining's rules are in
``participation_join``, the notes in ``participation_notes``, what phones see in
``participation_room``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
import threading

from sprintdesk.domain.clock import Clock, SystemClock
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.participation import (
    TOKEN_BYTES,
    HeldNote,
    Joining,
    JoinPolicy,
    check_client_key,
    check_phone_note,
    looks_like_token,
    normalize_room_code,
)
from sprintdesk.services import participation_dots as dots
from sprintdesk.services import participation_join as joins
from sprintdesk.services import participation_notes as notes
from sprintdesk.services import participation_room as room
from sprintdesk.services.busy import busy_timeout
from sprintdesk.services.changes import Changes
from sprintdesk.services.errors import StorageError
from sprintdesk.services.participation_errors import (
    ClosedError,
    MissingError,
    NotAllowedError,
    ParticipationError,
)
from sprintdesk.services.participation_join import PHONE_ROLES, token_hash
from sprintdesk.services.participation_place import Placement
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import held_notes_repository as inbox
from sprintdesk.storage import participation_repository as repo
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Database

__all__ = ["PHONE_ROLES", "ParticipationService", "RosterRow", "token_hash"]
SEEN_EVERY = 60.0  # seconds between two writes of a device's "last seen"
TOUCH_WAIT_MS = 1  # "last seen" is not worth waiting for another program's lock


@dataclasses.dataclass(frozen=True, slots=True)
class RosterRow:
    """A participant who joined from a phone, as the facilitator's panel lists them."""

    participant_id: int
    name: str
    role: str
    notes: int  # notes written from a phone
    dots: int  # dots cast (in any vote of the workshop)
    devices: int  # phones still allowed in (0: removed)
    last_seen: dt.datetime | None


class ParticipationService:
    def __init__(self, db: Database, clock: Clock | None = None, *, own_connection: bool = False) -> None:
        """``own_connection``: nothing else uses ``db`` (the room's server opens its own), so
        what was read can be kept until another connection commits (``PRAGMA data_version``).
        A service sharing its Database with the other services must read every time."""
        self._db = db
        self._clock = clock or SystemClock()
        self._seen: dict[int, float] = {}  # device id -> monotonic reading of its last write
        self._seen_lock = threading.Lock()
        self._placement = Placement() if own_connection else None  # boards' layouts, kept
        self._contexts = room.ContextCache(own_connection)

    # -- joining, for the facilitator --------------------------------------------------------
    def joining(self, workshop_id: int) -> Joining | None:
        with self._db.session() as session:
            return repo.get_joining(session, workshop_id)

    def resume_address(self, workshop_id: int) -> Joining | None:
        """The joining row to start again when the workshop window opens: set when joining
        was on as SprintDesk ended without stopping it (a crash), else None."""
        found = self.joining(workshop_id)
        return found if found is not None and found.is_on else None

    def open_joining(self, workshop_id: int, host: str, port: int) -> tuple[Joining, Changes]:
        """Joining on at ``host``:``port``; an existing row keeps its secret and room code."""
        self._contexts.clear()
        with self._db.session() as session:
            joining = dataclasses.replace(joins.row(session, workshop_id), host=host, port=port, is_on=True)
            repo.save_joining(session, joining)
        return joining, Changes(workshop_id=workshop_id, room=True)

    def new_link(self, workshop_id: int) -> tuple[Joining, Changes]:
        """A new join secret and room code (the old QR and code stop working; the phones that
        joined keep their tokens). A running server answers the new ones at once."""
        self._contexts.clear()
        with self._db.session() as session:
            secret, code = joins.fresh_link(session)
            joining = dataclasses.replace(joins.row(session, workshop_id), secret=secret, room_code=code)
            repo.save_joining(session, joining)
        return joining, Changes(workshop_id=workshop_id, room=True)

    def close_joining(self, workshop_id: int) -> Changes:
        """Joining off (the notes, the phones' tokens and the secret stay)."""
        self._contexts.clear()
        with self._db.session() as session:
            joining = repo.get_joining(session, workshop_id)
            if joining is None or not joining.is_on:
                return Changes()
            repo.save_joining(session, dataclasses.replace(joining, is_on=False))
        return Changes(workshop_id=workshop_id, room=True)

    def set_policy(self, workshop_id: int, policy: JoinPolicy) -> Changes:
        self._contexts.clear()
        with self._db.session() as session:
            joining = joins.row(session, workshop_id)
            if policy.board_id is not None and boards.get_board(session, policy.board_id).workshop_id != (
                workshop_id
            ):
                raise ValidationError("That board belongs to another workshop.")
            repo.save_joining(session, dataclasses.replace(joining, policy=policy))
        return Changes(workshop_id=workshop_id, room=True)

    def set_locked(self, workshop_id: int, locked: bool) -> Changes:
        """Lock (or unlock) the board for phones: no note added, edited or deleted."""
        self._contexts.clear()
        with self._db.session() as session:
            joining = joins.row(session, workshop_id)
            repo.save_joining(session, dataclasses.replace(joining, locked=locked))
        return Changes(workshop_id=workshop_id, room=True)

    def remove_participant(self, workshop_id: int, participant_id: int) -> Changes:
        """Revoke every phone of the participant; their notes and dots stay."""
        with self._db.session() as session:
            repo.revoke_devices(session, workshop_id, participant_id)
        return Changes(workshop_id=workshop_id, room=True)

    def roster(self, workshop_id: int) -> list[RosterRow]:
        with self._db.session() as session:
            workshop = workshops.get_workshop(session, workshop_id)
            devices = repo.device_stats(session, workshop_id)
            written = repo.phone_note_counts(session, workshop_id)
            dots = repo.dot_counts(session, workshop_id)
        return [
            RosterRow(
                p.id or 0,
                p.name,
                p.role.value,
                written.get(p.id or 0, 0),
                dots.get(p.id or 0, 0),
                devices[p.id or 0][0],
                devices[p.id or 0][1],
            )
            for p in workshop.participants
            if (p.id or 0) in devices
        ]

    def phone_authors(self, note_ids: list[int]) -> dict[int, int]:
        """Note id -> who wrote it on a phone (for the facilitator, even in anonymous mode)."""
        with self._db.session() as session:
            return repo.phone_authors(session, note_ids)

    # -- the moderation inbox ------------------------------------------------------------------
    def held_notes(self, workshop_id: int) -> list[HeldNote]:
        with self._db.session() as session:
            return inbox.list_held(session, workshop_id)

    def approve(self, held_id: int) -> tuple[int, Changes]:
        """Put a held note on its board (where a note from a phone goes); returns its id."""
        with self._db.session() as session:
            held = inbox.get_held(session, held_id)
            joining = repo.get_joining(session, held.workshop_id)
            anonymous = joining is not None and joining.policy.anonymous
            board = boards.get_board(session, held.board_id)
            inbox.delete_held(session, held_id)
            author = None if anonymous else held.participant_id
            note_id, changes, committed = notes.place_note(
                session,
                board,
                held.text,
                author,
                held.participant_id,
                held.client_key,
                self._placement,
                held.region,
            )
        committed()
        self._contexts.touched()
        return note_id, changes

    def reject(self, held_id: int) -> Changes:
        with self._db.session() as session:
            held = inbox.get_held(session, held_id)
            inbox.delete_held(session, held_id)
        self._contexts.touched()
        return Changes(workshop_id=held.workshop_id, room=True)

    # -- joining, for a phone (always for the one workshop whose server asks) ----------------------
    def secret_for_code(self, code: object, workshop_id: int) -> str:
        canonical = normalize_room_code(code)
        with self._db.session() as session:
            found = repo.joining_by_code(session, canonical) if canonical else None
        if found is None or not found.is_on or found.workshop_id != workshop_id:
            raise MissingError(joins.NO_CODE)
        return found.secret

    def join_info(self, secret: object, workshop_id: int) -> dict[str, object]:
        with self._db.session() as session:
            return joins.info(session, joins.by_secret(session, secret, workshop_id))

    def join(
        self,
        secret: object,
        participant_id: object = None,
        name: object = None,
        role: object = None,
        *,
        workshop_id: int,
    ) -> tuple[dict[str, object], Changes]:
        """A new phone: its token (returned once, stored only as a hash) and who it is."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = self._clock.utc_now()
        with self._db.session() as session:
            joining = joins.by_secret(session, secret, workshop_id)
            person = joins.who(session, joining, participant_id, name, role)
            device_id = repo.add_device(session, workshop_id, person.id or 0, token_hash(token), now)
        self._due(device_id)  # just seen: the next minute of requests writes nothing
        changes = Changes(workshop_id=workshop_id, room=True, details=True)
        return {"token": token, "participant": joins.person(person)}, changes

    def identify(self, token: object, workshop_id: int | None = None) -> int:
        """The participant behind a phone's token; NotAllowedError when unknown or revoked."""
        if not isinstance(token, str) or not looks_like_token(token):
            raise NotAllowedError("Join the workshop first.")
        with self._db.session() as session:
            device = repo.device_by_hash(session, token_hash(token))
            if device is None or device.revoked:
                raise NotAllowedError("This phone is not (or no longer) part of the workshop. Join again.")
            if workshop_id is not None and device.workshop_id != workshop_id:
                raise NotAllowedError("This phone belongs to another workshop. Join this one.")
        if self._due(device.id):
            self._touch(device.id)
        return device.participant_id

    def _touch(self, device_id: int) -> None:
        """Note when a phone was last seen, in a transaction of its own that never waits: a
        busy database only delays it to a later request."""
        try:
            with busy_timeout(TOUCH_WAIT_MS), self._db.session() as session:
                repo.touch_device(session, device_id, self._clock.utc_now())
        except StorageError:
            with self._seen_lock:
                self._seen.pop(device_id, None)

    def _due(self, device_id: int) -> bool:
        now = self._clock.monotonic()
        with self._seen_lock:
            last = self._seen.get(device_id)
            if last is not None and now - last < SEEN_EVERY:
                return False
            self._seen[device_id] = now
            return True

    def valid_tokens(self, workshop_id: int, hashes: list[str]) -> set[str]:
        """Which of these token hashes still let a phone in."""
        with self._db.session() as session:
            return repo.valid_device_hashes(session, workshop_id, hashes)

    def mine_digests(self, workshop_id: int, participant_ids: list[int]) -> dict[int, str]:
        """A digest of each participant's own notes (text, status) and dots in the open vote:
        when one changes, that phone is told to fetch its notes again."""
        parts: dict[int, list[object]] = {p: [] for p in participant_ids}
        with self._db.session() as session:
            for pid, key, note_id, text, covered, board_id in repo.phone_notes_for(session, participant_ids):
                parts[pid].append((key, note_id, text, covered, board_id))
            for held in inbox.held_for(session, participant_ids):
                parts[held.participant_id].append((held.client_key, held.text, held.board_id))
            try:
                context = room.room_context(session, workshop_id, need_on=False, cache=self._contexts)
                _board, current = room.current_vote(session, context)
                cast = repo.votes_for(session, current.id or 0, participant_ids)
            except ParticipationError:
                cast = []
            for vote_id, pid, note_id, supervote in cast:
                parts[pid].append((vote_id, note_id, supervote))
        return {pid: hashlib.sha256(repr(items).encode()).hexdigest() for pid, items in parts.items()}

    # -- what a phone sees ------------------------------------------------------------------------
    def room_state(self, workshop_id: int) -> dict[str, object]:
        """``<room>`` without ``rev``."""
        with self._db.session() as session:
            return room.room_state(session, workshop_id, self._clock)

    def me(self, workshop_id: int, participant_id: int, *, with_room: bool = True) -> dict[str, object]:
        """``/api/me``; without ``with_room`` the caller fills in "room" (the server keeps it)."""
        with self._db.session() as session:
            context = room.room_context(session, workshop_id, need_on=False, cache=self._contexts)
            person = context.participant(participant_id)
            board_id = context.board.id if context.board is not None else None
            mine = room.my_notes(session, participant_id, board_id)
            try:
                vote: dict[str, object] | None = room.my_vote(session, context, participant_id)
            except ClosedError:
                vote = None
            state = room.room_state(session, workshop_id, self._clock) if with_room else None
        return {
            "participant": joins.person(person),
            "room": state,
            "notes": [n.as_json() for n in mine],
            "vote": vote,
        }

    def my_vote(self, workshop_id: int, participant_id: int) -> dict[str, object]:
        with self._db.session() as session:
            context = room.room_context(session, workshop_id, need_on=False, cache=self._contexts)
            return room.my_vote(session, context, participant_id)

    # -- notes from a phone -----------------------------------------------------------------------
    def write_note(
        self, workshop_id: int, participant_id: int, key: object, text: object, region: object = None
    ) -> tuple[dict[str, object], bool, Changes]:
        """A note from a phone. The same key again returns the same note (created False)."""
        key = check_client_key(key)
        text = check_phone_note(text)
        with self._db.session() as session:
            context = room.room_context(session, workshop_id, cache=self._contexts)
            context.participant(participant_id)
            mine, created, changes, committed = notes.write(
                session, context, participant_id, key, text, self._clock.utc_now(), self._placement, region
            )
        committed()
        self._contexts.touched()
        return mine.as_json(), created, changes

    def edit_note(
        self, workshop_id: int, participant_id: int, key: object, text: object
    ) -> tuple[dict[str, object], Changes]:
        key = check_client_key(key)
        text = check_phone_note(text)
        with self._db.session() as session:
            context = room.room_context(session, workshop_id, cache=self._contexts)
            mine, changes = notes.edit(session, context, participant_id, key, text)
        self._contexts.touched()
        return mine.as_json(), changes

    def delete_note(self, workshop_id: int, participant_id: int, key: object) -> Changes:
        key = check_client_key(key)
        with self._db.session() as session:
            context = room.room_context(session, workshop_id, cache=self._contexts)
            changes = notes.delete(session, context, participant_id, key)
        self._contexts.touched()
        return changes

    # -- dots from a phone ------------------------------------------------------------------------
    def cast_dot(
        self, workshop_id: int, participant_id: int, note_id: object, supervote: object = False
    ) -> tuple[dict[str, object], Changes]:
        """One dot, by the vote's rules (budget, stacking, the Decider's supervotes)."""
        wanted, super_ = dots.check_dot(note_id, supervote)
        with self._db.session() as session:
            context = room.room_context(session, workshop_id, cache=self._contexts)
            return dots.cast(session, context, participant_id, wanted, super_)

    def take_dot(
        self, workshop_id: int, participant_id: int, note_id: object, supervote: object = False
    ) -> tuple[dict[str, object], Changes]:
        """Take back one of your own dots on that note."""
        wanted, super_ = dots.check_dot(note_id, supervote)
        with self._db.session() as session:
            context = room.room_context(session, workshop_id, cache=self._contexts)
            return dots.take(session, context, participant_id, wanted, super_)
