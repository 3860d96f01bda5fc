"""The room takes part: the rules for participants' phones, as plain data and pure functions.

The policy a facilitator sets when joining opens, the limits every request is held to, the room
code people type when they cannot scan the QR, and a token-bucket rate limiter driven by an
injected clock (so tests move time instead of sleeping).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.run_events import RunAction

MAX_PHONE_NOTE = 500  # characters of a note written on a phone
MAX_BODY_BYTES = 8 * 1024  # a request body from a phone
MAX_CONNECTIONS = 2_000  # open connections to the room's server
ROOM_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed on a phone
ROOM_CODE_LENGTH = 6
SECRET_BYTES = 24  # secrets.token_urlsafe(24): 192 bits, at least 128 as the issue asks
TOKEN_BYTES = 32  # a phone's own token
ANONYMOUS_NAME = "Anonymous"

_CLIENT_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{22,64}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22,128}")


class NoteStatus(StrEnum):
    """What became of a note a phone sent (the page shows it beside the note)."""

    ON_BOARD = "on board"
    WAITING = "waiting"  # held in the facilitator's moderation inbox
    COVERED = "covered"  # private writing: hidden on the shared screen until the reveal


@dataclass(frozen=True, slots=True)
class JoinPolicy:
    """How the room joins: anonymous phones, new names allowed, notes moderated, which board
    (None: the board linked to the running agenda item)."""

    anonymous: bool = False
    allow_new_names: bool = True
    moderation: bool = False
    board_id: int | None = None


@dataclass(frozen=True, slots=True)
class Joining:
    """A workshop's joining row: where its server listens and with which secret and code."""

    workshop_id: int
    secret: str
    room_code: str
    host: str
    port: int
    is_on: bool
    policy: JoinPolicy
    locked: bool = False


@dataclass(frozen=True, slots=True)
class Device:
    """A phone (a browser's token) of a participant; the token itself is never stored."""

    id: int
    workshop_id: int
    participant_id: int
    token_hash: str
    revoked: bool = False


@dataclass(frozen=True, slots=True)
class HeldNote:
    """A note waiting in the moderation inbox."""

    id: int
    workshop_id: int
    board_id: int
    participant_id: int
    client_key: str
    text: str


@dataclass(frozen=True, slots=True)
class PhoneNote:
    """A note as its writer's phone sees it (``<mine>`` in the HTTP API)."""

    key: str
    id: int | None
    text: str
    status: NoteStatus
    board_id: int

    def as_json(self) -> dict[str, object]:
        return {"key": self.key, "id": self.id, "text": self.text, "status": self.status.value}


def check_phone_note(text: object) -> str:
    """The text of a note from a phone, trimmed; at most MAX_PHONE_NOTE characters."""
    if not isinstance(text, str):
        raise ValidationError("A note needs some text.")
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError("A note needs some text.")
    if len(cleaned) > MAX_PHONE_NOTE:
        raise ValidationError(f"A note can hold at most {MAX_PHONE_NOTE} characters.")
    return cleaned


def check_client_key(key: object) -> str:
    """A note's client-made id: 8 to 64 characters of letters, digits, '-' and '_'."""
    if not isinstance(key, str) or _CLIENT_KEY.fullmatch(key) is None:
        raise ValidationError("A note's key is 8 to 64 letters, digits, '-' or '_'.")
    return key


def looks_like_secret(text: str) -> bool:
    return _SECRET.fullmatch(text) is not None


def looks_like_token(text: str) -> bool:
    return _TOKEN.fullmatch(text) is not None


def normalize_room_code(text: object) -> str | None:
    """A typed room code in its canonical form (upper case, spaces and dashes dropped), or
    None when it cannot be one."""
    if not isinstance(text, str) or len(text) > 32:
        return None
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t")
    if len(cleaned) != ROOM_CODE_LENGTH or any(ch not in ROOM_CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


def current_item_id(steps: Iterable[tuple[str, int, int | None]], item_ids: Sequence[int]) -> int | None:
    """The agenda item a run is on, from its run events newest first as (action, item id,
    target id): the rule ``AgendaRun.restore`` replays, read backwards (a switch lands on its
    target, any other event on its item; events naming deleted items are skipped). The first
    item before the run started; None for an empty agenda."""
    if not item_ids:
        return None
    known = set(item_ids)
    for action, item_id, target_id in steps:
        if RunAction(action).switches_item:
            if target_id in known:
                return target_id
        elif item_id in known:
            return item_id
    return item_ids[0]


def anonymous_name(number: int) -> str:
    return f"{ANONYMOUS_NAME} {number}"


def is_anonymous_name(name: str) -> bool:
    head, _, tail = name.rpartition(" ")
    return head == ANONYMOUS_NAME and tail.isdigit()


def next_anonymous_number(names: list[str]) -> int:
    """The number the next anonymous phone gets: one more than the highest in use."""
    used = [0]
    for name in names:
        head, _, tail = name.rpartition(" ")
        if head == ANONYMOUS_NAME and tail.isdigit():
            used.append(int(tail))
    return max(used) + 1


class TokenBucket:
    """``capacity`` requests at once, refilled at ``per_second``; ``now`` is a monotonic clock."""

    __slots__ = ("_level", "_now", "_stamp", "capacity", "per_second")

    def __init__(self, capacity: float, per_second: float, now: Callable[[], float]) -> None:
        if capacity < 1 or per_second <= 0:
            raise ValueError("a token bucket needs a capacity of at least 1 and a positive rate")
        self.capacity = capacity
        self.per_second = per_second
        self._now = now
        self._level = capacity
        self._stamp = now()

    def take(self, amount: float = 1.0) -> bool:
        """Spend ``amount`` if there is that much; False (nothing spent) when there is not."""
        now = self._now()
        self._level = min(self.capacity, self._level + max(0.0, now - self._stamp) * self.per_second)
        self._stamp = now
        if self._level < amount:
            return False
        self._level -= amount
        return True

    @property
    def full(self) -> bool:
        now = self._now()
        return self._level + max(0.0, now - self._stamp) * self.per_second >= self.capacity


@dataclass(frozen=True, slots=True)
class Rate:
    capacity: float
    per_second: float


# Generous for a person on a phone, tight for a script: 10 notes at once then one every 2 s;
# 20 dots at once then 4 a second; 5 room codes at once then one every 12 s (per address).
NOTE_RATE = Rate(10, 0.5)
DOT_RATE = Rate(20, 4.0)
CODE_RATE = Rate(5, 1 / 12)


class RateLimiter:
    """A token bucket per key (a participant, an address), at most ``max_keys`` remembered:
    the least recently used bucket is forgotten first (a full one loses nothing)."""

    def __init__(self, rate: Rate, now: Callable[[], float], max_keys: int = 10_000) -> None:
        self.rate = rate
        self._now = now
        self._max_keys = max_keys
        self._buckets: OrderedDict[Hashable, TokenBucket] = OrderedDict()

    def allow(self, key: Hashable) -> bool:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = TokenBucket(self.rate.capacity, self.rate.per_second, self._now)
            self._buckets[key] = bucket
            while len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        return bucket.take()

    def __len__(self) -> int:
        return len(self._buckets)
