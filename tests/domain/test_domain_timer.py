"""ItemTimer: remaining time is arithmetic on a monotonic reading, never a tick count."""

from __future__ import annotations

import pytest

from sprintdesk.domain.timer import ItemTimer, TimerState


def test_a_new_timer_is_ready_with_the_plan() -> None:
    timer = ItemTimer.for_minutes(5)
    assert (timer.planned, timer.allotted) == (300.0, 300.0)
    assert timer.state is TimerState.READY
    assert not timer.running
    assert timer.elapsed(12345.0) == 0.0
    assert timer.remaining(12345.0) == 300.0
    assert timer.progress(12345.0) == 0.0


def test_running_stretches_add_up_and_pauses_freeze() -> None:
    timer = ItemTimer.for_minutes(5)
    timer.start(100.0)
    assert timer.state is TimerState.RUNNING
    assert timer.elapsed(130.0) == 30.0
    assert timer.remaining(130.0) == 270.0
    timer.pause(130.0)
    assert timer.state is TimerState.PAUSED
    assert timer.remaining(10_000.0) == 270.0  # time while paused does not count
    timer.start(500.0)
    assert timer.elapsed(520.0) == 50.0
    assert timer.progress(520.0) == pytest.approx(50 / 300)


def test_start_twice_does_not_restart_the_stretch() -> None:
    timer = ItemTimer.for_minutes(1)
    timer.start(10.0)
    timer.start(40.0)
    assert timer.elapsed(50.0) == 40.0


def test_pause_when_paused_changes_nothing() -> None:
    timer = ItemTimer.for_minutes(1)
    timer.pause(10.0)
    assert timer.state is TimerState.READY
    timer.start(10.0)
    timer.pause(20.0)
    timer.pause(90.0)
    assert timer.elapsed(90.0) == 10.0


def test_a_stalled_reader_loses_nothing() -> None:
    """Reading the timer rarely (a blocked event loop) gives the same numbers."""
    timer = ItemTimer.for_minutes(10)
    timer.start(0.0)
    assert timer.remaining(421.25) == pytest.approx(600 - 421.25)


def test_overtime_keeps_counting_below_zero() -> None:
    timer = ItemTimer.for_minutes(1)
    timer.start(0.0)
    assert timer.remaining(60.0) == 0.0
    assert timer.remaining(75.0) == -15.0
    assert timer.remaining(600.0) == -540.0
    assert timer.progress(600.0) == 1.0


def test_a_reading_before_the_start_is_not_negative() -> None:
    timer = ItemTimer.for_minutes(1)
    timer.start(100.0)
    assert timer.elapsed(99.0) == 0.0


def test_extend_adds_and_removes_but_not_below_zero() -> None:
    timer = ItemTimer.for_minutes(2)
    timer.extend(60)
    assert timer.allotted == 180.0
    timer.extend(300)
    assert timer.allotted == 480.0
    timer.extend(-60)
    assert timer.allotted == 420.0
    timer.extend(-10_000)
    assert timer.allotted == 0.0
    assert timer.progress(0.0) == 1.0
    assert timer.planned == 120.0


def test_restart_goes_back_to_the_plan_and_keeps_running() -> None:
    timer = ItemTimer.for_minutes(2)
    timer.start(0.0)
    timer.extend(300)
    timer.restart(90.0)
    assert timer.running
    assert timer.allotted == 120.0
    assert timer.elapsed(100.0) == 10.0


def test_restart_when_paused_stays_paused() -> None:
    timer = ItemTimer.for_minutes(2)
    timer.start(0.0)
    timer.pause(30.0)
    timer.restart(50.0)
    assert timer.state is TimerState.PAUSED
    assert timer.elapsed(1000.0) == 0.0


def test_anchor_sets_the_state_directly() -> None:
    timer = ItemTimer.for_minutes(2)
    timer.anchor(-5.0, None)
    assert timer.elapsed(0.0) == 0.0
    assert timer.state is TimerState.READY
    timer.anchor(30.0, 100.0)
    assert timer.state is TimerState.RUNNING
    assert timer.elapsed(110.0) == 40.0
    timer.anchor(40.0, None)
    assert timer.state is TimerState.PAUSED
