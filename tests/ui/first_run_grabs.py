"""The first run and the sample workshop, grabbed for docs/user-guide.md: a new database's
empty library (the three ways in), then "Open a sample workshop" pressed and the sample's
board, outcomes and follow-up. Run in a child process with the offscreen platform by
docs/make_screenshots.py and by tests/ui/test_ui_first_run.py (which checks the grabs).

python tests/ui/first_run_grabs.py <folder for the grabs> <folder for the database>
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QWidget

from sprintdesk.app import SprintDesk, make_qapplication
from sprintdesk.domain.clock import FakeClock
from sprintdesk.storage.database import open_database
from sprintdesk.ui.shared.settings import AppSettings
from sprintdesk.ui.shared.theme import apply_theme
from sprintdesk.ui.workshop.window import TAB_BOARDS, TAB_OUTCOMES

SIZE = (1366, 768)  # the laptop screen of the rehearsal's grabs
NAMES = ("first-run", "sample-board", "sample-outcomes", "sample-follow-up")


def _save(widget: QWidget, folder: Path, name: str) -> None:
    for _ in range(3):  # layouts settle over a few passes
        QApplication.processEvents()
    if not widget.grab().toImage().save(str(folder / f"{name}.png")):
        raise OSError(f"could not write {folder / name}.png")


def main(grabs: Path, work: Path) -> int:
    QStandardPaths.setTestModeEnabled(True)
    grabs.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    app = make_qapplication()
    apply_theme(app)
    settings = AppSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    clock = FakeClock(dt.datetime(2026, 12, 7, 8, 30, tzinfo=dt.UTC))
    desk = SprintDesk(open_database(work / "sprintdesk.sqlite3"), clock, settings)
    library = desk.library
    library.resize(*SIZE)
    library.show()
    _save(library, grabs, "first-run")

    library.empty.buttons["sample"].click()
    window = next(iter(desk.windows.values()), None)
    if window is None:
        print("first_run_grabs: error: the sample workshop did not open", file=sys.stderr)
        return 1
    window.resize(*SIZE)
    window.tabs.setCurrentIndex(TAB_BOARDS)
    QApplication.processEvents()
    window.boards.view.fit_all()
    _save(window, grabs, "sample-board")
    window.tabs.setCurrentIndex(TAB_OUTCOMES)
    _save(window, grabs, "sample-outcomes")

    follow_id = desk.series.follower(window.workshop_id)
    follow = desk.open_workshop(follow_id) if follow_id is not None else None
    if follow is None:
        print("first_run_grabs: error: the sample has no follow-up", file=sys.stderr)
        return 1
    follow.resize(*SIZE)
    follow.tabs.setCurrentIndex(TAB_OUTCOMES)  # "open from last time"
    _save(follow, grabs, "sample-follow-up")
    desk.close()
    print("grabbed", ", ".join(NAMES))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
