"""Run mode tells one truth: the counter and the banner round overtime alike, the run
buttons keep their places when Start becomes Pause or Resume, and mute shows two icons."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize
from PySide6.QtWidgets import QToolButton

from sprintdesk import samples
from sprintdesk.domain.timer import TimerState
from sprintdesk.ui.workshop.window import TAB_RUN

W = samples.sample_workshop().days[0].items[0].duration_minutes


def _run_window(desk, workshop_id, qtbot):  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_RUN)
    return window


def test_counter_and_banner_round_overtime_alike(desk, workshop_id, clock, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _run_window(desk, workshop_id, qtbot)
    window.controller.toggle()
    clock.advance(W * 60 + 9.6)
    window.controller.tick()
    panel = window.run_panel
    assert panel.ring.face.text == "+00:09"
    assert panel.alert_label.text() == "Time is up — 00:09 over"
    assert panel.presenter.ring.face.text == "+00:09"
    assert panel.day_elapsed.text() == f"Day elapsed {W}:09"  # elapsed time, rounded the same way


def _places(panel) -> dict[str, tuple[QPoint, QSize]]:  # type: ignore[no-untyped-def]
    """Every visible run button: where it is in the panel and how big."""
    return {
        button.defaultAction().objectName() or str(id(button.defaultAction())): (
            button.mapTo(panel, QPoint(0, 0)),
            button.size(),
        )
        for button in panel.findChildren(QToolButton)
        if button.isVisible() and button.defaultAction() is not None
    }


def test_run_buttons_keep_their_places(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _run_window(desk, workshop_id, qtbot)
    panel, controller = window.run_panel, window.controller
    toggle = panel.toggle_button
    qtbot.waitUntil(lambda: toggle.text() == "Start")
    before = _places(panel)
    assert len(before) >= 8
    seen = []
    for expected in (TimerState.RUNNING, TimerState.PAUSED, TimerState.RUNNING):
        controller.toggle()
        assert controller.status().state is expected
        # the layout has taken the new label in (as on screen) before the places are compared
        qtbot.waitUntil(lambda: toggle.width() >= toggle.sizeHint().width())
        seen.append(toggle.text())
        assert _places(panel) == before, toggle.text()
    assert seen == ["Pause", "Resume", "Pause"]


def test_mute_shows_two_different_icons(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _run_window(desk, workshop_id, qtbot)
    mute = window.controller.actions["mute"]
    mute.setChecked(False)
    sounding = mute.icon().pixmap(QSize(24, 24)).toImage()
    mute.setChecked(True)
    muted = mute.icon().pixmap(QSize(24, 24)).toImage()
    assert not sounding.isNull() and not muted.isNull()
    assert sounding != muted
    assert "unmute" in mute.toolTip().lower()
    mute.setChecked(False)
    assert mute.icon().pixmap(QSize(24, 24)).toImage() == sounding
