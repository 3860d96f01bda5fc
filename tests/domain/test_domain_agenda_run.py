"""AgendaRun driven by a FakeClock: transitions, the events they emit, overtime, projection."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from sprintdesk.domain.agenda_run import PLAN_ANCHOR_WINDOW, AgendaRun
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.run_events import RunAction, RunEvent
from sprintdesk.domain.timer import TimerState
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, Workshop

DATE = dt.date(2026, 12, 1)


def _workshop() -> Workshop:
    return Workshop(
        "Design sprint",
        start_date=DATE,
        days=(
            AgendaDay(
                start_time=dt.time(9, 0),
                items=(
                    AgendaItem("A", 5, id=1),
                    AgendaItem("B", 10, id=2),
                    AgendaItem("C", 1, id=3),
                ),
                id=10,
            ),
            AgendaDay(
                start_time=dt.time(9, 0),
                items=(AgendaItem("D", 20, id=4), AgendaItem("E", 2, id=5)),
                id=11,
            ),
        ),
    )


def _clock_at(hour: int = 9, minute: int = 0, date: dt.date = DATE) -> FakeClock:
    """A FakeClock showing ``hour:minute`` local time (the projection works in local time)."""
    local = dt.datetime.combine(date, dt.time(hour, minute)).astimezone()
    return FakeClock(local.astimezone(dt.UTC))


@pytest.fixture
def clock() -> FakeClock:
    return _clock_at()


@pytest.fixture
def run(clock: FakeClock) -> AgendaRun:
    return AgendaRun(_workshop(), clock)


def _event(value: RunEvent | None) -> RunEvent:
    assert value is not None
    return value


def test_an_agenda_without_items_cannot_run(clock: FakeClock) -> None:
    with pytest.raises(ValueError, match="at least one item"):
        AgendaRun(Workshop("Empty"), clock)
    unsaved = Workshop("Unsaved", days=(AgendaDay(items=(AgendaItem("No id", 5),)),))
    with pytest.raises(ValueError):
        AgendaRun(unsaved, clock)


def test_the_run_lists_every_item_of_every_day(run: AgendaRun) -> None:
    assert [(r.item_id, r.day_index) for r in run.items] == [(1, 0), (2, 0), (3, 0), (4, 1), (5, 1)]


def test_initial_status(run: AgendaRun) -> None:
    status = run.status()
    assert status.current.item_id == 1
    assert (status.index, status.count) == (0, 5)
    assert status.state is TimerState.READY
    assert (status.remaining, status.allotted, status.elapsed, status.progress) == (
        300.0,
        300.0,
        0.0,
        0.0,
    )
    assert status.next_up is not None and status.next_up.item_id == 2
    assert status.day_elapsed is None
    assert status.projection is None
    assert not status.overtime and not status.warning


def test_start_pause_resume(run: AgendaRun, clock: FakeClock) -> None:
    started = _event(run.start())
    assert started == RunEvent(RunAction.START, 1, clock.utc_now(), 0.0, True)
    assert run.start() is None  # already running
    clock.advance(60)
    assert run.status().remaining == 240.0
    assert run.status().state is TimerState.RUNNING

    paused = _event(run.pause())
    assert (paused.action, paused.item_id, paused.elapsed, paused.running) == (
        RunAction.PAUSE,
        1,
        60.0,
        False,
    )
    assert paused.at == clock.utc_now()
    assert run.pause() is None  # already paused
    clock.advance(500)
    assert run.status().remaining == 240.0
    assert run.status().state is TimerState.PAUSED

    resumed = _event(run.start())
    assert (resumed.action, resumed.elapsed, resumed.running) == (RunAction.RESUME, 60.0, True)
    clock.advance(30)
    assert run.status().remaining == 210.0
    assert run.status().elapsed == 90.0
    assert run.status().progress == pytest.approx(90 / 300)


def test_toggle(run: AgendaRun, clock: FakeClock) -> None:
    assert _event(run.toggle()).action is RunAction.START
    clock.advance(10)
    assert _event(run.toggle()).action is RunAction.PAUSE
    assert _event(run.toggle()).action is RunAction.RESUME
    assert run.running


def test_extend_sequence(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    clock.advance(100)
    plus_minute = _event(run.extend(60))
    assert (plus_minute.action, plus_minute.amount, plus_minute.elapsed) == (
        RunAction.EXTEND,
        60.0,
        100.0,
    )
    assert plus_minute.running
    assert run.status().allotted == 360.0
    assert _event(run.extend(300)).amount == 300.0
    assert run.status().allotted == 660.0
    assert _event(run.extend(-60)).amount == -60.0
    status = run.status()
    assert (status.allotted, status.remaining) == (600.0, 500.0)
    assert run.timer.planned == 300.0


def test_extend_never_goes_below_zero_allotted(run: AgendaRun) -> None:
    removed = _event(run.extend(-10_000))
    assert removed.amount == -300.0  # only what was there
    assert run.status().allotted == 0.0
    assert run.extend(-60) is None  # nothing left to remove: no event
    assert run.extend(0) is None


def test_extend_while_paused_keeps_it_paused(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    clock.advance(30)
    run.pause()
    event = _event(run.extend(60))
    assert not event.running
    assert run.status().state is TimerState.PAUSED
    assert run.status().remaining == 330.0


def test_next_while_running_starts_the_next_item(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    clock.advance(200)
    moved = _event(run.next())
    assert moved == RunEvent(RunAction.NEXT, 1, clock.utc_now(), 200.0, True, target_id=2)
    status = run.status()
    assert status.current.item_id == 2
    assert status.state is TimerState.RUNNING
    assert status.remaining == 600.0
    clock.advance(50)
    assert run.status().remaining == 550.0
    assert run.actual_seconds(1) == 200.0  # the left item stopped counting
    assert run.timers[1].state is TimerState.PAUSED


def test_next_while_paused_does_not_start_the_next_item(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    clock.advance(20)
    run.pause()
    moved = _event(run.next())
    assert not moved.running
    assert run.status().state is TimerState.READY
    clock.advance(100)
    assert run.status().remaining == 600.0


def test_next_from_a_ready_item(run: AgendaRun) -> None:
    moved = _event(run.next())
    assert (moved.item_id, moved.target_id, moved.elapsed, moved.running) == (1, 2, 0.0, False)
    assert run.timers[1].state is TimerState.READY


def test_previous_returns_to_the_time_already_used(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    clock.advance(100)
    run.next()
    clock.advance(40)
    back = _event(run.previous())
    assert (back.action, back.item_id, back.target_id, back.elapsed) == (
        RunAction.PREVIOUS,
        2,
        1,
        40.0,
    )
    assert run.status().current.item_id == 1
    assert run.status().remaining == 200.0
    clock.advance(10)
    assert run.status().remaining == 190.0
    assert run.actual_seconds(2) == 40.0


def test_select_jumps_across_days(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    clock.advance(5)
    selected = _event(run.select(4))
    assert (selected.action, selected.item_id, selected.target_id) == (RunAction.SELECT, 1, 4)
    status = run.status()
    assert (status.current.item_id, status.current.day_index, status.index) == (4, 1, 3)
    assert status.next_up is not None and status.next_up.item_id == 5
    assert run.select(4) is None  # already there
    with pytest.raises(KeyError):
        run.select(999)


def test_navigation_stops_at_both_ends(run: AgendaRun) -> None:
    assert run.previous() is None
    run.select(5)
    assert run.next() is None
    assert run.status().next_up is None
    assert run.status().index == 4


def test_restart_goes_back_to_the_plan(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    clock.advance(120)
    run.extend(300)
    restarted = run.restart()
    assert (restarted.action, restarted.elapsed, restarted.running) == (
        RunAction.RESTART,
        0.0,
        True,
    )
    clock.advance(10)
    status = run.status()
    assert (status.allotted, status.remaining, status.state) == (300.0, 290.0, TimerState.RUNNING)


def test_restart_while_paused(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    clock.advance(120)
    run.pause()
    assert not run.restart().running
    clock.advance(50)
    assert run.status().remaining == 300.0
    assert run.status().state is TimerState.PAUSED


def test_overtime_keeps_counting(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    clock.advance(290)
    assert run.status().warning
    clock.advance(10)
    assert run.status().remaining == 0.0
    assert not run.status().overtime
    clock.advance(95)
    status = run.status()
    assert status.remaining == -95.0
    assert status.elapsed == 395.0
    assert status.overtime and not status.warning
    assert status.progress == 1.0
    assert status.state is TimerState.RUNNING
    clock.advance(3600)
    assert run.status().remaining == -3695.0


def test_a_one_minute_item_shows_no_warning(run: AgendaRun, clock: FakeClock) -> None:
    run.select(3)
    run.start()
    clock.advance(30)
    assert not run.status().warning


def test_day_elapsed_counts_wall_time_from_the_first_start(run: AgendaRun, clock: FakeClock) -> None:
    clock.advance(600)  # nothing counts until the day starts
    assert run.status().day_elapsed is None
    run.start()
    clock.advance(100)
    run.pause()
    clock.advance(50)  # a pause is still part of the day
    assert run.status().day_elapsed == 150.0


# -- projection ------------------------------------------------------------------------


def _behind(run: AgendaRun) -> float:
    projection = run.status().projection
    assert projection is not None
    return projection.behind_seconds


def test_a_day_started_on_time_is_on_track(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    projection = run.status().projection
    assert projection is not None
    assert projection.planned_end == dt.datetime.combine(DATE, dt.time(9, 16))
    assert projection.projected_end == projection.planned_end
    assert (projection.status, projection.describe()) == ("on-track", "on time")
    clock.advance(120)  # running to plan changes nothing
    assert _behind(run) == 0.0


def test_overtime_makes_the_day_slip_then_late(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    clock.advance(300 + 60)
    assert _behind(run) == 60.0
    assert run.status().projection.status == "on-track"  # type: ignore[union-attr]
    clock.advance(240)
    projection = run.status().projection
    assert projection is not None
    assert (projection.behind_seconds, projection.status) == (300.0, "slipping")
    assert projection.describe() == "5 min behind"
    clock.advance(301)
    projection = run.status().projection
    assert projection is not None
    assert (projection.status, projection.describe()) == ("late", "10 min behind")


def test_finishing_early_puts_the_day_ahead(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    clock.advance(60)  # A planned for 5 min, done in 1
    run.next()
    projection = run.status().projection
    assert projection is not None
    assert projection.behind_seconds == -240.0
    assert (projection.status, projection.describe()) == ("on-track", "4 min ahead")


def test_a_late_start_is_behind_from_the_first_second() -> None:
    clock = _clock_at(9, 20)
    run = AgendaRun(_workshop(), clock)
    run.start()
    projection = run.status().projection
    assert projection is not None
    assert projection.behind_seconds == 20 * 60
    assert projection.status == "late"


def test_a_pause_makes_the_day_slip(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    clock.advance(60)
    run.pause()
    clock.advance(5 * 60)
    assert _behind(run) == 300.0


def test_extending_counts_against_the_plan(run: AgendaRun) -> None:
    run.start()
    run.extend(300)
    assert _behind(run) == 300.0
    run.extend(-60)
    assert _behind(run) == 240.0


def test_the_projection_only_counts_the_current_day(run: AgendaRun, clock: FakeClock) -> None:
    run.start()
    clock.advance(16 * 60)  # the whole of day 1's plan on item A: A is 11 min over
    behind = _behind(run)
    assert behind == (16 - 5) * 60  # B and C still to come, day 2 not counted


def test_day_two_is_projected_against_its_own_start(clock: FakeClock) -> None:
    run = AgendaRun(_workshop(), clock)
    run.start()
    clock.advance(16 * 60)
    run.pause()
    # The next morning at 09:10 local time.
    next_morning = dt.datetime.combine(DATE + dt.timedelta(days=1), dt.time(9, 10)).astimezone()
    clock.advance((next_morning - clock.utc_now()).total_seconds())
    run.select(4)
    run.start()
    status = run.status()
    assert status.day_elapsed == 0.0
    projection = status.projection
    assert projection is not None
    assert projection.planned_end == dt.datetime.combine(DATE + dt.timedelta(days=1), dt.time(9, 22))
    assert projection.behind_seconds == 600.0


def test_the_projection_uses_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A facilitator in UTC-5 starting at 09:00 local is on time, not five hours off."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is not available on this platform")
    monkeypatch.setenv("TZ", "EST+05")
    time.tzset()
    try:
        clock = FakeClock(dt.datetime(2026, 12, 1, 14, 0, tzinfo=dt.UTC))  # 09:00 EST
        run = AgendaRun(_workshop(), clock)
        run.start()
        projection = run.status().projection
        assert projection is not None
        assert projection.planned_end == dt.datetime(2026, 12, 1, 9, 16)
        assert projection.behind_seconds == 0.0
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    ("hour", "minute", "behind"),
    [
        (11, 59, 179 * 60),  # within three hours of the plan: measured against it
        (12, 0, 180 * 60),
        (12, 1, 0.0),  # further away (a rehearsal, a moved session): from the actual start
        (20, 0, 0.0),
        (6, 30, -150 * 60),  # early, within the window: ahead of plan
        (5, 59, 0.0),
    ],
)
def test_a_run_far_from_its_planned_time_is_measured_from_its_start(
    hour: int, minute: int, behind: float
) -> None:
    assert PLAN_ANCHOR_WINDOW == 3 * 3600
    run = AgendaRun(_workshop(), _clock_at(hour, minute))
    run.start()
    assert _behind(run) == behind


def test_an_off_plan_run_still_counts_overruns() -> None:
    clock = _clock_at(20, 0)
    run = AgendaRun(_workshop(), clock)
    run.start()
    clock.advance(300 + 420)  # A runs 7 minutes over
    projection = run.status().projection
    assert projection is not None
    assert projection.planned_end == dt.datetime.combine(DATE, dt.time(20, 16))
    assert (projection.behind_seconds, projection.status) == (420.0, "slipping")


def test_status_counts_the_days(run: AgendaRun) -> None:
    assert run.status().day_count == 2
