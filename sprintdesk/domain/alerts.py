"""When to chime: one minute left and time up, each once per item until re-armed."""

from __future__ import annotations

from enum import StrEnum

WARNING_SECONDS = 60.0


class Alert(StrEnum):
    ONE_MINUTE = "one-minute"
    TIME_UP = "time-up"


class AlertTracker:
    def __init__(self, warning_seconds: float = WARNING_SECONDS) -> None:
        self._warning = warning_seconds
        self._fired: dict[int, set[Alert]] = {}

    def prime(self, item_id: int, remaining: float) -> None:
        """Mark thresholds already behind us as fired, without firing (after a reload)."""
        fired = self._fired.setdefault(item_id, set())
        fired.clear()
        if remaining <= self._warning:
            fired.add(Alert.ONE_MINUTE)
        if remaining <= 0:
            fired.add(Alert.TIME_UP)

    def check(self, item_id: int, remaining: float, allotted: float) -> list[Alert]:
        """Alerts crossed since the last check. A stall that jumps straight past zero
        gives only TIME_UP; extending or restarting the item re-arms them."""
        fired = self._fired.setdefault(item_id, set())
        if remaining > self._warning:
            fired.discard(Alert.ONE_MINUTE)
        if remaining > 0:
            fired.discard(Alert.TIME_UP)
        crossed: list[Alert] = []
        if remaining <= 0:
            if Alert.TIME_UP not in fired:
                crossed.append(Alert.TIME_UP)
            fired.update((Alert.TIME_UP, Alert.ONE_MINUTE))
        elif remaining <= self._warning and allotted > self._warning:
            if Alert.ONE_MINUTE not in fired:
                crossed.append(Alert.ONE_MINUTE)
            fired.add(Alert.ONE_MINUTE)
        return crossed
