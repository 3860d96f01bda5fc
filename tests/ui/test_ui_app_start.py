"""Starting the app for real, each in its own process (a finished ``app.exec()`` would leave
the shared test QApplication unable to activate windows): the library appears before the
database is opened, then lists it; a bad file gets a dialog and is left alone."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

DRIVER = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from sprintdesk.app import SprintDesk
    from sprintdesk.cli import main

    from sprintdesk.ui.library import open_problem

    seen = {"dialogs": []}
    QMessageBox.critical = lambda _p, title, text: seen["dialogs"].append([title, text])

    def what_to_do(_parent, problem, latest, retry=False):
        seen["dialogs"].append(["cannot open", problem, latest])
        seen["retry_offered"] = retry
        return open_problem.RESTORE if latest and "--restore" in sys.argv else open_problem.QUIT

    open_problem.ask_what_to_do = what_to_do

    def answer_the_wait():
        from PySide6.QtWidgets import QPushButton
        from sprintdesk.ui.shared import busy_wait

        dialog = busy_wait.current_dialog()
        if dialog is not None and dialog.isVisible():
            seen["waited"] = dialog.labelText()
            if "--cancel-wait" in sys.argv:
                dialog.findChild(QPushButton).click()
                return
            print("waiting", flush=True)  # the test lets the other program finish
            sys.stdin.readline()
            return
        QTimer.singleShot(20, answer_the_wait)

    if "--wait" in sys.argv:
        QTimer.singleShot(0, answer_the_wait)
    original_show = SprintDesk.show_library

    def show_library(self):
        original_show(self)
        seen["visible_before_db"] = self.library.isVisible() and self.db is None

        def check():
            if self.db is None:
                QTimer.singleShot(10, check)
                return
            seen["titles"] = [s.title for s in self.library.summaries]
            QApplication.quit()

        QTimer.singleShot(0, check)

    SprintDesk.show_library = show_library
    seen["code"] = main(["--db", sys.argv[1]])
    print(json.dumps(seen))
    """
)


def _start(db: Path, *extra: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, str(db), *extra], capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # starts another process
def test_bad_database_gets_a_dialog_and_is_not_touched(tmp_path: Path) -> None:
    target = tmp_path / "slides.sqlite3"
    target.write_bytes(b"PK\x03\x04 not a database at all" * 50)
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    seen = _start(target)
    assert seen["code"] == 1
    dialogs = seen["dialogs"]
    assert isinstance(dialogs, list) and len(dialogs) == 1
    assert "not a SQLite database" in dialogs[0][1]
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slides.sqlite3"]


@pytest.mark.slow  # starts another process
def test_start_shows_library_then_lists_workshops(tmp_path: Path) -> None:
    from sprintdesk.services.workshops import WorkshopService
    from sprintdesk.storage.database import open_database

    target = tmp_path / "w.sqlite3"
    db = open_database(target)
    WorkshopService(db).create("Decision jam")
    db.close()
    seen = _start(target)
    assert seen["code"] == 0
    assert seen["visible_before_db"] is True
    assert seen["titles"] == ["Decision jam"]
    assert seen["dialogs"] == []


@pytest.mark.slow  # starts another process
def test_missing_sound_library_does_not_stop_the_app() -> None:
    """QtMultimedia is only imported when a chime plays, and its failure falls back to a beep."""
    code = (
        "import sys, sprintdesk.app, sprintdesk.ui.workshop.window;"
        "assert 'PySide6.QtMultimedia' not in sys.modules;"
        "from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "from sprintdesk.ui.run.chime import Chime; c = Chime(); c.play();"
        "print(c.backend)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in ("beep", "QSoundEffect")


@pytest.mark.slow  # starts another process
def test_a_damaged_database_can_be_restored_from_its_latest_backup(tmp_path: Path) -> None:
    from sprintdesk.services.workshops import WorkshopService
    from sprintdesk.storage.database import open_database

    target = tmp_path / "w.sqlite3"
    db = open_database(target)
    WorkshopService(db).create("Before the damage")
    db.backup_now("test", raise_errors=True)
    db.close()
    import sqlite3

    with sqlite3.connect(target) as connection:  # everything into the main file, then damage it
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    data = bytearray(target.read_bytes())
    data[100:8192] = b"\xff" * (8192 - 100)  # clobber the schema pages
    target.write_bytes(bytes(data))
    declined = _start(target)
    assert declined["code"] == 1 and "damaged" in str(declined["dialogs"]).lower()
    assert target.read_bytes() == bytes(data), "nothing changes without consent"
    restored = _start(target, "--restore")
    assert restored["code"] == 0, restored
    assert restored["titles"] == ["Before the damage"]


@pytest.mark.slow  # starts another process
def test_the_app_uses_fusion_even_when_the_desktop_asks_for_another_style() -> None:
    """Fusion comes from the app's own command line (``-style fusion``), so asking Python for
    the style at start-up is not needed; a desktop's QT_STYLE_OVERRIDE must not win over it."""
    code = (
        "from sprintdesk.app import make_qapplication; app = make_qapplication();"
        "assert app.styleSheet(); app.setStyleSheet('');"  # the themed sheet wraps the base style
        "print(app.style().name())"
    )
    env = {**os.environ, "QT_STYLE_OVERRIDE": "windows", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "fusion"


def _busy_rollback_database(target: Path) -> None:
    """A database with a backup, in rollback-journal mode, where another program's exclusive
    lock keeps even readers out."""
    import sqlite3

    from sprintdesk.services.workshops import WorkshopService
    from sprintdesk.storage.database import open_database

    db = open_database(target)
    WorkshopService(db).create("In use elsewhere")
    db.backup_now("test", raise_errors=True)
    db.close()
    connection = sqlite3.connect(target)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()


@pytest.mark.slow  # starts another process
def test_a_database_another_program_writes_is_waited_for_never_called_damaged(tmp_path: Path) -> None:
    import lock_holder

    target = tmp_path / "w.sqlite3"
    _busy_rollback_database(target)
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    with lock_holder.hold(target, "EXCLUSIVE") as other:
        seen = _start(target, "--wait", "--cancel-wait")
    assert f"(process {other.pid}), which is using the database" in str(seen["waited"])
    assert "will open the database" in str(seen["waited"])
    assert seen["code"] == 1
    dialogs = seen["dialogs"]
    assert isinstance(dialogs, list) and len(dialogs) == 1
    _title, problem, latest = dialogs[0]
    assert latest is None, "a busy database must never lead to a restore offer"
    assert seen["retry_offered"] is True
    assert "in use" in problem and "damaged" not in problem.lower()
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before


@pytest.mark.slow  # starts another process
def test_the_app_opens_once_the_other_program_has_finished(tmp_path: Path) -> None:
    import lock_holder

    target = tmp_path / "w.sqlite3"
    _busy_rollback_database(target)
    with lock_holder.hold(target, "EXCLUSIVE") as other:
        app = subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(target), "--wait"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert app.stdout is not None and app.stdin is not None
        assert app.stdout.readline().strip() == "waiting"
        other.release()
        app.stdin.write("\n")
        app.stdin.flush()
        out, err = app.communicate(timeout=120)
    assert "Traceback" not in err, err
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen["code"] == 0 and seen["dialogs"] == []
    assert seen["titles"] == ["In use elsewhere"]
