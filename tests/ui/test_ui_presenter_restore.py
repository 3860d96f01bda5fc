"""The presenter view after a crash or a restart during a run: back on its screen, in its mode
(full screen or windowed), from what the settings file says; and F5 switching one screen
(mirrored to the projector) between the presenter view and the working window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from sprintdesk.ui.workshop.window import TAB_BOARDS, TAB_RUN


def _running(desk, workshop_id, qtbot):  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_RUN)
    window.controller.toggle()
    return window


def _relaunch(desk, workshop_id, window, qtbot):  # type: ignore[no-untyped-def]
    """Close the workshop window (its run panel, presenter view and screens go with it) and
    open it again: new window objects, reading the settings."""
    old_presenter = window.run_panel.presenter
    window.close()
    qtbot.waitUntil(lambda: workshop_id not in desk.windows)
    qtbot.waitUntil(lambda: not _alive(old_presenter))
    again = desk.open_workshop(workshop_id)
    assert again is not window and again.run_panel.presenter is not old_presenter
    return again


def _queued_run(window) -> None:  # type: ignore[no-untyped-def]
    """Let the restore the new window queued (a zero-time timer) run, without a fixed wait."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    QApplication.processEvents()


def _alive(widget) -> bool:  # type: ignore[no-untyped-def]
    import shiboken6

    return shiboken6.isValid(widget)


def _stored(tmp_path: Path) -> tuple[str, str, str]:
    """What a process killed right now would leave in the settings file."""
    raw = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return (
        str(raw.value("run/presenter_shown")),
        str(raw.value("run/presenter_full_screen")),
        str(raw.value("run/presenter_screen", "")),
    )


@pytest.mark.parametrize("full_screen", [True, False])
def test_the_presenter_comes_back_on_its_screen_and_in_its_mode(
    desk, workshop_id, qtbot, tmp_path: Path, full_screen: bool
) -> None:  # type: ignore[no-untyped-def]
    window = _running(desk, workshop_id, qtbot)
    window.run_panel.set_presenter_visible(True)
    presenter = window.run_panel.presenter
    qtbot.waitUntil(presenter.isVisible)
    presenter.showFullScreen() if full_screen else presenter.showNormal()
    qtbot.waitUntil(lambda: presenter.isVisible() and presenter.isFullScreen() == full_screen)
    screen_name = presenter.screen().name()
    assert _stored(tmp_path) == ("true", "true" if full_screen else "false", screen_name)
    again = _relaunch(desk, workshop_id, window, qtbot)
    restored = again.run_panel.presenter
    qtbot.waitUntil(restored.isVisible)
    qtbot.waitUntil(lambda: restored.isFullScreen() == full_screen)
    assert restored.screen().name() == screen_name
    assert again.run_panel.presenter_button.isChecked()
    assert again.tabs.currentIndex() == TAB_RUN


def test_full_screen_toggled_later_is_what_comes_back(desk, workshop_id, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _running(desk, workshop_id, qtbot)
    window.run_panel.set_presenter_visible(True)
    presenter = window.run_panel.presenter
    qtbot.waitUntil(presenter.isVisible)
    presenter.showNormal()
    qtbot.waitUntil(lambda: _stored(tmp_path)[:2] == ("true", "false"))
    window.run_panel.toggle_presenter_full_screen()  # F
    qtbot.waitUntil(presenter.isFullScreen)
    qtbot.waitUntil(lambda: _stored(tmp_path)[:2] == ("true", "true"))
    again = _relaunch(desk, workshop_id, window, qtbot)
    qtbot.waitUntil(lambda: again.run_panel.presenter.isFullScreen())


def test_a_presenter_closed_by_hand_or_no_run_stays_closed(desk, workshop_id, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    qtbot.waitExposed(window)
    window.run_panel.set_presenter_visible(True)
    qtbot.waitUntil(window.run_panel.presenter.isVisible)
    again = _relaunch(desk, workshop_id, window, qtbot)  # no run under way: not brought back
    _queued_run(again)
    assert not again.run_panel.presenter.isVisible()
    again.controller.toggle()
    again.run_panel.set_presenter_visible(True)
    qtbot.waitUntil(again.run_panel.presenter.isVisible)
    again.run_panel.presenter.close()  # the facilitator closed it
    qtbot.waitUntil(lambda: _stored(tmp_path)[0] == "false")
    third = _relaunch(desk, workshop_id, again, qtbot)
    _queued_run(third)
    assert not third.run_panel.presenter.isVisible()


def test_f5_switches_one_screen_between_presenter_and_working_window(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_BOARDS)  # from any tab
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    presenter = window.run_panel.presenter
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: presenter.isVisible() and presenter.isFullScreen())
    qtbot.waitUntil(presenter.isActiveWindow)  # in front, and its keys work
    qtbot.keyClick(presenter.windowHandle(), Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not presenter.isVisible())
    qtbot.waitUntil(window.isActiveWindow)
    assert window.tabs.currentIndex() == TAB_BOARDS


def test_another_workshops_run_does_not_bring_it_back(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Shown for one workshop's run, then that window closed; the remembered view belongs to
    that workshop: another workshop's run does not open it (review of issue 12)."""
    from sprintdesk import samples

    window = _running(desk, workshop_id, qtbot)
    window.run_panel.set_presenter_visible(True)
    qtbot.waitUntil(window.run_panel.presenter.isVisible)
    other_id, _ = desk.workshops.add(samples.sample_workshop())
    window.close()
    qtbot.waitUntil(lambda: workshop_id not in desk.windows)
    other = _running(desk, other_id, qtbot)
    other.run_panel.screens.restore(True)  # as a relaunch during its run would
    assert not other.run_panel.presenter.isVisible()
    again = _relaunch(desk, other_id, other, qtbot)
    assert not again.run_panel.presenter.isVisible()
    first = desk.open_workshop(workshop_id)
    first.run_panel.screens.restore(True)  # the first workshop's run: it comes back there
    qtbot.waitUntil(first.run_panel.presenter.isVisible)
