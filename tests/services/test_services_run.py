"""LiveRun: every transition is on disk before it shows, and a later LiveRun resumes from it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sprintdesk import samples
from sprintdesk.domain.agenda_run import AgendaRun, RunStatus
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.run_events import RunAction, RunEvent
from sprintdesk.domain.timer import TimerState
from sprintdesk.domain.workshop import Workshop
from sprintdesk.services.agenda import AgendaService
from sprintdesk.services.changes import Changes
from sprintdesk.services.run import LiveRun
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage import run_log_repository
from sprintdesk.storage.database import Database

# The sample's first three items, in seconds: the welcome, the long-term goal, coffee.
WELCOME, GOAL, COFFEE = (item.duration_minutes * 60.0 for item in samples.sample_workshop().days[0].items[:3])


def _ids(workshop: Workshop) -> list[int]:
    return [item.id or 0 for item in workshop.items()]


def _persisted(reopen: Callable[[], Database], workshop_id: int) -> list[RunEvent]:
    """The run log as another Database object on the same file sees it."""
    other = reopen()
    try:
        with other.session() as session:
            return run_log_repository.list_events(session, workshop_id)
    finally:
        other.close()


def _status(live: LiveRun) -> RunStatus:
    status = live.status()
    assert status is not None
    return status


def test_an_empty_agenda_has_no_run(db: Database, workshops: WorkshopService, clock: FakeClock) -> None:
    workshop_id, _ = workshops.create("Empty")
    live = LiveRun(db, workshop_id, clock)
    assert live.run is None
    assert live.status() is None
    assert live.start() == Changes()
    assert live.actual_seconds(1) == 0.0


def test_every_transition_is_persisted_at_once(
    db: Database, sprint: Workshop, clock: FakeClock, reopen: Callable[[], Database]
) -> None:
    welcome, goal, coffee, *_, crazy_8s = _ids(sprint)
    workshop_id = sprint.id or 0
    live = LiveRun(db, workshop_id, clock)
    expected: list[RunEvent] = []

    def step(change: Changes, action: RunAction, item_ids: set[int]) -> None:
        assert change == Changes(workshop_id=workshop_id, run=True, item_ids=frozenset(item_ids))
        log = _persisted(reopen, workshop_id)
        assert len(log) == len(expected) + 1
        assert log[:-1] == expected
        assert log[-1].action is action
        assert log[-1].at == clock.utc_now()
        expected.append(log[-1])

    step(live.start(), RunAction.START, {welcome})
    clock.advance(120)
    step(live.extend(60), RunAction.EXTEND, {welcome})
    assert expected[-1].amount == 60.0
    step(live.pause(), RunAction.PAUSE, {welcome})
    assert (expected[-1].elapsed, expected[-1].running) == (120.0, False)
    step(live.toggle(), RunAction.RESUME, {welcome})
    clock.advance(30)
    step(live.next(), RunAction.NEXT, {welcome, goal})
    assert (expected[-1].item_id, expected[-1].target_id, expected[-1].elapsed) == (welcome, goal, 150.0)
    clock.advance(10)
    step(live.previous(), RunAction.PREVIOUS, {goal, welcome})
    step(live.select(crazy_8s), RunAction.SELECT, {welcome, crazy_8s})
    clock.advance(5)
    step(live.restart(), RunAction.RESTART, {crazy_8s})
    step(live.extend(-60), RunAction.EXTEND, {crazy_8s})
    assert _status(live).current.item_id == crazy_8s
    assert coffee not in {e.item_id for e in expected}


def test_no_op_actions_write_nothing(
    db: Database, sprint: Workshop, clock: FakeClock, reopen: Callable[[], Database]
) -> None:
    live = LiveRun(db, sprint.id or 0, clock)
    assert live.pause() == Changes()  # not running
    assert live.previous() == Changes()  # already at the first item
    assert live.select(_ids(sprint)[0]) == Changes()  # already there
    assert live.extend(0) == Changes()
    live.start()
    assert live.start() == Changes()
    assert len(_persisted(reopen, sprint.id or 0)) == 1


def test_a_later_live_run_resumes_with_the_time_that_passed(
    db: Database, sprint: Workshop, clock: FakeClock, reopen: Callable[[], Database]
) -> None:
    welcome, goal, *_ = _ids(sprint)
    live = LiveRun(db, sprint.id or 0, clock)
    live.start()
    clock.advance(100)
    live.next()
    clock.advance(240)
    assert _status(live).remaining == GOAL - 240
    # The app is closed while the goal item runs; it is started again 90 s later, after a reboot.
    clock.advance(90)
    later_clock = FakeClock(clock.utc_now(), monotonic_start=3.0)
    db2 = reopen()
    again = LiveRun(db2, sprint.id or 0, later_clock)
    status = _status(again)
    assert status.current.item_id == goal
    assert status.state is TimerState.RUNNING
    assert status.remaining == pytest.approx(GOAL - 330)
    assert again.actual_seconds(welcome) == pytest.approx(100.0)
    later_clock.advance(GOAL - 300)
    assert _status(again).remaining == pytest.approx(-30.0)  # and it runs over as usual
    assert _status(again).overtime


def test_a_later_live_run_resumes_a_paused_run_unchanged(
    db: Database, sprint: Workshop, clock: FakeClock, reopen: Callable[[], Database]
) -> None:
    live = LiveRun(db, sprint.id or 0, clock)
    live.start()
    clock.advance(200)
    live.extend(300)
    live.pause()
    clock.advance(7200)
    again = LiveRun(reopen(), sprint.id or 0, FakeClock(clock.utc_now()))
    status = _status(again)
    assert (status.state, status.allotted, status.remaining) == (
        TimerState.PAUSED,
        WELCOME + 300,
        pytest.approx(WELCOME + 100),
    )
    assert again.start().run  # and it goes on from there
    assert _persisted(reopen, sprint.id or 0)[-1].action is RunAction.RESUME


def test_reload_after_deleting_an_item_already_run(
    db: Database, agenda: AgendaService, sprint: Workshop, clock: FakeClock
) -> None:
    welcome, goal, coffee, *_ = _ids(sprint)
    live = LiveRun(db, sprint.id or 0, clock)
    live.start()
    clock.advance(60)
    live.next()
    clock.advance(60)
    live.next()
    clock.advance(45)
    agenda.delete_item(goal)  # the facilitator drops an item already done
    live.reload()
    status = _status(live)
    assert status.current.item_id == coffee
    assert status.state is TimerState.RUNNING
    assert status.remaining == pytest.approx(COFFEE - 45)
    assert live.actual_seconds(welcome) == pytest.approx(60.0)
    assert live.actual_seconds(goal) == 0.0  # no longer in the agenda


def test_reload_after_deleting_and_restoring_an_item_keeps_its_time(
    db: Database, agenda: AgendaService, sprint: Workshop, clock: FakeClock
) -> None:
    welcome, goal, *_ = _ids(sprint)
    live = LiveRun(db, sprint.id or 0, clock)
    live.select(goal)
    live.start()
    clock.advance(200)
    live.pause()
    removed, _ = agenda.delete_item(goal)
    live.reload()
    assert _status(live).current.item_id == welcome
    agenda.restore_item(removed)  # undo: same id, so its log entries apply again
    live.reload()
    status = _status(live)
    assert (status.current.item_id, status.remaining) == (goal, pytest.approx(GOAL - 200))


def test_reset_forgets_the_run(
    db: Database, sprint: Workshop, clock: FakeClock, reopen: Callable[[], Database]
) -> None:
    live = LiveRun(db, sprint.id or 0, clock)
    live.start()
    clock.advance(50)
    live.next()
    assert live.reset() == Changes(workshop_id=sprint.id, run=True)
    assert _persisted(reopen, sprint.id or 0) == []
    status = _status(live)
    assert (status.index, status.state, status.remaining) == (0, TimerState.READY, WELCOME)


def test_runs_of_different_workshops_do_not_mix(
    db: Database, workshops: WorkshopService, sprint: Workshop, clock: FakeClock
) -> None:
    copy_id, _ = workshops.duplicate(sprint.id or 0)
    first = LiveRun(db, sprint.id or 0, clock)
    second = LiveRun(db, copy_id, clock)
    first.start()
    clock.advance(30)
    second.next()
    assert _status(LiveRun(db, sprint.id or 0, clock)).state is TimerState.RUNNING
    copy_status = _status(LiveRun(db, copy_id, clock))
    assert (copy_status.index, copy_status.state) == (1, TimerState.READY)


def test_a_failed_write_leaves_the_run_as_it_was_on_disk(
    db: Database, sprint: Workshop, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = LiveRun(db, sprint.id or 0, clock)
    live.start()
    clock.advance(40)

    def disk_full(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(run_log_repository, "append_event", disk_full)
    with pytest.raises(OSError, match="disk full"):
        live.pause()
    monkeypatch.undo()
    status = _status(live)
    assert status.state is TimerState.RUNNING  # the pause never reached the disk
    assert status.remaining == pytest.approx(WELCOME - 40)


def test_a_long_session_survives_many_restarts(
    sprint: Workshop, clock: FakeClock, reopen: Callable[[], Database]
) -> None:
    """Reopen after every action: each LiveRun continues exactly where the last one stopped,
    matching an in-memory AgendaRun that was never closed."""
    script: list[tuple[str, float]] = [
        ("start", 0), ("advance", 61.5), ("extend", 60), ("advance", 30), ("next", 0),
        ("advance", 700), ("pause", 0), ("advance", 40), ("start", 0), ("advance", 12),
        ("select", 4), ("advance", 500), ("restart", 0), ("advance", 3), ("previous", 0),
        ("advance", 1000), ("extend", -60), ("advance", 9),
    ]  # fmt: skip
    workshop_id = sprint.id or 0
    ids = _ids(sprint)
    truth = AgendaRun(sprint, clock)  # never persisted, never restored
    for name, value in script:
        if name == "advance":
            clock.advance(value)
            continue
        live = LiveRun(reopen(), workshop_id, FakeClock(clock.utc_now()))
        if name == "extend":
            live.extend(value)
            truth.extend(value)
        elif name == "select":
            live.select(ids[int(value) - 1])
            truth.select(ids[int(value) - 1])
        else:
            getattr(live, name)()
            getattr(truth, name)()
        clock.advance(1.25)  # closed for a moment before the next opening
        fresh = LiveRun(reopen(), workshop_id, FakeClock(clock.utc_now(), monotonic_start=0.0))
        got, want = _status(fresh), truth.status()
        assert (got.index, got.state) == (want.index, want.state)
        assert got.remaining == pytest.approx(want.remaining, abs=1e-6)
        assert got.allotted == pytest.approx(want.allotted, abs=1e-6)
        for item_id in ids:
            assert fresh.actual_seconds(item_id) == pytest.approx(truth.actual_seconds(item_id), abs=1e-6)
