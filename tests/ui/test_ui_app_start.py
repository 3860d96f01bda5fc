"""Starting the app for real: the library appears, then the database fills it; a bad file
gets a dialog and is left alone."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from sprintdesk.app import SprintDesk, run_app


def test_bad_database_gets_a_dialog_and_is_not_touched(app, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "slides.sqlite3"
    target.write_bytes(b"PK\x03\x04 not a database at all" * 50)
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text: shown.append((title, text)))
    assert run_app(str(target)) == 1
    assert shown and "not a SQLite database" in shown[0][1]
    assert "Nothing was changed" in shown[0][1]
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slides.sqlite3"]


def test_start_shows_library_then_lists_workshops(app, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sprintdesk.services.workshops import WorkshopService
    from sprintdesk.storage.database import open_database

    target = tmp_path / "w.sqlite3"
    db = open_database(target)
    WorkshopService(db).create("Decision jam")
    db.close()
    seen: dict[str, object] = {}
    original_show = SprintDesk.show_library

    def show_library(self: SprintDesk) -> None:
        original_show(self)
        seen["visible_before_db"] = self.library.isVisible() and self.db is None

        def check() -> None:
            if self.db is None:
                QTimer.singleShot(10, check)
                return
            seen["titles"] = [s.title for s in self.library.summaries]
            QApplication.quit()

        QTimer.singleShot(0, check)

    monkeypatch.setattr(SprintDesk, "show_library", show_library)
    assert run_app(str(target)) == 0
    assert seen["visible_before_db"] is True
    assert seen["titles"] == ["Decision jam"]


def test_missing_sound_library_does_not_stop_the_app() -> None:
    """QtMultimedia is only imported when a chime plays, and its failure falls back to a beep."""
    import subprocess
    import sys

    code = (
        "import sys, sprintdesk.app, sprintdesk.ui.workshop_window;"
        "assert 'PySide6.QtMultimedia' not in sys.modules;"
        "from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "from sprintdesk.ui.chime import Chime; c = Chime(); c.play();"
        "print(c.backend)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in ("beep", "QSoundEffect")
