"""Transitions of a run, as they are recorded and persisted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class RunAction(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"
    NEXT = "next"
    PREVIOUS = "previous"
    SELECT = "select"
    RESTART = "restart"

    @property
    def switches_item(self) -> bool:
        return self in (RunAction.NEXT, RunAction.PREVIOUS, RunAction.SELECT)


@dataclass(frozen=True, slots=True)
class RunEvent:
    """One transition.

    ``item_id`` is the item that was current when it happened and ``elapsed`` that item's
    elapsed seconds at that moment (measured on the monotonic clock). ``amount`` is the
    seconds added by EXTEND (negative to remove); ``target_id`` the item a switch moved to;
    ``running`` whether the countdown runs after the event. ``at`` is UTC wall-clock time.
    """

    action: RunAction
    item_id: int
    at: dt.datetime
    elapsed: float
    running: bool
    amount: float = 0.0
    target_id: int | None = None
