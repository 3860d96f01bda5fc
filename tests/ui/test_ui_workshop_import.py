"""Importing a workshop file in the library window: the work runs on a worker thread, so
the interface keeps its timers going and shows progress; Cancel in the progress dialog
rolls the one transaction back, leaving no row of the workshop; a file over the limit is
refused with a message that names it."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton

from sprintdesk.domain.workshop import Role
from sprintdesk.export.interchange.workshop_file import (
    FileBoard,
    FileNote,
    FileParticipant,
    FileVote,
    FileVoteSession,
    WorkshopFile,
    dump_workshop_file,
)


def big_file(path: Path, notes: int = 20_000, people: int = 200, budget: int = 50) -> Path:
    """About 4 MB: 20,000 notes and 10,000 dots, a few seconds to import."""
    path.write_bytes(
        dump_workshop_file(
            WorkshopFile(
                title="Big wall",
                participants=tuple(
                    FileParticipant(f"p{p}", f"Person {p}", Role.OTHER) for p in range(people)
                ),
                boards=(
                    FileBoard(
                        "b1",
                        "Wall",
                        notes=tuple(FileNote(f"n{i}", f"idea number {i}", x=i * 10.0) for i in range(notes)),
                        vote=FileVoteSession(
                            budget,
                            0,
                            False,
                            True,
                            tuple(
                                FileVote(f"p{p}", f"n{p * budget + d}")
                                for p in range(people)
                                for d in range(budget)
                            ),
                        ),
                    ),
                ),
            )
        )
    )
    return path


def counts(db_path: Path) -> dict[str, int]:
    connection = sqlite3.connect(db_path)
    try:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in names}
    finally:
        connection.close()


def test_a_big_import_keeps_the_interface_running(
    desk, workshop_id, qtbot, tmp_path: Path, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = big_file(tmp_path / "big.json")
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    opened: list[int] = []
    desk.library.sig_open_requested.disconnect()
    desk.library.sig_open_requested.connect(opened.append)
    task = desk.library.import_workshop(str(path))
    assert task.running  # start() returned while the import goes on
    shares: list[float] = []
    task.task.sig_progress.connect(shares.append)
    ticks.clear()
    with qtbot.waitSignal(task.sig_imported, timeout=120_000) as done:
        pass
    timer.stop()
    imported = done.args[0]
    assert len(ticks) >= 10  # the timer kept firing on the interface thread during the import
    assert len(shares) >= 10 and shares == sorted(shares)  # progress went up step by step
    assert opened == [imported.workshop_id]  # and then it opens
    assert counts(db_path)["votes"] == 10_000


def test_cancel_while_storing_leaves_nothing(
    desk, workshop_id, qtbot, tmp_path: Path, db_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The worker is held in the middle of the transaction (rows of the workshop written,
    not committed) until Cancel is clicked: then nothing of it may remain."""
    path = big_file(tmp_path / "big.json")
    before = counts(db_path)
    service = desk.workshop_files
    store = service.store
    held, release = threading.Event(), threading.Event()

    def store_and_hold(content, now=None, progress=None):  # type: ignore[no-untyped-def]
        def hold(share: float) -> None:
            if share > 0.5 and not held.is_set():  # notes are in, the transaction is open
                held.set()
                release.wait(30)
            progress(share)

        return store(content, now, hold)

    monkeypatch.setattr(service, "store", store_and_hold)
    opened: list[int] = []
    desk.library.sig_open_requested.disconnect()
    desk.library.sig_open_requested.connect(opened.append)
    task = desk.library.import_workshop(str(path))
    qtbot.waitUntil(held.is_set, timeout=60_000)
    task.dialog.show()  # on screen by now anyway (it appears after 0.3 s)
    cancel = task.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    with qtbot.waitSignal(task.sig_cancelled, timeout=60_000):
        cancel.click()
        release.set()
    assert counts(db_path) == before
    assert opened == [] and len(desk.workshops.list()) == 1


def test_a_file_over_50_mb_is_refused_with_the_limit(desk, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(61_234_567)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    with qtbot.waitSignal(desk.library.import_workshop(str(path)).sig_failed, timeout=20_000):
        pass
    assert warnings == ["the file is 61.2 MB; workshop files can be at most 50 MB\n\nNothing was imported."]


def test_a_note_file_over_10_mb_is_refused_in_the_board(
    desk, workshop_id, qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from sprintdesk.ui.workshop.window import TAB_BOARDS

    board_id, changes = desk.boards.create(workshop_id, "Wall")
    window = desk.open_workshop(workshop_id)
    window.tabs.setCurrentIndex(TAB_BOARDS)
    desk.hub.publish(changes)
    qtbot.waitUntil(lambda: window.boards.board_actions.board_id == board_id)
    path = tmp_path / "wall.txt"
    with path.open("wb") as handle:
        handle.truncate(12_345_678)  # sparse: never read
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    window.boards.menu.import_file(path)
    assert warnings == [
        "wall.txt: the file is 12.3 MB; note files can be at most 10 MB\n\nNothing was imported."
    ]
    assert not desk.boards.load(board_id).notes
