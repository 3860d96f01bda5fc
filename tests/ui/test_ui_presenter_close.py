"""Walkthrough 13, S3: closing a workshop window takes its presenter view off the shared screen
at once (also when a step of closing fails), and Esc in run mode leaves the presenter's full
screen, as the README's key table says ("F | presenter view full screen (Esc leaves it)")."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt

from sprintdesk.ui.workshop.window import TAB_RUN


def _full_screen_presenter(desk, workshop_id, qtbot):  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    window.tabs.setCurrentIndex(TAB_RUN)
    window.controller.toggle()  # counting down
    window.run_panel.toggle_presenter_full_screen()
    presenter = window.run_panel.presenter
    qtbot.waitExposed(presenter)
    qtbot.waitUntil(presenter.isFullScreen)
    return window, presenter


def test_closing_the_workshop_window_takes_the_presenter_off_the_screen(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, presenter = _full_screen_presenter(desk, workshop_id, qtbot)
    window.close()
    assert not presenter.isVisible(), "the presenter view stays on the projector after its window closed"
    qtbot.waitUntil(lambda: not shiboken6.isValid(presenter))


def test_the_presenter_goes_even_when_a_step_of_closing_fails(  # type: ignore[no-untyped-def]
    desk, workshop_id, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, presenter = _full_screen_presenter(desk, workshop_id, qtbot)
    assert window.room is not None

    def broken() -> None:
        raise RuntimeError("the room's server did not stop")

    monkeypatch.setattr(window.room, "shutdown", broken)
    timer = window.controller._timer
    with pytest.raises(RuntimeError):  # said (PySide prints it), never swallowed
        window.closeEvent(_close_event())
    assert not presenter.isVisible(), "a failing step left the presenter view full screen"
    assert not timer.isActive(), "the closed window's countdown keeps ticking"
    monkeypatch.undo()


def _close_event():  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QCloseEvent

    return QCloseEvent()


def test_esc_in_run_mode_leaves_the_presenters_full_screen(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, presenter = _full_screen_presenter(desk, workshop_id, qtbot)
    window.activateWindow()
    window.run_panel.setFocus()
    qtbot.keyClick(window.run_panel, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not presenter.isFullScreen())
    assert presenter.isVisible()  # out of full screen, still there
    window.run_panel.toggle_presenter_full_screen()
    qtbot.waitUntil(presenter.isFullScreen)
    qtbot.keyClick(window.run_panel.toggle_button, Qt.Key.Key_Escape)  # from a button of run mode too
    qtbot.waitUntil(lambda: not presenter.isFullScreen())
