"""Crash recovery: AgendaRun.restore rebuilds the run from its event log."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sprintdesk.domain.agenda_run import AgendaRun, RunStatus
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.run_events import RunAction, RunEvent
from sprintdesk.domain.timer import TimerState
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, Workshop

START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _workshop() -> Workshop:
    return Workshop(
        "Design sprint",
        start_date=dt.date(2026, 12, 1),
        days=(
            AgendaDay(
                items=(
                    AgendaItem("A", 5, id=1),
                    AgendaItem("B", 10, id=2),
                    AgendaItem("C", 1, id=3),
                ),
                id=10,
            ),
            AgendaDay(
                start_time=dt.time(10, 0),
                items=(AgendaItem("D", 2, id=4), AgendaItem("E", 3, id=5)),
                id=11,
            ),
        ),
    )


def _without(workshop: Workshop, item_id: int) -> Workshop:
    return dataclasses.replace(
        workshop,
        days=tuple(
            dataclasses.replace(day, items=tuple(i for i in day.items if i.id != item_id))
            for day in workshop.days
        ),
    )


class Recorder:
    """Runs actions on a live AgendaRun and keeps the events it emits (the run log)."""

    def __init__(self, workshop: Workshop | None = None) -> None:
        self.workshop = workshop or _workshop()
        self.clock = FakeClock(START)
        self.run = AgendaRun(self.workshop, self.clock)
        self.events: list[RunEvent] = []

    def __call__(self, action: Callable[[AgendaRun], RunEvent | None]) -> None:
        event = action(self.run)
        if event is not None:
            self.events.append(event)

    def restore(self, workshop: Workshop | None = None, gap: float = 0.0) -> AgendaRun:
        """The app reopened ``gap`` seconds later, after a reboot (new monotonic origin)."""
        self.clock.advance(gap)
        later = FakeClock(self.clock.utc_now(), monotonic_start=7.0)
        return AgendaRun.restore(workshop or self.workshop, self.events, later)


def assert_same_run(restored: AgendaRun, live: AgendaRun, tolerance: float = 1e-6) -> None:
    """Every item's remaining/elapsed, the current index and the visible status agree."""
    assert restored.index == live.index
    live_now = live._clock.monotonic()
    restored_now = restored._clock.monotonic()
    for item_id, live_timer in live.timers.items():
        timer = restored.timers[item_id]
        assert timer.remaining(restored_now) == pytest.approx(
            live_timer.remaining(live_now), abs=tolerance
        ), item_id
        assert timer.elapsed(restored_now) == pytest.approx(live_timer.elapsed(live_now), abs=tolerance), (
            item_id
        )
        assert timer.allotted == pytest.approx(live_timer.allotted, abs=tolerance), item_id
        assert timer.running == live_timer.running, item_id
    assert_same_status(restored.status(), live.status(), tolerance)


def assert_same_status(restored: RunStatus, live: RunStatus, tolerance: float = 1e-6) -> None:
    assert restored.current == live.current
    assert (restored.index, restored.count, restored.state) == (live.index, live.count, live.state)
    assert restored.next_up == live.next_up
    for name in ("remaining", "allotted", "elapsed", "progress"):
        assert getattr(restored, name) == pytest.approx(getattr(live, name), abs=tolerance), name
    if live.day_elapsed is None:
        assert restored.day_elapsed is None
    else:
        assert restored.day_elapsed == pytest.approx(live.day_elapsed, abs=tolerance)
    if live.projection is None:
        assert restored.projection is None
    else:
        assert restored.projection is not None
        assert restored.projection.planned_end == live.projection.planned_end
        assert restored.projection.behind_seconds == pytest.approx(
            live.projection.behind_seconds, abs=tolerance
        )
        assert restored.projection.status == live.projection.status


# -- examples --------------------------------------------------------------------------


def test_no_events_gives_a_fresh_run() -> None:
    rec = Recorder()
    restored = rec.restore()
    assert_same_run(restored, rec.run)
    assert restored.status().state is TimerState.READY
    assert restored.status().projection is None


def test_a_paused_run_restores_identically() -> None:
    rec = Recorder()
    rec(AgendaRun.start)
    rec.clock.advance(100)
    rec(lambda r: r.extend(60))
    rec.clock.advance(50)
    rec(AgendaRun.next)
    rec.clock.advance(30)
    rec(AgendaRun.pause)
    restored = rec.restore(gap=3600)  # paused: the hour closed changes nothing
    assert_same_run(restored, rec.run)
    status = restored.status()
    assert (status.current.item_id, status.state, status.remaining) == (
        2,
        TimerState.PAUSED,
        570.0,
    )
    assert restored.timers[1].remaining(0) == 210.0


def test_closed_while_running_resumes_with_the_wall_time_that_passed() -> None:
    rec = Recorder()
    rec(AgendaRun.start)
    rec.clock.advance(100)
    # The app is closed (or crashes) here; ten minutes later it is opened again.
    restored = rec.restore(gap=120)
    status = restored.status()
    assert status.state is TimerState.RUNNING
    assert status.remaining == pytest.approx(300 - 220)
    assert_same_run(restored, rec.run)
    # ... and it keeps counting on the new clock.
    restored._clock.advance(10)  # type: ignore[attr-defined]
    assert restored.status().remaining == pytest.approx(70.0)


def test_closed_while_running_into_overtime() -> None:
    rec = Recorder()
    rec(AgendaRun.start)
    rec.clock.advance(200)
    rec(lambda r: r.extend(60))
    rec.clock.advance(20)
    restored = rec.restore(gap=400)  # 620 s elapsed of 360 allotted
    status = restored.status()
    assert status.remaining == pytest.approx(-260.0)
    assert status.overtime
    assert_same_run(restored, rec.run)


def test_closed_while_running_after_a_switch() -> None:
    rec = Recorder()
    rec(AgendaRun.start)
    rec.clock.advance(90)
    rec(AgendaRun.next)
    rec.clock.advance(45)
    rec(lambda r: r.select(3))
    rec.clock.advance(15)
    restored = rec.restore(gap=60)
    assert restored.status().current.item_id == 3
    assert restored.status().remaining == pytest.approx(60 - 75)  # C ran on into overtime
    assert restored.timers[1].remaining(0) == pytest.approx(210.0)
    assert restored.timers[2].remaining(0) == pytest.approx(555.0)
    assert_same_run(restored, rec.run)


def test_a_switch_to_another_day_waits_to_be_started() -> None:
    rec = Recorder()
    rec(AgendaRun.start)
    rec.clock.advance(90)
    rec(lambda r: r.select(4))  # D is on day 2
    rec.clock.advance(15)
    assert rec.run.status().state is TimerState.READY
    restored = rec.restore(gap=3600)
    status = restored.status()
    assert status.current.item_id == 4
    assert status.state is TimerState.READY
    assert status.remaining == pytest.approx(120)
    assert restored.timers[1].remaining(0) == pytest.approx(210.0)
    assert_same_run(restored, rec.run)


def test_restart_and_extend_replay() -> None:
    rec = Recorder()
    rec(AgendaRun.start)
    rec.clock.advance(250)
    rec(lambda r: r.extend(300))
    rec.clock.advance(100)
    rec(AgendaRun.restart)
    rec.clock.advance(20)
    rec(lambda r: r.extend(-60))
    restored = rec.restore(gap=5)
    status = restored.status()
    assert (status.allotted, status.remaining) == (240.0, pytest.approx(215.0))
    assert_same_run(restored, rec.run)


def test_a_wall_clock_set_back_does_not_add_time() -> None:
    rec = Recorder()
    rec(AgendaRun.start)
    rec.clock.advance(100)
    rec.clock.jump_wall(-3600)  # NTP correction between the last event and the restart
    restored = AgendaRun.restore(rec.workshop, rec.events, FakeClock(rec.clock.utc_now()))
    assert restored.status().remaining == pytest.approx(300.0)
    assert restored.status().state is TimerState.RUNNING


def test_a_restored_run_keeps_the_day_start() -> None:
    rec = Recorder()
    rec.clock.advance(300)
    rec(AgendaRun.start)
    rec.clock.advance(100)
    rec(AgendaRun.pause)
    restored = rec.restore(gap=50)
    assert restored.status().day_elapsed == pytest.approx(150.0)


def test_a_restored_run_can_go_on() -> None:
    rec = Recorder()
    rec(AgendaRun.start)
    rec.clock.advance(30)
    restored = rec.restore()
    event = restored.pause()
    assert event is not None and event.action is RunAction.PAUSE
    assert event.elapsed == pytest.approx(30.0)
    event = restored.start()
    assert event is not None and event.action is RunAction.RESUME


# -- deleted items ---------------------------------------------------------------------


def test_events_of_a_deleted_item_are_skipped() -> None:
    rec = Recorder()
    rec(lambda r: r.select(2))
    rec(AgendaRun.start)
    rec.clock.advance(60)
    rec(lambda r: r.extend(300))
    rec(AgendaRun.next)
    rec.clock.advance(20)
    rec(AgendaRun.pause)
    restored = rec.restore(_without(rec.workshop, 2))
    assert [r.item_id for r in restored.items] == [1, 3, 4, 5]
    status = restored.status()
    assert (status.current.item_id, status.state, status.remaining) == (
        3,
        TimerState.PAUSED,
        pytest.approx(40.0),
    )


def test_events_naming_unknown_ids_are_skipped() -> None:
    rec = Recorder()
    rec(AgendaRun.start)
    rec.clock.advance(10)
    rec(AgendaRun.pause)
    stray = [
        RunEvent(RunAction.START, 999, START, 0.0, True),
        RunEvent(RunAction.EXTEND, 998, START, 0.0, False, amount=60),
        RunEvent(RunAction.SELECT, 1, START, 10.0, False, target_id=997),
    ]
    restored = AgendaRun.restore(rec.workshop, rec.events + stray, FakeClock(rec.clock.utc_now()))
    assert restored.status().current.item_id == 1
    assert restored.status().remaining == pytest.approx(290.0)
    assert restored.status().state is TimerState.PAUSED


def test_deleting_an_item_already_passed_keeps_the_running_item() -> None:
    """A -> B -> C while running, then B is deleted: C is still current and running."""
    rec = Recorder()
    rec(AgendaRun.start)
    rec.clock.advance(100)
    rec(AgendaRun.next)
    rec.clock.advance(200)
    rec(AgendaRun.next)
    rec.clock.advance(15)
    restored = rec.restore(_without(rec.workshop, 2), gap=5)
    status = restored.status()
    assert status.current.item_id == 3
    assert status.state is TimerState.RUNNING
    assert status.remaining == pytest.approx(60 - 20)
    assert restored.timers[1].remaining(0) == pytest.approx(200.0)


def test_deleting_an_item_passed_while_paused_keeps_the_current_item() -> None:
    rec = Recorder()
    rec(AgendaRun.next)
    rec(AgendaRun.next)  # A -> B -> C without starting anything
    restored = rec.restore(_without(rec.workshop, 2))
    assert restored.status().current.item_id == 3
    assert restored.status().state is TimerState.READY


def test_deleting_the_running_item_stops_on_the_item_before() -> None:
    rec = Recorder()
    rec(AgendaRun.start)
    rec.clock.advance(100)
    rec(AgendaRun.next)
    rec.clock.advance(50)
    restored = rec.restore(_without(rec.workshop, 2), gap=10)
    status = restored.status()
    assert status.current.item_id == 1
    assert status.state is TimerState.PAUSED
    assert status.remaining == pytest.approx(200.0)


def test_a_restored_run_picks_up_edited_durations() -> None:
    rec = Recorder()
    rec(AgendaRun.start)
    rec.clock.advance(100)
    rec(AgendaRun.pause)
    longer = dataclasses.replace(
        rec.workshop,
        days=(
            dataclasses.replace(
                rec.workshop.days[0],
                items=(AgendaItem("A", 15, id=1), *rec.workshop.days[0].items[1:]),
            ),
            rec.workshop.days[1],
        ),
    )
    restored = rec.restore(longer)
    assert restored.status().remaining == pytest.approx(800.0)


# -- the crash-recovery property -------------------------------------------------------

ACTIONS: dict[str, Callable[[AgendaRun], RunEvent | None]] = {
    "start": AgendaRun.start,
    "pause": AgendaRun.pause,
    "toggle": AgendaRun.toggle,
    "extend+60": lambda r: r.extend(60),
    "extend+300": lambda r: r.extend(300),
    "extend-60": lambda r: r.extend(-60),
    "next": AgendaRun.next,
    "previous": AgendaRun.previous,
    "restart": AgendaRun.restart,
    **{f"select{i}": (lambda r, i=i: r.select(i)) for i in range(1, 6)},
}

_advance = st.integers(min_value=0, max_value=900_000).map(lambda ms: ("advance", ms / 1000))
_act = st.sampled_from(sorted(ACTIONS)).map(lambda name: (name, 0.0))
steps = st.lists(st.one_of(_act, _advance), max_size=60)


@pytest.mark.slow  # fuzzes with many examples
@settings(max_examples=300, deadline=None)
@given(steps=steps, gap=st.integers(min_value=0, max_value=3_600_000).map(lambda ms: ms / 1000))
def test_restore_from_the_log_reproduces_every_item(steps: list[tuple[str, float]], gap: float) -> None:
    rec = Recorder()
    for name, seconds in steps:
        if name == "advance":
            rec.clock.advance(seconds)
        else:
            rec(ACTIONS[name])
        # Restoring at any moment gives the run as it is now...
        now = AgendaRun.restore(rec.workshop, rec.events, FakeClock(rec.clock.utc_now(), 3.0))
        assert_same_run(now, rec.run)
    # ... and after being closed for a while, the same as if it had stayed open.
    assert_same_run(rec.restore(gap=gap), rec.run)
