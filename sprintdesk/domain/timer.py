"""The countdown of one agenda item, computed from a monotonic clock reading.

State is three numbers: the allotted seconds (plan plus extensions), the seconds accumulated
in earlier running stretches, and the monotonic reading at which the current stretch began.
Remaining time is arithmetic on those numbers and "now"; nothing counts ticks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TimerState(StrEnum):
    READY = "ready"  # never started
    RUNNING = "running"
    PAUSED = "paused"


@dataclass(slots=True)
class ItemTimer:
    planned: float
    allotted: float
    accumulated: float = 0.0
    started_at: float | None = None
    ever_started: bool = False

    @classmethod
    def for_minutes(cls, minutes: int) -> ItemTimer:
        return cls(planned=minutes * 60.0, allotted=minutes * 60.0)

    @property
    def running(self) -> bool:
        return self.started_at is not None

    @property
    def state(self) -> TimerState:
        if self.running:
            return TimerState.RUNNING
        return TimerState.PAUSED if self.ever_started else TimerState.READY

    def elapsed(self, now: float) -> float:
        if self.started_at is None:
            return self.accumulated
        return self.accumulated + max(0.0, now - self.started_at)

    def remaining(self, now: float) -> float:
        """Seconds left; negative once the item runs over."""
        return self.allotted - self.elapsed(now)

    def progress(self, now: float) -> float:
        """Fraction of the allotted time used, 0..1 (1 in overtime)."""
        if self.allotted <= 0:
            return 1.0
        return min(1.0, max(0.0, self.elapsed(now) / self.allotted))

    def start(self, now: float) -> None:
        if self.started_at is None:
            self.started_at = now
            self.ever_started = True

    def pause(self, now: float) -> None:
        if self.started_at is not None:
            self.accumulated = self.elapsed(now)
            self.started_at = None

    def extend(self, seconds: float) -> None:
        """Add (or with a negative value remove) time; never below zero allotted."""
        self.allotted = max(0.0, self.allotted + seconds)

    def restart(self, now: float) -> None:
        """Back to the plan; keeps running if it was running."""
        self.accumulated = 0.0
        self.allotted = self.planned
        if self.started_at is not None:
            self.started_at = now

    def anchor(self, accumulated: float, started_at: float | None) -> None:
        """Set the state directly (used when replaying the run log)."""
        self.accumulated = max(0.0, accumulated)
        self.started_at = started_at
        if started_at is not None or accumulated > 0:
            self.ever_started = True
