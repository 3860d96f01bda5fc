"""Clocks injected into the timer: a monotonic reading for arithmetic, UTC for the record.

The timer never counts ticks. It keeps a start reading of a monotonic clock and computes
remaining time from it, so a stalled event loop or a dropped QTimer timeout loses nothing.
Wall-clock UTC timestamps are only used to persist transitions and to recover after a restart.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; never goes backwards."""
        ...

    def utc_now(self) -> datetime:
        """Timezone-aware current UTC time."""
        ...


# On Linux, CLOCK_MONOTONIC stops while the laptop sleeps; CLOCK_BOOTTIME does not, so a
# countdown left running over a closed lid shows the time that really passed.
_CLOCK_ID = getattr(time, "CLOCK_BOOTTIME", None)


class SystemClock:
    """The real clocks of the machine."""

    def monotonic(self) -> float:
        if _CLOCK_ID is not None:
            return time.clock_gettime(_CLOCK_ID)
        return time.monotonic()

    def utc_now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to; both readings advance together."""

    def __init__(self, start: datetime | None = None, monotonic_start: float = 1000.0) -> None:
        self._mono = monotonic_start
        self._wall = start or datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self._mono

    def utc_now(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go backwards")
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)

    def jump_wall(self, seconds: float) -> None:
        """Move only the wall clock (an NTP correction or a suspended laptop)."""
        self._wall += timedelta(seconds=seconds)


def local_now(clock: Clock) -> datetime:
    """``clock``'s time on this computer's wall: naive local time, as people read it."""
    return clock.utc_now().astimezone().replace(tzinfo=None)


def local_today(clock: Clock) -> date:
    """Today's date on this computer, by ``clock``."""
    return clock.utc_now().astimezone().date()
