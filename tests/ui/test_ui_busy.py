"""The interface when a service call fails (issue 10): a busy database is waited for in a
dialog that names the program, while the interface keeps running, and can be cancelled; any
failure is said where the person is looking and keeps what they typed; nothing goes to stderr
only.

The wait runs a nested event loop inside the key press, so the test drives it from timers:
a heartbeat shows the interface kept running, a watcher reads the dialog and then lets the
other program finish (or presses Cancel)."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import lock_holder
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton

from sprintdesk.app import APP_BUSY_TIMEOUT_MS, SprintDesk
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, ItemKind, Participant, Role, Workshop
from sprintdesk.services.errors import StorageError
from sprintdesk.storage.database import open_database
from sprintdesk.ui.shared import busy_wait
from sprintdesk.ui.workshop.window import TAB_BOARDS


def _workshop() -> Workshop:
    day = AgendaDay(dt.time(9, 0), "Day 1", (AgendaItem("Silent writing", 10, ItemKind.EXERCISE),))
    return Workshop("Retro", days=(day,), participants=(Participant("Ana", Role.PM),))


@pytest.fixture
def busy_desk(app, db_path: Path, clock, settings) -> Iterator[SprintDesk]:  # type: ignore[no-untyped-def]
    """The desk as the app opens it: a short busy timeout, then the visible wait."""
    desk = SprintDesk(open_database(db_path, busy_timeout_ms=APP_BUSY_TIMEOUT_MS), clock, settings)
    yield desk
    desk.close()
    desk.library.close()


@pytest.fixture
def panel(busy_desk: SprintDesk, qtbot):  # type: ignore[no-untyped-def]
    workshop_id, _ = busy_desk.workshops.add(_workshop())
    board_id, changes = busy_desk.boards.create(workshop_id, "Ideas")
    window = busy_desk.open_workshop(workshop_id)
    assert window is not None
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_BOARDS)
    busy_desk.hub.publish(changes)
    board = window.boards
    qtbot.waitUntil(lambda: board.board_actions.board_id == board_id)
    board.board_id = board_id
    return board


def _stored_texts(desk: SprintDesk, board_id: int) -> list[str]:
    return [note.text for note in desk.boards.load(board_id).notes]


class _Watcher:
    """While the wait dialog is up (for ``WAIT_S``): a 16 ms heartbeat measures how long the
    interface ever went without running; then ``finish`` ends the wait. If no dialog shows
    within 30 s, ``finish`` runs anyway, so a broken wait never hangs the suite."""

    WAIT_S = 1.0

    def __init__(self, finish: Callable[[], None]) -> None:
        self.beats: list[float] = []
        self.label = ""
        self.longest_gap = 0.0
        self.beats_while_waiting = 0
        self._seen_at: float | None = None
        self._finish = finish
        self.heartbeat = QTimer()
        self.heartbeat.timeout.connect(lambda: self.beats.append(time.monotonic()))
        self.heartbeat.start(16)
        self.timer = QTimer()
        self.timer.timeout.connect(self._look)
        self.timer.start(20)
        self.deadline = time.monotonic() + 30

    def _look(self) -> None:
        now = time.monotonic()
        dialog = busy_wait.current_dialog()
        if dialog is None or not dialog.isVisible():
            if now > self.deadline:
                self.stop()
                self._finish()
            return
        if self._seen_at is None:
            self._seen_at = now
            self.label = dialog.labelText()
        elif now - self._seen_at >= self.WAIT_S:
            during = [beat for beat in self.beats if beat >= self._seen_at]
            self.beats_while_waiting = len(during)
            self.longest_gap = max((b - a for a, b in itertools.pairwise(during)), default=now)
            self.stop()
            self._finish()

    def stop(self) -> None:
        self.timer.stop()
        self.heartbeat.stop()


def _press_cancel() -> None:
    dialog = busy_wait.current_dialog()
    assert dialog is not None
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    button.click()


@pytest.mark.slow  # starts another process
def test_a_note_typed_while_another_program_writes_is_saved_once_it_finishes(
    busy_desk, panel, db_path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    with lock_holder.hold(db_path) as other:
        watcher = _Watcher(other.release)
        qtbot.keyClicks(panel.quick, "Faster checkout")
        qtbot.keyClick(panel.quick, Qt.Key.Key_Return)  # returns once saved
    assert f"(process {other.pid}), which is using the database" in watcher.label
    assert watcher.beats_while_waiting >= 20  # a 16 ms heartbeat over a second of waiting
    assert watcher.longest_gap < 0.2, f"the interface stalled {watcher.longest_gap * 1000:.0f} ms"
    assert busy_wait.current_dialog() is None
    assert _stored_texts(busy_desk, panel.board_id) == ["Faster checkout"]
    assert panel.quick.text() == ""
    qtbot.waitUntil(lambda: len(panel.scene.notes) == 1)


@pytest.mark.slow  # starts another process
def test_cancelling_the_wait_keeps_the_typed_note_and_says_it_was_not_saved(
    busy_desk, panel, db_path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    with lock_holder.hold(db_path) as other:
        watcher = _Watcher(_press_cancel)
        qtbot.keyClicks(panel.quick, "Trust badges")
        qtbot.keyClick(panel.quick, Qt.Key.Key_Return)
        assert watcher.label
        assert panel.quick.text() == "Trust badges"  # kept, ready to try again
        assert panel.status.text().startswith("Not saved: you stopped waiting while")
        assert panel.status.text().endswith("was using the database.")
        assert f"(process {other.pid})" in panel.status.text()
    assert _stored_texts(busy_desk, panel.board_id) == []
    qtbot.keyClick(panel.quick, Qt.Key.Key_Return)  # the other program is done: Enter again saves it
    assert _stored_texts(busy_desk, panel.board_id) == ["Trust badges"]
    assert panel.quick.text() == ""


def test_a_storage_failure_keeps_the_typed_note_and_says_why(busy_desk, panel, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def full_disk(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise StorageError("SprintDesk could not use the database: database or disk is full")

    monkeypatch.setattr(busy_desk.boards, "add_notes", full_disk)
    qtbot.keyClicks(panel.quick, "Keep me")
    qtbot.keyClick(panel.quick, Qt.Key.Key_Return)
    assert panel.quick.text() == "Keep me"
    said = panel.status.text()
    assert said == "Not saved: SprintDesk could not use the database: database or disk is full."


def test_an_unexpected_failure_is_said_and_logged_not_swallowed(
    busy_desk, panel, qtbot, monkeypatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(busy_desk.boards, "add_notes", broken)
    with caplog.at_level(logging.ERROR):
        qtbot.keyClicks(panel.quick, "Still here")
        qtbot.keyClick(panel.quick, Qt.Key.Key_Return)
    assert panel.quick.text() == "Still here"
    assert panel.status.text() == "Not saved: unexpected RuntimeError: something nobody expected."
    assert any("RuntimeError" in (record.exc_text or "") for record in caplog.records)


@pytest.mark.slow  # starts another process
def test_run_mode_waits_for_the_database_too(busy_desk, db_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Starting the timer while another program writes: recorded once it has finished."""
    from sprintdesk.services.run import LiveRun

    workshop_id, _ = busy_desk.workshops.add(_workshop())
    window = busy_desk.open_workshop(workshop_id)
    assert window is not None
    qtbot.waitExposed(window)
    controller = window.controller
    with lock_holder.hold(db_path) as other:
        watcher = _Watcher(other.release)
        controller.toggle()
    assert watcher.label
    status = LiveRun(busy_desk.db, workshop_id, busy_desk.clock).status()  # type: ignore[arg-type]
    assert status is not None and status.state.name == "RUNNING"


def test_a_note_edited_in_place_that_is_not_saved_opens_again_with_the_typed_text(
    busy_desk, panel, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    (note_id,), changes = busy_desk.boards.add_notes(panel.board_id, ["Old wording"])
    busy_desk.hub.publish(changes)
    qtbot.waitUntil(lambda: note_id in panel.scene.notes)

    def read_only(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise StorageError("this database is open read-only, so the change was not saved")

    monkeypatch.setattr(busy_desk.boards, "update_notes", read_only)
    panel.view.edit_note(note_id)
    editor = panel.view.editor
    editor.setPlainText("New wording the facilitator typed")
    editor.finish(saved=True)
    assert editor.isVisible() and editor.toPlainText() == "New wording the facilitator typed"
    assert panel.status.text().startswith("Not saved: this database is open read-only")
    assert [n.text for n in busy_desk.boards.load(panel.board_id).notes] == ["Old wording"]


@pytest.mark.slow  # starts another process
def test_a_wait_whose_dialog_goes_away_ends_and_the_next_one_still_waits(
    busy_desk, panel, db_path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """If the dialog is deleted under the wait (its window going away), the wait ends as a
    cancel, with no endless retries on a deleted object, and later waits still work. (The
    dialog is application-modal, so the person cannot close a window during a wait.)"""

    def delete_dialog() -> None:
        dialog = busy_wait.current_dialog()
        assert dialog is not None
        dialog.deleteLater()

    with lock_holder.hold(db_path):
        watcher = _Watcher(delete_dialog)
        qtbot.keyClicks(panel.quick, "Kept in the box")
        qtbot.keyClick(panel.quick, Qt.Key.Key_Return)
        assert watcher.label
        assert not busy_wait.is_waiting() and busy_wait.current_dialog() is None
        assert panel.quick.text() == "Kept in the box"
        assert panel.status.text().startswith("Not saved: you stopped waiting")
    with lock_holder.hold(db_path) as again:
        second = _Watcher(again.release)
        qtbot.keyClick(panel.quick, Qt.Key.Key_Return)
    assert second.label
    assert _stored_texts(busy_desk, panel.board_id) == ["Kept in the box"]
    assert panel.status.text() == ""  # the "Not saved" is gone once it was saved


@pytest.mark.slow  # starts another process
def test_the_wait_is_modal_for_every_window(busy_desk, panel, db_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """So the library's Restore or New workshop cannot run in the middle of a wait."""
    modality: list[object] = []

    def look_then_release() -> None:
        dialog = busy_wait.current_dialog()
        modality.append(dialog.windowModality() if dialog else None)
        other.release()

    with lock_holder.hold(db_path) as other:
        _keep = _Watcher(look_then_release)
        qtbot.keyClicks(panel.quick, "Modal")
        qtbot.keyClick(panel.quick, Qt.Key.Key_Return)
    assert modality == [Qt.WindowModality.ApplicationModal]
    assert _stored_texts(busy_desk, panel.board_id) == ["Modal"]
