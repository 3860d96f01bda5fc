"""Run mode driven from the keyboard, with a fake clock instead of sleeping."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer

from sprintdesk import samples
from sprintdesk.domain.alerts import Alert
from sprintdesk.domain.durations import format_clock
from sprintdesk.domain.timer import TimerState
from sprintdesk.ui.workshop.window import TAB_RUN

# The sample's first three items; the first (the welcome) lasts W minutes.
WELCOME, GOAL, COFFEE = (item.title for item in samples.sample_workshop().days[0].items[:3])
W = samples.sample_workshop().days[0].items[0].duration_minutes


def _run_window(desk, workshop_id, qtbot):  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_RUN)
    window.activateWindow()
    window.run_panel.setFocus()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(window.run_panel.hasFocus)
    return window


def test_keyboard_runs_the_agenda(desk, workshop_id, clock, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _run_window(desk, workshop_id, qtbot)
    controller = window.controller
    assert controller.status().state is TimerState.READY
    qtbot.keyClick(window.run_panel, Qt.Key.Key_Space)
    assert controller.status().state is TimerState.RUNNING
    clock.advance(90)
    controller.tick()
    assert window.run_panel.ring.face.text == "13:30"  # the welcome is 15 minutes
    qtbot.keyClick(window.run_panel, Qt.Key.Key_Plus)
    assert controller.status().remaining == W * 60 + 60 - 90
    qtbot.keyClick(window.run_panel, Qt.Key.Key_5)
    assert controller.status().allotted == (W + 1 + 5) * 60
    qtbot.keyClick(window.run_panel, Qt.Key.Key_Minus)
    assert controller.status().allotted == (W + 5) * 60
    qtbot.keyClick(window.run_panel, Qt.Key.Key_Space)
    assert controller.status().state is TimerState.PAUSED
    clock.advance(1000)  # paused: nothing moves
    assert controller.status().elapsed == 90
    qtbot.keyClick(window.run_panel, Qt.Key.Key_Space)
    qtbot.keyClick(window.run_panel, Qt.Key.Key_N)
    status = controller.status()
    assert status.current.item.title == GOAL
    assert status.state is TimerState.RUNNING
    qtbot.keyClick(window.run_panel, Qt.Key.Key_Right)
    assert controller.status().current.item.title == COFFEE
    qtbot.keyClick(window.run_panel, Qt.Key.Key_Left)
    qtbot.keyClick(window.run_panel, Qt.Key.Key_P)
    assert controller.status().current.item.title == WELCOME
    assert window.run_panel.presenter.title.text() == WELCOME
    # restart puts the plan back
    qtbot.keyClick(window.run_panel, Qt.Key.Key_R)
    assert controller.status().elapsed == 0
    assert controller.status().allotted == W * 60


def test_overtime_counts_on_in_red(desk, workshop_id, clock, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _run_window(desk, workshop_id, qtbot)
    window.controller.toggle()
    clock.advance(W * 60 + 75)
    window.controller.tick()
    face = window.run_panel.ring.face
    assert face.text == "+01:15"
    assert face.tone == "overtime"
    assert window.run_panel.presenter.ring.face.text == "+01:15"
    assert "over" in window.run_panel.alert_label.text()


def test_alerts_chime_once_and_mute_silences(desk, workshop_id, clock, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _run_window(desk, workshop_id, qtbot)
    controller = window.controller
    alerts: list[Alert] = []
    controller.sig_alert.connect(alerts.append)
    controller.toggle()
    clock.advance((W - 1) * 60 + 1)
    controller.tick()
    controller.tick()
    assert alerts == [Alert.ONE_MINUTE]
    assert controller.chime.played == 1
    qtbot.keyClick(window.run_panel, Qt.Key.Key_M)
    assert controller.chime.muted
    clock.advance(60)
    controller.tick()
    assert alerts == [Alert.ONE_MINUTE, Alert.TIME_UP]  # the visual cue still happens
    assert controller.chime.played == 1  # but no sound
    assert desk.settings.muted


def _block_event_loop(milliseconds: int) -> None:
    """A real stall of the GUI thread (busy, like a slow disk or a swapping laptop)."""
    end = time.monotonic() + milliseconds / 1000
    while time.monotonic() < end:
        pass


def test_stalls_lose_no_time(desk, workshop_id, clock, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The event loop is blocked for 500 ms several times while the clock jumps; QTimer
    timeouts are dropped, yet the countdown shown is exactly what the clock says."""
    window = _run_window(desk, workshop_id, qtbot)
    controller = window.controller
    controller.toggle()
    jumps = [7.25, 1.5, 31.0, 2.75, 12.5]
    shown: list[str] = []

    def stall_then_jump(seconds: float) -> None:
        _block_event_loop(500)
        clock.advance(seconds)

    expected_elapsed = 0.0
    for seconds in jumps:
        QTimer.singleShot(0, lambda s=seconds: stall_then_jump(s))
        expected_elapsed += seconds
        expected = format_clock(W * 60 - expected_elapsed)
        qtbot.waitUntil(lambda e=expected: window.run_panel.ring.face.text == e, timeout=3000)
        shown.append(window.run_panel.ring.face.text)
        assert controller.status().elapsed == expected_elapsed
    assert shown[-1] == format_clock(W * 60 - sum(jumps))


def test_reopening_resumes_a_running_item(desk, workshop_id, clock, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _run_window(desk, workshop_id, qtbot)
    window.controller.toggle()
    clock.advance(40)
    window.controller.next()
    clock.advance(100)
    window.close()
    qtbot.waitUntil(lambda: workshop_id not in desk.windows)
    clock.advance(11 * 60)  # the app was closed (or crashed) for 11 minutes
    again = desk.open_workshop(workshop_id)
    status = again.controller.status()
    assert status.current.item.title == GOAL
    assert status.state is TimerState.RUNNING
    assert status.elapsed == 100 + 11 * 60
    assert again.tabs.currentIndex() == TAB_RUN
    assert again.controller.live.actual_seconds(status.current.item_id) == 760
    welcome = again.workshop.days[0].items[0].id
    assert again.controller.live.actual_seconds(welcome) == 40
