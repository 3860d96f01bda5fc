"""Running an agenda: the current item, its countdown, navigation and the run log.

Every operation returns the RunEvent to persist (or None when nothing changed). The same
events replayed by ``AgendaRun.restore`` rebuild the run after the app was closed or
crashed: the running item resumes with the wall-clock time that passed in between.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sprintdesk.domain.clock import Clock
from sprintdesk.domain.run_events import RunAction, RunEvent
from sprintdesk.domain.schedule import Projection
from sprintdesk.domain.timer import ItemTimer, TimerState
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, Workshop

# A day started within this many seconds of its planned start is measured against the
# planned schedule (a late start counts as behind); otherwise against its actual start.
PLAN_ANCHOR_WINDOW = 3 * 3600


@dataclass(frozen=True, slots=True)
class RunItem:
    item: AgendaItem
    item_id: int
    day_index: int
    day: AgendaDay


@dataclass(frozen=True, slots=True)
class RunStatus:
    current: RunItem
    index: int
    count: int
    state: TimerState
    remaining: float
    allotted: float
    elapsed: float
    progress: float
    next_up: RunItem | None
    day_elapsed: float | None
    projection: Projection | None
    day_count: int = 1

    @property
    def overtime(self) -> bool:
        return self.remaining < 0

    @property
    def warning(self) -> bool:
        return 0 <= self.remaining <= 60 and self.allotted > 60


def planned_day_start(started: dt.datetime, day: AgendaDay) -> dt.datetime:
    """When a day that started at ``started`` (UTC) was planned to start, local and naive: its
    start time on that date; a day run far from its planned time (a rehearsal, a moved
    session) is measured against the plan laid from its actual start, so only overruns and
    extensions count."""
    local_start = started.astimezone().replace(tzinfo=None)
    planned = dt.datetime.combine(local_start.date(), day.start_time)
    return local_start if abs((local_start - planned).total_seconds()) > PLAN_ANCHOR_WINDOW else planned


class AgendaRun:
    def __init__(self, workshop: Workshop, clock: Clock) -> None:
        self._clock = clock
        self.items: list[RunItem] = [
            RunItem(item=item, item_id=item.id, day_index=day_index, day=day)
            for day_index, day in enumerate(workshop.days)
            for item in day.items
            if item.id is not None
        ]
        if not self.items:
            raise ValueError("an agenda needs at least one item to run")
        self._index_of = {run_item.item_id: i for i, run_item in enumerate(self.items)}
        self.timers = {r.item_id: ItemTimer.for_minutes(r.item.duration_minutes) for r in self.items}
        self.index = 0
        self._day_started: dict[int, dt.datetime] = {}

    # -- reading -------------------------------------------------------------------------
    @property
    def current(self) -> RunItem:
        return self.items[self.index]

    @property
    def timer(self) -> ItemTimer:
        return self.timers[self.current.item_id]

    @property
    def running(self) -> bool:
        return self.timer.running

    def late_start_seconds(self, day_index: int) -> float | None:
        """How late the day started against its plan (negative: early); None before it
        started. Measured as run mode measures it (``planned_day_start``)."""
        started = self._day_started.get(day_index)
        if started is None:
            return None
        day = next(r.day for r in self.items if r.day_index == day_index)
        local_start = started.astimezone().replace(tzinfo=None)
        return (local_start - planned_day_start(started, day)).total_seconds()

    def actual_seconds(self, item_id: int) -> float:
        return self.timers[item_id].elapsed(self._clock.monotonic())

    def status(self) -> RunStatus:
        now = self._clock.monotonic()
        timer = self.timer
        nxt = self.items[self.index + 1] if self.index + 1 < len(self.items) else None
        day_start = self._day_started.get(self.current.day_index)
        wall = self._clock.utc_now()
        return RunStatus(
            current=self.current,
            index=self.index,
            count=len(self.items),
            state=timer.state,
            remaining=timer.remaining(now),
            allotted=timer.allotted,
            elapsed=timer.elapsed(now),
            progress=timer.progress(now),
            next_up=nxt,
            day_elapsed=(wall - day_start).total_seconds() if day_start else None,
            projection=self._projection(now, wall, day_start),
            day_count=self.items[-1].day_index + 1,
        )

    def _projection(self, now: float, wall: dt.datetime, day_start: dt.datetime | None) -> Projection | None:
        if day_start is None:
            return None
        day = self.current.day
        planned_start = planned_day_start(day_start, day)
        planned_end = planned_start + dt.timedelta(minutes=day.total_minutes)
        left = max(0.0, self.timer.remaining(now))
        for later in self.items[self.index + 1 :]:
            if later.day_index != self.current.day_index:
                break
            left += max(0.0, self.timers[later.item_id].remaining(now))
        local_now = wall.astimezone().replace(tzinfo=None)
        projected_end = local_now + dt.timedelta(seconds=left)
        return Projection(planned_end=planned_end, projected_end=projected_end)

    # -- acting --------------------------------------------------------------------------
    def _event(self, action: RunAction, amount: float = 0.0, target_id: int | None = None) -> RunEvent:
        return RunEvent(
            action=action,
            item_id=self.current.item_id,
            at=self._clock.utc_now(),
            elapsed=self.timer.elapsed(self._clock.monotonic()),
            running=self.running,
            amount=amount,
            target_id=target_id,
        )

    def _mark_day_started(self) -> None:
        self._day_started.setdefault(self.current.day_index, self._clock.utc_now())

    def start(self) -> RunEvent | None:
        """Start or resume the current item."""
        if self.running:
            return None
        action = RunAction.RESUME if self.timer.ever_started else RunAction.START
        self.timer.start(self._clock.monotonic())
        self._mark_day_started()
        return self._event(action)

    def pause(self) -> RunEvent | None:
        if not self.running:
            return None
        self.timer.pause(self._clock.monotonic())
        return self._event(RunAction.PAUSE)

    def toggle(self) -> RunEvent | None:
        return self.pause() if self.running else self.start()

    def extend(self, seconds: float) -> RunEvent | None:
        before = self.timer.allotted
        self.timer.extend(seconds)
        change = self.timer.allotted - before
        if change == 0:
            return None
        return self._event(RunAction.EXTEND, amount=change)

    def restart(self) -> RunEvent:
        self.timer.restart(self._clock.monotonic())
        return self._event(RunAction.RESTART)

    def next(self) -> RunEvent | None:
        return self._switch(self.index + 1, RunAction.NEXT)

    def previous(self) -> RunEvent | None:
        return self._switch(self.index - 1, RunAction.PREVIOUS)

    def select(self, item_id: int) -> RunEvent | None:
        return self._switch(self._index_of[item_id], RunAction.SELECT)

    def _switch(self, index: int, action: RunAction) -> RunEvent | None:
        if not 0 <= index < len(self.items) or index == self.index:
            return None
        now = self._clock.monotonic()
        was_running = self.running
        left_elapsed = self.timer.elapsed(now)
        left_id = self.current.item_id
        left_day = self.current.day_index
        self.timer.pause(now)
        self.index = index
        # The countdown carries on to the next item of the same day; a new day waits for
        # the facilitator to start it (the next morning, usually).
        if was_running and self.current.day_index == left_day:
            self.timer.start(now)
            self._mark_day_started()
        return RunEvent(
            action=action,
            item_id=left_id,
            at=self._clock.utc_now(),
            elapsed=left_elapsed,
            running=self.running,
            target_id=self.current.item_id,
        )

    # -- recovery ------------------------------------------------------------------------
    @classmethod
    def restore(cls, workshop: Workshop, events: Iterable[RunEvent], clock: Clock) -> AgendaRun:
        """Rebuild a run from its log. Events naming items that no longer exist are skipped;
        a countdown that was running resumes with the wall-clock time that passed since."""
        run = cls(workshop, clock)
        anchor: dt.datetime | None = None  # when the current running stretch began
        for event in events:
            known = event.item_id in run._index_of
            if event.action.switches_item:
                # A switch away from a deleted item still lands on its (existing) target.
                if known:
                    run.timers[event.item_id].anchor(event.elapsed, None)
                if event.target_id not in run._index_of:
                    anchor = None
                    continue
                run.index = run._index_of[event.target_id]
            elif not known:
                continue
            else:
                timer = run.timers[event.item_id]
                run.index = run._index_of[event.item_id]
                if event.action is RunAction.RESTART:
                    timer.restart(0.0)
                    timer.anchor(0.0, None)
                else:
                    timer.anchor(event.elapsed, None)
                if event.action is RunAction.EXTEND:
                    timer.extend(event.amount)
            anchor = event.at if event.running else None
            if event.running:
                run._day_started.setdefault(run.current.day_index, event.at)
                run.timer.ever_started = True
        if anchor is not None:
            gone = max(0.0, (clock.utc_now() - anchor).total_seconds())
            run.timer.started_at = clock.monotonic() - gone
        return run
