"""AlertTracker: the one-minute and time-up chimes fire once per item until re-armed."""

from __future__ import annotations

import datetime as dt

from sprintdesk.domain.agenda_run import AgendaRun
from sprintdesk.domain.alerts import Alert, AlertTracker
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, Workshop

FIVE_MINUTES = 300.0


def test_one_minute_then_time_up_each_fire_once() -> None:
    tracker = AlertTracker()
    assert tracker.check(1, 300, FIVE_MINUTES) == []
    assert tracker.check(1, 61, FIVE_MINUTES) == []
    assert tracker.check(1, 60, FIVE_MINUTES) == [Alert.ONE_MINUTE]
    assert tracker.check(1, 59, FIVE_MINUTES) == []
    assert tracker.check(1, 1, FIVE_MINUTES) == []
    assert tracker.check(1, 0, FIVE_MINUTES) == [Alert.TIME_UP]
    assert tracker.check(1, -1, FIVE_MINUTES) == []
    assert tracker.check(1, -600, FIVE_MINUTES) == []


def test_a_stall_jumping_past_zero_fires_only_time_up() -> None:
    tracker = AlertTracker()
    assert tracker.check(1, 90, FIVE_MINUTES) == []
    assert tracker.check(1, -12, FIVE_MINUTES) == [Alert.TIME_UP]
    # ... and the missed warning does not come afterwards.
    assert tracker.check(1, -13, FIVE_MINUTES) == []


def test_a_short_item_gets_no_one_minute_warning() -> None:
    tracker = AlertTracker()
    assert tracker.check(1, 60, 60) == []
    assert tracker.check(1, 30, 60) == []
    assert tracker.check(1, 0, 60) == [Alert.TIME_UP]


def test_extend_re_arms_time_up() -> None:
    tracker = AlertTracker()
    tracker.check(1, 50, FIVE_MINUTES)
    assert tracker.check(1, -10, FIVE_MINUTES) == [Alert.TIME_UP]
    # +60 s: back to 50 s left; the one-minute warning is still behind us.
    assert tracker.check(1, 50, 360) == []
    assert tracker.check(1, 0, 360) == [Alert.TIME_UP]


def test_a_long_extension_re_arms_both() -> None:
    tracker = AlertTracker()
    tracker.check(1, 30, FIVE_MINUTES)
    tracker.check(1, -10, FIVE_MINUTES)
    assert tracker.check(1, 290, 600) == []  # +300 s
    assert tracker.check(1, 60, 600) == [Alert.ONE_MINUTE]
    assert tracker.check(1, -1, 600) == [Alert.TIME_UP]


def test_restart_re_arms() -> None:
    tracker = AlertTracker()
    assert tracker.check(1, 55, FIVE_MINUTES) == [Alert.ONE_MINUTE]
    assert tracker.check(1, 300, FIVE_MINUTES) == []
    assert tracker.check(1, 55, FIVE_MINUTES) == [Alert.ONE_MINUTE]


def test_items_are_tracked_separately() -> None:
    tracker = AlertTracker()
    assert tracker.check(1, 0, FIVE_MINUTES) == [Alert.TIME_UP]
    assert tracker.check(2, 59, FIVE_MINUTES) == [Alert.ONE_MINUTE]
    assert tracker.check(2, 0, FIVE_MINUTES) == [Alert.TIME_UP]
    assert tracker.check(1, -5, FIVE_MINUTES) == []


def test_prime_suppresses_thresholds_already_behind() -> None:
    tracker = AlertTracker()
    tracker.prime(1, -30)
    assert tracker.check(1, -31, FIVE_MINUTES) == []
    tracker.prime(2, 40)
    assert tracker.check(2, 39, FIVE_MINUTES) == []
    assert tracker.check(2, 0, FIVE_MINUTES) == [Alert.TIME_UP]
    tracker.prime(3, 200)
    assert tracker.check(3, 60, FIVE_MINUTES) == [Alert.ONE_MINUTE]


def test_prime_resets_what_was_fired_before() -> None:
    tracker = AlertTracker()
    tracker.check(1, -1, FIVE_MINUTES)
    tracker.prime(1, 120)
    assert tracker.check(1, 60, FIVE_MINUTES) == [Alert.ONE_MINUTE]


def test_custom_warning_threshold() -> None:
    tracker = AlertTracker(warning_seconds=120)
    assert tracker.check(1, 121, FIVE_MINUTES) == []
    assert tracker.check(1, 120, FIVE_MINUTES) == [Alert.ONE_MINUTE]


def test_driven_by_a_running_agenda_each_alert_fires_exactly_once() -> None:
    workshop = Workshop(
        "Sprint", days=(AgendaDay(items=(AgendaItem("A", 5, id=1), AgendaItem("B", 1, id=2))),)
    )
    clock = FakeClock(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC))
    run = AgendaRun(workshop, clock)
    tracker = AlertTracker()
    fired: list[tuple[int, Alert]] = []

    def tick(seconds: int) -> None:
        for _ in range(seconds):
            clock.advance(1)
            status = run.status()
            for alert in tracker.check(status.current.item_id, status.remaining, status.allotted):
                fired.append((status.current.item_id, alert))

    run.start()
    tick(250)
    assert fired == [(1, Alert.ONE_MINUTE)]
    tick(60)
    assert fired == [(1, Alert.ONE_MINUTE), (1, Alert.TIME_UP)]
    run.extend(300)  # 290 s left again
    tick(300)
    assert fired[2:] == [(1, Alert.ONE_MINUTE), (1, Alert.TIME_UP)]
    run.next()
    tick(90)
    assert fired[4:] == [(2, Alert.TIME_UP)]  # a one-minute item only chimes at zero
