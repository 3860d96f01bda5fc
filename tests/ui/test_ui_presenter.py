"""The presenter view: what the room sees, driven from its own keyboard too, and rendered
to PNG (look at them: they are saved under the test's tmp_path)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from sprintdesk.domain.timer import TimerState
from sprintdesk.ui.shared import theme
from sprintdesk.ui.workshop.window import TAB_RUN


def _colour_share(image: QImage, colour: str, tolerance: int = 40) -> float:
    """Share of sampled pixels close to ``colour``."""
    target = QColor(colour)
    hits = total = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            pixel = image.pixelColor(x, y)
            total += 1
            if (
                abs(pixel.red() - target.red()) < tolerance
                and abs(pixel.green() - target.green()) < tolerance
                and abs(pixel.blue() - target.blue()) < tolerance
            ):
                hits += 1
    return hits / total


def _open_presenter(desk, workshop_id, qtbot):  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    window.tabs.setCurrentIndex(TAB_RUN)
    panel = window.run_panel
    panel.set_presenter_visible(True)
    presenter = panel.presenter
    presenter.resize(1280, 720)
    qtbot.waitExposed(presenter)
    return window, presenter


def test_presenter_shows_only_what_the_room_needs(desk, workshop_id, clock, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, presenter = _open_presenter(desk, workshop_id, qtbot)
    window.controller.next()
    window.controller.toggle()
    clock.advance(61)
    window.controller.tick()
    goal = window.workshop.days[0].items[1]  # the sample's long-term goal, 45 minutes
    assert presenter.title.text() == goal.title
    assert presenter.instructions.text() == goal.instructions
    assert presenter.ring.face.text == "43:59"
    assert "Coffee" in presenter.next_up.text()
    assert "Day 1" in presenter.position.text()
    texts = [label.text() for label in (presenter.title, presenter.instructions, presenter.next_up)]
    assert goal.notes.startswith("Push Dana")
    assert all("Push Dana" not in text for text in texts), "private notes must never reach the room"
    assert presenter.title.font().pixelSize() >= 720 // 24 * 1.5  # readable from the back


def test_shortcuts_work_from_the_presenter_window(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, presenter = _open_presenter(desk, workshop_id, qtbot)
    presenter.activateWindow()  # focused by the window manager, not clicked
    qtbot.waitUntil(presenter.isActiveWindow)
    qtbot.waitUntil(presenter.hasFocus)
    handle = presenter.windowHandle()  # keys arrive at the window, as from a keyboard
    qtbot.keyClick(handle, Qt.Key.Key_Space)
    assert window.controller.status().state is TimerState.RUNNING
    qtbot.keyClick(handle, Qt.Key.Key_N)
    assert window.controller.status().current.item == window.workshop.days[0].items[1]
    qtbot.keyClick(presenter, Qt.Key.Key_F)
    qtbot.waitUntil(presenter.isFullScreen)
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not presenter.isFullScreen())


def test_question_mark_lists_the_shortcuts(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_RUN)
    window.activateWindow()
    window.run_panel.setFocus()
    qtbot.waitUntil(window.run_panel.hasFocus)
    assert not window.run_panel.shortcuts.isVisible()
    qtbot.keyClick(window.run_panel, Qt.Key.Key_Question)  # offscreen Qt does not fold Shift in
    assert window.run_panel.shortcuts.isVisible()
    assert window.isActiveWindow()  # nothing modal took over


def test_render_facilitator_and_presenter(desk, workshop_id, clock, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, presenter = _open_presenter(desk, workshop_id, qtbot)
    window.resize(1366, 820)
    goal = window.workshop.days[0].items[1]  # 45 minutes, with the facilitator's own notes
    window.controller.next()
    window.controller.toggle()
    clock.advance(44 * 60 + 20)
    window.controller.tick()
    running = presenter.grab().toImage()
    running.save(str(tmp_path / "presenter_last_minute.png"))
    assert _colour_share(running, theme.colors().warn) > 0.01, "the last minute shows in amber"
    clock.advance(60)
    window.controller.tick()
    over = presenter.grab().toImage()
    over.save(str(tmp_path / "presenter_overtime.png"))
    assert _colour_share(over, theme.colors().late) > 0.01, "overtime shows in red"
    facilitator = window.grab().toImage()
    facilitator.save(str(tmp_path / "facilitator_run.png"))
    assert facilitator.width() >= 1366 and not facilitator.isNull()
    assert window.run_panel.notes.toPlainText() == goal.notes  # private notes stay here


def test_closing_the_presenter_unchecks_its_button(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, presenter = _open_presenter(desk, workshop_id, qtbot)
    assert window.run_panel.presenter_button.isChecked()
    presenter.close()
    qtbot.waitUntil(lambda: not presenter.isVisible())
    assert not window.run_panel.presenter_button.isChecked()
    window.run_panel.presenter_button.click()
    qtbot.waitUntil(presenter.isVisible)


def test_long_texts_never_squeeze_the_countdown(desk, workshop_id, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    window, presenter = _open_presenter(desk, workshop_id, qtbot)
    item = window.workshop.days[0].items[0]
    long_item = dataclasses.replace(
        item,
        title="Long-term goal, sprint questions and the assumptions behind every one of them",
        instructions="\n".join(
            ["Be optimistic: where could checkout be in two years if everything went right?"] * 6
        ),
    )
    desk.hub.publish(desk.agenda.update_item(long_item))
    qtbot.waitUntil(lambda: presenter.title.text().startswith("Long-term goal, sprint"))
    presenter.grab().save(str(tmp_path / "presenter_long_texts.png"))
    assert presenter.ring.height() >= 720 * 0.42
    assert presenter.instructions.height() <= 720 * 0.2 + 1
    assert presenter.instructions.font().pixelSize() < int(720 // 24 * 1.05)  # shrunk to fit


def test_a_failed_write_is_said_without_a_dialog(desk, workshop_id, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    window.tabs.setCurrentIndex(TAB_RUN)

    def locked() -> None:
        raise OSError("database is locked")

    monkeypatch.setattr(window.controller.live, "toggle", locked)
    window.controller.toggle()  # the autouse fixture fails the test on any modal dialog
    assert window.run_panel.banner.isVisible()
    assert "database is locked" in window.run_panel.banner.text()


def test_the_facilitator_window_fits_a_small_laptop(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        hint = window.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 728, (tab, hint)
    assert window.tabs.tabBar().focusPolicy() == Qt.FocusPolicy.NoFocus
